package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph/selection"
	"github.com/eventgraph/eventgraph/store"
)

// current is the field being resolved, as a store.Field of the given type.
func current(ctx context.Context, typ string) store.Field {
	return selection.Of(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field, typ)
}
