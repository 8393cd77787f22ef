package store

import (
	"context"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Root reads: each is one Cypher query, whatever the nesting of the
// selection below it. The *Value functions return the driver's value shaped
// like the GraphQL response (nested connections under "rel", keyed by
// alias): maps, lists, strings, int64, float64, bool, dbtype.Date and
// time.Time; Decode (decode.go) copies them into the generated models.

// GetValue reads the node of type typ (Actor, Event, ...) with the given id,
// or nil when there is none.
func (c *Client) GetValue(ctx context.Context, typ eventgraph.NodeType, id string, fields []Field) (any, error) {
	st, err := CompileGet(typ, id, fields)
	if err != nil {
		return nil, err
	}
	vals, err := c.readQuery(ctx, st)
	if err != nil || len(vals) == 0 {
		return nil, err
	}
	return vals[0], nil
}

// GetAnyValues reads nodes of any type by id, in the order asked; an unknown
// id gives a nil entry. byType is the selection for each concrete type.
func (c *Client) GetAnyValues(ctx context.Context, ids []string, byType map[eventgraph.NodeType][]Field) ([]any, error) {
	st, err := CompileGetAny(ids, byType)
	if err != nil {
		return nil, err
	}
	recs, err := c.readOne(ctx, query{name: st.Name, cypher: st.Cypher}, todayParams(ctx, st.Cypher, st.Params))
	if err != nil {
		return nil, err
	}
	byID := make(map[string]any, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		byID[id] = r.Values[1]
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// ListValue reads one page of a root list field (actors, events, ...): f
// carries first/after/where/orderBy and the connection's selection.
func (c *Client) ListValue(ctx context.Context, typ eventgraph.NodeType, f Field) (any, error) {
	st, err := CompileList(typ, f)
	if err != nil {
		return nil, err
	}
	if st.Cypher == "" {
		return map[string]any{}, nil
	}
	vals, err := c.readQuery(ctx, st)
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

func mapArg(args map[string]any, key string) map[string]any {
	m, _ := args[key].(map[string]any)
	return m
}

// SearchValue runs the full-text index over names, aliases, titles,
// statements and summaries. Each hit is {score, type, node}.
func (c *Client) SearchValue(ctx context.Context, text string, nodeTypes []eventgraph.NodeType, first int, byType map[eventgraph.NodeType][]Field) (any, error) {
	st, err := CompileSearch(text, nodeTypes, first, byType)
	if err != nil {
		return nil, err
	}
	vals, err := c.readQuery(ctx, st)
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

// plain converts the driver's temporal and graph types into JSON-friendly ones.
func plain(v any) any { return mapLeaves(v, plainLeaf) }

func plainLeaf(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.Time().Format(time.DateOnly)
	case dbtype.LocalDateTime:
		return x.Time().Format("2006-01-02T15:04:05")
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return x.String()
	case dbtype.Node:
		return plain(x.Props)
	}
	return v
}
