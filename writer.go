package eventgraph

import "context"

type keyNameKey struct{}
type batchIDKey struct{}

// WithKeyName marks ctx with the name of the API key a request came with
// (server/auth.go names every key), so that the revisions its writes leave
// say who wrote them; the key itself is never passed on.
func WithKeyName(ctx context.Context, name string) context.Context {
	if name == "" {
		return ctx
	}
	return context.WithValue(ctx, keyNameKey{}, name)
}

// KeyNameFrom returns the name WithKeyName put into ctx, or "".
func KeyNameFrom(ctx context.Context) string {
	name, _ := ctx.Value(keyNameKey{}).(string)
	return name
}

// WithBatchID marks ctx with the client's id for the batch its writes
// belong to (the X-Batch-Id header), recorded in their revisions.
func WithBatchID(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, batchIDKey{}, id)
}

// BatchIDFrom returns the id WithBatchID put into ctx, or "".
func BatchIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(batchIDKey{}).(string)
	return id
}
