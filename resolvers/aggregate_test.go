package resolvers_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/apitest"
)

// The aggregations against the raw connections: every bucket of
// eventCounts, positionCounts, forecastCounts and every pair of
// coParticipation must equal what paging through the list and counting in
// Go gives, over the seed and a generated set of events (random kinds,
// modes, contexts, dates, places and participations, DECLINED among them).

// rawEvent is one event as the raw connection pages it.
type rawEvent struct {
	ID        string
	Kind      string
	Mode      *string
	Contexts  []string
	StartDate *string
	EndDate   *string
	Location  *struct {
		ID          string
		CountryCode *string
	}
	Participants struct {
		Edges []struct {
			Kind string
			Node struct{ ID string }
		}
	}
}

const nullKey = "∅"

func orNull(s *string) string {
	if s == nil {
		return nullKey
	}
	return *s
}

// pageEvents reads every event matching where (a GraphQL EventWhere
// literal, "" for none), 100 at a time.
func pageEvents(t *testing.T, srv *apitest.Server, where string) []rawEvent {
	t.Helper()
	var all []rawEvent
	var after *string
	for {
		var out struct {
			Events struct {
				Edges    []struct{ Node rawEvent }
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
		q := fmt.Sprintf(`query($after: String) { events(first: 100, after: $after%s) { edges { node { id kind mode contexts startDate endDate
		  location { id countryCode } participants(first: 100) { edges { kind node { id } } } } } pageInfo { hasNextPage endCursor } } }`, where)
		srv.MustQuery(t, q, map[string]any{"after": after}, &out)
		for _, e := range out.Events.Edges {
			all = append(all, e.Node)
		}
		if !out.Events.PageInfo.HasNextPage {
			return all
		}
		after = out.Events.PageInfo.EndCursor
	}
}

func monthOf(d *string) string {
	if d == nil {
		return nullKey
	}
	return (*d)[:7] + "-01"
}

func weekOf(d *string) string {
	if d == nil {
		return nullKey
	}
	day, _ := time.Parse(time.DateOnly, *d)
	back := (int(day.Weekday()) + 6) % 7 // days since Monday
	return day.AddDate(0, 0, -back).Format(time.DateOnly)
}

// expected counts the events by the keys of each row of the event, one
// row per combination of the keys' values (as eventCounts defines them).
func expected(events []rawEvent, rows func(e rawEvent) []string) map[string]int {
	out := map[string]int{}
	for _, e := range events {
		seen := map[string]bool{}
		for _, r := range rows(e) {
			if !seen[r] {
				seen[r] = true
				out[r]++
			}
		}
	}
	return out
}

func contextsOf(e rawEvent) []string {
	if len(e.Contexts) == 0 {
		return []string{nullKey}
	}
	return e.Contexts
}

// took are the ids of those who took part, DECLINED excluded; [null] when none.
func took(e rawEvent) []string {
	var out []string
	for _, p := range e.Participants.Edges {
		if p.Kind != "DECLINED" {
			out = append(out, p.Node.ID)
		}
	}
	if len(out) == 0 {
		return []string{nullKey}
	}
	return out
}

// aggregationEventCount is how many events ingestAggregationData makes.
const aggregationEventCount = 80

// aggregationEventIDs are the generated events' ids, as a GraphQL list.
func aggregationEventIDs() string {
	ids := make([]string, aggregationEventCount)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("t-agg-event-%02d", i))
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

func ingestAggregationData(t *testing.T, srv *apitest.Server) {
	t.Helper()
	rng := rand.New(rand.NewPCG(13, 2))
	actors := []map[string]any{}
	for i := range 6 {
		actors = append(actors, map[string]any{"id": fmt.Sprintf("t-agg-actor-%d", i), "name": fmt.Sprintf("Agg actor %d", i), "kind": "STATE"})
	}
	locations := []map[string]any{
		{"id": "t-agg-loc-tur", "name": "Agg city TUR", "kind": "CITY", "countryCode": "TUR"},
		{"id": "t-agg-loc-ukr", "name": "Agg city UKR", "kind": "CITY", "countryCode": "UKR"},
		{"id": "t-agg-loc-none", "name": "Agg site", "kind": "SITE"},
	}
	kinds := []string{"CONSULT", "AGREE", "ASSAULT", "SANCTION"}
	modes := []any{"phone", "in person", nil}
	contexts := []string{"diplomatic", "military", "territory", "economic"}
	pkinds := []string{"PARTICIPANT", "INITIATOR", "TARGET", "MEDIATOR", "HOST", "DECLINED"}
	var events []map[string]any
	for i := range aggregationEventCount {
		e := map[string]any{"id": fmt.Sprintf("t-agg-event-%02d", i), "title": fmt.Sprintf("Agg event %d", i), "kind": kinds[rng.IntN(len(kinds))]}
		if m := modes[rng.IntN(len(modes))]; m != nil {
			e["mode"] = m
		}
		var cs []string
		for _, c := range contexts {
			if rng.IntN(3) == 0 {
				cs = append(cs, c)
			}
		}
		if len(cs) > 0 {
			e["contexts"] = cs
		}
		if rng.IntN(8) > 0 {
			start := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
			e["startDate"] = start.Format(time.DateOnly)
			if rng.IntN(3) == 0 {
				e["endDate"] = start.AddDate(0, 0, rng.IntN(20)).Format(time.DateOnly)
			}
		}
		if r := rng.IntN(4); r < 3 {
			e["locationId"] = locations[r]["id"]
		}
		var ps []map[string]any
		for _, a := range rng.Perm(len(actors))[:rng.IntN(5)] {
			ps = append(ps, map[string]any{"actorId": actors[a]["id"], "kind": pkinds[rng.IntN(len(pkinds))]})
		}
		if len(ps) > 0 {
			e["participants"] = ps
		}
		events = append(events, e)
	}
	srv.MustMutate(t, `mutation($in: IngestInput!) { ingest(input: $in) { created } }`, map[string]any{"in": map[string]any{
		"actors": actors, "locations": locations, "events": events,
	}}, nil)
}

// bucketsOf runs an eventCounts query and keys its buckets by the given
// fields, joined by "|", checking that they come sorted by count.
func bucketsOf(t *testing.T, srv *apitest.Server, args, fields string, key func(b map[string]any) string) map[string]int {
	t.Helper()
	var out struct {
		EventCounts struct {
			BucketCount int
			Buckets     []map[string]any
		}
	}
	srv.MustQuery(t, fmt.Sprintf(`{ eventCounts(%s, first: 1000) { bucketCount buckets { count %s } } }`, args, fields), nil, &out)
	if out.EventCounts.BucketCount != len(out.EventCounts.Buckets) {
		t.Fatalf("%s: bucketCount %d but %d buckets (more than first?)", args, out.EventCounts.BucketCount, len(out.EventCounts.Buckets))
	}
	got := map[string]int{}
	last := -1
	for _, b := range out.EventCounts.Buckets {
		n := int(b["count"].(float64))
		if last >= 0 && n > last {
			t.Errorf("%s: buckets not sorted by count: %d after %d", args, n, last)
		}
		last = n
		k := key(b)
		if _, dup := got[k]; dup {
			t.Errorf("%s: bucket %s twice", args, k)
		}
		got[k] = n
	}
	return got
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return nullKey
	case string:
		return x
	case map[string]any:
		return str(x["id"])
	}
	return fmt.Sprint(v)
}

func keyOf(fields ...string) func(b map[string]any) string {
	return func(b map[string]any) string {
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = str(b[f])
		}
		return strings.Join(parts, "|")
	}
}

func sameCounts(t *testing.T, name string, got, want map[string]int) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: nothing expected: the data is not what the test made", name)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: bucket %s has %d, paging the list counts %d", name, k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: bucket %s (%d) that paging the list does not find", name, k, g)
		}
	}
}

func TestEventCountsEqualThePagedList(t *testing.T) {
	srv := apitest.Start(t)
	ingestAggregationData(t, srv)
	// Over the generated events (by id: those without participants, place or
	// date included), so that the test reads the same whatever else the
	// database holds; and over the whole graph by kind, which stays small.
	ids := aggregationEventIDs()
	for _, where := range []string{`where: {ids: ` + ids + `}`, `where: {ids: ` + ids + `, participantsAny: ["t-agg-actor-1"]}`,
		`where: {ids: ` + ids + `, from: "2031-03-01", to: "2031-06-30"}`} {
		events := pageEvents(t, srv, prefixed(where))
		w := where
		if w != "" {
			w += ", "
		}
		cases := []struct {
			name, by, fields string
			key              []string
			rows             func(e rawEvent) []string
		}{
			{"kind", "KIND", "kind", []string{"kind"}, func(e rawEvent) []string { return []string{e.Kind} }},
			{"mode", "MODE", "mode", []string{"mode"}, func(e rawEvent) []string { return []string{orNull(e.Mode)} }},
			{"context", "CONTEXT", "context", []string{"context"}, contextsOf},
			{"month", "PERIOD", "period", []string{"period"}, func(e rawEvent) []string { return []string{monthOf(e.StartDate)} }},
			{"country", "COUNTRY", "country", []string{"country"}, func(e rawEvent) []string {
				if e.Location == nil {
					return []string{nullKey}
				}
				return []string{orNull(e.Location.CountryCode)}
			}},
			{"location", "LOCATION", "location { id }", []string{"location"}, func(e rawEvent) []string {
				if e.Location == nil {
					return []string{nullKey}
				}
				return []string{e.Location.ID}
			}},
			{"actor", "ACTOR", "actor { id }", []string{"actor"}, took},
			{"participation kind", "PARTICIPATION_KIND", "participationKind", []string{"participationKind"}, func(e rawEvent) []string {
				var out []string
				for _, p := range e.Participants.Edges {
					out = append(out, p.Kind)
				}
				if len(out) == 0 {
					return []string{nullKey}
				}
				return out
			}},
			{"actor and participation kind", "ACTOR, PARTICIPATION_KIND", "actor { id } participationKind", []string{"actor", "participationKind"}, func(e rawEvent) []string {
				var out []string
				for _, p := range e.Participants.Edges {
					out = append(out, p.Node.ID+"|"+p.Kind)
				}
				if len(out) == 0 {
					return []string{nullKey + "|" + nullKey}
				}
				return out
			}},
			{"kind and context", "KIND, CONTEXT", "kind context", []string{"kind", "context"}, func(e rawEvent) []string {
				var out []string
				for _, c := range contextsOf(e) {
					out = append(out, e.Kind+"|"+c)
				}
				return out
			}},
			{"week and mode", "PERIOD, MODE", "period mode", []string{"period", "mode"}, func(e rawEvent) []string {
				return []string{weekOf(e.StartDate) + "|" + orNull(e.Mode)}
			}},
		}
		for _, c := range cases {
			t.Run(c.name+" "+strings.ReplaceAll(where, ids, "generated"), func(t *testing.T) {
				args := w + "by: [" + c.by + "]"
				if c.name == "week and mode" {
					args += ", interval: WEEK"
				}
				got := bucketsOf(t, srv, args, c.fields, keyOf(c.key...))
				sameCounts(t, args, got, expected(events, c.rows))
			})
		}
		t.Run("no key "+strings.ReplaceAll(where, ids, "generated"), func(t *testing.T) {
			args := w + "by: []"
			got := bucketsOf(t, srv, args, "", func(map[string]any) string { return "all" })
			sameCounts(t, args, got, map[string]int{"all": len(events)})
		})
	}
}

// TestEventCountsOfTheWholeGraph: by KIND over every event, each bucket the
// totalCount of the list filtered by its kind, and all of them every event.
func TestEventCountsOfTheWholeGraph(t *testing.T) {
	srv := apitest.Start(t)
	ingestAggregationData(t, srv)
	got := bucketsOf(t, srv, "by: [KIND]", "kind", keyOf("kind"))
	var all struct{ Events struct{ TotalCount int } }
	srv.MustQuery(t, `{ events { totalCount } }`, nil, &all)
	sum := 0
	for kind, n := range got {
		var one struct{ Events struct{ TotalCount int } }
		srv.MustQuery(t, `query($k: [EventKind!]) { events(where: {kinds: $k}) { totalCount } }`, map[string]any{"k": []string{kind}}, &one)
		if one.Events.TotalCount != n {
			t.Errorf("%s: bucket %d, the list %d", kind, n, one.Events.TotalCount)
		}
		sum += n
	}
	if sum != all.Events.TotalCount || len(got) < 4 {
		t.Errorf("%d buckets summing to %d; the graph has %d events", len(got), sum, all.Events.TotalCount)
	}
}

// prefixed is where as an extra argument after others.
func prefixed(where string) string {
	if where == "" {
		return ""
	}
	return ", " + where
}

func TestCoParticipationEqualsThePagedList(t *testing.T) {
	srv := apitest.Start(t)
	ingestAggregationData(t, srv)
	ids := aggregationEventIDs()
	for _, where := range []string{`where: {ids: ` + ids + `}`, `where: {ids: ` + ids + `, kinds: [CONSULT, AGREE]}`} {
		t.Run(strings.ReplaceAll(where, ids, "generated"), func(t *testing.T) {
			events := pageEvents(t, srv, prefixed(where))
			type pair struct {
				count       int
				first, last string
			}
			want := map[string]*pair{}
			for _, e := range events {
				ids := took(e)
				sort.Strings(ids)
				for i := range ids {
					for j := i + 1; j < len(ids); j++ {
						if ids[i] == nullKey || ids[i] == ids[j] {
							continue
						}
						k := ids[i] + "|" + ids[j]
						p := want[k]
						if p == nil {
							p = &pair{}
							want[k] = p
						}
						p.count++
						if s := orNull(e.StartDate); s != nullKey && (p.first == "" || s < p.first) {
							p.first = s
						}
						end := e.EndDate
						if end == nil {
							end = e.StartDate
						}
						if s := orNull(end); s != nullKey && s > p.last {
							p.last = s
						}
					}
				}
			}
			args := "first: 1000"
			if where != "" {
				args = where + ", " + args
			}
			var out struct {
				CoParticipation struct {
					PairCount int
					Pairs     []struct {
						A, B                struct{ ID string }
						Count               int
						FirstDate, LastDate *string
					}
				}
			}
			srv.MustQuery(t, fmt.Sprintf(`{ coParticipation(%s) { pairCount pairs { a { id } b { id } count firstDate lastDate } } }`, args), nil, &out)
			if len(want) == 0 {
				t.Fatal("no pairs expected: the data is not what the test made")
			}
			if out.CoParticipation.PairCount != len(want) || len(out.CoParticipation.Pairs) != len(want) {
				t.Errorf("pairCount %d, %d pairs; paging the list finds %d", out.CoParticipation.PairCount, len(out.CoParticipation.Pairs), len(want))
			}
			last := -1
			for _, p := range out.CoParticipation.Pairs {
				if last >= 0 && p.Count > last {
					t.Errorf("pairs not sorted by count: %d after %d", p.Count, last)
				}
				last = p.Count
				if p.A.ID >= p.B.ID {
					t.Errorf("pair %s, %s: a's id is not before b's", p.A.ID, p.B.ID)
				}
				w := want[p.A.ID+"|"+p.B.ID]
				if w == nil {
					t.Errorf("pair %s, %s that paging the list does not find", p.A.ID, p.B.ID)
					continue
				}
				if p.Count != w.count || orNull(p.FirstDate) != orEmpty(w.first) || orNull(p.LastDate) != orEmpty(w.last) {
					t.Errorf("pair %s, %s: %d %s..%s, paging the list gives %d %s..%s", p.A.ID, p.B.ID,
						p.Count, orNull(p.FirstDate), orNull(p.LastDate), w.count, w.first, w.last)
				}
			}
		})
	}
}

func orEmpty(s string) string {
	if s == "" {
		return nullKey
	}
	return s
}

func TestPositionAndForecastCountsEqualThePagedList(t *testing.T) {
	srv := apitest.Start(t)
	var pos struct {
		Positions struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Stance    string
					ValidFrom *string
					Actor     struct{ ID string }
					Topic     struct{ ID string }
				}
			}
		}
	}
	srv.MustQuery(t, `{ positions(first: 100) { totalCount edges { node { stance validFrom actor { id } topic { id } } } } }`, nil, &pos)
	if pos.Positions.TotalCount > 100 {
		t.Skip("more positions than one page; this test pages one")
	}
	want := map[string]int{}
	for _, e := range pos.Positions.Edges {
		want[e.Node.Stance+"|"+e.Node.Topic.ID+"|"+e.Node.Actor.ID+"|"+monthOf(e.Node.ValidFrom)]++
	}
	var out struct {
		PositionCounts struct {
			Buckets []map[string]any
		}
	}
	srv.MustQuery(t, `{ positionCounts(by: [STANCE, TOPIC, ACTOR, PERIOD], first: 1000) { buckets { count stance topic { id } actor { id } period } } }`, nil, &out)
	got := map[string]int{}
	for _, b := range out.PositionCounts.Buckets {
		got[keyOf("stance", "topic", "actor", "period")(b)] = int(b["count"].(float64))
	}
	sameCounts(t, "positionCounts", got, want)

	var fc struct {
		Forecasts struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Status, Horizon, Likelihood string
					WindowStart                 *string
					Source                      *struct{ ID string }
				}
			}
		}
	}
	srv.MustQuery(t, `{ forecasts(first: 100) { totalCount edges { node { status horizon likelihood windowStart source { id } } } } }`, nil, &fc)
	if fc.Forecasts.TotalCount > 100 {
		t.Skip("more forecasts than one page; this test pages one")
	}
	want = map[string]int{}
	for _, e := range fc.Forecasts.Edges {
		src := nullKey
		if e.Node.Source != nil {
			src = e.Node.Source.ID
		}
		want[e.Node.Status+"|"+e.Node.Horizon+"|"+e.Node.Likelihood+"|"+src+"|"+monthOf(e.Node.WindowStart)]++
	}
	var fout struct {
		ForecastCounts struct {
			Buckets []map[string]any
		}
	}
	srv.MustQuery(t, `{ forecastCounts(by: [STATUS, HORIZON, LIKELIHOOD, SOURCE, PERIOD], first: 1000) { buckets { count status horizon likelihood source { id } period } } }`, nil, &fout)
	got = map[string]int{}
	for _, b := range fout.ForecastCounts.Buckets {
		got[keyOf("status", "horizon", "likelihood", "source", "period")(b)] = int(b["count"].(float64))
	}
	sameCounts(t, "forecastCounts", got, want)
}

func TestAggregateEqualsTheConnection(t *testing.T) {
	srv := apitest.Start(t)
	ingestAggregationData(t, srv)
	events := pageEvents(t, srv, `, where: {participantsAny: ["t-agg-actor-2"]}`)
	var minStart, maxStart string
	for _, e := range events {
		if s := e.StartDate; s != nil {
			if minStart == "" || *s < minStart {
				minStart = *s
			}
			if *s > maxStart {
				maxStart = *s
			}
		}
	}
	var out struct {
		Events struct {
			TotalCount int
			Aggregate  struct {
				Count     int
				StartDate struct{ Min, Max *string }
			}
		}
		Actor struct {
			Events struct {
				TotalCount int
				Aggregate  struct {
					Count     int
					StartDate struct{ Min, Max *string }
				}
			}
		}
	}
	srv.MustQuery(t, `{ events(where: {participantsAny: ["t-agg-actor-2"]}) { totalCount aggregate { count startDate { min max } } }
	  actor(id: "t-agg-actor-2") { events(where: {participationKinds: [PARTICIPANT, INITIATOR, TARGET, MEDIATOR, HOST]}) { totalCount aggregate { count startDate { min max } } } } }`, nil, &out)
	if out.Events.Aggregate.Count != len(events) || out.Events.TotalCount != len(events) {
		t.Errorf("events: aggregate.count %d, totalCount %d; paging finds %d", out.Events.Aggregate.Count, out.Events.TotalCount, len(events))
	}
	if orNull(out.Events.Aggregate.StartDate.Min) != minStart || orNull(out.Events.Aggregate.StartDate.Max) != maxStart {
		t.Errorf("events: startDate %s..%s; paging finds %s..%s", orNull(out.Events.Aggregate.StartDate.Min), orNull(out.Events.Aggregate.StartDate.Max), minStart, maxStart)
	}
	nested := out.Actor.Events
	if nested.Aggregate.Count != nested.TotalCount || nested.Aggregate.Count != len(events) {
		t.Errorf("Actor.events: aggregate.count %d, totalCount %d; the root list finds %d", nested.Aggregate.Count, nested.TotalCount, len(events))
	}
	if orNull(nested.Aggregate.StartDate.Min) != minStart || orNull(nested.Aggregate.StartDate.Max) != maxStart {
		t.Errorf("Actor.events: startDate %s..%s; paging finds %s..%s", orNull(nested.Aggregate.StartDate.Min), orNull(nested.Aggregate.StartDate.Max), minStart, maxStart)
	}
}

func TestAggregationInputErrors(t *testing.T) {
	srv := apitest.Start(t)
	for _, c := range []struct{ query, code, mention string }{
		{`{ eventCounts(by: [KIND, KIND]) { bucketCount } }`, "BAD_USER_INPUT", "KIND is given twice"},
		{`{ eventCounts(by: [KIND], first: 1001) { bucketCount } }`, "BAD_USER_INPUT", "1000"},
		{`{ coParticipation(first: -1) { pairCount } }`, "BAD_USER_INPUT", "first"},
		{`{ eventCounts(by: [KIND], where: {from: "2025-13-01"}) { bucketCount } }`, "BAD_USER_INPUT", "from"},
	} {
		r := srv.Query(t, c.query, nil)
		if len(r.Errors) == 0 || r.Errors[0].Code() != c.code || !strings.Contains(r.Errors[0].Message, c.mention) {
			t.Errorf("%s: want %s mentioning %q, got %+v", c.query, c.code, c.mention, r.Errors)
		}
	}
}
