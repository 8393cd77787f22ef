package respond

import (
	"bytes"
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/selection"
)

// neighborhood and path return a Subgraph. Unlike the other root fields,
// the store builds the model itself (it joins nodes and relationships by
// element id), and the writer walks that *model.Subgraph. Absent or null
// arguments take the schema's defaults; props says whether any node or
// edge properties are selected.

func (e *Extension) neighborhood(ctx context.Context, opCtx *graphql.OperationContext, f graphql.CollectedField) (any, error) {
	args := f.ArgumentMap(opCtx.Variables)
	id, ok := args["id"].(string)
	if !ok {
		return nil, errUnsure
	}
	depth, err := intArg(f, args, "depth")
	if err != nil {
		return nil, err
	}
	limit, err := intArg(f, args, "limit")
	if err != nil {
		return nil, err
	}
	from, err := dateArg(args, "from")
	if err != nil {
		return nil, err
	}
	to, err := dateArg(args, "to")
	if err != nil {
		return nil, err
	}
	g, err := e.store.Neighborhood(ctx, id, depth, limit, from, to, selection.SelectsProperties(opCtx, f))
	if err != nil {
		return nil, err
	}
	return g, nil
}

func (e *Extension) path(ctx context.Context, opCtx *graphql.OperationContext, f graphql.CollectedField) (any, error) {
	args := f.ArgumentMap(opCtx.Variables)
	from, okFrom := args["fromId"].(string)
	to, okTo := args["toId"].(string)
	if !okFrom || !okTo {
		return nil, errUnsure
	}
	maxDepth, err := intArg(f, args, "maxDepth")
	if err != nil {
		return nil, err
	}
	g, err := e.store.Path(ctx, from, to, maxDepth)
	if err != nil {
		return nil, err
	}
	return g, nil
}

// intArg is an optional Int argument of f; absent or null, it is the
// schema's default for it.
func intArg(f graphql.CollectedField, args map[string]any, name string) (int, error) {
	v := args[name]
	if v == nil {
		def := f.Definition.Arguments.ForName(name)
		if def == nil || def.DefaultValue == nil {
			return 0, errUnsure
		}
		var err error
		if v, err = def.DefaultValue.Value(nil); err != nil {
			return 0, errUnsure
		}
	}
	n, ok := toInt(v)
	if !ok {
		return 0, errUnsure
	}
	return n, nil
}

// dateArg is an optional Date argument. argumentsDecode has made sure it
// parses; eventgraph.Date.UnmarshalGQL reads it the same way.
func dateArg(args map[string]any, name string) (*eventgraph.Date, error) {
	v := args[name]
	if v == nil {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, errUnsure
	}
	d, err := eventgraph.ParseDate(s)
	if err != nil {
		return nil, errUnsure
	}
	return &d, nil
}

// subgraph writes v, the *model.Subgraph the store returned, as the
// executor marshals it.
func (w *writer) subgraph(f graphql.CollectedField, v any) error {
	g, ok := v.(*model.Subgraph)
	if !ok && v != nil {
		return errUnsure
	}
	if g == nil {
		if f.Definition.Type.NonNull {
			return errUnsure // the executor reports a null where it may not be
		}
		w.buf = append(w.buf, "null"...) // a path with no connection
		return nil
	}
	return w.built(f, "Subgraph", func(sf graphql.CollectedField) error {
		switch sf.Name {
		case "nodes":
			return writeList(w, sf, g.Nodes, w.graphNode)
		case "edges":
			return writeList(w, sf, g.Edges, w.graphEdge)
		case "truncated":
			w.marshal(graphql.MarshalBoolean(g.Truncated))
			return nil
		}
		return errUnsure
	})
}

// writeList writes a non-null list of non-null objects; a nil slice is []
// as the executor writes it, a nil element is the executor's to report.
func writeList[T any](w *writer, f graphql.CollectedField, items []*T, item func(graphql.CollectedField, *T) error) error {
	w.buf = append(w.buf, '[')
	for i, it := range items {
		if it == nil {
			return errUnsure
		}
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		if err := item(f, it); err != nil {
			return err
		}
	}
	w.buf = append(w.buf, ']')
	return nil
}

func (w *writer) graphNode(f graphql.CollectedField, n *model.GraphNode) error {
	return w.built(f, "GraphNode", func(nf graphql.CollectedField) error {
		switch nf.Name {
		case "id":
			w.str(n.ID)
		case "type":
			w.name(n.Type.String()) // an enum value, as the writer writes every enum
		case "label":
			w.str(n.Label)
		case "properties":
			return w.jsonMap(n.Properties)
		default:
			return errUnsure
		}
		return nil
	})
}

func (w *writer) graphEdge(f graphql.CollectedField, e *model.GraphEdge) error {
	return w.built(f, "GraphEdge", func(ef graphql.CollectedField) error {
		switch ef.Name {
		case "id":
			w.str(e.ID)
		case "type":
			w.str(e.Type)
		case "source":
			w.str(e.Source)
		case "target":
			w.str(e.Target)
		case "properties":
			return w.jsonMap(e.Properties)
		default:
			return errUnsure
		}
		return nil
	})
}

// emptyMap is what graphql.MarshalMap writes for no properties, the
// common case (every node and edge without properties has an empty map):
// written once, not through a new encoder for each node and edge.
var emptyMap = func() []byte {
	var b bytes.Buffer
	graphql.MarshalMap(map[string]any{}).MarshalGQL(&b)
	return b.Bytes()
}()

// jsonMap writes a JSON scalar with graphql.MarshalMap, which panics on
// what encoding/json cannot write (a NaN, say).
func (w *writer) jsonMap(m map[string]any) (err error) {
	switch {
	case m == nil:
		return errUnsure // null where the schema promises a map
	case len(m) == 0:
		w.buf = append(w.buf, emptyMap...)
		return nil
	}
	defer func() {
		if recover() != nil {
			err = errUnsure
		}
	}()
	w.marshal(graphql.MarshalMap(m))
	return nil
}
