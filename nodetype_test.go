package eventgraph_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
)

// The node types are listed once, in nodetype.go; this holds them to the
// schema: the NodeType enum, the object types behind Node and the root
// fields that read them.
func TestNodeTypesAreTheSchemas(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	var enum []eventgraph.NodeType
	for _, v := range s.Types["NodeType"].EnumValues {
		enum = append(enum, eventgraph.NodeType(v.Name))
	}
	if !slices.Equal(enum, eventgraph.NodeTypes) {
		t.Errorf("enum NodeType is %v, NodeTypes %v", enum, eventgraph.NodeTypes)
	}
	var members []string
	for _, d := range s.GetPossibleTypes(s.Types["Node"]) {
		members = append(members, d.Name)
	}
	for _, nt := range eventgraph.NodeTypes {
		if !slices.Contains(members, nt.Label()) {
			t.Errorf("%s: no object type %q implements Node (it has %v)", nt, nt.Label(), members)
		}
		if got, ok := eventgraph.NodeTypeOf(nt.Label()); !ok || got != nt {
			t.Errorf("NodeTypeOf(%q) = %q, %v", nt.Label(), got, ok)
		}
		if f := s.Query.Fields.ForName(nt.ByIDField()); f == nil || f.Type.Name() != nt.Label() {
			t.Errorf("%s: Query.%s does not read a %s", nt, nt.ByIDField(), nt.Label())
		}
		if f := s.Query.Fields.ForName(nt.ListField()); f == nil || f.Type.Name() != nt.Label()+"Connection" {
			t.Errorf("%s: Query.%s does not list %s", nt, nt.ListField(), nt.Label())
		}
	}
	if len(members) != len(eventgraph.NodeTypes) {
		t.Errorf("Node has %d members, NodeTypes %d", len(members), len(eventgraph.NodeTypes))
	}
	w := slices.Clone(eventgraph.WriteOrder)
	n := slices.Clone(eventgraph.NodeTypes)
	slices.Sort(w)
	slices.Sort(n)
	if !slices.Equal(w, n) {
		t.Errorf("WriteOrder %v is not an order of NodeTypes", eventgraph.WriteOrder)
	}
}

func TestNodeTypeGQL(t *testing.T) {
	var b bytes.Buffer
	eventgraph.NodeTypeActor.MarshalGQL(&b)
	if b.String() != `"ACTOR"` {
		t.Errorf("MarshalGQL wrote %s", b.String())
	}
	for _, tt := range []struct {
		in   any
		want eventgraph.NodeType
		ok   bool
	}{
		{"EVENT", eventgraph.NodeTypeEvent, true},
		{"Event", "", false},
		{"", "", false},
		{42, "", false},
	} {
		var got eventgraph.NodeType
		err := got.UnmarshalGQL(tt.in)
		if (err == nil) != tt.ok || tt.ok && got != tt.want {
			t.Errorf("UnmarshalGQL(%v) = %q, %v", tt.in, got, err)
		}
	}
	if eventgraph.NodeType("NOPE").Label() != "" {
		t.Error("an unknown node type has a label")
	}
}
