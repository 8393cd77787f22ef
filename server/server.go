// Package server is the HTTP face of the service: GraphQL over HTTP at
// /graphql (gqlgen's executor with a spec-following transport), GraphiQL at
// /, /healthz and /readyz, and around them the guards every request passes —
// bearer keys for writers and readers, the input bounds of eventgraph.Limits
// on every argument, depth and complexity limits, a body limit, a
// per-request timeout, an error presenter that shows clients codes and
// never internals — plus request ids, access logs, Prometheus metrics at
// /metrics (when Config.Metrics is set) and optional CORS.
// It knows nothing of Neo4j: the store is reached through the executable
// schema's resolvers and the ready function.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/metrics"
	"github.com/eventgraph/eventgraph/ui"
	"github.com/vektah/gqlparser/v2/ast"
)

// BookmarkHeader carries Neo4j bookmarks from a client's earlier write
// (IngestResult.bookmark and the payloads' bookmark) so that its next read
// sees that write on any cluster member. It may be repeated or hold several
// bookmarks separated by commas.
const BookmarkHeader = "Neo4j-Bookmark"

// RequestIDHeader is read (when it looks like an id) and always written.
const RequestIDHeader = "X-Request-Id"

// Parser limits: a query document of more tokens than this is refused
// before it is parsed in full. The largest real query (GraphiQL's
// introspection) is about 300 tokens; ingest batches travel as variables,
// which are not tokens.
const maxQueryTokens = 20000

// smallQueryCache keeps parsed and validated documents of at most 16 KiB
// of query text: real clients send the same few queries again and again,
// while a client sending distinct megabyte-sized queries (a long string
// literal is one token) must not fill memory with a thousand of them.
type smallQueryCache struct {
	graphql.Cache[*ast.QueryDocument]
}

func (c smallQueryCache) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	if len(query) <= 16<<10 {
		c.Cache.Add(ctx, query, doc)
	}
}

// Responder builds a handler extension that answers operations itself
// (respond.New: every query operation, its reads straight from the store).
// New hands it the error presenter and the panic handler, so that the
// errors it reports are those the executor would report, and cfg.Metrics.
type Responder func(present graphql.ErrorPresenterFunc, recover graphql.RecoverFunc, reg *metrics.Registry) graphql.HandlerExtension

// New builds the service's HTTP handler.
//
//   - es is the executable schema (graph.NewExecutableSchema with the
//     resolvers and Complexity());
//   - ready answers /readyz: nil when the database answers (store.Client.Ping);
//   - routes mounts further handlers by ServeMux pattern ("/explore/" for the
//     explorer UI); they get request ids, access logs and CORS too;
//   - log receives access logs and the detail of internal errors;
//   - responders are registered after authorization, so that every guard
//     has run when they answer.
func New(cfg Config, es graphql.ExecutableSchema, ready func(context.Context) error, routes map[string]http.Handler, log *slog.Logger, responders ...Responder) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	def := DefaultConfig()
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = def.MaxBodyBytes
	}
	if cfg.MaxDepth <= 0 {
		cfg.MaxDepth = def.MaxDepth
	}
	if cfg.MaxComplexity <= 0 {
		cfg.MaxComplexity = def.MaxComplexity
	}
	if cfg.MaxFields <= 0 {
		cfg.MaxFields = def.MaxFields
	}
	if cfg.MaxDocumentFields <= 0 {
		cfg.MaxDocumentFields = def.MaxDocumentFields
	}
	if cfg.MaxRootFields <= 0 {
		cfg.MaxRootFields = def.MaxRootFields
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = def.RequestTimeout
	}
	for _, w := range cfg.Warnings {
		log.Warn(w)
	}

	keys := newKeyring(cfg.WriterKeys, cfg.ReaderKeys)
	pres := presenter{log: log}

	gql := handler.New(es)
	gql.AddTransport(websocket(keys))
	gql.AddTransport(httpTransport{maxBody: cfg.MaxBodyBytes})
	cache := smallQueryCache{lru.New[*ast.QueryDocument](1000)}
	gql.SetQueryCache(cache)
	gql.SetParserTokenLimit(maxQueryTokens)
	gql.Use(extension.Introspection{})
	// The document's size and root fields are checked before it is parsed
	// and validated, depth and cost after: validation, the cost calculation
	// and execution all grow with what documentLimit bounds.
	gql.Use(&documentLimit{MaxWritten: cfg.MaxFields, MaxExpanded: cfg.MaxDocumentFields, MaxRoots: cfg.MaxRootFields, Cache: cache})
	gql.Use(depthLimit{Max: cfg.MaxDepth})
	// Before the cost model: a `first` beyond its bound is the client's
	// mistake to be named, not a query too complex.
	gql.Use(&inputLimits{})
	gql.Use(&costLimit{Max: cfg.MaxComplexity, cache: newCostCache()})
	gql.AroundOperations(keys.authorize)
	for _, r := range responders {
		gql.Use(r(pres.present, pres.recoverPanic, cfg.Metrics))
	}
	gql.SetErrorPresenter(pres.present)
	gql.SetRecoverFunc(pres.recoverPanic)

	mux := http.NewServeMux()
	mux.Handle("/graphql", graphqlContext(cfg.RequestTimeout, keys, gql))
	// GraphiQL and React are embedded (ui/dist/graphiql), not loaded from
	// a CDN: the IDE works where the browser has no internet access.
	graphiql := ui.GraphiQL()
	mux.Handle("GET /{$}", graphiql)
	mux.Handle("GET "+ui.GraphiQLPrefix+"/", graphiql)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", readyHandler(ready, log))
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", metricsHandler(keys, cfg.Metrics))
	}
	for pattern, h := range routes {
		if rr, ok := h.(ReadRoute); ok {
			h = readersOnly(keys, rr.Handler)
		}
		mux.Handle(pattern, h)
	}

	return withRequestID(cfg.Metrics, accessLog(log, cfg.Metrics, cors(cfg.CORSOrigins, mux)))
}

// NewHTTPServer wraps h in an http.Server with timeouts: headers must
// arrive within 10 s and the body within 30 s; a response may take the
// request timeout plus 10 s to write (the handler stops work at the request
// timeout); idle keep-alive connections close after 2 min.
func NewHTTPServer(cfg Config, h http.Handler, log *slog.Logger) *http.Server {
	def := DefaultConfig()
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = def.RequestTimeout
	}
	pick := func(v, fallback time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return fallback
	}
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: pick(cfg.ReadHeaderTimeout, 10*time.Second),
		ReadTimeout:       pick(cfg.ReadTimeout, 30*time.Second),
		WriteTimeout:      pick(cfg.WriteTimeout, cfg.RequestTimeout+10*time.Second),
		IdleTimeout:       pick(cfg.IdleTimeout, 2*time.Minute),
		MaxHeaderBytes:    64 << 10,
	}
	if log != nil {
		srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	return srv
}

// graphqlContext prepares a GraphQL request's context: the caller's role
// from its bearer key, the bookmarks it sent, and the request deadline.
func graphqlContext(timeout time.Duration, keys *keyring, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := r.Context(), context.CancelFunc(func() {})
		if isWebsocket(r) {
			// A subscription lives as long as its connection: neither the
			// request timeout nor the server's read and write deadlines
			// apply to it (its operations are bounded by the same guards).
			rc := http.NewResponseController(w)
			_ = rc.SetReadDeadline(time.Time{})
			_ = rc.SetWriteDeadline(time.Time{})
		} else {
			ctx, cancel = context.WithTimeout(ctx, timeout)
		}
		defer cancel()
		role, name := keys.identify(r.Header.Get("Authorization"))
		if info := requestInfoFrom(ctx); info != nil {
			info.role = role
			info.timeout = timeout
		}
		ctx = eventgraph.WithKeyName(ctx, name)
		if id := r.Header.Get(BatchIDHeader); saneID.MatchString(id) {
			ctx = eventgraph.WithBatchID(ctx, id)
		}
		ctx = eventgraph.WithBookmarks(ctx, bookmarks(r.Header.Values(BookmarkHeader)))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// BatchIDHeader names the batch a write belongs to in its revision (at
// most 128 of letters, digits and . _ : -; anything else is ignored).
const BatchIDHeader = "X-Batch-Id"

func isWebsocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// websocket is the subscriptions' transport (graphql-transport-ws). A
// client that cannot set headers on the upgrade (a browser) sends its key
// as connection_init's payload {"Authorization": "Bearer <key>"}; it then
// counts as the request's key, for every operation of the connection.
func websocket(keys *keyring) transport.Websocket {
	return transport.Websocket{
		KeepAlivePingInterval: 15 * time.Second,
		InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			if auth := payload.Authorization(); auth != "" {
				if info := requestInfoFrom(ctx); info != nil {
					info.role, _ = keys.identify(auth)
				}
			}
			return ctx, &payload, nil
		},
	}
}

// bookmarks splits repeated and comma-separated Neo4j-Bookmark headers.
func bookmarks(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, splitList(v)...)
	}
	return out
}

// readyHandler answers /readyz: 200 when ready(ctx) returns nil within 2 s,
// 503 with the reason otherwise. The reason is the client-safe message of a
// coded error; the full error goes to the log.
func readyHandler(ready func(context.Context) error, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		var err error
		if ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			err = ready(ctx)
			cancel()
		}
		if err == nil {
			_, _ = w.Write([]byte(`{"status":"ready"}` + "\n"))
			return
		}
		reason := "the database did not answer"
		if e, ok := errors.AsType[*eventgraph.Error](err); ok && e.Code != eventgraph.CodeInternal {
			reason = e.Message
		}
		log.Warn("not ready", slog.String("request_id", requestInfoFrom(r.Context()).requestID()),
			slog.String("error", err.Error()))
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(map[string]string{"status": "unavailable", "reason": reason})
	}
}

// ---------------------------------------------------------------- request info

// requestInfo travels in a request's context: the id, the caller's role,
// where to count what happens to it, and what the access log reports about
// the GraphQL operation.
type requestInfo struct {
	id      string
	role    role
	metrics *metrics.Registry
	// timeout is the request's time limit, for the message of a request
	// that runs out of it.
	timeout time.Duration

	mu      sync.Mutex
	opName  string
	opType  string
	codes   []string
	refused string // the first guard's reason (metrics.Reason...)
	started time.Time
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

func (i *requestInfo) requestID() string {
	if i == nil {
		return "-"
	}
	return i.id
}

func (i *requestInfo) setOperation(name string, op *ast.OperationDefinition) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.opName = name
	if name == "" && op != nil {
		i.opName = op.Name
	}
	if op != nil {
		i.opType = string(op.Operation)
	}
}

func (i *requestInfo) addCode(code string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if !slices.Contains(i.codes, code) {
		i.codes = append(i.codes, code)
	}
}

// RequestID is the id of the request ctx belongs to ("" outside one), for
// code that logs on its own.
func RequestID(ctx context.Context) string {
	if info := requestInfoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}

var saneID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// withRequestID takes the caller's X-Request-Id when it is a plausible id
// (so a proxy's id follows the request through), makes one otherwise, and
// hands it back in the response. The request's info carries m for the
// guards that count refusals (refused).
func withRequestID(m *metrics.Registry, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !saneID.MatchString(id) {
			var b [12]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set(RequestIDHeader, id)
		info := &requestInfo{id: id, metrics: m, started: time.Now()}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
	})
}

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog writes one structured line per request, and reports the same
// facts to m (observe). It never logs the Authorization header, the query
// text or variables. The fields are listed in docs/api.md ("Metrics and
// logs").
func accessLog(log *slog.Logger, m *metrics.Registry, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(rec, r)
		took := time.Since(start)
		info := requestInfoFrom(r.Context())
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.Int("bytes", rec.bytes),
			slog.String("request_id", info.requestID()),
		}
		if info != nil {
			info.mu.Lock()
			// The mux set r.Pattern on this very request when it matched.
			observe(m, r.Pattern, rec.status, took, info)
			if info.opType != "" {
				attrs = append(attrs, slog.String("operation_type", info.opType))
			}
			if info.opName != "" {
				attrs = append(attrs, slog.String("operation", info.opName))
			}
			if len(info.codes) > 0 {
				attrs = append(attrs, slog.String("error_codes", strings.Join(info.codes, ",")))
			}
			if info.refused != "" {
				attrs = append(attrs, slog.String("refused", info.refused))
			}
			info.mu.Unlock()
		} else {
			observe(m, r.Pattern, rec.status, took, nil)
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		// Probes hit these every few seconds; keep them out of info logs.
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" && rec.status == http.StatusOK {
			level = slog.LevelDebug
		}
		log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// cors allows the listed origins ("*" for any) to call the API from pages
// on other sites; with no origins it adds nothing and browsers keep the
// same-origin policy. Preflights are answered here.
func cors(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	anyOrigin := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || !(anyOrigin || slices.Contains(origins, origin)) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Expose-Headers", RequestIDHeader)
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, "+BookmarkHeader+", "+RequestIDHeader)
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
