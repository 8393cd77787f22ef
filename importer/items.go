package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// itemKind is one list of an IngestInput. The lists are eight parallel
// slices of different Go types; this table is the one place that knows
// them, so that building a batch, finding the ids a record upserts,
// decoding a JSON Lines entity and mapping a server's complaint back to rows
// each iterate it instead of keeping eight copies of a loop.
type itemKind struct {
	// list is the IngestInput field as the schema names it ("events"); the
	// server's error paths name items by it (input.events[3]).
	list string
	// entity is the "type" a JSON Lines line gives one item of the list.
	entity string
	// label is the node label (__typename) of the list's items, and the
	// name of the root field that reads one by id, lower-cased; empty for
	// affiliations, which are relationships.
	label string

	n  func(in *model.IngestInput) int
	id func(in *model.IngestInput, i int) string
	// add appends a copy of item i of src to dst and returns its index, so
	// that merging into it never changes the record, which may be sent again.
	add func(dst, src *model.IngestInput, i int) int
	// merge folds item j of src into item i of dst, which has the same id;
	// nil keeps the first.
	merge func(dst *model.IngestInput, i int, src *model.IngestInput, j int)
	// keep drops the items keep refuses, keeping the order of the others.
	keep func(in *model.IngestInput, keep func(i int) bool)
	// decode appends one item read strictly from JSON.
	decode func(in *model.IngestInput, b []byte) error
}

// itemKinds are the lists of an IngestInput, in the schema's order.
var itemKinds = []itemKind{
	nodeKind(eventgraph.NodeTypeSource, func(in *model.IngestInput) *[]*model.SourceInput { return &in.Sources },
		func(s *model.SourceInput) *string { return s.ID }, nil),
	nodeKind(eventgraph.NodeTypeActor, func(in *model.IngestInput) *[]*model.ActorInput { return &in.Actors },
		func(a *model.ActorInput) *string { return a.ID }, mergeActor),
	nodeKind(eventgraph.NodeTypeLocation, func(in *model.IngestInput) *[]*model.LocationInput { return &in.Locations },
		func(l *model.LocationInput) *string { return l.ID }, nil),
	nodeKind(eventgraph.NodeTypeTopic, func(in *model.IngestInput) *[]*model.TopicInput { return &in.Topics },
		func(t *model.TopicInput) *string { return t.ID }, nil),
	nodeKind(eventgraph.NodeTypeEvent, func(in *model.IngestInput) *[]*model.EventInput { return &in.Events },
		func(e *model.EventInput) *string { return e.ID }, mergeEvent),
	nodeKind(eventgraph.NodeTypePosition, func(in *model.IngestInput) *[]*model.PositionInput { return &in.Positions },
		func(p *model.PositionInput) *string { return p.ID }, nil),
	nodeKind(eventgraph.NodeTypeForecast, func(in *model.IngestInput) *[]*model.ForecastInput { return &in.Forecasts },
		func(f *model.ForecastInput) *string { return f.ID }, nil),
	// A dataset's affiliations (a state branch with its state) are keyed by
	// their pair, so that the rows of a batch send each once.
	kindOf("affiliations", "affiliation", "", func(in *model.IngestInput) *[]*model.AffiliationInput { return &in.Affiliations },
		func(a *model.AffiliationInput) *string { return ptr(a.ActorID + " " + a.WithID) }, nil),
}

// nodeKind is the item kind of a node type: its list, entity and label are
// the type's (nodetype.go).
func nodeKind[T any](t eventgraph.NodeType, field func(*model.IngestInput) *[]*T, id func(*T) *string, merge func(dst, src *T)) itemKind {
	return kindOf(t.ListField(), t.ByIDField(), t.Label(), field, id, merge)
}

func kindOf[T any](list, entity, label string, field func(*model.IngestInput) *[]*T, id func(*T) *string, merge func(dst, src *T)) itemKind {
	k := itemKind{list: list, entity: entity, label: label}
	k.n = func(in *model.IngestInput) int { return len(*field(in)) }
	k.id = func(in *model.IngestInput, i int) string {
		it := (*field(in))[i]
		if id == nil || it == nil {
			return ""
		}
		return deref(id(it))
	}
	k.add = func(dst, src *model.IngestInput, i int) int {
		it := (*field(src))[i]
		if it != nil {
			c := *it
			it = &c
		}
		l := field(dst)
		*l = append(*l, it)
		return len(*l) - 1
	}
	if merge != nil {
		k.merge = func(dst *model.IngestInput, i int, src *model.IngestInput, j int) {
			merge((*field(dst))[i], (*field(src))[j])
		}
	}
	k.keep = func(in *model.IngestInput, keep func(i int) bool) {
		l := field(in)
		var out []*T
		for i, it := range *l {
			if keep(i) {
				out = append(out, it)
			}
		}
		*l = out
	}
	k.decode = func(in *model.IngestInput, b []byte) error {
		v := new(T)
		if err := strictUnmarshal(b, v); err != nil {
			return err
		}
		l := field(in)
		*l = append(*l, v)
		return nil
	}
	return k
}

// kindByList is the kind of a list ("events").
func kindByList(list string) *itemKind {
	for i := range itemKinds {
		if itemKinds[i].list == list {
			return &itemKinds[i]
		}
	}
	return nil
}

// mergeActor folds a second sighting of an actor into the first: its codes
// and aliases are added.
func mergeActor(dst, src *model.ActorInput) {
	dst.Codes = union(dst.Codes, src.Codes)
	dst.Aliases = union(dst.Aliases, src.Aliases)
}

// mergeEvent folds a repeated row of a dataset event into the first: its
// participants, citations and external ids are added, the first row's
// fields stay.
func mergeEvent(dst, src *model.EventInput) {
	for _, p := range src.Participants {
		if p != nil && !slices.ContainsFunc(dst.Participants, func(q *model.ParticipantInput) bool { return q != nil && q.ActorID == p.ActorID }) {
			dst.Participants = append(slices.Clip(dst.Participants), p)
		}
	}
	for _, c := range src.Citations {
		if c != nil && !slices.ContainsFunc(dst.Citations, func(d *model.CitationInput) bool {
			return d != nil && d.SourceID == c.SourceID && deref(d.Quote) == deref(c.Quote)
		}) {
			dst.Citations = append(slices.Clip(dst.Citations), c)
		}
	}
	for _, x := range src.ExternalIds {
		if x != nil && !slices.ContainsFunc(dst.ExternalIds, func(y *model.ExternalIDInput) bool { return y != nil && *y == *x }) {
			dst.ExternalIds = append(slices.Clip(dst.ExternalIds), x)
		}
	}
}

// EachID calls fn with the label and id of every item of in that has an
// id, so that tools and tests can find what an input would write.
func EachID(in *model.IngestInput, fn func(label, id string)) {
	for _, k := range itemKinds {
		if k.label == "" {
			continue
		}
		for i := 0; i < k.n(in); i++ {
			if id := k.id(in, i); id != "" {
				fn(k.label, id)
			}
		}
	}
}

func itemKey(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) }

// itemPattern finds an item of the input in a server's error path
// ("input.events[12].participants[0].actorId" -> events[12]).
var itemPattern = func() *regexp.Regexp {
	var lists []string
	for _, k := range itemKinds {
		lists = append(lists, k.list)
	}
	return regexp.MustCompile(`\b(` + strings.Join(lists, "|") + `)\[(\d+)\]`)
}()

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

func ptr[T any](v T) *T { return &v }
