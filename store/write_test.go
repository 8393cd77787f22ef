package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

func TestUpsertStatuses(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	// What the upserts below point at.
	if _, err := c.Ingest(ctx, model.IngestInput{
		Sources: []*model.SourceInput{{ID: sp(p + "src"), Title: "Src", PublishedAt: dp("2025-05-26"), Kind: model.SourceKindArticle}},
		Actors:  []*model.ActorInput{{ID: sp(p + "actor"), Name: "Actor", Kind: model.ActorKindPerson}},
		Topics:  []*model.TopicInput{{ID: sp(p + "topic"), Name: "Topic"}},
	}, false); err != nil {
		t.Fatalf("setup: %v", err)
	}
	type upsert func(change bool) (string, model.WriteStatus, string, error)
	// Each case upserts the same entity three times: as new, unchanged, and
	// with one change.
	tests := []struct {
		name   string
		wantID string
		do     upsert
	}{
		{"actor", p + "putin", func(change bool) (string, model.WriteStatus, string, error) {
			in := model.ActorInput{ID: sp(p + "putin"), Name: "Vladimir Putin", Kind: model.ActorKindPerson, Aliases: []string{"Putin"}}
			if change {
				in.Aliases = append(in.Aliases, "V. Putin")
			}
			return c.UpsertActor(ctx, in)
		}},
		{"actor with a generated id", eventgraph.Slug(p + "Volodymyr Zelenskyy"), func(change bool) (string, model.WriteStatus, string, error) {
			in := model.ActorInput{Name: p + "Volodymyr Zelenskyy", Kind: model.ActorKindPerson}
			if change {
				in.CountryCode = sp("UKR")
			}
			return c.UpsertActor(ctx, in)
		}},
		{"location", p + "kyiv", func(change bool) (string, model.WriteStatus, string, error) {
			in := model.LocationInput{ID: sp(p + "kyiv"), Name: "Kyiv", Kind: model.LocationKindCity, Latitude: fp(50.45)}
			if change {
				in.Latitude = fp(50.4501)
			}
			return c.UpsertLocation(ctx, in)
		}},
		{"topic", p + "sanctions", func(change bool) (string, model.WriteStatus, string, error) {
			in := model.TopicInput{ID: sp(p + "sanctions"), Name: "Sanctions"}
			if change {
				in.Description = sp("economic pressure")
			}
			return c.UpsertTopic(ctx, in)
		}},
		{"source", p + "report", func(change bool) (string, model.WriteStatus, string, error) {
			in := model.SourceInput{ID: sp(p + "report"), Title: "Report", PublishedAt: dp("2025-05-01"), Kind: model.SourceKindReport}
			if change {
				in.PublishedAt = dp("2025-05-02")
			}
			return c.UpsertSource(ctx, in)
		}},
		{"event with a generated id", eventgraph.Slug(p + "Trump Putin call 2025-05-19"), func(change bool) (string, model.WriteStatus, string, error) {
			in := model.EventInput{Title: p + "Trump Putin call", Kind: model.EventKindConsult, StartDate: dp("2025-05-19"), Mode: sp("phone")}
			if change {
				in.Figures = []*model.FigureInput{{Label: "hours", Value: 2}}
			}
			return c.UpsertEvent(ctx, in)
		}},
		{"event whose only change is a new participant", p + "summit", func(change bool) (string, model.WriteStatus, string, error) {
			in := model.EventInput{ID: sp(p + "summit"), Title: "Summit", Kind: model.EventKindConsult}
			if change {
				in.Participants = []*model.ParticipantInput{{ActorID: p + "actor", Kind: model.ParticipationKindHost}}
			}
			return c.UpsertEvent(ctx, in)
		}},
		{"position with a generated id", eventgraph.ContentID(p+"actor-DEMANDS", p+"actor", p+"topic", "DEMANDS", "a ceasefire"), func(change bool) (string, model.WriteStatus, string, error) {
			in := model.PositionInput{ActorID: p + "actor", TopicID: p + "topic", Stance: model.StanceDemands, Statement: "a ceasefire"}
			if change {
				in.ValidFrom = dp("2025-05-16")
			}
			return c.UpsertPosition(ctx, in)
		}},
		{"forecast with a generated id", eventgraph.ContentID("forecast", "talks fail", p+"src"), func(change bool) (string, model.WriteStatus, string, error) {
			in := model.ForecastInput{Statement: "talks fail", Horizon: model.HorizonShortTerm, Likelihood: model.LikelihoodLikely,
				AboutIds: []string{p + "topic"}, SourceID: p + "src"}
			if change {
				in.Likelihood = model.LikelihoodHighlyLikely
			}
			return c.UpsertForecast(ctx, in)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A generated id need not start with the prefix the test
			// deletes by (a forecast's is a hash): the graph other
			// packages read must not keep it.
			t.Cleanup(func() { cypher(t, c, `MATCH (n {id: $id}) DETACH DELETE n`, map[string]any{"id": tc.wantID}) })
			for step, want := range []model.WriteStatus{model.WriteStatusCreated, model.WriteStatusUnchanged, model.WriteStatusUpdated, model.WriteStatusUnchanged} {
				id, status, bookmark, err := tc.do(step >= 2)
				if err != nil {
					t.Fatalf("step %d: %v", step, err)
				}
				if id != tc.wantID || status != want || bookmark == "" {
					t.Errorf("step %d: id %q status %s bookmark %q; want %q %s and a bookmark", step, id, status, bookmark, tc.wantID, want)
				}
			}
		})
	}
}

func TestUpsertErrorPaths(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	tests := []struct {
		name string
		do   func() error
		path string
	}{
		{"blank name", func() error {
			_, _, _, err := c.UpsertActor(ctx, model.ActorInput{Name: " ", ID: sp(p + "x"), Kind: model.ActorKindPerson})
			return err
		}, "input.name"},
		{"unknown participant", func() error {
			_, _, _, err := c.UpsertEvent(ctx, model.EventInput{ID: sp(p + "e"), Title: "E", Kind: model.EventKindOther,
				Participants: []*model.ParticipantInput{{ActorID: p + "ghost"}}})
			return err
		}, "input.participants[0].actorId"},
		{"unknown source", func() error {
			_, _, _, err := c.UpsertForecast(ctx, model.ForecastInput{Statement: "s", Horizon: model.HorizonShortTerm, Likelihood: model.LikelihoodLikely,
				AboutIds: []string{}, SourceID: p + "nope"})
			return err
		}, "input.sourceId"},
		{"bad id", func() error {
			_, _, _, err := c.UpsertSource(ctx, model.SourceInput{ID: sp("UPPER"), Title: "t", Kind: model.SourceKindNote})
			return err
		}, "input.id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs := inputErrors(t, tc.do())
			if _, ok := errs[tc.path]; !ok || len(errs) != 1 {
				t.Errorf("errors %v, want one at %s", errs, tc.path)
			}
		})
	}
	if n, _ := graphCounts(t, c, p); n != 0 {
		t.Errorf("failed upserts wrote %d nodes", n)
	}
}

func TestDelete(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	tests := []struct {
		typ         eventgraph.NodeType
		id          string
		wantDeleted bool
	}{
		{eventgraph.NodeTypeEvent, p + "talks", true},
		{eventgraph.NodeTypeEvent, p + "talks", false},     // already gone
		{eventgraph.NodeTypeActor, p + "ceasefire", false}, // a topic, not an actor
		{eventgraph.NodeTypeTopic, p + "ceasefire", true},
		{eventgraph.NodeTypeSource, "Not An Id", false},
		{eventgraph.NodeTypeForecast, p + "no-ceasefire", true},
	}
	for _, tc := range tests {
		deleted, bookmark, err := c.Delete(ctx, tc.typ, tc.id)
		if err != nil {
			t.Fatalf("delete %s %s: %v", tc.typ, tc.id, err)
		}
		if deleted != tc.wantDeleted {
			t.Errorf("delete %s %s: deleted %v, want %v", tc.typ, tc.id, deleted, tc.wantDeleted)
		}
		if tc.wantDeleted && bookmark == "" {
			t.Errorf("delete %s %s: no bookmark", tc.typ, tc.id)
		}
	}
	// The relationships went with the nodes; the rest of the graph stayed.
	got := cypher(t, c, `MATCH (n) WHERE n.id STARTS WITH $p RETURN n.id AS id ORDER BY id`, map[string]any{"p": p})
	var ids []string
	for _, r := range got {
		ids = append(ids, strings.TrimPrefix(r["id"].(string), p))
	}
	if fmt.Sprint(ids) != "[article exchange istanbul medinsky ru-demands russia turkiye ua-rejects zelenskyy]" {
		t.Errorf("left after deletes: %v", ids)
	}
	if rels := cypher(t, c, `MATCH (a:Actor)-[r:PARTICIPATED_IN]->() WHERE a.id STARTS WITH $p RETURN count(r) AS n`, map[string]any{"p": p}); rels[0]["n"].(int64) != 0 {
		t.Errorf("participations of the deleted event remain")
	}
	if _, _, err := c.Delete(ctx, eventgraph.NodeType("NODE) DETACH DELETE (n"), p+"x"); eventgraph.ErrorCode(err) != eventgraph.CodeBadUserInput {
		t.Errorf("unknown node type: error %v, want BAD_USER_INPUT", err)
	}
}

func TestLinkParticipant(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	if _, err := c.Ingest(ctx, sampleBatch(p), false); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	participation := func(actor string) string {
		r := cypher(t, c, `MATCH (a:Actor {id: $a})-[r:PARTICIPATED_IN]->(e:Event {id: $e}) RETURN r.kind AS kind, r.role AS role, r.sourceIds AS src, r.quote AS quote`,
			map[string]any{"a": p + actor, "e": p + "talks"})
		if len(r) == 0 {
			return "none"
		}
		return fmt.Sprint(len(r), " ", r[0]["kind"], " ", r[0]["role"], " ", r[0]["src"], " ", r[0]["quote"])
	}
	steps := []struct {
		name        string
		actor       string
		in          model.ParticipantInput
		wantChanged bool
		want        string
	}{
		{"new participant", "russia", model.ParticipantInput{Kind: model.ParticipationKindMediator, Role: sp("host"), SourceIds: []string{p + "article"}, Quote: sp("q")},
			true, fmt.Sprintf("1 MEDIATOR host [%sarticle] q", p)},
		{"the same again", "russia", model.ParticipantInput{Kind: model.ParticipationKindMediator, Role: sp("host"), SourceIds: []string{p + "article"}, Quote: sp("q")},
			false, fmt.Sprintf("1 MEDIATOR host [%sarticle] q", p)},
		// The writer's own citation: its kind is the latest stated; the
		// article's citation, with its role and quote, stays.
		{"a write without sources adds the writer's citation", "russia", model.ParticipantInput{Kind: model.ParticipationKindInitiator},
			true, fmt.Sprintf("1 INITIATOR host [%sarticle] q", p)},
		{"an existing participation from ingest", "zelenskyy", model.ParticipantInput{Kind: model.ParticipationKindDeclined},
			false, "1 DECLINED <nil> [] <nil>"},
		{"no kind means PARTICIPANT", "zelenskyy", model.ParticipantInput{}, true, "1 PARTICIPANT <nil> [] <nil>"},
	}
	for _, s := range steps {
		changed, bookmark, err := c.LinkParticipant(ctx, p+"talks", p+s.actor, s.in)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if changed != s.wantChanged || bookmark == "" {
			t.Errorf("%s: changed %v bookmark %q, want %v and a bookmark", s.name, changed, bookmark, s.wantChanged)
		}
		if got := participation(s.actor); got != s.want {
			t.Errorf("%s: participation %s, want %s", s.name, got, s.want)
		}
	}

	errCases := []struct {
		name, event, actor string
		in                 model.ParticipantInput
		code, path         string
	}{
		{"unknown event", p + "nothing", p + "russia", model.ParticipantInput{}, eventgraph.CodeNotFound, ""},
		{"unknown actor", p + "talks", p + "nobody", model.ParticipantInput{}, eventgraph.CodeNotFound, ""},
		{"an event id that is an actor", p + "russia", p + "russia", model.ParticipantInput{}, eventgraph.CodeNotFound, ""},
		{"unknown source", p + "talks", p + "russia", model.ParticipantInput{SourceIds: []string{p + "article", p + "nope"}}, eventgraph.CodeBadUserInput, "sourceIds[1]"},
		{"malformed id", "Talks!", p + "russia", model.ParticipantInput{}, eventgraph.CodeBadUserInput, "eventId"},
		{"bad kind", p + "talks", p + "russia", model.ParticipantInput{Kind: "SPECTATOR"}, eventgraph.CodeBadUserInput, "kind"},
	}
	for _, tc := range errCases {
		_, _, err := c.LinkParticipant(ctx, tc.event, tc.actor, tc.in)
		if code := eventgraph.ErrorCode(err); code != tc.code {
			t.Errorf("link %s: error %v (code %s), want %s", tc.name, err, code, tc.code)
			continue
		}
		if tc.path != "" {
			if errs := inputErrors(t, err); errs[tc.path] == "" {
				t.Errorf("link %s: errors %v, want one at %s", tc.name, errs, tc.path)
			}
		}
	}
	if got := participation("russia"); got != fmt.Sprintf("1 INITIATOR host [%sarticle] q", p) {
		t.Errorf("failed links changed the participation: %s", got)
	}

	// Unlink.
	unlinks := []struct {
		name, event, actor string
		wantChanged        bool
		code               string
	}{
		{"remove", p + "talks", p + "russia", true, ""},
		{"remove again", p + "talks", p + "russia", false, ""},
		{"unknown event", p + "nothing", p + "russia", false, eventgraph.CodeNotFound},
		{"unknown actor", p + "talks", p + "nobody", false, eventgraph.CodeNotFound},
		{"malformed id", p + "talks", "", false, eventgraph.CodeBadUserInput},
	}
	for _, u := range unlinks {
		changed, _, err := c.UnlinkParticipant(ctx, u.event, u.actor)
		if u.code != "" {
			if code := eventgraph.ErrorCode(err); code != u.code {
				t.Errorf("unlink %s: error %v (code %s), want %s", u.name, err, code, u.code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("unlink %s: %v", u.name, err)
		}
		if changed != u.wantChanged {
			t.Errorf("unlink %s: changed %v, want %v", u.name, changed, u.wantChanged)
		}
	}
	if got := participation("russia"); got != "none" {
		t.Errorf("after unlink: %s", got)
	}
	if got := participation("medinsky"); !strings.HasPrefix(got, "1 PARTICIPANT") {
		t.Errorf("unlink touched another participation: %s", got)
	}
	var notFound *eventgraph.Error
	_, _, err := c.UnlinkParticipant(ctx, p+"nothing", p+"russia")
	if !errors.As(err, &notFound) || !strings.Contains(notFound.Message, p+"nothing") {
		t.Errorf("unlink of an unknown event: %v, want a NOT_FOUND naming the id", err)
	}
}
