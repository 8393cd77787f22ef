package importer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/graph/model"
)

// TestRetries checks which failures the client retries. The service cannot be
// made to fail on demand, so an HTTP server plays the failing service here;
// everything about real ingestion is tested against the real service in
// cmd/kg.
func TestRetries(t *testing.T) {
	ok := `{"data":{"ingest":{"validateOnly":false,"created":1,"updated":0,"unchanged":0,"relationshipsCreated":0,"counts":[]}}}`
	tests := []struct {
		name      string
		responses []func(w http.ResponseWriter)
		wantCalls int
		wantErr   string
	}{
		{"503 then success", []func(http.ResponseWriter){status(503, "busy"), status(502, "bad gateway"), body(ok)}, 3, ""},
		{"database unavailable is retried", []func(http.ResponseWriter){body(gqlErr("DATABASE_UNAVAILABLE", "the database is unavailable")), body(ok)}, 2, ""},
		{"a commit of unknown outcome is replayed", []func(http.ResponseWriter){body(commitUnknown), body(commitUnknown), body(ok)}, 3, ""},
		{"bad input is not retried", []func(http.ResponseWriter){body(gqlErr("BAD_USER_INPUT", "input.events[0].id: bad"))}, 1, "BAD_USER_INPUT"},
		{"unauthenticated is not retried", []func(http.ResponseWriter){status401}, 1, "UNAUTHENTICATED"},
		{"400 is not retried", []func(http.ResponseWriter){status(400, "no")}, 1, "HTTP 400"},
		{"gives up after its attempts", []func(http.ResponseWriter){status(500, "a"), status(500, "b"), status(500, "c"), status(500, "d")}, 3, "HTTP 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1)) - 1
				if got := r.Header.Get("Authorization"); got != "Bearer k" {
					t.Errorf("Authorization = %q", got)
				}
				tt.responses[min(n, len(tt.responses)-1)](w)
			}))
			defer srv.Close()
			c := &Client{URL: srv.URL, Key: "k", Attempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
			res, err := c.Ingest(context.Background(), model.IngestInput{}, false)
			if int(calls.Load()) != tt.wantCalls {
				t.Errorf("%d calls, want %d", calls.Load(), tt.wantCalls)
			}
			if tt.wantErr == "" {
				if err != nil || res.Created != 1 {
					t.Errorf("got %+v, %v", res, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
	// a server that is not there at all is a network error, retried
	c := &Client{URL: "http://127.0.0.1:1/graphql", Attempts: 2, BaseDelay: time.Millisecond}
	if _, err := c.Ingest(context.Background(), model.IngestInput{}, false); err == nil || !transient(err) {
		t.Errorf("connection refused: %v (transient %v)", err, transient(err))
	}
}

// commitUnknown is what the service answers when the connection to Neo4j
// dropped during the commit.
const commitUnknown = `{"errors":[{"message":"the connection to the database dropped while the write was being committed, so it may or may not have been written; sending it again is safe","path":["ingest"],"extensions":{"code":"DATABASE_UNAVAILABLE","committed":"unknown"}}],"data":null}`

// TestCommitUnknownIsSaidAndReplayed: the retry of a commit of unknown
// outcome says why it is safe, and the error is told from a plain outage.
func TestCommitUnknownIsSaidAndReplayed(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			body(commitUnknown)(w)
			return
		}
		body(gqlErr("DATABASE_UNAVAILABLE", "the database is unavailable"))(w)
	}))
	defer srv.Close()
	var logs []string
	c := &Client{URL: srv.URL, Attempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond,
		Logf: func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) }}
	_, err := c.Ingest(context.Background(), model.IngestInput{}, false)
	var ge *ErrorsResponse
	if !errors.As(err, &ge) || ge.CommitUnknown() || !ge.HasCode("DATABASE_UNAVAILABLE") {
		t.Fatalf("last error %v: want the plain outage of the second attempt", err)
	}
	if len(logs) != 1 || !strings.Contains(logs[0], "could not tell whether it was written") || !strings.Contains(logs[0], "safe") {
		t.Errorf("retry log %q", logs)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls, want 2", calls.Load())
	}
}

func status(code int, msg string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { http.Error(w, msg, code) }
}

func status401(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(401)
	w.Write([]byte(gqlErr("UNAUTHENTICATED", "a writer key is required")))
}

func body(s string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(s))
	}
}

func gqlErr(code, msg string) string {
	return `{"errors":[{"message":"` + msg + `","extensions":{"code":"` + code + `"}}],"data":null}`
}

func TestOffendingItems(t *testing.T) {
	errs := []GQLError{
		{Message: "input.events[2].id: not a valid id", Extensions: map[string]any{"code": "BAD_USER_INPUT", "path": "input.events[2].id"}},
		{Message: "MEETING is not a valid EventKind", Path: []any{"variable", "input", "events", float64(7), "kind"}},
		{Message: "input.actors[3].name: empty", Extensions: map[string]any{"code": "BAD_USER_INPUT"}},
		{Message: "the database is on fire"},
	}
	items, unplaced := offendingItems(errs)
	if !slices.Equal(items, []string{"events[2]", "events[7]", "actors[3]"}) || len(unplaced) != 1 {
		t.Errorf("items %v, unplaced %v", items, unplaced)
	}
}

func TestBuildMergesAndMapsRecords(t *testing.T) {
	id := func(s string) *string { return &s }
	recs := []*Record{
		{Line: 3, CreateOnly: true, Input: model.IngestInput{
			Actors: []*model.ActorInput{{ID: id("russia"), Name: "Russia", Kind: model.ActorKindState, Codes: []string{"RUS"}}},
			Events: []*model.EventInput{{ID: id("gdelt-1"), Title: "a", Kind: model.EventKindConsult}},
		}},
		{Line: 4, CreateOnly: true, Input: model.IngestInput{
			Actors:    []*model.ActorInput{{ID: id("russia"), Name: "Russia", Kind: model.ActorKindOrganization, Codes: []string{"RUSMIL"}}, {ID: id("ukraine"), Name: "Ukraine", Kind: model.ActorKindState}},
			Locations: []*model.LocationInput{{ID: id("turkiye"), Name: "Türkiye", Kind: model.LocationKindCountry}},
			Events:    []*model.EventInput{{ID: id("gdelt-2"), Title: "b", Kind: model.EventKindAssault}},
		}},
	}
	b := build(recs, true)
	if len(b.input.Actors) != 2 || !slices.Equal(b.input.Actors[0].Codes, []string{"RUS", "RUSMIL"}) || b.input.Actors[0].Kind != model.ActorKindState {
		t.Errorf("actors = %+v", b.input.Actors)
	}
	if !slices.Equal(b.origin["actors[0]"], []int{0, 1}) || !slices.Equal(b.origin["events[1]"], []int{1}) || !slices.Equal(b.origin["locations[0]"], []int{1}) {
		t.Errorf("origins = %v", b.origin)
	}
	if !slices.Equal(recs[0].Input.Actors[0].Codes, []string{"RUS"}) {
		t.Error("build changed a record")
	}

	// What the graph holds is the service's to find (IfExists): kg sends
	// every entity and asks it to keep existing ones, adding codes with
	// --add-codes (store: TestIngestIfExists).
	if b.input.IfExists == nil || *b.input.IfExists != model.IfExistsAddCodes {
		t.Errorf("ifExists %v", b.input.IfExists)
	}
	if b = build(recs, false); b.input.IfExists == nil || *b.input.IfExists != model.IfExistsKeep || len(b.input.Actors) != 2 || len(b.input.Locations) != 1 {
		t.Errorf("without addCodes: ifExists %v, actors %+v, locations %+v", b.input.IfExists, b.input.Actors, b.input.Locations)
	}
}

func TestEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:18080":         "http://127.0.0.1:18080/graphql",
		"http://127.0.0.1:18080/":        "http://127.0.0.1:18080/graphql",
		"http://127.0.0.1:8080/graphql":  "http://127.0.0.1:8080/graphql",
		"https://kg.example.org/api/gql": "https://kg.example.org/api/gql",
	} {
		if got := Endpoint(in); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", in, got, want)
		}
	}
}
