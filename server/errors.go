package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/eventgraph/eventgraph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// clientCodes are the codes a client may see (DESIGN.md).
var clientCodes = map[string]bool{
	eventgraph.CodeBadUserInput:        true,
	eventgraph.CodeNotFound:            true,
	eventgraph.CodeUnauthenticated:     true,
	eventgraph.CodeForbidden:           true,
	eventgraph.CodeQueryTooComplex:     true,
	eventgraph.CodeDatabaseUnavailable: true,
	eventgraph.CodeInternal:            true,
}

// presenter turns every error into one a client may see: each carries
// extensions.code from DESIGN.md's list; coded domain errors keep their
// message; gqlgen's parse and validation errors, and errors decoding
// arguments, become BAD_USER_INPUT with gqlgen's message (it names the field
// or argument); everything else becomes INTERNAL with the request id, its
// detail logged and never sent (it may name Neo4j, Cypher or Go internals).
type presenter struct {
	log *slog.Logger
}

func (p presenter) present(ctx context.Context, err error) *gqlerror.Error {
	if err == nil {
		return nil
	}
	info := requestInfoFrom(ctx)
	gerr := p.classify(ctx, err, info)
	var orig *gqlerror.Error
	if gerr.Locations == nil && errors.As(err, &orig) {
		gerr.Locations = orig.Locations
	}
	if info != nil {
		info.addCode(gerr.Extensions["code"].(string))
	}
	return gerr
}

func (p presenter) classify(ctx context.Context, err error, info *requestInfo) *gqlerror.Error {
	var path ast.Path
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) {
		path = gqlErr.Path
	}
	if path == nil {
		path = graphql.GetPath(ctx)
	}

	// The request ran out of its time while the database was answering:
	// the request was too big for the time allowed, not the database down.
	if timedOut(ctx, err) {
		return &gqlerror.Error{Message: timeoutMessage(info), Path: path,
			Extensions: map[string]any{"code": eventgraph.CodeQueryTooComplex}}
	}

	// Several input problems: one GraphQL error per item, so an ingestion
	// job sees the path of every bad item. The presenter can return one
	// error, so the others are added to the response here, in order, and
	// the last is returned (AddError appends it after them).
	var inputs eventgraph.InputErrors
	if errors.As(err, &inputs) && len(inputs) > 0 {
		for _, item := range inputs[:len(inputs)-1] {
			addError(ctx, &gqlerror.Error{Err: item, Path: path})
		}
		return p.coded(ctx, inputs[len(inputs)-1], path, info)
	}

	var coded *eventgraph.Error
	if errors.As(err, &coded) {
		if coded.Path == "" && gqlErr != nil && isArgumentError(ctx, gqlErr) {
			// A coded error from decoding an argument (a scalar's
			// UnmarshalGQL): locate it in the arguments.
			located := *coded
			located.Path = inputPath(ctx, gqlErr.Path)
			coded = &located
		}
		return p.coded(ctx, coded, path, info)
	}

	if gqlErr != nil {
		code, _ := gqlErr.Extensions["code"].(string)
		switch {
		case code == errcode.ValidationFailed || code == errcode.ParseFailed:
			return withCode(gqlErr, eventgraph.CodeBadUserInput)
		case clientCodes[code] && gqlErr.Err == nil:
			// Made by this package (limits, authorization): already fit to show.
			return gqlErr
		case code == "" && isArgumentError(ctx, gqlErr):
			// An argument or variable that does not decode (a Date that is
			// not a date, an Int out of range): the message names the value.
			out := withCode(gqlErr, eventgraph.CodeBadUserInput)
			if field := inputPath(ctx, gqlErr.Path); field != "" {
				out.Extensions["path"] = field
				if !strings.HasPrefix(out.Message, field) {
					out.Message = field + ": " + out.Message
				}
			}
			return out
		}
	}

	if errors.Is(err, context.Canceled) {
		// The client went away; nothing is wrong with the service.
		p.log.LogAttrs(ctx, slog.LevelInfo, "request cancelled",
			slog.String("request_id", info.requestID()), slog.String("path", path.String()))
		return &gqlerror.Error{Message: "the request was cancelled", Path: path,
			Extensions: map[string]any{"code": eventgraph.CodeInternal}}
	}
	return p.internal(ctx, err, path, info, "internal error")
}

// timedOut tells an error that the request's own deadline caused (the
// context every resolver and database call sees ends at the request
// timeout) from a database that does not answer: the deadline has passed
// and the error is made of it. A driver that gives up on a connection of
// its own accord (refused, reset, no connection free in the pool) says so
// before the deadline and stays DATABASE_UNAVAILABLE.
func timedOut(ctx context.Context, err error) bool {
	return errors.Is(ctx.Err(), context.DeadlineExceeded) && errors.Is(err, context.DeadlineExceeded)
}

// timeoutMessage says what happened and what to do about it.
func timeoutMessage(info *requestInfo) string {
	limit := "its time limit"
	if info != nil && info.timeout > 0 {
		limit = "the limit of " + info.timeout.String()
	}
	return "the request took longer than " + limit + " and was stopped: ask for less " +
		"(smaller pages, fewer nested connections, fewer root fields) or split it into several requests"
}

// coded presents a domain error with its own code and message. Its cause
// (Err) is logged, never shown.
func (p presenter) coded(ctx context.Context, e *eventgraph.Error, path ast.Path, info *requestInfo) *gqlerror.Error {
	code := e.Code
	if !clientCodes[code] {
		return p.internal(ctx, e, path, info, "internal error")
	}
	if code == eventgraph.CodeInternal {
		return p.internal(ctx, e, path, info, "internal error")
	}
	msg := e.Message
	ext := map[string]any{"code": code}
	if e.Path != "" {
		ext["path"] = e.Path
		msg = e.Path + ": " + msg
	}
	for k, v := range e.Extensions {
		if _, taken := ext[k]; !taken {
			ext[k] = v
		}
	}
	if e.Err != nil {
		p.log.LogAttrs(ctx, slog.LevelWarn, "graphql error",
			slog.String("request_id", info.requestID()),
			slog.String("code", code),
			slog.String("path", path.String()),
			slog.String("error", e.Error()))
	}
	return &gqlerror.Error{Message: msg, Path: path, Extensions: ext}
}

// internal logs err in full and returns a message that only gives the
// request id, by which an operator finds the log line.
func (p presenter) internal(ctx context.Context, err error, path ast.Path, info *requestInfo, what string) *gqlerror.Error {
	id := info.requestID()
	p.log.LogAttrs(ctx, slog.LevelError, "internal error",
		slog.String("request_id", id),
		slog.String("path", path.String()),
		slog.String("error", err.Error()))
	return &gqlerror.Error{
		Message:    fmt.Sprintf("%s (request id %s)", what, id),
		Path:       path,
		Extensions: map[string]any{"code": eventgraph.CodeInternal},
	}
}

// recoverPanic logs a resolver's panic with its stack and turns it into an
// INTERNAL error for the client.
func (p presenter) recoverPanic(ctx context.Context, v any) error {
	info := requestInfoFrom(ctx)
	p.log.LogAttrs(ctx, slog.LevelError, "panic while resolving",
		slog.String("request_id", info.requestID()),
		slog.String("panic", fmt.Sprint(v)),
		slog.String("stack", string(debug.Stack())))
	return &eventgraph.Error{Code: eventgraph.CodeInternal, Message: "internal error", Err: fmt.Errorf("panic: %v", v)}
}

// withCode copies a gqlgen error and sets its code, keeping its message,
// path and locations.
func withCode(e *gqlerror.Error, code string) *gqlerror.Error {
	out := *e
	out.Err = nil
	out.Extensions = map[string]any{}
	for k, v := range e.Extensions {
		out.Extensions[k] = v
	}
	out.Extensions["code"] = code
	return &out
}

// isArgumentError tells an error decoding a field's arguments from one its
// resolver returned: gqlgen puts the argument's name (and, within an input
// object, its fields) after the field's own response path.
func isArgumentError(ctx context.Context, e *gqlerror.Error) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	fieldPath := fc.Path()
	if len(e.Path) <= len(fieldPath) {
		return false
	}
	for i := range fieldPath {
		if fmt.Sprint(fieldPath[i]) != fmt.Sprint(e.Path[i]) {
			return false
		}
	}
	name, ok := e.Path[len(fieldPath)].(ast.PathName)
	return ok && fc.Field.Definition != nil && fc.Field.Definition.Arguments.ForName(string(name)) != nil
}

// inputPath writes the argument part of an error path the way domain input
// errors do: input.events[2].startDate.
func inputPath(ctx context.Context, p ast.Path) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || len(p) <= len(fc.Path()) {
		return ""
	}
	var b strings.Builder
	for _, el := range p[len(fc.Path()):] {
		switch v := el.(type) {
		case ast.PathIndex:
			b.WriteString("[" + strconv.Itoa(int(v)) + "]")
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(v))
		}
	}
	return b.String()
}

// addError adds an error to the response when there is one to add to (the
// presenter also runs outside execution, where there is none).
func addError(ctx context.Context, err error) {
	defer func() { _ = recover() }()
	graphql.AddError(ctx, err)
}
