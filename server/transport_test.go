package server

import (
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
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
