package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The batch lookup: before a batch is written, one query in its write
// transaction asks the graph everything the write path decides by, for
// every item id and every actor or location reference of the batch at once:
// whether the id is a node (for IfExists KEEP and the resolved events of a
// dataset row), whether it is a merged id and what the kept node holds
// (redirect.go), and, for actor and location items whose id is neither,
// the nodes their names, codes and country find (resolve.go). Asking once
// per batch, never per item or per concern, is what keeps an import of new
// things at one round trip before the writes.

// lookupKind is one label the batch lookup asks about: the one list of
// which input items and references name actors and locations, shared by the
// redirect rewrite, resolution and IfExists.
type lookupKind struct {
	label string
	// redirects: merged ids of this label are kept as redirects; the batch's
	// references to the label are looked up too.
	redirects bool
	// hits are the subqueries (of ids, the label's rows as collected) that
	// find what the items with open ids (neither a node nor a redirect) may
	// be, ending in one column named hits; "" when the label does not
	// resolve.
	hits string
	// stored is what IfExists needs of a node the item's id names: an
	// actor's kind and codes (KEEP, ADD_CODES) and the lists an item adds
	// to (UPDATE).
	stored string
	// keeps: under IfExists KEEP an item of the label whose id the graph
	// holds leaves that node as it is; other labels (events) stay upserts
	// and are only reported as known.
	keeps bool
	// participations: the label's items that carry participants are
	// looked up under every IfExists, for the participations their write
	// folds its citations into (an event's, foldRel in claims.go).
	participations bool
}

// byTokens is a subquery of ids that asks a resolution index for all the
// tokens of the open rows at once, in chunks under maxClauses, rather than
// once per item: a Lucene query costs the same for one token as for
// hundreds, and a batch of new things has hundreds of items (1,400 queries
// of one item took 1.1 s of a 1,000-row batch's lookup). resolveEntities
// gives each item the hits that hold one of its own tokens, which is what
// a query of the item's tokens alone would have found.
func byTokens(label, as string) string {
	// Lucene counts a clause per token and indexed property.
	n := fmt.Sprint(maxClauses / len(resolveTokenProps[label]))
	return `CALL (ids) {
  WITH reduce(ts = [], x IN ids | CASE WHEN x.open AND x.q <> '' THEN ts + split(x.q, ' ') ELSE ts END) AS ts
  UNWIND CASE WHEN size(ts) = 0 THEN [] ELSE range(0, size(ts) - 1, ` + n + `) END AS i
  CALL db.index.fulltext.queryNodes('` + resolveIndex(label) + `', reduce(s = '', t IN ts[i..i + ` + n + `] | s + ' ' + t),
    {limit: ` + fmt.Sprint(maxResolveHits) + `}) YIELD node
  RETURN collect(DISTINCT node) AS ` + as + `
}`
}

// tokensOf is the Cypher of node v's resolution tokens, all of label's
// token properties in one space-separated string: what the index matched.
func tokensOf(label, v string) string {
	parts := make([]string, 0, len(resolveTokenProps[label]))
	for _, p := range resolveTokenProps[label] {
		parts = append(parts, "coalesce("+v+"."+p+", '')")
	}
	return strings.Join(parts, " + ' ' + ")
}

// maxClauses keeps a Lucene query under its 1,024 clauses (a token is a
// clause per indexed property); maxResolveHits bounds what one query may
// bring back.
const (
	maxClauses     = 1000
	maxResolveHits = 20000
)

var lookupKinds = []lookupKind{
	{label: lActor, redirects: true, keeps: true, stored: `k {.kind, .codes, .aliases, .externalIds}`,
		hits: byTokens(lActor, "byName") + `
WITH ids, [n IN byName | n {.id, .name, .kind, .aliases, .codes, .wikidataId, .countryCode, .externalIds,
    hasDescription: n.description IS NOT NULL, tokens: ` + tokensOf(lActor, "n") + `}] AS hits`},
	{label: lLocation, redirects: true, keeps: true, stored: `k {.aliases, .externalIds}`,
		hits: byTokens(lLocation, "byName") + `
CALL (ids) {
  UNWIND [x IN ids WHERE x.open AND x.cc IS NOT NULL | x.cc] AS cc
  MATCH (c:Location {countryCode: cc}) WHERE c.kind = 'COUNTRY'
  RETURN collect(DISTINCT c) AS byCountry
}
WITH ids, [n IN byName + byCountry | n {.id, .name, .kind, .aliases, .externalIds, .countryCode, .latitude, .longitude,
    parent: [(n)-[:LOCATED_IN]->(p:Location) | p.id][0], tokens: ` + tokensOf(lLocation, "n") + `}] AS hits`},
	{label: lSource, keeps: true, stored: `null`},
	// An event as stored: its participations by actor id, which the write
	// folds the batch's citations into in Go (foldRel, claims.go), and its
	// properties, place, topics and citations, by which a row that would
	// change nothing is left out of the write (unchangedEvent, ingest.go).
	{label: lEvent, participations: true, stored: `CASE WHEN k IS NULL THEN null ELSE {
    participations: [(a:Actor)-[r:PARTICIPATED_IN]->(k) | {actorId: a.id, props: properties(r)}],
    props: properties(k), places: [(k)-[:OCCURRED_AT]->(l:Location) | l.id], topics: [(k)-[:CONCERNS]->(t:Topic) | t.id],
    cites: [(k)-[c:CITED_IN]->(s:Source) | {sourceId: s.id, props: properties(c)}]} END`},
}

// qLookup is the batch lookup: per label, rows {id, q, cc}; it answers one
// record per label with, per row, whether the id is a node, what IfExists
// needs of it and the redirect it is (to and the kept node), and the
// resolution hits of the label's open rows together.
var qLookup = func() query {
	parts := make([]string, 0, len(lookupKinds))
	for _, k := range lookupKinds {
		var b strings.Builder
		b.WriteString("UNWIND $" + k.label + " AS row\nOPTIONAL MATCH (k:" + k.label + " {id: row.id})\n")
		redirect := "open: k IS NULL"
		if k.redirects {
			b.WriteString("OPTIONAL MATCH (r:Redirect {id: row.id}) WHERE k IS NULL AND r.of = '" + k.label + "'\n" +
				"OPTIONAL MATCH (t:" + k.label + " {id: r.to})\n")
			redirect = "to: t.id, kept: properties(t), hasParent: CASE WHEN t IS NULL THEN false ELSE EXISTS { (t)-[:LOCATED_IN]->() } END,\n" +
				"  open: k IS NULL AND r IS NULL"
		}
		b.WriteString("WITH collect({id: row.id, q: row.q, cc: row.cc, known: k IS NOT NULL, stored: " + k.stored + ",\n  " + redirect + "}) AS ids\n")
		hits := "[]"
		if k.hits != "" {
			b.WriteString(k.hits + "\n")
			hits = "hits"
		}
		b.WriteString("RETURN '" + k.label + "' AS label, ids, " + hits + " AS hits")
		parts = append(parts, b.String())
	}
	return query{"look up batch", batchPlan + strings.Join(parts, "\nUNION ALL\n")}
}()

// answer is what the lookup found for one id of a label.
type answer struct {
	known  bool
	stored hit // the node, as lookupKind.stored projects it
	rd     *redirect
	hits   []hit
}

// lookupRows are the lookup's parameters: every item id of the kinds the
// batch needs asked about, with its resolution query, and every actor and
// location reference the batch's items do not hold.
func (b *batch) lookupRows(in *model.IngestInput, keep bool) (map[string]any, int) {
	q := map[string]candidate{}
	for _, cd := range b.candidates {
		q[cd.label+"/"+cd.id] = cd
	}
	rows := map[string][]any{}
	seen := map[string]bool{}
	n := 0
	add := func(label, id string, item bool) {
		if seen[label+"/"+id] {
			return
		}
		seen[label+"/"+id] = true
		row := map[string]any{"id": id, "q": ""}
		if cd, ok := q[label+"/"+id]; ok && item {
			row["q"] = cd.query(in)
			if cd.label == lLocation {
				if l := in.Locations[cd.index]; l.Kind == model.LocationKindCountry && l.CountryCode != nil {
					row["cc"] = *l.CountryCode
				}
			}
		}
		rows[label] = append(rows[label], row)
		n++
	}
	for _, k := range lookupKinds {
		if !k.redirects && !keep && !k.participations {
			continue
		}
		for i, id := range b.order[k.label] {
			if !k.redirects && !keep && b.nodes[k.label][i].(map[string]any)["participants"] == nil {
				continue
			}
			add(k.label, id, true)
		}
	}
	for _, r := range b.refs {
		for _, k := range lookupKinds {
			if k.redirects && slices.Contains(r.labels, k.label) {
				add(k.label, r.id, false)
			}
		}
	}
	params := make(map[string]any, len(lookupKinds))
	for _, k := range lookupKinds {
		params[k.label] = append([]any{}, rows[k.label]...)
	}
	return params, n
}

// resolveEntities runs the batch lookup and returns the batch as it is to
// be written: merged ids followed to the kept nodes, items that named one
// node made updates of it (resolve.go), and under IfExists KEEP the items
// whose ids the graph holds reduced to what they may change. It derives
// everything from in and the graph, so a retried transaction decides the
// same.
func (c *Client) resolveEntities(ctx context.Context, tx neo4j.ManagedTransaction, in model.IngestInput, b *batch) (*batch, resolution, error) {
	res := resolution{resolved: []*model.ResolvedItem{}, duplicates: []*model.AmbiguousItem{}}
	mode := model.IfExistsUpdate
	if in.IfExists != nil {
		mode = *in.IfExists
	}
	keep := (mode == model.IfExistsKeep || mode == model.IfExistsAddCodes) && !b.ps.single
	params, n := b.lookupRows(&in, keep)
	if n == 0 {
		return b, res, nil
	}
	recs, err := c.run(ctx, tx, qLookup, params)
	if err != nil {
		return nil, res, err
	}
	answers := map[string]map[string]*answer{}
	rd := map[string]map[string]redirect{lActor: {}, lLocation: {}}
	redirected := false
	for _, rec := range recs {
		label, _ := rec.Values[0].(string)
		ids, _ := rec.Values[1].([]any)
		raw, _ := rec.Values[2].([]any)
		if answers[label] == nil {
			answers[label] = map[string]*answer{}
		}
		// the label's hits by token, for the open rows to take theirs
		byToken := map[string][]hit{}
		var countries []hit
		for _, r := range raw {
			h, ok := r.(map[string]any)
			if !ok {
				continue
			}
			for _, t := range strings.Fields(hit(h).str("tokens")) {
				byToken[t] = append(byToken[t], hit(h))
			}
			if label == lLocation && hit(h).str("kind") == string(model.LocationKindCountry) {
				countries = append(countries, hit(h))
			}
		}
		for _, x := range ids {
			row, _ := x.(map[string]any)
			id, _ := row["id"].(string)
			a := &answer{}
			a.known, _ = row["known"].(bool)
			a.stored, _ = row["stored"].(map[string]any)
			if to, ok := row["to"].(string); ok && rd[label] != nil {
				kept, _ := row["kept"].(map[string]any)
				hasParent, _ := row["hasParent"].(bool)
				a.rd = &redirect{to: to, kept: kept, hasParent: hasParent}
				rd[label][id] = *a.rd
				redirected = true
			}
			if open, _ := row["open"].(bool); open {
				a.hits = hitsOf(row, byToken, countries)
			}
			answers[label][id] = a
		}
	}

	// Merged ids first: the kept nodes are known, so their items do not
	// resolve again.
	cur, cb := in, b
	var folds folded // what the rewrites made one (redirect.go)
	if redirected {
		cur, folds = rewriteRedirects(in, b.order, rd)
		if cb, err = prepare(cur, b.ps); err != nil {
			return nil, res, err
		}
		if len(cb.errs) > 0 {
			return nil, res, cb.errs
		}
	}
	// The paths the client sent (a redirect may have folded two items).
	pathOf := func(label, id, fallback string) string {
		if p, ok := b.ids[label][id]; ok {
			return p
		}
		return fallback
	}
	rw := newRewrite(cur, cb.order)
	for _, cd := range cb.candidates {
		a := answers[cd.label][cd.id]
		if a == nil || a.known || a.rd != nil {
			continue
		}
		var ids []string
		var by model.ResolvedBy
		var chosen hit
		if cd.label == lActor {
			ids, by, chosen = chooseActor(cur.Actors[cd.index], a.hits)
		} else {
			ids, by, chosen = chooseLocation(cur.Locations[cd.index], a.hits)
		}
		path := pathOf(cd.label, cd.id, cd.path)
		switch {
		case len(ids) == 1:
			rw.resolve(cd, ids[0], chosen)
			res.resolved = append(res.resolved, &model.ResolvedItem{Path: path, Given: cd.id, ID: ids[0], By: by})
		case len(ids) > 1:
			res.duplicates = append(res.duplicates, &model.AmbiguousItem{Path: path, ID: cd.id, Candidates: ids})
		}
	}
	if mode == model.IfExistsUpdate {
		// Items of ids the graph holds add their lists to the node's.
		for _, label := range []string{lActor, lLocation} {
			for i, id := range cb.order[label] {
				if a := answers[label][id]; a != nil && a.known {
					rw.extend(label, i, a.stored)
				}
			}
		}
	}
	if rw.changed {
		cur, folds = rw.input(folds)
		if cb, err = prepare(cur, b.ps); err != nil {
			return nil, res, err
		}
		if len(cb.errs) > 0 {
			return nil, res, cb.errs
		}
	}
	cb.addFolds(cur, folds)
	if keep {
		res.resolved = append(res.resolved, cb.keepKnown(b, answers, mode == model.IfExistsAddCodes)...)
	}
	cb.looked = answers
	cb.fresh = map[string]map[string]bool{}
	for label, as := range answers {
		cb.fresh[label] = map[string]bool{}
		for id, a := range as {
			if _, item := cb.ids[label][id]; item && !a.known && a.rd == nil {
				cb.fresh[label][id] = true
			}
		}
	}
	return cb, res, nil
}

// hitsOf are the hits an open row's own query would have found: the nodes
// holding one of its tokens, and for a country the countries of its code;
// each once, in id order, so that a retried transaction decides the same.
func hitsOf(row map[string]any, byToken map[string][]hit, countries []hit) []hit {
	var out []hit
	seen := map[string]bool{}
	add := func(h hit) {
		if id := h.str("id"); !seen[id] {
			seen[id] = true
			out = append(out, h)
		}
	}
	q, _ := row["q"].(string)
	for _, t := range strings.Fields(q) {
		for _, h := range byToken[t] {
			add(h)
		}
	}
	if cc, ok := row["cc"].(string); ok {
		for _, h := range countries {
			if h.str("countryCode") == cc {
				add(h)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b hit) int { return strings.Compare(a.str("id"), b.str("id")) })
	return out
}

// keepKnown applies IfExists KEEP to b, the batch about to be written: the
// items of orig (the batch as sent) whose own ids the graph holds are
// reported, and those of a keeping kind are reduced to what they may still
// change: an actor's kind the item knows and that says more
// (eventgraph.ResolvedKind), with addCodes its codes the node lacks, and
// their citations. A kept location's parent stays the node's.
func (b *batch) keepKnown(orig *batch, answers map[string]map[string]*answer, addCodes bool) []*model.ResolvedItem {
	var out []*model.ResolvedItem
	for _, k := range lookupKinds {
		kept := map[string]bool{}
		for _, id := range orig.order[k.label] {
			if a := answers[k.label][id]; a != nil && a.known {
				out = append(out, &model.ResolvedItem{Path: orig.ids[k.label][id], Given: id, ID: id, By: model.ResolvedByID})
				kept[id] = k.keeps
			}
		}
		if len(kept) == 0 || !k.keeps {
			continue
		}
		for _, r := range b.nodes[k.label] {
			row := r.(map[string]any)
			id, _ := row["id"].(string)
			if !kept[id] {
				continue
			}
			p := map[string]any{}
			if k.label == lActor {
				stored := answers[k.label][id].stored
				given, _ := row["p"].(map[string]any)
				if kind, ok := given["kind"].(string); ok && stored.str("kind") != "" {
					// row.p has a kind only when the item knows it (see actor)
					if to := eventgraph.ResolvedKind(stored.str("kind"), kind, true); to != stored.str("kind") {
						p["kind"] = to
					}
				}
				if codes, ok := given["codes"].([]string); ok && addCodes {
					have := stored.strs("codes")
					if all := union("", have, codes); len(all) > len(have) {
						p["codes"] = all
						p[pResolveCodes] = tokens(all, codeToken)
					}
				}
			}
			row["p"] = p
			delete(row, "c")
		}
		if k.label == lLocation {
			hops := b.hops[hLocatedIn.rel][:0:0]
			for _, h := range b.hops[hLocatedIn.rel] {
				if !kept[h.from] {
					hops = append(hops, h)
				}
			}
			b.hops[hLocatedIn.rel] = hops
		}
	}
	return out
}
