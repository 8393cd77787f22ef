package dataset

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTagged(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		events int
	}{{"f-0", 5}, {"bench-load-abc-63-1200", 3}, {"replica-x-49", 1}} {
		b := NewTagged(tc.prefix, tc.events)
		if got := len(b.EventIDs()); got != tc.events {
			t.Errorf("%s: %d events, want %d", tc.prefix, got, tc.events)
		}
		if got, want := len(b.IDs()), tc.events+3; got != want {
			t.Errorf("%s: %d ids, want %d (events, two actors, a source)", tc.prefix, got, want)
		}
		seen := map[string]bool{}
		for _, id := range b.IDs() {
			if !strings.HasPrefix(id, tc.prefix+"-") || seen[id] {
				t.Errorf("%s: id %q is not the batch's own or repeats", tc.prefix, id)
			}
			seen[id] = true
		}
		for _, e := range b.Input.Events {
			if len(e.Participants) != TaggedParticipants || len(e.Citations) != TaggedCitations {
				t.Errorf("%s: event %s has %d participants and %d citations", tc.prefix, e.ID, len(e.Participants), len(e.Citations))
			}
			for _, p := range e.Participants {
				if !seen[p.ActorID] {
					t.Errorf("%s: event %s names actor %s outside the batch", tc.prefix, e.ID, p.ActorID)
				}
			}
			if !seen[e.Citations[0].SourceID] {
				t.Errorf("%s: event %s cites %s outside the batch", tc.prefix, e.ID, e.Citations[0].SourceID)
			}
		}
		// The same prefix gives the same batch: a replay sends identical input.
		x, _ := json.Marshal(b.Input)
		y, _ := json.Marshal(NewTagged(tc.prefix, tc.events).Input)
		if string(x) != string(y) {
			t.Errorf("%s: two builds differ", tc.prefix)
		}
	}
}
