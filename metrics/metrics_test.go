package metrics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// The operation label is the one a client chooses: it must stay a bounded
// set of GraphQL names whatever is sent.
func TestOperationLabels(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"", Anonymous},
		{"ListEvents", "ListEvents"},
		{"_private2", "_private2"},
		{strings.Repeat("a", MaxNameLength), strings.Repeat("a", MaxNameLength)},
		{strings.Repeat("a", MaxNameLength+1), Other},
		{"2fast", Other},
		{"has space", Other},
		{"new\nline", Other},
		{`quote"d`, Other},
		{"ünïcode", Other},
		{"x{y=\"z\"}", Other},
	}
	r := New()
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%.20q", tc.name), func(t *testing.T) {
			before := testutil.ToFloat64(r.operations.WithLabelValues(tc.want, "OK", "200"))
			r.Operation(tc.name, "OK", 200, time.Millisecond)
			if got := testutil.ToFloat64(r.operations.WithLabelValues(tc.want, "OK", "200")) - before; got != 1 {
				t.Errorf("operation %q: counted %v under %q, want 1", tc.name, got, tc.want)
			}
		})
	}
}

// Past MaxOperations distinct names, new names are counted as "other";
// names already seen keep their series.
func TestOperationNamesAreBounded(t *testing.T) {
	r := New()
	for i := range MaxOperations + 50 {
		r.Operation(fmt.Sprintf("Op%d", i), "OK", 200, time.Millisecond)
	}
	r.Operation("", "OK", 200, time.Millisecond)
	r.Operation("Op0", "OK", 200, time.Millisecond)
	if n := testutil.CollectAndCount(r.opDuration); n != MaxOperations+2 {
		t.Errorf("%d latency series, want %d names + other + anonymous", n, MaxOperations+2)
	}
	if got := testutil.ToFloat64(r.operations.WithLabelValues(Other, "OK", "200")); got != 50 {
		t.Errorf("other counted %v requests, want 50", got)
	}
	if got := testutil.ToFloat64(r.operations.WithLabelValues("Op0", "OK", "200")); got != 2 {
		t.Errorf("Op0 counted %v requests, want 2", got)
	}
	if got := testutil.ToFloat64(r.operations.WithLabelValues(Anonymous, "OK", "200")); got != 1 {
		t.Errorf("anonymous counted %v requests, want 1", got)
	}
}

// Every reason and kind has its series from the start, at 0, so that a
// rate over it is defined before the first event.
func TestSeriesExistFromTheStart(t *testing.T) {
	r := New()
	if n := testutil.CollectAndCount(r.refusals); n != len(Reasons) {
		t.Errorf("%d refusal series, want %d", n, len(Reasons))
	}
	if n := testutil.CollectAndCount(r.dbErrors); n != len(DBKinds) {
		t.Errorf("%d database error series, want %d", n, len(DBKinds))
	}
	r.Refused(ReasonDepth)
	r.DatabaseError(DBTimeout)
	r.Ingested("event", Created, 3)
	r.Ingested("event", Created, 0)
	r.RoundTrip("get Actor", 2*time.Millisecond)
	r.HTTPRequest("", 404)
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"refusals{depth}", testutil.ToFloat64(r.refusals.WithLabelValues(ReasonDepth)), 1},
		{"refusals{auth}", testutil.ToFloat64(r.refusals.WithLabelValues(ReasonAuth)), 0},
		{"db errors{timeout}", testutil.ToFloat64(r.dbErrors.WithLabelValues(DBTimeout)), 1},
		{"ingest{event,created}", testutil.ToFloat64(r.ingestItems.WithLabelValues("event", Created)), 3},
		{"http{unmatched,404}", testutil.ToFloat64(r.httpRequests.WithLabelValues("unmatched", "404")), 1},
		{"round trip series", float64(testutil.CollectAndCount(r.dbDuration)), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// A nil registry is a service without metrics: every report is a no-op.
func TestNilRegistryCountsNothing(t *testing.T) {
	var r *Registry
	r.HTTPRequest("/graphql", 200)
	r.Operation("Op", "OK", 200, time.Second)
	r.Refused(ReasonAuth)
	r.RoundTrip("q", time.Second)
	r.DatabaseError(DBOther)
	r.Ingested("actor", Created, 1)
}

// What a GraphQL request costs the metrics on the hot path: a seen
// operation name, a response code and status.
func BenchmarkOperation(b *testing.B) {
	r := New()
	b.ReportAllocs()
	for b.Loop() {
		r.HTTPRequest("/graphql", 200)
		r.Operation("ListEvents", "OK", 200, 3*time.Millisecond)
	}
}

// What a database round trip costs the metrics.
func BenchmarkRoundTrip(b *testing.B) {
	r := New()
	b.ReportAllocs()
	for b.Loop() {
		r.RoundTrip("list Event", time.Millisecond)
	}
}
