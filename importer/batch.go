package importer

import (
	"maps"
	"slices"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// batcher gathers the records of one file into batches of about size rows
// (a record of merged rows counts each). It knows nothing of the service:
// it decides where a batch ends, and build makes the batch's input.
type batcher struct {
	size int
	recs []*Record
	rows int
	// keys are the ids ("actors/hakan-fidan") the pending upsert records
	// write: the service rejects an id twice in one batch, so a record that
	// writes one again waits for the next batch, and the file's lines apply
	// in order.
	keys map[string]bool
}

func newBatcher(size int) *batcher { return &batcher{size: size, keys: map[string]bool{}} }

// conflicts reports whether rec upserts an id a pending record upserts.
func (b *batcher) conflicts(rec *Record) bool {
	if rec.CreateOnly || rec.Err != nil {
		return false
	}
	return slices.ContainsFunc(upsertKeys(rec), func(k string) bool { return b.keys[k] })
}

func (b *batcher) add(rec *Record) {
	b.recs = append(b.recs, rec)
	b.rows += 1 + len(rec.Merged)
	if !rec.CreateOnly && rec.Err == nil {
		for _, k := range upsertKeys(rec) {
			b.keys[k] = true
		}
	}
}

func (b *batcher) full() bool { return b.rows >= b.size }

// take returns the pending records and starts a new batch.
func (b *batcher) take() []*Record {
	recs := b.recs
	b.recs, b.rows, b.keys = nil, 0, map[string]bool{}
	return recs
}

// upsertKeys are the ids a record writes, by list ("actors/hakan-fidan").
func upsertKeys(rec *Record) []string {
	var keys []string
	for _, k := range itemKinds {
		for i := 0; i < k.n(&rec.Input); i++ {
			if id := k.id(&rec.Input, i); id != "" {
				keys = append(keys, k.list+"/"+id)
			}
		}
	}
	return keys
}

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
// locations, sources and events exist. A nil *existingActor means "looked
// up, absent"; nodes is keyed by label and id ("Location/kyiv") and holds
// false for "looked up, absent".
type known struct {
	actors map[string]*existingActor
	nodes  map[string]bool
}

func newKnown() *known {
	return &known{actors: map[string]*existingActor{}, nodes: map[string]bool{}}
}

func nodeKey(label, id string) string { return label + "/" + id }

// The labels the importer treats apart: actors are looked up whole (for
// --add-codes); a dataset row's event says whether the row was resolved.
const (
	actorLabel = "Actor"
	eventLabel = "Event"
)

// has reports whether the graph has the node, as far as the importer knows.
func (k *known) has(label, id string) bool {
	if label == actorLabel {
		return k.actors[id] != nil
	}
	return k.nodes[nodeKey(label, id)]
}

// asked reports whether the importer has looked the node up.
func (k *known) asked(label, id string) bool {
	if label == actorLabel {
		_, ok := k.actors[id]
		return ok
	}
	_, ok := k.nodes[nodeKey(label, id)]
	return ok
}

// learn records what a written batch put in the graph. An item the service
// resolved to another node is not learnt under its own id, which the graph
// does not hold: later batches send it again, and the service resolves it
// again, so that their references to it follow too.
func (k *known) learn(in *model.IngestInput, resolved []*model.ResolvedItem) {
	notHeld := map[string]bool{}
	for _, r := range resolved {
		notHeld[r.Given] = true
	}
	for _, a := range in.Actors {
		if a != nil && a.ID != nil && !notHeld[*a.ID] {
			k.actors[*a.ID] = &existingActor{ID: *a.ID, Name: a.Name, Kind: a.Kind, Aliases: a.Aliases,
				Description: a.Description, CountryCode: a.CountryCode, WikidataID: a.WikidataID, Codes: a.Codes}
		}
	}
	EachID(in, func(label, id string) {
		if label != actorLabel && !(label == "Location" && notHeld[id]) {
			k.nodes[nodeKey(label, id)] = true
		}
	})
}

// built is one batch ready to send.
type built struct {
	input model.IngestInput
	// origin maps each item ("events[3]") to the records (their indexes in
	// the batch) it came from, to map a server's complaint back to rows.
	origin map[string][]int
	// reused counts create-only entities left out because the graph has
	// them already, per node type; they count as unchanged.
	reused map[eventgraph.NodeType]int
	// class is each record's class once the batch is written: imported;
	// resolved when its dataset event was in the graph already; merged when
	// it repeats an event an earlier record of the batch brought.
	class []string
}

// build merges records into one IngestInput. A dataset's entities with the
// same id are sent once (an actor's codes and aliases, an event's
// participants and citations are merged); an upsert's are sent as they are,
// for the service to judge. Create-only actors, locations and sources the
// graph already has are left out (the events refer to them by id). With
// addCodes, an existing actor to which the batch adds a dataset code is sent
// back as it is in the graph, with the codes added (the service replaces
// lists, so the actor must be sent whole).
func build(recs []*Record, k *known, addCodes bool) *built {
	b := &built{origin: map[string][]int{}, reused: map[eventgraph.NodeType]int{}, class: make([]string, len(recs))}
	idx := map[string]int{}         // "<list>/<id>" -> index in its list
	createOnly := map[string]bool{} // "<label>/<id>" a dataset record brings
	for ri, r := range recs {
		b.class[ri] = ClassImported
		for _, kind := range itemKinds {
			for j := 0; j < kind.n(&r.Input); j++ {
				id := kind.id(&r.Input, j)
				key := kind.list + "/" + id
				if r.CreateOnly && id != "" && kind.label != "" {
					createOnly[nodeKey(kind.label, id)] = true
					if kind.label == eventLabel && k != nil && k.has(kind.label, id) {
						b.class[ri] = ClassResolved
					}
				}
				if i, ok := idx[key]; ok && id != "" && r.CreateOnly {
					if kind.merge != nil {
						kind.merge(&b.input, i, &r.Input, j)
					}
					if kind.label == eventLabel {
						b.class[ri] = ClassMerged
					}
					if item := itemKey(kind.list, i); !slices.Contains(b.origin[item], ri) {
						b.origin[item] = append(b.origin[item], ri)
					}
					continue
				}
				i := kind.add(&b.input, &r.Input, j)
				if id != "" {
					idx[key] = i
				}
				b.origin[itemKey(kind.list, i)] = append(b.origin[itemKey(kind.list, i)], ri)
			}
		}
	}
	if k == nil {
		return b
	}
	for i := range itemKinds {
		kind := &itemKinds[i]
		if !kind.createOnly {
			continue
		}
		b.keep(kind, func(i int) bool {
			id := kind.id(&b.input, i)
			if id == "" || !createOnly[nodeKey(kind.label, id)] || !k.has(kind.label, id) {
				return true
			}
			if kind.label == actorLabel && addCodes && b.withCodes(i, k.actors[id]) {
				return true
			}
			if kind.label == actorLabel && strongerKind(b.input.Actors[i], k.actors[id]) {
				// better evidence of what it is (ACLED's state forces
				// first seen as an associated group): the service corrects
				return true
			}
			nt, _ := eventgraph.NodeTypeOf(kind.label)
			b.reused[nt]++
			return false
		})
	}
	return b
}

// strongerKind reports whether item a, whose kind is known, says more of
// the actor than the kind the graph has (eventgraph.ResolvedKind). Only an
// item that names nothing but the actor (ACLED's: id, name, kind) is sent,
// as the service replaces the lists an item gives.
func strongerKind(a *model.ActorInput, ex *existingActor) bool {
	if a == nil || ex == nil || (a.KindKnown != nil && !*a.KindKnown) || a.Aliases != nil || a.Codes != nil {
		return false
	}
	return eventgraph.ResolvedKind(string(ex.Kind), string(a.Kind), true) != string(ex.Kind)
}

// withCodes turns actor i, which the graph has as ex, into ex with the
// codes the batch brings added, when it brings new ones.
func (b *built) withCodes(i int, ex *existingActor) bool {
	codes := union(ex.Codes, b.input.Actors[i].Codes)
	if len(codes) == len(ex.Codes) {
		return false
	}
	b.input.Actors[i] = &model.ActorInput{ID: &ex.ID, Name: ex.Name, Kind: ex.Kind, Aliases: ex.Aliases, Description: ex.Description,
		CountryCode: ex.CountryCode, WikidataID: ex.WikidataID, Codes: codes}
	return true
}

// keep keeps the items of one list keep accepts, renumbering their origins.
func (b *built) keep(kind *itemKind, keep func(i int) bool) {
	n := kind.n(&b.input)
	kept := make([]bool, n)
	moved := map[string][]int{}
	j := 0
	for i := range n {
		key := itemKey(kind.list, i)
		if kept[i] = keep(i); kept[i] {
			moved[itemKey(kind.list, j)] = b.origin[key]
			j++
		}
		delete(b.origin, key)
	}
	kind.keep(&b.input, func(i int) bool { return kept[i] })
	maps.Copy(b.origin, moved)
}
