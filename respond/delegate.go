package respond

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Root fields that read no graph (introspection, duplicateCandidates) and
// root fields whose arguments gqlgen refuses (a Date that is no date) are
// answered by gqlgen's own executor: on the same operation context, with
// an operation whose selection holds only those fields, so that
// introspection, duplicateCandidates' resolver and the argument errors are
// gqlgen's, not copies. gqlgen refuses a field's arguments before calling
// its resolver, so the executor never reaches a resolver of a field the
// direct path reads.

// delegated is what the executor answered for its root fields.
type delegated struct {
	// resp is nil when the request's context ended before it answered.
	resp *graphql.Response
	// fields are its fields' values by alias; dataNull says a non-null
	// field of its failed, taking the whole data with it.
	fields   map[string]json.RawMessage
	dataNull bool
}

// delegate has the executor (next, the end of gqlgen's chain of operation
// handlers) answer the root fields at the indexes in at.
func (e *Extension) delegate(ctx context.Context, opCtx *graphql.OperationContext, roots []graphql.CollectedField, at []int, next graphql.OperationHandler) *delegated {
	delegations.Add(1)
	ctx = graphql.WithOperationContext(ctx, only(opCtx, roots, at))
	d := &delegated{resp: next(ctx)(ctx)}
	if d.resp == nil {
		return d
	}
	if len(d.resp.Data) == 0 || string(d.resp.Data) == "null" || json.Unmarshal(d.resp.Data, &d.fields) != nil {
		d.dataNull = true
	}
	return d
}

// only is opCtx with an operation whose selection is the root fields at
// the indexes in at, as gqlgen collected them: fragments and @skip/@include
// already applied, the selections of a field asked for in several places
// merged. Every other field of the context is the operation's own (a
// struct copy would copy gqlgen's cache of collected fields and its lock).
func only(opCtx *graphql.OperationContext, roots []graphql.CollectedField, at []int) *graphql.OperationContext {
	op := *opCtx.Operation
	op.SelectionSet = make(ast.SelectionSet, len(at))
	for j, i := range at {
		f := *roots[i].Field
		f.SelectionSet, f.Directives = roots[i].Selections, nil
		op.SelectionSet[j] = &f
	}
	return &graphql.OperationContext{
		RawQuery:               opCtx.RawQuery,
		Variables:              opCtx.Variables,
		OperationName:          opCtx.OperationName,
		Doc:                    opCtx.Doc,
		Extensions:             opCtx.Extensions,
		Headers:                opCtx.Headers,
		Operation:              &op,
		DisableIntrospection:   opCtx.DisableIntrospection,
		RecoverFunc:            opCtx.RecoverFunc,
		ResolverMiddleware:     opCtx.ResolverMiddleware,
		RootResolverMiddleware: opCtx.RootResolverMiddleware,
		Stats:                  opCtx.Stats,
	}
}

// into adds the executor's answer to resp, whose data already holds the
// executor's fields in their places: its errors, in the order of their
// root fields with the direct path's, and its extensions. An answer
// without data (the operation failed as a whole) leaves resp without data.
func (d *delegated) into(resp *graphql.Response, roots []graphql.CollectedField) {
	if len(d.resp.Data) == 0 {
		resp.Data = nil
	}
	resp.Errors = append(resp.Errors, d.resp.Errors...)
	field := func(err *gqlerror.Error) int {
		if len(err.Path) > 0 {
			if name, ok := err.Path[0].(ast.PathName); ok {
				return slices.IndexFunc(roots, func(f graphql.CollectedField) bool { return f.Alias == string(name) })
			}
		}
		return -1
	}
	slices.SortStableFunc(resp.Errors, func(a, b *gqlerror.Error) int { return cmp.Compare(field(a), field(b)) })
	for k, v := range d.resp.Extensions {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions[k] = v
	}
}
