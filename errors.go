package eventgraph

import (
	"errors"
	"fmt"
)

// Error codes that clients see in a GraphQL error's extensions.code.
const (
	CodeBadUserInput        = "BAD_USER_INPUT"
	CodeNotFound            = "NOT_FOUND"
	CodeUnauthenticated     = "UNAUTHENTICATED"
	CodeForbidden           = "FORBIDDEN"
	CodeQueryTooComplex     = "QUERY_TOO_COMPLEX"
	CodeDatabaseUnavailable = "DATABASE_UNAVAILABLE"
	CodeInternal            = "INTERNAL"
)

// Error is an error meant for the client: a code from the list above, a
// message that names what is wrong, and for input errors the path of the
// offending item (input.events[2].participants[0].actorId). Anything that is
// not an *Error reaches clients only as INTERNAL, its detail kept for the log.
type Error struct {
	Code    string
	Message string
	// Path locates the offending input item; empty when not about input.
	Path string
	// Extensions are more facts for the client, sent in the GraphQL
	// error's extensions beside code and path (committed: "unknown"); like
	// the message, they must be fit to show.
	Extensions map[string]any
	// Err is the cause, for the log; never shown to clients.
	Err error
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Path != "" {
		msg = e.Path + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes a coded client error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InputError is a BAD_USER_INPUT error about the input item at path.
func InputError(path, format string, args ...any) *Error {
	return &Error{Code: CodeBadUserInput, Path: path, Message: fmt.Sprintf(format, args...)}
}

// InputErrors is every problem found in one input, so that an ingestion job
// sees all its bad items at once instead of one per attempt.
type InputErrors []*Error

func (es InputErrors) Error() string {
	switch len(es) {
	case 0:
		return "no input errors"
	case 1:
		return es[0].Error()
	}
	return fmt.Sprintf("%s (and %d more input errors)", es[0].Error(), len(es)-1)
}

// ErrorCode is the client-facing code of err: its own for an *Error (or
// InputErrors), INTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var es InputErrors
	if errors.As(err, &es) {
		return CodeBadUserInput
	}
	return CodeInternal
}
