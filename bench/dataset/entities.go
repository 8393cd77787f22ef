package dataset

import (
	"fmt"
	"math/rand/v2"
	"sync"
)

// Event kinds with weights close to their frequency in PLOVER-coded news:
// consultations and statements dominate, coercion and assault are common,
// concessions and retreats rare.
var eventKinds = []struct {
	kind string
	w    int
}{
	{"CONSULT", 22}, {"SUPPORT", 8}, {"AGREE", 6}, {"COOPERATE", 8}, {"AID", 4}, {"REQUEST", 9},
	{"ACCUSE", 9}, {"REJECT", 5}, {"THREATEN", 5}, {"PROTEST", 5}, {"SANCTION", 3}, {"MOBILIZE", 3},
	{"COERCE", 4}, {"ASSAULT", 6}, {"CONCEDE", 1}, {"RETREAT", 1}, {"OTHER", 1},
}

// EventKinds lists the kinds in weight order (the load generator uses the
// first few for timeline pages so that pages are full).
func EventKinds() []string {
	out := make([]string, len(eventKinds))
	for i, k := range eventKinds {
		out[i] = k.kind
	}
	return out
}

func pickKind(r *rand.Rand) string {
	total := 0
	for _, k := range eventKinds {
		total += k.w
	}
	n := r.IntN(total)
	for _, k := range eventKinds {
		if n < k.w {
			return k.kind
		}
		n -= k.w
	}
	return "OTHER"
}

var (
	modes       = []string{"in person", "phone", "video", "statement", "written", "military"}
	contexts    = []string{"diplomatic", "military", "territory", "economic", "humanitarian", "legal", "energy", "security"}
	actorKinds  = []string{"PERSON", "PERSON", "PERSON", "ORGANIZATION", "ORGANIZATION", "DELEGATION", "GROUP"}
	stances     = []string{"DEMANDS", "SUPPORTS", "OPPOSES", "REJECTS", "ACCEPTS", "PROPOSES", "CONDITIONS"}
	horizons    = []string{"SHORT_TERM", "MEDIUM_TERM", "LONG_TERM"}
	likelihoods = []string{"REMOTE_CHANCE", "HIGHLY_UNLIKELY", "UNLIKELY", "REALISTIC_POSSIBILITY", "LIKELY", "HIGHLY_LIKELY", "ALMOST_CERTAIN"}
	statuses    = []string{"OPEN", "OPEN", "OPEN", "CAME_TRUE", "DID_NOT_HAPPEN"}
	srcKinds    = []string{"ARTICLE", "ARTICLE", "ARTICLE", "STATEMENT", "REPORT", "DATASET", "NOTE"}
	publishers  = []string{"Reuters", "AP", "AFP", "BBC", "Deutsche Welle", "Al Jazeera", "Kyiv Independent", "Meduza", "The Guardian", "Le Monde"}
	roles       = []string{"delegation head", "caller", "host", "spokesperson", "negotiator", "envoy", "commander", "minister"}
	offices     = []string{"President", "Foreign Minister", "Defence Minister", "Spokesperson", "Ambassador", "Member", "Chair", "Envoy"}
	verbs       = map[string]string{
		"CONSULT": "holds talks with", "SUPPORT": "backs", "AGREE": "agrees with", "COOPERATE": "cooperates with",
		"AID": "sends aid to", "REQUEST": "asks", "ACCUSE": "accuses", "REJECT": "rejects proposal of",
		"THREATEN": "threatens", "PROTEST": "protests against", "SANCTION": "sanctions", "MOBILIZE": "mobilises against",
		"COERCE": "pressures", "ASSAULT": "strikes", "CONCEDE": "concedes to", "RETREAT": "withdraws from", "OTHER": "meets",
	}
	topicNames = []string{"ceasefire", "territorial control", "security guarantees", "sanctions", "neutrality", "leaders' summit",
		"prisoner exchange", "energy supplies", "grain exports", "nuclear safety", "reconstruction", "war crimes",
		"NATO membership", "EU accession", "arms deliveries", "refugees", "frozen assets", "demilitarisation", "elections", "peacekeeping"}
	partCounts = []int{2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6} // 2–6, skewed low
)

func date(day int) string { return Epoch.AddDate(0, 0, day).Format("2006-01-02") }

// EventDay is event i's start day offset: events arrive in time order, as a
// dataset does, with a day of jitter.
func (g *Gen) EventDay(i int) int {
	d := int(int64(i) * Days / int64(g.Events()))
	return min(Days, d+int(uint64(i*2654435761)%3))
}

// Source i is published around the dates of the events that cite it.
func (g *Gen) Source(i int) SourceInput {
	r := g.rng("source", i)
	pub := publishers[r.IntN(len(publishers))]
	return SourceInput{
		ID:          SourceID(i),
		Title:       fmt.Sprintf("%s %s %s: report %d", word(r, 2), word(r, 3), word(r, 2), i),
		Author:      word(r, 2) + " " + word(r, 3),
		Publisher:   pub,
		URL:         fmt.Sprintf("https://news.example/%s/%d", pub[:2], i),
		PublishedAt: date(int(int64(i) * Days / int64(g.Sources()))),
		Kind:        srcKinds[r.IntN(len(srcKinds))],
	}
}

// Actor i: the first Countries actors are the states, the rest people,
// organisations, delegations and groups of one country each.
func (g *Gen) Actor(i int) ActorInput {
	r := g.rng("actor", i)
	if i < Countries {
		name := g.CountryName(i)
		return ActorInput{ID: ActorID(i), Name: name, Kind: "STATE", CountryCode: CountryCode(i),
			Aliases: []string{"Republic of " + name}, Codes: []string{CountryCode(i)},
			Description: "The state of " + name + "."}
	}
	c := r.IntN(Countries)
	kind := actorKinds[r.IntN(len(actorKinds))]
	a := ActorInput{ID: ActorID(i), Kind: kind, CountryCode: CountryCode(c)}
	switch kind {
	case "PERSON":
		first, last := word(r, 2), word(r, 2+r.IntN(2))
		a.Name = first + " " + last
		// A second spelling, as transliterations give (Zelenskyy / Zelensky).
		a.Aliases = []string{first + " " + last + "y"}
		a.Description = fmt.Sprintf("%s of %s.", offices[r.IntN(len(offices))], g.CountryName(c))
	case "DELEGATION":
		a.Name = fmt.Sprintf("%s delegation %d", g.CountryName(c), i)
	case "GROUP":
		a.Name = word(r, 3) + " Front"
		a.Aliases = []string{word(r, 2) + " Brigade"}
	default:
		a.Name = word(r, 3) + " " + []string{"Council", "Alliance", "Agency", "Union", "Commission"}[r.IntN(5)]
	}
	a.Codes = []string{fmt.Sprintf("%s%03d", CountryCode(c), i%1000)}
	if r.IntN(5) == 0 {
		a.Citations = []CitationInput{{SourceID: SourceID(r.IntN(g.Sources())), Quote: a.Name + " said the talks would continue."}}
	}
	return a
}

// CountryName is country c's name.
func (g *Gen) CountryName(c int) string {
	r := g.rng("country", c)
	return word(r, 3) + "ia"
}

// Affiliation of actor i (one per non-state actor): people and delegations
// to their state, others to a popular actor.
func (g *Gen) Affiliation(i int) (AffiliationInput, bool) {
	if i < Countries {
		return AffiliationInput{}, false
	}
	r := g.rng("affiliation", i)
	a := g.Actor(i)
	with := 0
	for c := range Countries {
		if CountryCode(c) == a.CountryCode {
			with = c
		}
	}
	if a.Kind == "ORGANIZATION" || a.Kind == "GROUP" {
		with = g.actorRank(g.actorZipf().draw(r))
		if with == i {
			with = 0
		}
	}
	from := r.IntN(Days)
	af := AffiliationInput{ActorID: a.ID, WithID: ActorID(with), Role: offices[r.IntN(len(offices))], ValidFrom: date(from),
		SourceIDs: []string{SourceID(r.IntN(g.Sources()))}, Quote: a.Name + " speaks for " + g.CountryName(with%Countries) + "."}
	if r.IntN(4) == 0 {
		af.ValidTo = date(min(Days, from+r.IntN(1500)))
	}
	return af, true
}

var (
	zipfMu    sync.Mutex
	zipfCache = map[int]*zipf{}
)

func (g *Gen) actorZipf() *zipf {
	zipfMu.Lock()
	defer zipfMu.Unlock()
	n := g.Actors()
	if z, ok := zipfCache[n]; ok {
		return z
	}
	z := newZipf(n, 1.07)
	zipfCache[n] = z
	return z
}

var topicZipf = newZipf(Topics, 0.9)
var countryZipf = newZipf(Countries, 1.0)

// Topic i.
func (g *Gen) Topic(i int) TopicInput {
	name := topicNames[i%len(topicNames)]
	if i >= len(topicNames) {
		name = fmt.Sprintf("%s (%d)", name, i/len(topicNames)+1)
	}
	return TopicInput{ID: TopicID(i), Name: name, Description: "Everything about " + name + "."}
}

// LocationsAll is the whole hierarchy, parents before children.
func (g *Gen) LocationsAll() []LocationInput {
	var out []LocationInput
	f := func(v float64) *float64 { return &v }
	for c := range Countries {
		r := g.rng("location", c)
		out = append(out, LocationInput{ID: CountryID(c), Name: g.CountryName(c), Kind: "COUNTRY", CountryCode: CountryCode(c),
			Latitude: f(r.Float64()*120 - 60), Longitude: f(r.Float64()*340 - 170)})
		for reg := range RegionsPerCountry {
			out = append(out, LocationInput{ID: RegionID(c, reg), Name: word(r, 3) + " Oblast", Kind: "REGION", CountryCode: CountryCode(c), ParentID: CountryID(c)})
			for k := range CitiesPerRegion {
				out = append(out, LocationInput{ID: CityID(c, reg, k), Name: word(r, 2) + []string{"grad", "burg", "pol", "ville"}[k%4], Kind: "CITY",
					CountryCode: CountryCode(c), ParentID: RegionID(c, reg),
					Latitude: f(r.Float64()*120 - 60), Longitude: f(r.Float64()*340 - 170)})
			}
		}
	}
	return out
}

// Participants draws 2–6 distinct actors, Zipf-distributed, with their
// participation kinds: the first initiates, the second is the target, the
// rest take part, mediate, host or (rarely) decline.
func (g *Gen) participants(r *rand.Rand, srcID, title string) []ParticipantInput {
	n := partCounts[r.IntN(len(partCounts))]
	z := g.actorZipf()
	seen := map[int]bool{}
	var ps []ParticipantInput
	for len(ps) < n {
		a := g.actorRank(z.draw(r))
		if seen[a] {
			continue
		}
		seen[a] = true
		kind := "PARTICIPANT"
		switch {
		case len(ps) == 0:
			kind = "INITIATOR"
		case len(ps) == 1:
			kind = "TARGET"
		default:
			kind = []string{"PARTICIPANT", "PARTICIPANT", "PARTICIPANT", "MEDIATOR", "HOST", "DECLINED"}[r.IntN(6)]
		}
		p := ParticipantInput{ActorID: ActorID(a), Kind: kind}
		if r.IntN(3) == 0 {
			p.Role = roles[r.IntN(len(roles))]
		}
		if r.IntN(2) == 0 {
			p.SourceIDs = []string{srcID}
			p.Quote = "“" + title + ",” the source reported."
		}
		ps = append(ps, p)
	}
	return ps
}

// Event i, with participants, location, topics and a citation; parent and
// ledTo links point inside its own batch so that every batch is self-contained.
func (g *Gen) Event(i int) EventInput {
	r := g.rng("event", i)
	day := g.EventDay(i)
	kind := pickKind(r)
	srcIdx := min(g.Sources()-1, int(int64(i)*int64(g.Sources())/int64(g.Events()))+r.IntN(3))
	src := SourceID(srcIdx)
	// Titles name the first two participants, as event coders write them.
	e := EventInput{ID: EventID(i), Kind: kind, Mode: modes[r.IntN(len(modes))],
		Contexts:  []string{contexts[r.IntN(len(contexts))]},
		StartDate: date(day), DatePrecision: "DAY"}
	end := day
	if r.IntN(5) == 0 {
		end = min(Days, day+1+r.IntN(3))
	}
	e.EndDate = date(end)
	e.Participants = g.participants(r, src, "")
	a0, a1 := g.Actor(idx(e.Participants[0].ActorID)), g.Actor(idx(e.Participants[1].ActorID))
	e.Title = fmt.Sprintf("%s %s %s", a0.Name, verbs[kind], a1.Name)
	for j := range e.Participants {
		if e.Participants[j].Quote != "" {
			e.Participants[j].Quote = "“" + e.Title + ",” the source reported."
		}
	}
	e.Summary = fmt.Sprintf("%s. %s %s over %s.", e.Title, word(r, 3), word(r, 2), topicNames[r.IntN(len(topicNames))])
	if r.IntN(3) == 0 {
		e.Outcome = word(r, 2) + " " + word(r, 3) + " agreed."
	}
	if r.IntN(8) == 0 {
		e.Figures = []FigureInput{{Label: "people affected", Value: float64(r.IntN(5000)), Unit: "people"}}
	}
	if r.IntN(2) == 0 {
		e.ExternalIDs = []ExternalIDInput{{System: "GDELT", ID: fmt.Sprint(900000000 + i)}}
	}
	c := countryZipf.draw(r)
	switch r.IntN(10) {
	case 0:
		e.LocationID = CountryID(c)
	case 1:
		e.LocationID = RegionID(c, r.IntN(RegionsPerCountry))
	default:
		e.LocationID = CityID(c, r.IntN(RegionsPerCountry), r.IntN(CitiesPerRegion))
	}
	t1 := topicZipf.draw(r)
	e.TopicIDs = []string{TopicID(t1)}
	if t2 := topicZipf.draw(r); r.IntN(3) == 0 && t2 != t1 {
		e.TopicIDs = append(e.TopicIDs, TopicID(t2))
	}
	e.Citations = []CitationInput{{SourceID: src, Quote: e.Title + "."}}
	first := i - i%EventsPerBatch
	last := min(g.Events(), first+EventsPerBatch) - 1
	if i > first && r.IntN(30) == 0 {
		e.ParentID = EventID(first + r.IntN(i-first))
	}
	if i < last && r.IntN(20) == 0 {
		e.LedToIDs = []string{EventID(i + 1 + r.IntN(last-i))}
	}
	return e
}

func idx(id string) int {
	var n int
	fmt.Sscanf(id[len("actor-"):], "%d", &n)
	return n
}

// Position i: a popular actor's stance on a topic.
func (g *Gen) Position(i int) PositionInput {
	r := g.rng("position", i)
	a := g.actorRank(g.actorZipf().draw(r))
	t := topicZipf.draw(r)
	st := stances[r.IntN(len(stances))]
	day := int(int64(i) * Days / int64(g.Positions()))
	p := PositionInput{ID: PositionID(i), ActorID: ActorID(a), TopicID: TopicID(t), Stance: st,
		Statement: fmt.Sprintf("%s %s %s on %s.", g.Actor(a).Name, map[bool]string{true: "firmly", false: "cautiously"}[r.IntN(2) == 0],
			map[string]string{"DEMANDS": "demands action", "SUPPORTS": "supports progress", "OPPOSES": "opposes any deal", "REJECTS": "rejects the terms",
				"ACCEPTS": "accepts the proposal", "PROPOSES": "proposes talks", "CONDITIONS": "sets conditions"}[st], g.Topic(t).Name),
		ValidFrom: date(day),
		Citations: []CitationInput{{SourceID: SourceID(min(g.Sources()-1, int(int64(i)*int64(g.Sources())/int64(g.Positions())))), Quote: "We will not move on this."}}}
	if r.IntN(3) == 0 {
		p.ValidTo = date(min(Days, day+r.IntN(700)))
	}
	return p
}

// Forecast i, about an actor, a topic and (half the time) an event already
// written by an earlier batch (maxEvent is the exclusive bound).
func (g *Gen) Forecast(i, maxEvent int) ForecastInput {
	r := g.rng("forecast", i)
	a := g.actorRank(g.actorZipf().draw(r))
	t := topicZipf.draw(r)
	f := ForecastInput{ID: ForecastID(i), Horizon: horizons[r.IntN(3)], Likelihood: likelihoods[r.IntN(len(likelihoods))],
		Status: statuses[r.IntN(len(statuses))], AboutIDs: []string{ActorID(a), TopicID(t)},
		SourceID: SourceID(min(g.Sources()-1, int(int64(i)*int64(g.Sources())/int64(g.Forecasts()))))}
	if maxEvent > 0 && r.IntN(2) == 0 {
		f.AboutIDs = append(f.AboutIDs, EventID(r.IntN(maxEvent)))
	}
	f.Statement = fmt.Sprintf("%s will %s on %s.", g.Actor(a).Name, []string{"hold", "shift", "harden", "soften"}[r.IntN(4)], g.Topic(t).Name)
	f.Citations = []CitationInput{{SourceID: f.SourceID, Quote: f.Statement}}
	if f.Status != "OPEN" && g.Sources() > 1 {
		// A resolution is checked (eventgraph.CheckResolution): dated
		// after every source and cited by a source other than the issuer.
		f.ResolvedAt = resolvedAt
		other := SourceID((int(int64(i)*int64(g.Sources())/int64(g.Forecasts())) + 1) % g.Sources())
		f.Citations = append(f.Citations, CitationInput{SourceID: other, Quote: "It turned out so."})
	} else if f.Status != "OPEN" {
		f.Status = "OPEN"
	}
	return f
}

// resolvedAt is the date of every generated resolution: after the last
// source (Days from Epoch) and before the service's today.
const resolvedAt = "2026-01-01"
