package store

import (
	"context"
	"encoding/json"

	"github.com/eventgraph/eventgraph"
)

// The root reads as JSON, for the resolvers to decode into the generated
// models; each is its *Value function (roots.go) with the result encoded.

// Get reads the node of type typ (Actor, Event, ...) with the given id, or
// nil when there is none.
func (c *Client) Get(ctx context.Context, typ eventgraph.NodeType, id string, fields []Field) (json.RawMessage, error) {
	v, err := c.GetValue(ctx, typ, id, fields)
	if err != nil || v == nil {
		return nil, err
	}
	return toJSON(v)
}

// GetAny reads nodes of any type by id, in the order asked; an unknown id
// gives a nil entry. byType is the selection for each concrete type.
func (c *Client) GetAny(ctx context.Context, ids []string, byType map[eventgraph.NodeType][]Field) ([]json.RawMessage, error) {
	vals, err := c.GetAnyValues(ctx, ids, byType)
	if err != nil {
		return nil, err
	}
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		if v == nil {
			continue
		}
		if out[i], err = toJSON(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// List reads one page of a root list field (actors, events, ...): f carries
// first/after/where/orderBy and the connection's selection.
func (c *Client) List(ctx context.Context, typ eventgraph.NodeType, f Field) (json.RawMessage, error) {
	v, err := c.ListValue(ctx, typ, f)
	if err != nil {
		return nil, err
	}
	return toJSON(v)
}

// Search runs the full-text index over names, aliases, titles, statements
// and summaries. Each hit is {score, type, node}.
func (c *Client) Search(ctx context.Context, text string, nodeTypes []eventgraph.NodeType, first int, byType map[eventgraph.NodeType][]Field) (json.RawMessage, error) {
	v, err := c.SearchValue(ctx, text, nodeTypes, first, byType)
	if err != nil {
		return nil, err
	}
	return toJSON(v)
}
