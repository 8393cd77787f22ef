package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/eventgraph/eventgraph"
)

// After a merge, every read that takes an actor or location id finds the
// kept node by a merged id: the root lists' id filters, the neighbourhood
// and the path (node and actor are TestMergeActorsMovesEverythingAndUnmergeRestores').
func TestListAndSubgraphReadsFollowRedirects(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, mergeBatch(p), false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	res, err := c.MergeActors(ctx, p+"turkiye", []string{p + "turkey", p + "rot"})
	if err != nil {
		t.Fatalf("merge actors: %v", err)
	}
	cleanMerges(t, c, res.RevisionID)
	lres, err := c.MergeLocations(ctx, p+"istanbul", []string{p + "istanbul2"})
	if err != nil {
		t.Fatalf("merge locations: %v", err)
	}
	cleanMerges(t, c, lres.RevisionID)

	ids := func(typ eventgraph.NodeType, root string, where map[string]any) []string {
		t.Helper()
		v, err := c.ListValue(ctx, typ, fa(root, root, map[string]any{"where": where, "first": 20},
			f("totalCount"), f("edges", f("node", f("id")))))
		if err != nil {
			t.Fatalf("%s(where: %v): %v", root, where, err)
		}
		m := v.(map[string]any)
		var out []string
		for _, e := range m["edges"].([]any) {
			out = append(out, m2s(e.(map[string]any)["node"].(map[string]any)["id"], p))
		}
		if n := fmt.Sprint(m["totalCount"]); n != fmt.Sprint(len(out)) {
			t.Errorf("%s(where: %v): totalCount %s, %d edges", root, where, n, len(out))
		}
		sort.Strings(out)
		return out
	}
	cases := []struct {
		typ   eventgraph.NodeType
		root  string
		where map[string]any
		want  []string
	}{
		// The old id and the kept one name one node: it comes once.
		{eventgraph.NodeTypeActor, "actors", map[string]any{"ids": []any{p + "turkey", p + "turkiye", p + "erdogan"}}, []string{"erdogan", "turkiye"}},
		{eventgraph.NodeTypeActor, "actors", map[string]any{"ids": []any{p + "rot"}}, []string{"turkiye"}},
		{eventgraph.NodeTypeEvent, "events", map[string]any{"participantsAny": []any{p + "rot"}}, []string{"e1", "e2"}},
		{eventgraph.NodeTypeEvent, "events", map[string]any{"participantsAll": []any{p + "turkey", p + "rot"}}, []string{"e1", "e2"}},
		{eventgraph.NodeTypeEvent, "events", map[string]any{"locationId": p + "istanbul2"}, []string{"e1"}},
		{eventgraph.NodeTypeLocation, "locations", map[string]any{"withinId": p + "istanbul2"}, []string{"palace"}},
		{eventgraph.NodeTypePosition, "positions", map[string]any{"actorIds": []any{p + "rot"}}, []string{"pos"}},
		{eventgraph.NodeTypeForecast, "forecasts", map[string]any{"aboutIds": []any{p + "turkey"}}, []string{"fc"}},
		// An id that is no redirect still reads as itself.
		{eventgraph.NodeTypeActor, "actors", map[string]any{"ids": []any{p + "nobody"}}, nil},
	}
	for _, tc := range cases {
		if got := ids(tc.typ, tc.root, tc.where); !slices.Equal(got, tc.want) {
			t.Errorf("%s(where: %v) = %v, want %v", tc.root, tc.where, got, tc.want)
		}
	}

	g, err := subgraphOf(c.Neighborhood(ctx, p+"turkey", 1, 50, nil, nil, false))
	if err != nil {
		t.Fatalf("neighborhood: %v", err)
	}
	var around []string
	for _, n := range g.Nodes {
		around = append(around, m2s(n.ID, p))
	}
	if !slices.Contains(around, "turkiye") || !slices.Contains(around, "e2") || slices.Contains(around, "turkey") {
		t.Errorf("neighborhood(merged id) = %v, want the kept node's", around)
	}

	path, err := subgraphOf(c.Path(ctx, p+"rot", p+"istanbul2", 6))
	if err != nil {
		t.Fatalf("path: %v", err)
	}
	if path == nil || len(path.Nodes) != 3 || m2s(path.Nodes[0].ID, p) != "turkiye" || m2s(path.Nodes[2].ID, p) != "istanbul" {
		t.Errorf("path(merged ids) = %+v, want turkiye - e1 - istanbul", path)
	}
	// Two ids of one node: the path of that node alone.
	self, err := subgraphOf(c.Path(ctx, p+"turkey", p+"turkiye", 6))
	if err != nil {
		t.Fatalf("path to itself: %v", err)
	}
	if self == nil || len(self.Nodes) != 1 || len(self.Edges) != 0 || m2s(self.Nodes[0].ID, p) != "turkiye" {
		t.Errorf("path(merged id, kept id) = %+v, want the kept node alone", self)
	}
}

// m2s is an id without the test's prefix.
func m2s(id any, p string) string {
	s := fmt.Sprint(id)
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
