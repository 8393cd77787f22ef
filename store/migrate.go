package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/eventgraph/eventgraph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Labels are the node labels of the graph, in the order ingest writes them.
var Labels = func() []string {
	out := make([]string, len(eventgraph.WriteOrder))
	for i, t := range eventgraph.WriteOrder {
		out[i] = t.Label()
	}
	return out
}()

// FulltextIndex names the full-text index of one label, behind search and
// the `text` filters. One index per label rather than one over all of them:
// a search for actors then reads only actors (at a million events, "union"
// matched 13 000 nodes, most of them event titles naming a union, and took
// 52 ms; the actors' own index answered in 4 ms), and Lucene can stop at
// the page. aliasText is the actor's aliases joined into one string, kept
// by ingest, because full-text indexes take string properties.
func FulltextIndex(label string) string { return "kg_fulltext_" + strings.ToLower(label) }

// fulltextProps are the text properties of every label (each label has
// some of them; a missing property costs nothing).
const fulltextProps = "[n.name, n.aliasText, n.title, n.statement, n.summary, n.description]"

var migrations = func() []query {
	var qs []query
	for _, l := range Labels {
		qs = append(qs, query{
			name:   "constraint " + l + ".id",
			cypher: fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", l, l),
		})
	}
	for _, l := range Labels {
		qs = append(qs, query{
			name:   "fulltext index " + l,
			cypher: fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH %s", FulltextIndex(l), l, fulltextProps),
		})
	}
	qs = append(qs,
		// The one index over all labels that the per-label ones replaced.
		query{"drop the combined fulltext index", `DROP INDEX kg_fulltext IF EXISTS`},
		query{"index Event.startDate", `CREATE INDEX event_start IF NOT EXISTS FOR (n:Event) ON (n.startDate)`},
		query{"index Event.kind", `CREATE INDEX event_kind IF NOT EXISTS FOR (n:Event) ON (n.kind)`},
		query{"index Event.kind,startDate", `CREATE INDEX event_kind_start IF NOT EXISTS FOR (n:Event) ON (n.kind, n.startDate)`},
		query{"index Event.spanDays", `CREATE INDEX event_span IF NOT EXISTS FOR (n:Event) ON (n.spanDays)`},
		// Date filters ask whether any event is known only to the week,
		// month or year (validtime.go's toBound).
		query{"index Event.datePrecision", `CREATE INDEX event_precision IF NOT EXISTS FOR (n:Event) ON (n.datePrecision)`},
		query{"drop index Forecast.windowEnd", `DROP INDEX forecast_window_end IF EXISTS`},
		query{"index Forecast.windowSort", `CREATE INDEX forecast_window_sort IF NOT EXISTS FOR (n:Forecast) ON (n.windowSort)`},
		query{"index Forecast.status,horizon,windowSort", `CREATE INDEX forecast_list IF NOT EXISTS FOR (n:Forecast) ON (n.status, n.horizon, n.windowSort)`},
		query{"index Event.externalIds", `CREATE INDEX event_external IF NOT EXISTS FOR (n:Event) ON (n.externalIds)`},
		query{"index Actor.externalIds", `CREATE INDEX actor_external IF NOT EXISTS FOR (n:Actor) ON (n.externalIds)`},
		query{"index Location.externalIds", `CREATE INDEX location_external IF NOT EXISTS FOR (n:Location) ON (n.externalIds)`},
		query{"index Actor.name", `CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name)`},
		query{"index Actor.codes", `CREATE INDEX actor_codes IF NOT EXISTS FOR (n:Actor) ON (n.codes)`},
		// Merges (merge.go): redirects are read by id on every get, the
		// records by revision.
		query{"index Redirect.id", `CREATE INDEX redirect_id IF NOT EXISTS FOR (n:Redirect) ON (n.id)`},
		query{"constraint Merge.id", `CREATE CONSTRAINT Merge_id IF NOT EXISTS FOR (n:Merge) REQUIRE n.id IS UNIQUE`},
		query{"index MergedRel._rev", `CREATE INDEX merged_rel_rev IF NOT EXISTS FOR (n:MergedRel) ON (n._rev)`},
		query{"index MergeSnapshot._rev", `CREATE INDEX merge_snapshot_rev IF NOT EXISTS FOR (n:MergeSnapshot) ON (n._rev)`},
		query{"index Location.countryCode", `CREATE INDEX location_country IF NOT EXISTS FOR (n:Location) ON (n.countryCode)`},
	)
	// Entity resolution's token indexes (resolve.go): split at whitespace
	// only, so that a token matches whole.
	for _, l := range []string{lActor, lLocation} {
		props := make([]string, 0, 4)
		for _, p := range resolveTokenProps[l] {
			props = append(props, "n."+p)
		}
		qs = append(qs, query{"resolution index " + l, fmt.Sprintf(
			"CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [%s] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
			resolveIndex(l), l, strings.Join(props, ", "))})
	}
	return qs
}()

// upgradeResolveIndexes drops a resolution index made over fewer token
// properties than resolveTokenProps now lists (a full-text index cannot be
// altered; locations gained alias and external-id tokens, actors
// external-id tokens), and clears its label's tokens, so that the
// migrations make it again and the backfill (backfillTokens) computes every
// node's tokens anew. A database whose indexes are current reads one row.
func (c *Client) upgradeResolveIndexes(ctx context.Context) error {
	res, err := neo4j.ExecuteQuery(ctx, c.driver, `SHOW INDEXES YIELD name, properties WHERE name STARTS WITH 'kg_resolve_' RETURN name, properties`,
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(c.database))
	if err != nil {
		return fmt.Errorf("migration: reading the resolution indexes: %w", classify(err))
	}
	have := map[string][]string{}
	for _, r := range res.Records {
		name, _ := r.Values[0].(string)
		have[name] = strs(r.Values[1])
	}
	for _, l := range []string{lActor, lLocation} {
		props, ok := have[resolveIndex(l)]
		if !ok || sameSet(props, resolveTokenProps[l]) {
			continue
		}
		for _, q := range []string{
			"DROP INDEX " + resolveIndex(l) + " IF EXISTS",
			"MATCH (n:" + l + ") WHERE n." + pResolveName + " IS NOT NULL CALL (n) { REMOVE n." + pResolveName + " } IN TRANSACTIONS OF 10000 ROWS",
		} {
			if err := c.migrateAutoCommit(ctx, q); err != nil {
				return fmt.Errorf("migration: resolution index of %s: %w", l, err)
			}
		}
	}
	return nil
}

// createdMeanwhile reports whether err is Neo4j refusing a schema rule
// that a concurrent transaction has just created.
func createdMeanwhile(err error) bool {
	var ne *neo4j.Neo4jError
	if !errors.As(err, &ne) {
		return false
	}
	switch ne.Code {
	case "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
		"Neo.ClientError.Schema.IndexAlreadyExists",
		"Neo.ClientError.Schema.ConstraintAlreadyExists":
		return true
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// migrateAutoCommit runs one statement in an auto-commit write transaction (CALL … IN
// TRANSACTIONS cannot run inside a transaction function).
func (c *Client) migrateAutoCommit(ctx context.Context, cypher string) error {
	session := c.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: c.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	res, err := session.Run(ctx, cypher, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return classify(err)
}

// SchemaStatements are the statements Migrate runs, for tools that prepare
// a database the service will use (the benchmark's floor).
func SchemaStatements() []string {
	out := make([]string, len(migrations))
	for i, m := range migrations {
		out[i] = m.cypher
	}
	return out
}

// Migrate creates the constraints and indexes idempotently and waits until
// they are online, so that the first request does not scan.
func (c *Client) Migrate(ctx context.Context) error {
	if err := c.upgradeResolveIndexes(ctx); err != nil {
		return err
	}
	for _, m := range migrations {
		_, err := neo4j.ExecuteQuery(ctx, c.driver, m.cypher, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(c.database))
		if createdMeanwhile(err) {
			// Another process (a second replica starting at the same time)
			// created it between IF NOT EXISTS's check and the commit; asked
			// again, the statement sees it and does nothing.
			_, err = neo4j.ExecuteQuery(ctx, c.driver, m.cypher, nil, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(c.database))
		}
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, classify(err))
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, c.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(c.database))
	if err != nil {
		return fmt.Errorf("waiting for indexes to come online: %w", classify(err))
	}
	return c.backfill(ctx)
}

// backfills give nodes written before ingest kept the derived properties
// (see derived) their values. They run at every start (a scan of the
// label, about a second at a million events) because data written by an
// older version may arrive at any time; a database that has them all writes
// nothing.
var backfills = []query{
	{"event spans", `MATCH (e:Event) WHERE e.startDate IS NOT NULL AND (e.endDate IS NOT NULL OR e.datePrecision IN ['WEEK', 'MONTH', 'YEAR'])
WITH e, ` + spanDaysExpr("e.startDate", "e.endDate", "e.datePrecision") + ` AS span
WITH e, span WHERE NOT coalesce(e.spanDays = span, e.spanDays IS NULL AND span IS NULL)
CALL (e, span) { SET e.spanDays = span } IN TRANSACTIONS OF 10000 ROWS`},
	{"forecast window order", `MATCH (f:Forecast) WHERE f.windowSort IS NULL
CALL (f) { SET f.windowSort = coalesce(f.windowEnd, ` + openWindowEnd + `) } IN TRANSACTIONS OF 10000 ROWS`},
}

// backfill runs in an auto-commit transaction: CALL … IN TRANSACTIONS
// commits in batches and cannot run inside a transaction function.
func (c *Client) backfill(ctx context.Context) error {
	session := c.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: c.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	for _, b := range backfills {
		res, err := session.Run(ctx, b.cypher, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return fmt.Errorf("migration: %s: %w", b.name, classify(err))
		}
	}
	return c.backfillTokens(ctx)
}
