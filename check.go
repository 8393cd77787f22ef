package eventgraph

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Check holds the rules that the values of an input obey, whoever checks
// them, each once with its message: a field that must not be blank, an
// enum, a country code, coordinates, the order of two dates, a figure, an
// external id, an id given or referred to. A Check collects every problem
// of one input, so that a batch hears of all its bad items at once; the
// store walks each item's fields through these rules (store/check.go)
// before it generates ids, resolves references and encodes rows.
type Check struct {
	Problems InputErrors
}

// Fail records a problem at path.
func (c *Check) Fail(path, format string, args ...any) {
	c.Problems = append(c.Problems, InputError(path, format, args...))
}

// OK is true when nothing has failed.
func (c *Check) OK() bool { return len(c.Problems) == 0 }

// Required: field of the item at path must not be blank.
func (c *Check) Required(path, field, v string) {
	if strings.TrimSpace(v) == "" {
		c.Fail(path+"."+field, "%s must not be blank", field)
	}
}

// Enum: v, the value of field, must be one of its enum's.
func (c *Check) Enum(path, field string, valid bool, v any) {
	if !valid {
		c.Fail(path+"."+field, "%q is not a valid %s", fmt.Sprint(v), field)
	}
}

var countryCodePattern = regexp.MustCompile(`^[A-Z]{3}$`)

// CountryCode: a country code, when given, is ISO 3166-1 alpha-3.
func (c *Check) CountryCode(path string, cc *string) {
	if cc != nil && !countryCodePattern.MatchString(*cc) {
		c.Fail(path+".countryCode", "countryCode must be three upper-case letters (ISO 3166-1 alpha-3), not %q", *cc)
	}
}

// Coordinates: a latitude and a longitude, when given, lie on the globe.
func (c *Check) Coordinates(path string, lat, lon *float64) {
	if lat != nil {
		if v := *lat; !(v >= -90 && v <= 90) {
			c.Fail(path+".latitude", "latitude must be between -90 and 90, not %v", v)
		}
	}
	if lon != nil {
		if v := *lon; !(v >= -180 && v <= 180) {
			c.Fail(path+".longitude", "longitude must be between -180 and 180, not %v", v)
		}
	}
}

// DateOrder: to, when both are given, is not before from.
func (c *Check) DateOrder(path, fromField, toField string, from, to *Date) {
	if from != nil && to != nil && to.Time().Before(from.Time()) {
		c.Fail(path+"."+toField, "%s %s is before %s %s", toField, to, fromField, from)
	}
}

// NoBlanks: a list of strings holds no blank one.
func (c *Check) NoBlanks(path, field string, vs []string) {
	for i, v := range vs {
		if strings.TrimSpace(v) == "" {
			c.Fail(fmt.Sprintf("%s.%s[%d]", path, field, i), "%s must not hold blank strings", field)
		}
	}
}

// Figure: a figure at path has a label and a finite value.
func (c *Check) Figure(path, label string, value float64) {
	if strings.TrimSpace(label) == "" {
		c.Fail(path+".label", "a figure's label must not be blank")
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		c.Fail(path+".value", "a figure's value must be a finite number")
	}
}

// ExternalID: an id in another system at path names the system (without
// the ':' that joins the two where they are stored) and the id.
func (c *Check) ExternalID(path, system, id string) {
	if strings.TrimSpace(system) == "" || strings.Contains(system, ":") {
		c.Fail(path+".system", "system must be a non-blank name without ':' (GDELT, ACLED)")
	}
	if strings.TrimSpace(id) == "" {
		c.Fail(path+".id", "id must not be blank")
	}
}

// NotNull: an item of a list, of the kind what, is not null.
func (c *Check) NotNull(path, what string, isNil bool) bool {
	if isNil {
		c.Fail(path, "%s must not be null", what)
	}
	return !isNil
}

// GivenID: an item's own id, when given, is a valid id.
func (c *Check) GivenID(path, id string) bool {
	if !ValidID(id) {
		c.Fail(path, "%q is not a valid id: use lower-case letters and digits in words joined by single hyphens, at most %d characters", id, MaxIDLength)
		return false
	}
	return true
}

// GeneratedID: an id generated from the item's what (name, title) is
// valid, or the item must give one.
func (c *Check) GeneratedID(path, id, what string) bool {
	if !ValidID(id) {
		c.Fail(path, "no id can be generated from the %s: give an id", what)
		return false
	}
	return true
}

// Ref: a reference to another node is a valid id.
func (c *Check) Ref(path, id string) bool {
	if ValidID(id) {
		return true
	}
	if strings.TrimSpace(id) == "" {
		c.Fail(path, "an id is required here")
	} else {
		c.Fail(path, "%q is not a valid id", id)
	}
	return false
}
