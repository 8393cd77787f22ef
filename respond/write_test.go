package respond

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// The writer's scalars must come out as gqlgen's marshallers write them.
func TestScalarsAsGqlgenWritesThem(t *testing.T) {
	marshal := func(m graphql.Marshaler) string {
		var b bytes.Buffer
		m.MarshalGQL(&b)
		return b.String()
	}
	day := time.Date(2025, 5, 16, 0, 0, 0, 0, time.UTC)
	instant := time.Date(2026, 11, 27, 10, 49, 16, 802000000, time.FixedZone("", 0))
	tests := []struct {
		name, scalar string
		value        any
		want         string
	}{
		{"plain string", "String", "Türkiye", marshal(graphql.MarshalString("Türkiye"))},
		{"escapes", "String", "a\"b\\c\n\t\r\x00\x1f\x7f</script>\u2028", marshal(graphql.MarshalString("a\"b\\c\n\t\r\x00\x1f\x7f</script>\u2028"))},
		{"invalid UTF-8", "String", "a\xffb\xc3", marshal(graphql.MarshalString("a\xffb\xc3"))},
		{"id", "ID", "istanbul-talks-2025-05-16", marshal(graphql.MarshalID("istanbul-talks-2025-05-16"))},
		{"int", "Int", int64(-42), marshal(graphql.MarshalInt(-42))},
		{"whole float", "Float", float64(39), marshal(graphql.MarshalFloat(39))},
		{"float from an integer", "Float", int64(1000), marshal(graphql.MarshalFloat(1000))},
		{"fraction", "Float", 0.55, marshal(graphql.MarshalFloat(0.55))},
		{"tiny float", "Float", 1e-7, marshal(graphql.MarshalFloat(1e-7))},
		{"huge float", "Float", 1e21, marshal(graphql.MarshalFloat(1e21))},
		{"negative zero", "Float", math.Copysign(0, -1), marshal(graphql.MarshalFloat(math.Copysign(0, -1)))},
		{"max float", "Float", math.MaxFloat64, marshal(graphql.MarshalFloat(math.MaxFloat64))},
		{"boolean", "Boolean", true, marshal(graphql.MarshalBoolean(true))},
		{"date", "Date", dbtype.Date(day), marshal(eventgraph.DateOf(day))},
		{"early date", "Date", dbtype.Date(time.Date(33, 1, 2, 0, 0, 0, 0, time.UTC)), marshal(eventgraph.Date{Year: 33, Month: 1, Day: 2})},
		{"date stored as text", "Date", "2025-05-26", marshal(eventgraph.Date{Year: 2025, Month: 5, Day: 26})},
		{"instant", "DateTime", instant, marshal(graphql.MarshalTime(instant))},
		{"instant with an offset", "DateTime", instant.In(time.FixedZone("", 5*3600+1800)), marshal(graphql.MarshalTime(instant.In(time.FixedZone("", 5*3600+1800))))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &writer{}
			if err := w.scalar(tt.scalar, tt.value); err != nil {
				t.Fatal(err)
			}
			if got := string(w.buf); got != tt.want {
				t.Errorf("wrote %s, gqlgen writes %s", got, tt.want)
			}
		})
	}
}

// Values the executor would refuse or write in a way of its own are not
// written: the executor answers instead.
func TestScalarsTheWriterLeavesAlone(t *testing.T) {
	tests := []struct {
		scalar string
		value  any
	}{
		{"String", int64(3)},
		{"Int", 1.5},
		{"Float", math.Inf(1)},
		{"Float", math.NaN()},
		{"Date", "16 May 2025"},
		{"Date", dbtype.Date(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"Date", time.Now()},
		{"DateTime", time.Time{}},
		{"DateTime", dbtype.LocalDateTime(time.Now())},
		{"JSON", "{}"},
		{"JSON", map[string]any{"nan": math.NaN()}},
		{"JSON", nil},
		{"Unknown", "x"},
	}
	for _, tt := range tests {
		if err := (&writer{}).scalar(tt.scalar, tt.value); err != errUnsure {
			t.Errorf("%s %#v: %v, want errUnsure", tt.scalar, tt.value, err)
		}
	}
}

// Every field with a resolver (gqlgen.yml) is computed somewhere: a root
// field the direct path reads, a field kind of its own in the writer, or a
// type the supported root fields cannot reach (mutation payloads).
func TestEveryResolverFieldIsCovered(t *testing.T) {
	s, err := newSchema(graph.NewExecutableSchema(graph.Config{}).Schema())
	if err != nil {
		t.Fatal(err)
	}
	reachable := map[string]bool{}
	var visit func(typ string)
	visit = func(typ string) {
		if reachable[typ] {
			return
		}
		reachable[typ] = true
		def := s.Types[typ]
		for _, f := range def.Fields {
			visit(f.Type.Name())
		}
		for _, p := range s.PossibleTypes[typ] {
			visit(p.Name)
		}
	}
	for _, f := range s.Query.Fields {
		if reads(f.Name) {
			visit(f.Type.Name())
		}
	}

	// The resolver fields are the methods of the generated resolver
	// interfaces: graph.ResolverRoot has one per type (Actor() ActorResolver),
	// whose methods are that type's resolver fields (Events, LedTo, ...).
	root := reflect.TypeFor[graph.ResolverRoot]()
	n := 0
	for m := range root.Methods() {
		typ := m.Name
		def := s.Types[typ]
		if def == nil {
			t.Fatalf("graph.ResolverRoot.%s names no type of the schema", typ)
		}
		for rm := range m.Type.Out(0).Methods() {
			n++
			var field string
			for _, f := range def.Fields {
				if strings.EqualFold(f.Name, rm.Name) {
					field = f.Name
				}
			}
			switch {
			case field == "":
				t.Errorf("%s.%s: a resolver for no field of the schema", typ, rm.Name)
			case !reachable[typ]:
			case typ == "Query" && reads(field):
			case s.fieldKind(typ, field) != stored:
			default:
				t.Errorf("%s.%s has a resolver, and the direct path reads it as a stored field", typ, field)
			}
		}
	}
	if n < 20 {
		t.Fatalf("found %d resolver fields in graph.ResolverRoot; has gqlgen's layout changed?", n)
	}
}
