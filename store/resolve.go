package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Entity resolution (DESIGN.md, "Entity resolution"): an actor or location
// item of an ingest batch whose id the graph does not know is looked for
// among the nodes of its label before it is created, by a dataset code, a
// wikidata id, a country's code, or a folded name or alias in the same
// country and kind family (places with coordinates also close together).
// Exactly one match: the item becomes an update of that node and every
// reference in the batch follows it; several: it is created as given and
// reported as a duplicate candidate. All items of a batch are looked up in
// one query.
//
// The lookup reads full-text indexes over tokens that ingest keeps beside
// the properties they come from (resolveName, resolveAliases, resolveCodes,
// resolveWikidata): a token is a kind letter and a folded value with its
// spaces made underscores (n_vladimir_putin, c_rusgov, w_q7747), split by
// whitespace only, so that a lookup matches whole values. The index only
// narrows the search: the matches are checked here against the folded
// values themselves.

// Token property names, spelled once.
const (
	pResolveName     = "resolveName"
	pResolveAliases  = "resolveAliases"
	pResolveCodes    = "resolveCodes"
	pResolveWikidata = "resolveWikidata"
)

// resolveIndex is the full-text index of a label's resolution tokens.
func resolveIndex(label string) string { return "kg_resolve_" + strings.ToLower(label) }

// resolveTokenProps are the token properties each resolvable label has.
var resolveTokenProps = map[string][]string{
	lActor:    {pResolveName, pResolveAliases, pResolveCodes, pResolveWikidata, pResolveExternal},
	lLocation: {pResolveName, pResolveAliases, pResolveExternal},
}

// maxToken keeps tokens under Lucene's token length (255): a longer value
// is represented by a hash of it.
const maxToken = 200

func token(kind byte, folded string) string {
	if folded == "" {
		return ""
	}
	t := string(kind) + "_" + strings.ReplaceAll(folded, " ", "_")
	if len(t) > maxToken {
		sum := sha256.Sum256([]byte(folded))
		t = string(kind) + "_h" + hex.EncodeToString(sum[:12])
	}
	return t
}

func nameToken(s string) string { return token('n', eventgraph.FoldName(s)) }
func codeToken(s string) string { return token('c', eventgraph.FoldName(s)) }
func wikiToken(s string) string { return token('w', eventgraph.FoldName(s)) }

// tokens is the space-separated token string of values.
func tokens(values []string, tok func(string) string) string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if t := tok(v); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}

// actorTokens sets the token properties of the actor fields p gives.
func actorTokens(p map[string]any, name string, aliases, codes []string, wikidata *string) {
	p[pResolveName] = nameToken(name)
	if aliases != nil {
		p[pResolveAliases] = tokens(aliases, nameToken)
	}
	if codes != nil {
		p[pResolveCodes] = tokens(codes, codeToken)
	}
	if wikidata != nil {
		p[pResolveWikidata] = wikiToken(*wikidata)
	}
}

// candidate is an actor or location item that may name a node the graph
// holds under another id.
type candidate struct {
	label string
	index int // in its input list
	path  string
	id    string // given or generated
}

// query is the Lucene query of the item's tokens: any of its names, codes
// or wikidata id.
func (c candidate) query(in *model.IngestInput) string {
	var ts []string
	add := func(t string) {
		if t != "" && !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	if c.label == lActor {
		a := in.Actors[c.index]
		add(nameToken(a.Name))
		for _, s := range a.Aliases {
			add(nameToken(s))
		}
		for _, s := range a.Codes {
			add(codeToken(s))
		}
		if a.WikidataID != nil {
			add(wikiToken(*a.WikidataID))
		}
		for _, t := range externalQueryTokens(a.ExternalIds) {
			add(t)
		}
	} else {
		l := in.Locations[c.index]
		add(nameToken(l.Name))
		for _, s := range l.Aliases {
			add(nameToken(s))
		}
		for _, t := range externalQueryTokens(l.ExternalIds) {
			add(t)
		}
	}
	return strings.Join(ts, " ")
}

// hit is a node a candidate's lookup found.
type hit map[string]any

func (h hit) str(k string) string { s, _ := h[k].(string); return s }
func (h hit) strs(k string) []string {
	l, _ := h[k].([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
func (h hit) float(k string) *float64 {
	if f, ok := h[k].(float64); ok {
		return &f
	}
	return nil
}

// resolution is what the lookup decided for a batch.
type resolution struct {
	resolved   []*model.ResolvedItem
	duplicates []*model.AmbiguousItem
}

// distinctIDs are the ids of hits that pass keep, each once, in hit order.
func distinctIDs(hits []hit, keep func(hit) bool) ([]string, hit) {
	var ids []string
	var first hit
	for _, h := range hits {
		if id := h.str("id"); id != "" && keep(h) && !slices.Contains(ids, id) {
			if first == nil {
				first = h
			}
			ids = append(ids, id)
		}
	}
	return ids, first
}

// folds are the folded names of a name and its aliases.
func folds(name string, aliases []string) []string {
	out := []string{eventgraph.FoldName(name)}
	for _, a := range aliases {
		out = append(out, eventgraph.FoldName(a))
	}
	return out
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if x != "" && slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// sameCountry is true when two country codes do not disagree.
func sameCountry(a *string, b string) bool { return a == nil || b == "" || *a == b }

// chooseActor picks what an actor item names among the hits: the strongest
// kind of evidence that finds anything decides (wikidata id, then code,
// then name), and finds one node or several.
func chooseActor(a *model.ActorInput, hits []hit) ([]string, model.ResolvedBy, hit) {
	if a.WikidataID != nil {
		if ids, h := distinctIDs(hits, func(h hit) bool { return h.str("wikidataId") == *a.WikidataID }); len(ids) > 0 {
			return ids, model.ResolvedByWikidataID, h
		}
	}
	if ids, h := byExternalID(a.ExternalIds, hits); len(ids) > 0 {
		return ids, model.ResolvedByExternalID, h
	}
	if len(a.Codes) > 0 {
		if ids, h := distinctIDs(hits, func(h hit) bool { return intersects(a.Codes, h.strs("codes")) }); len(ids) > 0 {
			return ids, model.ResolvedByCode, h
		}
	}
	names := folds(a.Name, a.Aliases)
	known := a.KindKnown == nil || *a.KindKnown
	ids, h := distinctIDs(hits, func(h hit) bool {
		return (!known || eventgraph.KindFamily(h.str("kind")) == eventgraph.KindFamily(string(a.Kind))) &&
			sameCountry(a.CountryCode, h.str("countryCode")) &&
			intersects(names, folds(h.str("name"), h.strs("aliases")))
	})
	return ids, model.ResolvedByName, h
}

// chooseLocation picks what a location item names: a country by its code,
// anything else by its folded name in the same country and family, within
// MaxPlaceDistanceKm when both have coordinates.
func chooseLocation(l *model.LocationInput, hits []hit) ([]string, model.ResolvedBy, hit) {
	if ids, h := byExternalID(l.ExternalIds, hits); len(ids) > 0 {
		return ids, model.ResolvedByExternalID, h
	}
	if l.Kind == model.LocationKindCountry && l.CountryCode != nil {
		if ids, h := distinctIDs(hits, func(h hit) bool {
			return h.str("kind") == string(model.LocationKindCountry) && h.str("countryCode") == *l.CountryCode
		}); len(ids) > 0 {
			return ids, model.ResolvedByCountryCode, h
		}
	}
	names := folds(l.Name, l.Aliases)
	ids, h := distinctIDs(hits, func(h hit) bool {
		if eventgraph.KindFamily(h.str("kind")) != eventgraph.KindFamily(string(l.Kind)) ||
			!sameCountry(l.CountryCode, h.str("countryCode")) || !intersects(names, folds(h.str("name"), h.strs("aliases"))) {
			return false
		}
		lat, lon := h.float("latitude"), h.float("longitude")
		if l.Latitude == nil || l.Longitude == nil || lat == nil || lon == nil {
			return true
		}
		return eventgraph.DistanceKm(*l.Latitude, *l.Longitude, *lat, *lon) <= eventgraph.MaxPlaceDistanceKm
	})
	return ids, model.ResolvedByName, h
}

// rewrite turns an input into the one that updates the nodes its resolved
// items named: each resolved item becomes an update of its node (or, when
// another item of the batch already writes that node, joins that item with
// its names, codes and citations), and every reference follows.
type rewrite struct {
	in        model.IngestInput
	to        map[string]map[string]string // label -> given id -> node id
	actors    map[int]*model.ActorInput    // replaced items; nil: dropped
	locations map[int]*model.LocationInput
	// writer is the index of the item that writes each id, per label.
	writer map[string]map[string]int
	// locationIDs are the ids of in's locations, given or generated, in
	// input order.
	locationIDs []string
	// changed: an item was replaced or dropped, and the batch must be
	// prepared again from input().
	changed bool
}

// newRewrite starts the rewrite of in, whose item ids per label, given or
// generated, are order (from the batch prepared from in).
func newRewrite(in model.IngestInput, order map[string][]string) *rewrite {
	rw := &rewrite{in: in, to: map[string]map[string]string{lActor: {}, lLocation: {}},
		actors: map[int]*model.ActorInput{}, locations: map[int]*model.LocationInput{},
		writer: map[string]map[string]int{lActor: {}, lLocation: {}}}
	if len(order[lActor]) == len(in.Actors) {
		for i, id := range order[lActor] {
			rw.writer[lActor][id] = i
		}
	}
	if len(order[lLocation]) == len(in.Locations) {
		rw.locationIDs = order[lLocation]
		for i, id := range order[lLocation] {
			rw.writer[lLocation][id] = i
		}
	}
	return rw
}

// actor and location are item i as the rewrite has it so far.
func (rw *rewrite) actor(i int) *model.ActorInput {
	if a, ok := rw.actors[i]; ok {
		return a
	}
	return rw.in.Actors[i]
}

func (rw *rewrite) location(i int) *model.LocationInput {
	if l, ok := rw.locations[i]; ok {
		return l
	}
	return rw.in.Locations[i]
}

// resolve makes candidate cd an update of node id, whose stored values are h.
func (rw *rewrite) resolve(cd candidate, id string, h hit) {
	rw.changed = true
	rw.to[cd.label][cd.id] = id
	w, dup := rw.writer[cd.label][id]
	if !dup {
		rw.writer[cd.label][id] = cd.index
	}
	if cd.label == lActor {
		if dup {
			// as an update of the node, its names, codes and citations
			// join the item that writes it
			rw.actors[w] = foldActor(rw.actor(w), mergedActor(rw.in.Actors[cd.index], id, h))
			rw.actors[cd.index] = nil
		} else {
			rw.actors[cd.index] = mergedActor(rw.in.Actors[cd.index], id, h)
		}
		return
	}
	if dup {
		rw.locations[w] = foldLocation(rw.location(w), mergedLocation(rw.in.Locations[cd.index], id, h))
		rw.locations[cd.index] = nil
	} else {
		rw.locations[cd.index] = mergedLocation(rw.in.Locations[cd.index], id, h)
	}
}

// extend makes item i of label, whose id names the stored node h, add the
// lists it gives (aliases, codes, external ids) to the node's rather than
// replace them (IfExists UPDATE): the node's values first, in their order,
// then the item's new ones, so that a replay changes nothing. A list the
// item leaves out is not written at all.
func (rw *rewrite) extend(label string, i int, h hit) {
	if label == lActor {
		a := rw.actor(i)
		if a == nil {
			return
		}
		cp := *a
		cp.Aliases = addTo(h.strs("aliases"), a.Aliases)
		cp.Codes = addTo(h.strs("codes"), a.Codes)
		cp.ExternalIds = addExternalIDs(h.strs("externalIds"), a.ExternalIds)
		if !slices.Equal(cp.Aliases, a.Aliases) || !slices.Equal(cp.Codes, a.Codes) ||
			!slices.Equal(storedExternalIDs(cp.ExternalIds), storedExternalIDs(a.ExternalIds)) {
			rw.actors[i], rw.changed = &cp, true
		}
		return
	}
	l := rw.location(i)
	if l == nil {
		return
	}
	cp := *l
	cp.Aliases = addTo(h.strs("aliases"), l.Aliases)
	cp.ExternalIds = addExternalIDs(h.strs("externalIds"), l.ExternalIds)
	if !slices.Equal(cp.Aliases, l.Aliases) || !slices.Equal(storedExternalIDs(cp.ExternalIds), storedExternalIDs(l.ExternalIds)) {
		rw.locations[i], rw.changed = &cp, true
	}
}

// addTo is the stored list with the given values it lacks appended; nil
// when nothing is given, so that a list left out stays left out.
func addTo(stored, given []string) []string {
	if given == nil {
		return nil
	}
	if all := union("", stored, given); all != nil {
		return all
	}
	return given
}

// addExternalIDs is addTo for external ids.
func addExternalIDs(stored []string, given []*model.ExternalIDInput) []*model.ExternalIDInput {
	if given == nil {
		return nil
	}
	return unionExternalIDs(stored, given)
}

// mergedActor is item a as an update of the stored actor h: the stored name
// stays and the item's names join the aliases; codes are added; the kind
// follows eventgraph.ResolvedKind; a description, country or wikidata id
// only fills a gap.
func mergedActor(a *model.ActorInput, id string, h hit) *model.ActorInput {
	stored := h.str("name")
	aliases := h.strs("aliases")
	have := folds(stored, aliases)
	for _, n := range append([]string{a.Name}, a.Aliases...) {
		if f := eventgraph.FoldName(n); f != "" && !slices.Contains(have, f) {
			aliases = append(aliases, n)
			have = append(have, f)
		}
	}
	codes := h.strs("codes")
	for _, c := range a.Codes {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	known := true
	m := &model.ActorInput{ID: &id, Name: stored, Aliases: aliases, Codes: codes, KindKnown: &known, Citations: a.Citations,
		ExternalIds: unionExternalIDs(h.strs("externalIds"), a.ExternalIds),
		Kind:        model.ActorKind(eventgraph.ResolvedKind(h.str("kind"), string(a.Kind), a.KindKnown == nil || *a.KindKnown))}
	if stored == "" {
		m.Name = a.Name
	}
	if has, _ := h["hasDescription"].(bool); !has {
		m.Description = a.Description
	}
	if h.str("countryCode") == "" {
		m.CountryCode = a.CountryCode
	}
	if h.str("wikidataId") == "" {
		m.WikidataID = a.WikidataID
	}
	return m
}

// mergedLocation is item l as an update of the stored location h: name and
// kind stay, the item's names join the aliases and its external ids the
// node's; country, coordinates and parent only fill gaps.
func mergedLocation(l *model.LocationInput, id string, h hit) *model.LocationInput {
	m := &model.LocationInput{ID: &id, Name: h.str("name"), Kind: model.LocationKind(h.str("kind")), Citations: l.Citations,
		ExternalIds: unionExternalIDs(h.strs("externalIds"), l.ExternalIds)}
	if m.Name == "" || !m.Kind.IsValid() {
		m.Name, m.Kind = l.Name, l.Kind
	}
	m.Aliases = withNames(m.Name, h.strs("aliases"), append([]string{l.Name}, l.Aliases...))
	if h.str("countryCode") == "" {
		m.CountryCode = l.CountryCode
	}
	if h.float("latitude") == nil && h.float("longitude") == nil {
		m.Latitude, m.Longitude = l.Latitude, l.Longitude
	}
	if h.str("parent") == "" {
		m.ParentID = l.ParentID
	}
	return m
}

func (rw *rewrite) follow(label string, id string) string {
	if to, ok := rw.to[label][id]; ok {
		return to
	}
	return id
}

// input is the rewritten input: resolved items replaced or dropped and
// every reference followed (followReferences, carrying the folds prior of
// an earlier rewrite).
func (rw *rewrite) input(prior folded) (model.IngestInput, folded) {
	out := rw.in
	out.Actors = make([]*model.ActorInput, 0, len(rw.in.Actors))
	for i, a := range rw.in.Actors {
		if r, ok := rw.actors[i]; ok {
			a = r
		}
		if a != nil {
			out.Actors = append(out.Actors, a)
		}
	}
	out.Locations = make([]*model.LocationInput, 0, len(rw.in.Locations))
	for i, l := range rw.in.Locations {
		if r, ok := rw.locations[i]; ok {
			l = r
		} else if l != nil && l.ID == nil && l.ParentID != nil && rw.locationIDs != nil {
			// The id made explicit, so that followReferences can tell a
			// place that came to lie in itself.
			cp := *l
			cp.ID = &rw.locationIDs[i]
			l = &cp
		}
		if l != nil {
			out.Locations = append(out.Locations, l)
		}
	}
	return followReferences(out, rw.follow, prior)
}

// backfillTokens gives the actors and locations written before ingest kept
// resolution tokens their tokens, a page at a time; the folding is Go's, so
// the backfill cannot be Cypher alone.
func (c *Client) backfillTokens(ctx context.Context) error {
	const page = 5000
	for _, l := range []string{lActor, lLocation} {
		find := query{"find " + l + " without resolution tokens", `MATCH (n:` + l + `) WHERE n.` + pResolveName + ` IS NULL
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.codes AS codes, n.wikidataId AS wikidataId, n.externalIds AS externalIds LIMIT ` + fmt.Sprint(page)}
		for {
			rows, _, err := write(ctx, c, func(tx neo4j.ManagedTransaction) ([]any, error) {
				recs, err := c.run(ctx, tx, find, nil)
				if err != nil {
					return nil, err
				}
				return c.setTokens(ctx, tx, l, recs)
			})
			if err != nil {
				return fmt.Errorf("migration: resolution tokens of %s: %w", l, err)
			}
			if len(rows) < page {
				break
			}
		}
	}
	return nil
}

// retoken computes the resolution tokens of the nodes of label with ids
// again from what they hold now: a merge moves names, aliases, codes and a
// wikidata id onto the kept node, and later items must find it by them.
func (c *Client) retoken(ctx context.Context, tx neo4j.ManagedTransaction, label string, ids []string) error {
	read := query{"read " + label + " for resolution tokens", `UNWIND $ids AS id MATCH (n:` + label + ` {id: id})
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.codes AS codes, n.wikidataId AS wikidataId, n.externalIds AS externalIds`}
	recs, err := c.run(ctx, tx, read, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	_, err = c.setTokens(ctx, tx, label, recs)
	return err
}

// setTokens writes the resolution tokens of the nodes recs describe (id,
// name, aliases, codes, wikidataId), folded in Go, and returns the rows it
// wrote.
func (c *Client) setTokens(ctx context.Context, tx neo4j.ManagedTransaction, label string, recs []*neo4j.Record) ([]any, error) {
	rows := make([]any, 0, len(recs))
	for _, rec := range recs {
		h := hit(rec.AsMap())
		name := h.str("name")
		if name == "" {
			name = h.str("id") // a node without a name still gets a token, or it would be found again
		}
		p := map[string]any{}
		if label == lActor {
			var wd *string
			if w := h.str("wikidataId"); w != "" {
				wd = &w
			}
			actorTokens(p, name, h.strs("aliases"), h.strs("codes"), wd)
		} else {
			locationTokens(p, name, h.strs("aliases"), nil)
		}
		externalTokens(p, h.strs("externalIds"))
		// Computed from the whole node: a token of something it no
		// longer holds (a wikidata id an unmerge took back) goes.
		for _, k := range resolveTokenProps[label] {
			if s, _ := p[k].(string); s == "" && k != pResolveName {
				p[k] = nil
			}
		}
		if p[pResolveName] == "" {
			p[pResolveName] = "n_"
		}
		rows = append(rows, map[string]any{"id": h.str("id"), "p": p})
	}
	if len(rows) == 0 {
		return rows, nil
	}
	set := query{"set " + label + " resolution tokens", `UNWIND $rows AS row MATCH (n:` + label + ` {id: row.id}) SET n += row.p`}
	if _, err := c.run(ctx, tx, set, map[string]any{"rows": rows}); err != nil {
		return nil, err
	}
	return rows, nil
}
