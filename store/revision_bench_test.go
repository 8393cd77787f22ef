//go:build revbench

// A tag of its own: -tags bench also builds ingest_bench_test.go, whose
// bench/floor imports this package (an import cycle in a test).

package store

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/graph/model"
)

// revModel turns the generator's input (the schema's JSON) into the models.
func revModel(b *testing.B, in any) model.IngestInput {
	b.Helper()
	raw, err := json.Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	var out model.IngestInput
	if err := json.Unmarshal(raw, &out); err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkIngestWithRevisions measures what the revision log costs
// ingest: 500-event batches (fresh events over reference data already in
// the graph, as BenchmarkIngest500Events), alternately with the log and
// without it (unrecorded), so that both see the same database state; and
// the p50 of a history page and a changes page of 50. Run it against a
// scratch database:
//
//	NEO4J_URI=bolt://127.0.0.1:7731 go test -tags revbench ./store -run '^$' -bench IngestWithRevisions -benchtime 10x
func BenchmarkIngestWithRevisions(b *testing.B) {
	ctx := context.Background()
	c := writeTestClient(b)
	g := dataset.New(dataset.Scales["S"], 1)
	if err := g.Batches(func(batch dataset.Batch) error {
		if batch.Events > 0 {
			return nil
		}
		_, err := c.Ingest(ctx, revModel(b, batch.Input), false)
		return err
	}); err != nil {
		b.Fatalf("reference data: %v", err)
	}
	b.Cleanup(func() { cypher(b, c, `MATCH (e:Event) WHERE e.id STARTS WITH 'bench-' DETACH DELETE e`, nil) })

	var with, without time.Duration
	var ratios []float64
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		run := func(tag string, unrecorded bool) time.Duration {
			c.unrecorded = unrecorded
			defer func() { c.unrecorded = false }()
			in := revModel(b, dataset.IngestInput{Events: g.ExtraEvents(tag, k)})
			start := time.Now()
			r, err := c.Ingest(ctx, in, false)
			if err != nil {
				b.Fatalf("ingest: %v", err)
			}
			if r.Created != dataset.EventsPerBatch {
				b.Fatalf("created %d, want %d", r.Created, dataset.EventsPerBatch)
			}
			return time.Since(start)
		}
		w := run("rev", false)
		wo := run("norev", true)
		with += w
		without += wo
		ratios = append(ratios, float64(wo)/float64(w))
	}
	b.StopTimer()
	n := float64(b.N * dataset.EventsPerBatch)
	b.ReportMetric(n/with.Seconds(), "events/s-with-log")
	b.ReportMetric(n/without.Seconds(), "events/s-without")
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "median-with/without-throughput")

	// Pages of 50: an entity's history (an actor all the batches touched)
	// and the feed from its middle.
	actor := cypher(b, c, `MATCH (c:Change {type: 'Actor'}) RETURN c.entity AS id, count(*) AS n ORDER BY n DESC LIMIT 1`, nil)[0]["id"].(string)
	mid := cypher(b, c, `MATCH (c:Change) WITH max(c.seq) AS top RETURN toString(top / 2) + ':0' AS cur`, nil)[0]["cur"].(string)
	p50 := func(f func() error) time.Duration {
		var ds []time.Duration
		for range 51 {
			start := time.Now()
			if err := f(); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	hist := p50(func() error { _, err := c.History(ctx, actor, 50, ""); return err })
	feed := p50(func() error { _, err := c.Changes(ctx, mid, 50, nil); return err })
	b.ReportMetric(float64(hist.Microseconds())/1000, "history50-p50-ms")
	b.ReportMetric(float64(feed.Microseconds())/1000, "changes50-p50-ms")
	changes := cypher(b, c, `MATCH (c:Change) RETURN count(c) AS n`, nil)[0]["n"].(int64)
	b.ReportMetric(float64(changes), "changes-in-log")
}
