package respond

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The operation handed to the executor holds only the fields delegated,
// as gqlgen collected them, on an operation context that is the request's
// in every other field — every one gqlgen has: a field added by a newer
// gqlgen fails this test rather than going missing.
func TestOnlyTheFieldsDelegated(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	doc, errs := gqlparser.LoadQuery(s, `query Q($no: Boolean!) {
		__type(name: "Actor") { name }
		actor(id: "russia") { name }
		... on Query { __type(name: "Actor") { kind } d: duplicateCandidates(type: ACTOR) @skip(if: $no) { aId } }
		__schema @include(if: $no) { queryType { name } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	opCtx := &graphql.OperationContext{
		RawQuery: "raw", Variables: map[string]any{"no": false}, OperationName: "Q", Doc: doc,
		Extensions: map[string]any{"x": 1}, Headers: http.Header{"X": {"y"}}, Operation: doc.Operations[0],
		DisableIntrospection: true, RecoverFunc: graphql.DefaultRecover,
		ResolverMiddleware:     func(ctx2 context.Context, next graphql.Resolver) (any, error) { return next(ctx2) },
		RootResolverMiddleware: func(ctx2 context.Context, next graphql.RootResolver) graphql.Marshaler { return next(ctx2) },
	}
	opCtx.Stats.SetExtension("note", 1)

	want := []string{"RawQuery", "Variables", "OperationName", "Doc", "Extensions", "Headers", "Operation",
		"DisableIntrospection", "RecoverFunc", "ResolverMiddleware", "RootResolverMiddleware", "Stats"}
	typ := reflect.TypeFor[graphql.OperationContext]()
	var exported []string
	for f := range typ.Fields() {
		if f.IsExported() {
			exported = append(exported, f.Name)
		}
	}
	if !slices.Equal(exported, want) {
		t.Fatalf("graphql.OperationContext has the fields %v; only copies %v", exported, want)
	}

	roots := graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"})
	var at []int
	for i, f := range roots {
		if !reads(f.Name) {
			at = append(at, i)
		}
	}
	sub := only(opCtx, roots, at)
	orig, got := reflect.ValueOf(opCtx).Elem(), reflect.ValueOf(sub).Elem()
	for _, name := range want {
		switch name {
		case "Operation":
		case "RecoverFunc", "ResolverMiddleware", "RootResolverMiddleware":
			if orig.FieldByName(name).Pointer() != got.FieldByName(name).Pointer() {
				t.Errorf("%s is not the operation's", name)
			}
		default:
			if !reflect.DeepEqual(orig.FieldByName(name).Interface(), got.FieldByName(name).Interface()) {
				t.Errorf("%s is not the operation's", name)
			}
		}
	}
	if sub.Stats.GetExtension("note") != 1 || sub.Operation.Name != "Q" || sub.Operation == opCtx.Operation {
		t.Errorf("stats %v, operation %v", sub.Stats.GetExtension("note"), sub.Operation.Name)
	}

	collected := graphql.CollectFields(sub, sub.Operation.SelectionSet, []string{"Query"})
	var names []string
	for _, f := range collected {
		names = append(names, f.Alias)
		if len(f.Directives) > 0 {
			t.Errorf("%s keeps its directives", f.Alias)
		}
	}
	if !slices.Equal(names, []string{"__type", "d"}) {
		t.Fatalf("the executor's operation has %v, want __type and d", names)
	}
	if len(collected[0].Selections) != 2 {
		t.Errorf("__type's selections were not merged: %d", len(collected[0].Selections))
	}
	if len(opCtx.Operation.SelectionSet) != 4 {
		t.Errorf("the request's operation changed")
	}
}

// The executor's errors join the direct path's in the order of their root
// fields; its extensions join too; an answer without data leaves none.
func TestDelegatedErrorsInFieldOrder(t *testing.T) {
	roots := []graphql.CollectedField{{Field: &ast.Field{Alias: "a"}}, {Field: &ast.Field{Alias: "b"}}, {Field: &ast.Field{Alias: "c"}}}
	errAt := func(alias string) *gqlerror.Error {
		return &gqlerror.Error{Message: alias, Path: ast.Path{ast.PathName(alias)}}
	}
	resp := &graphql.Response{Data: []byte(`{}`), Errors: gqlerror.List{errAt("a"), errAt("c")}, Extensions: map[string]any{"mine": 1}}
	d := &delegated{resp: &graphql.Response{Data: []byte(`{"b":null}`), Errors: gqlerror.List{errAt("b"), {Message: "none"}},
		Extensions: map[string]any{"theirs": 2}}}
	d.into(resp, roots)
	var order []string
	for _, e := range resp.Errors {
		order = append(order, e.Message)
	}
	if !slices.Equal(order, []string{"none", "a", "b", "c"}) {
		t.Errorf("errors in the order %v", order)
	}
	if len(resp.Extensions) != 2 || string(resp.Data) != `{}` {
		t.Errorf("extensions %v, data %s", resp.Extensions, resp.Data)
	}
	d = &delegated{resp: &graphql.Response{Errors: gqlerror.List{{Message: "refused"}}}}
	d.into(resp, roots)
	if resp.Data != nil {
		t.Errorf("data %s, want none", resp.Data)
	}
}
