package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Query is one query of the mix, written once per system with the same
// variables and the same selection, so every system does the same work.
// Adding a query to the benchmark is adding one Query to Mix: the warm-up,
// the floor's recording, the cells, the tables and the comparison of builds
// all go over Mix.
type Query struct {
	Name string
	Ours string
	// Peer is the peer's nearest equivalent; empty when the library has
	// none (the table shows a dash, and the floor is the only comparison).
	Peer string
	// Floor, when set, is a hand-written Cypher floor (what someone writing
	// the query by hand against the driver would send) instead of the
	// replay of our store's own statements.
	Floor *HandFloor
	// Params draws variable set i (deterministic: every system and the
	// floor's recording get the same K sets).
	Params func(g *dataset.Gen, r *rand.Rand) map[string]any
	// NotMixed keeps the query out of the mixed load (load mixed), whose
	// composition stays that of issue 9.
	NotMixed bool
}

// HandFloor is one Cypher statement and how its parameters follow from the
// query's variables (dates become neo4j.Date as the store sends them).
type HandFloor struct {
	Cypher string
	Params func(vars map[string]any) map[string]any
}

func randomActor(g *dataset.Gen, r *rand.Rand) string { return dataset.ActorID(r.IntN(g.Actors())) }

// Mix is the read mix of issue 5.
var Mix = []Query{
	{
		Name: "actor profile",
		Ours: `query Profile($id: ID!) {
  actor(id: $id) {
    id name kind aliases countryCode description
    affiliations(first: 20) { edges { role validFrom validTo node { id name kind } } }
    events(first: 20) {
      edges {
        kind role
        node {
          id title kind startDate
          location { id name kind }
          participants(first: 10) { edges { kind role node { id name kind } } }
        }
      }
    }
  }
}`,
		Peer: `query Profile($id: ID!) {
  actors(where: { id: { eq: $id } }) {
    id name kind aliases countryCode description
    affiliationsConnection(first: 20) { edges { properties { role validFrom validTo } node { id name kind } } }
    eventsConnection(first: 20, sort: [{ node: { startDate: DESC } }]) {
      edges {
        properties { kind role }
        node {
          id title kind startDate
          location { id name kind }
          participantsConnection(first: 10) { edges { properties { kind role } node { id name kind } } }
        }
      }
    }
  }
}`,
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			return map[string]any{"id": randomActor(g, r)}
		},
	},
	{
		Name: "timeline page",
		Ours: `query Timeline($kind: EventKind!, $from: Date!, $to: Date!) {
  events(first: 50, where: { kinds: [$kind], from: $from, to: $to }, orderBy: { field: START_DATE, direction: ASC }) {
    edges {
      node {
        id title kind startDate endDate
        participants(first: 10) { edges { kind role node { id name kind } } }
      }
    }
  }
}`,
		Peer: `query Timeline($kind: EventKind!, $from: Date!, $to: Date!) {
  eventsConnection(first: 50, where: { kind: { eq: $kind }, startDate: { lte: $to }, endDate: { gte: $from } }, sort: [{ startDate: ASC }]) {
    edges {
      node {
        id title kind startDate endDate
        participantsConnection(first: 10) { edges { properties { kind role } node { id name kind } } }
      }
    }
  }
}`,
		// A year of one of the eight commonest kinds: at every scale the
		// page is full (S has ~900 events a year).
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			kinds := dataset.EventKinds()[:8]
			day := r.IntN(dataset.Days - 365)
			return map[string]any{"kind": kinds[r.IntN(len(kinds))], "from": dayStr(day), "to": dayStr(day + 365)}
		},
	},
	{
		Name: "neighbourhood",
		Ours: `query Neighbourhood($id: ID!) {
  neighborhood(id: $id, depth: 2, limit: 200) {
    truncated
    nodes { id type label }
    edges { id type source target }
  }
}`,
		// The library has no bounded traversal: the nearest equivalent is a
		// nested selection that expands every kind of first-hop neighbour
		// (events, affiliations, members, positions, forecasts, sources) one
		// hop further, with limits adding up to 200 node references:
		// 15 events × (1 + 4 participants + location + 2 topics + 1 source)
		// = 135, 5 affiliations × (1 + 8 events) = 45, 5 members, 5
		// positions + 5 topics, 5 forecasts. It returns the tree, not the
		// edges among the nodes that ours adds.
		Peer: `query Neighbourhood($id: ID!) {
  actors(where: { id: { eq: $id } }) {
    id name
    events(limit: 15) {
      id title
      participants(limit: 4) { id name }
      location { id name }
      topics(limit: 2) { id name }
      sources(limit: 1) { id title }
    }
    affiliations(limit: 5) { id name events(limit: 8) { id title } }
    members(limit: 5) { id name }
    positions(limit: 5) { id statement topic { id name } }
    forecasts(limit: 5) { id statement }
  }
}`,
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			return map[string]any{"id": randomActor(g, r)}
		},
	},
	{
		Name: "search",
		Ours: `query Search($q: String!) {
  search(query: $q, kinds: [ACTOR], first: 20) {
    score
    node { id ... on Actor { name kind countryCode } }
  }
}`,
		Peer: `query Search($q: String!) {
  actorsByText(phrase: $q, first: 20) {
    edges { score node { id name kind countryCode } }
  }
}`,
		// A word of a random actor's name: what an analyst types.
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			words := strings.Fields(g.Actor(r.IntN(g.Actors())).Name)
			return map[string]any{"q": words[r.IntN(len(words))]}
		},
	},
	{
		Name: "topic positions",
		Ours: `query TopicPositions($id: ID!) {
  topic(id: $id) {
    id name
    positions(first: 50) {
      edges { node { id stance statement validFrom validTo actor { id name kind countryCode } } }
    }
  }
}`,
		Peer: `query TopicPositions($id: ID!) {
  topics(where: { id: { eq: $id } }) {
    id name
    positionsConnection(first: 50, sort: [{ node: { validFrom: DESC } }]) {
      edges { node { id stance statement validFrom validTo actor { id name kind countryCode } } }
    }
  }
}`,
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			return map[string]any{"id": dataset.TopicID(r.IntN(dataset.Topics))}
		},
	},
	{
		Name: "forecast list",
		Ours: `query Forecasts($status: ForecastStatus!, $horizon: Horizon!) {
  forecasts(first: 20, where: { statuses: [$status], horizons: [$horizon] }, orderBy: { field: WINDOW_END, direction: ASC }) {
    edges {
      node {
        id statement horizon likelihood status windowStart windowEnd
        about { __typename ... on Actor { id name } ... on Event { id title } ... on Topic { id name } }
        source { id title publishedAt }
      }
    }
  }
}`,
		Peer: `query Forecasts($status: ForecastStatus!, $horizon: Horizon!) {
  forecastsConnection(first: 20, where: { status: { eq: $status }, horizon: { eq: $horizon } }, sort: [{ windowEnd: ASC }]) {
    edges {
      node {
        id statement horizon likelihood status windowStart windowEnd
        about { __typename ... on Actor { id name } ... on Event { id title } ... on Topic { id name } }
        source { id title publishedAt }
      }
    }
  }
}`,
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			return map[string]any{
				"status":  []string{"OPEN", "OPEN", "CAME_TRUE", "DID_NOT_HAPPEN"}[r.IntN(4)],
				"horizon": []string{"SHORT_TERM", "MEDIUM_TERM", "LONG_TERM"}[r.IntN(3)],
			}
		},
	},
}

// The aggregations of issue 13 (items 2 and 3 of issue 16). Both read a
// year: the twelve months from a random month's first day.
var aggregations = []Query{
	{
		Name: "events by month and kind",
		Ours: `query Counts($kinds: [EventKind!]!, $from: Date!, $to: Date!) {
  eventCounts(by: [PERIOD, KIND], interval: MONTH, where: { kinds: $kinds, from: $from, to: $to }, first: 1000) {
    bucketCount
    buckets { period kind count }
  }
}`,
		// The library counts (aggregate { count }) but does not group: the
		// nearest equivalent is one aliased count per month and kind,
		// 12 × 4 = 48 root fields in one request.
		Peer:  peerMonthKindCounts(countKinds, 12),
		Floor: &HandFloor{Cypher: floorMonthKind, Params: yearParams},
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			kinds := dataset.EventKinds()[:8]
			r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
			vars := yearVars(r)
			vars["kinds"] = kinds[:countKinds]
			for k, kind := range kinds[:countKinds] {
				vars[fmt.Sprintf("k%d", k)] = kind // the peer's variables
			}
			return vars
		},
		NotMixed: true,
	},
	{
		Name: "co-participation top 20",
		Ours: `query CoParticipation($from: Date!, $to: Date!) {
  coParticipation(first: 20, where: { from: $from, to: $to }) {
    pairCount
    pairs { a { id name } b { id name } count firstDate lastDate }
  }
}`,
		// The library has no grouping of pairs: no peer equivalent.
		Floor: &HandFloor{Cypher: floorCoParticipation, Params: yearParams},
		Params: func(g *dataset.Gen, r *rand.Rand) map[string]any {
			return yearVars(r)
		},
		NotMixed: true,
	},
}

func init() { Mix = append(Mix, aggregations...) }

// countKinds is how many event kinds the month-by-kind counts read.
const countKinds = 4

// yearVars is a year of months: from the first of a random month to the
// last day of the twelfth month after it, and the month boundaries m0..m12
// the peer's counts use (a GraphQL server ignores variables its operation
// does not declare, so every system gets the same set).
func yearVars(r *rand.Rand) map[string]any {
	months := dataset.Days*12/365 - 12
	first := dataset.Epoch.AddDate(0, r.IntN(months), 0)
	vars := map[string]any{
		"from": first.Format("2006-01-02"),
		"to":   first.AddDate(1, 0, -1).Format("2006-01-02"),
	}
	for m := 0; m <= 12; m++ {
		vars[fmt.Sprintf("m%d", m)] = first.AddDate(0, m, 0).Format("2006-01-02")
	}
	return vars
}

// peerMonthKindCounts is the peer's query: for each of kinds kinds and
// months months, the count of events of that kind starting in that month.
func peerMonthKindCounts(kinds, months int) string {
	var b strings.Builder
	b.WriteString("query Counts(")
	for k := 0; k < kinds; k++ {
		fmt.Fprintf(&b, "$k%d: EventKind!, ", k)
	}
	for m := 0; m <= months; m++ {
		fmt.Fprintf(&b, "$m%d: Date!, ", m)
	}
	b.WriteString(") {\n")
	for k := 0; k < kinds; k++ {
		for m := 0; m < months; m++ {
			fmt.Fprintf(&b, "  k%dm%d: eventsConnection(where: { kind: { eq: $k%d }, startDate: { gte: $m%d, lt: $m%d } }) { aggregate { count { nodes } } }\n", k, m, k, m, m+1)
		}
	}
	b.WriteString("}")
	return b.String()
}

// Both hand-written floors read the events starting in [from, to], as a
// Cypher author would write them, grouping in one statement.
const floorMonthKind = `MATCH (e:Event)
WHERE e.kind IN $kinds AND e.startDate >= $from AND e.startDate <= $to
WITH date.truncate('month', e.startDate) AS period, e.kind AS kind, count(*) AS count
ORDER BY count DESC, period, kind
WITH collect({period: period, kind: kind, count: count}) AS buckets
RETURN size(buckets) AS bucketCount, buckets`

const floorCoParticipation = `MATCH (e:Event)
WHERE e.startDate >= $from AND e.startDate <= $to
MATCH (a:Actor)-[p:PARTICIPATED_IN]->(e)<-[q:PARTICIPATED_IN]-(b:Actor)
WHERE a.id < b.id AND p.kind <> 'DECLINED' AND q.kind <> 'DECLINED'
WITH a, b, count(DISTINCT e) AS count, min(e.startDate) AS firstDate, max(coalesce(e.endDate, e.startDate)) AS lastDate
ORDER BY count DESC, a.id, b.id
WITH collect({a: a, b: b, count: count, firstDate: firstDate, lastDate: lastDate}) AS pairs
RETURN size(pairs) AS pairCount,
  [pr IN pairs[0..20] | {a: {id: pr.a.id, name: pr.a.name}, b: {id: pr.b.id, name: pr.b.name}, count: pr.count, firstDate: pr.firstDate, lastDate: pr.lastDate}] AS pairs`

// yearParams turns a year's variables into the floor's parameters.
func yearParams(vars map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"kinds"} {
		if v, ok := vars[k]; ok {
			out[k] = v
		}
	}
	for _, k := range []string{"from", "to"} {
		t, _ := time.Parse("2006-01-02", vars[k].(string))
		out[k] = neo4j.DateOf(t)
	}
	return out
}

func dayStr(d int) string { return dataset.Epoch.AddDate(0, 0, d).Format("2006-01-02") }

// paramSets draws k variable sets per query, the same on every run.
func paramSets(g *dataset.Gen, k int, seed uint64) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for qi, q := range Mix {
		r := rand.New(rand.NewPCG(seed, uint64(qi)))
		for range k {
			out[q.Name] = append(out[q.Name], q.Params(g, r))
		}
	}
	return out
}

// mixedQueries is the part of Mix the mixed load sends.
func mixedQueries() []Query {
	var out []Query
	for _, q := range Mix {
		if !q.NotMixed {
			out = append(out, q)
		}
	}
	return out
}

func queryByName(name string) (Query, error) {
	for _, q := range Mix {
		if q.Name == name {
			return q, nil
		}
	}
	return Query{}, fmt.Errorf("no query %q in the mix", name)
}
