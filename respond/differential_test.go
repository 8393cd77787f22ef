package respond_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/respond"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2"
	gqlast "github.com/vektah/gqlparser/v2/ast"
)

// TestDirectPathMatchesExecutor sends every query of the corpus to two
// services over the same seeded database, one with the direct path on and
// one with it off, and requires the same HTTP status and the same body,
// byte for byte: key order, values, errors. It also requires the direct
// path to have answered every operation it supports (an operation it left
// to the executor would match trivially).
func TestDirectPathMatchesExecutor(t *testing.T) {
	direct := apitest.Start(t)
	executor := direct.Variant(t, func(c *server.Config) { c.DirectReads = false })

	cases := corpus(t)
	t.Logf("%d requests compared", len(cases))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A fixed request id: INTERNAL errors quote it.
			header := http.Header{server.RequestIDHeader: {"differential"}}
			answered, deferred := respond.Stats()
			gotStatus, got := direct.Raw(t, "", c.query, c.vars, header)
			nowAnswered, nowDeferred := respond.Stats()
			wantStatus, want := executor.Raw(t, "", c.query, c.vars, header)

			if c.direct && executed(t, want) && nowAnswered != answered+1 {
				t.Errorf("the direct path did not answer (left to the executor: %d)", nowDeferred-deferred)
			}
			if !c.direct && nowAnswered != answered {
				t.Errorf("the direct path answered an operation it should leave to the executor")
			}
			if gotStatus != wantStatus {
				t.Errorf("status %d, the executor's %d", gotStatus, wantStatus)
			}
			if string(got) == string(want) {
				return
			}
			if c.anyErrorOrder && sameUpToErrorOrder(t, got, want) {
				return
			}
			t.Errorf("the paths differ for\n%s\nvariables %v\ndirect:   %s\nexecutor: %s", c.query, c.vars, got, want)
		})
	}
}

// diffCase is one request of the comparison.
type diffCase struct {
	name  string
	query string
	vars  map[string]any
	// direct says the direct path must answer it itself.
	direct bool
	// anyErrorOrder: several root fields fail; the executor runs them
	// concurrently, so its errors come in any order.
	anyErrorOrder bool
}

// rootFields the direct path answers (package respond).
var rootFields = []string{"node", "nodes", "actor", "event", "location", "topic", "position", "forecast", "source",
	"actors", "events", "positions", "forecasts", "topics", "locations", "sources", "search", "likelihoodScale", "__typename",
	"neighborhood", "path", "eventCounts", "coParticipation", "positionCounts", "forecastCounts"}

// answerable reports whether every root field of the query is one the
// direct path answers.
func answerable(t *testing.T, query string) bool {
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatalf("%v\n%s", errs, query)
	}
	return allRootFields(doc.Operations[0].SelectionSet, func(name string) bool { return slices.Contains(rootFields, name) })
}

func allRootFields(sel gqlast.SelectionSet, ok func(string) bool) bool {
	for _, s := range sel {
		switch n := s.(type) {
		case *gqlast.Field:
			if !ok(n.Name) {
				return false
			}
		case *gqlast.InlineFragment:
			if !allRootFields(n.SelectionSet, ok) {
				return false
			}
		case *gqlast.FragmentSpread:
			if !allRootFields(n.Definition.SelectionSet, ok) {
				return false
			}
		}
	}
	return true
}

var (
	c0 = store.EncodeCursor(0)
	c1 = store.EncodeCursor(1)
	c2 = store.EncodeCursor(2)
)

// variables are the variable sets for the named operations of the corpus,
// by file and operation name: values from the seed, several sets where
// arguments change the path through the code (pages, filters, unknown ids).
var variables = map[string][]map[string]any{
	// bench/load/mix.go
	"mix.go/Profile":        {{"id": "vladimir-putin"}, {"id": "russia"}, {"id": "t-nobody"}},
	"mix.go/Timeline":       {{"kind": "CONSULT", "from": "2025-01-01", "to": "2025-12-31"}, {"kind": "AGREE", "from": "2025-05-01", "to": "2025-05-31"}},
	"mix.go/Neighbourhood":  {{"id": "russia"}},
	"mix.go/Search":         {{"q": "Putin"}, {"q": "talks"}},
	"mix.go/TopicPositions": {{"id": "ceasefire"}, {"id": "territorial-control"}},
	"mix.go/Forecasts": {
		{"status": "OPEN", "horizon": "SHORT_TERM"}, {"status": "OPEN", "horizon": "MEDIUM_TERM"},
		{"status": "OPEN", "horizon": "LONG_TERM"}, {"status": "CAME_TRUE", "horizon": "SHORT_TERM"},
	},
	// ui/src/api.ts
	"api.ts/Search":   {{"q": "Zelensky", "first": 30}, {"q": "Istanbul"}},
	"api.ts/Hood":     {{"id": "istanbul-talks-2025-05-16", "depth": 1, "limit": 100}, {"id": "russia", "depth": 2, "limit": 7}},
	"api.ts/Path":     {{"from": "vladimir-medinsky", "to": "donald-trump", "max": 8}, {"from": "keir-starmer", "to": "moscow", "max": 2}},
	"api.ts/Timeline": {{}, {"where": map[string]any{"from": "2025-05-01", "to": "2025-05-31"}}, {"after": c1}},
	"api.ts/Inspect": {
		{"id": "vladimir-putin"}, {"id": "istanbul-talks-2025-05-16"}, {"id": "dolmabahce-palace"}, {"id": "ceasefire"},
		{"id": "starmer-rejects-russian-position"}, {"id": "forecast-delegations-meet-again-or-ceasefire-memorandum"},
		{"id": "stauder-2025-05-26-direct-talks"}, {"id": "t-nobody"},
	},
	"api.ts/Sources": {{"ids": []string{"stauder-2025-05-26-direct-talks", "t-nobody", "russia"}}},
	// clients/python/src/eventgraph_client/queries.py
	"queries.py/Events": {
		{"first": 5},
		{"first": 3, "after": c0, "where": map[string]any{"kinds": []string{"CONSULT", "AGREE"}}, "orderBy": map[string]any{"field": "START_DATE", "direction": "ASC"}},
	},
	"queries.py/EventsWithParticipants": {{"first": 5, "participantsFirst": 2}},
	"queries.py/Event":                  {{"id": "istanbul-talks-2025-05-16"}, {"id": "eu-seventeenth-sanctions-package"}},
	"queries.py/EventParticipants": {
		{"id": "istanbul-talks-2025-05-16", "first": 2},
		{"id": "istanbul-talks-2025-05-16", "first": 2, "after": c0, "where": map[string]any{"kinds": []string{"DECLINED", "HOST"}}},
	},
	"queries.py/ActorEvents": {{"id": "vladimir-putin", "first": 3}, {"id": "russia", "where": map[string]any{"participationKinds": []string{"DECLINED"}}}},
	"queries.py/Actors": {
		{"first": 5},
		{"first": 5, "after": c1, "where": map[string]any{"kinds": []string{"STATE"}}, "orderBy": map[string]any{"field": "NAME", "direction": "DESC"}},
	},
	"queries.py/Actor":     {{"id": "vladimir-putin"}, {"id": "russia"}},
	"queries.py/Positions": {{"first": 10}, {"first": 3, "where": map[string]any{"actorIds": []string{"russia"}}}},
	"queries.py/Forecasts": {{"first": 10}, {"first": 2, "after": c2}},
	"queries.py/Topics":    {{"first": 10}},
	"queries.py/Search":    {{"query": "Zelensky"}, {"query": "talks", "kinds": []string{"EVENT"}, "first": 3}},
	"queries.py/Neighborhood": {
		{"id": "russia"}, {"id": "vladimir-putin", "depth": 2, "limit": 20, "from": "2025-05-15", "to": "2025-05-17"},
		{"id": "russia", "depth": nil, "limit": nil}, {"id": "t-nobody"},
	},
	"queries.py/Path": {
		{"fromId": "vladimir-medinsky", "toId": "donald-trump"}, {"fromId": "vladimir-medinsky", "toId": "donald-trump", "maxDepth": 1},
		{"fromId": "russia", "toId": "russia", "maxDepth": nil}, {"fromId": "russia", "toId": "t-nobody"},
	},
	"queries.py/LikelihoodScale":     {{}},
	"api.ts/Duplicates":              {{"type": "ACTOR", "id": "turkiye", "first": 10}, {"type": "LOCATION", "id": "istanbul"}},
	"queries.py/DuplicateCandidates": {{"type": "ACTOR"}, {"type": "LOCATION", "id": "istanbul", "first": 5}},
	"queries.py/Citations":           {{"id": "stauder-2025-05-26-direct-talks", "first": 5}, {"id": "stauder-2025-05-26-direct-talks", "first": 5, "after": c2, "types": []string{"ACTOR"}}},
}

// corpus is every request the test sends.
func corpus(t *testing.T) []diffCase {
	var docs []document
	docs = append(docs, readmeQueries(t, "../README.md")...)
	docs = append(docs, goQueries(t, "../resolvers/api_test.go")...)
	docs = append(docs, goQueries(t, "../bench/load/mix.go")...)
	docs = append(docs, tsQueries(t, "../ui/src/api.ts")...)
	docs = append(docs, pyQueries(t, "../clients/python/src/eventgraph_client/queries.py")...)

	var out []diffCase
	counts := map[string]int{}
	for _, d := range docs {
		file := filepath.Base(d.from)
		counts[file]++
		label := fmt.Sprintf("%s/%s", file, d.name)
		if d.name == "" {
			label = fmt.Sprintf("%s/%d", file, counts[file])
		}
		sets, ok := variables[file+"/"+d.name]
		switch {
		case ok:
		case d.name != "" && len(d.required) > 0:
			t.Errorf("%s: no variables for it in the table", label)
			continue
		default:
			sets = []map[string]any{fill(t, d)}
		}
		for i, vars := range sets {
			out = append(out, diffCase{name: fmt.Sprintf("%s#%d", label, i), query: d.query, vars: vars, direct: answerable(t, d.query)})
		}
	}
	for _, f := range []string{"README.md", "api_test.go", "mix.go", "api.ts", "queries.py"} {
		if counts[f] == 0 {
			t.Errorf("no queries found in %s", f)
		}
	}
	return append(out, ownCases()...)
}

// fill gives the required variables of an anonymous operation a value of
// their type.
func fill(t *testing.T, d document) map[string]any {
	if len(d.required) == 0 {
		return nil
	}
	doc, _ := gqlparser.LoadQuery(schema, d.query)
	vars := map[string]any{}
	for _, v := range doc.Operations[0].VariableDefinitions {
		switch v.Type.Name() {
		case "String":
			vars[v.Variable] = "Zelensky"
		case "ID":
			vars[v.Variable] = "russia"
		case "Int":
			vars[v.Variable] = 3
		default:
			t.Fatalf("%s: no value for $%s: %s", d.from, v.Variable, v.Type)
		}
	}
	return vars
}

// ownCases cover what the clients' queries may not: aliases, fragments,
// directives, __typename, pages, errors and nulls.
func ownCases() []diffCase {
	ids := make([]string, eventgraph.LimitFirst.Max+1)
	for i := range ids {
		ids[i] = fmt.Sprintf("t-id-%d", i)
	}
	return []diffCase{
		{name: "aliases of one connection with different arguments", direct: true, query: fmt.Sprintf(`{ event(id: "istanbul-talks-2025-05-16") {
			a: participants(first: 1) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor kind node { name } } }
			b: participants(first: 2, after: %q) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor role node { id } } }
			c: participants(where: {kinds: [DECLINED]}) { totalCount edges { kind quote sources { title } node { id } } }
			d: participants(first: 0) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } } } }`, c0)},
		{name: "aliases of root fields", direct: true, query: `{ a: actor(id: "russia") { name n: name } b: actor(id: "ukraine") { name kind } c: actors(first: 2) { totalCount } d: actors(first: 3, orderBy: {field: NAME, direction: DESC}) { edges { node { id } } } }`},
		{name: "fragments on the Node interface", direct: true, query: `{ nodes(ids: ["russia", "istanbul-talks-2025-05-16", "istanbul", "ceasefire", "starmer-rejects-russian-position", "forecast-kyiv-recognises-territory-as-russian", "stauder-2025-05-26-direct-talks", "t-nobody"]) { __typename ...N } }
			fragment N on Node { id ... on Actor { name } ... on Event { title startDate } ... on Location { name latitude } ... on Topic { name } ... on Position { stance } ... on Forecast { likelihood probability { high } } ... on Source { publishedAt } }`},
		{name: "fragments on the ForecastSubject union", direct: true, query: `{ forecasts(first: 10) { edges { node { id about { __typename ... on Node { id } ...S } } } } }
			fragment S on ForecastSubject { ... on Actor { name kind } ... on Event { title } ... on Topic { description } }`},
		{name: "citations are nodes of every type", direct: true, query: `{ source(id: "stauder-2025-05-26-direct-talks") { citations(first: 100) { totalCount edges { cursor quote node { __typename id ... on Position { statement actor { name } } ... on Forecast { statement } } } } forecasts(first: 3) { totalCount edges { node { id } } } } }`},
		{name: "skip and include with variables", direct: true, vars: map[string]any{"edges": true, "total": false},
			query: `query($edges: Boolean!, $total: Boolean!) { actors(first: 3) { totalCount @include(if: $total) edges @include(if: $edges) { cursor @skip(if: $edges) node { id name @skip(if: $total) } } } event(id: "istanbul-talks-2025-05-16") @skip(if: $total) { title } }`},
		{name: "skip and include the other way", direct: true, vars: map[string]any{"edges": false, "total": true},
			query: `query($edges: Boolean!, $total: Boolean!) { actors(first: 3) { totalCount @include(if: $total) edges @include(if: $edges) { cursor @skip(if: $edges) node { id name @skip(if: $total) } } } event(id: "istanbul-talks-2025-05-16") @skip(if: $total) { title } }`},
		{name: "every root field skipped", direct: true, vars: map[string]any{"no": true}, query: `query($no: Boolean!) { actor(id: "russia") @skip(if: $no) { id } }`},
		{name: "typename at every level", direct: true, query: `{ __typename
			actors(first: 2) { __typename totalCount pageInfo { __typename hasNextPage } edges { __typename cursor node { __typename id
				affiliations(first: 1) { __typename edges { __typename role node { __typename id } } }
				sources { __typename quote source { __typename id } } } } }
			likelihoodScale { __typename term probability { __typename low high } }
			search(query: "Putin", first: 2) { __typename type node { __typename } }
			forecast(id: "forecast-kyiv-recognises-territory-as-russian") { __typename probability { __typename } about { __typename } source { __typename } } }`},
		{name: "typename alone", direct: true, query: `{ __typename }`},
		{name: "typename only in connections", direct: true, query: `{ actors { __typename } event(id: "istanbul-talks-2025-05-16") { participants { __typename } } }`},
		{name: "root pages after cursors", direct: true, query: fmt.Sprintf(`{ a: actors(first: 3, after: %q) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } }
			e: events(first: 2, after: %q, orderBy: {field: TITLE, direction: ASC}) { pageInfo { hasPreviousPage startCursor } edges { cursor node { title } } }
			t: topics(first: 100, after: %q) { pageInfo { hasNextPage endCursor } edges { cursor } } }`, c2, c0, c1)},
		{name: "every root list", direct: true, query: `{ actors(first: 2) { totalCount edges { node { id } } } events(first: 2) { totalCount edges { node { id } } } positions(first: 2) { totalCount edges { node { id } } }
			forecasts(first: 2) { totalCount edges { node { id } } } topics(first: 2) { totalCount edges { node { id } } } locations(first: 2) { totalCount edges { node { id } } } sources(first: 2) { totalCount edges { node { id } } } }`},
		{name: "every type by id, deeply", direct: true, query: `{
			actor(id: "russia") { id name kind aliases description countryCode wikidataId codes createdAt updatedAt
				events(first: 3, where: {kinds: [CONSULT, AGREE]}, orderBy: {field: START_DATE, direction: ASC}) { totalCount edges { kind role quote sources { id } node { id } } }
				members(first: 2) { totalCount edges { role validFrom validTo quote node { name } } }
				positions(first: 2, where: {stances: [DEMANDS]}) { totalCount edges { node { statement validFrom validTo } } }
				forecasts(first: 2) { totalCount edges { node { id windowStart windowEnd status resolvedAt resolutionNote resolvedBy { id } } } } }
			event(id: "istanbul-talks-2025-05-16") { kind mode contexts startDate endDate datePrecision summary outcome figures { label value unit } externalIds { system id }
				parent { id } subEvents { totalCount } ledTo { edges { node { id ledFrom { edges { node { id } } } } } } topics { name } forecasts { totalCount }
				sources { quote source { title author publisher url publishedAt kind } } }
			location(id: "turkiye-country") { name kind countryCode latitude longitude parent { id } children { totalCount edges { node { name children { edges { node { name } } } } } }
				events(first: 5, orderBy: {field: START_DATE, direction: ASC}) { totalCount edges { node { id } } } sources { quote } }
			topic(id: "ceasefire") { name description positions(first: 3) { totalCount edges { node { id actor { name } } } } events(first: 3) { edges { node { id } } } forecasts { totalCount } }
			position(id: "starmer-rejects-russian-position") { stance statement respondsTo { id responses { id } } responses { id } topic { name } sources { quote source { id } } }
			source(id: "stauder-2025-05-26-direct-talks") { title author url publishedAt kind createdAt } }`},
		{name: "the same field under several aliases, merged", direct: true, query: `{ event(id: "istanbul-talks-2025-05-16") { l1: location { id } l2: location { name parent { id } } t: topics { id } topics { name } } }`},
		{name: "null values", direct: true, query: `{ actor(id: "russia") { description wikidataId } location(id: "istanbul") { latitude longitude countryCode } event(id: "trump-putin-call-2025-05-19") { endDate parent { id } location { id } mode outcome } }`},
		{name: "unknown ids", direct: true, query: `{ actor(id: "t-nobody") { id } node(id: "t-nobody") { id } nodes(ids: ["t-nobody", "russia"]) { id } event(id: "russia") { id } }`},
		{name: "likelihood scale", direct: true, query: `{ likelihoodScale { term probability { low high } } s: likelihoodScale { t: term } }`},
		{name: "search with kinds", direct: true, query: `{ search(query: "Russia", kinds: [ACTOR, POSITION], first: 5) { score type node { id ... on Position { statement } ... on Actor { name } } } }`},
		{name: "search that finds nothing", direct: true, query: `{ search(query: "qqqqzzzz") { score } }`},
		{name: "first over the limit at the root", direct: true, query: `{ actors(first: 1000) { totalCount } }`},
		{name: "first over the limit in a nullable root", direct: true, query: `{ actor(id: "russia") { name events(first: 1000) { totalCount } } topic(id: "ceasefire") { name } }`},
		{name: "negative first nested", direct: true, query: `{ event(id: "istanbul-talks-2025-05-16") { participants(first: -1) { totalCount } } }`},
		{name: "a failing non-null root takes the data", direct: true, query: `{ actor(id: "russia") { name } actors(first: 1000) { totalCount } }`},
		{name: "two failing roots", direct: true, anyErrorOrder: true, query: `{ a: actors(first: 1000) { totalCount } b: actor(id: "russia") { events(first: 101) { totalCount } } }`},
		{name: "a bad cursor at the root", direct: true, query: `{ actors(after: "bogus") { totalCount } }`},
		{name: "a bad cursor nested", direct: true, query: `{ actor(id: "russia") { events(after: "bm9wZQ") { totalCount } } }`},
		{name: "a fragment on a root connection type", direct: true, query: `{ actors(first: 2) { ... on ActorConnection { totalCount } } }`},
		{name: "an empty search", direct: true, query: `{ search(query: "  ") { score } }`},
		{name: "search first zero", direct: true, query: `{ search(query: "Putin", first: 0) { score } }`},
		{name: "too many ids", direct: true, vars: map[string]any{"ids": ids}, query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`},
		{name: "an id variable", direct: true, vars: map[string]any{"id": "russia"}, query: `query($id: ID!) { actor(id: $id) { name } }`},
		{name: "variables for page arguments", direct: true, vars: map[string]any{"n": 2, "after": c0},
			query: `query($n: Int, $after: String) { actors(first: $n, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`},
		{name: "strings that need escaping", direct: true, query: "{ actor(id: \"t-\\\"quoted\\\"\\n\\u0001\") { id } search(query: \"Ukraine’s\", first: 3) { node { id ... on Position { statement } } } }"},

		// Neighbourhoods and paths: the store's *model.Subgraph.
		{name: "with a neighbourhood", direct: true, query: `{ actor(id: "russia") { name } neighborhood(id: "russia") { truncated } }`},
		{name: "with a path", direct: true, query: `{ path(fromId: "vladimir-medinsky", toId: "donald-trump") { nodes { id } } }`},
		{name: "a neighbourhood without properties", direct: true, query: `{ neighborhood(id: "russia") { nodes { id type label } edges { id type source target } truncated } }`},
		{name: "a neighbourhood with the nodes' properties", direct: true, query: `{ neighborhood(id: "istanbul-talks-2025-05-16", depth: 2, limit: 60) { nodes { id type label properties } edges { id } } }`},
		{name: "a neighbourhood with the edges' properties", direct: true, query: `{ neighborhood(id: "vladimir-putin") { nodes { id } edges { id type source target properties } } }`},
		{name: "a neighbourhood of depth 1", direct: true, query: `{ neighborhood(id: "vladimir-medinsky", depth: 1, limit: 500) { truncated nodes { id type } edges { source target } } }`},
		{name: "a neighbourhood of depth 2", direct: true, query: `{ neighborhood(id: "vladimir-medinsky", depth: 2, limit: 500) { truncated nodes { id type } edges { source target } } }`},
		{name: "a neighbourhood of depth 3", direct: true, query: `{ neighborhood(id: "vladimir-medinsky", depth: 3, limit: 500) { truncated nodes { id type } edges { source target } } }`},
		{name: "a neighbourhood the limit cuts short", direct: true, query: `{ neighborhood(id: "russia", depth: 2, limit: 5) { truncated nodes { id label } edges { id type } } }`},
		{name: "a neighbourhood of exactly the limit", direct: true, query: `{ neighborhood(id: "russia", depth: 3, limit: 1) { truncated nodes { id } edges { id } } }`},
		{name: "neighbourhoods within dates", direct: true, query: `{
			both: neighborhood(id: "vladimir-putin", depth: 2, limit: 500, from: "2025-05-15", to: "2025-05-17") { truncated nodes { id } edges { id } }
			from: neighborhood(id: "vladimir-putin", depth: 2, limit: 500, from: "2025-05-18") { nodes { id } }
			to: neighborhood(id: "vladimir-putin", limit: 500, to: "2025-05-01") { nodes { id properties } } }`},
		{name: "two neighbourhoods under aliases", direct: true, query: `{ a: neighborhood(id: "russia", depth: 1, limit: 10) { nodes { id } truncated }
			b: neighborhood(id: "ukraine", depth: 2, limit: 50) { n: nodes { i: id t: type } e: edges { s: source t: target } cut: truncated } }`},
		{name: "the same neighbourhood with and without properties", direct: true, query: `{ a: neighborhood(id: "ceasefire") { nodes { id } } b: neighborhood(id: "ceasefire") { nodes { id properties } } }`},
		{name: "fragments on subgraphs", direct: true, query: `{ neighborhood(id: "dolmabahce-palace", depth: 2) { ...G ... on Subgraph { edges { ...E } } }
			path(fromId: "keir-starmer", toId: "istanbul") { ...G } }
			fragment G on Subgraph { truncated nodes { ... on GraphNode { id } ...N } }
			fragment N on GraphNode { type label }
			fragment E on GraphEdge { id type }`},
		{name: "typename in subgraphs", direct: true, query: `{ __typename neighborhood(id: "ceasefire") { __typename nodes { __typename id } edges { __typename type } }
			path(fromId: "vladimir-medinsky", toId: "donald-trump") { __typename nodes { __typename } edges { __typename } } }`},
		{name: "typename alone in a subgraph", direct: true, query: `{ neighborhood(id: "ceasefire") { __typename } }`},
		{name: "properties skipped in a neighbourhood", direct: true, vars: map[string]any{"props": false, "edges": true},
			query: `query($props: Boolean!, $edges: Boolean!) { neighborhood(id: "istanbul-talks-2025-05-16") { nodes { id properties @include(if: $props) } edges @include(if: $edges) { id properties @include(if: $props) } truncated @skip(if: $edges) } }`},
		{name: "properties included in a neighbourhood", direct: true, vars: map[string]any{"props": true, "edges": false},
			query: `query($props: Boolean!, $edges: Boolean!) { neighborhood(id: "istanbul-talks-2025-05-16") { nodes { id properties @include(if: $props) } edges @include(if: $edges) { id properties @include(if: $props) } truncated @skip(if: $edges) } }`},
		{name: "a skipped neighbourhood", direct: true, vars: map[string]any{"no": true}, query: `query($no: Boolean!) { neighborhood(id: "russia") @skip(if: $no) { truncated } actor(id: "russia") { name } }`},
		{name: "neighbourhood arguments as variables", direct: true, vars: map[string]any{"id": "turkiye", "depth": 2, "limit": 9, "from": "2025-05-01"},
			query: `query($id: ID!, $depth: Int, $limit: Int, $from: Date, $to: Date) { neighborhood(id: $id, depth: $depth, limit: $limit, from: $from, to: $to) { truncated nodes { id } edges { id } } }`},
		{name: "neighbourhood arguments null", direct: true, query: `{ neighborhood(id: "russia", depth: null, limit: null, from: null, to: null) { truncated nodes { id } } path(fromId: "russia", toId: "donald-trump", maxDepth: null) { nodes { id } } }`},
		{name: "a path with properties", direct: true, query: `{ path(fromId: "vladimir-medinsky", toId: "donald-trump") { nodes { id type label properties } edges { id type source target properties } truncated } }`},
		{name: "no path within maxDepth", direct: true, query: `{ path(fromId: "vladimir-medinsky", toId: "donald-trump", maxDepth: 1) { nodes { id } } }`},
		{name: "a path from a node to itself", direct: true, query: `{ path(fromId: "russia", toId: "russia") { nodes { id properties } edges { id } truncated } }`},
		{name: "a path from an unknown id", direct: true, query: `{ path(fromId: "t-nobody", toId: "russia") { nodes { id } } }`},
		{name: "a path to an unknown id", direct: true, query: `{ path(fromId: "russia", toId: "t-nobody") { nodes { id } } actor(id: "russia") { name } }`},
		{name: "a path from an unknown id to itself", direct: true, query: `{ path(fromId: "t-nobody", toId: "t-nobody") { nodes { id } } }`},
		{name: "a neighbourhood of an unknown id", direct: true, query: `{ neighborhood(id: "t-nobody") { truncated } }`},
		{name: "an unknown neighbourhood takes the data", direct: true, query: `{ actor(id: "russia") { name } neighborhood(id: "t-nobody") { truncated } }`},
		{name: "depth too small", direct: true, query: `{ neighborhood(id: "russia", depth: 0) { truncated } }`},
		{name: "depth too large", direct: true, query: `{ neighborhood(id: "russia", depth: 4) { truncated } }`},
		{name: "limit too small", direct: true, query: `{ neighborhood(id: "russia", limit: 0) { truncated } }`},
		{name: "limit too large", direct: true, query: `{ neighborhood(id: "russia", limit: 501) { truncated } }`},
		{name: "maxDepth too small", direct: true, query: `{ path(fromId: "russia", toId: "ukraine", maxDepth: 0) { truncated } }`},
		{name: "maxDepth too large", direct: true, query: `{ path(fromId: "russia", toId: "ukraine", maxDepth: 9) { truncated } actors(first: 1) { totalCount } }`},
		{name: "a bad depth in a variable", direct: true, vars: map[string]any{"d": -1}, query: `query($d: Int) { neighborhood(id: "russia", depth: $d) { truncated } }`},
		{name: "two failing subgraphs", direct: true, anyErrorOrder: true, query: `{ path(fromId: "t-nobody", toId: "russia") { truncated } neighborhood(id: "russia", depth: 9) { truncated } }`},
		{name: "subgraphs with every other kind of root", direct: true, query: `{ __typename actor(id: "russia") { name events(first: 2) { totalCount } } actors(first: 2) { totalCount }
			node(id: "ceasefire") { id } nodes(ids: ["russia", "t-nobody"]) { id } search(query: "Putin", first: 2) { score node { id } } likelihoodScale { term }
			neighborhood(id: "istanbul-talks-2025-05-16", depth: 2, limit: 30) { truncated nodes { id type label } edges { id type source target } }
			path(fromId: "vladimir-medinsky", toId: "donald-trump") { nodes { id } edges { type } } }`},
		{name: "the explorer's batch of neighbourhoods", direct: true,
			vars: map[string]any{"limit": 100, "id0": "russia", "id1": "istanbul-talks-2025-05-16", "id2": "ceasefire"},
			query: `query Neighbourhoods($limit: Int, $id0: ID!, $id1: ID!, $id2: ID!) {
			n0: neighborhood(id: $id0, depth: 1, limit: $limit) { ...Sub }
			n1: neighborhood(id: $id1, depth: 1, limit: $limit) { ...Sub }
			n2: neighborhood(id: $id2, depth: 1, limit: $limit) { ...Sub } }
			fragment Sub on Subgraph { nodes { id type label properties } edges { id type source target properties } truncated }`},
		{name: "the explorer's batch of edges only", direct: true,
			vars: map[string]any{"limit": 100, "id0": "vladimir-putin", "id1": "moscow"},
			query: `query Neighbourhoods($limit: Int, $id0: ID!, $id1: ID!) {
			n0: neighborhood(id: $id0, depth: 1, limit: $limit) { edges { id type source target properties } }
			n1: neighborhood(id: $id1, depth: 1, limit: $limit) { edges { id type source target properties } } }`},

		// Left to the executor.
		{name: "a date argument that is not a date", query: `{ events(where: {from: "2025-13-45"}) { totalCount } }`},
		{name: "a nested date argument that is not a date", query: `{ actor(id: "russia") { name events(where: {from: "yesterday"}) { totalCount } } }`},
		{name: "an Int beyond Go's int", vars: map[string]any{"n": json.Number("99999999999999999999")}, query: `query($n: Int) { actors(first: $n) { totalCount } }`},
		{name: "introspection", query: `{ __typename __schema { queryType { name } } }`},
		{name: "a type by name", query: `{ __type(name: "Actor") { name } }`},
		{name: "a neighbourhood date that is not a date", query: `{ neighborhood(id: "russia", from: "2025-02-30") { truncated } }`},
		{name: "a neighbourhood with introspection", query: `{ neighborhood(id: "russia") { truncated } __schema { queryType { name } } }`},
	}
}

// executed reports whether the operation of the executor's response ran
// and had no error in decoding arguments: a refused operation (too complex,
// say) never reaches the direct path, and one whose arguments do not decode
// is left to the executor. Both kinds of errors name what they are about
// in extensions.path or leave out data.
func executed(t *testing.T, raw []byte) bool {
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Errors {
		if _, ok := e.Extensions["path"]; ok {
			return false
		}
	}
	return r.Data != nil
}

// sameUpToErrorOrder compares two responses with their errors sorted.
func sameUpToErrorOrder(t *testing.T, a, b []byte) bool {
	norm := func(raw []byte) any {
		var v struct {
			Errors []json.RawMessage `json:"errors"`
			Data   json.RawMessage   `json:"data"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		sort.Slice(v.Errors, func(i, j int) bool { return string(v.Errors[i]) < string(v.Errors[j]) })
		return v
	}
	return reflect.DeepEqual(norm(a), norm(b)) && strings.Index(string(a), `"data"`) == strings.Index(string(b), `"data"`)
}
