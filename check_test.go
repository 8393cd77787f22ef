package eventgraph

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// The rules of input values, no database: each rule's path and message,
// and nothing said of a good value.
func TestCheck(t *testing.T) {
	s := func(v string) *string { return &v }
	f := func(v float64) *float64 { return &v }
	d := func(v string) *Date {
		x, err := ParseDate(v)
		if err != nil {
			t.Fatal(err)
		}
		return &x
	}
	tests := []struct {
		name string
		run  func(c *Check)
		want []string // "path: message"
	}{
		{"required", func(c *Check) { c.Required("input.actors[0]", "name", " \t") },
			[]string{"input.actors[0].name: name must not be blank"}},
		{"required, given", func(c *Check) { c.Required("input", "name", "Putin") }, nil},
		{"enum", func(c *Check) { c.Enum("input", "kind", false, "ALIEN") }, []string{`input.kind: "ALIEN" is not a valid kind`}},
		{"enum, valid", func(c *Check) { c.Enum("input", "kind", true, "STATE") }, nil},
		{"country code", func(c *Check) { c.CountryCode("input", s("ua")) },
			[]string{`input.countryCode: countryCode must be three upper-case letters (ISO 3166-1 alpha-3), not "ua"`}},
		{"country code, good or none", func(c *Check) { c.CountryCode("input", s("UKR")); c.CountryCode("input", nil) }, nil},
		{"coordinates", func(c *Check) { c.Coordinates("input", f(91), f(math.NaN())) }, []string{
			"input.latitude: latitude must be between -90 and 90, not 91",
			"input.longitude: longitude must be between -180 and 180, not NaN"}},
		{"coordinates, on the globe", func(c *Check) { c.Coordinates("input", f(-90), f(180)); c.Coordinates("input", nil, nil) }, nil},
		{"date order", func(c *Check) { c.DateOrder("input", "validFrom", "validTo", d("2025-02-01"), d("2025-01-31")) },
			[]string{"input.validTo: validTo 2025-01-31 is before validFrom 2025-02-01"}},
		{"date order, same day or one missing", func(c *Check) {
			c.DateOrder("input", "a", "b", d("2025-02-01"), d("2025-02-01"))
			c.DateOrder("input", "a", "b", nil, d("2025-02-01"))
		}, nil},
		{"no blanks", func(c *Check) { c.NoBlanks("input", "aliases", []string{"a", "", "b", " "}) }, []string{
			"input.aliases[1]: aliases must not hold blank strings", "input.aliases[3]: aliases must not hold blank strings"}},
		{"figure", func(c *Check) { c.Figure("input.figures[0]", "", math.Inf(1)) }, []string{
			"input.figures[0].label: a figure's label must not be blank", "input.figures[0].value: a figure's value must be a finite number"}},
		{"external id", func(c *Check) { c.ExternalID("input.externalIds[0]", "GNS:x", " ") }, []string{
			"input.externalIds[0].system: system must be a non-blank name without ':' (GDELT, ACLED)",
			"input.externalIds[0].id: id must not be blank"}},
		{"external id, good", func(c *Check) { c.ExternalID("input", "GNS", "-1044367") }, nil},
		{"not null", func(c *Check) {
			if c.NotNull("input.actors[2]", "an actor", true) {
				t.Error("NotNull of a null is true")
			}
		}, []string{"input.actors[2]: an actor must not be null"}},
		{"given id", func(c *Check) { c.GivenID("input.id", "Not An Id") }, []string{
			`input.id: "Not An Id" is not a valid id: use lower-case letters and digits in words joined by single hyphens, at most ` +
				fmt.Sprint(LimitID.Max) + ` characters`}},
		{"generated id", func(c *Check) { c.GeneratedID("input.id", "", "name") }, []string{"input.id: no id can be generated from the name: give an id"}},
		{"reference", func(c *Check) { c.Ref("input.actorId", ""); c.Ref("input.withId", "X Y") }, []string{
			"input.actorId: an id is required here", `input.withId: "X Y" is not a valid id`}},
		{"reference, good", func(c *Check) {
			if !c.Ref("input.actorId", "vladimir-putin") {
				t.Error("a valid reference is refused")
			}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Check
			tt.run(&c)
			var got []string
			for _, e := range c.Problems {
				if e.Code != CodeBadUserInput {
					t.Errorf("%s: code %s", e.Path, e.Code)
				}
				got = append(got, e.Path+": "+e.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if c.OK() != (len(tt.want) == 0) {
				t.Errorf("OK() = %v with %d problems", c.OK(), len(got))
			}
		})
	}
}
