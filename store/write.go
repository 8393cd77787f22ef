package store

import (
	"context"
	"fmt"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The single-entity mutations. Each upsert is a batch of one through the
// same code path as Ingest, so validation, id generation and the Cypher are
// shared; error paths name the mutation's argument (input.name).

// UpsertActor creates or updates one actor.
func (c *Client) UpsertActor(ctx context.Context, in model.ActorInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Actors: []*model.ActorInput{&in}}, lActor)
}

// UpsertEvent creates or updates one event; participants, topics and
// consequences are added to the ones it has.
func (c *Client) UpsertEvent(ctx context.Context, in model.EventInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Events: []*model.EventInput{&in}}, lEvent)
}

// UpsertLocation creates or updates one location.
func (c *Client) UpsertLocation(ctx context.Context, in model.LocationInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Locations: []*model.LocationInput{&in}}, lLocation)
}

// UpsertTopic creates or updates one topic.
func (c *Client) UpsertTopic(ctx context.Context, in model.TopicInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Topics: []*model.TopicInput{&in}}, lTopic)
}

// UpsertPosition creates or updates one position.
func (c *Client) UpsertPosition(ctx context.Context, in model.PositionInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Positions: []*model.PositionInput{&in}}, lPosition)
}

// UpsertForecast creates or updates one forecast.
func (c *Client) UpsertForecast(ctx context.Context, in model.ForecastInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Forecasts: []*model.ForecastInput{&in}}, lForecast)
}

// UpsertSource creates or updates one source.
func (c *Client) UpsertSource(ctx context.Context, in model.SourceInput) (string, model.WriteStatus, string, error) {
	return c.upsertOne(ctx, model.IngestInput{Sources: []*model.SourceInput{&in}}, lSource)
}

// upsertOne writes a batch holding one node of label. The status is CREATED
// for a new node, UPDATED when a property or one of its relationships
// changed, UNCHANGED otherwise.
func (c *Client) upsertOne(ctx context.Context, in model.IngestInput, label string) (string, model.WriteStatus, string, error) {
	id, status, bookmark, err := c.upsert(ctx, in, label)
	c.countItems(&in, upsertCounts(label, status), err)
	return id, status, bookmark, err
}

func (c *Client) upsert(ctx context.Context, in model.IngestInput, label string) (string, model.WriteStatus, string, error) {
	b, err := prepare(in, paths{single: true})
	if err != nil {
		return "", "", "", err
	}
	if len(b.errs) > 0 {
		return "", "", "", c.check(ctx, b)
	}
	id := b.order[label][0]
	t, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (tally, error) {
		return c.resolveAndApply(ctx, tx, in, b)
	})
	if err != nil {
		return "", "", "", wrapWrite("upsert "+label+" "+id, err)
	}
	// An upsert of a merged id wrote the kept node.
	id = t.batch.order[label][0]
	status := model.WriteStatusUnchanged
	switch {
	case t.created[label] > 0:
		status = model.WriteStatusCreated
	case t.updated[label] > 0:
		status = model.WriteStatusUpdated
	}
	return id, status, bookmark, nil
}

// Delete removes the node of type t with id and all its relationships.
// deleted is false when there was no such node (deleting twice is fine).
func (c *Client) Delete(ctx context.Context, t eventgraph.NodeType, id string) (bool, string, error) {
	// The label comes from the node type, never from user text.
	label := t.Label()
	if label == "" {
		return false, "", eventgraph.InputError("type", "%q is not a node type", string(t))
	}
	if !eventgraph.ValidID(id) {
		// No node can have it; the answer is known without asking.
		return false, "", nil
	}
	q := deleteNodes[label]
	n, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (int, error) {
		if err := c.touch(ctx, tx, "delete", every, map[string][]string{label: {id}}); err != nil {
			return 0, err
		}
		_, counters, err := c.runCounted(ctx, tx, q, map[string]any{"id": id})
		if err != nil {
			return 0, err
		}
		n := counters.NodesDeleted()
		if dq, ok := deleteRedirects[label]; ok {
			_, counters, err := c.runCounted(ctx, tx, dq, map[string]any{"id": id})
			if err != nil {
				return 0, err
			}
			n += counters.NodesDeleted()
		}
		return n, nil
	})
	if err != nil {
		return false, "", wrapWrite("delete "+label+" "+id, err)
	}
	return n > 0, bookmark, nil
}

// LinkParticipant makes the actor a participant of the event, or updates
// the kind, role and provenance of its participation. changed is false when
// the participation already was exactly this. An unknown event or actor is
// NOT_FOUND; a malformed id or an unknown source id is BAD_USER_INPUT.
func (c *Client) LinkParticipant(ctx context.Context, eventID, actorID string, p model.ParticipantInput) (bool, string, error) {
	var errs eventgraph.InputErrors
	for _, arg := range []struct{ path, id string }{{"eventId", eventID}, {"actorId", actorID}} {
		if !eventgraph.ValidID(arg.id) {
			errs = append(errs, eventgraph.InputError(arg.path, "%q is not a valid id", arg.id))
		}
	}
	kind := p.Kind
	if kind == "" {
		kind = model.ParticipationKindParticipant
	}
	if !kind.IsValid() {
		errs = append(errs, eventgraph.InputError("kind", "%q is not a valid participation kind", string(kind)))
	}
	sourceIDs := p.SourceIds
	if sourceIDs == nil {
		sourceIDs = []string{}
	}
	for i, s := range sourceIDs {
		if !eventgraph.ValidID(s) {
			errs = append(errs, eventgraph.InputError(fmt.Sprintf("sourceIds[%d]", i), "%q is not a valid id", s))
		}
	}
	if p.ValidFrom != nil && p.ValidTo != nil && p.ValidTo.Time().Before(p.ValidFrom.Time()) {
		errs = append(errs, eventgraph.InputError("validTo", "validTo %s is before validFrom %s", p.ValidTo, p.ValidFrom))
	}
	if len(errs) > 0 {
		return false, "", errs
	}
	props := map[string]any{"kind": string(kind), "sourceIds": sourceIDs}
	setStr(props, "role", p.Role)
	setDate(props, "validFrom", p.ValidFrom)
	setDate(props, "validTo", p.ValidTo)
	setStr(props, "quote", p.Quote)
	row := map[string]any{"actorId": actorID, "withId": eventID, "p": props}
	changed, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (bool, error) {
		params := map[string]any{}
		for _, l := range Labels {
			params[l] = []string{}
		}
		params[lEvent], params[lActor], params[lSource] = []string{eventID}, []string{actorID}, sourceIDs
		recs, err := c.run(ctx, tx, lookupNodes, params)
		if err != nil {
			return false, err
		}
		have := map[string]bool{}
		for _, r := range recs {
			have[r.Values[0].(string)+"/"+r.Values[1].(string)] = true
		}
		if !have[lEvent+"/"+eventID] {
			return false, eventgraph.Errorf(eventgraph.CodeNotFound, "no event with id %q", eventID)
		}
		if !have[lActor+"/"+actorID] {
			return false, eventgraph.Errorf(eventgraph.CodeNotFound, "no actor with id %q", actorID)
		}
		var missing eventgraph.InputErrors
		for i, s := range sourceIDs {
			if !have[lSource+"/"+s] {
				missing = append(missing, eventgraph.InputError(fmt.Sprintf("sourceIds[%d]", i), "no Source with id %q in the graph", s))
			}
		}
		if len(missing) > 0 {
			return false, missing
		}
		if err := c.touch(ctx, tx, "linkParticipant", carried, map[string][]string{lEvent: {eventID}}); err != nil {
			return false, err
		}
		if err := c.foldStored(ctx, tx, "PARTICIPATED_IN", []any{row}, participationFacts); err != nil {
			return false, err
		}
		_, counters, err := c.runCounted(ctx, tx, qLinkParticipant, map[string]any{"actorId": actorID, "eventId": eventID, "row": row})
		if err != nil {
			return false, err
		}
		return counters.RelationshipsCreated()+counters.PropertiesSet() > 0, nil
	})
	if err != nil {
		return false, "", wrapWrite("link participant", err)
	}
	return changed, bookmark, nil
}

// UnlinkParticipant removes the actor's participation in the event. changed
// is false when there was none; an unknown event or actor is NOT_FOUND, a
// malformed id BAD_USER_INPUT.
func (c *Client) UnlinkParticipant(ctx context.Context, eventID, actorID string) (bool, string, error) {
	var errs eventgraph.InputErrors
	for _, arg := range []struct{ path, id string }{{"eventId", eventID}, {"actorId", actorID}} {
		if !eventgraph.ValidID(arg.id) {
			errs = append(errs, eventgraph.InputError(arg.path, "%q is not a valid id", arg.id))
		}
	}
	if len(errs) > 0 {
		return false, "", errs
	}
	changed, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (bool, error) {
		if err := c.touch(ctx, tx, "unlinkParticipant", carried, map[string][]string{lEvent: {eventID}}); err != nil {
			return false, err
		}
		recs, err := c.run(ctx, tx, qUnlinkParticipant, map[string]any{"eventId": eventID, "actorId": actorID})
		if err != nil {
			return false, err
		}
		if len(recs) != 1 {
			return false, fmt.Errorf("%s: %d result rows, want 1", qUnlinkParticipant.name, len(recs))
		}
		if ok, _ := recs[0].Values[0].(bool); !ok {
			return false, eventgraph.Errorf(eventgraph.CodeNotFound, "no event with id %q", eventID)
		}
		if ok, _ := recs[0].Values[1].(bool); !ok {
			return false, eventgraph.Errorf(eventgraph.CodeNotFound, "no actor with id %q", actorID)
		}
		removed, _ := recs[0].Values[2].(int64)
		return removed > 0, nil
	})
	if err != nil {
		return false, "", wrapWrite("unlink participant", err)
	}
	return changed, bookmark, nil
}
