package store

import (
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
)

// The batch lookup's pure parts, no database: which ids it asks about,
// which hits an item takes, what IfExists KEEP leaves of an item, and when
// a hierarchy needs the graph's edges.

func TestLookupRows(t *testing.T) {
	in := model.IngestInput{
		Actors:    []*model.ActorInput{{ID: sp("a"), Name: "Alpha Beta", Kind: model.ActorKindGroup, Codes: []string{"ABC"}}},
		Locations: []*model.LocationInput{{ID: sp("x-country"), Name: "Xland", Kind: model.LocationKindCountry, CountryCode: sp("XXX")}},
		Sources:   []*model.SourceInput{{ID: sp("s"), Title: "S", Kind: model.SourceKindArticle}},
		Events: []*model.EventInput{{ID: sp("e"), Title: "E", Kind: model.EventKindAssault, LocationID: sp("x-country"),
			Participants: []*model.ParticipantInput{{ActorID: "a"}, {ActorID: "elsewhere"}}},
			{ID: sp("f"), Title: "F", Kind: model.EventKindAssault}},
	}
	b, err := prepare(in, paths{})
	if err != nil || len(b.errs) > 0 {
		t.Fatal(err, b.errs)
	}
	ids := func(params map[string]any, label string) []string {
		var out []string
		for _, r := range params[label].([]any) {
			out = append(out, r.(map[string]any)["id"].(string))
		}
		return out
	}
	for _, tc := range []struct {
		keep                  bool
		actors, sources, evts []string
	}{
		// an event with participants is asked about whatever the mode,
		// for the participations its write folds into
		{false, []string{"a", "elsewhere"}, nil, []string{"e"}},
		{true, []string{"a", "elsewhere"}, []string{"s"}, []string{"e", "f"}},
	} {
		params, _ := b.lookupRows(&in, tc.keep)
		if got := ids(params, lActor); !slices.Equal(got, tc.actors) {
			t.Errorf("keep %v: actors asked %v, want %v (the item and the reference outside the batch)", tc.keep, got, tc.actors)
		}
		if got := ids(params, lSource); !slices.Equal(got, tc.sources) {
			t.Errorf("keep %v: sources asked %v, want %v", tc.keep, got, tc.sources)
		}
		if got := ids(params, lEvent); !slices.Equal(got, tc.evts) {
			t.Errorf("keep %v: events asked %v, want %v", tc.keep, got, tc.evts)
		}
	}
	params, _ := b.lookupRows(&in, false)
	rows := params[lActor].([]any)
	if q := rows[0].(map[string]any)["q"]; q != "n_alpha_beta c_abc" {
		t.Errorf("the item's query %q", q)
	}
	if q := rows[1].(map[string]any)["q"]; q != "" {
		t.Errorf("a reference is never resolved, its query is %q", q)
	}
	if cc := params[lLocation].([]any)[0].(map[string]any)["cc"]; cc != "XXX" {
		t.Errorf("a country item is looked for by its code too: cc %v", cc)
	}
}

func TestHitsOf(t *testing.T) {
	h := func(id, kind, cc, tokens string) hit {
		return hit{"id": id, "kind": kind, "countryCode": cc, "tokens": tokens}
	}
	pool := []hit{
		h("z-turkey", "STATE", "TUR", "n_turkey c_tur"),
		h("b-turkiye", "STATE", "TUR", "n_turkiye n_turkey c_turgov"),
		h("c-other", "GROUP", "", "n_other"),
	}
	byToken := map[string][]hit{}
	for _, x := range pool {
		for _, tok := range []string{"n_turkey", "c_tur", "n_turkiye", "c_turgov", "n_other"} {
			if slices.Contains(strings.Fields(x.str("tokens")), tok) {
				byToken[tok] = append(byToken[tok], x)
			}
		}
	}
	countries := []hit{h("tur-country", "COUNTRY", "TUR", "n_turkiye"), h("gre-country", "COUNTRY", "GRC", "n_greece")}
	for _, tc := range []struct {
		row  map[string]any
		want []string
	}{
		{map[string]any{"q": "n_turkey"}, []string{"b-turkiye", "z-turkey"}},
		{map[string]any{"q": "c_turgov n_nothing"}, []string{"b-turkiye"}},
		{map[string]any{"q": "n_nothing"}, nil},
		{map[string]any{"q": "", "cc": "TUR"}, []string{"tur-country"}},
		{map[string]any{"q": "n_other n_other"}, []string{"c-other"}},
	} {
		var got []string
		for _, x := range hitsOf(tc.row, byToken, countries) {
			got = append(got, x.str("id"))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: hits %v, want %v (each once, in id order)", tc.row, got, tc.want)
		}
	}
}

func TestKeepKnown(t *testing.T) {
	in := model.IngestInput{
		Actors: []*model.ActorInput{
			{ID: sp("person"), Name: "P", Kind: model.ActorKindOrganization, KindKnown: bp(false), Codes: []string{"NEW"}},
			{ID: sp("group"), Name: "G", Kind: model.ActorKindOrganization},
			{ID: sp("new"), Name: "N", Kind: model.ActorKindGroup},
		},
		Locations: []*model.LocationInput{
			{ID: sp("region"), Name: "R", Kind: model.LocationKindRegion},
			{ID: sp("town"), Name: "T", Kind: model.LocationKindCity, ParentID: sp("region")},
		},
		Events: []*model.EventInput{{ID: sp("e"), Title: "E", Kind: model.EventKindAssault}},
	}
	answers := map[string]map[string]*answer{
		lActor: {"person": {known: true, stored: hit{"kind": "PERSON", "codes": []any{"OWN"}}},
			"group": {known: true, stored: hit{"kind": "GROUP"}}, "new": {}},
		lLocation: {"town": {known: true}, "region": {}},
		lEvent:    {"e": {known: true}},
	}
	for _, addCodes := range []bool{false, true} {
		b, _ := prepare(in, paths{})
		resolved := b.keepKnown(b, answers, addCodes)
		var paths []string
		for _, r := range resolved {
			if r.By != model.ResolvedByID || r.Given != r.ID {
				t.Errorf("%+v: a known item resolves to itself, by ID", r)
			}
			paths = append(paths, r.Path)
		}
		if want := []string{"input.actors[0]", "input.actors[1]", "input.locations[1]", "input.events[0]"}; !slices.Equal(paths, want) {
			t.Errorf("addCodes %v: known %v, want %v", addCodes, paths, want)
		}
		p := map[string]map[string]any{}
		for _, l := range []string{lActor, lLocation, lEvent} {
			for _, r := range b.nodes[l] {
				row := r.(map[string]any)
				p[row["id"].(string)] = row["p"].(map[string]any)
			}
		}
		wantPerson := 0
		if addCodes {
			wantPerson = 2 // codes and their token
			if got := p["person"]["codes"]; !slices.Equal(got.([]string), []string{"OWN", "NEW"}) {
				t.Errorf("ADD_CODES: codes %v", got)
			}
		}
		if len(p["person"]) != wantPerson {
			t.Errorf("addCodes %v: the known person (a guessed kind) writes %v", addCodes, p["person"])
		}
		if len(p["group"]) != 1 || p["group"]["kind"] != "ORGANIZATION" {
			t.Errorf("a known kind that says more corrects the group, and only that: %v", p["group"])
		}
		if p["new"]["name"] != "N" || p["region"]["name"] != "R" || p["e"]["title"] != "E" {
			t.Errorf("new items and events are written as given: %v %v %v", p["new"], p["region"], p["e"])
		}
		if len(p["town"]) != 0 || len(b.hops[hLocatedIn.rel]) != 0 {
			t.Errorf("a known town is left as it is, its parent too: %v, hops %v", p["town"], b.hops[hLocatedIn.rel])
		}
	}
}

func TestHierarchyParamsSkipsFreshHops(t *testing.T) {
	b := newBatch()
	b.hops[hLocatedIn.rel] = []hop{{from: "town", to: "region"}, {from: "region", to: "country"}}
	b.fresh = map[string]map[string]bool{lLocation: {"town": true, "region": true}}
	if _, ok := b.hierarchyParams(); ok {
		t.Error("hops that all start at new nodes need nothing from the graph")
	}
	delete(b.fresh[lLocation], "region") // the region is in the graph
	params, ok := b.hierarchyParams()
	if !ok || !slices.Equal(params[hLocatedIn.rel].([]string), []string{"country", "region"}) {
		t.Errorf("a hop from a known node: walk %v (%v)", params[hLocatedIn.rel], ok)
	}
}
