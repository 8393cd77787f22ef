// Package metrics is the service's instrumentation in Prometheus' terms:
// one Registry, made by New and handed to the server (server.Config.Metrics)
// and the store (store.Config.Metrics), which report what they do through
// its methods, and served at /metrics in Prometheus' text format. It holds
// its own prometheus.Registry, never the global default one, so that two
// services in one process (tests, the seed loader) count apart. Label
// values are bounded: routes, query names, reasons and kinds come from the
// code, codes from the service's list; operation names, the one label a
// client chooses, are kept to the first MaxOperations valid GraphQL names
// seen, the rest counted as "other". A nil *Registry counts nothing, so
// code that reports needs no check. The metrics and their labels are
// listed in docs/api.md ("Metrics and logs").
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Reasons a guard refuses a request, the values of
// eventgraph_guard_refusals_total's reason label.
const (
	ReasonBodySize         = "body_size"         // the request body is over MAX_BODY_BYTES
	ReasonFields           = "fields"            // the document writes out too many fields
	ReasonDepth            = "depth"             // the selection nests too deep
	ReasonComplexity       = "complexity"        // the cost model's total is over MAX_COMPLEXITY
	ReasonRootFields       = "root_fields"       // too many root fields (database round trips) in one operation
	ReasonExpandedDocument = "expanded_document" // the document, fragments expanded, is too large
	ReasonAuth             = "auth"              // no key, a wrong key, or a reader key for a mutation
	ReasonInputLimit       = "input_limit"       // an argument beyond its bound in eventgraph.Limits
)

// Reasons lists every reason, so that each series exists (at 0) from the
// start and a rate over it is defined before the first refusal.
var Reasons = []string{ReasonBodySize, ReasonFields, ReasonDepth, ReasonComplexity,
	ReasonRootFields, ReasonExpandedDocument, ReasonAuth, ReasonInputLimit}

// Kinds of database failure, the values of eventgraph_db_errors_total's
// kind label.
const (
	DBUnavailable = "unavailable"  // no connection, or the driver gave up retrying
	DBTimeout     = "timeout"      // the request's deadline or the transaction timeout passed
	DBCancelled   = "cancelled"    // the client went away
	DBMemory      = "memory_limit" // a transaction memory limit (or the heap) was reached
	DBClient      = "client_error" // Neo4j refused the statement (Neo.ClientError.*)
	DBTransient   = "transient"    // another Neo.TransientError.*, not retried away
	DBDatabase    = "database_error"
	DBOther       = "other"
)

// DBKinds lists every kind of database failure.
var DBKinds = []string{DBUnavailable, DBTimeout, DBCancelled, DBMemory, DBClient, DBTransient, DBDatabase, DBOther}

// Outcomes of an ingested item, the values of eventgraph_ingest_items_total's
// outcome label. A batch is written whole or not at all, so rejected and
// failed count every item of a batch that was not written.
const (
	Created   = "created"
	Updated   = "updated"
	Unchanged = "unchanged"
	Rejected  = "rejected" // the batch's input was refused (BAD_USER_INPUT)
	Failed    = "failed"   // the database did not write the batch
)

// Operation label values that are not a client's operation name.
const (
	Anonymous = "anonymous" // an operation without a name, or a request that never named one
	Other     = "other"     // a name past MaxOperations, or not a GraphQL name of at most MaxNameLength
)

const (
	// MaxOperations bounds the distinct operation names counted; real
	// clients use a few dozen.
	MaxOperations = 100
	// MaxNameLength bounds an operation name kept as a label.
	MaxNameLength = 64
)

// Registry holds the service's metrics.
type Registry struct {
	reg *prometheus.Registry

	httpRequests *prometheus.CounterVec
	operations   *prometheus.CounterVec
	opDuration   *prometheus.HistogramVec
	refusals     *prometheus.CounterVec
	dbDuration   *prometheus.HistogramVec
	dbErrors     *prometheus.CounterVec
	ingestItems  *prometheus.CounterVec
	readShape    prometheus.Counter

	// Series looked up by one label are kept, so that the hot path does
	// one map read under a read lock and no allocation.
	ops      series[prometheus.Observer]
	queries  series[prometheus.Observer]
	reasons  map[string]prometheus.Counter
	dbKinds  map[string]prometheus.Counter
	statuses [600]string
}

// New makes a Registry with the service's metrics and Go's runtime and
// process collectors (go_*, process_*).
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	r.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventgraph_http_requests_total",
		Help: "HTTP requests by the route pattern that answered them and the response status.",
	}, []string{"route", "status"})
	r.operations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventgraph_graphql_requests_total",
		Help: "GraphQL requests by operation name, the worst extensions.code of the response's errors (OK for none) and the HTTP status.",
	}, []string{"operation", "code", "status"})
	r.opDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "eventgraph_graphql_request_duration_seconds",
		Help:    "Time from a GraphQL request's arrival to its response, by operation name.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20},
	}, []string{"operation"})
	r.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventgraph_guard_refusals_total",
		Help: "Requests a guard refused before any database work, by reason.",
	}, []string{"reason"})
	r.dbDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "eventgraph_db_round_trip_duration_seconds",
		Help:    "Time of each query sent to Neo4j, by the store's name for it; _count is the number of round trips.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 15},
	}, []string{"query"})
	r.dbErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventgraph_db_errors_total",
		Help: "Database calls (transactions, single reads, pings) that failed, by kind of failure.",
	}, []string{"kind"})
	r.ingestItems = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventgraph_ingest_items_total",
		Help: "Nodes sent to ingest and the upsert mutations, by node kind and outcome.",
	}, []string{"kind", "outcome"})
	r.readShape = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "eventgraph_read_shape_errors_total",
		Help: "Read queries answered with an INTERNAL error because the store's value broke the schema's promise (or writing it failed); each is logged with its request id.",
	})
	r.reg.MustRegister(r.httpRequests, r.operations, r.opDuration, r.refusals, r.dbDuration, r.dbErrors, r.ingestItems, r.readShape,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	r.ops = series[prometheus.Observer]{max: MaxOperations, make: func(op string) prometheus.Observer {
		return r.opDuration.WithLabelValues(op)
	}}
	r.queries = series[prometheus.Observer]{make: func(q string) prometheus.Observer {
		return r.dbDuration.WithLabelValues(q)
	}}
	r.reasons = make(map[string]prometheus.Counter, len(Reasons))
	for _, reason := range Reasons {
		r.reasons[reason] = r.refusals.WithLabelValues(reason)
	}
	r.dbKinds = make(map[string]prometheus.Counter, len(DBKinds))
	for _, kind := range DBKinds {
		r.dbKinds[kind] = r.dbErrors.WithLabelValues(kind)
	}
	for code := range r.statuses {
		r.statuses[code] = strconv.Itoa(code)
	}
	return r
}

// Handler serves the metrics in Prometheus' text format (or OpenMetrics,
// when the scraper asks for it).
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Gatherer is the registry, for tests that read metrics without HTTP.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// HTTPRequest counts a response of the route (a ServeMux pattern; "" when
// none matched) with the given status.
func (r *Registry) HTTPRequest(route string, status int) {
	if r == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	r.httpRequests.WithLabelValues(route, r.status(status)).Inc()
}

// Operation counts a GraphQL request: its operation name as the client
// wrote it ("" for none), the code that stands for the response's errors
// ("OK" for none), its HTTP status and how long it took.
func (r *Registry) Operation(name, code string, status int, took time.Duration) {
	if r == nil {
		return
	}
	op, observer := r.operation(name)
	observer.Observe(took.Seconds())
	r.operations.WithLabelValues(op, code, r.status(status)).Inc()
}

// operation bounds a client's operation name to a label value and returns
// the name's latency histogram.
func (r *Registry) operation(name string) (string, prometheus.Observer) {
	switch {
	case name == "":
		name = Anonymous
	case !graphQLName(name):
		name = Other
	}
	if o, label, ok := r.ops.get(name); ok {
		return label, o
	}
	o, _, _ := r.ops.get(Other)
	return Other, o
}

// Refused counts a guard's refusal (one of Reasons).
func (r *Registry) Refused(reason string) {
	if r == nil {
		return
	}
	if c, ok := r.reasons[reason]; ok {
		c.Inc()
		return
	}
	r.refusals.WithLabelValues(reason).Inc()
}

// RoundTrip records one query sent to the database: the store's name for
// it (a constant of its code, never client text) and the time it took.
func (r *Registry) RoundTrip(query string, took time.Duration) {
	if r == nil {
		return
	}
	o, _, _ := r.queries.get(query)
	o.Observe(took.Seconds())
}

// DatabaseError counts a failed database call (one of DBKinds).
func (r *Registry) DatabaseError(kind string) {
	if r == nil {
		return
	}
	if c, ok := r.dbKinds[kind]; ok {
		c.Inc()
		return
	}
	r.dbErrors.WithLabelValues(kind).Inc()
}

// ReadShapeError counts a read query whose answer could not be written
// from the store's value.
func (r *Registry) ReadShapeError() {
	if r == nil {
		return
	}
	r.readShape.Inc()
}

// Ingested counts n items of one node kind with one outcome.
func (r *Registry) Ingested(kind, outcome string, n int) {
	if r == nil || n <= 0 {
		return
	}
	r.ingestItems.WithLabelValues(kind, outcome).Add(float64(n))
}

// status is the label value of an HTTP status, without formatting a new
// string each time.
func (r *Registry) status(code int) string {
	if code >= 0 && code < len(r.statuses) {
		return r.statuses[code]
	}
	return strconv.Itoa(code)
}

// graphQLName says whether s is a GraphQL name (/[_A-Za-z][_0-9A-Za-z]*/)
// short enough to be a label. The executor only runs operations named in
// the document, but the name is checked here all the same: this package
// must not trust its callers with unbounded client text.
func graphQLName(s string) bool {
	if len(s) == 0 || len(s) > MaxNameLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// series keeps the series of one label value each, made on first use;
// with max > 0, at most max of them besides Other and Anonymous (get says
// no beyond).
type series[T any] struct {
	mu    sync.RWMutex
	m     map[string]entry[T]
	max   int
	named int
	make  func(string) T
}

type entry[T any] struct {
	label string // the map's own copy, so a request's string is not kept
	v     T
}

func (s *series[T]) get(label string) (T, string, bool) {
	s.mu.RLock()
	e, ok := s.m[label]
	s.mu.RUnlock()
	if ok {
		return e.v, e.label, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.m[label]; ok {
		return e.v, e.label, true
	}
	if s.m == nil {
		s.m = map[string]entry[T]{}
	}
	// Other and Anonymous always fit, so that what is refused a series of
	// its own still has one to go to.
	if label != Other && label != Anonymous {
		if s.max > 0 && s.named >= s.max {
			var zero T
			return zero, "", false
		}
		s.named++
	}
	label = string([]byte(label))
	e = entry[T]{label: label, v: s.make(label)}
	s.m[label] = e
	return e.v, e.label, true
}
