package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Export reads a part of the graph, or all of it, record by record: every
// statement's result is consumed as the database streams it and handed to
// the caller's function one node, edge or item at a time, so that the
// service's memory does not grow with the graph (package export writes
// GraphML, CSV and JSON Lines from it). The statements are here, named and
// parameterised, beside the relationship table (subgraph.go) they follow.

// ExportScope is what an export covers: the neighbourhood of Root (Depth,
// Limit, as neighborhood reads it), the nodes IDs, or, with neither, the
// whole graph.
type ExportScope struct {
	Root         string
	Depth, Limit int
	IDs          []string
}

// ExportNode is one node: its id, its type (the label: Actor, Event, ...),
// a display label (name, title or statement) and its properties as the
// API exposes them (ExportNodeProps), dates as YYYY-MM-DD, instants in
// RFC 3339.
type ExportNode struct {
	ID, Type, Label string
	Props           map[string]any
}

// ExportEdge is one relationship between two exported nodes.
type ExportEdge struct {
	Type, Source, Target string
	Props                map[string]any
}

// ExportProp is one exported property and the type it has wherever it is
// set: "string", "double", "long", or "list" (a list, or a list of
// objects such as figures, written as JSON by the text formats).
type ExportProp struct{ Name, Type string }

// ExportNodeProps are the node properties an export writes, for every
// type; a node has the ones its type has. Internal properties (the
// resolution tokens, aliasText, spanDays, windowSort, the figures' parallel
// lists) are left out; figures and externalIds are written as the API
// shows them.
var ExportNodeProps = []ExportProp{
	{"name", "string"}, {"title", "string"}, {"kind", "string"}, {"aliases", "list"}, {"description", "string"},
	{"countryCode", "string"}, {"wikidataId", "string"}, {"codes", "list"}, {"externalIds", "list"},
	{"latitude", "double"}, {"longitude", "double"},
	{"mode", "string"}, {"contexts", "list"}, {"startDate", "string"}, {"endDate", "string"}, {"datePrecision", "string"},
	{"summary", "string"}, {"outcome", "string"}, {"figures", "list"},
	{"stance", "string"}, {"statement", "string"}, {"validFrom", "string"}, {"validTo", "string"},
	{"horizon", "string"}, {"likelihood", "string"}, {"windowStart", "string"}, {"windowEnd", "string"},
	{"status", "string"}, {"resolvedAt", "string"}, {"resolutionNote", "string"},
	{"author", "string"}, {"publisher", "string"}, {"url", "string"}, {"publishedAt", "string"},
	{"createdAt", "string"}, {"updatedAt", "string"},
}

// ExportEdgeProps are the relationship properties an export writes.
var ExportEdgeProps = []ExportProp{
	{"kind", "string"}, {"role", "string"}, {"quote", "string"},
	{"sourceIds", "list"}, {"validFrom", "string"}, {"validTo", "string"},
}

// exportNodeProjection projects a node n as the export's columns: its
// stored properties with externalIds and figures as the API shows them.
var exportNodeProjection = "n {.*, externalIds: " + subst(externalIDsExpr, "n", "", "") +
	", figures: CASE WHEN n.figureLabels IS NULL THEN null ELSE " + subst(types[eventgraph.NodeTypeEvent].exprs["figures"], "n", "", "") + " END}"

// exportNodesQuery reads the nodes of one label, of all or only of $ids.
func exportNodesQuery(label string, ids bool) query {
	where := ""
	if ids {
		where = " WHERE n.id IN $ids"
	}
	return query{"export nodes " + label, fmt.Sprintf("MATCH (n:%s)%s RETURN %s AS n", label, where, exportNodeProjection)}
}

// exportEdgesQuery reads the relationships of one type (from nodes of
// label from, "" for any), of all or only between $ids.
func exportEdgesQuery(typ, from, to string, ids bool) query {
	a, b := "(a)", "(b)"
	if from != "" {
		a = "(a:" + from + ")"
	}
	if to != "" {
		b = "(b:" + to + ")"
	}
	where := " WHERE a.id IS NOT NULL AND b.id IS NOT NULL"
	if ids {
		where = " WHERE a.id IN $ids AND b.id IN $ids"
	}
	return query{"export edges " + typ, fmt.Sprintf("MATCH %s-[r:%s]->%s%s RETURN a.id AS source, b.id AS target, properties(r) AS p", a, typ, b, where)}
}

// Export streams the nodes, then the edges, of scope to node and edge.
func (c *Client) Export(ctx context.Context, scope ExportScope, node func(ExportNode) error, edge func(ExportEdge) error) error {
	ids, err := c.exportIDs(ctx, scope)
	if err != nil {
		return err
	}
	params := map[string]any{"ids": ids}
	return c.stream(ctx, func(each func(q query, params map[string]any, row func(*neo4j.Record) error) error) error {
		for _, l := range Labels {
			err := each(exportNodesQuery(l, ids != nil), params, func(r *neo4j.Record) error {
				props, _ := r.Values[0].(map[string]any)
				return node(exportNode(l, props))
			})
			if err != nil {
				return err
			}
		}
		for _, rel := range relationships {
			err := each(exportEdgesQuery(rel.typ, rel.from, rel.to, ids != nil), params, func(r *neo4j.Record) error {
				src, _ := r.Values[0].(string)
				dst, _ := r.Values[1].(string)
				props, _ := r.Values[2].(map[string]any)
				return edge(ExportEdge{Type: rel.typ, Source: src, Target: dst, Props: exportProps(props, ExportEdgeProps)})
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// exportIDs are the nodes of a neighbourhood or chosen scope (nil for the
// whole graph). The chosen ids are bounded as a filter's list is.
func (c *Client) exportIDs(ctx context.Context, scope ExportScope) ([]string, error) {
	switch {
	case scope.Root != "":
		sg, err := c.Neighborhood(ctx, scope.Root, scope.Depth, scope.Limit, nil, nil, false)
		if err != nil {
			return nil, err
		}
		// A neighbourhood's value is shaped like the field: {nodes: [{id ...}]}.
		m, _ := sg.(map[string]any)
		nodes, _ := m["nodes"].([]any)
		ids := make([]string, 0, len(nodes))
		for _, v := range nodes {
			n, _ := v.(map[string]any)
			if id, ok := n["id"].(string); ok {
				ids = append(ids, id)
			}
		}
		return ids, nil
	case scope.IDs != nil:
		if len(scope.IDs) > eventgraph.LimitList.Max {
			return nil, eventgraph.InputError("ids", "%d ids, more than the %s limit of %s", len(scope.IDs), eventgraph.LimitList.Name, eventgraph.LimitList)
		}
		for _, id := range scope.IDs {
			if n := len([]rune(id)); n > eventgraph.LimitID.Max {
				return nil, eventgraph.InputError("ids", "an id of %d characters, more than the %s limit of %s", n, eventgraph.LimitID.Name, eventgraph.LimitID)
			}
		}
		return scope.IDs, nil
	}
	return nil, nil
}

func exportNode(label string, props map[string]any) ExportNode {
	n := ExportNode{Type: label, Props: exportProps(props, ExportNodeProps)}
	n.ID, _ = props["id"].(string)
	for _, k := range []string{"name", "title", "statement"} {
		if s, ok := props[k].(string); ok {
			n.Label = s
			break
		}
	}
	return n
}

// exportProps keeps the properties of want, as JSON-friendly values.
func exportProps(props map[string]any, want []ExportProp) map[string]any {
	out := make(map[string]any, len(want))
	for _, p := range want {
		v, ok := props[p.Name]
		if !ok || v == nil {
			continue
		}
		if l, ok := v.([]any); ok && len(l) == 0 {
			continue
		}
		out[p.Name] = plain(v)
	}
	return out
}

// Items: JSON Lines of ingest items that rebuild the graph. Every
// reference in the stream points backwards, so that an importer sending
// the lines in batches of any size finds what each item names: sources,
// actors, locations, topics, events, positions, forecasts, affiliations,
// each type once without its references to nodes of its own type
// (a location's parent, an event's parent and consequences, a position's
// responses), then again, whole, for the nodes that have them (a replay of
// an item changes nothing but the links it adds).

// citationsExpr are a node's citations as CitationInput.
const citationsExpr = "[(n)-[c:CITED_IN]->(s:Source) | {sourceId: s.id, quote: c.quote}]"

// exportItems are the item statements, in stream order: the item's type
// (the importer's "type") and its query over the whole graph.
var exportItems = []struct {
	typ string
	q   query
}{
	{"source", query{"export items source", `MATCH (n:Source) RETURN n {.id, .title, .author, .publisher, .url, .publishedAt, .kind} AS item`}},
	{"actor", query{"export items actor", `MATCH (n:Actor) RETURN n {.id, .name, .kind, .aliases, .description, .countryCode, .wikidataId, .codes,
  externalIds: ` + exportExternalIDs + `, citations: ` + citationsExpr + `} AS item`}},
	{"location", query{"export items location", `MATCH (n:Location) RETURN n {.id, .name, .kind, .aliases, .countryCode, .latitude, .longitude,
  externalIds: ` + exportExternalIDs + `, citations: ` + citationsExpr + `} AS item`}},
	{"location", query{"export items location parents", `MATCH (n:Location)-[:LOCATED_IN]->(p:Location) RETURN n {.id, .name, .kind, .aliases, .countryCode, .latitude, .longitude,
  externalIds: ` + exportExternalIDs + `, parentId: p.id, citations: ` + citationsExpr + `} AS item`}},
	{"topic", query{"export items topic", `MATCH (n:Topic) RETURN n {.id, .name, .description, citations: ` + citationsExpr + `} AS item`}},
	{"event", query{"export items event", `MATCH (n:Event) RETURN ` + exportEvent("0", "") + ` AS item`}},
	// An event again for each further citation of its participations (the
	// i-th of each that has one), so that every source keeps its quote.
	{"event", query{"export items event citations", `MATCH (n:Event)
WITH n, reduce(most = 0, k IN [(:Actor)-[p:PARTICIPATED_IN]->(n) | size(coalesce(p.citeSources, []))] | CASE WHEN k > most THEN k ELSE most END) AS most
WHERE most > 1
UNWIND range(1, most - 1) AS i
WITH n, i ORDER BY i
RETURN ` + exportEvent("i", "") + ` AS item`}},
	{"event", query{"export items event links", `MATCH (n:Event) WHERE EXISTS { (n)-[:PART_OF|LED_TO]->(:Event) }
RETURN ` + exportEvent("0", ", parentId: COLLECT { MATCH (n)-[:PART_OF]->(p:Event) RETURN p.id }[0], ledToIds: [(n)-[:LED_TO]->(x:Event) | x.id]") + ` AS item`}},
	{"position", query{"export items position", `MATCH (a:Actor)-[:HOLDS]->(n:Position)-[:ON]->(t:Topic)
RETURN n {.id, actorId: a.id, topicId: t.id, .stance, .statement, .validFrom, .validTo, citations: ` + citationsExpr + `} AS item`}},
	{"position", query{"export items position responses", `MATCH (a:Actor)-[:HOLDS]->(n:Position)-[:ON]->(t:Topic) WHERE EXISTS { (n)-[:RESPONDS_TO]->(:Position) }
RETURN n {.id, actorId: a.id, topicId: t.id, .stance, .statement, .validFrom, .validTo, respondsToIds: [(n)-[:RESPONDS_TO]->(x:Position) | x.id], citations: ` + citationsExpr + `} AS item`}},
	// A forecast whose source was deleted is written without sourceId:
	// ingest refuses it by name (a forecast needs its source), rather
	// than the export leaving it out unsaid.
	// The issuing source is "issuer", not "s": citationsExpr binds s to
	// each cited source, and a bound s would keep only the issuer's.
	{"forecast", query{"export items forecast", `MATCH (n:Forecast) OPTIONAL MATCH (n)-[:ISSUED_IN]->(issuer:Source)
RETURN n {.id, .statement, .horizon, .likelihood, .windowStart, .windowEnd, .status, .resolvedAt, .resolutionNote,
  aboutIds: [(n)-[:ABOUT]->(x) | x.id], sourceId: issuer.id, resolvedById: COLLECT { MATCH (n)-[:RESOLVED_BY]->(e:Event) RETURN e.id }[0],
  citations: ` + citationsExpr + `} AS item`}},
	// One item per citation, in the order they were added, so that
	// ingesting them in turn rebuilds each one's source, quote and facts.
	{"affiliation", query{"export items affiliation", `MATCH (a:Actor)-[r:AFFILIATED_WITH]->(w:Actor)
UNWIND range(0, coalesce(size(r.citeSources), 1) - 1) AS i
WITH a, r, w, i ORDER BY i
RETURN {actorId: a.id, withId: w.id, ` + exportCitation("r", "i", affiliationFacts) + `} AS item`}},
}

// exportExternalIDs are a node's externalIds as ExternalIdInput.
var exportExternalIDs = subst(externalIDsExpr, "n", "", "")

// exportCitation is citation i of sourced relationship r (claims.go) as
// the fields of its input: its source, quote and what it states of facts.
// A relationship written before the lists is one citation of its
// sourceIds with its quote.
func exportCitation(r, i string, facts []string) string {
	legacy := r + ".citeSources IS NULL"
	out := []string{
		"sourceIds: CASE WHEN " + legacy + " THEN " + r + ".sourceIds WHEN " + r + ".citeSources[" + i + "] = '' THEN [] ELSE [" + r + ".citeSources[" + i + "]] END",
		"quote: CASE WHEN " + legacy + " THEN " + r + ".quote ELSE nullif(" + r + ".citeQuotes[" + i + "], '') END",
	}
	for _, f := range facts {
		v := "nullif(" + r + "." + claimKey(f) + "[" + i + "], '')"
		if dateFacts[f] {
			v = "date(" + v + ")"
		}
		out = append(out, f+": CASE WHEN "+legacy+" THEN "+r+"."+f+" ELSE "+v+" END")
	}
	return strings.Join(out, ", ")
}

// exportEvent is an event as EventInput with citation i of each of its
// participations (those that have one), with more (its references to
// other events) added.
func exportEvent(i, more string) string {
	return `n {.id, .title, .kind, .mode, .contexts, .startDate, .endDate, .datePrecision, .summary, .outcome,
  figures: ` + subst(types[eventgraph.NodeTypeEvent].exprs["figures"], "n", "", "") + `, externalIds: ` + exportExternalIDs + `,
  participants: [(a:Actor)-[p:PARTICIPATED_IN]->(n) WHERE coalesce(size(p.citeSources), 1) > ` + i + ` | {actorId: a.id, ` + exportCitation("p", i, participationFacts) + `}],
  locationId: COLLECT { MATCH (n)-[:OCCURRED_AT]->(l:Location) RETURN l.id }[0], topicIds: [(n)-[:CONCERNS]->(t:Topic) | t.id],
  citations: ` + citationsExpr + more + `}`
}

// ExportItems streams the whole graph as ingest items: item gets each
// one's type ("actor", ...) and its fields, nulls left out, dates as
// YYYY-MM-DD.
func (c *Client) ExportItems(ctx context.Context, item func(typ string, fields map[string]any) error) error {
	return c.stream(ctx, func(each func(q query, params map[string]any, row func(*neo4j.Record) error) error) error {
		for _, it := range exportItems {
			err := each(it.q, nil, func(r *neo4j.Record) error {
				m, _ := r.Values[0].(map[string]any)
				return item(it.typ, compact(m))
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// compact drops the nulls of an item, at any depth, and
// makes its values JSON-friendly.
func compact(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case nil:
			continue
		case []any:
			// An empty list stays: ingest stores what it is given, and
			// an empty list given is not the same as none.
			l := make([]any, len(x))
			for i, e := range x {
				if em, ok := e.(map[string]any); ok {
					l[i] = compact(em)
				} else {
					l[i] = plain(e)
				}
			}
			out[k] = l
		case map[string]any:
			out[k] = compact(x)
		default:
			out[k] = plain(v)
		}
	}
	return out
}

// stream runs statements in one read transaction, handing each record to
// its row function as it arrives: one consistent state, no record held
// after its row has run. A transaction function would be retried on a
// transient failure, and the rows already handed over cannot be taken back,
// so this is an explicit transaction, never retried.
func (c *Client) stream(ctx context.Context, body func(each func(q query, params map[string]any, row func(*neo4j.Record) error) error) error) error {
	s := c.session(ctx, neo4j.AccessModeRead)
	defer s.Close(ctx)
	tx, err := s.BeginTransaction(ctx, neo4j.WithTxTimeout(c.txTimeout(ctx)))
	if err != nil {
		c.failed(err)
		return classify(ended(ctx, err))
	}
	defer tx.Close(ctx)
	each := func(q query, params map[string]any, row func(*neo4j.Record) error) error {
		defer c.answered(q, c.sending(q, params))
		res, err := tx.Run(ctx, q.cypher, params)
		if err != nil {
			return classify(ended(ctx, queryFailed(q, err)))
		}
		for res.Next(ctx) {
			if err := row(res.Record()); err != nil {
				return err
			}
		}
		if err := res.Err(); err != nil {
			c.failed(err)
			return classify(ended(ctx, queryFailed(q, err)))
		}
		return nil
	}
	if err := body(each); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
