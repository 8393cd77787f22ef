package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/importer"
)

// The fault test: Neo4j is killed with SIGKILL while four writers post
// ingest batches to the service, as kg does, and is restarted. Every batch
// names its items (dataset.Tagged), so that afterwards the graph can say of
// each one whether it is all there, absent, or half-written. The test's
// Neo4j is its own, never the suite's: Bolt port FAULT_NEO4J_PORT (7698), data
// in .data/neo4j-<port>, wiped first, heap FAULT_NEO4J_HEAP (512m).

const (
	faultWriters     = 4
	faultBatchEvents = 5
	// faultRecovery is how soon after Neo4j answers again the service must
	// be ready and answer a read (issue 9).
	faultRecovery = 5 * time.Second
)

const ingestMutation = `mutation Ingest($input: IngestInput!) {
  ingest(input: $input) { created updated unchanged relationshipsCreated bookmark }
}`

type ingestResult struct {
	Created, Updated, Unchanged, RelationshipsCreated int
	Bookmark                                          *string
}

// faultBatch is what the writers know of one batch.
type faultBatch struct {
	tagged   dataset.Tagged
	acked    bool
	failures int   // attempts that failed and were retried
	final    error // the error the writer gave up on, if it did
}

func TestNeo4jKilledMidIngest(t *testing.T) {
	bin := builtBinary(t, "the fault test")
	neo := newOwnNeo4j(t, envOr("FAULT_NEO4J_PORT", "7698"))
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	if err := neo.script("wipe", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := neo.script("start", 3*time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := neo.script("stop", time.Minute); err != nil {
			t.Log(err)
		}
	})
	const key = "fault-writer"
	// A long transaction timeout: on a cold database the first batches pay
	// for planning every statement, which on a busy machine outlasts 15 s.
	svc, base := serve(t, bin, "NEO4J_URI="+neo.uri(), "WRITER_KEYS="+key, "READER_KEYS=", "SEED=never", "NEO4J_QUERY_TIMEOUT=60s")
	t.Logf("Neo4j and the service up after %.1f s", time.Since(began).Seconds())

	// The writers: each takes the next batch number and sends that batch
	// until it is acknowledged, retrying what kg retries.
	client := &importer.Client{URL: base + "/graphql", Key: key, Attempts: 1, HTTP: &http.Client{Timeout: 30 * time.Second}}
	var (
		mu       sync.Mutex
		batches  []*faultBatch
		acked    atomic.Int64
		inFlight atomic.Int64
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	newBatch := func() *faultBatch {
		mu.Lock()
		defer mu.Unlock()
		b := &faultBatch{tagged: dataset.NewTagged("f-"+strconv.Itoa(len(batches)), faultBatchEvents)}
		batches = append(batches, b)
		return b
	}
	for range faultWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() && ctx.Err() == nil {
				b := newBatch()
				failures, err := sendUntilAcked(ctx, client, b.tagged, &inFlight)
				mu.Lock()
				b.failures, b.final, b.acked = failures, err, err == nil
				mu.Unlock()
				if err == nil {
					acked.Add(1)
				}
			}
		}()
	}
	stopWriters := func() {
		stop.Store(true)
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			t.Fatalf("the writers did not finish their batches in time")
		}
	}
	waitAcked := func(n int64, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for acked.Load() < n {
			if time.Now().After(deadline) {
				stopWriters()
				t.Fatalf("only %d of %d batches acknowledged within %s:\n%s", acked.Load(), n, within, svc.output())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	// Mid-stream: once batches flow, Neo4j is killed without warning.
	waitAcked(8, 2*time.Minute)
	pid, err := neo.pid()
	if err != nil {
		stopWriters()
		t.Fatal(err)
	}
	ackedAtKill, inFlightAtKill := acked.Load(), inFlight.Load()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		stopWriters()
		t.Fatalf("SIGKILL to Neo4j (pid %d): %v", pid, err)
	}
	killed := time.Now()
	for syscall.Kill(pid, 0) == nil {
		if time.Since(killed) > 10*time.Second {
			stopWriters()
			t.Fatalf("Neo4j (pid %d) still there 10 s after SIGKILL", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("Neo4j killed with %d batches acknowledged and %d in flight", ackedAtKill, inFlightAtKill)

	// Let the writers meet the dead database before it comes back.
	time.Sleep(time.Second)
	if err := neo.script("start", 3*time.Minute); err != nil {
		stopWriters()
		t.Fatal(err)
	}
	back := time.Now()
	recovery, err := untilReady(ctx, base, 30*time.Second)
	if err != nil {
		stopWriters()
		t.Fatalf("the service did not recover: %v\n%s", err, svc.output())
	}
	t.Logf("Neo4j down %.1f s (killed to answering again); the service ready and reading %.2f s after it was back",
		back.Sub(killed).Seconds(), recovery.Seconds())
	if recovery > faultRecovery {
		t.Errorf("the service answered /readyz and a read %.2f s after Neo4j was back, want within %s", recovery.Seconds(), faultRecovery)
	}

	// The writers go on until batches flow again, then finish what they hold.
	waitAcked(acked.Load()+8, 2*time.Minute)
	stopWriters()

	retried := 0
	for _, b := range batches {
		if b.failures > 0 {
			retried++
		}
		if b.final != nil {
			t.Errorf("batch %s: the writer gave up after %d retries: %v", b.tagged.Prefix, b.failures, b.final)
		}
	}
	if retried == 0 {
		t.Errorf("no batch failed while Neo4j was down: the kill did not happen mid-stream")
	}

	// What is in the graph: every acknowledged batch in full, no batch in part.
	before := checkBatches(ctx, t, base, batches)
	if before.lost > 0 || before.half > 0 {
		t.Errorf("after the fault: %d acknowledged batches lost, %d half-written (see above)", before.lost, before.half)
	}

	// Replaying every batch creates nothing and changes nothing.
	replayed := replayBatches(ctx, t, client, batches)
	if replayed == 0 {
		t.Fatal("no batch to replay")
	}
	after := checkBatches(ctx, t, base, batches)
	if after != before {
		t.Errorf("the replay changed the graph: before %+v, after %+v", before, after)
	}

	t.Logf("fault test: %d writers, %d batches of %d events sent, %d acknowledged, %d retried after failures; "+
		"lost %d, half-written %d; replay of %d batches created 0; recovery %.2f s; whole test %.0f s",
		faultWriters, len(batches), faultBatchEvents, acked.Load(), retried, before.lost, before.half,
		replayed, recovery.Seconds(), time.Since(began).Seconds())
}

// sendUntilAcked posts one batch until the service acknowledges it (HTTP
// 200, no errors), retrying as kg does (importer.Client's rule: the
// database unavailable, a 5xx, or no answer at all) with a short backoff so
// the test stays quick. Anything else is an answer the fault should not
// cause, and ends the batch's tries.
func sendUntilAcked(ctx context.Context, c *importer.Client, b dataset.Tagged, inFlight *atomic.Int64) (failures int, err error) {
	delay := 100 * time.Millisecond
	stopped := 0
	for {
		inFlight.Add(1)
		var out struct{ Ingest ingestResult }
		err = c.Do(ctx, ingestMutation, map[string]any{"input": b.Input}, &out)
		inFlight.Add(-1)
		if err == nil {
			return failures, nil
		}
		// A batch the service stopped at its time limit was rolled back
		// whole; kg sends it again in halves (importer/commit.go). Right
		// after Neo4j restarts, every writer's first batch plans each
		// write statement anew, at once, on a cold JVM, and may be
		// stopped so; the writer sends it again, twice at most.
		if stoppedAtLimit(err) && stopped < 2 {
			stopped++
		} else if !retryable(err) {
			return failures, fmt.Errorf("not a transient failure: %w", err)
		}
		failures++
		select {
		case <-ctx.Done():
			return failures, fmt.Errorf("still failing when the test's time ran out: %w", err)
		case <-time.After(delay):
		}
		delay = min(2*delay, time.Second)
	}
}

// stoppedAtLimit: every error is the service's time limit (QUERY_TOO_COMPLEX).
func stoppedAtLimit(err error) bool {
	var ge *importer.ErrorsResponse
	if !errors.As(err, &ge) || len(ge.Errors) == 0 {
		return false
	}
	for _, e := range ge.Errors {
		if e.Code() != eventgraph.CodeQueryTooComplex {
			return false
		}
	}
	return true
}

// retryable: the database was unavailable (and said so), or there was no
// GraphQL answer (refused, reset, 5xx without a body).
func retryable(err error) bool {
	var ge *importer.ErrorsResponse
	if errors.As(err, &ge) {
		for _, e := range ge.Errors {
			if e.Code() != eventgraph.CodeDatabaseUnavailable {
				return false
			}
		}
		return true
	}
	var he *importer.HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// untilReady polls /readyz and a read until both succeed, and says how long
// that took.
func untilReady(ctx context.Context, base string, within time.Duration) (time.Duration, error) {
	began := time.Now()
	var last error
	for time.Since(began) < within {
		last = readyAndReading(ctx, base)
		if last == nil {
			return time.Since(began), nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return 0, fmt.Errorf("not ready within %s: %w", within, last)
}

func readyAndReading(ctx context.Context, base string) error {
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(rctx, http.MethodGet, base+"/readyz", nil)
	res, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("/readyz: HTTP %d", res.StatusCode)
	}
	r, err := postGraphQL(rctx, base, `{ events(first: 1) { totalCount } }`, nil, nil)
	if err != nil {
		return err
	}
	if !r.ok() {
		return fmt.Errorf("a read: HTTP %d %v", r.Status, r.codes())
	}
	return nil
}

// graphState is what checkBatches found.
type graphState struct {
	full, absent, lost, half  int
	events, actors, sources   int
	participations, citations int
}

// checkBatches reads every batch's nodes back: a batch is full when all its
// events, actors and source are there and every event has exactly its
// participants and its citation; absent when none of its nodes is; half
// otherwise. An acknowledged batch that is not full is lost. It also counts
// the whole graph, which holds nothing but these batches, so that a
// duplicate anywhere shows.
func checkBatches(ctx context.Context, t *testing.T, base string, batches []*faultBatch) graphState {
	t.Helper()
	var st graphState
	perQuery := max(1, eventgraph.LimitFirst.Max/len(batches[0].tagged.IDs()))
	for lo := 0; lo < len(batches); lo += perQuery {
		chunk := batches[lo:min(len(batches), lo+perQuery)]
		var ids []string
		for _, b := range chunk {
			ids = append(ids, b.tagged.IDs()...)
		}
		r, err := postGraphQL(ctx, base, `query Check($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Event { participants { totalCount } sources { source { id } } }
  }
}`, map[string]any{"ids": ids}, nil)
		if err != nil {
			t.Fatalf("reading batches back: %v", err)
		}
		var out struct {
			Nodes []*struct {
				ID           string
				Participants *struct{ TotalCount int }
				Sources      []struct{ Source struct{ ID string } }
			}
		}
		if err := r.decode(&out); err != nil {
			t.Fatalf("reading batches back: %v", err)
		}
		found := map[string]int{} // id → 1 for a node, 2 for an event with all it should have
		for _, n := range out.Nodes {
			if n == nil {
				continue
			}
			found[n.ID] = 1
			if n.Participants != nil {
				st.participations += n.Participants.TotalCount
				st.citations += len(n.Sources)
				if n.Participants.TotalCount == dataset.TaggedParticipants && len(n.Sources) == dataset.TaggedCitations {
					found[n.ID] = 2
				}
			}
		}
		for _, b := range chunk {
			present, complete := 0, true
			for _, id := range b.tagged.IDs() {
				if found[id] > 0 {
					present++
				}
			}
			for _, id := range b.tagged.EventIDs() {
				complete = complete && found[id] == 2
			}
			switch {
			case present == len(b.tagged.IDs()) && complete:
				st.full++
			case present == 0:
				st.absent++
			default:
				st.half++
				t.Errorf("batch %s is half-written: %d of its %d nodes, events complete: %v", b.tagged.Prefix, present, len(b.tagged.IDs()), complete)
			}
			if b.acked && !(present == len(b.tagged.IDs()) && complete) {
				st.lost++
				t.Errorf("batch %s was acknowledged but is not all there (%d of %d nodes)", b.tagged.Prefix, present, len(b.tagged.IDs()))
			}
		}
	}
	r, err := postGraphQL(ctx, base, `{ events(first: 1) { totalCount } actors(first: 1) { totalCount } sources(first: 1) { totalCount } }`, nil, nil)
	if err != nil {
		t.Fatalf("counting: %v", err)
	}
	var counts struct{ Events, Actors, Sources struct{ TotalCount int } }
	if err := r.decode(&counts); err != nil {
		t.Fatalf("counting: %v", err)
	}
	st.events, st.actors, st.sources = counts.Events.TotalCount, counts.Actors.TotalCount, counts.Sources.TotalCount
	if st.events != st.full*faultBatchEvents || st.actors != st.full*2 || st.sources != st.full {
		t.Errorf("the graph holds %d events, %d actors, %d sources; %d full batches make %d, %d, %d",
			st.events, st.actors, st.sources, st.full, st.full*faultBatchEvents, st.full*2, st.full)
	}
	return st
}

// replayBatches sends every acknowledged batch again, four at a time, and
// requires each to create and change nothing.
func replayBatches(ctx context.Context, t *testing.T, c *importer.Client, all []*faultBatch) int {
	t.Helper()
	var batches []*faultBatch
	for _, b := range all {
		if b.acked {
			batches = append(batches, b)
		}
	}
	var wg sync.WaitGroup
	next := atomic.Int64{}
	var mu sync.Mutex
	for range faultWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(batches) {
					return
				}
				b := batches[i].tagged
				var out struct{ Ingest ingestResult }
				err := c.Do(ctx, ingestMutation, map[string]any{"input": b.Input}, &out)
				mu.Lock()
				switch {
				case err != nil:
					t.Errorf("replaying batch %s: %v", b.Prefix, err)
				case out.Ingest.Created != 0 || out.Ingest.Updated != 0 || out.Ingest.RelationshipsCreated != 0:
					t.Errorf("replaying batch %s: %+v, want nothing created or updated", b.Prefix, out.Ingest)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return len(batches)
}
