package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

func sptr(s string) *string { return &s }

func dptr(t *testing.T, s string) *eventgraph.Date {
	t.Helper()
	d, err := eventgraph.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return &d
}

// citationBatch is the talks with Medinsky taking part, as one source says.
func citationBatch(p, source, quote, role string) model.IngestInput {
	return model.IngestInput{
		Sources: []*model.SourceInput{{ID: sptr(p + source), Title: "Report " + source, Kind: model.SourceKindArticle}},
		Actors:  []*model.ActorInput{{ID: sptr(p + "medinsky"), Name: p + "Vladimir Medinsky", Kind: model.ActorKindPerson}},
		Events: []*model.EventInput{{ID: sptr(p + "talks"), Title: "Istanbul talks", Kind: model.EventKindConsult,
			Participants: []*model.ParticipantInput{{ActorID: p + "medinsky", Kind: model.ParticipationKindParticipant,
				Role: sptr(role), SourceIds: []string{p + source}, Quote: sptr(quote)}}}},
	}
}

// relProps are the stored properties of every relationship of type rel
// between the test's nodes.
func relProps(t *testing.T, c *Client, p, rel string) []map[string]any {
	t.Helper()
	return cypher(t, c, `MATCH (a)-[r]->(b) WHERE type(r) = $rel AND a.id STARTS WITH $p AND b.id STARTS WITH $p
RETURN a.id AS a, b.id AS b, properties(r) AS props ORDER BY a, b`, map[string]any{"p": p, "rel": rel})
}

// participantEdges reads the talks' participants with their citations.
func participantEdges(t *testing.T, c *Client, id string) []any {
	t.Helper()
	v, err := c.GetValue(context.Background(), eventgraph.NodeTypeEvent, id, []Field{
		fa("participants", "participants", nil, f("edges", f("role"), f("quote"), f("sources", f("id")),
			f("citations", f("quote"), f("role"), f("kind"), f("source", f("id"))), f("node", f("id")))),
	})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := v.(map[string]any)
	rel, _ := m["rel"].(map[string]any)
	conn, _ := rel["participants"].(map[string]any)
	edges, _ := conn["edges"].([]any)
	return edges
}

// A second source for Medinsky's participation adds a citation: both
// quotes are kept and returned, each with the role its source gives, the
// latest preferred; replaying either batch changes nothing.
func TestSecondSourceAddsACitation(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	a := citationBatch(p, "reuters", "Medinsky led the Russian delegation.", "head of delegation")
	b := citationBatch(p, "tass", "Presidential aide Vladimir Medinsky headed the delegation.", "presidential aide")
	mustIngest(t, c, a)
	mustIngest(t, c, b)

	edges := participantEdges(t, c, p+"talks")
	if len(edges) != 1 {
		t.Fatalf("%d participant edges, want 1: %v", len(edges), edges)
	}
	e := edges[0].(map[string]any)
	want := []any{
		map[string]any{"quote": "Medinsky led the Russian delegation.", "role": "head of delegation", "kind": "PARTICIPANT", "validFrom": nil, "validTo": nil, "source": map[string]any{"id": p + "reuters"}},
		map[string]any{"quote": "Presidential aide Vladimir Medinsky headed the delegation.", "role": "presidential aide", "kind": "PARTICIPANT", "validFrom": nil, "validTo": nil, "source": map[string]any{"id": p + "tass"}},
	}
	if !reflect.DeepEqual(e["citations"], want) {
		t.Errorf("citations = %v\nwant %v", e["citations"], want)
	}
	if e["quote"] != "Presidential aide Vladimir Medinsky headed the delegation." || e["role"] != "presidential aide" {
		t.Errorf("preferred quote %v, role %v: want the latest source's", e["quote"], e["role"])
	}
	if got := len(e["sources"].([]any)); got != 2 {
		t.Errorf("%d sources, want 2", got)
	}

	before := relProps(t, c, p, "PARTICIPATED_IN")
	for name, in := range map[string]model.IngestInput{"first": a, "second": b} {
		r := mustIngest(t, c, in)
		if r.Created != 0 || r.Updated != 0 || r.RelationshipsCreated != 0 {
			t.Errorf("replaying the %s batch: created %d, updated %d, relationships %d; want nothing", name, r.Created, r.Updated, r.RelationshipsCreated)
		}
		if after := relProps(t, c, p, "PARTICIPATED_IN"); !reflect.DeepEqual(after, before) {
			t.Errorf("replaying the %s batch changed the participation:\n%v\nwas %v", name, after, before)
		}
	}
}

// A citation without a quote adds nothing to a source that is cited
// already; a quote for a source cited without one takes its place; a
// write without sources is a citation of its own, which the read leaves
// out (it has no source) but whose role stays until a source states one.
func TestCitationsWithoutQuotes(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	in := citationBatch(p, "reuters", "", "negotiator")
	in.Events[0].Participants[0].Quote = nil
	mustIngest(t, c, in)
	in.Events[0].Participants[0].Quote = sptr("Medinsky negotiated.")
	mustIngest(t, c, in)
	in.Events[0].Participants[0].Quote = nil
	if r := mustIngest(t, c, in); r.Updated != 0 {
		t.Errorf("a quoteless citation of a cited source updated %d nodes, want 0", r.Updated)
	}
	edges := participantEdges(t, c, p+"talks")
	e := edges[0].(map[string]any)
	cits := e["citations"].([]any)
	if len(cits) != 1 || cits[0].(map[string]any)["quote"] != "Medinsky negotiated." {
		t.Errorf("citations = %v, want the one quoted citation", cits)
	}

	// linkParticipant without sources, then with a second source.
	ctx := context.Background()
	if _, _, err := c.LinkParticipant(ctx, p+"talks", p+"medinsky", model.ParticipantInput{Kind: model.ParticipationKindInitiator}); err != nil {
		t.Fatal(err)
	}
	edges = participantEdges(t, c, p+"talks")
	if n := len(edges[0].(map[string]any)["citations"].([]any)); n != 1 {
		t.Errorf("%d citations after a write without sources, want 1 (it has no source to show)", n)
	}
	rp := relProps(t, c, p, "PARTICIPATED_IN")[0]["props"].(map[string]any)
	if rp["kind"] != "INITIATOR" || rp["role"] != "negotiator" || rp["quote"] != "Medinsky negotiated." {
		t.Errorf("after a write without sources: %v; want kind INITIATOR with the cited role and quote kept", rp)
	}
}

// Affiliations keep every source too, with the dates each one gives.
func TestAffiliationCitations(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	batch := func(source, quote, from string) model.IngestInput {
		return model.IngestInput{
			Sources: []*model.SourceInput{{ID: sptr(p + source), Title: source, Kind: model.SourceKindArticle}},
			Actors: []*model.ActorInput{{ID: sptr(p + "medinsky"), Name: p + "Vladimir Medinsky", Kind: model.ActorKindPerson},
				{ID: sptr(p + "russia"), Name: p + "Russia", Kind: model.ActorKindState}},
			Affiliations: []*model.AffiliationInput{{ActorID: p + "medinsky", WithID: p + "russia", Role: sptr("presidential aide"),
				ValidFrom: dptr(t, from), SourceIds: []string{p + source}, Quote: sptr(quote)}},
		}
	}
	a, b := batch("kremlin", "appointed aide", "2020-01-21"), batch("wiki", "aide since 2020", "2020-01-01")
	mustIngest(t, c, a)
	mustIngest(t, c, b)
	v, err := c.GetValue(context.Background(), eventgraph.NodeTypeActor, p+"medinsky", []Field{
		fa("affiliations", "affiliations", nil, f("edges", f("validFrom"), f("quote"),
			f("citations", f("quote"), f("validFrom"), f("source", f("id"))))),
	})
	if err != nil {
		t.Fatal(err)
	}
	e := v.(map[string]any)["rel"].(map[string]any)["affiliations"].(map[string]any)["edges"].([]any)[0].(map[string]any)
	got := fmt.Sprint(e["validFrom"], " ", e["quote"], " ", e["citations"])
	want := fmt.Sprint(dptr(t, "2020-01-01").Time().Format("2006-01-02"))
	if len(e["citations"].([]any)) != 2 {
		t.Fatalf("affiliation: %s; want two citations", got)
	}
	if d, ok := e["validFrom"].(interface{ String() string }); !ok || d.String() != want {
		t.Errorf("preferred validFrom %v, want the latest source's %s", e["validFrom"], want)
	}
	before := relProps(t, c, p, "AFFILIATED_WITH")
	mustIngest(t, c, a)
	if after := relProps(t, c, p, "AFFILIATED_WITH"); !reflect.DeepEqual(after, before) {
		t.Errorf("replaying the first batch changed the affiliation:\n%v\nwas %v", after, before)
	}
}

// A relationship written before citations were lists (sourceIds and one
// quote) keeps its citation when a second source comes.
func TestLegacyRelationshipKeepsItsCitation(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	mustIngest(t, c, citationBatch(p, "reuters", "q1", "head"))
	cypher(t, c, `MATCH (:Actor {id: $a})-[r:PARTICIPATED_IN]->() SET r = {kind: 'PARTICIPANT', role: 'head', quote: 'old quote', sourceIds: [$s]}`,
		map[string]any{"a": p + "medinsky", "s": p + "reuters"})
	if got := participantEdges(t, c, p+"talks")[0].(map[string]any)["citations"].([]any); len(got) != 1 || got[0].(map[string]any)["quote"] != "old quote" {
		t.Errorf("legacy citations read as %v, want the one with the old quote", got)
	}
	mustIngest(t, c, citationBatch(p, "tass", "q2", "aide"))
	got := participantEdges(t, c, p+"talks")[0].(map[string]any)["citations"].([]any)
	if len(got) != 2 || got[0].(map[string]any)["quote"] != "old quote" || got[1].(map[string]any)["quote"] != "q2" {
		t.Errorf("citations = %v, want the old quote then q2", got)
	}
}

// Two sources giving an event different figures and dates: both kept on
// their citations, each with its source; the event shows the latest
// source's; replaying either batch changes nothing; a write citing nothing
// corrects the preferred values.
func TestEventFiguresFromTwoSources(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	batch := func(source, start string, released float64) model.IngestInput {
		return model.IngestInput{
			Sources: []*model.SourceInput{{ID: sptr(p + source), Title: source, Kind: model.SourceKindArticle}},
			Events: []*model.EventInput{{ID: sptr(p + "exchange"), Title: "Prisoner exchange", Kind: model.EventKindRetreat,
				StartDate: dptr(t, start), Figures: []*model.FigureInput{{Label: "prisoners released", Value: released}},
				Citations: []*model.CitationInput{{SourceID: p + source, Quote: sptr(source + " says so")}}}},
		}
	}
	a, b := batch("kyiv", "2025-05-23", 1000), batch("moscow", "2025-05-24", 1090)
	mustIngest(t, c, a)
	mustIngest(t, c, b)
	read := func() (map[string]any, []any) {
		v, err := c.GetValue(context.Background(), eventgraph.NodeTypeEvent, p+"exchange", []Field{
			f("startDate"), f("figures", f("label"), f("value")),
			f("sources", f("quote"), f("startDate"), f("datePrecision"), f("figures", f("value")), f("source", f("id")))})
		if err != nil {
			t.Fatal(err)
		}
		m := v.(map[string]any)
		return m, m["sources"].([]any)
	}
	ev, refs := read()
	if len(refs) != 2 {
		t.Fatalf("sources %v, want two", refs)
	}
	stated := map[string]string{}
	for _, r := range refs {
		r := r.(map[string]any)
		stated[r["source"].(map[string]any)["id"].(string)[len(p):]] = fmt.Sprint(r["startDate"], " ", r["datePrecision"], " ", r["figures"])
	}
	want := map[string]string{"kyiv": "2025-05-23 DAY [map[label:prisoners released unit:<nil> value:1000]]",
		"moscow": "2025-05-24 DAY [map[label:prisoners released unit:<nil> value:1090]]"}
	if !reflect.DeepEqual(stated, want) {
		t.Errorf("what each source states: %v, want %v", stated, want)
	}
	if fmt.Sprint(ev["startDate"], " ", ev["figures"]) != "2025-05-24 [map[label:prisoners released unit:<nil> value:1090]]" {
		t.Errorf("preferred: %v %v, want the latest source's", ev["startDate"], ev["figures"])
	}
	before, _ := read()
	for name, in := range map[string]model.IngestInput{"first": a, "second": b} {
		if r := mustIngest(t, c, in); r.Updated != 0 || r.Created != 0 {
			t.Errorf("replaying the %s batch: updated %d created %d, want nothing", name, r.Updated, r.Created)
		}
		if after, _ := read(); !reflect.DeepEqual(after, before) {
			t.Errorf("replaying the %s batch changed the event: %v, was %v", name, after, before)
		}
	}
	// The older source corrects itself: its citation changes, the
	// preferred values stay the latest source's.
	mustIngest(t, c, batch("kyiv", "2025-05-23", 1012))
	ev, refs = read()
	if fmt.Sprint(ev["figures"]) != "[map[label:prisoners released unit:<nil> value:1090]]" {
		t.Errorf("after the older source's correction: %v, want the latest source's 1090", ev["figures"])
	}
	if fmt.Sprint(refs) == fmt.Sprint(before["sources"]) {
		t.Errorf("the older source's correction did not reach its citation: %v", refs)
	}
	// The latest source corrects itself: the preferred values follow.
	mustIngest(t, c, batch("moscow", "2025-05-24", 1100))
	if ev, _ := read(); fmt.Sprint(ev["figures"]) != "[map[label:prisoners released unit:<nil> value:1100]]" {
		t.Errorf("after the latest source's correction: %v, want 1100", ev["figures"])
	}
	fix := batch("kyiv", "2025-05-23", 1000)
	fix.Sources, fix.Events[0].Citations = nil, nil
	mustIngest(t, c, fix)
	if ev, refs := read(); fmt.Sprint(ev["startDate"]) != "2025-05-23" || len(refs) != 2 {
		t.Errorf("after a correction citing nothing: %v with %d sources, want 2025-05-23 and both sources kept", ev["startDate"], len(refs))
	}
}
