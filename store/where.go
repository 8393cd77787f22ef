package store

import (
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
)

// Composable filters: every `where` input takes AND, OR and NOT over its
// own type, and some take relationship filters (some, all, none, single)
// whose elements are the related node's own where plus the relationship's
// properties. The whole tree compiles into conditions of the one query of
// the root field: a relationship filter is an EXISTS or COUNT subquery over
// the relationship field's pattern in the mapping table (schema.go), so
// labels and relationship types come from there, and every value is a
// parameter. The size and depth of a tree are bounded before compiling
// (eventgraph.LimitFilterDepth, LimitFilterSize; server/inputs.go).

// mapping is the mapping table (types) as the filters read it: the table's
// own filter functions compile nested filters, which look the related
// types up in the table again, and Go refuses a variable whose initializer
// refers to itself.
var mapping map[eventgraph.NodeType]typeSpec

func init() { mapping = types }

// whereFunc compiles the fields of one where input, without its AND, OR
// and NOT, over node n and relationship r (r is "" for a node's own where).
type whereFunc func(c *compiler, w map[string]any, n, r string) ([]string, error)

// whereOf is where w of a node type over node n: the type's where function
// in the mapping table, composed.
func (c *compiler) whereOf(typ eventgraph.NodeType, w map[string]any, n string) ([]string, error) {
	spec := mapping[typ]
	if spec.where == nil {
		return nil, nil
	}
	return c.composed(func(c *compiler, w map[string]any, n, _ string) ([]string, error) {
		return spec.where(c, w, n)
	}, w, n, "")
}

// composed is own's conditions of w, then one condition for each of AND's
// filters, one for OR and one for NOT. The filters inside are nested: they
// fix no sort order, bind nothing in a prelude and bound no index seek
// (each of those holds of the root's own conditions only).
func (c *compiler) composed(own whereFunc, w map[string]any, n, r string) ([]string, error) {
	// The server refuses a filter beyond its bound, naming the path, before
	// anything runs (server/inputs.go); this is the store's own guard for
	// callers that do not come through it. Each where input nested in
	// another is one more of the compiler's levels.
	if c.nested >= eventgraph.LimitFilterDepth.Max {
		return nil, eventgraph.InputError("where", "nested more than the %s limit of %s", eventgraph.LimitFilterDepth.Name, eventgraph.LimitFilterDepth)
	}
	conds, err := own(c, w, n, r)
	if err != nil || w == nil {
		return conds, err
	}
	inner := func(v any) (string, error) {
		sub, _ := v.(map[string]any)
		c.nested++
		defer func() { c.nested-- }()
		cs, err := c.composed(own, sub, n, r)
		return conjunction(cs), err
	}
	if present(w, "AND") {
		for _, v := range items(w["AND"]) {
			cond, err := inner(v)
			if err != nil {
				return nil, err
			}
			conds = append(conds, cond)
		}
	}
	if present(w, "OR") {
		var alts []string
		for _, v := range items(w["OR"]) {
			cond, err := inner(v)
			if err != nil {
				return nil, err
			}
			alts = append(alts, cond)
		}
		conds = append(conds, "("+strings.Join(alts, " OR ")+")")
	}
	if present(w, "NOT") {
		cond, err := inner(w["NOT"])
		if err != nil {
			return nil, err
		}
		conds = append(conds, "NOT "+known(cond))
	}
	return conds, nil
}

// items is the filters of an AND or OR: GraphQL takes a single value
// where a list is expected as a list of one.
func items(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// conjunction is one condition that holds when all of conds do: true when
// there are none.
func conjunction(conds []string) string {
	if len(conds) == 0 {
		return "true"
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// known is cond with null (a condition over a property the node lacks:
// the mode of an event without one) taken as false. A WHERE keeps only
// what is true, so null and false differ only under a negation: without
// it, NOT {modes: ["phone"]} would leave out the events that have no mode.
func known(cond string) string { return "coalesce(" + cond + ", false)" }

// nodeWhere adds, when w has key, the where of type typ over n in w[key]
// (a participant's actor, an affiliation's other actor) to conds.
func (c *compiler) nodeWhere(typ eventgraph.NodeType, w map[string]any, key, n string, conds []string) ([]string, error) {
	if !present(w, key) {
		return conds, nil
	}
	sub, _ := w[key].(map[string]any)
	c.nested++
	defer func() { c.nested-- }()
	cs, err := c.whereOf(typ, sub, n)
	if err != nil {
		return nil, err
	}
	return append(conds, cs...), nil
}

// relatedWhere adds, when w has the relationship field field of typ (a
// single related node: a position's actor), the condition that x has such
// a node matching the node type's where in w[field].
func (c *compiler) relatedWhere(typ eventgraph.NodeType, field string, w map[string]any, x string, conds []string) ([]string, error) {
	if !present(w, field) {
		return conds, nil
	}
	rs := mapping[typ].rels[field]
	n, r := c.newVar("n"), c.newVar("r")
	cs, err := c.nodeWhere(rs.target, w, field, n, nil)
	if err != nil {
		return nil, err
	}
	return append(conds, fmt.Sprintf("EXISTS { MATCH %s WHERE %s }", subst(rs.pattern(), x, n, r), conjunction(cs))), nil
}

// quantifiers are the relationship filter's operators, in the order they
// are compiled, each as Cypher over the relationship's pattern (match) and
// the element's condition (cond). all is true of a node without any such
// relationship, as in the Neo4j GraphQL Library's _ALL.
var quantifiers = []struct {
	name    string
	compile func(match, cond string) string
}{
	{"some", func(m, c string) string { return fmt.Sprintf("EXISTS { MATCH %s WHERE %s }", m, c) }},
	{"all", func(m, c string) string { return fmt.Sprintf("NOT EXISTS { MATCH %s WHERE NOT %s }", m, known(c)) }},
	{"none", func(m, c string) string { return fmt.Sprintf("NOT EXISTS { MATCH %s WHERE %s }", m, c) }},
	{"single", func(m, c string) string { return fmt.Sprintf("COUNT { MATCH %s WHERE %s } = 1", m, c) }},
}

// quantified adds, when w has the relationship filter field of typ (a
// connection field of the mapping table: Event.participants), one
// condition over node x per operator it sets, each element compiled by
// elem over the related node and the relationship.
func (c *compiler) quantified(typ eventgraph.NodeType, field string, w map[string]any, x string, elem whereFunc, conds []string) ([]string, error) {
	if !present(w, field) {
		return conds, nil
	}
	q, _ := w[field].(map[string]any)
	rs := mapping[typ].rels[field]
	c.nested++
	defer func() { c.nested-- }()
	for _, op := range quantifiers {
		if !present(q, op.name) {
			continue
		}
		sub, _ := q[op.name].(map[string]any)
		n, r := c.newVar("n"), c.newVar("r")
		cs, err := c.composed(elem, sub, n, r)
		if err != nil {
			return nil, err
		}
		cond := subst(conjunction(cs), x, n, r)
		conds = append(conds, op.compile(subst(rs.pattern(), x, n, r), cond))
	}
	return conds, nil
}

// nestedText adds where.text as a condition when w is nested: a root
// list's own text starts its match from the full-text index instead
// (rootMatch).
func (c *compiler) nestedText(label string, w map[string]any, n string, conds []string) []string {
	if c.nested > 0 && present(w, "text") {
		conds = append(conds, c.textCond(label, n, w["text"]))
	}
	return conds
}
