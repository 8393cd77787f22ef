package server

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// fieldLimit refuses documents that write out more than Max fields before
// gqlgen validates them: validation compares fields that share a response
// name pairwise, so a 100 KB query of 9000 repeated fields costs seconds of
// CPU even though it is cheap to execute. The document is parsed here once
// more (linear, and skipped when the executor's cache already holds it).
type fieldLimit struct {
	Max   int
	Cache graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = fieldLimit{}

func (fieldLimit) ExtensionName() string { return "FieldLimit" }

func (f fieldLimit) Validate(graphql.ExecutableSchema) error {
	if f.Max <= 0 {
		return fmt.Errorf("field limit must be positive, not %d", f.Max)
	}
	return nil
}

func (f fieldLimit) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if f.Cache != nil {
		if _, ok := f.Cache.Get(ctx, p.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, maxQueryTokens)
	if err != nil {
		return nil // the executor parses again and reports the error with its code
	}
	n := 0
	for _, op := range doc.Operations {
		n += countFields(op.SelectionSet)
	}
	for _, frag := range doc.Fragments {
		n += countFields(frag.SelectionSet)
	}
	if n > f.Max {
		refused(ctx, reasonFields)
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the query writes out %d fields, more than the limit of %d", n, f.Max),
			Extensions: map[string]any{"code": eventgraph.CodeQueryTooComplex},
		}
	}
	return nil
}

// countFields counts the fields written in set, not following fragment
// spreads (each fragment is counted once, where it is defined).
func countFields(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n += 1 + countFields(s.SelectionSet)
		case *ast.InlineFragment:
			n += countFields(s.SelectionSet)
		}
	}
	return n
}

// depthLimit refuses operations whose selections nest deeper than Max
// fields, following fragment spreads and inline fragments. Introspection
// (__schema, __type) is not counted: GraphiQL's introspection query is
// deeper than any sensible data query, and gqlparser's
// MaxIntrospectionDepth rule already bounds it.
type depthLimit struct {
	Max int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string { return "DepthLimit" }

func (d depthLimit) Validate(graphql.ExecutableSchema) error {
	if d.Max <= 0 {
		return fmt.Errorf("depth limit must be positive, not %d", d.Max)
	}
	return nil
}

func (d depthLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	depth := selectionDepth(op.Operation.SelectionSet, map[string]int{})
	if depth > d.Max {
		refused(ctx, reasonDepth)
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the query is %d levels deep, deeper than the limit of %d", depth, d.Max),
			Extensions: map[string]any{"code": eventgraph.CodeQueryTooComplex},
		}
	}
	return nil
}

// selectionDepth is the number of nested fields in the deepest branch of
// set. A fragment's depth does not depend on where it is spread, so it is
// computed once (memo): a document that spreads the same fragment many times
// costs no more to measure than one that spreads it once. Validation has
// already refused fragment cycles; the memo's sentinel guards anyway.
func selectionDepth(set ast.SelectionSet, memo map[string]int) int {
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				continue
			}
			d = 1 + selectionDepth(s.SelectionSet, memo)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, memo)
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			known, seen := memo[s.Name]
			switch {
			case seen && known < 0:
				continue // a cycle, refused by validation
			case seen:
				d = known
			default:
				memo[s.Name] = -1
				d = selectionDepth(s.Definition.SelectionSet, memo)
				memo[s.Name] = d
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// Complexity is the cost model behind MaxComplexity, to be set as
// graph.Config.Complexity. gqlgen's default costs every field 1 plus its
// children; here a field that returns a page costs its children times the
// page size it asks for:
//
//   - a field with a `first` argument (every connection, and search) costs
//     1 + children × first, first taking the schema's default when left out;
//   - a field with a `limit` argument (neighborhood) costs 1 + children × limit;
//   - a field with an `ids` list argument (nodes) costs 1 + children × len(ids).
//
// So `events(first: 20) { edges { node { title } } }` costs about 60 and the
// same with `participants { edges { node { name } } }` inside each event
// (50 per page by default) about 4000. The functions are derived from the
// schema and the generated ComplexityRoot by reflection, so a connection
// added to the schema is costed without touching this file.
func Complexity() graph.ComplexityRoot {
	var root graph.ComplexityRoot
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	rv := reflect.ValueOf(&root).Elem()
	for i := range rv.NumField() {
		typ := schema.Types[rv.Type().Field(i).Name]
		if typ == nil || rv.Field(i).Kind() != reflect.Struct {
			continue
		}
		fields := rv.Field(i)
		for j := range fields.NumField() {
			def := fieldDefinition(typ, fields.Type().Field(j).Name)
			if def == nil {
				continue
			}
			if fn, ok := pageCost(fields.Field(j).Type(), def); ok {
				fields.Field(j).Set(fn)
			}
		}
	}
	return root
}

// fieldDefinition finds the schema field gqlgen named goName (ledTo ->
// LedTo, id -> ID).
func fieldDefinition(typ *ast.Definition, goName string) *ast.FieldDefinition {
	for _, f := range typ.Fields {
		if strings.EqualFold(f.Name, goName) {
			return f
		}
	}
	return nil
}

var (
	intPtrType  = reflect.TypeFor[*int]()
	stringSlice = reflect.TypeFor[[]string]()
)

// pageCost builds the complexity function for a field that takes first,
// limit or ids. gqlgen passes the arguments in schema order after
// childComplexity.
func pageCost(fnType reflect.Type, def *ast.FieldDefinition) (reflect.Value, bool) {
	if fnType.Kind() != reflect.Func || fnType.NumIn() != len(def.Arguments)+1 {
		return reflect.Value{}, false
	}
	for i, arg := range def.Arguments {
		param := fnType.In(i + 1)
		switch {
		case (arg.Name == "first" || arg.Name == "limit") && param == intPtrType:
			fallback := 1
			if arg.DefaultValue != nil {
				if n, err := strconv.Atoi(arg.DefaultValue.Raw); err == nil {
					fallback = n
				}
			}
			return reflect.MakeFunc(fnType, func(in []reflect.Value) []reflect.Value {
				n := fallback
				if p := in[i+1].Interface().(*int); p != nil {
					n = *p
				}
				return []reflect.Value{reflect.ValueOf(scaled(int(in[0].Int()), n))}
			}), true
		case arg.Name == "ids" && param == stringSlice:
			return reflect.MakeFunc(fnType, func(in []reflect.Value) []reflect.Value {
				return []reflect.Value{reflect.ValueOf(scaled(int(in[0].Int()), in[i+1].Len()))}
			}), true
		}
	}
	return reflect.Value{}, false
}

// scaled is 1 + children × n, saturating instead of overflowing (a client
// asking first: 2147483647 gets refused, not a negative cost).
func scaled(children, n int) int {
	n = max(n, 1)
	children = max(children, 1)
	if children > (math.MaxInt32-1)/n {
		return math.MaxInt32
	}
	return 1 + children*n
}
