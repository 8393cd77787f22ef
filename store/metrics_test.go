package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/metrics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Which failures count as the database's, and as what kind. The errors are
// the driver's own types, as it returns them; a client's input and a dry
// run's rollback are not database failures.
func TestFailureKind(t *testing.T) {
	neo := func(code string) error { return &neo4j.Neo4jError{Code: code, Msg: "m"} }
	wrapped := func(err error) error { return fmt.Errorf("list Event: %w", err) }
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no error", nil, ""},
		{"input errors", eventgraph.InputErrors{eventgraph.InputError("input.events[0]", "bad")}, ""},
		{"a dry run's rollback", &rollback{}, ""},
		{"the store's own not found", eventgraph.Errorf(eventgraph.CodeNotFound, "no such node"), ""},
		{"client went away", wrapped(context.Canceled), metrics.DBCancelled},
		{"request deadline", wrapped(context.DeadlineExceeded), metrics.DBTimeout},
		{"transaction timeout", wrapped(neo("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")), metrics.DBTimeout},
		{"connectivity", &neo4j.ConnectivityError{Inner: errors.New("connection refused")}, metrics.DBUnavailable},
		{"retries exhausted", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{neo("Neo.TransientError.General.DatabaseUnavailable")}}, metrics.DBUnavailable},
		{"retries exhausted on memory", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{neo("Neo.TransientError.General.MemoryPoolOutOfMemoryError")}}, metrics.DBMemory},
		{"transaction memory limit", wrapped(neo("Neo.ClientError.General.TransactionOutOfMemoryError")), metrics.DBMemory},
		{"memory pool", wrapped(neo("Neo.TransientError.General.MemoryPoolOutOfMemoryError")), metrics.DBMemory},
		{"database unavailable", wrapped(neo("Neo.TransientError.General.DatabaseUnavailable")), metrics.DBUnavailable},
		{"bad bookmark", wrapped(neo("Neo.ClientError.Transaction.InvalidBookmark")), metrics.DBClient},
		{"syntax", wrapped(neo("Neo.ClientError.Statement.SyntaxError")), metrics.DBClient},
		{"deadlock", wrapped(neo("Neo.TransientError.Transaction.DeadlockDetected")), metrics.DBTransient},
		{"database error", wrapped(neo("Neo.DatabaseError.General.UnknownError")), metrics.DBDatabase},
		{"already classified unavailable", unavailable(errors.New("gone")), metrics.DBUnavailable},
		{"something else", errors.New("surprise"), metrics.DBOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := failureKind(tc.err); got != tc.want {
				t.Errorf("failureKind(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}

// A database that does not answer is counted as unavailable, once per call
// that gave up, and each query tried is a round trip with its time.
func TestUnreachableDatabaseIsCounted(t *testing.T) {
	driver := unreachableDriver(t, time.Second)
	reg := metrics.New()
	c := &Client{driver: driver, timeout: 5 * time.Second, metrics: reg}
	defer c.Close(context.Background())

	if _, err := c.getJSON(context.Background(), eventgraph.NodeTypeActor, "russia", nil); err == nil {
		t.Fatal("a read from no database succeeded")
	}
	if err := c.Ping(context.Background()); err == nil {
		t.Fatal("a ping of no database succeeded")
	}
	n, err := testutil.GatherAndCount(reg.Gatherer(), "eventgraph_db_round_trip_duration_seconds")
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d round-trip series, want 1 (get Actor)", n)
	}
	families, err := reg.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "eventgraph_db_errors_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			got[m.GetLabel()[0].GetValue()] = m.GetCounter().GetValue()
		}
	}
	for _, kind := range metrics.DBKinds {
		want := 0.0
		if kind == metrics.DBUnavailable {
			want = 2
		}
		if got[kind] != want {
			t.Errorf("db errors{kind=%q} = %v, want %v", kind, got[kind], want)
		}
	}
}
