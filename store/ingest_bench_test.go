//go:build bench

// The comparison with the benchmark's floor builds only with -tags bench, so
// that the store's tests do not depend on the bench packages compiling.

package store

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/bench/floor"
	"github.com/eventgraph/eventgraph/graph/model"
)

// toModel turns the benchmark generator's input (the schema's JSON) into
// the GraphQL models, as gqlgen would.
func toModel(b *testing.B, in any) model.IngestInput {
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

// BenchmarkIngest500Events compares Ingest of a 500-event batch (the
// benchmark's ingestion workload: fresh events over actors, locations,
// topics and sources already in the graph) with the hand-written UNWIND
// floor of bench/floor, batch for batch, alternating so that both see the
// same database state. It leaves the benchmark's reference data (actors,
// sources, locations, topics of scale S) in the database: run it against a
// scratch one, e.g.
//
//	NEO4J_URI=bolt://127.0.0.1:7688 go test -tags bench ./store -run '^$' -bench Ingest500 -benchtime 20x
func BenchmarkIngest500Events(b *testing.B) {
	ctx := context.Background()
	c := writeTestClient(b)
	g := dataset.New(dataset.Scales["S"], 1)
	// The reference data, through Ingest.
	if err := g.Batches(func(batch dataset.Batch) error {
		if batch.Events > 0 {
			return nil
		}
		_, err := c.Ingest(ctx, toModel(b, batch.Input), false)
		return err
	}); err != nil {
		b.Fatalf("reference data: %v", err)
	}
	b.Cleanup(func() { cypher(b, c, `MATCH (e:Event) WHERE e.id STARTS WITH 'bench-' DETACH DELETE e`, nil) })

	var ours, fl time.Duration
	var ratios []float64
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		in := toModel(b, dataset.IngestInput{Events: g.ExtraEvents("store", k)})
		start := time.Now()
		r, err := c.Ingest(ctx, in, false)
		if err != nil {
			b.Fatalf("ingest: %v", err)
		}
		o := time.Since(start)
		ours += o
		if r.Created != dataset.EventsPerBatch {
			b.Fatalf("created %d, want %d", r.Created, dataset.EventsPerBatch)
		}
		fb := dataset.IngestInput{Events: g.ExtraEvents("floor", k)}
		start = time.Now()
		if err := floor.Ingest(ctx, c.driver, c.database, &fb); err != nil {
			b.Fatalf("floor: %v", err)
		}
		f := time.Since(start)
		fl += f
		ratios = append(ratios, float64(f)/float64(o))
	}
	b.StopTimer()
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "ms/batch")
	b.ReportMetric(float64(fl.Milliseconds())/float64(b.N), "floor-ms/batch")
	b.ReportMetric(float64(fl)/float64(ours), "ours/floor-throughput")
	// The machine is shared: the median of the per-batch ratios shrugs off
	// load spikes that hit one side only.
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "median-ours/floor")
}
