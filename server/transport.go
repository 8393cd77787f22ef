package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Media types of GraphQL-over-HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport is GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/)
// for gqlgen's handler: POST with a JSON body, GET with the query in the
// URL for queries only. gqlgen's own GET and POST transports are close but
// answer a GET mutation with 406 instead of 405, an unsupported content type
// with 400 instead of 415, an oversize body with 200, and echo an
// undecodable body back to the client; this one does not.
//
// Status codes follow the spec:
//   - a request that is not well-formed (bad JSON, no query, a query that is
//     not a string, variables that are not an object): 400 whatever the
//     media type; a POST that is not application/json: 415; a body over the
//     limit: 413; a method other than GET and POST, or a mutation over GET:
//     405 with Allow;
//   - a well-formed request whose document fails to parse or validate, or is
//     refused before execution (depth, complexity, keys) — a "request
//     error", answered without `data`: with application/graphql-response+json
//     400 (401 UNAUTHENTICATED, 403 FORBIDDEN), with application/json 200,
//     as the spec asks for legacy clients;
//   - once execution starts the response has `data` and the status is 200,
//     whatever errors fields raised.
//
// A browser opening /graphql (GET, no query, Accept: text/html) is sent to
// GraphiQL at /.
//
// The response is application/graphql-response+json when the Accept header
// asks for it before application/json; application/json otherwise (no
// Accept header, */*, application/json), as the spec recommends.
type httpTransport struct {
	maxBody int64
}

var _ graphql.Transport = httpTransport{}

// Supports takes every request to /graphql so that wrong methods and media
// types get a proper 405/415 rather than gqlgen's "transport not supported".
func (httpTransport) Supports(*http.Request) bool { return true }

// rawRequest is the JSON body of a POST. Fields are decoded separately so a
// field of the wrong JSON type is reported by name.
type rawRequest struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if r.Method == http.MethodGet && r.URL.RawQuery == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
		// A person opened the endpoint in a browser: show them GraphiQL.
		http.Redirect(w, r, "/", http.StatusFound)
		return
	}
	media := responseMedia(r.Header.Values("Accept"))
	w.Header().Set("Content-Type", media+"; charset=utf-8")

	var params *graphql.RawParams
	switch r.Method {
	case http.MethodPost:
		var status int
		var err error
		if params, status, err = t.readPost(r); err != nil {
			writeRequestError(w, r, status, eventgraph.CodeBadUserInput, err.Error())
			return
		}
	case http.MethodGet:
		var err error
		if params, err = readGet(r.URL); err != nil {
			writeRequestError(w, r, http.StatusBadRequest, eventgraph.CodeBadUserInput, err.Error())
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		writeRequestError(w, r, http.StatusMethodNotAllowed, eventgraph.CodeBadUserInput,
			fmt.Sprintf("method %s is not allowed on /graphql: use POST (or GET for queries)", r.Method))
		return
	}
	params.Headers = r.Header
	start := graphql.Now()
	params.ReadTime = graphql.TraceTiming{Start: start, End: start}

	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if info := requestInfoFrom(ctx); info != nil && opCtx != nil && opCtx.Operation != nil {
		// Named even when refused once the operation is known (variables,
		// depth, complexity), for the access log and the metrics.
		info.setOperation(opCtx.OperationName, opCtx.Operation)
	}
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		writeResponse(ctx, w, r, media, resp)
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeRequestError(w, r, http.StatusMethodNotAllowed, eventgraph.CodeBadUserInput,
			fmt.Sprintf("a %s cannot be sent with GET: use POST", opCtx.Operation.Operation))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(ctx, w, r, media, responses(ctx))
}

// readPost decodes a POST body, refusing other media types (415), bodies
// over the limit (413) and bodies that are not a GraphQL request (400).
func (t httpTransport) readPost(r *http.Request) (*graphql.RawParams, int, error) {
	ct := r.Header.Get("Content-Type")
	mt, mtParams, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || mt != mediaJSON {
		return nil, http.StatusUnsupportedMediaType,
			fmt.Errorf("the request body must be application/json, not %q", ct)
	}
	if cs, ok := mtParams["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("the request body must be UTF-8, not %s", cs)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, t.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			refused(r.Context(), reasonBodySize)
			return nil, http.StatusRequestEntityTooLarge,
				fmt.Errorf("the request body is larger than the limit of %d bytes", t.maxBody)
		}
		return nil, http.StatusBadRequest, errors.New("the request body could not be read to its end")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, http.StatusBadRequest, errors.New("the request body is empty: " + wantBody)
	}
	var raw rawRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("%s, but %s", wantBody, jsonProblem(err))
	}
	if dec.More() {
		return nil, http.StatusBadRequest, errors.New("the request body has data after its JSON object")
	}
	p := &graphql.RawParams{}
	if err := decodeField("query", raw.Query, &p.Query, true); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeField("operationName", raw.OperationName, &p.OperationName, false); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeField("variables", raw.Variables, &p.Variables, false); err != nil {
		return nil, http.StatusBadRequest, err
	}
	if err := decodeField("extensions", raw.Extensions, &p.Extensions, false); err != nil {
		return nil, http.StatusBadRequest, err
	}
	return p, 0, nil
}

// readGet takes the request from the URL's query string.
func readGet(u *url.URL) (*graphql.RawParams, error) {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, errors.New("the URL's query string is not well-formed (a % not followed by two hex digits, or a ; between parameters)")
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	if p.Query == "" {
		return nil, errors.New("no query: pass ?query=... in the URL")
	}
	if v := q.Get("variables"); v != "" {
		if err := decodeJSON([]byte(v), &p.Variables); err != nil {
			return nil, fmt.Errorf("variables must be a JSON object, but %s", jsonProblem(err))
		}
	}
	if v := q.Get("extensions"); v != "" {
		if err := decodeJSON([]byte(v), &p.Extensions); err != nil {
			return nil, fmt.Errorf("extensions must be a JSON object, but %s", jsonProblem(err))
		}
	}
	return p, nil
}

// decodeField decodes one member of the request body, naming it when it
// has the wrong JSON type.
func decodeField(name string, raw json.RawMessage, into any, required bool) error {
	if len(raw) == 0 || string(raw) == "null" {
		if required {
			return fmt.Errorf("the request has no %q: %s", name, wantBody)
		}
		return nil
	}
	if err := decodeJSON(raw, into); err != nil {
		want := "a JSON object"
		if _, ok := into.(*string); ok {
			want = "a string"
		}
		return fmt.Errorf("%q must be %s", name, want)
	}
	return nil
}

// decodeJSON keeps numbers as json.Number, as gqlgen's scalars expect, so
// that large integers are not rounded through float64.
func decodeJSON(b []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(into)
}

// wantBody says what a POST body must be.
const wantBody = `the request body must be a JSON object with a query string: {"query": "{ __typename }"}`

// jsonProblem describes a JSON decoding error in the client's terms: the
// decoder's own messages name Go types (server.rawRequest,
// map[string]interface {}) and quote the input back.
func jsonProblem(err error) string {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Sprintf("it is not valid JSON (at byte %d)", se.Offset)
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		kind, _, _ := strings.Cut(te.Value, " ") // "number 5" -> number
		return "it is a JSON " + kind
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends too early"
	}
	return "it is not valid JSON"
}

// responseMedia picks the response media type from the Accept header(s):
// the first of application/graphql-response+json and application/json that
// is listed; application/json when neither is (no header, */*).
func responseMedia(accept []string) string {
	for _, header := range accept {
		for part := range strings.SplitSeq(header, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil || params["q"] == "0" {
				continue
			}
			switch mt {
			case mediaGraphQLResponse:
				return mediaGraphQLResponse
			case mediaJSON:
				return mediaJSON
			}
		}
	}
	return mediaJSON
}

// response is graphql.Response with `data` left out when there is none: the
// spec tells request errors (no data: execution never started) from field
// errors (data, possibly null) by whether the entry is present.
type response struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

func writeResponse(ctx context.Context, w http.ResponseWriter, r *http.Request, media string, resp *graphql.Response) {
	if resp == nil {
		// The request's context ended before a response was made.
		code, msg := eventgraph.CodeInternal, "the request was cancelled"
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			code, msg = eventgraph.CodeQueryTooComplex, timeoutMessage(requestInfoFrom(ctx))
		}
		requestInfoFrom(r.Context()).addCode(code)
		resp = &graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: map[string]any{"code": code}}}}
	}
	status := http.StatusOK
	if resp.Data == nil && len(resp.Errors) > 0 {
		code, _ := resp.Errors[0].Extensions["code"].(string)
		if code == eventgraph.CodeUnauthenticated {
			w.Header().Set("WWW-Authenticate", `Bearer realm="eventgraph"`)
		}
		if media == mediaGraphQLResponse {
			status = statusForCode(code)
		}
	}
	b, err := encodeResponse(resp)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"internal error: the response could not be encoded","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// encodeResponse writes the response as response's JSON, with data spliced
// in as it is: json.Marshal would re-scan and compact the data (a RawMessage),
// 6% of the service's CPU under load, though the executor and the direct path
// both write it compact and valid.
func encodeResponse(resp *graphql.Response) ([]byte, error) {
	b := []byte{'{'}
	sep := func() {
		if len(b) > 1 {
			b = append(b, ',')
		}
	}
	if len(resp.Errors) > 0 {
		e, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, fmt.Errorf("encoding the errors: %w", err)
		}
		b = append(append(b, `"errors":`...), e...)
	}
	if len(resp.Data) > 0 {
		sep()
		b = append(append(b, `"data":`...), resp.Data...)
	}
	if len(resp.Extensions) > 0 {
		x, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, fmt.Errorf("encoding the extensions: %w", err)
		}
		sep()
		b = append(append(b, `"extensions":`...), x...)
	}
	return append(b, '}'), nil
}

// writeRequestError answers a request that never reached GraphQL.
func writeRequestError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	requestInfoFrom(r.Context()).addCode(code)
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", mediaJSON+"; charset=utf-8")
	}
	b, _ := json.Marshal(response{Errors: gqlerror.List{{
		Message:    msg,
		Extensions: map[string]any{"code": code},
	}}})
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
