package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	gojson "github.com/goccy/go-json"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Root reads: each is one Cypher query, whatever the nesting of the
// selection below it. The *Value functions return the driver's value shaped
// like the GraphQL response (nested connections under "rel", keyed by
// alias): maps, lists, strings, int64, float64, bool, dbtype.Date and
// time.Time. Get, GetAny, List and Search return the same as JSON, for the
// resolvers to decode into the generated models (rootjson.go).

// GetValue reads the node of type typ (Actor, Event, ...) with the given id,
// or nil when there is none.
func (c *Client) GetValue(ctx context.Context, typ, id string, fields []Field) (any, error) {
	spec, ok := types[typ]
	if !ok {
		return nil, fmt.Errorf("get: unknown type %s", typ)
	}
	cp := newCompiler()
	proj, err := cp.project(typ, "n", fields)
	if err != nil {
		return nil, err
	}
	cypher := fmt.Sprintf("%s RETURN %s", matchByID(spec.label, cp.param(id)), proj)
	vals, err := c.readQuery(ctx, "get "+typ, cypher, cp.params)
	if err != nil || len(vals) == 0 {
		return nil, err
	}
	return vals[0], nil
}

// GetAnyValues reads nodes of any type by id, in the order asked; an unknown
// id gives a nil entry. byType is the selection for each concrete type.
func (c *Client) GetAnyValues(ctx context.Context, ids []string, byType map[string][]Field) ([]any, error) {
	cp := newCompiler()
	proj, err := cp.projectPolymorphic("n", Field{ByType: byType})
	if err != nil {
		return nil, err
	}
	// One index lookup per label instead of a label-less scan.
	var lookups []string
	for _, t := range polymorphic {
		lookups = append(lookups, matchByID(t, "id")+" RETURN n")
	}
	// The id asked, not n.id: a merged id answers with the node it was
	// merged into.
	cypher := fmt.Sprintf("UNWIND %s AS id CALL (id) { %s } RETURN id, %s AS node",
		cp.param(ids), strings.Join(lookups, " UNION "), proj)
	recs, err := c.readOne(ctx, query{name: "get nodes", cypher: cypher}, cp.params)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]any, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		byID[id] = r.Values[1]
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// ListValue reads one page of a root list field (actors, events, ...): f
// carries first/after/where/orderBy and the connection's selection.
func (c *Client) ListValue(ctx context.Context, typ string, f Field) (any, error) {
	spec, ok := types[typ]
	if !ok {
		return nil, fmt.Errorf("list: unknown type %s", typ)
	}
	first, offset, err := page(f.Args, 20)
	if err != nil {
		return nil, err
	}
	cp := newCompiler()
	w := whereArg(f.Args)
	conds, err := rootFilter(cp, typ, w, "n")
	if err != nil {
		return nil, err
	}
	start := fmt.Sprintf("MATCH (n:%s)", spec.label)
	if present(w, "text") {
		// Start from the full-text index: it is far more selective than a label scan.
		start = fmt.Sprintf("CALL db.index.fulltext.queryNodes('%s', %s) YIELD node AS n",
			FulltextIndex(spec.label), cp.param(LuceneQuery(fmt.Sprint(w["text"]))))
		if len(conds) > 0 {
			start += " WITH n WHERE " + strings.Join(conds, " AND ")
			conds = nil
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var prelude, imports []string
	for _, p := range cp.prelude {
		prelude = append(prelude, p.cypher)
		imports = append(imports, p.binds)
	}
	call := "CALL (" + strings.Join(imports, ", ") + ") { "
	sel := mergeByName(f.Fields)
	var calls, ret []string
	if _, ok := sel["totalCount"]; ok {
		calls = append(calls, fmt.Sprintf("%s%s%s RETURN count(n) AS total }", call, start, where))
		ret = append(ret, "totalCount: total")
	}
	_, wantEdges := sel["edges"]
	_, wantPage := sel["pageInfo"]
	if wantEdges || wantPage {
		node := mergeByName(sel["edges"].Fields)["node"]
		proj, err := cp.project(typ, "n", node.Fields)
		if err != nil {
			return nil, err
		}
		order, err := orderBy(typ, mapArg(f.Args, "orderBy"), "n")
		if err != nil {
			return nil, err
		}
		if len(cp.sortPrefix) > 0 {
			dir := strings.TrimSuffix(strings.Fields(order)[1], ",") // "n.prop DIR, n.id"
			order = strings.Join(cp.sortPrefix, " "+dir+", ") + " " + dir + ", " + order
		}
		calls = append(calls, fmt.Sprintf("%s%s%s WITH n ORDER BY %s SKIP %s LIMIT %s RETURN collect({node: %s}) AS edges }",
			call, start, where, order, cp.param(offset), cp.param(first+1), proj))
		ret = append(ret, "edges: edges")
	}
	if len(calls) == 0 {
		return map[string]any{}, nil
	}
	cypher := strings.Join(append(prelude, calls...), " ") + " RETURN {" + strings.Join(ret, ", ") + "}"
	vals, err := c.readQuery(ctx, "list "+typ, cypher, cp.params)
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

func mapArg(args map[string]any, key string) map[string]any {
	m, _ := args[key].(map[string]any)
	return m
}

// SearchValue runs the full-text index over names, aliases, titles,
// statements and summaries. Each hit is {score, type, node}.
func (c *Client) SearchValue(ctx context.Context, text string, nodeTypes []string, first int, byType map[string][]Field) (any, error) {
	if strings.TrimSpace(text) == "" {
		return nil, eventgraph.Errorf(eventgraph.CodeBadUserInput, "query: the search text is empty")
	}
	if first < 1 || first > eventgraph.LimitFirst.Max {
		return nil, eventgraph.Errorf(eventgraph.CodeBadUserInput, "first must be between 1 and %d, not %d", eventgraph.LimitFirst.Max, first)
	}
	cp := newCompiler()
	proj, err := cp.projectPolymorphic("n", Field{ByType: byType})
	if err != nil {
		return nil, err
	}
	labels := Labels
	if len(nodeTypes) > 0 {
		labels = nil
		for _, t := range nodeTypes {
			l := labelOf(t)
			if !slices.Contains(Labels, l) {
				return nil, eventgraph.Errorf(eventgraph.CodeBadUserInput, "kinds: %q is not a node type", t)
			}
			labels = append(labels, l)
		}
	}
	// Each label's index gives its best `first` hits (Lucene stops there);
	// the best `first` of those are the answer. The words as typed (or as
	// prefixes) are tried first; only when they find nothing at all are
	// typos allowed, in the same query.
	limit := cp.param(first)
	union := func(lucene string) string {
		q := cp.param(lucene)
		var calls []string
		for _, l := range labels {
			calls = append(calls, fmt.Sprintf("CALL db.index.fulltext.queryNodes('%s', %s, {limit: %s}) YIELD node AS n, score RETURN n, score",
				FulltextIndex(l), q, limit))
		}
		return "CALL () { " + strings.Join(calls, " UNION ALL ") + " }"
	}
	cypher := fmt.Sprintf(`CALL () { %s RETURN collect({n: n, score: score}) AS hits }
CALL (hits) {
  UNWIND CASE WHEN size(hits) = 0 THEN [1] ELSE [] END AS retry
  %s RETURN collect({n: n, score: score}) AS typos
}
UNWIND hits + typos AS h
WITH h.n AS n, h.score AS score ORDER BY score DESC, n.id LIMIT %s
RETURN collect({score: score, type: toUpper(labels(n)[0]), node: %s})`,
		union(literalQuery(text)), union(LuceneQuery(text)), limit, proj)
	vals, err := c.readQuery(ctx, "search", cypher, cp.params)
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

// toJSON turns a driver value into JSON, writing dates as ISO 8601 strings.
func toJSON(v any) (json.RawMessage, error) {
	b, err := gojson.Marshal(plain(v))
	if err != nil {
		return nil, fmt.Errorf("encoding a query result: %w", err)
	}
	return b, nil
}

// plain converts the driver's temporal and graph types into JSON-friendly ones.
func plain(v any) any { return mapLeaves(v, plainLeaf) }

func plainLeaf(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.Time().Format(time.DateOnly)
	case dbtype.LocalDateTime:
		return x.Time().Format("2006-01-02T15:04:05")
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return x.String()
	case dbtype.Node:
		return plain(x.Props)
	}
	return v
}
