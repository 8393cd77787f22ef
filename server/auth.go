package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"regexp"
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
// content nor its length through timing. Each key has a name, which the
// revisions of its writes record in its place: a configured entry
// "name:secret" names its key (name: letters, digits, . _ -, at most 64),
// any other entry is the key itself, named by its list and place
// ("writer-1", "reader-2").
type keyring struct {
	writers, readers         [][sha256.Size]byte
	writerNames, readerNames []string
}

var keyName = regexp.MustCompile(`^([A-Za-z0-9._-]{1,64}):(.+)$`)

func newKeyring(writers, readers []string) *keyring {
	k := &keyring{}
	add := func(list string, entries []string) (digests [][sha256.Size]byte, names []string) {
		for i, e := range entries {
			name, secret := fmt.Sprintf("%s-%d", list, i+1), e
			if m := keyName.FindStringSubmatch(e); m != nil {
				name, secret = m[1], m[2]
			}
			digests = append(digests, sha256.Sum256([]byte(secret)))
			names = append(names, name)
		}
		return digests, names
	}
	k.writers, k.writerNames = add("writer", writers)
	k.readers, k.readerNames = add("reader", readers)
	return k
}

// readsOpen says whether reads need no key.
func (k *keyring) readsOpen() bool { return len(k.readers) == 0 }

// roleOf classifies the request's Authorization header.
func (k *keyring) roleOf(header string) role {
	r, _ := k.identify(header)
	return r
}

// identify classifies the request's Authorization header and names its key.
func (k *keyring) identify(header string) (role, string) {
	if header == "" {
		return roleAnonymous, ""
	}
	scheme, key, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
		return roleInvalid, ""
	}
	digest := sha256.Sum256([]byte(strings.TrimSpace(key)))
	// Every key is compared, whatever matched first, so the time taken
	// does not say which list (or which position) a key is in.
	writer, reader := -1, -1
	for i := range k.writers {
		if subtle.ConstantTimeCompare(digest[:], k.writers[i][:]) == 1 {
			writer = i
		}
	}
	for i := range k.readers {
		if subtle.ConstantTimeCompare(digest[:], k.readers[i][:]) == 1 {
			reader = i
		}
	}
	switch {
	case writer >= 0:
		return roleWriter, k.writerNames[writer]
	case reader >= 0:
		return roleReader, k.readerNames[reader]
	}
	return roleInvalid, ""
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
