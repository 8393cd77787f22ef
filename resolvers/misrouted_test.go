package resolvers

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// A Query resolver of a field package respond answers holds no read: were
// the executor ever to call one, it would answer an internal error and be
// counted (respond's golden test requires the count not to move).
func TestQueryReadResolversAreNeverTheAnswer(t *testing.T) {
	q := &queryResolver{&Resolver{}}
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Name: "actor"}}})
	before := Misrouted()
	a, err := q.Actor(ctx, "russia", nil)
	if a != nil || err == nil || !strings.Contains(err.Error(), "Query.actor is answered by package respond") {
		t.Errorf("Query.actor answered %v, %v", a, err)
	}
	if _, err := q.Neighborhood(ctx, "russia", nil, nil, nil, nil); err == nil {
		t.Error("Query.neighborhood answered")
	}
	if got := Misrouted(); got != before+2 {
		t.Errorf("Misrouted %d -> %d, want two more", before, got)
	}
}
