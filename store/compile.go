package store

import (
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
)

// The root reads compiled: each Compile function turns one root field's
// arguments and selection into the one statement the store sends for it,
// without a database, so that what is sent can be tested by itself
// (testdata/tck). The Client's read methods (roots.go, subgraph.go) run
// these statements and shape what comes back.

// Statement is a compiled read: the name it is logged and measured by, its
// Cypher and its parameters. Cypher is empty when nothing need be read
// (a root list asked for neither its edges nor its count).
type Statement struct {
	Name   string
	Cypher string
	Params map[string]any
}

// CompileGet is the read of the node of type typ with the given id.
func CompileGet(typ eventgraph.NodeType, id string, fields []Field) (Statement, error) {
	if _, ok := types[typ]; !ok {
		return Statement{}, fmt.Errorf("get: unknown type %s", typ)
	}
	cp := newCompiler()
	proj, err := cp.project(typ, "n", fields)
	if err != nil {
		return Statement{}, err
	}
	cypher := fmt.Sprintf("%s RETURN %s", matchByID(typ.Label(), cp.param(id)), proj)
	return Statement{Name: "get " + typ.Label(), Cypher: cypher, Params: cp.params}, nil
}

// CompileGetAny is the read of nodes of any type by id (node, nodes);
// byType is the selection for each concrete type. Each row is (id, node).
// At most a page of ids is read at once.
func CompileGetAny(ids []string, byType map[eventgraph.NodeType][]Field) (Statement, error) {
	if len(ids) > eventgraph.LimitFirst.Max {
		return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "ids: at most %d at once, not %d", eventgraph.LimitFirst.Max, len(ids))
	}
	cp := newCompiler()
	proj, err := cp.projectPolymorphic("n", Field{ByType: byType})
	if err != nil {
		return Statement{}, err
	}
	// One index lookup per label instead of a label-less scan.
	var lookups []string
	for _, t := range polymorphic {
		lookups = append(lookups, matchByID(t.Label(), "id")+" RETURN n")
	}
	// The id asked, not n.id: a merged id answers with the node it was
	// merged into.
	cypher := fmt.Sprintf("UNWIND %s AS id CALL (id) { %s } RETURN id, %s AS node",
		cp.param(ids), strings.Join(lookups, " UNION "), proj)
	return Statement{Name: "get nodes", Cypher: cypher, Params: cp.params}, nil
}

// CompileList is the read of one page of a root list field (actors,
// events, ...): f carries first/after/where/orderBy and the connection's
// selection.
func CompileList(typ eventgraph.NodeType, f Field) (Statement, error) {
	if _, ok := types[typ]; !ok {
		return Statement{}, fmt.Errorf("list: unknown type %s", typ)
	}
	first, offset, err := page(f.Args, defaultFirst)
	if err != nil {
		return Statement{}, err
	}
	cp := newCompiler()
	set, err := rootMatch(cp, typ, whereArg(f.Args))
	if err != nil {
		return Statement{}, err
	}
	prelude, imports := set.prelude, set.imports
	call := "CALL (" + strings.Join(imports, ", ") + ") { "
	sel := mergeByName(f.Fields)
	var calls, ret []string
	if _, ok := sel["totalCount"]; ok {
		calls = append(calls, fmt.Sprintf("%s%s RETURN count(n) AS total }", call, set.match))
		ret = append(ret, "totalCount: total")
	}
	if agg, ok := sel["aggregate"]; ok {
		calls = append(calls, fmt.Sprintf("%s%s }", call, rootAggregate(typ, set.match, agg)))
		ret = append(ret, "aggregate: aggregate")
	}
	_, wantEdges := sel["edges"]
	_, wantPage := sel["pageInfo"]
	if wantEdges || wantPage {
		node := mergeByName(sel["edges"].Fields)["node"]
		proj, err := cp.project(typ, "n", node.Fields)
		if err != nil {
			return Statement{}, err
		}
		order, err := orderBy(typ, mapArg(f.Args, "orderBy"), "n")
		if err != nil {
			return Statement{}, err
		}
		if len(cp.sortPrefix) > 0 {
			head := order[:strings.LastIndex(order, ", ")] // "... n.prop DIR, n.id"
			dir := head[strings.LastIndex(head, " ")+1:]
			order = strings.Join(cp.sortPrefix, " "+dir+", ") + " " + dir + ", " + order
		}
		calls = append(calls, fmt.Sprintf("%s%s WITH n ORDER BY %s SKIP %s LIMIT %s RETURN collect({node: %s}) AS edges }",
			call, set.match, order, cp.param(offset), cp.param(first+1), proj))
		ret = append(ret, "edges: edges")
	}
	st := Statement{Name: "list " + typ.Label(), Params: cp.params}
	if len(calls) > 0 {
		st.Cypher = strings.Join(append(prelude, calls...), " ") + " RETURN {" + strings.Join(ret, ", ") + "}"
	}
	return st, nil
}

// CompileSearch is the full-text search over names, aliases, titles,
// statements and summaries of the given node types (all when none).
func CompileSearch(text string, nodeTypes []eventgraph.NodeType, first int, byType map[eventgraph.NodeType][]Field) (Statement, error) {
	if strings.TrimSpace(text) == "" {
		return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "query: the search text is empty")
	}
	if first < 1 || first > eventgraph.LimitFirst.Max {
		return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "first must be between 1 and %d, not %d", eventgraph.LimitFirst.Max, first)
	}
	cp := newCompiler()
	proj, err := cp.projectPolymorphic("n", Field{ByType: byType})
	if err != nil {
		return Statement{}, err
	}
	labels := Labels
	if len(nodeTypes) > 0 {
		labels = nil
		for _, t := range nodeTypes {
			if !t.IsValid() {
				return Statement{}, eventgraph.Errorf(eventgraph.CodeBadUserInput, "kinds: %q is not a node type", t)
			}
			labels = append(labels, t.Label())
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
	return Statement{Name: "search", Cypher: cypher, Params: cp.params}, nil
}
