package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/server"
)

// These tests are about HTTP: the real generated executable schema runs
// over a resolver stub that answers a handful of fields the way the real
// resolvers can (data, coded errors, internal errors, panics, slowness), so
// every guard and status code can be provoked on purpose. The database is
// not involved; the end-to-end tests over the real store live with the
// resolvers.

const (
	writerKey = "writer-secret"
	readerKey = "reader-secret"
)

// stub implements the root resolvers the tests use; any other resolver is
// a nil interface and would panic (recovered as INTERNAL) if called.
type stub struct {
	graph.ResolverRoot
	mu        sync.Mutex
	bookmarks []string
}

func (s *stub) Query() graph.QueryResolver       { return stubQuery{s: s} }
func (s *stub) Mutation() graph.MutationResolver { return stubMutation{} }

type stubQuery struct {
	graph.QueryResolver
	s *stub
}

func (stubQuery) LikelihoodScale(context.Context) ([]*model.LikelihoodBand, error) {
	return []*model.LikelihoodBand{{Term: model.LikelihoodLikely, Probability: &model.Probability{Low: 0.55, High: 0.75}}}, nil
}

func (q stubQuery) Actor(ctx context.Context, id string, _ *time.Time) (*model.Actor, error) {
	q.s.mu.Lock()
	q.s.bookmarks = eventgraph.BookmarksFrom(ctx)
	q.s.mu.Unlock()
	switch id {
	case "boom":
		return nil, fmt.Errorf("store: actor: %w", errors.New("Neo.ClientError.Statement.SyntaxError near MATCH (n:Secret)"))
	case "down":
		return nil, &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database is unavailable",
			Err: errors.New("ConnectivityError: dial tcp 10.1.2.3:7687: connection refused")}
	case "missing":
		return nil, eventgraph.Errorf(eventgraph.CodeNotFound, "no actor with id %q", id)
	case "lost-commit":
		// Extensions may add to code and path, never replace them.
		return nil, &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "it may or may not have been written",
			Extensions: map[string]any{"committed": "unknown", "code": "INTERNAL"}}
	case "panic":
		panic("goroutine secret: index out of range")
	case "slow":
		<-ctx.Done()
		return nil, ctx.Err()
	case "slowdb":
		// What the store makes of a query cut short by the request's deadline.
		<-ctx.Done()
		return nil, &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database did not answer in time",
			Err: fmt.Errorf("neo4j: reading the result: %w", ctx.Err())}
	}
	return &model.Actor{ID: id, Name: "Volodymyr Zelenskyy", Kind: model.ActorKindPerson}, nil
}

func (stubQuery) Events(ctx context.Context, first *int, after *string, where *model.EventWhere, orderBy *model.EventOrder) (*model.EventConnection, error) {
	return &model.EventConnection{Edges: []*model.EventEdge{}, PageInfo: &model.PageInfo{}, TotalCount: 0}, nil
}

func (s *stub) Actor() graph.ActorResolver { return stubActor{} }

type stubActor struct{ graph.ActorResolver }

func (stubActor) Events(context.Context, *model.Actor, *int, *string, *model.ActorEventsWhere, *model.EventOrder) (*model.ActorEventConnection, error) {
	return &model.ActorEventConnection{Edges: []*model.ActorEventEdge{}, PageInfo: &model.PageInfo{}}, nil
}

type stubMutation struct{ graph.MutationResolver }

func (stubMutation) Ingest(ctx context.Context, input model.IngestInput, validateOnly *bool) (*model.IngestResult, error) {
	var bad eventgraph.InputErrors
	for i, a := range input.Actors {
		if a.Name == "" {
			bad = append(bad, eventgraph.InputError(fmt.Sprintf("input.actors[%d].name", i), "a name is required"))
		}
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return &model.IngestResult{ValidateOnly: validateOnly != nil && *validateOnly, Counts: []*model.IngestCount{}}, nil
}

// harness is a running test server with its log.
type harness struct {
	url  string
	stub *stub
	mu   sync.Mutex
	logs bytes.Buffer
}

func (h *harness) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.logs.Write(p)
}

func (h *harness) log() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.logs.String()
}

func newHarness(t *testing.T, mutate func(*server.Config), ready func(context.Context) error) *harness {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.WriterKeys = []string{writerKey}
	if mutate != nil {
		mutate(&cfg)
	}
	h := &harness{stub: &stub{}}
	log := slog.New(slog.NewJSONHandler(h, &slog.HandlerOptions{Level: slog.LevelDebug}))
	es := graph.NewExecutableSchema(graph.Config{Resolvers: h.stub, Complexity: server.Complexity()})
	srv := httptest.NewServer(server.New(cfg, es, ready, nil, log))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h
}

// reply is a decoded HTTP answer.
type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r reply) errors() []map[string]any {
	list, _ := r.body["errors"].([]any)
	var out []map[string]any
	for _, e := range list {
		out = append(out, e.(map[string]any))
	}
	return out
}

// codes are the extensions.code of every error, in order.
func (r reply) codes() []string {
	var out []string
	for _, e := range r.errors() {
		ext, _ := e["extensions"].(map[string]any)
		code, _ := ext["code"].(string)
		out = append(out, code)
	}
	return out
}

func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := reply{status: res.StatusCode, header: res.Header, raw: string(b)}
	if strings.Contains(res.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(b, &r.body); err != nil {
			t.Fatalf("response is not JSON: %v\n%s", err, b)
		}
	}
	return r
}

// post sends a GraphQL request; headers are name, value pairs.
func post(t *testing.T, h *harness, query string, vars map[string]any, headers ...string) reply {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return postRaw(t, h, "application/json", string(body), headers...)
}

func postRaw(t *testing.T, h *harness, contentType, body string, headers ...string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.url+"/graphql", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	return do(t, req)
}

func get(t *testing.T, h *harness, path string, headers ...string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.url+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	return do(t, req)
}

const gqlResponse = "application/graphql-response+json"

func TestTransport(t *testing.T) {
	h := newHarness(t, func(c *server.Config) { c.MaxBodyBytes = 4096 }, nil)
	scale := `{ likelihoodScale { term probability { low high } } }`
	mutation := `mutation { ingest(input: {}, validateOnly: true) { validateOnly } }`
	big := `{"query": "{ likelihoodScale { term } }", "variables": {"pad": "` + strings.Repeat("x", 5000) + `"}}`

	tests := []struct {
		name       string
		send       func() reply
		wantStatus int
		wantMedia  string   // Content-Type's media type
		wantCodes  []string // extensions.code of the errors, nil for none
		wantData   bool     // whether the `data` entry is present
		wantHeader [2]string
	}{
		{name: "POST query", send: func() reply { return post(t, h, scale, nil) },
			wantStatus: 200, wantMedia: "application/json", wantData: true},
		{name: "POST query accepting graphql-response+json", send: func() reply { return post(t, h, scale, nil, "Accept", gqlResponse) },
			wantStatus: 200, wantMedia: gqlResponse, wantData: true},
		{name: "GET query", send: func() reply { return get(t, h, "/graphql?query="+url.QueryEscape(scale), "Accept", gqlResponse) },
			wantStatus: 200, wantMedia: gqlResponse, wantData: true},
		{name: "GET mutation is 405", send: func() reply {
			return get(t, h, "/graphql?query="+url.QueryEscape(mutation), "Authorization", "Bearer "+writerKey)
		}, wantStatus: 405, wantCodes: []string{"BAD_USER_INPUT"}, wantHeader: [2]string{"Allow", "POST"}},
		{name: "GET without query is 400", send: func() reply { return get(t, h, "/graphql") },
			wantStatus: 400, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "PUT is 405", send: func() reply {
			req, _ := http.NewRequest(http.MethodPut, h.url+"/graphql", strings.NewReader(`{}`))
			return do(t, req)
		}, wantStatus: 405, wantCodes: []string{"BAD_USER_INPUT"}, wantHeader: [2]string{"Allow", "GET, POST"}},
		{name: "bad JSON is 400", send: func() reply { return postRaw(t, h, "application/json", `{"query": "{ likelihoodScale`) },
			wantStatus: 400, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "query of the wrong JSON type is 400", send: func() reply { return postRaw(t, h, "application/json", `{"query": 42}`) },
			wantStatus: 400, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "variables not an object is 400", send: func() reply {
			return postRaw(t, h, "application/json", `{"query": "{ likelihoodScale { term } }", "variables": [1]}`)
		}, wantStatus: 400, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "empty body is 400", send: func() reply { return postRaw(t, h, "application/json", ``) },
			wantStatus: 400, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "wrong content type is 415", send: func() reply { return postRaw(t, h, "text/plain", `{"query": "{ __typename }"}`) },
			wantStatus: 415, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "no content type is 415", send: func() reply { return postRaw(t, h, "", `{"query": "{ __typename }"}`) },
			wantStatus: 415, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "oversize body is 413", send: func() reply { return postRaw(t, h, "application/json", big) },
			wantStatus: 413, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "parse error is 400 with graphql-response+json", send: func() reply { return post(t, h, `{ likelihoodScale {`, nil, "Accept", gqlResponse) },
			wantStatus: 400, wantMedia: gqlResponse, wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "parse error is 200 with application/json", send: func() reply { return post(t, h, `{ likelihoodScale {`, nil, "Accept", "application/json") },
			wantStatus: 200, wantMedia: "application/json", wantCodes: []string{"BAD_USER_INPUT"}},
		{name: "unknown field is 400", send: func() reply { return post(t, h, `{ nosuchfield }`, nil, "Accept", gqlResponse) },
			wantStatus: 400, wantCodes: []string{"BAD_USER_INPUT"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.send()
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d\n%s", r.status, tc.wantStatus, r.raw)
			}
			if tc.wantMedia != "" && !strings.HasPrefix(r.header.Get("Content-Type"), tc.wantMedia) {
				t.Errorf("Content-Type %q, want %s", r.header.Get("Content-Type"), tc.wantMedia)
			}
			if got := r.codes(); !reflect.DeepEqual(got, tc.wantCodes) {
				t.Errorf("codes %v, want %v\n%s", got, tc.wantCodes, r.raw)
			}
			if _, has := r.body["data"]; has != tc.wantData {
				t.Errorf("data present: %v, want %v\n%s", has, tc.wantData, r.raw)
			}
			if tc.wantHeader[0] != "" && r.header.Get(tc.wantHeader[0]) != tc.wantHeader[1] {
				t.Errorf("%s: %q, want %q", tc.wantHeader[0], r.header.Get(tc.wantHeader[0]), tc.wantHeader[1])
			}
			for _, e := range r.errors() {
				if msg, _ := e["message"].(string); strings.Contains(msg, "xxxxxxxx") || msg == "" {
					t.Errorf("error message echoes the body or is empty: %q", msg)
				}
			}
		})
	}
	if r := post(t, h, scale, nil); r.raw != `{"data":{"likelihoodScale":[{"term":"LIKELY","probability":{"low":0.55,"high":0.75}}]}}` {
		t.Errorf("POST answered %s", r.raw)
	}
}

func TestGuards(t *testing.T) {
	h := newHarness(t, nil, nil)
	// 11 levels: actor events edges node participants edges node affiliations edges node name.
	deep := `{ actor(id: "a") { events { edges { node { participants { edges { node { affiliations { edges { node { name } } } } } } } } } } }`
	// The same depth hidden in fragments, which the limit must follow.
	deepFragments := `{ actor(id: "a") { ...A } }
fragment A on Actor { events { edges { node { ...E } } } }
fragment E on Event { participants { edges { node { ...B } } } }
fragment B on Actor { affiliations { edges { node { name } } } }`
	// 10 levels passes.
	atLimit := `{ actor(id: "a") { events(first: 1) { edges { node { participants(first: 1) { edges { node { affiliations(first: 1) { edges { cursor } } } } } } } } } }`
	costly := `{ events(first: 100) { edges { node { participants(first: 100) { edges { node { name events(first: 10) { totalCount } } } } } } } }`

	// aliased writes n fields "prefix<i>: field" (field includes any arguments).
	aliased := func(prefix, field string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%s%d: %s\n", prefix, i, field)
		}
		return b.String()
	}
	// bomb is n fragments each spreading the one before twice: 2^n fields
	// once expanded, about 40 bytes per fragment.
	bomb := func(n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "{ ...F%d }\nfragment F0 on Query { __typename }\n", n)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
		}
		return b.String()
	}
	// wide spreads a fragment of 99 fields in n aliased fields: n × 100
	// fields expanded, n + 99 written.
	wide := func(n int) string {
		return "{ " + aliased("s", "likelihoodScale { ...F }", n) + " }\nfragment F on LikelihoodBand { " + aliased("t", "term", 99) + " }"
	}
	actor := `actor(id: "a") { name }`

	tests := []struct {
		name      string
		query     string
		vars      map[string]any
		opName    string
		wantCode  string
		wantInMsg []string
		wantPath  string // extensions.path
	}{
		{name: "fragment bomb of 30 (2^30 fields)", query: bomb(30), wantCode: "QUERY_TOO_COMPLEX",
			wantInMsg: []string{"1073741824", "expanded document", "10000"}},
		{name: "fragment bomb of 200 saturates the count", query: bomb(200), wantCode: "QUERY_TOO_COMPLEX",
			wantInMsg: []string{"more than 2147483646", "expanded document"}},
		{name: "a small fragment bomb passes", query: bomb(10)},
		{name: "fragment cycle is refused by validation", query: "{ ...A }\nfragment A on Query { __typename ...B }\nfragment B on Query { ...A }",
			wantCode: "BAD_USER_INPUT", wantInMsg: []string{"A"}},
		{name: "unknown fragment", query: "{ ...Nowhere }", wantCode: "BAD_USER_INPUT", wantInMsg: []string{"Nowhere"}},
		{name: "expanded just over the limit", query: wide(101), wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"10100", "10000"}},
		{name: "expanded within the limit", query: wide(99)},
		{name: "20 database root fields pass", query: "{ " + aliased("a", actor, 20) + " }"},
		{name: "21 database root fields", query: "{ " + aliased("a", actor, 21) + " }", wantCode: "QUERY_TOO_COMPLEX",
			wantInMsg: []string{"21 root fields", "database fields", "20"}},
		{name: "root fields hidden in fragments count", query: "{ ...A ... on Query { ...B } }\nfragment A on Query { " + aliased("a", actor, 11) +
			" }\nfragment B on Query { " + aliased("b", actor, 10) + " }", wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"21 root fields"}},
		{name: "a fragment spread twice asks for its fields once", query: "{ ...A ...A }\nfragment A on Query { " + aliased("a", actor, 20) + " }"},
		{name: "fields without the database do not count", query: "{ " + aliased("a", actor, 20) + aliased("s", "likelihoodScale { term }", 30) +
			aliased("t", "__typename", 30) + " __schema { queryType { name } } }"},
		{name: "aliased mutations count", query: "mutation { " + aliased("d", `deleteActor(id: "x") { deleted }`, 21) + " }",
			wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"mutation", "21 root fields"}},
		{name: "every operation of the document is checked", query: "query Small { actor(id: \"a\") { name } }\nquery Big { " + aliased("a", actor, 21) + " }",
			opName: "Small", wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"query Big", "21 root fields"}},
		{name: "many nested connections cost their planning", query: `{ actor(id: "a") { ` + aliased("e", "events(first: 1) { totalCount }", 41) + " } }",
			wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"50283", "50000"}},
		{name: "fewer nested connections pass", query: `{ actor(id: "a") { ` + aliased("e", "events(first: 1) { totalCount }", 40) + " } }"},
		{name: "Int literal beyond 32 bits", query: `{ events(first: 2147483648) { totalCount } }`, wantCode: "BAD_USER_INPUT",
			wantInMsg: []string{"first", "2147483648", "2147483647"}, wantPath: "first"},
		{name: "negative Int literal beyond 32 bits", query: `{ events(first: -2147483649) { totalCount } }`, wantCode: "BAD_USER_INPUT",
			wantInMsg: []string{"first", "-2147483649"}, wantPath: "first"},
		// Refused by gqlparser's validation, in graphql-js's words (with the literal's location, no path).
		{name: "Int literal beyond 64 bits", query: `{ events(first: 99999999999999999999) { totalCount } }`, wantCode: "BAD_USER_INPUT",
			wantInMsg: []string{"32-bit", "99999999999999999999"}},
		{name: "Int variable beyond 32 bits", query: `query($n: Int) { events(first: $n) { totalCount } }`, vars: map[string]any{"n": int64(1) << 32},
			wantCode: "BAD_USER_INPUT", wantInMsg: []string{"first", "4294967296"}, wantPath: "first"},
		// An Int, so decoded; then beyond the page size bound.
		{name: "Int variable at the edge of 32 bits is an Int", query: `query($n: Int) { events(first: $n) { totalCount } }`, vars: map[string]any{"n": 2147483647},
			wantCode: "BAD_USER_INPUT", wantInMsg: []string{"first", "2147483647", "page size"}, wantPath: "first"},
		{name: "too deep", query: deep, wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"11", "10"}},
		{name: "too deep through fragments", query: deepFragments, wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"11", "10"}},
		{name: "at the depth limit", query: atLimit},
		{name: "too costly", query: costly, wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"50000", "143701"}},
		{name: "cost grows with first, from a variable", query: `query($n: Int) { events(first: $n) { edges { node { participants { edges { node { name events(first: 10) { totalCount } } } } } } } }`,
			vars: map[string]any{"n": 100}, wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"73701"}},
		{name: "too many fields written out", query: "{ " + strings.Repeat("__typename ", 1001) + "}",
			wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"1001", "1000"}},
		{name: "many fields within the limit", query: "{ " + strings.Repeat("__typename ", 900) + "}"},
		{name: "small page is cheap", query: `query($n: Int) { events(first: $n) { edges { node { title } } totalCount } }`, vars: map[string]any{"n": 100}},
		{name: "unknown enum literal", query: `{ events(where: {kinds: [PARLEY]}) { totalCount } }`, wantCode: "BAD_USER_INPUT", wantInMsg: []string{"PARLEY"}},
		{name: "unknown enum in a variable", query: `query($k: [EventKind!]) { events(where: {kinds: $k}) { totalCount } }`,
			vars: map[string]any{"k": []string{"PARLEY"}}, wantCode: "BAD_USER_INPUT", wantInMsg: []string{"PARLEY"}},
		{name: "wrong type literal", query: `{ events(first: "ten") { totalCount } }`, wantCode: "BAD_USER_INPUT", wantInMsg: []string{`"ten"`}},
		{name: "wrong type in a variable", query: `query($n: Int) { events(first: $n) { totalCount } }`,
			vars: map[string]any{"n": "ten"}, wantCode: "BAD_USER_INPUT", wantInMsg: []string{"n"}},
		{name: "a Date that is not a date", query: `query($d: Date) { events(where: {from: $d}) { totalCount } }`,
			vars: map[string]any{"d": "last tuesday"}, wantCode: "BAD_USER_INPUT", wantInMsg: []string{"where.from"}, wantPath: "where.from"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tc.query, "variables": tc.vars, "operationName": tc.opName})
			r := postRaw(t, h, "application/json", string(body))
			codes := r.codes()
			if tc.wantCode == "" {
				if len(codes) != 0 || r.status != 200 {
					t.Fatalf("status %d, errors %v, want success\n%s", r.status, codes, r.raw)
				}
				return
			}
			if len(codes) != 1 || codes[0] != tc.wantCode {
				t.Fatalf("codes %v, want [%s]\n%s", codes, tc.wantCode, r.raw)
			}
			msg := r.errors()[0]["message"].(string)
			for _, want := range tc.wantInMsg {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not mention %q", msg, want)
				}
			}
			if tc.wantPath != "" {
				ext := r.errors()[0]["extensions"].(map[string]any)
				if ext["path"] != tc.wantPath {
					t.Errorf("extensions.path %v, want %s", ext["path"], tc.wantPath)
				}
			}
		})
	}
}

// GraphiQL introspects the schema with graphql-js's introspection query,
// deeper than any data query: the guards must let it through at their
// defaults, or the in-browser IDE breaks.
func TestIntrospectionPassesTheGuards(t *testing.T) {
	h := newHarness(t, nil, nil)
	query, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	r := post(t, h, string(query), nil)
	if r.status != 200 || len(r.errors()) != 0 {
		t.Fatalf("status %d: %.300s", r.status, r.raw)
	}
	if !strings.Contains(r.raw, `"name":"ParticipationKind"`) {
		t.Errorf("the schema lacks ParticipationKind: %.300s", r.raw)
	}
}

// Validating a document costs time quadratic in its repeated fields; the
// field limit refuses a 100 KB document of 9000 fields before that.
func TestRepeatedFieldsAreRefusedQuickly(t *testing.T) {
	h := newHarness(t, nil, nil)
	start := time.Now()
	r := post(t, h, "{ "+strings.Repeat("__typename ", 9000)+"}", nil)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v to refuse", d)
	}
	if !reflect.DeepEqual(r.codes(), []string{"QUERY_TOO_COMPLEX"}) {
		t.Errorf("codes %v: %.200s", r.codes(), r.raw)
	}
}

func TestAuthorization(t *testing.T) {
	open := newHarness(t, nil, nil)
	closed := newHarness(t, func(c *server.Config) { c.ReaderKeys = []string{readerKey} }, nil)
	read := `{ likelihoodScale { term } }`
	write := `mutation { ingest(input: {}, validateOnly: true) { validateOnly } }`
	bearer := func(k string) []string { return []string{"Authorization", "Bearer " + k} }

	tests := []struct {
		name       string
		h          *harness
		query      string
		headers    []string
		wantCode   string // "" for success
		wantStatus int    // with Accept: application/graphql-response+json
	}{
		{"open read without key", open, read, nil, "", 200},
		{"mutation without key", open, write, nil, "UNAUTHENTICATED", 401},
		{"mutation with reader key", closed, write, bearer(readerKey), "FORBIDDEN", 403},
		{"mutation with writer key", open, write, bearer(writerKey), "", 200},
		{"mutation with a wrong key", open, write, bearer("guess"), "UNAUTHENTICATED", 401},
		{"mutation with another scheme", open, write, []string{"Authorization", "Basic " + writerKey}, "UNAUTHENTICATED", 401},
		{"open read with a wrong key", open, read, bearer("guess"), "UNAUTHENTICATED", 401},
		{"closed read without key", closed, read, nil, "UNAUTHENTICATED", 401},
		{"closed read with reader key", closed, read, bearer(readerKey), "", 200},
		{"closed read with writer key", closed, read, bearer(writerKey), "", 200},
		{"closed introspection without key", closed, `{ __schema { queryType { name } } }`, nil, "UNAUTHENTICATED", 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, tc.h, tc.query, nil, append([]string{"Accept", gqlResponse}, tc.headers...)...)
			if r.status != tc.wantStatus {
				t.Errorf("status %d, want %d", r.status, tc.wantStatus)
			}
			codes := r.codes()
			if tc.wantCode == "" {
				if len(codes) != 0 {
					t.Fatalf("errors %v, want none\n%s", codes, r.raw)
				}
				return
			}
			if len(codes) != 1 || codes[0] != tc.wantCode {
				t.Fatalf("codes %v, want [%s]\n%s", codes, tc.wantCode, r.raw)
			}
			if _, has := r.body["data"]; has {
				t.Errorf("a refused operation must not carry data: %s", r.raw)
			}
			if tc.wantStatus == 401 && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate: Bearer")
			}
		})
	}
	// Legacy application/json clients get 200 and the code.
	if r := post(t, open, write, nil); r.status != 200 || !reflect.DeepEqual(r.codes(), []string{"UNAUTHENTICATED"}) {
		t.Errorf("application/json: status %d, codes %v", r.status, r.codes())
	}
}

func TestErrorPresenter(t *testing.T) {
	h := newHarness(t, func(c *server.Config) { c.RequestTimeout = 200 * time.Millisecond }, nil)
	actor := func(id string) string { return fmt.Sprintf(`{ actor(id: %q) { id name } }`, id) }

	tests := []struct {
		name      string
		query     string
		headers   []string
		wantCodes []string
		wantMsg   string   // the first error's message contains this
		notInBody []string // internals that must not reach the client
		wantLog   []string // what the log must hold, besides the request id
	}{
		{name: "internal error hides its detail", query: actor("boom"), wantCodes: []string{"INTERNAL"}, wantMsg: "internal error (request id ",
			notInBody: []string{"Neo", "MATCH", "Secret", "store:"}, wantLog: []string{"Neo.ClientError.Statement.SyntaxError"}},
		{name: "database unavailable passes through", query: actor("down"), wantCodes: []string{"DATABASE_UNAVAILABLE"}, wantMsg: "the database is unavailable",
			notInBody: []string{"10.1.2.3", "ConnectivityError", "dial"}, wantLog: []string{"10.1.2.3"}},
		{name: "not found passes through", query: actor("missing"), wantCodes: []string{"NOT_FOUND"}, wantMsg: `no actor with id "missing"`},
		{name: "panic becomes internal", query: actor("panic"), wantCodes: []string{"INTERNAL"}, wantMsg: "internal error (request id ",
			notInBody: []string{"goroutine", "index out of range"}, wantLog: []string{"index out of range"}},
		{name: "request timeout", query: actor("slow"), wantCodes: []string{"QUERY_TOO_COMPLEX"}, wantMsg: "took longer than the limit of 200ms"},
		{name: "request timeout while the database answers", query: actor("slowdb"), wantCodes: []string{"QUERY_TOO_COMPLEX"},
			wantMsg: "took longer than the limit of 200ms", notInBody: []string{"neo4j", "database"}},
		{name: "one error per bad input item",
			query:     `mutation { ingest(input: {actors: [{name: "", kind: PERSON}, {name: "ok", kind: STATE}, {name: "", kind: STATE}]}) { created } }`,
			headers:   []string{"Authorization", "Bearer " + writerKey},
			wantCodes: []string{"BAD_USER_INPUT", "BAD_USER_INPUT"}, wantMsg: "input.actors[0].name: a name is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, h, tc.query, nil, append([]string{"X-Request-Id", "req-" + strings.ReplaceAll(tc.name, " ", "-")}, tc.headers...)...)
			if r.status != 200 {
				t.Errorf("status %d, want 200 (execution started)", r.status)
			}
			if _, has := r.body["data"]; !has {
				t.Errorf("execution errors keep the data entry: %s", r.raw)
			}
			if got := r.codes(); !reflect.DeepEqual(got, tc.wantCodes) {
				t.Fatalf("codes %v, want %v\n%s", got, tc.wantCodes, r.raw)
			}
			if msg := r.errors()[0]["message"].(string); !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("message %q, want it to contain %q", msg, tc.wantMsg)
			}
			for _, secret := range tc.notInBody {
				if strings.Contains(r.raw, secret) {
					t.Errorf("the response shows %q: %s", secret, r.raw)
				}
			}
			id := r.header.Get("X-Request-Id")
			if id != "req-"+strings.ReplaceAll(tc.name, " ", "-") {
				t.Errorf("X-Request-Id %q was not echoed", id)
			}
			if tc.wantCodes[0] == "INTERNAL" && !strings.Contains(r.raw, id) {
				t.Errorf("INTERNAL error does not give the request id %s: %s", id, r.raw)
			}
			for _, want := range tc.wantLog {
				if !logHas(h.log(), id, want) {
					t.Errorf("no log line with request id %s and %q:\n%s", id, want, h.log())
				}
			}
		})
	}

	// An error's extensions reach the client beside its code.
	r := post(t, h, actor("lost-commit"), nil)
	if ext := r.errors()[0]["extensions"]; !reflect.DeepEqual(ext, map[string]any{"code": "DATABASE_UNAVAILABLE", "committed": "unknown"}) {
		t.Errorf("extensions %v, want code DATABASE_UNAVAILABLE and committed unknown", ext)
	}

	// The per-item errors carry each item's path.
	r = post(t, h, `mutation { ingest(input: {actors: [{name: "", kind: PERSON}, {name: "ok", kind: STATE}, {name: "", kind: STATE}]}) { created } }`,
		nil, "Authorization", "Bearer "+writerKey)
	var paths []any
	for _, e := range r.errors() {
		paths = append(paths, e["extensions"].(map[string]any)["path"])
	}
	if want := []any{"input.actors[0].name", "input.actors[2].name"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
}

// logHas says whether one JSON log line holds both the request id and want.
func logHas(log, id, want string) bool {
	for line := range strings.SplitSeq(log, "\n") {
		if strings.Contains(line, `"request_id":"`+id+`"`) && strings.Contains(line, want) {
			return true
		}
	}
	return false
}

func TestBookmarksAndRequestIDs(t *testing.T) {
	h := newHarness(t, nil, nil)
	req, _ := http.NewRequest(http.MethodPost, h.url+"/graphql", strings.NewReader(`{"query": "{ actor(id: \"a\") { id } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Add("Neo4j-Bookmark", "FB:one, FB:two")
	req.Header.Add("Neo4j-Bookmark", "FB:three")
	r := do(t, req)
	if len(r.codes()) != 0 {
		t.Fatalf("errors: %s", r.raw)
	}
	h.stub.mu.Lock()
	got := h.stub.bookmarks
	h.stub.mu.Unlock()
	if want := []string{"FB:one", "FB:two", "FB:three"}; !reflect.DeepEqual(got, want) {
		t.Errorf("bookmarks %v, want %v", got, want)
	}
	id := r.header.Get("X-Request-Id")
	if len(id) < 16 {
		t.Errorf("generated request id %q", id)
	}
	// The access log names the operation, the status and the id.
	r = post(t, h, `query WhoIsIt { actor(id: "a") { id } }`, nil, "X-Request-Id", "abc-123")
	if !logHas(h.log(), "abc-123", `"operation":"WhoIsIt"`) || !logHas(h.log(), "abc-123", `"status":200`) {
		t.Errorf("access log lacks the operation or status:\n%s", h.log())
	}
	// An id that does not look like one is replaced.
	r = post(t, h, `{ __typename }`, nil, "X-Request-Id", "a b{c}")
	if got := r.header.Get("X-Request-Id"); got == "a b{c}" || got == "" {
		t.Errorf("request id %q kept", got)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	var down error
	var mu sync.Mutex
	ready := func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		return down
	}
	h := newHarness(t, nil, ready)

	if r := get(t, h, "/healthz"); r.status != 200 || r.raw != "ok\n" {
		t.Errorf("/healthz: %d %q", r.status, r.raw)
	}
	if r := get(t, h, "/readyz"); r.status != 200 || r.body["status"] != "ready" {
		t.Errorf("/readyz up: %d %s", r.status, r.raw)
	}
	mu.Lock()
	down = &eventgraph.Error{Code: eventgraph.CodeDatabaseUnavailable, Message: "the database is unavailable",
		Err: errors.New("dial tcp 127.0.0.1:7687: connection refused")}
	mu.Unlock()
	r := get(t, h, "/readyz")
	if r.status != 503 || r.body["status"] != "unavailable" || r.body["reason"] != "the database is unavailable" {
		t.Errorf("/readyz down: %d %s", r.status, r.raw)
	}
	if strings.Contains(r.raw, "7687") {
		t.Errorf("/readyz shows the connection detail: %s", r.raw)
	}
	if !strings.Contains(h.log(), "connection refused") {
		t.Errorf("the reason is not logged:\n%s", h.log())
	}
	// A ready func that hangs is cut off after 2 s.
	hang := newHarness(t, nil, func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	start := time.Now()
	if r := get(t, hang, "/readyz"); r.status != 503 {
		t.Errorf("/readyz hanging: %d", r.status)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("/readyz took %v", d)
	}
	if r := get(t, h, "/"); r.status != 200 || !strings.Contains(r.raw, "graphiql") {
		t.Errorf("GraphiQL at /: %d", r.status)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, h.url+"/graphql", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	if res, err := noRedirect.Do(req); err != nil || res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/" {
		t.Errorf("a browser opening /graphql is not sent to GraphiQL: %v %v", res, err)
	}
	if r := get(t, h, "/nowhere"); r.status != 404 {
		t.Errorf("/nowhere: %d", r.status)
	}
}

func TestCORS(t *testing.T) {
	off := newHarness(t, nil, nil)
	on := newHarness(t, func(c *server.Config) { c.CORSOrigins = []string{"https://analyst.example"} }, nil)
	preflight := func(h *harness, origin string) reply {
		req, _ := http.NewRequest(http.MethodOptions, h.url+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		return do(t, req)
	}
	tests := []struct {
		name      string
		h         *harness
		origin    string
		wantAllow string
	}{
		{"off by default", off, "https://analyst.example", ""},
		{"listed origin", on, "https://analyst.example", "https://analyst.example"},
		{"other origin", on, "https://evil.example", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := preflight(tc.h, tc.origin).header.Get("Access-Control-Allow-Origin"); got != tc.wantAllow {
				t.Errorf("preflight Allow-Origin %q, want %q", got, tc.wantAllow)
			}
			r := post(t, tc.h, `{ __typename }`, nil, "Origin", tc.origin)
			if got := r.header.Get("Access-Control-Allow-Origin"); got != tc.wantAllow {
				t.Errorf("Allow-Origin %q, want %q", got, tc.wantAllow)
			}
		})
	}
}

func TestComplexityModel(t *testing.T) {
	root := server.Complexity()
	ten := 10
	// A database root field costs 1000 more than its selection.
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"events with first", root.Query.Events(3, &ten, nil, nil, nil), 1000 + 31},
		{"events with the schema's default first (20)", root.Query.Events(3, nil, nil, nil, nil), 1000 + 61},
		{"participants default 50 (not a root field)", root.Event.Participants(2, nil, nil, nil), 101},
		{"search", root.Query.Search(2, "x", nil, &ten), 1000 + 21},
		{"nodes by ids", root.Query.Nodes(2, []string{"a", "b", "c"}), 1000 + 7},
		{"neighborhood by limit, depth 1 by default", root.Query.Neighborhood(2, "a", nil, nil, nil, nil), 1000 + 201},
		{"neighborhood depth 2 doubles", root.Query.Neighborhood(2, "a", ptr(2), nil, nil, nil), 1000 + 401},
		{"neighborhood depth 3 quadruples", root.Query.Neighborhood(2, "a", ptr(3), ptr(500), nil, nil), 1000 + 4001},
		{"a depth beyond the bound costs as the bound (the resolver refuses it)", root.Query.Neighborhood(2, "a", ptr(9), ptr(500), nil, nil), 1000 + 4001},
		{"a first beyond the bound costs as the bound", root.Query.Events(1000, ptr(1<<30), nil, nil, nil), 1000 + 100001},
		{"a huge page of a huge selection saturates", root.Event.Participants(1<<30, ptr(100), nil, nil), 1<<31 - 1},
		{"a lookup by id", root.Query.Actor(5, "a", nil), 1000 + 6},
		{"a mutation", root.Mutation.DeleteActor(2, "a"), 1000 + 3},
		{"the PHIA yardstick needs no database", func() int {
			if root.Query.LikelihoodScale != nil {
				return root.Query.LikelihoodScale(4)
			}
			return 1 + 4 // gqlgen's default
		}(), 5},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: cost %d, want %d", tc.name, tc.got, tc.want)
		}
	}
	// Every field with a `first` argument is costed by page.
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	rv := reflect.ValueOf(root)
	for _, typ := range schema.Types {
		for _, f := range typ.Fields {
			if f.Arguments.ForName("first") == nil {
				continue
			}
			group := rv.FieldByName(typ.Name)
			fn := group.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, f.Name) })
			if !fn.IsValid() || fn.IsNil() {
				t.Errorf("%s.%s takes first but has no page cost", typ.Name, f.Name)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		check   func(server.Config) bool
		wantErr string
	}{
		{"defaults give the dev writer key", map[string]string{},
			func(c server.Config) bool {
				return reflect.DeepEqual(c.WriterKeys, []string{server.DevWriterKey}) && len(c.Warnings) == 1 &&
					c.MaxDepth == eventgraph.LimitSelectionDepth.Max && c.MaxComplexity == 50000 &&
					c.MaxBodyBytes == int64(eventgraph.LimitBatchBytes.Max) && c.MaxRootFields == eventgraph.LimitRootFields.Max &&
					c.MaxDocumentFields == eventgraph.LimitDocumentFields.Max && c.RequestTimeout == 20*time.Second
			}, ""},
		{"production has no default writer", map[string]string{"EVENTGRAPH_ENV": "production"},
			func(c server.Config) bool { return len(c.WriterKeys) == 0 }, ""},
		{"lists and numbers", map[string]string{"WRITER_KEYS": "a, b,,", "READER_KEYS": "r", "MAX_DEPTH": "7", "MAX_COMPLEXITY": "900",
			"MAX_BODY_BYTES": "2048", "REQUEST_TIMEOUT": "5s", "CORS_ORIGINS": "*", "LOG_FORMAT": "json", "LOG_LEVEL": "debug", "ADDR": ":9000"},
			func(c server.Config) bool {
				return reflect.DeepEqual(c.WriterKeys, []string{"a", "b"}) && reflect.DeepEqual(c.ReaderKeys, []string{"r"}) &&
					c.MaxDepth == 7 && c.MaxComplexity == 900 && c.MaxBodyBytes == 2048 && c.RequestTimeout == 5*time.Second &&
					reflect.DeepEqual(c.CORSOrigins, []string{"*"}) && c.LogFormat == "json" && c.LogLevel == "debug" && c.Addr == ":9000" &&
					len(c.Warnings) == 0
			}, ""},
		{"bad depth", map[string]string{"MAX_DEPTH": "deep"}, nil, "MAX_DEPTH"},
		{"bad timeout", map[string]string{"REQUEST_TIMEOUT": "20"}, nil, "REQUEST_TIMEOUT"},
		{"bad format", map[string]string{"LOG_FORMAT": "xml"}, nil, "LOG_FORMAT"},
		{"bad level", map[string]string{"LOG_LEVEL": "loud"}, nil, "LOG_LEVEL"},
		// The direct read path is the only one: there is nothing to turn off.
		{"DIRECT_READS is no setting", map[string]string{"DIRECT_READS": "0"}, func(c server.Config) bool {
			return len(c.Warnings) == 1 && c.MaxDepth == eventgraph.LimitSelectionDepth.Max
		}, ""},
	}
	vars := []string{"ADDR", "WRITER_KEYS", "READER_KEYS", "MAX_BODY_BYTES", "MAX_DEPTH", "MAX_COMPLEXITY", "REQUEST_TIMEOUT",
		"CORS_ORIGINS", "LOG_LEVEL", "LOG_FORMAT", "EVENTGRAPH_ENV", "DIRECT_READS"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range vars {
				t.Setenv(v, tc.env[v])
			}
			cfg, err := server.ConfigFromEnv()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(cfg) {
				t.Errorf("config %+v", cfg)
			}
		})
	}
}
