package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Cell is one system × query × concurrency measurement (all rounds).
type Cell struct {
	System      string  `json:"system"`
	Query       string  `json:"query"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"firstError,omitempty"`
	Seconds     float64 `json:"seconds"`
	Throughput  float64 `json:"throughput"`
	P50         float64 `json:"p50ms"`
	P95         float64 `json:"p95ms"`
	P99         float64 `json:"p99ms"`
	MeanBytes   float64 `json:"meanResponseBytes"`

	lat   []time.Duration
	bytes int64
}

// measure runs conc workers over the variable sets for warm (discarded) and
// then dur, adding to cell. Workers start no request after the deadline; the
// time counted runs until the last in-flight request returns.
func measure(ctx context.Context, s System, q Query, sets []map[string]any, conc int, warm, dur time.Duration, cell *Cell) {
	var next atomic.Int64
	phase := func(d time.Duration, keep bool) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := time.Now()
		deadline := start.Add(d)
		for range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var lat []time.Duration
				var bytes int64
				errs := 0
				var firstErr error
				for time.Now().Before(deadline) {
					i := int(next.Add(1)-1) % len(sets)
					t0 := time.Now()
					n, err := s.Read(ctx, q, i, sets[i])
					el := time.Since(t0)
					if err != nil {
						errs++
						time.Sleep(10 * time.Millisecond) // no busy loop on a failing system
						if firstErr == nil {
							firstErr = err
						}
						continue
					}
					lat = append(lat, el)
					bytes += int64(n)
				}
				if !keep {
					return
				}
				mu.Lock()
				cell.lat = append(cell.lat, lat...)
				cell.bytes += bytes
				cell.Errors += errs
				if firstErr != nil && cell.FirstError == "" {
					cell.FirstError = firstErr.Error()
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if keep {
			cell.Seconds += time.Since(start).Seconds()
		}
	}
	if warm > 0 {
		phase(warm, false)
	}
	phase(dur, true)
}

func (c *Cell) finish() {
	c.Requests = len(c.lat)
	if c.Seconds > 0 {
		c.Throughput = float64(c.Requests) / c.Seconds
	}
	if len(c.lat) == 0 {
		return
	}
	slices.Sort(c.lat)
	pct := func(p float64) float64 {
		i := int(p*float64(len(c.lat))+0.5) - 1
		i = max(0, min(len(c.lat)-1, i))
		return float64(c.lat[i].Microseconds()) / 1000
	}
	c.P50, c.P95, c.P99 = pct(0.50), pct(0.95), pct(0.99)
	c.MeanBytes = float64(c.bytes) / float64(len(c.lat))
}

// IngestFigure is one system's ingestion result.
type IngestFigure struct {
	System          string    `json:"system"`
	Batches         int       `json:"batches"`
	Events          int       `json:"events"`
	Errors          int       `json:"errors"`
	TimedOut        bool      `json:"timedOut,omitempty"`
	Seconds         float64   `json:"seconds"`
	EventsPerSecond float64   `json:"eventsPerSecond"`
	BatchMS         []float64 `json:"batchMs"`
}

// MemoryFigure is a server's resident memory after a phase.
type MemoryFigure struct {
	System string  `json:"system"`
	Phase  string  `json:"phase"`
	PeakMB float64 `json:"peakMB"`
	RSSMB  float64 `json:"rssMB"`
}

// Results is one run.
type Results struct {
	Scale    string          `json:"scale"`
	Events   int             `json:"events"`
	Machine  string          `json:"machine"`
	Started  time.Time       `json:"started"`
	Finished time.Time       `json:"finished"`
	Duration string          `json:"durationPerCellRound"`
	Rounds   int             `json:"rounds"`
	Sets     int             `json:"variableSets"`
	Reads    []*Cell         `json:"reads"`
	Ingest   []*IngestFigure `json:"ingest"`
	Memory   []MemoryFigure  `json:"memory"`
	Errors   []string        `json:"errors,omitempty"`
}

func (r *Results) cell(sys, q string, c int) *Cell {
	for _, x := range r.Reads {
		if x.System == sys && x.Query == q && x.Concurrency == c {
			return x
		}
	}
	return nil
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func num(v float64, f string) string {
	if v == 0 {
		return "–"
	}
	return fmt.Sprintf(f, v)
}

// Markdown renders the tables of BENCHMARKS.md: per concurrency, each
// query's throughput and latency per system with the ratios beside them.
func (r *Results) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Scale %s (%d events), %s\n\n", r.Scale, r.Events, r.Started.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Each cell: %d rounds × %s measured (systems rotated each round), %d variable sets per query.\n\n", r.Rounds, r.Duration, r.Sets)
	var concs []int
	var queries []string
	for _, c := range r.Reads {
		if !slices.Contains(concs, c.Concurrency) {
			concs = append(concs, c.Concurrency)
		}
		if !slices.Contains(queries, c.Query) {
			queries = append(queries, c.Query)
		}
	}
	for _, conc := range concs {
		fmt.Fprintf(&b, "**Concurrency %d** — throughput in requests/s, latency in ms (p50 / p95 / p99)\n\n", conc)
		b.WriteString("| query | ours req/s | peer req/s | floor req/s | ours/peer req/s | ours p50/p95/p99 | peer p50/p95/p99 | floor p50/p95/p99 | ours/peer p99 | ours/floor p50 |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, q := range queries {
			o, p, f := r.cell("ours", q, conc), r.cell("peer", q, conc), r.cell("floor", q, conc)
			get := func(c *Cell) *Cell {
				if c == nil {
					return &Cell{}
				}
				return c
			}
			o, p, f = get(o), get(p), get(f)
			lat := func(c *Cell) string {
				if c.Requests == 0 {
					return "–"
				}
				return fmt.Sprintf("%.1f / %.1f / %.1f", c.P50, c.P95, c.P99)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", q,
				num(o.Throughput, "%.0f"), num(p.Throughput, "%.0f"), num(f.Throughput, "%.0f"),
				ratio(o.Throughput, p.Throughput), lat(o), lat(p), lat(f), ratio(o.P99, p.P99), ratio(o.P50, f.P50))
		}
		b.WriteString("\n")
	}
	if len(r.Ingest) > 0 {
		size := 0
		for _, f := range r.Ingest {
			if f.Batches > 0 {
				size = f.Events / f.Batches
			}
		}
		fmt.Fprintf(&b, "**Ingestion** — %d-event batches with participants, location, topics and citations, one transaction each\n\n", size)
		b.WriteString("| system | batches | events/s | batch ms (median) |\n|---|---:|---:|---:|\n")
		var oursRate float64
		rates := map[string]float64{}
		peerBound := ""
		for _, f := range r.Ingest {
			med := 0.0
			if len(f.BatchMS) > 0 {
				s := slices.Clone(f.BatchMS)
				slices.Sort(s)
				med = s[len(s)/2]
			}
			if f.TimedOut {
				fmt.Fprintf(&b, "| %s | %d + 1 unfinished | < %.1f (a batch gave no answer in %.0f s) | – |\n", f.System, f.Batches, f.EventsPerSecond, f.Seconds)
			} else {
				fmt.Fprintf(&b, "| %s | %d | %.0f | %.0f |\n", f.System, f.Batches, f.EventsPerSecond, med)
			}
			rates[f.System] = f.EventsPerSecond
			if f.System == "peer" && f.TimedOut {
				peerBound = "> " // the peer's rate is an upper bound
			}
			if f.System == "ours" {
				oursRate = f.EventsPerSecond
			}
		}
		fmt.Fprintf(&b, "\nours/floor: %s, ours/peer: %s%s\n\n", ratio(oursRate, rates["floor"]), peerBound, ratio(oursRate, rates["peer"]))
	}
	if len(r.Memory) > 0 {
		b.WriteString("**Peak memory (VmHWM) of each server process**, reset after loading the data\n\n| server | phase | peak MB | RSS at end MB |\n|---|---|---:|---:|\n")
		for _, m := range r.Memory {
			fmt.Fprintf(&b, "| %s | %s | %.0f | %.0f |\n", m.System, m.Phase, m.PeakMB, m.RSSMB)
		}
		b.WriteString("\n")
	}
	if len(r.Errors) > 0 {
		b.WriteString("**Errors**\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(&b, "- %s\n", e)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// machine describes the host: cores, memory and CPU model.
func machine() string {
	model := "unknown CPU"
	if raw, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(l, "model name") {
				model = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if raw, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.SplitN(string(raw), "\n", 2)[0], "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf("%.1f GiB", float64(kb)/1024/1024)
	}
	return fmt.Sprintf("%d cores (nproc), %s, %s, %s", runtime.NumCPU(), mem, model, runtime.Version())
}
