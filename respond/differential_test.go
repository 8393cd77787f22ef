package respond_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/resolvers"
	"github.com/eventgraph/eventgraph/respond"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/vektah/gqlparser/v2"
	"golang.org/x/tools/txtar"
)

// update rewrites testdata/answers from the service's answers; review the
// diff before committing it.
var update = flag.Bool("update", false, "rewrite testdata/answers from the answers given")

// TestAnswersAreTheGoldenOnes sends every query of the corpus and requires
// the HTTP status and the body recorded in testdata/answers, byte for byte
// (key order, values, errors) once the values that differ from one
// database to another (timestamps, element ids, relevance scores) are
// masked, over the seed alone (forgetTestData). The files were
// first written from gqlgen's executor answering through the resolvers,
// when those still read the graph: they pin what the executor answered.
// The test also requires the direct path to have answered every operation
// the guards let through, and the executor never to have called the resolver of a field
// the direct path reads (resolvers.Misrouted).
func TestAnswersAreTheGoldenOnes(t *testing.T) {
	srv := apitest.Start(t)
	forgetTestData(t)
	cases := corpus(t)
	t.Logf("%d requests compared", len(cases))
	golden := readAnswers(t)
	written := map[string]map[string]string{}
	misrouted := resolvers.Misrouted()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			answered, _ := respond.Stats()
			status, body := srv.Raw(t, "", c.query, c.vars, requestID)
			// Every operation the guards let through (a refusal has a
			// status of its own) is the direct path's.
			if now, _ := respond.Stats(); status == http.StatusOK && now != answered+1 {
				t.Errorf("the direct path did not answer")
			}
			got := answer(t, status, body)
			if *update {
				if written[c.file] == nil {
					written[c.file] = map[string]string{}
				}
				written[c.file][c.name] = got
				return
			}
			want, ok := golden[c.file][c.name]
			if !ok {
				t.Fatalf("no answer in testdata/answers/%s.txtar (go test ./respond -run TestAnswers -update)", c.file)
			}
			if got != want && !(c.anyErrorOrder && sameUpToErrorOrder(t, got, want)) {
				t.Errorf("the answer differs for\n%s\nvariables %v\ngot:  %swant: %s", c.query, c.vars, got, want)
			}
		})
	}
	if now := resolvers.Misrouted(); now != misrouted {
		t.Errorf("the executor called %d resolvers of fields the direct path reads", now-misrouted)
	}
	if *update {
		writeAnswers(t, written)
		return
	}
	for file, answers := range golden {
		for name := range answers {
			if !slices.ContainsFunc(cases, func(c diffCase) bool { return c.file == file && c.name == name }) {
				t.Errorf("testdata/answers/%s.txtar: %q is no case of the corpus (go test ./respond -run TestAnswers -update)", file, name)
			}
		}
	}
}

// forgetTestData deletes what other packages' tests left in the shared
// database (their ids start with t-), so that the answers are the seed's.
// The packages' tests run one package at a time (go test -p 1).
func forgetTestData(t *testing.T) {
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	if _, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (n) WHERE n.id STARTS WITH 't-' DETACH DELETE n`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database)); err != nil {
		t.Fatal(err)
	}
}

// requestID is fixed: INTERNAL errors quote it.
var requestID = http.Header{server.RequestIDHeader: {"differential"}}

// answer is a response as testdata/answers holds it: the status, then the
// body with what depends on the database's history masked (masked).
func answer(t *testing.T, status int, body []byte) string {
	t.Helper()
	return fmt.Sprintf("status %d\n%s\n", status, masked(t, body))
}

var (
	// timestamps are the DateTime fields the service sets when it writes;
	// a database seeded at another time has others.
	timestamps = regexp.MustCompile(`"(createdAt|updatedAt|claimedAt|at)":"([^"]*)"`)
	// batchIDs are the ids a write without X-Batch-Id gets in its
	// revision: random.
	batchIDs = regexp.MustCompile(`"batch":"[0-9a-f]{16}"`)
	// elementIDs are Neo4j's ids of relationships (GraphEdge.id), which
	// name the database they come from.
	elementIDs = regexp.MustCompile(`"\d+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d+"`)
	// scores are full-text relevance, which moves with what the index has
	// held (deleted nodes count until Lucene merges its segments).
	scores = regexp.MustCompile(`"score":(-?[0-9][0-9.eE+-]*)`)
)

// masked replaces the values that differ from one database to another by
// what they are, once they are checked to be of their form, and puts
// search hits (and duplicate candidates: lists of objects with a score) in
// one order, since relevance that moves reorders hits of close scores.
func masked(t *testing.T, body []byte) string {
	t.Helper()
	s := timestamps.ReplaceAllStringFunc(string(body), func(m string) string {
		sub := timestamps.FindStringSubmatch(m)
		if _, err := time.Parse(time.RFC3339Nano, sub[2]); err != nil {
			t.Errorf("%s is no DateTime: %v", m, err)
			return m
		}
		return fmt.Sprintf(`"%s":"<DateTime>"`, sub[1])
	})
	s = elementIDs.ReplaceAllString(s, `"<element id>"`)
	s = batchIDs.ReplaceAllString(s, `"batch":"<batch id>"`)
	s = scores.ReplaceAllString(s, `"score":"<Float>"`)
	out, _, err := scoredInOneOrder(json.RawMessage(s))
	if err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return string(out)
}

// scoredInOneOrder is the JSON value v with the items of every list of
// objects that have a score sorted. What holds no such list is v's own
// bytes (MarshalMap's newlines included); changed says whether any was.
func scoredInOneOrder(v json.RawMessage) (out json.RawMessage, changed bool, err error) {
	if len(v) == 0 || v[0] != '{' && v[0] != '[' {
		return v, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	open, err := dec.Token()
	if err != nil {
		return nil, false, err
	}
	var items []json.RawMessage
	var keys []string
	for dec.More() {
		if open == json.Delim('{') {
			k, err := dec.Token()
			if err != nil {
				return nil, false, err
			}
			keys = append(keys, k.(string))
		}
		var item json.RawMessage
		if err := dec.Decode(&item); err != nil {
			return nil, false, err
		}
		item, c, err := scoredInOneOrder(item)
		if err != nil {
			return nil, false, err
		}
		changed = changed || c
		items = append(items, item)
	}
	scored := open == json.Delim('[') && slices.ContainsFunc(items, func(it json.RawMessage) bool {
		return bytes.HasPrefix(it, []byte("{")) && bytes.Contains(it, []byte(`"score":`))
	})
	if !changed && !scored {
		return v, false, nil
	}
	var b bytes.Buffer
	if open == json.Delim('{') {
		b.WriteByte('{')
		for i, item := range items {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:%s", keys[i], item)
		}
		b.WriteByte('}')
		return b.Bytes(), true, nil
	}
	if scored {
		slices.SortStableFunc(items, func(a, b json.RawMessage) int { return bytes.Compare(a, b) })
	}
	b.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(item)
	}
	b.WriteByte(']')
	return b.Bytes(), true, nil
}

// readAnswers reads testdata/answers: file, then case name, then answer.
func readAnswers(t *testing.T) map[string]map[string]string {
	files, err := filepath.Glob("testdata/answers/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 && !*update {
		t.Fatal("no testdata/answers/*.txtar (go test ./respond -run TestAnswers -update)")
	}
	out := map[string]map[string]string{}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		out[name] = map[string]string{}
		for _, a := range ar.Files {
			out[name][a.Name] = string(a.Data)
		}
	}
	return out
}

func writeAnswers(t *testing.T, answers map[string]map[string]string) {
	if err := os.RemoveAll("testdata/answers"); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("testdata/answers", 0o755); err != nil {
		t.Fatal(err)
	}
	for file, byName := range answers {
		ar := &txtar.Archive{Comment: []byte(fmt.Sprintf("Answers to the queries of %s (respond/differential_test.go).\n", file))}
		names := slices.Sorted(maps.Keys(byName))
		for _, n := range names {
			ar.Files = append(ar.Files, txtar.File{Name: n, Data: []byte(byName[n])})
		}
		if err := os.WriteFile(filepath.Join("testdata/answers", file+".txtar"), txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// diffCase is one request of the comparison.
type diffCase struct {
	// file names the file of testdata/answers that holds its answer: the
	// source the query came from, or "own" for ownCases.
	file  string
	name  string
	query string
	vars  map[string]any
	// anyErrorOrder: several root fields fail; the executor runs them
	// concurrently, so its errors come in any order.
	anyErrorOrder bool
}

var (
	c0 = store.EncodeCursor(0)
	c1 = store.EncodeCursor(1)
	c2 = store.EncodeCursor(2)
)

// variables are the variable sets for the named operations of the corpus,
// by file and operation name: values from the seed, several sets where
// arguments change the path through the code (pages, filters, unknown ids).
// A search asks for every hit (first: 100) where a page would end among
// hits of close scores, whose order moves with the index's history.
var variables = map[string][]map[string]any{
	// bench/load/mix.go
	"mix.go/Profile":         {{"id": "vladimir-putin"}, {"id": "russia"}, {"id": "t-nobody"}},
	"mix.go/Timeline":        {{"kind": "CONSULT", "from": "2025-01-01", "to": "2025-12-31"}, {"kind": "AGREE", "from": "2025-05-01", "to": "2025-05-31"}},
	"mix.go/Neighbourhood":   {{"id": "russia"}},
	"mix.go/Search":          {{"q": "Putin"}, {"q": "talks"}},
	"mix.go/TopicPositions":  {{"id": "ceasefire"}, {"id": "territorial-control"}},
	"mix.go/Counts":          {{"kinds": []any{"CONSULT", "ASSAULT", "AGREE"}, "from": "2025-01-01", "to": "2025-12-31"}},
	"mix.go/CoParticipation": {{"from": "2025-01-01", "to": "2025-12-31"}, {"from": "2025-05-16", "to": "2025-05-16"}},
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
	"api.ts/Record":  {{"id": "stauder-2025-05-26-direct-talks"}, {"id": "t-nobody"}},
	// clients/python/src/eventgraph_client/queries.py
	"queries.py/Events": {
		{"first": 5},
		{"first": 3, "after": c0, "where": map[string]any{"kinds": []string{"CONSULT", "AGREE"}}, "orderBy": map[string]any{"field": "START_DATE", "direction": "ASC"}},
	},
	"queries.py/EventsWithParticipants": {{"first": 5, "participantsFirst": 2}},
	"queries.py/Event":                  {{"id": "istanbul-talks-2025-05-16"}, {"id": "eu-seventeenth-sanctions-package"}},
	"queries.py/History":                {{"id": "istanbul-talks-2025-05-16", "first": 5}},
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
	"queries.py/Search":    {{"query": "Zelensky"}, {"query": "talks", "kinds": []string{"EVENT"}, "first": 100}},
	"queries.py/Neighborhood": {
		{"id": "russia"}, {"id": "vladimir-putin", "depth": 2, "limit": 20, "from": "2025-05-15", "to": "2025-05-17"},
		{"id": "russia", "depth": nil, "limit": nil}, {"id": "t-nobody"},
	},
	"queries.py/Path": {
		{"fromId": "vladimir-medinsky", "toId": "donald-trump"}, {"fromId": "vladimir-medinsky", "toId": "donald-trump", "maxDepth": 1},
		{"fromId": "russia", "toId": "russia", "maxDepth": nil}, {"fromId": "russia", "toId": "t-nobody"},
	},
	"queries.py/LikelihoodScale": {{}},
	"queries.py/ForecastScores": {
		{"by": "SOURCE"}, {"by": "LIKELIHOOD", "where": map[string]any{"statuses": []string{"OVERDUE"}}},
		{"by": "HORIZON", "first": 2}, {"by": "AUTHOR"}, {"by": "PUBLISHER"},
	},
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
			out = append(out, diffCase{file: file, name: fmt.Sprintf("%s#%d", label, i), query: d.query, vars: vars})
		}
	}
	for _, f := range []string{"README.md", "api_test.go", "mix.go", "api.ts", "queries.py"} {
		if counts[f] == 0 {
			t.Errorf("no queries found in %s", f)
		}
	}
	for _, c := range ownCases() {
		c.file = "own"
		out = append(out, c)
	}
	return out
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
		{name: "aliases of one connection with different arguments", query: fmt.Sprintf(`{ event(id: "istanbul-talks-2025-05-16") {
			a: participants(first: 1) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor kind node { name } } }
			b: participants(first: 2, after: %q) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor role node { id } } }
			c: participants(where: {kinds: [DECLINED]}) { totalCount edges { kind quote sources { title } node { id } } }
			d: participants(first: 0) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } } } }`, c0)},
		{name: "aliases of root fields", query: `{ a: actor(id: "russia") { name n: name } b: actor(id: "ukraine") { name kind } c: actors(first: 2) { totalCount } d: actors(first: 3, orderBy: {field: NAME, direction: DESC}) { edges { node { id } } } }`},
		{name: "fragments on the Node interface", query: `{ nodes(ids: ["russia", "istanbul-talks-2025-05-16", "istanbul", "ceasefire", "starmer-rejects-russian-position", "forecast-kyiv-recognises-territory-as-russian", "stauder-2025-05-26-direct-talks", "t-nobody"]) { __typename ...N } }
			fragment N on Node { id ... on Actor { name } ... on Event { title startDate } ... on Location { name latitude } ... on Topic { name } ... on Position { stance } ... on Forecast { likelihood probability { high } } ... on Source { publishedAt } }`},
		{name: "fragments on the ForecastSubject union", query: `{ forecasts(first: 10) { edges { node { id about { __typename ... on Node { id } ...S } } } } }
			fragment S on ForecastSubject { ... on Actor { name kind } ... on Event { title } ... on Topic { description } }`},
		{name: "citations are nodes of every type", query: `{ source(id: "stauder-2025-05-26-direct-talks") { citations(first: 100) { totalCount edges { cursor quote node { __typename id ... on Position { statement actor { name } } ... on Forecast { statement } } } } forecasts(first: 3) { totalCount edges { node { id } } } } }`},
		{name: "skip and include with variables", vars: map[string]any{"edges": true, "total": false},
			query: `query($edges: Boolean!, $total: Boolean!) { actors(first: 3) { totalCount @include(if: $total) edges @include(if: $edges) { cursor @skip(if: $edges) node { id name @skip(if: $total) } } } event(id: "istanbul-talks-2025-05-16") @skip(if: $total) { title } }`},
		{name: "skip and include the other way", vars: map[string]any{"edges": false, "total": true},
			query: `query($edges: Boolean!, $total: Boolean!) { actors(first: 3) { totalCount @include(if: $total) edges @include(if: $edges) { cursor @skip(if: $edges) node { id name @skip(if: $total) } } } event(id: "istanbul-talks-2025-05-16") @skip(if: $total) { title } }`},
		{name: "every root field skipped", vars: map[string]any{"no": true}, query: `query($no: Boolean!) { actor(id: "russia") @skip(if: $no) { id } }`},
		{name: "typename at every level", query: `{ __typename
			actors(first: 2) { __typename totalCount pageInfo { __typename hasNextPage } edges { __typename cursor node { __typename id
				affiliations(first: 1) { __typename edges { __typename role node { __typename id } } }
				sources { __typename quote source { __typename id } } } } }
			likelihoodScale { __typename term probability { __typename low high } }
			search(query: "Putin", first: 100) { __typename score type node { __typename } }
			forecast(id: "forecast-kyiv-recognises-territory-as-russian") { __typename probability { __typename } about { __typename } source { __typename } } }`},
		{name: "typename alone", query: `{ __typename }`},
		{name: "typename only in connections", query: `{ actors { __typename } event(id: "istanbul-talks-2025-05-16") { participants { __typename } } }`},
		{name: "root pages after cursors", query: fmt.Sprintf(`{ a: actors(first: 3, after: %q) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } }
			e: events(first: 2, after: %q, orderBy: {field: TITLE, direction: ASC}) { pageInfo { hasPreviousPage startCursor } edges { cursor node { title } } }
			t: topics(first: 100, after: %q) { pageInfo { hasNextPage endCursor } edges { cursor } } }`, c2, c0, c1)},
		{name: "every root list", query: `{ actors(first: 2) { totalCount edges { node { id } } } events(first: 2) { totalCount edges { node { id } } } positions(first: 2) { totalCount edges { node { id } } }
			forecasts(first: 2) { totalCount edges { node { id } } } topics(first: 2) { totalCount edges { node { id } } } locations(first: 2) { totalCount edges { node { id } } } sources(first: 2) { totalCount edges { node { id } } } }`},
		{name: "every type by id, deeply", query: `{
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
		{name: "the same field under several aliases, merged", query: `{ event(id: "istanbul-talks-2025-05-16") { l1: location { id } l2: location { name parent { id } } t: topics { id } topics { name } } }`},
		{name: "null values", query: `{ actor(id: "russia") { description wikidataId } location(id: "istanbul") { latitude longitude countryCode } event(id: "trump-putin-call-2025-05-19") { endDate parent { id } location { id } mode outcome } }`},
		{name: "unknown ids", query: `{ actor(id: "t-nobody") { id } node(id: "t-nobody") { id } nodes(ids: ["t-nobody", "russia"]) { id } event(id: "russia") { id } }`},
		{name: "likelihood scale", query: `{ likelihoodScale { term probability { low high } } s: likelihoodScale { t: term } }`},
		{name: "search with kinds", query: `{ search(query: "Russia", kinds: [ACTOR, POSITION], first: 5) { score type node { id ... on Position { statement } ... on Actor { name } } } }`},
		{name: "search that finds nothing", query: `{ search(query: "qqqqzzzz") { score } }`},
		{name: "first over the limit at the root", query: `{ actors(first: 1000) { totalCount } }`},
		{name: "first over the limit in a nullable root", query: `{ actor(id: "russia") { name events(first: 1000) { totalCount } } topic(id: "ceasefire") { name } }`},
		{name: "negative first nested", query: `{ event(id: "istanbul-talks-2025-05-16") { participants(first: -1) { totalCount } } }`},
		{name: "a failing non-null root takes the data", query: `{ actor(id: "russia") { name } actors(first: 1000) { totalCount } }`},
		{name: "two failing roots", anyErrorOrder: true, query: `{ a: actors(first: 1000) { totalCount } b: actor(id: "russia") { events(first: 101) { totalCount } } }`},
		{name: "a bad cursor at the root", query: `{ actors(after: "bogus") { totalCount } }`},
		{name: "a bad cursor nested", query: `{ actor(id: "russia") { events(after: "bm9wZQ") { totalCount } } }`},
		{name: "a fragment on a root connection type", query: `{ actors(first: 2) { ... on ActorConnection { totalCount } } }`},
		{name: "an empty search", query: `{ search(query: "  ") { score } }`},
		{name: "search first zero", query: `{ search(query: "Putin", first: 0) { score } }`},
		{name: "too many ids", vars: map[string]any{"ids": ids}, query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`},
		{name: "an id variable", vars: map[string]any{"id": "russia"}, query: `query($id: ID!) { actor(id: $id) { name } }`},
		{name: "variables for page arguments", vars: map[string]any{"n": 2, "after": c0},
			query: `query($n: Int, $after: String) { actors(first: $n, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`},
		{name: "strings that need escaping", query: "{ actor(id: \"t-\\\"quoted\\\"\\n\\u0001\") { id } search(query: \"Ukraine’s\", first: 100) { score node { id ... on Position { statement } } } }"},

		// Neighbourhoods and paths: the store's *model.Subgraph.
		{name: "with a neighbourhood", query: `{ actor(id: "russia") { name } neighborhood(id: "russia") { truncated } }`},
		{name: "with a path", query: `{ path(fromId: "vladimir-medinsky", toId: "donald-trump") { nodes { id } } }`},
		{name: "a neighbourhood without properties", query: `{ neighborhood(id: "russia") { nodes { id type label } edges { id type source target } truncated } }`},
		{name: "a neighbourhood with the nodes' properties", query: `{ neighborhood(id: "istanbul-talks-2025-05-16", depth: 2, limit: 60) { nodes { id type label properties } edges { id } } }`},
		{name: "a neighbourhood with the edges' properties", query: `{ neighborhood(id: "vladimir-putin") { nodes { id } edges { id type source target properties } } }`},
		{name: "a neighbourhood of depth 1", query: `{ neighborhood(id: "vladimir-medinsky", depth: 1, limit: 500) { truncated nodes { id type } edges { source target } } }`},
		{name: "a neighbourhood of depth 2", query: `{ neighborhood(id: "vladimir-medinsky", depth: 2, limit: 500) { truncated nodes { id type } edges { source target } } }`},
		{name: "a neighbourhood of depth 3", query: `{ neighborhood(id: "vladimir-medinsky", depth: 3, limit: 500) { truncated nodes { id type } edges { source target } } }`},
		{name: "a neighbourhood the limit cuts short", query: `{ neighborhood(id: "russia", depth: 2, limit: 5) { truncated nodes { id label } edges { id type } } }`},
		{name: "a neighbourhood of exactly the limit", query: `{ neighborhood(id: "russia", depth: 3, limit: 1) { truncated nodes { id } edges { id } } }`},
		{name: "neighbourhoods within dates", query: `{
			both: neighborhood(id: "vladimir-putin", depth: 2, limit: 500, from: "2025-05-15", to: "2025-05-17") { truncated nodes { id } edges { id } }
			from: neighborhood(id: "vladimir-putin", depth: 2, limit: 500, from: "2025-05-18") { nodes { id } }
			to: neighborhood(id: "vladimir-putin", limit: 500, to: "2025-05-01") { nodes { id properties } } }`},
		{name: "two neighbourhoods under aliases", query: `{ a: neighborhood(id: "russia", depth: 1, limit: 10) { nodes { id } truncated }
			b: neighborhood(id: "ukraine", depth: 2, limit: 50) { n: nodes { i: id t: type } e: edges { s: source t: target } cut: truncated } }`},
		{name: "the same neighbourhood with and without properties", query: `{ a: neighborhood(id: "ceasefire") { nodes { id } } b: neighborhood(id: "ceasefire") { nodes { id properties } } }`},
		{name: "fragments on subgraphs", query: `{ neighborhood(id: "dolmabahce-palace", depth: 2) { ...G ... on Subgraph { edges { ...E } } }
			path(fromId: "keir-starmer", toId: "istanbul") { ...G } }
			fragment G on Subgraph { truncated nodes { ... on GraphNode { id } ...N } }
			fragment N on GraphNode { type label }
			fragment E on GraphEdge { id type }`},
		{name: "typename in subgraphs", query: `{ __typename neighborhood(id: "ceasefire") { __typename nodes { __typename id } edges { __typename type } }
			path(fromId: "vladimir-medinsky", toId: "donald-trump") { __typename nodes { __typename } edges { __typename } } }`},
		{name: "typename alone in a subgraph", query: `{ neighborhood(id: "ceasefire") { __typename } }`},
		{name: "properties skipped in a neighbourhood", vars: map[string]any{"props": false, "edges": true},
			query: `query($props: Boolean!, $edges: Boolean!) { neighborhood(id: "istanbul-talks-2025-05-16") { nodes { id properties @include(if: $props) } edges @include(if: $edges) { id properties @include(if: $props) } truncated @skip(if: $edges) } }`},
		{name: "properties included in a neighbourhood", vars: map[string]any{"props": true, "edges": false},
			query: `query($props: Boolean!, $edges: Boolean!) { neighborhood(id: "istanbul-talks-2025-05-16") { nodes { id properties @include(if: $props) } edges @include(if: $edges) { id properties @include(if: $props) } truncated @skip(if: $edges) } }`},
		{name: "a skipped neighbourhood", vars: map[string]any{"no": true}, query: `query($no: Boolean!) { neighborhood(id: "russia") @skip(if: $no) { truncated } actor(id: "russia") { name } }`},
		{name: "neighbourhood arguments as variables", vars: map[string]any{"id": "turkiye", "depth": 2, "limit": 9, "from": "2025-05-01"},
			query: `query($id: ID!, $depth: Int, $limit: Int, $from: Date, $to: Date) { neighborhood(id: $id, depth: $depth, limit: $limit, from: $from, to: $to) { truncated nodes { id } edges { id } } }`},
		{name: "neighbourhood arguments null", query: `{ neighborhood(id: "russia", depth: null, limit: null, from: null, to: null) { truncated nodes { id } } path(fromId: "russia", toId: "donald-trump", maxDepth: null) { nodes { id } } }`},
		{name: "a path with properties", query: `{ path(fromId: "vladimir-medinsky", toId: "donald-trump") { nodes { id type label properties } edges { id type source target properties } truncated } }`},
		{name: "no path within maxDepth", query: `{ path(fromId: "vladimir-medinsky", toId: "donald-trump", maxDepth: 1) { nodes { id } } }`},
		{name: "a path from a node to itself", query: `{ path(fromId: "russia", toId: "russia") { nodes { id properties } edges { id } truncated } }`},
		{name: "a path from an unknown id", query: `{ path(fromId: "t-nobody", toId: "russia") { nodes { id } } }`},
		{name: "a path to an unknown id", query: `{ path(fromId: "russia", toId: "t-nobody") { nodes { id } } actor(id: "russia") { name } }`},
		{name: "a path from an unknown id to itself", query: `{ path(fromId: "t-nobody", toId: "t-nobody") { nodes { id } } }`},
		{name: "a neighbourhood of an unknown id", query: `{ neighborhood(id: "t-nobody") { truncated } }`},
		{name: "an unknown neighbourhood takes the data", query: `{ actor(id: "russia") { name } neighborhood(id: "t-nobody") { truncated } }`},
		{name: "depth too small", query: `{ neighborhood(id: "russia", depth: 0) { truncated } }`},
		{name: "depth too large", query: `{ neighborhood(id: "russia", depth: 4) { truncated } }`},
		{name: "limit too small", query: `{ neighborhood(id: "russia", limit: 0) { truncated } }`},
		{name: "limit too large", query: `{ neighborhood(id: "russia", limit: 501) { truncated } }`},
		{name: "maxDepth too small", query: `{ path(fromId: "russia", toId: "ukraine", maxDepth: 0) { truncated } }`},
		{name: "maxDepth too large", query: `{ path(fromId: "russia", toId: "ukraine", maxDepth: 9) { truncated } actors(first: 1) { totalCount } }`},
		{name: "a bad depth in a variable", vars: map[string]any{"d": -1}, query: `query($d: Int) { neighborhood(id: "russia", depth: $d) { truncated } }`},
		{name: "two failing subgraphs", anyErrorOrder: true, query: `{ path(fromId: "t-nobody", toId: "russia") { truncated } neighborhood(id: "russia", depth: 9) { truncated } }`},
		{name: "subgraphs with every other kind of root", query: `{ __typename actor(id: "russia") { name events(first: 2) { totalCount } } actors(first: 2) { totalCount }
			node(id: "ceasefire") { id } nodes(ids: ["russia", "t-nobody"]) { id } search(query: "Putin", first: 100) { score node { id } } likelihoodScale { term }
			neighborhood(id: "istanbul-talks-2025-05-16", depth: 2, limit: 30) { truncated nodes { id type label } edges { id type source target } }
			path(fromId: "vladimir-medinsky", toId: "donald-trump") { nodes { id } edges { type } } }`},
		{name: "the explorer's batch of neighbourhoods",
			vars: map[string]any{"limit": 100, "id0": "russia", "id1": "istanbul-talks-2025-05-16", "id2": "ceasefire"},
			query: `query Neighbourhoods($limit: Int, $id0: ID!, $id1: ID!, $id2: ID!) {
			n0: neighborhood(id: $id0, depth: 1, limit: $limit) { ...Sub }
			n1: neighborhood(id: $id1, depth: 1, limit: $limit) { ...Sub }
			n2: neighborhood(id: $id2, depth: 1, limit: $limit) { ...Sub } }
			fragment Sub on Subgraph { nodes { id type label properties } edges { id type source target properties } truncated }`},
		{name: "the explorer's batch of edges only",
			vars: map[string]any{"limit": 100, "id0": "vladimir-putin", "id1": "moscow"},
			query: `query Neighbourhoods($limit: Int, $id0: ID!, $id1: ID!) {
			n0: neighborhood(id: $id0, depth: 1, limit: $limit) { edges { id type source target properties } }
			n1: neighborhood(id: $id1, depth: 1, limit: $limit) { edges { id type source target properties } } }`},

		// Arguments gqlgen refuses, and root fields that read no graph:
		// gqlgen's executor answers them.
		{name: "a date argument that is not a date", query: `{ events(where: {from: "2025-13-45"}) { totalCount } }`},
		{name: "a nested date argument that is not a date", query: `{ actor(id: "russia") { name events(where: {from: "yesterday"}) { totalCount } } }`},
		{name: "an Int beyond Go's int", vars: map[string]any{"n": json.Number("99999999999999999999")}, query: `query($n: Int) { actors(first: $n) { totalCount } }`},
		{name: "introspection", query: `{ __typename __schema { queryType { name } } }`},
		{name: "a type by name", query: `{ __type(name: "Actor") { name } }`},
		{name: "a neighbourhood date that is not a date", query: `{ neighborhood(id: "russia", from: "2025-02-30") { truncated } }`},
		{name: "a neighbourhood with introspection", query: `{ neighborhood(id: "russia") { truncated } __schema { queryType { name } } }`},
		// Root fields that read no graph beside those that do, in every
		// order, under aliases and in fragments: their answers are spliced
		// together in field order.
		{name: "a type by name between reads", query: `{ actor(id: "russia") { name } t: __type(name: "Actor") { name kind } actors(first: 2) { totalCount } e: __type(name: "Event") { name } __typename }`},
		{name: "introspection first", query: `{ __schema { queryType { name } mutationType { name } } node(id: "ceasefire") { id ... on Topic { name } } }`},
		{name: "duplicate candidates beside reads", query: `{ actor(id: "turkiye") { name } duplicateCandidates(type: ACTOR, id: "turkiye", first: 3) { aId bId score reasons { kind detail } } search(query: "Dolmabahçe", first: 100) { score node { id } } }`},
		{name: "duplicate candidates of an unknown id beside reads", query: `{ duplicateCandidates(type: ACTOR, id: "t-nobody") { aId } actor(id: "russia") { name } }`},
		{name: "duplicate candidates beside a failing read", anyErrorOrder: true, query: `{ duplicateCandidates(type: LOCATION, first: 2) { aId bId } actors(first: 1000) { totalCount } }`},
		{name: "a failing read beside introspection", query: `{ actors(after: "bogus") { totalCount } __type(name: "Actor") { name } }`},
		{name: "a failing nullable read beside introspection", query: `{ path(fromId: "t-nobody", toId: "russia") { truncated } __type(name: "Topic") { name } }`},
		{name: "the same root field twice, once in a fragment", query: `{ __type(name: "Actor") { name } ...Q actor(id: "russia") { id } }
			fragment Q on Query { __type(name: "Actor") { kind } actor(id: "russia") { name } duplicateCandidates(type: ACTOR, first: 1) { aId } }`},
		{name: "introspection in an inline fragment, skipped and not", vars: map[string]any{"no": true},
			query: `query($no: Boolean!) { ... on Query { __type(name: "Actor") @skip(if: $no) { name } t: __type(name: "Topic") @include(if: $no) { name } } actor(id: "russia") { name } }`},
		{name: "introspection with variables", vars: map[string]any{"t": "Forecast", "id": "russia"},
			query: `query($t: String!, $id: ID!) { __type(name: $t) { name fields { name } } actor(id: $id) { name } }`},
		{name: "an unknown type by name beside a read", query: `{ __type(name: "Nothing") { name } topic(id: "ceasefire") { name } }`},
		// Arguments that do not decode: at the root gqlgen reports them
		// before calling a resolver; below it the store refuses them.
		{name: "a bad root date beside a good read", query: `{ actor(id: "russia") { name } events(where: {from: "2025-13-45"}) { totalCount } }`},
		{name: "a bad neighbourhood date beside reads", query: `{ actor(id: "russia") { name } neighborhood(id: "russia", to: "someday") { truncated } topic(id: "ceasefire") { name } }`},
		{name: "a bad root date beside introspection", query: `{ sources(where: {publishedFrom: "2025-00-01"}) { totalCount } __type(name: "Actor") { name } }`},
		{name: "bad dates in every root where", anyErrorOrder: true, query: `{ events(where: {to: "x"}) { totalCount } positions(where: {validAt: "2025-02-30"}) { totalCount }
			sources(where: {publishedTo: "tomorrow"}) { totalCount } s: sources(where: {publishedFrom: "2025-1-1"}) { totalCount } }`},
		{name: "bad dates in every nested where", anyErrorOrder: true, query: `{ a: actor(id: "russia") { events(where: {to: "x"}) { totalCount } }
			b: actor(id: "russia") { positions(where: {validAt: "2025-02-30"}) { totalCount } }
			t: topic(id: "ceasefire") { positions(where: {validAt: "May"}) { totalCount } } ok: actor(id: "ukraine") { name } }`},
		{name: "a bad nested date in a fragment on Node", query: `{ node(id: "russia") { id ... on Actor { events(where: {from: "2025-13-01"}) { totalCount } } } }`},
		{name: "a bad nested date in a fragment that does not apply", query: `{ node(id: "ceasefire") { id ... on Actor { events(where: {from: "2025-13-01"}) { totalCount } } } }`},
		{name: "a bad nested date in nodes", query: `{ nodes(ids: ["russia", "ceasefire"]) { id ... on Topic { positions(where: {validAt: "soon"}) { totalCount } } } }`},
		{name: "a bad nested date in a list", query: `{ actors(first: 2) { edges { node { id events(where: {from: "2025-02-29"}) { totalCount } } } } }`},
		{name: "a bad nested date in a variable", vars: map[string]any{"d": "2025-99-01"},
			query: `query($d: Date) { actor(id: "russia") { name events(where: {from: $d}) { totalCount } } }`},
		{name: "a bad root date in a variable beside a read", vars: map[string]any{"d": "2025-99-01"},
			query: `query($d: Date) { events(where: {from: $d}) { totalCount } actor(id: "russia") { name } }`},
	}
}

// sameUpToErrorOrder compares two answers with their errors sorted.
func sameUpToErrorOrder(t *testing.T, a, b string) bool {
	norm := func(answer string) (string, any) {
		status, body, _ := strings.Cut(answer, "\n")
		var v struct {
			Errors []json.RawMessage `json:"errors"`
			Data   json.RawMessage   `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		sort.Slice(v.Errors, func(i, j int) bool { return string(v.Errors[i]) < string(v.Errors[j]) })
		return status, v
	}
	statusA, va := norm(a)
	statusB, vb := norm(b)
	return statusA == statusB && reflect.DeepEqual(va, vb) && strings.Index(a, `"data"`) == strings.Index(b, `"data"`)
}
