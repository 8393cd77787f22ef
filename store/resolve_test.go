package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
)

func bp(b bool) *bool { return &b }

// resolveFixture writes the nodes the resolution tests look for. Names carry
// the test's own word u and places lie in ZZT (a code ISO 3166 leaves to
// users), so that nothing else in the database, the seed included, is one
// of them.
func resolveFixture(t *testing.T, c *Client, p, u string) {
	t.Helper()
	in := model.IngestInput{
		Actors: []*model.ActorInput{
			{ID: sp(p + "zelenskyy"), Name: "Volodymyr Zelenskyy " + u, Kind: model.ActorKindPerson, CountryCode: sp("UKR"),
				Aliases: []string{"Zelensky " + u, "Volodymyr Zelensky " + u}},
			{ID: sp(p + "turkiye"), Name: "Türkiye " + u, Kind: model.ActorKindState, CountryCode: sp("ZZT"),
				Aliases: []string{"Turkey " + u}, Codes: []string{"TUR" + u, "TURGOV" + u}, WikidataID: sp("Q43" + u)},
			{ID: sp(p + "twin-a"), Name: "Twin " + u, Kind: model.ActorKindGroup},
			{ID: sp(p + "twin-b"), Name: "TWIN " + u, Kind: model.ActorKindOrganization},
			{ID: sp(p + "forces"), Name: "Forces " + u, Kind: model.ActorKindGroup},
		},
		Locations: []*model.LocationInput{
			{ID: sp(p + "turkiye-country"), Name: "Türkiye " + u, Kind: model.LocationKindCountry, CountryCode: sp("ZZT")},
			{ID: sp(p + "istanbul"), Name: "Istanbul " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZT"),
				Latitude: fp(41.0082), Longitude: fp(28.9784), ParentID: sp(p + "turkiye-country")},
		},
	}
	if _, err := c.Ingest(context.Background(), in, false); err != nil {
		t.Fatal(err)
	}
}

// mustIngest ingests in, failing the test on an error.
func mustIngest(t *testing.T, c *Client, in model.IngestInput) *model.IngestResult {
	t.Helper()
	r, err := c.Ingest(context.Background(), in, false)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// resolvedTo is the node the batch's item at path resolved to, and how;
// "" when it was not resolved.
func resolvedTo(r *model.IngestResult, path string) (string, model.ResolvedBy) {
	for _, x := range r.Resolved {
		if x.Path == path {
			return x.ID, x.By
		}
	}
	return "", ""
}

func TestResolveEntities(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	U := strings.ToUpper(u)
	resolveFixture(t, c, p, u)
	ctx := context.Background()

	ingest := func(t *testing.T, in model.IngestInput) *model.IngestResult { return mustIngest(t, c, in) }
	exists := func(t *testing.T, id string) bool {
		t.Helper()
		return len(cypher(t, c, `MATCH (n {id: $id}) RETURN n.id`, map[string]any{"id": id})) > 0
	}

	t.Run("a GDELT spelling of a person, kind guessed, given no id", func(t *testing.T) {
		ev := p + "ev-zelensky"
		r := ingest(t, model.IngestInput{
			Actors: []*model.ActorInput{{Name: "VOLODYMYR ZELENSKY " + U, Kind: model.ActorKindOrganization, KindKnown: bp(false), CountryCode: sp("UKR")}},
			Events: []*model.EventInput{{ID: &ev, Title: "talks", Kind: model.EventKindConsult, StartDate: dp("2025-05-16"),
				Participants: []*model.ParticipantInput{{ActorID: "volodymyr-zelensky-" + u}}}},
		})
		if id, by := resolvedTo(r, "input.actors[0]"); id != p+"zelenskyy" || by != model.ResolvedByName {
			t.Fatalf("resolved to %q by %q, want %q by NAME; result %+v", id, by, p+"zelenskyy", r.Resolved)
		}
		got := cypher(t, c, `MATCH (a:Actor {id: $id})-[:PARTICIPATED_IN]->(:Event {id: $ev}) RETURN a.kind AS kind, a.name AS name`,
			map[string]any{"id": p + "zelenskyy", "ev": ev})
		if len(got) != 1 || got[0]["kind"] != "PERSON" || got[0]["name"] != "Volodymyr Zelenskyy "+u {
			t.Errorf("the event's participant: %v, want the person, name and kind kept", got)
		}
		if exists(t, "volodymyr-zelensky-"+u) {
			t.Error("a second actor was created")
		}
	})

	t.Run("a code across kind families, with an id the graph does not know", func(t *testing.T) {
		gov := p + "turkey-government"
		r := ingest(t, model.IngestInput{
			Actors: []*model.ActorInput{
				{ID: &gov, Name: "Government of Turkey " + u, Kind: model.ActorKindOrganization, Codes: []string{"TURGOV" + u}, CountryCode: sp("ZZT")},
				{ID: sp(p + "turkiye"), Name: "Türkiye " + u, Kind: model.ActorKindState, Codes: []string{"TUR" + u, "TURGOV" + u}},
			},
			Affiliations: []*model.AffiliationInput{{ActorID: gov, WithID: p + "turkiye"}},
		})
		if id, by := resolvedTo(r, "input.actors[0]"); id != p+"turkiye" || by != model.ResolvedByCode {
			t.Fatalf("resolved to %q by %q, want the state by CODE", id, by)
		}
		if exists(t, gov) {
			t.Error("the government was created beside the state that holds its code")
		}
		got := cypher(t, c, `MATCH (a:Actor {id: $id}) RETURN a.kind AS kind, a.aliases AS aliases, EXISTS { (a)-[:AFFILIATED_WITH]->(a) } AS self`,
			map[string]any{"id": p + "turkiye"})
		if got[0]["kind"] != "STATE" || got[0]["self"] != false {
			t.Errorf("the state: %v, want STATE and no affiliation with itself", got)
		}
	})

	t.Run("two participants that resolve to one actor keep both sources and quotes, each its own citation", func(t *testing.T) {
		ev, s1, s2 := p+"ev-two-sides", p+"src-one", p+"src-two"
		r := ingest(t, model.IngestInput{
			Sources: []*model.SourceInput{{ID: &s1, Title: "one", Kind: model.SourceKindArticle}, {ID: &s2, Title: "two", Kind: model.SourceKindArticle}},
			Actors: []*model.ActorInput{
				{ID: sp(p + "gov-two-sides"), Name: "Government of Turkey two " + u, Kind: model.ActorKindOrganization, Codes: []string{"TURGOV" + u}},
				// resolves to the node the first writes: it joins the first
				{ID: sp(p + "turkey-two-sides"), Name: "Turkey " + u, Kind: model.ActorKindState, CountryCode: sp("ZZT"),
					Codes: []string{"TURTWO" + u}, Citations: []*model.CitationInput{{SourceID: s2, Quote: sp("Turkey, cited")}}},
			},
			Events: []*model.EventInput{{ID: &ev, Title: "self-directed", Kind: model.EventKindConsult, StartDate: dp("2025-05-16"),
				Participants: []*model.ParticipantInput{
					{ActorID: p + "gov-two-sides", Kind: model.ParticipationKindInitiator, SourceIds: []string{s1}, Role: sp("government"), Quote: sp("the government said")},
					{ActorID: p + "turkey-two-sides", Kind: model.ParticipationKindTarget, SourceIds: []string{s2}, Quote: sp("Turkey heard")},
				}}},
		})
		for _, path := range []string{"input.actors[0]", "input.actors[1]"} {
			if id, _ := resolvedTo(r, path); id != p+"turkiye" {
				t.Fatalf("%s resolved to %q, want the state; result %+v", path, id, r.Resolved)
			}
		}
		got := cypher(t, c, `MATCH (a:Actor)-[r:PARTICIPATED_IN]->(:Event {id: $ev})
RETURN a.id AS actor, r.kind AS kind, r.sourceIds AS sources, r.role AS role, r.quote AS quote,
  r.citeSources AS citeSources, r.citeQuotes AS citeQuotes, r.claimKind AS claimKind, r.claimRole AS claimRole`, map[string]any{"ev": ev})
		// no quote is glued to another: each source keeps its own, with
		// what it states; the first's, written last, are preferred (it
		// says how the actor took part)
		want := map[string]any{"actor": p + "turkiye", "kind": "INITIATOR", "sources": []any{s2, s1},
			"role": "government", "quote": "the government said",
			"citeSources": []any{s2, s1}, "citeQuotes": []any{"Turkey heard", "the government said"},
			"claimKind": []any{"TARGET", "INITIATOR"}, "claimRole": []any{"", "government"}}
		if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
			t.Errorf("participations %v, want one: %v", got, want)
		}
		got = cypher(t, c, `MATCH (a:Actor {id: $id}) RETURN a.codes AS codes, [(a)-[c:CITED_IN]->(s:Source {id: $s2}) | c.quote] AS cited`,
			map[string]any{"id": p + "turkiye", "s2": s2})
		if codes := strs(got[0]["codes"]); !slices.Contains(codes, "TURTWO"+u) || fmt.Sprint(got[0]["cited"]) != "[Turkey, cited]" {
			t.Errorf("the state: %v, want the second item's code and citation too", got)
		}
		if exists(t, p+"gov-two-sides") || exists(t, p+"turkey-two-sides") {
			t.Error("an item that resolved was created")
		}
	})

	t.Run("by wikidata id and by alias", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Actors: []*model.ActorInput{
			{Name: "Republic of Türkiye " + u, Kind: model.ActorKindState, WikidataID: sp("Q43" + u)},
			{Name: "TURKEY " + U, Kind: model.ActorKindState, CountryCode: sp("ZZT")},
		}})
		if id, by := resolvedTo(r, "input.actors[0]"); id != p+"turkiye" || by != model.ResolvedByWikidataID {
			t.Errorf("actors[0] resolved to %q by %q, want the state by WIKIDATA_ID", id, by)
		}
		if id, by := resolvedTo(r, "input.actors[1]"); id != p+"turkiye" || by != model.ResolvedByName {
			t.Errorf("actors[1] resolved to %q by %q, want the state by NAME (its alias)", id, by)
		}
		got := cypher(t, c, `MATCH (a:Actor {id: $id}) RETURN a.name AS name, a.aliases AS aliases`, map[string]any{"id": p + "turkiye"})
		aliases, _ := got[0]["aliases"].([]any)
		if got[0]["name"] != "Türkiye "+u || !slices.Contains(aliases, any("Republic of Türkiye "+u)) {
			t.Errorf("the state after the merge: %v, want its name kept and the new name an alias", got)
		}
	})

	t.Run("a name in another family or country is another actor", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Actors: []*model.ActorInput{
			{ID: sp(p + "turkey-person"), Name: "Turkey " + u, Kind: model.ActorKindPerson},
			{ID: sp(p + "zelensky-rus"), Name: "Zelensky " + u, Kind: model.ActorKindPerson, CountryCode: sp("RUS")},
		}})
		if len(r.Resolved) != 0 || !exists(t, p+"turkey-person") || !exists(t, p+"zelensky-rus") {
			t.Errorf("resolved %+v; want both created", r.Resolved)
		}
	})

	t.Run("several matches: created and listed", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Actors: []*model.ActorInput{{ID: sp(p + "twin-c"), Name: "twin " + u, Kind: model.ActorKindGroup}}})
		if len(r.Resolved) != 0 || len(r.DuplicateCandidates) != 1 || !exists(t, p+"twin-c") {
			t.Fatalf("resolved %+v, duplicates %+v; want created and listed", r.Resolved, r.DuplicateCandidates)
		}
		d := r.DuplicateCandidates[0]
		slices.Sort(d.Candidates)
		if d.Path != "input.actors[0]" || d.ID != p+"twin-c" || !slices.Equal(d.Candidates, []string{p + "twin-a", p + "twin-b"}) {
			t.Errorf("duplicate candidate %+v", d)
		}
	})

	t.Run("kind follows the strongest evidence", func(t *testing.T) {
		kind := func() any {
			return cypher(t, c, `MATCH (a:Actor {id: $id}) RETURN a.kind AS k`, map[string]any{"id": p + "forces"})[0]["k"]
		}
		ingest(t, model.IngestInput{Actors: []*model.ActorInput{{Name: "FORCES " + U, Kind: model.ActorKindOrganization}}})
		if k := kind(); k != "ORGANIZATION" {
			t.Errorf("after an ORGANIZATION sighting: %v", k)
		}
		ingest(t, model.IngestInput{Actors: []*model.ActorInput{{Name: "Forces " + u, Kind: model.ActorKindGroup, ID: sp(p + "forces-2")}}})
		if k := kind(); k != "ORGANIZATION" || exists(t, p+"forces-2") {
			t.Errorf("a GROUP sighting downgraded it or made another: %v", k)
		}
		// A guessed kind on an id the graph knows changes nothing either.
		ingest(t, model.IngestInput{Actors: []*model.ActorInput{{ID: sp(p + "forces"), Name: "Forces " + u, Kind: model.ActorKindPerson, KindKnown: bp(false)}}})
		if k := kind(); k != "ORGANIZATION" {
			t.Errorf("a guessed kind changed it: %v", k)
		}
	})

	t.Run("places: folded name, country, and close coordinates", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			// GDELT's: 1.6 km off, with its own region as parent
			{ID: sp(p + "gdelt-istanbul"), Name: "İSTANBUL " + U, Kind: model.LocationKindCity, CountryCode: sp("ZZT"),
				Latitude: fp(41.0186), Longitude: fp(28.9647), ParentID: sp(p + "gdelt-region")},
			{ID: sp(p + "gdelt-region"), Name: "Istanbul Region " + u, Kind: model.LocationKindRegion, CountryCode: sp("ZZT")},
			// a country by its code whatever its name
			{ID: sp(p + "turkey-country"), Name: "Turkey " + u, Kind: model.LocationKindCountry, CountryCode: sp("ZZT")},
			// too far: another place of that name
			{ID: sp(p + "far-istanbul"), Name: "Istanbul " + u, Kind: model.LocationKindSite, CountryCode: sp("ZZT"), Latitude: fp(40.0), Longitude: fp(33.0)},
		}})
		if id, _ := resolvedTo(r, "input.locations[0]"); id != p+"istanbul" {
			t.Errorf("GDELT's Istanbul resolved to %q", id)
		}
		if id, by := resolvedTo(r, "input.locations[2]"); id != p+"turkiye-country" || by != model.ResolvedByCountryCode {
			t.Errorf("the country resolved to %q by %q", id, by)
		}
		if id, _ := resolvedTo(r, "input.locations[3]"); id != "" || !exists(t, p+"far-istanbul") {
			t.Errorf("a place 350 km off resolved to %q", id)
		}
		got := cypher(t, c, `MATCH (l:Location {id: $id})-[:LOCATED_IN]->(p) RETURN p.id AS parent, l.latitude AS lat`, map[string]any{"id": p + "istanbul"})
		if len(got) != 1 || got[0]["parent"] != p+"turkiye-country" || got[0]["lat"] != 41.0082 {
			t.Errorf("the seed's Istanbul after the merge: %v, want its parent and coordinates kept", got)
		}
		// ACLED's, given without coordinates of GDELT's precision: one place.
		r = ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{ID: sp(p + "acled-istanbul"), Name: "Istanbul " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZT"), Latitude: fp(41.01), Longitude: fp(28.96)},
		}})
		if id, _ := resolvedTo(r, "input.locations[0]"); id != p+"istanbul" {
			t.Errorf("ACLED's Istanbul resolved to %q", id)
		}
	})

	t.Run("a dry run says what would resolve", func(t *testing.T) {
		r, err := c.Ingest(ctx, model.IngestInput{Actors: []*model.ActorInput{{Name: "Zelensky " + u, Kind: model.ActorKindPerson, CountryCode: sp("UKR")}}}, true)
		if err != nil {
			t.Fatal(err)
		}
		if id, _ := resolvedTo(r, "input.actors[0]"); id != p+"zelenskyy" || r.Created != 0 {
			t.Errorf("dry run: resolved %+v, created %d", r.Resolved, r.Created)
		}
	})
}

// TestResolveRoundTrips: however many items a batch resolves, resolution
// costs one lookup.
func TestResolveRoundTrips(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	ctx := context.Background()
	var trips []int64
	for _, n := range []int{1, 40} {
		var seed, in model.IngestInput
		for i := range n {
			name := fmt.Sprintf("Actor %d of %d %s", i, n, u)
			seed.Actors = append(seed.Actors, &model.ActorInput{ID: sp(fmt.Sprintf("%sa%d-%d", p, n, i)), Name: name, Kind: model.ActorKindGroup})
			in.Actors = append(in.Actors, &model.ActorInput{Name: strings.ToUpper(name), Kind: model.ActorKindGroup})
		}
		if _, err := c.Ingest(ctx, seed, false); err != nil {
			t.Fatal(err)
		}
		before := c.RoundTrips()
		r, err := c.Ingest(ctx, in, false)
		if err != nil {
			t.Fatal(err)
		}
		trips = append(trips, c.RoundTrips()-before)
		if len(r.Resolved) != n || r.Created != 0 {
			t.Errorf("%d actors: %d resolved, %d created", n, len(r.Resolved), r.Created)
		}
	}
	// one batch lookup (merged ids and resolution together, lookup.go) and
	// one actor statement, whatever the number of actors
	if trips[0] != 2 || trips[1] != 2 {
		t.Errorf("round trips for 1 and 40 resolved actors: %v, want 2 each", trips)
	}
}

// TestResolveBackfill: nodes written before ingest kept resolution tokens get
// them at start, and are then found.
func TestResolveBackfill(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	cypher(t, c, `CREATE (:Actor {id: $id, name: $name, kind: 'PERSON', aliases: [$alias], createdAt: datetime(), updatedAt: datetime()})`,
		map[string]any{"id": p + "old", "name": "Old Name " + u, "alias": "Öld Alias " + u})
	if err := c.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := c.Ingest(context.Background(), model.IngestInput{Actors: []*model.ActorInput{{Name: "old alias " + u, Kind: model.ActorKindPerson}}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Resolved) != 1 || r.Resolved[0].ID != p+"old" {
		t.Errorf("resolved %+v, want the old actor by its alias", r.Resolved)
	}
}
