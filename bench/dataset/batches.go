package dataset

// refBatch is the batch size for reference data (sources, actors,
// affiliations): they carry no nested relationships beyond a citation.
const refBatch = 2000

// Batch is one IngestInput with a label for progress reports.
type Batch struct {
	Label string
	// Events is the number of events in the batch (0 for reference data).
	Events int
	Input  IngestInput
}

// NumEventBatches is the number of 500-event batches at this scale.
func (g *Gen) NumEventBatches() int {
	return (g.Events() + EventsPerBatch - 1) / EventsPerBatch
}

// Batches calls fn with every batch in load order: sources, then locations
// and topics, actors, affiliations, then the event batches with the
// positions and forecasts interleaved. It stops at fn's first error.
func (g *Gen) Batches(fn func(Batch) error) error {
	for lo := 0; lo < g.Sources(); lo += refBatch {
		var b IngestInput
		for i := lo; i < min(lo+refBatch, g.Sources()); i++ {
			b.Sources = append(b.Sources, g.Source(i))
		}
		if err := fn(Batch{Label: "sources", Input: b}); err != nil {
			return err
		}
	}
	var b IngestInput
	b.Locations = g.LocationsAll()
	for t := range Topics {
		b.Topics = append(b.Topics, g.Topic(t))
	}
	if err := fn(Batch{Label: "locations and topics", Input: b}); err != nil {
		return err
	}
	for lo := 0; lo < g.Actors(); lo += refBatch {
		var b IngestInput
		for i := lo; i < min(lo+refBatch, g.Actors()); i++ {
			b.Actors = append(b.Actors, g.Actor(i))
		}
		if err := fn(Batch{Label: "actors", Input: b}); err != nil {
			return err
		}
	}
	for lo := 0; lo < g.Actors(); lo += refBatch {
		var b IngestInput
		for i := lo; i < min(lo+refBatch, g.Actors()); i++ {
			if af, ok := g.Affiliation(i); ok {
				b.Affiliations = append(b.Affiliations, af)
			}
		}
		if err := fn(Batch{Label: "affiliations", Input: b}); err != nil {
			return err
		}
	}
	nb := g.NumEventBatches()
	for k := range nb {
		if err := fn(Batch{Label: "events", Events: min(g.Events(), (k+1)*EventsPerBatch) - k*EventsPerBatch, Input: g.EventBatch(k)}); err != nil {
			return err
		}
	}
	return nil
}

// EventBatch is event batch k: its 500 events and its share of positions and
// forecasts.
func (g *Gen) EventBatch(k int) IngestInput {
	nb := g.NumEventBatches()
	var b IngestInput
	lo := k * EventsPerBatch
	for i := lo; i < min(g.Events(), lo+EventsPerBatch); i++ {
		b.Events = append(b.Events, g.Event(i))
	}
	for i := k * g.Positions() / nb; i < (k+1)*g.Positions()/nb; i++ {
		b.Positions = append(b.Positions, g.Position(i))
	}
	for i := k * g.Forecasts() / nb; i < (k+1)*g.Forecasts()/nb; i++ {
		b.Forecasts = append(b.Forecasts, g.Forecast(i, lo))
	}
	return b
}

// ExtraEvents are events beyond the dataset, for the ingestion benchmark:
// batch k of system sys gets fresh ids (so every system really creates its
// events) over the dataset's actors, locations, topics and sources.
func (g *Gen) ExtraEvents(sys string, k int) []EventInput {
	out := make([]EventInput, 0, EventsPerBatch)
	for j := range EventsPerBatch {
		e := g.Event((k*EventsPerBatch + j) % g.Events())
		e.ID = "bench-" + sys + "-" + e.ID + "-" + itoa(k)
		e.ParentID, e.LedToIDs, e.ExternalIDs = "", nil, nil
		out = append(out, e)
	}
	return out
}

func itoa(k int) string {
	if k == 0 {
		return "0"
	}
	var b []byte
	for k > 0 {
		b = append([]byte{byte('0' + k%10)}, b...)
		k /= 10
	}
	return string(b)
}
