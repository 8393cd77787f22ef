package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
)

// IfExists KEEP and ADD_CODES: what a dataset batch says of nodes the graph
// holds never overwrites them (kg's dataset imports; the importer used to
// look the graph up itself to leave them out), the batch's known items are
// reported by ID, and a replay writes nothing.
func TestIngestIfExists(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	ctx := context.Background()
	mode := func(m model.IfExists) *model.IfExists { return &m }
	setup := model.IngestInput{
		Sources: []*model.SourceInput{{ID: sp(p + "s"), Title: "Curated " + u, Kind: model.SourceKindArticle, PublishedAt: dp("2025-01-01")}},
		Actors: []*model.ActorInput{
			{ID: sp(p + "a"), Name: "Ifx Curated " + u, Kind: model.ActorKindPerson, Aliases: []string{"IC " + u}, Description: sp("curated"), Codes: []string{"OWN"}},
			{ID: sp(p + "g"), Name: "Ifx Forces " + u, Kind: model.ActorKindGroup},
		},
		Locations: []*model.LocationInput{
			{ID: sp(p + "r"), Name: "Ifx Region " + u, Kind: model.LocationKindRegion, CountryCode: sp("ZZT")},
			{ID: sp(p + "l"), Name: "Ifx Town " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZT"), ParentID: sp(p + "r")},
		},
	}
	if _, err := c.Ingest(ctx, setup, false); err != nil {
		t.Fatal(err)
	}
	dataset := func(m model.IfExists) model.IngestInput {
		return model.IngestInput{
			IfExists: mode(m),
			Sources:  []*model.SourceInput{{ID: sp(p + "s"), Title: "GDELT's title " + u, Kind: model.SourceKindArticle, PublishedAt: dp("2025-02-02")}},
			Actors: []*model.ActorInput{
				{ID: sp(p + "a"), Name: "IFX CURATED " + u, Kind: model.ActorKindOrganization, KindKnown: bp(false), Codes: []string{"NEW"}},
				// better evidence: the dataset knows the group is an organisation
				{ID: sp(p + "g"), Name: "IFX FORCES " + u, Kind: model.ActorKindOrganization},
			},
			Locations: []*model.LocationInput{
				{ID: sp(p + "r2"), Name: "Ifx Other Region " + u, Kind: model.LocationKindRegion, CountryCode: sp("ZZT")},
				{ID: sp(p + "l"), Name: "IFX TOWN " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZT"), ParentID: sp(p + "r2")},
			},
			Events: []*model.EventInput{{ID: sp(p + "e"), Title: "a clash", Kind: model.EventKindAssault, StartDate: dp("2025-05-16"),
				LocationID: sp(p + "l"), Citations: []*model.CitationInput{{SourceID: p + "s"}},
				Participants: []*model.ParticipantInput{{ActorID: p + "a", Kind: model.ParticipationKindInitiator}, {ActorID: p + "g", Kind: model.ParticipationKindTarget}}}},
		}
	}
	byID := func(r *model.IngestResult) []string {
		var out []string
		for _, x := range r.Resolved {
			if x.By == model.ResolvedByID {
				out = append(out, x.Path)
			}
		}
		slices.Sort(out)
		return out
	}
	count := func(r *model.IngestResult, nt string) *model.IngestCount {
		for _, ct := range r.Counts {
			if string(ct.Type) == nt {
				return ct
			}
		}
		return &model.IngestCount{}
	}
	node := func(id string) map[string]any {
		rows := cypher(t, c, `MATCH (n {id: $id}) RETURN n {.name, .title, .kind, .codes, .aliases, .description, .publishedAt,
			parent: [(n)-[:LOCATED_IN]->(x) | x.id]} AS n`, map[string]any{"id": id})
		if len(rows) != 1 {
			t.Fatalf("%s: %d nodes", id, len(rows))
		}
		return rows[0]["n"].(map[string]any)
	}
	codes := func(id string) []string { return strs(node(id)["codes"]) }

	r, err := c.Ingest(ctx, dataset(model.IfExistsKeep), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := byID(r); !slices.Equal(got, []string{"input.actors[0]", "input.actors[1]", "input.locations[1]", "input.sources[0]"}) {
		t.Errorf("known items %v, want the two actors, the town and the source", got)
	}
	if a := node(p + "a"); a["name"] != "Ifx Curated "+u || a["kind"] != "PERSON" || a["description"] != "curated" ||
		!slices.Equal(strs(a["aliases"]), []string{"IC " + u}) || !slices.Equal(codes(p+"a"), []string{"OWN"}) {
		t.Errorf("KEEP changed the curated actor: %v", a)
	}
	if g := node(p + "g"); g["kind"] != "ORGANIZATION" || g["name"] != "Ifx Forces "+u {
		t.Errorf("a known, stronger kind must correct the group, and only that: %v", g)
	}
	if l := node(p + "l"); l["name"] != "Ifx Town "+u || !slices.Equal(strs(l["parent"]), []string{p + "r"}) {
		t.Errorf("KEEP changed the town or moved it: %v", l)
	}
	if s := node(p + "s"); s["title"] != "Curated "+u || !strings.HasPrefix(strings.TrimSpace(toString(s["publishedAt"])), "2025-01-01") {
		t.Errorf("KEEP changed the source: %v", s)
	}
	if ev, ac := count(r, "EVENT"), count(r, "ACTOR"); ev.Created != 1 || ac.Updated != 1 || ac.Unchanged != 1 || count(r, "SOURCE").Unchanged != 1 {
		t.Errorf("counts: event %+v, actor %+v, source %+v", ev, ac, count(r, "SOURCE"))
	}

	// the replay: the event is known now and reported; nothing changes
	r, err = c.Ingest(ctx, dataset(model.IfExistsKeep), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := byID(r); !slices.Contains(got, "input.events[0]") || !slices.Contains(got, "input.locations[0]") {
		t.Errorf("replay: known items %v, want the event and the new region too", got)
	}
	if r.Created != 0 || r.Updated != 0 {
		t.Errorf("replay wrote: created %d, updated %d", r.Created, r.Updated)
	}

	// ADD_CODES adds the dataset's codes and nothing else; then nothing
	r, err = c.Ingest(ctx, dataset(model.IfExistsAddCodes), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(p + "a"); !slices.Equal(got, []string{"OWN", "NEW"}) || count(r, "ACTOR").Updated != 1 {
		t.Errorf("ADD_CODES: codes %v, actors %+v", got, count(r, "ACTOR"))
	}
	if a := node(p + "a"); a["kind"] != "PERSON" || a["description"] != "curated" {
		t.Errorf("ADD_CODES changed more than the codes: %v", a)
	}
	if r, err = c.Ingest(ctx, dataset(model.IfExistsAddCodes), false); err != nil || r.Updated != 0 || r.Created != 0 {
		t.Errorf("ADD_CODES replay: %v, %+v", err, r)
	}

	// REPLACE (the default) is the upsert: the dataset's name replaces
	r, err = c.Ingest(ctx, model.IngestInput{Actors: []*model.ActorInput{{ID: sp(p + "a"), Name: "Replaced " + u, Kind: model.ActorKindPerson}}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if node(p + "a")["name"] != "Replaced "+u || len(byID(r)) != 0 {
		t.Errorf("REPLACE: %v, known items %v (reported only under KEEP)", node(p+"a"), byID(r))
	}
}

func toString(v any) string {
	if s, ok := v.(interface{ String() string }); ok {
		return s.String()
	}
	s, _ := v.(string)
	return s
}

// A hierarchy's stored edges are looked up only when a hop starts at a node
// the graph holds: a batch of new places in new regions cannot close a loop
// with the graph (no stored edge leads into a new node).
func TestHierarchyLookupOnlyForKnownNodes(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	places := func(n int) model.IngestInput {
		var in model.IngestInput
		for i := range n {
			r, l := fmt.Sprintf("%sr%d", p, i), fmt.Sprintf("%sl%d", p, i)
			in.Locations = append(in.Locations,
				&model.LocationInput{ID: &r, Name: "Region " + r, Kind: model.LocationKindRegion, CountryCode: sp("ZZT")},
				&model.LocationInput{ID: &l, Name: "Town " + l, Kind: model.LocationKindCity, CountryCode: sp("ZZT"), ParentID: &r})
		}
		return in
	}
	before := c.RoundTrips()
	if _, err := c.Ingest(ctx, places(20), false); err != nil {
		t.Fatal(err)
	}
	// the batch lookup, the locations, their parents
	if n := c.RoundTrips() - before; n != 3 {
		t.Errorf("new places: %d round trips, want 3 (no hierarchy lookup)", n)
	}
	// the same places again: they are known, so their hops are checked
	// against the graph
	before = c.RoundTrips()
	if _, err := c.Ingest(ctx, places(20), false); err != nil {
		t.Fatal(err)
	}
	if n := c.RoundTrips() - before; n != 4 {
		t.Errorf("known places: %d round trips, want 4 (with the hierarchy lookup)", n)
	}
	// and a loop through the graph is still refused: r0 in l0, which lies in r0
	_, err := c.Ingest(ctx, model.IngestInput{Locations: []*model.LocationInput{
		{ID: sp(p + "r0"), Name: "Region " + p + "r0", Kind: model.LocationKindRegion, CountryCode: sp("ZZT"), ParentID: sp(p + "l0")}}}, false)
	if err == nil || !strings.Contains(err.Error(), "within itself") {
		t.Errorf("a loop through the graph: %v", err)
	}
}

// A batch of many new actors asks the resolution index in a few queries of
// many tokens (lookup.go, byTokens), under Lucene's clause limit, and each
// item still gets exactly its own matches.
func TestLookupManyNewActors(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	ctx := context.Background()
	if _, err := c.Ingest(ctx, model.IngestInput{Actors: []*model.ActorInput{
		{ID: sp(p + "known"), Name: "Lookup Known " + u, Kind: model.ActorKindOrganization, Codes: []string{"LK" + u}}}}, false); err != nil {
		t.Fatal(err)
	}
	var in model.IngestInput
	const n = 700 // 1,400 tokens and more: several queries of the actors' index
	for i := range n {
		in.Actors = append(in.Actors, &model.ActorInput{ID: sp(fmt.Sprintf("%snew%d", p, i)), Name: fmt.Sprintf("Lookup New %d %s", i, u),
			Kind: model.ActorKindGroup, Codes: []string{fmt.Sprintf("LN%d%s", i, u)}})
	}
	// one of them is the known actor by its code
	in.Actors = append(in.Actors, &model.ActorInput{ID: sp(p + "alias"), Name: "LOOKUP KNOWN UNDER ANOTHER NAME " + u, Kind: model.ActorKindOrganization, Codes: []string{"LK" + u}})
	before := c.RoundTrips()
	r, err := c.Ingest(ctx, in, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.RoundTrips() - before; n != 2 {
		t.Errorf("%d round trips, want 2 (the batch lookup, the actors)", n)
	}
	if len(r.Resolved) != 1 || r.Resolved[0].ID != p+"known" || r.Resolved[0].By != model.ResolvedByCode || r.Created != n {
		t.Errorf("resolved %+v, created %d; want the one by code and %d created", r.Resolved, r.Created, n)
	}
}

// TestIngestListsPerMode: what an actor or location item given again does
// to the lists the node holds (aliases, codes, external ids), under each
// IfExists and in a single upsert: UPDATE, the default, adds to them and
// the node is then found by old and new alike; REPLACE replaces them; KEEP
// leaves them; ADD_CODES adds an actor's codes only.
func TestIngestListsPerMode(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	ctx := context.Background()
	mode := func(m model.IfExists) *model.IfExists { return &m }
	// Every name of a case carries its own word w, so that no case's item
	// resolves to another's node.
	ext := func(w, v string) []*model.ExternalIDInput {
		return []*model.ExternalIDInput{{System: "TEST", ID: v + w + u}}
	}
	alias := func(w, v string) []string { return []string{v + " alias " + w + " " + u} }
	items := func(w string, m *model.IfExists, v string, aliases, codes []string) model.IngestInput {
		return model.IngestInput{IfExists: m,
			Actors: []*model.ActorInput{{ID: sp(p + w), Name: "Lists " + w + " " + u, Kind: model.ActorKindGroup,
				Aliases: aliases, Codes: codes, ExternalIds: ext(w, v)}},
			Locations: []*model.LocationInput{{ID: sp(p + w + "-place"), Name: "Lists place " + w + " " + u, Kind: model.LocationKindCity,
				CountryCode: sp("ZZT"), Aliases: aliases, ExternalIds: ext(w, v)}},
		}
	}
	code := func(w, v string) []string { return []string{v + w + u} }
	first := func(w string) model.IngestInput { return items(w, nil, "old", alias(w, "Old"), code(w, "OLD")) }
	lists := func(t *testing.T, id string) [3][]string {
		t.Helper()
		rows := cypher(t, c, `MATCH (n {id: $id}) RETURN n.aliases AS a, n.codes AS c, n.externalIds AS x`, map[string]any{"id": id})
		if len(rows) != 1 {
			t.Fatalf("%s: %d nodes", id, len(rows))
		}
		return [3][]string{strs(rows[0]["a"]), strs(rows[0]["c"]), strs(rows[0]["x"])}
	}
	// what each mode leaves of the old values (o) and adds of the new (n)
	type keeps struct{ aliasesO, aliasesN, codesO, codesN, extO, extN bool }
	pick := func(w string, old, new bool, o, n []string) []string {
		var out []string
		if old {
			out = append(out, o...)
		}
		if new {
			out = append(out, n...)
		}
		return out
	}
	tests := []struct {
		name         string
		mode         *model.IfExists
		actor, place keeps
	}{
		{"default", nil, keeps{true, true, true, true, true, true}, keeps{true, true, false, false, true, true}},
		{"update", mode(model.IfExistsUpdate), keeps{true, true, true, true, true, true}, keeps{true, true, false, false, true, true}},
		{"replace", mode(model.IfExistsReplace), keeps{false, true, false, true, false, true}, keeps{false, true, false, false, false, true}},
		{"keep", mode(model.IfExistsKeep), keeps{true, false, true, false, true, false}, keeps{true, false, false, false, true, false}},
		{"addcodes", mode(model.IfExistsAddCodes), keeps{true, false, true, true, true, false}, keeps{true, false, false, false, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.name
			mustIngest(t, c, first(w))
			second := items(w, tt.mode, "new", alias(w, "New"), code(w, "NEW"))
			mustIngest(t, c, second)
			xo, xn := []string{"TEST:old" + w + u}, []string{"TEST:new" + w + u}
			for id, k := range map[string]keeps{p + w: tt.actor, p + w + "-place": tt.place} {
				want := [3][]string{pick(w, k.aliasesO, k.aliasesN, alias(w, "Old"), alias(w, "New")),
					pick(w, k.codesO, k.codesN, code(w, "OLD"), code(w, "NEW")), pick(w, k.extO, k.extN, xo, xn)}
				if got := lists(t, id); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s: aliases, codes, external ids %v, want %v", id, got, want)
				}
			}
			if r := mustIngest(t, c, second); r.Updated != 0 || r.Created != 0 {
				t.Errorf("replay: created %d, updated %d", r.Created, r.Updated)
			}
			// every alias kept is one the node is found by
			for _, a := range pick(w, tt.actor.aliasesO, tt.actor.aliasesN, alias(w, "Old"), alias(w, "New")) {
				r := mustIngest(t, c, model.IngestInput{Actors: []*model.ActorInput{{Name: strings.ToUpper(a), Kind: model.ActorKindGroup}}})
				if id, by := resolvedTo(r, "input.actors[0]"); id != p+w || by != model.ResolvedByName {
					t.Errorf("%q resolved to %q by %q, want the actor by NAME", a, id, by)
				}
			}
		})
	}

	t.Run("an empty list clears under REPLACE only", func(t *testing.T) {
		w := "empty"
		mustIngest(t, c, first(w))
		mustIngest(t, c, items(w, nil, "old", []string{}, []string{}))
		if got := lists(t, p+w); !slices.Equal(got[0], alias(w, "Old")) || !slices.Equal(got[1], code(w, "OLD")) {
			t.Errorf("UPDATE with empty lists: %v, want them kept", got)
		}
		mustIngest(t, c, items(w, mode(model.IfExistsReplace), "old", []string{}, []string{}))
		if got := lists(t, p+w); len(got[0]) != 0 || len(got[1]) != 0 {
			t.Errorf("REPLACE with empty lists: %v, want them cleared", got)
		}
	})

	t.Run("single upserts add to the lists", func(t *testing.T) {
		w := "single"
		in := first(w)
		mustIngest(t, c, in)
		a, l := *in.Actors[0], *in.Locations[0]
		a.Aliases, a.Codes, a.ExternalIds = alias(w, "New"), code(w, "NEW"), ext(w, "new")
		l.Aliases, l.ExternalIds = alias(w, "New"), ext(w, "new")
		if _, _, _, err := c.UpsertActor(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := c.UpsertLocation(ctx, l); err != nil {
			t.Fatal(err)
		}
		both := append(alias(w, "Old"), alias(w, "New")...)
		if got := lists(t, p+w); !slices.Equal(got[0], both) || !slices.Equal(got[1], append(code(w, "OLD"), code(w, "NEW")...)) || len(got[2]) != 2 {
			t.Errorf("upsertActor: %v", got)
		}
		if got := lists(t, p+w+"-place"); !slices.Equal(got[0], both) || len(got[2]) != 2 {
			t.Errorf("upsertLocation: %v", got)
		}
	})
}
