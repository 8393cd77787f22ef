// Package respond answers read queries straight from the store's values.
// The store already reads every root field in one Cypher query whose result
// is shaped like the response; going through the executor after that meant
// encoding the driver's value as JSON, decoding it into the generated models
// field by field and marshalling the models again with a goroutine per field
// and per list element — about a third of the service's CPU under load, and
// most of the time of cheap queries. Here a gqlgen operation interceptor,
// registered after authorization (so parsing, validation, the limits and
// the keys still apply), writes the response JSON from the driver's value
// (for neighborhood and path, from the *model.Subgraph the store builds) in
// one walk over the selection, byte for byte what the executor would write.
// It is the only writer of read answers (issue 10 measured the executor,
// decoding the store's values straight into the models, at about half its
// throughput on nested pages: BENCHMARKS.md, "One read path"). Mutations, introspection and duplicateCandidates
// (no read of the graph's compiler) go to the executor, as do arguments
// gqlgen reports errors for; data that breaks the schema's promises is an
// internal error, logged with the request id and counted, never retried
// on the executor.
package respond

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/metrics"
	"github.com/eventgraph/eventgraph/selection"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// errUnsure stops the writer: the store's value is not what the schema
// promises (the operation fails with an internal error, see failed).
var errUnsure = errors.New("the store's value breaks the schema's promise")

// Root fields the direct path answers, by the type the store reads for them.
var (
	byID, lists   = rootFields()
	computedRoots = map[string]bool{"node": true, "nodes": true, "search": true, "likelihoodScale": true, "__typename": true}
	// subgraphs come from the store as *model.Subgraph (subgraph.go).
	subgraphs = map[string]bool{"neighborhood": true, "path": true}
)

// answered, deferred and failures count the query operations the direct
// path wrote, those it left to the executor (introspection and fields that
// are not reads of the graph, arguments gqlgen's executor reports errors
// for) and those it answered with an internal error (failed).
var answered, deferred, failures atomic.Uint64

// Stats is how many query operations the direct path has answered and how
// many it has left to the executor since the process started.
func Stats() (direct, executor uint64) { return answered.Load(), deferred.Load() }

// Failures is how many query operations failed because their answer could
// not be written (also eventgraph_read_shape_errors_total).
func Failures() uint64 { return failures.Load() }

// rootFields are the by-id and list root fields of every node type.
func rootFields() (byID, lists map[string]eventgraph.NodeType) {
	byID = make(map[string]eventgraph.NodeType, len(eventgraph.NodeTypes))
	lists = make(map[string]eventgraph.NodeType, len(eventgraph.NodeTypes))
	for _, t := range eventgraph.NodeTypes {
		byID[t.ByIDField()], lists[t.ListField()] = t, t
	}
	return byID, lists
}

func supported(root string) bool {
	return byID[root] != "" || lists[root] != "" || computedRoots[root] || subgraphs[root] || store.IsAggregation(root)
}

// Extension is the gqlgen handler extension. Build it with New; the server
// registers it after authorization.
type Extension struct {
	store   *store.Client
	present graphql.ErrorPresenterFunc
	recover graphql.RecoverFunc
	metrics *metrics.Registry
	schema  *schema
}

// New returns what server.New needs to build the extension over st: it
// hands over the error presenter and panic handler, so that the errors the
// direct path reports are the ones the executor would report, and the
// metrics that count its failures.
func New(st *store.Client) func(graphql.ErrorPresenterFunc, graphql.RecoverFunc, *metrics.Registry) graphql.HandlerExtension {
	return func(present graphql.ErrorPresenterFunc, recover graphql.RecoverFunc, reg *metrics.Registry) graphql.HandlerExtension {
		return &Extension{store: st, present: present, recover: recover, metrics: reg}
	}
}

var (
	_ graphql.HandlerExtension     = (*Extension)(nil)
	_ graphql.OperationInterceptor = (*Extension)(nil)
)

// ExtensionName implements graphql.HandlerExtension.
func (*Extension) ExtensionName() string { return "DirectReads" }

// Validate implements graphql.HandlerExtension: it learns the schema.
func (e *Extension) Validate(es graphql.ExecutableSchema) error {
	s, err := newSchema(es.Schema())
	if err != nil {
		return fmt.Errorf("direct reads: %w", err)
	}
	e.schema = s
	return nil
}

// InterceptOperation implements graphql.OperationInterceptor.
func (e *Extension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) (rh graphql.ResponseHandler) {
	opCtx := graphql.GetOperationContext(ctx)
	if opCtx == nil || opCtx.Operation == nil || opCtx.Operation.Operation != ast.Query {
		return next(ctx)
	}
	executor := func() graphql.ResponseHandler {
		deferred.Add(1)
		return next(ctx)
	}
	roots := graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"})
	for _, f := range roots {
		if !supported(f.Name) {
			return executor()
		}
	}
	if !e.schema.argumentsDecode(opCtx) {
		return executor()
	}
	defer func() {
		if r := recover(); r != nil {
			rh = e.failed(ctx, fmt.Errorf("direct read: panic: %v", r))
		}
	}()
	resp, err := e.respond(ctx, opCtx, roots)
	if err != nil {
		return e.failed(ctx, err)
	}
	answered.Add(1)
	return graphql.OneShot(resp)
}

// failed answers an operation whose response could not be written (the
// store's value broke the schema's promise, or the writer panicked): the
// client gets an internal error, the log its detail with the request id
// (through the presenter), /metrics a count. Nothing is retried elsewhere:
// this package is the only writer of read answers.
func (e *Extension) failed(ctx context.Context, err error) graphql.ResponseHandler {
	failures.Add(1)
	e.metrics.ReadShapeError()
	ctx = graphql.WithResponseContext(ctx, e.present, e.recover)
	graphql.AddError(ctx, err)
	return graphql.OneShot(&graphql.Response{Data: json.RawMessage("null"), Errors: graphql.GetErrors(ctx)})
}

// result is what the store returned for one root field.
type result struct {
	value any
	err   error
}

// respond reads every root field (concurrently when there are several, as
// the executor does) and writes the response. It fails only with errUnsure.
func (e *Extension) respond(ctx context.Context, opCtx *graphql.OperationContext, roots []graphql.CollectedField) (*graphql.Response, error) {
	results := make([]result, len(roots))
	var wg sync.WaitGroup
	var lost atomic.Bool
	for i := 1; i < len(roots); i++ {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					lost.Store(true)
				}
			}()
			results[i].value, results[i].err = e.fetch(ctx, opCtx, roots[i])
		})
	}
	if len(roots) > 0 {
		results[0].value, results[0].err = e.fetch(ctx, opCtx, roots[0])
	}
	wg.Wait()
	if lost.Load() {
		return nil, errUnsure
	}

	w := newWriter(opCtx, e.schema)
	defer w.release()
	w.buf = append(w.buf, '{')
	var failed []int
	dataNull := false
	for i, f := range roots {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.key(f.Alias)
		if err := results[i].err; err != nil {
			if errors.Is(err, errUnsure) {
				return nil, fmt.Errorf("direct read of %s: %w", f.Alias, err)
			}
			// A non-null field that fails takes the whole data with it.
			failed = append(failed, i)
			w.buf = append(w.buf, "null"...)
			dataNull = dataNull || f.Definition.Type.NonNull
			continue
		}
		if err := w.root(f, results[i].value); err != nil {
			return nil, fmt.Errorf("direct read of %s: %w", f.Alias, err)
		}
	}
	w.buf = append(w.buf, '}')

	// Now that the executor will not be asked, report the errors as it
	// reports a resolver's: at the field's path and location, through the
	// presenter (which logs them and notes their codes).
	ctx = graphql.WithResponseContext(ctx, e.present, e.recover)
	queryCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Query"})
	for _, i := range failed {
		fieldCtx := graphql.WithFieldContext(queryCtx, &graphql.FieldContext{
			Object: "Query", Field: roots[i], IsMethod: true, IsResolver: true,
		})
		graphql.AddError(fieldCtx, graphql.AddFieldLocationToError(fieldCtx, results[i].err))
	}
	data := json.RawMessage("null")
	if !dataNull {
		data = bytes.Clone(w.buf)
	}
	return &graphql.Response{Data: data, Errors: graphql.GetErrors(ctx), Extensions: graphql.GetExtensions(ctx)}, nil
}

// fetch reads one root field from the store, the way its resolver does
// (package resolvers): the same selection, hence the same Cypher.
func (e *Extension) fetch(ctx context.Context, opCtx *graphql.OperationContext, f graphql.CollectedField) (any, error) {
	if typ := byID[f.Name]; typ != "" {
		id, err := stringArg(opCtx, f, "id")
		if err != nil {
			return nil, err
		}
		return e.store.GetValue(ctx, typ, id, selection.Of(opCtx, f, typ.Label()).Fields)
	}
	if typ := lists[f.Name]; typ != "" {
		return e.store.ListValue(ctx, typ, selection.Of(opCtx, f, typ.Label()+"Connection"))
	}
	if store.IsAggregation(f.Name) {
		// Buckets and pairs are plain objects keyed by field name: the
		// writer's generic walk writes them.
		return e.store.AggregationValue(ctx, selection.Of(opCtx, f, f.Definition.Type.Name()))
	}
	switch f.Name {
	case "node":
		id, err := stringArg(opCtx, f, "id")
		if err != nil {
			return nil, err
		}
		vals, err := e.store.GetAnyValues(ctx, []string{id}, selection.Of(opCtx, f, "Node").ByType)
		if err != nil {
			return nil, err
		}
		return vals[0], nil
	case "nodes":
		ids, err := stringsArg(opCtx, f, "ids")
		if err != nil {
			return nil, err
		}
		// The resolver's own check (resolvers.nodes), word for word.
		if len(ids) > eventgraph.LimitFirst.Max {
			return nil, eventgraph.Errorf(eventgraph.CodeBadUserInput, "ids: at most %d at once, not %d", eventgraph.LimitFirst.Max, len(ids))
		}
		vals, err := e.store.GetAnyValues(ctx, ids, selection.Of(opCtx, f, "Node").ByType)
		if err != nil {
			return nil, err
		}
		return vals, nil
	case "search":
		return e.search(ctx, opCtx, f)
	case "neighborhood":
		return e.neighborhood(ctx, opCtx, f)
	case "path":
		return e.path(ctx, opCtx, f)
	}
	return nil, nil // __typename and likelihoodScale need no data
}

func (e *Extension) search(ctx context.Context, opCtx *graphql.OperationContext, f graphql.CollectedField) (any, error) {
	args := f.ArgumentMap(opCtx.Variables)
	text, ok := args["query"].(string)
	if !ok {
		return nil, errUnsure
	}
	names, err := stringsArg(opCtx, f, "kinds")
	if err != nil {
		return nil, err
	}
	var kinds []eventgraph.NodeType
	for _, k := range names {
		kinds = append(kinds, eventgraph.NodeType(k))
	}
	first, err := intArg(args, "first", 20)
	if err != nil {
		return nil, err
	}
	return e.store.SearchValue(ctx, text, kinds, first, selection.Search(opCtx, f))
}

// stringArg is an ID argument, read by gqlgen's own unmarshaller (which
// takes a number for an ID, too).
func stringArg(opCtx *graphql.OperationContext, f graphql.CollectedField, name string) (string, error) {
	s, err := graphql.UnmarshalID(f.ArgumentMap(opCtx.Variables)[name])
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, errUnsure)
	}
	return s, nil
}

// stringsArg is a list of IDs or enum values; null is an empty list.
func stringsArg(opCtx *graphql.OperationContext, f graphql.CollectedField, name string) ([]string, error) {
	v := f.ArgumentMap(opCtx.Variables)[name]
	if v == nil {
		return nil, nil
	}
	items, ok := v.([]any)
	if !ok {
		items = []any{v} // one value for a list, as GraphQL coerces it
	}
	out := make([]string, len(items))
	for i, it := range items {
		var err error
		if out[i], err = graphql.UnmarshalID(it); err != nil {
			return nil, fmt.Errorf("%s: %w", name, errUnsure)
		}
	}
	return out, nil
}

// toInt reads an Int argument as gqlgen's literals (int64) and variables
// (json.Number) carry it.
func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}
