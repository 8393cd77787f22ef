// Command aggregations measures each aggregation's latency at concurrency
// 1 against a running service: every query is sent -n times one after the
// other (after -warm unmeasured runs) and its p50 and p90 printed, as a
// Markdown table for BENCHMARKS.md.
//
//	go run ./bench/aggregations -url http://127.0.0.1:18140/graphql -n 50
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sort"
	"time"
)

var queries = []struct{ name, query string }{
	{"events aggregate (count, startDate, endDate)", `{ events { aggregate { count startDate { min max } endDate { max } } } }`},
	{"eventCounts by KIND", `{ eventCounts(by: [KIND]) { bucketCount buckets { kind count } } }`},
	{"eventCounts by PERIOD (MONTH), KIND", `{ eventCounts(by: [PERIOD, KIND], interval: MONTH, first: 1000) { bucketCount buckets { period kind count } } }`},
	{"eventCounts by COUNTRY", `{ eventCounts(by: [COUNTRY]) { bucketCount buckets { country count } } }`},
	{"eventCounts by ACTOR (top 20)", `{ eventCounts(by: [ACTOR], first: 20) { bucketCount buckets { actor { id name } count } } }`},
	{"eventCounts by PARTICIPATION_KIND", `{ eventCounts(by: [PARTICIPATION_KIND]) { buckets { participationKind count } } }`},
	{"eventCounts by KIND, one year", `{ eventCounts(by: [KIND], where: {from: "2024-01-01", to: "2024-12-31"}) { buckets { kind count } } }`},
	{"coParticipation (top 20)", `{ coParticipation(first: 20) { pairCount pairs { a { id } b { id } count firstDate lastDate } } }`},
	{"positionCounts by STANCE, TOPIC", `{ positionCounts(by: [STANCE, TOPIC]) { bucketCount buckets { stance topic { id } count } } }`},
	{"forecastCounts by STATUS, LIKELIHOOD", `{ forecastCounts(by: [STATUS, LIKELIHOOD]) { bucketCount buckets { status likelihood count } } }`},
}

func main() {
	url := flag.String("url", "http://127.0.0.1:18140/graphql", "the service's GraphQL endpoint")
	key := flag.String("key", "", "reader key, if reads need one")
	n := flag.Int("n", 50, "measured runs per query")
	warm := flag.Int("warm", 5, "unmeasured runs per query first")
	flag.Parse()
	log.SetFlags(0)
	fmt.Println("| query | p50 ms | p90 ms | runs |")
	fmt.Println("|---|---:|---:|---:|")
	for _, q := range queries {
		var ds []time.Duration
		var failed error
		for i := 0; i < *warm+*n && failed == nil; i++ {
			d, err := send(*url, *key, q.query)
			if err != nil {
				failed = err
				break
			}
			if i >= *warm {
				ds = append(ds, d)
			}
		}
		if failed != nil {
			// A query the service refuses (its timeout) is a row of the table, not the end of the run.
			fmt.Printf("| %s | failed: %.120s | | %d |\n", q.name, failed, len(ds))
			continue
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
		fmt.Printf("| %s | %s | %s | %d |\n", q.name, ms(ds[len(ds)/2]), ms(ds[len(ds)*9/10]), len(ds))
	}
	if h, err := os.Hostname(); err == nil {
		fmt.Fprintf(os.Stderr, "host %s\n", h)
	}
}

func send(url, key, query string) (time.Duration, error) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	var out struct{ Errors []json.RawMessage }
	if json.Unmarshal(b, &out) != nil || len(out.Errors) > 0 || res.StatusCode != 200 {
		return 0, fmt.Errorf("HTTP %d: %.300s", res.StatusCode, b)
	}
	return d, nil
}
