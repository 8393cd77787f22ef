package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// mergeBatch is a graph with duplicates under prefix p: the state Türkiye
// (kept) and two spellings of it, each with relationships of every kind a
// merge moves; Istanbul twice, one of them inside a country and holding a
// site.
func mergeBatch(p string) model.IngestInput {
	pd := model.DatePrecisionDay
	return model.IngestInput{
		Sources: []*model.SourceInput{
			{ID: sp(p + "s1"), Title: "S1", PublishedAt: dp("2025-05-01"), Kind: model.SourceKindArticle},
			{ID: sp(p + "s2"), Title: "S2", PublishedAt: dp("2025-05-02"), Kind: model.SourceKindArticle},
		},
		Actors: []*model.ActorInput{
			{ID: sp(p + "turkiye"), Name: p + "Türkiye", Kind: model.ActorKindState, Aliases: []string{p + "Turkey"}, Codes: []string{p + "TUR"},
				Citations: []*model.CitationInput{{SourceID: p + "s1", Quote: sp("q-k")}}},
			{ID: sp(p + "turkey"), Name: p + "Turkey", Kind: model.ActorKindOrganization, Aliases: []string{p + "Turkiye"}, Codes: []string{p + "TURGOV"},
				WikidataID: sp(p + "Q43"), Citations: []*model.CitationInput{{SourceID: p + "s1", Quote: sp("q-m1")}}},
			{ID: sp(p + "rot"), Name: p + "Republic of Turkey", Kind: model.ActorKindState,
				Citations: []*model.CitationInput{{SourceID: p + "s1", Quote: sp("q-k")}}},
			{ID: sp(p + "erdogan"), Name: p + "Erdoğan", Kind: model.ActorKindPerson},
		},
		Locations: []*model.LocationInput{
			{ID: sp(p + "tr"), Name: p + "Türkiye", Kind: model.LocationKindCountry},
			{ID: sp(p + "istanbul"), Name: p + "Istanbul", Kind: model.LocationKindCity},
			{ID: sp(p + "istanbul2"), Name: p + "İstanbul", Kind: model.LocationKindCity, CountryCode: sp("TUR"),
				Latitude: fp(41.01), Longitude: fp(28.97), ParentID: sp(p + "tr")},
			{ID: sp(p + "palace"), Name: p + "Dolmabahçe Palace", Kind: model.LocationKindSite, ParentID: sp(p + "istanbul2")},
		},
		Topics: []*model.TopicInput{{ID: sp(p + "talks"), Name: p + "Talks"}},
		Events: []*model.EventInput{
			{ID: sp(p + "e1"), Title: "Talks in Istanbul", Kind: model.EventKindConsult, StartDate: dp("2025-05-16"), DatePrecision: &pd,
				LocationID: sp(p + "istanbul2"), Participants: []*model.ParticipantInput{
					{ActorID: p + "turkiye", Kind: model.ParticipationKindHost, SourceIds: []string{p + "s1"}},
					{ActorID: p + "turkey", Kind: model.ParticipationKindMediator, Role: sp("mediator"), SourceIds: []string{p + "s2"}},
				}},
			{ID: sp(p + "e2"), Title: "A second meeting", Kind: model.EventKindConsult, StartDate: dp("2025-05-17"), DatePrecision: &pd,
				Participants: []*model.ParticipantInput{{ActorID: p + "turkey", Kind: model.ParticipationKindInitiator, SourceIds: []string{p + "s2"}}}},
		},
		Positions: []*model.PositionInput{{ID: sp(p + "pos"), ActorID: p + "rot", TopicID: p + "talks", Stance: model.StanceSupports, Statement: "For talks"}},
		Forecasts: []*model.ForecastInput{{ID: sp(p + "fc"), Statement: "Turkey will host more", Horizon: model.HorizonShortTerm,
			Likelihood: model.LikelihoodLikely, AboutIds: []string{p + "turkey"}, SourceID: p + "s1"}},
		Affiliations: []*model.AffiliationInput{
			{ActorID: p + "erdogan", WithID: p + "turkey", Role: sp("President"), SourceIds: []string{p + "s1"}},
			{ActorID: p + "rot", WithID: p + "turkiye", Role: sp("name of")},
		},
	}
}

// graphState is every node under prefix p with its properties and every
// relationship with one end under p, as sorted text: equal states are an
// equal graph.
func graphState(t *testing.T, c *Client, p string) []string {
	t.Helper()
	var out []string
	for _, r := range cypher(t, c, `MATCH (n) WHERE n.id STARTS WITH $p RETURN labels(n) AS l, properties(n) AS props`, map[string]any{"p": p}) {
		out = append(out, fmt.Sprintf("node %v %v", r["l"], sortedMap(r["props"].(map[string]any))))
	}
	for _, r := range cypher(t, c, `MATCH (a)-[r]->(b) WHERE a.id STARTS WITH $p OR b.id STARTS WITH $p
		RETURN a.id AS a, type(r) AS t, properties(r) AS props, b.id AS b`, map[string]any{"p": p}) {
		out = append(out, fmt.Sprintf("rel %v-[%v %v]->%v", r["a"], r["t"], sortedMap(r["props"].(map[string]any)), r["b"]))
	}
	sort.Strings(out)
	return out
}

func sortedMap(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%v ", k, m[k])
	}
	return b.String()
}

func cleanMerges(t *testing.T, c *Client, revs ...string) {
	t.Cleanup(func() {
		cypher(t, c, `MATCH (n) WHERE (n:Merge AND n.id IN $revs) OR ((n:MergedRel OR n:MergeSnapshot) AND n._rev IN $revs) DETACH DELETE n`,
			map[string]any{"revs": revs})
	})
}

func TestMergeActorsMovesEverythingAndUnmergeRestores(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, mergeBatch(p), false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	before := graphState(t, c, p)

	res, err := c.MergeActors(ctx, p+"turkiye", []string{p + "turkey", p + "rot"})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	cleanMerges(t, c, res.RevisionID)
	// e1: the two participations became one (combined); CITED_IN q-k of
	// rot duplicates the kept one (combined); rot -> turkiye is dropped.
	if res.Combined != 2 || res.Dropped != 1 {
		t.Errorf("combined %d dropped %d, want 2 and 1", res.Combined, res.Dropped)
	}
	// Moved: e2 participation, ABOUT, AFFILIATED_WITH from erdogan, HOLDS,
	// CITED_IN q-m1.
	if res.Moved != 5 {
		t.Errorf("moved %d, want 5", res.Moved)
	}
	k := cypher(t, c, `MATCH (k:Actor {id: $id}) RETURN k.name AS name, k.kind AS kind, k.aliases AS aliases, k.aliasText AS text,
		k.codes AS codes, k.wikidataId AS wd`, map[string]any{"id": p + "turkiye"})[0]
	if k["name"] != p+"Türkiye" || k["kind"] != "STATE" || k["wd"] != p+"Q43" {
		t.Errorf("kept node %v", k)
	}
	if got, want := fmt.Sprint(k["aliases"]), "["+p+"Turkey "+p+"Turkiye "+p+"Republic of Turkey]"; got != want {
		t.Errorf("aliases %s, want %s", got, want)
	}
	if got, want := k["text"], p+"Turkey | "+p+"Turkiye | "+p+"Republic of Turkey"; got != want {
		t.Errorf("aliasText %q, want %q", got, want)
	}
	if got, want := fmt.Sprint(k["codes"]), "["+p+"TUR "+p+"TURGOV]"; got != want {
		t.Errorf("codes %s, want %s", got, want)
	}
	rels := cypher(t, c, `MATCH (k:Actor {id: $id})-[r]-(o) RETURN type(r) AS t, startNode(r) = k AS out, o.id AS o,
		r.kind AS kind, r.role AS role, r.sourceIds AS src, r.quote AS quote ORDER BY t, o, quote`, map[string]any{"id": p + "turkiye"})
	var got []string
	for _, r := range rels {
		got = append(got, fmt.Sprintf("%v %v %v %v %v %v %v", r["t"], r["out"], strings.TrimPrefix(fmt.Sprint(r["o"]), p), r["kind"], r["role"], r["src"], r["quote"]))
	}
	want := []string{
		"ABOUT false fc <nil> <nil> <nil> <nil>",
		fmt.Sprintf("AFFILIATED_WITH false erdogan <nil> President [%ss1] <nil>", p),
		"CITED_IN true s1 <nil> <nil> <nil> q-k",
		"CITED_IN true s1 <nil> <nil> <nil> q-m1",
		"HOLDS true pos <nil> <nil> <nil> <nil>",
		// The kept participation's kind wins, the merged one fills its
		// role, and both sources are kept.
		fmt.Sprintf("PARTICIPATED_IN true e1 HOST mediator [%ss1 %ss2] <nil>", p, p),
		fmt.Sprintf("PARTICIPATED_IN true e2 INITIATOR <nil> [%ss2] <nil>", p),
	}
	if !slices.Equal(got, want) {
		t.Errorf("kept node's relationships:\n got %q\nwant %q", got, want)
	}
	red := cypher(t, c, `MATCH (r:Redirect) WHERE r.id IN $ids RETURN r.id AS id, r.to AS to, r.mergeId AS m,
		COUNT { (r)--() } AS rels, labels(r) AS labels ORDER BY id`, map[string]any{"ids": []string{p + "turkey", p + "rot"}})
	if len(red) != 2 {
		t.Fatalf("redirects %v", red)
	}
	for _, r := range red {
		if r["to"] != p+"turkiye" || r["m"] != res.RevisionID || r["rels"] != int64(0) || len(r["labels"].([]any)) != 1 {
			t.Errorf("redirect %v", r)
		}
	}

	// Reads by a merged id reach the kept node, on both get paths.
	v, err := c.GetValue(ctx, eventgraph.NodeTypeActor, p+"turkey", []Field{{Alias: "id", Name: "id"}, {Alias: "name", Name: "name"}})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := v.(map[string]any); m["id"] != p+"turkiye" || m["name"] != p+"Türkiye" {
		t.Errorf("actor(merged id) = %v", v)
	}
	vs, err := c.GetAnyValues(ctx, []string{p + "rot", p + "erdogan", p + "nobody"}, map[eventgraph.NodeType][]Field{eventgraph.NodeTypeActor: {{Alias: "id", Name: "id"}}})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := vs[0].(map[string]any); m["id"] != p+"turkiye" {
		t.Errorf("node(merged id) = %v", vs[0])
	}
	if m, _ := vs[1].(map[string]any); m["id"] != p+"erdogan" || vs[2] != nil {
		t.Errorf("nodes = %v", vs)
	}

	// An old batch replayed after the merge creates nothing and takes
	// nothing back: the merged ids write to the kept node.
	afterMerge := graphState(t, c, p)
	rr, err := c.Ingest(ctx, mergeBatch(p), false)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if rr.Created != 0 || rr.RelationshipsCreated != 0 {
		t.Errorf("replay created %d nodes and %d relationships, want none", rr.Created, rr.RelationshipsCreated)
	}
	if got := graphState(t, c, p); !reflect.DeepEqual(stripTimes(got), stripTimes(afterMerge)) {
		t.Errorf("replay changed the merged graph:\n got %q\nwant %q", got, afterMerge)
	}
	// A later write naming a merged id, by reference and as an item.
	if _, err := c.Ingest(ctx, model.IngestInput{
		Actors: []*model.ActorInput{{ID: sp(p + "turkey"), Name: p + "Turkey", Kind: model.ActorKindState, Codes: []string{p + "TRK"}}},
		Events: []*model.EventInput{{ID: sp(p + "e3"), Title: "Third", Kind: model.EventKindConsult,
			Participants: []*model.ParticipantInput{{ActorID: p + "rot"}}}},
	}, false); err != nil {
		t.Fatalf("later write: %v", err)
	}
	later := cypher(t, c, `MATCH (k:Actor {id: $id}) RETURN k.codes AS codes, k.name AS name, EXISTS { (k)-[:PARTICIPATED_IN]->(:Event {id: $e3}) } AS e3,
		COUNT { (a:Actor) WHERE a.id IN $merged } AS live`, map[string]any{"id": p + "turkiye", "e3": p + "e3", "merged": []string{p + "turkey", p + "rot"}})[0]
	if fmt.Sprint(later["codes"]) != "["+p+"TUR "+p+"TURGOV "+p+"TRK]" || later["name"] != p+"Türkiye" || later["e3"] != true || later["live"] != int64(0) {
		t.Errorf("later write: %v", later)
	}
	// A batch refused for another reason does not also hear that a merged
	// id it names is missing.
	_, err = c.Ingest(ctx, model.IngestInput{Events: []*model.EventInput{{ID: sp(p + "e4"), Title: " ", Kind: model.EventKindConsult,
		Participants: []*model.ParticipantInput{{ActorID: p + "rot"}}}}}, false)
	var ies eventgraph.InputErrors
	if !errors.As(err, &ies) || len(ies) != 1 || ies[0].Path != "input.events[0].title" {
		t.Errorf("a bad batch naming a merged id: %v, want only the blank title", ies)
		for _, e := range ies {
			t.Logf("  %s: %s", e.Path, e.Message)
		}
	}
	cypher(t, c, `MATCH (e:Event {id: $e3}) DETACH DELETE e`, map[string]any{"e3": p + "e3"})
	cypher(t, c, `MATCH (k:Actor {id: $id}) SET k.codes = [$p + 'TUR', $p + 'TURGOV']`, map[string]any{"id": p + "turkiye", "p": p})

	// Unmerge gives back the graph as it was before the merge.
	un, err := c.Unmerge(ctx, res.RevisionID)
	if err != nil {
		t.Fatalf("unmerge: %v", err)
	}
	if len(un.RestoredIDs) != 2 || un.KeptID != p+"turkiye" {
		t.Errorf("unmerge %+v", un)
	}
	if got := graphState(t, c, p); !reflect.DeepEqual(stripTimes(got), stripTimes(before)) {
		t.Errorf("unmerge did not restore the graph:\n got %q\nwant %q", got, before)
	}
	_, err = c.Unmerge(ctx, res.RevisionID)
	var ie eventgraph.InputErrors
	if !errors.As(err, &ie) || ie[0].Path != "revisionId" || !strings.Contains(ie[0].Message, "undone already") {
		t.Errorf("second unmerge: %v", err)
	}
}

// stripTimes drops updatedAt from a graphState: the replay above may
// touch it (participations are rewritten as the batch says).
func stripTimes(state []string) []string {
	out := make([]string, len(state))
	for i, s := range state {
		f := strings.Fields(s)
		f = slices.DeleteFunc(f, func(w string) bool { return strings.HasPrefix(w, "updatedAt=") })
		out[i] = strings.Join(f, " ")
	}
	return out
}

func TestMergeLocations(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, mergeBatch(p), false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	before := graphState(t, c, p)
	res, err := c.MergeLocations(ctx, p+"istanbul", []string{p + "istanbul2"})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	cleanMerges(t, c, res.RevisionID)
	k := cypher(t, c, `MATCH (k:Location {id: $id}) RETURN k.aliases AS aliases, k.countryCode AS cc, k.latitude AS lat,
		COLLECT { MATCH (k)-[:LOCATED_IN]->(x) RETURN x.id } AS parents,
		COLLECT { MATCH (x)-[:LOCATED_IN]->(k) RETURN x.id } AS children,
		COLLECT { MATCH (e)-[:OCCURRED_AT]->(k) RETURN e.id } AS events`, map[string]any{"id": p + "istanbul"})[0]
	if fmt.Sprint(k["aliases"]) != "["+p+"İstanbul]" || k["cc"] != "TUR" || k["lat"] != 41.01 ||
		fmt.Sprint(k["parents"]) != "["+p+"tr]" || fmt.Sprint(k["children"]) != "["+p+"palace]" || fmt.Sprint(k["events"]) != "["+p+"e1]" {
		t.Errorf("kept location %v", k)
	}
	v, err := c.GetValue(ctx, eventgraph.NodeTypeLocation, p+"istanbul2", []Field{{Alias: "id", Name: "id"}})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := v.(map[string]any); m["id"] != p+"istanbul" {
		t.Errorf("location(merged id) = %v", v)
	}
	// The site written again under its old parent's id lies in the kept city.
	if _, err := c.Ingest(ctx, model.IngestInput{Locations: []*model.LocationInput{
		{ID: sp(p + "palace"), Name: p + "Dolmabahçe Palace", Kind: model.LocationKindSite, ParentID: sp(p + "istanbul2")}}}, false); err != nil {
		t.Fatalf("later write: %v", err)
	}
	if n := cypher(t, c, `RETURN COUNT { (:Location {id: $a})-[:LOCATED_IN]->(:Location {id: $b}) } AS n`,
		map[string]any{"a": p + "palace", "b": p + "istanbul"})[0]["n"]; n != int64(1) {
		t.Errorf("palace in kept city: %v", n)
	}
	if _, err := c.Unmerge(ctx, res.RevisionID); err != nil {
		t.Fatalf("unmerge: %v", err)
	}
	if got := graphState(t, c, p); !reflect.DeepEqual(stripTimes(got), stripTimes(before)) {
		t.Errorf("unmerge did not restore the graph:\n got %q\nwant %q", got, before)
	}
}

func TestMergeRefusals(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, mergeBatch(p), false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	before := graphState(t, c, p)
	tests := []struct {
		name     string
		label    string
		keep     string
		merge    []string
		path, in string
	}{
		{"unknown kept id", lActor, p + "nobody", []string{p + "turkey"}, "keepId", "no actor with id"},
		{"unknown merged id", lActor, p + "turkiye", []string{p + "turkey", p + "nobody"}, "mergeIds[1]", "no actor with id"},
		{"kept among merged", lActor, p + "turkiye", []string{p + "turkiye"}, "mergeIds[0]", "not merged into itself"},
		{"twice", lActor, p + "turkiye", []string{p + "rot", p + "rot"}, "mergeIds[1]", "named twice"},
		{"none", lActor, p + "turkiye", nil, "mergeIds", "at least one"},
		{"malformed", lActor, "Not An Id", []string{p + "rot"}, "keepId", "not a valid id"},
		{"mixed labels", lActor, p + "turkiye", []string{p + "istanbul"}, "mergeIds[0]", "is a location, not a actor"},
		{"a place in the kept place", lLocation, p + "istanbul2", []string{p + "palace"}, "mergeIds[0]", "lies within"},
		{"the kept place in a merged one", lLocation, p + "palace", []string{p + "tr"}, "keepId", "lies within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.label == lActor {
				_, err = c.MergeActors(ctx, tt.keep, tt.merge)
			} else {
				_, err = c.MergeLocations(ctx, tt.keep, tt.merge)
			}
			var ie eventgraph.InputErrors
			if !errors.As(err, &ie) {
				t.Fatalf("err %v, want input errors", err)
			}
			if ie[0].Path != tt.path || !strings.Contains(ie[0].Message, tt.in) {
				t.Errorf("got %s: %s, want %s: …%s…", ie[0].Path, ie[0].Message, tt.path, tt.in)
			}
		})
	}
	// A merged id cannot be merged again, and an unknown revision is refused.
	res, err := c.MergeActors(ctx, p+"turkiye", []string{p + "rot"})
	if err != nil {
		t.Fatal(err)
	}
	cleanMerges(t, c, res.RevisionID)
	_, err = c.MergeActors(ctx, p+"erdogan", []string{p + "rot"})
	var ie eventgraph.InputErrors
	if !errors.As(err, &ie) || !strings.Contains(ie[0].Message, "was merged into") {
		t.Errorf("merging a merged id: %v", err)
	}
	if _, err := c.Unmerge(ctx, "merge-nothing"); !errors.As(err, &ie) || ie[0].Path != "revisionId" {
		t.Errorf("unknown revision: %v", err)
	}
	if _, err := c.Unmerge(ctx, res.RevisionID); err != nil {
		t.Fatal(err)
	}
	if got := graphState(t, c, p); !reflect.DeepEqual(stripTimes(got), stripTimes(before)) {
		t.Errorf("refused merges changed the graph:\n got %q\nwant %q", got, before)
	}
}

func TestMergeChainsAndRoundTrips(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, mergeBatch(p), false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	// rot -> turkey, then turkey -> turkiye: rot leads to turkiye.
	first, err := c.MergeActors(ctx, p+"turkey", []string{p + "rot"})
	if err != nil {
		t.Fatal(err)
	}
	n0 := c.RoundTrips()
	second, err := c.MergeActors(ctx, p+"turkiye", []string{p + "turkey"})
	if err != nil {
		t.Fatal(err)
	}
	// check, record, combine, move, redirect, and the kept node's
	// resolution tokens read and written again
	if n := c.RoundTrips() - n0; n != 7 {
		t.Errorf("a merge took %d round trips, want 7 whatever its size", n)
	}
	cleanMerges(t, c, first.RevisionID, second.RevisionID)
	v, err := c.GetValue(ctx, eventgraph.NodeTypeActor, p+"rot", []Field{{Alias: "id", Name: "id"}})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := v.(map[string]any); m["id"] != p+"turkiye" {
		t.Errorf("actor(rot) after two merges = %v", v)
	}
	_, err = c.Unmerge(ctx, first.RevisionID)
	var ie eventgraph.InputErrors
	if !errors.As(err, &ie) || !strings.Contains(ie[0].Message, "undo that merge first") {
		t.Errorf("unmerging the older merge first: %v", err)
	}
	if _, err := c.Unmerge(ctx, second.RevisionID); err != nil {
		t.Fatal(err)
	}
	v, _ = c.GetValue(ctx, eventgraph.NodeTypeActor, p+"rot", []Field{{Alias: "id", Name: "id"}})
	if m, _ := v.(map[string]any); m["id"] != p+"turkey" {
		t.Errorf("actor(rot) after undoing the second merge = %v", v)
	}
	if _, err := c.Unmerge(ctx, first.RevisionID); err != nil {
		t.Fatal(err)
	}
}

func TestDuplicateCandidates(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, model.IngestInput{
		Actors: []*model.ActorInput{
			{ID: sp(p + "a-turkiye"), Name: p + "Türkiye", Kind: model.ActorKindState, Aliases: []string{p + "Turkey"}, CountryCode: sp("TUR"), WikidataID: sp(p + "Q43")},
			{ID: sp(p + "a-turkey"), Name: p + "TURKEY", Kind: model.ActorKindOrganization, CountryCode: sp("TUR"), Codes: []string{p + "TURGOV"}},
			{ID: sp(p + "a-gov"), Name: p + "Turkish government", Kind: model.ActorKindOrganization, Codes: []string{p + "TURGOV"}, WikidataID: sp(p + "Q43")},
			{ID: sp(p + "a-other"), Name: p + "Greece", Kind: model.ActorKindState, WikidataID: sp("Q41")},
		},
		Locations: []*model.LocationInput{
			{ID: sp(p + "l-ist"), Name: p + "İstanbul", Kind: model.LocationKindCity, CountryCode: sp("TUR"), Latitude: fp(41.01), Longitude: fp(28.97)},
			{ID: sp(p + "l-ist2"), Name: p + "Istanbul", Kind: model.LocationKindCity, CountryCode: sp("TUR"), Latitude: fp(41.02), Longitude: fp(28.95)},
			{ID: sp(p + "l-far"), Name: p + "Ankara", Kind: model.LocationKindCity, CountryCode: sp("TUR"), Latitude: fp(39.93), Longitude: fp(32.86)},
		},
	}, false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	// Only the test's own pairs: the database may hold the seed and more.
	show := func(pairs []DuplicatePair) []string {
		var out []string
		for _, pr := range pairs {
			if !strings.HasPrefix(pr.AID, p) || !strings.HasPrefix(pr.BID, p) {
				continue
			}
			var rs []string
			for _, r := range pr.Reasons {
				rs = append(rs, r.Kind)
			}
			out = append(out, fmt.Sprintf("%s %s %.2f %s", strings.TrimPrefix(pr.AID, p), strings.TrimPrefix(pr.BID, p), pr.Score, strings.Join(rs, ",")))
		}
		return out
	}
	got, err := c.DuplicateCandidates(ctx, "ACTOR", sp(p+"a-turkey"), 50)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a-turkey a-turkiye 0.50 SIMILAR_NAME,SAME_COUNTRY",
		"a-gov a-turkey 0.40 SHARED_CODE",
	}
	if !slices.Equal(show(got), want) {
		t.Errorf("actor candidates\n got %q\nwant %q", show(got), want)
	}
	got, err = c.DuplicateCandidates(ctx, "ACTOR", sp(p+"a-gov"), 50)
	if err != nil {
		t.Fatal(err)
	}
	if s := show(got); len(s) != 2 || s[0] != "a-gov a-turkiye 0.60 WIKIDATA_ID" {
		t.Errorf("candidates of a-gov: %q", s)
	}
	got, err = c.DuplicateCandidates(ctx, "LOCATION", sp(p+"l-ist"), 50)
	if err != nil {
		t.Fatal(err)
	}
	if s := show(got); !slices.Equal(s, []string{"l-ist l-ist2 0.80 SIMILAR_NAME,CLOSE_COORDINATES,SAME_COUNTRY"}) {
		t.Errorf("location candidates %q", s)
	}
	for _, tt := range []struct {
		typ   string
		first int
		path  string
	}{{"EVENT", 10, "type"}, {"ACTOR", 0, "first"}, {"ACTOR", eventgraph.LimitFirst.Max + 1, "first"}} {
		_, err := c.DuplicateCandidates(ctx, tt.typ, nil, tt.first)
		var ie eventgraph.InputErrors
		if !errors.As(err, &ie) || ie[0].Path != tt.path {
			t.Errorf("%s first %d: %v", tt.typ, tt.first, err)
		}
	}
}

// BenchmarkMergeActors merges an actor with 1000 participations (half of
// them in events the kept actor is also in, so combined) into another and
// back: the five statements of a merge and the six of an unmerge, whatever
// the number of relationships (BENCHMARKS.md, "Merging duplicates").
func BenchmarkMergeActors(b *testing.B) {
	c := writeTestClient(b)
	ctx := context.Background()
	p := "bench-merge-"
	cypher(b, c, `MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n`, map[string]any{"p": p})
	b.Cleanup(func() { cypher(b, c, `MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n`, map[string]any{"p": p}) })
	in := model.IngestInput{Actors: []*model.ActorInput{
		{ID: sp(p + "keep"), Name: p + "Keep", Kind: model.ActorKindState},
		{ID: sp(p + "dup"), Name: p + "Dup", Kind: model.ActorKindState},
	}}
	for i := 0; i < 1000; i++ {
		parts := []*model.ParticipantInput{{ActorID: p + "dup"}}
		if i%2 == 0 {
			parts = append(parts, &model.ParticipantInput{ActorID: p + "keep"}) // half of them combine
		}
		in.Events = append(in.Events, &model.EventInput{ID: sp(fmt.Sprintf("%se%d", p, i)), Title: "E", Kind: model.EventKindConsult, Participants: parts})
	}
	if _, err := c.Ingest(ctx, in, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := c.MergeActors(ctx, p+"keep", []string{p + "dup"})
		if err != nil {
			b.Fatal(err)
		}
		if res.Moved != 500 || res.Combined != 500 {
			b.Fatalf("moved %d combined %d", res.Moved, res.Combined)
		}
		if _, err := c.Unmerge(ctx, res.RevisionID); err != nil {
			b.Fatal(err)
		}
		cypher(b, c, `MATCH (m:Merge {id: $id}) DELETE m`, map[string]any{"id": res.RevisionID})
	}
}
