package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Decoding needs no database: the values below are what the driver hands
// over for the read compiler's queries.

func TestDecodeFillsModelsFromDriverValues(t *testing.T) {
	created := time.Date(2025, 5, 16, 9, 30, 0, 0, time.UTC)
	v := map[string]any{
		"__typename": "Event", "id": "talks", "title": "Istanbul talks", "kind": "CONSULT",
		"contexts": []any{"war"}, "startDate": dbtype.Date(time.Date(2025, 5, 16, 0, 0, 0, 0, time.UTC)),
		"endDate": nil, "createdAt": created,
		"location": map[string]any{"id": "istanbul", "name": "Istanbul", "latitude": int64(41), "parent": map[string]any{"id": "turkiye", "name": "Türkiye"}},
		"topics":   []any{map[string]any{"id": "peace", "name": "Peace"}},
		"rel":      map[string]any{"ps": map[string]any{"totalCount": int64(2)}},
	}
	e, err := Decode[model.Event](v)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "talks" || e.Title != "Istanbul talks" || e.Kind != model.EventKindConsult || len(e.Contexts) != 1 || e.Contexts[0] != "war" {
		t.Errorf("scalars: %+v", e)
	}
	if e.StartDate == nil || *e.StartDate != (eventgraph.Date{Year: 2025, Month: 5, Day: 16}) || e.EndDate != nil {
		t.Errorf("dates: start %v end %v", e.StartDate, e.EndDate)
	}
	if !e.CreatedAt.Equal(created) {
		t.Errorf("createdAt = %v", e.CreatedAt)
	}
	if e.Location != nil && (e.Location.Latitude == nil || *e.Location.Latitude != 41) {
		t.Errorf("an int64 into a float: %v", e.Location.Latitude)
	}
	if e.Location == nil || e.Location.Name != "Istanbul" || e.Location.Parent == nil || e.Location.Parent.ID != "turkiye" {
		t.Errorf("nested objects (a type inside itself): %+v", e.Location)
	}
	if len(e.Topics) != 1 || e.Topics[0].Name != "Peace" {
		t.Errorf("lists of objects: %+v", e.Topics)
	}
	if c, ok := e.Rel["ps"].(map[string]any); !ok || c["totalCount"] != int64(2) {
		t.Errorf("rel keeps the connections' values by alias: %#v", e.Rel)
	}
}

func TestDecodeNodesByTypename(t *testing.T) {
	n, err := DecodeNode(map[string]any{"__typename": "Actor", "id": "russia", "name": "Russia", "aliases": []any{}})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := n.(*model.Actor); !ok || a.Name != "Russia" || a.Aliases == nil {
		t.Errorf("node = %#v (an empty list stays a list)", n)
	}
	if n, err := DecodeNode(nil); n != nil || err != nil {
		t.Errorf("nil = %v, %v", n, err)
	}
	// Forecast.about holds ForecastSubjects: a node of another type is left out.
	f, err := Decode[model.Forecast](map[string]any{"about": []any{
		map[string]any{"__typename": "Topic", "id": "peace"},
		map[string]any{"__typename": "Location", "id": "kyiv"},
		map[string]any{"__typename": "Actor", "id": "russia"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.About) != 2 {
		t.Fatalf("about = %d subjects, want 2: %#v", len(f.About), f.About)
	}
	if _, ok := f.About[1].(*model.Actor); !ok {
		t.Errorf("about[1] = %T", f.About[1])
	}
	hits, err := Decode[[]*model.SearchHit]([]any{map[string]any{"score": 1.5, "type": "ACTOR", "node": map[string]any{"__typename": "Actor", "id": "russia"}}})
	if err != nil {
		t.Fatal(err)
	}
	if h := (*hits)[0]; h.Score != 1.5 || h.Type != eventgraph.NodeTypeActor || h.Node.(*model.Actor).ID != "russia" {
		t.Errorf("hit = %+v", h)
	}
}

// Every node type of the mapping table decodes into its model by its label.
func TestEveryNodeTypeHasAModel(t *testing.T) {
	for _, nt := range eventgraph.NodeTypes {
		n, err := DecodeNode(map[string]any{"__typename": nt.Label(), "id": "x"})
		if err != nil {
			t.Errorf("%s: %v", nt, err)
			continue
		}
		if got := reflect.TypeOf(n).Elem().Name(); got != nt.Label() {
			t.Errorf("%s decodes into %s", nt, got)
		}
	}
}

func TestDecodeRefusesWhatBreaksTheModel(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"a number for a string", map[string]any{"title": int64(3)}, "Event.title"},
		{"a string for a list", map[string]any{"contexts": "war"}, "Event.contexts"},
		{"a node without __typename", map[string]any{"parent": map[string]any{"id": "x"}, "location": map[string]any{"parent": map[string]any{"id": "y"}}, "topics": []any{"t"}}, "Event.topics"},
		{"not an object", []any{}, "model.Event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode[model.Event](tt.v)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %s", err, tt.want)
			}
		})
	}
	if _, err := Decode[model.ActorConnection](map[string]any{"totalCount": 1.5}); err == nil || !strings.Contains(err.Error(), "totalCount") {
		t.Errorf("a fraction for an Int: %v", err)
	}
	if _, err := DecodeNode(map[string]any{"__typename": "Nothing"}); err == nil {
		t.Error("an unknown __typename decoded")
	}
}
