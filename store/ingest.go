package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The write path's Cypher, all of it. Every statement takes one list of rows
// ($rows) and handles all of them in one round trip (UNWIND); user text only
// ever arrives as parameters. Node labels and relationship types in the
// generated statements come from constants.
//
// One statement per node label writes the nodes and every relationship they
// carry (an event's participants, location, topics and citations ...), so
// that each node is looked up once. Relationships between nodes of the same
// label (an event's parent and consequences, a location's parent, a
// position's responses) follow in statements of their own, once all of them
// exist, and so do affiliations.
//
// Upsert semantics: a node's properties that the input gives replace the
// stored ones; fields the input leaves out keep their stored value. updatedAt
// moves only when a given value differs from the stored one. A
// participation or affiliation adds the write's citations to those it has,
// each with what it states (claims.go).
//
// Counting: a node counts as updated when a property or one of the
// relationships it carries changed. A node statement returns how many nodes
// it created and updated and the ids of those it left unchanged; a later
// relationship statement returns the ids of the nodes whose relationships it
// changed, which then count as updated too. An event row that the batch
// lookup shows would change nothing (a replay) is not sent at all and
// counts as unchanged (leaveUnchanged).

// batchPlan starts every statement of the write path. Their plans depend
// on no statistics (every node is found by its unique id, every list comes
// in $rows), but Neo4j plans a statement again whenever the counts of its
// labels have moved by a fraction since it was planned, which an import of
// new things does batch after batch (the event upsert, with four
// subqueries, is not cheap to plan). A plan in the cache is used as it is.
const batchPlan = "CYPHER replan=skip\n"

// changedProps is true when a row's given properties differ from the node's.
// A null in row.p (a value to clear) equals a missing property.
const changedProps = `any(k IN keys(row.p) WHERE NOT coalesce(n[k] = row.p[k], n[k] IS NULL AND row.p[k] IS NULL))`

// A link is a subquery of a node statement, run for each node n of the batch
// with its input row; it writes one kind of relationship and ends with the
// expression that counts the relationships it changed.

// citesLink adds (n)-[:CITED_IN {quote}]->(Source) for row.cites, with
// what the row states (row.claims, nodeclaims.go). A citation without a
// quote is satisfied by any citation of that source.
const citesLink = `UNWIND row.cites AS ct
  MATCH (s:Source {id: ct.sourceId})
  WITH n, row, s, ct, CASE WHEN ct.quote IS NULL THEN EXISTS { (n)-[:CITED_IN]->(s) }
                      ELSE EXISTS { (n)-[c:CITED_IN]->(s) WHERE c.quote = ct.quote } END AS existed
  FOREACH (q IN CASE WHEN existed OR ct.quote IS NULL THEN [] ELSE [ct.quote] END |
    MERGE (n)-[c:CITED_IN {quote: q}]->(s) ON CREATE SET c += coalesce(row.claims, {}), c.claimedAt = CASE WHEN row.claims IS NULL THEN null ELSE datetime.transaction() END)
  FOREACH (_ IN CASE WHEN existed OR ct.quote IS NOT NULL THEN [] ELSE [1] END |
    MERGE (n)-[c:CITED_IN]->(s) ON CREATE SET c += coalesce(row.claims, {}), c.claimedAt = CASE WHEN row.claims IS NULL THEN null ELSE datetime.transaction() END)`

// citesCount ends citesLink: the citations it added.
const citesCount = `
  RETURN count(CASE WHEN NOT existed THEN 1 END)`

// participantsLink adds or updates (Actor)-[:PARTICIPATED_IN]->(n) for
// row.participants, each with the lists its citations make (pt.set, worked
// out by foldRel from what the batch lookup read of the event, claims.go);
// participants not listed stay.
var participantsLink = `UNWIND row.participants AS pt
  MATCH (a:Actor {id: pt.actorId})
  MERGE (a)-[r:PARTICIPATED_IN]->(n)
  ` + setRel("pt") + `
  RETURN count(*)`

// additiveLink adds (n)-[:rel]->(target) for each id in row[key]; a replay
// adds nothing and nothing is removed.
func additiveLink(key, rel, toLabel string) string {
	return `UNWIND row.` + key + ` AS tid
  MATCH (t:` + toLabel + ` {id: tid})
  WITH n, t, EXISTS { (n)-[:` + rel + `]->(t) } AS existed
  MERGE (n)-[:` + rel + `]->(t)
  RETURN count(CASE WHEN NOT existed THEN 1 END)`
}

// singleLink makes (n)-[:rel]->(target) n's only relationship of that type
// when row[key] is given: the one pointing elsewhere is deleted, then the
// new one merged, so that a replay neither deletes nor creates anything.
// With incoming, the relationship points at n: (target)-[:rel]->(n).
func singleLink(key, rel, label string, incoming bool) string {
	old, merge := `(n)-[old:`+rel+`]->(x)`, `(n)-[:`+rel+`]->(t)`
	if incoming {
		old, merge = `(x)-[old:`+rel+`]->(n)`, `(t)-[:`+rel+`]->(n)`
	}
	return `UNWIND CASE WHEN row.` + key + ` IS NULL THEN [] ELSE [row.` + key + `] END AS tid
  MATCH (t:` + label + ` {id: tid})
  CALL { WITH n, t OPTIONAL MATCH ` + old + ` WHERE x <> t DELETE old RETURN count(old) AS removed }
  WITH n, t, removed, EXISTS { ` + merge + ` } AS existed
  MERGE ` + merge + `
  RETURN count(CASE WHEN removed > 0 OR NOT existed THEN 1 END)`
}

// links are the relationships each label's node statement writes.
var links = map[string][]string{
	lSource:   nil,
	lActor:    {citesLink + citesCount},
	lLocation: {citesLink + citesCount},
	lTopic:    {citesLink + citesCount},
	lEvent: {participantsLink, singleLink("locationId", "OCCURRED_AT", lLocation, false),
		additiveLink("topicIds", "CONCERNS", lTopic), citesLink + restateClaims + citesCount},
	lPosition: {singleLink("actorId", "HOLDS", lActor, true), singleLink("topicId", "ON", lTopic, false), citesLink + citesCount},
	lForecast: {singleLink("sourceId", "ISSUED_IN", lSource, false), singleLink("resolvedById", "RESOLVED_BY", lEvent, false),
		additiveLink("aboutActor", "ABOUT", lActor), additiveLink("aboutEvent", "ABOUT", lEvent),
		additiveLink("aboutTopic", "ABOUT", lTopic), citesLink + citesCount},
}

// derived are properties a label's upsert computes from the others, for
// indexes to use:
//   - an event's spanDays (its length in days up to the last day it may
//     have ended on, with its precision; null for one day) bounds the
//     timeline's date-index seek (see longestSpan);
//   - a forecast's windowSort is its window end, or the last date there is
//     when the window is open, so that every forecast has one and the list
//     can be read in (status, horizon, windowSort) index order; the
//     sentinel sorts where Cypher puts nulls (last ascending, first
//     descending), so the order is the window end's.
var derived = map[string]string{
	lEvent:    `, n.spanDays = ` + spanDaysExpr(given("startDate"), given("endDate"), given("datePrecision")),
	lForecast: `, n.windowSort = coalesce(` + given("windowEnd") + `, ` + openWindowEnd + `)`,
}

// openWindowEnd stands for "no end" in windowSort.
const openWindowEnd = "date('9999-12-31')"

// afterWrite lists, per label, the properties whose value after the write
// the node statement needs (the date order check, derived properties). They
// are computed once, in one WITH, and named by given: spelt out at every use
// (a start date appears ten times in spanDays) the event statement took
// seconds to plan.
var afterWrite = map[string][]string{
	lEvent:    {"startDate", "endDate", "datePrecision"},
	lPosition: {"validFrom", "validTo"},
	lForecast: {"windowStart", "windowEnd"},
}

// given names property k after the row is written: the row's value when it
// has the key (null clears), else the stored one. It reads the same
// whichever order SET applies its items in.
func given(k string) string { return "after_" + k }

// afterWriteItems are the WITH items that compute label l's given values,
// and the list of their names to carry.
func afterWriteItems(l string) (items, carry string) {
	for _, k := range afterWrite[l] {
		items += fmt.Sprintf(",\n  CASE WHEN '%[1]s' IN keys(row.p) THEN row.p.%[1]s ELSE n.%[1]s END AS %[2]s", k, given(k))
		carry += ", " + given(k)
	}
	return items, carry
}

// upsertNodes merges the rows' nodes of one label with their links. A row's
// c holds properties set only on a node it creates (an actor's guessed
// kind). A node MERGE creates gets createdAt but not yet updatedAt, which is how the next
// line tells created from found; the SET runs only for rows that change a
// property, so a replay writes nothing.
var upsertNodes = func() map[string]query {
	qs := map[string]query{}
	for _, l := range Labels {
		var b strings.Builder
		// disordered: a start the row leaves after its end, either or
		// both stored (dateorder.go), read before the write.
		disordered, carry, ret := "", "", ""
		if pair, ok := datePairs[l]; ok {
			disordered = `,
  CASE WHEN ` + given(pair[1]) + ` < ` + given(pair[0]) + ` THEN [row.id, toString(` + given(pair[0]) + `), toString(` + given(pair[1]) + `)] END AS disordered`
			carry = ", disordered"
			ret = ",\n       collect(disordered) AS disordered"
		}
		restated := ""
		if l == lEvent {
			restated = restatedRow
		}
		after, afterCarry := afterWriteItems(l)
		b.WriteString(`UNWIND $rows AS row
MERGE (n:` + l + ` {id: row.id})
  ON CREATE SET n.createdAt = datetime.transaction(), n += coalesce(row.c, {})
WITH n, row, n.updatedAt IS NULL AS created
` + restated + `WITH n, row, created` + after + `
WITH n, row, created` + afterCarry + `, created OR ` + changedProps + ` AS changed` + disordered + `
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET n += row.p, n.updatedAt = datetime.transaction()` + derived[l] + `)
WITH n, row, created, changed` + carry + `
`)
		var sum []string
		for i, link := range links[l] {
			fmt.Fprintf(&b, "CALL { WITH n, row\n  %s AS l%d }\n", link, i)
			sum = append(sum, fmt.Sprintf("l%d", i))
		}
		if sum == nil {
			sum = []string{"0"}
		}
		// row.id rather than n.id: reading n after the SET would make the
		// planner buffer all rows (Eager).
		b.WriteString(`WITH row, created, changed` + carry + `, ` + strings.Join(sum, " + ") + ` AS linked
RETURN count(CASE WHEN created THEN 1 END) AS created,
       count(CASE WHEN NOT created AND (changed OR linked > 0) THEN 1 END) AS updated,
       collect(CASE WHEN NOT changed AND linked = 0 THEN row.id END) AS unchanged` + ret)
		qs[l] = query{"upsert " + l, batchPlan + b.String()}
	}
	return qs
}()

// additive is a relationship between two nodes of the batch's rows
// {from, to} that a batch only ever adds; it returns the ids of the nodes
// that gained one.
func additive(name, fromLabel, rel, toLabel string) query {
	return query{name, batchPlan + `UNWIND $rows AS row
MATCH (n:` + fromLabel + ` {id: row.from})
CALL { WITH n, row
  ` + additiveLink("to", rel, toLabel) + ` AS added }
RETURN collect(DISTINCT CASE WHEN added > 0 THEN row.from END) AS changed`}
}

// single is a relationship a node of the rows {from, to} has at most one of;
// it returns the ids of the nodes whose relationship changed.
func single(name, fromLabel, rel, toLabel string) query {
	return query{name, batchPlan + `UNWIND $rows AS row
MATCH (n:` + fromLabel + ` {id: row.from})
CALL { WITH n, row
  ` + singleLink("to", rel, toLabel, false) + ` AS moved }
RETURN collect(DISTINCT CASE WHEN moved > 0 THEN row.from END) AS changed`}
}

// lookupNodes finds which of the given ids exist, per label, in one round
// trip; for sources it also returns publishedAt (forecast windows need it).
var lookupNodes = func() query {
	parts := make([]string, 0, len(Labels))
	for _, l := range Labels {
		date := "null"
		if l == lSource {
			date = "n.publishedAt"
		}
		match := `MATCH (n:` + l + ` {id: id})`
		if l == lActor || l == lLocation {
			// A merged id is a valid reference: the batch lookup follows
			// it to the kept node before the write (lookup.go); a batch
			// refused for other reasons must not hear it is missing.
			match = `OPTIONAL MATCH (n:` + l + ` {id: id})
OPTIONAL MATCH (r:Redirect {id: id}) WHERE n IS NULL AND r.of = '` + l + `'
WITH id, n, r WHERE n IS NOT NULL OR r IS NOT NULL`
		}
		parts = append(parts, `UNWIND $`+l+` AS id `+match+` RETURN '`+l+`' AS label, id, `+date+` AS publishedAt`)
	}
	return query{"look up referenced ids", batchPlan + strings.Join(parts, "\nUNION ALL\n")}
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
	qLocatedIn  = single("location parents", lLocation, "LOCATED_IN", lLocation)
	qPartOf     = single("event parents", lEvent, "PART_OF", lEvent)
	qLedTo      = additive("event consequences", lEvent, "LED_TO", lEvent)
	qRespondsTo = additive("position responses", lPosition, "RESPONDS_TO", lPosition)

	// Affiliations are items of their own, not carried by a batch node;
	// row.set is foldRel's (claims.go), from what qStoredRels read.
	qAffiliations = query{"affiliations", batchPlan + `UNWIND $rows AS row
MATCH (a:Actor {id: row.actorId})
MATCH (w:Actor {id: row.withId})
MERGE (a)-[r:AFFILIATED_WITH]->(w)
` + setRel("row")}

	qLinkParticipant = query{"link participant", `MATCH (a:Actor {id: $actorId})
MATCH (e:Event {id: $eventId})
MERGE (a)-[r:PARTICIPATED_IN]->(e)
WITH r, $row AS row
` + setRel("row")}

	// qStoredRels reads, per sourced relationship type, the stored ones
	// between the pairs $rows {actorId, withId}, for foldRel: their write
	// is worked out in Go from what they hold.
	qStoredRels = map[string]query{
		"AFFILIATED_WITH": storedRels("AFFILIATED_WITH", lActor),
		"PARTICIPATED_IN": storedRels("PARTICIPATED_IN", lEvent),
	}

	qUnlinkParticipant = query{"unlink participant", `OPTIONAL MATCH (e:Event {id: $eventId})
OPTIONAL MATCH (a:Actor {id: $actorId})
OPTIONAL MATCH (a)-[r:PARTICIPATED_IN]->(e)
WITH e, a, collect(r) AS rs
FOREACH (r IN rs | DELETE r)
RETURN e IS NOT NULL AS event, a IS NOT NULL AS actor, size(rs) AS removed`}
)

func storedRels(rel, toLabel string) query {
	return query{"stored " + rel, batchPlan + `UNWIND $rows AS row
MATCH (a:Actor {id: row.actorId})-[r:` + rel + `]->(w:` + toLabel + ` {id: row.withId})
RETURN row.actorId AS actorId, row.withId AS withId, properties(r) AS props`}
}

// nodeTypes is the order of IngestResult.counts.
var nodeTypes = eventgraph.NodeTypes

// tally is what one write did.
type tally struct {
	created, updated, unchanged map[string]int // per label
	relsCreated                 int
	resolution                  resolution
	// batch is what was written (merged ids followed): a single upsert
	// reports its node's id from it.
	batch *batch
}

// Ingest writes one batch in one write transaction; replaying it changes
// nothing (ids make it idempotent). Every problem with the input is reported
// at once as eventgraph.InputErrors, and then nothing is written. With
// validateOnly every check runs, references included, and nothing is written.
func (c *Client) Ingest(ctx context.Context, in model.IngestInput, validateOnly bool) (*model.IngestResult, error) {
	res, err := c.ingest(ctx, in, validateOnly)
	if !validateOnly {
		var counts []*model.IngestCount
		if res != nil {
			counts = res.Counts
		}
		c.countItems(&in, counts, err)
	}
	return res, err
}

func (c *Client) ingest(ctx context.Context, in model.IngestInput, validateOnly bool) (*model.IngestResult, error) {
	b, err := prepare(in, paths{})
	if err != nil {
		return nil, err
	}
	if len(b.errs) > 0 {
		// Report the graph's problems along with the batch's own.
		if err := c.check(ctx, b); err != nil {
			return nil, err
		}
	}
	if validateOnly {
		// A dry run does the whole write and rolls it back, so that its
		// counts say exactly what the batch would create and change.
		_, _, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (tally, error) {
			t, err := c.resolveAndApply(ctx, tx, in, b)
			if err != nil {
				return t, err
			}
			return t, &rollback{t}
		})
		var rb *rollback
		if errors.As(err, &rb) {
			return result(rb.tally, true, ""), nil
		}
		return nil, wrapWrite("validate batch", err)
	}
	t, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (tally, error) {
		return c.resolveAndApply(ctx, tx, in, b)
	})
	if err != nil {
		return nil, wrapWrite("ingest batch", err)
	}
	return result(t, false, bookmark), nil
}

// resolveAndApply looks the batch up (lookup.go: merged ids, entity
// resolution, IfExists) and writes what that made of it, in one
// transaction, so that no node the lookup found can go before the write
// that updates it.
func (c *Client) resolveAndApply(ctx context.Context, tx neo4j.ManagedTransaction, in model.IngestInput, b *batch) (tally, error) {
	rb, res, err := c.resolveEntities(ctx, tx, in, b)
	if err != nil {
		return tally{}, err
	}
	if err := c.touchBatch(ctx, tx, rb); err != nil { // revision.go
		return tally{}, err
	}
	t, err := c.apply(ctx, tx, rb)
	t.resolution = res
	t.batch = rb
	return t, err
}

// check runs every check on b without writing: the problems prepare found
// and the references, looked up in a read transaction, so that a batch with
// bad items hears of all of them at once.
func (c *Client) check(ctx context.Context, b *batch) error {
	_, err := read(ctx, c, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, c.resolve(ctx, tx, b)
	})
	var refErrs eventgraph.InputErrors
	if err != nil && !errors.As(err, &refErrs) {
		if len(b.errs) > 0 {
			// The database failed, but the batch is bad anyway: say how.
			return b.errs
		}
		return wrapWrite("validate batch", err)
	}
	if all := append(append(eventgraph.InputErrors{}, b.errs...), refErrs...); len(all) > 0 {
		return all
	}
	return nil
}

// rollback carries a dry run's counts out of the transaction it aborts.
type rollback struct{ tally tally }

func (r *rollback) Error() string { return "dry run: rolled back" }

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
	r := &model.IngestResult{ValidateOnly: validateOnly, RelationshipsCreated: t.relsCreated,
		Resolved: t.resolution.resolved, DuplicateCandidates: t.resolution.duplicates}
	if r.Resolved == nil {
		r.Resolved = []*model.ResolvedItem{}
	}
	if r.DuplicateCandidates == nil {
		r.DuplicateCandidates = []*model.AmbiguousItem{}
	}
	for _, nt := range nodeTypes {
		l := nt.Label()
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
// does not hold itself, and in another, when the batch has hops of a
// hierarchy, for what they could close a loop with; then it checks the
// batch's references and hops against the answers.
func (c *Client) resolve(ctx context.Context, tx neo4j.ManagedTransaction, b *batch) error {
	want, n := b.lookups()
	f := found{ids: map[string]map[string]bool{}, sourceDates: map[string]eventgraph.Date{},
		hierarchy: map[string]map[string][]stored{}}
	if n > 0 {
		params := make(map[string]any, len(want))
		for l, ids := range want {
			params[l] = ids
		}
		recs, err := c.run(ctx, tx, lookupNodes, params)
		if err != nil {
			return err
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
	if params, ok := b.hierarchyParams(); ok {
		recs, err := c.run(ctx, tx, lookupHierarchy, params)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			rel, _ := rec.Values[0].(string)
			src, _ := rec.Values[1].(string)
			dst, _ := rec.Values[2].(string)
			direct, _ := rec.Values[3].(bool)
			if f.hierarchy[rel] == nil {
				f.hierarchy[rel] = map[string][]stored{}
			}
			f.hierarchy[rel][src] = append(f.hierarchy[rel][src], stored{to: dst, direct: direct})
		}
	}
	return b.resolve(f)
}

// apply checks the batch's references and writes it: nodes with their links
// label by label (sources first, so that everything can cite them), then the
// relationships between nodes of one label and the affiliations. Statements
// without rows are not sent.
func (c *Client) apply(ctx context.Context, tx neo4j.ManagedTransaction, b *batch) (tally, error) {
	if err := c.resolve(ctx, tx, b); err != nil {
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
		var skipped []string
		switch l {
		case lEvent:
			claimRows(rows)
			foldParticipations(rows, b.looked[lEvent])
			rows, skipped = leaveUnchanged(rows, b.looked[lEvent], unchangedEvent)
		case lSource, lActor, lLocation:
			rows, skipped = leaveUnchanged(rows, b.looked[l], keptAsIs)
		}
		t.unchanged[l] = len(skipped)
		unchanged[l] = make(map[string]bool, len(skipped))
		for _, id := range skipped {
			unchanged[l][id] = true
		}
		if len(rows) == 0 {
			continue
		}
		recs, counters, err := c.exec(ctx, tx, upsertNodes[l], rows)
		if err != nil {
			return tally{}, err
		}
		t.relsCreated += counters.RelationshipsCreated()
		if len(recs) != 1 {
			return tally{}, fmt.Errorf("%s: %d result rows, want 1", upsertNodes[l].name, len(recs))
		}
		created, _ := recs[0].Values[0].(int64)
		updated, _ := recs[0].Values[1].(int64)
		ids, _ := recs[0].Values[2].([]any)
		if len(recs[0].Values) > 3 {
			if err := disorderedDates(b, l, recs[0].Values[3]); err != nil {
				return tally{}, err
			}
		}
		t.created[l], t.updated[l] = int(created), int(updated)
		t.unchanged[l] += len(ids)
		for _, id := range ids {
			if s, ok := id.(string); ok {
				unchanged[l][s] = true
			}
		}
	}
	if len(b.affiliations) > 0 {
		if err := c.foldStored(ctx, tx, "AFFILIATED_WITH", b.affiliations, affiliationFacts); err != nil {
			return tally{}, err
		}
	}
	rels := []statement{
		{qLocatedIn, lLocation, b.hopRows(hLocatedIn)},
		{qPartOf, lEvent, b.hopRows(hPartOf)},
		{qLedTo, lEvent, b.hopRows(hLedTo)},
		{qRespondsTo, lPosition, b.respondsTo},
		{qAffiliations, "", unheld(b.affiliations)},
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

// foldParticipations gives each participant of the event rows the
// properties its write sets (pt.set, nil for none), folded into the
// participation the batch lookup found (events: its answers by event id).
func foldParticipations(rows []any, events map[string]*answer) {
	for _, r := range rows {
		row, _ := r.(map[string]any)
		pts, _ := row["participants"].([]any)
		if len(pts) == 0 {
			continue
		}
		stored := map[string]map[string]any{}
		if a := events[fmt.Sprint(row["id"])]; a != nil && a.known {
			ps, _ := a.stored["participations"].([]any)
			for _, x := range ps {
				m, _ := x.(map[string]any)
				props, _ := m["props"].(map[string]any)
				stored[fmt.Sprint(m["actorId"])] = props
			}
		}
		for _, x := range pts {
			pt, _ := x.(map[string]any)
			pt["set"] = nilIfEmpty(foldRel(stored[fmt.Sprint(pt["actorId"])], rowWrites(pt, participationFacts), participationFacts))
		}
	}
}

// rowWrites are the writes of a participation or affiliation row: those
// of the items folded into it (row.writes, see batch.addFolds), then its
// own (row.p), last so that what it states is preferred: the first item
// says how an actor took part, as the kept node's relationship does in a
// merge (combineCitations).
func rowWrites(row map[string]any, facts []string) []citeWrite {
	var ws []citeWrite
	for _, x := range anys(row["writes"]) {
		w, _ := x.(map[string]any)
		ws = append(ws, writeOf(w, facts))
	}
	p, _ := row["p"].(map[string]any)
	return append(ws, writeOf(p, facts))
}

// leaveUnchanged takes out of the rows of one label those the batch
// lookup shows would change nothing (by same, given the row and the node
// as the lookup read it), returning the rest and the ids taken: a
// replayed batch then sends its nodes to no statement.
func leaveUnchanged(rows []any, found map[string]*answer, same func(row map[string]any, stored hit) bool) ([]any, []string) {
	var keep []any
	var skipped []string
	for _, r := range rows {
		row, _ := r.(map[string]any)
		id, _ := row["id"].(string)
		if a := found[id]; a != nil && a.known && same(row, a.stored) {
			skipped = append(skipped, id)
			continue
		}
		keep = append(keep, r)
	}
	return keep, skipped
}

// keptAsIs is whether a source's, actor's or location's row leaves the
// node it names as it is: nothing to set (what IfExists KEEP leaves of an
// item the graph holds) and no citation to add; those labels' statements
// write nothing else.
func keptAsIs(row map[string]any, _ hit) bool {
	p, _ := row["p"].(map[string]any)
	return len(p) == 0 && len(anys(row["cites"])) == 0
}

// unchangedEvent is whether the event statement would leave the stored
// event (as the batch lookup read it) as it is for row: its place and
// topics are there, every citation is held and states what the row does,
// every participation is folded already (pt.set nil) and every property
// the row would set is stored with an equal value. It errs towards
// false: a row it is unsure of goes to the statement, which decides.
func unchangedEvent(row map[string]any, stored hit) bool {
	props, _ := stored["props"].(map[string]any)
	if props == nil {
		return false
	}
	for _, x := range anys(row["participants"]) {
		if pt, _ := x.(map[string]any); pt["set"] != nil {
			return false
		}
	}
	if loc, ok := row["locationId"]; ok && loc != nil {
		if places := stored.strs("places"); len(places) != 1 || places[0] != loc {
			return false
		}
	}
	topics := stored.strs("topics")
	for _, t := range strs(row["topicIds"]) {
		if !slices.Contains(topics, t) {
			return false
		}
	}
	// The citations the row names, each held (restatedRow, citesLink),
	// and what a single one states already stated (restateClaims).
	cites := anys(row["cites"])
	claims, _ := row["claims"].(map[string]any)
	var latest, latestOfOne time.Time
	for _, x := range anys(stored["cites"]) {
		c, _ := x.(map[string]any)
		cp, _ := c["props"].(map[string]any)
		if at := claimedAt(cp); at.After(latest) {
			latest = at
		}
	}
	for _, x := range cites {
		ct, _ := x.(map[string]any)
		held := false
		for _, y := range anys(stored["cites"]) {
			c, _ := y.(map[string]any)
			cp, _ := c["props"].(map[string]any)
			if c["sourceId"] != ct["sourceId"] || (ct["quote"] != nil && !sameValue(cp["quote"], ct["quote"])) {
				continue
			}
			held = true
			if len(cites) == 1 {
				if at := claimedAt(cp); at.After(latestOfOne) {
					latestOfOne = at
				}
				for k, v := range claims {
					if !sameValue(cp[k], v) {
						return false
					}
				}
			}
		}
		if !held {
			return false
		}
	}
	// The properties the statement compares (restatedRow: those without
	// what the citations state when it keeps the preferred values).
	p, _ := row["p"].(map[string]any)
	if q, ok := row["q"].(map[string]any); ok && !(len(cites) == 1 && (latest.IsZero() || latestOfOne.IsZero() || !latestOfOne.Before(latest))) {
		p = q
	}
	for k, v := range p {
		if !sameValue(props[k], v) {
			return false
		}
	}
	return true
}

// claimedAt is a citation's claimedAt, zero for none.
func claimedAt(c map[string]any) time.Time {
	t, _ := c["claimedAt"].(time.Time)
	return t
}

// sameValue is whether stored value a (as the driver reads it) equals
// parameter b for Cypher's = (null and a missing value alike); types it
// does not know compare unequal.
func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch y := b.(type) {
	case string, bool, int64, float64:
		return a == b
	case int:
		x, ok := a.(int64)
		return ok && x == int64(y)
	case neo4j.Date:
		x, ok := a.(neo4j.Date)
		return ok && x.Time().Equal(y.Time())
	case []string:
		return sameList(a, y)
	case []float64:
		return sameList(a, y)
	case []any:
		x, ok := a.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range y {
			// a null in a list makes Cypher's = null: not equal
			if x[i] == nil || y[i] == nil || !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// sameList reports whether a, a list as the driver reads it, holds y's
// values in y's order.
func sameList[T comparable](a any, y []T) bool {
	x, ok := a.([]any)
	if !ok || len(x) != len(y) {
		return false
	}
	for i := range y {
		if v, ok := x[i].(T); !ok || v != y[i] {
			return false
		}
	}
	return true
}

// nilIfEmpty keeps a nil map nil as a parameter (a typed nil map would be
// sent as an empty one).
func nilIfEmpty(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

// foldStored reads the stored relationships of type rel between the rows'
// pairs {actorId, withId} and gives each row the properties its write
// sets (row.set), by foldRel.
func (c *Client) foldStored(ctx context.Context, tx neo4j.ManagedTransaction, rel string, rows []any, facts []string) error {
	pairs := make([]any, len(rows))
	for i, r := range rows {
		row, _ := r.(map[string]any)
		pairs[i] = map[string]any{"actorId": row["actorId"], "withId": row["withId"]}
	}
	recs, err := c.run(ctx, tx, qStoredRels[rel], map[string]any{"rows": pairs})
	if err != nil {
		return err
	}
	stored := map[[2]string]map[string]any{}
	for _, rec := range recs {
		a, _ := rec.Values[0].(string)
		w, _ := rec.Values[1].(string)
		stored[[2]string{a, w}], _ = rec.Values[2].(map[string]any)
	}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		key := [2]string{fmt.Sprint(row["actorId"]), fmt.Sprint(row["withId"])}
		set := foldRel(stored[key], rowWrites(row, facts), facts)
		row["set"] = nilIfEmpty(set)
		if _, there := stored[key]; there && set == nil {
			row["held"] = true // nothing to write: the statement may leave it out
		}
	}
	return nil
}

// unheld are the rows foldStored found nothing to write for left out.
func unheld(rows []any) []any {
	var out []any
	for _, r := range rows {
		if row, _ := r.(map[string]any); row["held"] != true {
			out = append(out, r)
		}
	}
	return out
}

// statement is a batched relationship query with its rows and the label of
// the batch nodes that carry the relationship ("" for none).
type statement struct {
	q       query
	carrier string
	rows    []any
}

// exec runs one batched statement with $rows.
func (c *Client) exec(ctx context.Context, tx neo4j.ManagedTransaction, q query, rows []any) ([]*neo4j.Record, neo4j.Counters, error) {
	return c.runCounted(ctx, tx, q, map[string]any{"rows": rows})
}

// runCounted is run that also returns the statement's update counters.
func (c *Client) runCounted(ctx context.Context, tx neo4j.ManagedTransaction, q query, params map[string]any) ([]*neo4j.Record, neo4j.Counters, error) {
	defer c.answered(q, c.sending(q, params))
	res, err := tx.Run(ctx, q.cypher, params)
	if err != nil {
		return nil, nil, queryFailed(q, err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, nil, queryFailed(q, err)
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, nil, queryFailed(q, err)
	}
	return recs, sum.Counters(), nil
}
