package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// readFixture is a small graph written with plain Cypher, so that the read
// path is tested apart from ingest.
const readFixture = `
MERGE (src:Source {id: 'rt-source'}) SET src.title = 'RT article', src.kind = 'ARTICLE', src.publishedAt = date('2025-05-26'), src.createdAt = datetime(), src.updatedAt = datetime()
MERGE (ru:Actor {id: 'rt-russia'}) SET ru.name = 'RT Russia', ru.kind = 'STATE', ru.aliases = ['RT RF'], ru.createdAt = datetime(), ru.updatedAt = datetime()
MERGE (p:Actor {id: 'rt-putin'}) SET p.name = 'RT Putin', p.kind = 'PERSON', p.createdAt = datetime(), p.updatedAt = datetime()
MERGE (m:Actor {id: 'rt-medinsky'}) SET m.name = 'RT Medinsky', m.kind = 'PERSON', m.createdAt = datetime(), m.updatedAt = datetime()
MERGE (tr:Location {id: 'rt-turkiye'}) SET tr.name = 'RT Türkiye', tr.kind = 'COUNTRY', tr.createdAt = datetime(), tr.updatedAt = datetime()
MERGE (ist:Location {id: 'rt-istanbul'}) SET ist.name = 'RT Istanbul', ist.kind = 'CITY', ist.createdAt = datetime(), ist.updatedAt = datetime()
MERGE (ist)-[:LOCATED_IN]->(tr)
MERGE (e:Event {id: 'rt-talks'}) SET e.title = 'RT talks', e.kind = 'CONSULT', e.startDate = date('2025-05-16'), e.datePrecision = 'DAY',
  e.figureLabels = ['hours'], e.figureValues = [2.0], e.figureUnits = [''], e.externalIds = ['GDELT:42'], e.createdAt = datetime(), e.updatedAt = datetime()
MERGE (x:Event {id: 'rt-exchange'}) SET x.title = 'RT exchange', x.kind = 'AGREE', x.startDate = date('2025-05-23'), x.createdAt = datetime(), x.updatedAt = datetime()
MERGE (e)-[:OCCURRED_AT]->(ist)
MERGE (e)-[:LED_TO]->(x)
MERGE (m)-[pm:PARTICIPATED_IN]->(e) SET pm.kind = 'PARTICIPANT', pm.role = 'delegation head', pm.sourceIds = ['rt-source'], pm.quote = 'Medinsky led'
MERGE (p)-[pp:PARTICIPATED_IN]->(e) SET pp.kind = 'DECLINED', pp.sourceIds = ['rt-source']
MERGE (p)-[a:AFFILIATED_WITH]->(ru) SET a.role = 'President'
MERGE (e)-[c:CITED_IN {quote: 'talks were held'}]->(src)
MERGE (t:Topic {id: 'rt-ceasefire'}) SET t.name = 'RT ceasefire', t.createdAt = datetime(), t.updatedAt = datetime()
MERGE (f:Forecast {id: 'rt-forecast'}) SET f.statement = 'RT no ceasefire soon', f.horizon = 'SHORT_TERM', f.likelihood = 'LIKELY', f.status = 'OPEN', f.createdAt = datetime(), f.updatedAt = datetime()
MERGE (f)-[:ABOUT]->(t)
MERGE (f)-[:ABOUT]->(ru)
MERGE (f)-[:ISSUED_IN]->(src)
`

func loadReadFixture(t *testing.T, c *Client) {
	t.Helper()
	_, err := neo4j.ExecuteQuery(context.Background(), c.driver, readFixture, nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	// Other suites share the database: leave nothing behind.
	t.Cleanup(func() {
		neo4j.ExecuteQuery(context.Background(), c.driver, "MATCH (n) WHERE n.id STARTS WITH 'rt-' DETACH DELETE n", nil, neo4j.EagerResultTransformer)
	})
}

func f(name string, sub ...Field) Field { return Field{Alias: name, Name: name, Fields: sub} }

func fa(alias, name string, args map[string]any, sub ...Field) Field {
	return Field{Alias: alias, Name: name, Args: args, Fields: sub}
}

func TestGetCompilesNestedSelections(t *testing.T) {
	c := writeTestClient(t)
	loadReadFixture(t, c)
	ctx := context.Background()

	tests := []struct {
		name   string
		typ    eventgraph.NodeType
		id     string
		fields []Field
		want   []string // substrings of the JSON result
	}{
		{"scalars and computed", eventgraph.NodeTypeEvent, "rt-talks",
			[]Field{f("title"), f("startDate"), f("figures", f("label"), f("value")), f("externalIds", f("system"), f("id"))},
			[]string{`"title":"RT talks"`, `"startDate":"2025-05-16"`, `"label":"hours"`, `"system":"GDELT"`, `"id":"42"`}},
		{"participants with edge properties and sources", eventgraph.NodeTypeEvent, "rt-talks",
			[]Field{fa("participants", "participants", map[string]any{"first": int64(10)},
				f("totalCount"), f("edges", f("kind"), f("role"), f("quote"), f("sources", f("title")), f("node", f("name"))))},
			[]string{`"totalCount":2`, `"role":"delegation head"`, `"kind":"DECLINED"`, `"title":"RT article"`, `"name":"RT Medinsky"`}},
		{"aliases with different arguments stay apart", eventgraph.NodeTypeEvent, "rt-talks",
			[]Field{
				fa("one", "participants", map[string]any{"first": int64(1)}, f("edges", f("node", f("name")))),
				fa("declined", "participants", map[string]any{"first": int64(5), "where": map[string]any{"kinds": []any{"DECLINED"}}}, f("edges", f("node", f("name")))),
			},
			[]string{`"one":{"edges":[{"node":{"id":"rt-medinsky","name":"RT Medinsky"}},{"node":`, `"declined":{"edges":[{"node":{"id":"rt-putin"`}},
		{"location chain and consequences", eventgraph.NodeTypeEvent, "rt-talks",
			[]Field{f("location", f("name"), f("parent", f("name"))), fa("ledTo", "ledTo", nil, f("edges", f("node", f("title"))))},
			[]string{`"name":"RT Istanbul"`, `"parent":{"id":"rt-turkiye","name":"RT Türkiye"}`, `"title":"RT exchange"`}},
		{"polymorphic forecast subjects", eventgraph.NodeTypeForecast, "rt-forecast",
			[]Field{f("probability"), {Alias: "about", Name: "about", ByType: map[eventgraph.NodeType][]Field{eventgraph.NodeTypeActor: {f("name")}, eventgraph.NodeTypeTopic: {f("name")}}}},
			[]string{`"likelihood":"LIKELY"`, `"__typename":"Topic"`, `"__typename":"Actor"`, `"name":"RT ceasefire"`}},
		{"source citations", eventgraph.NodeTypeSource, "rt-source",
			[]Field{fa("citations", "citations", nil, f("edges", f("quote"), Field{Alias: "node", Name: "node", ByType: map[eventgraph.NodeType][]Field{eventgraph.NodeTypeEvent: {f("title")}}}))},
			[]string{`"quote":"talks were held"`, `"title":"RT talks"`}},
		{"location events reach down the hierarchy", eventgraph.NodeTypeLocation, "rt-turkiye",
			[]Field{fa("events", "events", nil, f("totalCount"), f("edges", f("node", f("title"))))},
			[]string{`"totalCount":1`, `"title":"RT talks"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := c.getJSON(ctx, tt.typ, tt.id, tt.fields)
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(raw), w) {
					t.Errorf("result lacks %s:\n%s", w, raw)
				}
			}
		})
	}
}

func TestListFiltersAndCountsInOneRoundTrip(t *testing.T) {
	c := writeTestClient(t)
	loadReadFixture(t, c)
	ctx := context.Background()
	before := c.RoundTrips()
	raw, err := c.listJSON(ctx, eventgraph.NodeTypeEvent, Field{Args: map[string]any{
		"first": int64(1),
		"where": map[string]any{"participantsAny": []any{"rt-medinsky"}, "locationId": "rt-turkiye", "from": "2025-05-01"},
	}, Fields: []Field{f("totalCount"), f("edges", f("node", f("title"), fa("participants", "participants", nil, f("edges", f("node", f("name"))))))}})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if got := c.RoundTrips() - before; got != 1 {
		t.Errorf("round trips = %d, want 1", got)
	}
	var out struct {
		TotalCount int
		Edges      []json.RawMessage
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if out.TotalCount != 1 || len(out.Edges) != 1 || !strings.Contains(string(out.Edges[0]), "RT Medinsky") {
		t.Errorf("unexpected page: %s", raw)
	}
}

func TestSubgraphs(t *testing.T) {
	c := writeTestClient(t)
	loadReadFixture(t, c)
	ctx := context.Background()
	g, err := subgraphOf(c.Neighborhood(ctx, "rt-talks", 2, 50, nil, nil, true))
	if err != nil {
		t.Fatalf("neighborhood: %v", err)
	}
	ids := map[string]bool{}
	for _, n := range g.Nodes {
		ids[n.ID] = true
	}
	for _, want := range []string{"rt-talks", "rt-medinsky", "rt-putin", "rt-istanbul", "rt-turkiye", "rt-russia", "rt-exchange", "rt-source"} {
		if !ids[want] {
			t.Errorf("neighbourhood lacks %s", want)
		}
	}
	if len(g.Edges) == 0 {
		t.Error("neighbourhood has no edges")
	}
	p, err := subgraphOf(c.Path(ctx, "rt-medinsky", "rt-russia", 6))
	if err != nil {
		t.Fatalf("path: %v", err)
	}
	if p == nil || len(p.Nodes) != 4 {
		t.Fatalf("path medinsky -> russia should run through the talks and Putin, got %+v", p)
	}
	// Provenance is not a connection: the source joins the talks only by CITED_IN.
	none, err := subgraphOf(c.Path(ctx, "rt-source", "rt-talks", 6))
	if err != nil || none != nil {
		t.Errorf("path through provenance: %+v, %v; want none", none, err)
	}
}

// The neighbourhood finds the edges among its nodes from the light end of
// each edge, or by checking pairs of dense nodes type by type. Whichever
// way each node goes, the edges must be exactly those among the nodes.
func TestNeighborhoodEdgesWhateverTheDensity(t *testing.T) {
	c := writeTestClient(t)
	loadReadFixture(t, c)
	ctx := context.Background()
	for _, dense := range []int{0, 1, 2, 3, 4, 1 << 30} {
		c.denseDegree = dense
		g, err := subgraphOf(c.Neighborhood(ctx, "rt-talks", 2, 50, nil, nil, true))
		if err != nil {
			t.Fatalf("dense %d: %v", dense, err)
		}
		// Without properties, the same nodes and edges, drawn the same.
		bare, err := subgraphOf(c.Neighborhood(ctx, "rt-talks", 2, 50, nil, nil, false))
		if err != nil {
			t.Fatalf("dense %d, no properties: %v", dense, err)
		}
		if got, want := drawn(bare), drawn(g); got != want {
			t.Errorf("dense %d: without properties\n%s\nwith\n%s", dense, got, want)
		}
		for _, n := range bare.Nodes {
			if len(n.Properties) != 0 {
				t.Errorf("dense %d: %s has properties %v", dense, n.ID, n.Properties)
			}
		}
		if len(g.Nodes[0].Properties) == 0 {
			t.Errorf("dense %d: %s has no properties", dense, g.Nodes[0].ID)
		}
		var ids []string
		for _, n := range g.Nodes {
			ids = append(ids, n.ID)
		}
		want := map[string]bool{}
		for _, row := range cypher(t, c, `MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids RETURN elementId(r) AS r`, map[string]any{"ids": ids}) {
			want[row["r"].(string)] = true
		}
		got := map[string]bool{}
		for _, e := range g.Edges {
			if got[e.ID] {
				t.Errorf("dense %d: edge %s twice", dense, e.ID)
			}
			got[e.ID] = true
		}
		if len(got) != len(want) || len(want) == 0 {
			t.Errorf("dense %d: %d edges, want %d", dense, len(got), len(want))
		}
		for id := range want {
			if !got[id] {
				t.Errorf("dense %d: edge %s missing", dense, id)
			}
		}
	}
}

// The timeline seeks the start-date index from `from` less the longest
// event's span, which ingest keeps in spanDays. A long event that began
// years before `from` must still be found, also after an update moved its
// start without restating its end.
func TestEventsOverlappingARangeIncludeLongOnes(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	ev := func(id, start, end string) *model.EventInput {
		e := &model.EventInput{ID: sp(p + id), Title: id, Kind: model.EventKindCoerce, StartDate: dp(start),
			Participants: []*model.ParticipantInput{{ActorID: p + "a", Kind: model.ParticipationKindInitiator}}}
		if end != "" {
			e.EndDate = dp(end)
		}
		return e
	}
	in := model.IngestInput{
		Actors: []*model.ActorInput{{ID: sp(p + "a"), Name: "A", Kind: model.ActorKindState}},
		Events: []*model.EventInput{
			ev("war", "2022-02-24", "2025-12-31"),
			ev("before", "2025-04-01", "2025-04-30"),
			ev("inside", "2025-05-16", ""),
			ev("straddle", "2025-05-30", "2025-06-02"),
			ev("after", "2025-07-01", ""),
		},
	}
	if _, err := c.Ingest(ctx, in, false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	page := func(kinds []any, from, to string, dir string) string {
		t.Helper()
		w := map[string]any{"ids": []any{p + "war", p + "before", p + "inside", p + "straddle", p + "after"}, "from": from}
		if to != "" {
			w["to"] = to
		}
		if kinds != nil {
			w["kinds"] = kinds
		}
		return listIDs(t, c, eventgraph.NodeTypeEvent, p, w, "START_DATE", dir)
	}
	for _, tc := range []struct {
		name     string
		kinds    []any
		from, to string
		dir      string
		want     string
	}{
		{"one kind, ascending", []any{"COERCE"}, "2025-05-01", "2025-05-31", "ASC", "war inside straddle"},
		{"one kind, descending", []any{"COERCE"}, "2025-05-01", "2025-05-31", "DESC", "straddle inside war"},
		{"two kinds", []any{"COERCE", "ASSAULT"}, "2025-05-01", "2025-05-31", "ASC", "war inside straddle"},
		{"any kind, from only", nil, "2025-06-01", "", "ASC", "war straddle after"},
		{"another kind", []any{"ASSAULT"}, "2025-05-01", "2025-05-31", "ASC", ""},
	} {
		if got := page(tc.kinds, tc.from, tc.to, tc.dir); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// Move a short event's start back six years without restating its end:
	// it becomes the longest event, and must be found near its end.
	in = model.IngestInput{Events: []*model.EventInput{{ID: sp(p + "before"), Title: "before", Kind: model.EventKindCoerce, StartDate: dp("2019-01-01")}}}
	if _, err := c.Ingest(ctx, in, false); err != nil {
		t.Fatalf("update: %v", err)
	}
	if got := page([]any{"COERCE"}, "2025-04-15", "2025-04-20", "ASC"); got != "before war" {
		t.Errorf("after moving the start: got %q, want %q", got, "before war")
	}
}

// The forecast list reads (status, horizon, windowSort) in index order;
// windowSort stands for the window end with open windows last, as Cypher
// orders nulls, and must follow updates that clear the end.
func TestForecastListOrdersByWindowEnd(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	fc := func(id string, h model.Horizon, src, end string, status model.ForecastStatus) *model.ForecastInput {
		f := &model.ForecastInput{ID: sp(p + id), Statement: id, Horizon: h, Likelihood: model.LikelihoodLikely,
			AboutIds: []string{p + "topic"}, SourceID: p + src, Status: &status}
		if end != "" {
			// Windows that end long after today: OPEN reads OPEN, not OVERDUE.
			f.WindowStart, f.WindowEnd = dp("2025-05-26"), dp(end)
		}
		if status != model.ForecastStatusOpen {
			f.ResolvedAt = dp("2025-06-01") // a resolution is dated (eventgraph.CheckResolution)
		}
		return f
	}
	in := model.IngestInput{
		Sources: []*model.SourceInput{{ID: sp(p + "dated"), Title: "Dated", PublishedAt: dp("2025-05-26"), Kind: model.SourceKindArticle},
			{ID: sp(p + "undated"), Title: "Undated", Kind: model.SourceKindNote}},
		Topics: []*model.TopicInput{{ID: sp(p + "topic"), Name: "Topic"}},
		Forecasts: []*model.ForecastInput{
			fc("a", model.HorizonShortTerm, "dated", "2099-07-01", model.ForecastStatusOpen),
			fc("b", model.HorizonShortTerm, "dated", "2099-06-15", model.ForecastStatusOpen),
			fc("c", model.HorizonShortTerm, "undated", "", model.ForecastStatusOpen),
			fc("d", model.HorizonMediumTerm, "dated", "2099-08-01", model.ForecastStatusOpen),
			fc("e", model.HorizonShortTerm, "dated", "2099-06-20", model.ForecastStatusWithdrawn),
		},
	}
	if _, err := c.Ingest(ctx, in, false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	page := func(statuses, horizons []any, dir string) string {
		t.Helper()
		w := map[string]any{"aboutIds": []any{p + "topic"}}
		if statuses != nil {
			w["statuses"] = statuses
		}
		if horizons != nil {
			w["horizons"] = horizons
		}
		return listIDs(t, c, eventgraph.NodeTypeForecast, p, w, "WINDOW_END", dir)
	}
	open, short := []any{"OPEN"}, []any{"SHORT_TERM"}
	for _, tc := range []struct {
		name               string
		statuses, horizons []any
		dir, want          string
	}{
		{"one status and horizon", open, short, "ASC", "b a c"},
		{"one status and horizon, descending", open, short, "DESC", "c a b"},
		{"two horizons", open, []any{"SHORT_TERM", "MEDIUM_TERM"}, "ASC", "b a d c"},
		{"any status or horizon", nil, nil, "ASC", "b e a d c"},
		{"one status, any horizon", []any{"WITHDRAWN"}, nil, "ASC", "e"},
	} {
		if got := page(tc.statuses, tc.horizons, tc.dir); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// A long-term horizon has no window end: b's is cleared and b moves to
	// the open windows at the end.
	in = model.IngestInput{Forecasts: []*model.ForecastInput{{ID: sp(p + "b"), Statement: "b", Horizon: model.HorizonLongTerm,
		Likelihood: model.LikelihoodLikely, AboutIds: []string{p + "topic"}, SourceID: p + "dated"}}}
	if _, err := c.Ingest(ctx, in, false); err != nil {
		t.Fatalf("update: %v", err)
	}
	if got := page(nil, nil, "ASC"); got != "e a d b c" {
		t.Errorf("after clearing b's end: got %q, want %q", got, "e a d b c")
	}
}

// subgraphOf is a neighbourhood's or path's value as the model, decoded as
// a mutation payload's would be.
func subgraphOf(v any, err error) (*model.Subgraph, error) {
	if err != nil {
		return nil, err
	}
	return Decode[model.Subgraph](v)
}

// drawn is what a client draws of a subgraph: nodes with their type and
// label, edges with their ends, in a stable order.
func drawn(g *model.Subgraph) string {
	var lines []string
	for _, n := range g.Nodes {
		lines = append(lines, fmt.Sprintf("node %s %s %q", n.ID, n.Type, n.Label))
	}
	for _, e := range g.Edges {
		lines = append(lines, fmt.Sprintf("edge %s %s %s->%s", e.ID, e.Type, e.Source, e.Target))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// The neighbourhood checks edges between dense nodes only for the
// relationship types and labels in the relationships table; an edge of
// another kind would be missed, so the database must hold none. The sample
// batch of the ingest tests writes every kind there is.
func TestRelationshipEnds(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	if _, err := c.Ingest(context.Background(), sampleBatch(p), false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	loadReadFixture(t, c)
	rows := cypher(t, c, `MATCH (a)-[r]->(b) RETURN DISTINCT type(r) AS t, labels(a) AS from, labels(b) AS to`, nil)
	types := map[string]bool{}
	for _, row := range rows {
		typ := row["t"].(string)
		types[typ] = true
		from, to := row["from"].([]any), row["to"].([]any)
		ok := false
		for _, r := range relationships {
			if r.typ == typ && (r.from == "" || slices.Contains(from, any(r.from))) && (r.to == "" || slices.Contains(to, any(r.to))) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%v-[:%s]->%v is not in the relationships table", from, typ, to)
		}
	}
	for _, r := range relationships {
		if !types[r.typ] {
			t.Errorf("no %s in the database: the test batch should write every kind", r.typ)
		}
	}
}

// listIDs lists the ids of a root list of typ filtered by where, in the
// order asked, without the test's prefix p, space-separated.
func listIDs(t *testing.T, c *Client, typ eventgraph.NodeType, p string, where map[string]any, field, dir string) string {
	t.Helper()
	raw, err := c.listJSON(context.Background(), typ, Field{Args: map[string]any{"where": where, "orderBy": map[string]any{"field": field, "direction": dir}},
		Fields: []Field{f("edges", f("node", f("id")))}})
	if err != nil {
		t.Fatalf("list %s: %v", typ, err)
	}
	var out struct {
		Edges []struct{ Node struct{ ID string } }
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range out.Edges {
		ids = append(ids, strings.TrimPrefix(e.Node.ID, p))
	}
	return strings.Join(ids, " ")
}
