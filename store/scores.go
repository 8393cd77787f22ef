package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
)

// forecastScores: each group's forecasting record. One statement counts
// the forecasts of where by group, term and status as read (OVERDUE
// derived); the record's arithmetic (Brier score, calibration with its
// Wilson interval) is the root package's, done in Go on those few counts.

// scoreKeys are forecastScores' `by` values: the ForecastScore field the
// group's key fills and its expression over forecast {n} and its issuing
// source {u} (bound when issuer is true); node is set when the key is a
// node, projected with the field's selection.
var scoreKeys = map[string]struct {
	field, expr, sort string
	issuer            bool
	node              eventgraph.NodeType
}{
	"SOURCE":     {field: "source", expr: "u", sort: "k.id", issuer: true, node: eventgraph.NodeTypeSource},
	"AUTHOR":     {field: "author", expr: "u.author", sort: "k", issuer: true},
	"PUBLISHER":  {field: "publisher", expr: "u.publisher", sort: "k", issuer: true},
	"HORIZON":    {field: "horizon", expr: "n.horizon", sort: "k"},
	"LIKELIHOOD": {field: "likelihood", expr: "n.likelihood", sort: "k"},
}

// compileForecastScores is forecastScores(by, where, first): one row
// {groupCount, groups: [{key, counts: [{term, status, count}]}]}, groups
// ordered by key (nulls last), at most first of them.
func compileForecastScores(f Field, first int) (Statement, error) {
	by, _ := f.Args["by"].(string)
	key, ok := scoreKeys[by]
	if !ok {
		return Statement{}, eventgraph.InputError("by", "%q is not SOURCE, AUTHOR, PUBLISHER, HORIZON or LIKELIHOOD", by)
	}
	cp := newCompiler()
	set, err := rootMatch(cp, eventgraph.NodeTypeForecast, whereArg(f.Args))
	if err != nil {
		return Statement{}, err
	}
	keyProj := "k"
	if key.node != "" {
		if keyProj, err = cp.project(key.node, "k", mergeByName(f.Fields)[key.field].Fields); err != nil {
			return Statement{}, err
		}
	}
	var b strings.Builder
	for _, p := range set.prelude {
		b.WriteString(p + " ")
	}
	b.WriteString(set.match)
	if key.issuer {
		b.WriteString(" OPTIONAL MATCH (n)-[:ISSUED_IN]->(u:Source)")
	}
	fmt.Fprintf(&b, " WITH %s AS k, n.likelihood AS term, %s AS status, count(DISTINCT n) AS cnt", key.expr, subst(forecastStatus, "n", "", ""))
	b.WriteString(" WITH k, collect({term: term, status: status, count: cnt}) AS counts")
	fmt.Fprintf(&b, " ORDER BY %s WITH collect({k: k, counts: counts}) AS rows", key.sort)
	fmt.Fprintf(&b, " CALL (rows) { UNWIND rows[0..%s] AS g WITH g, g.k AS k RETURN collect({key: %s, counts: g.counts}) AS groups }", cp.param(first), keyProj)
	b.WriteString(" RETURN {groupCount: size(rows), groups: groups}")
	return Statement{Name: "forecastScores", Cypher: b.String(), Params: cp.params}, nil
}

// forecastScoresValue turns the statement's row into the ForecastScore
// list, keyed by field name as the response writer reads it.
func forecastScoresValue(by string, row any) ([]any, error) {
	key := scoreKeys[by]
	m, _ := row.(map[string]any)
	groups, _ := m["groups"].([]any)
	out := make([]any, 0, len(groups))
	for _, g := range groups {
		gm, _ := g.(map[string]any)
		counts, _ := gm["counts"].([]any)
		tally := map[string]int64{}
		terms := map[string]*eventgraph.TermRecord{}
		var issued int64
		for _, c := range counts {
			cm, _ := c.(map[string]any)
			term, _ := cm["term"].(string)
			status, _ := cm["status"].(string)
			n, ok := cm["count"].(int64)
			if !ok {
				return nil, fmt.Errorf("forecastScores: count %v is not an integer", cm["count"])
			}
			issued += n
			tally[status] += n
			if status != eventgraph.StatusCameTrue && status != eventgraph.StatusDidNotHappen {
				continue
			}
			t := terms[term]
			if t == nil {
				t = &eventgraph.TermRecord{Term: term}
				terms[term] = t
			}
			t.Resolved += int(n)
			if status == eventgraph.StatusCameTrue {
				t.CameTrue += int(n)
			}
		}
		var records []eventgraph.TermRecord
		calibration := make([]any, 0, len(eventgraph.Yardstick))
		for _, y := range eventgraph.Yardstick {
			t := eventgraph.TermRecord{Term: y.Term}
			if r := terms[y.Term]; r != nil {
				t = *r
			}
			records = append(records, t)
			calibration = append(calibration, calibrationRow(eventgraph.Calibrate(t)))
		}
		score := map[string]any{
			"source": nil, "author": nil, "publisher": nil, "horizon": nil, "likelihood": nil,
			"issued":       issued,
			"open":         tally[eventgraph.StatusOpen],
			"overdue":      tally[eventgraph.StatusOverdue],
			"resolved":     tally[eventgraph.StatusCameTrue] + tally[eventgraph.StatusDidNotHappen],
			"cameTrue":     tally[eventgraph.StatusCameTrue],
			"didNotHappen": tally[eventgraph.StatusDidNotHappen],
			"withdrawn":    tally[eventgraph.StatusWithdrawn],
			"brierScore":   nil,
			"calibration":  calibration,
		}
		score[key.field] = gm["key"]
		if b, ok := eventgraph.Brier(records); ok {
			score["brierScore"] = b
		}
		out = append(out, score)
	}
	return out, nil
}

func calibrationRow(c eventgraph.Calibration) map[string]any {
	row := map[string]any{
		"likelihood":  c.Term,
		"probability": map[string]any{"low": c.Range.Low, "high": c.Range.High},
		"resolved":    int64(c.Resolved),
		"cameTrue":    int64(c.CameTrue),
		"shareTrue":   nil, "interval": nil, "consistent": nil,
	}
	if c.Resolved > 0 {
		row["shareTrue"] = c.Share
		row["interval"] = map[string]any{"low": c.Interval.Low, "high": c.Interval.High}
		row["consistent"] = c.Consistent
	}
	return row
}

// forecastScores runs forecastScores' statement st and scores its groups.
func (c *Client) forecastScores(ctx context.Context, f Field, st Statement) (any, error) {
	vals, err := c.readQuery(ctx, st)
	if err != nil {
		return nil, err
	}
	by, _ := f.Args["by"].(string)
	return forecastScoresValue(by, vals[0])
}
