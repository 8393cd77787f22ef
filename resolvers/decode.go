package resolvers

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/store"
)

// connection decodes a connection the store read and finishes its page
// (store.Page).
func connection[T any](v any, first *int, after *string) (*T, error) {
	if v == nil {
		v = map[string]any{}
	}
	out, err := store.Decode[T](v)
	if err != nil {
		return nil, err
	}
	args := map[string]any{}
	if first != nil {
		args["first"] = *first
	}
	if after != nil {
		args["after"] = *after
	}
	val := reflect.ValueOf(out).Elem()
	edges := val.FieldByName("Edges")
	p, err := store.PageOf(args, edges.Len())
	if err != nil {
		return nil, err
	}
	if edges.IsNil() {
		edges.Set(reflect.MakeSlice(edges.Type(), 0, 0))
	}
	edges.Set(edges.Slice(0, p.Len))
	for i := range p.Len {
		edges.Index(i).Elem().FieldByName("Cursor").SetString(p.Cursor(i))
	}
	info := &model.PageInfo{HasNextPage: p.HasNext, HasPreviousPage: p.HasPrevious(), StartCursor: p.StartCursor(), EndCursor: p.EndCursor()}
	val.FieldByName("PageInfo").Set(reflect.ValueOf(info))
	return out, nil
}

// nested is a connection field below the root: its data came with the
// parent, under the alias the client asked it by.
func nested[T any](ctx context.Context, rel eventgraph.Nested, first *int, after *string) (*T, error) {
	alias := graphql.GetFieldContext(ctx).Field.Alias
	return connection[T](rel[alias], first, after)
}
