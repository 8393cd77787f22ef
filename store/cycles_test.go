package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// ev is an event input with id, parent (or "") and consequences.
func ev(id, parent string, ledTo ...string) *model.EventInput {
	e := &model.EventInput{ID: sp(id), Title: "Event " + id, Kind: model.EventKindConsult, LedToIds: ledTo}
	if parent != "" {
		e.ParentID = sp(parent)
	}
	return e
}

func loc(id, parent string) *model.LocationInput {
	l := &model.LocationInput{ID: sp(id), Name: "Place " + id, Kind: model.LocationKindRegion}
	if parent != "" {
		l.ParentID = sp(parent)
	}
	return l
}

// TestLoopsRefused runs the loop check as ingest does, from prepare to
// resolve, with the graph's answer given: no database. want maps the path of
// every error to what its message must hold; no other error may come.
func TestLoopsRefused(t *testing.T) {
	chain := func(n int) []*model.EventInput {
		var es []*model.EventInput
		for i := 0; i < n; i++ {
			es = append(es, ev(fmt.Sprintf("e%d", i), fmt.Sprintf("e%d", (i+1)%n)))
		}
		return es
	}
	cases := []struct {
		name string
		in   model.IngestInput
		// graph is the stored edges lookupHierarchy would answer, by
		// relationship type then source; nodes are the ids the graph has.
		graph map[string]map[string][]stored
		nodes map[string][]string
		want  map[string][]string
	}{
		{name: "a tree without loops",
			in: model.IngestInput{Events: []*model.EventInput{ev("a", ""), ev("b", "a"), ev("c", "a"), ev("d", "b")}}},
		{name: "two events each the other's parent",
			in:   model.IngestInput{Events: []*model.EventInput{ev("a", "b"), ev("b", "a")}},
			want: map[string][]string{"input.events[1].parentId": {`event "b" part of itself`, "(b → a → b)"}}},
		{name: "three events in a ring, listed out of order",
			in:   model.IngestInput{Events: []*model.EventInput{ev("c", "a"), ev("a", "b"), ev("b", "c")}},
			want: map[string][]string{"input.events[2].parentId": {"(b → c → a → b)"}}},
		{name: "a parent the graph already places below",
			in:    model.IngestInput{Events: []*model.EventInput{ev("top", "leaf")}},
			nodes: map[string][]string{lEvent: {"leaf"}},
			graph: map[string]map[string][]stored{"PART_OF": {"leaf": {{"mid", true}}, "mid": {{"top", true}}}},
			want:  map[string][]string{"input.events[0].parentId": {`"top" part of itself`, "(top → leaf → mid → top)"}}},
		{name: "a subtree moved under its descendant, which moves away",
			// stored: leaf → top; the batch makes top → leaf and leaf → other
			in:    model.IngestInput{Events: []*model.EventInput{ev("top", "leaf"), ev("leaf", "other"), ev("other", "")}},
			graph: map[string]map[string][]stored{"PART_OF": {"leaf": {{"top", true}}}}},
		{name: "a stored parent replaced so that a ring closes",
			// stored: c → a; the batch makes a → b, b → c
			in:    model.IngestInput{Events: []*model.EventInput{ev("a", "b"), ev("b", "c")}},
			nodes: map[string][]string{lEvent: {"c"}},
			graph: map[string]map[string][]stored{"PART_OF": {"c": {{"a", true}}}},
			want:  map[string][]string{"input.events[1].parentId": {"(b → c → a → b)"}}},
		{name: "a loop the graph already holds is not the batch's",
			in:    model.IngestInput{Events: []*model.EventInput{ev("new", "x")}},
			nodes: map[string][]string{lEvent: {"x"}},
			graph: map[string]map[string][]stored{"PART_OF": {"x": {{"y", true}}, "y": {{"x", true}}}}},
		{name: "a long ring shows its ends",
			in: model.IngestInput{Events: chain(30)},
			want: map[string][]string{"input.events[29].parentId": {
				`event "e29" part of itself`, "(e29 → e0 → e1 → e2 → e3 → (21 more) → e25 → e26 → e27 → e28 → e29)"}}},
		{name: "locations in a ring",
			in:   model.IngestInput{Locations: []*model.LocationInput{loc("city", "region"), loc("region", "country"), loc("country", "city")}},
			want: map[string][]string{"input.locations[2].parentId": {`location "country" lie within itself`, "(country → city → region → country)"}}},
		{name: "a location inside a place the graph has inside it",
			in:    model.IngestInput{Locations: []*model.LocationInput{loc("country", "city")}},
			nodes: map[string][]string{lLocation: {"city"}},
			graph: map[string]map[string][]stored{"LOCATED_IN": {"city": {{"country", true}}}},
			want:  map[string][]string{"input.locations[0].parentId": {"(country → city → country)"}}},
		{name: "consequences that fork and join",
			in: model.IngestInput{Events: []*model.EventInput{ev("a", "", "b", "c"), ev("b", "", "d"), ev("c", "", "d"), ev("d", "")}}},
		{name: "the same consequence twice",
			in: model.IngestInput{Events: []*model.EventInput{ev("a", "", "b", "b"), ev("b", "")}}},
		{name: "consequences in a ring",
			in:   model.IngestInput{Events: []*model.EventInput{ev("a", "", "b"), ev("b", "", "c"), ev("c", "", "a")}},
			want: map[string][]string{"input.events[2].ledToIds[0]": {`event "c" lead to itself`, "(c → a → b → c)"}}},
		{name: "a consequence that already leads back, through the graph",
			in:    model.IngestInput{Events: []*model.EventInput{ev("cause", "", "effect")}},
			nodes: map[string][]string{lEvent: {"effect"}},
			graph: map[string]map[string][]stored{"LED_TO": {"effect": {{"cause", false}}}},
			want:  map[string][]string{"input.events[0].ledToIds[0]": {"(cause → effect → … → cause;", "already links"}}},
		{name: "a consequence that leads back directly",
			in:    model.IngestInput{Events: []*model.EventInput{ev("cause", "", "effect")}},
			nodes: map[string][]string{lEvent: {"effect"}},
			graph: map[string]map[string][]stored{"LED_TO": {"effect": {{"cause", true}}}},
			want:  map[string][]string{"input.events[0].ledToIds[0]": {"(cause → effect → cause)"}}},
		{name: "two rings, both reported",
			in: model.IngestInput{Events: []*model.EventInput{ev("a", "", "b"), ev("b", "", "a"), ev("x", "", "y"), ev("y", "", "x")}},
			want: map[string][]string{
				"input.events[1].ledToIds[0]": {"(b → a → b)"},
				"input.events[3].ledToIds[0]": {"(y → x → y)"}}},
		{name: "two rings through one event, both reported",
			in: model.IngestInput{Events: []*model.EventInput{ev("a", "", "b"), ev("b", "", "a", "c"), ev("c", "", "b")}},
			want: map[string][]string{
				"input.events[2].ledToIds[0]": {"(c → b → c)"},
				"input.events[1].ledToIds[0]": {"(b → a → b)"}}},
		{name: "a consequence and a parent in opposite directions are no loop",
			// PART_OF and LED_TO are different hierarchies
			in: model.IngestInput{Events: []*model.EventInput{ev("a", "b"), ev("b", "", "a")}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := prepare(tc.in, paths{})
			if err != nil {
				t.Fatal(err)
			}
			if len(b.errs) > 0 {
				t.Fatalf("prepare: %v", b.errs)
			}
			f := found{ids: map[string]map[string]bool{}, hierarchy: tc.graph}
			for l, ids := range tc.nodes {
				f.ids[l] = map[string]bool{}
				for _, id := range ids {
					f.ids[l][id] = true
				}
			}
			err = b.resolve(f)
			got := map[string]string{}
			if err != nil {
				es, ok := err.(eventgraph.InputErrors)
				if !ok {
					t.Fatalf("error %v (%T), want InputErrors", err, err)
				}
				for _, e := range es {
					if e.Code != eventgraph.CodeBadUserInput {
						t.Errorf("%s: code %s", e.Path, e.Code)
					}
					got[e.Path] = e.Message
				}
			}
			for path, needles := range tc.want {
				msg, ok := got[path]
				if !ok {
					t.Errorf("no error at %s; got %v", path, got)
					continue
				}
				for _, n := range needles {
					if !strings.Contains(msg, n) {
						t.Errorf("%s: %q does not say %q", path, msg, n)
					}
				}
			}
			for path, msg := range got {
				if _, ok := tc.want[path]; !ok {
					t.Errorf("unexpected error at %s: %s", path, msg)
				}
			}
		})
	}
}

// TestLoopsOfTheLargestBatch: a batch of the largest size that is one long
// chain has no loop, and one that is one long ring has one, reported once
// with its ends (how long the check takes is measured by
// BenchmarkLoopsOfTheLargestBatch, not asserted here).
func TestLoopsOfTheLargestBatch(t *testing.T) {
	n := eventgraph.LimitBatchItems.Max
	hops := make([]hop, n)
	for i := range hops {
		hops[i] = hop{from: fmt.Sprintf("e%d", i), to: fmt.Sprintf("e%d", i+1), path: fmt.Sprintf("input.events[%d].parentId", i)}
	}
	if errs := loops(hPartOf, hops, nil); len(errs) != 0 {
		t.Fatalf("a chain: %v", errs)
	}
	hops[n-1].to = "e0"
	errs := loops(hPartOf, hops, nil)
	if len(errs) != 1 || errs[0].Path != hops[n-1].path {
		t.Fatalf("a ring: %v", errs)
	}
	if !strings.Contains(errs[0].Message, fmt.Sprintf("(%d more)", n+1-maxLoopShown)) {
		t.Errorf("message %q", errs[0].Message)
	}
}

func BenchmarkLoopsOfTheLargestBatch(b *testing.B) {
	n := eventgraph.LimitBatchItems.Max
	hops := make([]hop, n)
	for i := range hops {
		hops[i] = hop{from: fmt.Sprintf("e%d", i), to: fmt.Sprintf("e%d", (i+1)%n), path: fmt.Sprintf("input.events[%d].parentId", i)}
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if errs := loops(hPartOf, hops, nil); len(errs) != 1 {
			b.Fatal(errs)
		}
	}
}

// TestLoopsClosedAgainstTheGraph writes hierarchies, then sends what would
// close a loop with them, in batches and in single upserts, on the real
// database: each is BAD_USER_INPUT at the closing item and writes nothing;
// what only looks like a loop is written.
func TestLoopsClosedAgainstTheGraph(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	// war ⊃ offensive ⊃ battle; country ⊃ region ⊃ city;
	// talks → ceasefire → exchange.
	if _, err := c.Ingest(ctx, model.IngestInput{
		Events: []*model.EventInput{ev(p+"war", ""), ev(p+"offensive", p+"war"), ev(p+"battle", p+"offensive"),
			ev(p+"talks", "", p+"ceasefire"), ev(p+"ceasefire", "", p+"exchange"), ev(p+"exchange", "")},
		Locations: []*model.LocationInput{loc(p+"country", ""), loc(p+"region", p+"country"), loc(p+"city", p+"region")},
	}, false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	_, relsBefore := graphCounts(t, c, p)

	refused := []struct {
		name string
		do   func() error
		path string
		says string
	}{
		{"a batch putting the war inside its battle", func() error {
			_, err := c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{ev(p+"other", ""), ev(p+"war", p+"battle")}}, false)
			return err
		}, "input.events[1].parentId", fmt.Sprintf("(%[1]swar → %[1]sbattle → %[1]soffensive → %[1]swar)", p)},
		{"the same as a dry run", func() error {
			_, err := c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{ev(p+"war", p+"battle")}}, true)
			return err
		}, "input.events[0].parentId", "part of itself"},
		{"an upsert putting the war inside its battle", func() error {
			_, _, _, err := c.UpsertEvent(ctx, *ev(p+"war", p+"battle"))
			return err
		}, "input.parentId", fmt.Sprintf("event %q part of itself", p+"war")},
		{"an upsert putting the country inside its city", func() error {
			_, _, _, err := c.UpsertLocation(ctx, *loc(p+"country", p+"city"))
			return err
		}, "input.parentId", fmt.Sprintf("(%[1]scountry → %[1]scity → %[1]sregion → %[1]scountry)", p)},
		{"a batch making the exchange lead to the talks", func() error {
			_, err := c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{ev(p+"exchange", "", p+"talks")}}, false)
			return err
		}, "input.events[0].ledToIds[0]", fmt.Sprintf("(%[1]sexchange → %[1]stalks → … → %[1]sexchange;", p)},
		{"an upsert making the ceasefire lead to the talks", func() error {
			_, _, _, err := c.UpsertEvent(ctx, *ev(p+"ceasefire", "", p+"talks"))
			return err
		}, "input.ledToIds[0]", fmt.Sprintf("(%[1]sceasefire → %[1]stalks → %[1]sceasefire)", p)},
		{"a loop through a new event and the graph", func() error {
			_, err := c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{ev(p+"exchange", "", p+"new"), ev(p+"new", "", p+"talks")}}, false)
			return err
		}, "input.events[1].ledToIds[0]", fmt.Sprintf("(%[1]snew → %[1]stalks → … → %[1]sexchange → %[1]snew;", p)},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			errs := inputErrors(t, tc.do())
			msg, ok := errs[tc.path]
			if !ok || len(errs) != 1 {
				t.Fatalf("errors %v, want one at %s", errs, tc.path)
			}
			if !strings.Contains(msg, tc.says) {
				t.Errorf("%q does not say %q", msg, tc.says)
			}
		})
	}
	if _, rels := graphCounts(t, c, p); rels != relsBefore {
		t.Errorf("refused writes changed the relationships: %d, were %d", rels, relsBefore)
	}
	if r := cypher(t, c, `MATCH (n {id: $id}) RETURN COUNT { (n)-[:PART_OF]->() } AS parents`, map[string]any{"id": p + "war"}); r[0]["parents"].(int64) != 0 {
		t.Errorf("the war got a parent")
	}

	// What only looks like a loop: a shortcut in the DAG, and a subtree
	// moved under its former descendant, which moves away in the same batch.
	if _, err := c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{ev(p+"talks", "", p+"exchange")}}, false); err != nil {
		t.Errorf("a shortcut talks → exchange: %v", err)
	}
	if _, err := c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{
		ev(p+"war", p+"battle"), ev(p+"battle", p+"front"), ev(p+"front", ""),
	}}, false); err != nil {
		t.Fatalf("moving the war under the battle, and the battle away: %v", err)
	}
	r := cypher(t, c, `MATCH (w {id: $war})-[:PART_OF]->(b)-[:PART_OF]->(f) RETURN b.id AS b, f.id AS f`, map[string]any{"war": p + "war"})
	if len(r) != 1 || r[0]["b"] != p+"battle" || r[0]["f"] != p+"front" {
		t.Errorf("after the move: %v", r)
	}
}

// TestLoopCheckRoundTrips: however many hops a batch has, the loop check
// costs one query.
func TestLoopCheckRoundTrips(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	var trips []int64
	for _, n := range []int{2, 200} {
		var es []*model.EventInput
		for i := 0; i < n; i++ {
			parent := ""
			if i > 0 {
				parent = fmt.Sprintf("%s%d-e%d", p, n, i-1)
			}
			es = append(es, ev(fmt.Sprintf("%s%d-e%d", p, n, i), parent, fmt.Sprintf("%s%d-e%d", p, n, i+n)))
		}
		// Every event also leads to one outside the batch, already in the graph.
		var outside []*model.EventInput
		for i := 0; i < n; i++ {
			outside = append(outside, ev(fmt.Sprintf("%s%d-e%d", p, n, i+n), ""))
		}
		if _, err := c.Ingest(ctx, model.IngestInput{Events: outside}, false); err != nil {
			t.Fatal(err)
		}
		before := c.RoundTrips()
		if _, err := c.Ingest(ctx, model.IngestInput{Events: es}, false); err != nil {
			t.Fatalf("%d events: %v", n, err)
		}
		trips = append(trips, c.RoundTrips()-before)
	}
	// the lookup of outside ids, the loop check, the events, their
	// parents and their consequences
	for i, got := range trips {
		if got != 5 {
			t.Errorf("batch %d: %d round trips, want 5", i, got)
		}
	}
}
