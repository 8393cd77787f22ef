package store

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/eventgraph/eventgraph"
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
		Actors:    []*model.ActorInput{{ID: sptr(p + "a"), Name: p + "A", Kind: model.ActorKindState}},
		Topics:    []*model.TopicInput{{ID: sptr(p + "t"), Name: p + "T"}},
		Positions: []*model.PositionInput{{ID: sptr(p + "pos"), ActorID: p + "a", TopicID: p + "t", Stance: model.StanceDemands, Statement: "S", ValidTo: dptr(t, "2025-06-01")}},
	}
	mustIngest(t, c, in)
	in.Positions[0].ValidTo, in.Positions[0].ValidFrom = nil, dptr(t, "2025-07-01")
	_, err = c.Ingest(ctx, in, false)
	if errs := inputErrors(t, err); errs["input.positions[0].validFrom"] == "" {
		t.Errorf("a position's start after its stored end: errors %v, want one at input.positions[0].validFrom", errs)
	}
}

// validTimeBatch: actor x in events dated to the day, the week, the
// month, the year, over several days and not at all; x's positions and
// affiliations dated, ended, known only by their end, and undated.
func validTimeBatch(t *testing.T, p string) model.IngestInput {
	prec := func(v model.DatePrecision) *model.DatePrecision { return &v }
	ev := func(id, start, end string, pr model.DatePrecision) *model.EventInput {
		e := &model.EventInput{ID: sptr(p + id), Title: id, Kind: model.EventKindConsult, DatePrecision: prec(pr),
			Participants: []*model.ParticipantInput{{ActorID: p + "x"}}}
		if start != "" {
			e.StartDate = dptr(t, start)
		}
		if end != "" {
			e.EndDate = dptr(t, end)
		}
		return e
	}
	pos := func(id, from, to string) *model.PositionInput {
		q := &model.PositionInput{ID: sptr(p + id), ActorID: p + "x", TopicID: p + "topic", Stance: model.StanceDemands, Statement: id}
		if from != "" {
			q.ValidFrom = dptr(t, from)
		}
		if to != "" {
			q.ValidTo = dptr(t, to)
		}
		return q
	}
	return model.IngestInput{
		Actors: []*model.ActorInput{{ID: sptr(p + "x"), Name: p + "X", Kind: model.ActorKindState},
			{ID: sptr(p + "y"), Name: p + "Y", Kind: model.ActorKindOrganization}, {ID: sptr(p + "z"), Name: p + "Z", Kind: model.ActorKindOrganization}},
		Topics: []*model.TopicInput{{ID: sptr(p + "topic"), Name: p + "Topic"}},
		Events: []*model.EventInput{
			ev("day", "2025-05-16", "", model.DatePrecisionDay),
			ev("span", "2025-05-10", "2025-05-20", model.DatePrecisionDay),
			ev("week", "2025-05-14", "", model.DatePrecisionWeek), // Monday 12 to Sunday 18 May
			ev("month", "2025-05-01", "", model.DatePrecisionMonth),
			ev("year", "2025-03-10", "", model.DatePrecisionYear),
			ev("undated", "", "", model.DatePrecisionDay),
		},
		Positions: []*model.PositionInput{
			pos("dated", "2025-05-11", ""), pos("ended", "2025-01-01", "2025-03-01"), pos("undated", "", ""), pos("toonly", "", "2025-06-01"),
		},
		Affiliations: []*model.AffiliationInput{
			{ActorID: p + "x", WithID: p + "y", ValidFrom: dptr(t, "2025-05-11")},
			{ActorID: p + "x", WithID: p + "z"},
		},
	}
}

// connIDs reads the ids of a connection's nodes in a read's value, less
// the prefix, sorted.
func connIDs(v any, field, p string) []string {
	m, _ := v.(map[string]any)
	rel, _ := m["rel"].(map[string]any)
	conn, _ := rel[field].(map[string]any)
	var out []string
	for _, e := range conn["edges"].([]any) {
		id := e.(map[string]any)["node"].(map[string]any)["id"].(string)
		out = append(out, id[len(p):])
	}
	sort.Strings(out)
	return out
}

func TestDateMatchAndPrecision(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	mustIngest(t, c, validTimeBatch(t, p))
	tests := []struct {
		name, from, to, match string
		want                  []string
	}{
		{"one day, possibly", "2025-05-16", "2025-05-16", "POSSIBLY", []string{"day", "month", "span", "week", "year"}},
		{"one day, surely", "2025-05-16", "2025-05-16", "SURELY", []string{"day", "span"}},
		{"one day, default possibly", "2025-05-16", "2025-05-16", "", []string{"day", "month", "span", "week", "year"}},
		{"the month, surely", "2025-05-01", "2025-05-31", "SURELY", []string{"day", "month", "span", "week"}},
		{"after the month, possibly", "2025-06-01", "", "POSSIBLY", []string{"year"}},
		{"after the month, surely", "2025-06-01", "", "SURELY", nil},
		{"up to March, possibly", "", "2025-03-01", "POSSIBLY", []string{"year"}},
		{"up to March, surely", "", "2025-03-01", "SURELY", nil},
		{"up to 13 May, possibly", "", "2025-05-13", "POSSIBLY", []string{"month", "span", "week", "year"}},
		{"up to 13 May, surely", "", "2025-05-13", "SURELY", []string{"span"}},
		{"from 19 May, surely", "2025-05-19", "", "SURELY", []string{"span"}},
		{"from 19 May, possibly", "2025-05-19", "", "POSSIBLY", []string{"month", "span", "year"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := map[string]any{"participantsAny": []any{p + "x"}}
			aw := map[string]any{}
			for k, v := range map[string]string{"from": tc.from, "to": tc.to, "dateMatch": tc.match} {
				if v != "" {
					w[k], aw[k] = v, v
				}
			}
			// The root list (bounded seeks) and the actor's events agree.
			v, err := c.ListValue(context.Background(), eventgraph.NodeTypeEvent, fa("events", "events",
				map[string]any{"where": w, "first": int64(50)}, f("edges", f("node", f("id")))))
			if err != nil {
				t.Fatal(err)
			}
			if got := connIDs(map[string]any{"rel": map[string]any{"events": v}}, "events", p); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("events = %v, want %v", got, tc.want)
			}
			a, err := c.GetValue(context.Background(), eventgraph.NodeTypeActor, p+"x", []Field{
				fa("events", "events", map[string]any{"where": aw, "first": int64(50)}, f("edges", f("node", f("id"))))})
			if err != nil {
				t.Fatal(err)
			}
			if got := connIDs(a, "events", p); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("actor's events = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestValidAt(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	mustIngest(t, c, validTimeBatch(t, p))
	tests := []struct {
		field, at string
		undated   bool
		want      []string
	}{
		{"positions", "2025-05-16", false, []string{"dated"}},
		{"positions", "2025-05-16", true, []string{"dated", "toonly", "undated"}},
		{"positions", "2025-02-01", false, []string{"ended"}},
		{"positions", "2025-02-01", true, []string{"ended", "toonly", "undated"}},
		{"positions", "2025-07-01", false, []string{"dated"}},
		{"positions", "2025-07-01", true, []string{"dated", "undated"}},
		{"positions", "1990-01-01", false, nil},
		{"positions", "1990-01-01", true, []string{"toonly", "undated"}},
		// Participations hold while their event lasts, to its precision.
		{"events", "2025-05-16", false, []string{"day", "span"}},
		{"events", "2025-05-16", true, []string{"day", "month", "span", "undated", "week", "year"}},
		{"events", "2025-05-25", false, nil},
		{"events", "2025-05-25", true, []string{"month", "undated", "year"}},
		{"events", "2026-01-01", true, []string{"undated"}},
		{"affiliations", "2025-05-16", false, []string{"y"}},
		{"affiliations", "2025-05-16", true, []string{"y", "z"}},
		{"affiliations", "2025-05-01", false, nil},
		{"affiliations", "2025-05-01", true, []string{"z"}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %s undated=%v", tc.field, tc.at, tc.undated), func(t *testing.T) {
			w := map[string]any{"validAt": tc.at, "includeUndated": tc.undated}
			v, err := c.GetValue(context.Background(), eventgraph.NodeTypeActor, p+"x", []Field{
				fa(tc.field, tc.field, map[string]any{"where": w, "first": int64(50)}, f("edges", f("node", f("id"))))})
			if err != nil {
				t.Fatal(err)
			}
			if got := connIDs(v, tc.field, p); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s = %v, want %v", tc.field, got, tc.want)
			}
		})
	}
	// The participants of an event, from the event's side.
	v, err := c.GetValue(context.Background(), eventgraph.NodeTypeEvent, p+"month", []Field{
		fa("participants", "participants", map[string]any{"where": map[string]any{"validAt": "2025-05-16"}}, f("edges", f("node", f("id"))))})
	if err != nil {
		t.Fatal(err)
	}
	if got := connIDs(v, "participants", p); got != nil {
		t.Errorf("participants of an event of May known on 16 May: %v, want none", got)
	}
}
