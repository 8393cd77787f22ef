// Command load is the benchmarks' load generator. It runs the read mix of
// issue 5 against our service, the peer (@neo4j/graphql) and the floor (our
// store's Cypher replayed through the Go driver), alternating the systems
// within one run, then the ingestion benchmark, and writes JSON results and
// Markdown tables. `load mixed` is the load of issue 9: many clients sending
// the read mix and small ingest batches at once to our service alone, with
// every error counted and the service's peak memory.
//
//	load record -scale S -ours URL -log FILE -out rec.json   # the floor's Cypher, through the service
//	load run -scale S -ours URL -peer URL -recording rec.json -out results.json
//	load mixed -scale S -ours URL -clients 64 -duration 60s -ours-pid PID     # reads and writes at once, ours only
//	load compare -scale S -ours URL -base URL   # two builds of ours: the same answers to every set of the mix
//
// `load run -base main=URL,exec=URL -systems ours,main,exec` compares builds
// of our service (e.g. a branch against main) on the read mix, alternated
// like any systems.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/bench/floor"
	"github.com/eventgraph/eventgraph/bench/gql"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("load: ")
	if len(os.Args) < 2 {
		log.Fatal("usage: load record|run|mixed [flags]")
	}
	var err error
	switch os.Args[1] {
	case "record":
		err = record(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "mixed":
		err = mixed(os.Args[2:])
	case "compare":
		err = compare(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: want record, run, mixed or compare", os.Args[1])
	}
	if err != nil {
		log.Fatal(err)
	}
}

type common struct {
	scale, ours, key string
	seed             uint64
	sets             int
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.scale, "scale", "S", "dataset scale the database holds: T, S, M or L")
	fs.Uint64Var(&c.seed, "seed", 20250526, "the generator's seed (must match bench/gen's)")
	fs.StringVar(&c.ours, "ours", "http://127.0.0.1:18094/graphql", "our service's GraphQL endpoint")
	fs.StringVar(&c.key, "key", "dev-writer-key", "writer key for our ingest (and reads when READER_KEYS is set)")
	fs.IntVar(&c.sets, "sets", 100, "variable sets per query, cycled through by every system")
}

// record sends every variable set of the mix to our service once, serially,
// and keeps the statements its store appended to CYPHER_LOG for each.
func record(args []string) error {
	fs := flag.NewFlagSet("record", flag.ExitOnError)
	var c common
	c.register(fs)
	logPath := fs.String("log", "", "the service's CYPHER_LOG file")
	out := fs.String("out", "", "recording to write")
	fs.Parse(args)
	if *logPath == "" || *out == "" {
		return fmt.Errorf("record needs -log and -out")
	}
	sc, err := dataset.ParseScale(c.scale)
	if err != nil {
		return err
	}
	g := dataset.New(sc, c.seed)
	sets := paramSets(g, c.sets, c.seed)
	client := gql.New(c.ours, c.key)
	tail, err := floor.NewLogTail(*logPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	rec := floor.Recording{Scale: sc.Name, Requests: map[string][][]floor.Statement{}}
	for _, q := range Mix {
		if q.Floor != nil {
			continue // its floor is hand-written, not our store's replay
		}
		empty := 0
		for i, vars := range sets[q.Name] {
			if _, _, err := client.Do(ctx, q.Ours, vars); err != nil {
				return fmt.Errorf("recording %s, set %d %v: %w", q.Name, i, vars, err)
			}
			// The store appends before the response is written, but give
			// the file system a moment if the line is not there yet.
			var sts []floor.Statement
			for try := 0; try < 20 && len(sts) == 0; try++ {
				if sts, err = tail.Next(); err != nil {
					return err
				}
				if len(sts) == 0 {
					time.Sleep(5 * time.Millisecond)
				}
			}
			if len(sts) == 0 {
				empty++
			}
			rec.Requests[q.Name] = append(rec.Requests[q.Name], sts)
		}
		if empty == len(sets[q.Name]) {
			return fmt.Errorf("recording %s: the service wrote nothing to %s; is CYPHER_LOG set?", q.Name, *logPath)
		}
		log.Printf("recorded %s: %d requests, %d statements in the first", q.Name, len(sets[q.Name]), len(rec.Requests[q.Name][0]))
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encoding the recording: %w", err)
	}
	return os.WriteFile(*out, raw, 0o644)
}

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	var c common
	c.register(fs)
	peerURL := fs.String("peer", "http://127.0.0.1:18095/graphql", "the peer's GraphQL endpoint")
	baseURL := fs.String("base", "", "other builds of our service as name=URL,... (a bare URL is named base), e.g. main's against this branch's as ours")
	boltURI := fs.String("neo4j", "bolt://127.0.0.1:7694", "Neo4j for the floor")
	recPath := fs.String("recording", "", "the floor's recording (from load record); empty = no floor reads")
	systemsFlag := fs.String("systems", "ours,peer,floor", "systems to compare")
	concFlag := fs.String("concurrency", "1,8,32", "concurrency levels")
	queries := fs.String("queries", "", "comma-separated query names (default: the whole mix)")
	dur := fs.Duration("duration", 5*time.Second, "measured time per system, query, concurrency and round")
	rounds := fs.Int("rounds", 2, "rounds per cell; systems rotate order each round")
	warm := fs.Duration("warmup", time.Second, "unmeasured time before each cell")
	ingestBatches := fs.Int("ingest-batches", 3, "500-event batches per system for the ingestion benchmark (0 = skip)")
	ingestSize := fs.Int("ingest-size", dataset.EventsPerBatch, "events per ingestion batch")
	peerBatches := fs.Int("peer-ingest-batches", 1, "batches for the peer (its nested create is slow; 0 = as -ingest-batches)")
	ingestTimeout := fs.Duration("ingest-timeout", 5*time.Minute, "give up on one ingestion batch after this long (the figure is then an upper bound)")
	reads := fs.Bool("reads", true, "run the read mix (false = ingestion only)")
	oursPID := fs.Int("ours-pid", 0, "our service's pid, for peak memory")
	peerPID := fs.Int("peer-pid", 0, "the peer's pid, for peak memory")
	out := fs.String("out", "", "results JSON to write")
	md := fs.String("md", "", "Markdown tables to write")
	fs.Parse(args)

	sc, err := dataset.ParseScale(c.scale)
	if err != nil {
		return err
	}
	g := dataset.New(sc, c.seed)
	ctx := context.Background()

	driver, err := neo4j.NewDriverWithContext(*boltURI, neo4j.BasicAuth("neo4j", envOr("NEO4J_PASSWORD", "eventgraph"), ""))
	if err != nil {
		return fmt.Errorf("neo4j %s: %w", *boltURI, err)
	}
	defer driver.Close(ctx)
	fl := &floorSys{driver: driver, database: "neo4j"}
	if *recPath == "" {
		log.Printf("no -recording: the floor runs ingestion only")
	} else {
		rec, err := floor.LoadRecording(*recPath)
		if err != nil {
			return err
		}
		if rec.Scale != sc.Name {
			return fmt.Errorf("recording %s is of scale %s, not %s", *recPath, rec.Scale, sc.Name)
		}
		if fl.replay, err = floor.NewReplayer(driver, "neo4j", rec); err != nil {
			return err
		}
	}
	all := map[string]System{
		"ours":  &ours{gql.New(c.ours, c.key), "ours"},
		"peer":  &peer{gql.New(*peerURL, "")},
		"floor": fl,
	}
	if *baseURL != "" {
		for _, b := range strings.Split(*baseURL, ",") {
			name, url, ok := strings.Cut(b, "=")
			if !ok {
				name, url = "base", b
			}
			if all[name] != nil {
				return fmt.Errorf("-base: the name %q is taken", name)
			}
			all[name] = &ours{gql.New(url, c.key), name}
		}
	}
	var systems []System
	for _, n := range strings.Split(*systemsFlag, ",") {
		s, ok := all[strings.TrimSpace(n)]
		if !ok {
			return fmt.Errorf("-systems: unknown system %q (want ours, base, peer, floor)", n)
		}
		systems = append(systems, s)
	}
	var concs []int
	for _, s := range strings.Split(*concFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-concurrency: %q is not a positive integer", s)
		}
		concs = append(concs, n)
	}
	mix := Mix
	if *queries != "" {
		mix = nil
		for _, n := range strings.Split(*queries, ",") {
			q, err := queryByName(strings.TrimSpace(n))
			if err != nil {
				return err
			}
			mix = append(mix, q)
		}
	}

	res := &Results{Scale: sc.Name, Events: g.Events(), Started: time.Now().UTC(), Duration: dur.String(), Rounds: *rounds,
		Sets: c.sets, Machine: machine()}
	sets := paramSets(g, c.sets, c.seed)

	pids := map[string]int{"ours": *oursPID, "peer": *peerPID}
	for name, pid := range pids {
		if pid > 0 {
			if err := ResetPeak(pid); err != nil {
				log.Printf("%v (the peak will include loading)", err)
			}
		} else {
			delete(pids, name)
		}
	}

	// Warm-up: every system answers every variable set once (fills the page
	// cache and the query plan caches, lets V8 compile the peer); a system
	// that errors here is reported and the run fails at the end.
	if !*reads {
		mix = nil
	}
	for _, q := range mix {
		for _, s := range systems {
			if !s.CanRead(q) {
				continue
			}
			errs := 0
			var first error
			for i, vars := range sets[q.Name] {
				if _, err := s.Read(ctx, q, i, vars); err != nil {
					errs++
					if first == nil {
						first = err
					}
				}
			}
			if errs > 0 {
				log.Printf("warm-up %s on %s: %d/%d errors, first: %v", q.Name, s.Name(), errs, len(sets[q.Name]), first)
				res.Errors = append(res.Errors, fmt.Sprintf("warm-up %s on %s: %d/%d errors, first: %v", q.Name, s.Name(), errs, len(sets[q.Name]), first))
			}
		}
	}
	log.Printf("warm-up done")

	for _, conc := range concs {
		for _, q := range mix {
			cells := map[string]*Cell{}
			for r := range *rounds {
				for k := range systems {
					s := systems[(k+r)%len(systems)]
					if !s.CanRead(q) {
						continue
					}
					cell := cells[s.Name()]
					if cell == nil {
						cell = &Cell{System: s.Name(), Query: q.Name, Concurrency: conc}
						cells[s.Name()] = cell
					}
					measure(ctx, s, q, sets[q.Name], conc, *warm, *dur, cell)
				}
			}
			for _, s := range systems {
				cell := cells[s.Name()]
				if cell == nil {
					continue
				}
				cell.finish()
				res.Reads = append(res.Reads, cell)
				log.Printf("c=%-2d %-16s %-5s %8.1f req/s  p50 %7.2f  p95 %7.2f  p99 %7.2f ms  errors %d",
					conc, q.Name, s.Name(), cell.Throughput, cell.P50, cell.P95, cell.P99, cell.Errors)
				if cell.FirstError != "" {
					res.Errors = append(res.Errors, fmt.Sprintf("%s on %s at c=%d: %d errors, first: %s", q.Name, s.Name(), conc, cell.Errors, cell.FirstError))
				}
			}
		}
	}
	for name, pid := range pids {
		peak, rss, err := Memory(pid)
		if err != nil {
			return err
		}
		res.Memory = append(res.Memory, MemoryFigure{System: name, Phase: "reads", PeakMB: float64(peak) / 1024, RSSMB: float64(rss) / 1024})
	}

	if *ingestBatches > 0 {
		res.Ingest = ingestBench(ctx, g, driver, systems, *ingestBatches, *peerBatches, *ingestSize, *ingestTimeout, res)
		if err := floor.DeleteByPrefix(ctx, driver, "neo4j", "bench-"); err != nil {
			return err
		}
		for name, pid := range pids {
			peak, rss, err := Memory(pid)
			if err != nil {
				return err
			}
			res.Memory = append(res.Memory, MemoryFigure{System: name, Phase: "reads and ingestion", PeakMB: float64(peak) / 1024, RSSMB: float64(rss) / 1024})
		}
	}
	res.Finished = time.Now().UTC()

	if err := report(res.Markdown(), res, *md, *out); err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("%d systems/queries had errors:\n  %s", len(res.Errors), strings.Join(res.Errors, "\n  "))
	}
	return nil
}

// ingestBench writes n fresh 500-event batches per system, alternating the
// systems batch by batch.
func ingestBench(ctx context.Context, g *dataset.Gen, driver neo4j.DriverWithContext, systems []System, n, peerN, size int,
	timeout time.Duration, res *Results) []*IngestFigure {
	figs := map[string]*IngestFigure{}
	var out []*IngestFigure
	for _, s := range systems {
		f := &IngestFigure{System: s.Name()}
		figs[s.Name()] = f
		out = append(out, f)
	}
	for k := range n {
		for j := range systems {
			s := systems[(j+k)%len(systems)]
			f := figs[s.Name()]
			if s.Name() == "peer" && peerN > 0 && k >= peerN || f.TimedOut {
				continue
			}
			events := g.ExtraEvents(s.Name(), k)[:min(size, dataset.EventsPerBatch)]
			t0 := time.Now()
			tctx, cancel := context.WithTimeout(ctx, timeout)
			err := s.Ingest(tctx, events)
			cancel()
			el := time.Since(t0)
			if err != nil && el >= timeout {
				f.TimedOut = true
				f.Events += len(events)
				f.Seconds += el.Seconds()
				n, terr := floor.Terminate(ctx, driver, "neo4j", "CREATE (this0:Event)")
				log.Printf("ingest batch %d on %s: no answer in %s; terminated %d transactions (%v)", k, s.Name(), timeout, n, terr)
				continue
			}
			if err != nil {
				f.Errors++
				msg := fmt.Sprintf("ingest batch %d on %s: %v", k, s.Name(), err)
				log.Print(msg)
				res.Errors = append(res.Errors, msg)
				continue
			}
			f.Batches++
			f.Events += len(events)
			f.Seconds += el.Seconds()
			f.BatchMS = append(f.BatchMS, float64(el.Microseconds())/1000)
		}
	}
	for _, f := range out {
		if f.Seconds > 0 {
			f.EventsPerSecond = float64(f.Events) / f.Seconds
		}
		log.Printf("ingest %-5s %d batches, %.0f events/s", f.System, f.Batches, f.EventsPerSecond)
	}
	return out
}

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

// report prints a run's table and writes it (-md) and its results as JSON
// (-out) where asked.
func report(table string, res any, md, out string) error {
	fmt.Println(table)
	if md != "" {
		if err := os.WriteFile(md, []byte(table), 0o644); err != nil {
			return fmt.Errorf("-md: %w", err)
		}
	}
	if out != "" {
		raw, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(out, raw, 0o644); err != nil {
			return fmt.Errorf("-out: %w", err)
		}
	}
	return nil
}

// compare sends every variable set of the mix to two builds of our service
// and fails on the first answer that differs (as JSON values: key order
// aside, the same data).
func compare(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ExitOnError)
	var c common
	c.register(fs)
	baseURL := fs.String("base", "", "the other build's GraphQL endpoint")
	fs.Parse(args)
	if *baseURL == "" {
		return fmt.Errorf("compare needs -base")
	}
	sc, err := dataset.ParseScale(c.scale)
	if err != nil {
		return err
	}
	sets := paramSets(dataset.New(sc, c.seed), c.sets, c.seed)
	a, b := gql.New(c.ours, c.key), gql.New(*baseURL, c.key)
	ctx := context.Background()
	for _, q := range Mix {
		for i, vars := range sets[q.Name] {
			ra, _, err := a.Do(ctx, q.Ours, vars)
			if err != nil {
				return fmt.Errorf("%s set %d on ours: %w", q.Name, i, err)
			}
			rb, _, err := b.Do(ctx, q.Ours, vars)
			if err != nil {
				return fmt.Errorf("%s set %d on base: %w", q.Name, i, err)
			}
			var va, vb any
			if err := json.Unmarshal(ra, &va); err != nil {
				return err
			}
			if err := json.Unmarshal(rb, &vb); err != nil {
				return err
			}
			if !reflect.DeepEqual(va, vb) {
				return fmt.Errorf("%s set %d %v: the answers differ\nours: %.600s\nbase: %.600s", q.Name, i, vars, ra, rb)
			}
		}
		log.Printf("compare %s: %d sets, the same answers", q.Name, len(sets[q.Name]))
	}
	return nil
}
