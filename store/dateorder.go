package store

import (
	"context"
	"fmt"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A start after its end is refused however the two came: prepare checks an
// item that gives both, and this check, run in the write's transaction
// after the nodes are written, checks the stored pair of every node whose
// item gave only one of them (a partial update that moves an event's end
// before the start it already had). Finding one fails the write, so the
// transaction rolls back and nothing of the batch stays.

// datePairs are, per label, the (start, end) properties kept in order.
var datePairs = map[string][2]string{
	lEvent:    {"startDate", "endDate"},
	lPosition: {"validFrom", "validTo"},
	lForecast: {"windowStart", "windowEnd"},
}

// qStoredDateOrder finds, per label, the nodes among $ids whose stored end
// lies before their stored start.
var qStoredDateOrder = func() map[string]query {
	qs := map[string]query{}
	for l, pair := range datePairs {
		qs[l] = query{"stored date order " + l, batchPlan + `UNWIND $ids AS id
MATCH (n:` + l + ` {id: id}) WHERE n.` + pair[1] + ` < n.` + pair[0] + `
RETURN id, toString(n.` + pair[0] + `) AS start, toString(n.` + pair[1] + `) AS end`}
	}
	return qs
}()

// halfGiven are the ids of label's rows that give one date of its pair
// but not the other, with which one they give.
func halfGiven(rows []any, pair [2]string) (ids []string, gaveStart map[string]bool) {
	gaveStart = map[string]bool{}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		p, _ := row["p"].(map[string]any)
		id, _ := row["id"].(string)
		_, s := p[pair[0]]
		_, e := p[pair[1]]
		if s != e {
			ids = append(ids, id)
			gaveStart[id] = s
		}
	}
	return ids, gaveStart
}

// checkStoredDateOrder runs the check for every label of the batch.
func (c *Client) checkStoredDateOrder(ctx context.Context, tx neo4j.ManagedTransaction, b *batch) error {
	var errs eventgraph.InputErrors
	for _, l := range Labels {
		pair, ok := datePairs[l]
		if !ok || len(b.nodes[l]) == 0 {
			continue
		}
		ids, gaveStart := halfGiven(b.nodes[l], pair)
		if len(ids) == 0 {
			continue
		}
		recs, err := c.run(ctx, tx, qStoredDateOrder[l], map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			id, _ := rec.Values[0].(string)
			start, _ := rec.Values[1].(string)
			end, _ := rec.Values[2].(string)
			path := b.ids[l][id]
			if path == "" {
				path = fmt.Sprintf("%s %q", l, id)
			}
			if gaveStart[id] {
				errs = append(errs, eventgraph.InputError(path+"."+pair[0], "%s %s is after the %s %s the graph holds for %q", pair[0], start, pair[1], end, id))
			} else {
				errs = append(errs, eventgraph.InputError(path+"."+pair[1], "%s %s is before the %s %s the graph holds for %q", pair[1], end, pair[0], start, id))
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
