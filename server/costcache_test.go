package server

import (
	"slices"
	"testing"

	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The variables a cost can depend on: those of page sizes, depths, id lists
// and directives, wherever they are (fragments too); not ids or filters.
func TestCostVariables(t *testing.T) {
	tests := []struct {
		doc  string
		want []string
	}{
		{`query ($id: ID!) { actor(id: $id) { name } }`, nil},
		{`query ($id: ID!, $n: Int) { actor(id: $id) { events(first: $n) { totalCount } } }`, []string{"n"}},
		{`query ($id: ID!, $d: Int, $l: Int) { neighborhood(id: $id, depth: $d, limit: $l) { truncated } }`, []string{"d", "l"}},
		{`query ($a: ID!, $b: ID!) { nodes(ids: [$a, $b]) { id } }`, []string{"a", "b"}},
		{`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, []string{"ids"}},
		{`query ($s: Boolean!, $id: ID!) { actor(id: $id) { name events @skip(if: $s) { totalCount } } }`, []string{"s"}},
		{`query ($n: Int, $i: Boolean!) { ...F } fragment F on Query { events(first: $n) { totalCount ... on EventConnection @include(if: $i) { totalCount } } }`,
			[]string{"n", "i"}},
		{`query ($k: [EventKind!], $n: Int) { events(first: $n, where: { kinds: $k }) { totalCount } }`, []string{"n"}},
	}
	for _, tc := range tests {
		doc, err := parser.ParseQuery(&ast.Source{Input: tc.doc})
		if err != nil {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		for _, f := range doc.Fragments { // as validation links them
			for _, op := range doc.Operations {
				link(op.SelectionSet, f)
			}
		}
		if got := costVariables(doc.Operations[0]); !slices.Equal(got, tc.want) {
			t.Errorf("%s: variables %v, want %v", tc.doc, got, tc.want)
		}
	}
}

func link(set ast.SelectionSet, f *ast.FragmentDefinition) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			link(s.SelectionSet, f)
		case *ast.InlineFragment:
			link(s.SelectionSet, f)
		case *ast.FragmentSpread:
			if s.Name == f.Name {
				s.Definition = f
			}
		}
	}
}

// A cost from the cache is the cost the calculation gives, for every set of
// variables, those the cost reads and those it does not, in any order.
func TestCostCacheAgrees(t *testing.T) {
	es := graph.NewExecutableSchema(graph.Config{Complexity: Complexity()})
	query := `query ($id: ID!, $n: Int, $m: Int, $skip: Boolean!) {
  actor(id: $id) { name events(first: $n) { edges { node { title participants(first: $m) @skip(if: $skip) { totalCount } } } } }
}`
	doc, errs := gqlparser.LoadQuery(es.Schema(), query)
	if errs != nil {
		t.Fatal(errs)
	}
	op := doc.Operations[0]
	c := newCostCache()
	computed := 0
	for round := range 2 {
		for _, vars := range []map[string]any{
			{"id": "a", "n": int64(20), "m": int64(10), "skip": false},
			{"id": "b", "n": int64(20), "m": int64(10), "skip": false},
			{"id": "a", "n": int64(5), "m": int64(10), "skip": false},
			{"id": "a", "n": int64(20), "m": int64(50), "skip": false},
			{"id": "a", "n": int64(20), "m": int64(50), "skip": true},
			{"id": "c", "n": nil, "m": nil, "skip": true},
		} {
			want := operationCost(t.Context(), es, op, vars)
			got := c.cost(t.Context(), query, op, vars, func() int {
				computed++
				return operationCost(t.Context(), es, op, vars)
			})
			if got != want {
				t.Errorf("round %d, %v: cached cost %d, computed %d", round, vars, got, want)
			}
		}
	}
	// Six sets, of which the first two differ only in the id: five costs
	// computed, in the first round only.
	if computed != 5 {
		t.Errorf("the calculation ran %d times, want 5 (once per distinct page sizes and skip)", computed)
	}
}
