package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Settling a forecast and opening it again: each one write transaction
// through write (so the history records it like any other write), checked
// by the root package's one rule (eventgraph.CheckResolution) against what
// the graph holds of the forecast, read in the same transaction.

// qForecastForResolution reads what the check needs: the forecast's
// status, resolution and window start, its issuing source and that
// source's date, and which of the named event and cited sources exist.
var qForecastForResolution = query{name: "forecast for resolution", cypher: `
OPTIONAL MATCH (f:Forecast {id: $id})
OPTIONAL MATCH (f)-[:ISSUED_IN]->(s:Source)
OPTIONAL MATCH (f)-[:RESOLVED_BY]->(old:Event)
RETURN f IS NOT NULL AS found, f.status AS status, f.resolvedAt AS resolvedAt, f.resolutionNote AS note,
  f.windowStart AS windowStart, s.id AS issuer, s.publishedAt AS issued, old.id AS resolvedBy,
  EXISTS { MATCH (e:Event {id: $eventId}) } AS eventFound,
  [x IN $sourceIds WHERE EXISTS { MATCH (:Source {id: x}) }] AS sourcesFound,
  size([ct IN $cites WHERE NOT EXISTS { MATCH (f)-[c:CITED_IN]->(:Source {id: ct.sourceId}) WHERE c.quote = ct.quote OR (ct.quote IS NULL AND c.quote IS NULL) }]) AS newCitations`}

// qResolveForecast writes a resolution: status, date, note, the resolving
// event (replacing another) and the citations (a quote per source, added
// as the forecast's citations are).
var qResolveForecast = query{name: "resolve forecast", cypher: `
MATCH (f:Forecast {id: $id})
SET f.status = $status, f.resolvedAt = $at, f.resolutionNote = $note, f.updatedAt = datetime.transaction()
WITH f
CALL (f) { OPTIONAL MATCH (f)-[r:RESOLVED_BY]->(e:Event) WHERE e.id <> coalesce($eventId, '') DELETE r }
CALL (f) { MATCH (e:Event {id: $eventId}) MERGE (f)-[:RESOLVED_BY]->(e) }
CALL (f) { UNWIND $cites AS ct MATCH (s:Source {id: ct.sourceId})
  CALL (f, s, ct) { WITH f, s, ct WHERE ct.quote IS NOT NULL MERGE (f)-[:CITED_IN {quote: ct.quote}]->(s) }
  CALL (f, s, ct) { WITH f, s, ct WHERE ct.quote IS NULL MERGE (f)-[:CITED_IN]->(s) } }
RETURN f.id`}

// qReopenForecast opens a forecast again: the resolution date and event
// go, the reason stays as its note.
var qReopenForecast = query{name: "reopen forecast", cypher: `
MATCH (f:Forecast {id: $id})
SET f.status = 'OPEN', f.resolvedAt = null, f.resolutionNote = $reason, f.updatedAt = datetime.transaction()
WITH f
CALL (f) { OPTIONAL MATCH (f)-[r:RESOLVED_BY]->() DELETE r }
RETURN f.id`}

// forecastState is what qForecastForResolution read.
type forecastState struct {
	status, issuer, resolvedBy string
	note                       *string
	resolvedAt, issued         *eventgraph.Date
	eventFound                 bool
	sourcesFound               map[string]bool
	newCitations               int64
}

func (c *Client) forecastState(ctx context.Context, tx neo4j.ManagedTransaction, id string, eventID *string, cites []map[string]any) (forecastState, error) {
	sourceIDs := make([]string, len(cites))
	for i, ct := range cites {
		sourceIDs[i] = ct["sourceId"].(string)
	}
	var ev any
	if eventID != nil {
		ev = *eventID
	}
	recs, err := c.run(ctx, tx, qForecastForResolution, map[string]any{"id": id, "eventId": ev, "sourceIds": sourceIDs, "cites": cites})
	if err != nil {
		return forecastState{}, err
	}
	if len(recs) == 0 {
		return forecastState{}, fmt.Errorf("%s: no row", qForecastForResolution.name)
	}
	r := recs[0].AsMap()
	if found, _ := r["found"].(bool); !found {
		return forecastState{}, eventgraph.Errorf(eventgraph.CodeNotFound, "no forecast with id %q", id)
	}
	st := forecastState{sourcesFound: map[string]bool{}}
	st.status, _ = r["status"].(string)
	st.issuer, _ = r["issuer"].(string)
	st.resolvedBy, _ = r["resolvedBy"].(string)
	if n, ok := r["note"].(string); ok {
		st.note = &n
	}
	st.resolvedAt = dateValue(r["resolvedAt"])
	if st.issued = dateValue(r["issued"]); st.issued == nil {
		st.issued = dateValue(r["windowStart"])
	}
	st.eventFound, _ = r["eventFound"].(bool)
	found, _ := r["sourcesFound"].([]any)
	for _, s := range found {
		st.sourcesFound[s.(string)] = true
	}
	st.newCitations, _ = r["newCitations"].(int64)
	return st, nil
}

func dateValue(v any) *eventgraph.Date {
	d, ok := v.(neo4j.Date)
	if !ok {
		return nil
	}
	out := eventgraph.DateOf(time.Time(d))
	return &out
}

// ResolveForecast settles forecast id (see the schema's resolveForecast);
// changed is false when it was settled exactly so already.
func (c *Client) ResolveForecast(ctx context.Context, id string, outcome model.ForecastOutcome, at *eventgraph.Date, resolvedByID, note *string, citations []*model.CitationInput) (bool, string, error) {
	var check eventgraph.Check
	check.Ref("id", id)
	if !outcome.IsValid() {
		check.Fail("outcome", "%q is not CAME_TRUE, DID_NOT_HAPPEN or WITHDRAWN", string(outcome))
	}
	if resolvedByID != nil {
		check.Ref("resolvedById", *resolvedByID)
	}
	cites := make([]map[string]any, 0, len(citations))
	for i, ct := range citations {
		p := fmt.Sprintf("citations[%d]", i)
		if check.NotNull(p, "a citation", ct == nil) && check.Ref(p+".sourceId", ct.SourceID) {
			cites = append(cites, map[string]any{"sourceId": ct.SourceID, "quote": strOrNil(ct.Quote)})
		}
	}
	if !check.OK() {
		return false, "", check.Problems
	}
	when := today(ctx)
	if at == nil {
		at = &when
	}
	changed, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (bool, error) {
		st, err := c.forecastState(ctx, tx, id, resolvedByID, cites)
		if err != nil {
			return false, err
		}
		var problems eventgraph.Check
		if resolvedByID != nil && !st.eventFound {
			problems.Fail("resolvedById", "no event with id %q in the graph", *resolvedByID)
		}
		evidence := 0
		for i, ct := range cites {
			s := ct["sourceId"].(string)
			switch {
			case !st.sourcesFound[s]:
				problems.Fail(fmt.Sprintf("citations[%d].sourceId", i), "no source with id %q in the graph", s)
			case s != st.issuer:
				evidence++
			}
		}
		problems.CheckResolution("", eventgraph.Resolution{
			Status: string(outcome), At: at, AtField: "at", Issued: st.issued, Today: when,
			ResolvedBy: resolvedByID != nil, Evidence: evidence,
		})
		if !problems.OK() {
			return false, problems.Problems
		}
		eventID := ""
		if resolvedByID != nil {
			eventID = *resolvedByID
		}
		if st.status == string(outcome) && st.resolvedAt != nil && *st.resolvedAt == *at &&
			equalStr(st.note, note) && st.resolvedBy == eventID && st.newCitations == 0 {
			return false, nil
		}
		var ev any
		if resolvedByID != nil {
			ev = *resolvedByID
		}
		if err := c.touch(ctx, tx, "resolveForecast", carried, map[string][]string{lForecast: {id}}); err != nil {
			return false, err
		}
		_, err = c.run(ctx, tx, qResolveForecast, map[string]any{"id": id, "status": string(outcome),
			"at": neo4j.DateOf(at.Time()), "note": strOrNil(note), "eventId": ev, "cites": cites})
		return err == nil, err
	})
	if err != nil {
		return false, "", wrapWrite("resolve forecast "+id, err)
	}
	return changed, bookmark, nil
}

// ReopenForecast opens a settled forecast again, the reason kept as its
// resolutionNote. An open forecast is refused: there is nothing to undo.
func (c *Client) ReopenForecast(ctx context.Context, id, reason string) (string, error) {
	var check eventgraph.Check
	check.Ref("id", id)
	if strings.TrimSpace(reason) == "" {
		check.Fail("reason", "reason must not be blank")
	}
	if !check.OK() {
		return "", check.Problems
	}
	_, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (bool, error) {
		st, err := c.forecastState(ctx, tx, id, nil, nil)
		if err != nil {
			return false, err
		}
		if st.status == eventgraph.StatusOpen {
			return false, eventgraph.InputErrors{eventgraph.InputError("id", "forecast %q is open: only a resolved forecast can be reopened", id)}
		}
		if err := c.touch(ctx, tx, "reopenForecast", carried, map[string][]string{lForecast: {id}}); err != nil {
			return false, err
		}
		_, err = c.run(ctx, tx, qReopenForecast, map[string]any{"id": id, "reason": reason})
		return err == nil, err
	})
	if err != nil {
		return "", wrapWrite("reopen forecast "+id, err)
	}
	return bookmark, nil
}

func equalStr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
