// Package seed_test checks the seed in two ways: the file itself (every quote
// is the article's own words, every id is a slug, every reference resolves)
// and the loaded graph (it answers what an analyst would ask of the article,
// through the GraphQL API over the real Neo4j).
package seed_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/seed"
)

// The article as published; seed/article.txt is a copy so the test runs on a
// clean clone, checked against the shared original when that is at hand.
const (
	articleCopy     = "article.txt"
	articleOriginal = "../../shared/sources/ukraine-russia-direct-talks-2025-05-26.txt"
)

// normalise collapses runs of whitespace: the article wraps lines and indents
// bullets, and a quote must match the words, not the layout.
func normalise(s string) string { return strings.Join(strings.Fields(s), " ") }

func readArticle(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(articleCopy)
	if err != nil {
		t.Fatalf("reading the article: %v", err)
	}
	if orig, err := os.ReadFile(articleOriginal); err == nil && string(orig) != string(b) {
		t.Fatalf("%s differs from %s: refresh the copy", articleCopy, articleOriginal)
	}
	return normalise(string(b))
}

func readSeed(t *testing.T) map[string]any {
	t.Helper()
	in, err := seed.Input()
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// quotes walks any JSON value and returns every "quote" string with the path
// it was found at, so a failure names the fact whose quote is wrong.
func quotes(v any, path string, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			p := path + "." + k
			if s, ok := c.(string); ok && k == "quote" {
				out[p] = s
				continue
			}
			quotes(c, p, out)
		}
	case []any:
		for i, c := range x {
			quotes(c, fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

func TestEveryQuoteOccursVerbatimInTheArticle(t *testing.T) {
	article := readArticle(t)
	found := map[string]string{}
	quotes(readSeed(t), "input", found)
	if len(found) < 100 {
		t.Fatalf("only %d quotes in article.json; every fact should carry one", len(found))
	}
	for path, q := range found {
		if strings.TrimSpace(q) == "" {
			t.Errorf("%s: empty quote", path)
		} else if !strings.Contains(article, normalise(q)) {
			t.Errorf("%s: not in the article: %q", path, q)
		}
	}
}

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// TestEveryFactIsSourcedAndEveryReferenceResolves checks the file as a
// reviewer would before loading it: ingest would reject a dangling reference,
// but only this test insists that every fact carries provenance.
func TestEveryFactIsSourcedAndEveryReferenceResolves(t *testing.T) {
	in := readSeed(t)
	kindOf := map[string]string{}
	for _, kind := range []string{"sources", "actors", "locations", "topics", "events", "positions", "forecasts"} {
		for i, item := range list(in[kind]) {
			id, _ := item["id"].(string)
			if !slug.MatchString(id) || len(id) > 128 {
				t.Errorf("%s[%d]: id %q is not a slug", kind, i, id)
			}
			if prev, dup := kindOf[id]; dup {
				t.Errorf("%s[%d]: id %q already used by %s", kind, i, id, prev)
			}
			kindOf[id] = kind
		}
	}
	ref := func(where, id string, kinds ...string) {
		if !slices.Contains(kinds, kindOf[id]) {
			t.Errorf("%s: %q is not one of the batch's %v", where, id, kinds)
		}
	}
	cited := func(where string, item map[string]any) {
		cs := list(item["citations"])
		if len(cs) == 0 {
			t.Errorf("%s: no citations", where)
		}
		for j, c := range cs {
			ref(fmt.Sprintf("%s.citations[%d]", where, j), str(c["sourceId"]), "sources")
		}
	}
	relSourced := func(where string, item map[string]any) {
		ids := strs(item["sourceIds"])
		if len(ids) == 0 || str(item["quote"]) == "" {
			t.Errorf("%s: needs sourceIds and a quote", where)
		}
		for _, s := range ids {
			ref(where+".sourceIds", s, "sources")
		}
	}
	for _, kind := range []string{"actors", "locations", "topics", "events", "positions", "forecasts"} {
		for i, item := range list(in[kind]) {
			cited(fmt.Sprintf("%s[%d]", kind, i), item)
		}
	}
	for i, l := range list(in["locations"]) {
		if p, ok := l["parentId"]; ok {
			ref(fmt.Sprintf("locations[%d].parentId", i), p.(string), "locations")
		}
	}
	for i, e := range list(in["events"]) {
		w := fmt.Sprintf("events[%d]", i)
		for j, p := range list(e["participants"]) {
			ref(fmt.Sprintf("%s.participants[%d]", w, j), str(p["actorId"]), "actors")
			relSourced(fmt.Sprintf("%s.participants[%d]", w, j), p)
		}
		for _, k := range []string{"locationId", "parentId"} {
			if v, ok := e[k]; ok {
				ref(w+"."+k, v.(string), map[string]string{"locationId": "locations", "parentId": "events"}[k])
			}
		}
		for _, v := range strs(e["ledToIds"]) {
			ref(w+".ledToIds", v, "events")
		}
		for _, v := range strs(e["topicIds"]) {
			ref(w+".topicIds", v, "topics")
		}
	}
	for i, p := range list(in["positions"]) {
		w := fmt.Sprintf("positions[%d]", i)
		ref(w+".actorId", str(p["actorId"]), "actors")
		ref(w+".topicId", str(p["topicId"]), "topics")
		for _, v := range strs(p["respondsToIds"]) {
			ref(w+".respondsToIds", v, "positions")
		}
	}
	for i, f := range list(in["forecasts"]) {
		w := fmt.Sprintf("forecasts[%d]", i)
		ref(w+".sourceId", str(f["sourceId"]), "sources")
		if len(strs(f["aboutIds"])) == 0 {
			t.Errorf("%s: about nothing", w)
		}
		for _, v := range strs(f["aboutIds"]) {
			ref(w+".aboutIds", v, "actors", "events", "topics")
		}
	}
	for i, a := range list(in["affiliations"]) {
		w := fmt.Sprintf("affiliations[%d]", i)
		ref(w+".actorId", str(a["actorId"]), "actors")
		ref(w+".withId", str(a["withId"]), "actors")
		relSourced(w, a)
	}
}

// ---------------------------------------------------------------- the loaded graph

// question is one thing an analyst asks of the article: the query, and what
// the answer must say.
type question struct {
	name  string
	query string
	check func(t *testing.T, data any)
}

func TestSeedAnswersTheAnalystQuestions(t *testing.T) {
	srv := apitest.Start(t)
	article := readArticle(t)

	for _, q := range questions(article) {
		t.Run(q.name, func(t *testing.T) {
			var data any
			srv.MustQuery(t, q.query, nil, &data)
			q.check(t, data)
		})
	}
}

// TestSeedingTwiceChangesNothing replays the seed through ingest: every
// entity has an explicit id, so the second load finds everything in place.
func TestSeedingTwiceChangesNothing(t *testing.T) {
	srv := apitest.Start(t) // has loaded the seed once already
	in := readSeed(t)
	var out struct {
		Ingest struct {
			Created, Updated, Unchanged, RelationshipsCreated int
		}
	}
	srv.MustMutate(t, seed.Mutation, map[string]any{"input": in}, &out)
	got := out.Ingest
	nodes := 0
	for _, kind := range []string{"sources", "actors", "locations", "topics", "events", "positions", "forecasts"} {
		nodes += len(list(in[kind]))
	}
	if got.Created != 0 || got.Updated != 0 || got.RelationshipsCreated != 0 {
		t.Errorf("replaying the seed wrote: %+v", got)
	}
	if got.Unchanged != nodes {
		t.Errorf("replay: %d unchanged, the seed has %d nodes", got.Unchanged, nodes)
	}
}

func questions(article string) []question {
	return []question{
		{
			name: "who took part in the Istanbul talks and as what",
			query: `{ event(id: "istanbul-talks-2025-05-16") {
				startDate kind mode
				participants { totalCount edges { kind role quote sources { id } node { id } } } } }`,
			check: func(t *testing.T, d any) {
				e := at(t, d, "event")
				wantEq(t, "startDate", at(t, e, "startDate"), "2025-05-16")
				wantEq(t, "kind", at(t, e, "kind"), "CONSULT")
				got := map[string]string{}
				for _, edge := range list(at(t, e, "participants.edges")) {
					got[str(at(t, edge, "node.id"))] = str(edge["kind"])
					if !strings.Contains(article, normalise(str(edge["quote"]))) || str(edge["quote"]) == "" {
						t.Errorf("participation of %v: quote %q is not from the article", at(t, edge, "node.id"), edge["quote"])
					}
					if !hasID(list(edge["sources"]), seed.SourceID) {
						t.Errorf("participation of %v does not cite the article", at(t, edge, "node.id"))
					}
				}
				want := map[string]string{
					"russian-delegation": "PARTICIPANT", "ukrainian-delegation": "PARTICIPANT",
					"vladimir-medinsky": "PARTICIPANT", "russia": "PARTICIPANT", "ukraine": "PARTICIPANT",
					"turkiye": "HOST", "vladimir-putin": "DECLINED", "volodymyr-zelenskyy": "DECLINED",
				}
				wantEq(t, "participants", got, want)
				wantEq(t, "totalCount", at(t, e, "participants.totalCount"), float64(len(want)))
				for _, edge := range list(at(t, e, "participants.edges")) {
					if at(t, edge, "node.id") == "vladimir-medinsky" {
						wantEq(t, "Medinsky's role", edge["role"], "head of the Russian delegation")
					}
				}
			},
		},
		{
			name: "where the talks were held",
			query: `{ event(id: "istanbul-talks-2025-05-16") { location {
				id name kind latitude longitude
				parent { id kind parent { id name kind parent { id } } } } } }`,
			check: func(t *testing.T, d any) {
				l := at(t, d, "event.location").(map[string]any)
				wantEq(t, "site", []any{l["id"], l["name"], l["kind"]}, []any{"dolmabahce-palace", "Dolmabahçe Palace", "SITE"})
				if l["latitude"] == nil || l["longitude"] == nil {
					t.Errorf("the palace has no coordinates: %v", l)
				}
				wantEq(t, "city", []any{at(t, l, "parent.id"), at(t, l, "parent.kind")}, []any{"istanbul", "CITY"})
				c := at(t, l, "parent.parent").(map[string]any)
				wantEq(t, "country", []any{c["id"], c["name"], c["kind"], c["parent"]}, []any{"turkiye-country", "Türkiye", "COUNTRY", nil})
			},
		},
		{
			name: "who declined to come",
			query: `{ event(id: "istanbul-talks-2025-05-16") {
				participants(where: {kinds: [DECLINED]}) { edges { kind role quote node { id } } } } }`,
			check: func(t *testing.T, d any) {
				edges := list(at(t, d, "event.participants.edges"))
				wantEq(t, "declined", sortedIDs(edges, "node.id"), []string{"vladimir-putin", "volodymyr-zelenskyy"})
				for _, e := range edges {
					if !strings.Contains(str(e["quote"]), "not travel to Türkiye") {
						t.Errorf("%v: quote %q does not say who stayed away", at(t, e, "node.id"), e["quote"])
					}
				}
			},
		},
		{
			name: "the talks led to the prisoner exchange of 1000 each",
			query: `{ event(id: "istanbul-talks-2025-05-16") {
				ledTo { edges { node { id kind figures { label value unit }
				        ledFrom { edges { node { id } } } participants { edges { node { id } } } } } } } }`,
			check: func(t *testing.T, d any) {
				var ex map[string]any
				for _, e := range list(at(t, d, "event.ledTo.edges")) {
					if at(t, e, "node.id") == "prisoner-exchange-2025-05-23" {
						ex = at(t, e, "node").(map[string]any)
					}
				}
				if ex == nil {
					t.Fatalf("the talks did not lead to the exchange: %v", at(t, d, "event.ledTo"))
				}
				wantEq(t, "kind", ex["kind"], "RETREAT")
				if !hasFigure(list(ex["figures"]), "prisoners released by each side", 1000, "prisoners") {
					t.Errorf("no figure of 1000 prisoners released by each side: %v", ex["figures"])
				}
				wantEq(t, "exchanging states", sortedIDs(list(at(t, ex, "participants.edges")), "node.id"), []string{"russia", "ukraine"})
				if !slices.Contains(sortedIDs(list(at(t, ex, "ledFrom.edges")), "node.id"), "istanbul-talks-2025-05-16") {
					t.Errorf("the exchange's causes miss the talks: %v", ex["ledFrom"])
				}
			},
		},
		{
			name: "the talks agreed to meet again and produced no ceasefire",
			query: `{ event(id: "istanbul-talks-2025-05-16") { outcome
				subEvents { edges { node { id kind parent { id } participants { edges { node { id } } } } } } } }`,
			check: func(t *testing.T, d any) {
				outcome := strings.ToLower(str(at(t, d, "event.outcome")))
				for _, want := range []string{"no ceasefire", "meet again", "1,000 each"} {
					if !strings.Contains(outcome, want) {
						t.Errorf("outcome %q does not say %q", outcome, want)
					}
				}
				subs := map[string]map[string]any{}
				for _, e := range list(at(t, d, "event.subEvents.edges")) {
					n := at(t, e, "node").(map[string]any)
					subs[str(n["id"])] = n
				}
				again, ok := subs["istanbul-agreement-to-meet-again"]
				if !ok {
					t.Fatalf("no agreement to meet again among the sub-events: %v", subs)
				}
				wantEq(t, "kind", again["kind"], "AGREE")
				wantEq(t, "parent", at(t, again, "parent.id"), "istanbul-talks-2025-05-16")
				wantEq(t, "parties", sortedIDs(list(at(t, again, "participants.edges")), "node.id"), []string{"russian-delegation", "ukrainian-delegation"})
				for id, n := range subs {
					if n["kind"] == "AGREE" && strings.Contains(id, "ceasefire") {
						t.Errorf("a ceasefire agreement %s among the sub-events", id)
					}
				}
			},
		},
		{
			name: "the 19 May call between Trump and Putin",
			query: `{ events(where: {participantsAll: ["donald-trump", "vladimir-putin"], from: "2025-05-19", to: "2025-05-19"}) {
				totalCount edges { node { id kind mode startDate participants { edges { kind node { id } } } } } } }`,
			check: func(t *testing.T, d any) {
				edges := list(at(t, d, "events.edges"))
				wantEq(t, "events", sortedIDs(edges, "node.id"), []string{"trump-putin-call-2025-05-19"})
				n := at(t, edges[0], "node")
				wantEq(t, "kind and mode", []any{at(t, n, "kind"), at(t, n, "mode"), at(t, n, "startDate")}, []any{"CONSULT", "phone", "2025-05-19"})
				wantEq(t, "callers", sortedIDs(list(at(t, n, "participants.edges")), "node.id"), []string{"donald-trump", "vladimir-putin"})
			},
		},
		{
			name: "Russia's demands",
			query: `{ positions(first: 50, where: {actorIds: ["russia"], stances: [DEMANDS]}) {
				totalCount edges { node { stance statement topic { id } sources { source { id } quote } } } } }`,
			check: func(t *testing.T, d any) {
				edges := list(at(t, d, "positions.edges"))
				wantEq(t, "topics", sortedIDs(edges, "node.topic.id"),
					[]string{"demilitarisation", "neutrality", "regime-change", "root-causes", "territorial-control"})
				for _, e := range edges {
					srcs := list(at(t, e, "node.sources"))
					if len(srcs) == 0 || at(t, srcs[0], "source.id") != seed.SourceID || !strings.Contains(article, normalise(str(srcs[0]["quote"]))) {
						t.Errorf("%v: provenance %v is not a quote from the article", at(t, e, "node.statement"), srcs)
					}
				}
			},
		},
		{
			name: "Ukraine's demands and refusals",
			query: `{ positions(first: 50, where: {actorIds: ["ukraine", "volodymyr-zelenskyy"]}) {
				edges { node { id stance statement actor { id } topic { id } respondsTo { id } } } } }`,
			check: func(t *testing.T, d any) {
				got := map[string]map[string]any{}
				for _, e := range list(at(t, d, "positions.edges")) {
					n := at(t, e, "node").(map[string]any)
					got[str(n["id"])] = n
				}
				for id, want := range map[string][3]string{
					"ukraine-rejects-recognising-lost-territory":        {"ukraine", "REJECTS", "territorial-control"},
					"ukraine-demands-security-guarantees":               {"ukraine", "DEMANDS", "security-guarantees"},
					"ukraine-demands-full-sovereignty":                  {"ukraine", "DEMANDS", "sovereignty"},
					"zelenskyy-demands-sanctions-if-ceasefire-rejected": {"volodymyr-zelenskyy", "DEMANDS", "sanctions"},
				} {
					n, ok := got[id]
					if !ok {
						t.Errorf("missing position %s", id)
						continue
					}
					wantEq(t, id, [3]string{str(at(t, n, "actor.id")), str(n["stance"]), str(at(t, n, "topic.id"))}, want)
				}
				if n := got["zelenskyy-demands-sanctions-if-ceasefire-rejected"]; n != nil && !strings.Contains(str(n["statement"]), "30-day ceasefire") {
					t.Errorf("the sanctions demand does not name its condition: %q", n["statement"])
				}
				if n := got["ukraine-rejects-recognising-lost-territory"]; n != nil {
					wantEq(t, "answers", sortedIDs(list(n["respondsTo"]), "id"), []string{"russia-demands-territorial-consolidation"})
				}
			},
		},
		{
			name: "Peskov's condition for a Putin-Zelenskyy meeting",
			query: `{ actor(id: "dmitry-peskov") {
				affiliations { edges { role node { id } } }
				positions { edges { node { stance statement topic { id } } } } } }`,
			check: func(t *testing.T, d any) {
				a := at(t, d, "actor")
				affs := list(at(t, a, "affiliations.edges"))
				if len(affs) != 1 || at(t, affs[0], "node.id") != "kremlin" || at(t, affs[0], "role") != "spokesperson" {
					t.Errorf("Peskov should be the Kremlin's spokesperson: %v", affs)
				}
				ps := list(at(t, a, "positions.edges"))
				if len(ps) != 1 {
					t.Fatalf("want Peskov's one position, got %v", ps)
				}
				n := at(t, ps[0], "node")
				wantEq(t, "stance and topic", []any{at(t, n, "stance"), at(t, n, "topic.id")}, []any{"CONDITIONS", "leaders-summit"})
				if !strings.Contains(str(at(t, n, "statement")), "certain agreements") {
					t.Errorf("the condition is not stated: %q", at(t, n, "statement"))
				}
			},
		},
		{
			name: "Starmer's reply responds to Russia's position",
			query: `{ actor(id: "keir-starmer") {
				affiliations { edges { role node { id } } }
				positions { edges { node { id stance statement respondsTo { id stance actor { id } } } } } }
				position(id: "russia-demands-regime-change-in-kyiv") { responses { id } } }`,
			check: func(t *testing.T, d any) {
				affs := list(at(t, d, "actor.affiliations.edges"))
				if len(affs) != 1 || at(t, affs[0], "node.id") != "united-kingdom" || at(t, affs[0], "role") != "Prime Minister" {
					t.Errorf("Starmer should be the UK's Prime Minister: %v", affs)
				}
				ps := list(at(t, d, "actor.positions.edges"))
				if len(ps) != 1 {
					t.Fatalf("want Starmer's one position, got %v", ps)
				}
				n := at(t, ps[0], "node")
				wantEq(t, "stance", at(t, n, "stance"), "REJECTS")
				if !strings.Contains(str(at(t, n, "statement")), "unacceptable") {
					t.Errorf("the reply does not say unacceptable: %q", at(t, n, "statement"))
				}
				resp := list(at(t, n, "respondsTo"))
				wantEq(t, "answers", sortedIDs(resp, "id"), []string{
					"russia-demands-demilitarisation-of-ukraine", "russia-demands-regime-change-in-kyiv", "russia-demands-territorial-consolidation"})
				for _, r := range resp {
					wantEq(t, "answered actor", []any{at(t, r, "actor.id"), r["stance"]}, []any{"russia", "DEMANDS"})
				}
				if !slices.Contains(sortedIDs(list(at(t, d, "position.responses")), "id"), "starmer-rejects-russian-position") {
					t.Errorf("Russia's demand does not list Starmer's reply among its responses: %v", at(t, d, "position"))
				}
			},
		},
		{
			name: "every forecast with horizon, likelihood, probability and window",
			query: `{ source(id: "stauder-2025-05-26-direct-talks") { forecasts(first: 50) { totalCount edges { node {
				id horizon likelihood probability { low high } windowStart windowEnd status
				source { id } about { __typename ... on Actor { id } ... on Event { id } ... on Topic { id } } } } } } }`,
			check: func(t *testing.T, d any) {
				type want struct {
					horizon, likelihood string
					low, high           float64
					about               string
				}
				wants := map[string]want{
					"forecast-delegations-meet-again-or-ceasefire-memorandum": {"SHORT_TERM", "REALISTIC_POSSIBILITY", 0.40, 0.50, "trump-putin-call-2025-05-19"},
					"forecast-russia-maintains-battlefield-pressure":          {"MEDIUM_TERM", "LIKELY", 0.55, 0.75, "russia"},
					"forecast-substantial-change-before-putin-trump-meeting":  {"MEDIUM_TERM", "UNLIKELY", 0.25, 0.35, "leaders-summit"},
					"forecast-trump-disengages-from-mediation":                {"MEDIUM_TERM", "LIKELY", 0.55, 0.75, "donald-trump"},
					"forecast-partial-us-russia-reopening":                    {"LONG_TERM", "REALISTIC_POSSIBILITY", 0.40, 0.50, "us-russia-relations"},
					"forecast-europe-remains-sceptical":                       {"LONG_TERM", "LIKELY", 0.55, 0.75, "european-union"},
					"forecast-kyiv-recognises-territory-as-russian":           {"MEDIUM_TERM", "HIGHLY_UNLIKELY", 0.10, 0.20, "ukraine"},
				}
				// Windows follow from the horizon and the article's date, 26 May 2025.
				windows := map[string][2]any{
					"SHORT_TERM":  {"2025-05-26", "2025-08-26"},
					"MEDIUM_TERM": {"2025-08-26", "2026-05-26"},
					"LONG_TERM":   {"2026-05-26", nil},
				}
				edges := list(at(t, d, "source.forecasts.edges"))
				wantEq(t, "totalCount", at(t, d, "source.forecasts.totalCount"), float64(len(wants)))
				seen := map[string]bool{}
				for _, e := range edges {
					n := at(t, e, "node").(map[string]any)
					id := str(n["id"])
					w, ok := wants[id]
					if !ok {
						t.Errorf("unexpected forecast %s", id)
						continue
					}
					seen[id] = true
					// The seed states every forecast OPEN; one whose window has
					// ended reads OVERDUE (derived when read, from today's date).
					status := "OPEN"
					if end, ok := windows[w.horizon][1].(string); ok && end < time.Now().UTC().Format(time.DateOnly) {
						status = "OVERDUE"
					}
					wantEq(t, id+" horizon/likelihood/status", []any{n["horizon"], n["likelihood"], n["status"]}, []any{w.horizon, w.likelihood, status})
					wantEq(t, id+" probability", []any{at(t, n, "probability.low"), at(t, n, "probability.high")}, []any{w.low, w.high})
					wantEq(t, id+" window", [2]any{n["windowStart"], n["windowEnd"]}, windows[w.horizon])
					wantEq(t, id+" source", at(t, n, "source.id"), seed.SourceID)
					if !slices.Contains(sortedIDs(list(n["about"]), "id"), w.about) {
						t.Errorf("%s is not about %s: %v", id, w.about, n["about"])
					}
				}
				for id := range wants {
					if !seen[id] {
						t.Errorf("missing forecast %s", id)
					}
				}
			},
		},
		{
			name:  "searching Zelensky finds Zelenskyy",
			query: `{ search(query: "Zelensky", first: 5) { type score node { id } } }`,
			check: func(t *testing.T, d any) {
				hits := list(at(t, d, "search"))
				if len(hits) == 0 {
					t.Fatal("no hits for Zelensky")
				}
				wantEq(t, "top hit", []any{at(t, hits[0], "node.id"), hits[0]["type"]}, []any{"volodymyr-zelenskyy", "ACTOR"})
			},
		},
		{
			name: "offices and representation",
			query: `{ putin: actor(id: "vladimir-putin") { affiliations { edges { role node { id } } } }
				medinsky: actor(id: "vladimir-medinsky") { affiliations { edges { role node { id } } } }
				russia: actor(id: "russia") { members(first: 50) { edges { role node { id } } } } }`,
			check: func(t *testing.T, d any) {
				roles := func(p string) map[string]string {
					m := map[string]string{}
					for _, e := range list(at(t, d, p)) {
						m[str(at(t, e, "node.id"))] = str(e["role"])
					}
					return m
				}
				wantEq(t, "Putin", roles("putin.affiliations.edges"), map[string]string{"russia": "President"})
				wantEq(t, "Medinsky", roles("medinsky.affiliations.edges"),
					map[string]string{"kremlin": "Assistant to the President", "russian-delegation": "head of delegation"})
				members := roles("russia.members.edges")
				for id, role := range map[string]string{"vladimir-putin": "President", "russian-delegation": "represents"} {
					if members[id] != role {
						t.Errorf("Russia's members: want %s as %q, have %v", id, role, members)
					}
				}
			},
		},
		{
			name: "the article's citations are its own words",
			// One page per node type keeps each under the maximum page size.
			query: `{ source(id: "stauder-2025-05-26-direct-talks") { author publishedAt kind
				all: citations(first: 1) { totalCount }
				actors: citations(first: 100, types: [ACTOR]) { totalCount edges { quote node { id } } }
				locations: citations(first: 100, types: [LOCATION]) { totalCount edges { quote node { id } } }
				topics: citations(first: 100, types: [TOPIC]) { totalCount edges { quote node { id } } }
				events: citations(first: 100, types: [EVENT]) { totalCount edges { quote node { id } } }
				positions: citations(first: 100, types: [POSITION]) { totalCount edges { quote node { id } } }
				forecasts: citations(first: 100, types: [FORECAST]) { totalCount edges { quote node { id } } } } }`,
			check: func(t *testing.T, d any) {
				s := at(t, d, "source").(map[string]any)
				wantEq(t, "source", []any{s["author"], s["publishedAt"], s["kind"]}, []any{"Andrea Stauder", "2025-05-26", "ARTICLE"})
				// Every node-fact cites the article at least once: at least as
				// many cited nodes per type as the seed has nodes of that type.
				total := 0.0
				for typ, nodes := range map[string]int{"actors": 15, "locations": 8, "topics": 16, "events": 14, "positions": 19, "forecasts": 7} {
					n := at(t, s, typ+".totalCount").(float64)
					total += n
					cited := map[string]bool{}
					for _, e := range list(at(t, s, typ+".edges")) {
						cited[str(at(t, e, "node.id"))] = true
						if !strings.Contains(article, normalise(str(e["quote"]))) || str(e["quote"]) == "" {
							t.Errorf("citation of %v: %q is not from the article", at(t, e, "node.id"), e["quote"])
						}
					}
					if len(cited) != nodes {
						t.Errorf("%s: %d cited, the seed has %d", typ, len(cited), nodes)
					}
				}
				wantEq(t, "all citations", at(t, s, "all.totalCount"), total)
			},
		},
		{
			// The article dates one statement, Peskov's, to the day of the
			// talks ("On 16 May 2025, ... Peskov said"); every other
			// position it reports without a day, so it is undated: known to
			// hold on no day, and listed only when undated ones are asked for.
			name: "which positions were held when",
			query: `{ before: positions(where: {validAt: "1990-01-01"}) { totalCount }
				talks: positions(where: {validAt: "2025-05-16"}) { edges { node { id validFrom validTo } } }
				dayBefore: positions(where: {validAt: "2025-05-15"}) { totalCount }
				anyDay: positions(where: {validAt: "1990-01-01", includeUndated: true}) { totalCount } }`,
			check: func(t *testing.T, d any) {
				wantEq(t, "positions held on 1990-01-01", at(t, d, "before.totalCount"), float64(0))
				wantEq(t, "positions held on 2025-05-16", sortedIDs(list(at(t, d, "talks.edges")), "node.id"), []string{"peskov-conditions-putin-zelenskyy-meeting"})
				wantEq(t, "positions held on 2025-05-15", at(t, d, "dayBefore.totalCount"), float64(0))
				wantEq(t, "undated positions that may hold on 1990-01-01", at(t, d, "anyDay.totalCount"), float64(18))
			},
		},
	}
}

// ---------------------------------------------------------------- helpers

// at walks a decoded JSON value along a dotted path of object keys.
func at(t *testing.T, v any, path string) any {
	t.Helper()
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("at %q: %q is not an object in %v", path, k, v)
		}
		v, ok = m[k]
		if !ok {
			t.Fatalf("at %q: no field %q in %v", path, k, m)
		}
	}
	return v
}

func list(v any) []map[string]any {
	xs, _ := v.([]any)
	out := make([]map[string]any, 0, len(xs))
	for _, x := range xs {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(v any) string { s, _ := v.(string); return s }

func strs(v any) []string {
	xs, _ := v.([]any)
	var out []string
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sortedIDs picks the value at path from each item; items without it are skipped.
func sortedIDs(items []map[string]any, path string) []string {
	out := []string{}
	for _, it := range items {
		var v any = it
		for _, k := range strings.Split(path, ".") {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func hasID(items []map[string]any, id string) bool {
	return slices.Contains(sortedIDs(items, "id"), id)
}

func hasFigure(figs []map[string]any, label string, value float64, unit string) bool {
	for _, f := range figs {
		if f["label"] == label && f["value"] == value && f["unit"] == unit {
			return true
		}
	}
	return false
}

func wantEq(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s: got %s, want %s", what, g, w)
	}
}
