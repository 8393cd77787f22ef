package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Reading the revision log (revision.go): an entity's history, the change
// feed's pages, and an entity as it was recorded at a moment (asOf).

// Revision is one write transaction that changed the graph.
type Revision struct {
	Seq int64
	At  time.Time
	// Key is the name of the API key that wrote it ("" when unknown).
	Key     string
	Batch   string
	Kind    string
	Sources []string
}

// Change is what one revision did to one entity. Cursor is its place in the
// log: the feed resumes after it.
type Change struct {
	Cursor    string
	Revision  Revision
	EntityID  string
	Type      eventgraph.NodeType
	Op        string
	Into      string
	Fields    []FieldChange
	Relations []RelChange
}

// ChangePage is one page of changes; EndCursor is the last one's cursor
// (or the cursor asked after, when the page is empty, so that a poller
// keeps its place).
type ChangePage struct {
	Changes     []*Change
	EndCursor   string
	HasNextPage bool
}

// cursor is a change's place in the log: its revision's seq and its index
// in the revision.
type cursor struct {
	seq int64
	i   int64
}

func (c cursor) String() string {
	return strconv.FormatInt(c.seq, 10) + ":" + strconv.FormatInt(c.i, 10)
}

// ParseCursor reads a change cursor; "" is the start of the log. path names
// the argument in the error.
func parseCursor(path, s string) (cursor, error) {
	if s == "" {
		return cursor{seq: 0, i: -1}, nil
	}
	a, b, ok := strings.Cut(s, ":")
	seq, err1 := strconv.ParseInt(a, 10, 64)
	i, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || seq < 0 || i < 0 {
		return cursor{}, eventgraph.InputErrors{eventgraph.InputError(path, "%q is not a change cursor (a cursor this API returned, such as \"42:0\")", s)}
	}
	return cursor{seq, i}, nil
}

const changeColumns = `c.seq AS seq, c.i AS i, c.entity AS entity, c.type AS type, c.op AS op, c.diff AS diff,
  r.at AS at, r.key AS key, r.batch AS batch, r.kind AS kind, r.sources AS sources`

var (
	// qHistory reads an entity's changes newest first, before a cursor;
	// $ids is the id and, for a merged id, the node it was merged into.
	qHistory = query{"history", `UNWIND $ids AS id
MATCH (c:Change) USING INDEX c:Change(entity, seq) WHERE c.entity = id AND c.seq <= $seq
WITH c WHERE c.seq < $seq OR c.i < $i
WITH c ORDER BY c.seq DESC, c.i DESC LIMIT $first
MATCH (r:Revision {seq: c.seq})
RETURN ` + changeColumns + `
ORDER BY seq DESC, i DESC`}

	// qChanges reads the log in commit order after a cursor, from the
	// (seq, i) index in its order.
	// The cursor's (seq, i) comparison is one expression, not an OR, which
	// the planner would answer with a union of a label scan and the seek.
	// The hint keeps the planner off a label scan when the cursor is
	// early in the log; the index gives the order, so the page stops at
	// first.
	qChanges = query{"changes", `MATCH (c:Change) USING INDEX c:Change(seq, i) WHERE c.seq >= $seq AND c.i >= 0
  AND c.seq * 4294967296 + c.i > $seq * 4294967296 + $i
  AND ($types IS NULL OR c.type IN $types)
WITH c ORDER BY c.seq, c.i LIMIT $first
MATCH (r:Revision {seq: c.seq})
RETURN ` + changeColumns}

	qRedirectOf = query{"history: redirect", `MATCH (x:Redirect {id: $id}) RETURN x.to AS to LIMIT 1`}
)

// History is the changes of the entity id, newest first: its own and those
// of its relationships, a deleted entity's included. A merged id reads its
// own changes and those of the node it was merged into.
func (c *Client) History(ctx context.Context, id string, first int, after string) (*ChangePage, error) {
	cur, err := parseCursor("after", after)
	if err != nil {
		return nil, err
	}
	if after == "" {
		cur = cursor{seq: 1<<62 - 1, i: 1<<62 - 1}
	}
	if !eventgraph.ValidID(id) {
		return &ChangePage{Changes: []*Change{}, EndCursor: after}, nil
	}
	ids := []string{id}
	recs, err := c.readOne(ctx, qRedirectOf, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	if len(recs) > 0 {
		if to, _ := recs[0].Values[0].(string); to != "" {
			ids = append(ids, to)
		}
	}
	recs, err = c.readOne(ctx, qHistory, map[string]any{"ids": ids, "seq": cur.seq, "i": cur.i, "first": first + 1})
	if err != nil {
		return nil, err
	}
	return pageOf(recs, first, after)
}

// Changes is one page of the change feed in commit order after the cursor
// after ("" for the start), of the node types types (nil for all).
func (c *Client) Changes(ctx context.Context, after string, first int, types []eventgraph.NodeType) (*ChangePage, error) {
	cur, err := parseCursor("after", after)
	if err != nil {
		return nil, err
	}
	var labels any
	if types != nil {
		ls := make([]string, 0, len(types))
		for _, t := range types {
			if t.Label() == "" {
				return nil, eventgraph.InputErrors{eventgraph.InputError("types", "%q is not a node type", string(t))}
			}
			ls = append(ls, t.Label())
		}
		labels = ls
	}
	recs, err := c.readOne(ctx, qChanges, map[string]any{"seq": cur.seq, "i": cur.i, "types": labels, "first": first + 1})
	if err != nil {
		return nil, err
	}
	return pageOf(recs, first, after)
}

func pageOf(recs []*neo4j.Record, first int, after string) (*ChangePage, error) {
	p := &ChangePage{Changes: make([]*Change, 0, min(len(recs), first)), EndCursor: after}
	for k, r := range recs {
		if k == first {
			p.HasNextPage = true
			break
		}
		ch, err := changeOf(r)
		if err != nil {
			return nil, err
		}
		p.Changes = append(p.Changes, ch)
		p.EndCursor = ch.Cursor
	}
	return p, nil
}

func changeOf(r *neo4j.Record) (*Change, error) {
	m := r.AsMap()
	seq, _ := m["seq"].(int64)
	i, _ := m["i"].(int64)
	ch := &Change{Cursor: cursor{seq, i}.String()}
	ch.EntityID, _ = m["entity"].(string)
	label, _ := m["type"].(string)
	ch.Type = eventgraph.NodeType(strings.ToUpper(label))
	ch.Op, _ = m["op"].(string)
	ch.Revision.Seq = seq
	ch.Revision.At, _ = m["at"].(time.Time)
	ch.Revision.Key, _ = m["key"].(string)
	ch.Revision.Batch, _ = m["batch"].(string)
	ch.Revision.Kind, _ = m["kind"].(string)
	ch.Revision.Sources = strs(m["sources"])
	d, err := decodeDiff(m["diff"])
	if err != nil {
		return nil, fmt.Errorf("change %s: %w", ch.Cursor, err)
	}
	ch.Into = d.Into
	for _, f := range d.Fields {
		ch.Fields = append(ch.Fields, FieldChange{Field: f.Field, Old: plainValue(f.Old), New: plainValue(f.New)})
	}
	for _, rc := range d.Rels {
		rc.Old, _ = plainValue(rc.Old).(map[string]any)
		rc.New, _ = plainValue(rc.New).(map[string]any)
		rc.OtherType = strings.ToUpper(rc.OtherType)
		ch.Relations = append(ch.Relations, rc)
	}
	return ch, nil
}

// decodeDiff reads a Change's JSON keeping numbers as written.
func decodeDiff(v any) (diff, error) {
	s, _ := v.(string)
	var d diff
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return d, fmt.Errorf("diff: %w", err)
	}
	return d, nil
}

// asOf: an entity as the log says it was at a moment. The log is read
// backwards from the present: the entity as it is, with every change
// recorded after the moment undone, newest first. Backwards rather than
// forward replay because the graph holds facts written before the log began
// (a forward replay from an empty graph would miss them) and because the
// cost is that of the changes since the moment, small for recent moments,
// rather than of the entity's whole life. The state is then written into a
// write transaction that is always rolled back, and the root field's own
// compiled read runs in it: the selection, nested connections and all, is
// answered by the one read path, over the entity and its relationships as
// recorded then (the nodes at the other ends are as they are now, those
// deleted since given back as they were then, without relationships of
// their own). An
// entity no change was recorded for since the moment is read as it is, in
// a read transaction.

var (
	// qLaterChanges are an entity's changes recorded after a moment,
	// newest first, and whether any was.
	qLaterChanges = query{"asOf: later changes", `MATCH (c:Change) WHERE c.entity = $id AND c.at > $at AND ($label IS NULL OR c.type = $label)
RETURN c.type AS type, c.op AS op, c.diff AS diff ORDER BY c.seq DESC, c.i DESC`}

	// qRestoreNode gives the node (back) its properties and drops the
	// relationships that are not as they were.
	qRestoreNode = func() map[string]query {
		qs := map[string]query{}
		for _, l := range Labels {
			qs[l] = query{"asOf: restore " + l, `MERGE (m:` + l + ` {id: $id})
SET m = $props
WITH m
CALL (m) { UNWIND $drop AS d MATCH (m)-[r]-(o {id: d.other}) WHERE type(r) = d.type AND (startNode(r) = m) = d.out DELETE r }
RETURN count(*) AS n`}
		}
		return qs
	}()

	// qRestoreRels link the restored node (of the first label) to the
	// other ends (of the second); the types come from the log, checked
	// against the graph's own (relTypes) before they get here.
	qRestoreRels = func() map[[2]string]query {
		qs := map[[2]string]query{}
		for _, l := range Labels {
			for _, ol := range Labels {
				qs[[2]string{l, ol}] = query{"asOf: restore relationships of " + l + " to " + ol, `MATCH (m:` + l + ` {id: $id})
UNWIND $rows AS row
MATCH (o:` + ol + ` {id: row.other})
CALL (m, o, row) {
  WITH m, o, row WHERE row.out CREATE (m)-[r:$(row.type)]->(o) SET r = row.props
  UNION WITH m, o, row WITH m, o, row WHERE NOT row.out CREATE (o)-[r:$(row.type)]->(m) SET r = row.props }
RETURN count(*) AS n`}
			}
		}
		return qs
	}()
)

// relTypes are the relationship types the graph has: asOf writes back only
// these.
var relTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, rs := range carries {
		for _, r := range rs {
			m[r.typ] = true
		}
	}
	return m
}()

// errRolledBack ends an asOf transaction, carrying its answer out.
type errRolledBack struct{ value any }

func (*errRolledBack) Error() string { return "asOf: rolled back" }

// GetValueAsOf is GetValue as the history recorded the node at at.
func (c *Client) GetValueAsOf(ctx context.Context, typ eventgraph.NodeType, id string, fields []Field, at time.Time) (any, error) {
	return c.asOf(ctx, typ, id, at, func(id string) (Statement, error) { return CompileGet(typ, id, fields) },
		func(recs []*neo4j.Record) any {
			if len(recs) == 0 {
				return nil
			}
			return recs[0].Values[0]
		})
}

// GetAnyValueAsOf is node(id) as the history recorded the node at at.
func (c *Client) GetAnyValueAsOf(ctx context.Context, id string, byType map[eventgraph.NodeType][]Field, at time.Time) (any, error) {
	return c.asOf(ctx, "", id, at, func(id string) (Statement, error) { return CompileGetAny([]string{id}, byType) },
		func(recs []*neo4j.Record) any {
			for _, r := range recs {
				if rid, _ := r.Values[0].(string); rid == id {
					return r.Values[1]
				}
			}
			return nil
		})
}

// asOf answers a by-id root field (node, actor, event, ...) as recorded at
// at: compile is the field's compiled read for the id. typ is the node type
// the field asks for, or "" for node(id). A merged id asked before its merge
// reads the node it was then; after, its redirect is followed as now.
func (c *Client) asOf(ctx context.Context, typ eventgraph.NodeType, id string, at time.Time, compile func(id string) (Statement, error), value func(recs []*neo4j.Record) any) (any, error) {
	if !eventgraph.ValidID(id) {
		return nil, nil
	}
	var label any
	if typ != "" {
		label = typ.Label()
	}
	st, err := compile(id)
	if err != nil {
		return nil, err
	}
	later, err := c.readOne(ctx, qLaterChanges, map[string]any{"id": id, "at": at, "label": label})
	if err != nil {
		return nil, err
	}
	if len(later) == 0 {
		recs, err := c.readOne(ctx, query{name: st.Name, cypher: st.Cypher}, st.Params)
		if err != nil {
			return nil, err
		}
		return value(recs), nil
	}
	l, _ := later[0].Values[0].(string)
	var undo []diff
	var ops []string
	for _, r := range later {
		d, err := decodeDiff(r.Values[2])
		if err != nil {
			return nil, fmt.Errorf("asOf %s: %w", id, err)
		}
		undo = append(undo, d)
		op, _ := r.Values[1].(string)
		ops = append(ops, op)
	}
	s := c.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)
	_, err = s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		now, err := c.snapshot(ctx, tx, every, map[string][]string{l: {id}})
		if err != nil {
			return nil, err
		}
		cur := now[l+"/"+id]
		if cur == nil {
			return nil, fmt.Errorf("asOf %s: the snapshot has no row", id)
		}
		then := undoChanges(cur, ops, undo)
		if !then.exists {
			return nil, &errRolledBack{nil}
		}
		if err := c.restoreGone(ctx, tx, cur, then, at); err != nil {
			return nil, err
		}
		if err := c.restore(ctx, tx, cur, then); err != nil {
			return nil, err
		}
		recs, err := c.run(ctx, tx, query{name: st.Name, cypher: st.Cypher}, st.Params)
		if err != nil {
			return nil, err
		}
		return nil, &errRolledBack{value(recs)}
	}, neo4j.WithTxTimeout(c.txTimeout(ctx)))
	var done *errRolledBack
	if errors.As(err, &done) {
		return done.value, nil
	}
	if err != nil {
		c.failed(err)
		return nil, classify(ended(ctx, err))
	}
	return nil, fmt.Errorf("asOf %s: the transaction was not rolled back", id)
}

// qLaterChangesOf are the changes of several entities recorded after a
// moment, newest first.
var qLaterChangesOf = query{"asOf: later changes of the other ends", `UNWIND $ids AS id
MATCH (c:Change) WHERE c.entity = id AND c.at > $at
RETURN c.type AS type, c.entity AS entity, c.op AS op, c.diff AS diff ORDER BY c.seq DESC, c.i DESC`}

// restoreGone gives back, in tx, the nodes at the other ends of then's
// relationships that have been deleted since at, with their properties as
// they were then, so that the relationships can be restored to them.
func (c *Client) restoreGone(ctx context.Context, tx neo4j.ManagedTransaction, cur, then *entityState, at time.Time) error {
	ids := map[string][]string{}
	for k, r := range then.rels {
		if _, ok := cur.rels[k]; !ok && r.otherLabel != "" {
			ids[r.otherLabel] = append(ids[r.otherLabel], k.other)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	now, err := c.snapshot(ctx, tx, carried, ids)
	if err != nil {
		return err
	}
	var gone []string
	for _, s := range now {
		if !s.exists {
			gone = append(gone, s.id)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	recs, err := c.run(ctx, tx, qLaterChangesOf, map[string]any{"ids": gone, "at": at})
	if err != nil {
		return err
	}
	ops, undo := map[string][]string{}, map[string][]diff{}
	for _, r := range recs {
		l, _ := r.Values[0].(string)
		id, _ := r.Values[1].(string)
		op, _ := r.Values[2].(string)
		d, err := decodeDiff(r.Values[3])
		if err != nil {
			return fmt.Errorf("asOf %s: %w", id, err)
		}
		ops[l+"/"+id] = append(ops[l+"/"+id], op)
		undo[l+"/"+id] = append(undo[l+"/"+id], d)
	}
	for k, s := range now {
		if s.exists || len(ops[k]) == 0 {
			continue
		}
		was := undoChanges(s, ops[k], undo[k])
		if !was.exists {
			continue
		}
		if _, err := c.run(ctx, tx, qRestoreNode[s.label], map[string]any{"id": s.id, "props": was.props, "drop": []any{}}); err != nil {
			return err
		}
	}
	return nil
}

// undoChanges is cur with the changes undone, newest first.
func undoChanges(cur *entityState, ops []string, undo []diff) *entityState {
	s := &entityState{label: cur.label, id: cur.id, exists: cur.exists, props: map[string]any{}, rels: map[relKey]relState{}}
	for k, v := range cur.props {
		s.props[k] = v
	}
	for k, v := range cur.rels {
		s.rels[k] = v
	}
	for j, d := range undo {
		switch ops[j] {
		case OpCreated, OpUnmerged:
			s.exists = false
		case OpDeleted, OpMerged:
			s.exists = true
		}
		for _, f := range d.Fields {
			if f.Old == nil {
				delete(s.props, f.Field)
			} else {
				s.props[f.Field] = untagValue(f.Old)
			}
		}
		for _, r := range d.Rels {
			k := relKey{r.Type, r.Direction == "OUT", r.OtherID}
			switch r.Op {
			case OpLinked:
				delete(s.rels, k)
			default:
				props := map[string]any{}
				for pk, pv := range r.Old {
					props[pk] = untagValue(pv)
				}
				s.rels[k] = relState{otherLabel: r.OtherType, props: props}
			}
		}
	}
	s.props["id"] = cur.id
	return s
}

// restore writes then over cur in tx: the node's properties, and the
// relationships that differ (dropped, then created as they were).
func (c *Client) restore(ctx context.Context, tx neo4j.ManagedTransaction, cur, then *entityState) error {
	drop := []any{}
	add := map[string][]any{}
	for k, r := range cur.rels {
		if t, ok := then.rels[k]; !ok || !same(t.props, r.props) {
			drop = append(drop, map[string]any{"type": k.typ, "out": k.out, "other": k.other})
		}
	}
	for k, r := range then.rels {
		if cr, ok := cur.rels[k]; ok && same(cr.props, r.props) {
			continue
		}
		if _, ok := qRestoreRels[[2]string{cur.label, r.otherLabel}]; !ok || !relTypes[k.typ] {
			continue // not a relationship this graph has
		}
		add[r.otherLabel] = append(add[r.otherLabel], map[string]any{"type": k.typ, "out": k.out, "other": k.other, "props": r.props})
	}
	q, ok := qRestoreNode[cur.label]
	if !ok {
		return fmt.Errorf("asOf: %q is not a label", cur.label)
	}
	if _, err := c.run(ctx, tx, q, map[string]any{"id": cur.id, "props": then.props, "drop": drop}); err != nil {
		return err
	}
	for _, l := range Labels {
		if rows := add[l]; len(rows) > 0 {
			if _, err := c.run(ctx, tx, qRestoreRels[[2]string{cur.label, l}], map[string]any{"id": cur.id, "rows": rows}); err != nil {
				return err
			}
		}
	}
	return nil
}
