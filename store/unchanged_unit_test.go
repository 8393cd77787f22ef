package store

import (
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// unchangedEvent decides which event rows a write may leave out; it must
// never call a row unchanged that the event statement would change. These
// cases need no database.
func TestUnchangedEvent(t *testing.T) {
	may16 := neo4j.DateOf(time.Date(2025, 5, 16, 0, 0, 0, 0, time.UTC))
	may17 := neo4j.DateOf(time.Date(2025, 5, 17, 0, 0, 0, 0, time.UTC))
	earlier, later := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	stored := func() hit {
		return hit{
			"props": map[string]any{"title": "Talks", "kind": "CONSULT", "startDate": may16, "figureLabels": []any{"killed"},
				"figureValues": []any{3.0}},
			"places": []any{"istanbul"}, "topics": []any{"talks", "war"},
			"cites": []any{
				map[string]any{"sourceId": "s1", "props": map[string]any{"quote": "q1", "startDate": may16, "claimedAt": earlier,
					"figureLabels": []any{"killed"}, "figureValues": []any{3.0}}},
				map[string]any{"sourceId": "s2", "props": map[string]any{"quote": "q2", "startDate": may17, "claimedAt": later}},
			},
		}
	}
	// row is a replayed row citing s1 as the lookup found it; change
	// alters it before claimRows splits what its citation states from the
	// rest, as apply does.
	row := func(change func(r map[string]any)) map[string]any {
		r := map[string]any{"id": "e", "p": map[string]any{"title": "Talks", "kind": "CONSULT", "startDate": may16,
			"figureLabels": []string{"killed"}, "figureValues": []float64{3}},
			"locationId": "istanbul", "topicIds": []string{"war"},
			"cites":        []any{map[string]any{"sourceId": "s1", "quote": "q1"}},
			"participants": []any{map[string]any{"actorId": "a", "set": nil}},
		}
		if change != nil {
			change(r)
		}
		claimRows([]any{r})
		return r
	}
	cases := []struct {
		name string
		row  map[string]any
		want bool
	}{
		{"a replay of what is stored", row(nil), true},
		{"a property that differs", row(func(r map[string]any) { r["p"].(map[string]any)["title"] = "Other talks" }), false},
		{"a property to clear", row(func(r map[string]any) { r["p"].(map[string]any)["summary"] = nil }), true},
		{"another place", row(func(r map[string]any) { r["locationId"] = "ankara" }), false},
		{"a topic the event lacks", row(func(r map[string]any) { r["topicIds"] = []string{"peace"} }), false},
		{"a citation not held", row(func(r map[string]any) {
			r["cites"] = []any{map[string]any{"sourceId": "s1", "quote": "another quote"}}
		}), false},
		{"a citation that states another date", row(func(r map[string]any) { r["p"].(map[string]any)["startDate"] = may17 }), false},
		{"a participation to write", row(func(r map[string]any) {
			r["participants"] = []any{map[string]any{"actorId": "a", "set": map[string]any{"kind": "HOST"}}}
		}), false},
		{"a list holding null", row(func(r map[string]any) { r["p"].(map[string]any)["externalIds"] = []any{nil} }), false},
		{"an int and a float are not taken for equal", row(func(r map[string]any) {
			r["p"].(map[string]any)["figureValues"] = []int{3}
		}), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := unchangedEvent(tc.row, stored()); got != tc.want {
				t.Errorf("unchangedEvent = %v, want %v", got, tc.want)
			}
		})
	}
	// The row's own values count when its one citation is the latest:
	// a corrected figure from the source that last stated one.
	latest := row(func(r map[string]any) {
		r["cites"] = []any{map[string]any{"sourceId": "s2", "quote": "q2"}}
		p := r["p"].(map[string]any)
		p["startDate"] = may17
		delete(p, "figureLabels")
		delete(p, "figureValues")
	})
	if unchangedEvent(latest, stored()) {
		t.Error("a row whose one citation is the latest, giving a start date the event lacks, counted unchanged")
	}
}
