package apitest_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
)

// aliased writes n fields "prefix<i>: field".
func aliased(prefix, field string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%d: %s\n", prefix, i, field)
	}
	return b.String()
}

// The hostile documents of issue 9 against the whole service over the real
// database: refused before any work with QUERY_TOO_COMPLEX (never a
// database error), and the database answers afterwards.
func TestHostileDocumentsAreRefusedBeforeWork(t *testing.T) {
	srv := apitest.Start(t)
	bomb := func(n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "{ ...F%d }\nfragment F0 on Query { actor(id: \"russia\") { name } }\n", n)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
		}
		return b.String()
	}
	tests := []struct {
		name      string
		query     string
		vars      map[string]any
		wantCode  string // "" for an answer without errors
		wantInMsg []string
		wantPath  string
	}{
		{name: "450 aliased neighbourhoods of depth 3", query: "{ " + aliased("n", `neighborhood(id: "russia", depth: 3) { truncated }`, 450) + " }",
			wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"450 root fields", "database fields limit of 20"}},
		{name: "fragment bomb of 30 fragments", query: bomb(30),
			wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"more than 2147483646 fields", "expanded document limit of 10000"}},
		{name: "20 aliased neighbourhoods of depth 3 within the cost", query: "{ " + aliased("n", `neighborhood(id: "russia", depth: 3) { truncated nodes { id } }`, 20) + " }"},
		{name: "21 aliased lookups", query: "{ " + aliased("a", `actor(id: "russia") { name }`, 21) + " }",
			wantCode: "QUERY_TOO_COMPLEX", wantInMsg: []string{"21 root fields"}},
		{name: "a depth beyond 32 bits", query: `query($d: Int) { neighborhood(id: "russia", depth: $d) { truncated } }`, vars: map[string]any{"d": int64(1)<<32 + 1},
			wantCode: "BAD_USER_INPUT", wantInMsg: []string{"depth: 4294967297 is outside GraphQL's Int"}, wantPath: "depth"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := srv.Query(t, tc.query, tc.vars)
			if tc.wantCode == "" {
				if len(r.Errors) > 0 || r.Status != 200 {
					t.Fatalf("status %d, errors %+v", r.Status, r.Errors)
				}
				return
			}
			if len(r.Errors) != 1 || r.Errors[0].Code() != tc.wantCode {
				t.Fatalf("status %d, errors %+v; want one %s", r.Status, r.Errors, tc.wantCode)
			}
			for _, want := range tc.wantInMsg {
				if !strings.Contains(r.Errors[0].Message, want) {
					t.Errorf("message %q does not say %q", r.Errors[0].Message, want)
				}
			}
			if tc.wantPath != "" && r.Errors[0].Extensions["path"] != tc.wantPath {
				t.Errorf("extensions.path %v, want %s", r.Errors[0].Extensions["path"], tc.wantPath)
			}
			if up := srv.Query(t, `{ actor(id: "russia") { name } }`, nil); len(up.Errors) > 0 {
				t.Errorf("the database does not answer afterwards: %+v", up.Errors)
			}
		})
	}
}

// freshConnections is an operation Neo4j has never planned: 40 connections
// keyed by aliases no one used before (the store writes them into the
// Cypher), which takes the database seconds to plan, within the cost limit.
func freshConnections(t *testing.T) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return `{ actor(id: "russia") { ` + aliased("c"+hex.EncodeToString(b[:]), "events(first: 1) { totalCount edges { node { title } } }", 40) + " } }"
}

// A request that runs out of time while the database is alive asked for
// too much: QUERY_TOO_COMPLEX saying so, never DATABASE_UNAVAILABLE —
// whether the service's request timeout or the database's transaction
// timeout stopped it.
func TestTimeoutsAreNotTheDatabase(t *testing.T) {
	srv := apitest.Start(t)
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	cfg.QueryTimeout = 100 * time.Millisecond
	quick, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { quick.Close(context.Background()) })
	dbTimeout := httptest.NewServer(apitest.Handler(server.DefaultConfig(), quick))
	t.Cleanup(dbTimeout.Close)

	short := srv.Variant(t, func(c *server.Config) { c.RequestTimeout = 100 * time.Millisecond })
	tests := []struct {
		name    string
		srv     *apitest.Server
		wantMsg string
		// besides is a root field gqlgen's executor answers beside the
		// reads (package respond delegates it), or "".
		besides string
	}{
		{"the request timeout", short, "the request took longer than the limit of 100ms", ""},
		{"the request timeout, beside introspection", short, "the request took longer than the limit of 100ms", "__schema { queryType { name } }"},
		{"the database's transaction timeout", &apitest.Server{URL: dbTimeout.URL, Store: quick},
			"the query took longer than the database allows", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.srv.Query(t, strings.Replace(freshConnections(t), "{", "{ "+tc.besides, 1), nil)
			if len(r.Errors) == 0 {
				t.Fatalf("the operation finished in time; it cannot show the timeout")
			}
			for _, e := range r.Errors {
				if e.Code() != "QUERY_TOO_COMPLEX" || !strings.Contains(e.Message, tc.wantMsg) {
					t.Errorf("error %s %q, want QUERY_TOO_COMPLEX saying %q", e.Code(), e.Message, tc.wantMsg)
				}
			}
			if up := srv.Query(t, `{ actor(id: "russia") { name } }`, nil); len(up.Errors) > 0 {
				t.Errorf("the database does not answer afterwards: %+v", up.Errors)
			}
		})
	}
}
