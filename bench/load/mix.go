package main

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/eventgraph/eventgraph/bench/dataset"
)

// Query is one query of the mix, written once per system with the same
// variables and the same selection, so every system does the same work.
type Query struct {
	Name string
	Ours string
	Peer string
	// Params draws variable set i (deterministic: every system and the
	// floor's recording get the same K sets).
	Params func(g *dataset.Gen, r *rand.Rand) map[string]any
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

func queryByName(name string) (Query, error) {
	for _, q := range Mix {
		if q.Name == name {
			return q, nil
		}
	}
	return Query{}, fmt.Errorf("no query %q in the mix", name)
}
