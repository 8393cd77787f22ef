package server

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// The cost model's prices, in the units of MaxComplexity (one field of a
// result costs 1). They were set by measuring what the operations that pass
// the guards cost on this two-core machine with the benchmark's scale S
// loaded (docs/api.md, "Guards"): whatever passes at the defaults finishes
// well within the request timeout.
const (
	// rootFieldCost is what a root field that reads or writes the database
	// costs before its selection: one round trip, one transaction, and a
	// Cypher query that Neo4j plans afresh whenever its text is new.
	rootFieldCost = 1000
	// subqueryCost is what each connection below a root field adds once,
	// however many rows it is read for: it is a COLLECT subquery of the root
	// field's Cypher, and planning one took 50 to 180 ms (by machine load)
	// when the text was new. Aliases are part of the text, so a client can
	// always make it new.
	subqueryCost = 1200
)

// documentLimit refuses, before gqlgen parses and validates a document, what
// would be expensive to validate or to cost:
//
//   - more than MaxWritten fields written in the text: validation compares
//     fields that share a response name pairwise, so 10 000 repeated fields
//     cost 13 s of validation (1000 cost 0.5 s) though they are cheap to run;
//   - an operation of more than MaxExpanded fields once every fragment
//     spread is expanded: gqlgen's complexity calculation (and the executor)
//     walk every spread, so N fragments each spreading the one before twice
//     cost 2^N (24 fragments took 6 s, 30 over 90 s); the count here
//     memoises each fragment's size, so it is linear in the text;
//   - an operation of more than MaxRoots root fields that reach the
//     database (distinct response names: aliases count; __typename,
//     introspection and fields answered without the database do not): each
//     is a query of its own, run concurrently, and 450 of them held the
//     driver's connection pool until every one failed.
//
// The document is parsed here once more (linear, and skipped when the
// executor's cache already holds it: only documents that passed are
// cached). Every operation of the document is checked, whichever is asked
// for, so that the answer does not depend on operationName.
type documentLimit struct {
	MaxWritten  int
	MaxExpanded int
	MaxRoots    int
	Cache       graphql.Cache[*ast.QueryDocument]

	// database holds "Query.field" and "Mutation.field" for the root
	// fields that reach the database (databaseRootFields).
	database map[string]bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*documentLimit)(nil)

func (*documentLimit) ExtensionName() string { return "DocumentLimit" }

func (d *documentLimit) Validate(es graphql.ExecutableSchema) error {
	if d.MaxWritten <= 0 || d.MaxExpanded <= 0 || d.MaxRoots <= 0 {
		return fmt.Errorf("document limits must be positive, not %d written, %d expanded, %d root fields",
			d.MaxWritten, d.MaxExpanded, d.MaxRoots)
	}
	d.database = databaseRootFields(es.Schema())
	return nil
}

func (d *documentLimit) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if d.Cache != nil {
		if _, ok := d.Cache.Get(ctx, p.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, maxQueryTokens)
	if err != nil {
		return nil // the executor parses again and reports the error with its code
	}
	written := 0
	for _, op := range doc.Operations {
		written = addSat(written, countFields(op.SelectionSet))
	}
	for _, frag := range doc.Fragments {
		written = addSat(written, countFields(frag.SelectionSet))
	}
	if written > d.MaxWritten {
		refused(ctx, reasonFields)
		return tooComplex("the query writes out %d fields, more than the limit of %d", written, d.MaxWritten)
	}
	sizes := newFragmentSizes(doc)
	for _, op := range doc.Operations {
		if n := sizes.expanded(op.SelectionSet); n > d.MaxExpanded {
			refused(ctx, reasonExpandedDocument)
			return tooComplex("the %s has %s fields once its fragments are expanded, more than the %s limit of %d fields",
				operationLabel(op), atLeast(n), eventgraph.LimitDocumentFields.Name, d.MaxExpanded)
		}
		if n := d.databaseFields(doc, op); n > d.MaxRoots {
			refused(ctx, reasonRootFields)
			return tooComplex("the %s asks for %d root fields that reach the database (aliases count), more than the %s limit of %d fields: send several requests",
				operationLabel(op), n, eventgraph.LimitRootFields.Name, d.MaxRoots)
		}
	}
	return nil
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": eventgraph.CodeQueryTooComplex},
	}
}

func operationLabel(op *ast.OperationDefinition) string {
	if op.Name != "" {
		return fmt.Sprintf("%s %s", op.Operation, op.Name)
	}
	return string(op.Operation)
}

// atLeast writes a saturated count as "more than 2147483646".
func atLeast(n int) string {
	if n >= math.MaxInt32 {
		return fmt.Sprintf("more than %d", math.MaxInt32-1)
	}
	return strconv.Itoa(n)
}

// addSat adds counts, saturating at MaxInt32 so that no document can wrap
// a count around to a small number.
func addSat(a, b int) int {
	if a > math.MaxInt32-b {
		return math.MaxInt32
	}
	return a + b
}

// countFields counts the fields written in set, not following fragment
// spreads (each fragment is counted once, where it is defined).
func countFields(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n = addSat(n, 1+countFields(s.SelectionSet))
		case *ast.InlineFragment:
			n = addSat(n, countFields(s.SelectionSet))
		}
	}
	return n
}

// fragmentSizes measures selection sets with every fragment spread
// expanded. A fragment's expanded size does not depend on where it is
// spread, so each is measured once: the work is linear in the document
// however often fragments spread each other. The parser has not resolved
// spreads yet (validation does), so fragments are looked up by name; an
// unknown fragment counts nothing (validation refuses it), and so does a
// spread that closes a cycle (validation refuses that too, and it must not
// loop here).
type fragmentSizes struct {
	defs map[string]*ast.FragmentDefinition
	memo map[string]int // -1 while a fragment is being measured
}

func newFragmentSizes(doc *ast.QueryDocument) *fragmentSizes {
	fs := &fragmentSizes{defs: map[string]*ast.FragmentDefinition{}, memo: map[string]int{}}
	for _, f := range doc.Fragments {
		if _, dup := fs.defs[f.Name]; !dup {
			fs.defs[f.Name] = f
		}
	}
	return fs
}

func (fs *fragmentSizes) expanded(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n = addSat(n, addSat(1, fs.expanded(s.SelectionSet)))
		case *ast.InlineFragment:
			n = addSat(n, fs.expanded(s.SelectionSet))
		case *ast.FragmentSpread:
			n = addSat(n, fs.fragment(s.Name))
		}
	}
	return n
}

func (fs *fragmentSizes) fragment(name string) int {
	if size, seen := fs.memo[name]; seen {
		return max(size, 0) // -1: a cycle, counted once where it closes
	}
	def := fs.defs[name]
	if def == nil {
		return 0
	}
	fs.memo[name] = -1
	size := fs.expanded(def.SelectionSet)
	fs.memo[name] = size
	return size
}

// databaseFields counts the distinct response names of op's root fields
// that reach the database, following fragments and inline fragments at the
// root (each fragment once: spreading it again adds no new name).
func (d *documentLimit) databaseFields(doc *ast.QueryDocument, op *ast.OperationDefinition) int {
	root := "Query"
	switch op.Operation {
	case ast.Mutation:
		root = "Mutation"
	case ast.Subscription:
		root = "Subscription"
	}
	names := map[string]bool{}
	visited := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if d.database[root+"."+s.Name] {
					alias := s.Alias
					if alias == "" {
						alias = s.Name
					}
					names[alias] = true
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if !visited[s.Name] {
					visited[s.Name] = true
					if def := doc.Fragments.ForName(s.Name); def != nil {
						walk(def.SelectionSet)
					}
				}
			}
		}
	}
	walk(op.SelectionSet)
	return len(names)
}

// databaseRootFields lists the root fields that reach the database, as
// "Query.field" and "Mutation.field", from the schema alone: every
// mutation writes; a query field reads unless it takes no arguments and
// nothing in its result carries an ID — with nothing to ask for and
// nothing stored in what it returns, it is a constant the service answers
// itself (likelihoodScale, the PHIA yardstick). __typename and
// introspection are never database fields.
func databaseRootFields(schema *ast.Schema) map[string]bool {
	out := map[string]bool{}
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		if root == nil {
			continue
		}
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if root == schema.Mutation || len(f.Arguments) > 0 || reachesID(schema, f.Type.Name(), map[string]bool{}) {
				out[root.Name+"."+f.Name] = true
			}
		}
	}
	return out
}

// reachesID tells whether a value of the named type can hold an ID.
func reachesID(schema *ast.Schema, name string, seen map[string]bool) bool {
	if name == "ID" {
		return true
	}
	if seen[name] {
		return false
	}
	seen[name] = true
	def := schema.Types[name]
	if def == nil {
		return false
	}
	for _, f := range def.Fields {
		if !strings.HasPrefix(f.Name, "__") && reachesID(schema, f.Type.Name(), seen) {
			return true
		}
	}
	for _, member := range def.Types { // a union's members
		if reachesID(schema, member, seen) {
			return true
		}
	}
	return false
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
		return tooComplex("the query is %d levels deep, deeper than the %s limit of %d", depth, eventgraph.LimitSelectionDepth.Name, d.Max)
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

// costLimit refuses operations that cost more than Max. The cost is
//
//   - what running the operation costs, as gqlgen's complexity calculation
//     works it out with Complexity's functions: fields times the rows they
//     are read for, plus rootFieldCost per database root field;
//   - plus what planning its Cypher costs: subqueryCost once for every
//     connection below a root field, however many rows it is read for.
//
// It runs after validation and after documentLimit, which bounds the
// expanded operation, so walking every fragment spread here (and in
// gqlgen's calculation) is bounded too. The figures are kept where gqlgen's
// own ComplexityLimit keeps them (extension.GetComplexityStats).
type costLimit struct {
	Max int
	es  graphql.ExecutableSchema
	// cache, when set, keeps costs of documents seen before (costcache.go).
	cache *costCache
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*costLimit)(nil)

func (*costLimit) ExtensionName() string { return "ComplexityLimit" }

func (c *costLimit) Validate(es graphql.ExecutableSchema) error {
	if c.Max <= 0 {
		return fmt.Errorf("complexity limit must be positive, not %d", c.Max)
	}
	c.es = es
	return nil
}

func (c *costLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	cost := c.cache.cost(ctx, op.RawQuery, op.Operation, op.Variables, func() int {
		return operationCost(ctx, c.es, op.Operation, op.Variables)
	})
	op.Stats.SetExtension(c.ExtensionName(), &extension.ComplexityStats{Complexity: cost, ComplexityLimit: c.Max})
	if cost > c.Max {
		refused(ctx, reasonComplexity)
		return tooComplex("the operation costs %d, more than the limit of %d: ask for smaller pages, fewer nested connections or fewer root fields (docs/api.md explains the cost)", cost, c.Max)
	}
	return nil
}

// operationCost is the cost costLimit compares with its limit.
func operationCost(ctx context.Context, es graphql.ExecutableSchema, op *ast.OperationDefinition, vars map[string]any) int {
	run := complexity.Calculate(ctx, es, op, vars)
	plan := connections(op.SelectionSet, true, map[string]int{})
	if plan > math.MaxInt32/subqueryCost {
		return math.MaxInt32
	}
	return addSat(min(run, math.MaxInt32), plan*subqueryCost)
}

// connections counts the fields with a `first` argument in set that lie
// below a root field (atRoot: set is the operation's own selection, whose
// fields are root fields). A fragment's count below the root does not
// depend on where it is spread, so it is kept in memo.
func connections(set ast.SelectionSet, atRoot bool, memo map[string]int) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !atRoot && s.Definition != nil && s.Definition.Arguments.ForName("first") != nil {
				n = addSat(n, 1)
			}
			n = addSat(n, connections(s.SelectionSet, false, memo))
		case *ast.InlineFragment:
			n = addSat(n, connections(s.SelectionSet, atRoot, memo))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			if atRoot {
				n = addSat(n, connections(s.Definition.SelectionSet, true, nil))
				continue
			}
			known, seen := memo[s.Name]
			switch {
			case seen && known < 0:
				// a cycle, refused by validation
			case seen:
				n = addSat(n, known)
			default:
				memo[s.Name] = -1
				known = connections(s.Definition.SelectionSet, false, memo)
				memo[s.Name] = known
				n = addSat(n, known)
			}
		}
	}
	return n
}

// Complexity is the cost model behind MaxComplexity (with costLimit's
// planning cost on top), to be set as graph.Config.Complexity. gqlgen's
// default costs every field 1 plus its children; here
//
//   - a field with a `first` argument (every connection, and search) costs
//     1 + children × first, first taking the schema's default when left out;
//   - a field with a `limit` argument (neighborhood) costs 1 + children ×
//     limit × 2^(depth-1): each level of a neighbourhood reads up to limit
//     neighbours of every node found at the level before, so depth 3 costs
//     four times depth 1;
//   - a field with an `ids` list argument (nodes) costs 1 + children × len(ids);
//   - a root field that reaches the database (databaseRootFields) costs
//     rootFieldCost more.
//
// A page size or depth beyond its bound (eventgraph.Limits) is costed at the
// bound: such a value is refused with BAD_USER_INPUT naming the argument,
// which is more use to the client than QUERY_TOO_COMPLEX.
//
// So `events(first: 20) { edges { node { title } } }` costs 1061, and the
// same with `participants { edges { node { name } } }` inside each event (50
// per page by default) 5281: 4081 to run, 1200 to plan the nested
// connection (costLimit). The functions are derived from
// the schema and the generated ComplexityRoot by reflection, so a
// connection or root field added to the schema is costed without touching
// this file.
func Complexity() graph.ComplexityRoot {
	var root graph.ComplexityRoot
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	database := databaseRootFields(schema)
	rv := reflect.ValueOf(&root).Elem()
	for i := range rv.NumField() {
		typ := schema.Types[rv.Type().Field(i).Name]
		if typ == nil || rv.Field(i).Kind() != reflect.Struct {
			continue
		}
		fields := rv.Field(i)
		for j := range fields.NumField() {
			def := fieldDefinition(typ, fields.Type().Field(j).Name)
			if def == nil || fields.Field(j).Kind() != reflect.Func {
				continue
			}
			fn, paged := pageCost(fields.Field(j).Type(), def)
			if database[typ.Name+"."+def.Name] {
				fn = rootCost(fields.Field(j).Type(), fn, paged)
				paged = true
			}
			if paged {
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

// pageBounds are the bounds page sizes are costed at, by argument name.
var pageBounds = map[string]eventgraph.Limit{
	"first": eventgraph.LimitFirst,
	"limit": eventgraph.LimitNeighborhood,
	"ids":   eventgraph.LimitList,
}

// pageCost builds the complexity function for a field that takes first,
// limit or ids (and depth). gqlgen passes the arguments in schema order
// after childComplexity.
func pageCost(fnType reflect.Type, def *ast.FieldDefinition) (reflect.Value, bool) {
	if fnType.NumIn() != len(def.Arguments)+1 {
		return reflect.Value{}, false
	}
	depthAt := -1
	for i, arg := range def.Arguments {
		if arg.Name == "depth" && fnType.In(i+1) == intPtrType {
			depthAt = i + 1
		}
	}
	weight := func(in []reflect.Value) int {
		if depthAt < 0 {
			return 1
		}
		d := 1
		if p := in[depthAt].Interface().(*int); p != nil {
			d = *p
		}
		return 1 << (min(max(d, 1), eventgraph.LimitDepth.Max) - 1)
	}
	for i, arg := range def.Arguments {
		param := fnType.In(i + 1)
		bound := pageBounds[arg.Name].Max
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
				n = min(n, bound) * weight(in)
				return []reflect.Value{reflect.ValueOf(scaled(int(in[0].Int()), n))}
			}), true
		case arg.Name == "ids" && param == stringSlice:
			return reflect.MakeFunc(fnType, func(in []reflect.Value) []reflect.Value {
				return []reflect.Value{reflect.ValueOf(scaled(int(in[0].Int()), min(in[i+1].Len(), bound)))}
			}), true
		}
	}
	return reflect.Value{}, false
}

// rootCost adds rootFieldCost to a root field's cost: to page's when the
// field is paged, to gqlgen's default (1 + children) otherwise.
func rootCost(fnType reflect.Type, page reflect.Value, paged bool) reflect.Value {
	return reflect.MakeFunc(fnType, func(in []reflect.Value) []reflect.Value {
		cost := addSat(1, int(in[0].Int()))
		if paged {
			cost = int(page.Call(in)[0].Int())
		}
		return []reflect.Value{reflect.ValueOf(addSat(rootFieldCost, cost))}
	})
}

// scaled is 1 + children × n, saturating instead of overflowing.
func scaled(children, n int) int {
	n = max(n, 1)
	children = max(children, 1)
	if children > (math.MaxInt32-1)/n {
		return math.MaxInt32
	}
	return 1 + children*n
}
