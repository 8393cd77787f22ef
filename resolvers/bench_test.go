package resolvers_test

import (
	"testing"

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
