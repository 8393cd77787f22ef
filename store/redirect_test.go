package store

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// followReferences without a database: what a batch says survives its
// references being followed, whether a merge (redirects) or entity
// resolution made two of them one.

func TestFollowReferences(t *testing.T) {
	// b and c are both the node a (resolved or merged into it); x is
	// a place merged into y.
	to := map[string]map[string]string{lActor: {"b": "a", "c": "a"}, lLocation: {"x": "y"}}
	follow := func(label, id string) string {
		if t, ok := to[label][id]; ok {
			return t
		}
		return id
	}
	d := func(s string) *eventgraph.Date { return dp(s) }
	tests := []struct {
		name string
		in   model.IngestInput
		want model.IngestInput
		// folds: the later items folded into each one kept, by its
		// actor id (and withId), each to be a citation of its own
		folds string
	}{
		{
			name: "participants that became one keep every source, role and quote apart",
			in: model.IngestInput{Events: []*model.EventInput{{ID: sp("e"), LocationID: sp("x"), Participants: []*model.ParticipantInput{
				{ActorID: "a", Kind: model.ParticipationKindInitiator, SourceIds: []string{"s1"}, Role: sp("government"), Quote: sp("first quote")},
				{ActorID: "b", Kind: model.ParticipationKindTarget, SourceIds: []string{"s2", "s1"}, Role: sp("police"), Quote: sp("second quote")},
				{ActorID: "c", Kind: model.ParticipationKindTarget, SourceIds: []string{"s3"}, Quote: sp("first quote")},
				{ActorID: "d"},
			}}}},
			want: model.IngestInput{Events: []*model.EventInput{{ID: sp("e"), LocationID: sp("y"), Participants: []*model.ParticipantInput{
				{ActorID: "a", Kind: model.ParticipationKindInitiator, SourceIds: []string{"s1"}, Role: sp("government"), Quote: sp("first quote")},
				{ActorID: "d"},
			}}}},
			folds: `a: [{ActorID:"a" Kind:"TARGET" Role:"police" SourceIds:["s2" "s1"] Quote:"second quote" } {ActorID:"a" Kind:"TARGET" SourceIds:["s3"] Quote:"first quote" }]` + "\n",
		},
		{
			name: "two of one kind: each role its own",
			in: model.IngestInput{Events: []*model.EventInput{{ID: sp("e"), Participants: []*model.ParticipantInput{
				{ActorID: "b", Role: sp("host")}, {ActorID: "c", Role: sp("mediator")}, {ActorID: "a", Role: sp("host")},
			}}}},
			want: model.IngestInput{Events: []*model.EventInput{{ID: sp("e"), Participants: []*model.ParticipantInput{
				{ActorID: "a", Role: sp("host")},
			}}}},
			folds: `a: [{ActorID:"a" Role:"mediator" } {ActorID:"a" Role:"host" }]` + "\n",
		},
		{
			name: "the second fills what the first leaves out",
			in: model.IngestInput{Events: []*model.EventInput{{ID: sp("e"), Participants: []*model.ParticipantInput{
				{ActorID: "b"},
				{ActorID: "c", SourceIds: []string{"s2"}, Role: sp("mediator"), Quote: sp("q")},
			}}}},
			want: model.IngestInput{Events: []*model.EventInput{{ID: sp("e"), Participants: []*model.ParticipantInput{
				{ActorID: "a"},
			}}}},
			folds: `a: [{ActorID:"a" Role:"mediator" SourceIds:["s2"] Quote:"q" }]` + "\n",
		},
		{
			name: "two affiliations that became one pair: each with its sources, role, quote and period",
			in: model.IngestInput{Affiliations: []*model.AffiliationInput{
				{ActorID: "b", WithID: "z", SourceIds: []string{"s1"}, Role: sp("member"), ValidFrom: d("2020-01-01"), ValidTo: d("2021-01-01")},
				{ActorID: "c", WithID: "z", SourceIds: []string{"s2"}, Quote: sp("q"), ValidFrom: d("2019-06-01"), ValidTo: d("2020-06-01")},
				{ActorID: "b", WithID: "a"},
				{ActorID: "z", WithID: "c"},
			}},
			want: model.IngestInput{Affiliations: []*model.AffiliationInput{
				{ActorID: "a", WithID: "z", SourceIds: []string{"s1"}, Role: sp("member"), ValidFrom: d("2020-01-01"), ValidTo: d("2021-01-01")},
				{ActorID: "z", WithID: "a"},
			}},
			folds: `a z: [{ActorID:"a" WithID:"z" ValidFrom:2019-06-01 ValidTo:2020-06-01 SourceIds:["s2"] Quote:"q" }]` + "\n",
		},
		{
			name: "positions, forecasts and places follow; a place in itself loses its parent",
			in: model.IngestInput{
				Locations: []*model.LocationInput{{ID: sp("y"), ParentID: sp("x")}, {ID: sp("v"), ParentID: sp("x")}, {Name: "W", ParentID: sp("x")}},
				Positions: []*model.PositionInput{{ActorID: "b", TopicID: "t"}},
				Forecasts: []*model.ForecastInput{{AboutIds: []string{"b", "ev", "a", "c"}}},
			},
			want: model.IngestInput{
				Locations: []*model.LocationInput{{ID: sp("y")}, {ID: sp("v"), ParentID: sp("y")}, {Name: "W", ParentID: sp("y")}},
				Positions: []*model.PositionInput{{ActorID: "a", TopicID: "t"}},
				Forecasts: []*model.ForecastInput{{AboutIds: []string{"a", "ev"}}},
			},
		},
		{
			name: "null items stay for prepare to report",
			in:   model.IngestInput{Events: []*model.EventInput{nil}, Positions: []*model.PositionInput{nil}, Affiliations: []*model.AffiliationInput{nil}},
			want: model.IngestInput{Events: []*model.EventInput{nil}, Positions: []*model.PositionInput{nil}, Affiliations: []*model.AffiliationInput{nil}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := dump(tt.in)
			got, folds := followReferences(tt.in, follow, folded{})
			if g, w := dump(got), dump(tt.want); g != w {
				t.Errorf("got\n%s\nwant\n%s", g, w)
			}
			if g := dumpFolds(got, folds); g != tt.folds {
				t.Errorf("folds\n%s\nwant\n%s", g, tt.folds)
			}
			if after := dump(tt.in); after != before {
				t.Errorf("the input was changed in place:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// TestRewritesFollowAlike: the redirect rewrite and the resolution rewrite
// make the same of one batch's references.
func TestRewritesFollowAlike(t *testing.T) {
	in := model.IngestInput{
		Actors: []*model.ActorInput{{ID: sp("a"), Name: "A", Kind: model.ActorKindGroup}, {ID: sp("b"), Name: "B", Kind: model.ActorKindGroup}},
		Events: []*model.EventInput{{ID: sp("e"), Participants: []*model.ParticipantInput{
			{ActorID: "a", SourceIds: []string{"s1"}, Quote: sp("one")},
			{ActorID: "b", SourceIds: []string{"s2"}, Quote: sp("two")},
		}}},
	}
	merged, mergedFolds := rewriteRedirects(in, map[string][]string{lActor: {"a", "b"}},
		map[string]map[string]redirect{lActor: {"b": {to: "a", kept: map[string]any{"name": "A", "kind": "GROUP"}}}})
	rw := newRewrite(in, nil)
	rw.resolve(candidate{label: lActor, index: 1, id: "b"}, "a", hit{"name": "A", "kind": "GROUP"})
	resolved, resolvedFolds := rw.input(folded{})
	want := dump([]*model.ParticipantInput{{ActorID: "a", SourceIds: []string{"s1"}, Quote: sp("one")}})
	wantFolds := `a: [{ActorID:"a" SourceIds:["s2"] Quote:"two" }]` + "\n"
	for name, got := range map[string]struct {
		in    model.IngestInput
		folds folded
	}{"redirects": {merged, mergedFolds}, "resolution": {resolved, resolvedFolds}} {
		if g := dump(got.in.Events[0].Participants); g != want {
			t.Errorf("%s: participants %s, want %s", name, g, want)
		}
		if g := dumpFolds(got.in, got.folds); g != wantFolds {
			t.Errorf("%s: folds %s, want %s", name, g, wantFolds)
		}
	}
	// A second rewrite carries the first's folds to its own copies.
	again, folds := followReferences(merged, func(_, id string) string { return id }, mergedFolds)
	if g := dumpFolds(again, folds); g != wantFolds {
		t.Errorf("the folds of a second rewrite: %s, want %s", g, wantFolds)
	}
}

// dumpFolds is what followReferences folded into each participant and
// affiliation of out, by its actor id (and withId).
func dumpFolds(out model.IngestInput, f folded) string {
	var b strings.Builder
	for _, e := range out.Events {
		if e == nil {
			continue
		}
		for _, p := range e.Participants {
			if l := f.participants[p]; p != nil && len(l) > 0 {
				fmt.Fprintf(&b, "%s: %s\n", p.ActorID, dump(l))
			}
		}
	}
	for _, a := range out.Affiliations {
		if l := f.affiliations[a]; a != nil && len(l) > 0 {
			fmt.Fprintf(&b, "%s %s: %s\n", a.ActorID, a.WithID, dump(l))
		}
	}
	return b.String()
}

// dump is v with its pointers followed, for comparing and printing.
func dump(v any) string {
	return dumpValue(reflect.ValueOf(v))
}

func dumpValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return dumpValue(v.Elem())
	case reflect.Slice:
		if v.IsNil() || v.Len() == 0 {
			return "[]"
		}
		s := "["
		for i := range v.Len() {
			if i > 0 {
				s += " "
			}
			s += dumpValue(v.Index(i))
		}
		return s + "]"
	case reflect.Struct:
		if d, ok := v.Interface().(eventgraph.Date); ok {
			return d.String()
		}
		s := "{"
		for i := range v.NumField() {
			if f := dumpValue(v.Field(i)); f != "nil" && f != "[]" && f != `""` {
				s += v.Type().Field(i).Name + ":" + f + " "
			}
		}
		return s + "}"
	case reflect.String:
		return `"` + v.String() + `"`
	default:
		return fmt.Sprint(v.Interface())
	}
}

// TestRedirectedPlaceJoinsTheKeptNodesItem: a batch that holds a place and
// one merged into it writes one place with the names and citations of both,
// whichever comes first.
func TestRedirectedPlaceJoinsTheKeptNodesItem(t *testing.T) {
	kept := model.LocationInput{ID: sp("y"), Name: "Y", Kind: model.LocationKindCity, Citations: []*model.CitationInput{{SourceID: "s1"}}}
	merged := model.LocationInput{ID: sp("x"), Name: "X", Kind: model.LocationKindCity, Aliases: []string{"Ex"},
		Citations: []*model.CitationInput{{SourceID: "s2"}}}
	rd := map[string]map[string]redirect{lLocation: {"x": {to: "y", kept: map[string]any{"name": "Y", "kind": "CITY"}}}}
	want := dump([]*model.LocationInput{{ID: sp("y"), Name: "Y", Kind: model.LocationKindCity, Aliases: []string{"X", "Ex"},
		Citations: []*model.CitationInput{{SourceID: "s1"}, {SourceID: "s2"}}}})
	for name, tc := range map[string]struct {
		locs  []*model.LocationInput
		order []string
	}{
		"kept first":   {[]*model.LocationInput{&kept, &merged}, []string{"y", "x"}},
		"merged first": {[]*model.LocationInput{&merged, &kept}, []string{"x", "y"}},
	} {
		got, _ := rewriteRedirects(model.IngestInput{Locations: tc.locs}, map[string][]string{lLocation: tc.order}, rd)
		// the kept node's own item says how, whichever came first
		if g := dump(got.Locations); g != want {
			t.Errorf("%s: %s, want %s", name, g, want)
		}
	}
}
