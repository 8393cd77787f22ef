package resolvers_test

import (
	"encoding/json"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
)

// Through the API: two sources for one participation and one affiliation
// both come back as citations, each with its quote and what it states; the
// edge shows the latest as preferred; replaying either batch changes
// nothing; validAt and dateMatch reach the store.
func TestCitationsAndValidTimeThroughTheAPI(t *testing.T) {
	srv := apitest.Start(t)
	srv.MustMutate(t, `mutation { a: deleteEvent(id: "t-cit-talks") { deleted } b: deleteActor(id: "t-cit-medinsky") { deleted }
	  c: deleteActor(id: "t-cit-kremlin") { deleted } d: deleteSource(id: "t-cit-s1") { deleted } e: deleteSource(id: "t-cit-s2") { deleted } }`, nil, nil)
	batch := func(src, quote, role, from string) map[string]any {
		return map[string]any{
			"sources": []map[string]any{{"id": src, "title": src, "kind": "ARTICLE"}},
			"actors": []map[string]any{{"id": "t-cit-medinsky", "name": "t-cit Medinsky", "kind": "PERSON"},
				{"id": "t-cit-kremlin", "name": "t-cit Kremlin", "kind": "ORGANIZATION"}},
			"events": []map[string]any{{"id": "t-cit-talks", "title": "t-cit talks", "kind": "CONSULT", "startDate": "2031-05-01", "datePrecision": "MONTH",
				"participants": []map[string]any{{"actorId": "t-cit-medinsky", "role": role, "sourceIds": []string{src}, "quote": quote}}}},
			"affiliations": []map[string]any{{"actorId": "t-cit-medinsky", "withId": "t-cit-kremlin", "role": role, "validFrom": from,
				"sourceIds": []string{src}, "quote": quote}},
		}
	}
	const ingest = `mutation($in: IngestInput!) { ingest(input: $in) { created updated relationshipsCreated } }`
	a, b := batch("t-cit-s1", "first quote", "head", "2030-01-01"), batch("t-cit-s2", "second quote", "aide", "2030-02-01")
	srv.MustMutate(t, ingest, map[string]any{"in": a}, nil)
	srv.MustMutate(t, ingest, map[string]any{"in": b}, nil)

	const read = `{ event(id: "t-cit-talks") { participants { edges { role quote sources { id }
	    citations { quote role kind source { id } } } } }
	  actor(id: "t-cit-medinsky") {
	    held: affiliations(where: {validAt: "2030-01-15"}) { edges { validFrom quote citations { quote validFrom role source { id } } } }
	    later: affiliations(where: {validAt: "2029-01-01", includeUndated: true}) { totalCount }
	    surely: events(where: {from: "2031-05-16", to: "2031-05-16", dateMatch: SURELY}) { totalCount }
	    possibly: events(where: {from: "2031-05-16", to: "2031-05-16"}) { totalCount }
	    during: events(where: {validAt: "2031-05-16", includeUndated: true}) { totalCount }
	    known: events(where: {validAt: "2031-05-16"}) { totalCount } } }`
	var first json.RawMessage
	srv.MustQuery(t, read, nil, &first)
	var got struct {
		Event struct {
			Participants struct {
				Edges []struct {
					Role, Quote string
					Sources     []struct{ ID string }
					Citations   []struct {
						Quote, Role, Kind string
						Source            struct{ ID string }
					}
				}
			}
		}
		Actor struct {
			Held struct {
				Edges []struct {
					ValidFrom, Quote string
					Citations        []struct {
						Quote, ValidFrom, Role string
						Source                 struct{ ID string }
					}
				}
			}
			Later, Surely, Possibly, During, Known struct{ TotalCount int }
		}
	}
	if err := json.Unmarshal(first, &got); err != nil {
		t.Fatal(err)
	}
	pe := got.Event.Participants.Edges
	if len(pe) != 1 || len(pe[0].Citations) != 2 || len(pe[0].Sources) != 2 {
		t.Fatalf("participants %+v: want one edge with two citations and two sources", pe)
	}
	c0, c1 := pe[0].Citations[0], pe[0].Citations[1]
	if c0.Quote != "first quote" || c0.Role != "head" || c0.Source.ID != "t-cit-s1" || c0.Kind != "PARTICIPANT" ||
		c1.Quote != "second quote" || c1.Role != "aide" || c1.Source.ID != "t-cit-s2" {
		t.Errorf("citations %+v, want the first source's then the second's", pe[0].Citations)
	}
	if pe[0].Quote != "second quote" || pe[0].Role != "aide" {
		t.Errorf("preferred %q %q, want the latest citation's", pe[0].Quote, pe[0].Role)
	}
	he := got.Actor.Held.Edges
	// On 15 January only the first source has him in office already; the
	// preferred start is the latest source's (1 February), so the
	// affiliation is not known to hold then.
	if len(he) != 0 {
		t.Errorf("affiliations held on 2030-01-15: %+v, want none (the preferred validFrom is 2030-02-01)", he)
	}
	if got.Actor.Later.TotalCount != 0 {
		t.Errorf("affiliations on 2029-01-01 with undated ones: %d, want 0 (it is known to have begun later)", got.Actor.Later.TotalCount)
	}
	if got.Actor.Surely.TotalCount != 0 || got.Actor.Possibly.TotalCount != 1 {
		t.Errorf("an event of May 2031 on 16 May: surely %d, possibly %d; want 0 and 1", got.Actor.Surely.TotalCount, got.Actor.Possibly.TotalCount)
	}
	if got.Actor.Known.TotalCount != 0 || got.Actor.During.TotalCount != 1 {
		t.Errorf("the participation in an event of May 2031 on 16 May: known %d, with undated %d; want 0 and 1", got.Actor.Known.TotalCount, got.Actor.During.TotalCount)
	}

	for name, in := range map[string]map[string]any{"first": a, "second": b} {
		var r struct {
			Ingest struct{ Created, Updated, RelationshipsCreated int }
		}
		srv.MustMutate(t, ingest, map[string]any{"in": in}, &r)
		if r.Ingest.Created+r.Ingest.Updated+r.Ingest.RelationshipsCreated != 0 {
			t.Errorf("replaying the %s batch: %+v, want nothing", name, r.Ingest)
		}
		var again json.RawMessage
		srv.MustQuery(t, read, nil, &again)
		if string(again) != string(first) {
			t.Errorf("replaying the %s batch changed the answer:\n%s\nwas\n%s", name, again, first)
		}
	}
}
