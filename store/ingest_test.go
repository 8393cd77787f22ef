package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// writeTestClient connects to the Neo4j the project's scripts started and
// applies the migrations. There is no skip: without a database the write
// tests fail, as they should.
func writeTestClient(t testing.TB) *Client {
	t.Helper()
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s: %v", cfg.URI, err)
	}
	if err := c.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

var prefixSeq atomic.Int64

// testPrefix is a fresh id prefix for one test, so that tests neither see
// each other's data nor data already in the database. Its nodes are deleted
// when the test ends.
func testPrefix(t *testing.T, c *Client) string {
	t.Helper()
	p := fmt.Sprintf("wt%s%d-", strconv.FormatInt(time.Now().UnixNano()%1e12, 36), prefixSeq.Add(1))
	t.Cleanup(func() {
		cypher(t, c, `MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n`, map[string]any{"p": p})
	})
	return p
}

// cypher runs a plain query, for setting up and for reading back what the
// store wrote without going through the store.
func cypher(t testing.TB, c *Client, q string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), c.driver, q, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(c.database))
	if err != nil {
		t.Fatalf("cypher %q: %v", q, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// graphCounts is the number of nodes and relationships whose nodes carry
// the prefix.
func graphCounts(t *testing.T, c *Client, prefix string) (nodes, rels int64) {
	t.Helper()
	r := cypher(t, c, `RETURN COUNT { MATCH (n) WHERE n.id STARTS WITH $p } AS nodes,
		COUNT { MATCH (m)-[r]->() WHERE m.id STARTS WITH $p } AS rels`,
		map[string]any{"p": prefix})
	return r[0]["nodes"].(int64), r[0]["rels"].(int64)
}

func sp(s string) *string   { return &s }
func fp(f float64) *float64 { return &f }
func dp(s string) *eventgraph.Date {
	d, err := eventgraph.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// sampleBatch is a small batch that uses every kind of node and every
// relationship ingest writes, with ids under prefix p.
func sampleBatch(p string) model.IngestInput {
	pd := model.DatePrecisionDay
	open := model.ForecastStatusOpen
	return model.IngestInput{
		Sources: []*model.SourceInput{
			{ID: sp(p + "article"), Title: "Direct talks", Author: sp("Andrea Stauder"), PublishedAt: dp("2025-05-26"), Kind: model.SourceKindArticle},
		},
		Actors: []*model.ActorInput{
			// Entity resolution would take the sample's actors and places for
			// the seed's, which shares the database: they lie in ZZZ (a code
			// ISO 3166 leaves to users) and carry codes no one else has.
			{ID: sp(p + "russia"), Name: "Russia", Kind: model.ActorKindState, CountryCode: sp("ZZZ"), Codes: []string{"ZZZRUS"},
				Citations: []*model.CitationInput{{SourceID: p + "article", Quote: sp("Russia wants")}}},
			{ID: sp(p + "zelenskyy"), Name: "Volodymyr Zelenskyy", Kind: model.ActorKindPerson, Aliases: []string{"Zelensky", "Selenskyj"}, CountryCode: sp("ZZZ")},
			{ID: sp(p + "medinsky"), Name: "Vladimir Medinsky", Kind: model.ActorKindPerson, CountryCode: sp("ZZZ")},
		},
		Locations: []*model.LocationInput{
			// The city comes before its country: references within a batch
			// do not depend on order.
			{ID: sp(p + "istanbul"), Name: "Istanbul", Kind: model.LocationKindCity, Latitude: fp(41.0082), Longitude: fp(28.9784), ParentID: sp(p + "turkiye"), CountryCode: sp("ZZZ")},
			{ID: sp(p + "turkiye"), Name: "Türkiye", Kind: model.LocationKindCountry, CountryCode: sp("ZZZ")},
		},
		Topics: []*model.TopicInput{
			{ID: sp(p + "ceasefire"), Name: "Ceasefire"},
		},
		Events: []*model.EventInput{
			{ID: sp(p + "talks"), Title: "Istanbul talks", Kind: model.EventKindConsult, StartDate: dp("2025-05-16"), DatePrecision: &pd,
				Contexts:    []string{"diplomatic"},
				Figures:     []*model.FigureInput{{Label: "duration", Value: 2, Unit: sp("hours")}, {Label: "delegations", Value: 2}},
				ExternalIds: []*model.ExternalIDInput{{System: "GDELT", ID: "1234567"}},
				Participants: []*model.ParticipantInput{
					{ActorID: p + "medinsky", Kind: model.ParticipationKindParticipant, Role: sp("delegation head"), SourceIds: []string{p + "article"}, Quote: sp("Medinsky led")},
					{ActorID: p + "zelenskyy", Kind: model.ParticipationKindDeclined},
				},
				LocationID: sp(p + "istanbul"), LedToIds: []string{p + "exchange"}, TopicIds: []string{p + "ceasefire"},
				Citations: []*model.CitationInput{{SourceID: p + "article", Quote: sp("talks lasted under two hours")}, {SourceID: p + "article"}}},
			{ID: sp(p + "exchange"), Title: "Prisoner exchange", Kind: model.EventKindAgree, StartDate: dp("2025-05-23"), ParentID: sp(p + "talks")},
		},
		Positions: []*model.PositionInput{
			{ID: sp(p + "ru-demands"), ActorID: p + "russia", TopicID: p + "ceasefire", Stance: model.StanceDemands, Statement: "root causes first"},
			{ID: sp(p + "ua-rejects"), ActorID: p + "zelenskyy", TopicID: p + "ceasefire", Stance: model.StanceRejects, Statement: "no", RespondsToIds: []string{p + "ru-demands"}},
		},
		Forecasts: []*model.ForecastInput{
			{ID: sp(p + "no-ceasefire"), Statement: "No ceasefire soon", Horizon: model.HorizonShortTerm, Likelihood: model.LikelihoodLikely, Status: &open,
				AboutIds: []string{p + "ceasefire", p + "russia", p + "talks"}, SourceID: p + "article", ResolvedByID: sp(p + "exchange")},
		},
		Affiliations: []*model.AffiliationInput{
			{ActorID: p + "medinsky", WithID: p + "russia", Role: sp("delegation head"), ValidFrom: dp("2025-05-16"), SourceIds: []string{p + "article"}},
		},
	}
}

// sampleRelationships is the number of relationships sampleBatch creates:
// 1 actor citation, 1 LOCATED_IN, 2 PARTICIPATED_IN, 1 OCCURRED_AT, 1 LED_TO,
// 1 CONCERNS, 1 event citation (the one without a quote is satisfied by the
// quoted one of the same source), 1 PART_OF, 2 HOLDS, 2 ON, 1 RESPONDS_TO,
// 3 ABOUT, 1 ISSUED_IN, 1 RESOLVED_BY, 1 AFFILIATED_WITH.
const sampleRelationships = 20

func counts(r *model.IngestResult) map[eventgraph.NodeType][3]int {
	out := map[eventgraph.NodeType][3]int{}
	for _, c := range r.Counts {
		out[c.Type] = [3]int{c.Created, c.Updated, c.Unchanged}
	}
	return out
}

func TestIngestReplayIsIdempotent(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()

	first, err := c.Ingest(ctx, sampleBatch(p), false)
	if err != nil {
		t.Fatalf("first ingest: %v", err)
	}
	want := map[eventgraph.NodeType][3]int{
		eventgraph.NodeTypeActor: {3, 0, 0}, eventgraph.NodeTypeEvent: {2, 0, 0}, eventgraph.NodeTypeLocation: {2, 0, 0},
		eventgraph.NodeTypeTopic: {1, 0, 0}, eventgraph.NodeTypePosition: {2, 0, 0}, eventgraph.NodeTypeForecast: {1, 0, 0},
		eventgraph.NodeTypeSource: {1, 0, 0},
	}
	if got := counts(first); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("first ingest counts = %v, want %v", got, want)
	}
	if first.Created != 12 || first.Updated != 0 || first.Unchanged != 0 {
		t.Errorf("first ingest totals = %d/%d/%d, want 12/0/0", first.Created, first.Updated, first.Unchanged)
	}
	if first.RelationshipsCreated != sampleRelationships {
		t.Errorf("first ingest relationshipsCreated = %d, want %d", first.RelationshipsCreated, sampleRelationships)
	}
	if first.Bookmark == nil || *first.Bookmark == "" || first.ValidateOnly {
		t.Errorf("first ingest: bookmark %v, validateOnly %v; want a bookmark and false", first.Bookmark, first.ValidateOnly)
	}
	nodes, rels := graphCounts(t, c, p)
	if nodes != 12 || rels != sampleRelationships {
		t.Errorf("graph after first ingest: %d nodes, %d relationships; want 12, %d", nodes, rels, sampleRelationships)
	}
	stamps := func() map[string]string {
		out := map[string]string{}
		for _, r := range cypher(t, c, `MATCH (n) WHERE n.id STARTS WITH $p RETURN n.id AS id, toString(n.updatedAt) AS u, toString(n.createdAt) AS c`, map[string]any{"p": p}) {
			out[r["id"].(string)] = r["u"].(string) + " " + r["c"].(string)
		}
		return out
	}
	before := stamps()

	for replay := 1; replay <= 2; replay++ {
		again, err := c.Ingest(ctx, sampleBatch(p), false)
		if err != nil {
			t.Fatalf("replay %d: %v", replay, err)
		}
		for _, ct := range again.Counts {
			if ct.Created != 0 || ct.Updated != 0 || ct.Unchanged != want[ct.Type][0] {
				t.Errorf("replay %d: %s counts %d/%d/%d, want 0/0/%d", replay, ct.Type, ct.Created, ct.Updated, ct.Unchanged, want[ct.Type][0])
			}
		}
		if again.Created != 0 || again.Updated != 0 || again.Unchanged != 12 || again.RelationshipsCreated != 0 {
			t.Errorf("replay %d totals: created %d updated %d unchanged %d relationshipsCreated %d, want 0 0 12 0",
				replay, again.Created, again.Updated, again.Unchanged, again.RelationshipsCreated)
		}
		if n, r := graphCounts(t, c, p); n != nodes || r != rels {
			t.Errorf("replay %d: graph has %d nodes, %d relationships; want %d, %d", replay, n, r, nodes, rels)
		}
		if after := stamps(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("replay %d moved timestamps:\nbefore %v\nafter  %v", replay, before, after)
		}
	}
}

func TestIngestStoresTheModel(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	if _, err := c.Ingest(context.Background(), sampleBatch(p), false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	checks := []struct {
		name, cypher string
		want         string
	}{
		{"actor properties", `MATCH (n:Actor {id: $p + 'zelenskyy'}) RETURN n.name, n.kind, n.aliases, n.aliasText, n.description IS NULL`,
			`[Volodymyr Zelenskyy PERSON [Zelensky Selenskyj] Zelensky | Selenskyj true]`},
		{"actor codes and country", `MATCH (n:Actor {id: $p + 'russia'}) RETURN n.codes, n.countryCode`, `[[ZZZRUS] ZZZ]`},
		{"timestamps are datetimes", `MATCH (n:Actor {id: $p + 'russia'}) RETURN valueType(n.createdAt), valueType(n.updatedAt)`,
			`[ZONED DATETIME NOT NULL ZONED DATETIME NOT NULL]`},
		{"event properties", `MATCH (n:Event {id: $p + 'talks'}) RETURN n.title, n.kind, n.contexts, toString(n.startDate), valueType(n.startDate), n.datePrecision, n.endDate IS NULL`,
			`[Istanbul talks CONSULT [diplomatic] 2025-05-16 DATE NOT NULL DAY true]`},
		{"event figures", `MATCH (n:Event {id: $p + 'talks'}) RETURN n.figureLabels, n.figureValues, n.figureUnits`,
			`[[duration delegations] [2 2] [hours ]]`},
		{"event external ids", `MATCH (n:Event {id: $p + 'talks'}) RETURN n.externalIds`, `[[GDELT:1234567]]`},
		{"event without precision gets DAY", `MATCH (n:Event {id: $p + 'exchange'}) RETURN n.datePrecision`, `[DAY]`},
		{"location", `MATCH (n:Location {id: $p + 'istanbul'})-[:LOCATED_IN]->(c:Location) RETURN n.latitude, n.longitude, n.kind, c.id = $p + 'turkiye'`,
			`[41.0082 28.9784 CITY true]`},
		{"source date", `MATCH (n:Source {id: $p + 'article'}) RETURN n.title, n.author, valueType(n.publishedAt), n.kind`,
			`[Direct talks Andrea Stauder DATE NOT NULL ARTICLE]`},
		{"participations", `MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:Event {id: $p + 'talks'}) WITH a, r ORDER BY a.name RETURN collect([a.name, r.kind, r.role, r.sourceIds, r.quote])`,
			fmt.Sprintf(`[[[Vladimir Medinsky PARTICIPANT delegation head [%sarticle] Medinsky led] [Volodymyr Zelenskyy DECLINED <nil> [] <nil>]]]`, p)},
		{"event links", `MATCH (e:Event {id: $p + 'talks'}) RETURN [(e)-[:OCCURRED_AT]->(l) | l.id] = [$p + 'istanbul'], [(e)-[:LED_TO]->(x) | x.id] = [$p + 'exchange'],
			[(e)-[:CONCERNS]->(x) | x.id] = [$p + 'ceasefire'], [(x)-[:PART_OF]->(e) | x.id] = [$p + 'exchange']`, `[true true true true]`},
		{"citations", `MATCH (e:Event {id: $p + 'talks'})-[r:CITED_IN]->(s:Source) WITH r ORDER BY r.quote RETURN collect(coalesce(r.quote, '-'))`,
			`[[talks lasted under two hours]]`},
		{"positions", `MATCH (a:Actor)-[:HOLDS]->(n:Position {id: $p + 'ua-rejects'})-[:ON]->(t:Topic), (n)-[:RESPONDS_TO]->(o:Position)
			RETURN a.id = $p + 'zelenskyy', t.id = $p + 'ceasefire', o.id = $p + 'ru-demands', n.stance, n.statement`, `[true true true REJECTS no]`},
		{"forecast", `MATCH (f:Forecast {id: $p + 'no-ceasefire'}) RETURN f.horizon, f.likelihood, f.status, toString(f.windowStart), toString(f.windowEnd),
			size([(f)-[:ABOUT]->(x) | x]), [(f)-[:ISSUED_IN]->(s) | s.id] = [$p + 'article'], [(f)-[:RESOLVED_BY]->(e) | e.id] = [$p + 'exchange']`,
			`[SHORT_TERM LIKELY OPEN 2025-05-26 2025-08-26 3 true true]`},
		{"affiliation", `MATCH (:Actor {id: $p + 'medinsky'})-[r:AFFILIATED_WITH]->(:Actor {id: $p + 'russia'}) RETURN r.role, toString(r.validFrom), r.validTo IS NULL, r.sourceIds = [$p + 'article']`,
			`[delegation head 2025-05-16 true true]`},
		{"full-text finds an alias", `CALL db.index.fulltext.queryNodes('kg_fulltext_actor', 'Zelensky') YIELD node WHERE node.id = $p + 'zelenskyy' RETURN count(node)`, `[1]`},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			res, err := neo4j.ExecuteQuery(context.Background(), c.driver, tc.cypher, map[string]any{"p": p}, neo4j.EagerResultTransformer)
			if err != nil {
				t.Fatalf("%v", err)
			}
			if len(res.Records) != 1 {
				t.Fatalf("%d records, want 1", len(res.Records))
			}
			if got := fmt.Sprint(res.Records[0].Values); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// inputErrors asserts that err is BAD_USER_INPUT input errors and returns
// them keyed by path.
func inputErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want BAD_USER_INPUT")
	}
	var es eventgraph.InputErrors
	if !errors.As(err, &es) {
		t.Fatalf("error %v (%T) is not InputErrors", err, err)
	}
	if code := eventgraph.ErrorCode(err); code != eventgraph.CodeBadUserInput {
		t.Fatalf("code %s, want BAD_USER_INPUT", code)
	}
	out := map[string]string{}
	for _, e := range es {
		if e.Code != eventgraph.CodeBadUserInput {
			t.Errorf("%s: code %s, want BAD_USER_INPUT", e.Path, e.Code)
		}
		out[e.Path] = e.Message
	}
	return out
}

func TestIngestValidation(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	// Something already in the graph, for references to it.
	if _, err := c.Ingest(ctx, model.IngestInput{
		Topics: []*model.TopicInput{{ID: sp(p + "graph-topic"), Name: "Graph topic"}},
		Actors: []*model.ActorInput{{ID: sp(p + "graph-actor"), Name: "Graph actor", Kind: model.ActorKindGroup}},
	}, false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	base, _ := graphCounts(t, c, p)

	// References to a node whose id is unusable dangle: they are reported too.
	refsToRussia := []string{"input.positions[0].actorId", "input.forecasts[0].aboutIds[1]", "input.affiliations[0].withId"}
	refsToCeasefire := []string{"input.events[0].topicIds[0]", "input.positions[0].topicId", "input.positions[1].topicId", "input.forecasts[0].aboutIds[0]"}
	tests := []struct {
		name     string
		mutate   func(in *model.IngestInput)
		path     string
		contains string
		also     []string // further paths with errors
	}{
		{"blank name", func(in *model.IngestInput) { in.Actors[1].Name = "  " }, "input.actors[1].name", "must not be blank", nil},
		{"blank title", func(in *model.IngestInput) { in.Events[0].Title = "" }, "input.events[0].title", "must not be blank", nil},
		{"blank statement", func(in *model.IngestInput) { in.Forecasts[0].Statement = "" }, "input.forecasts[0].statement", "must not be blank", nil},
		{"bad id", func(in *model.IngestInput) { in.Actors[0].ID = sp("Not A Slug") }, "input.actors[0].id", "not a valid id", refsToRussia},
		{"id too long", func(in *model.IngestInput) { in.Topics[0].ID = sp(p + strings.Repeat("a", 130)) }, "input.topics[0].id", "not a valid id", refsToCeasefire},
		{"no id can be generated", func(in *model.IngestInput) { in.Topics[0].ID = nil; in.Topics[0].Name = "!!!" }, "input.topics[0].id", "give an id", refsToCeasefire},
		{"same id twice", func(in *model.IngestInput) { in.Actors[2].ID = sp(p + "russia") }, "input.actors[2].id", "appears twice",
			[]string{"input.events[0].participants[0].actorId", "input.affiliations[0].actorId"}}, // Medinsky is gone
		{"same generated id twice", func(in *model.IngestInput) {
			in.Topics = append(in.Topics, &model.TopicInput{Name: "Peace"}, &model.TopicInput{Name: "peace!"})
		}, "input.topics[2].id", "appears twice", nil},
		{"end before start", func(in *model.IngestInput) { in.Events[0].EndDate = dp("2025-05-01") }, "input.events[0].endDate", "before startDate", nil},
		{"validTo before validFrom", func(in *model.IngestInput) {
			in.Positions[0].ValidFrom, in.Positions[0].ValidTo = dp("2025-02-01"), dp("2025-01-01")
		},
			"input.positions[0].validTo", "before validFrom", nil},
		{"window end before start", func(in *model.IngestInput) {
			in.Forecasts[0].WindowStart, in.Forecasts[0].WindowEnd = dp("2025-02-01"), dp("2025-01-01")
		},
			"input.forecasts[0].windowEnd", "before windowStart", nil},
		{"latitude", func(in *model.IngestInput) { in.Locations[0].Latitude = fp(91) }, "input.locations[0].latitude", "between -90 and 90", nil},
		{"longitude", func(in *model.IngestInput) { in.Locations[0].Longitude = fp(-180.5) }, "input.locations[0].longitude", "between -180 and 180", nil},
		{"country code", func(in *model.IngestInput) { in.Actors[0].CountryCode = sp("ru") }, "input.actors[0].countryCode", "three upper-case letters", nil},
		{"location country code", func(in *model.IngestInput) { in.Locations[1].CountryCode = sp("TR") }, "input.locations[1].countryCode", "three upper-case letters", nil},
		{"blank figure label", func(in *model.IngestInput) { in.Events[0].Figures[1].Label = " " }, "input.events[0].figures[1].label", "label must not be blank", nil},
		{"external id system with colon", func(in *model.IngestInput) { in.Events[0].ExternalIds[0].System = "A:B" }, "input.events[0].externalIds[0].system", "without ':'", nil},
		{"unknown enum", func(in *model.IngestInput) { in.Actors[0].Kind = "EMPIRE" }, "input.actors[0].kind", "not a valid kind", nil},
		{"unknown participant", func(in *model.IngestInput) { in.Events[0].Participants[1].ActorID = p + "nobody" }, "input.events[0].participants[1].actorId", "no Actor with id", nil},
		{"participant twice", func(in *model.IngestInput) { in.Events[0].Participants[1].ActorID = p + "medinsky" }, "input.events[0].participants[1].actorId", "listed twice", nil},
		{"participant source", func(in *model.IngestInput) { in.Events[0].Participants[0].SourceIds = []string{p + "nope"} }, "input.events[0].participants[0].sourceIds[0]", "no Source", nil},
		{"unknown location", func(in *model.IngestInput) { in.Events[0].LocationID = sp(p + "atlantis") }, "input.events[0].locationId", "no Location", nil},
		{"location parent", func(in *model.IngestInput) { in.Locations[0].ParentID = sp(p + "nowhere") }, "input.locations[0].parentId", "no Location", nil},
		{"event parent", func(in *model.IngestInput) { in.Events[1].ParentID = sp(p + "nothing") }, "input.events[1].parentId", "no Event", nil},
		{"event is its own parent", func(in *model.IngestInput) { in.Events[1].ParentID = sp(p + "exchange") }, "input.events[1].parentId", "part of itself", nil},
		{"led to", func(in *model.IngestInput) { in.Events[0].LedToIds = []string{p + "exchange", p + "war"} }, "input.events[0].ledToIds[1]", "no Event", nil},
		{"topic", func(in *model.IngestInput) { in.Events[0].TopicIds = []string{p + "nope"} }, "input.events[0].topicIds[0]", "no Topic", nil},
		{"position actor", func(in *model.IngestInput) { in.Positions[0].ActorID = p + "nobody" }, "input.positions[0].actorId", "no Actor", nil},
		{"position topic", func(in *model.IngestInput) { in.Positions[0].TopicID = "" }, "input.positions[0].topicId", "an id is required", nil},
		{"responds to", func(in *model.IngestInput) { in.Positions[1].RespondsToIds = []string{p + "nope"} }, "input.positions[1].respondsToIds[0]", "no Position", nil},
		{"about", func(in *model.IngestInput) { in.Forecasts[0].AboutIds = []string{p + "article"} }, "input.forecasts[0].aboutIds[0]", "no Actor or Event or Topic", nil},
		{"forecast source", func(in *model.IngestInput) { in.Forecasts[0].SourceID = p + "russia" }, "input.forecasts[0].sourceId", "no Source", nil},
		{"resolved by", func(in *model.IngestInput) { in.Forecasts[0].ResolvedByID = sp(p + "ceasefire") }, "input.forecasts[0].resolvedById", "no Event", nil},
		{"citation", func(in *model.IngestInput) { in.Actors[0].Citations[0].SourceID = p + "missing" }, "input.actors[0].citations[0].sourceId", "no Source", nil},
		{"affiliation with", func(in *model.IngestInput) { in.Affiliations[0].WithID = p + "nobody" }, "input.affiliations[0].withId", "no Actor", nil},
		{"affiliation source", func(in *model.IngestInput) { in.Affiliations[0].SourceIds = []string{"Bad Id"} }, "input.affiliations[0].sourceIds[0]", "not a valid id", nil},
		{"affiliation twice", func(in *model.IngestInput) { in.Affiliations = append(in.Affiliations, in.Affiliations[0]) }, "input.affiliations[1]", "appears twice", nil},
		{"reference with the wrong label", func(in *model.IngestInput) { in.Positions[0].ActorID = p + "graph-topic" }, "input.positions[0].actorId", "no Actor", nil},
		{"null item", func(in *model.IngestInput) { in.Topics = append(in.Topics, nil) }, "input.topics[1]", "must not be null", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := sampleBatch(p)
			tc.mutate(&in)
			for _, validateOnly := range []bool{true, false} {
				_, err := c.Ingest(ctx, in, validateOnly)
				errs := inputErrors(t, err)
				msg, ok := errs[tc.path]
				if !ok {
					t.Fatalf("validateOnly=%v: no error at %s; got %v", validateOnly, tc.path, errs)
				}
				if !strings.Contains(msg, tc.contains) {
					t.Errorf("validateOnly=%v: %s: message %q does not say %q", validateOnly, tc.path, msg, tc.contains)
				}
				for _, also := range tc.also {
					if _, ok := errs[also]; !ok {
						t.Errorf("validateOnly=%v: no error at %s; got %v", validateOnly, also, errs)
					}
				}
				if len(errs) != 1+len(tc.also) {
					t.Errorf("validateOnly=%v: %d errors, want %d: %v", validateOnly, len(errs), 1+len(tc.also), errs)
				}
			}
			// The bad item rejected the whole batch: nothing was written.
			if n, _ := graphCounts(t, c, p); n != base {
				t.Errorf("the rejected batch wrote nodes: %d, want %d", n, base)
			}
		})
	}

	t.Run("references into the graph are fine", func(t *testing.T) {
		in := model.IngestInput{Events: []*model.EventInput{{ID: sp(p + "graph-event"), Title: "E", Kind: model.EventKindOther,
			TopicIds: []string{p + "graph-topic"}, Participants: []*model.ParticipantInput{{ActorID: p + "graph-actor", Kind: model.ParticipationKindHost}}}}}
		r, err := c.Ingest(ctx, in, false)
		if err != nil {
			t.Fatalf("ingest: %v", err)
		}
		if r.Created != 1 || r.RelationshipsCreated != 2 {
			t.Errorf("created %d, relationships %d; want 1, 2", r.Created, r.RelationshipsCreated)
		}
	})
}

func TestIngestReportsEveryProblem(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	in := sampleBatch(p)
	in.Actors[0].Name = ""
	in.Locations[0].Latitude = fp(100)
	in.Events[0].Participants[0].ActorID = p + "ghost"
	in.Forecasts[0].AboutIds = []string{p + "ghost-topic"}
	for _, validateOnly := range []bool{false, true} {
		_, err := c.Ingest(context.Background(), in, validateOnly)
		errs := inputErrors(t, err)
		// The problems found without the graph and the unknown references,
		// all in one answer.
		for _, path := range []string{"input.actors[0].name", "input.locations[0].latitude",
			"input.events[0].participants[0].actorId", "input.forecasts[0].aboutIds[0]"} {
			if _, ok := errs[path]; !ok {
				t.Errorf("validateOnly=%v: no error at %s: %v", validateOnly, path, errs)
			}
		}
		if len(errs) != 4 {
			t.Errorf("validateOnly=%v: %d errors, want 4: %v", validateOnly, len(errs), errs)
		}
	}
	if n, _ := graphCounts(t, c, p); n != 0 {
		t.Errorf("a rejected batch wrote %d nodes", n)
	}
}

func TestIngestValidateOnlyWritesNothing(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	total := func() int64 {
		return cypher(t, c, `MATCH (n) RETURN count(n) AS n`, nil)[0]["n"].(int64)
	}
	before := total()
	r, err := c.Ingest(ctx, sampleBatch(p), true)
	if err != nil {
		t.Fatalf("validateOnly: %v", err)
	}
	// The counts say what the batch would do; nothing is written.
	if !r.ValidateOnly || r.Bookmark != nil || r.Created != 12 || r.RelationshipsCreated == 0 {
		t.Errorf("validateOnly result = %+v, want validateOnly, no bookmark, 12 would be created", r)
	}
	if after := total(); after != before {
		t.Errorf("validateOnly changed the node count from %d to %d", before, after)
	}
	// A dry run checks references against the graph too.
	in := sampleBatch(p)
	in.Sources = nil
	_, err = c.Ingest(ctx, in, true)
	errs := inputErrors(t, err)
	if _, ok := errs["input.forecasts[0].sourceId"]; !ok {
		t.Errorf("validateOnly did not report the missing source: %v", errs)
	}
	// And the real thing after the dry run works.
	if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
		t.Fatalf("ingest after the dry run: %v", err)
	}
	if n, _ := graphCounts(t, c, p); n != 12 {
		t.Errorf("%d nodes after ingest, want 12", n)
	}
}

func TestIngestBatchLimit(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	in := model.IngestInput{}
	for i := 0; i <= eventgraph.LimitBatchItems.Max; i++ {
		in.Topics = append(in.Topics, &model.TopicInput{ID: sp(fmt.Sprintf("%st%d", p, i)), Name: "t"})
	}
	_, err := c.Ingest(context.Background(), in, false)
	errs := inputErrors(t, err)
	if msg := errs["input"]; !strings.Contains(msg, "at most 5000") {
		t.Errorf("errors %v, want one at input saying at most 5000", errs)
	}
	in.Topics = in.Topics[:eventgraph.LimitBatchItems.Max]
	r, err := c.Ingest(context.Background(), in, false)
	if err != nil {
		t.Fatalf("a batch of exactly %d: %v", eventgraph.LimitBatchItems.Max, err)
	}
	if r.Created != eventgraph.LimitBatchItems.Max {
		t.Errorf("created %d, want %d", r.Created, eventgraph.LimitBatchItems.Max)
	}
}

func TestIngestUpdatesOnlyWhatChanged(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	stamp := func(id string) string {
		return cypher(t, c, `MATCH (n {id: $id}) RETURN toString(n.updatedAt) AS u`, map[string]any{"id": id})[0]["u"].(string)
	}
	russia, zel := stamp(p+"russia"), stamp(p+"zelenskyy")
	time.Sleep(5 * time.Millisecond)

	in := sampleBatch(p)
	in.Actors[0].Description = sp("a state")    // a new property
	in.Events[0].LocationID = sp(p + "turkiye") // the single location moves
	in.Events[0].Participants[0].Role = sp("head of delegation")
	r, err := c.Ingest(ctx, in, false)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if got := counts(r)[eventgraph.NodeTypeActor]; got != [3]int{0, 1, 2} {
		t.Errorf("actor counts %v, want 0 created, 1 updated, 2 unchanged", got)
	}
	// The talks' properties did not change, their location and a
	// participation did: relationships count with the node that carries them.
	if got := counts(r)[eventgraph.NodeTypeEvent]; got != [3]int{0, 1, 1} {
		t.Errorf("event counts %v, want 0 created, 1 updated (the talks), 1 unchanged", got)
	}
	if r.RelationshipsCreated != 1 {
		t.Errorf("relationshipsCreated %d, want 1 (the new OCCURRED_AT)", r.RelationshipsCreated)
	}
	if stamp(p+"russia") == russia {
		t.Errorf("updatedAt of the changed actor did not move")
	}
	if stamp(p+"zelenskyy") != zel {
		t.Errorf("updatedAt of an unchanged actor moved")
	}
	got := cypher(t, c, `MATCH (e:Event {id: $p + 'talks'}) RETURN [(e)-[:OCCURRED_AT]->(l) | l.id] AS locs,
		[(a)-[r:PARTICIPATED_IN]->(e) WHERE a.id = $p + 'medinsky' | r.role] AS roles`, map[string]any{"p": p})[0]
	if fmt.Sprint(got["locs"]) != fmt.Sprintf("[%sturkiye]", p) || fmt.Sprint(got["roles"]) != "[head of delegation]" {
		t.Errorf("after the update: locations %v, roles %v; want only %sturkiye and [head of delegation]", got["locs"], got["roles"], p)
	}
	// Fields left out keep their stored value.
	in = sampleBatch(p)
	in.Actors[0].Codes, in.Actors[0].CountryCode = nil, nil
	in.Events[0].LocationID = sp(p + "turkiye")
	in.Events[0].Participants[0].Role = sp("head of delegation")
	r, err = c.Ingest(ctx, in, false)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if r.Updated != 0 || r.RelationshipsCreated != 0 {
		t.Errorf("leaving fields out updated %d nodes and created %d relationships, want 0, 0", r.Updated, r.RelationshipsCreated)
	}
	got = cypher(t, c, `MATCH (n:Actor {id: $p + 'russia'}) RETURN n.codes AS codes, n.countryCode AS cc, n.description AS d`, map[string]any{"p": p})[0]
	if fmt.Sprintf("%v %v %v", got["codes"], got["cc"], got["d"]) != "[ZZZRUS] ZZZ a state" {
		t.Errorf("stored values after a partial upsert: %v", got)
	}
}

func TestIngestForecastWindow(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	// One source in the graph before the batch, one in the batch, one undated.
	if _, err := c.Ingest(ctx, model.IngestInput{Sources: []*model.SourceInput{
		{ID: sp(p + "old"), Title: "Old", PublishedAt: dp("2024-11-30"), Kind: model.SourceKindReport},
		{ID: sp(p + "undated"), Title: "Undated", Kind: model.SourceKindNote},
	}}, false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	tests := []struct {
		name       string
		horizon    model.Horizon
		source     string
		start, end *eventgraph.Date
		want       string
	}{
		{"short term from a batch source", model.HorizonShortTerm, "new", nil, nil, "2025-05-26 2025-08-26"},
		{"medium term from a batch source", model.HorizonMediumTerm, "new", nil, nil, "2025-08-26 2026-05-26"},
		{"long term has no end", model.HorizonLongTerm, "new", nil, nil, "2026-05-26 <nil>"},
		{"short term from a graph source, clamped to the month's end", model.HorizonShortTerm, "old", nil, nil, "2024-11-30 2025-02-28"},
		{"a given window is kept", model.HorizonShortTerm, "new", dp("2025-06-01"), dp("2025-07-01"), "2025-06-01 2025-07-01"},
		{"a given start, a derived end", model.HorizonShortTerm, "new", dp("2025-06-01"), nil, "2025-06-01 2025-08-26"},
		{"an undated source leaves the window open", model.HorizonShortTerm, "undated", nil, nil, "<nil> <nil>"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := fmt.Sprintf("%sf%d", p, i)
			in := model.IngestInput{
				Sources: []*model.SourceInput{{ID: sp(p + "new"), Title: "New", PublishedAt: dp("2025-05-26"), Kind: model.SourceKindArticle}},
				Topics:  []*model.TopicInput{{ID: sp(p + "topic"), Name: "Topic"}},
				Forecasts: []*model.ForecastInput{{ID: &id, Statement: tc.name, Horizon: tc.horizon, Likelihood: model.LikelihoodUnlikely,
					WindowStart: tc.start, WindowEnd: tc.end, AboutIds: []string{p + "topic"}, SourceID: p + tc.source}},
			}
			if _, err := c.Ingest(ctx, in, false); err != nil {
				t.Fatalf("ingest: %v", err)
			}
			got := cypher(t, c, `MATCH (f:Forecast {id: $id}) RETURN f.windowStart AS s, f.windowEnd AS e`, map[string]any{"id": id})[0]
			str := func(v any) string {
				if d, ok := v.(neo4j.Date); ok {
					return d.Time().Format(time.DateOnly)
				}
				return fmt.Sprint(v)
			}
			if g := str(got["s"]) + " " + str(got["e"]); g != tc.want {
				t.Errorf("window %s, want %s", g, tc.want)
			}
		})
	}
	t.Run("a given end before the derived start is an error", func(t *testing.T) {
		in := model.IngestInput{Forecasts: []*model.ForecastInput{{ID: sp(p + "bad-window"), Statement: "s", Horizon: model.HorizonLongTerm,
			Likelihood: model.LikelihoodLikely, WindowEnd: dp("2025-01-01"), AboutIds: []string{}, SourceID: p + "old"}}}
		errs := inputErrors(t, func() error { _, err := c.Ingest(ctx, in, true); return err }())
		if _, ok := errs["input.forecasts[0].windowEnd"]; !ok {
			t.Errorf("errors %v, want one at input.forecasts[0].windowEnd", errs)
		}
	})
}

func TestIngestStoresHostileStringsVerbatim(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	hostile := []string{
		`'}) MATCH (n) DETACH DELETE n //`,
		`" RETURN 1; MATCH (n) DETACH DELETE n`,
		"`backtick` ${param} $rows {id: 'x'}",
		"\\u0027 \x00 null ' OR 1=1 --",
		"Зеленський 🕊️ <script>alert(1)</script>",
	}
	for i, raw := range hostile {
		// The test's prefix first: entity resolution would otherwise take
		// the actor for one an earlier run (or the hostile suite) stored
		// under the same name and code.
		h := p + raw
		id := fmt.Sprintf("%sh%d", p, i)
		in := model.IngestInput{
			Sources: []*model.SourceInput{{ID: sp(id + "-src"), Title: h, URL: sp(h), Kind: model.SourceKindNote}},
			Actors: []*model.ActorInput{{ID: &id, Name: h, Kind: model.ActorKindGroup, Aliases: []string{h}, Description: sp(h), Codes: []string{h},
				Citations: []*model.CitationInput{{SourceID: id + "-src", Quote: sp(h)}}}},
			Events: []*model.EventInput{{ID: sp(id + "-e"), Title: h, Kind: model.EventKindOther, Summary: sp(h),
				Figures:      []*model.FigureInput{{Label: h, Value: 1, Unit: sp(h)}},
				ExternalIds:  []*model.ExternalIDInput{{System: "X", ID: h}},
				Participants: []*model.ParticipantInput{{ActorID: id, Kind: model.ParticipationKindParticipant, Role: sp(h), Quote: sp(h)}}}},
		}
		if _, err := c.Ingest(context.Background(), in, false); err != nil {
			t.Fatalf("%q: %v", h, err)
		}
		got := cypher(t, c, `MATCH (a:Actor {id: $id})-[r:PARTICIPATED_IN]->(e:Event), (a)-[q:CITED_IN]->(s:Source)
			RETURN [a.name, a.description, a.aliases[0], a.aliasText, a.codes[0], e.title, e.summary, e.figureLabels[0], e.figureUnits[0],
			        r.role, r.quote, q.quote, s.title, s.url] AS vs, e.externalIds[0] AS ext`, map[string]any{"id": id})
		if len(got) != 1 {
			t.Fatalf("%q: %d rows read back, want 1", h, len(got))
		}
		for j, v := range got[0]["vs"].([]any) {
			if v != h {
				t.Errorf("%q: value %d read back as %q", h, j, v)
			}
		}
		if got[0]["ext"] != "X:"+h {
			t.Errorf("%q: external id read back as %q", h, got[0]["ext"])
		}
	}
	if n, _ := graphCounts(t, c, p); n != int64(3*len(hostile)) {
		t.Errorf("%d nodes, want %d: something was deleted or added", n, 3*len(hostile))
	}
}

// TestIngestRoundTrips pins the cost of a batch: one batch lookup (when it
// has actors or locations: merged ids and entity resolution together,
// lookup.go), one id lookup (when something is referenced outside the
// batch) and one statement per node label, whatever the batch size.
func TestIngestRoundTrips(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	batch := func(n int) model.IngestInput {
		in := model.IngestInput{
			Actors:    []*model.ActorInput{{ID: sp(p + "a"), Name: "A", Kind: model.ActorKindState}},
			Locations: []*model.LocationInput{{ID: sp(p + "l"), Name: "L", Kind: model.LocationKindCity}},
			Sources:   []*model.SourceInput{{ID: sp(p + "s"), Title: "S", Kind: model.SourceKindDataset}},
		}
		for i := 0; i < n; i++ {
			in.Events = append(in.Events, &model.EventInput{ID: sp(fmt.Sprintf("%se%d", p, i)), Title: "E", Kind: model.EventKindAssault,
				StartDate: dp("2025-05-16"), LocationID: sp(p + "l"), ExternalIds: []*model.ExternalIDInput{{System: "ACLED", ID: strconv.Itoa(i)}},
				Participants: []*model.ParticipantInput{{ActorID: p + "a", Kind: model.ParticipationKindInitiator}},
				Citations:    []*model.CitationInput{{SourceID: p + "s"}}})
		}
		return in
	}
	// the batch lookup (merged ids and resolution of the actors and
	// locations), then sources, actors, locations, and events with their
	// participants, locations and citations
	const want = 5
	for _, n := range []int{1, 50, 500} {
		before := c.RoundTrips()
		if _, err := c.Ingest(ctx, batch(n), false); err != nil {
			t.Fatalf("%d events: %v", n, err)
		}
		if got := c.RoundTrips() - before; got != want {
			t.Errorf("%d events: %d round trips, want %d", n, got, want)
		}
	}
	// References all inside the batch: no lookup at all.
	before := c.RoundTrips()
	if _, err := c.Ingest(ctx, model.IngestInput{Topics: []*model.TopicInput{{ID: sp(p + "t"), Name: "T"}}}, false); err != nil {
		t.Fatal(err)
	}
	if got := c.RoundTrips() - before; got != 1 {
		t.Errorf("a lone topic: %d round trips, want 1", got)
	}
}

// TestIngestConcurrentReplays sends the same batch from several clients at
// once: MERGE under the uniqueness constraints (and the driver's retry of
// deadlocked transactions) must leave exactly one copy of everything.
func TestIngestConcurrentReplays(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	const n = 4
	errs := make(chan error, n)
	created := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() {
			r, err := c.Ingest(context.Background(), sampleBatch(p), false)
			if err == nil {
				created <- r.Created
			}
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Errorf("concurrent ingest: %v", err)
		}
	}
	close(created)
	total := 0
	for c := range created {
		total += c
	}
	if total != 12 {
		t.Errorf("the concurrent ingests created %d nodes in all, want 12", total)
	}
	if nodes, rels := graphCounts(t, c, p); nodes != 12 || rels != sampleRelationships {
		t.Errorf("after concurrent ingests: %d nodes, %d relationships; want 12, %d", nodes, rels, sampleRelationships)
	}
}

// TestIngestRelationshipChangesCountAsUpdates: a node whose properties stay
// the same but whose relationships change counts as updated (its updatedAt
// stays: no property changed), and only that node.
func TestIngestRelationshipChangesCountAsUpdates(t *testing.T) {
	c := writeTestClient(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		mutate func(p string, in *model.IngestInput)
		typ    eventgraph.NodeType
		rels   int
	}{
		{"a new topic", func(p string, in *model.IngestInput) {
			in.Topics = append(in.Topics, &model.TopicInput{ID: sp(p + "peace"), Name: "Peace"})
			in.Events[1].TopicIds = []string{p + "peace"}
		}, eventgraph.NodeTypeEvent, 1},
		// (Not the talks: they led to the exchange, and LED_TO never loops.)
		{"a new consequence", func(p string, in *model.IngestInput) {
			in.Events = append(in.Events, &model.EventInput{ID: sp(p + "release"), Title: "Release", Kind: model.EventKindOther})
			in.Events[1].LedToIds = []string{p + "release"}
		}, eventgraph.NodeTypeEvent, 1},
		{"a new participant", func(p string, in *model.IngestInput) {
			in.Events[1].Participants = []*model.ParticipantInput{{ActorID: p + "russia", Kind: model.ParticipationKindInitiator}}
		}, eventgraph.NodeTypeEvent, 1},
		{"a participation's new quote", func(p string, in *model.IngestInput) { in.Events[0].Participants[1].Quote = sp("declined") }, eventgraph.NodeTypeEvent, 0},
		{"a moved event", func(p string, in *model.IngestInput) { in.Events[1].LocationID = sp(p + "turkiye") }, eventgraph.NodeTypeEvent, 1},
		// (Not the exchange, which keeps the talks as its parent: PART_OF is a tree.)
		{"a new parent", func(p string, in *model.IngestInput) {
			in.Events = append(in.Events, &model.EventInput{ID: sp(p + "summit"), Title: "Summit", Kind: model.EventKindConsult})
			in.Events[0].ParentID = sp(p + "summit")
		}, eventgraph.NodeTypeEvent, 1},
		{"a new citation", func(p string, in *model.IngestInput) {
			in.Actors[1].Citations = []*model.CitationInput{{SourceID: p + "article", Quote: sp("Zelenskyy said")}}
		}, eventgraph.NodeTypeActor, 1},
		{"another quote of the same source", func(p string, in *model.IngestInput) {
			in.Actors[0].Citations = append(in.Actors[0].Citations, &model.CitationInput{SourceID: p + "article", Quote: sp("and also")})
		}, eventgraph.NodeTypeActor, 1},
		{"a location's new parent", func(p string, in *model.IngestInput) {
			in.Locations = append(in.Locations, &model.LocationInput{ID: sp(p + "europe"), Name: "Europe", Kind: model.LocationKindRegion})
			in.Locations[1].ParentID = sp(p + "europe")
		}, eventgraph.NodeTypeLocation, 1},
		{"a position's new holder", func(p string, in *model.IngestInput) { in.Positions[0].ActorID = p + "medinsky" }, eventgraph.NodeTypePosition, 1},
		{"a position's new response", func(p string, in *model.IngestInput) { in.Positions[0].RespondsToIds = []string{p + "ua-rejects"} }, eventgraph.NodeTypePosition, 1},
		{"a forecast about more", func(p string, in *model.IngestInput) {
			in.Forecasts[0].AboutIds = append(in.Forecasts[0].AboutIds, p+"zelenskyy")
		}, eventgraph.NodeTypeForecast, 1},
		{"a forecast resolved by another event", func(p string, in *model.IngestInput) { in.Forecasts[0].ResolvedByID = sp(p + "talks") }, eventgraph.NodeTypeForecast, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := testPrefix(t, c)
			if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
				t.Fatalf("ingest: %v", err)
			}
			in := sampleBatch(p)
			tc.mutate(p, &in)
			r, err := c.Ingest(ctx, in, false)
			if err != nil {
				t.Fatalf("ingest: %v", err)
			}
			for typ, got := range counts(r) {
				wantUpdated := 0
				if typ == tc.typ {
					wantUpdated = 1
				}
				if got[0] > 1 || got[1] != wantUpdated {
					t.Errorf("%s: counts %v, want %d updated", typ, got, wantUpdated)
				}
			}
			if r.RelationshipsCreated != tc.rels {
				t.Errorf("relationshipsCreated %d, want %d", r.RelationshipsCreated, tc.rels)
			}
			// And the replay of the changed batch changes nothing.
			again, err := c.Ingest(ctx, in, false)
			if err != nil {
				t.Fatalf("replay: %v", err)
			}
			if again.Created != 0 || again.Updated != 0 || again.RelationshipsCreated != 0 {
				t.Errorf("replay of the changed batch: %d created, %d updated, %d relationships", again.Created, again.Updated, again.RelationshipsCreated)
			}
		})
	}
}
