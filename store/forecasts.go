package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A forecast's status as read: OVERDUE, an OPEN forecast whose window has
// ended, is derived here at read time and never stored, so that no stored
// value goes stale as the clock passes a window's end. Every compiled read
// that shows or filters a status (projections, where.statuses, orderBy
// STATUS, forecastCounts by STATUS, forecastScores) uses forecastStatus,
// whose $today the Client fills in from the request's clock when it runs
// the statement (todayParams): the compiler stays pure and its statements
// stay the same whatever the day.

// forecastStatus is the status of forecast {x} as read.
const forecastStatus = "CASE WHEN {x}.status = 'OPEN' AND {x}.windowEnd < $today THEN 'OVERDUE' ELSE {x}.status END"

// todayParam names the parameter forecastStatus reads.
const todayParam = "today"

type clockKey struct{}

// WithClock makes now the clock of the reads and writes made with ctx:
// tests move it past a window's end; the service uses the wall clock.
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, now)
}

// today is the date of ctx's clock (UTC).
func today(ctx context.Context) eventgraph.Date {
	if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return eventgraph.Today(now())
	}
	return eventgraph.Today(time.Now())
}

// todayParams is params with $today set when cypher reads it.
func todayParams(ctx context.Context, cypher string, params map[string]any) map[string]any {
	if !strings.Contains(cypher, "$"+todayParam) {
		return params
	}
	out := make(map[string]any, len(params)+1)
	for k, v := range params {
		out[k] = v
	}
	out[todayParam] = neo4j.DateOf(today(ctx).Time())
	return out
}

// forecastStatusWhere adds to conds the where.statuses condition on
// forecast n. Stored statuses other than OPEN keep the (status, horizon,
// windowSort) index's equality; OPEN and OVERDUE both read stored OPEN, told
// apart by the window's end. It says whether the condition is one equality
// on the stored status (for the index order, as compiler.one).
func (c *compiler) forecastStatusWhere(w map[string]any, n string, conds *[]string) bool {
	asked, _ := w["statuses"].([]any)
	if !present(w, "statuses") {
		return false
	}
	var stored []any
	open, overdue := false, false
	for _, s := range asked {
		switch s {
		case eventgraph.StatusOpen:
			open = true
		case eventgraph.StatusOverdue:
			overdue = true
		default:
			stored = append(stored, s)
			continue
		}
	}
	if open || overdue {
		stored = append(stored, eventgraph.StatusOpen)
	}
	one := c.one(map[string]any{"statuses": stored}, "statuses", n+".status", conds)
	switch {
	case open && !overdue:
		*conds = append(*conds, fmt.Sprintf("(%[1]s.status <> 'OPEN' OR %[1]s.windowEnd IS NULL OR %[1]s.windowEnd >= $%[2]s)", n, todayParam))
	case overdue && !open:
		*conds = append(*conds, fmt.Sprintf("(%[1]s.status <> 'OPEN' OR %[1]s.windowEnd < $%[2]s)", n, todayParam))
	}
	return one
}
