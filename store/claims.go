package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
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

// citations are a sourced relationship's citation lists (see above): one
// entry per (source, quote), with what it states of each fact (facts[j][i]
// is fact j of citation i, empty for nothing).
type citations struct {
	sources, quotes []string
	facts           [][]string
}

// citeWrite is what one write states of a sourced relationship: its
// sources (empty for none named), its quote and its facts, in relFacts order.
type citeWrite struct {
	sources []string
	quote   string
	facts   []string
}

// writeOf is the citeWrite of a row's properties p (sourceIds, quote and
// the facts, as prepare encodes them).
func writeOf(p map[string]any, facts []string) citeWrite {
	w := citeWrite{sources: strs(p["sourceIds"]), quote: factString(p["quote"]), facts: make([]string, len(facts))}
	if len(w.sources) == 0 {
		w.sources = []string{""}
	}
	for j, f := range facts {
		w.facts[j] = factString(p[f])
	}
	return w
}

// factString is a stored or written fact as the lists hold it: dates as
// YYYY-MM-DD, nothing as the empty string.
func factString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case neo4j.Date:
		return x.Time().Format(time.DateOnly)
	case time.Time:
		return x.Format(time.DateOnly)
	}
	return fmt.Sprint(v)
}

// storedCitations reads relationship properties r (nil for none) as lists;
// legacy is true for a relationship that has none (written before the
// lists existed, or just created), which a write always rewrites.
func storedCitations(r map[string]any, facts []string) (c citations, legacy bool) {
	c.facts = make([][]string, len(facts))
	if _, ok := r["citeSources"]; ok {
		c.sources, c.quotes = strs(r["citeSources"]), strs(r["citeQuotes"])
		for j, f := range facts {
			if l, ok := r[claimKey(f)]; ok {
				c.facts[j] = strs(l)
			} else {
				c.facts[j] = make([]string, len(c.sources))
			}
		}
		return c, false
	}
	switch {
	case len(strs(r["sourceIds"])) > 0:
		c.sources = strs(r["sourceIds"])
	case len(r) > 0:
		c.sources = []string{""}
	}
	c.quotes = make([]string, len(c.sources))
	for i := range c.sources {
		c.quotes[i] = factString(r["quote"])
	}
	for j, f := range facts {
		c.facts[j] = make([]string, len(c.sources))
		for i := range c.sources {
			c.facts[j][i] = factString(r[f])
		}
	}
	return c, true
}

// fold adds write w to the lists: a (source, quote) they lack is
// appended; one they hold keeps its place, and what it states is corrected
// only when w names that one source; a quoted citation takes the place of
// its source's quoteless one.
func (c citations) fold(w citeWrite) citations {
	held := func(i int) bool {
		return slices.Contains(w.sources, c.sources[i]) && (c.quotes[i] == w.quote || w.quote == "")
	}
	var added []string
	for _, s := range w.sources {
		if slices.Contains(added, s) || slices.ContainsFunc(indexes(len(c.sources)), func(i int) bool {
			return c.sources[i] == s && (c.quotes[i] == w.quote || w.quote == "")
		}) {
			continue
		}
		added = append(added, s)
	}
	out := citations{facts: make([][]string, len(c.facts))}
	for i := range c.sources {
		if c.quotes[i] == "" && w.quote != "" && slices.Contains(added, c.sources[i]) {
			continue // replaced by the quoted citation
		}
		out.sources = append(out.sources, c.sources[i])
		out.quotes = append(out.quotes, c.quotes[i])
		for j := range c.facts {
			v := c.facts[j][i]
			if held(i) && len(w.sources) == 1 && w.facts[j] != "" {
				v = w.facts[j]
			}
			out.facts[j] = append(out.facts[j], v)
		}
	}
	for _, s := range added {
		out.sources = append(out.sources, s)
		out.quotes = append(out.quotes, w.quote)
		for j := range c.facts {
			out.facts[j] = append(out.facts[j], w.facts[j])
		}
	}
	return out
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// equal is whether c and d hold the same citations in the same order.
func (c citations) equal(d citations) bool {
	if !slices.Equal(c.sources, d.sources) || !slices.Equal(c.quotes, d.quotes) {
		return false
	}
	for j := range c.facts {
		if !slices.Equal(c.facts[j], d.facts[j]) {
			return false
		}
	}
	return true
}

// props are the relationship properties the lists make: the lists and
// the plain properties derived from them (each fact the latest stated,
// quote the latest, sourceIds every named source once); a null removes
// the property.
func (c citations) props(facts []string) map[string]any {
	p := map[string]any{"citeSources": nonNil(c.sources), "citeQuotes": nonNil(c.quotes),
		"sourceIds": nonNil(union("", nil, c.sources)), "quote": latestOf(c.quotes)}
	for j, f := range facts {
		p[claimKey(f)] = nonNil(c.facts[j])
		v := latestOf(c.facts[j])
		if s, ok := v.(string); ok && dateFacts[f] {
			if d, err := eventgraph.ParseDate(s); err == nil {
				v = neo4j.DateOf(d.Time())
			}
		}
		p[f] = v
	}
	return p
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// latestOf is the last non-empty string of l, or nil.
func latestOf(l []string) any {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i] != "" {
			return l[i]
		}
	}
	return nil
}

// foldRel is the one rule by which writes combine into a sourced
// relationship: stored is its properties (nil when there is none), writes
// what each write states, in order. It returns the properties to set, or
// nil when the writes change nothing (a replay).
func foldRel(stored map[string]any, writes []citeWrite, facts []string) map[string]any {
	old, legacy := storedCitations(stored, facts)
	c := old
	for _, w := range writes {
		c = c.fold(w)
	}
	if !legacy && c.equal(old) {
		return nil
	}
	return c.props(facts)
}

// setRel is the Cypher that sets relationship r, bound by a MERGE just
// before, to x.set (foldRel's answer) when there is one; it leaves one
// row per changed relationship.
func setRel(x string) string {
	return "WITH r, " + x + " WHERE " + x + ".set IS NOT NULL\nSET r += " + x + ".set\n"
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
