package server

import (
	"net/http"

	"github.com/eventgraph/eventgraph/metrics"
)

// ReadRoute marks a handler passed to New in routes as a read of the graph
// (GET /export): it gets the keys /graphql's reads get, so that where reads
// need the reader key, so does it.
type ReadRoute struct{ http.Handler }

// readersOnly refuses a request without a reader or writer key when reads
// need one, and any request with a key that is not valid, as /graphql and
// /metrics do.
func readersOnly(keys *keyring, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		role := keys.roleOf(r.Header.Get("Authorization"))
		if role == roleInvalid || role == roleAnonymous && !keys.readsOpen() {
			refused(r.Context(), metrics.ReasonAuth)
			w.Header().Set("WWW-Authenticate", `Bearer realm="eventgraph"`)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			msg := "reads need a key: send Authorization: Bearer <reader or writer key>"
			if role == roleInvalid {
				msg = "the bearer key in the Authorization header is not valid"
			}
			_, _ = w.Write([]byte(`{"errors":[{"message":"` + msg + `","extensions":{"code":"UNAUTHENTICATED"}}]}` + "\n"))
			return
		}
		h.ServeHTTP(w, r)
	})
}
