package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The write path's Cypher, all of it. Every statement takes one list of rows
// ($rows) and handles all of them in one round trip (UNWIND); user text only
// ever arrives as parameters. Node labels in the generated statements come
// from the fixed Labels list.
//
// Upsert semantics: a node's properties that the input gives replace the
// stored ones; fields the input leaves out keep their stored value. updatedAt
// moves only when a given value differs from the stored one. Relationship
// properties (participations, affiliations) are replaced as a whole.

// changedProps is true when a row's given properties differ from the node's.
// A null in row.p (a value to clear) equals a missing property.
const changedProps = `any(k IN keys(row.p) WHERE NOT coalesce(n[k] = row.p[k], n[k] IS NULL AND row.p[k] IS NULL))`

// upsertNodes merges the rows' nodes of one label and counts what happened.
// A node MERGE creates gets createdAt but not yet updatedAt, which is how the
// next line tells created from found; the SET runs only for rows that change
// something, so a replay writes nothing.
var upsertNodes = func() map[string]query {
	qs := map[string]query{}
	for _, l := range Labels {
		qs[l] = query{"upsert " + l, `UNWIND $rows AS row
MERGE (n:` + l + ` {id: row.id})
  ON CREATE SET n.createdAt = datetime.transaction()
WITH n, row, n.updatedAt IS NULL AS created
WITH n, row, created, created OR ` + changedProps + ` AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET n += row.p, n.updatedAt = datetime.transaction())
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN changed AND NOT created THEN 1 END) AS updated,
       count(*) AS total`}
	}
	return qs
}()

// citeNodes adds (node)-[:CITED_IN {quote}]->(Source), one statement per
// label of the citing node. A citation without a quote is satisfied by any
// citation of that source.
var citeNodes = func() map[string]query {
	qs := map[string]query{}
	for _, l := range Labels {
		qs[l] = query{"cite " + l, `UNWIND $rows AS row
MATCH (n:` + l + ` {id: row.id})
MATCH (s:Source {id: row.sourceId})
FOREACH (q IN CASE WHEN row.quote IS NULL THEN [] ELSE [row.quote] END |
  MERGE (n)-[:CITED_IN {quote: q}]->(s))
FOREACH (_ IN CASE WHEN row.quote IS NULL THEN [1] ELSE [] END |
  MERGE (n)-[:CITED_IN]->(s))`}
	}
	return qs
}()

// aboutNodes adds (Forecast)-[:ABOUT]->(Actor|Event|Topic), one statement per
// target label.
var aboutNodes = func() map[string]query {
	qs := map[string]query{}
	for _, l := range aboutLabels {
		qs[l] = query{"forecast about " + l, `UNWIND $rows AS row
MATCH (f:Forecast {id: row.from})
MATCH (t:` + l + ` {id: row.to})
MERGE (f)-[:ABOUT]->(t)`}
	}
	return qs
}()

// lookupNodes finds which of the given ids exist, per label, in one round
// trip; for sources it also returns publishedAt (forecast windows need it).
var lookupNodes = func() query {
	parts := make([]string, 0, len(Labels))
	for _, l := range Labels {
		date := "null"
		if l == lSource {
			date = "n.publishedAt"
		}
		parts = append(parts, `UNWIND $`+l+` AS id MATCH (n:`+l+` {id: id}) RETURN '`+l+`' AS label, id, `+date+` AS publishedAt`)
	}
	return query{"look up referenced ids", strings.Join(parts, "\nUNION ALL\n")}
}()

// deleteNodes removes one node and its relationships, per label.
var deleteNodes = func() map[string]query {
	qs := map[string]query{}
	for _, l := range Labels {
		qs[l] = query{"delete " + l, `MATCH (n:` + l + ` {id: $id}) DETACH DELETE n`}
	}
	return qs
}()

// Relationship statements. "Single" relationships (an event has one
// location, one parent ...) first delete the one pointing elsewhere, then
// MERGE, so that a replay neither deletes nor creates anything.
var (
	qAffiliations = query{"affiliations", `UNWIND $rows AS row
MATCH (a:Actor {id: row.actorId})
MATCH (w:Actor {id: row.withId})
MERGE (a)-[r:AFFILIATED_WITH]->(w)
WITH r, row
WHERE size(keys(r)) <> size(keys(row.p)) OR any(k IN keys(row.p) WHERE NOT coalesce(r[k] = row.p[k], false))
SET r = row.p`}

	qParticipants = query{"participants", `UNWIND $rows AS row
MATCH (a:Actor {id: row.actorId})
MATCH (e:Event {id: row.eventId})
MERGE (a)-[r:PARTICIPATED_IN]->(e)
WITH r, row
WHERE size(keys(r)) <> size(keys(row.p)) OR any(k IN keys(row.p) WHERE NOT coalesce(r[k] = row.p[k], false))
SET r = row.p`}

	qOccurredAt = query{"event location", `UNWIND $rows AS row
MATCH (e:Event {id: row.from})
MATCH (l:Location {id: row.to})
CALL { WITH e, l MATCH (e)-[old:OCCURRED_AT]->(x) WHERE x <> l DELETE old }
MERGE (e)-[:OCCURRED_AT]->(l)`}

	qLocatedIn = query{"location parent", `UNWIND $rows AS row
MATCH (c:Location {id: row.from})
MATCH (p:Location {id: row.to})
CALL { WITH c, p MATCH (c)-[old:LOCATED_IN]->(x) WHERE x <> p DELETE old }
MERGE (c)-[:LOCATED_IN]->(p)`}

	qPartOf = query{"event parent", `UNWIND $rows AS row
MATCH (c:Event {id: row.from})
MATCH (p:Event {id: row.to})
CALL { WITH c, p MATCH (c)-[old:PART_OF]->(x) WHERE x <> p DELETE old }
MERGE (c)-[:PART_OF]->(p)`}

	qLedTo = query{"event consequences", `UNWIND $rows AS row
MATCH (a:Event {id: row.from})
MATCH (b:Event {id: row.to})
MERGE (a)-[:LED_TO]->(b)`}

	qConcerns = query{"event topics", `UNWIND $rows AS row
MATCH (e:Event {id: row.from})
MATCH (t:Topic {id: row.to})
MERGE (e)-[:CONCERNS]->(t)`}

	// A position has one holder and one topic.
	qHolds = query{"position holder and topic", `UNWIND $rows AS row
MATCH (p:Position {id: row.id})
MATCH (a:Actor {id: row.actorId})
MATCH (t:Topic {id: row.topicId})
CALL { WITH p, a MATCH (x)-[old:HOLDS]->(p) WHERE x <> a DELETE old }
CALL { WITH p, t MATCH (p)-[old:ON]->(x) WHERE x <> t DELETE old }
MERGE (a)-[:HOLDS]->(p)
MERGE (p)-[:ON]->(t)`}

	qRespondsTo = query{"position responses", `UNWIND $rows AS row
MATCH (a:Position {id: row.from})
MATCH (b:Position {id: row.to})
MERGE (a)-[:RESPONDS_TO]->(b)`}

	qIssuedIn = query{"forecast source", `UNWIND $rows AS row
MATCH (f:Forecast {id: row.from})
MATCH (s:Source {id: row.to})
CALL { WITH f, s MATCH (f)-[old:ISSUED_IN]->(x) WHERE x <> s DELETE old }
MERGE (f)-[:ISSUED_IN]->(s)`}

	qResolvedBy = query{"forecast resolution", `UNWIND $rows AS row
MATCH (f:Forecast {id: row.from})
MATCH (e:Event {id: row.to})
CALL { WITH f, e MATCH (f)-[old:RESOLVED_BY]->(x) WHERE x <> e DELETE old }
MERGE (f)-[:RESOLVED_BY]->(e)`}

	qUnlinkParticipant = query{"unlink participant", `OPTIONAL MATCH (e:Event {id: $eventId})
OPTIONAL MATCH (a:Actor {id: $actorId})
OPTIONAL MATCH (a)-[r:PARTICIPATED_IN]->(e)
WITH e, a, collect(r) AS rs
FOREACH (r IN rs | DELETE r)
RETURN e IS NOT NULL AS event, a IS NOT NULL AS actor, size(rs) AS removed`}
)

// nodeTypes is the order of IngestResult.counts.
var nodeTypes = []model.NodeType{
	model.NodeTypeActor, model.NodeTypeEvent, model.NodeTypeLocation, model.NodeTypeTopic,
	model.NodeTypePosition, model.NodeTypeForecast, model.NodeTypeSource,
}

// tally is what one write did.
type tally struct {
	created, updated, unchanged map[string]int // per label
	relsCreated                 int
	// relChanges counts relationships created or deleted and relationship
	// properties set; a single upsert whose node is unchanged but whose
	// links changed reports UPDATED.
	relChanges int
}

// Ingest writes one batch in one write transaction; replaying it changes
// nothing (ids make it idempotent). Every problem with the input is reported
// at once as eventgraph.InputErrors, and then nothing is written. With
// validateOnly every check runs, references included, and nothing is written.
func (c *Client) Ingest(ctx context.Context, in model.IngestInput, validateOnly bool) (*model.IngestResult, error) {
	b, err := prepare(in, paths{})
	if err != nil {
		return nil, err
	}
	if validateOnly {
		_, err := read(ctx, c, func(tx neo4j.ManagedTransaction) (resolved, error) {
			return c.resolve(ctx, tx, b)
		})
		if err != nil {
			return nil, wrapWrite("validate batch", err)
		}
		return result(tally{}, true, ""), nil
	}
	t, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (tally, error) {
		return c.apply(ctx, tx, b)
	})
	if err != nil {
		return nil, wrapWrite("ingest batch", err)
	}
	return result(t, false, bookmark), nil
}

// wrapWrite adds context to database errors but hands client errors back as
// they are, so that callers see the InputErrors or the coded error itself.
func wrapWrite(what string, err error) error {
	var coded *eventgraph.Error
	var input eventgraph.InputErrors
	if errors.As(err, &coded) || errors.As(err, &input) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

func result(t tally, validateOnly bool, bookmark string) *model.IngestResult {
	r := &model.IngestResult{ValidateOnly: validateOnly, RelationshipsCreated: t.relsCreated}
	for _, nt := range nodeTypes {
		l := nodeTypeLabel[nt]
		ic := &model.IngestCount{Type: nt, Created: t.created[l], Updated: t.updated[l], Unchanged: t.unchanged[l]}
		r.Counts = append(r.Counts, ic)
		r.Created += ic.Created
		r.Updated += ic.Updated
		r.Unchanged += ic.Unchanged
	}
	if bookmark != "" {
		r.Bookmark = &bookmark
	}
	return r
}

// resolve asks the graph, in one query, for every referenced id the batch
// does not hold itself, and checks the batch's references against the answer.
func (c *Client) resolve(ctx context.Context, tx neo4j.ManagedTransaction, b *batch) (resolved, error) {
	want, n := b.lookups()
	f := found{ids: map[string]map[string]bool{}, sourceDates: map[string]eventgraph.Date{}}
	if n > 0 {
		params := make(map[string]any, len(want))
		for l, ids := range want {
			params[l] = ids
		}
		recs, err := c.run(ctx, tx, lookupNodes, params)
		if err != nil {
			return resolved{}, err
		}
		for _, rec := range recs {
			label, _ := rec.Values[0].(string)
			id, _ := rec.Values[1].(string)
			if f.ids[label] == nil {
				f.ids[label] = map[string]bool{}
			}
			f.ids[label][id] = true
			if d, ok := rec.Values[2].(neo4j.Date); ok {
				f.sourceDates[id] = eventgraph.DateOf(d.Time())
			}
		}
	}
	return b.resolve(f)
}

// apply checks the batch's references and writes it: nodes label by label
// (sources first, so that everything can cite them), then relationships,
// each kind in one statement. Statements without rows are not sent.
func (c *Client) apply(ctx context.Context, tx neo4j.ManagedTransaction, b *batch) (tally, error) {
	res, err := c.resolve(ctx, tx, b)
	if err != nil {
		return tally{}, err
	}
	t := tally{created: map[string]int{}, updated: map[string]int{}, unchanged: map[string]int{}}
	for _, l := range Labels {
		rows := b.nodes[l]
		if len(rows) == 0 {
			continue
		}
		recs, _, err := c.exec(ctx, tx, upsertNodes[l], rows)
		if err != nil {
			return tally{}, err
		}
		if len(recs) != 1 {
			return tally{}, fmt.Errorf("%s: %d result rows, want 1", upsertNodes[l].name, len(recs))
		}
		created, _ := recs[0].Values[0].(int64)
		updated, _ := recs[0].Values[1].(int64)
		total, _ := recs[0].Values[2].(int64)
		t.created[l], t.updated[l], t.unchanged[l] = int(created), int(updated), int(total-created-updated)
	}
	rels := []statement{
		{qLocatedIn, b.locatedIn},
		{qAffiliations, b.affiliations},
		{qParticipants, b.participants},
		{qOccurredAt, b.occurredAt},
		{qPartOf, b.partOf},
		{qLedTo, b.ledTo},
		{qConcerns, b.concerns},
		{qHolds, b.holds},
		{qRespondsTo, b.respondsTo},
		{qIssuedIn, b.issuedIn},
		{qResolvedBy, b.resolvedBy},
	}
	for _, l := range aboutLabels {
		rels = append(rels, statement{aboutNodes[l], res.about[l]})
	}
	for _, l := range Labels {
		rels = append(rels, statement{citeNodes[l], b.citations[l]})
	}
	for _, r := range rels {
		if len(r.rows) == 0 {
			continue
		}
		_, counters, err := c.exec(ctx, tx, r.q, r.rows)
		if err != nil {
			return tally{}, err
		}
		t.relsCreated += counters.RelationshipsCreated()
		t.relChanges += counters.RelationshipsCreated() + counters.RelationshipsDeleted() + counters.PropertiesSet()
	}
	return t, nil
}

// statement is a batched query with its rows.
type statement struct {
	q    query
	rows []any
}

// exec runs one batched statement with $rows and returns its records and
// update counters, counting the round trip.
func (c *Client) exec(ctx context.Context, tx neo4j.ManagedTransaction, q query, rows []any) ([]*neo4j.Record, neo4j.Counters, error) {
	c.roundTrips.Add(1)
	params := map[string]any{"rows": rows}
	c.cypherLog.write(q, params)
	res, err := tx.Run(ctx, q.cypher, params)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", q.name, err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", q.name, err)
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", q.name, err)
	}
	return recs, sum.Counters(), nil
}
