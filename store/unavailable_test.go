package store

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A database that does not answer must reach clients as
// DATABASE_UNAVAILABLE, not INTERNAL, and soon.
func TestUnreachableDatabaseIsUnavailable(t *testing.T) {
	driver := unreachableDriver(t, 2*time.Second)
	c := &Client{driver: driver, timeout: 5 * time.Second}
	defer c.Close(context.Background())

	start := time.Now()
	_, err := c.getJSON(context.Background(), eventgraph.NodeTypeActor, "russia", nil)
	if code := eventgraph.ErrorCode(err); code != eventgraph.CodeDatabaseUnavailable {
		t.Errorf("code = %s (%v), want DATABASE_UNAVAILABLE", code, err)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %v to give up", took)
	}
	if code := eventgraph.ErrorCode(c.Ping(context.Background())); code != eventgraph.CodeDatabaseUnavailable {
		t.Errorf("ping code = %s", code)
	}
}

// unreachableDriver is a driver for a port that was free a moment ago, where
// nothing listens, giving up retrying after retry.
func unreachableDriver(t *testing.T, retry time.Duration) neo4j.DriverWithContext {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	driver, err := neo4j.NewDriverWithContext("bolt://"+addr, neo4j.NoAuth(), func(c *neo4j.Config) {
		c.MaxTransactionRetryTime = retry
		c.SocketConnectTimeout = time.Second
	})
	if err != nil {
		t.Fatal(err)
	}
	return driver
}
