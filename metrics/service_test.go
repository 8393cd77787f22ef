package metrics_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/eventgraph/eventgraph"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/server"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// These tests run the whole service over the real Neo4j (apitest) and read
// /metrics as Prometheus would: each request of a kind of outcome must move
// exactly the series it should, by exactly what it should, and no other.

// sample is one scrape: the value of every counter, and the count of every
// histogram (as name_count), keyed by name{label="value",...}.
type sample map[string]float64

// scrape reads /metrics at base with the bearer key ("" for none).
func scrape(t *testing.T, base, key string) sample {
	t.Helper()
	status, body := get(t, base+"/metrics", key)
	if status != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", status, body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	out := sample{}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			slices.Sort(labels)
			key := name + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Histogram != nil:
				out[name+"_count{"+strings.Join(labels, ",")+"}"] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

func get(t *testing.T, url, key string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body
}

const roundTrips = "eventgraph_db_round_trip_duration_seconds_count"

// delta is after minus before for the service's own series (eventgraph_*),
// leaving out those that did not move; the round trips are summed into one
// entry, roundTrips, since which queries a request sends is the store's
// business.
func delta(before, after sample) sample {
	out := sample{}
	for k, v := range after {
		if !strings.HasPrefix(k, "eventgraph_") {
			continue
		}
		d := v - before[k]
		if d == 0 {
			continue
		}
		if strings.HasPrefix(k, roundTrips+"{") {
			out[roundTrips] += d
			continue
		}
		out[k] = d
	}
	return out
}

func requests(op, code, status string) string {
	return fmt.Sprintf(`eventgraph_graphql_requests_total{code=%q,operation=%q,status=%q}`, code, op, status)
}

func latency(op string) string {
	return fmt.Sprintf(`eventgraph_graphql_request_duration_seconds_count{operation=%q}`, op)
}

func route(r, status string) string {
	return fmt.Sprintf(`eventgraph_http_requests_total{route=%q,status=%q}`, r, status)
}

func refusal(reason string) string {
	return fmt.Sprintf(`eventgraph_guard_refusals_total{reason=%q}`, reason)
}

func items(kind, outcome string) string {
	return fmt.Sprintf(`eventgraph_ingest_items_total{kind=%q,outcome=%q}`, kind, outcome)
}

// graphql is what one GraphQL request of the table adds, besides what the
// case lists: its request, latency and route counted once.
func graphql(op, code, status string, more sample) sample {
	out := sample{requests(op, code, status): 1, latency(op): 1, route("/graphql", status): 1}
	maps.Copy(out, more)
	return out
}

const ingest = `mutation MetricsIngest($in: IngestInput!, $dry: Boolean) {
  ingest(input: $in, validateOnly: $dry) { created updated unchanged } }`

func TestRequestsAreCounted(t *testing.T) {
	srv := apitest.Start(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	run := hex.EncodeToString(b[:])
	batch := map[string]any{
		"actors": []map[string]any{{"id": "t-metrics-a-" + run, "name": "Metrics actor", "kind": "STATE"}},
		"events": []map[string]any{{"id": "t-metrics-e-" + run, "title": "Metrics event", "kind": "AGREE", "startDate": "2031-02-03",
			"participants": []map[string]any{{"actorId": "t-metrics-a-" + run}}}},
	}
	badBatch := map[string]any{
		"actors": []map[string]any{{"id": "t-metrics-bad-a-" + run, "name": "Metrics actor", "kind": "STATE"}},
		"events": []map[string]any{{"id": "t-metrics-bad-e-" + run, "title": "Metrics event", "kind": "AGREE", "startDate": "2031-02-03",
			"participants": []map[string]any{{"actorId": "t-metrics-no-such-actor"}}}},
	}
	deep := `query MetricsDeep { event(id: "x") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } }`
	costly := `query MetricsCostly { events(first: 100) { edges { node { participants(first: 100) { edges { node { name events(first: 10) { totalCount } } } } } } } }`

	tests := []struct {
		name       string
		key        string
		query      string
		vars       map[string]any
		body       int // bytes of padding in the query, to pass the body limit
		wantStatus int
		wantCode   string // of the first error; "" for none
		want       sample
		// roundTrips is the exact number of database round trips, or -1
		// for "some" (a write's statements are the store's business).
		roundTrips float64
	}{
		{name: "OK", query: `query MetricsRead($id: ID!) { actor(id: $id) { name } }`, vars: map[string]any{"id": "russia"},
			wantStatus: 200, want: graphql("MetricsRead", "OK", "200", nil), roundTrips: 1},
		{name: "BAD_USER_INPUT from an argument", query: `query MetricsBadDate($d: Date) { events(where: {from: $d}) { totalCount } }`,
			vars: map[string]any{"d": "last tuesday"}, wantStatus: 200, wantCode: "BAD_USER_INPUT",
			want: graphql("MetricsBadDate", "BAD_USER_INPUT", "200", nil)},
		{name: "refused: an argument beyond its bound", query: `query MetricsLongID($id: ID!) { actor(id: $id) { name } }`,
			vars: map[string]any{"id": strings.Repeat("x", eventgraph.LimitID.Max+1)}, wantStatus: 400, wantCode: "BAD_USER_INPUT",
			want: graphql("MetricsLongID", "BAD_USER_INPUT", "400", sample{refusal("input_limit"): 1})},
		{name: "BAD_USER_INPUT from validation, before the operation is known", query: `query MetricsInvalid { nosuchfield }`,
			wantStatus: 400, wantCode: "BAD_USER_INPUT", want: graphql("anonymous", "BAD_USER_INPUT", "400", nil)},
		{name: "refused: too deep", query: deep, wantStatus: 400, wantCode: "QUERY_TOO_COMPLEX",
			want: graphql("MetricsDeep", "QUERY_TOO_COMPLEX", "400", sample{refusal("depth"): 1})},
		{name: "refused: too costly", query: costly, wantStatus: 400, wantCode: "QUERY_TOO_COMPLEX",
			want: graphql("MetricsCostly", "QUERY_TOO_COMPLEX", "400", sample{refusal("complexity"): 1})},
		{name: "refused: too many fields, before parsing", query: "query MetricsWide { " + strings.Repeat("__typename ", 1001) + "}",
			wantStatus: 400, wantCode: "QUERY_TOO_COMPLEX",
			want: graphql("anonymous", "QUERY_TOO_COMPLEX", "400", sample{refusal("fields"): 1})},
		{name: "refused: body over the limit", query: "query MetricsHuge { __typename }", body: eventgraph.LimitBatchBytes.Max,
			wantStatus: 413, wantCode: "BAD_USER_INPUT",
			want: graphql("anonymous", "BAD_USER_INPUT", "413", sample{refusal("body_size"): 1})},
		{name: "UNAUTHENTICATED: a mutation without a key", query: `mutation MetricsNoKey { deleteActor(id: "x") { deleted } }`,
			wantStatus: 401, wantCode: "UNAUTHENTICATED",
			want: graphql("MetricsNoKey", "UNAUTHENTICATED", "401", sample{refusal("auth"): 1})},
		{name: "UNAUTHENTICATED: a key that matches nothing", key: "no-such-key", query: `query MetricsBadKey { __typename }`,
			wantStatus: 401, wantCode: "UNAUTHENTICATED",
			want: graphql("MetricsBadKey", "UNAUTHENTICATED", "401", sample{refusal("auth"): 1})},
		{name: "ingest: a dry run counts no items", key: apitest.WriterKey, query: ingest,
			vars: map[string]any{"in": batch, "dry": true}, wantStatus: 200,
			want: graphql("MetricsIngest", "OK", "200", nil), roundTrips: -1},
		{name: "ingest: created", key: apitest.WriterKey, query: ingest, vars: map[string]any{"in": batch}, wantStatus: 200,
			want:       graphql("MetricsIngest", "OK", "200", sample{items("actor", "created"): 1, items("event", "created"): 1}),
			roundTrips: -1},
		{name: "ingest: replayed, unchanged", key: apitest.WriterKey, query: ingest, vars: map[string]any{"in": batch}, wantStatus: 200,
			want:       graphql("MetricsIngest", "OK", "200", sample{items("actor", "unchanged"): 1, items("event", "unchanged"): 1}),
			roundTrips: -1},
		{name: "ingest: rejected whole for one bad reference", key: apitest.WriterKey, query: ingest, vars: map[string]any{"in": badBatch},
			wantStatus: 200, wantCode: "BAD_USER_INPUT",
			want:       graphql("MetricsIngest", "BAD_USER_INPUT", "200", sample{items("actor", "rejected"): 1, items("event", "rejected"): 1}),
			roundTrips: -1},
		{name: "upsert: updated", key: apitest.WriterKey,
			query:      `mutation MetricsUpsert($in: ActorInput!) { upsertActor(input: $in) { status } }`,
			vars:       map[string]any{"in": map[string]any{"id": "t-metrics-a-" + run, "name": "Metrics actor, renamed", "kind": "STATE"}},
			wantStatus: 200, want: graphql("MetricsUpsert", "OK", "200", sample{items("actor", "updated"): 1}), roundTrips: -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			query := tc.query
			if tc.body > 0 {
				query += " #" + strings.Repeat("x", tc.body)
			}
			before := scrape(t, srv.URL, "")
			status, raw := srv.Raw(t, tc.key, query, tc.vars, nil)
			after := scrape(t, srv.URL, "")

			if status != tc.wantStatus {
				t.Errorf("status %d, want %d: %.300s", status, tc.wantStatus, raw)
			}
			if code := firstCode(raw); code != tc.wantCode {
				t.Errorf("code %q, want %q: %.300s", code, tc.wantCode, raw)
			}
			got := delta(before, after)
			trips := got[roundTrips]
			delete(got, roundTrips)
			want := maps.Clone(tc.want)
			want[route("GET /metrics", "200")] = 1 // the first scrape
			if !maps.Equal(got, want) {
				t.Errorf("metrics moved by\n%s\nwant\n%s", show(got), show(want))
			}
			switch {
			case tc.roundTrips < 0 && trips <= 0:
				t.Errorf("no database round trip counted, want some")
			case tc.roundTrips >= 0 && trips != tc.roundTrips:
				t.Errorf("%v database round trips counted, want %v", trips, tc.roundTrips)
			}
		})
	}
}

// With READER_KEYS set, /metrics needs a reader or writer key, as reads do.
func TestMetricsNeedTheReaderKey(t *testing.T) {
	srv := apitest.Start(t)
	closed := srv.Variant(t, func(c *server.Config) { c.ReaderKeys = []string{apitest.ReaderKey} })
	tests := []struct {
		name, key  string
		wantStatus int
	}{
		{"no key", "", 401},
		{"a key that matches nothing", "no-such-key", 401},
		{"the reader key", apitest.ReaderKey, 200},
		{"the writer key", apitest.WriterKey, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := scrape(t, srv.URL, "")
			status, body := get(t, closed.URL+"/metrics", tc.key)
			after := scrape(t, srv.URL, "")
			if status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %.200s", status, tc.wantStatus, body)
			}
			want := sample{route("GET /metrics", "200"): 1}
			if status == 200 {
				want[route("GET /metrics", "200")]++
				if !strings.Contains(string(body), "eventgraph_graphql_requests_total") {
					t.Errorf("the metrics do not list eventgraph_graphql_requests_total:\n%.500s", body)
				}
			} else {
				want[route("GET /metrics", "401")] = 1
				want[refusal("auth")] = 1
				if strings.Contains(string(body), "eventgraph_") {
					t.Errorf("a refused scrape got metrics: %.200s", body)
				}
			}
			if got := delta(before, after); !maps.Equal(got, want) {
				t.Errorf("metrics moved by\n%s\nwant\n%s", show(got), show(want))
			}
		})
	}
	// And a read without a key on that service is refused and counted so.
	before := scrape(t, srv.URL, "")
	status, raw := closed.Raw(t, "", `query MetricsClosedRead { __typename }`, nil, nil)
	after := scrape(t, srv.URL, "")
	if status != 401 || firstCode(raw) != "UNAUTHENTICATED" {
		t.Fatalf("anonymous read with READER_KEYS set: %d %s", status, raw)
	}
	want := graphql("MetricsClosedRead", "UNAUTHENTICATED", "401", sample{refusal("auth"): 1, route("GET /metrics", "200"): 1})
	if got := delta(before, after); !maps.Equal(got, want) {
		t.Errorf("metrics moved by\n%s\nwant\n%s", show(got), show(want))
	}
}

func firstCode(raw []byte) string {
	var r struct {
		Errors []apitest.Error `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Code()
}

func show(s sample) string {
	var lines []string
	for k, v := range s {
		lines = append(lines, fmt.Sprintf("  %s %v", k, v))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
