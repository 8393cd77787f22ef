package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Labels are the node labels of the graph, in the order ingest writes them.
var Labels = []string{"Source", "Actor", "Location", "Topic", "Event", "Position", "Forecast"}

// FulltextIndex is the full-text index behind search and the `text` filters.
// aliasText is the actor's aliases joined into one string, kept by ingest,
// because full-text indexes take string properties.
const FulltextIndex = "kg_fulltext"

var migrations = func() []query {
	var qs []query
	for _, l := range Labels {
		qs = append(qs, query{
			name:   "constraint " + l + ".id",
			cypher: fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", l, l),
		})
	}
	qs = append(qs,
		query{"fulltext index", `CREATE FULLTEXT INDEX ` + FulltextIndex + ` IF NOT EXISTS
  FOR (n:Actor|Event|Location|Topic|Position|Forecast|Source)
  ON EACH [n.name, n.aliasText, n.title, n.statement, n.summary, n.description]`},
		query{"index Event.startDate", `CREATE INDEX event_start IF NOT EXISTS FOR (n:Event) ON (n.startDate)`},
		query{"index Event.kind", `CREATE INDEX event_kind IF NOT EXISTS FOR (n:Event) ON (n.kind)`},
		query{"index Event.kind,startDate", `CREATE INDEX event_kind_start IF NOT EXISTS FOR (n:Event) ON (n.kind, n.startDate)`},
		query{"index Forecast.windowEnd", `CREATE INDEX forecast_window_end IF NOT EXISTS FOR (n:Forecast) ON (n.windowEnd)`},
		query{"index Event.externalIds", `CREATE INDEX event_external IF NOT EXISTS FOR (n:Event) ON (n.externalIds)`},
		query{"index Actor.name", `CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name)`},
		query{"index Actor.codes", `CREATE INDEX actor_codes IF NOT EXISTS FOR (n:Actor) ON (n.codes)`},
	)
	return qs
}()

// Migrate creates the constraints and indexes idempotently and waits until
// they are online, so that the first request does not scan.
func (c *Client) Migrate(ctx context.Context) error {
	for _, m := range migrations {
		_, err := neo4j.ExecuteQuery(ctx, c.driver, m.cypher, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(c.database))
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, classify(err))
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, c.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(c.database))
	if err != nil {
		return fmt.Errorf("waiting for indexes to come online: %w", classify(err))
	}
	return nil
}
