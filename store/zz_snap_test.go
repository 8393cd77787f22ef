package store

import (
	"context"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestSnapTimeTmp(t *testing.T) {
	c := writeTestClient(t)
	rows := cypher(t, c, `MATCH (n) WHERE n.id IS NOT NULL AND NOT n:Redirect AND NOT n:Merge RETURN labels(n)[0] AS l, n.id AS id LIMIT 400`, nil)
	ids := map[string][]string{}
	for _, r := range rows {
		ids[r["l"].(string)] = append(ids[r["l"].(string)], r["id"].(string))
	}
	for _, scope := range []relScope{carried, carried, every} {
		start := time.Now()
		_, err := read(context.Background(), c, func(tx neo4j.ManagedTransaction) (int, error) {
			s, err := c.snapshot(context.Background(), tx, scope, ids)
			return len(s), err
		})
		t.Logf("scope %d: %v %v", scope, time.Since(start), err)
	}
	res, err := neo4j.ExecuteQuery(context.Background(), c.driver, "PROFILE "+snapshotQueries[carried].cypher, map[string]any{"Actor": ids["Actor"], "Event": ids["Event"], "Source": ids["Source"], "Location": ids["Location"], "Topic": ids["Topic"], "Position": ids["Position"], "Forecast": ids["Forecast"]}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(p neo4j.ProfiledPlan, d int)
	walk = func(p neo4j.ProfiledPlan, d int) {
		t.Logf("%*s%s rows=%d hits=%d %v", d*2, "", p.Operator(), p.Records(), p.DbHits(), p.Arguments()["Details"])
		for _, ch := range p.Children() {
			walk(ch, d+1)
		}
	}
	walk(res.Summary.Profile(), 0)
}
