package resolvers

import (
	"context"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/store"
)

// connection decodes a connection the store read and finishes it: the
// store fetched one edge more than asked, which tells whether a next page
// exists; cursors are numbered from the page's offset.
func connection[T any](v any, first *int, after *string) (*T, error) {
	if v == nil {
		v = map[string]any{}
	}
	out, err := store.Decode[T](v)
	if err != nil {
		return nil, err
	}
	limit := 20
	if first != nil {
		limit = *first
	}
	offset := 0
	if after != nil {
		if offset, err = store.DecodeCursor(*after); err != nil {
			return nil, err
		}
	}
	val := reflect.ValueOf(out).Elem()
	edges := val.FieldByName("Edges")
	if edges.IsNil() {
		edges.Set(reflect.MakeSlice(edges.Type(), 0, 0))
	}
	info := &model.PageInfo{HasPreviousPage: offset > 0}
	if edges.Len() > limit {
		info.HasNextPage = true
		edges.Set(edges.Slice(0, limit))
	}
	for i := 0; i < edges.Len(); i++ {
		c := store.EncodeCursor(offset + i)
		edges.Index(i).Elem().FieldByName("Cursor").SetString(c)
		if i == 0 {
			info.StartCursor = &c
		}
		info.EndCursor = &c
	}
	val.FieldByName("PageInfo").Set(reflect.ValueOf(info))
	return out, nil
}

// nested is a connection field below the root: its data came with the
// parent, under the alias the client asked it by.
func nested[T any](ctx context.Context, rel eventgraph.Nested, first *int, after *string) (*T, error) {
	alias := graphql.GetFieldContext(ctx).Field.Alias
	return connection[T](rel[alias], first, after)
}
