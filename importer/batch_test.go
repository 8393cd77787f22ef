package importer

import (
	"slices"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
)

func TestBuildFoldsRepeatedDatasetEvents(t *testing.T) {
	id := func(s string) *string { return &s }
	event := func(eid string, actors ...string) *model.EventInput {
		e := &model.EventInput{ID: id(eid), Title: eid, Kind: model.EventKindAssault}
		for _, a := range actors {
			e.Participants = append(e.Participants, &model.ParticipantInput{ActorID: a, Kind: model.ParticipationKindInitiator})
			e.Citations = append(e.Citations, &model.CitationInput{SourceID: "src-" + a})
		}
		return e
	}
	recs := []*Record{
		{Line: 2, CreateOnly: true, Input: model.IngestInput{Events: []*model.EventInput{event("acled-x1", "a")}}},
		{Line: 3, CreateOnly: true, Merged: []int{9}, Input: model.IngestInput{Events: []*model.EventInput{event("acled-x2", "c")}}},
		{Line: 5, CreateOnly: true, Input: model.IngestInput{Events: []*model.EventInput{event("acled-x1", "a", "b")}}},
	}
	b := build(recs, false)
	if b.input.IfExists == nil || *b.input.IfExists != model.IfExistsKeep {
		t.Errorf("a dataset batch must ask the service to keep what the graph holds: ifExists %v", b.input.IfExists)
	}
	// the service found acled-x2 in the graph already, and acled-x1 (as
	// the service would also list a resolved actor, by code)
	b.resolve([]*model.ResolvedItem{
		{Path: "input.events[1]", Given: "acled-x2", ID: "acled-x2", By: model.ResolvedByID},
		{Path: "input.actors[0]", Given: "a", ID: "a2", By: model.ResolvedByCode},
	})
	if len(b.input.Events) != 2 {
		t.Fatalf("events %+v", b.input.Events)
	}
	x1 := b.input.Events[0]
	if len(x1.Participants) != 2 || x1.Participants[1].ActorID != "b" || len(x1.Citations) != 2 {
		t.Errorf("the repeated row's actor and citation are not folded in: %+v %+v", x1.Participants, x1.Citations)
	}
	if len(recs[0].Input.Events[0].Participants) != 1 {
		t.Error("folding changed a record, which may be sent again")
	}
	if !slices.Equal(b.class, []string{ClassImported, ClassResolved, ClassMerged}) {
		t.Errorf("classes %v", b.class)
	}
	if !slices.Equal(b.origin["events[0]"], []int{0, 2}) || !slices.Equal(b.origin["events[1]"], []int{1}) {
		t.Errorf("origins %v", b.origin)
	}

	// an upsert (JSON Lines) that names an id twice is sent as it is, for
	// the service to say what is wrong, never folded silently
	up := []*Record{{Line: 1, Input: model.IngestInput{Events: []*model.EventInput{event("e", "a"), event("e", "b")}}}}
	if b := build(up, false); len(b.input.Events) != 2 || b.class[0] != ClassImported || b.input.IfExists != nil {
		t.Errorf("an upsert's repeated id: %+v, %v, ifExists %v", b.input.Events, b.class, b.input.IfExists)
	}

	// a resolved event two rows describe: the first row is resolved, the
	// one folded into it stays merged
	b = build(recs, true)
	if b.input.IfExists == nil || *b.input.IfExists != model.IfExistsAddCodes {
		t.Errorf("--add-codes: ifExists %v", b.input.IfExists)
	}
	b.resolve([]*model.ResolvedItem{{Path: "input.events[0]", Given: "acled-x1", ID: "acled-x1", By: model.ResolvedByID}})
	if !slices.Equal(b.class, []string{ClassResolved, ClassImported, ClassMerged}) {
		t.Errorf("classes %v", b.class)
	}
}

func TestBatcher(t *testing.T) {
	id := func(s string) *string { return &s }
	actor := func(line int, aid string, createOnly bool) *Record {
		return &Record{Line: line, CreateOnly: createOnly, Input: model.IngestInput{Actors: []*model.ActorInput{{ID: id(aid), Name: aid, Kind: model.ActorKindGroup}}}}
	}
	b := newBatcher(4)
	b.add(actor(1, "a", false))
	if !b.conflicts(actor(2, "a", false)) || b.conflicts(actor(2, "b", false)) {
		t.Error("an upsert of an id the batch upserts must wait for the next batch, another id need not")
	}
	if b.conflicts(actor(2, "a", true)) {
		t.Error("a dataset's rows are merged, never split for a repeated id")
	}
	b.add(&Record{Line: 2, Merged: []int{3, 4}, CreateOnly: true})
	if !b.full() || len(b.take()) != 2 || b.rows != 0 || b.conflicts(actor(5, "a", false)) {
		t.Error("a merged record counts all its rows; take starts a new batch")
	}
}
