package resolvers

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/store"
)

// get reads one node of type typ with the current field's selection.
func get[T any](ctx context.Context, st *store.Client, typ eventgraph.NodeType, id string) (*T, error) {
	v, err := st.GetValue(ctx, typ, id, current(ctx, typ.Label()).Fields)
	if err != nil {
		return nil, err
	}
	return store.Decode[T](v)
}

// nodes reads nodes of any type by id with the current field's selection
// (a payload's restored nodes); an unknown id gives nil.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	vals, err := r.Store.GetAnyValues(ctx, ids, current(ctx, "Node").ByType)
	if err != nil {
		return nil, err
	}
	out := make([]model.Node, len(vals))
	for i, v := range vals {
		if out[i], err = store.DecodeNode(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// misrouted counts the calls of Query resolvers of fields package respond
// answers (Misrouted).
var misrouted atomic.Uint64

// Misrouted is how many times gqlgen's executor has called the resolver of
// a Query field that package respond answers. It never should: respond
// hands the executor only root fields that read no graph and root fields
// whose arguments gqlgen refuses before calling their resolver.
func Misrouted() uint64 { return misrouted.Load() }

// answeredByRespond is what the resolver of a Query field that package
// respond answers returns, were it ever called: an internal error (the
// read logic is respond's alone).
func answeredByRespond(ctx context.Context) error {
	misrouted.Add(1)
	return fmt.Errorf("Query.%s is answered by package respond, not by the executor", graphql.GetFieldContext(ctx).Field.Name)
}

func (r *mutationResolver) delete(ctx context.Context, t eventgraph.NodeType, id string) (*model.DeletePayload, error) {
	deleted, bm, err := r.Store.Delete(ctx, t, id)
	if err != nil {
		return nil, err
	}
	return &model.DeletePayload{ID: id, Deleted: deleted, Bookmark: optional(bm)}, nil
}

func probability(term string) (*model.Probability, error) {
	r, ok := eventgraph.ProbabilityOf(term)
	if !ok {
		return nil, fmt.Errorf("likelihood %q has no range on the yardstick", term)
	}
	return &model.Probability{Low: r.Low, High: r.High}, nil
}

func deref(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// afterWrite is ctx with the bookmark of the write a payload reports, so
// that reading the written entity back waits for that write on whichever
// cluster member serves the read (without it, a follower that has not yet
// applied the write would answer null for a non-null field).
func afterWrite(ctx context.Context, bookmark *string) context.Context {
	if bookmark == nil || *bookmark == "" {
		return ctx
	}
	return eventgraph.WithBookmarks(ctx, append(slices.Clone(eventgraph.BookmarksFrom(ctx)), *bookmark))
}

// node reads one node of any type by id with the current field's
// selection (a payload's kept node).
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	vals, err := r.Store.GetAnyValues(ctx, []string{id}, current(ctx, "Node").ByType)
	if err != nil {
		return nil, err
	}
	return store.DecodeNode(vals[0])
}

func mergePayload(res *store.MergeResult, err error) (*model.MergePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.MergePayload{RevisionID: res.RevisionID, KeptID: res.KeptID, MergedIds: res.MergedIDs,
		Moved: res.Moved, Combined: res.Combined, Dropped: res.Dropped, Bookmark: optional(res.Bookmark)}, nil
}

func duplicateCandidates(pairs []store.DuplicatePair) []*model.DuplicateCandidate {
	out := make([]*model.DuplicateCandidate, len(pairs))
	for i, p := range pairs {
		c := &model.DuplicateCandidate{AID: p.AID, AName: p.AName, BID: p.BID, BName: p.BName, Score: p.Score,
			Reasons: make([]*model.DuplicateReason, len(p.Reasons))}
		for j, r := range p.Reasons {
			c.Reasons[j] = &model.DuplicateReason{Kind: model.DuplicateReasonKind(r.Kind), Detail: optional(r.Detail)}
		}
		out[i] = c
	}
	return out
}
