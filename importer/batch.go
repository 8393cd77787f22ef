package importer

import (
	"slices"
	"strings"

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

// built is one batch ready to send.
type built struct {
	input model.IngestInput
	// origin maps each item ("events[3]") to the records (their indexes in
	// the batch) it came from, to map a server's complaint back to rows.
	origin map[string][]int
	// class is each record's class once the batch is written: imported;
	// merged when it repeats an event an earlier record of the batch
	// brought; resolved (see resolve) when the service found its event in
	// the graph.
	class []string
}

// build merges records into one IngestInput. A dataset's entities with the
// same id are sent once (an actor's codes and aliases, an event's
// participants and citations are merged); an upsert's are sent as they are,
// for the service to judge. A batch of dataset records asks the service to
// keep the actors, locations and sources it holds as they are (IfExists
// KEEP; ADD_CODES with addCodes): what a dataset says of something the
// graph knows never overwrites it, and the service, not kg, finds what the
// graph knows, in the batch's one lookup.
func build(recs []*Record, addCodes bool) *built {
	b := &built{origin: map[string][]int{}, class: make([]string, len(recs))}
	idx := map[string]int{} // "<list>/<id>" -> index in its list
	dataset := false
	for ri, r := range recs {
		b.class[ri] = ClassImported
		dataset = dataset || r.CreateOnly
		for _, kind := range itemKinds {
			for j := 0; j < kind.n(&r.Input); j++ {
				id := kind.id(&r.Input, j)
				key := kind.list + "/" + id
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
	if dataset {
		mode := model.IfExistsKeep
		if addCodes {
			mode = model.IfExistsAddCodes
		}
		b.input.IfExists = &mode
	}
	return b
}

// eventLabel is the label whose items say whether a dataset row was
// resolved: its event was in the graph already.
const eventLabel = "Event"

// resolve classes the records whose event the service found in the graph
// (IngestResult.resolved, by ID) as resolved; a record merged into another
// stays merged.
func (b *built) resolve(resolved []*model.ResolvedItem) {
	for _, r := range resolved {
		if r == nil || r.By != model.ResolvedByID {
			continue
		}
		item := strings.TrimPrefix(r.Path, "input.")
		if !strings.HasPrefix(item, "events[") {
			continue
		}
		for _, ri := range b.origin[item] {
			if b.class[ri] == ClassImported {
				b.class[ri] = ClassResolved
			}
		}
	}
}
