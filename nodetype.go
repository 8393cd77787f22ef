package eventgraph

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// NodeType is a kind of node of the graph: the GraphQL enum NodeType
// (gqlgen.yml binds it here), the GraphQL object type of that name and the
// Neo4j label. The seven kinds are listed here and nowhere else; every other
// list of them (the read mapping, migrations, ingest counts, the direct read
// path's root fields) is derived from NodeTypes.
type NodeType string

const (
	NodeTypeActor    NodeType = "ACTOR"
	NodeTypeEvent    NodeType = "EVENT"
	NodeTypeLocation NodeType = "LOCATION"
	NodeTypeTopic    NodeType = "TOPIC"
	NodeTypePosition NodeType = "POSITION"
	NodeTypeForecast NodeType = "FORECAST"
	NodeTypeSource   NodeType = "SOURCE"
)

// NodeTypes are the node types in the schema's order, which is also the
// order of an ingest result's counts and of the members of Node.
var NodeTypes = []NodeType{
	NodeTypeActor, NodeTypeEvent, NodeTypeLocation, NodeTypeTopic,
	NodeTypePosition, NodeTypeForecast, NodeTypeSource,
}

// WriteOrder is the order ingest writes the node types in: what others
// point at first (everything cites sources; events need their actors,
// places and topics), so every relationship finds both its ends.
var WriteOrder = []NodeType{
	NodeTypeSource, NodeTypeActor, NodeTypeLocation, NodeTypeTopic,
	NodeTypeEvent, NodeTypePosition, NodeTypeForecast,
}

var labels = func() map[NodeType]string {
	m := make(map[NodeType]string, len(NodeTypes))
	for _, t := range NodeTypes {
		s := string(t)
		m[t] = s[:1] + strings.ToLower(s[1:])
	}
	return m
}()

var byLabel = func() map[string]NodeType {
	m := make(map[string]NodeType, len(labels))
	for t, l := range labels {
		m[l] = t
	}
	return m
}()

// Label is the Neo4j label of the type, which is also the name of its
// GraphQL object type (ACTOR -> Actor); "" for a value that is no node type.
func (t NodeType) Label() string { return labels[t] }

// NodeTypeOf is the node type whose label (or GraphQL object type) is label.
func NodeTypeOf(label string) (NodeType, bool) {
	t, ok := byLabel[label]
	return t, ok
}

// ByIDField is the Query field that reads one node of the type by id
// (actor), and ListField the one that pages through them (actors).
func (t NodeType) ByIDField() string { return strings.ToLower(string(t)) }

// ListField: see ByIDField.
func (t NodeType) ListField() string { return strings.ToLower(string(t)) + "s" }

// IsValid says whether t is one of the seven node types.
func (t NodeType) IsValid() bool { return labels[t] != "" }

func (t NodeType) String() string { return string(t) }

// UnmarshalGQL reads the enum from a query's arguments or variables.
func (t *NodeType) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	*t = NodeType(s)
	if !t.IsValid() {
		return fmt.Errorf("%s is not a valid NodeType", s)
	}
	return nil
}

// MarshalGQL writes the enum as gqlgen writes its generated enums.
func (t NodeType) MarshalGQL(w io.Writer) { fmt.Fprint(w, strconv.Quote(t.String())) }
