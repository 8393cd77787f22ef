package resolvers_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/apitest"
)

// BenchmarkNestedRead measures one nested read end to end over HTTP
// (service, gqlgen, decoding, Neo4j): go test -bench NestedRead ./resolvers.
func BenchmarkNestedRead(b *testing.B) {
	srv := apitest.Start(b)
	const q = `{ events(first: 14) { edges { node { id title startDate figures { label value }
	  location { name parent { name } }
	  participants(first: 10) { edges { kind role quote sources { title } node { id name kind affiliations { edges { role node { name } } } } } }
	  sources { quote source { title } } } } } }`
	b.ReportAllocs()
	for b.Loop() {
		r := srv.Query(b, q, nil)
		if len(r.Errors) > 0 {
			b.Fatal(r.Errors)
		}
	}
}

// BenchmarkDirectReads runs the read mix's nested shapes and neighbourhood
// (bench/load/mix.go) on the seed end to end over HTTP, answered by the
// direct response path (package respond), the only read path since issue
// 10 measured gqlgen's executor at about half its throughput (BENCHMARKS.md,
// "One read path"):
//
//	go test -run '^$' -bench DirectReads -benchmem ./resolvers
func BenchmarkDirectReads(b *testing.B) {
	srv := apitest.Start(b)
	shapes := []struct {
		name, query string
		vars        map[string]any
	}{
		{"actor profile", `query Profile($id: ID!) {
  actor(id: $id) {
    id name kind aliases countryCode description
    affiliations(first: 20) { edges { role validFrom validTo node { id name kind } } }
    events(first: 20) {
      edges {
        kind role
        node {
          id title kind startDate
          location { id name kind }
          participants(first: 10) { edges { kind role node { id name kind } } }
        }
      }
    }
  }
}`, map[string]any{"id": "vladimir-putin"}},
		{"timeline page", `query Timeline($kind: EventKind!, $from: Date!, $to: Date!) {
  events(first: 50, where: { kinds: [$kind], from: $from, to: $to }, orderBy: { field: START_DATE, direction: ASC }) {
    edges {
      node {
        id title kind startDate endDate
        participants(first: 10) { edges { kind role node { id name kind } } }
      }
    }
  }
}`, map[string]any{"kind": "CONSULT", "from": "2025-01-01", "to": "2025-12-31"}},
		{"forecast list", `query Forecasts($status: ForecastStatus!, $horizon: Horizon!) {
  forecasts(first: 20, where: { statuses: [$status], horizons: [$horizon] }, orderBy: { field: WINDOW_END, direction: ASC }) {
    edges {
      node {
        id statement horizon likelihood status windowStart windowEnd
        about { __typename ... on Actor { id name } ... on Event { id title } ... on Topic { id name } }
        source { id title publishedAt }
      }
    }
  }
}`, map[string]any{"status": "OPEN", "horizon": "MEDIUM_TERM"}},
		// The read mix's neighbourhood on the seed's best-connected node
		// (Russia: 56 nodes and 203 edges within two hops).
		{"neighbourhood", `query Neighbourhood($id: ID!) {
  neighborhood(id: $id, depth: 2, limit: 200) {
    truncated
    nodes { id type label }
    edges { id type source target }
  }
}`, map[string]any{"id": "russia"}},
	}
	for _, s := range shapes {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if r := srv.Query(b, s.query, s.vars); len(r.Errors) > 0 {
					b.Fatal(r.Errors)
				}
			}
			// Wall time is mostly Neo4j's; the CPU this process spent
			// (service and HTTP client, not the database) is what the
			// direct path saves.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
