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
//
// Counting: a node statement returns how many nodes it created and updated
// and the ids of those it left unchanged; a relationship statement returns
// the ids of the batch nodes carrying it (an event for its participants,
// location, topics ...) whose relationships it changed, so that such a node
// counts as updated too.

// changedProps is true when a row's given properties differ from the node's.
// A null in row.p (a value to clear) equals a missing property.
const changedProps = `any(k IN keys(row.p) WHERE NOT coalesce(n[k] = row.p[k], n[k] IS NULL AND row.p[k] IS NULL))`

// relDiffers is true when relationship r's properties are not exactly row.p
// (which holds no nulls); a relationship MERGE just created has none.
const relDiffers = `size(keys(r)) <> size(keys(row.p)) OR any(k IN keys(row.p) WHERE NOT coalesce(r[k] = row.p[k], false))`

// upsertNodes merges the rows' nodes of one label. A node MERGE creates gets
// createdAt but not yet updatedAt, which is how the next line tells created
// from found; the SET runs only for rows that change something, so a replay
// writes nothing.
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
       collect(CASE WHEN NOT changed THEN n.id END) AS unchanged`}
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
WITH n, s, row, CASE WHEN row.quote IS NULL THEN EXISTS { (n)-[:CITED_IN]->(s) }
                     ELSE EXISTS { (n)-[c:CITED_IN]->(s) WHERE c.quote = row.quote } END AS existed
FOREACH (q IN CASE WHEN existed OR row.quote IS NULL THEN [] ELSE [row.quote] END |
  MERGE (n)-[:CITED_IN {quote: q}]->(s))
FOREACH (_ IN CASE WHEN existed OR row.quote IS NOT NULL THEN [] ELSE [1] END |
  MERGE (n)-[:CITED_IN]->(s))
RETURN collect(DISTINCT CASE WHEN NOT existed THEN n.id END) AS changed`}
	}
	return qs
}()

// additive is a relationship that a batch only ever adds (MERGE: a replay
// adds nothing).
func additive(name, fromLabel, rel, toLabel string) query {
	return query{name, `UNWIND $rows AS row
MATCH (a:` + fromLabel + ` {id: row.from})
MATCH (b:` + toLabel + ` {id: row.to})
WITH a, b, EXISTS { (a)-[:` + rel + `]->(b) } AS existed
MERGE (a)-[:` + rel + `]->(b)
RETURN collect(DISTINCT CASE WHEN NOT existed THEN a.id END) AS changed`}
}

// single is a relationship a node has at most one of (an event's location,
// its parent ...): the one pointing elsewhere is deleted, then the new one
// merged, so that a replay neither deletes nor creates anything.
func single(name, fromLabel, rel, toLabel string) query {
	return query{name, `UNWIND $rows AS row
MATCH (a:` + fromLabel + ` {id: row.from})
MATCH (b:` + toLabel + ` {id: row.to})
CALL { WITH a, b OPTIONAL MATCH (a)-[old:` + rel + `]->(x) WHERE x <> b DELETE old RETURN count(old) AS removed }
WITH a, b, removed, EXISTS { (a)-[:` + rel + `]->(b) } AS existed
MERGE (a)-[:` + rel + `]->(b)
RETURN collect(DISTINCT CASE WHEN removed > 0 OR NOT existed THEN a.id END) AS changed`}
}

// aboutNodes adds (Forecast)-[:ABOUT]->(Actor|Event|Topic), one statement per
// target label.
var aboutNodes = func() map[string]query {
	qs := map[string]query{}
	for _, l := range aboutLabels {
		qs[l] = additive("forecast about "+l, lForecast, "ABOUT", l)
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

var (
	// Affiliations are items of their own, not carried by a batch node: the
	// statement reports no carriers.
	qAffiliations = query{"affiliations", `UNWIND $rows AS row
MATCH (a:Actor {id: row.actorId})
MATCH (w:Actor {id: row.withId})
MERGE (a)-[r:AFFILIATED_WITH]->(w)
WITH r, row WHERE ` + relDiffers + `
SET r = row.p`}

	// Participations are carried by their event.
	qParticipants = query{"participants", `UNWIND $rows AS row
MATCH (a:Actor {id: row.actorId})
MATCH (e:Event {id: row.eventId})
MERGE (a)-[r:PARTICIPATED_IN]->(e)
WITH e, r, row WHERE ` + relDiffers + `
SET r = row.p
RETURN collect(DISTINCT e.id) AS changed`}

	qOccurredAt = single("event location", lEvent, "OCCURRED_AT", lLocation)
	qLocatedIn  = single("location parent", lLocation, "LOCATED_IN", lLocation)
	qPartOf     = single("event parent", lEvent, "PART_OF", lEvent)
	qIssuedIn   = single("forecast source", lForecast, "ISSUED_IN", lSource)
	qResolvedBy = single("forecast resolution", lForecast, "RESOLVED_BY", lEvent)
	qLedTo      = additive("event consequences", lEvent, "LED_TO", lEvent)
	qConcerns   = additive("event topics", lEvent, "CONCERNS", lTopic)
	qRespondsTo = additive("position responses", lPosition, "RESPONDS_TO", lPosition)

	// A position has one holder and one topic; HOLDS points at the position.
	qHolds = query{"position holder and topic", `UNWIND $rows AS row
MATCH (p:Position {id: row.id})
MATCH (a:Actor {id: row.actorId})
MATCH (t:Topic {id: row.topicId})
CALL { WITH p, a OPTIONAL MATCH (x)-[old:HOLDS]->(p) WHERE x <> a DELETE old RETURN count(old) AS removedHolder }
CALL { WITH p, t OPTIONAL MATCH (p)-[old:ON]->(x) WHERE x <> t DELETE old RETURN count(old) AS removedTopic }
WITH p, a, t, removedHolder + removedTopic AS removed,
     EXISTS { (a)-[:HOLDS]->(p) } AND EXISTS { (p)-[:ON]->(t) } AS existed
MERGE (a)-[:HOLDS]->(p)
MERGE (p)-[:ON]->(t)
RETURN collect(DISTINCT CASE WHEN removed > 0 OR NOT existed THEN p.id END) AS changed`}

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
	// The batch's nodes left unchanged so far, per label: a relationship
	// statement that changes their links makes them updated.
	unchanged := map[string]map[string]bool{}
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
		ids, _ := recs[0].Values[2].([]any)
		t.created[l], t.updated[l], t.unchanged[l] = int(created), int(updated), len(ids)
		unchanged[l] = make(map[string]bool, len(ids))
		for _, id := range ids {
			if s, ok := id.(string); ok {
				unchanged[l][s] = true
			}
		}
	}
	rels := []statement{
		{qLocatedIn, lLocation, b.locatedIn},
		{qAffiliations, "", b.affiliations},
		{qParticipants, lEvent, b.participants},
		{qOccurredAt, lEvent, b.occurredAt},
		{qPartOf, lEvent, b.partOf},
		{qLedTo, lEvent, b.ledTo},
		{qConcerns, lEvent, b.concerns},
		{qHolds, lPosition, b.holds},
		{qRespondsTo, lPosition, b.respondsTo},
		{qIssuedIn, lForecast, b.issuedIn},
		{qResolvedBy, lForecast, b.resolvedBy},
	}
	for _, l := range aboutLabels {
		rels = append(rels, statement{aboutNodes[l], lForecast, res.about[l]})
	}
	for _, l := range Labels {
		rels = append(rels, statement{citeNodes[l], l, b.citations[l]})
	}
	for _, r := range rels {
		if len(r.rows) == 0 {
			continue
		}
		recs, counters, err := c.exec(ctx, tx, r.q, r.rows)
		if err != nil {
			return tally{}, err
		}
		t.relsCreated += counters.RelationshipsCreated()
		for _, rec := range recs {
			changed, _ := rec.Get("changed")
			ids, _ := changed.([]any)
			for _, id := range ids {
				s, _ := id.(string)
				if unchanged[r.carrier][s] {
					delete(unchanged[r.carrier], s)
					t.unchanged[r.carrier]--
					t.updated[r.carrier]++
				}
			}
		}
	}
	return t, nil
}

// statement is a batched relationship query with its rows and the label of
// the batch nodes that carry the relationship.
type statement struct {
	q       query
	carrier string
	rows    []any
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
