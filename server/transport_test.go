package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// encodeResponse splices the data in rather than re-encoding it; the bytes
// must be what encoding the whole response gives.
func TestEncodeResponseMatchesMarshal(t *testing.T) {
	errs := gqlerror.List{{Message: "boom \"quoted\" <tag>", Path: ast.Path{ast.PathName("actor")},
		Extensions: map[string]any{"code": "NOT_FOUND"}}}
	tests := []struct {
		name string
		resp graphql.Response
	}{
		{"data", graphql.Response{Data: json.RawMessage(`{"actor":{"name":"Пу\"тин","n":1.5}}`)}},
		{"errors only", graphql.Response{Errors: errs}},
		{"null data and errors", graphql.Response{Errors: errs, Data: json.RawMessage(`null`)}},
		{"data, errors, extensions", graphql.Response{Errors: errs, Data: json.RawMessage(`{"a":[]}`), Extensions: map[string]any{"cost": 3}}},
		{"nothing", graphql.Response{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(response{Errors: tt.resp.Errors, Data: tt.resp.Data, Extensions: tt.resp.Extensions})
			if err != nil {
				t.Fatal(err)
			}
			got, err := encodeResponse(&tt.resp)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// goIdentifier matches what Go's own error texts put in messages: type
// names, package-qualified names, the decoder's field tags.
var goIdentifier = regexp.MustCompile(`map\[|interface ?\{|\[\]|\bstruct\b|\b(server|json|strconv|http|url|io)\.|rawRequest|is not an? (u?int|float|bool|map|string)|json:`)

// Every request the transport refuses is told what is wrong in the
// client's terms: no Go type or package (the 400 for a JSON body that is
// not an object used to say "expected server.rawRequest").
func TestRequestErrorsNameNoGoIdentifiers(t *testing.T) {
	h := httptest.NewServer(httpTransportHandler(t))
	t.Cleanup(h.Close)
	post := func(body string) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, h.URL, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	get := func(rawQuery string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, h.URL+"?"+rawQuery, nil)
		return r
	}
	tests := []struct {
		name    string
		req     *http.Request
		wantMsg string
	}{
		{"body is an array", post(`[1, 2]`), `must be a JSON object with a query string: {"query": "{ __typename }"}, but it is a JSON array`},
		{"body is a string", post(`"{ __typename }"`), "but it is a JSON string"},
		{"body is a number", post(`42`), "but it is a JSON number"},
		{"body is a boolean", post(`true`), "but it is a JSON bool"},
		{"body is null", post(`null`), `the request has no "query"`},
		{"body is not JSON", post(`{"query": }`), "but it is not valid JSON (at byte 11)"},
		{"body ends early", post(`{"query": "{ __typename }"`), "but it ends too early"},
		{"body has more after it", post(`{"query": "{ __typename }"} {}`), "data after its JSON object"},
		{"empty body", post(`  `), "the request body is empty: the request body must be a JSON object"},
		{"query is a number", post(`{"query": 42}`), `"query" must be a string`},
		{"query is an object", post(`{"query": {"a": 1}}`), `"query" must be a string`},
		{"no query", post(`{"variables": {}}`), `the request has no "query"`},
		{"operationName is an object", post(`{"query": "{ __typename }", "operationName": {}}`), `"operationName" must be a string`},
		{"variables is an array", post(`{"query": "{ __typename }", "variables": [1]}`), `"variables" must be a JSON object`},
		{"variables is a string", post(`{"query": "{ __typename }", "variables": "{}"}`), `"variables" must be a JSON object`},
		{"extensions is a number", post(`{"query": "{ __typename }", "extensions": 3}`), `"extensions" must be a JSON object`},
		{"GET variables is an array", get("query=%7B__typename%7D&variables=%5B1%5D"), "variables must be a JSON object, but it is a JSON array"},
		{"GET variables is not JSON", get("query=%7B__typename%7D&variables=%7B"), "variables must be a JSON object, but it ends too early"},
		{"GET extensions is a number", get("query=%7B__typename%7D&extensions=5"), "extensions must be a JSON object, but it is a JSON number"},
		{"GET with a bad escape", get("query=%zz"), "the URL's query string is not well-formed"},
		{"GET without a query", get("operationName=x"), "no query"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := http.DefaultClient.Do(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body struct {
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusBadRequest || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != eventgraph.CodeBadUserInput {
				t.Fatalf("status %d, errors %+v; want 400 and one BAD_USER_INPUT", res.StatusCode, body.Errors)
			}
			msg := body.Errors[0].Message
			if !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("message %q does not say %q", msg, tc.wantMsg)
			}
			if m := goIdentifier.FindString(msg); m != "" {
				t.Errorf("message %q names Go (%q)", msg, m)
			}
		})
	}
}

// httpTransportHandler serves the transport alone; every request it lets
// through gets an empty response, which these tests never reach.
func httpTransportHandler(t *testing.T) http.Handler {
	t.Helper()
	tr := httpTransport{maxBody: 1 << 10}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.Do(w, r, refusingExecutor{t})
	})
}

// refusingExecutor fails the test if a request reaches GraphQL.
type refusingExecutor struct{ t *testing.T }

func (e refusingExecutor) CreateOperationContext(context.Context, *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	e.t.Errorf("the request reached the executor")
	return nil, gqlerror.List{{Message: "unreachable"}}
}

func (e refusingExecutor) DispatchOperation(context.Context, *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	panic("unreachable")
}

func (e refusingExecutor) DispatchError(context.Context, gqlerror.List) *graphql.Response {
	return &graphql.Response{Errors: gqlerror.List{{Message: "unreachable"}}}
}
