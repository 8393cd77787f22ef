package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Node labels, from the root package's node types.
var (
	lActor    = eventgraph.NodeTypeActor.Label()
	lEvent    = eventgraph.NodeTypeEvent.Label()
	lLocation = eventgraph.NodeTypeLocation.Label()
	lTopic    = eventgraph.NodeTypeTopic.Label()
	lPosition = eventgraph.NodeTypePosition.Label()
	lForecast = eventgraph.NodeTypeForecast.Label()
	lSource   = eventgraph.NodeTypeSource.Label()
)

// aboutLabels are what a forecast may be about, in the order an id that
// exists under several of them is resolved.
var aboutLabels = []string{lActor, lEvent, lTopic}

// batch is an ingest input checked and turned into query parameters: one
// list of rows per node label, each row carrying the node's properties and
// the relationships it owns, plus lists for the relationships between nodes
// of one label. Everything that can be checked without the graph is checked
// by prepare; the references that are not satisfied inside the batch wait
// for resolve, which asks the graph.
type batch struct {
	// nodes holds the rows {id, p, ...links} per label; p are the properties
	// the input gives (fields left out keep their stored value).
	nodes map[string][]any
	// ids are the node ids of the batch per label, with the path of the item.
	ids map[string]map[string]string
	// order keeps the node ids per label in input order (single upserts
	// report the id of their one item).
	order map[string][]string

	// Relationships between nodes of one label (written once all of them
	// exist) and affiliations; every other relationship travels in its
	// node's row. The hierarchies' hops are kept by relationship type, with
	// their paths, for the loop check (cycles.go).
	hops                     map[string][]hop
	affiliations, respondsTo []any
	abouts                   []aboutRef
	refs                     []ref
	forecastWindows          []forecastWindow
	resolutions              []settled
	sourceDates              map[string]eventgraph.Date // publishedAt of the batch's sources
	items                    int
	// check collects the problems prepare finds; errs holds them once
	// prepare is done.
	check eventgraph.Check
	errs  eventgraph.InputErrors
	// candidates are the actor and location items that entity resolution
	// looks for in the graph (resolve.go); single upserts have none.
	candidates []candidate
	// fresh are the batch's item ids the batch lookup found the graph
	// lacks, per label (lookup.go); nil before it ran.
	fresh map[string]map[string]bool
	// looked are the batch lookup's answers by label and id (lookup.go):
	// what the graph held of each item before the write; nil before it
	// ran.
	looked map[string]map[string]*answer
	// ps names the items in errors; a batch prepared again after the
	// lookup (lookup.go) names them the same way.
	ps paths
}

// ref is an id the batch points at: it must exist, in the batch or in the
// graph, under one of labels.
type ref struct {
	id     string
	labels []string
	path   string
}

// aboutRef is a forecast's ABOUT target, whose label is known only once the
// id has been found; resolve puts it in the row's list for that label.
type aboutRef struct {
	row map[string]any
	id  string
}

// forecastWindow is a forecast whose window is derived from its horizon and
// the issuing source's date once that date is known.
type forecastWindow struct {
	p                    map[string]any
	horizon, sourceID    string
	path                 string
	needStart, needEnd   bool
	givenStart, givenEnd *eventgraph.Date
}

// paths names input items in error messages: input.actors[3] in a batch,
// input for a single upsert.
type paths struct{ single bool }

func (ps paths) item(list string, i int) string {
	if ps.single {
		return "input"
	}
	return fmt.Sprintf("input.%s[%d]", list, i)
}

func newBatch() *batch {
	b := &batch{
		nodes:       map[string][]any{},
		ids:         map[string]map[string]string{},
		order:       map[string][]string{},
		hops:        map[string][]hop{},
		sourceDates: map[string]eventgraph.Date{},
	}
	for _, l := range Labels {
		b.ids[l] = map[string]string{}
	}
	return b
}

func (b *batch) fail(path, format string, args ...any) { b.check.Fail(path, format, args...) }

// prepare checks everything about in that does not need the graph (each
// item's own fields by check.go, then ids and references) and builds the
// rows; the problems it finds are in b.errs. Only a batch too large to
// look at comes back nil, with its error.
func prepare(in model.IngestInput, ps paths) (*batch, error) {
	b := newBatch()
	b.ps = ps
	b.items = len(in.Sources) + len(in.Actors) + len(in.Locations) + len(in.Topics) +
		len(in.Events) + len(in.Positions) + len(in.Forecasts) + len(in.Affiliations)
	// eventgraph.LimitBatchItems: so that one request cannot hold a write
	// transaction and the heap for minutes.
	if b.items > eventgraph.LimitBatchItems.Max {
		// Checking a batch this size item by item would only cost time: say so at once.
		return nil, eventgraph.InputErrors{eventgraph.InputError("input",
			"a batch holds at most %d items in all; this one has %d: split it", eventgraph.LimitBatchItems.Max, b.items)}
	}
	// Node ids first, so that references within the batch resolve whatever
	// the order of the lists.
	for i, s := range in.Sources {
		b.source(s, ps.item("sources", i))
	}
	for i, a := range in.Actors {
		path := ps.item("actors", i)
		if id := b.actor(a, path); id != "" && !ps.single {
			b.candidates = append(b.candidates, candidate{label: lActor, index: i, path: path, id: id})
		}
	}
	for i, l := range in.Locations {
		path := ps.item("locations", i)
		if id := b.location(l, path); id != "" && !ps.single {
			b.candidates = append(b.candidates, candidate{label: lLocation, index: i, path: path, id: id})
		}
	}
	for i, t := range in.Topics {
		b.topic(t, ps.item("topics", i))
	}
	for i, e := range in.Events {
		b.event(e, ps.item("events", i))
	}
	for i, p := range in.Positions {
		b.position(p, ps.item("positions", i))
	}
	for i, f := range in.Forecasts {
		b.forecast(f, ps.item("forecasts", i))
	}
	seenAff := map[[2]string]string{}
	for i, a := range in.Affiliations {
		b.affiliation(a, ps.item("affiliations", i), seenAff)
	}
	b.errs = b.check.Problems
	return b, nil
}

// node registers a node of the batch: its id (given, or generated from its
// content), its properties and its citations. It returns the id and the row
// that the node's relationships are added to; "" and a throwaway row when the
// id is unusable (the problem is recorded).
func (b *batch) node(label, path string, given *string, generated func() string, what string, p map[string]any, cites []*model.CitationInput) (string, map[string]any) {
	var id string
	if given != nil {
		if id = *given; !b.check.GivenID(path+".id", id) {
			return "", map[string]any{}
		}
	} else if id = generated(); !b.check.GeneratedID(path+".id", id, what) {
		return "", map[string]any{}
	}
	if prev, dup := b.ids[label][id]; dup {
		b.fail(path+".id", "the id %q appears twice among the %s items of the batch (also at %s)", id, strings.ToLower(label), prev)
		return "", map[string]any{}
	}
	b.ids[label][id] = path
	b.order[label] = append(b.order[label], id)
	row := map[string]any{"id": id, "p": p}
	b.nodes[label] = append(b.nodes[label], row)
	var rowCites []any
	for i, c := range cites {
		cp := fmt.Sprintf("%s.citations[%d]", path, i)
		if !b.check.NotNull(cp, "a citation", c == nil) {
			continue
		}
		if b.refTo(cp+".sourceId", c.SourceID, lSource) {
			rowCites = append(rowCites, map[string]any{"sourceId": c.SourceID, "quote": strOrNil(c.Quote)})
		}
	}
	if rowCites != nil {
		row["cites"] = rowCites
	}
	return id, row
}

// refTo records a reference to id, which must be a node with one of labels.
func (b *batch) refTo(path, id string, labels ...string) bool {
	if !b.check.Ref(path, id) {
		return false
	}
	b.refs = append(b.refs, ref{id: id, labels: labels, path: path})
	return true
}

// hop records a relationship of hierarchy h from the batch's node from.
func (b *batch) hop(h hierarchy, from, to, path string) {
	b.hops[h.rel] = append(b.hops[h.rel], hop{from: from, to: to, path: path})
}

// hopRows are the rows {from, to} of h's relationship statement.
func (b *batch) hopRows(h hierarchy) []any {
	rows := make([]any, 0, len(b.hops[h.rel]))
	for _, hp := range b.hops[h.rel] {
		rows = append(rows, map[string]any{"from": hp.from, "to": hp.to})
	}
	return rows
}

// sourceIDs checks a list of Source references kept as a relationship property.
func (b *batch) sourceIDs(path string, ids []string) []string {
	for i, id := range ids {
		b.refTo(fmt.Sprintf("%s.sourceIds[%d]", path, i), id, lSource)
	}
	if ids == nil {
		return []string{}
	}
	return ids
}

func (b *batch) source(s *model.SourceInput, path string) {
	if !b.check.NotNull(path, "a source", s == nil) {
		return
	}
	checkSource(&b.check, s, path)
	p := map[string]any{"title": s.Title, "kind": string(s.Kind)}
	setStr(p, "author", s.Author)
	setStr(p, "publisher", s.Publisher)
	setStr(p, "url", s.URL)
	setDate(p, "publishedAt", s.PublishedAt)
	id, _ := b.node(lSource, path, s.ID, func() string { return eventgraph.Slug(s.Title) }, "title", p, nil)
	if id != "" && s.PublishedAt != nil {
		b.sourceDates[id] = *s.PublishedAt
	}
}

// actor registers an actor item and returns its id ("" when unusable).
func (b *batch) actor(a *model.ActorInput, path string) string {
	if !b.check.NotNull(path, "an actor", a == nil) {
		return ""
	}
	checkActor(&b.check, a, path)
	p := map[string]any{"name": a.Name, "kind": string(a.Kind)}
	if a.Aliases != nil {
		p["aliases"] = a.Aliases
		// Full-text indexes take string properties only: the aliases are
		// indexed through this one string.
		p["aliasText"] = strings.Join(a.Aliases, aliasJoin)
	}
	setStr(p, "description", a.Description)
	setStr(p, "countryCode", a.CountryCode)
	setStr(p, "wikidataId", a.WikidataID)
	if a.Codes != nil {
		p["codes"] = a.Codes
	}
	actorTokens(p, a.Name, a.Aliases, a.Codes, a.WikidataID)
	if ext := externalIDs(a.ExternalIds); ext != nil {
		p["externalIds"] = ext
		externalTokens(p, ext)
	}
	id, row := b.node(lActor, path, a.ID, func() string { return eventgraph.Slug(a.Name) }, "name", p, a.Citations)
	if a.KindKnown != nil && !*a.KindKnown {
		// A guessed kind names the actor it creates, never changes one.
		delete(p, "kind")
		row["c"] = map[string]any{"kind": string(a.Kind)}
	}
	return id
}

// location registers a location item and returns its id ("" when unusable).
func (b *batch) location(l *model.LocationInput, path string) string {
	if !b.check.NotNull(path, "a location", l == nil) {
		return ""
	}
	checkLocation(&b.check, l, path)
	p := map[string]any{"name": l.Name, "kind": string(l.Kind)}
	if l.Aliases != nil {
		p["aliases"] = l.Aliases
		p["aliasText"] = strings.Join(l.Aliases, aliasJoin)
	}
	ext := externalIDs(l.ExternalIds)
	if ext != nil {
		p["externalIds"] = ext
	}
	locationTokens(p, l.Name, l.Aliases, ext)
	setStr(p, "countryCode", l.CountryCode)
	if l.Latitude != nil {
		p["latitude"] = *l.Latitude
	}
	if l.Longitude != nil {
		p["longitude"] = *l.Longitude
	}
	id, _ := b.node(lLocation, path, l.ID, func() string { return eventgraph.Slug(l.Name) }, "name", p, l.Citations)
	if l.ParentID != nil {
		if id != "" && *l.ParentID == id {
			b.fail(path+".parentId", "a location cannot lie in itself")
		} else if b.refTo(path+".parentId", *l.ParentID, lLocation) && id != "" {
			b.hop(hLocatedIn, id, *l.ParentID, path+".parentId")
		}
	}
	return id
}

func (b *batch) topic(t *model.TopicInput, path string) {
	if !b.check.NotNull(path, "a topic", t == nil) {
		return
	}
	checkTopic(&b.check, t, path)
	p := map[string]any{"name": t.Name}
	setStr(p, "description", t.Description)
	b.node(lTopic, path, t.ID, func() string { return eventgraph.Slug(t.Name) }, "name", p, t.Citations)
}

func (b *batch) event(e *model.EventInput, path string) {
	if !b.check.NotNull(path, "an event", e == nil) {
		return
	}
	checkEvent(&b.check, e, path)
	precision := model.DatePrecisionDay
	if e.DatePrecision != nil {
		precision = *e.DatePrecision
	}
	p := map[string]any{"title": e.Title, "kind": string(e.Kind), "datePrecision": string(precision)}
	setStr(p, "mode", e.Mode)
	if e.Contexts != nil {
		p["contexts"] = e.Contexts
	}
	setDate(p, "startDate", e.StartDate)
	setDate(p, "endDate", e.EndDate)
	setStr(p, "summary", e.Summary)
	setStr(p, "outcome", e.Outcome)
	if e.Figures != nil {
		// Three parallel lists: Neo4j properties cannot hold maps.
		labels := make([]string, 0, len(e.Figures))
		values := make([]float64, 0, len(e.Figures))
		units := make([]string, 0, len(e.Figures))
		for _, f := range e.Figures {
			if f == nil {
				continue
			}
			unit := ""
			if f.Unit != nil {
				unit = *f.Unit
			}
			labels, values, units = append(labels, f.Label), append(values, f.Value), append(units, unit)
		}
		p["figureLabels"], p["figureValues"], p["figureUnits"] = labels, values, units
	}
	if ext := externalIDs(e.ExternalIds); ext != nil {
		p["externalIds"] = ext
	}
	id, row := b.node(lEvent, path, e.ID, func() string {
		if e.StartDate != nil {
			return eventgraph.DatedSlug(e.Title, *e.StartDate)
		}
		return eventgraph.Slug(e.Title)
	}, "title", p, e.Citations)
	seen := map[string]bool{}
	var participants []any
	for i, pt := range e.Participants {
		pp := fmt.Sprintf("%s.participants[%d]", path, i)
		if pt == nil || seen[pt.ActorID] {
			continue // said by checkEvent
		}
		seen[pt.ActorID] = true
		ok := b.refTo(pp+".actorId", pt.ActorID, lActor)
		rp := b.participation(pp, pt)
		if ok {
			participants = append(participants, map[string]any{"actorId": pt.ActorID, "p": rp})
		}
	}
	if participants != nil {
		row["participants"] = participants
	}
	if e.LocationID != nil && b.refTo(path+".locationId", *e.LocationID, lLocation) {
		row["locationId"] = *e.LocationID
	}
	if e.ParentID != nil {
		if id != "" && *e.ParentID == id {
			b.fail(path+".parentId", "an event cannot be part of itself")
		} else if b.refTo(path+".parentId", *e.ParentID, lEvent) && id != "" {
			b.hop(hPartOf, id, *e.ParentID, path+".parentId")
		}
	}
	for i, to := range e.LedToIds {
		tp := fmt.Sprintf("%s.ledToIds[%d]", path, i)
		if id != "" && to == id {
			b.fail(tp, "an event cannot lead to itself")
		} else if b.refTo(tp, to, lEvent) && id != "" {
			b.hop(hLedTo, id, to, tp)
		}
	}
	for i, t := range e.TopicIds {
		b.refTo(fmt.Sprintf("%s.topicIds[%d]", path, i), t, lTopic)
	}
	if len(e.TopicIds) > 0 {
		row["topicIds"] = e.TopicIds
	}
}

func (b *batch) position(p *model.PositionInput, path string) {
	if !b.check.NotNull(path, "a position", p == nil) {
		return
	}
	checkPosition(&b.check, p, path)
	props := map[string]any{"stance": string(p.Stance), "statement": p.Statement}
	setDate(props, "validFrom", p.ValidFrom)
	setDate(props, "validTo", p.ValidTo)
	id, row := b.node(lPosition, path, p.ID, func() string {
		return eventgraph.ContentID(p.ActorID+"-"+string(p.Stance), p.ActorID, p.TopicID, string(p.Stance), p.Statement)
	}, "statement", props, p.Citations)
	b.refTo(path+".actorId", p.ActorID, lActor)
	b.refTo(path+".topicId", p.TopicID, lTopic)
	row["actorId"], row["topicId"] = p.ActorID, p.TopicID
	for i, r := range p.RespondsToIds {
		rp := fmt.Sprintf("%s.respondsToIds[%d]", path, i)
		if id != "" && r == id {
			b.fail(rp, "a position cannot respond to itself")
		} else if b.refTo(rp, r, lPosition) && id != "" {
			b.respondsTo = append(b.respondsTo, map[string]any{"from": id, "to": r})
		}
	}
}

func (b *batch) forecast(f *model.ForecastInput, path string) {
	if !b.check.NotNull(path, "a forecast", f == nil) {
		return
	}
	checkForecast(&b.check, f, path)
	status := model.ForecastStatusOpen
	if f.Status != nil {
		status = *f.Status
	}
	p := map[string]any{"statement": f.Statement, "horizon": string(f.Horizon), "likelihood": string(f.Likelihood), "status": string(status)}
	setDate(p, "windowStart", f.WindowStart)
	setDate(p, "windowEnd", f.WindowEnd)
	setDate(p, "resolvedAt", f.ResolvedAt)
	setStr(p, "resolutionNote", f.ResolutionNote)
	id, row := b.node(lForecast, path, f.ID, func() string { return eventgraph.ContentID("forecast", f.Statement, f.SourceID) }, "statement", p, f.Citations)
	if status == model.ForecastStatusOpen && f.ResolvedAt == nil && f.ResolvedByID == nil {
		// OPEN states no resolution: it opens the forecast it creates and
		// leaves a stored resolution alone (replaying the seed must not
		// undo resolveForecast; reopenForecast reopens, with its reason).
		delete(p, "status")
		row["c"] = map[string]any{"status": string(status)}
	}
	if b.refTo(path+".sourceId", f.SourceID, lSource) && id != "" {
		row["sourceId"] = f.SourceID
		if f.WindowStart == nil || f.WindowEnd == nil {
			b.forecastWindows = append(b.forecastWindows, forecastWindow{
				p: p, horizon: string(f.Horizon), sourceID: f.SourceID, path: path,
				needStart: f.WindowStart == nil, needEnd: f.WindowEnd == nil,
				givenStart: f.WindowStart, givenEnd: f.WindowEnd,
			})
		}
	}
	if status != model.ForecastStatusOpen || f.ResolvedAt != nil || f.ResolvedByID != nil {
		// Checked once the issuing source's date is known (resolve).
		r := settled{path: path, sourceID: f.SourceID, windowStart: f.WindowStart, r: eventgraph.Resolution{
			Status: string(status), At: f.ResolvedAt, AtField: "resolvedAt", ResolvedBy: f.ResolvedByID != nil}}
		for _, ct := range f.Citations {
			if ct != nil && ct.SourceID != f.SourceID {
				r.r.Evidence++
			}
		}
		b.resolutions = append(b.resolutions, r)
	}
	if f.ResolvedByID != nil && b.refTo(path+".resolvedById", *f.ResolvedByID, lEvent) {
		row["resolvedById"] = *f.ResolvedByID
	}
	seen := map[string]bool{}
	for i, a := range f.AboutIds {
		ap := fmt.Sprintf("%s.aboutIds[%d]", path, i)
		if seen[a] {
			continue // said by checkForecast
		}
		seen[a] = true
		if b.refTo(ap, a, aboutLabels...) {
			b.abouts = append(b.abouts, aboutRef{row: row, id: a})
		}
	}
}

func (b *batch) affiliation(a *model.AffiliationInput, path string, seen map[[2]string]string) {
	if !b.check.NotNull(path, "an affiliation", a == nil) {
		return
	}
	checkAffiliation(&b.check, a, path)
	okA := b.refTo(path+".actorId", a.ActorID, lActor)
	okW := b.refTo(path+".withId", a.WithID, lActor)
	if okA && okW && a.ActorID == a.WithID {
		b.fail(path+".withId", "an actor cannot be affiliated with itself")
		return
	}
	// One affiliation per pair of actors: a second one in the same batch
	// would silently overwrite the first.
	key := [2]string{a.ActorID, a.WithID}
	if prev, dup := seen[key]; dup {
		b.fail(path, "the affiliation of %q with %q appears twice in the batch (also at %s)", a.ActorID, a.WithID, prev)
		return
	}
	seen[key] = path
	rp := b.affiliationProps(path, a)
	if okA && okW {
		b.affiliations = append(b.affiliations, map[string]any{"actorId": a.ActorID, "withId": a.WithID, "p": rp})
	}
}

// participation is what participant pt (at path pp) writes of its
// participation: its facts, sources and quote.
func (b *batch) participation(pp string, pt *model.ParticipantInput) map[string]any {
	rp := map[string]any{"kind": string(participationKind(pt)), "sourceIds": b.sourceIDs(pp, pt.SourceIds)}
	setStr(rp, "role", pt.Role)
	setDate(rp, "validFrom", pt.ValidFrom)
	setDate(rp, "validTo", pt.ValidTo)
	setStr(rp, "quote", pt.Quote)
	return rp
}

// affiliationProps is what affiliation a (at path) writes: its facts,
// sources and quote.
func (b *batch) affiliationProps(path string, a *model.AffiliationInput) map[string]any {
	rp := map[string]any{"sourceIds": b.sourceIDs(path, a.SourceIds)}
	setStr(rp, "role", a.Role)
	setDate(rp, "validFrom", a.ValidFrom)
	setDate(rp, "validTo", a.ValidTo)
	setStr(rp, "quote", a.Quote)
	return rp
}

// addFolds gives the rows of in's participants and affiliations that
// followReferences made of several the later ones' writes (row.writes,
// after row.p), each to be a citation of its own; their sources are
// references like any. in is the input b was prepared from.
func (b *batch) addFolds(in model.IngestInput, f folded) {
	if len(f.participants) > 0 && len(b.nodes[lEvent]) == len(in.Events) {
		for i, e := range in.Events {
			row, _ := b.nodes[lEvent][i].(map[string]any)
			pts, _ := row["participants"].([]any)
			for j, pt := range e.Participants {
				later := f.participants[pt]
				if len(later) == 0 {
					continue
				}
				pp := fmt.Sprintf("%s.participants[%d]", b.ps.item("events", i), j)
				for _, x := range pts {
					if r, _ := x.(map[string]any); r["actorId"] == pt.ActorID {
						for _, l := range later {
							r["writes"] = append(anys(r["writes"]), b.participation(pp, l))
						}
					}
				}
			}
		}
	}
	if len(f.affiliations) > 0 {
		for i, a := range in.Affiliations {
			later := f.affiliations[a]
			if a == nil || len(later) == 0 {
				continue
			}
			for _, x := range b.affiliations {
				if r, _ := x.(map[string]any); r["actorId"] == a.ActorID && r["withId"] == a.WithID {
					for _, l := range later {
						r["writes"] = append(anys(r["writes"]), b.affiliationProps(b.ps.item("affiliations", i), l))
					}
				}
			}
		}
	}
}

func anys(v any) []any {
	l, _ := v.([]any)
	return l
}

// lookups are the ids per label that resolve must find in the graph: the
// references the batch itself does not satisfy, plus the batch's sources
// without a date that a forecast window needs.
func (b *batch) lookups() (map[string][]string, int) {
	sets := map[string]map[string]bool{}
	add := func(label, id string) {
		if sets[label] == nil {
			sets[label] = map[string]bool{}
		}
		sets[label][id] = true
	}
	for _, r := range b.refs {
		for _, l := range r.labels {
			if _, inBatch := b.ids[l][r.id]; !inBatch {
				add(l, r.id)
			}
		}
	}
	for _, w := range b.forecastWindows {
		if _, dated := b.sourceDates[w.sourceID]; !dated {
			add(lSource, w.sourceID)
		}
	}
	for _, r := range b.resolutions {
		if _, dated := b.sourceDates[r.sourceID]; !dated {
			add(lSource, r.sourceID)
		}
	}
	out := map[string][]string{}
	n := 0
	for _, l := range Labels {
		ids := make([]string, 0, len(sets[l]))
		for id := range sets[l] {
			ids = append(ids, id)
		}
		out[l] = ids
		n += len(ids)
	}
	return out, n
}

// settled is a forecast item's resolution, checked by
// eventgraph.CheckResolution once its source's date is known.
type settled struct {
	path, sourceID string
	windowStart    *eventgraph.Date
	r              eventgraph.Resolution
}

// found is what the graph answered: the ids that exist per label, the
// publishedAt of the sources among them, and per hierarchy the stored edges
// the batch's hops could close a loop with (by source id).
type found struct {
	ids         map[string]map[string]bool
	sourceDates map[string]eventgraph.Date
	hierarchy   map[string]map[string][]stored
}

func (f found) has(label, id string) bool { return f.ids[label][id] }

// resolve checks every reference against the batch and the graph, sorts each
// forecast's ABOUT targets by label into its row (aboutActor, aboutEvent,
// aboutTopic) and derives the forecast windows left out. It sets the same
// values on every call, so a retried transaction writes the same rows. All
// problems are reported together.
func (b *batch) resolve(f found) error {
	var errs eventgraph.InputErrors
	labelOf := func(id string, labels []string) string {
		for _, l := range labels {
			if _, ok := b.ids[l][id]; ok || f.has(l, id) {
				return l
			}
		}
		return ""
	}
	for _, r := range b.refs {
		if labelOf(r.id, r.labels) == "" {
			errs = append(errs, eventgraph.InputError(r.path, "no %s with id %q in this batch or in the graph", strings.Join(r.labels, " or "), r.id))
		}
	}
	for _, a := range b.abouts {
		for _, l := range aboutLabels {
			delete(a.row, "about"+l)
		}
	}
	for _, a := range b.abouts {
		if l := labelOf(a.id, aboutLabels); l != "" {
			list, _ := a.row["about"+l].([]string)
			a.row["about"+l] = append(list, a.id)
		}
	}
	for _, w := range b.forecastWindows {
		issued, ok := b.sourceDates[w.sourceID]
		if !ok {
			issued, ok = f.sourceDates[w.sourceID]
		}
		if !ok {
			continue // the source has no date: the window stays open
		}
		start, end, ok := eventgraph.ForecastWindow(w.horizon, issued)
		if !ok {
			continue // an unknown horizon is reported by prepare
		}
		if w.needStart {
			w.p["windowStart"] = neo4j.DateOf(start.Time())
		} else {
			start = *w.givenStart
		}
		if w.needEnd {
			if end != nil {
				w.p["windowEnd"] = neo4j.DateOf(end.Time())
			} else {
				// A long-term window has no end: clear one stored before.
				w.p["windowEnd"] = nil
			}
		} else {
			end = w.givenEnd
		}
		if end != nil && end.Time().Before(start.Time()) {
			errs = append(errs, eventgraph.InputError(w.path+".windowEnd", "windowEnd %s is before the windowStart %s derived from the horizon and the source's date", end, start))
		}
	}
	for _, r := range b.resolutions {
		if issued, ok := b.sourceDates[r.sourceID]; ok {
			r.r.Issued = &issued
		} else if issued, ok := f.sourceDates[r.sourceID]; ok {
			r.r.Issued = &issued
		} else {
			r.r.Issued = r.windowStart
		}
		r.r.Today = eventgraph.Today(time.Now())
		var c eventgraph.Check
		c.CheckResolution(r.path, r.r)
		errs = append(errs, c.Problems...)
	}
	for _, h := range hierarchies {
		errs = append(errs, loops(h, b.hops[h.rel], f.hierarchy[h.rel])...)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func setStr(p map[string]any, k string, v *string) {
	if v != nil {
		p[k] = *v
	}
}

func setDate(p map[string]any, k string, d *eventgraph.Date) {
	if d != nil {
		p[k] = neo4j.DateOf(d.Time())
	}
}

func strOrNil(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
