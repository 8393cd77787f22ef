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

// historyOf is every change of id, newest first.
func historyOf(t *testing.T, c *Client, id string) []*Change {
	t.Helper()
	var out []*Change
	after := ""
	for {
		p, err := c.History(context.Background(), id, 100, after)
		if err != nil {
			t.Fatalf("history %s: %v", id, err)
		}
		out = append(out, p.Changes...)
		if !p.HasNextPage {
			return out
		}
		after = p.EndCursor
	}
}

// relOf finds the relationship change of typ to other in ch.
func relOf(ch *Change, typ, other string) *RelChange {
	for i := range ch.Relations {
		if ch.Relations[i].Type == typ && ch.Relations[i].OtherID == other {
			return &ch.Relations[i]
		}
	}
	return nil
}

func fieldOf(ch *Change, field string) *FieldChange {
	for i := range ch.Fields {
		if ch.Fields[i].Field == field {
			return &ch.Fields[i]
		}
	}
	return nil
}

// TestEveryWriteLeavesItsRevision writes each kind of write once and reads
// back the one revision it left: its kind, key, and each entity's change.
func TestEveryWriteLeavesItsRevision(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := WithBatchID(WithKeyName(context.Background(), "ingest-job"), "batch-"+p)

	// Ingest: every node of the batch is created in one revision; the
	// relationships are on both ends.
	in := sampleBatch(p)
	if _, err := c.Ingest(ctx, in, false); err != nil {
		t.Fatal(err)
	}
	var seq int64
	for _, id := range []string{"article", "russia", "zelenskyy", "medinsky", "istanbul", "turkiye", "ceasefire", "talks", "exchange", "ru-demands", "ua-rejects", "no-ceasefire"} {
		h := historyOf(t, c, p+id)
		if len(h) != 1 {
			t.Fatalf("%s: %d changes after one ingest, want 1", id, len(h))
		}
		ch := h[0]
		if ch.Op != OpCreated || ch.Revision.Kind != "ingest" || ch.Revision.Key != "ingest-job" || ch.Revision.Batch != "batch-"+p {
			t.Errorf("%s: op %s kind %s key %q batch %q; want created by ingest-job in batch-%s", id, ch.Op, ch.Revision.Kind, ch.Revision.Key, ch.Revision.Batch, p)
		}
		if seq == 0 {
			seq = ch.Revision.Seq
		} else if ch.Revision.Seq != seq {
			t.Errorf("%s: revision %d, want the batch's one revision %d", id, ch.Revision.Seq, seq)
		}
	}
	talks := historyOf(t, c, p+"talks")[0]
	if f := fieldOf(talks, "title"); f == nil || f.Old != nil || f.New != "Istanbul talks" {
		t.Errorf("talks title change %+v", f)
	}
	if f := fieldOf(talks, "startDate"); f == nil || f.New != "2025-05-16" {
		t.Errorf("talks startDate change %+v", f)
	}
	if r := relOf(talks, "PARTICIPATED_IN", p+"medinsky"); r == nil || r.Op != OpLinked || r.Direction != "IN" || r.OtherType != "ACTOR" {
		t.Errorf("talks' participation of medinsky: %+v", r)
	}
	med := historyOf(t, c, p+"medinsky")[0]
	if r := relOf(med, "PARTICIPATED_IN", p+"talks"); r == nil || r.Op != OpLinked || r.Direction != "OUT" || r.New["role"] != "delegation head" {
		t.Errorf("medinsky's side of the participation: %+v", r)
	}
	article := historyOf(t, c, p+"article")[0]
	if r := relOf(article, "CITED_IN", p+"talks"); r == nil || r.Direction != "IN" {
		t.Errorf("the article hears of its citation by the talks: %+v", article.Relations)
	}
	if !slices.Contains(talks.Revision.Sources, p+"article") {
		t.Errorf("revision sources %v, want the article", talks.Revision.Sources)
	}

	// A replay changes nothing and leaves no revision.
	if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
		t.Fatal(err)
	}
	if h := historyOf(t, c, p+"talks"); len(h) != 1 {
		t.Errorf("a replay left %d changes on talks, want still 1", len(h))
	}
	// A dry run leaves none either.
	dry := sampleBatch(p)
	dry.Events[0].Title = "Dry run"
	if _, err := c.Ingest(ctx, dry, true); err != nil {
		t.Fatal(err)
	}
	if h := historyOf(t, c, p+"talks"); len(h) != 1 {
		t.Errorf("a dry run left %d changes on talks, want still 1", len(h))
	}

	type step struct {
		name  string
		write func() error
		id    string
		check func(t *testing.T, ch *Change)
	}
	steps := []step{
		{"upsert actor", func() error {
			_, _, _, err := c.UpsertActor(ctx, model.ActorInput{ID: sp(p + "medinsky"), Name: "V. Medinsky", Kind: model.ActorKindPerson, CountryCode: sp("ZZZ")})
			return err
		}, "medinsky", func(t *testing.T, ch *Change) {
			if ch.Op != OpUpdated || ch.Revision.Kind != "upsert" || len(ch.Fields) != 1 || ch.Fields[0] != (FieldChange{"name", "Vladimir Medinsky", "V. Medinsky"}) {
				t.Errorf("change %s %s %+v, want name from Vladimir Medinsky to V. Medinsky", ch.Op, ch.Revision.Kind, ch.Fields)
			}
		}},
		{"upsert event", func() error {
			_, _, _, err := c.UpsertEvent(ctx, model.EventInput{ID: sp(p + "exchange"), Title: "Prisoner swap", Kind: model.EventKindAgree, StartDate: dp("2025-05-24")})
			return err
		}, "exchange", func(t *testing.T, ch *Change) {
			if f := fieldOf(ch, "startDate"); ch.Op != OpUpdated || f == nil || f.Old != "2025-05-23" || f.New != "2025-05-24" {
				t.Errorf("change %s, startDate %+v", ch.Op, f)
			}
		}},
		{"link participant", func() error {
			_, _, err := c.LinkParticipant(ctx, p+"exchange", p+"russia", model.ParticipantInput{Kind: model.ParticipationKindInitiator, Role: sp("side")})
			return err
		}, "russia", func(t *testing.T, ch *Change) {
			r := relOf(ch, "PARTICIPATED_IN", p+"exchange")
			if ch.Op != OpLinked || ch.Revision.Kind != "linkParticipant" || r == nil || r.Op != OpLinked || r.New["kind"] != "INITIATOR" {
				t.Errorf("change %s %s, relationship %+v", ch.Op, ch.Revision.Kind, r)
			}
		}},
		{"relink participant", func() error {
			_, _, err := c.LinkParticipant(ctx, p+"exchange", p+"russia", model.ParticipantInput{Kind: model.ParticipationKindTarget, Role: sp("side")})
			return err
		}, "exchange", func(t *testing.T, ch *Change) {
			r := relOf(ch, "PARTICIPATED_IN", p+"russia")
			if ch.Op != OpUpdated || r == nil || r.Op != OpUpdated || r.Old["kind"] != "INITIATOR" || r.New["kind"] != "TARGET" {
				t.Errorf("change %s, relationship %+v", ch.Op, r)
			}
		}},
		{"unlink participant", func() error {
			_, _, err := c.UnlinkParticipant(ctx, p+"exchange", p+"russia")
			return err
		}, "russia", func(t *testing.T, ch *Change) {
			r := relOf(ch, "PARTICIPATED_IN", p+"exchange")
			if ch.Op != OpUnlinked || r == nil || r.Op != OpUnlinked || r.Old["kind"] != "TARGET" {
				t.Errorf("change %s, relationship %+v", ch.Op, r)
			}
		}},
		{"delete", func() error {
			_, _, err := c.Delete(ctx, eventgraph.NodeTypeEvent, p+"exchange")
			return err
		}, "exchange", func(t *testing.T, ch *Change) {
			if f := fieldOf(ch, "title"); ch.Op != OpDeleted || ch.Revision.Kind != "delete" || f == nil || f.Old != "Prisoner swap" || f.New != nil {
				t.Errorf("change %s %s, title %+v", ch.Op, ch.Revision.Kind, f)
			}
			if r := relOf(ch, "LED_TO", p+"talks"); r == nil || r.Op != OpUnlinked || r.Direction != "IN" {
				t.Errorf("the talks' consequence unlinked: %+v", ch.Relations)
			}
		}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := len(historyOf(t, c, p+s.id))
			if err := s.write(); err != nil {
				t.Fatal(err)
			}
			h := historyOf(t, c, p+s.id)
			if len(h) != before+1 {
				t.Fatalf("%d changes, want %d", len(h), before+1)
			}
			if h[0].Revision.Key != "ingest-job" {
				t.Errorf("key %q", h[0].Revision.Key)
			}
			s.check(t, h[0])
		})
	}
	// The other end of the deleted event hears of it.
	if h := historyOf(t, c, p+"talks"); h[0].Op != OpUnlinked || relOf(h[0], "LED_TO", p+"exchange") == nil {
		t.Errorf("talks' newest change %s %+v, want LED_TO exchange unlinked", h[0].Op, h[0].Relations)
	}
}

// TestMergeAndUnmergeLeaveRevisions: a merge records the merged node as
// merged into the kept one, its relationships moving; an unmerge gives
// them back. history of the merged id follows the redirect.
func TestMergeAndUnmergeLeaveRevisions(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := WithKeyName(context.Background(), "curator")
	if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
		t.Fatal(err)
	}
	res, err := c.MergeActors(ctx, p+"zelenskyy", []string{p + "medinsky"})
	if err != nil {
		t.Fatal(err)
	}
	med := historyOf(t, c, p+"medinsky")
	if med[0].Op != OpMerged || med[0].Into != p+"zelenskyy" || med[0].Revision.Kind != "merge" {
		t.Fatalf("medinsky's newest change: %s into %q by %s", med[0].Op, med[0].Into, med[0].Revision.Kind)
	}
	if r := relOf(med[0], "PARTICIPATED_IN", p+"talks"); r == nil || r.Op != OpUnlinked {
		t.Errorf("medinsky's participation moved away: %+v", med[0].Relations)
	}
	// The merged id's history holds the kept node's too.
	var keptToo bool
	for _, ch := range med {
		keptToo = keptToo || ch.EntityID == p+"zelenskyy"
	}
	if !keptToo {
		t.Errorf("history of the merged id has no change of the kept node")
	}
	if _, err := c.Unmerge(ctx, res.RevisionID); err != nil {
		t.Fatal(err)
	}
	med = historyOf(t, c, p+"medinsky")
	if med[0].Op != OpUnmerged || med[0].Revision.Kind != "unmerge" || relOf(med[0], "PARTICIPATED_IN", p+"talks") == nil {
		t.Errorf("after unmerge: %s by %s, %+v", med[0].Op, med[0].Revision.Kind, med[0].Relations)
	}
}

// TestChangesPageInCommitOrder: the feed is the log in seq order, paged by
// cursor without gaps or repeats, filtered by type.
func TestChangesPageInCommitOrder(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	start, err := c.Changes(ctx, "", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = start
	last := latestCursor(t, c)
	for i := range 5 {
		if _, _, _, err := c.UpsertTopic(ctx, model.TopicInput{ID: sp(fmt.Sprintf("%st%d", p, i)), Name: "T"}); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	after := last
	for {
		pg, err := c.Changes(ctx, after, 2, []eventgraph.NodeType{eventgraph.NodeTypeTopic})
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range pg.Changes {
			if strings.HasPrefix(ch.EntityID, p) {
				seen = append(seen, ch.EntityID)
			}
			if ch.Type != eventgraph.NodeTypeTopic {
				t.Errorf("types [TOPIC] gave a %s", ch.Type)
			}
		}
		after = pg.EndCursor
		if !pg.HasNextPage {
			break
		}
	}
	want := []string{p + "t0", p + "t1", p + "t2", p + "t3", p + "t4"}
	if !slices.Equal(seen, want) {
		t.Errorf("feed %v, want %v", seen, want)
	}
	if _, err := c.Changes(ctx, "nonsense", 10, nil); eventgraph.ErrorCode(err) != eventgraph.CodeBadUserInput {
		t.Errorf("a bad cursor: %v, want BAD_USER_INPUT", err)
	}
}

// latestCursor is the cursor of the log's last change.
func latestCursor(t *testing.T, c *Client) string {
	t.Helper()
	r := cypher(t, c, `MATCH (c:Change) RETURN c.seq AS seq, c.i AS i ORDER BY c.seq DESC, c.i DESC LIMIT 1`, nil)
	if len(r) == 0 {
		return ""
	}
	return cursor{r[0]["seq"].(int64), r[0]["i"].(int64)}.String()
}

// TestTheLogCostsFixedRoundTrips: whatever a batch's size, the revision
// log adds at most three statements to its transaction (what it touches
// read before and after, the revision appended), and a replay that changes
// nothing appends none.
func TestTheLogCostsFixedRoundTrips(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, _, _, err := c.UpsertActor(ctx, model.ActorInput{ID: sp(p + "a"), Name: "A", Kind: model.ActorKindPerson, CountryCode: sp("ZZZ")}); err != nil {
		t.Fatal(err)
	}
	batch := func(n int) model.IngestInput {
		var in model.IngestInput
		for i := range n {
			in.Events = append(in.Events, &model.EventInput{ID: sp(fmt.Sprintf("%se%d-%d", p, n, i)), Title: "E", Kind: model.EventKindOther,
				Participants: []*model.ParticipantInput{{ActorID: p + "a"}}})
		}
		return in
	}
	for _, n := range []int{1, 50} {
		for _, replay := range []bool{false, true} {
			before := c.LogRoundTrips()
			if _, err := c.Ingest(ctx, batch(n), false); err != nil {
				t.Fatal(err)
			}
			if got := c.LogRoundTrips() - before; got > 3 {
				t.Errorf("%d events (replay %v): the log sent %d statements, want at most 3", n, replay, got)
			}
		}
		if h := historyOf(t, c, fmt.Sprintf("%se%d-0", p, n)); len(h) != 1 {
			t.Errorf("%d events: %d changes after an ingest and its replay, want 1", n, len(h))
		}
	}
}
