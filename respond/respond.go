// Package respond answers every query operation, writing its reads of the
// graph straight from the store's values. The store reads each root field
// in one Cypher query whose result is shaped like the response; a gqlgen
// operation interceptor, registered after authorization (so parsing,
// validation, the limits and the keys still apply), writes the response
// JSON from the driver's value in one walk over the selection, with
// gqlgen's marshallers for the scalars. It is the only implementation of
// read answers: issue 10 measured gqlgen's executor, decoding the store's
// values straight into the models, at about half its throughput on nested
// pages (BENCHMARKS.md, "One read path"), and the Query resolvers of the
// fields read here hold no read. Root fields that read no graph
// (introspection, duplicateCandidates) and root fields whose arguments
// gqlgen refuses are answered by gqlgen's executor on an operation holding
// only them, and spliced in (delegate.go). Mutations go to the executor
// whole; a payload that reads a node back (ActorPayload.actor) has the
// resolvers read it with the same selection and store call, decoded into
// the models by store.Decode. Data that breaks the schema's promises is an
// internal error, logged with the request id and counted, never retried
// elsewhere.
package respond

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

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
	// subgraphs have arguments of their own (subgraph.go).
	subgraphs = map[string]bool{"neighborhood": true, "path": true}
)

// answered, delegated and failures count the query operations the direct
// path wrote, those of them with root fields it had gqlgen's executor
// answer (delegate), and those it answered with an internal error (failed).
var answered, delegations, failures atomic.Uint64

// Stats is how many query operations the direct path has answered since
// the process started, and in how many of them gqlgen's executor answered
// root fields that read no graph.
func Stats() (direct, executor uint64) { return answered.Load(), delegations.Load() }

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

// reads reports whether root is a root field the direct path reads (the
// others, such as introspection, are the executor's: delegate).
func reads(root string) bool {
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

// InterceptOperation implements graphql.OperationInterceptor: it answers
// every query operation (mutations go to the executor).
func (e *Extension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) (rh graphql.ResponseHandler) {
	opCtx := graphql.GetOperationContext(ctx)
	if opCtx == nil || opCtx.Operation == nil || opCtx.Operation.Operation != ast.Query {
		return next(ctx)
	}
	roots := graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"})
	var executor []int
	for i, f := range roots {
		if !reads(f.Name) || !e.schema.argumentsDecode(opCtx, f) {
			executor = append(executor, i)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			rh = e.failed(ctx, fmt.Errorf("direct read: panic: %v", r))
		}
	}()
	resp, err := e.respond(ctx, opCtx, roots, executor, next)
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

// respond reads every root field but those at the indexes in executor
// (concurrently when there are several, as the executor resolves root
// fields), has gqlgen's executor answer those (delegate), and writes the
// response: the fields in order, the errors in the order of their fields.
// It fails only with errUnsure.
func (e *Extension) respond(ctx context.Context, opCtx *graphql.OperationContext, roots []graphql.CollectedField, executor []int, next graphql.OperationHandler) (*graphql.Response, error) {
	results := make([]result, len(roots))
	var wg sync.WaitGroup
	var lost atomic.Bool
	var delegate *delegated
	if len(executor) > 0 {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					lost.Store(true)
				}
			}()
			delegate = e.delegate(ctx, opCtx, roots, executor, next)
		})
	}
	reads := make([]int, 0, len(roots))
	for i := range roots {
		if !slices.Contains(executor, i) {
			reads = append(reads, i)
		}
	}
	for j, i := range reads {
		if j == 0 {
			continue // read below, on this goroutine
		}
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					lost.Store(true)
				}
			}()
			results[i].value, results[i].err = e.fetch(ctx, opCtx, roots[i])
		})
	}
	if len(reads) > 0 {
		results[reads[0]].value, results[reads[0]].err = e.fetch(ctx, opCtx, roots[reads[0]])
	}
	wg.Wait()
	if lost.Load() {
		return nil, errUnsure
	}
	if delegate != nil && delegate.resp == nil {
		return nil, nil // the request's context ended: the executor answered nothing
	}

	w := newWriter(opCtx, e.schema)
	defer w.release()
	w.buf = append(w.buf, '{')
	var failed []int
	dataNull := delegate != nil && delegate.dataNull
	for i, f := range roots {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.key(f.Alias)
		if delegate != nil && slices.Contains(executor, i) {
			w.buf = append(w.buf, delegate.fields[f.Alias]...)
			continue
		}
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

	// Report the errors as the executor reports a resolver's: at the
	// field's path and location, through the presenter (which logs them
	// and notes their codes).
	ctx = graphql.WithResponseContext(ctx, e.present, e.recover)
	queryCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Query"})
	for _, i := range failed {
		fieldCtx := graphql.WithFieldContext(queryCtx, &graphql.FieldContext{
			Object: "Query", Field: roots[i], IsMethod: true, IsResolver: true,
		})
		graphql.AddError(fieldCtx, graphql.AddFieldLocationToError(fieldCtx, results[i].err))
	}
	resp := &graphql.Response{Data: json.RawMessage("null"), Errors: graphql.GetErrors(ctx), Extensions: graphql.GetExtensions(ctx)}
	if !dataNull {
		resp.Data = bytes.Clone(w.buf)
	}
	if delegate != nil {
		delegate.into(resp, roots)
	}
	return resp, nil
}

// fetch reads one root field from the store, with the selection package
// selection makes of gqlgen's collected fields.
func (e *Extension) fetch(ctx context.Context, opCtx *graphql.OperationContext, f graphql.CollectedField) (any, error) {
	if typ := byID[f.Name]; typ != "" {
		id, err := stringArg(opCtx, f, "id")
		if err != nil {
			return nil, err
		}
		if at, ok := asOfArg(opCtx, f); ok {
			return e.store.GetValueAsOf(ctx, typ, id, selection.Of(opCtx, f, typ.Label()).Fields, at)
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
		if at, ok := asOfArg(opCtx, f); ok {
			return e.store.GetAnyValueAsOf(ctx, id, selection.Of(opCtx, f, "Node").ByType, at)
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
	first, err := intArg(f, args, "first")
	if err != nil {
		return nil, err
	}
	return e.store.SearchValue(ctx, text, kinds, first, selection.Search(opCtx, f))
}

// asOfArg is the field's asOf argument, when it has one: the by-id
// fields then read the history (store/history.go), and without one they
// pay nothing for it. argumentsDecode has checked that it is an instant.
func asOfArg(opCtx *graphql.OperationContext, f graphql.CollectedField) (time.Time, bool) {
	v := f.ArgumentMap(opCtx.Variables)["asOf"]
	if v == nil {
		return time.Time{}, false
	}
	at, err := graphql.UnmarshalTime(v)
	return at, err == nil
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
