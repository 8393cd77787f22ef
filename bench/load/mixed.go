package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/bench/floor"
	"github.com/eventgraph/eventgraph/bench/gql"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The mixed load of issue 9: many clients at once, each sending the read
// mix and, now and then, a small ingest batch of its own, against our
// service alone. What counts is that nothing fails (every error is
// reported, and any fails the run), the latency of each kind of request,
// and the service's peak memory.

// writeKind names the writes in the figures, beside the mix's query names.
const writeKind = "ingest (write)"

// mixedConfig is what `load mixed` was asked to do.
type mixedConfig struct {
	clients     int
	duration    time.Duration
	writeShare  float64
	writeEvents int
	prefix      string
	dataset     string // what the database holds, for the report
}

// KindFigure is one kind of request's result.
type KindFigure struct {
	Kind       string  `json:"kind"`
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	FirstError string  `json:"firstError,omitempty"`
	P50        float64 `json:"p50ms"`
	P99        float64 `json:"p99ms"`
	Max        float64 `json:"maxms"`

	lat []time.Duration
}

// MixedResults is one mixed run.
type MixedResults struct {
	Dataset    string        `json:"dataset"`
	Machine    string        `json:"machine"`
	Started    time.Time     `json:"started"`
	Clients    int           `json:"clients"`
	Seconds    float64       `json:"seconds"`
	WriteShare float64       `json:"writeShare"`
	Kinds      []*KindFigure `json:"kinds"`
	Total      *KindFigure   `json:"total"`
	Throughput float64       `json:"throughput"`
	PeakMB     float64       `json:"peakMB,omitempty"`
	RSSMB      float64       `json:"rssMB,omitempty"`
	// LoadBefore and LoadAfter are the machine's 1-minute load average: on
	// a shared machine they say how much else was running.
	LoadBefore string `json:"loadBefore"`
	LoadAfter  string `json:"loadAfter"`
}

func mixed(args []string) error {
	fs := flag.NewFlagSet("mixed", flag.ExitOnError)
	var c common
	c.register(fs)
	var mc mixedConfig
	fs.IntVar(&mc.clients, "clients", 64, "concurrent clients")
	fs.DurationVar(&mc.duration, "duration", 60*time.Second, "how long the clients send requests")
	fs.Float64Var(&mc.writeShare, "writes", 0.1, "share of requests that are ingest batches")
	fs.IntVar(&mc.writeEvents, "write-events", 3, "events per ingest batch (each with two actors and a source of its own)")
	fs.StringVar(&mc.prefix, "prefix", "bench-load", "id prefix of what the writes create")
	fs.StringVar(&mc.dataset, "dataset", "", "what the database holds, for the report (default: scale <scale>)")
	oursPID := fs.Int("ours-pid", 0, "our service's pid, for its peak memory (VmHWM, reset at the start)")
	boltURI := fs.String("neo4j", "", "Neo4j, to delete what the writes created afterwards (empty = keep it)")
	out := fs.String("out", "", "results JSON to write")
	md := fs.String("md", "", "Markdown table to write")
	fs.Parse(args)
	if mc.clients < 1 || mc.duration <= 0 || mc.writeShare < 0 || mc.writeShare > 1 || mc.writeEvents < 1 {
		return fmt.Errorf("mixed: -clients, -duration and -write-events must be positive and -writes within 0..1")
	}
	sc, err := dataset.ParseScale(c.scale)
	if err != nil {
		return err
	}
	if mc.dataset == "" {
		mc.dataset = "scale " + sc.Name
	}
	g := dataset.New(sc, c.seed)
	sets := paramSets(g, c.sets, c.seed)
	client := gql.New(c.ours, c.key)
	// Each run's writes have ids of their own, so that they create rather
	// than find what an earlier run left.
	run := strconv.FormatInt(time.Now().Unix(), 36)
	prefix := mc.prefix + "-" + run

	// Warm-up, unmeasured and one request at a time: every query of the mix
	// and one write, so that Neo4j plans each statement once rather than
	// 64 clients planning it at the same moment.
	ctx := context.Background()
	for _, q := range mixedQueries() {
		if _, _, err := client.Do(ctx, q.Ours, sets[q.Name][0]); err != nil {
			return fmt.Errorf("warm-up %s: %w", q.Name, err)
		}
	}
	warm := dataset.NewTagged(prefix+"-warm-up", mc.writeEvents)
	if _, _, err := client.Do(ctx, ingestMutation, map[string]any{"input": warm.Input}); err != nil {
		return fmt.Errorf("warm-up write: %w", err)
	}

	if *oursPID > 0 {
		if err := ResetPeak(*oursPID); err != nil {
			log.Printf("%v (the peak will include what came before)", err)
		}
	}
	loadBefore := loadAverage()
	res := runMixed(ctx, client, sets, prefix, mc)
	res.Machine, res.LoadBefore, res.LoadAfter = machine(), loadBefore, loadAverage()
	if *oursPID > 0 {
		peak, rss, err := Memory(*oursPID)
		if err != nil {
			return err
		}
		res.PeakMB, res.RSSMB = float64(peak)/1024, float64(rss)/1024
	}
	if *boltURI != "" {
		if err := deleteWrites(*boltURI, prefix); err != nil {
			return err
		}
	}

	if err := report(res.Markdown(), res, *md, *out); err != nil {
		return err
	}
	if res.Total.Errors > 0 {
		var firsts []string
		for _, k := range res.Kinds {
			if k.Errors > 0 {
				firsts = append(firsts, fmt.Sprintf("%s: %d errors, first: %s", k.Kind, k.Errors, k.FirstError))
			}
		}
		return fmt.Errorf("%d of %d requests failed:\n  %s", res.Total.Errors, res.Total.Requests+res.Total.Errors, strings.Join(firsts, "\n  "))
	}
	if res.Total.Requests == 0 {
		return fmt.Errorf("no request completed in %s", mc.duration)
	}
	return nil
}

// runMixed runs the clients until the deadline; none starts a request
// after it, and the time counted runs until the last one returns.
func runMixed(ctx context.Context, client *gql.Client, sets map[string][]map[string]any, prefix string, mc mixedConfig) *MixedResults {
	mix := mixedQueries()
	kinds := map[string]*KindFigure{writeKind: {Kind: writeKind}}
	for _, q := range mix {
		kinds[q.Name] = &KindFigure{Kind: q.Name}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	started := time.Now()
	deadline := started.Add(mc.duration)
	for w := range mc.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 9))
			local := map[string]*KindFigure{}
			for n := 0; time.Now().Before(deadline); n++ {
				var kind string
				var err error
				t0 := time.Now()
				if r.Float64() < mc.writeShare {
					kind = writeKind
					b := dataset.NewTagged(fmt.Sprintf("%s-%d-%d", prefix, w, n), mc.writeEvents)
					_, _, err = client.Do(ctx, ingestMutation, map[string]any{"input": b.Input})
				} else {
					q := mix[r.IntN(len(mix))]
					kind = q.Name
					vs := sets[q.Name]
					_, _, err = client.Do(ctx, q.Ours, vs[r.IntN(len(vs))])
				}
				el := time.Since(t0)
				f := local[kind]
				if f == nil {
					f = &KindFigure{Kind: kind}
					local[kind] = f
				}
				if err != nil {
					f.Errors++
					if f.FirstError == "" {
						f.FirstError = err.Error()
					}
					time.Sleep(10 * time.Millisecond) // no busy loop on a failing service
					continue
				}
				f.lat = append(f.lat, el)
			}
			mu.Lock()
			defer mu.Unlock()
			for k, f := range local {
				all := kinds[k]
				all.lat = append(all.lat, f.lat...)
				all.Errors += f.Errors
				if all.FirstError == "" {
					all.FirstError = f.FirstError
				}
			}
		}()
	}
	wg.Wait()
	res := &MixedResults{Dataset: mc.dataset, Started: started.UTC(), Clients: mc.clients,
		Seconds: time.Since(started).Seconds(), WriteShare: mc.writeShare, Total: &KindFigure{Kind: "all"}}
	for _, q := range append([]string{writeKind}, names(mix)...) {
		f := kinds[q]
		res.Total.lat = append(res.Total.lat, f.lat...)
		res.Total.Errors += f.Errors
		if res.Total.FirstError == "" {
			res.Total.FirstError = f.FirstError
		}
		f.finish()
		res.Kinds = append(res.Kinds, f)
	}
	res.Total.finish()
	res.Throughput = float64(res.Total.Requests) / res.Seconds
	return res
}

const ingestMutation = `mutation Ingest($input: IngestInput!) { ingest(input: $input) { created relationshipsCreated } }`

func names(qs []Query) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Name
	}
	return out
}

func (f *KindFigure) finish() {
	f.Requests = len(f.lat)
	if len(f.lat) == 0 {
		return
	}
	slices.Sort(f.lat)
	pct := func(p float64) float64 {
		i := max(0, min(len(f.lat)-1, int(p*float64(len(f.lat))+0.5)-1))
		return float64(f.lat[i].Microseconds()) / 1000
	}
	f.P50, f.P99 = pct(0.50), pct(0.99)
	f.Max = float64(f.lat[len(f.lat)-1].Microseconds()) / 1000
}

// Markdown is the table of BENCHMARKS.md's section "Load: 64 clients,
// reads and writes".
func (r *MixedResults) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %d clients for %.0f s, %s, %s\n\n", r.Clients, r.Seconds, r.Dataset, r.Started.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Each client sends one request after another: an ingest batch with probability %.2f, otherwise a query of the read mix with one of its variable sets. Machine: %s.\n\n", r.WriteShare, r.Machine)
	b.WriteString("| kind | requests | errors | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n")
	for _, f := range append(r.Kinds, r.Total) {
		fmt.Fprintf(&b, "| %s | %d | %d | %.1f | %.1f | %.1f |\n", f.Kind, f.Requests, f.Errors, f.P50, f.P99, f.Max)
	}
	fmt.Fprintf(&b, "\nThroughput %.0f requests/s; load average %s before, %s after", r.Throughput, r.LoadBefore, r.LoadAfter)
	if r.PeakMB > 0 {
		fmt.Fprintf(&b, "; the service's peak memory (VmHWM, reset at the start) %.0f MB, RSS at the end %.0f MB", r.PeakMB, r.RSSMB)
	}
	b.WriteString(".\n")
	for _, f := range r.Kinds {
		if f.FirstError != "" {
			fmt.Fprintf(&b, "\n- %s: first error: %s", f.Kind, f.FirstError)
		}
	}
	return b.String()
}

// loadAverage is the 1-minute load average, or "unknown".
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(raw)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// deleteWrites removes what the run's writes created, so that a database
// kept for the next benchmark run holds the dataset only.
func deleteWrites(uri, prefix string) error {
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth("neo4j", envOr("NEO4J_PASSWORD", "eventgraph"), ""))
	if err != nil {
		return fmt.Errorf("neo4j %s: %w", uri, err)
	}
	defer driver.Close(ctx)
	return floor.DeleteByPrefix(ctx, driver, "neo4j", prefix+"-")
}
