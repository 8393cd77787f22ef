package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// role is what a request's bearer key allows.
type role int

const (
	roleAnonymous role = iota // no Authorization header
	roleInvalid               // a key that matches nothing, or a malformed header
	roleReader
	roleWriter
)

// keyring holds the configured keys as SHA-256 digests: comparing digests
// of equal length with subtle.ConstantTimeCompare leaks neither a key's
// content nor its length through timing.
type keyring struct {
	writers [][sha256.Size]byte
	readers [][sha256.Size]byte
}

func newKeyring(writers, readers []string) *keyring {
	k := &keyring{}
	for _, w := range writers {
		k.writers = append(k.writers, sha256.Sum256([]byte(w)))
	}
	for _, r := range readers {
		k.readers = append(k.readers, sha256.Sum256([]byte(r)))
	}
	return k
}

// readsOpen says whether reads need no key.
func (k *keyring) readsOpen() bool { return len(k.readers) == 0 }

// roleOf classifies the request's Authorization header.
func (k *keyring) roleOf(header string) role {
	if header == "" {
		return roleAnonymous
	}
	scheme, key, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
		return roleInvalid
	}
	digest := sha256.Sum256([]byte(strings.TrimSpace(key)))
	// Every key is compared, whatever matched first, so the time taken
	// does not say which list (or which position) a key is in.
	writer, reader := 0, 0
	for i := range k.writers {
		writer |= subtle.ConstantTimeCompare(digest[:], k.writers[i][:])
	}
	for i := range k.readers {
		reader |= subtle.ConstantTimeCompare(digest[:], k.readers[i][:])
	}
	switch {
	case writer == 1:
		return roleWriter
	case reader == 1:
		return roleReader
	}
	return roleInvalid
}

// authorize is the operation interceptor that enforces the keys: mutations
// need a writer key, reads need a reader or writer key when reader keys are
// configured, and a key that matches nothing is refused even where no key is
// needed (a typo should not silently run as anonymous).
//
// A refusal is a GraphQL request error: the operation never executes, so the
// response has no `data` entry. The transport maps it to 401/403 for
// application/graphql-response+json, as the GraphQL-over-HTTP spec asks for
// request errors, and to 200 for application/json.
func (k *keyring) authorize(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx)
	info := requestInfoFrom(ctx)
	r := roleAnonymous
	if info != nil {
		r = info.role
	}
	if op != nil && op.Operation != nil && info != nil {
		info.setOperation(op.OperationName, op.Operation)
	}
	deny := func(code, msg string) graphql.ResponseHandler {
		refused(ctx, reasonAuth)
		if info != nil {
			info.addCode(code)
		}
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
			Message:    msg,
			Extensions: map[string]any{"code": code},
		}}})
	}
	if r == roleInvalid {
		return deny(eventgraph.CodeUnauthenticated, "the bearer key in the Authorization header is not valid")
	}
	if op != nil && op.Operation != nil && op.Operation.Operation == ast.Mutation {
		switch r {
		case roleAnonymous:
			return deny(eventgraph.CodeUnauthenticated, "mutations need a writer key: send Authorization: Bearer <writer key>")
		case roleReader:
			return deny(eventgraph.CodeForbidden, "this key may read but not write: mutations need a writer key")
		}
		return next(ctx)
	}
	if !k.readsOpen() && r == roleAnonymous {
		return deny(eventgraph.CodeUnauthenticated, "reads need a key: send Authorization: Bearer <reader or writer key>")
	}
	return next(ctx)
}

// statusForCode is the HTTP status of a request error with this code, for
// clients that accept application/graphql-response+json.
func statusForCode(code string) int {
	switch code {
	case eventgraph.CodeUnauthenticated:
		return http.StatusUnauthorized
	case eventgraph.CodeForbidden:
		return http.StatusForbidden
	case eventgraph.CodeDatabaseUnavailable:
		return http.StatusServiceUnavailable
	case eventgraph.CodeInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}
