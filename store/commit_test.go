package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// boltCommit is a Bolt COMMIT message as it travels: one chunk of two bytes
// (a struct with no fields, signature 0x12), then the end-of-message marker.
var boltCommit = []byte{0x00, 0x02, 0xB0, 0x12, 0x00, 0x00}

// dropAtCommit is a TCP proxy between the driver and Neo4j. Once armed, it
// passes the next COMMIT on to Neo4j, cuts the driver's connection at once,
// and waits for Neo4j's answer, which it keeps from the driver: the write is
// committed and the driver cannot know. Everything else passes through.
type dropAtCommit struct {
	l        net.Listener
	target   string
	armed    atomic.Bool
	answered chan struct{} // Neo4j answered the COMMIT the driver never heard of
	once     sync.Once
}

func newDropAtCommit(t *testing.T, target string) *dropAtCommit {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dropAtCommit{l: l, target: target, answered: make(chan struct{})}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			client, err := l.Accept()
			if err != nil {
				return
			}
			go p.serve(client)
		}
	}()
	return p
}

func (p *dropAtCommit) serve(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	var cut atomic.Bool
	go func() { // Neo4j to the driver
		defer client.Close()
		defer server.Close()
		buf := make([]byte, 64<<10)
		for {
			n, err := server.Read(buf)
			if n > 0 && cut.Load() {
				p.once.Do(func() { close(p.answered) })
				return
			}
			if n > 0 {
				if _, werr := client.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	// The driver to Neo4j, watching for COMMIT, also across reads.
	buf := make([]byte, 64<<10)
	var tail []byte
	for {
		n, err := client.Read(buf)
		if n > 0 {
			seen := append(append([]byte{}, tail...), buf[:n]...)
			if i := bytes.Index(seen, boltCommit); i >= 0 && p.armed.CompareAndSwap(true, false) {
				end := i + len(boltCommit) - len(tail)
				cut.Store(true)
				server.Write(buf[:end])
				client.Close()
				return
			}
			if _, werr := server.Write(buf[:n]); werr != nil {
				client.Close()
				return
			}
			tail = seen[max(0, len(seen)-len(boltCommit)+1):]
		}
		if err != nil {
			server.Close()
			client.Close()
			return
		}
	}
}

// TestCommitOutcomeUnknown cuts the connection while Neo4j commits a write:
// the store reports DATABASE_UNAVAILABLE with committed "unknown" (from the
// driver's real error), the write is in fact in the graph, and sending it
// again, as the clients do, changes nothing.
func TestCommitOutcomeUnknown(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newDropAtCommit(t, u.Host)
	cfg.URI = "bolt://" + proxy.l.Addr().String()
	pc, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open through the proxy: %v", err)
	}
	defer pc.Close(ctx)

	actor := model.ActorInput{ID: sp(p + "actor"), Name: "Actor", Kind: model.ActorKindPerson}
	proxy.armed.Store(true)
	_, _, _, err = pc.UpsertActor(ctx, actor)
	var coded *eventgraph.Error
	if !errors.As(err, &coded) || coded.Code != eventgraph.CodeDatabaseUnavailable {
		t.Fatalf("error %v, want DATABASE_UNAVAILABLE", err)
	}
	if got := coded.Extensions["committed"]; got != "unknown" {
		t.Errorf("extensions %v, want committed: unknown", coded.Extensions)
	}
	var conn *neo4j.ConnectivityError
	if !errors.As(err, &conn) || neo4j.IsRetryable(conn) {
		t.Errorf("cause %v is not the driver's unretried connectivity error", err)
	}
	select {
	case <-proxy.answered:
	case <-time.After(10 * time.Second):
		t.Fatal("Neo4j never answered the COMMIT")
	}
	if r := cypher(t, c, `MATCH (a:Actor {id: $id}) RETURN a.name AS name`, map[string]any{"id": p + "actor"}); len(r) != 1 {
		t.Fatalf("the write was not committed after all: %v", r)
	}
	// The replay the error invites: nothing changes.
	_, status, _, err := pc.UpsertActor(ctx, actor)
	if err != nil || status != model.WriteStatusUnchanged {
		t.Errorf("replay: %s, %v; want UNCHANGED", status, err)
	}

	// The same for a batch.
	batch := model.IngestInput{Topics: []*model.TopicInput{{ID: sp(p + "topic"), Name: "Topic"}}}
	proxy.armed.Store(true)
	_, err = pc.Ingest(ctx, batch, false)
	if !errors.As(err, &coded) || coded.Code != eventgraph.CodeDatabaseUnavailable || coded.Extensions["committed"] != "unknown" {
		t.Fatalf("ingest: %v, want DATABASE_UNAVAILABLE with committed unknown", err)
	}
	res, err := pc.Ingest(ctx, batch, false)
	if err != nil || res.Unchanged != 1 || res.Created != 0 {
		t.Errorf("replayed batch: %+v, %v; want the topic unchanged", res, err)
	}
}

// TestClassifyWrite: the errors a write can end in that are not a lost
// commit keep their codes, and say nothing of a commit.
func TestClassifyWrite(t *testing.T) {
	memory := func(setting string) error {
		return &neo4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
			Msg: "The allocation of an extra 2.0 MiB would use more than the limit 100.0 MiB. Currently using 100.0 MiB. " + setting + " threshold reached"}
	}
	cases := []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"a lost connection the driver retries", &neo4j.ConnectivityError{Inner: io.EOF}, eventgraph.CodeDatabaseUnavailable, "the database is unavailable"},
		{"retries given up", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&neo4j.ConnectivityError{Inner: io.EOF}}},
			eventgraph.CodeDatabaseUnavailable, "the database is unavailable"},
		{"one query past its memory", memory("db.memory.transaction.max"), eventgraph.CodeQueryTooComplex, msgTooMuchMemory},
		{"all queries past theirs", memory("dbms.memory.transaction.total.max"), eventgraph.CodeDatabaseUnavailable, "no memory to spare"},
		{"all queries past theirs, retried", &neo4j.TransactionExecutionLimit{Cause: "timeout",
			Errors: []error{memory("db.memory.transaction.total.max")}}, eventgraph.CodeDatabaseUnavailable, "no memory to spare"},
		{"a write stopped while it waited for locks", &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.LockClientStopped",
			Msg: "The transaction has been terminated."}, eventgraph.CodeDatabaseUnavailable, "too busy"},
		{"the database's own timeout", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
			Msg: "timed out"}, eventgraph.CodeQueryTooComplex, "longer than the database allows"},
		{"an input error", eventgraph.InputErrors{eventgraph.InputError("input.id", "bad")}, eventgraph.CodeBadUserInput, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := classifyWrite(tc.err)
			if code := eventgraph.ErrorCode(err); code != tc.code {
				t.Fatalf("code %s (%v), want %s", code, err, tc.code)
			}
			var coded *eventgraph.Error
			if errors.As(err, &coded) {
				if !bytes.Contains([]byte(coded.Message), []byte(tc.msg)) {
					t.Errorf("message %q, want %q", coded.Message, tc.msg)
				}
				if coded.Extensions != nil {
					t.Errorf("extensions %v on an error that is not a lost commit", coded.Extensions)
				}
			}
		})
	}
}
