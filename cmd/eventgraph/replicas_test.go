package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/server"
)

// Two replicas of the service on one Neo4j, as behind a load balancer: a
// client writes through one and reads through the other, passing on the
// bookmark its write returned. On one Neo4j server a committed write is
// visible to every later transaction anyway, so what this shows is the
// plumbing a cluster needs (docs/scaling.md): every write hands back a
// bookmark, the other replica takes it from the Neo4j-Bookmark header to the
// database (a forged one is refused there), and the read sees the write.

const replicaIterations = 50

func TestReadYourWritesAcrossReplicas(t *testing.T) {
	bin := builtBinary(t, "the replica test")
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const key = "replica-writer"
	env := []string{"NEO4J_URI=" + neo4jURI(), "WRITER_KEYS=" + key, "READER_KEYS=", "SEED=never"}
	pa, pb := launch(t, bin, env...), launch(t, bin, env...)
	a, b := serving(t, pa), serving(t, pb)
	t.Logf("replicas A %s and B %s up after %.1f s", a, b, time.Since(began).Seconds())

	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	created, deleted := 0, 0
	for i := range replicaIterations {
		batch := dataset.NewTagged(fmt.Sprintf("replica-%s-%d", run, i), 1)
		event := batch.EventIDs()[0]

		// A write through A, a read through B with its bookmark.
		r, err := postGraphQL(ctx, a, ingestMutation, map[string]any{"input": batch.Input}, bearer(key))
		if err != nil {
			t.Fatalf("iteration %d: ingest through A: %v", i, err)
		}
		var wrote struct{ Ingest ingestResult }
		if err := r.decode(&wrote); err != nil {
			t.Fatalf("iteration %d: ingest through A: %v", i, err)
		}
		if wrote.Ingest.Bookmark == nil || *wrote.Ingest.Bookmark == "" {
			t.Fatalf("iteration %d: ingest through A returned no bookmark: %+v", i, wrote.Ingest)
		}
		r, err = postGraphQL(ctx, b, `query Read($id: ID!) { event(id: $id) { id participants { totalCount } sources { source { id } } } }`,
			map[string]any{"id": event}, map[string]string{server.BookmarkHeader: *wrote.Ingest.Bookmark})
		if err != nil {
			t.Fatalf("iteration %d: read through B: %v", i, err)
		}
		var read struct {
			Event *struct {
				ID           string
				Participants struct{ TotalCount int }
				Sources      []struct{ Source struct{ ID string } }
			}
		}
		if err := r.decode(&read); err != nil {
			t.Fatalf("iteration %d: read through B: %v", i, err)
		}
		if e := read.Event; e != nil && e.Participants.TotalCount == dataset.TaggedParticipants && len(e.Sources) == dataset.TaggedCitations {
			created++
		} else {
			t.Errorf("iteration %d: B does not see A's write of %s with its bookmark: %+v", i, event, read.Event)
		}

		// Deletes through A, one transaction and one bookmark each, all
		// handed to B in one header.
		r, err = postGraphQL(ctx, a, `mutation Delete($e: ID!, $a: ID!, $b: ID!, $s: ID!) {
  e: deleteEvent(id: $e) { deleted bookmark }
  a: deleteActor(id: $a) { deleted bookmark }
  b: deleteActor(id: $b) { deleted bookmark }
  s: deleteSource(id: $s) { deleted bookmark }
}`, map[string]any{"e": event, "a": batch.Input.Actors[0].ID, "b": batch.Input.Actors[1].ID, "s": batch.Input.Sources[0].ID}, bearer(key))
		if err != nil {
			t.Fatalf("iteration %d: deletes through A: %v", i, err)
		}
		var dels map[string]struct {
			Deleted  bool
			Bookmark *string
		}
		if err := r.decode(&dels); err != nil {
			t.Fatalf("iteration %d: deletes through A: %v", i, err)
		}
		var bms []string
		for alias, d := range dels {
			if !d.Deleted || d.Bookmark == nil || *d.Bookmark == "" {
				t.Fatalf("iteration %d: delete %s through A: %+v", i, alias, d)
			}
			bms = append(bms, *d.Bookmark)
		}
		r, err = postGraphQL(ctx, b, `query Gone($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
			map[string]any{"ids": batch.IDs()}, map[string]string{server.BookmarkHeader: strings.Join(bms, ",")})
		if err != nil {
			t.Fatalf("iteration %d: read through B after the deletes: %v", i, err)
		}
		var gone struct{ Nodes []*struct{ ID string } }
		if err := r.decode(&gone); err != nil {
			t.Fatalf("iteration %d: read through B after the deletes: %v", i, err)
		}
		still := 0
		for _, n := range gone.Nodes {
			if n != nil {
				still++
			}
		}
		if len(gone.Nodes) == len(batch.IDs()) && still == 0 {
			deleted++
		} else {
			t.Errorf("iteration %d: B still sees %d of the %d nodes A deleted", i, still, len(batch.IDs()))
		}
	}

	// B takes the header to the database: a bookmark it never handed out is
	// refused there, as a client error.
	r, err := postGraphQL(ctx, b, `{ events(first: 1) { totalCount } }`, nil, map[string]string{server.BookmarkHeader: "not-a-bookmark"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != eventgraph.CodeBadUserInput {
		t.Errorf("a forged bookmark through B: HTTP %d %v, want BAD_USER_INPUT", r.Status, r.codes())
	}

	t.Logf("read-your-writes across two replicas on one Neo4j: writes seen %d of %d, deletes seen %d of %d (%.1f s)",
		created, replicaIterations, deleted, replicaIterations, time.Since(began).Seconds())
}
