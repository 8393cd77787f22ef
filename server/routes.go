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
		if refuseUnreadable(keys, w, r, "reads", "application/json", func(msg string) string {
			return `{"errors":[{"message":"` + msg + `","extensions":{"code":"UNAUTHENTICATED"}}]}` + "\n"
		}) {
			return
		}
		h.ServeHTTP(w, r)
	})
}

// refuseUnreadable answers r with 401 (counted, with the Bearer challenge)
// and reports true when it may not read: no key while reads need one, or a
// key that matches nothing. body puts the message in the route's own
// format (what names what needs the key).
func refuseUnreadable(keys *keyring, w http.ResponseWriter, r *http.Request, what, contentType string, body func(msg string) string) bool {
	role := keys.roleOf(r.Header.Get("Authorization"))
	if role != roleInvalid && (role != roleAnonymous || keys.readsOpen()) {
		return false
	}
	refused(r.Context(), metrics.ReasonAuth)
	w.Header().Set("WWW-Authenticate", `Bearer realm="eventgraph"`)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusUnauthorized)
	msg := what + " need a key: send Authorization: Bearer <reader or writer key>"
	if role == roleInvalid {
		msg = "the bearer key in the Authorization header is not valid"
	}
	_, _ = w.Write([]byte(body(msg)))
	return true
}
