package server

import (
	"context"
	"net/http"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/metrics"
)

// What the server reports to Config.Metrics: every request by route and
// status, every GraphQL request by operation, code and status with its
// latency (observe, called by the access log once the response is
// written), and every guard's refusal by reason (refused, called where a
// guard refuses).

// The guards' reasons, by the names the guards use.
const (
	reasonBodySize         = metrics.ReasonBodySize
	reasonFields           = metrics.ReasonFields
	reasonDepth            = metrics.ReasonDepth
	reasonComplexity       = metrics.ReasonComplexity
	reasonRootFields       = metrics.ReasonRootFields
	reasonExpandedDocument = metrics.ReasonExpandedDocument
	reasonAuth             = metrics.ReasonAuth
	reasonInputLimit       = metrics.ReasonInputLimit
)

// refused counts a guard's refusal of the request ctx belongs to, by reason
// (one of the reasons above), and notes it for the access log. Every guard
// calls it where it refuses, so that a guard is counted with one line:
// refused(ctx, reasonRootFields).
func refused(ctx context.Context, reason string) {
	info := requestInfoFrom(ctx)
	if info == nil {
		return
	}
	info.mu.Lock()
	if info.refused == "" {
		info.refused = reason
	}
	info.mu.Unlock()
	info.metrics.Refused(reason)
}

// severity ranks the codes a response may carry, so that a GraphQL request
// is counted under the worst of them: an INTERNAL beside a NOT_FOUND must
// not go unseen.
var severity = map[string]int{
	eventgraph.CodeNotFound:            1,
	eventgraph.CodeBadUserInput:        2,
	eventgraph.CodeForbidden:           3,
	eventgraph.CodeUnauthenticated:     4,
	eventgraph.CodeQueryTooComplex:     5,
	eventgraph.CodeDatabaseUnavailable: 6,
	eventgraph.CodeInternal:            7,
}

// worstCode is the code a response with these error codes is counted
// under, "OK" when it has none. A code missing from severity ranks above
// all, as the one most worth a look.
func worstCode(codes []string) string {
	worst, rank := "OK", 0
	for _, c := range codes {
		r, known := severity[c]
		if !known {
			r = len(severity) + 1
		}
		if r > rank {
			worst, rank = c, r
		}
	}
	return worst
}

// graphqlRoute is the pattern /graphql is mounted under.
const graphqlRoute = "/graphql"

// observe reports a finished request: route is the ServeMux pattern that
// answered it; for GraphQL requests, the operation's name and codes come
// from info (the caller holds info.mu).
func observe(m *metrics.Registry, route string, status int, took time.Duration, info *requestInfo) {
	if m == nil {
		return
	}
	m.HTTPRequest(route, status)
	if route == graphqlRoute && info != nil {
		m.Operation(info.opName, worstCode(info.codes), status, took)
	}
}

// metricsHandler serves /metrics to whoever may read: anyone when reads are
// open, a reader or writer key when READER_KEYS is set. A key that matches
// nothing is refused either way, as on /graphql.
func metricsHandler(keys *keyring, m *metrics.Registry) http.Handler {
	h := m.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuseUnreadable(keys, w, r, "metrics", "text/plain; charset=utf-8", func(msg string) string { return msg + "\n" }) {
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
