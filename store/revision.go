package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// The revision log: every write transaction that changes the graph appends
// one (:Revision {seq, at, key, batch, kind, sources}) and one
// (:Change {seq, i, entity, type, op, diff}) per entity it changed, in the
// same transaction as the change. The log is at once the history
// (history.go) and the outbox of the change feed (feed.go).
//
// How a write reports what it changes: before it changes anything, it calls
// touch with the ids it is about to write (one call, whatever the write:
// ingest, an upsert, a delete, a link, a merge). touch reads those entities
// as they are, in one query for all of them; write[T] reads them again after
// the work and before the commit, diffs the two in Go and writes the
// revision in one statement. A write that changed nothing leaves no
// revision, so a replayed batch leaves the log as it was.
//
// seq comes from one (:RevisionCounter) node incremented by the revision
// statement, which is the last statement of its transaction: the increment
// takes the counter's write lock and holds it until commit, so revisions
// commit in seq order, and a transaction that rolls back rolls its
// increment back. Readers of the log therefore never see seq n+1 before n:
// the feed is gapless and in commit order by construction, on any replica.
// Only the revision statement and the commit run under that lock, so
// concurrent writers do their own work in parallel.

// relScope says which relationships of a touched entity the snapshot reads.
type relScope int

const (
	// carried reads the relationships an upsert of the label writes (the
	// links of ingest.go, the hops, the affiliations): an actor's thousands
	// of participations are not read for an upsert of its name. The other
	// end of each relationship hears of its change from this end.
	carried relScope = iota
	// every reads all of the node's relationships: a delete or a merge
	// changes them all.
	every
)

// relType is a relationship type with the direction in which a label's
// node carries it.
type relType struct {
	typ string
	out bool
}

// carries are the relationships each label's writes set (ingest.go's links,
// hops and affiliations). A relationship type a write sets must be listed
// here for its label, or its changes go unrecorded:
// TestEveryWriteLeavesItsRevision writes every kind.
var carries = map[string][]relType{
	lSource:   {},
	lActor:    {{"CITED_IN", true}, {"AFFILIATED_WITH", true}},
	lLocation: {{"CITED_IN", true}, {"LOCATED_IN", true}},
	lTopic:    {{"CITED_IN", true}},
	lEvent: {{"PARTICIPATED_IN", false}, {"OCCURRED_AT", true}, {"CONCERNS", true}, {"CITED_IN", true},
		{"PART_OF", true}, {"LED_TO", true}},
	lPosition: {{"HOLDS", false}, {"ON", true}, {"CITED_IN", true}, {"RESPONDS_TO", true}},
	lForecast: {{"ISSUED_IN", true}, {"RESOLVED_BY", true}, {"ABOUT", true}, {"CITED_IN", true}},
}

// untracked are properties that are no fact of their own: when a node was
// written (the revision says so), and what a label's upsert derives from
// its facts for indexes (resolution tokens, the alias text, spanDays,
// windowSort).
var untracked = func() map[string]bool {
	m := map[string]bool{"createdAt": true, "updatedAt": true, "aliasText": true, "spanDays": true, "windowSort": true}
	for _, ps := range resolveTokenProps {
		for _, p := range ps {
			m[p] = true
		}
	}
	return m
}()

// snapshotQueries read touched entities, per scope: per label, its
// properties and the relationships of the scope with the other end's id
// and label; for an id no node of the label holds, the redirect a merge
// left (to tell merged from deleted). Relationship types are constants, so
// that a dense node's other relationships are never expanded.
var snapshotQueries = func() map[relScope]query {
	qs := map[relScope]query{}
	for _, scope := range []relScope{carried, every} {
		parts := make([]string, 0, len(Labels))
		for _, l := range Labels {
			var out, in []string
			for _, rt := range carries[l] {
				if rt.out {
					out = append(out, rt.typ)
				} else {
					in = append(in, rt.typ)
				}
			}
			rels := func(pattern string, types []string) string {
				if scope == every {
					return strings.ReplaceAll(pattern, "TYPES", "")
				}
				if len(types) == 0 {
					return "[]"
				}
				return strings.ReplaceAll(pattern, "TYPES", ":"+strings.Join(types, "|"))
			}
			parts = append(parts, `UNWIND $`+l+` AS id
OPTIONAL MATCH (n:`+l+` {id: id})
OPTIONAL MATCH (x:Redirect {id: id}) WHERE n IS NULL AND x.of = '`+l+`'
RETURN '`+l+`' AS label, id, n IS NOT NULL AS exists, x.to AS redirect, properties(n) AS props,
  `+rels(`[(n)-[r TYPES]->(m) | [type(r), m.id, labels(m)[0], properties(r)]]`, out)+` AS out,
  `+rels(`[(n)<-[r TYPES]-(m) | [type(r), m.id, labels(m)[0], properties(r)]]`, in)+` AS in`)
		}
		name := "snapshot carried relationships"
		if scope == every {
			name = "snapshot every relationship"
		}
		qs[scope] = query{name, batchPlan + strings.Join(parts, "\nUNION ALL\n")}
	}
	return qs
}()

// qAppendRevision appends one revision with its changes. The counter is
// merged (a wiped database gets it back; the constraint makes concurrent
// merges meet on one node) and locked first (the _lock write), so that the
// seq it reads after is the last committed one. at is the time of this
// statement, which runs under the lock, never before the previous
// revision's: at grows with seq, so "the revisions recorded by a moment"
// are a prefix of the log (asOf relies on it).
var qAppendRevision = query{"append revision", `MERGE (k:RevisionCounter {id: 'log'})
SET k._lock = true
WITH k, datetime.realtime() AS now
SET k.seq = coalesce(k.seq, 0) + 1, k.at = CASE WHEN k.at > now THEN k.at ELSE now END
WITH k.seq AS seq, k.at AS at
CREATE (r:Revision {seq: seq, at: at, key: $key, batch: $batch, kind: $kind, sources: $sources})
WITH r, seq, at
UNWIND range(0, size($changes) - 1) AS i
WITH r, seq, at, i, $changes[i] AS ch
CREATE (c:Change {seq: seq, i: i, at: at, entity: ch.entity, type: ch.type, op: ch.op, diff: ch.diff})
RETURN seq, at, count(*) AS changes`}

// logStatements are the revision log's statements in a write transaction,
// counted apart from the write path's own round trips (metrics.go).
var logStatements = map[string]bool{
	snapshotQueries[carried].name: true, snapshotQueries[every].name: true, qAppendRevision.name: true,
}

func init() {
	migrations = append(migrations,
		query{"constraint RevisionCounter.id", `CREATE CONSTRAINT RevisionCounter_id IF NOT EXISTS FOR (n:RevisionCounter) REQUIRE n.id IS UNIQUE`},
		query{"constraint Revision.seq", `CREATE CONSTRAINT Revision_seq IF NOT EXISTS FOR (n:Revision) REQUIRE n.seq IS UNIQUE`},
		query{"index Revision.at", `CREATE INDEX revision_at IF NOT EXISTS FOR (n:Revision) ON (n.at)`},
		// history(id) reads an entity's changes newest first, the feed all
		// changes in (seq, i) order: both from an index, in its order.
		query{"index Change.entity,seq", `CREATE INDEX change_entity IF NOT EXISTS FOR (n:Change) ON (n.entity, n.seq)`},
		query{"index Change.seq,i", `CREATE INDEX change_seq IF NOT EXISTS FOR (n:Change) ON (n.seq, n.i)`},
	)
}

// Change ops: what happened to an entity in one revision.
const (
	OpCreated  = "created"
	OpUpdated  = "updated"
	OpDeleted  = "deleted"
	OpMerged   = "merged"   // it became a redirect to another node
	OpUnmerged = "unmerged" // an unmerge gave it back
	OpLinked   = "linked"   // only relationships were added to it
	OpUnlinked = "unlinked" // only relationships were removed from it
)

// FieldChange is one property's value before and after a revision (nil:
// absent). Values are as Decode gives them: strings, numbers, booleans,
// dates as "2006-01-02", instants as RFC 3339, lists of those.
type FieldChange struct {
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

// RelChange is one relationship of the entity linked, unlinked or changed:
// its type, whether it points away from the entity (OUT) or at it (IN), the
// node at its other end, and its properties before and after.
type RelChange struct {
	Op        string         `json:"op"`
	Type      string         `json:"type"`
	Direction string         `json:"direction"`
	OtherID   string         `json:"otherId"`
	OtherType string         `json:"otherType"`
	Old       map[string]any `json:"old,omitempty"`
	New       map[string]any `json:"new,omitempty"`
}

// diff is what a Change stores of one entity, as JSON in its diff property
// (Neo4j keeps no maps): values tagged with their type (tagValue) so that
// asOf can write them back as they were.
type diff struct {
	Into   string        `json:"into,omitempty"` // merged: the node kept
	Labels []string      `json:"labels,omitempty"`
	Fields []FieldChange `json:"fields,omitempty"`
	Rels   []RelChange   `json:"rels,omitempty"`
}

// entityChange is one entity's change in a revision being written.
type entityChange struct {
	entity, typ, op string
	diff            diff
}

// relKey names a relationship of an entity by what the write path keeps
// one of: its type, direction and other end.
type relKey struct {
	typ   string
	out   bool
	other string
}

type relState struct {
	otherLabel string
	props      map[string]any
}

// entityState is one entity as a snapshot read it.
type entityState struct {
	label, id string
	exists    bool
	redirect  string
	props     map[string]any
	rels      map[relKey]relState
	scope     relScope
}

// recording is what one attempt of a write transaction has touched. A
// retried transaction function starts a new one.
type recording struct {
	kind   string
	order  []string // touched "label/id", in touch order
	before map[string]*entityState
}

// recordingTx is the transaction write[T] hands its work: the driver's,
// with the recording that touch fills.
type recordingTx struct {
	neo4j.ManagedTransaction
	rec *recording
}

// writeMeta is who wrote and as part of what, for the revision.
type writeMeta struct {
	key, batch string
}

// WithKeyName is eventgraph.WithKeyName, for callers of the store alone.
func WithKeyName(ctx context.Context, name string) context.Context {
	return eventgraph.WithKeyName(ctx, name)
}

// WithBatchID is eventgraph.WithBatchID, for callers of the store alone.
func WithBatchID(ctx context.Context, id string) context.Context {
	return eventgraph.WithBatchID(ctx, id)
}

// keyNameOf is the key name of ctx's request, or nil.
func keyNameOf(ctx context.Context) any {
	if name := eventgraph.KeyNameFrom(ctx); name != "" {
		return name
	}
	return nil
}

// metaOf is the revision's who and what of ctx; without a client's batch
// id, the write gets one of its own.
func metaOf(ctx context.Context) writeMeta {
	m := writeMeta{key: eventgraph.KeyNameFrom(ctx), batch: eventgraph.BatchIDFrom(ctx)}
	if m.batch == "" {
		var b [8]byte
		if _, err := rand.Read(b[:]); err == nil {
			m.batch = hex.EncodeToString(b[:])
		}
	}
	return m
}

// touch tells the revision log that the work is about to change the
// entities ids (per label) and how much of their relationships (scope); it
// reads them as they are, in one query. kind names the write ("ingest",
// "delete", "merge" ...); the first touch of a transaction names it. Outside
// a write transaction it does nothing.
func (c *Client) touch(ctx context.Context, tx neo4j.ManagedTransaction, kind string, scope relScope, ids map[string][]string) error {
	rt, ok := tx.(*recordingTx)
	if !ok {
		return nil
	}
	rec := rt.rec
	if rec.kind == "" {
		rec.kind = kind
	}
	fresh := map[string][]string{}
	n := 0
	// Labels in their one order, not the map's: a revision lists its
	// changes in the order entities were touched, the same on every run.
	for _, l := range Labels {
		for _, id := range ids[l] {
			k := l + "/" + id
			if s, seen := rec.before[k]; seen && (s.scope >= scope) {
				continue
			}
			if _, seen := rec.before[k]; !seen {
				rec.order = append(rec.order, k)
			}
			fresh[l] = append(fresh[l], id)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	states, err := c.snapshot(ctx, rt.ManagedTransaction, scope, fresh)
	if err != nil {
		return err
	}
	for k, s := range states {
		rec.before[k] = s
	}
	return nil
}

// snapshot reads the entities ids (per label) with the relationships of scope.
func (c *Client) snapshot(ctx context.Context, tx neo4j.ManagedTransaction, scope relScope, ids map[string][]string) (map[string]*entityState, error) {
	params := make(map[string]any, len(Labels))
	for _, l := range Labels {
		params[l] = dedupe(ids[l])
	}
	recs, err := c.run(ctx, tx, snapshotQueries[scope], params)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*entityState, len(recs))
	for _, r := range recs {
		s := &entityState{scope: scope, rels: map[relKey]relState{}}
		s.label, _ = r.Values[0].(string)
		s.id, _ = r.Values[1].(string)
		s.exists, _ = r.Values[2].(bool)
		s.redirect, _ = r.Values[3].(string)
		s.props, _ = r.Values[4].(map[string]any)
		for j, out := range []bool{true, false} {
			list, _ := r.Values[5+j].([]any)
			for _, item := range list {
				t, _ := item.([]any)
				if len(t) != 4 {
					continue
				}
				typ, _ := t[0].(string)
				other, _ := t[1].(string)
				ol, _ := t[2].(string)
				props, _ := t[3].(map[string]any)
				s.rels[relKey{typ, out, other}] = relState{ol, props}
			}
		}
		out[s.label+"/"+s.id] = s
	}
	return out, nil
}

func dedupe(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// commitRevision reads the touched entities again, diffs them with what
// touch read and appends the revision, as the last statement of the
// transaction. Nothing touched, or nothing changed: no revision.
func (c *Client) commitRevision(ctx context.Context, tx *recordingTx, meta writeMeta) error {
	rec := tx.rec
	if len(rec.order) == 0 {
		return nil
	}
	byScope := map[relScope]map[string][]string{}
	for _, k := range rec.order {
		s := rec.before[k]
		if byScope[s.scope] == nil {
			byScope[s.scope] = map[string][]string{}
		}
		byScope[s.scope][s.label] = append(byScope[s.scope][s.label], s.id)
	}
	after := map[string]*entityState{}
	for _, scope := range []relScope{carried, every} {
		if ids := byScope[scope]; ids != nil {
			states, err := c.snapshot(ctx, tx.ManagedTransaction, scope, ids)
			if err != nil {
				return err
			}
			maps.Copy(after, states)
		}
	}
	changes := diffAll(rec, after)
	if len(changes) == 0 {
		return nil
	}
	rows := make([]any, len(changes))
	for i, ch := range changes {
		js, err := json.Marshal(tagDiff(ch.diff))
		if err != nil {
			return fmt.Errorf("revision of %s: %w", ch.entity, err)
		}
		rows[i] = map[string]any{"entity": ch.entity, "type": ch.typ, "op": ch.op, "diff": string(js)}
	}
	var key any
	if meta.key != "" {
		key = meta.key
	}
	_, err := c.run(ctx, tx.ManagedTransaction, qAppendRevision, map[string]any{
		"key": key, "batch": meta.batch, "kind": rec.kind, "sources": citedSources(changes), "changes": rows})
	return err
}

// diffAll is the revision's changes: each touched entity's own, then the
// relationship changes its other ends hear of (one change per other end,
// with all of them), in the order the entities were touched.
func diffAll(rec *recording, after map[string]*entityState) []entityChange {
	var out []entityChange
	mirrors := map[string]*entityChange{}
	var mirrorOrder []string
	for _, k := range rec.order {
		b, a := rec.before[k], after[k]
		if a == nil {
			a = &entityState{label: b.label, id: b.id, scope: b.scope}
		}
		ch, ok := diffEntity(b, a)
		if !ok {
			continue
		}
		out = append(out, ch)
		for _, rc := range ch.diff.Rels {
			ok := rec.before[rc.OtherType+"/"+rc.OtherID]
			if ok != nil && covers(ok, rc.Type, rc.Direction == "IN") {
				continue // the other end's own diff has it
			}
			mk := rc.OtherType + "/" + rc.OtherID
			m := mirrors[mk]
			if m == nil {
				m = &entityChange{entity: rc.OtherID, typ: rc.OtherType}
				mirrors[mk] = m
				mirrorOrder = append(mirrorOrder, mk)
			}
			mirrored := rc
			mirrored.OtherID, mirrored.OtherType = b.id, b.label
			mirrored.Direction = map[string]string{"IN": "OUT", "OUT": "IN"}[rc.Direction]
			m.diff.Rels = append(m.diff.Rels, mirrored)
		}
	}
	own := map[string]int{}
	for i, ch := range out {
		own[ch.typ+"/"+ch.entity] = i
	}
	for _, mk := range mirrorOrder {
		m := mirrors[mk]
		if i, ok := own[mk]; ok {
			out[i].diff.Rels = append(out[i].diff.Rels, m.diff.Rels...)
			continue
		}
		m.op = relOp(m.diff.Rels)
		out = append(out, *m)
	}
	return out
}

// covers says whether a snapshot of s read relationships of typ in that
// direction.
func covers(s *entityState, typ string, out bool) bool {
	if s.scope == every {
		return true
	}
	return slices.Contains(carries[s.label], relType{typ, out})
}

// diffEntity compares an entity before and after; ok is false when nothing
// changed.
func diffEntity(b, a *entityState) (entityChange, bool) {
	ch := entityChange{entity: b.id, typ: b.label}
	switch {
	case !b.exists && !a.exists:
		return ch, false
	case !b.exists:
		ch.op = OpCreated
		if b.redirect != "" {
			ch.op = OpUnmerged
		}
	case !a.exists:
		ch.op = OpDeleted
		if a.redirect != "" {
			ch.op, ch.diff.Into = OpMerged, a.redirect
		}
	}
	keys := map[string]bool{}
	for k := range b.props {
		keys[k] = true
	}
	for k := range a.props {
		keys[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if untracked[k] || k == "id" {
			continue
		}
		if ov, nv := b.props[k], a.props[k]; !same(ov, nv) {
			ch.diff.Fields = append(ch.diff.Fields, FieldChange{Field: k, Old: ov, New: nv})
		}
	}
	for _, k := range sortedRelKeys(b.rels, a.rels) {
		br, inB := b.rels[k]
		ar, inA := a.rels[k]
		rc := RelChange{Type: k.typ, Direction: "IN", OtherID: k.other}
		if k.out {
			rc.Direction = "OUT"
		}
		switch {
		case inB && !inA:
			rc.Op, rc.OtherType, rc.Old = OpUnlinked, br.otherLabel, propsOrEmpty(br.props)
		case !inB && inA:
			rc.Op, rc.OtherType, rc.New = OpLinked, ar.otherLabel, propsOrEmpty(ar.props)
		case !same(br.props, ar.props):
			rc.Op, rc.OtherType, rc.Old, rc.New = OpUpdated, ar.otherLabel, propsOrEmpty(br.props), propsOrEmpty(ar.props)
		default:
			continue
		}
		ch.diff.Rels = append(ch.diff.Rels, rc)
	}
	if ch.op == "" {
		if len(ch.diff.Fields) == 0 && len(ch.diff.Rels) == 0 {
			return ch, false
		}
		ch.op = OpUpdated
		if len(ch.diff.Fields) == 0 {
			ch.op = relOp(ch.diff.Rels)
		}
	}
	return ch, true
}

func propsOrEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// relOp is the op of an entity whose only changes are rels.
func relOp(rels []RelChange) string {
	op := ""
	for _, r := range rels {
		switch {
		case op == "":
			op = r.Op
		case op != r.Op:
			return OpUpdated
		}
	}
	if op != OpLinked && op != OpUnlinked {
		return OpUpdated
	}
	return op
}

func sortedRelKeys(a, b map[relKey]relState) []relKey {
	keys := make([]relKey, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		x, y := keys[i], keys[j]
		if x.typ != y.typ {
			return x.typ < y.typ
		}
		if x.out != y.out {
			return x.out
		}
		return x.other < y.other
	})
	return keys
}

// same compares two values as the driver gives them.
func same(a, b any) bool { return reflect.DeepEqual(a, b) }

// citedSources are the sources the revision's changes cite: the other end
// of every citation linked, and the source ids of participations and
// affiliations set.
func citedSources(changes []entityChange) []string {
	set := map[string]bool{}
	for _, ch := range changes {
		for _, r := range ch.diff.Rels {
			if r.Op == OpUnlinked {
				continue
			}
			if r.Type == "CITED_IN" && r.Direction == "OUT" || r.Type == "ISSUED_IN" && r.Direction == "OUT" {
				set[r.OtherID] = true
			}
			if ids, ok := r.New["sourceIds"].([]any); ok {
				for _, id := range ids {
					if s, ok := id.(string); ok {
						set[s] = true
					}
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// Values in a Change's JSON are tagged with their Neo4j type where JSON
// has none, so that asOf writes back what was there: {"$date": "..."},
// {"$datetime": "..."}, {"$localdatetime": "..."}; everything else is
// plain JSON (integers stay integers: see untagValue).
func tagDiff(d diff) diff {
	out := d
	out.Fields = make([]FieldChange, len(d.Fields))
	for i, f := range d.Fields {
		out.Fields[i] = FieldChange{Field: f.Field, Old: tagValue(f.Old), New: tagValue(f.New)}
	}
	out.Rels = make([]RelChange, len(d.Rels))
	for i, r := range d.Rels {
		r.Old, r.New = tagProps(r.Old), tagProps(r.New)
		out.Rels[i] = r
	}
	return out
}

func tagProps(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = tagValue(v)
	}
	return out
}

func tagValue(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return map[string]any{"$date": x.Time().Format(time.DateOnly)}
	case time.Time:
		return map[string]any{"$datetime": x.Format(time.RFC3339Nano)}
	case dbtype.LocalDateTime:
		return map[string]any{"$localdatetime": x.Time().Format("2006-01-02T15:04:05.999999999")}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = tagValue(e)
		}
		return out
	}
	return v
}

// untagValue turns a value read from a Change's JSON (decoded with
// UseNumber) back into what the driver sends to Neo4j.
func untagValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = untagValue(e)
		}
		return out
	case map[string]any:
		if s, ok := x["$date"].(string); ok {
			t, _ := time.Parse(time.DateOnly, s)
			return neo4j.DateOf(t)
		}
		if s, ok := x["$datetime"].(string); ok {
			t, _ := time.Parse(time.RFC3339Nano, s)
			return t
		}
		if s, ok := x["$localdatetime"].(string); ok {
			t, _ := time.Parse("2006-01-02T15:04:05.999999999", s)
			return neo4j.LocalDateTimeOf(t)
		}
	}
	return v
}

// plainValue is a tagged value as a client reads it: dates and instants
// as strings.
func plainValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case map[string]any:
		for _, tag := range []string{"$date", "$datetime", "$localdatetime"} {
			if s, ok := x[tag].(string); ok {
				return s
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainValue(e)
		}
		return out
	}
	return v
}

// touchBatch touches what a batch writes: its nodes and the actors of its
// affiliations. Ids the batch lookup found the graph lacks are known to be
// absent and are not read.
func (c *Client) touchBatch(ctx context.Context, tx neo4j.ManagedTransaction, b *batch) error {
	rt, ok := tx.(*recordingTx)
	if !ok {
		return nil
	}
	ids := map[string][]string{}
	for _, l := range Labels {
		for _, id := range b.order[l] {
			if b.fresh[l][id] {
				k := l + "/" + id
				if _, seen := rt.rec.before[k]; !seen {
					rt.rec.order = append(rt.rec.order, k)
					rt.rec.before[k] = &entityState{label: l, id: id, scope: carried, rels: map[relKey]relState{}}
				}
				continue
			}
			ids[l] = append(ids[l], id)
		}
	}
	for _, row := range b.affiliations {
		if m, ok := row.(map[string]any); ok {
			if id, ok := m["actorId"].(string); ok {
				ids[lActor] = append(ids[lActor], id)
			}
		}
	}
	kind := "ingest"
	if b.ps.single {
		kind = "upsert"
	}
	return c.touch(ctx, tx, kind, carried, ids)
}
