package importer

import (
	"fmt"
	"slices"

	"github.com/eventgraph/eventgraph/graph/model"
)

// existingActor is an actor the graph already has, with every field an
// ActorInput carries, so that adding a dataset code to it can send it back
// unchanged otherwise.
type existingActor struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Kind        model.ActorKind `json:"kind"`
	Aliases     []string        `json:"aliases"`
	Description *string         `json:"description"`
	CountryCode *string         `json:"countryCode"`
	WikidataID  *string         `json:"wikidataId"`
	Codes       []string        `json:"codes"`
}

// known is what the importer has learnt about the graph: which actors,
// locations and sources exist. A nil *existingActor means "looked up,
// absent"; nodes is keyed by type and id ("Location/kyiv") and holds false
// for "looked up, absent".
type known struct {
	actors map[string]*existingActor
	nodes  map[string]bool
}

func newKnown() *known {
	return &known{actors: map[string]*existingActor{}, nodes: map[string]bool{}}
}

func nodeKey(typename, id string) string { return typename + "/" + id }

// built is one batch ready to send: the input and, for each item of it
// ("events[3]"), the input lines it came from, to map a server's complaint
// about an item back to rows.
type built struct {
	input model.IngestInput
	lines map[string][]int
	// reused counts create-only entities left out because the graph has
	// them already, per node type; they count as unchanged.
	reused map[model.NodeType]int
}

func itemKey(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) }

// build merges records into one IngestInput. Entities with the same id are
// sent once (an actor's codes and aliases are merged); entities without an id
// are sent as they are. Create-only actors, locations and sources the graph
// already has are left out (the events refer to them by id). With addCodes,
// an existing actor to which the batch adds a dataset code is sent back as
// it is in the graph, with the codes added (the service replaces lists, so
// the actor must be sent whole).
func build(records []*Record, k *known, addCodes bool) built {
	b := built{lines: map[string][]int{}, reused: map[model.NodeType]int{}}
	in := &b.input
	idx := map[string]int{} // "actors/<id>" -> index in its list
	createOnly := map[string]bool{}
	add := func(list, id string, line int, appendItem func() int, merge func(i int)) {
		if id != "" {
			if i, ok := idx[list+"/"+id]; ok {
				if merge != nil {
					merge(i)
				}
				k := itemKey(list, i)
				if !slices.Contains(b.lines[k], line) {
					b.lines[k] = append(b.lines[k], line)
				}
				return
			}
		}
		i := appendItem()
		if id != "" {
			idx[list+"/"+id] = i
		}
		b.lines[itemKey(list, i)] = append(b.lines[itemKey(list, i)], line)
	}
	for _, r := range records {
		for _, s := range r.Input.Sources {
			if r.CreateOnly && s.ID != nil {
				createOnly[nodeKey("Source", *s.ID)] = true
			}
			add("sources", deref(s.ID), r.Line, func() int { in.Sources = append(in.Sources, s); return len(in.Sources) - 1 }, nil)
		}
		for _, a := range r.Input.Actors {
			a := *a // merging must not change the record, which may be resent
			if r.CreateOnly && a.ID != nil {
				createOnly[*a.ID] = true
			}
			add("actors", deref(a.ID), r.Line, func() int { in.Actors = append(in.Actors, &a); return len(in.Actors) - 1 }, func(i int) {
				in.Actors[i].Codes = union(in.Actors[i].Codes, a.Codes)
				in.Actors[i].Aliases = union(in.Actors[i].Aliases, a.Aliases)
			})
		}
		for _, l := range r.Input.Locations {
			if r.CreateOnly && l.ID != nil {
				createOnly[nodeKey("Location", *l.ID)] = true
			}
			add("locations", deref(l.ID), r.Line, func() int { in.Locations = append(in.Locations, l); return len(in.Locations) - 1 }, nil)
		}
		for _, t := range r.Input.Topics {
			add("topics", deref(t.ID), r.Line, func() int { in.Topics = append(in.Topics, t); return len(in.Topics) - 1 }, nil)
		}
		for _, e := range r.Input.Events {
			add("events", deref(e.ID), r.Line, func() int { in.Events = append(in.Events, e); return len(in.Events) - 1 }, nil)
		}
		for _, p := range r.Input.Positions {
			add("positions", deref(p.ID), r.Line, func() int { in.Positions = append(in.Positions, p); return len(in.Positions) - 1 }, nil)
		}
		for _, f := range r.Input.Forecasts {
			add("forecasts", deref(f.ID), r.Line, func() int { in.Forecasts = append(in.Forecasts, f); return len(in.Forecasts) - 1 }, nil)
		}
		for _, a := range r.Input.Affiliations {
			add("affiliations", "", r.Line, func() int { in.Affiliations = append(in.Affiliations, a); return len(in.Affiliations) - 1 }, nil)
		}
	}
	if k == nil {
		return b
	}
	// Leave out what the graph has; the line map follows the new indexes.
	b.input.Actors = filter(b.input.Actors, "actors", b.lines, func(a *model.ActorInput) *model.ActorInput {
		if a.ID == nil || !createOnly[*a.ID] {
			return a
		}
		ex := k.actors[*a.ID]
		if ex == nil {
			return a
		}
		codes := union(ex.Codes, a.Codes)
		if !addCodes || len(codes) == len(ex.Codes) {
			b.reused[model.NodeTypeActor]++
			return nil
		}
		return &model.ActorInput{ID: &ex.ID, Name: ex.Name, Kind: ex.Kind, Aliases: ex.Aliases, Description: ex.Description,
			CountryCode: ex.CountryCode, WikidataID: ex.WikidataID, Codes: codes}
	})
	b.input.Locations = filter(b.input.Locations, "locations", b.lines, func(l *model.LocationInput) *model.LocationInput {
		if l.ID != nil && createOnly[nodeKey("Location", *l.ID)] && k.nodes[nodeKey("Location", *l.ID)] {
			b.reused[model.NodeTypeLocation]++
			return nil
		}
		return l
	})
	b.input.Sources = filter(b.input.Sources, "sources", b.lines, func(s *model.SourceInput) *model.SourceInput {
		if s.ID != nil && createOnly[nodeKey("Source", *s.ID)] && k.nodes[nodeKey("Source", *s.ID)] {
			b.reused[model.NodeTypeSource]++
			return nil
		}
		return s
	})
	return b
}

// filter keeps the items keep returns non-nil for, renumbering their line
// map entries.
func filter[T any](items []*T, list string, lines map[string][]int, keep func(*T) *T) []*T {
	var out []*T
	moved := map[string][]int{}
	for i, it := range items {
		k := itemKey(list, i)
		if v := keep(it); v != nil {
			moved[itemKey(list, len(out))] = lines[k]
			out = append(out, v)
		}
		delete(lines, k)
	}
	for k, v := range moved {
		lines[k] = v
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
