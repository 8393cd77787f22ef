// Command ingestfloor is the floor of `kg ingest` (issue 16, item 3): an
// HTTP endpoint that takes the very requests kg sends to the service's
// ingest mutation — the same files read by the same kg, the same rows in
// the same batches — and writes each batch as one UNWIND ... MERGE
// statement per kind of item in one transaction through the Go driver
// (bench/floor.Ingest), with nothing in between: no validation, no guards,
// no resolution of actors, places or sources already in the graph under
// other ids, no merging of sources' claims. What kg gets from the service
// and the floor differs by exactly that work.
//
//	ingestfloor -addr 127.0.0.1:18153 -neo4j bolt://127.0.0.1:7751
//	kg ingest --url http://127.0.0.1:18153 --key x file.export.CSV
//
// With -noop it writes nothing, which measures kg alone (reading, mapping,
// batching, HTTP). It answers every POST with an IngestResult in which every item counts as
// created (the floor does not tell created from updated), and GET /readyz.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/bench/floor"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18153", "address to listen on")
	uri := flag.String("neo4j", "bolt://127.0.0.1:7687", "Neo4j's Bolt URI")
	database := flag.String("database", "neo4j", "database")
	noop := flag.Bool("noop", false, "answer without writing anything: what kg itself costs, with a service that costs nothing")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("ingestfloor: ")
	pw := os.Getenv("NEO4J_PASSWORD")
	if pw == "" {
		pw = "eventgraph"
	}
	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.BasicAuth("neo4j", pw, ""))
	if err != nil {
		log.Fatal(err)
	}
	defer driver.Close(context.Background())
	h := &handler{driver: driver, database: *database, noop: *noop}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := driver.VerifyConnectivity(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("POST /graphql", h)
	mux.Handle("POST /{$}", h)
	log.Printf("listening on %s, writing to %s", *addr, *uri)
	log.Fatal((&http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe())
}

type handler struct {
	driver   neo4j.DriverWithContext
	database string
	noop     bool
	batches  atomic.Int64
}

// request is kg's ingest call: the mutation text (not parsed: this floor
// answers only ingest) and its variables.
type request struct {
	Variables struct {
		Input        dataset.IngestInput `json:"input"`
		ValidateOnly bool                `json:"validateOnly"`
	} `json:"variables"`
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		answer(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{{
			"message": "the body is not an ingest request: " + err.Error(), "extensions": map[string]any{"code": "BAD_REQUEST"}}}})
		return
	}
	in := &req.Variables.Input
	if !req.Variables.ValidateOnly && !h.noop {
		if err := floor.Ingest(r.Context(), h.driver, h.database, in); err != nil {
			log.Printf("batch %d: %v", h.batches.Load()+1, err)
			answer(w, http.StatusInternalServerError, map[string]any{"errors": []map[string]any{{
				"message": err.Error(), "extensions": map[string]any{"code": "INTERNAL"}}}})
			return
		}
	}
	h.batches.Add(1)
	answer(w, http.StatusOK, map[string]any{"data": map[string]any{"ingest": map[string]any{
		"validateOnly": req.Variables.ValidateOnly, "created": in.Size(), "updated": 0, "unchanged": 0,
		"relationshipsCreated": 0, "counts": []any{}, "resolved": []any{}, "duplicateCandidates": []any{},
	}}})
}

func answer(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
