package dataset

import (
	"encoding/json"
	"regexp"
	"testing"
)

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// collect generates every batch of a scale.
func collect(t *testing.T, g *Gen) []Batch {
	t.Helper()
	var out []Batch
	if err := g.Batches(func(b Batch) error { out = append(out, b); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, _ := json.Marshal(collect(t, New(Scales["T"], 7)))
	b, _ := json.Marshal(collect(t, New(Scales["T"], 7)))
	c, _ := json.Marshal(collect(t, New(Scales["T"], 8)))
	if string(a) != string(b) {
		t.Error("the same seed gave different data")
	}
	if string(a) == string(c) {
		t.Error("different seeds gave the same data")
	}
}

// TestReferencesResolve checks what ingest will check: every id an item
// points at is written by the same batch or an earlier one, and every id is
// a valid slug.
func TestReferencesResolve(t *testing.T) {
	for _, scale := range []string{"T", "S"} {
		t.Run(scale, func(t *testing.T) {
			g := New(Scales[scale], 20250526)
			known := map[string]bool{}
			events := 0
			for bi, b := range collect(t, g) {
				in := b.Input
				add := func(id string) {
					if !slug.MatchString(id) {
						t.Errorf("batch %d: id %q is not a slug", bi, id)
					}
					known[id] = true
				}
				for _, x := range in.Sources {
					add(x.ID)
				}
				for _, x := range in.Locations {
					add(x.ID)
				}
				for _, x := range in.Topics {
					add(x.ID)
				}
				for _, x := range in.Actors {
					add(x.ID)
				}
				for _, x := range in.Events {
					add(x.ID)
				}
				for _, x := range in.Positions {
					add(x.ID)
				}
				for _, x := range in.Forecasts {
					add(x.ID)
				}
				need := func(what, id string) {
					if !known[id] {
						t.Errorf("batch %d (%s): %s refers to %q, not written yet", bi, b.Label, what, id)
					}
				}
				for _, l := range in.Locations {
					if l.ParentID != "" {
						need("location parent", l.ParentID)
					}
				}
				for _, a := range in.Affiliations {
					need("affiliation actor", a.ActorID)
					need("affiliation with", a.WithID)
				}
				for _, e := range in.Events {
					events++
					if n := len(e.Participants); n < 2 || n > 6 {
						t.Errorf("event %s has %d participants, want 2-6", e.ID, n)
					}
					seen := map[string]bool{}
					for _, p := range e.Participants {
						need("participant", p.ActorID)
						if seen[p.ActorID] {
							t.Errorf("event %s lists %s twice", e.ID, p.ActorID)
						}
						seen[p.ActorID] = true
					}
					need("location", e.LocationID)
					for _, id := range append(append([]string{e.ParentID}, e.LedToIDs...), e.TopicIDs...) {
						if id != "" {
							need("event link", id)
						}
					}
				}
				for _, p := range in.Positions {
					need("position actor", p.ActorID)
					need("position topic", p.TopicID)
				}
				for _, f := range in.Forecasts {
					need("forecast source", f.SourceID)
					for _, id := range f.AboutIDs {
						need("forecast about", id)
					}
				}
			}
			if events != g.Events() {
				t.Errorf("%d events generated, want %d", events, g.Events())
			}
		})
	}
}

// TestPowerLaw checks the shape: the most active actor takes part in far
// more events than the median one.
func TestPowerLaw(t *testing.T) {
	g := New(Scales["S"], 20250526)
	counts := map[string]int{}
	for i := range g.Events() {
		for _, p := range g.Event(i).Participants {
			counts[p.ActorID]++
		}
	}
	top, n := 0, 0
	for _, c := range counts {
		top = max(top, c)
		n += c
	}
	mean := float64(n) / float64(g.Actors())
	if float64(top) < 50*mean {
		t.Errorf("top actor in %d events, mean %.1f: not a power law", top, mean)
	}
}

func TestParseScale(t *testing.T) {
	for _, tc := range []struct {
		in      string
		events  int
		wantErr bool
	}{{"S", 10_000, false}, {"m", 100_000, false}, {"L", 1_000_000, false}, {"XL", 0, true}} {
		sc, err := ParseScale(tc.in)
		if (err != nil) != tc.wantErr || sc.Events != tc.events {
			t.Errorf("ParseScale(%q) = %v, %v", tc.in, sc, err)
		}
	}
}
