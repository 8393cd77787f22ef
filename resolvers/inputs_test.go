package resolvers_test

import (
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/store"
)

// End-to-end tests of the input bounds (eventgraph.Limits): a value beyond
// its bound is BAD_USER_INPUT naming where it is and the bound, before the
// store runs, and nothing is written; a long search text is cut, not
// refused, and the response says so.

// refused checks that r is a refusal of every bound listed in want (input
// path -> part of the message) and nothing else.
func refused(t *testing.T, r apitest.Response, want map[string]string) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("HTTP %d", r.Status)
	}
	if len(r.Errors) != len(want) {
		t.Fatalf("%d errors, want %d: %+v", len(r.Errors), len(want), r.Errors)
	}
	for _, e := range r.Errors {
		path, _ := e.Extensions["path"].(string)
		part, ok := want[path]
		if !ok {
			t.Errorf("unexpected error at %q: %s", path, e.Message)
			continue
		}
		if e.Code() != eventgraph.CodeBadUserInput || !strings.Contains(e.Message, part) || !strings.HasPrefix(e.Message, path+": ") {
			t.Errorf("%s: %s %q, want BAD_USER_INPUT saying %q", path, e.Code(), e.Message, part)
		}
	}
}

func TestIndexedStringsBeyondTheirBounds(t *testing.T) {
	srv := apitest.Start(t)
	big := strings.Repeat("x", 9000) // over Neo4j's index key limit of about 8 KB
	r := srv.Mutate(t, `mutation($in: IngestInput!) { ingest(input: $in) { created } }`, map[string]any{"in": map[string]any{
		"actors": []any{
			map[string]any{"id": "t-lim-actor", "name": big, "kind": "PERSON"},
			map[string]any{"id": "t-lim-coded", "name": "Coded", "kind": "GROUP", "codes": []any{"OK", big}},
		},
		"events": []any{map[string]any{"id": "t-lim-event", "title": "Limits", "kind": "CONSULT",
			"externalIds": []any{map[string]any{"system": "GDELT", "id": big}}}},
		"topics": []any{map[string]any{"id": "t-lim-topic", "name": "a topic within bounds"}},
	}})
	refused(t, r, map[string]string{
		"input.actors[0].name":              "9000 characters, more than the name limit of 500 characters",
		"input.actors[1].codes[1]":          "9000 characters, more than the code limit of 100 characters",
		"input.events[0].externalIds[0].id": "9000 characters, more than the code limit",
	})
	for _, e := range r.Errors {
		if fmt.Sprint(e.Path) != "[ingest]" {
			t.Errorf("%s: path %v, want the field at fault, [ingest]", e.Message[:40], e.Path)
		}
	}
	// Nothing of the batch was written, not even its good items.
	var out struct{ Nodes []*struct{ ID string } }
	srv.MustQuery(t, `{ nodes(ids: ["t-lim-actor", "t-lim-coded", "t-lim-event", "t-lim-topic"]) { id } }`, nil, &out)
	for _, n := range out.Nodes {
		if n != nil {
			t.Errorf("%s was written", n.ID)
		}
	}
	// A single upsert says the same, at input.
	r = srv.Mutate(t, `mutation($s: String!) { upsertTopic(input: {id: "t-lim-single", name: $s}) { status } }`, map[string]any{"s": big})
	refused(t, r, map[string]string{"input.name": "more than the name limit"})
}

func TestNumbersListsAndCursorsBeyondTheirBounds(t *testing.T) {
	srv := apitest.Start(t)
	cursor := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	ids := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%q", fmt.Sprint("t-id-", i))
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	tests := []struct {
		name, query string
		want        map[string]string
	}{
		{"first on a root list", `{ events(first: 101) { totalCount } }`,
			map[string]string{"first": "101, more than the page size limit of 100 items"}},
		{"first below the root", `{ event(id: "istanbul-talks-2025-05-16") { participants(first: 500) { totalCount } } }`,
			map[string]string{"first": "500, more than the page size limit"}},
		{"first on search", `{ search(query: "talks", first: 1000) { score } }`,
			map[string]string{"first": "1000, more than the page size limit"}},
		{"depth", `{ neighborhood(id: "russia", depth: 4) { truncated } }`,
			map[string]string{"depth": "4, more than the neighbourhood depth limit of 3 levels"}},
		{"limit", `{ neighborhood(id: "russia", limit: 501) { truncated } }`,
			map[string]string{"limit": "501, more than the neighbourhood size limit of 500 nodes"}},
		{"maxDepth", `{ path(fromId: "russia", toId: "ukraine", maxDepth: 9) { truncated } }`,
			map[string]string{"maxDepth": "9, more than the path length limit of 8 levels"}},
		{"ids in a filter", `{ actors(where: {ids: ` + ids(201) + `}) { totalCount } }`,
			map[string]string{"where.ids": "201 items, more than the list limit of 200 items"}},
		{"nodes(ids)", `{ nodes(ids: ` + ids(101) + `) { id } }`,
			map[string]string{"ids": "101 items, more than the page size limit of 100 items"}},
		{"an id", fmt.Sprintf(`{ actor(id: %q) { id } }`, strings.Repeat("r", eventgraph.LimitID.Max+1)),
			map[string]string{"id": fmt.Sprintf("%d characters, more than the id limit of %s", eventgraph.LimitID.Max+1, eventgraph.LimitID)}},
		{"a cursor whose offset overflows", fmt.Sprintf(`{ events(after: %q) { totalCount } }`, cursor("o:99999999999999999999")),
			map[string]string{"after": "cursor offset limit of 100000 items"}},
		{"a cursor beyond the offset bound", fmt.Sprintf(`{ events(after: %q) { totalCount } }`, store.EncodeCursor(eventgraph.LimitCursorOffset.Max)),
			map[string]string{"after": "cursor offset limit"}},
		{"a cursor below the root", fmt.Sprintf(`{ event(id: "istanbul-talks-2025-05-16") { participants(after: %q) { totalCount } } }`, cursor("o:9223372036854775807")),
			map[string]string{"after": "cursor offset limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refused(t, srv.Query(t, tt.query, nil), tt.want)
		})
	}
}

// articleWords is the seed article's text from its first paragraph of
// prose on, cut to n words.
func articleWords(t *testing.T, n int) string {
	t.Helper()
	b, err := os.ReadFile("../seed/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	text = text[strings.Index(text, "On 16 May 2025"):]
	words := strings.Fields(text)
	if len(words) < n {
		t.Fatalf("the article has %d words", len(words))
	}
	return strings.Join(words[:n], " ")
}

func TestLongSearchTexts(t *testing.T) {
	srv := apitest.Start(t)
	paragraph := articleWords(t, 300)
	word := strings.Repeat("Zelenskyy", 223)[:2000]
	tests := []struct {
		name, query string
		vars        map[string]any
		// note is the extensions.searchText item expected, "" for none.
		note string
		hits bool
	}{
		{name: "a pasted paragraph", query: `query($q: String!) { search(query: $q) { node { id } } }`, vars: map[string]any{"q": paragraph},
			note: `path=search argument=query used=32`, hits: true},
		// Cut to its first 64 characters, a word this long matches nothing;
		// the search answers all the same.
		{name: "a 2,000-character word", query: `query($q: String!) { search(query: $q) { node { id } } }`, vars: map[string]any{"q": word},
			note: `path=search argument=query words=1 used=1 cut=1`},
		{name: "a 2,000-character word beside a real one", query: `query($q: String!) { search(query: $q) { node { id } } }`,
			vars: map[string]any{"q": "Medinsky " + word}, note: `path=search argument=query words=2 used=2 cut=1`, hits: true},
		{name: "a paragraph as a text filter", query: `query($q: String!) { events(where: {text: $q}) { edges { node { id } } } }`, vars: map[string]any{"q": paragraph},
			note: `path=events argument=where.text used=32`, hits: true},
		{name: "a paragraph as a filter below the root", query: `query($q: String!) { actor(id: "russia") { positions(where: {text: $q}) { totalCount } } }`,
			vars: map[string]any{"q": paragraph}, note: `path=actor.positions argument=where.text used=32`},
		{name: "a short text is not noted", query: `{ search(query: "Istanbul talks") { node { id } } }`, hits: true},
		{name: "a pasted paragraph beside introspection", query: `query($q: String!) { __type(name: "Actor") { name } search(query: $q) { node { id } } }`,
			vars: map[string]any{"q": paragraph}, note: `path=search argument=query used=32`, hits: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := srv.Query(t, tt.query, tt.vars)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			if tt.hits && !strings.Contains(string(r.Data), `"id"`) {
				t.Errorf("no hits: %s", r.Data)
			}
			notes, _ := r.Extensions["searchText"].([]any)
			if tt.note == "" {
				if notes != nil {
					t.Errorf("noted %v", notes)
				}
				return
			}
			if len(notes) != 1 {
				t.Fatalf("extensions %v, want one searchText note", r.Extensions)
			}
			note := notes[0].(map[string]any)
			for _, kv := range strings.Fields(tt.note) {
				k, v, _ := strings.Cut(kv, "=")
				if fmt.Sprint(note[k]) != v {
					t.Errorf("searchText.%s = %v, want %s (%v)", k, note[k], v, note)
				}
			}
		})
	}
}

// A megabyte of short words, the text that used to exhaust Neo4j's heap, is
// refused before the store runs, and the database answers afterwards.
func TestAMegabyteSearchIsRefused(t *testing.T) {
	srv := apitest.Start(t)
	text := strings.Repeat("ab cd ef ", 1<<20/9)
	start := time.Now()
	r := srv.Query(t, `query($q: String!) { search(query: $q) { score } actors(where: {text: $q}) { totalCount } }`, map[string]any{"q": text})
	t.Logf("refused in %v", time.Since(start))
	refused(t, r, map[string]string{
		"search.query":      fmt.Sprintf("%d characters, more than the search text limit of 10000 characters", len(text)),
		"actors.where.text": "more than the search text limit",
	})
	var out struct {
		Search []struct{ Node struct{ ID string } }
	}
	srv.MustQuery(t, `{ search(query: "Medinsky", kinds: [ACTOR]) { node { id } } }`, nil, &out)
	if len(out.Search) == 0 || out.Search[0].Node.ID != "vladimir-medinsky" {
		t.Fatalf("after the refusal: %+v", out.Search)
	}
}
