package store

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// Composable filters against the real Neo4j: table-driven cases over a
// small graph whose answers are known, and a differential test of random
// filter trees over a generated graph, each answer compared with the same
// predicate evaluated in Go over every node of the graph.

// filterIDs pages through the root list typ with where w (restricted to
// the ids of the test's nodes, so that other data in the database is not
// seen) and returns the ids found and the list's totalCount.
func filterIDs(t *testing.T, c *Client, typ eventgraph.NodeType, w map[string]any) ([]string, int) {
	t.Helper()
	var ids []string
	total := -1
	for offset := 0; ; offset += eventgraph.LimitFirst.Max {
		args := map[string]any{"where": w, "first": eventgraph.LimitFirst.Max}
		if offset > 0 {
			args["after"] = EncodeCursor(offset - 1)
		}
		v, err := c.ListValue(context.Background(), typ, fa("l", "l", args, f("totalCount"), f("edges", f("node", f("id")))))
		if err != nil {
			t.Fatalf("where %v: %v", w, err)
		}
		m := v.(map[string]any)
		if total < 0 {
			total = int(m["totalCount"].(int64))
		}
		edges := m["edges"].([]any)
		for i, e := range edges {
			if i < eventgraph.LimitFirst.Max {
				ids = append(ids, e.(map[string]any)["node"].(map[string]any)["id"].(string))
			}
		}
		if len(edges) <= eventgraph.LimitFirst.Max {
			break
		}
	}
	sort.Strings(ids)
	return ids, total
}

func anyStrings(vs ...string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func TestComposableFilters(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	kind := func(k model.ParticipationKind) model.ParticipationKind { return k }
	actor := func(id string, k model.ActorKind, cc string) *model.ActorInput {
		a := &model.ActorInput{ID: sptr(p + id), Name: p + id, Kind: k}
		if cc != "" {
			a.CountryCode = sptr(cc)
		}
		return a
	}
	part := func(id string, k model.ParticipationKind, role string) *model.ParticipantInput {
		pt := &model.ParticipantInput{ActorID: p + id, Kind: kind(k)}
		if role != "" {
			pt.Role = sptr(role)
		}
		return pt
	}
	event := func(id string, k model.EventKind, mode string, contexts []string, start string, parts ...*model.ParticipantInput) *model.EventInput {
		e := &model.EventInput{ID: sptr(p + id), Title: id, Kind: k, Contexts: contexts, StartDate: dptr(t, start), Participants: parts}
		if mode != "" {
			e.Mode = sptr(mode)
		}
		return e
	}
	mustIngest(t, c, model.IngestInput{
		Actors: []*model.ActorInput{
			actor("russia", model.ActorKindState, "RUS"), actor("ukraine", model.ActorKindState, "UKR"),
			actor("turkey", model.ActorKindState, "TUR"), actor("putin", model.ActorKindPerson, "RUS"),
			actor("zelensky", model.ActorKindPerson, "UKR"), actor("un", model.ActorKindOrganization, ""),
		},
		Affiliations: []*model.AffiliationInput{
			{ActorID: p + "putin", WithID: p + "russia", Role: sptr("President"), ValidFrom: dptr(t, "2012-05-07")},
			{ActorID: p + "zelensky", WithID: p + "ukraine", Role: sptr("President"), ValidFrom: dptr(t, "2019-05-20")},
		},
		Events: []*model.EventInput{
			// Russia initiates, nobody declines.
			event("strike", model.EventKindAssault, "heavy-weapons", []string{"military"}, "2025-03-01",
				part("russia", model.ParticipationKindInitiator, ""), part("ukraine", model.ParticipationKindTarget, "")),
			// Russia initiates, Ukraine declines.
			event("offer", model.EventKindRequest, "", []string{"diplomatic"}, "2025-04-01",
				part("russia", model.ParticipationKindInitiator, ""), part("ukraine", model.ParticipationKindDeclined, "")),
			// A call: Putin initiates, Turkey mediates.
			event("call", model.EventKindConsult, "phone", []string{"diplomatic"}, "2025-05-01",
				part("putin", model.ParticipationKindInitiator, "caller"), part("turkey", model.ParticipationKindMediator, "mediator")),
			// Talks everyone attends.
			event("talks", model.EventKindConsult, "meet", []string{"diplomatic", "military"}, "2025-05-16",
				part("russia", model.ParticipationKindParticipant, "delegation"), part("ukraine", model.ParticipationKindParticipant, "delegation"),
				part("turkey", model.ParticipationKindHost, "")),
			// Nobody took part.
			event("statement", model.EventKindOther, "", nil, "2025-06-01"),
		},
	})
	events := anyStrings(p+"strike", p+"offer", p+"call", p+"talks", p+"statement")
	actors := anyStrings(p+"russia", p+"ukraine", p+"turkey", p+"putin", p+"zelensky", p+"un")
	ids := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, p+n)
		}
		sort.Strings(out)
		return out
	}
	m := func(kv ...any) map[string]any {
		out := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	tests := []struct {
		name string
		typ  eventgraph.NodeType
		w    map[string]any
		want []string
	}{
		{"AND", eventgraph.NodeTypeEvent, m("AND", []any{m("kinds", anyStrings("CONSULT")), m("contexts", anyStrings("military"))}), ids("talks")},
		{"OR", eventgraph.NodeTypeEvent, m("OR", []any{m("kinds", anyStrings("ASSAULT")), m("modes", anyStrings("phone"))}), ids("strike", "call")},
		{"NOT", eventgraph.NodeTypeEvent, m("NOT", m("kinds", anyStrings("CONSULT"))), ids("strike", "offer", "statement")},
		{"NOT keeps what lacks the property", eventgraph.NodeTypeEvent, m("NOT", m("modes", anyStrings("phone", "meet"))), ids("strike", "offer", "statement")},
		{"modes", eventgraph.NodeTypeEvent, m("modes", anyStrings("meet", "heavy-weapons")), ids("strike", "talks")},
		{"contexts", eventgraph.NodeTypeEvent, m("contexts", anyStrings("military")), ids("strike", "talks")},
		{"some", eventgraph.NodeTypeEvent, m("participants", m("some", m("actor", m("countryCode", "RUS"), "kinds", anyStrings("INITIATOR")))),
			ids("strike", "offer", "call")},
		{"some and none: initiated by Russia and nobody declined", eventgraph.NodeTypeEvent,
			m("participants", m("some", m("actor", m("countryCode", "RUS"), "kinds", anyStrings("INITIATOR")), "none", m("kinds", anyStrings("DECLINED")))),
			ids("strike", "call")},
		{"all (true of an event without participants)", eventgraph.NodeTypeEvent, m("participants", m("all", m("actor", m("kinds", anyStrings("STATE"))))),
			ids("strike", "offer", "talks", "statement")},
		{"none", eventgraph.NodeTypeEvent, m("participants", m("none", m("actor", m("ids", anyStrings(p+"turkey"))))), ids("strike", "offer", "statement")},
		{"single", eventgraph.NodeTypeEvent, m("participants", m("single", m("actor", m("countryCode", "UKR")))), ids("strike", "offer", "talks")},
		{"single by role", eventgraph.NodeTypeEvent, m("participants", m("single", m("role", "delegation"))), nil},
		{"some by a participant's affiliation", eventgraph.NodeTypeEvent,
			m("participants", m("some", m("actor", m("affiliations", m("some", m("actor", m("ids", anyStrings(p+"russia")), "role", "President")))))), ids("call")},
		{"actors with some event of a kind after a date", eventgraph.NodeTypeActor,
			m("events", m("some", m("event", m("kinds", anyStrings("CONSULT"), "from", "2025-05-10")))), ids("russia", "ukraine", "turkey")},
		{"actors that never declined and took part in something", eventgraph.NodeTypeActor,
			m("events", m("none", m("participationKinds", anyStrings("DECLINED")), "some", m())), ids("russia", "turkey", "putin")},
		{"actors all of whose events are CONSULT", eventgraph.NodeTypeActor,
			m("events", m("all", m("kinds", anyStrings("CONSULT"))), "NOT", m("events", m("none", m()))), ids("turkey", "putin")},
		{"actors with members", eventgraph.NodeTypeActor, m("members", m("some", m())), ids("russia", "ukraine")},
		{"actors affiliated with a state, or of no country", eventgraph.NodeTypeActor,
			m("OR", []any{m("affiliations", m("single", m("actor", m("kinds", anyStrings("STATE"))))), m("NOT", m("OR", []any{m("countryCode", "RUS"), m("countryCode", "UKR"), m("countryCode", "TUR")}))}),
			ids("putin", "zelensky", "un")},
		{"nested ids follow redirects in place", eventgraph.NodeTypeEvent, m("NOT", m("participantsAny", anyStrings(p+"russia"))), ids("call", "statement")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := maps.Clone(tt.w)
			if tt.typ == eventgraph.NodeTypeEvent {
				w["ids"] = events
			} else {
				w["ids"] = actors
			}
			got, total := filterIDs(t, c, tt.typ, w)
			if !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Errorf("got %v (totalCount %d), want %v", got, total, tt.want)
			}
		})
	}
}

// The store refuses a filter nested beyond the bound by itself, for
// callers that do not come through the server's walk of the arguments.
func TestCompileRefusesAFilterTooDeep(t *testing.T) {
	compile := func(w map[string]any) error {
		_, err := CompileList(eventgraph.NodeTypeEvent, fa("l", "l", map[string]any{"where": w}, f("totalCount")))
		return err
	}
	not := func(levels int) map[string]any {
		w := map[string]any{"kinds": []any{"CONSULT"}}
		for range levels - 1 {
			w = map[string]any{"NOT": w}
		}
		return w
	}
	if err := compile(not(eventgraph.LimitFilterDepth.Max)); err != nil {
		t.Errorf("NOT at the bound: %v", err)
	}
	err := compile(not(eventgraph.LimitFilterDepth.Max + 1))
	if eventgraph.ErrorCode(err) != eventgraph.CodeBadUserInput || !strings.Contains(fmt.Sprint(err), "filter depth") {
		t.Errorf("error %v, want BAD_USER_INPUT naming the filter depth bound", err)
	}
	// EventWhere, ParticipantWhere, ActorWhere, ActorEventsWhere,
	// EventWhere, ParticipantWhere, ActorWhere, AffiliationWhere: eight
	// levels, as the server counts them.
	some := func(inner map[string]any) map[string]any {
		return map[string]any{"participants": map[string]any{"some": inner}}
	}
	eight := some(map[string]any{"actor": map[string]any{"events": map[string]any{"all": map[string]any{"event": some(
		map[string]any{"actor": map[string]any{"affiliations": map[string]any{"none": map[string]any{"role": "head"}}}})}}}})
	if err := compile(eight); err != nil {
		t.Errorf("relationship filters at the bound: %v", err)
	}
	if err := compile(map[string]any{"NOT": eight}); eventgraph.ErrorCode(err) != eventgraph.CodeBadUserInput {
		t.Errorf("relationship filters one level over the bound: error %v, want BAD_USER_INPUT", err)
	}
}

// An unknown mode or context is refused on write, by ingest and by the
// single upsert, naming the allowed ones; nothing of the batch is written.
func TestModeAndContextsAreChecked(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	ctx := context.Background()
	batch := model.IngestInput{Events: []*model.EventInput{
		{ID: sptr(p + "ok"), Title: "call", Kind: model.EventKindConsult, Mode: sptr("phone"), Contexts: []string{"diplomatic"}},
		{ID: sptr(p + "bad"), Title: "talks", Kind: model.EventKindConsult, Mode: sptr("banana"), Contexts: []string{"military", "vibes"}},
	}}
	_, err := c.Ingest(ctx, batch, false)
	errs := inputErrors(t, err)
	if m := errs["input.events[1].mode"]; !strings.Contains(m, `"banana" is not a PLOVER mode`) || !strings.Contains(m, `"phone"`) {
		t.Errorf("mode: %q, want it to refuse banana and name the modes", m)
	}
	if m := errs["input.events[1].contexts[1]"]; !strings.Contains(m, `"vibes" is not a PLOVER context`) || !strings.Contains(m, `"diplomatic"`) {
		t.Errorf("contexts: %q, want it to refuse vibes and name the contexts", m)
	}
	if n, _ := graphCounts(t, c, p); n != 0 {
		t.Errorf("%d nodes written by a refused batch", n)
	}
	_, _, _, err = c.UpsertEvent(ctx, model.EventInput{ID: sptr(p + "one"), Title: "one", Kind: model.EventKindAgree, Mode: sptr("Phone")})
	if m := inputErrors(t, err)["input.mode"]; !strings.Contains(m, `"Phone" is not a PLOVER mode`) {
		t.Errorf("upsert: %q, want a refusal at input.mode", m)
	}
	batch.Events = batch.Events[:1]
	mustIngest(t, c, batch)
}

// The differential test's graph and its predicates in Go.
type (
	gActor struct {
		id, kind, country string
		parts             []*gPart
		affs, members     []*gAff
	}
	gEvent struct {
		id, kind, mode string
		contexts       []string
		start, end     time.Time // zero: undated
		parts          []*gPart
	}
	gPart struct {
		actor      *gActor
		event      *gEvent
		kind, role string
	}
	gAff struct {
		from, to *gActor
		role     string
	}
)

var (
	gActorKinds = []string{"STATE", "PERSON", "ORGANIZATION", "GROUP"}
	gCountries  = []string{"RUS", "UKR", "TUR", ""}
	gEventKinds = []string{"CONSULT", "ASSAULT", "AGREE", "REQUEST", "OTHER"}
	gModes      = []string{"phone", "meet", "firearms", ""}
	gContexts   = []string{"diplomatic", "military", "economic"}
	gPartKinds  = []string{"PARTICIPANT", "INITIATOR", "TARGET", "DECLINED", "MEDIATOR"}
	gRoles      = []string{"caller", "head", ""}
	gDays       = 120
	gDay0       = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

func pick[T any](r *rand.Rand, vs []T) T { return vs[r.IntN(len(vs))] }

func in(v string, list any) bool {
	for _, x := range list.([]any) {
		if x == v {
			return true
		}
	}
	return false
}

// quant evaluates a relationship filter {some, all, none, single} over
// the items, each matched by match.
func quant[T any](q map[string]any, items []T, match func(map[string]any, T) bool) bool {
	count := func(w map[string]any) int {
		n := 0
		for _, it := range items {
			if match(w, it) {
				n++
			}
		}
		return n
	}
	ok := true
	if w, has := q["some"].(map[string]any); has {
		ok = ok && count(w) > 0
	}
	if w, has := q["all"].(map[string]any); has {
		ok = ok && count(w) == len(items)
	}
	if w, has := q["none"].(map[string]any); has {
		ok = ok && count(w) == 0
	}
	if w, has := q["single"].(map[string]any); has {
		ok = ok && count(w) == 1
	}
	return ok
}

// logic evaluates AND, OR and NOT of w with own.
func logic(w map[string]any, own func(map[string]any) bool) bool {
	if !own(w) {
		return false
	}
	if l, ok := w["AND"].([]any); ok {
		for _, sub := range l {
			if !logic(sub.(map[string]any), own) {
				return false
			}
		}
	}
	if l, ok := w["OR"].([]any); ok && len(l) > 0 {
		one := false
		for _, sub := range l {
			one = one || logic(sub.(map[string]any), own)
		}
		if !one {
			return false
		}
	}
	if sub, ok := w["NOT"].(map[string]any); ok && logic(sub, own) {
		return false
	}
	return true
}

func evalEvent(w map[string]any, e *gEvent) bool {
	return logic(w, func(w map[string]any) bool {
		if l, ok := w["kinds"]; ok && !in(e.kind, l) {
			return false
		}
		if l, ok := w["modes"]; ok && (e.mode == "" || !in(e.mode, l)) {
			return false
		}
		if l, ok := w["contexts"]; ok && !slices.ContainsFunc(e.contexts, func(c string) bool { return in(c, l) }) {
			return false
		}
		if !evalDates(w, e) {
			return false
		}
		if l, ok := w["participantsAny"]; ok && !slices.ContainsFunc(e.parts, func(p *gPart) bool { return p.kind != "DECLINED" && in(p.actor.id, l) }) {
			return false
		}
		if q, ok := w["participants"].(map[string]any); ok && !quant(q, e.parts, evalParticipant) {
			return false
		}
		return true
	})
}

func evalDates(w map[string]any, e *gEvent) bool {
	date := func(key string) (time.Time, bool) {
		s, ok := w[key].(string)
		if !ok {
			return time.Time{}, false
		}
		d, _ := time.Parse(time.DateOnly, s)
		return d, true
	}
	from, hasFrom := date("from")
	to, hasTo := date("to")
	if (hasFrom || hasTo) && e.start.IsZero() {
		return false // an undated event falls in no range
	}
	end := e.end
	if end.IsZero() {
		end = e.start
	}
	return (!hasFrom || !end.Before(from)) && (!hasTo || !e.start.After(to))
}

func evalParticipant(w map[string]any, p *gPart) bool {
	return logic(w, func(w map[string]any) bool {
		if l, ok := w["kinds"]; ok && !in(p.kind, l) {
			return false
		}
		if l, ok := w["actorKinds"]; ok && !in(p.actor.kind, l) {
			return false
		}
		if r, ok := w["role"]; ok && p.role != r {
			return false
		}
		if a, ok := w["actor"].(map[string]any); ok && !evalActor(a, p.actor) {
			return false
		}
		return true
	})
}

func evalActorEvent(w map[string]any, p *gPart) bool {
	return logic(w, func(w map[string]any) bool {
		if l, ok := w["kinds"]; ok && !in(p.event.kind, l) {
			return false
		}
		if l, ok := w["participationKinds"]; ok && !in(p.kind, l) {
			return false
		}
		if r, ok := w["role"]; ok && p.role != r {
			return false
		}
		if !evalDates(w, p.event) {
			return false
		}
		if e, ok := w["event"].(map[string]any); ok && !evalEvent(e, p.event) {
			return false
		}
		return true
	})
}

// evalAffiliation is an AffiliationWhere over an affiliation seen from
// one end: other is the actor at the other.
func evalAffiliation(w map[string]any, a *gAff, other *gActor) bool {
	return logic(w, func(w map[string]any) bool {
		if r, ok := w["role"]; ok && a.role != r {
			return false
		}
		if o, ok := w["actor"].(map[string]any); ok && !evalActor(o, other) {
			return false
		}
		return true
	})
}

func evalActor(w map[string]any, a *gActor) bool {
	return logic(w, func(w map[string]any) bool {
		if l, ok := w["kinds"]; ok && !in(a.kind, l) {
			return false
		}
		if cc, ok := w["countryCode"]; ok && a.country != cc {
			return false
		}
		if l, ok := w["ids"]; ok && !in(a.id, l) {
			return false
		}
		if q, ok := w["events"].(map[string]any); ok && !quant(q, a.parts, evalActorEvent) {
			return false
		}
		if q, ok := w["affiliations"].(map[string]any); ok && !quant(q, a.affs, func(w map[string]any, f *gAff) bool { return evalAffiliation(w, f, f.to) }) {
			return false
		}
		if q, ok := w["members"].(map[string]any); ok && !quant(q, a.members, func(w map[string]any, f *gAff) bool { return evalAffiliation(w, f, f.from) }) {
			return false
		}
		return true
	})
}

// filterGen makes random filter trees over the generated graph's values.
type filterGen struct {
	r      *rand.Rand
	actors []*gActor
}

func (g *filterGen) some(vs []string) []any {
	n := 1 + g.r.IntN(2)
	var out []any
	for range n {
		out = append(out, pick(g.r, vs))
	}
	return out
}

// fields sets one to three of the fields makers offers, and at depth > 0
// maybe AND, OR or NOT of more of the same (made by self).
func (g *filterGen) fields(depth int, makers map[string]func() any, self func(int) map[string]any) map[string]any {
	w := map[string]any{}
	keys := slices.Sorted(maps.Keys(makers))
	for range 1 + g.r.IntN(2) {
		k := pick(g.r, keys)
		w[k] = makers[k]()
	}
	if depth > 0 {
		switch g.r.IntN(4) {
		case 0:
			w["AND"] = []any{self(depth - 1), self(depth - 1)}
		case 1:
			w["OR"] = []any{self(depth - 1), self(depth - 1)}
		case 2:
			w["NOT"] = self(depth - 1)
		}
	}
	return w
}

func (g *filterGen) quant(depth int, elem func(int) map[string]any) map[string]any {
	q := map[string]any{}
	for range 1 + g.r.IntN(2) {
		q[pick(g.r, []string{"some", "all", "none", "single"})] = elem(depth)
	}
	return q
}

func (g *filterGen) date() any { return gDay0.AddDate(0, 0, g.r.IntN(gDays)).Format(time.DateOnly) }

func (g *filterGen) event(depth int) map[string]any {
	makers := map[string]func() any{
		"kinds":    func() any { return g.some(gEventKinds) },
		"modes":    func() any { return g.some(gModes[:3]) },
		"contexts": func() any { return g.some(gContexts) },
		"from":     g.date,
		"to":       g.date,
		"participantsAny": func() any {
			return []any{pick(g.r, g.actors).id, pick(g.r, g.actors).id}
		},
	}
	if depth > 0 {
		makers["participants"] = func() any { return g.quant(depth-1, g.participant) }
	}
	return g.fields(depth, makers, g.event)
}

func (g *filterGen) participant(depth int) map[string]any {
	makers := map[string]func() any{
		"kinds":      func() any { return g.some(gPartKinds) },
		"actorKinds": func() any { return g.some(gActorKinds) },
		"role":       func() any { return pick(g.r, gRoles[:2]) },
	}
	if depth > 0 {
		makers["actor"] = func() any { return g.actor(depth - 1) }
	}
	return g.fields(depth, makers, g.participant)
}

func (g *filterGen) actor(depth int) map[string]any {
	makers := map[string]func() any{
		"kinds":       func() any { return g.some(gActorKinds) },
		"countryCode": func() any { return pick(g.r, gCountries[:3]) },
	}
	if depth > 0 {
		makers["events"] = func() any { return g.quant(depth-1, g.actorEvent) }
		makers["affiliations"] = func() any { return g.quant(depth-1, g.affiliation) }
		makers["members"] = func() any { return g.quant(depth-1, g.affiliation) }
	}
	return g.fields(depth, makers, g.actor)
}

func (g *filterGen) actorEvent(depth int) map[string]any {
	makers := map[string]func() any{
		"kinds":              func() any { return g.some(gEventKinds) },
		"participationKinds": func() any { return g.some(gPartKinds) },
		"role":               func() any { return pick(g.r, gRoles[:2]) },
		"from":               g.date,
	}
	if depth > 0 {
		makers["event"] = func() any { return g.event(depth - 1) }
	}
	return g.fields(depth, makers, g.actorEvent)
}

func (g *filterGen) affiliation(depth int) map[string]any {
	makers := map[string]func() any{
		"role": func() any { return pick(g.r, []string{"member", "head"}) },
	}
	if depth > 0 {
		makers["actor"] = func() any { return g.actor(depth - 1) }
	}
	return g.fields(depth, makers, g.affiliation)
}

func TestFiltersAgreeWithGo(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	r := rand.New(rand.NewPCG(13, 1))
	var in model.IngestInput
	var actors []*gActor
	for i := range 40 {
		a := &gActor{id: fmt.Sprintf("%sa%d", p, i), kind: pick(r, gActorKinds), country: pick(r, gCountries)}
		actors = append(actors, a)
		ai := &model.ActorInput{ID: sptr(a.id), Name: a.id, Kind: model.ActorKind(a.kind)}
		if a.country != "" {
			ai.CountryCode = sptr(a.country)
		}
		in.Actors = append(in.Actors, ai)
	}
	seen := map[[2]*gActor]bool{}
	for range 50 {
		from, to := pick(r, actors), pick(r, actors)
		if from == to || seen[[2]*gActor{from, to}] {
			continue
		}
		seen[[2]*gActor{from, to}] = true
		aff := &gAff{from: from, to: to, role: pick(r, []string{"member", "head"})}
		from.affs, to.members = append(from.affs, aff), append(to.members, aff)
		in.Affiliations = append(in.Affiliations, &model.AffiliationInput{ActorID: from.id, WithID: to.id, Role: sptr(aff.role)})
	}
	var events []*gEvent
	for i := range 300 {
		e := &gEvent{id: fmt.Sprintf("%se%d", p, i), kind: pick(r, gEventKinds), mode: pick(r, gModes)}
		ei := &model.EventInput{ID: sptr(e.id), Title: e.id, Kind: model.EventKind(e.kind)}
		if e.mode != "" {
			ei.Mode = sptr(e.mode)
		}
		for _, ctx := range gContexts {
			if r.IntN(3) == 0 {
				e.contexts = append(e.contexts, ctx)
			}
		}
		ei.Contexts = e.contexts
		if r.IntN(10) > 0 {
			e.start = gDay0.AddDate(0, 0, r.IntN(gDays))
			ei.StartDate = dptr(t, e.start.Format(time.DateOnly))
			if r.IntN(3) == 0 {
				e.end = e.start.AddDate(0, 0, 1+r.IntN(10))
				ei.EndDate = dptr(t, e.end.Format(time.DateOnly))
			}
		}
		took := map[*gActor]bool{}
		for range r.IntN(5) {
			a := pick(r, actors)
			if took[a] {
				continue
			}
			took[a] = true
			pt := &gPart{actor: a, event: e, kind: pick(r, gPartKinds), role: pick(r, gRoles)}
			e.parts, a.parts = append(e.parts, pt), append(a.parts, pt)
			pi := &model.ParticipantInput{ActorID: a.id, Kind: model.ParticipationKind(pt.kind)}
			if pt.role != "" {
				pi.Role = sptr(pt.role)
			}
			ei.Participants = append(ei.Participants, pi)
		}
		events = append(events, e)
		in.Events = append(in.Events, ei)
	}
	mustIngest(t, c, in)

	eventIDs, actorIDs := make([]any, len(events)), make([]any, len(actors))
	for i, e := range events {
		eventIDs[i] = e.id
	}
	for i, a := range actors {
		actorIDs[i] = a.id
	}
	g := &filterGen{r: r, actors: actors}
	matched := 0
	check := func(i int, typ eventgraph.NodeType, tree map[string]any, ids []any, want []string) {
		w := maps.Clone(tree)
		w["ids"] = ids
		began := time.Now()
		got, total := filterIDs(t, c, typ, w)
		if d := time.Since(began); d > 2*time.Second {
			t.Logf("tree %d over %s took %v: %v", i, typ, d, tree)
		}
		sort.Strings(want)
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("tree %d over %s %v:\n got %d %v (totalCount %d)\nwant %d %v", i, typ, tree, len(got), got, total, len(want), want)
		}
		if len(want) > 0 && len(want) < len(ids) {
			matched++
		}
	}
	const trees = 100
	for i := range trees {
		tree := g.event(1 + i%3)
		var want []string
		for _, e := range events {
			if evalEvent(tree, e) {
				want = append(want, e.id)
			}
		}
		check(i, eventgraph.NodeTypeEvent, tree, eventIDs, want)
	}
	for i := range trees / 2 {
		tree := g.actor(1 + i%3)
		var want []string
		for _, a := range actors {
			if evalActor(tree, a) {
				want = append(want, a.id)
			}
		}
		check(i, eventgraph.NodeTypeActor, tree, actorIDs, want)
	}
	// A test whose trees all match everything or nothing tells nothing.
	if matched < trees/2 {
		t.Errorf("only %d of %d trees kept some but not all nodes: the generator says too little", matched, trees*3/2)
	}
}

// BenchmarkCompileFilters is the compiler's cost of a where: today's
// fixed fields, and a composed tree of every operator three levels deep
// (no database; the statement's planning and run are Neo4j's, measured
// by bench/).
func BenchmarkCompileFilters(b *testing.B) {
	sel := []Field{f("totalCount"), f("edges", f("node", f("id"), f("title")))}
	fixed := map[string]any{"kinds": []any{"CONSULT"}, "from": "2025-05-01", "participantsAny": []any{"russia"}}
	composed := map[string]any{
		"kinds": []any{"CONSULT"}, "from": "2025-05-01",
		"participants": map[string]any{
			"some": map[string]any{"actor": map[string]any{"countryCode": "RUS", "affiliations": map[string]any{"some": map[string]any{"role": "President"}}}, "kinds": []any{"INITIATOR"}},
			"none": map[string]any{"kinds": []any{"DECLINED"}},
		},
		"OR":  []any{map[string]any{"modes": []any{"phone"}}, map[string]any{"contexts": []any{"military"}}},
		"NOT": map[string]any{"participants": map[string]any{"all": map[string]any{"actor": map[string]any{"NOT": map[string]any{"kinds": []any{"STATE"}}}}}},
	}
	for _, bc := range []struct {
		name string
		w    map[string]any
	}{{"fixed fields", fixed}, {"composed", composed}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := CompileList(eventgraph.NodeTypeEvent, fa("events", "events", map[string]any{"where": bc.w}, sel...)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
