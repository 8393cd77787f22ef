package respond

import (
	"bytes"
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/selection"
)

// neighborhood and path read a Subgraph, with arguments of their own
// rather than a selection the compiler walks: absent or null, they take
// the schema's defaults; props says whether any node or edge properties
// are selected. The value is written like any other (write.go).

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
