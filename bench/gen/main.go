// Command gen generates the benchmark dataset at a scale (T, S, M, L) and
// loads it, batch by batch, through the service's own ingest mutation over
// HTTP (the default), or straight into Neo4j with the floor's UNWIND loader
// (-via floor, used before the service can ingest and to compare load rates),
// or writes the batches as JSON lines (-via file).
//
//	go run ./bench/gen -scale S -url http://127.0.0.1:18094/graphql
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/bench/floor"
	"github.com/eventgraph/eventgraph/bench/gql"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

const ingestMutation = `mutation Ingest($input: IngestInput!) {
  ingest(input: $input) { created updated unchanged relationshipsCreated }
}`

func main() {
	scaleName := flag.String("scale", "S", "dataset scale: T (400 events), S (10k), M (100k), L (1M)")
	seed := flag.Uint64("seed", 20250526, "RNG seed; the same seed and scale give the same data")
	via := flag.String("via", "ingest", "ingest (the service's mutation), floor (UNWIND through the driver) or file")
	url := flag.String("url", "http://127.0.0.1:18094/graphql", "the service's GraphQL endpoint, for -via ingest")
	key := flag.String("key", "dev-writer-key", "writer key, for -via ingest")
	boltURI := flag.String("neo4j", "bolt://127.0.0.1:7694", "Neo4j, for -via floor")
	out := flag.String("out", "", "file for -via file (JSON lines)")
	limit := flag.Int("batches", 0, "stop after this many batches (0 = all)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen: ")

	sc, err := dataset.ParseScale(*scaleName)
	if err != nil {
		log.Fatal(err)
	}
	g := dataset.New(sc, *seed)
	ctx := context.Background()

	var load func(dataset.Batch) error
	switch *via {
	case "ingest":
		c := gql.New(*url, *key)
		load = func(b dataset.Batch) error {
			_, _, err := c.Do(ctx, ingestMutation, map[string]any{"input": b.Input})
			return err
		}
	case "floor":
		driver, err := neo4j.NewDriverWithContext(*boltURI, neo4j.BasicAuth("neo4j", envOr("NEO4J_PASSWORD", "eventgraph"), ""))
		if err != nil {
			log.Fatalf("neo4j %s: %v", *boltURI, err)
		}
		defer driver.Close(ctx)
		if err := floor.Schema(ctx, driver, "neo4j"); err != nil {
			log.Fatal(err)
		}
		load = func(b dataset.Batch) error { return floor.Ingest(ctx, driver, "neo4j", &b.Input) }
	case "file":
		f, err := os.Create(*out)
		if err != nil {
			log.Fatalf("-out: %v", err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		enc := json.NewEncoder(w)
		load = func(b dataset.Batch) error { return enc.Encode(b.Input) }
	default:
		log.Fatalf("-via %q: want ingest, floor or file", *via)
	}

	start := time.Now()
	var n, events, items int
	var eventTime time.Duration
	lastReport := start
	err = g.Batches(func(b dataset.Batch) error {
		if *limit > 0 && n >= *limit {
			return errStop
		}
		t0 := time.Now()
		if err := load(b); err != nil {
			return fmt.Errorf("batch %d (%s, %d items): %w", n, b.Label, b.Input.Size(), err)
		}
		if b.Events > 0 {
			eventTime += time.Since(t0)
		}
		n++
		events += b.Events
		items += b.Input.Size()
		if time.Since(lastReport) > 10*time.Second {
			lastReport = time.Now()
			log.Printf("%d batches, %d events, %.0f events/s in event batches, %s elapsed", n, events,
				float64(events)/eventTime.Seconds(), time.Since(start).Round(time.Second))
		}
		return nil
	})
	if err != nil && err != errStop {
		log.Fatal(err)
	}
	el := time.Since(start)
	rate := 0.0
	if eventTime > 0 {
		rate = float64(events) / eventTime.Seconds()
	}
	log.Printf("scale %s via %s: %d batches, %d items, %d events in %s (%.0f events/s in event batches)",
		sc.Name, *via, n, items, events, el.Round(time.Millisecond), rate)
	// One machine-readable line for run.sh.
	fmt.Printf(`{"scale":%q,"via":%q,"batches":%d,"items":%d,"events":%d,"seconds":%.2f,"eventsPerSecond":%.1f}`+"\n",
		sc.Name, *via, n, items, events, el.Seconds(), rate)
}

var errStop = fmt.Errorf("stop")

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}
