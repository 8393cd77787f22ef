package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// A place's other spellings and the external ids of places and actors
// find the node the graph holds; both are read back and kept across
// resolution and merging.
func TestResolveByLocationAliasAndExternalID(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	ctx := context.Background()
	ingest := func(t *testing.T, in model.IngestInput) *model.IngestResult { return mustIngest(t, c, in) }
	ingest(t, model.IngestInput{
		Locations: []*model.LocationInput{
			{ID: sp(p + "kyiv"), Name: "Kyiv " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZT"),
				Aliases: []string{"Kiev " + u, "Kiyev " + u}, Latitude: fp(50.45), Longitude: fp(30.52)},
			{ID: sp(p + "odesa"), Name: "Odesa " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZT"),
				ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: "-1" + u}}},
		},
		Actors: []*model.ActorInput{{ID: sp(p + "mission"), Name: "Mission " + u, Kind: model.ActorKindOrganization,
			ExternalIds: []*model.ExternalIDInput{{System: "ACLED", ID: "actor-" + u}}}},
	})

	t.Run("a transliteration the seed holds as an alias", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{Name: "KIEV " + strings.ToUpper(u), Kind: model.LocationKindCity, CountryCode: sp("ZZT"), Latitude: fp(50.4501), Longitude: fp(30.5234)}}})
		if id, by := resolvedTo(r, "input.locations[0]"); id != p+"kyiv" || by != model.ResolvedByName {
			t.Fatalf("resolved to %q by %q, want %s by NAME (%+v)", id, by, p+"kyiv", r.Resolved)
		}
		if r.Created != 0 {
			t.Errorf("created %d", r.Created)
		}
	})
	t.Run("an item's alias finds the node's name, and its spelling joins the aliases", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{Name: "Kijów " + u, Aliases: []string{"Kyiv " + u}, Kind: model.LocationKindCity, CountryCode: sp("ZZT")}}})
		if id, _ := resolvedTo(r, "input.locations[0]"); id != p+"kyiv" {
			t.Fatalf("resolved to %q (%+v)", id, r.Resolved)
		}
		got := cypher(t, c, `MATCH (n:Location {id: $id}) RETURN n.aliases AS a, n.aliasText AS t`, map[string]any{"id": p + "kyiv"})[0]
		if want := fmt.Sprint([]string{"Kiev " + u, "Kiyev " + u, "Kijów " + u}); fmt.Sprint(got["a"]) != want {
			t.Errorf("aliases %v, want %s", got["a"], want)
		}
		if !strings.Contains(fmt.Sprint(got["t"]), "Kijów") {
			t.Errorf("aliasText %v", got["t"])
		}
	})
	t.Run("another country is another place", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{ID: sp(p + "kiev-elsewhere"), Name: "Kiev " + u, Kind: model.LocationKindCity, CountryCode: sp("ZZU")}}})
		if id, _ := resolvedTo(r, "input.locations[0]"); id != "" {
			t.Errorf("resolved to %q", id)
		}
	})
	t.Run("a gazetteer id, whatever the name", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{Name: "Odessa-" + u + " Oblast Centre", Kind: model.LocationKindCity,
				ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: "-1" + u}, {System: "GEONAMES", ID: "698740" + u}}}}})
		if id, by := resolvedTo(r, "input.locations[0]"); id != p+"odesa" || by != model.ResolvedByExternalID {
			t.Fatalf("resolved to %q by %q (%+v)", id, by, r.Resolved)
		}
		got := cypher(t, c, `MATCH (n:Location {id: $id}) RETURN n.externalIds AS x, n.name AS name`, map[string]any{"id": p + "odesa"})[0]
		if fmt.Sprint(got["x"]) != "[GNS:-1"+u+" GEONAMES:698740"+u+"]" || got["name"] != "Odesa "+u {
			t.Errorf("stored %v", got)
		}
		// The sign is part of the id: GNS 1 is another place.
		r = ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{ID: sp(p + "other"), Name: "Other " + u, Kind: model.LocationKindCity,
				ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: "1" + u}}}}})
		if len(r.Resolved) != 0 {
			t.Errorf("resolved %+v", r.Resolved)
		}
	})
	t.Run("an actor's external id", func(t *testing.T) {
		r := ingest(t, model.IngestInput{Actors: []*model.ActorInput{
			{Name: "Some Other Name " + u, Kind: model.ActorKindGroup, KindKnown: bp(false),
				ExternalIds: []*model.ExternalIDInput{{System: "ACLED", ID: "actor-" + u}}}}})
		if id, by := resolvedTo(r, "input.actors[0]"); id != p+"mission" || by != model.ResolvedByExternalID {
			t.Fatalf("resolved to %q by %q (%+v)", id, by, r.Resolved)
		}
	})
	t.Run("read back", func(t *testing.T) {
		v, err := c.GetValue(ctx, eventgraph.NodeTypeLocation, p+"odesa", []Field{f("aliases"), f("externalIds", f("system"), f("id"))})
		if err != nil {
			t.Fatal(err)
		}
		m := v.(map[string]any)
		if fmt.Sprint(m["aliases"]) != "[Odessa-"+u+" Oblast Centre]" || fmt.Sprint(m["externalIds"]) != fmt.Sprintf("[map[id:-1%s system:GNS] map[id:698740%s system:GEONAMES]]", u, u) {
			t.Errorf("location read %v", m)
		}
		v, err = c.GetValue(ctx, eventgraph.NodeTypeActor, p+"mission", []Field{f("externalIds", f("system"), f("id"))})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(v.(map[string]any)["externalIds"]) != "[map[id:actor-"+u+" system:ACLED]]" {
			t.Errorf("actor read %v", v)
		}
		// The lists filter by an external id.
		for typ, want := range map[eventgraph.NodeType][2]string{
			eventgraph.NodeTypeLocation: {"GEONAMES:698740" + u, p + "odesa"},
			eventgraph.NodeTypeActor:    {"ACLED:actor-" + u, p + "mission"},
		} {
			list, err := c.ListValue(ctx, typ, fa("l", "l", map[string]any{"where": map[string]any{"externalId": want[0]}, "first": 5},
				f("edges", f("node", f("id")))))
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(list); !strings.Contains(got, want[1]) || strings.Count(got, "id:") != 1 {
				t.Errorf("%s(where: {externalId: %s}) = %s", typ, want[0], got)
			}
		}
		// Full-text search finds a place by an alias.
		hits, err := c.SearchValue(ctx, "Kiyev "+u, []eventgraph.NodeType{eventgraph.NodeTypeLocation}, 5, map[eventgraph.NodeType][]Field{eventgraph.NodeTypeLocation: {f("id")}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(fmt.Sprint(hits), p+"kyiv") {
			t.Errorf("search by alias: %v", hits)
		}
	})
	t.Run("a merge moves external ids and an unmerge takes them back", func(t *testing.T) {
		res, err := c.MergeLocations(ctx, p+"kyiv", []string{p + "odesa"})
		if err != nil {
			t.Fatal(err)
		}
		cleanMerges(t, c, res.RevisionID)
		got := cypher(t, c, `MATCH (n:Location {id: $id}) RETURN n.externalIds AS x`, map[string]any{"id": p + "kyiv"})[0]
		if !slices.Contains(strs(got["x"]), "GNS:-1"+u) {
			t.Errorf("kept externalIds %v", got["x"])
		}
		r := ingest(t, model.IngestInput{Locations: []*model.LocationInput{
			{Name: "Elsewhere " + u, Kind: model.LocationKindCity, ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: "-1" + u}}}}})
		if id, _ := resolvedTo(r, "input.locations[0]"); id != p+"kyiv" {
			t.Errorf("after the merge the id resolves to %q", id)
		}
		if _, err := c.Unmerge(ctx, res.RevisionID); err != nil {
			t.Fatal(err)
		}
		got = cypher(t, c, `MATCH (n:Location {id: $id}) RETURN n.externalIds AS x`, map[string]any{"id": p + "kyiv"})[0]
		if got["x"] != nil {
			t.Errorf("externalIds after unmerge %v", got["x"])
		}
	})
}

// Bad external ids are refused with their paths, on every item kind that
// takes them.
func TestExternalIDValidation(t *testing.T) {
	in := model.IngestInput{
		Actors:    []*model.ActorInput{{Name: "A", Kind: model.ActorKindGroup, ExternalIds: []*model.ExternalIDInput{{System: "A:B", ID: "1"}}}},
		Locations: []*model.LocationInput{{Name: "L", Kind: model.LocationKindCity, ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: " "}, nil}}},
	}
	b, err := prepare(in, paths{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range b.errs {
		got = append(got, e.Path)
	}
	for _, want := range []string{"input.actors[0].externalIds[0].system", "input.locations[0].externalIds[0].id", "input.locations[0].externalIds[1]"} {
		if !slices.Contains(got, want) {
			t.Errorf("errors %s lack %s", got, want)
		}
	}
}

// A database whose location resolution index predates alias and
// external-id tokens gets it made again at start, with every location's
// tokens computed anew: a place written then (aliases, external ids, the
// name token of the old index) is afterwards found by an alias and by an
// external id.
func TestResolveIndexUpgrade(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	u := strings.TrimSuffix(p, "-")
	ctx := context.Background()
	cypher(t, c, "DROP INDEX "+resolveIndex(lLocation)+" IF EXISTS", nil)
	cypher(t, c, "CREATE FULLTEXT INDEX "+resolveIndex(lLocation)+" FOR (n:Location) ON EACH [n."+pResolveName+"] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}", nil)
	cypher(t, c, `CREATE (:Location {id: $id, name: $name, kind: 'CITY', aliases: [$alias], externalIds: [$ext], resolveName: $token,
		createdAt: datetime(), updatedAt: datetime()})`,
		map[string]any{"id": p + "old", "name": "Old Place " + u, "alias": "Olden Place " + u, "ext": "GNS:-7" + u, "token": nameToken("Old Place " + u)})
	if err := c.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	idx := cypher(t, c, `SHOW INDEXES YIELD name, properties WHERE name = $n RETURN properties`, map[string]any{"n": resolveIndex(lLocation)})
	if len(idx) != 1 || !sameSet(strs(idx[0]["properties"]), resolveTokenProps[lLocation]) {
		t.Fatalf("index after the upgrade: %v", idx)
	}
	r, err := c.Ingest(ctx, model.IngestInput{Locations: []*model.LocationInput{
		{Name: "olden place " + u, Kind: model.LocationKindCity},
		{Name: "Somewhere Else " + u, Kind: model.LocationKindCity, ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: "-7" + u}}},
	}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Resolved) != 2 || r.Resolved[0].ID != p+"old" || r.Resolved[1].ID != p+"old" {
		t.Errorf("resolved %+v, want the old place by its alias and its external id", r.Resolved)
	}
}
