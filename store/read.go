package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/eventgraph/eventgraph"
)

// Field is one field of a client's selection, independent of the GraphQL
// library: its response name, its name in the schema, its arguments (with
// defaults applied) and its sub-selection. For fields whose type is an
// interface or union, ByType holds the sub-selection per concrete type.
type Field struct {
	Alias  string
	Name   string
	Args   map[string]any
	Fields []Field
	ByType map[eventgraph.NodeType][]Field
}

// compiler turns a selection into Cypher. It names variables uniquely per
// nesting level and collects every value as a parameter.
type compiler struct {
	params map[string]any
	vars   int
	// prelude are subqueries a root list runs once before its MATCH, each
	// binding one variable its conditions use (see eventDates).
	prelude []prelude
	// sortPrefix are properties a root list's filter fixed to one value
	// each. Ordering by them first changes nothing in the result, but it
	// lets Neo4j read a composite index in order and stop after the page
	// instead of sorting every match (at 1M events: 87 index entries
	// read for a timeline page instead of 4 582).
	sortPrefix []string
	// nested counts the filters (AND, OR, NOT, relationship filters) the
	// compiler is inside of (where.go).
	nested int
}

type prelude struct{ cypher, binds string }

func newCompiler() *compiler { return &compiler{params: map[string]any{}} }

func (c *compiler) param(v any) string {
	name := "p" + strconv.Itoa(len(c.params))
	c.params[name] = v
	return "$" + name
}

func (c *compiler) newVar(prefix string) string {
	c.vars++
	return prefix + strconv.Itoa(c.vars)
}

// subst fills the {x} {n} {r} placeholders of a pattern.
func subst(pattern, x, n, r string) string {
	return strings.NewReplacer("{x}", x, "{n}", n, "{r}", r).Replace(pattern)
}

// project is the map projection of node variable x of GraphQL type typ with
// the given selection: stored properties by name, computed ones by
// expression, related data by nested COLLECT/COUNT subqueries.
func (c *compiler) project(typ eventgraph.NodeType, x string, fields []Field) (string, error) {
	spec, ok := types[typ]
	if !ok {
		return "", fmt.Errorf("no read mapping for type %s", typ)
	}
	props := map[string]bool{"id": true}
	var parts []string
	seenRel := map[string]bool{}
	var rels []string
	merged := mergeByName(fields)
	for _, f := range fields {
		if computedInGo[f.Name] {
			for _, p := range spec.needs[f.Name] {
				props[p] = true
			}
			continue
		}
		rs, isRel := spec.rels[f.Name]
		if !isRel {
			props[f.Name] = true
			continue
		}
		if rs.kind == relConnection {
			expr, err := c.connection(rs, x, f)
			if err != nil {
				return "", err
			}
			rels = append(rels, fmt.Sprintf("`%s`: %s", escapeKey(f.Alias), expr))
			continue
		}
		if seenRel[f.Name] {
			continue
		}
		seenRel[f.Name] = true
		expr, err := c.related(rs, x, merged[f.Name])
		if err != nil {
			return "", err
		}
		key := f.Name
		if rs.key != "" {
			key = rs.key
		}
		parts = append(parts, fmt.Sprintf("%s: %s", key, expr))
	}
	names := make([]string, 0, len(props))
	for p := range props {
		names = append(names, p)
	}
	sort.Strings(names)
	var scalars []string
	for _, p := range names {
		if e, ok := spec.exprs[p]; ok {
			scalars = append(scalars, fmt.Sprintf("%s: %s", p, subst(e, x, "", "")))
		} else {
			scalars = append(scalars, "."+p)
		}
	}
	out := append(scalars, parts...)
	if len(rels) > 0 {
		out = append(out, "rel: {"+strings.Join(rels, ", ")+"}")
	}
	return x + " {" + strings.Join(out, ", ") + "}", nil
}

// related is a relOne, relList or relSourceRefs field: a COLLECT subquery.
func (c *compiler) related(rs relSpec, x string, f Field) (string, error) {
	n, r := c.newVar("n"), c.newVar("r")
	match := subst(rs.pattern(), x, n, r)
	var proj string
	var err error
	switch {
	case rs.kind == relSourceRefs:
		src := findField(f.Fields, "source")
		p, perr := c.project(eventgraph.NodeTypeSource, n, src.Fields)
		item := []string{"quote: " + r + ".quote", "source: " + p}
		claims := sourceRefClaims(r)
		for name := range mergeByName(f.Fields) {
			if e, ok := claims[name]; ok {
				item = append(item, name+": "+e)
			}
		}
		sort.Strings(item[2:])
		proj, err = "{"+strings.Join(item, ", ")+"}", perr
	case rs.target == "":
		proj, err = c.projectPolymorphic(n, f)
	default:
		proj, err = c.project(rs.target, n, f.Fields)
	}
	if err != nil {
		return "", err
	}
	order := ""
	if rs.order != "" {
		order = " ORDER BY " + subst(rs.order, x, n, r)
	}
	q := fmt.Sprintf("COLLECT { MATCH %s WITH %s, %s%s RETURN %s }", match, n, r, order, proj)
	if rs.kind == relOne {
		q = fmt.Sprintf("COLLECT { MATCH %s WITH %s, %s LIMIT 1 RETURN %s }[0]", match, n, r, proj)
	}
	return q, nil
}

// projectPolymorphic projects n as whichever of the node types it is.
func (c *compiler) projectPolymorphic(n string, f Field) (string, error) {
	var b strings.Builder
	b.WriteString("CASE")
	for _, t := range polymorphic {
		sel := f.ByType[t]
		if sel == nil {
			sel = f.Fields
		}
		p, err := c.project(t, n, sel)
		if err != nil {
			return "", err
		}
		// p is "n {...}"; add the type name inside the projection.
		p = strings.TrimSuffix(p, "}") + fmt.Sprintf(", __typename: '%s'}", t.Label())
		fmt.Fprintf(&b, " WHEN %s:%s THEN %s", n, t.Label(), p)
	}
	b.WriteString(" END")
	return b.String(), nil
}

// page reads `first` and `after` into a limit and an offset.
func page(args map[string]any, def int) (first, offset int, err error) {
	first = def
	if v, ok := args["first"]; ok && v != nil {
		first, err = toInt(v)
		if err != nil {
			return 0, 0, eventgraph.Errorf(eventgraph.CodeBadUserInput, "first: %v", err)
		}
	}
	if first < 0 || first > eventgraph.LimitFirst.Max {
		return 0, 0, eventgraph.Errorf(eventgraph.CodeBadUserInput, "first must be between 0 and %d, not %d", eventgraph.LimitFirst.Max, first)
	}
	if v, ok := args["after"]; ok && v != nil {
		s, _ := v.(string)
		offset, err = DecodeCursor(s)
		if err != nil {
			return 0, 0, err
		}
	}
	return first, offset, nil
}

// EncodeCursor makes the opaque cursor of the item at offset i.
func EncodeCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(i)))
}

// DecodeCursor reads a cursor made by EncodeCursor; the offset it returns is
// that of the item after it. A cursor pointing further than
// eventgraph.LimitCursorOffset is refused, as is anything this API did not
// hand out (an offset that does not fit an int among them): the database
// would skip that many rows before answering.
func DecodeCursor(s string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && strings.HasPrefix(string(b), "o:") {
		i, err := strconv.Atoi(string(b[2:]))
		if err == nil && i >= 0 && i < eventgraph.LimitCursorOffset.Max {
			return i + 1, nil
		}
		if err == nil && i >= eventgraph.LimitCursorOffset.Max || errors.Is(err, strconv.ErrRange) {
			return 0, eventgraph.InputError("after", "the cursor points further than the %s limit of %s: page further with a filter instead",
				eventgraph.LimitCursorOffset.Name, eventgraph.LimitCursorOffset)
		}
	}
	return 0, eventgraph.InputError("after", "not a cursor this API handed out: pass the cursor of an edge or pageInfo.endCursor as it came")
}

// connection compiles a paged relationship field into a map with edges and
// totalCount. It asks for one item more than `first`, so that the resolver
// knows whether there is a next page without a second query.
func (c *compiler) connection(rs relSpec, x string, f Field) (string, error) {
	first, offset, err := page(f.Args, defaultFirst)
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Alias, err)
	}
	n, r := c.newVar("n"), c.newVar("r")
	match := subst(rs.pattern(), x, n, r)
	var conds []string
	if rs.filter != nil {
		conds, err = rs.filter(c, f.Args, n, r)
		if err != nil {
			return "", err
		}
		for i := range conds {
			conds[i] = subst(conds[i], x, n, r)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	sel := mergeByName(f.Fields)
	var out []string
	if _, ok := sel["totalCount"]; ok {
		if rs.distinct {
			out = append(out, fmt.Sprintf("totalCount: COUNT { MATCH %s%s WITH DISTINCT %s RETURN %s }", match, where, n, n))
		} else {
			out = append(out, fmt.Sprintf("totalCount: COUNT { MATCH %s%s }", match, where))
		}
	}
	if agg, ok := sel["aggregate"]; ok {
		out = append(out, "aggregate: "+c.nestedAggregate(rs, match, where, n, agg))
	}
	_, wantEdges := sel["edges"]
	_, wantPage := sel["pageInfo"]
	if wantEdges || wantPage {
		edges := sel["edges"]
		edgeSel := mergeByName(edges.Fields)
		var item []string
		node := edgeSel["node"]
		var proj string
		if rs.target == "" {
			proj, err = c.projectPolymorphic(n, node)
		} else {
			proj, err = c.project(rs.target, n, node.Fields)
		}
		if err != nil {
			return "", err
		}
		item = append(item, "node: "+proj)
		for _, p := range rs.edgeProps {
			if _, ok := edgeSel[p]; ok {
				item = append(item, fmt.Sprintf("%s: %s.%s", p, r, p))
			}
		}
		if src, ok := edgeSel["sources"]; ok && rs.edgeSources {
			s := c.newVar("s")
			sp, err := c.project(eventgraph.NodeTypeSource, s, src.Fields)
			if err != nil {
				return "", err
			}
			item = append(item, fmt.Sprintf("sources: COLLECT { MATCH (%s:Source) WHERE %s.id IN coalesce(%s.sourceIds, []) RETURN %s }", s, s, r, sp))
		}
		if cit, ok := edgeSel["citations"]; ok && rs.edgeSources {
			s := c.newVar("s")
			sp, err := c.project(eventgraph.NodeTypeSource, s, findField(cit.Fields, "source").Fields)
			if err != nil {
				return "", err
			}
			item = append(item, "citations: "+edgeCitations(r, s, sp, relFacts[rs.rel]))
		}
		order, err := c.orderFor(rs, f.Args, x, n, r)
		if err != nil {
			return "", err
		}
		with := fmt.Sprintf("WITH %s, %s", n, r)
		if rs.distinct {
			with = fmt.Sprintf("WITH DISTINCT %s, null AS %s", n, r)
		}
		out = append(out, fmt.Sprintf("edges: COLLECT { MATCH %s%s %s ORDER BY %s SKIP %s LIMIT %s RETURN {%s} }",
			match, where, with, order, c.param(offset), c.param(first+1), strings.Join(item, ", ")))
	}
	return "{" + strings.Join(out, ", ") + "}", nil
}

func (c *compiler) orderFor(rs relSpec, args map[string]any, x, n, r string) (string, error) {
	if rs.orderArg != "" {
		if o, ok := args[rs.orderArg].(map[string]any); ok {
			return eventOrderBy(o, n)
		}
	}
	return subst(rs.order, x, n, r), nil
}

// mergeByName merges the sub-selections of fields asked several times under
// different aliases, for fields whose data does not depend on arguments.
func mergeByName(fields []Field) map[string]Field {
	out := map[string]Field{}
	for _, f := range fields {
		m, ok := out[f.Name]
		if !ok {
			out[f.Name] = f
			continue
		}
		m.Fields = append(append([]Field{}, m.Fields...), f.Fields...)
		if f.ByType != nil {
			bt := map[eventgraph.NodeType][]Field{}
			for k, v := range m.ByType {
				bt[k] = v
			}
			for k, v := range f.ByType {
				bt[k] = append(append([]Field{}, bt[k]...), v...)
			}
			m.ByType = bt
		}
		out[f.Name] = m
	}
	return out
}

func findField(fields []Field, name string) Field {
	return mergeByName(fields)[name]
}

// escapeKey keeps an alias safe inside backquotes. GraphQL aliases are
// /[_A-Za-z][_0-9A-Za-z]*/ already; this is defence in depth.
func escapeKey(s string) string { return strings.ReplaceAll(s, "`", "") }

func toInt(v any) (int, error) {
	switch n := v.(type) {
	case int:
		return n, nil
	case int64:
		return int(n), nil
	case float64:
		return int(n), nil
	case json.Number:
		i, err := n.Int64()
		return int(i), err
	}
	return 0, fmt.Errorf("%v is not a whole number", v)
}

// readQuery runs one compiled query and returns the value of its single
// column in each record.
func (c *Client) readQuery(ctx context.Context, st Statement) ([]any, error) {
	recs, err := c.readOne(ctx, query{name: st.Name, cypher: st.Cypher}, todayParams(ctx, st.Cypher, st.Params))
	if err != nil {
		return nil, err
	}
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = r.Values[0]
	}
	return out, nil
}
