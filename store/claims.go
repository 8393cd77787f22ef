package store

import (
	"fmt"
	"strings"
)

// Many sources per relationship fact. A participation or an affiliation is
// one relationship, but several sources may support it, each with its own
// quote, and they need not agree on its role or its dates. Relationship
// properties hold no maps, so the relationship keeps its citations as
// parallel lists, one entry per (source, quote):
//
//	citeSources  the source id ('' for a write that named none)
//	citeQuotes   the quote ('' for none)
//	claim<Fact>  what that citation states of each fact ('' for nothing),
//	             dates as YYYY-MM-DD
//
// A write adds its citations and never removes one: a (source, quote) the
// relationship does not hold is appended; one it holds keeps its place, and
// what it states is corrected only by a write that names that one source
// (or none). A write naming several sources states its facts for all of
// them at once (a batch whose merged actors fold two participations into
// one does), so it adds the citations it lacks and changes none it finds.
// A write that names no source is the writer's own citation (source ''),
// which the read does not list. A citation without a quote is satisfied by
// any citation of that source, as for nodes, and one
// with a quote takes the place of the source's quoteless one. The plain
// properties the read path and the filters use (role, validFrom, kind,
// quote, sourceIds) are derived from the lists: each fact is the value
// stated by the latest citation that states it (the preferred one), quote
// the latest quote, sourceIds every source. The derived values depend only
// on the lists, so replaying any earlier batch changes nothing.
//
// A relationship written before the lists existed (sourceIds and quote
// only) is read as one citation per source id, each with its quote and
// facts, and rewritten as lists the next time it is written to.

// relFacts are the facts each kind of sourced relationship keeps per
// citation, in the order of their claim lists.
var (
	participationFacts = []string{"kind", "role", "validFrom", "validTo"}
	affiliationFacts   = []string{"role", "validFrom", "validTo"}
)

// relFacts are the facts of each sourced relationship type.
var relFacts = map[string][]string{"PARTICIPATED_IN": participationFacts, "AFFILIATED_WITH": affiliationFacts}

// dateFacts are the facts stored as dates.
var dateFacts = map[string]bool{"validFrom": true, "validTo": true}

// claimKey is the property holding the per-citation values of fact f.
func claimKey(f string) string { return "claim" + strings.ToUpper(f[:1]) + f[1:] }

// foldCitations is the Cypher that folds row x's properties (x.p: facts,
// sourceIds, quote) into relationship r, bound by a MERGE just before, and
// writes r only when something changed; it keeps r and x bound and leaves
// one row per changed relationship (none for a replay).
func foldCitations(x string, facts []string) string {
	var b strings.Builder
	w := func(s string) { b.WriteString(s) }
	carry := func(extra ...string) string { return strings.Join(append([]string{"r", x}, extra...), ", ") }
	// The stored lists, or a legacy relationship read as lists.
	w("WITH " + carry() + ", r.citeSources IS NULL AS fresh\n")
	w("WITH " + carry("fresh") + ",\n  CASE WHEN NOT fresh THEN r.citeSources WHEN size(coalesce(r.sourceIds, [])) > 0 THEN r.sourceIds WHEN size(keys(r)) > 0 THEN [''] ELSE [] END AS os,\n")
	w("  CASE WHEN size(coalesce(" + x + ".p.sourceIds, [])) = 0 THEN [''] ELSE " + x + ".p.sourceIds END AS ns, coalesce(" + x + ".p.quote, '') AS nq\n")
	olds := []string{"oq"}
	w("WITH " + carry("fresh", "os", "ns", "nq") + ",\n  CASE WHEN fresh THEN [s IN os | coalesce(r.quote, '')] ELSE r.citeQuotes END AS oq")
	for i, f := range facts {
		o := "o" + string(rune('a'+i))
		olds = append(olds, o)
		w(",\n  CASE WHEN fresh THEN [s IN os | coalesce(toString(r." + f + "), '')] ELSE coalesce(r." + claimKey(f) + ", [s IN os | '']) END AS " + o)
	}
	w("\n")
	// added: the write's sources that no stored citation satisfies.
	matches := func(i string) string { return "os[" + i + "] IN ns AND (oq[" + i + "] = nq OR nq = '')" }
	all := append([]string{"fresh", "os", "ns", "nq"}, olds...)
	w("WITH " + carry(all...) + ",\n  reduce(a = [], s IN ns | CASE WHEN s IN a OR any(i IN range(0, size(os) - 1) WHERE os[i] = s AND (oq[i] = nq OR nq = '')) THEN a ELSE a + s END) AS added\n")
	// keep: the stored citations, less the quoteless ones a quoted
	// citation of the same source replaces.
	w("WITH " + carry(append(all, "added")...) + ",\n  [i IN range(0, size(os) - 1) WHERE NOT (oq[i] = '' AND nq <> '' AND os[i] IN added)] AS keep\n")
	news := []string{"cs", "cq"}
	w("WITH " + carry(append(all, "added", "keep")...) + ",\n  [i IN keep | os[i]] + added AS cs, [i IN keep | oq[i]] + [s IN added | nq] AS cq")
	for i, f := range facts {
		o, nv, c := olds[i+1], "coalesce(toString("+x+".p."+f+"), '')", "c"+string(rune('a'+i))
		news = append(news, c)
		w(",\n  [i IN keep | CASE WHEN " + matches("i") + " AND size(ns) = 1 AND " + nv + " <> '' THEN " + nv + " ELSE " + o + "[i] END] + [s IN added | " + nv + "] AS " + c)
	}
	w("\n")
	changed := []string{"fresh", "cs <> os", "cq <> oq"}
	for i := range facts {
		changed = append(changed, news[i+2]+" <> "+olds[i+1])
	}
	w("WITH " + carry(news...) + " WHERE " + strings.Join(changed, " OR ") + "\n")
	w("SET r.citeSources = cs, r.citeQuotes = cq,\n  r.sourceIds = reduce(a = [], s IN cs | CASE WHEN s = '' OR s IN a THEN a ELSE a + s END),\n")
	w("  r.quote = nullif(" + latest("cq") + ", '')")
	for i, f := range facts {
		c := news[i+2]
		v := "nullif(" + latest(c) + ", '')"
		if dateFacts[f] {
			v = "date(" + v + ")"
		}
		w(",\n  r." + claimKey(f) + " = " + c + ", r." + f + " = " + v)
	}
	w("\n")
	return b.String()
}

// latest is the last non-empty string of list l, or ”.
func latest(l string) string {
	return "reduce(v = '', s IN " + l + " | CASE WHEN s = '' THEN v ELSE s END)"
}

// edgeCitations is the read of relationship r's citations, oldest first,
// each with what it states of the facts; proj projects the source s. A
// legacy relationship's citations are its source ids with its one quote.
func edgeCitations(r, s, proj string, facts []string) string {
	i := s + "i"
	item := []string{"quote: nullif(coalesce(" + r + ".citeQuotes[" + i + "], " + r + ".quote), '')", "source: " + proj}
	for _, f := range facts {
		v := "nullif(coalesce(" + r + "." + claimKey(f) + "[" + i + "], toString(" + r + "." + f + ")), '')"
		if dateFacts[f] {
			v = "date(" + v + ")"
		}
		item = append(item, f+": "+v)
	}
	return "COLLECT { UNWIND range(0, size(coalesce(" + r + ".citeSources, " + r + ".sourceIds, [])) - 1) AS " + i +
		" MATCH (" + s + ":Source {id: coalesce(" + r + ".citeSources, " + r + ".sourceIds)[" + i + "]}) WITH " + r + ", " + i + ", " + s + " ORDER BY " + i + " RETURN {" + strings.Join(item, ", ") + "} }"
}

// combineCitations folds the citation lists of the relationships a merge
// makes one (group: the recorded relationships; keep: the kept node's own
// one's properties, or {}) into rel, each (source, quote) once, the kept
// relationship's last so that its values stay the preferred ones; the
// derived properties are worked out again from the lists as a write would
// (sourceIds, a set, keeps combineProps' order: the kept one's first).
func combineCitations() string {
	var b strings.Builder
	for _, rel := range []string{"PARTICIPATED_IN", "AFFILIATED_WITH"} {
		facts := relFacts[rel]
		entry := []string{"s: s", "q: coalesce(m.citeQuotes[i], m.quote, '')"}
		for j, f := range facts {
			entry = append(entry, fmt.Sprintf("f%d: coalesce(m.%s[i], toString(m.%s), '')", j, claimKey(f), f))
		}
		b.WriteString(`
WITH rel, group, keep
CALL (rel, group, keep) {
  WITH * WHERE type(rel) = '` + rel + `'
  UNWIND group + [keep] AS m
  UNWIND range(0, size(coalesce(m.citeSources, m.sourceIds, CASE WHEN size(keys(m)) > 0 THEN [''] ELSE [] END)) - 1) AS i
  WITH rel, coalesce(m.citeSources, m.sourceIds, [''])[i] AS s, m, i
  WITH rel, collect({` + strings.Join(entry, ", ") + `}) AS all
  WITH rel, reduce(a = [], e IN all | [x IN a WHERE x.s <> e.s OR x.q <> e.q] + e) AS es
  SET rel.citeSources = [e IN es | e.s], rel.citeQuotes = [e IN es | e.q],
    rel.quote = nullif(reduce(v = '', e IN es | CASE WHEN e.q = '' THEN v ELSE e.q END), '')`)
		for j, f := range facts {
			v := fmt.Sprintf("nullif(reduce(v = '', e IN es | CASE WHEN e.f%d = '' THEN v ELSE e.f%d END), '')", j, j)
			if dateFacts[f] {
				v = "date(" + v + ")"
			}
			fmt.Fprintf(&b, ",\n    rel.%s = [e IN es | e.f%d], rel.%s = %s", claimKey(f), j, f, v)
		}
		b.WriteString("\n}")
	}
	return b.String()
}
