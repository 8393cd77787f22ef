package store

import (
	"fmt"
)

// Valid time. Affiliations, positions and participations hold from
// validFrom to validTo; events happen between their dates, each known to a
// precision (a date known to the MONTH lies somewhere in the month of the
// stored date). Nothing undated is taken as always true:
//
//   - validAt d keeps the facts known to hold on d: a start known and on or
//     before d, and an end unknown (still holding) or on or after d;
//     includeUndated adds the facts that may hold on d because a date is
//     unknown or imprecise, never one known not to hold;
//   - a participation without dates of its own holds while its event
//     lasts, with the event's precision;
//   - an event date filter (from, to) keeps, with dateMatch POSSIBLY (the
//     default), the events that may fall in the range whatever day an
//     imprecise date turns out to be, and with SURELY only those that do
//     for every such day. An undated event falls in no range.

// periodStart and periodEnd are the first and last day of the period of
// precision prec (a Cypher expression) that contains date d.
func periodStart(d, prec string) string {
	return fmt.Sprintf("CASE %[2]s WHEN 'WEEK' THEN date.truncate('week', %[1]s) WHEN 'MONTH' THEN date.truncate('month', %[1]s) "+
		"WHEN 'YEAR' THEN date.truncate('year', %[1]s) ELSE %[1]s END", d, prec)
}

func periodEnd(d, prec string) string {
	return fmt.Sprintf("CASE %[2]s WHEN 'WEEK' THEN date.truncate('week', %[1]s) + duration('P6D') "+
		"WHEN 'MONTH' THEN date.truncate('month', %[1]s) + duration('P1M') - duration('P1D') "+
		"WHEN 'YEAR' THEN date.truncate('year', %[1]s) + duration('P1Y') - duration('P1D') ELSE %[1]s END", d, prec)
}

// precisionOf is event n's date precision.
func precisionOf(n string) string { return "coalesce(" + n + ".datePrecision, 'DAY')" }

// validity is when a fact holds, as Cypher expressions: surely from and to
// (the days it is known to hold between) and possibly from and to (the
// days it may hold between); null for an unknown bound.
type validity struct{ sureFrom, sureTo, possFrom, possTo string }

// datedFact is a position's or an affiliation's validity: exact days.
func datedFact(x string) validity {
	return validity{x + ".validFrom", x + ".validTo", x + ".validFrom", x + ".validTo"}
}

// participation is relationship r's validity, its event n's dates where
// it has none of its own.
func participation(r, n string) validity {
	p, last := precisionOf(n), "coalesce("+n+".endDate, "+n+".startDate)"
	return validity{
		sureFrom: "coalesce(" + r + ".validFrom, " + periodEnd(n+".startDate", p) + ")",
		sureTo:   "coalesce(" + r + ".validTo, " + periodStart(last, p) + ")",
		possFrom: "coalesce(" + r + ".validFrom, " + periodStart(n+".startDate", p) + ")",
		possTo:   "coalesce(" + r + ".validTo, " + periodEnd(last, p) + ")",
	}
}

// validAt adds the condition of w's validAt (and includeUndated) over v;
// field names the argument in errors.
func (c *compiler) validAt(w map[string]any, field string, v validity, conds []string) ([]string, error) {
	if !present(w, "validAt") {
		return conds, nil
	}
	d, err := c.dateParam(field+".validAt", w["validAt"])
	if err != nil {
		return nil, err
	}
	if b, _ := w["includeUndated"].(bool); b {
		return append(conds, fmt.Sprintf("coalesce(%s <= %s, true) AND coalesce(%s >= %s, true)", v.possFrom, d, v.possTo, d)), nil
	}
	return append(conds, fmt.Sprintf("coalesce(%s <= %s, false) AND coalesce(%s >= %s, true)", v.sureFrom, d, v.sureTo, d)), nil
}

// surely is whether w asks for dateMatch SURELY (POSSIBLY when absent).
func surely(w map[string]any) bool { return fmt.Sprint(w["dateMatch"]) == "SURELY" }

// toBound binds, for a root list, the latest start date an event that may
// have started by a date can have: events known to a coarser precision
// than the day may have started before the stored date's period ends. It
// asks the precision index whether any such event exists (three seeks), so
// that a graph of events known to the day seeks exactly as before.
func toBound(to string) string {
	return `CALL () { RETURN CASE WHEN EXISTS { MATCH (s:Event) WHERE s.datePrecision = 'YEAR' } THEN date.truncate('year', ` + to + `) + duration('P1Y') - duration('P1D')
  WHEN EXISTS { MATCH (s:Event) WHERE s.datePrecision = 'MONTH' } THEN date.truncate('month', ` + to + `) + duration('P1M') - duration('P1D')
  WHEN EXISTS { MATCH (s:Event) WHERE s.datePrecision = 'WEEK' } THEN date.truncate('week', ` + to + `) + duration('P6D') ELSE ` + to + ` END AS toBound }`
}

// spanDaysExpr is an event's span in days from its start to the last day
// it may have ended on (its precision's period of its end, or of its
// start), null when that is its start day: with longestSpan it bounds the
// start-date seek of "may end on or after from".
func spanDaysExpr(start, end, prec string) string {
	return "CASE WHEN " + start + " IS NULL THEN null ELSE nullif(duration.inDays(" + start + ", " +
		periodEnd("coalesce("+end+", "+start+")", "coalesce("+prec+", 'DAY')") + ").days, 0) END"
}
