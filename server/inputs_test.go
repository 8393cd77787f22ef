package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/validator"
)

// These tests walk real documents, parsed and validated against the real
// schema, with no server and no database.

var testSchema = graph.NewExecutableSchema(graph.Config{}).Schema()

// walk parses and validates query, coerces vars as the executor does, and
// walks the operation.
func walk(t *testing.T, query string, vars map[string]any) *inputWalker {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(testSchema, query)
	if errs != nil {
		t.Fatalf("invalid test document: %v", errs)
	}
	op := doc.Operations[0]
	coerced, err := validator.VariableValues(testSchema, op, vars)
	if err != nil {
		t.Fatalf("variables: %v", err)
	}
	w := &inputWalker{schema: testSchema, vars: coerced}
	w.selections(op.SelectionSet)
	return w
}

func TestInputWalker(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	list := func(n int, item string) string {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf("%q", item+fmt.Sprint(i))
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	actors := func(n int, name string) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{"name": name, "kind": "PERSON"}
		}
		return out
	}
	const ingest = `mutation($in: IngestInput!) { ingest(input: $in) { created } }`
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		// want maps each problem's input path to a part of its message.
		want map[string]string
	}{
		{name: "within every bound", query: `{ actors(first: 100, where: {text: "zelensky talks"}) { totalCount }
			neighborhood(id: "russia", depth: 3, limit: 500) { truncated } path(fromId: "a", toId: "b", maxDepth: 8) { truncated } }`},
		{name: "no arguments", query: `{ likelihoodScale { term } }`},
		{name: "first", query: `{ actors(first: 101) { totalCount } }`,
			want: map[string]string{"first": "101, more than the page size limit of 100 items"}},
		{name: "first as a variable", query: `query($n: Int) { events(first: $n) { totalCount } }`, vars: map[string]any{"n": json.Number("1000")},
			want: map[string]string{"first": "1000, more than the page size limit"}},
		// Not a GraphQL Int: left to the Int scalar, which names it as such
		// when the executor decodes the argument (TestGuards).
		{name: "first beyond 32 bits", query: `{ events(first: 99999999999) { totalCount } }`,
			want: map[string]string{}},
		{name: "nested first, in a fragment spread twice, is one problem",
			query: `{ a: event(id: "e") { ...P } b: event(id: "f") { ...P } } fragment P on Event { participants(first: 500) { totalCount } }`,
			want:  map[string]string{"first": "500, more than the page size limit"}},
		{name: "buckets within their bound", query: `{ eventCounts(by: [KIND], first: 1000) { bucketCount } coParticipation(first: 1000) { pairCount } }`},
		{name: "buckets", query: `{ forecastCounts(by: [STATUS], first: 1001) { bucketCount } }`,
			want: map[string]string{"first": "1001, more than the buckets limit of 1000 buckets"}},
		{name: "a page below buckets keeps the page size",
			query: `{ eventCounts(by: [ACTOR], first: 10) { buckets { actor { events(first: 101) { totalCount } } } } }`,
			want:  map[string]string{"first": "101, more than the page size limit"}},
		{name: "depth", query: `{ neighborhood(id: "russia", depth: 4) { truncated } }`,
			want: map[string]string{"depth": "4, more than the neighbourhood depth limit of 3 levels"}},
		{name: "neighbourhood limit", query: `{ neighborhood(id: "russia", limit: 501) { truncated } }`,
			want: map[string]string{"limit": "501, more than the neighbourhood size limit of 500 nodes"}},
		{name: "path length", query: `{ path(fromId: "a", toId: "b", maxDepth: 9) { truncated } }`,
			want: map[string]string{"maxDepth": "9, more than the path length limit of 8 levels"}},
		{name: "an id", query: fmt.Sprintf(`{ actor(id: %q) { id } }`, long(129)),
			want: map[string]string{"id": "129 characters, more than the id limit of 128 characters"}},
		{name: "a cursor", query: fmt.Sprintf(`{ actors(after: %q) { totalCount } }`, long(201)),
			want: map[string]string{"after": "201 characters, more than the id limit"}},
		{name: "a name in a batch", query: ingest, vars: map[string]any{"in": map[string]any{"actors": actors(1, long(9000))}},
			want: map[string]string{"input.actors[0].name": "9000 characters, more than the name limit of 500 characters"}},
		{name: "characters, not bytes", query: ingest, vars: map[string]any{"in": map[string]any{"actors": actors(1, strings.Repeat("ü", 500))}}},
		{name: "a code, an external id, its system, a url, a quote", query: ingest, vars: map[string]any{"in": map[string]any{
			"actors": []any{map[string]any{"name": "A", "kind": "PERSON", "codes": []any{"RUS", long(101)}, "wikidataId": long(101)}},
			"events": []any{map[string]any{"title": "T", "kind": "CONSULT",
				"externalIds":  []any{map[string]any{"system": long(101), "id": long(9000)}},
				"participants": []any{map[string]any{"actorId": "a", "quote": long(5001)}}}},
			"sources": []any{map[string]any{"title": "S", "kind": "ARTICLE", "url": long(2001)}}}},
			want: map[string]string{
				"input.actors[0].codes[1]":              "101 characters, more than the code limit of 100",
				"input.actors[0].wikidataId":            "more than the code limit",
				"input.events[0].externalIds[0].system": "more than the code limit",
				"input.events[0].externalIds[0].id":     "9000 characters, more than the code limit",
				"input.events[0].participants[0].quote": "5001 characters, more than the quote limit of 5000",
				"input.sources[0].url":                  "2001 characters, more than the URL limit of 2000",
			}},
		{name: "a statement", query: ingest, vars: map[string]any{"in": map[string]any{"topics": []any{
			map[string]any{"name": "T", "description": long(20001)}}}},
			want: map[string]string{"input.topics[0].description": "20001 characters, more than the text limit of 20000"}},
		{name: "a list inside a batch item", query: ingest, vars: map[string]any{"in": map[string]any{"actors": []any{
			map[string]any{"name": "A", "kind": "PERSON", "aliases": anyList(201, "alias")}}}},
			want: map[string]string{"input.actors[0].aliases": "201 items, more than the list limit of 200 items"}},
		{name: "a batch's own lists are the store's to bound", query: ingest, vars: map[string]any{"in": map[string]any{"actors": actors(300, "A")}}},
		{name: "a batch the store refuses whole is not walked", query: ingest, vars: map[string]any{"in": map[string]any{
			"actors": actors(eventgraph.LimitBatchItems.Max, long(501)), "topics": []any{map[string]any{"name": "T"}}}}},
		{name: "a single upsert", query: `mutation($a: ActorInput!) { upsertActor(input: $a) { status } }`,
			vars: map[string]any{"a": map[string]any{"name": long(501), "kind": "PERSON"}},
			want: map[string]string{"input.name": "501 characters"}},
		{name: "a literal input object", query: fmt.Sprintf(`mutation { upsertTopic(input: {name: %q}) { status } }`, long(600)),
			want: map[string]string{"input.name": "600 characters"}},
		{name: "ids in a filter", query: `{ actors(where: {ids: ` + list(201, "a") + `}) { totalCount } }`,
			want: map[string]string{"where.ids": "201 items, more than the list limit"}},
		{name: "nodes(ids) is a page", query: `{ nodes(ids: ` + list(101, "a") + `) { id } }`,
			want: map[string]string{"ids": "101 items, more than the page size limit of 100 items"}},
		{name: "a search text", query: fmt.Sprintf(`{ search(query: %q) { score } }`, long(10001)),
			want: map[string]string{"query": "10001 characters, more than the search text limit of 10000 characters"}},
		{name: "a text filter", query: `query($t: String) { positions(where: {text: $t}) { totalCount } }`, vars: map[string]any{"t": long(10001)},
			want: map[string]string{"where.text": "10001 characters, more than the search text limit"}},
		{name: "a filter at the depth bound", query: `{ events(where: ` + nestedNot(eventgraph.LimitFilterDepth.Max) + `) { totalCount } }`},
		{name: "a filter one level too deep", query: `{ events(where: ` + nestedNot(eventgraph.LimitFilterDepth.Max+1) + `) { totalCount } }`,
			want: map[string]string{"where" + strings.Repeat(".NOT", eventgraph.LimitFilterDepth.Max): "nested 9 levels deep, more than the filter depth limit of 8 levels"}},
		{name: "relationship filters are levels too", query: `{ actors(where: {events: {some: {event: {participants: {none: {actor: {affiliations: {all: {actor: {members: {single: {actor: {kinds: [STATE]}}}}}}}}}}}}}) { totalCount } }`,
			want: map[string]string{"where.events.some.event.participants.none.actor.affiliations.all.actor.members.single.actor": "nested 9 levels deep"}},
		{name: "a nested connection's where is bounded by itself", query: `{ event(id: "e") { participants(where: {actor: {NOT: {NOT: {NOT: {NOT: {NOT: {NOT: {NOT: {kinds: [STATE]}}}}}}}}}) { totalCount } } }`,
			want: map[string]string{"where.actor.NOT.NOT.NOT.NOT.NOT.NOT.NOT": "nested 9 levels deep"}},
		{name: "a filter at the size bound", query: `{ events(where: {OR: ` + filters(eventgraph.LimitFilterSize.Max/2) + `}) { totalCount } }`},
		{name: "a filter over the size bound", query: `{ events(where: {OR: ` + filters(eventgraph.LimitFilterSize.Max/2+1) + `}) { totalCount } }`,
			want: map[string]string{"where.OR[31].kinds": "more than 64 fields and filters, the filter size limit of 64 fields"}},
		{name: "problems in several fields say which field",
			query: fmt.Sprintf(`{ a: actor(id: %q) { id } b: actor(id: %q) { id events(first: 200) { totalCount } } }`, long(300), long(300)),
			want:  map[string]string{"a.id": "300 characters", "b.id": "300 characters", "b.events.first": "200, more than"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := walk(t, tt.query, tt.vars)
			got := map[string]string{}
			if len(w.problems) > 0 {
				// The paths as the client sees them (err prefixes several fields').
				for _, p := range w.err().Err.(eventgraph.InputErrors) {
					got[p.Path] = p.Message
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %q", got, tt.want)
			}
			for path, part := range tt.want {
				if !strings.Contains(got[path], part) {
					t.Errorf("%s: %q, want it to say %q (problems %q)", path, got[path], part, got)
				}
			}
			for _, p := range w.problems {
				if p.Code != eventgraph.CodeBadUserInput {
					t.Errorf("%s: code %s", p.Path, p.Code)
				}
			}
		})
	}
}

// nestedNot is an EventWhere of levels where inputs, each the NOT of the next.
func nestedNot(levels int) string {
	return strings.Repeat("{NOT: ", levels-1) + "{kinds: [CONSULT]}" + strings.Repeat("}", levels-1)
}

// filters is a list of n filters of one field each (each counts two
// towards the size bound: itself in the OR and its field).
func filters(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = "{kinds: [CONSULT]}"
	}
	return "[" + strings.Join(items, ", ") + "]"
}

func anyList(n int, prefix string) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprint(prefix, i)
	}
	return out
}

// The GraphQL error locates the one field at fault by its response path.
func TestInputErrorPath(t *testing.T) {
	w := walk(t, `{ event(id: "e") { p: participants(first: 500) { totalCount } } }`, nil)
	e := w.err()
	if got := e.Path.String(); got != "event.p" {
		t.Errorf("path %q, want event.p", got)
	}
	if e.Extensions["code"] != eventgraph.CodeBadUserInput {
		t.Errorf("code %v", e.Extensions["code"])
	}
	w = walk(t, fmt.Sprintf(`{ a: actor(id: %q) { id } b: actor(id: "ok") { events(first: 101) { totalCount } } }`, strings.Repeat("x", 201)), nil)
	if e := w.err(); e.Path != nil {
		t.Errorf("problems in two fields have path %v, want none", e.Path)
	}
}

func TestInputProblemsAreBounded(t *testing.T) {
	items := make([]any, 150)
	for i := range items {
		items[i] = map[string]any{"name": strings.Repeat("n", 501), "kind": "PERSON"}
	}
	w := walk(t, `mutation($in: IngestInput!) { ingest(input: $in) { created } }`, map[string]any{"in": map[string]any{"actors": items}})
	listed := w.err().Err.(eventgraph.InputErrors)
	if len(listed) != maxProblems+1 {
		t.Fatalf("%d problems listed, want %d and a last one saying there are more", len(listed), maxProblems+1)
	}
	if last := listed[maxProblems]; !strings.Contains(last.Message, "only the first 100 are listed") {
		t.Errorf("last: %q", last.Message)
	}
	if listed[99].Path != "input.actors[99].name" {
		t.Errorf("100th problem at %q", listed[99].Path)
	}
}

func TestSearchTextNotes(t *testing.T) {
	words := make([]string, 40)
	for i := range words {
		words[i] = fmt.Sprintf("word%c%c", 'a'+i/26, 'a'+i%26)
	}
	many := strings.Join(words, " ")
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		want  []SearchTextNote
	}{
		{name: "a short text is used whole", query: `{ search(query: "zelensky putin talks") { score } }`},
		{name: "too many words", query: fmt.Sprintf(`{ search(query: %q) { score } }`, many),
			want: []SearchTextNote{{Path: "search", Argument: "query", Words: 40, Used: 32}}},
		{name: "a long word", query: fmt.Sprintf(`{ s: search(query: "talks %s") { score } }`, strings.Repeat("a", 2000)),
			want: []SearchTextNote{{Path: "s", Argument: "query", Words: 2, Used: 2, Cut: 1}}},
		{name: "a text filter below the root", query: `query($t: String) { actor(id: "russia") { positions(where: {text: $t}) { totalCount } } }`,
			vars: map[string]any{"t": many},
			want: []SearchTextNote{{Path: "actor.positions", Argument: "where.text", Words: 40, Used: 32}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := walk(t, tt.query, tt.vars)
			if len(w.problems) > 0 {
				t.Fatalf("problems: %v", w.problems)
			}
			if fmt.Sprint(w.notes) != fmt.Sprint(tt.want) {
				t.Errorf("notes %v, want %v", w.notes, tt.want)
			}
		})
	}
}

// The extension, as the executor calls it: a document without arguments
// is not walked, one with a problem is refused, a long search is noted in
// the operation's stats.
func TestInputLimitsExtension(t *testing.T) {
	l := &inputLimits{}
	if err := l.Validate(graph.NewExecutableSchema(graph.Config{})); err != nil {
		t.Fatal(err)
	}
	op := func(query string) *graphql.OperationContext {
		doc, errs := gqlparser.LoadQuery(testSchema, query)
		if errs != nil {
			t.Fatal(errs)
		}
		return &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0]}
	}
	if err := l.MutateOperationContext(t.Context(), op(`{ likelihoodScale { term } }`)); err != nil {
		t.Errorf("no arguments: %v", err)
	}
	err := l.MutateOperationContext(t.Context(), op(`{ actors(first: 1000) { totalCount } }`))
	if err == nil || err.Extensions["code"] != eventgraph.CodeBadUserInput {
		t.Fatalf("first: 1000 gave %v", err)
	}
	var problems eventgraph.InputErrors
	if !errors.As(err, &problems) || len(problems) != 1 || problems[0].Path != "first" {
		t.Errorf("first: 1000 gave %#v", err.Err)
	}
	long := op(fmt.Sprintf(`{ search(query: "a %s") { score } }`, strings.Repeat("b", 100)))
	if err := l.MutateOperationContext(t.Context(), long); err != nil {
		t.Fatal(err)
	}
	if notes, _ := long.Stats.GetExtension(searchTextKey).([]SearchTextNote); len(notes) != 1 || notes[0].Cut != 1 {
		t.Errorf("notes %v", long.Stats.GetExtension(searchTextKey))
	}
}

// A document walked with nothing to report allocates nothing per value.
func BenchmarkInputWalker(b *testing.B) {
	doc, errs := gqlparser.LoadQuery(testSchema, `mutation($in: IngestInput!) { ingest(input: $in) { created } }`)
	if errs != nil {
		b.Fatal(errs)
	}
	in := map[string]any{"actors": func() []any {
		out := make([]any, 1000)
		for i := range out {
			out[i] = map[string]any{"name": fmt.Sprint("actor ", i), "kind": "PERSON", "aliases": []any{"a", "b"}, "codes": []any{"RUS"}}
		}
		return out
	}()}
	op := doc.Operations[0]
	vars, err := validator.VariableValues(testSchema, op, map[string]any{"in": in})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		w := inputWalker{schema: testSchema, vars: vars}
		w.selections(op.SelectionSet)
		if len(w.problems) > 0 {
			b.Fatal(w.problems)
		}
	}
}
