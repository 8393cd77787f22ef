// Package floor is the benchmarks' floor: the same work as the service, sent
// straight through the Go driver with nothing in between. Reads replay the
// Cypher our store sends (recorded through the service's CYPHER_LOG);
// ingestion is a hand-written UNWIND ... MERGE per batch, the fastest honest
// way to write the same graph idempotently.
package floor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ingestStatements write one batch, in dependency order, in one transaction.
// Each takes $rows. MERGE by id keeps replays idempotent, as ingest is, and
// the nodes get the properties ingest derives for the indexes (spanDays,
// windowSort), so that both write the same graph.
var ingestStatements = []struct {
	key, cypher string
}{
	{"sources", `UNWIND $rows AS r
MERGE (n:Source {id: r.id})
ON CREATE SET n.createdAt = datetime()
SET n.title = r.title, n.author = r.author, n.publisher = r.publisher, n.url = r.url,
    n.publishedAt = date(r.publishedAt), n.kind = r.kind, n.updatedAt = datetime()`},
	{"locations", `UNWIND $rows AS r
MERGE (n:Location {id: r.id})
ON CREATE SET n.createdAt = datetime()
SET n.name = r.name, n.kind = r.kind, n.countryCode = r.countryCode, n.latitude = r.latitude,
    n.longitude = r.longitude, n.updatedAt = datetime()
WITH n, r WHERE r.parentId IS NOT NULL
MATCH (p:Location {id: r.parentId})
MERGE (n)-[:LOCATED_IN]->(p)`},
	{"topics", `UNWIND $rows AS r
MERGE (n:Topic {id: r.id})
ON CREATE SET n.createdAt = datetime()
SET n.name = r.name, n.description = r.description, n.updatedAt = datetime()`},
	{"actors", `UNWIND $rows AS r
MERGE (n:Actor {id: r.id})
ON CREATE SET n.createdAt = datetime()
SET n.name = r.name, n.kind = r.kind, n.aliases = coalesce(r.aliases, []),
    n.aliasText = reduce(s = '', a IN coalesce(r.aliases, []) | s + ' ' + a),
    n.description = r.description, n.countryCode = r.countryCode, n.codes = coalesce(r.codes, []),
    n.updatedAt = datetime()
WITH n, r UNWIND coalesce(r.citations, []) AS c
MATCH (s:Source {id: c.sourceId})
MERGE (n)-[ci:CITED_IN]->(s) SET ci.quote = c.quote`},
	{"affiliations", `UNWIND $rows AS r
MATCH (a:Actor {id: r.actorId}), (w:Actor {id: r.withId})
MERGE (a)-[f:AFFILIATED_WITH]->(w)
SET f.role = r.role, f.validFrom = date(r.validFrom), f.validTo = date(r.validTo),
    f.sourceIds = coalesce(r.sourceIds, []), f.quote = r.quote`},
	{"events", `UNWIND $rows AS r
MERGE (n:Event {id: r.id})
ON CREATE SET n.createdAt = datetime()
SET n.title = r.title, n.kind = r.kind, n.mode = r.mode, n.contexts = coalesce(r.contexts, []),
    n.startDate = date(r.startDate), n.endDate = date(r.endDate), n.datePrecision = coalesce(r.datePrecision, 'DAY'),
    n.summary = r.summary, n.outcome = r.outcome,
    n.externalIds = [x IN coalesce(r.externalIds, []) | x.system + ':' + x.id], n.updatedAt = datetime(),
    n.spanDays = CASE WHEN r.endDate IS NULL THEN null ELSE duration.inDays(date(r.startDate), date(r.endDate)).days END
WITH n, r
CALL (n, r) {
  UNWIND coalesce(r.participants, []) AS p
  MATCH (a:Actor {id: p.actorId})
  MERGE (a)-[pi:PARTICIPATED_IN]->(n)
  SET pi.kind = coalesce(p.kind, 'PARTICIPANT'), pi.role = p.role, pi.sourceIds = coalesce(p.sourceIds, []), pi.quote = p.quote
}
CALL (n, r) {
  WITH n, r WHERE r.locationId IS NOT NULL
  MATCH (l:Location {id: r.locationId})
  MERGE (n)-[:OCCURRED_AT]->(l)
}
CALL (n, r) {
  UNWIND coalesce(r.topicIds, []) AS t
  MATCH (tp:Topic {id: t})
  MERGE (n)-[:CONCERNS]->(tp)
}
CALL (n, r) {
  UNWIND coalesce(r.citations, []) AS c
  MATCH (s:Source {id: c.sourceId})
  MERGE (n)-[ci:CITED_IN]->(s) SET ci.quote = c.quote
}`},
	// Links between events of the batch, after all of them exist.
	{"events", `UNWIND $rows AS r
MATCH (n:Event {id: r.id})
CALL (n, r) {
  WITH n, r WHERE r.parentId IS NOT NULL
  MATCH (p:Event {id: r.parentId})
  MERGE (n)-[:PART_OF]->(p)
}
CALL (n, r) {
  UNWIND coalesce(r.ledToIds, []) AS l
  MATCH (e:Event {id: l})
  MERGE (n)-[:LED_TO]->(e)
}`},
	{"positions", `UNWIND $rows AS r
MATCH (a:Actor {id: r.actorId}), (t:Topic {id: r.topicId})
MERGE (n:Position {id: r.id})
ON CREATE SET n.createdAt = datetime()
SET n.stance = r.stance, n.statement = r.statement, n.validFrom = date(r.validFrom), n.validTo = date(r.validTo),
    n.updatedAt = datetime()
MERGE (a)-[:HOLDS]->(n)
MERGE (n)-[:ON]->(t)
WITH n, r UNWIND coalesce(r.citations, []) AS c
MATCH (s:Source {id: c.sourceId})
MERGE (n)-[ci:CITED_IN]->(s) SET ci.quote = c.quote`},
	{"forecasts", `UNWIND $rows AS r
MATCH (s:Source {id: r.sourceId})
MERGE (n:Forecast {id: r.id})
ON CREATE SET n.createdAt = datetime()
WITH n, r, s,
     CASE r.horizon WHEN 'SHORT_TERM' THEN duration('P3M') WHEN 'MEDIUM_TERM' THEN duration('P12M') ELSE duration('P36M') END AS span,
     CASE r.horizon WHEN 'SHORT_TERM' THEN duration('P0D') WHEN 'MEDIUM_TERM' THEN duration('P3M') ELSE duration('P12M') END AS lead
SET n.statement = r.statement, n.horizon = r.horizon, n.likelihood = r.likelihood, n.status = coalesce(r.status, 'OPEN'),
    n.windowStart = s.publishedAt + lead, n.windowEnd = s.publishedAt + span, n.updatedAt = datetime(),
    n.windowSort = coalesce(s.publishedAt + span, date('9999-12-31'))
MERGE (n)-[:ISSUED_IN]->(s)
WITH n, r
CALL (n, r) {
  UNWIND r.aboutIds AS about
  MATCH (x {id: about}) WHERE x:Actor OR x:Event OR x:Topic
  MERGE (n)-[:ABOUT]->(x)
}
CALL (n, r) {
  UNWIND coalesce(r.citations, []) AS c
  MATCH (s:Source {id: c.sourceId})
  MERGE (n)-[ci:CITED_IN]->(s) SET ci.quote = c.quote
}`},
}

// Ingest writes batch b in one write transaction through UNWIND statements.
func Ingest(ctx context.Context, driver neo4j.DriverWithContext, database string, b *dataset.IngestInput) error {
	rows := map[string][]map[string]any{
		"sources": toRows(b.Sources), "locations": toRows(b.Locations), "topics": toRows(b.Topics),
		"actors": toRows(b.Actors), "affiliations": toRows(b.Affiliations), "events": toRows(b.Events),
		"positions": toRows(b.Positions), "forecasts": toRows(b.Forecasts),
	}
	s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: database})
	defer s.Close(ctx)
	_, err := s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, st := range ingestStatements {
			if len(rows[st.key]) == 0 {
				continue
			}
			res, err := tx.Run(ctx, st.cypher, map[string]any{"rows": rows[st.key]})
			if err != nil {
				return nil, fmt.Errorf("floor ingest %s: %w", st.key, err)
			}
			if _, err := res.Consume(ctx); err != nil {
				return nil, fmt.Errorf("floor ingest %s: %w", st.key, err)
			}
		}
		return nil, nil
	}, neo4j.WithTxTimeout(5*time.Minute))
	return err
}

// Schema creates what the service's migrations create (constraints on id,
// the full-text indexes), for loading the floor's way before the service runs.
func Schema(ctx context.Context, driver neo4j.DriverWithContext, database string) error {
	qs := append(store.SchemaStatements(), "CALL db.awaitIndexes(300)")
	for _, q := range qs {
		if _, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database)); err != nil {
			return fmt.Errorf("floor schema %q: %w", strings.SplitN(q, "\n", 2)[0], err)
		}
	}
	return nil
}

// DeleteByPrefix removes what the benchmarks wrote beyond the dataset: the
// events, actors and sources whose ids start with prefix (the ingestion
// benchmark's events, the mixed load's batches), in chunks so no
// transaction grows large.
func DeleteByPrefix(ctx context.Context, driver neo4j.DriverWithContext, database, prefix string) error {
	for _, q := range []string{
		`MATCH (n:Event) WHERE n.id STARTS WITH $p CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS`,
		`MATCH (n:Actor) WHERE n.id STARTS WITH $p CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS`,
		`MATCH (n:Source) WHERE n.id STARTS WITH $p CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS`,
	} {
		// CALL IN TRANSACTIONS needs an auto-commit transaction, hence Run.
		s := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: database})
		res, err := s.Run(ctx, q, map[string]any{"p": prefix})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		s.Close(ctx)
		if err != nil {
			return fmt.Errorf("deleting %s*: %w", prefix, err)
		}
	}
	return nil
}

// toRows turns input structs into the maps the driver sends, through JSON so
// that the field names are the schema's.
func toRows[T any](items []T) []map[string]any {
	if len(items) == 0 {
		return nil
	}
	raw, err := json.Marshal(items)
	if err != nil {
		panic(fmt.Sprintf("floor: marshalling %T: %v", items, err)) // plain structs always marshal
	}
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(fmt.Sprintf("floor: unmarshalling %T: %v", items, err))
	}
	return out
}

// Terminate ends the running transactions whose query contains marker: a
// client that gave up on a request (the peer's nested create) does not stop
// the database from running it, and it would steal the CPU from whatever is
// measured next.
func Terminate(ctx context.Context, driver neo4j.DriverWithContext, database, marker string) (int, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, `SHOW TRANSACTIONS YIELD transactionId, currentQuery
WHERE currentQuery CONTAINS $marker AND NOT currentQuery CONTAINS 'SHOW TRANSACTIONS'
RETURN collect(transactionId) AS ids`, map[string]any{"marker": marker},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		return 0, fmt.Errorf("listing transactions: %w", err)
	}
	ids, _ := res.Records[0].Get("ids")
	list, _ := ids.([]any)
	if len(list) == 0 {
		return 0, nil
	}
	if _, err := neo4j.ExecuteQuery(ctx, driver, `TERMINATE TRANSACTIONS $ids`, map[string]any{"ids": list},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database)); err != nil {
		return 0, fmt.Errorf("terminating %v: %w", list, err)
	}
	return len(list), nil
}
