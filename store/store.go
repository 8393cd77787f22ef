// Package store is the Neo4j side of the service: it holds every Cypher query
// (parameterised only: user input never becomes query text), runs reads as
// read transactions and writes as write transactions so that a cluster can
// route them, and turns a GraphQL selection into one Cypher query per root
// field. Nothing outside this package imports the Neo4j driver.
package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Config says where the database is. URI may use neo4j:// (routing, for a
// cluster or Aura) or bolt:// (one server).
type Config struct {
	URI      string
	User     string
	Password string
	Database string
	// QueryTimeout bounds every transaction; zero means 15 s.
	QueryTimeout time.Duration
	// MaxPoolSize is the driver's connection pool size; zero means the driver's default.
	MaxPoolSize int
	// CypherLog, when set, is a file that gets one JSON line per query sent
	// ({name, cypher, params}); the benchmark's raw-driver floor replays it.
	CypherLog string
}

// Client talks to one Neo4j DBMS and database.
type Client struct {
	driver   neo4j.DriverWithContext
	database string
	timeout  time.Duration
	// roundTrips counts queries sent, so tests can prove that a request's
	// cost does not grow with the page size.
	roundTrips RoundTripCounter
	cypherLog  *queryLog
	// denseDegree is the neighbourhood's threshold (see neighborhoodEdges);
	// a field so that tests can send every node down either branch.
	denseDegree int
}

// Open connects to Neo4j and checks that it answers.
func Open(ctx context.Context, cfg Config) (*Client, error) {
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *neo4j.Config) {
		if cfg.MaxPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxPoolSize
		}
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.SocketConnectTimeout = 5 * time.Second
		// The driver retries transient failures; past this, the client
		// hears DATABASE_UNAVAILABLE rather than waiting out its request.
		c.MaxTransactionRetryTime = retryTime
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	timeout := cfg.QueryTimeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	c := &Client{driver: driver, database: cfg.Database, timeout: timeout, denseDegree: denseDegree}
	if cfg.CypherLog != "" {
		if c.cypherLog, err = openQueryLog(cfg.CypherLog); err != nil {
			driver.Close(ctx)
			return nil, err
		}
	}
	if err := c.Ping(ctx); err != nil {
		driver.Close(ctx)
		return nil, err
	}
	return c, nil
}

// Close releases the driver's connections.
func (c *Client) Close(ctx context.Context) error {
	c.cypherLog.close()
	return c.driver.Close(ctx)
}

// Ping checks that the database answers; /readyz uses it.
func (c *Client) Ping(ctx context.Context) error {
	if err := c.driver.VerifyConnectivity(ctx); err != nil {
		return unavailable(fmt.Errorf("neo4j connectivity: %w", err))
	}
	return nil
}

// RoundTrips is the number of queries this client has sent.
func (c *Client) RoundTrips() int64 { return c.roundTrips.Load() }

type timeoutKey struct{}

// WithTimeout lets the transactions run for ctx take up to d instead of the
// configured query timeout: for work known to be long, such as a first load
// on a cold database, not for client requests.
func WithTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, timeoutKey{}, d)
}

func (c *Client) txTimeout(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(timeoutKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return c.timeout
}

func (c *Client) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	cfg := neo4j.SessionConfig{AccessMode: mode, DatabaseName: c.database}
	if bm := eventgraph.BookmarksFrom(ctx); len(bm) > 0 {
		cfg.Bookmarks = neo4j.BookmarksFromRawValues(bm...)
	}
	return c.driver.NewSession(ctx, cfg)
}

// read runs work in a read transaction (routed to a secondary in a cluster).
func read[T any](ctx context.Context, c *Client, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	s := c.session(ctx, neo4j.AccessModeRead)
	defer s.Close(ctx)
	res, err := s.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return work(tx)
	}, neo4j.WithTxTimeout(c.txTimeout(ctx)))
	if err != nil {
		var zero T
		return zero, classify(ended(ctx, err))
	}
	return res.(T), nil
}

// retryTime bounds the retries of transient failures (the driver's for
// transaction functions, readOne's for single reads): past it, the client
// hears DATABASE_UNAVAILABLE rather than waiting out its request.
const retryTime = 5 * time.Second

// readOne runs one read statement as an auto-commit transaction: a
// transaction function costs a COMMIT round trip more, which was 250 µs of
// a 650 µs lookup. One statement sees one consistent state either way.
// Transient failures are retried as the driver retries transaction
// functions, with backoff and jitter, for up to retryTime.
func (c *Client) readOne(ctx context.Context, q query, params map[string]any) ([]*neo4j.Record, error) {
	deadline := time.Now().Add(retryTime)
	wait := 50 * time.Millisecond
	for {
		recs, err := c.autoCommit(ctx, q, params)
		if err == nil {
			return recs, nil
		}
		if !neo4j.IsRetryable(err) || ctx.Err() != nil {
			return nil, classify(ended(ctx, err))
		}
		if time.Now().Add(wait).After(deadline) {
			return nil, unavailable(err)
		}
		select {
		case <-ctx.Done():
			return nil, classify(ctx.Err())
		case <-time.After(wait/2 + time.Duration(rand.Int64N(int64(wait)))):
		}
		wait = min(2*wait, time.Second)
	}
}

func (c *Client) autoCommit(ctx context.Context, q query, params map[string]any) ([]*neo4j.Record, error) {
	s := c.session(ctx, neo4j.AccessModeRead)
	defer s.Close(ctx)
	return c.send(ctx, q, params, func() (neo4j.ResultWithContext, error) {
		return s.Run(ctx, q.cypher, params, neo4j.WithTxTimeout(c.txTimeout(ctx)))
	})
}

// write runs work in a write transaction and returns the bookmark of the
// commit, for the client to pass on to later reads.
func write[T any](ctx context.Context, c *Client, work func(tx neo4j.ManagedTransaction) (T, error)) (T, string, error) {
	s := c.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)
	res, err := s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return work(tx)
	}, neo4j.WithTxTimeout(c.txTimeout(ctx)))
	if err != nil {
		var zero T
		return zero, "", classify(ended(ctx, err))
	}
	bookmark := ""
	if bms := neo4j.BookmarksToRawValues(s.LastBookmarks()); len(bms) > 0 {
		bookmark = bms[0]
	}
	return res.(T), bookmark, nil
}

// run sends one query in tx and collects its records.
func (c *Client) run(ctx context.Context, tx neo4j.ManagedTransaction, q query, params map[string]any) ([]*neo4j.Record, error) {
	return c.send(ctx, q, params, func() (neo4j.ResultWithContext, error) { return tx.Run(ctx, q.cypher, params) })
}

// send counts the round trip, logs the query, runs it and collects its
// records, in whatever transaction start opens it in.
func (c *Client) send(ctx context.Context, q query, params map[string]any, start func() (neo4j.ResultWithContext, error)) ([]*neo4j.Record, error) {
	c.roundTrips.Add(1)
	c.cypherLog.write(q, params)
	res, err := start()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q.name, err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q.name, err)
	}
	return recs, nil
}

// query is a named Cypher statement; the name appears in logs and errors.
type query struct {
	name   string
	cypher string
}

// classify keeps coded client errors as they are and marks connection
// failures as DATABASE_UNAVAILABLE; everything else stays internal.
func classify(err error) error {
	var coded *eventgraph.Error
	var input eventgraph.InputErrors
	if errors.As(err, &coded) || errors.As(err, &input) {
		return err
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// The driver gave up retrying connectivity or transient failures.
		return unavailable(err)
	}
	var conn *neo4j.ConnectivityError
	var usage *neo4j.UsageError
	if errors.As(err, &conn) || neo4j.IsConnectivityError(err) || errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &usage) {
		if errors.Is(err, context.DeadlineExceeded) {
			return &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database did not answer in time", Err: err}
		}
		return unavailable(err)
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Transaction.InvalidBookmark" {
		return &eventgraph.Error{Code: eventgraph.CodeBadUserInput, Message: "the Neo4j-Bookmark header is not a bookmark this database handed out", Err: err}
	}
	if errors.As(err, &nerr) && (nerr.Code == "Neo.ClientError.Transaction.TransactionTimedOut" ||
		nerr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration") {
		// The database is up and stopped a query that ran too long: the
		// request asked for too much, the database is not unavailable.
		return &eventgraph.Error{Code: eventgraph.CodeQueryTooComplex, Message: "the query took longer than the database allows and was stopped: ask for less or split the request", Err: err}
	}
	return err
}

// ended adds the context's error to err when the context ended while the
// database was working: the driver reports a deadline that passes
// mid-query as a ConnectivityError that does not wrap it, and a client
// whose request ran out of time must not hear that the database is down
// (the server's presenter tells the two apart by this).
func ended(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w (%w)", err, ctxErr)
	}
	return err
}

func unavailable(err error) error {
	return &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database is unavailable", Err: err}
}
