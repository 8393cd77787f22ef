package store

import (
	"fmt"

	"github.com/eventgraph/eventgraph"
)

// A start after its end is refused however the two came: prepare checks an
// item that gives both, and the node statements (upsertNodes) find, from
// the row and the stored node before they write, every node the row would
// leave with its end before its start (a partial update that moves an
// event's end before the start it already had). Finding one fails the
// write, so the transaction rolls back and nothing of the batch stays; it
// costs no round trip.

// datePairs are, per label, the (start, end) properties kept in order.
var datePairs = map[string][2]string{
	lEvent:    {"startDate", "endDate"},
	lPosition: {"validFrom", "validTo"},
	lForecast: {"windowStart", "windowEnd"},
}

// disorderedDates turns a node statement's disordered column ([id, start,
// end] per node) into errors at the items, naming the value the item gave.
func disorderedDates(b *batch, l string, v any) error {
	found, _ := v.([]any)
	if len(found) == 0 {
		return nil
	}
	pair := datePairs[l]
	gave := map[string]map[string]any{}
	for _, r := range b.nodes[l] {
		row, _ := r.(map[string]any)
		id, _ := row["id"].(string)
		gave[id], _ = row["p"].(map[string]any)
	}
	var errs eventgraph.InputErrors
	for _, f := range found {
		x, _ := f.([]any)
		if len(x) != 3 {
			continue
		}
		id, _ := x[0].(string)
		start, _ := x[1].(string)
		end, _ := x[2].(string)
		path := b.ids[l][id]
		if path == "" {
			path = fmt.Sprintf("%s %q", l, id)
		}
		if _, gaveEnd := gave[id][pair[1]]; gaveEnd {
			errs = append(errs, eventgraph.InputError(path+"."+pair[1], "%s %s is before the %s %s the graph holds for %q", pair[1], end, pair[0], start, id))
		} else {
			errs = append(errs, eventgraph.InputError(path+"."+pair[0], "%s %s is after the %s %s the graph holds for %q", pair[0], start, pair[1], end, id))
		}
	}
	return errs
}
