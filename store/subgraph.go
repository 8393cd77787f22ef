package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Graph-shaped reads for the explorer: a neighbourhood and a shortest path,
// as nodes and edges ready to draw.

// The schema's defaults of depth, limit and maxDepth (schema.graphqls), for
// callers that have no schema at hand (the compiler's golden tests).
// Package respond takes the schema's own, for a client that leaves the
// argument out or passes null; its tests check the two agree.
const (
	DefaultDepth        = 1
	DefaultNeighborhood = 100
	DefaultPathDepth    = 6
)

// relationships are the graph's relationship types and the labels they
// join ("" for any), as ingest writes them; TestRelationshipEnds checks
// the database holds no other kind. provenance marks the relationships to a
// source, which paths do not follow (domainRels).
var relationships = []struct {
	typ, from, to string
	provenance    bool
}{
	{"AFFILIATED_WITH", lActor, lActor, false},
	{"PARTICIPATED_IN", lActor, lEvent, false},
	{"OCCURRED_AT", lEvent, lLocation, false},
	{"LOCATED_IN", lLocation, lLocation, false},
	{"PART_OF", lEvent, lEvent, false},
	{"LED_TO", lEvent, lEvent, false},
	{"CONCERNS", lEvent, lTopic, false},
	{"HOLDS", lActor, lPosition, false},
	{"ON", lPosition, lTopic, false},
	{"RESPONDS_TO", lPosition, lPosition, false},
	{"ABOUT", lForecast, "", false},
	{"RESOLVED_BY", lForecast, lEvent, false},
	{"CITED_IN", "", lSource, true},
	{"ISSUED_IN", lForecast, lSource, true},
}

// domainRels are the relationships a path may follow. Provenance (CITED_IN,
// ISSUED_IN) is left out: every fact of an article cites it, so a path
// through the source would connect anything to anything and explain nothing.
var domainRels = func() string {
	var ts []string
	for _, r := range relationships {
		if !r.provenance {
			ts = append(ts, r.typ)
		}
	}
	return strings.Join(ts, "|")
}()

// findNode looks a node up by id with one index lookup per label; an actor
// or location id a merge left behind finds the kept node (matchByIDAs).
func findNode(v, idParam string) string {
	var parts []string
	for _, t := range polymorphic {
		parts = append(parts, matchByIDAs(v, t.Label(), idParam)+" RETURN "+v)
	}
	return "CALL () { " + strings.Join(parts, " UNION ") + " }"
}

// inRange keeps a node unless it is an event outside [from, to]. A source
// node is shown but not walked through (see domainRels).
const inRange = `(NOT m:Event OR (($from IS NULL OR coalesce(m.endDate, m.startDate) >= $from) AND ($to IS NULL OR m.startDate <= $to)))`

// LIMIT takes no variables, so each level reads at most $limit new nodes
// and then keeps the room left. Each frontier node gives at most $limit
// neighbours of its own, so a hub adds no more reading than a small node.
var neighborhoodLevel = `CALL (frontier, seen, room) {
  UNWIND frontier AS a
  WITH a WHERE NOT a:Source
  CALL (a, seen) {
    MATCH (a)--(m)
    WHERE NOT m IN seen AND ` + inRange + `
    RETURN m LIMIT $limit
  }
  WITH DISTINCT m LIMIT $limit
  WITH collect(m) AS ms
  RETURN ms[0..room] AS found
}`

// denseDegree is the degree above which the edge step does not read a
// node's relationships: at a million events a state takes part in 400 000,
// and reading them to find the few that lead to the other nodes found took
// most of a neighbourhood's time. Measured over 40 neighbourhoods of the
// benchmark at each scale, 200 was the fastest of 50, 100, 200, 300 and
// 1000 (with dense pairs checked label by label, see neighborhoodEdges).
const denseDegree = 200

// neighborhoodEdges collects every relationship among the nodes ns. Light
// nodes read their own relationships (both ways, so an edge between two
// light nodes is met twice and kept once); an edge between a light and a
// dense node is met from the light end. Between two dense nodes, each
// relationship type is checked only for the pairs of dense nodes whose
// labels it can join (the dense nodes are split by label first), and Neo4j
// answers each check from the end with the fewer relationships of that type
// and direction. Checking every pair against every type's labels instead
// cost 80 000 label tests for the 69 dense nodes around one actor at 1M
// events.
var neighborhoodEdges = func() string {
	list := func(l string) string {
		if l == "" {
			return "dense"
		}
		return "dense" + l
	}
	var split, lists, types []string
	for _, l := range Labels {
		split = append(split, fmt.Sprintf("[x IN dense WHERE x:%s] AS %s", l, list(l)))
		lists = append(lists, list(l))
	}
	for _, r := range relationships {
		types = append(types, fmt.Sprintf("UNWIND %s AS a UNWIND %s AS b MATCH (a)-[r:%s]->(b) RETURN r", list(r.from), list(r.to), r.typ))
	}
	return `WITH ns, full, [x IN ns WHERE COUNT { (x)--() } > $dense] AS dense
CALL (ns, dense) {
  UNWIND ns AS a
  WITH a WHERE NOT a IN dense
  MATCH (a)-[r]-(b)
  WHERE b IN ns
  RETURN collect(DISTINCT r) AS light
}
CALL (dense) {
  WITH dense, ` + strings.Join(split, ", ") + `
  CALL (dense, ` + strings.Join(lists, ", ") + `) {
    ` + strings.Join(types, "\n    UNION ALL\n    ") + `
  }
  RETURN collect(r) AS heavy
}
WITH ns, light + heavy AS rels, full
RETURN CASE WHEN $props THEN ns ELSE [x IN ns | {id: x.id, labels: labels(x), name: x.name, title: x.title, statement: x.statement}] END AS ns,
  CASE WHEN $props THEN rels ELSE [r IN rels | {id: elementId(r), type: type(r), source: startNode(r).id, target: endNode(r).id}] END AS rels,
  full`
}()

// Neighborhood returns the nodes within depth hops of id, breadth first, at
// most limit of them, and every edge among them (CompileNeighborhood).
func (c *Client) Neighborhood(ctx context.Context, id string, depth, limit int, from, to *eventgraph.Date, props bool) (any, error) {
	st, err := CompileNeighborhood(id, depth, limit, from, to, props, c.denseDegree)
	if err != nil {
		return nil, err
	}
	return c.subgraph(ctx, st)
}

// CompileNeighborhood is the read behind Neighborhood. Neither step reads
// more of a hub than of a small node (see neighborhoodLevel and
// neighborhoodEdges; dense is the degree above which a node counts as a
// hub), so the cost follows limit, not the size of the graph. Without props
// the nodes and edges come without their properties: a client drawing the
// graph rarely asks for them, and 200 nodes' properties were most of the
// bytes.
func CompileNeighborhood(id string, depth, limit int, from, to *eventgraph.Date, props bool, dense int) (Statement, error) {
	if depth < 1 || depth > eventgraph.LimitDepth.Max {
		return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "depth must be between 1 and %d, not %d", eventgraph.LimitDepth.Max, depth)
	}
	if limit < 1 || limit > eventgraph.LimitNeighborhood.Max {
		return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "limit must be between 1 and %d, not %d", eventgraph.LimitNeighborhood.Max, limit)
	}
	var b strings.Builder
	b.WriteString(findNode("c", "$id"))
	b.WriteString("\nWITH c, [c] AS seen, [c] AS frontier\n")
	for i := 0; i < depth; i++ {
		b.WriteString("WITH c, seen, frontier, CASE WHEN $limit > size(seen) THEN $limit - size(seen) ELSE 0 END AS room\n")
		b.WriteString(neighborhoodLevel)
		b.WriteString("\nWITH c, seen + found AS seen, found AS frontier\n")
	}
	b.WriteString("WITH seen AS ns, size(seen) >= $limit AS full\n")
	b.WriteString(neighborhoodEdges)
	params := map[string]any{"id": id, "limit": limit, "dense": dense, "from": dateOrNil(from), "to": dateOrNil(to), "props": props}
	return Statement{Name: "neighborhood", Cypher: b.String(), Params: params}, nil
}

// Path returns the shortest connection between two nodes over domain
// relationships, or nil when there is none within maxDepth.
func (c *Client) Path(ctx context.Context, fromID, toID string, maxDepth int) (any, error) {
	st, err := CompilePath(fromID, toID, maxDepth)
	if err != nil {
		return nil, err
	}
	return c.subgraph(ctx, st)
}

// CompilePath is the read behind Path.
func CompilePath(fromID, toID string, maxDepth int) (Statement, error) {
	if maxDepth < 1 || maxDepth > eventgraph.LimitPathDepth.Max {
		return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "maxDepth must be between 1 and %d, not %d", eventgraph.LimitPathDepth.Max, maxDepth)
	}
	// The depth bound of a variable-length pattern cannot be a parameter; it
	// is an integer checked above, never client text.
	// Two ids can name one node when one was merged into the other: that
	// is the path of one node, as for one id (shortestPath refuses a path
	// from a node to itself).
	cypher := findNode("a", "$from") + " " + findNode("b", "$to") + fmt.Sprintf(`
OPTIONAL MATCH p = shortestPath((a)-[:%s*..%d]-(b)) WHERE a <> b
RETURN CASE WHEN a = b THEN [a] ELSE nodes(p) END AS ns, CASE WHEN a = b THEN [] ELSE relationships(p) END AS rels, false AS full`, domainRels, maxDepth)
	if fromID == toID {
		cypher = findNode("a", "$from") + " RETURN [a] AS ns, [] AS rels, false AS full"
	}
	return Statement{Name: "path", Cypher: cypher, Params: map[string]any{"from": fromID, "to": toID}}, nil
}

func dateOrNil(d *eventgraph.Date) any {
	if d == nil {
		return nil
	}
	return neo4j.DateOf(d.Time())
}

// subgraph runs a neighbourhood or path statement. Its value is shaped like
// a Subgraph, as every read's is like its field: nodes (id, type, label,
// properties) and edges (id, type, source, target, properties) joined by
// our ids rather than the database's element ids.
func (c *Client) subgraph(ctx context.Context, st Statement) (any, error) {
	name := st.Name
	recs, err := c.readOne(ctx, query{name: st.Name, cypher: st.Cypher}, todayParams(ctx, st.Cypher, st.Params))
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		// The start (or end) node was not found: no row at all.
		return nil, eventgraph.Errorf(eventgraph.CodeNotFound, "%s: no node with the id asked for", name)
	}
	rec := recs[0]
	if rec.Values[0] == nil {
		// Both ends exist but no path joins them.
		return nil, nil
	}
	nodes, _ := rec.Values[0].([]any)
	rels, _ := rec.Values[1].([]any)
	full, _ := rec.Values[2].(bool)
	// The values are the driver's own where they can be (its maps, its
	// boxed strings) and boxed once per type otherwise: a neighbourhood is
	// hundreds of nodes and edges.
	outNodes := make([]any, 0, len(nodes))
	ids := make(map[string]any, len(nodes)) // element id -> our id
	for _, v := range nodes {
		switch n := v.(type) {
		case dbtype.Node:
			gn := graphNode(n)
			ids[n.ElementId] = gn["id"]
			outNodes = append(outNodes, gn)
		case map[string]any: // without properties: {id, labels, name, title, statement}
			labels, _ := n["labels"].([]any)
			var first string
			if len(labels) > 0 {
				first, _ = labels[0].(string)
			}
			n["type"], n["label"], n["properties"] = typeValue(first), nodeLabel(n), noProperties
			outNodes = append(outNodes, n)
		}
	}
	for i, v := range rels {
		switch r := v.(type) {
		case dbtype.Relationship:
			props := r.Props // made plain in place, as a node's
			if props == nil {
				props = map[string]any{}
			}
			for k, v := range props {
				props[k] = plain(v)
			}
			rels[i] = map[string]any{"id": r.ElementId, "type": relTypeValue(r.Type), "source": ids[r.StartElementId],
				"target": ids[r.EndElementId], "properties": props}
		case map[string]any: // without properties: {id, type, source, target}
			r["properties"] = noProperties
		}
	}
	return map[string]any{"nodes": outNodes, "edges": rels, "truncated": full}, nil
}

// noProperties is the properties of a node or edge read without them. It
// is shared by every one of them: nothing writes to it.
var noProperties any = map[string]any{}

// typeValues are the node types as the value of GraphNode.type, boxed once;
// relTypeValues the relationship types as GraphEdge.type.
var (
	typeValues = func() map[string]any {
		out := map[string]any{"": ""}
		for _, t := range eventgraph.NodeTypes {
			out[t.Label()] = string(t)
		}
		return out
	}()
	relTypeValues = func() map[string]any {
		out := map[string]any{}
		for _, r := range relationships {
			out[r.typ] = r.typ
		}
		return out
	}()
)

// typeValue is the node type of a node whose first label is label; ""
// for a label that is no node type's, which the writer refuses.
func typeValue(label string) any {
	if v, ok := typeValues[label]; ok {
		return v
	}
	return ""
}

func relTypeValue(typ string) any {
	if v, ok := relTypeValues[typ]; ok {
		return v
	}
	return typ
}

// hidden are stored properties that exist for indexing, not for reading.
var hidden = map[string]bool{"spanDays": true, "windowSort": true, "aliasText": true, "figureLabels": true, "figureValues": true, "figureUnits": true}

// graphNode is n as a GraphNode. Its properties are n.Props made plain in
// place (the driver's map is this read's alone), less the ones kept for
// indexing, with the figures put together.
func graphNode(n dbtype.Node) map[string]any {
	props := n.Props
	if props == nil {
		props = map[string]any{}
	}
	labels, hasFigures := props["figureLabels"].([]any)
	var figures []any
	if hasFigures {
		values, _ := props["figureValues"].([]any)
		units, _ := props["figureUnits"].([]any)
		for i, l := range labels {
			f := map[string]any{"label": l}
			if i < len(values) {
				f["value"] = values[i]
			}
			if i < len(units) && units[i] != "" {
				f["unit"] = units[i]
			}
			figures = append(figures, f)
		}
	}
	for k, v := range props {
		if hidden[k] {
			delete(props, k)
		} else {
			props[k] = plain(v)
		}
	}
	if hasFigures {
		props["figures"] = figures
	}
	var first string
	if len(n.Labels) > 0 {
		first = n.Labels[0]
	}
	id := props["id"]
	if _, ok := id.(string); !ok {
		id = ""
	}
	return map[string]any{"id": id, "type": typeValue(first), "label": nodeLabel(props), "properties": props}
}

// nodeLabel is what to write on a node: its name, title or statement (the
// driver's value, a string).
func nodeLabel(props map[string]any) any {
	for _, k := range [...]string{"name", "title", "statement"} {
		if s, ok := props[k].(string); ok && s != "" {
			return props[k]
		}
	}
	return ""
}
