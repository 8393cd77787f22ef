package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/store"
	gojson "github.com/goccy/go-json"
)

// decode reads JSON the store returned into a generated model.
func decode[T any](raw json.RawMessage) (*T, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var out T
	if err := gojson.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("decoding %T: %w", out, err)
	}
	return &out, nil
}

// connection decodes a connection the store returned and finishes it: the
// store fetched one edge more than asked, which tells whether a next page
// exists; cursors are numbered from the page's offset.
func connection[T any](raw json.RawMessage, first *int, after *string) (*T, error) {
	if len(raw) == 0 {
		raw = json.RawMessage(`{}`)
	}
	out, err := decode[T](raw)
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
	v := reflect.ValueOf(out).Elem()
	edges := v.FieldByName("Edges")
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
	v.FieldByName("PageInfo").Set(reflect.ValueOf(info))
	return out, nil
}

// nested is a connection field below the root: its data came with the
// parent, under the alias the client asked it by.
func nested[T any](ctx context.Context, rel eventgraph.Nested, first *int, after *string) (*T, error) {
	alias := graphql.GetFieldContext(ctx).Field.Alias
	return connection[T](rel[alias], first, after)
}

// decodeNode reads a node of any type by its __typename.
func decodeNode(raw json.RawMessage) (model.Node, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var head struct {
		Typename string `json:"__typename"`
	}
	if err := gojson.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("decoding a node: %w", err)
	}
	switch head.Typename {
	case "Actor":
		return decode[model.Actor](raw)
	case "Event":
		return decode[model.Event](raw)
	case "Location":
		return decode[model.Location](raw)
	case "Topic":
		return decode[model.Topic](raw)
	case "Position":
		return decode[model.Position](raw)
	case "Forecast":
		return decode[model.Forecast](raw)
	case "Source":
		return decode[model.Source](raw)
	}
	return nil, fmt.Errorf("decoding a node: unknown type %q", head.Typename)
}
