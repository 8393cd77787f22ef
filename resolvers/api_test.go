package resolvers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
)

// End-to-end tests of every query and mutation, over HTTP, against the real
// Neo4j with the seed loaded. Tests that write use ids starting with "t-".

func TestRootLookups(t *testing.T) {
	srv := apitest.Start(t)
	tests := []struct {
		name, query, want string
	}{
		{"actor", `{ actor(id: "vladimir-medinsky") { name kind affiliations { edges { role node { id } } } } }`, `"name":"Vladimir Medinsky"`},
		{"event", `{ event(id: "istanbul-talks-2025-05-16") { kind startDate location { id } } }`, `"location":{"id":"dolmabahce-palace"}`},
		{"location", `{ location(id: "dolmabahce-palace") { kind parent { id parent { id } } } }`, `"parent":{"id":"istanbul","parent":{"id":"turkiye-country"}}`},
		{"topic", `{ topic(id: "ceasefire") { name positions { totalCount } forecasts { totalCount } } }`, `"name":"ceasefire"`},
		{"position", `{ position(id: "starmer-rejects-russian-position") { stance actor { id } respondsTo { id } } }`, `"stance":"REJECTS"`},
		{"source", `{ source(id: "stauder-2025-05-26-direct-talks") { author publishedAt kind } }`, `"author":"Andrea Stauder","publishedAt":"2025-05-26","kind":"ARTICLE"`},
		{"node", `{ node(id: "russia") { id ... on Actor { countryCode } } }`, `"countryCode":"RUS"`},
		{"nodes keeps order and nulls", `{ nodes(ids: ["ukraine", "t-none", "ceasefire"]) { id } }`, `"nodes":[{"id":"ukraine"},null,{"id":"ceasefire"}]`},
		{"unknown id is null", `{ actor(id: "t-nobody") { id } }`, `"actor":null`},
		{"fragment on a connection", `{ topics(where: {ids: ["ceasefire"]}) { ... on TopicConnection { totalCount } } }`, `"totalCount":1`},
		{"likelihood scale", `{ likelihoodScale { term probability { low high } } }`, `{"term":"LIKELY","probability":{"low":0.55,"high":0.75}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := srv.Query(t, tt.query, nil)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			if !strings.Contains(string(r.Data), tt.want) {
				t.Errorf("data lacks %s:\n%s", tt.want, r.Data)
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	srv := apitest.Start(t)
	ids := func(t *testing.T, query string) []string {
		t.Helper()
		var out map[string]struct {
			Edges []struct{ Node struct{ ID string } }
		}
		srv.MustQuery(t, query, nil, &out)
		var got []string
		for _, c := range out {
			for _, e := range c.Edges {
				got = append(got, e.Node.ID)
			}
		}
		return got
	}
	tests := []struct {
		name, query string
		want        []string
		not         []string
	}{
		{"events by kind and date range",
			`{ events(first: 50, where: {kinds: [CONSULT], from: "2025-05-19", to: "2025-05-19"}) { edges { node { id } } } }`,
			[]string{"trump-putin-call-2025-05-19"}, []string{"istanbul-talks-2025-05-16"}},
		{"events in a country reach its sites",
			`{ events(first: 50, where: {locationId: "turkiye-country"}) { edges { node { id } } } }`,
			[]string{"istanbul-talks-2025-05-16"}, []string{"trump-putin-call-2025-05-19"}},
		{"events any of, declined does not count",
			`{ events(first: 50, where: {participantsAny: ["vladimir-putin"]}) { edges { node { id } } } }`,
			[]string{"trump-putin-call-2025-05-19"}, []string{"istanbul-talks-2025-05-16"}},
		{"events all of",
			`{ events(first: 50, where: {participantsAll: ["russian-delegation", "ukrainian-delegation"]}) { edges { node { id } } } }`,
			[]string{"istanbul-talks-2025-05-16"}, []string{"trump-putin-call-2025-05-19"}},
		{"events by text",
			`{ events(first: 50, where: {text: "sanctions package"}) { edges { node { id } } } }`,
			[]string{"eu-seventeenth-sanctions-package"}, nil},
		{"actors by kind",
			`{ actors(first: 50, where: {kinds: [STATE]}) { edges { node { id } } } }`,
			[]string{"russia", "ukraine", "turkiye"}, []string{"vladimir-putin"}},
		{"actors by code",
			`{ actors(first: 50, where: {code: "RUS"}) { edges { node { id } } } }`,
			[]string{"russia"}, []string{"ukraine"}},
		{"positions by actor and stance",
			`{ positions(first: 50, where: {actorIds: ["russia"], stances: [DEMANDS]}) { edges { node { id } } } }`,
			nil, []string{"starmer-rejects-russian-position"}},
		{"forecasts by horizon",
			`{ forecasts(first: 50, where: {horizons: [SHORT_TERM]}) { edges { node { id } } } }`,
			nil, nil},
		{"locations within a country",
			`{ locations(first: 50, where: {withinId: "turkiye-country"}) { edges { node { id } } } }`,
			[]string{"istanbul", "dolmabahce-palace"}, []string{"turkiye-country"}},
		{"topics by text",
			`{ topics(first: 50, where: {text: "ceasefire"}) { edges { node { id } } } }`,
			[]string{"ceasefire"}, nil},
		{"sources by kind",
			`{ sources(first: 50, where: {kinds: [ARTICLE]}) { edges { node { id } } } }`,
			[]string{"stauder-2025-05-26-direct-talks"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(t, tt.query)
			set := map[string]bool{}
			for _, id := range got {
				set[id] = true
			}
			for _, w := range tt.want {
				if !set[w] {
					t.Errorf("missing %s in %v", w, got)
				}
			}
			for _, n := range tt.not {
				if set[n] {
					t.Errorf("unexpected %s in %v", n, got)
				}
			}
			if len(got) == 0 {
				t.Errorf("no results")
			}
		})
	}
}

func TestPagingWalksEveryItemOnce(t *testing.T) {
	srv := apitest.Start(t)
	var total int
	seen := map[string]bool{}
	after := any(nil)
	for pages := 0; pages < 20; pages++ {
		var out struct {
			Actors struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage     bool
					HasPreviousPage bool
					EndCursor       string
				}
				Edges []struct {
					Cursor string
					Node   struct{ ID string }
				}
			}
		}
		srv.MustQuery(t, `query($after: String) { actors(first: 4, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }`,
			map[string]any{"after": after}, &out)
		total = out.Actors.TotalCount
		if (after != nil) != out.Actors.PageInfo.HasPreviousPage {
			t.Errorf("hasPreviousPage = %v on page %d", out.Actors.PageInfo.HasPreviousPage, pages)
		}
		for _, e := range out.Actors.Edges {
			if seen[e.Node.ID] {
				t.Errorf("%s seen twice", e.Node.ID)
			}
			seen[e.Node.ID] = true
		}
		if !out.Actors.PageInfo.HasNextPage {
			break
		}
		after = out.Actors.PageInfo.EndCursor
	}
	if len(seen) != total || total < 10 {
		t.Errorf("walked %d actors, totalCount %d", len(seen), total)
	}
}

func TestGraphShapedQueries(t *testing.T) {
	srv := apitest.Start(t)
	var out struct {
		Search []struct {
			Type string
			Node struct{ ID string }
		}
		Neighborhood struct {
			Nodes []struct{ ID, Type, Label string }
			Edges []struct{ Type, Source, Target string }
		}
		Path struct {
			Nodes []struct{ ID string }
			Edges []struct{ Type string }
		}
		Narrow struct {
			Nodes []struct{ ID string }
		}
	}
	srv.MustQuery(t, `{
	  search(query: "Zelensky", kinds: [ACTOR], first: 5) { type node { id } }
	  neighborhood(id: "istanbul-talks-2025-05-16", depth: 1, limit: 100) { nodes { id type label } edges { type source target } }
	  path(fromId: "vladimir-medinsky", toId: "donald-trump", maxDepth: 6) { nodes { id } edges { type } }
	  narrow: neighborhood(id: "vladimir-putin", depth: 1, limit: 100, to: "2025-05-18") { nodes { id } }
	}`, nil, &out)
	if len(out.Search) == 0 || out.Search[0].Node.ID != "volodymyr-zelenskyy" || out.Search[0].Type != "ACTOR" {
		t.Errorf("search Zelensky: %+v", out.Search)
	}
	has := func(nodes []struct{ ID string }, id string) bool {
		for _, n := range nodes {
			if n.ID == id {
				return true
			}
		}
		return false
	}
	var ids []struct{ ID string }
	for _, n := range out.Neighborhood.Nodes {
		ids = append(ids, struct{ ID string }{n.ID})
	}
	for _, want := range []string{"vladimir-medinsky", "dolmabahce-palace", "vladimir-putin"} {
		if !has(ids, want) {
			t.Errorf("neighbourhood of the talks lacks %s", want)
		}
	}
	for _, e := range out.Neighborhood.Edges {
		if e.Source == "" || e.Target == "" {
			t.Errorf("edge without ends: %+v", e)
		}
	}
	if len(out.Path.Nodes) < 3 || out.Path.Nodes[0].ID != "vladimir-medinsky" || out.Path.Nodes[len(out.Path.Nodes)-1].ID != "donald-trump" {
		t.Errorf("path: %+v", out.Path)
	}
	if has(out.Narrow.Nodes, "trump-putin-call-2025-05-19") {
		t.Errorf("a range ending 18 May still shows the 19 May call")
	}
}

func TestRoundTripsDoNotGrowWithThePage(t *testing.T) {
	srv := apitest.Start(t)
	// 60 events, each with two participants who have an affiliation.
	var events []map[string]any
	for i := 0; i < 60; i++ {
		events = append(events, map[string]any{
			"id": fmt.Sprintf("t-rt-event-%02d", i), "title": fmt.Sprintf("Round-trip event %d", i), "kind": "CONSULT",
			"startDate":    fmt.Sprintf("2030-01-%02d", i%28+1),
			"participants": []map[string]any{{"actorId": "t-rt-a"}, {"actorId": "t-rt-b", "kind": "MEDIATOR"}},
		})
	}
	srv.MustMutate(t, `mutation($in: IngestInput!) { ingest(input: $in) { created } }`, map[string]any{"in": map[string]any{
		"actors": []map[string]any{
			{"id": "t-rt-a", "name": "RT A", "kind": "STATE"}, {"id": "t-rt-b", "name": "RT B", "kind": "PERSON"},
		},
		"affiliations": []map[string]any{{"actorId": "t-rt-b", "withId": "t-rt-a", "role": "envoy"}},
		"events":       events,
	}}, nil)
	const q = `query($n: Int) { events(first: $n, where: {participantsAny: ["t-rt-a"]}) {
	  totalCount edges { node { title participants(first: 5) { edges { kind node { name affiliations(first: 3) { edges { role node { name } } } } } } } } } }`
	cost := func(n int) int64 {
		before := srv.Store.RoundTrips()
		var out struct {
			Events struct {
				Edges []struct {
					Node struct {
						Participants struct {
							Edges []struct {
								Node struct {
									Affiliations struct{ Edges []struct{ Role string } }
								}
							}
						}
					}
				}
			}
		}
		srv.MustQuery(t, q, map[string]any{"n": n}, &out)
		if len(out.Events.Edges) != n {
			t.Fatalf("page of %d has %d events", n, len(out.Events.Edges))
		}
		roles := 0
		for _, e := range out.Events.Edges {
			for _, p := range e.Node.Participants.Edges {
				roles += len(p.Node.Affiliations.Edges)
			}
		}
		if roles != n {
			t.Fatalf("page of %d: %d affiliations reached, want one per event", n, roles)
		}
		return srv.Store.RoundTrips() - before
	}
	small, large := cost(5), cost(50)
	if small != large || large != 1 {
		t.Errorf("round trips: page of 5 = %d, page of 50 = %d; want 1 each", small, large)
	}
}

func TestIngest(t *testing.T) {
	srv := apitest.Start(t)
	const ingest = `mutation($in: IngestInput!, $dry: Boolean) { ingest(input: $in, validateOnly: $dry) {
	  validateOnly created updated unchanged relationshipsCreated counts { type created updated unchanged } } }`
	batch := map[string]any{
		"actors": []map[string]any{{"id": "t-ing-a", "name": "Ingest A", "kind": "STATE"}},
		"events": []map[string]any{{"id": "t-ing-e", "title": "Ingest event", "kind": "AGREE", "startDate": "2031-02-03",
			"participants": []map[string]any{{"actorId": "t-ing-a", "role": "signatory"}}}},
	}
	type result struct {
		Ingest struct {
			ValidateOnly                                      bool
			Created, Updated, Unchanged, RelationshipsCreated int
		}
	}
	count := func() int {
		var out struct{ Events struct{ TotalCount int } }
		srv.MustQuery(t, `{ events(where: {ids: ["t-ing-e"]}) { totalCount } }`, nil, &out)
		return out.Events.TotalCount
	}

	// Leftovers of an earlier run against the same database.
	srv.MustMutate(t, `mutation { a: deleteEvent(id: "t-ing-e") { deleted } b: deleteActor(id: "t-ing-a") { deleted } }`, nil, nil)

	var dry result
	srv.MustMutate(t, ingest, map[string]any{"in": batch, "dry": true}, &dry)
	if !dry.Ingest.ValidateOnly || count() != 0 {
		t.Fatalf("validateOnly wrote something: %+v, events %d", dry, count())
	}
	var first, replay result
	srv.MustMutate(t, ingest, map[string]any{"in": batch}, &first)
	srv.MustMutate(t, ingest, map[string]any{"in": batch}, &replay)
	if first.Ingest.Created != 2 || first.Ingest.RelationshipsCreated == 0 {
		t.Errorf("first ingest: %+v", first.Ingest)
	}
	if replay.Ingest.Created != 0 || replay.Ingest.Updated != 0 || replay.Ingest.Unchanged != 2 || replay.Ingest.RelationshipsCreated != 0 {
		t.Errorf("replay changed something: %+v", replay.Ingest)
	}

	bad := []struct {
		name, code, path string
		in               map[string]any
	}{
		{"unknown reference", "BAD_USER_INPUT", "input.events[1].participants[0].actorId", map[string]any{"events": []map[string]any{
			{"id": "t-ing-ok", "title": "fine", "kind": "AGREE"},
			{"id": "t-ing-bad", "title": "bad", "kind": "AGREE", "participants": []map[string]any{{"actorId": "t-nobody"}}},
		}}},
		{"blank name", "BAD_USER_INPUT", "input.actors[0].name", map[string]any{"actors": []map[string]any{{"id": "t-ing-blank", "name": " ", "kind": "STATE"}}}},
		{"id not a slug", "BAD_USER_INPUT", "input.actors[0].id", map[string]any{"actors": []map[string]any{{"id": "Not A Slug!", "name": "x", "kind": "STATE"}}}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := srv.Mutate(t, ingest, map[string]any{"in": tt.in})
			if len(r.Errors) == 0 {
				t.Fatalf("accepted: %s", r.Data)
			}
			found := false
			for _, e := range r.Errors {
				if e.Code() == tt.code && strings.Contains(fmt.Sprint(e.Extensions), tt.path) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s error naming %s: %+v", tt.code, tt.path, r.Errors)
			}
		})
	}
	var none struct{ Events struct{ TotalCount int } }
	srv.MustQuery(t, `{ events(where: {ids: ["t-ing-ok"]}) { totalCount } }`, nil, &none)
	if none.Events.TotalCount != 0 {
		t.Errorf("a rejected batch left its good item written")
	}
}

func TestSingleWrites(t *testing.T) {
	srv := apitest.Start(t)
	type payload struct {
		Status string
		Actor  struct{ ID, Name string }
	}
	upsert := func(name string) payload {
		var out struct{ UpsertActor payload }
		srv.MustMutate(t, `mutation($n: String!) { upsertActor(input: {id: "t-single", name: $n, kind: GROUP}) { status actor { id name } } }`,
			map[string]any{"n": name}, &out)
		return out.UpsertActor
	}
	for i, want := range []struct{ name, status string }{{"Single", "CREATED"}, {"Single", "UNCHANGED"}, {"Single renamed", "UPDATED"}} {
		got := upsert(want.name)
		if got.Status != want.status || got.Actor.Name != want.name {
			t.Errorf("upsert %d: %+v, want %s %s", i, got, want.status, want.name)
		}
	}
	writes := []struct{ name, mutation, want string }{
		{"source", `upsertSource(input: {id: "t-src", title: "T source", kind: NOTE, publishedAt: "2031-01-01"}) { status source { id } }`, `"status":"CREATED"`},
		{"location", `upsertLocation(input: {id: "t-loc", name: "T loc", kind: CITY, latitude: 1.5, longitude: 2.5}) { status location { latitude } }`, `"latitude":1.5`},
		{"topic", `upsertTopic(input: {id: "t-topic", name: "T topic"}) { status topic { name } }`, `"name":"T topic"`},
		{"event", `upsertEvent(input: {id: "t-ev", title: "T event", kind: AID, locationId: "t-loc", topicIds: ["t-topic"], citations: [{sourceId: "t-src", quote: "q"}]}) { status event { location { id } topics { id } sources { quote } } }`, `"location":{"id":"t-loc"}`},
		{"position", `upsertPosition(input: {id: "t-pos", actorId: "t-single", topicId: "t-topic", stance: SUPPORTS, statement: "T says yes"}) { status position { actor { id } topic { id } } }`, `"actor":{"id":"t-single"}`},
		{"forecast", `upsertForecast(input: {id: "t-fc", statement: "T will happen", horizon: SHORT_TERM, likelihood: UNLIKELY, aboutIds: ["t-topic"], sourceId: "t-src"}) { status forecast { windowStart windowEnd probability { low } } }`, `"windowStart":"2031-01-01","windowEnd":"2031-04-01"`},
		{"link", `linkParticipant(eventId: "t-ev", actorId: "t-single", kind: MEDIATOR, role: "broker") { changed event { participants { edges { kind role } } } }`, `{"kind":"MEDIATOR","role":"broker"}`},
		{"unlink", `unlinkParticipant(eventId: "t-ev", actorId: "t-single") { changed event { participants { totalCount } } }`, `"totalCount":0`},
		{"delete", `deleteEvent(id: "t-ev") { id deleted }`, `"deleted":true`},
		{"delete again", `deleteEvent(id: "t-ev") { id deleted }`, `"deleted":false`},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			r := srv.Mutate(t, "mutation { "+w.mutation+" }", nil)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			if !strings.Contains(string(r.Data), w.want) {
				t.Errorf("data lacks %s: %s", w.want, r.Data)
			}
		})
	}
	for _, d := range []string{"deletePosition(id: \"t-pos\")", "deleteForecast(id: \"t-fc\")", "deleteTopic(id: \"t-topic\")",
		"deleteLocation(id: \"t-loc\")", "deleteSource(id: \"t-src\")", "deleteActor(id: \"t-single\")"} {
		var out map[string]struct{ Deleted bool }
		srv.MustMutate(t, "mutation { d: "+d+" { deleted } }", nil, &out)
		if !out["d"].Deleted {
			t.Errorf("%s deleted nothing", d)
		}
	}
}

func TestHostileInput(t *testing.T) {
	srv := apitest.Start(t)
	hostile := []string{
		`'}) MATCH (n) DETACH DELETE n //`,
		"\" OR 1=1 RETURN n; CALL dbms.shutdown() //",
		"`injected` $param {x: 1} \\u0000 ünïcödé",
	}
	for i, h := range hostile {
		id := fmt.Sprintf("t-hostile-%d", i)
		var out struct {
			UpsertActor struct {
				Actor struct{ Name, Description string }
			}
		}
		srv.MustMutate(t, `mutation($id: ID!, $s: String!) { upsertActor(input: {id: $id, name: $s, kind: GROUP, description: $s, aliases: [$s]}) { actor { name description } } }`,
			map[string]any{"id": id, "s": h}, &out)
		if out.UpsertActor.Actor.Name != h || out.UpsertActor.Actor.Description != h {
			t.Errorf("stored %q, read back %+v", h, out.UpsertActor.Actor)
		}
		// Also as search text and filter values: answered, not executed.
		r := srv.Query(t, `query($s: String!) { search(query: $s) { score } actors(where: {text: $s, code: $s}) { totalCount } }`, map[string]any{"s": h})
		if len(r.Errors) > 0 {
			t.Errorf("hostile search %q: %+v", h, r.Errors)
		}
	}
	var still struct{ Actor struct{ ID string } }
	srv.MustQuery(t, `{ actor(id: "vladimir-putin") { id } }`, nil, &still)
	if still.Actor.ID != "vladimir-putin" {
		t.Fatal("the seed is gone")
	}
}

func TestRefusals(t *testing.T) {
	srv := apitest.Start(t)
	deep := "{ actor(id: \"russia\") { " + strings.Repeat("members { edges { node { ", 5) + "id" + strings.Repeat(" } } }", 5) + " } }"
	tests := []struct {
		name, key, query, code string
	}{
		{"mutation without a key", "", `mutation { deleteActor(id: "russia") { deleted } }`, "UNAUTHENTICATED"},
		{"mutation with a wrong key", "nope", `mutation { deleteActor(id: "russia") { deleted } }`, "UNAUTHENTICATED"},
		{"unknown enum value", "", `{ events(where: {kinds: [PARTY]}) { totalCount } }`, "BAD_USER_INPUT"},
		{"wrong type", "", `{ events(first: "many") { totalCount } }`, "BAD_USER_INPUT"},
		{"page too large", "", `{ events(first: 1000) { totalCount } }`, "BAD_USER_INPUT"},
		{"bad cursor", "", `{ events(after: "not-a-cursor") { totalCount } }`, "BAD_USER_INPUT"},
		{"bad date", "", `{ events(where: {from: "16 May 2025"}) { totalCount } }`, "BAD_USER_INPUT"},
		{"depth too large", "", deep, "QUERY_TOO_COMPLEX"},
		{"too costly", "", `{ events(first: 100) { edges { node { participants(first: 100) { edges { node { events(first: 100) { totalCount } } } } } } } }`, "QUERY_TOO_COMPLEX"},
		{"neighbourhood too deep", "", `{ neighborhood(id: "russia", depth: 9) { truncated } }`, "BAD_USER_INPUT"},
		{"neighbourhood of nothing", "", `{ neighborhood(id: "t-nothing") { truncated } }`, "NOT_FOUND"},
		{"path from nothing", "", `{ path(fromId: "t-nothing", toId: "russia") { truncated } }`, "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := srv.Post(t, tt.key, tt.query, nil)
			if len(r.Errors) == 0 {
				t.Fatalf("accepted: %s", r.Data)
			}
			if got := r.Errors[0].Code(); got != tt.code {
				t.Errorf("code = %s, want %s (%s)", got, tt.code, r.Errors[0].Message)
			}
		})
	}
	// The refused deletes really did nothing.
	var out struct{ Actor *struct{ ID string } }
	srv.MustQuery(t, `{ actor(id: "russia") { id } }`, nil, &out)
	if out.Actor == nil {
		t.Fatal("a refused mutation deleted russia")
	}
}

// Search tries the words as typed (or as prefixes) and allows a typo only
// when they find nothing.
func TestSearch(t *testing.T) {
	srv := apitest.Start(t)
	tests := []struct {
		name, query, kinds string
		want               string // the first hit's id
	}{
		{"an alias", "Zelensky", "[ACTOR]", "volodymyr-zelenskyy"},
		{"a prefix", "Medin", "[ACTOR]", "vladimir-medinsky"},
		{"a typo when nothing matches as typed", "Medinksy", "[ACTOR]", "vladimir-medinsky"},
		{"every kind", "Istanbul talks", "null", "istanbul-talks-2025-05-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				Search []struct{ Node struct{ ID string } }
			}
			srv.MustQuery(t, `query($q: String!) { search(query: $q, kinds: `+tt.kinds+`, first: 10) { node { id } } }`, map[string]any{"q": tt.query}, &out)
			if len(out.Search) == 0 || out.Search[0].Node.ID != tt.want {
				t.Fatalf("search %q: %+v, want %s first", tt.query, out.Search, tt.want)
			}
		})
	}
}
