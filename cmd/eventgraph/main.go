// Command eventgraph serves the event-and-actor knowledge graph: it connects
// to Neo4j (waiting up to a minute for it), applies the schema migrations,
// loads the article seed into an empty database through its own GraphQL
// ingest mutation, and serves GraphQL at /graphql, GraphiQL at /, the graph
// explorer at /explore/, health at /healthz and /readyz and Prometheus
// metrics at /metrics (docs/api.md, "Metrics and logs") until SIGINT or
// SIGTERM, when it drains requests and closes the database driver.
// `eventgraph healthcheck` asks a running instance's /readyz instead (for
// container health checks).
//
// Configuration is by environment. The HTTP side (ADDR, WRITER_KEYS,
// READER_KEYS, MAX_BODY_BYTES, MAX_DEPTH, MAX_COMPLEXITY, REQUEST_TIMEOUT,
// CORS_ORIGINS, LOG_LEVEL, LOG_FORMAT, EVENTGRAPH_ENV) is
// documented at server.ConfigFromEnv; the rest is here:
//
//	variable             default                 meaning
//	NEO4J_URI            bolt://127.0.0.1:7687   bolt:// for one server, neo4j:// for a cluster or Aura
//	NEO4J_USER           neo4j
//	NEO4J_PASSWORD       eventgraph              empty turns authentication off
//	NEO4J_DATABASE       neo4j
//	NEO4J_QUERY_TIMEOUT  15s                     bound on every database transaction (Go duration)
//	NEO4J_MAX_POOL       (driver default, 100)   connection pool size
//	NEO4J_WAIT           60s                     how long to wait for Neo4j at startup
//	CYPHER_LOG           (empty)                 file that receives every Cypher query sent
//	SEED                 auto                    auto: load the article seed when its Source is absent;
//	                                             always: load it (a replay changes nothing); never
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph/export"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/metrics"
	"github.com/eventgraph/eventgraph/resolvers"
	"github.com/eventgraph/eventgraph/respond"
	"github.com/eventgraph/eventgraph/seed"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		os.Exit(healthcheck())
	}
	tuneGC()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "eventgraph:", err)
		os.Exit(1)
	}
}

// tuneGC trades memory for CPU unless GOGC or GOMEMLIMIT say otherwise:
// every request allocates short-lived result trees, and under load the
// collector took a fifth of the CPU at the default GOGC=100, while the
// process stays far below the peers' memory. The soft limit keeps the
// heap bounded all the same.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(512 << 20)
	}
}

// extraRoutes are handlers mounted beside the API (the explorer UI, wired
// in ui.go when the ui package is built).
var extraRoutes = map[string]http.Handler{}

func run() error {
	cfg, err := server.ConfigFromEnv()
	if err != nil {
		return err
	}
	log := server.NewLogger(cfg, os.Stderr)
	stCfg, wait, err := storeConfigFromEnv()
	if err != nil {
		return err
	}
	// One registry for both sides, so that /metrics shows the requests and
	// the database work they caused together.
	reg := metrics.New()
	cfg.Metrics, stCfg.Metrics = reg, reg
	seedMode := strings.ToLower(strings.TrimSpace(os.Getenv("SEED")))
	switch seedMode {
	case "":
		seedMode = "auto"
	case "auto", "always", "never":
	default:
		return fmt.Errorf("SEED=%q: want auto, always or never", seedMode)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := openStore(ctx, stCfg, wait, log)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := st.Close(closeCtx); err != nil {
			log.Warn("closing the database driver", slog.String("error", err.Error()))
		}
	}()

	log.Info("applying migrations")
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}

	es := graph.NewExecutableSchema(graph.Config{
		Resolvers:  &resolvers.Resolver{Store: st},
		Complexity: server.Complexity(),
	})
	if err := loadSeed(ctx, seedMode, cfg, es, st, log); err != nil {
		return err
	}

	// Warnings were logged by the seeding handler already.
	extraRoutes["GET /export"] = server.ReadRoute{Handler: export.Handler(st, log)}
	handler := server.New(withoutWarnings(cfg), es, st.Ping, extraRoutes, log, respond.New(st))
	srv := server.NewHTTPServer(cfg, handler, log)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s (ADDR): %w", cfg.Addr, err)
	}
	base := baseURL(ln.Addr())
	banner := fmt.Sprintf("\neventgraph is serving\n  GraphQL   %s/graphql\n  GraphiQL  %s/\n", base, base)
	if _, ok := extraRoutes["/explore/"]; ok {
		banner += fmt.Sprintf("  explorer  %s/explore/\n", base)
	}
	banner += fmt.Sprintf("  metrics   %s/metrics\n", base)
	banner += fmt.Sprintf("  health    %s/healthz  %s/readyz\n\n", base, base)
	fmt.Fprint(os.Stderr, banner)
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("neo4j", stCfg.URI),
		slog.String("database", stCfg.Database))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the default way
	log.Info("shutting down: draining requests")
	drain, cancel := context.WithTimeout(context.Background(), cfg.RequestTimeout+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(drain); err != nil {
		return fmt.Errorf("draining requests: %w", err)
	}
	log.Info("stopped")
	return nil
}

func withoutWarnings(cfg server.Config) server.Config {
	cfg.Warnings = nil
	return cfg
}

// storeConfigFromEnv reads the NEO4J_* variables, and NEO4J_WAIT: how long
// start-up waits for the database.
func storeConfigFromEnv() (store.Config, time.Duration, error) {
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		return cfg, 0, err
	}
	wait := 60 * time.Second
	if v := strings.TrimSpace(os.Getenv("NEO4J_WAIT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return cfg, 0, fmt.Errorf("NEO4J_WAIT=%q: want a Go duration such as 60s", v)
		}
		wait = d
	}
	return cfg, wait, nil
}

// openStore connects to Neo4j, retrying until it answers or wait has passed:
// in docker-compose and on a fresh `make run` the database may still be
// starting when the service does.
func openStore(ctx context.Context, cfg store.Config, wait time.Duration, log *slog.Logger) (*store.Client, error) {
	deadline := time.Now().Add(wait)
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		attemptCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		st, err := store.Open(attemptCtx, cfg)
		cancel()
		if err == nil {
			log.Info("connected to Neo4j", slog.String("uri", cfg.URI), slog.Int("attempts", attempt))
			return st, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("interrupted while waiting for Neo4j: %w", ctx.Err())
		}
		if time.Now().Add(delay).After(deadline) {
			return nil, fmt.Errorf("Neo4j at %s did not answer within %s (is it running? `scripts/neo4j start`): %w", cfg.URI, wait, err)
		}
		log.Info("waiting for Neo4j", slog.String("uri", cfg.URI), slog.Int("attempt", attempt), slog.String("error", err.Error()))
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, fmt.Errorf("interrupted while waiting for Neo4j: %w", ctx.Err())
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// loadSeed loads the article seed through the service's own GraphQL handler,
// in process, with a one-off writer key: the same request, validation and
// transaction as any ingestion job. In auto mode it first asks the API
// whether the seed's Source is there.
func loadSeed(ctx context.Context, mode string, cfg server.Config, es graphql.ExecutableSchema, st *store.Client, log *slog.Logger) error {
	if mode == "never" {
		log.Info("seed: skipped (SEED=never)")
		return nil
	}
	var k [16]byte
	_, _ = rand.Read(k[:])
	key := "seed-" + hex.EncodeToString(k[:])
	seedCfg := cfg
	seedCfg.WriterKeys = []string{key}
	seedCfg.ReaderKeys = nil
	// The seed's own requests are not the clients': the store still counts
	// the database work and the items they write.
	seedCfg.Metrics = nil
	// The seed is one batch of some 80 KB; leave room for it to grow and
	// for a slow first write on a cold database.
	seedCfg.MaxBodyBytes = max(cfg.MaxBodyBytes, 32<<20)
	seedCfg.RequestTimeout = max(cfg.RequestTimeout, 5*time.Minute)
	// The seed's check for itself is a read: package respond answers it,
	// as every read.
	h := server.New(seedCfg, es, st.Ping, nil, log, respond.New(st))

	if mode == "auto" {
		present, err := seed.Present(ctx, h, key)
		if err != nil {
			return fmt.Errorf("seed: checking for source %q: %w", seed.SourceID, err)
		}
		if present {
			log.Info("seed: already loaded", slog.String("source", seed.SourceID))
			return nil
		}
	}
	start := time.Now()
	// On a cold database the first batch pays for planning some thirty
	// statements and can outlast the transaction timeout on a busy machine.
	// The batch is one transaction, so a failed try leaves nothing behind,
	// and the plans it compiled make the next try fast.
	var err error
	seedCtx := store.WithTimeout(ctx, 2*time.Minute)
	for attempt := 1; attempt <= 3; attempt++ {
		if err = seed.Load(seedCtx, h, key); err == nil {
			break
		}
		log.Warn("seed: attempt failed", slog.Int("attempt", attempt), slog.String("error", err.Error()))
	}
	if err != nil {
		return fmt.Errorf("%w (start with SEED=never to serve without it)", err)
	}
	log.Info("seed: loaded", slog.String("source", seed.SourceID), slog.Duration("took", time.Since(start)))
	return nil
}

// baseURL is how to reach addr from this machine: a wildcard host becomes
// 127.0.0.1.
func baseURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}
