package respond_test

import (
	"context"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/respond"
	"github.com/eventgraph/eventgraph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Data that breaks the schema's promise (a name that is a number, written
// past the API) is an internal error, counted, and not answered by the
// executor behind the client's back.
func TestBrokenDataIsAnErrorNotAFallback(t *testing.T) {
	srv := apitest.Start(t)
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	const id = "t-respond-broken-name"
	if _, err := neo4j.ExecuteQuery(ctx, driver, `MERGE (a:Actor {id: $id}) SET a.name = 42, a.kind = 'STATE'`,
		map[string]any{"id": id}, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	// Deleted before the driver closes: other tests read every actor.
	t.Cleanup(func() {
		defer driver.Close(ctx)
		if _, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (a:Actor {id: $id}) DETACH DELETE a`, map[string]any{"id": id}, neo4j.EagerResultTransformer); err != nil {
			t.Errorf("deleting %s: %v", id, err)
		}
	})

	failures := respond.Failures()
	_, deferred := respond.Stats()
	counted := readShapeErrors(t, srv)
	r := srv.Query(t, `query($id: ID!) { actor(id: $id) { id name } }`, map[string]any{"id": id})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "INTERNAL" || string(r.Data) != "null" {
		t.Fatalf("want data null and one INTERNAL error, got %s %+v", r.Data, r.Errors)
	}
	if got := respond.Failures(); got != failures+1 {
		t.Errorf("failures %d -> %d, want one more", failures, got)
	}
	if _, now := respond.Stats(); now != deferred {
		t.Errorf("the executor was asked (%d -> %d operations)", deferred, now)
	}
	if got := readShapeErrors(t, srv); got != counted+1 {
		t.Errorf("eventgraph_read_shape_errors_total %v -> %v, want one more", counted, got)
	}
}

func readShapeErrors(t *testing.T, srv *apitest.Server) float64 {
	t.Helper()
	families, err := srv.Metrics.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == "eventgraph_read_shape_errors_total" {
			return f.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatal("no eventgraph_read_shape_errors_total in /metrics")
	return 0
}
