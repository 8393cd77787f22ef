package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/metrics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// What the store reports to Config.Metrics: every round trip with its time
// (sending and answered), every failed database call by kind (failed), and
// what became of the nodes of every written batch (countItems).

// sending counts and logs a query about to be sent and returns when it was
// sent, for answered.
func (c *Client) sending(q query, params map[string]any) time.Time {
	if logStatements[q.name] {
		c.logTrips.Add(1) // revision.go: a fixed number per write, counted apart
	} else {
		c.roundTrips.Add(1)
	}
	c.cypherLog.write(q, params)
	return time.Now()
}

// answered records the round trip of q sent at since, answered or failed.
func (c *Client) answered(q query, since time.Time) {
	c.metrics.RoundTrip(q.name, time.Since(since))
}

// failed counts a database call that failed with err, unless the failure
// is not the database's (a client's input, a dry run's rollback).
func (c *Client) failed(err error) {
	if kind := failureKind(err); kind != "" {
		c.metrics.DatabaseError(kind)
	}
}

// failureKind says what kind of database failure err is (metrics.DBKinds),
// or "" when err is not one.
func failureKind(err error) string {
	var coded *eventgraph.Error
	var input eventgraph.InputErrors
	var rb *rollback
	if err == nil || errors.As(err, &input) || errors.As(err, &rb) {
		return ""
	}
	unavailable := false
	if errors.As(err, &coded) {
		if coded.Code != eventgraph.CodeDatabaseUnavailable && coded.Code != eventgraph.CodeInternal {
			// The store's own checks (a bad reference, an unknown bookmark
			// already classified): the client's doing, not the database's.
			return ""
		}
		unavailable = coded.Code == eventgraph.CodeDatabaseUnavailable
	}
	switch {
	case errors.Is(err, context.Canceled):
		return metrics.DBCancelled
	case errors.Is(err, context.DeadlineExceeded):
		return metrics.DBTimeout
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// The driver gave up retrying: say why when the last try says.
		if n := len(limit.Errors); n > 0 && neo4jKind(limit.Errors[n-1]) == metrics.DBMemory {
			return metrics.DBMemory
		}
		return metrics.DBUnavailable
	}
	var conn *neo4j.ConnectivityError
	if errors.As(err, &conn) || neo4j.IsConnectivityError(err) {
		return metrics.DBUnavailable
	}
	if kind := neo4jKind(err); kind != "" {
		return kind
	}
	if unavailable {
		return metrics.DBUnavailable
	}
	return metrics.DBOther
}

// neo4jKind classifies a Neo4j server error by its status code, "" for
// other errors.
func neo4jKind(err error) string {
	var nerr *neo4j.Neo4jError
	if !errors.As(err, &nerr) {
		return ""
	}
	switch {
	case strings.Contains(nerr.Code, "OutOfMemory"):
		// MemoryPoolOutOfMemoryError (db.memory.transaction.total.max),
		// TransactionOutOfMemoryError (db.memory.transaction.max), OutOfMemoryError.
		return metrics.DBMemory
	case strings.HasPrefix(nerr.Code, "Neo.ClientError.Transaction.TransactionTimedOut"):
		return metrics.DBTimeout
	case strings.HasPrefix(nerr.Code, "Neo.TransientError.General.DatabaseUnavailable"):
		return metrics.DBUnavailable
	}
	switch nerr.Classification() {
	case "ClientError":
		return metrics.DBClient
	case "TransientError":
		return metrics.DBTransient
	case "DatabaseError":
		return metrics.DBDatabase
	}
	return metrics.DBOther
}

// kinds are the node kinds of the ingest metrics.
var kinds = func() map[eventgraph.NodeType]string {
	m := make(map[eventgraph.NodeType]string, len(nodeTypes))
	for _, nt := range nodeTypes {
		m[nt] = strings.ToLower(string(nt))
	}
	return m
}()

// countItems reports what became of the nodes of a batch written for real
// (dry runs are not counted): on success the result's counts per node type;
// when the batch was refused or not written, every node it held, rejected
// when the input was at fault and failed when the database was.
func (c *Client) countItems(in *model.IngestInput, counts []*model.IngestCount, err error) {
	if c.metrics == nil {
		return
	}
	if err == nil {
		for _, n := range counts {
			c.metrics.Ingested(kinds[n.Type], metrics.Created, n.Created)
			c.metrics.Ingested(kinds[n.Type], metrics.Updated, n.Updated)
			c.metrics.Ingested(kinds[n.Type], metrics.Unchanged, n.Unchanged)
		}
		return
	}
	outcome := metrics.Failed
	if clientError(err) {
		outcome = metrics.Rejected
	}
	sizes := map[eventgraph.NodeType]int{eventgraph.NodeTypeSource: len(in.Sources), eventgraph.NodeTypeActor: len(in.Actors),
		eventgraph.NodeTypeLocation: len(in.Locations), eventgraph.NodeTypeTopic: len(in.Topics), eventgraph.NodeTypeEvent: len(in.Events),
		eventgraph.NodeTypePosition: len(in.Positions), eventgraph.NodeTypeForecast: len(in.Forecasts)}
	for _, nt := range nodeTypes {
		c.metrics.Ingested(kinds[nt], outcome, sizes[nt])
	}
}

// upsertCounts is an upsert's status as the counts of an ingest result.
func upsertCounts(label string, status model.WriteStatus) []*model.IngestCount {
	if nt, ok := eventgraph.NodeTypeOf(label); ok {
		n := &model.IngestCount{Type: nt}
		switch status {
		case model.WriteStatusCreated:
			n.Created = 1
		case model.WriteStatusUpdated:
			n.Updated = 1
		case model.WriteStatusUnchanged:
			n.Unchanged = 1
		}
		return []*model.IngestCount{n}
	}
	return nil
}

// clientError says whether err is the client's input refused (as opposed to
// the database failing).
func clientError(err error) bool {
	var input eventgraph.InputErrors
	var coded *eventgraph.Error
	if errors.As(err, &input) {
		return true
	}
	return errors.As(err, &coded) && (coded.Code == eventgraph.CodeBadUserInput || coded.Code == eventgraph.CodeNotFound)
}
