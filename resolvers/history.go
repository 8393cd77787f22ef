package resolvers

import (
	"context"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/store"
)

// The history and the change feed are answered here, by gqlgen's
// executor: their values are the store's revision log (store/history.go),
// copied into the models.

func changePage(p *store.ChangePage) *model.ChangePage {
	out := &model.ChangePage{Changes: make([]*model.Change, len(p.Changes)), EndCursor: optional(p.EndCursor), HasNextPage: p.HasNextPage}
	for i, ch := range p.Changes {
		out.Changes[i] = changeModel(ch)
	}
	return out
}

func changeModel(ch *store.Change) *model.Change {
	rev := ch.Revision
	m := &model.Change{
		Cursor: ch.Cursor,
		Revision: &model.Revision{Seq: int(rev.Seq), At: rev.At, Key: optional(rev.Key), Batch: rev.Batch, Kind: rev.Kind,
			Sources: nonNilStrings(rev.Sources)},
		EntityID: ch.EntityID, EntityType: ch.Type, Op: model.ChangeOp(strings.ToUpper(ch.Op)), MergedInto: optional(ch.Into),
		Fields: make([]*model.FieldChange, len(ch.Fields)), Relationships: make([]*model.RelationshipChange, len(ch.Relations)),
	}
	for i, f := range ch.Fields {
		m.Fields[i] = &model.FieldChange{Field: f.Field, Old: f.Old, New: f.New}
	}
	for i, r := range ch.Relations {
		m.Relationships[i] = &model.RelationshipChange{Op: model.ChangeOp(strings.ToUpper(r.Op)), Type: r.Type,
			Direction: model.RelationshipDirection(r.Direction), OtherID: r.OtherID, OtherType: eventgraph.NodeType(r.OtherType),
			Old: r.Old, New: r.New}
	}
	return m
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// follow is the subscription: the store's Follow, in the models. A feed
// that fails (the database went away) ends the subscription, its error
// logged by the transport; the client resumes from its last cursor.
func follow(ctx context.Context, st *store.Client, after *string, types []eventgraph.NodeType) (<-chan *model.Change, error) {
	cur := ""
	if after != nil {
		cur = *after
	} else {
		latest, err := st.LatestCursor(ctx)
		if err != nil {
			return nil, err
		}
		cur = latest
	}
	changes, _, err := st.Follow(ctx, cur, types, 100)
	if err != nil {
		return nil, err
	}
	out := make(chan *model.Change)
	go func() {
		defer close(out)
		for ch := range changes {
			select {
			case out <- changeModel(ch):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
