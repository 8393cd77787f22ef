package respond

import (
	"bytes"
	"math"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/store"
)

// Properties (the JSON scalar) must come out as graphql.MarshalMap writes
// them, newline included: nested values, numbers of every size, text that
// encoding/json escapes and the ISO strings store.plain makes of dates.
func TestPropertiesAsMarshalMapWritesThem(t *testing.T) {
	maps := map[string]map[string]any{
		"empty": {},
		"a node's properties": {
			"id": "istanbul-talks-2025-05-16", "title": "Talks <in> Istanbul & \"more\"", "startDate": "2025-05-16",
			"createdAt": "2026-11-27T10:49:16.802Z", "aliases": []any{"a", "b"}, "none": nil, "flag": true,
			"figures": []any{map[string]any{"label": "delegates", "value": 12.5, "unit": "people"}, map[string]any{"label": "x", "value": int64(3)}},
		},
		"numbers": {
			"int": int64(-42), "big": int64(math.MaxInt64), "whole": 39.0, "fraction": 0.55, "tiny": 1e-7,
			"huge": 1e21, "max": math.MaxFloat64, "negative zero": math.Copysign(0, -1),
		},
		"text": {"escapes": "a\"b\\c\n\t\r\x00\x1f\x7f</script>\u2028", "invalid UTF-8": "a\xffb\xc3", "unicode": "Türkiye"},
	}
	for name, m := range maps {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			graphql.MarshalMap(m).MarshalGQL(&want)
			w := &writer{}
			if err := w.jsonMap(m); err != nil {
				t.Fatal(err)
			}
			if got := string(w.buf); got != want.String() {
				t.Errorf("wrote %s, gqlgen writes %s", got, want.String())
			}
		})
	}
	// gqlgen's marshaller panics on these; the executor reports the error.
	for _, m := range []map[string]any{nil, {"nan": math.NaN()}, {"inf": []any{math.Inf(-1)}}} {
		if err := (&writer{}).jsonMap(m); err != errUnsure {
			t.Errorf("%v: %v, want errUnsure", m, err)
		}
	}
}

// The store's defaults (for the compiler's golden tests) are the schema's,
// which the direct path gives a client that leaves an argument out or
// passes null.
func TestSubgraphDefaultsMatchTheSchema(t *testing.T) {
	q := graph.NewExecutableSchema(graph.Config{}).Schema().Query
	for _, d := range []struct {
		field, arg string
		want       int
	}{
		{"neighborhood", "depth", store.DefaultDepth},
		{"neighborhood", "limit", store.DefaultNeighborhood},
		{"path", "maxDepth", store.DefaultPathDepth},
	} {
		arg := q.Fields.ForName(d.field).Arguments.ForName(d.arg)
		if arg == nil || arg.DefaultValue == nil {
			t.Errorf("%s(%s) has no default in the schema", d.field, d.arg)
			continue
		}
		if v, err := arg.DefaultValue.Value(nil); err != nil || v != int64(d.want) {
			t.Errorf("%s(%s) defaults to %v in the schema, to %d in the store", d.field, d.arg, v, d.want)
		}
	}
}
