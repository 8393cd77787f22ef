package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestQueryPastTheTransactionMemoryLimit sends a query that needs far more
// memory than Neo4j allows one transaction, through each of the store's
// ways of running one: it is QUERY_TOO_COMPLEX with a message fit for the
// client, tried once (the driver would retry what Neo4j calls transient),
// and the database answers afterwards.
func TestQueryPastTheTransactionMemoryLimit(t *testing.T) {
	c := writeTestClient(t)
	ctx := context.Background()
	// Without the limit the query would take the heap, and with
	// -XX:+ExitOnOutOfMemoryError the database with it: refuse to run.
	r := cypher(t, c, `CALL dbms.listConfig() YIELD name, value WHERE name = 'db.memory.transaction.max' RETURN value`, nil)
	if len(r) != 1 || r[0]["value"] == nil || r[0]["value"] == "0B" {
		t.Fatalf("Neo4j runs without a per-transaction memory limit (db.memory.transaction.max = %v); start it with scripts/neo4j", r)
	}
	t.Logf("db.memory.transaction.max = %v", r[0]["value"])

	// Ten million strings of a kilobyte each, collected: ten gigabytes.
	huge := query{"collect a huge list", `UNWIND range(1, 10000000) AS i
WITH collect(toString(i) + $pad) AS all
RETURN all[-1] AS last`}
	params := map[string]any{"pad": strings.Repeat("x", 1000)}
	ways := []struct {
		name string
		run  func() error
	}{
		{"auto-commit read", func() error {
			_, err := c.readOne(ctx, huge, params)
			return err
		}},
		{"read transaction", func() error {
			_, err := read(ctx, c, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
				return c.run(ctx, tx, huge, params)
			})
			return err
		}},
		{"write transaction", func() error {
			_, _, err := write(ctx, c, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
				recs, _, err := c.runCounted(ctx, tx, huge, params)
				return recs, err
			})
			return err
		}},
	}
	for _, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			before := c.RoundTrips()
			err := w.run()
			var coded *eventgraph.Error
			if code := eventgraph.ErrorCode(err); code != eventgraph.CodeQueryTooComplex || !errors.As(err, &coded) {
				t.Fatalf("code %s (%v), want QUERY_TOO_COMPLEX", code, err)
			}
			if coded.Message != msgTooMuchMemory {
				t.Errorf("message %q", coded.Message)
			}
			if n := c.RoundTrips() - before; n != 1 {
				t.Errorf("sent %d times, want once", n)
			}
			if err := c.Ping(ctx); err != nil {
				t.Fatalf("the database does not answer after the query: %v", err)
			}
			recs, err := c.readOne(ctx, query{"one", "RETURN 1 AS one"}, nil)
			if err != nil || len(recs) != 1 {
				t.Fatalf("a small query after it: %v %v", recs, err)
			}
		})
	}
}
