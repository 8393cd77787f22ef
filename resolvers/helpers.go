package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/selection"
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

// list reads one page of a root list field with the current selection.
func list[T any](ctx context.Context, st *store.Client, typ eventgraph.NodeType, first *int, after *string) (*T, error) {
	v, err := st.ListValue(ctx, typ, current(ctx, typ.Label()+"Connection"))
	if err != nil {
		return nil, err
	}
	return connection[T](v, first, after)
}

func (r *queryResolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	if len(ids) > eventgraph.LimitFirst.Max {
		return nil, eventgraph.Errorf(eventgraph.CodeBadUserInput, "ids: at most %d at once, not %d", eventgraph.LimitFirst.Max, len(ids))
	}
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

func (r *queryResolver) search(ctx context.Context, text string, kinds []eventgraph.NodeType, first *int) ([]*model.SearchHit, error) {
	nodeSel := selection.Search(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field)
	v, err := r.Store.SearchValue(ctx, text, kinds, deref(first, 20), nodeSel)
	if err != nil {
		return nil, err
	}
	hits, err := store.Decode[[]*model.SearchHit](v)
	if err != nil || hits == nil || *hits == nil {
		return []*model.SearchHit{}, err
	}
	return *hits, nil
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

func likelihoodScale() []*model.LikelihoodBand {
	out := make([]*model.LikelihoodBand, len(eventgraph.Yardstick))
	for i, y := range eventgraph.Yardstick {
		out[i] = &model.LikelihoodBand{Term: model.Likelihood(y.Term), Probability: &model.Probability{Low: y.Range.Low, High: y.Range.High}}
	}
	return out
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

// aggregation reads an aggregation root field (eventCounts, ...) whose
// type is typ with the current selection.
func aggregation[T any](ctx context.Context, st *store.Client, typ string) (*T, error) {
	v, err := st.AggregationValue(ctx, current(ctx, typ))
	if err != nil {
		return nil, err
	}
	return store.Decode[T](v)
}
