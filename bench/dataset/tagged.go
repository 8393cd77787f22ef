package dataset

import "strconv"

// Tagged is a small ingest batch whose every id starts with its prefix: one
// source, two actors and a few events, each event with both actors as
// participants and a citation of the source. Writers that must be able to
// tell afterwards what of their batch reached the graph use it (the fault
// test, the load run's writes): the ids say which batch an item belongs to,
// and an event without its two participants or its citation is a batch
// written in part.
type Tagged struct {
	Prefix string
	Input  IngestInput
}

// TaggedParticipants and TaggedCitations are what every event of a Tagged
// batch carries.
const (
	TaggedParticipants = 2
	TaggedCitations    = 1
)

// NewTagged builds the batch prefix with n events; prefix must be an id
// (lower-case words joined by '-').
func NewTagged(prefix string, n int) Tagged {
	src := prefix + "-src"
	a, b := prefix+"-a", prefix+"-b"
	in := IngestInput{
		Sources: []SourceInput{{ID: src, Title: "Tagged batch " + prefix, Kind: "NOTE"}},
		Actors: []ActorInput{
			{ID: a, Name: "Tagged actor " + prefix + " A", Kind: "STATE"},
			{ID: b, Name: "Tagged actor " + prefix + " B", Kind: "ORGANIZATION"},
		},
	}
	for i := range n {
		id := prefix + "-" + strconv.Itoa(i)
		in.Events = append(in.Events, EventInput{
			ID:        id,
			Title:     "Tagged event " + id,
			Kind:      "CONSULT",
			StartDate: date(i % Days),
			Participants: []ParticipantInput{
				{ActorID: a, Kind: "INITIATOR"},
				{ActorID: b, Kind: "TARGET"},
			},
			Citations: []CitationInput{{SourceID: src, Quote: "quote of " + id}},
		})
	}
	return Tagged{Prefix: prefix, Input: in}
}

// EventIDs are the ids of the batch's events, in order.
func (t Tagged) EventIDs() []string {
	ids := make([]string, len(t.Input.Events))
	for i, e := range t.Input.Events {
		ids[i] = e.ID
	}
	return ids
}

// IDs are the ids of every node the batch writes: events, actors, source.
func (t Tagged) IDs() []string {
	ids := t.EventIDs()
	for _, a := range t.Input.Actors {
		ids = append(ids, a.ID)
	}
	for _, s := range t.Input.Sources {
		ids = append(ids, s.ID)
	}
	return ids
}
