package server

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The document guard counts on the parsed, unvalidated document: fragment
// spreads are looked up by name, unknown fragments and cycles are left to
// validation and must neither count nor loop.
func TestDocumentCounts(t *testing.T) {
	bomb := func(n int) string {
		var b strings.Builder
		b.WriteString("{ ...F" + strconv.Itoa(n) + " }\nfragment F0 on Query { actor(id: \"a\") { name } }\n")
		for i := 1; i <= n; i++ {
			b.WriteString("fragment F" + strconv.Itoa(i) + " on Query { ...F" + strconv.Itoa(i-1) + " ...F" + strconv.Itoa(i-1) + " }\n")
		}
		return b.String()
	}
	tests := []struct {
		name         string
		doc          string
		wantWritten  int
		wantExpanded []int // per operation
		wantDatabase []int // per operation
	}{
		{"plain fields", `{ actor(id: "a") { name kind } likelihoodScale { term } __typename }`, 6, []int{6}, []int{1}},
		{"a fragment spread three times", `{ a: actor(id: "a") { ...A } b: actor(id: "b") { ...A } c: actor(id: "c") { ...A } }
			fragment A on Actor { name kind aliases }`, 6, []int{12}, []int{3}},
		{"inline fragments count their fields", `{ node(id: "a") { ... on Actor { name } ... on Event { title startDate } } }`, 4, []int{4}, []int{1}},
		{"a bomb of 10 is counted, not walked", bomb(10), 2, []int{2 << 10}, []int{1}},
		{"a bomb of 100 saturates", bomb(100), 2, []int{math.MaxInt32}, []int{1}},
		{"a cycle counts once and ends", `{ ...A } fragment A on Query { __typename ...B } fragment B on Query { likelihoodScale { term } ...A }`,
			3, []int{3}, []int{0}},
		{"a fragment spreading itself", `{ ...A } fragment A on Query { actor(id: "a") { name } ...A }`, 2, []int{2}, []int{1}},
		{"an unknown fragment counts nothing", `{ __typename ...Nowhere }`, 1, []int{1}, []int{0}},
		{"aliases are root fields of their own; repeats are one", `{ a: actor(id: "a") { name } b: actor(id: "b") { name } a: actor(id: "a") { kind } actor(id: "c") { id } }`,
			8, []int{8}, []int{3}},
		{"root fields reached through fragments and inline fragments", `{ ...A ... on Query { c: events { totalCount } ...A } }
			fragment A on Query { a: actor(id: "a") { name } b: search(query: "x") { score } }`, 6, []int{10}, []int{3}},
		{"mutations", `mutation { a: deleteActor(id: "a") { deleted } b: deleteActor(id: "b") { deleted } __typename }`, 5, []int{5}, []int{2}},
		{"every operation", `query A { actor(id: "a") { name } } query B { x: actor(id: "a") { name } y: topic(id: "t") { name } }`,
			6, []int{2, 4}, []int{1, 2}},
		{"introspection reaches no database", `{ __schema { queryType { name } } __type(name: "Actor") { name } }`, 5, []int{5}, []int{0}},
	}
	d := &documentLimit{database: databaseRootFields(graph.NewExecutableSchema(graph.Config{}).Schema())}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tc.doc})
			if err != nil {
				t.Fatal(err)
			}
			written := 0
			for _, op := range doc.Operations {
				written += countFields(op.SelectionSet)
			}
			for _, f := range doc.Fragments {
				written += countFields(f.SelectionSet)
			}
			if written != tc.wantWritten {
				t.Errorf("written %d, want %d", written, tc.wantWritten)
			}
			sizes := newFragmentSizes(doc)
			var expanded, database []int
			for _, op := range doc.Operations {
				expanded = append(expanded, sizes.expanded(op.SelectionSet))
				database = append(database, d.databaseFields(doc, op))
			}
			if !slices.Equal(expanded, tc.wantExpanded) {
				t.Errorf("expanded %v, want %v", expanded, tc.wantExpanded)
			}
			if !slices.Equal(database, tc.wantDatabase) {
				t.Errorf("database root fields %v, want %v", database, tc.wantDatabase)
			}
		})
	}
}

// Which root fields reach the database is read from the schema: every
// mutation, and every query field but those that take nothing and return
// nothing stored. In this schema that leaves out the PHIA yardstick only.
func TestDatabaseRootFields(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	got := databaseRootFields(schema)
	var static []string
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				if got[root.Name+"."+f.Name] {
					t.Errorf("%s.%s is introspection, not the database", root.Name, f.Name)
				}
				continue
			}
			if !got[root.Name+"."+f.Name] {
				static = append(static, root.Name+"."+f.Name)
			}
		}
	}
	if !slices.Equal(static, []string{"Query.likelihoodScale"}) {
		t.Errorf("root fields answered without the database: %v, want [Query.likelihoodScale]", static)
	}
	for _, f := range []string{"Query.node", "Query.nodes", "Query.neighborhood", "Query.path", "Query.search", "Query.events", "Mutation.ingest", "Mutation.deleteActor"} {
		if !got[f] {
			t.Errorf("%s reaches the database", f)
		}
	}
}

// The examples in Complexity's comment, worked out by the limit itself.
func TestOperationCostExamples(t *testing.T) {
	es := graph.NewExecutableSchema(graph.Config{Complexity: Complexity()})
	tests := []struct {
		query string
		want  int
	}{
		{`{ events(first: 20) { edges { node { title } } } }`, 1061},
		{`{ events(first: 20) { edges { node { title participants { edges { node { name } } } } } } }`, 5281},
		{`{ likelihoodScale { term } }`, 2},
		{`{ a: actor(id: "a") { name } b: actor(id: "b") { name } }`, 2 * 1002},
		{`{ actor(id: "a") { ...E ...E } } fragment E on Actor { events(first: 1) { totalCount } }`, 1000 + 1 + 4 + 2*1200},
	}
	for _, tc := range tests {
		doc, errs := gqlparser.LoadQuery(es.Schema(), tc.query)
		if errs != nil {
			t.Fatalf("%s: %v", tc.query, errs)
		}
		if got := operationCost(t.Context(), es, doc.Operations[0], nil); got != tc.want {
			t.Errorf("%s costs %d, want %d", tc.query, got, tc.want)
		}
	}
}
