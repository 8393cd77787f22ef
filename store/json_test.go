package store

import (
	"context"
	"encoding/json"

	"github.com/eventgraph/eventgraph"
)

// The integration tests read what a root read returned as JSON (dates as
// ISO strings), to check keys and values without the models.

func (c *Client) getJSON(ctx context.Context, typ eventgraph.NodeType, id string, fields []Field) (json.RawMessage, error) {
	v, err := c.GetValue(ctx, typ, id, fields)
	if err != nil || v == nil {
		return nil, err
	}
	return json.Marshal(plain(v))
}

func (c *Client) listJSON(ctx context.Context, typ eventgraph.NodeType, f Field) (json.RawMessage, error) {
	v, err := c.ListValue(ctx, typ, f)
	if err != nil {
		return nil, err
	}
	return json.Marshal(plain(v))
}
