package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
)

const snapshotQuery = `query($a: ID!, $e: ID!, $at: DateTime) {
  actor(id: $a, asOf: $at) { id name kind description aliases events { edges { kind role node { id } } } }
  event(id: $e, asOf: $at) { id title kind startDate participants { edges { kind role node { id } } } }
  node(id: $e, asOf: $at) { ... on Event { id title } }
}`

// TestAsOfReplaysEveryMoment: a random sequence of writes on an actor and
// an event, the two read after each; then each moment read again with asOf
// gives what was read then.
func TestAsOfReplaysEveryMoment(t *testing.T) {
	srv := apitest.Start(t)
	p := fmt.Sprintf("asof%d-", time.Now().UnixNano())
	a, e := p+"actor", p+"event"
	vars := func(at *time.Time) map[string]any {
		v := map[string]any{"a": a, "e": e}
		if at != nil {
			v["at"] = at.UTC().Format(time.RFC3339Nano)
		}
		return v
	}
	read := func(at *time.Time) string {
		r := srv.Query(t, snapshotQuery, vars(at))
		if len(r.Errors) > 0 {
			t.Fatalf("read (asOf %v): %+v", at, r.Errors)
		}
		return string(r.Data)
	}
	mutate := func(q string, v map[string]any) {
		t.Helper()
		srv.MustMutate(t, q, v, nil)
	}
	type moment struct {
		at   time.Time
		what string
		snap string
	}
	var moments []moment
	mark := func(what string) {
		time.Sleep(5 * time.Millisecond)
		moments = append(moments, moment{time.Now(), what, read(nil)})
		time.Sleep(5 * time.Millisecond)
	}
	mark("before anything")
	mutate(`mutation($id: ID!) { upsertActor(input: {id: $id, name: "First", kind: PERSON, countryCode: "ZZZ"}) { status } }`, map[string]any{"id": a})
	mark("actor created")
	eventExists, linked := false, false
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 12))
	kinds := []string{"PARTICIPANT", "INITIATOR", "TARGET", "DECLINED"}
	for step := range 14 {
		var what string
		switch op := rng.IntN(6); {
		case op == 0:
			what = fmt.Sprintf("rename %d", step)
			mutate(`mutation($id: ID!, $n: String!) { upsertActor(input: {id: $id, name: $n, kind: PERSON, aliases: [$n]}) { status } }`, map[string]any{"id": a, "n": what})
		case op == 1:
			what = fmt.Sprintf("describe %d", step)
			mutate(`mutation($id: ID!, $d: String!) { upsertActor(input: {id: $id, name: "First", kind: PERSON, description: $d}) { status } }`, map[string]any{"id": a, "d": what})
		case op == 2 || !eventExists:
			what = fmt.Sprintf("event %d", step)
			mutate(`mutation($id: ID!, $t: String!, $d: Date!) { upsertEvent(input: {id: $id, title: $t, kind: CONSULT, startDate: $d}) { status } }`,
				map[string]any{"id": e, "t": what, "d": fmt.Sprintf("2025-05-%02d", 1+step)})
			eventExists = true
		case op == 3:
			what = fmt.Sprintf("link %d", step)
			mutate(`mutation($e: ID!, $a: ID!, $k: ParticipationKind!, $r: String) { linkParticipant(eventId: $e, actorId: $a, kind: $k, role: $r) { changed } }`,
				map[string]any{"e": e, "a": a, "k": kinds[rng.IntN(len(kinds))], "r": what})
			linked = true
		case op == 4 && linked:
			what = fmt.Sprintf("unlink %d", step)
			mutate(`mutation($e: ID!, $a: ID!) { unlinkParticipant(eventId: $e, actorId: $a) { changed } }`, map[string]any{"e": e, "a": a})
			linked = false
		default:
			what = fmt.Sprintf("delete event %d", step)
			mutate(`mutation($id: ID!) { deleteEvent(id: $id) { deleted } }`, map[string]any{"id": e})
			eventExists, linked = false, false
		}
		mark(what)
	}
	for _, m := range moments {
		if got := read(&m.at); got != m.snap {
			t.Errorf("asOf %s (%s):\n got %s\nwant %s", m.at.Format(time.RFC3339Nano), m.what, got, m.snap)
		}
	}
	// Both ids' histories are readable, the deleted event's included.
	var h struct {
		History struct {
			Changes []struct {
				Op       string
				Revision struct{ Key string }
			}
		}
	}
	srv.MustQuery(t, `query($id: ID!) { history(id: $id, first: 100) { changes { op revision { key } } } }`, map[string]any{"id": e}, &h)
	if len(h.History.Changes) == 0 || h.History.Changes[0].Revision.Key != "writer-1" {
		t.Errorf("the event's history %+v, want changes by writer-1", h.History.Changes)
	}
}

// wsClient is a graphql-transport-ws client of one subscription.
type wsClient struct {
	conn *websocket.Conn
}

func subscribe(t *testing.T, url, query string, vars map[string]any) *wsClient {
	t.Helper()
	return subscribeAs(t, url, apitest.WriterKey, query, vars)
}

// subscribeAs subscribes with key in connection_init ("" for none).
func subscribeAs(t *testing.T, url, key, query string, vars map[string]any) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.SetReadLimit(16 << 20)
	w := &wsClient{conn: c}
	payload := map[string]any{}
	if key != "" {
		payload["Authorization"] = "Bearer " + key
	}
	w.send(t, map[string]any{"type": "connection_init", "payload": payload})
	if m := w.next(t, ctx); m["type"] != "connection_ack" {
		t.Fatalf("init answered %v", m)
	}
	w.send(t, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
	return w
}

func (w *wsClient) send(t *testing.T, m map[string]any) {
	t.Helper()
	b, _ := json.Marshal(m)
	if err := w.conn.Write(context.Background(), websocket.MessageText, b); err != nil {
		t.Fatalf("ws write: %v", err)
	}
}

// next is the next message that is not a ping (answered).
func (w *wsClient) next(t *testing.T, ctx context.Context) map[string]any {
	t.Helper()
	for {
		_, b, err := w.conn.Read(ctx)
		if err != nil {
			return map[string]any{"type": "closed", "error": err.Error()}
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("ws message %s: %v", b, err)
		}
		if m["type"] == "ping" {
			w.send(t, map[string]any{"type": "pong"})
			continue
		}
		return m
	}
}

type fedChange struct{ cursor, entity string }

var topicRound atomic.Int64

// collect reads changes until it has seen want of the entities with
// prefix p (or the time is up).
func (w *wsClient) collect(t *testing.T, p string, want int, within time.Duration) []fedChange {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	var out []fedChange
	for len(out) < want {
		m := w.next(t, ctx)
		if m["type"] != "next" {
			t.Fatalf("after %d of %d changes the subscription sent %v", len(out), want, m)
		}
		payload, _ := m["payload"].(map[string]any)
		if errs := payload["errors"]; errs != nil {
			t.Fatalf("subscription errors: %v", errs)
		}
		data, _ := payload["data"].(map[string]any)
		ch, _ := data["changes"].(map[string]any)
		id, _ := ch["entityId"].(string)
		if strings.HasPrefix(id, p) {
			out = append(out, fedChange{ch["cursor"].(string), id})
		}
	}
	return out
}

func (w *wsClient) close() { w.conn.Close(websocket.StatusNormalClosure, "") }

const feedSubscription = `subscription($after: String) { changes(after: $after, types: [TOPIC]) { cursor entityId op revision { seq key } } }`

// feedOf is the feed's changes of entities with prefix p after cursor,
// paged through the changes query.
func feedOf(t *testing.T, srv *apitest.Server, p, after string) []fedChange {
	t.Helper()
	var out []fedChange
	for {
		var r struct {
			Changes struct {
				Changes []struct {
					Cursor, EntityID string
				}
				EndCursor   string
				HasNextPage bool
			}
		}
		srv.MustQuery(t, `query($after: String) { changes(after: $after, first: 100, types: [TOPIC]) { changes { cursor entityId } endCursor hasNextPage } }`, map[string]any{"after": after}, &r)
		for _, c := range r.Changes.Changes {
			if strings.HasPrefix(c.EntityID, p) {
				out = append(out, fedChange{c.Cursor, c.EntityID})
			}
		}
		after = r.Changes.EndCursor
		if !r.Changes.HasNextPage {
			return out
		}
	}
}

func latest(t *testing.T, srv *apitest.Server) string {
	c, err := srv.Store.LatestCursor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeTopics has four writers upsert n new topics each under prefix p, at once.
func writeTopics(t *testing.T, srv *apitest.Server, p string, n int) {
	round := topicRound.Add(1)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range n {
				r := srv.Mutate(t, `mutation($id: ID!) { upsertTopic(input: {id: $id, name: "Feed topic"}) { status } }`,
					map[string]any{"id": fmt.Sprintf("%sr%d-w%d-%d", p, round, w, i)})
				if len(r.Errors) > 0 {
					t.Errorf("writer %d: %+v", w, r.Errors)
				}
			}
		})
	}
	wg.Wait()
}

// TestFeedSeesEveryChangeOnceInCommitOrder: four concurrent writers; a
// subscriber gets each of their changes exactly once, in the log's order
// (which the changes query pages through).
func TestFeedSeesEveryChangeOnceInCommitOrder(t *testing.T) {
	srv := apitest.Start(t)
	p := fmt.Sprintf("feed%d-", time.Now().UnixNano())
	start := latest(t, srv)
	sub := subscribe(t, srv.URL, feedSubscription, map[string]any{"after": start})
	defer sub.close()
	const n = 8
	writeTopics(t, srv, p, n)
	got := sub.collect(t, p, 4*n, 2*time.Minute)
	checkFeed(t, got, feedOf(t, srv, p, start), 4*n)
}

// checkFeed: got is want, every entity once, in cursor order.
func checkFeed(t *testing.T, got, want []fedChange, n int) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range got {
		if seen[c.entity] {
			t.Errorf("%s delivered twice", c.entity)
		}
		seen[c.entity] = true
	}
	if len(got) != n || len(want) != n {
		t.Fatalf("subscriber saw %d changes, the log holds %d, want %d", len(got), len(want), n)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("change %d: subscriber %v, log %v", i, got[i], want[i])
		}
	}
}

// TestFeedResumesFromItsCursor: a subscriber that disconnects midway and
// subscribes again after the last cursor it saw misses nothing, repeats
// nothing; a subscriber on a second service (its own database driver, no
// state shared but the database) sees the writes made through the first.
func TestFeedResumesFromItsCursor(t *testing.T) {
	srv := apitest.Start(t)
	p := fmt.Sprintf("resume%d-", time.Now().UnixNano())
	start := latest(t, srv)

	other := subscribe(t, secondService(t), feedSubscription, map[string]any{"after": start})
	defer other.close()

	sub := subscribe(t, srv.URL, feedSubscription, map[string]any{"after": start})
	writeTopics(t, srv, p, 3)
	first := sub.collect(t, p, 5, time.Minute)
	sub.close()
	writeTopics(t, srv, p, 2)
	again := subscribe(t, srv.URL, feedSubscription, map[string]any{"after": first[len(first)-1].cursor})
	defer again.close()
	rest := again.collect(t, p, 4*5-5, time.Minute)
	checkFeed(t, append(first, rest...), feedOf(t, srv, p, start), 4*5)

	checkFeed(t, other.collect(t, p, 4*5, time.Minute), feedOf(t, srv, p, start), 4*5)
}

// apitestConfig is the shared test server's configuration: its writer key.
func apitestConfig() server.Config {
	cfg := server.DefaultConfig()
	cfg.WriterKeys = []string{apitest.WriterKey}
	return cfg
}

// TestSubscriptionsNeedTheReadersKey: with reader keys configured, a
// subscription without one is refused as an HTTP read is; with one it runs.
func TestSubscriptionsNeedTheReadersKey(t *testing.T) {
	srv := apitest.Start(t)
	closed := srv.Variant(t, func(c *server.Config) { c.ReaderKeys = []string{apitest.ReaderKey} })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	anon := subscribeAs(t, closed.URL, "", feedSubscription, nil)
	defer anon.close()
	m := anon.next(t, ctx)
	// gqlgen sends a refused operation as one result with the error.
	if payload, _ := m["payload"].(map[string]any); payload["data"] != nil || !strings.Contains(fmt.Sprint(payload["errors"]), "UNAUTHENTICATED") {
		t.Errorf("an anonymous subscription got %v, want an UNAUTHENTICATED error and no data", m)
	}
	reader := subscribeAs(t, closed.URL, apitest.ReaderKey, `subscription { changes(types: [NODE]) { cursor } }`, nil)
	defer reader.close()
	if m := reader.next(t, ctx); m["type"] != "error" || !strings.Contains(fmt.Sprint(m["payload"]), "NODE") {
		t.Errorf("a bad type got %v, want an error naming it", m)
	}
}

// secondService is another service over the same database: the built
// binary in a process of its own when EVENTGRAPH_BIN is set (scripts/test.sh
// sets it), else one in this process with a database driver of its own.
// They share nothing but the database.
func secondService(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("EVENTGRAPH_BIN")
	if bin == "" {
		t.Log("EVENTGRAPH_BIN is not set: the second service runs in this process, with its own driver")
		cfg, err := store.ConfigFromEnv()
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close(context.Background()) })
		srv := httptest.NewServer(apitest.Handler(apitestConfig(), st))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "ADDR="+addr, "WRITER_KEYS="+apitest.WriterKey, "READER_KEYS=", "SEED=never")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := "http://" + addr
	for deadline := time.Now().Add(90 * time.Second); ; {
		if res, err := http.Get(url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the second service did not get ready: %s", stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}
