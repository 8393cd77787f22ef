// Package apitest runs the whole service in-process for end-to-end tests:
// the real HTTP handler, resolvers and store over the real Neo4j that the
// project's scripts start (NEO4J_URI), with the article seed loaded through
// ingest. Tests talk to it over HTTP, as clients do.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/eventgraph/eventgraph/export"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/metrics"
	"github.com/eventgraph/eventgraph/resolvers"
	"github.com/eventgraph/eventgraph/respond"
	"github.com/eventgraph/eventgraph/seed"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
)

// Keys the test server accepts.
const (
	WriterKey = "apitest-writer"
	ReaderKey = "apitest-reader"
)

// Server is a running service under test.
type Server struct {
	URL   string
	Store *store.Client
	// Metrics is the registry both the server and the store report to;
	// GET URL+"/metrics" serves it.
	Metrics *metrics.Registry
	cfg     server.Config
}

// Error is one GraphQL error of a response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Response is a GraphQL response with its HTTP status.
type Response struct {
	Status int             `json:"-"`
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	// Extensions are the response's own (extensions.searchText).
	Extensions map[string]any `json:"extensions"`
}

var (
	once   sync.Once
	shared *Server
	err    error
)

// Start returns the package's shared test server, starting it on first use.
// The seed is loaded once; tests that write use ids of their own.
func Start(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { shared, err = start() })
	if err != nil {
		t.Fatalf("apitest: %v", err)
	}
	return shared
}

func start() (*Server, error) {
	ctx := context.Background()
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		return nil, err
	}
	reg := metrics.New()
	cfg.Metrics = reg
	st, err := store.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	srvCfg := server.DefaultConfig()
	srvCfg.WriterKeys = []string{WriterKey}
	srvCfg.Metrics = reg
	h := Handler(srvCfg, st)
	if err := seed.Load(ctx, h, WriterKey); err != nil {
		return nil, err
	}
	ts := httptest.NewServer(h)
	return &Server{URL: ts.URL, Store: st, Metrics: reg, cfg: srvCfg}, nil
}

// Variant starts another service over the same database and seed, with
// the shared server's configuration changed by change (reader keys, a
// shorter timeout). It stops when the test ends. It reports to the same metrics registry.
func (s *Server) Variant(t testing.TB, change func(*server.Config)) *Server {
	t.Helper()
	cfg := s.cfg
	change(&cfg)
	ts := httptest.NewServer(Handler(cfg, s.Store))
	t.Cleanup(ts.Close)
	return &Server{URL: ts.URL, Store: s.Store, Metrics: s.Metrics, cfg: cfg}
}

// Handler is the service's handler over st with the given configuration,
// package respond answering read queries as in the service.
func Handler(cfg server.Config, st *store.Client) http.Handler {
	es := graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{Store: st}, Complexity: server.Complexity()})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	routes := map[string]http.Handler{"GET /export": server.ReadRoute{Handler: export.Handler(st, log)}}
	return server.New(cfg, es, st.Ping, routes, log, respond.New(st))
}

// Post sends a GraphQL request with the given bearer key ("" for none).
func (s *Server) Post(t testing.TB, key, query string, vars map[string]any) Response {
	t.Helper()
	status, raw := s.Raw(t, key, query, vars, nil)
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("HTTP %d, not a GraphQL response: %s", status, raw)
	}
	out.Status = status
	return out
}

// Raw sends a GraphQL request as Post does, with extra headers, and returns
// the HTTP status and the body as it came.
func (s *Server) Raw(t testing.TB, key, query string, vars map[string]any, header http.Header) (int, []byte) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatalf("encoding request: %v", err)
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, raw
}

// Query sends a read without a key.
func (s *Server) Query(t testing.TB, query string, vars map[string]any) Response {
	t.Helper()
	return s.Post(t, "", query, vars)
}

// Mutate sends a request with the writer key.
func (s *Server) Mutate(t testing.TB, query string, vars map[string]any) Response {
	t.Helper()
	return s.Post(t, WriterKey, query, vars)
}

// MustQuery sends a read, fails the test on any error and decodes data into out.
func (s *Server) MustQuery(t testing.TB, query string, vars map[string]any, out any) {
	t.Helper()
	must(t, s.Query(t, query, vars), out)
}

// MustMutate is MustQuery with the writer key.
func (s *Server) MustMutate(t testing.TB, query string, vars map[string]any, out any) {
	t.Helper()
	must(t, s.Mutate(t, query, vars), out)
}

func must(t testing.TB, r Response, out any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("GraphQL errors: %+v", r.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
}
