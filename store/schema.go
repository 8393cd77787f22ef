package store

import (
	"reflect"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// This file maps the GraphQL types onto the graph: which fields are stored
// properties, which are computed in Cypher, and which follow relationships
// (and how). The read compiler (read.go) walks a client's selection through
// these tables to build one Cypher query per root field.

// relKind says how a relationship field is shaped in the response.
type relKind int

const (
	relOne        relKind = iota // a single node or null (Event.location)
	relList                      // a short list of nodes (Event.topics)
	relConnection                // a paged connection with edges (Event.participants)
	relSourceRefs                // [SourceRef]: CITED_IN with its quote
)

// relSpec describes one relationship field: most follow one relationship,
// rel, from the parent node to a node of type target (towards the parent
// when in); a field that follows a longer path, or whose nodes can be of
// several types (target "": Forecast.about), gives its pattern as match,
// where {x} is the parent node, {n} the related node and {r} the
// relationship. TestMappingFollowsTheGraphsRelationships checks every rel
// against the table of relationships ingest writes (subgraph.go).
type relSpec struct {
	kind   relKind
	rel    string
	in     bool
	match  string
	target eventgraph.NodeType
	// edgeProps are relationship properties exposed on connection edges.
	edgeProps []string
	// edgeSources exposes {r}.sourceIds as the edge's `sources`, and its
	// citations (claims.go) as its `citations`.
	edgeSources bool
	// order is the default ORDER BY over {n} and {r}; orderArg names an
	// argument that may override it (an EventOrder).
	order    string
	orderArg string
	// filter turns the field's `where` argument into Cypher conditions
	// over n and r; {x} in them stands for the parent node.
	filter func(c *compiler, args map[string]any, n, r string) ([]string, error)
	// distinct removes duplicate {n} reached by several paths.
	distinct bool
	// key is the response key for non-connection fields that decode into a
	// raw JSON extra field (Forecast.about -> about); default the field name.
	key string
}

// pattern is the field's MATCH pattern, in match's terms.
func (rs relSpec) pattern() string {
	if rs.match != "" {
		return rs.match
	}
	n := "({n}:" + rs.target.Label() + ")"
	if rs.in {
		return "({x})<-[{r}:" + rs.rel + "]-" + n
	}
	return "({x})-[{r}:" + rs.rel + "]->" + n
}

// typeSpec lists, for one GraphQL object type, its scalar fields that need
// an expression instead of a plain property, and its relationship fields.
type typeSpec struct {
	// model is the generated Go type a read of the type decodes into.
	model reflect.Type
	// where turns the `where` of the type's root list into Cypher
	// conditions over its node; orders maps the values of its orderBy
	// field enum onto properties, and defaultOrder is the field and
	// direction used when orderBy is absent.
	where        func(c *compiler, w map[string]any, n string) ([]string, error)
	orders       map[string]string
	defaultOrder [2]string
	// exprs are scalar fields computed from stored properties; {x} is the node.
	exprs map[string]string
	// needs lists stored properties that computed-in-Go fields depend on.
	needs map[string][]string
	rels  map[string]relSpec
}

// eventOrder is the default order of event lists: newest first, undated last.
const eventOrder = "{n}.startDate DESC, {n}.id"

var listProps = []string{"aliases", "codes", "contexts"}

// externalIDsExpr reads the SYSTEM:ID strings ingest stores (events',
// actors' and locations' externalIds) as ExternalId objects.
const externalIDsExpr = "[e IN coalesce({x}.externalIds, []) | " +
	"{system: split(e, ':')[0], id: substring(e, size(split(e, ':')[0]) + 1)}]"

// types is the mapping table, one entry per node type; the label of a
// type is its NodeType.Label().
var types = map[eventgraph.NodeType]typeSpec{
	eventgraph.NodeTypeActor: {
		model:        reflect.TypeFor[model.Actor](),
		where:        actorWhere,
		orders:       map[string]string{"NAME": "name", "CREATED_AT": "createdAt", "UPDATED_AT": "updatedAt"},
		defaultOrder: [2]string{"NAME", "ASC"},
		exprs: map[string]string{
			"aliases":     "coalesce({x}.aliases, [])",
			"codes":       "coalesce({x}.codes, [])",
			"externalIds": externalIDsExpr,
		},
		rels: map[string]relSpec{
			"events": {kind: relConnection, rel: "PARTICIPATED_IN", target: eventgraph.NodeTypeEvent,
				edgeProps: []string{"kind", "role", "validFrom", "validTo", "quote"}, edgeSources: true, order: eventOrder, orderArg: "orderBy",
				filter: actorEventsFilter},
			"affiliations": {kind: relConnection, rel: "AFFILIATED_WITH", target: eventgraph.NodeTypeActor,
				edgeProps: []string{"role", "validFrom", "validTo", "quote"}, edgeSources: true, order: "{n}.name, {n}.id", filter: affiliationFilter},
			"members": {kind: relConnection, rel: "AFFILIATED_WITH", in: true, target: eventgraph.NodeTypeActor,
				edgeProps: []string{"role", "validFrom", "validTo", "quote"}, edgeSources: true, order: "{n}.name, {n}.id", filter: affiliationFilter},
			"positions": {kind: relConnection, rel: "HOLDS", target: eventgraph.NodeTypePosition,
				order: "{n}.validFrom DESC, {n}.id", filter: positionFilter},
			"forecasts": {kind: relConnection, rel: "ABOUT", in: true, target: eventgraph.NodeTypeForecast,
				order: "{n}.windowEnd, {n}.id"},
			"sources": {kind: relSourceRefs, rel: "CITED_IN", target: eventgraph.NodeTypeSource, order: "{n}.publishedAt DESC, {n}.id"},
		},
	},
	eventgraph.NodeTypeEvent: {
		model:        reflect.TypeFor[model.Event](),
		where:        eventWhere,
		orders:       map[string]string{"START_DATE": "startDate", "TITLE": "title", "CREATED_AT": "createdAt"},
		defaultOrder: [2]string{"START_DATE", "DESC"},
		exprs: map[string]string{
			"contexts": "coalesce({x}.contexts, [])",
			"figures": "[i IN range(0, size(coalesce({x}.figureLabels, [])) - 1) | " +
				"{label: {x}.figureLabels[i], value: {x}.figureValues[i], unit: nullif({x}.figureUnits[i], '')}]",
			"externalIds":   externalIDsExpr,
			"datePrecision": "coalesce({x}.datePrecision, 'DAY')",
		},
		rels: map[string]relSpec{
			"participants": {kind: relConnection, rel: "PARTICIPATED_IN", in: true, target: eventgraph.NodeTypeActor,
				edgeProps: []string{"kind", "role", "validFrom", "validTo", "quote"}, edgeSources: true,
				// Those who took part first, then those who declined.
				order: "{r}.kind = 'DECLINED', {n}.name, {n}.id", filter: participantFilter},
			"location": {kind: relOne, rel: "OCCURRED_AT", target: eventgraph.NodeTypeLocation},
			"parent":   {kind: relOne, rel: "PART_OF", target: eventgraph.NodeTypeEvent},
			"subEvents": {kind: relConnection, rel: "PART_OF", in: true, target: eventgraph.NodeTypeEvent,
				order: "{n}.startDate, {n}.id"},
			"ledTo": {kind: relConnection, rel: "LED_TO", target: eventgraph.NodeTypeEvent,
				order: "{n}.startDate, {n}.id"},
			"ledFrom": {kind: relConnection, rel: "LED_TO", in: true, target: eventgraph.NodeTypeEvent,
				order: "{n}.startDate, {n}.id"},
			"topics": {kind: relList, rel: "CONCERNS", target: eventgraph.NodeTypeTopic, order: "{n}.name"},
			"forecasts": {kind: relConnection, rel: "ABOUT", in: true, target: eventgraph.NodeTypeForecast,
				order: "{n}.windowEnd, {n}.id"},
			"sources": {kind: relSourceRefs, rel: "CITED_IN", target: eventgraph.NodeTypeSource, order: "{n}.publishedAt DESC, {n}.id"},
		},
	},
	eventgraph.NodeTypeLocation: {
		model:        reflect.TypeFor[model.Location](),
		where:        locationWhere,
		orders:       map[string]string{"NAME": "name", "CREATED_AT": "createdAt"},
		defaultOrder: [2]string{"NAME", "ASC"},
		exprs: map[string]string{
			"aliases":     "coalesce({x}.aliases, [])",
			"externalIds": externalIDsExpr,
		},
		rels: map[string]relSpec{
			"parent": {kind: relOne, rel: "LOCATED_IN", target: eventgraph.NodeTypeLocation},
			"children": {kind: relConnection, rel: "LOCATED_IN", in: true, target: eventgraph.NodeTypeLocation,
				order: "{n}.name, {n}.id"},
			// Everything that happened here or anywhere within.
			"events": {kind: relConnection, match: "({x})<-[:LOCATED_IN*0..6]-(:Location)<-[{r}:OCCURRED_AT]-({n}:Event)",
				target: eventgraph.NodeTypeEvent, order: eventOrder, orderArg: "orderBy", distinct: true},
			"sources": {kind: relSourceRefs, rel: "CITED_IN", target: eventgraph.NodeTypeSource, order: "{n}.publishedAt DESC, {n}.id"},
		},
	},
	eventgraph.NodeTypeTopic: {
		model:        reflect.TypeFor[model.Topic](),
		where:        topicWhere,
		orders:       map[string]string{"NAME": "name", "CREATED_AT": "createdAt"},
		defaultOrder: [2]string{"NAME", "ASC"},
		rels: map[string]relSpec{
			"positions": {kind: relConnection, rel: "ON", in: true, target: eventgraph.NodeTypePosition,
				order: "{n}.validFrom DESC, {n}.id", filter: positionFilter},
			"events": {kind: relConnection, rel: "CONCERNS", in: true, target: eventgraph.NodeTypeEvent,
				order: eventOrder, orderArg: "orderBy"},
			"forecasts": {kind: relConnection, rel: "ABOUT", in: true, target: eventgraph.NodeTypeForecast,
				order: "{n}.windowEnd, {n}.id"},
			"sources": {kind: relSourceRefs, rel: "CITED_IN", target: eventgraph.NodeTypeSource, order: "{n}.publishedAt DESC, {n}.id"},
		},
	},
	eventgraph.NodeTypePosition: {
		model:        reflect.TypeFor[model.Position](),
		where:        positionWhere,
		orders:       map[string]string{"VALID_FROM": "validFrom", "CREATED_AT": "createdAt"},
		defaultOrder: [2]string{"VALID_FROM", "DESC"},
		rels: map[string]relSpec{
			"actor":      {kind: relOne, rel: "HOLDS", in: true, target: eventgraph.NodeTypeActor},
			"topic":      {kind: relOne, rel: "ON", target: eventgraph.NodeTypeTopic},
			"respondsTo": {kind: relList, rel: "RESPONDS_TO", target: eventgraph.NodeTypePosition, order: "{n}.id"},
			"responses":  {kind: relList, rel: "RESPONDS_TO", in: true, target: eventgraph.NodeTypePosition, order: "{n}.id"},
			"sources":    {kind: relSourceRefs, rel: "CITED_IN", target: eventgraph.NodeTypeSource, order: "{n}.publishedAt DESC, {n}.id"},
		},
	},
	eventgraph.NodeTypeForecast: {
		model:        reflect.TypeFor[model.Forecast](),
		where:        forecastWhere,
		orders:       map[string]string{"WINDOW_END": "windowSort", "CREATED_AT": "createdAt", "STATUS": "status"},
		defaultOrder: [2]string{"WINDOW_END", "ASC"},
		needs:        map[string][]string{"probability": {"likelihood"}},
		exprs:        map[string]string{"status": forecastStatus},
		rels: map[string]relSpec{
			"about":      {kind: relList, match: "({x})-[{r}:ABOUT]->({n})", target: "", order: "{n}.id"},
			"source":     {kind: relOne, rel: "ISSUED_IN", target: eventgraph.NodeTypeSource},
			"resolvedBy": {kind: relOne, rel: "RESOLVED_BY", target: eventgraph.NodeTypeEvent},
			"sources":    {kind: relSourceRefs, rel: "CITED_IN", target: eventgraph.NodeTypeSource, order: "{n}.publishedAt DESC, {n}.id"},
		},
	},
	eventgraph.NodeTypeSource: {
		model:        reflect.TypeFor[model.Source](),
		where:        sourceWhere,
		orders:       map[string]string{"PUBLISHED_AT": "publishedAt", "TITLE": "title"},
		defaultOrder: [2]string{"PUBLISHED_AT", "DESC"},
		rels: map[string]relSpec{
			"citations": {kind: relConnection, match: "({x})<-[{r}:CITED_IN]-({n})", target: "",
				edgeProps: []string{"quote"}, order: "labels({n})[0], {n}.id", filter: citationFilter},
			"forecasts": {kind: relConnection, rel: "ISSUED_IN", in: true, target: eventgraph.NodeTypeForecast,
				order: "{n}.windowEnd, {n}.id"},
		},
	},
}

// polymorphic lists the concrete types a Node (or ForecastSubject) can be.
var polymorphic = eventgraph.NodeTypes

// computedInGo are fields that resolvers compute from other fields; the
// compiler projects what they need (typeSpec.needs) instead.
var computedInGo = map[string]bool{"probability": true, "__typename": true}
