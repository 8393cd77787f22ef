package store

// Merging duplicates: mergeActors, mergeLocations, unmerge and
// duplicateCandidates (DESIGN.md, "Entity resolution").
//
// A merged node is not deleted: it loses its Actor or Location label and
// becomes a :Redirect {id, to, of, mergeId}, keeping its own properties and
// its element id. That is why a label change and not a new node: the
// redirect is its own record of what it was (nothing to serialise, every
// property keeps its Neo4j type), and unmerge gives the label back to the
// very same node. Recorded relationships name their ends by label and id
// (nodeAt): Neo4j finds a node by element id only by scanning them all. A redirect has no relationships, so no traversal
// meets it, and no label index or full-text index sees it; get-by-id
// (roots.go) and ingest (the batch lookup, lookup.go) look it up by id.
//
// The record of a merge is a :Merge node (its id is the revisionId) with
// the kept node's properties the merge changes as they were, one
// :MergedRel node per relationship the merged nodes had (its type, its
// endpoints, its properties copied as they were) and one :MergeSnapshot per
// relationship of the kept node the merge combined another into. Unmerge
// reads them back; the :Merge node stays, marked undone, so that a second
// unmerge is refused.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// aliasJoin joins a node's aliases into aliasText, the string the full-text
// index reads (validate.go writes it the same way at ingest).
const aliasJoin = " | "

// MergeResult is what a merge did.
type MergeResult struct {
	RevisionID string
	KeptID     string
	MergedIDs  []string
	// Moved counts the relationships created on the kept node, Combined
	// those folded into one the kept node already had, Dropped those that
	// would have joined the kept node to itself (or given a place a second
	// parent); all of them are restored by unmerge.
	Moved, Combined, Dropped int
	Bookmark                 string
}

// UnmergeResult is what an unmerge did.
type UnmergeResult struct {
	RevisionID  string
	KeptID      string
	RestoredIDs []string
	Bookmark    string
}

// mergeable are the labels that merge, by the type name the API uses.
var mergeable = map[string]string{"ACTOR": lActor, "LOCATION": lLocation}

// MergeActors merges the actors mergeIDs into keepID.
func (c *Client) MergeActors(ctx context.Context, keepID string, mergeIDs []string) (*MergeResult, error) {
	return c.merge(ctx, lActor, keepID, mergeIDs)
}

// MergeLocations merges the locations mergeIDs into keepID.
func (c *Client) MergeLocations(ctx context.Context, keepID string, mergeIDs []string) (*MergeResult, error) {
	return c.merge(ctx, lLocation, keepID, mergeIDs)
}

// mergeArgs checks the ids of a merge without the database: well formed,
// at least one to merge, within the list bound, none twice, the kept one
// not among them.
func mergeArgs(keepID string, mergeIDs []string) eventgraph.InputErrors {
	var errs eventgraph.InputErrors
	if !eventgraph.ValidID(keepID) {
		errs = append(errs, eventgraph.InputError("keepId", "%q is not a valid id", keepID))
	}
	if len(mergeIDs) == 0 {
		errs = append(errs, eventgraph.InputError("mergeIds", "name at least one id to merge into %q", keepID))
	}
	if len(mergeIDs) > eventgraph.LimitList.Max {
		errs = append(errs, eventgraph.InputError("mergeIds", "at most %s in one merge, not %d", eventgraph.LimitList, len(mergeIDs)))
		return errs
	}
	seen := map[string]bool{}
	for i, id := range mergeIDs {
		path := fmt.Sprintf("mergeIds[%d]", i)
		switch {
		case !eventgraph.ValidID(id):
			errs = append(errs, eventgraph.InputError(path, "%q is not a valid id", id))
		case id == keepID:
			errs = append(errs, eventgraph.InputError(path, "%q is the node kept: a node is not merged into itself", id))
		case seen[id]:
			errs = append(errs, eventgraph.InputError(path, "%q is named twice", id))
		}
		seen[id] = true
	}
	return errs
}

// newRevisionID makes the id of a merge record: random, so that two merges
// never share one.
func newRevisionID() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("revision id: %w", err)
	}
	return "merge-" + hex.EncodeToString(b), nil
}

// qMergeCheck tells, for each id, whether it is an actor, a location, or
// the redirect of an earlier merge, and for locations its parent and
// whether it lies within (or contains) another of the ids: merging a place
// with a place inside it would make the kept place lie within itself.
var qMergeCheck = query{"merge: check ids", `UNWIND $ids AS id
RETURN id,
  COLLECT { MATCH (:Actor {id: id}) RETURN 'Actor' AS l UNION MATCH (:Location {id: id}) RETURN 'Location' AS l } AS labels,
  COLLECT { MATCH (r:Redirect {id: id}) WHERE r.of = $label RETURN r.to }[0] AS mergedInto,
  COLLECT { MATCH (:Location {id: id})-[:LOCATED_IN]->(p:Location) RETURN p.id }[0] AS parent,
  COLLECT { MATCH (:Location {id: id})-[:LOCATED_IN*1..32]->(p:Location) WHERE p.id IN $ids RETURN p.id }[0] AS within`}

// mergeRecord creates the :Merge node with the kept node's properties the
// merge changes, and copies every relationship of the merged nodes, once
// each, into a :MergedRel node.
func mergeRecord(label string) query {
	return query{"merge " + label + ": record", `MATCH (k:` + label + ` {id: $keep})
CREATE (m:Merge {id: $rev, at: datetime.transaction(), keyName: $keyName, of: $label, keepId: $keep, mergeIds: $merge, undone: false,
  keepAliases: k.aliases, keepAliasText: k.aliasText, keepCodes: k.codes, keepExternalIds: k.externalIds, keepWikidataId: k.wikidataId,
  keepCountryCode: k.countryCode, keepLatitude: k.latitude, keepLongitude: k.longitude, keepUpdatedAt: k.updatedAt})
WITH m
UNWIND $merge AS mid
MATCH (x:` + label + ` {id: mid})-[r]-()
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
CREATE (s:MergedRel)
SET s = properties(r), s._rev = $rev, s._type = type(r),
    s._startLabel = labels(a)[0], s._startId = a.id, s._endLabel = labels(b)[0], s._endId = b.id
RETURN count(s) AS recorded`}
}

// mergeGroups is the start of the two moving statements: every recorded
// relationship with its merged ends replaced by the kept node, grouped so
// that relationships that become one (two merged actors in one event) are
// written once, and the kept node's own relationship they duplicate, if
// any. A relationship that would join the kept node to itself, or give a
// place a second parent, is left out (and counted as dropped). A citation
// duplicates another with the same quote; one without a quote duplicates
// any citation of that source, as at ingest. The kept node's relationship
// is looked for from the other end, whose degree is small (an event, a
// source), never by walking the kept node's (a state's thousands).
func mergeGroups(label string) string {
	return `MATCH (k:` + label + ` {id: $keep})
MATCH (s:MergedRel {_rev: $rev})
` + nodeAt("a", "s", "_start") + `
` + nodeAt("b", "s", "_end") + `
WITH k, s, a, b, CASE WHEN a:` + label + ` AND a.id IN $merge THEN k ELSE a END AS na,
     CASE WHEN b:` + label + ` AND b.id IN $merge THEN k ELSE b END AS nb
WITH k, s, na, nb, na = nb OR (s._type = 'LOCATED_IN' AND na = k AND NOT coalesce(a.id = $parentFrom, false)) AS dropped
WITH k, s._type AS type, na, nb, dropped, CASE WHEN s._type = 'CITED_IN' THEN s.quote END AS quote, collect(s) AS group
WITH k, type, na, nb, dropped, quote, group,
  CASE WHEN dropped THEN null
       WHEN na = k THEN COLLECT { MATCH (nb)<-[e]-(x) WHERE x = k AND type(e) = type AND (type <> 'CITED_IN' OR quote IS NULL OR e.quote = quote) RETURN e }[0]
       ELSE COLLECT { MATCH (na)-[e]->(x) WHERE x = k AND type(e) = type AND (type <> 'CITED_IN' OR quote IS NULL OR e.quote = quote) RETURN e }[0] END AS existing
`
}

// combineProps sets rel's properties from the group's, those in keep (the
// kept relationship's, or none) winning, with every source id of them all
// and, for sourced relationships, every citation (claims.go).
var combineProps = `FOREACH (g IN reverse(group) | SET rel += properties(g))
SET rel += keep
REMOVE rel._rev, rel._type, rel._startLabel, rel._startId, rel._endLabel, rel._endId, rel._created, rel._into
WITH rel, group, keep, reduce(acc = coalesce(keep.sourceIds, []), g IN group |
  reduce(a2 = acc, sid IN coalesce(g.sourceIds, []) | CASE WHEN sid IN a2 THEN a2 ELSE a2 + sid END)) AS sourceIds
SET rel.sourceIds = CASE WHEN size(sourceIds) = 0 THEN rel.sourceIds ELSE sourceIds END` + combineCitations()

// mergeCombine folds each group into the kept node's relationship it
// duplicates, after copying that relationship's properties into a
// :MergeSnapshot for unmerge.
func mergeCombine(label string) query {
	return query{"merge " + label + ": combine relationships", mergeGroups(label) + `WITH k, group, existing AS rel WHERE rel IS NOT NULL
WITH group, rel, CASE WHEN startNode(rel) = k THEN endNode(rel) ELSE startNode(rel) END AS other
CREATE (snap:MergeSnapshot) SET snap = properties(rel), snap._rev = $rev, snap._rel = elementId(rel),
  snap._otherLabel = labels(other)[0], snap._otherId = other.id
WITH group, rel, properties(rel) AS keep
FOREACH (g IN group | SET g._into = elementId(rel))
WITH rel, group, keep
` + combineProps + `
RETURN count(*) AS combined`}
}

// mergeMove creates on the kept node each group that duplicates nothing it
// has, and counts the dropped ones.
func mergeMove(label string) query {
	return query{"merge " + label + ": move relationships", mergeGroups(label) + `WITH type, na, nb, dropped, group, existing WHERE existing IS NULL
CALL (type, na, nb, dropped, group) {
  WITH * WHERE NOT dropped
  CREATE (na)-[rel:$(type)]->(nb)
  WITH rel, group, {} AS keep
  FOREACH (g IN group | SET g._created = elementId(rel))
  WITH rel, group, keep
  ` + combineProps + `
  RETURN count(*) AS moved
}
RETURN sum(moved) AS moved, count(CASE WHEN dropped THEN 1 END) AS dropped`}
}

// mergeNodes gives the kept node the merged nodes' names and aliases as
// aliases, their codes and external ids, and their Wikidata id, country and coordinates
// where it has none; turns the merged nodes into redirects to it without
// their relationships; and points redirects of earlier merges that led to
// a merged node at the kept one instead (remembering where they led).
func mergeNodes(label string) query {
	return query{"merge " + label + ": redirect", `MATCH (m:Merge {id: $rev})
MATCH (k:` + label + ` {id: $keep})
UNWIND $merge AS mid
MATCH (x:` + label + ` {id: mid})
WITH m, k, collect(x) AS xs
WITH m, k, xs,
  reduce(acc = coalesce(k.aliases, []), name IN reduce(all = [], x IN xs | all + [x.name] + coalesce(x.aliases, [])) |
    CASE WHEN name IS NULL OR name = k.name OR name IN acc THEN acc ELSE acc + name END) AS aliases,
  reduce(acc = coalesce(k.codes, []), code IN reduce(all = [], x IN xs | all + coalesce(x.codes, [])) |
    CASE WHEN code IN acc THEN acc ELSE acc + code END) AS codes,
  reduce(acc = coalesce(k.externalIds, []), x IN reduce(all = [], x IN xs | all + coalesce(x.externalIds, [])) |
    CASE WHEN x IN acc THEN acc ELSE acc + x END) AS externalIds,
  [x IN xs WHERE x.latitude IS NOT NULL AND x.longitude IS NOT NULL][0] AS located
SET k.aliases = CASE WHEN size(aliases) = 0 THEN k.aliases ELSE aliases END,
    k.aliasText = CASE WHEN size(aliases) = 0 THEN k.aliasText ELSE reduce(t = '', a IN aliases | t + CASE WHEN t = '' THEN '' ELSE $aliasJoin END + a) END,
    k.codes = CASE WHEN size(codes) = 0 THEN k.codes ELSE codes END,
    k.externalIds = CASE WHEN size(externalIds) = 0 THEN k.externalIds ELSE externalIds END,
    k.wikidataId = coalesce(k.wikidataId, [x IN xs WHERE x.wikidataId IS NOT NULL | x.wikidataId][0]),
    k.countryCode = coalesce(k.countryCode, [x IN xs WHERE x.countryCode IS NOT NULL | x.countryCode][0]),
    k.latitude = CASE WHEN k.latitude IS NULL OR k.longitude IS NULL THEN located.latitude ELSE k.latitude END,
    k.longitude = CASE WHEN k.latitude IS NULL OR k.longitude IS NULL THEN located.longitude ELSE k.longitude END,
    k.updatedAt = datetime.transaction()
WITH m, k, xs
CALL (m, k) {
  MATCH (r:Redirect) WHERE r.of = $label AND r.to IN $merge
  WITH m, k, collect(r) AS rs
  SET m.repointed = [r IN rs | r.id], m.repointedTo = [r IN rs | r.to]
  FOREACH (r IN rs | SET r.to = k.id)
}
FOREACH (x IN xs | REMOVE x:` + label + ` SET x:Redirect, x.to = k.id, x.of = $label, x.mergeId = $rev)
WITH xs
UNWIND xs AS x
OPTIONAL MATCH (x)-[r]-()
WITH xs, collect(DISTINCT r) AS rs
FOREACH (r IN rs | DELETE r)
RETURN size(xs) AS merged`}
}

// merge is MergeActors and MergeLocations: one write transaction, a fixed
// number of statements whatever the number of relationships.
func (c *Client) merge(ctx context.Context, label, keepID string, mergeIDs []string) (*MergeResult, error) {
	if errs := mergeArgs(keepID, mergeIDs); len(errs) > 0 {
		return nil, errs
	}
	rev, err := newRevisionID()
	if err != nil {
		return nil, err
	}
	res := &MergeResult{RevisionID: rev, KeptID: keepID, MergedIDs: mergeIDs}
	_, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		parentFrom, err := c.mergeCheck(ctx, tx, label, keepID, mergeIDs)
		if err != nil {
			return struct{}{}, err
		}
		if err := c.touch(ctx, tx, "merge", every, map[string][]string{label: append([]string{keepID}, mergeIDs...)}); err != nil {
			return struct{}{}, err
		}
		params := map[string]any{"keep": keepID, "merge": mergeIDs, "rev": rev, "label": label,
			"keyName": keyNameOf(ctx), "parentFrom": parentFrom, "aliasJoin": aliasJoin}
		if _, err := c.run(ctx, tx, mergeRecord(label), params); err != nil {
			return struct{}{}, err
		}
		recs, err := c.run(ctx, tx, mergeCombine(label), params)
		if err != nil {
			return struct{}{}, err
		}
		res.Combined = intAt(recs, 0)
		recs, err = c.run(ctx, tx, mergeMove(label), params)
		if err != nil {
			return struct{}{}, err
		}
		res.Moved, res.Dropped = intAt(recs, 0), intAt(recs, 1)
		recs, err = c.run(ctx, tx, mergeNodes(label), params)
		if err != nil {
			return struct{}{}, err
		}
		if n := intAt(recs, 0); n != len(mergeIDs) {
			return struct{}{}, fmt.Errorf("merge %s: %d nodes redirected, want %d", label, n, len(mergeIDs))
		}
		return struct{}{}, c.retoken(ctx, tx, label, []string{keepID})
	})
	if err != nil {
		return nil, wrapWrite("merge "+label, err)
	}
	res.Bookmark = bookmark
	return res, nil
}

// mergeCheck refuses, with the path of each, ids that are not nodes of
// label (unknown, another label, merged already) and locations one inside
// another. It returns the merged location whose parent the kept one
// adopts when it has none (the first in mergeIds that has one), or nil.
func (c *Client) mergeCheck(ctx context.Context, tx neo4j.ManagedTransaction, label, keepID string, mergeIDs []string) (any, error) {
	ids := append([]string{keepID}, mergeIDs...)
	recs, err := c.run(ctx, tx, qMergeCheck, map[string]any{"ids": ids, "label": label})
	if err != nil {
		return nil, err
	}
	byID := map[string]*neo4j.Record{}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		byID[id] = r
	}
	what := strings.ToLower(label)
	var errs eventgraph.InputErrors
	var parentFrom any
	keepHasParent := false
	for i, id := range ids {
		path := "keepId"
		if i > 0 {
			path = fmt.Sprintf("mergeIds[%d]", i-1)
		}
		r := byID[id]
		if r == nil {
			return nil, fmt.Errorf("%s: no row for %q", qMergeCheck.name, id)
		}
		labels, _ := r.Values[1].([]any)
		into, _ := r.Values[2].(string)
		// A parent and places within are a location's (an actor with
		// the id of a location must not hear of it).
		var parent, within string
		if label == lLocation {
			parent, _ = r.Values[3].(string)
			within, _ = r.Values[4].(string)
		}
		is := map[string]bool{}
		for _, l := range labels {
			s, _ := l.(string)
			is[s] = true
		}
		switch {
		case is[label] && within != "":
			errs = append(errs, eventgraph.InputError(path, "%q lies within %q: a place and a place inside it are not duplicates, and merging them would make the kept place lie within itself", id, within))
		case is[label]:
			if i == 0 {
				keepHasParent = parent != ""
			} else if parent != "" && parentFrom == nil && !keepHasParent {
				parentFrom = id
			}
		case into != "":
			errs = append(errs, eventgraph.InputError(path, "%q was merged into %q already: name %q instead", id, into, into))
		case len(labels) > 0:
			errs = append(errs, eventgraph.InputError(path, "%q is a %s, not a %s: only nodes of one type merge", id, strings.ToLower(fmt.Sprint(labels[0])), what))
		default:
			errs = append(errs, eventgraph.InputError(path, "no %s with id %q", what, id))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return parentFrom, nil
}

// intAt is column i of the single record of a counting statement.
func intAt(recs []*neo4j.Record, i int) int {
	if len(recs) == 0 || len(recs[0].Values) <= i {
		return 0
	}
	n, _ := recs[0].Values[i].(int64)
	return int(n)
}

// qUnmergeCheck reads a merge record and whether its kept node has been
// merged into another since (that merge must be undone first).
var qUnmergeCheck = query{"unmerge: check", `MATCH (m:Merge {id: $rev})
RETURN m.of AS label, m.keepId AS keep, m.mergeIds AS merged, m.undone AS undone,
  COLLECT { MATCH (r:Redirect {id: m.keepId}) WHERE r.of = m.of RETURN r.mergeId }[0] AS laterMerge`}

// unmergeNodes gives the merged nodes their label back, the kept node the
// properties the merge changed, and the redirects the merge repointed
// their old target.
func unmergeNodes(label string) query {
	return query{"unmerge " + label + ": nodes", `MATCH (m:Merge {id: $rev})
MATCH (k:` + label + ` {id: m.keepId})
SET k.aliases = m.keepAliases, k.aliasText = m.keepAliasText, k.codes = m.keepCodes, k.externalIds = m.keepExternalIds, k.wikidataId = m.keepWikidataId,
    k.countryCode = m.keepCountryCode, k.latitude = m.keepLatitude, k.longitude = m.keepLongitude, k.updatedAt = m.keepUpdatedAt
WITH m
CALL (m) {
  UNWIND range(0, size(coalesce(m.repointed, [])) - 1) AS i
  MATCH (r:Redirect {id: m.repointed[i]}) WHERE r.of = m.of
  SET r.to = m.repointedTo[i]
}
CALL (m) {
  MATCH (x:Redirect {mergeId: m.id})
  REMOVE x:Redirect, x.to, x.of, x.mergeId
  SET x:` + label + `
  RETURN collect(x.id) AS restored
}
SET m.undone = true, m.undoneAt = datetime.transaction()
RETURN restored`}
}

// qUnmergeRels delete the relationships the merge created, give the ones
// it combined their properties back, and recreate the merged nodes'
// relationships as they were (those whose other end still exists); then
// the record's copies go. Each ends are found by label and id (nodeAt).
var qUnmergeRels = []query{
	{"unmerge: delete the relationships created", `MATCH (s:MergedRel {_rev: $rev}) WHERE s._created IS NOT NULL
WITH DISTINCT s._created AS eid,
  CASE WHEN s._startLabel = $label AND s._startId IN $merge THEN [s._endLabel, s._endId] ELSE [s._startLabel, s._startId] END AS end
WITH eid, {_otherLabel: end[0], _otherId: end[1]} AS s
` + nodeAt("o", "s", "_other") + `
MATCH (o)-[r]-() WHERE elementId(r) = eid
DELETE r`},
	{"unmerge: restore the relationships combined", `MATCH (snap:MergeSnapshot {_rev: $rev})
` + nodeAt("o", "snap", "_other") + `
MATCH (o)-[r]-() WHERE elementId(r) = snap._rel
SET r = properties(snap)
REMOVE r._rev, r._rel, r._otherLabel, r._otherId`},
	{"unmerge: recreate the merged nodes' relationships", `MATCH (s:MergedRel {_rev: $rev})
` + nodeAt("a", "s", "_start") + `
` + nodeAt("b", "s", "_end") + `
CREATE (a)-[r:$(s._type)]->(b)
SET r = properties(s)
REMOVE r._rev, r._type, r._startLabel, r._startId, r._endLabel, r._endId, r._created, r._into`},
	{"unmerge: drop the record's copies", `CALL () { MATCH (x:MergedRel {_rev: $rev}) DELETE x }
CALL () { MATCH (x:MergeSnapshot {_rev: $rev}) DELETE x }`},
}

// nodeAt binds v to the node whose label and id the record from keeps in
// its properties prefix+"Label" and prefix+"Id": one index seek per label,
// where a lookup by element id would scan every node.
func nodeAt(v, from, prefix string) string {
	parts := make([]string, len(Labels))
	for i, l := range Labels {
		parts[i] = fmt.Sprintf("MATCH (%s:%s {id: %s.%sId}) WHERE %s.%sLabel = '%s' RETURN %s", v, l, from, prefix, from, prefix, l, v)
	}
	return "CALL (" + from + ") { " + strings.Join(parts, " UNION ") + " }"
}

// Unmerge undoes the merge recorded as revisionID, in one transaction.
// Relationships written to the kept node after the merge stay with it.
func (c *Client) Unmerge(ctx context.Context, revisionID string) (*UnmergeResult, error) {
	if !eventgraph.ValidID(revisionID) {
		return nil, eventgraph.InputErrors{eventgraph.InputError("revisionId", "%q is not a valid id", revisionID)}
	}
	res := &UnmergeResult{RevisionID: revisionID}
	_, bookmark, err := write(ctx, c, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		params := map[string]any{"rev": revisionID}
		recs, err := c.run(ctx, tx, qUnmergeCheck, params)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, eventgraph.InputErrors{eventgraph.InputError("revisionId", "no merge with revision id %q", revisionID)}
		}
		r := recs[0]
		label, _ := r.Values[0].(string)
		res.KeptID, _ = r.Values[1].(string)
		if undone, _ := r.Values[3].(bool); undone {
			return struct{}{}, eventgraph.InputErrors{eventgraph.InputError("revisionId", "the merge %q was undone already", revisionID)}
		}
		if later, _ := r.Values[4].(string); later != "" {
			return struct{}{}, eventgraph.InputErrors{eventgraph.InputError("revisionId",
				"%q, the node this merge kept, was merged since (revision %q): undo that merge first", res.KeptID, later)}
		}
		if label != lActor && label != lLocation {
			return struct{}{}, fmt.Errorf("unmerge %s: the record names label %q", revisionID, label)
		}
		if err := c.touch(ctx, tx, "unmerge", every, map[string][]string{label: append([]string{res.KeptID}, strs(r.Values[2])...)}); err != nil {
			return struct{}{}, err
		}
		recs, err = c.run(ctx, tx, unmergeNodes(label), params)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 1 {
			ids, _ := recs[0].Values[0].([]any)
			for _, id := range ids {
				s, _ := id.(string)
				res.RestoredIDs = append(res.RestoredIDs, s)
			}
		}
		params["label"], params["merge"] = label, r.Values[2]
		for _, q := range qUnmergeRels {
			if _, err := c.run(ctx, tx, q, params); err != nil {
				return struct{}{}, err
			}
		}
		// The kept node has its own names and codes back: its tokens too.
		return struct{}{}, c.retoken(ctx, tx, label, []string{res.KeptID})
	})
	if err != nil {
		return nil, wrapWrite("unmerge "+revisionID, err)
	}
	res.Bookmark = bookmark
	return res, nil
}

// matchByID is the MATCH that binds n to the node of label with the id in
// param, following the redirect a merge left when the id was merged into
// another node: every read by id goes through it (GetValue, GetAnyValues),
// so that the direct path and the executor both reach the kept node.
// Merges redirect only ids of mergeable labels; for the others it is the
// plain index lookup.
func matchByID(label, param string) string { return matchByIDAs("n", label, param) }

// matchByIDAs is matchByID binding the node variable v (the subgraph reads
// look their ends up through it too).
func matchByIDAs(v, label, param string) string {
	if label != lActor && label != lLocation {
		return "MATCH (" + v + ":" + label + " {id: " + param + "})"
	}
	return "OPTIONAL MATCH (redirect:Redirect {id: " + param + "}) WHERE redirect.of = '" + label + "'\n" +
		"WITH coalesce(redirect.to, " + param + ") AS redirected\n" +
		"MATCH (" + v + ":" + label + " {id: redirected})"
}

// CompileDuplicateCandidates is the read behind duplicateCandidates: the
// pairs of nodes of typ (ACTOR or LOCATION) that may be one, around id when
// it is given, at most first of them.
func CompileDuplicateCandidates(typ string, id *string, first int) (Statement, error) {
	label, ok := mergeable[typ]
	if !ok {
		return Statement{}, eventgraph.InputErrors{eventgraph.InputError("type", "%q is not a type that merges: ACTOR or LOCATION", typ)}
	}
	if first < 1 || first > eventgraph.LimitFirst.Max {
		return Statement{}, eventgraph.InputErrors{eventgraph.InputError("first", "first must be between 1 and %d, not %d", eventgraph.LimitFirst.Max, first)}
	}
	var idParam any
	if id != nil {
		if !eventgraph.ValidID(*id) {
			return Statement{}, eventgraph.InputErrors{eventgraph.InputError("id", "%q is not a valid id", *id)}
		}
		idParam = *id
	}
	weights := map[string]any{}
	for k, w := range duplicateWeights {
		weights[k] = w
	}
	q := qDuplicates(label)
	return Statement{Name: q.name, Cypher: q.cypher, Params: map[string]any{"id": idParam, "first": first,
		"maxGroup": maxDuplicateGroup, "closeMeters": closeMeters, "weights": weights}}, nil
}

// DuplicateReason is one reason two nodes may be one: its kind (one of
// the schema's DuplicateReasonKind) and what they share.
type DuplicateReason struct {
	Kind   string
	Detail string
}

// DuplicatePair is a pair duplicateCandidates lists.
type DuplicatePair struct {
	AID, AName, BID, BName string
	Score                  float64
	Reasons                []DuplicateReason
}

// duplicateWeights are what each reason adds to a pair's score (capped at
// 1): shared identifiers weigh most, a similar name less, the same country
// least, and the country only ever supports another reason.
var duplicateWeights = map[string]float64{
	"WIKIDATA_ID": 0.6, "SHARED_CODE": 0.4, "SIMILAR_NAME": 0.4, "SAME_COUNTRY": 0.1, "CLOSE_COORDINATES": 0.3,
}

// Bounds of the candidate search that are not client inputs.
const (
	// maxDuplicateGroup: a key shared by more nodes than this (a code
	// every government carries) is not evidence that any two are one.
	maxDuplicateGroup = 50
	// closeMeters: locations nearer than this are close.
	closeMeters = 10000
)

// foldCypher is name x with case, accents and everything but letters and
// digits folded away: "İstanbul" and "Istanbul" fold to "istanbul".
func foldCypher(x string) string {
	return `reduce(f = '', ch IN split(normalize(toLower(` + x + `), NFD), '') | f + CASE WHEN ch =~ '[\\p{L}\\p{N}]' THEN ch ELSE '' END)`
}

// duplicateKeys are the blocking keys of node n per label: two nodes are
// compared only when they share one, so the query never pairs every node
// with every other.
var duplicateKeys = map[string]string{
	lActor: `[c IN coalesce(n.codes, []) | ['SHARED_CODE', toUpper(c)]] +
  CASE WHEN n.wikidataId IS NULL THEN [] ELSE [['WIKIDATA_ID', n.wikidataId]] END +
  [f IN [x IN [n.name] + coalesce(n.aliases, []) | ` + foldCypher("x") + `] WHERE f <> '' | ['SIMILAR_NAME', f]]`,
	lLocation: `[f IN [x IN [n.name] + coalesce(n.aliases, []) | ` + foldCypher("x") + `] WHERE f <> '' | ['SIMILAR_NAME', f]] +
  CASE WHEN n.latitude IS NULL OR n.longitude IS NULL THEN []
       ELSE [['CELL', toString(toInteger(round(n.latitude * 10))) + ',' + toString(toInteger(round(n.longitude * 10)))]] END`,
}

// qDuplicates lists the candidate pairs of one label in one query.
func qDuplicates(label string) query {
	return query{"duplicate candidates " + label, `MATCH (n:` + label + `)
UNWIND ` + duplicateKeys[label] + ` AS key
WITH key, collect(DISTINCT n) AS ns
WHERE size(ns) > 1 AND size(ns) <= $maxGroup
UNWIND ns AS a
UNWIND ns AS b
WITH a, b, key WHERE a.id < b.id AND ($id IS NULL OR a.id = $id OR b.id = $id)
WITH a, b, collect(DISTINCT key) AS keys
WHERE NOT (a.wikidataId IS NOT NULL AND b.wikidataId IS NOT NULL AND a.wikidataId <> b.wikidataId)
WITH a, b, keys,
  CASE WHEN a.latitude IS NULL OR b.latitude IS NULL OR a.longitude IS NULL OR b.longitude IS NULL THEN null
       ELSE point.distance(point({latitude: a.latitude, longitude: a.longitude}), point({latitude: b.latitude, longitude: b.longitude})) END AS meters
WITH a, b,
  [k IN keys WHERE k[0] = 'WIKIDATA_ID' | {kind: k[0], detail: k[1]}][0..1] +
  CASE WHEN any(k IN keys WHERE k[0] = 'SHARED_CODE')
       THEN [{kind: 'SHARED_CODE', detail: reduce(s = '', k IN [k IN keys WHERE k[0] = 'SHARED_CODE' | k[1]] | s + CASE WHEN s = '' THEN '' ELSE ', ' END + k)}] ELSE [] END +
  [k IN keys WHERE k[0] = 'SIMILAR_NAME' | {kind: k[0], detail: k[1]}][0..1] +
  CASE WHEN meters < $closeMeters THEN [{kind: 'CLOSE_COORDINATES', detail: toString(round(meters / 1000.0, 1)) + ' km'}] ELSE [] END AS strong
WHERE size(strong) > 0
WITH a, b, strong + CASE WHEN a.countryCode IS NOT NULL AND a.countryCode = b.countryCode
  THEN [{kind: 'SAME_COUNTRY', detail: a.countryCode}] ELSE [] END AS reasons
WITH a, b, reasons, reduce(s = 0.0, r IN reasons | s + $weights[r.kind]) AS score
WITH a, b, reasons, CASE WHEN score > 1.0 THEN 1.0 ELSE round(score, 2) END AS score
ORDER BY score DESC, a.id, b.id
LIMIT $first
RETURN a.id AS aId, a.name AS aName, b.id AS bId, b.name AS bName, score, reasons`}
}

// DuplicateCandidates lists up to first pairs of actors or locations (typ
// ACTOR or LOCATION) that may be duplicates, best first; with id, only the
// pairs that node is in.
func (c *Client) DuplicateCandidates(ctx context.Context, typ string, id *string, first int) ([]DuplicatePair, error) {
	st, err := CompileDuplicateCandidates(typ, id, first)
	if err != nil {
		return nil, err
	}
	recs, err := c.readOne(ctx, query{name: st.Name, cypher: st.Cypher}, st.Params)
	if err != nil {
		return nil, err
	}
	out := make([]DuplicatePair, 0, len(recs))
	for _, r := range recs {
		var p DuplicatePair
		p.AID, _ = r.Values[0].(string)
		p.AName, _ = r.Values[1].(string)
		p.BID, _ = r.Values[2].(string)
		p.BName, _ = r.Values[3].(string)
		p.Score, _ = r.Values[4].(float64)
		reasons, _ := r.Values[5].([]any)
		for _, x := range reasons {
			m, _ := x.(map[string]any)
			kind, _ := m["kind"].(string)
			detail, _ := m["detail"].(string)
			p.Reasons = append(p.Reasons, DuplicateReason{Kind: kind, Detail: detail})
		}
		out = append(out, p)
	}
	return out, nil
}

// deleteRedirects goes with deleting an actor or location: the id deleted
// may be a merged one (its redirect goes), and redirects to the deleted
// node would lead nowhere.
var deleteRedirects = map[string]query{
	lActor:    {"delete Actor redirects", `MATCH (r:Redirect) WHERE r.of = 'Actor' AND (r.id = $id OR r.to = $id) DETACH DELETE r`},
	lLocation: {"delete Location redirects", `MATCH (r:Redirect) WHERE r.of = 'Location' AND (r.id = $id OR r.to = $id) DETACH DELETE r`},
}
