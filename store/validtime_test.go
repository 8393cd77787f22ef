package store

import (
	"context"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
)

// A partial update is checked against what the graph holds: an end moved
// before the stored start (or a start after the stored end) is refused,
// with the path of the value at fault, and nothing of the write stays.
func TestStoredDatesStayInOrder(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	ev := func(start, end string) model.EventInput {
		in := model.EventInput{ID: sptr(p + "talks"), Title: "Talks", Kind: model.EventKindConsult}
		if start != "" {
			in.StartDate = dptr(t, start)
		}
		if end != "" {
			in.EndDate = dptr(t, end)
		}
		return in
	}
	if _, _, _, err := c.UpsertEvent(ctx, ev("2025-05-16", "")); err != nil {
		t.Fatal(err)
	}
	_, _, _, err := c.UpsertEvent(ctx, ev("", "2025-05-10"))
	if errs := inputErrors(t, err); errs["input.endDate"] == "" {
		t.Errorf("an end before the stored start: errors %v, want one at input.endDate", errs)
	}
	if _, _, _, err := c.UpsertEvent(ctx, ev("", "2025-05-17")); err != nil {
		t.Fatalf("an end after the stored start: %v", err)
	}
	_, _, _, err = c.UpsertEvent(ctx, ev("2025-05-20", ""))
	if errs := inputErrors(t, err); errs["input.startDate"] == "" {
		t.Errorf("a start after the stored end: errors %v, want one at input.startDate", errs)
	}
	got := cypher(t, c, `MATCH (n:Event {id: $id}) RETURN toString(n.startDate) AS s, toString(n.endDate) AS e`, map[string]any{"id": p + "talks"})[0]
	if got["s"] != "2025-05-16" || got["e"] != "2025-05-17" {
		t.Errorf("stored %v..%v after the refused writes, want 2025-05-16..2025-05-17", got["s"], got["e"])
	}

	// Positions, in a batch: the path names the item.
	in := model.IngestInput{
		Actors:    []*model.ActorInput{{ID: sptr(p + "a"), Name: "A", Kind: model.ActorKindState}},
		Topics:    []*model.TopicInput{{ID: sptr(p + "t"), Name: "T"}},
		Positions: []*model.PositionInput{{ID: sptr(p + "pos"), ActorID: p + "a", TopicID: p + "t", Stance: model.StanceDemands, Statement: "S", ValidTo: dptr(t, "2025-06-01")}},
	}
	mustIngest(t, c, in)
	in.Positions[0].ValidTo, in.Positions[0].ValidFrom = nil, dptr(t, "2025-07-01")
	_, err = c.Ingest(ctx, in, false)
	if errs := inputErrors(t, err); errs["input.positions[0].validFrom"] == "" {
		t.Errorf("a position's start after its stored end: errors %v, want one at input.positions[0].validFrom", errs)
	}
}
