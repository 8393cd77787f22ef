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
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/metrics"
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
	// Metrics, when set, hears of every round trip, failure and ingested
	// item (see metrics.go).
	Metrics *metrics.Registry
}

// Client talks to one Neo4j DBMS and database.
type Client struct {
	driver   neo4j.DriverWithContext
	database string
	timeout  time.Duration
	// roundTrips counts queries sent, so tests can prove that a request's
	// cost does not grow with the page size.
	roundTrips RoundTripCounter
	// logTrips counts the revision log's statements (revision.go), at
	// most three per write transaction whatever its size, apart from
	// roundTrips, so that the tests of each path count that path's own.
	logTrips  RoundTripCounter
	cypherLog *queryLog
	metrics   *metrics.Registry
	// denseDegree is the neighbourhood's threshold (see neighborhoodEdges);
	// a field so that tests can send every node down either branch.
	denseDegree int
	// unrecorded turns the revision log off, for the benchmark that
	// measures what it costs (revision.go); nothing else sets it.
	unrecorded bool
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
	c := &Client{driver: driver, database: cfg.Database, timeout: timeout, denseDegree: denseDegree, metrics: cfg.Metrics}
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
		c.failed(err)
		return unavailable(fmt.Errorf("neo4j connectivity: %w", err))
	}
	return nil
}

// RoundTrips is the number of queries this client has sent, but for the
// revision log's (LogRoundTrips).
func (c *Client) RoundTrips() int64 { return c.roundTrips.Load() }

// LogRoundTrips is the number of the revision log's statements this client
// has sent: the reads of what a write touches and the revisions appended.
func (c *Client) LogRoundTrips() int64 { return c.logTrips.Load() }

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
		c.failed(err)
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
			c.failed(err)
			return nil, classify(ended(ctx, err))
		}
		if time.Now().Add(wait).After(deadline) {
			c.failed(&neo4j.TransactionExecutionLimit{Cause: "retry time exceeded", Errors: []error{err}})
			return nil, gaveUp(err)
		}
		select {
		case <-ctx.Done():
			c.failed(ctx.Err())
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
// commit, for the client to pass on to later reads. What the work touched
// (revision.go) is recorded in the revision log before the commit, in the
// same transaction.
func write[T any](ctx context.Context, c *Client, work func(tx neo4j.ManagedTransaction) (T, error)) (T, string, error) {
	s := c.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)
	meta := metaOf(ctx)
	res, err := s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if c.unrecorded {
			return work(tx)
		}
		rt := &recordingTx{ManagedTransaction: tx, rec: &recording{before: map[string]*entityState{}}}
		res, err := work(rt)
		if err != nil {
			return res, err
		}
		return res, c.commitRevision(ctx, rt, meta)
	}, neo4j.WithTxTimeout(c.txTimeout(ctx)))
	if err != nil {
		c.failed(err)
		var zero T
		return zero, "", classifyWrite(ended(ctx, err))
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
	defer c.answered(q, c.sending(q, params))
	res, err := start()
	if err != nil {
		return nil, queryFailed(q, err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, queryFailed(q, err)
	}
	return recs, nil
}

// queryFailed names the query in err. A query that needed more memory than
// Neo4j allows one transaction (db.memory.transaction.max, set by the
// launcher and docker-compose.yml) becomes QUERY_TOO_COMPLEX here, inside
// the transaction function: Neo4j calls the error transient, so the driver
// would retry it for retryTime, and it would fail the same way each time.
// Its cause is kept as text only, as the driver retries any error that
// unwraps to a transient Neo4j error.
func queryFailed(q query, err error) error {
	if memoryLimit(err) == perTransaction {
		return &eventgraph.Error{Code: eventgraph.CodeQueryTooComplex, Message: msgTooMuchMemory,
			Err: fmt.Errorf("%s: %s", q.name, err)}
	}
	return fmt.Errorf("%s: %w", q.name, err)
}

const msgTooMuchMemory = "the query needs more memory than the database allows one query; ask for less"

// Neo4j's memory limits, as memoryLimit tells them apart.
const (
	noLimit        = iota
	perTransaction // db.memory.transaction.max: this query is too big
	pool           // db. or dbms.memory.transaction.total.max: all queries together are
)

// memoryLimit tells whether err is Neo4j refusing an allocation, and which
// limit refused it. Both come with one code; only the message, which names
// the setting, tells them apart.
func memoryLimit(err error) int {
	var nerr *neo4j.Neo4jError
	if !errors.As(err, &nerr) || nerr.Code != "Neo.TransientError.General.MemoryPoolOutOfMemoryError" {
		return noLimit
	}
	if strings.Contains(nerr.Msg, "db.memory.transaction.max") {
		return perTransaction
	}
	return pool
}

// query is a named Cypher statement; the name appears in logs and errors.
type query struct {
	name   string
	cypher string
}

// classifyWrite is classify for a write transaction, which can also fail
// so that nobody knows whether it was written: the connection dropped after
// COMMIT was sent and before Neo4j answered. The client is told so, and that
// sending the same write again is safe: every write is idempotent (ids make
// ingest and the upserts so; deleting, linking and unlinking twice end
// where once does).
func classifyWrite(err error) error {
	if commitUnknown(err) {
		return &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable,
			Message:    "the connection to the database dropped while the write was being committed, so it may or may not have been written; sending it again is safe",
			Extensions: map[string]any{"committed": "unknown"}, Err: err}
	}
	return classify(err)
}

// commitUnknown tells the driver's sign of a commit whose outcome is
// unknown: a ConnectivityError that it does not retry, as it wraps a
// CommitFailedDeadError (a type internal to the driver; neo4j.IsRetryable
// is the public way to tell it from the connectivity errors it retries).
func commitUnknown(err error) bool {
	var conn *neo4j.ConnectivityError
	return errors.As(err, &conn) && !neo4j.IsRetryable(conn)
}

// classify keeps coded client errors as they are and marks connection
// failures as DATABASE_UNAVAILABLE; everything else stays internal.
func classify(err error) error {
	var coded *eventgraph.Error
	var input eventgraph.InputErrors
	if errors.As(err, &coded) || errors.As(err, &input) {
		return err
	}
	switch memoryLimit(err) {
	case perTransaction:
		// Past a transaction function (a migration, an auto-commit read
		// that was never retried): the same as queryFailed says.
		return &eventgraph.Error{Code: eventgraph.CodeQueryTooComplex, Message: msgTooMuchMemory, Err: err}
	case pool:
		return gaveUp(err)
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// The driver gave up retrying connectivity or transient failures.
		return gaveUp(err)
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
	if errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.TransientError.") {
		// A transient failure the driver did not retry away, such as a
		// write stopped while it waited for another's locks
		// (LockClientStopped): nothing was written, and trying again later
		// is what the database asks for.
		return &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database was too busy to finish this in time; nothing was written, and sending it again is safe", Err: err}
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

// gaveUp is DATABASE_UNAVAILABLE for a transient failure that retries did
// not get past (the driver's, which end in a TransactionExecutionLimit, or
// readOne's), told by the last failure.
func gaveUp(err error) error {
	last := err
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		last = limit.Errors[len(limit.Errors)-1]
	}
	if memoryLimit(last) == pool {
		// The memory all transactions together may hold is taken: this
		// query may be small, the others are many or large. Neo4j calls
		// that transient, and it is, so it was retried first.
		return &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable,
			Message: "the database has no memory to spare for another query just now; try again shortly", Err: err}
	}
	return unavailable(err)
}

func unavailable(err error) error {
	return &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database is unavailable", Err: err}
}
