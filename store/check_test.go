package store

import (
	"math"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// Each input type's own fields, no database: which problems an item has by
// itself, at which paths, in order; a good item has none.
func TestCheckItems(t *testing.T) {
	bad := model.ParticipationKind("SPECTATOR")
	prec := model.DatePrecision("HOUR")
	status := model.ForecastStatus("MAYBE")
	tests := []struct {
		name  string
		check func(c *eventgraph.Check)
		want  []string // paths
	}{
		{"a good actor", func(c *eventgraph.Check) {
			checkActor(c, &model.ActorInput{Name: "Vladimir Putin", Kind: model.ActorKindPerson, CountryCode: sp("RUS"),
				Aliases: []string{"Putin"}, Codes: []string{"RUSGOV"}, ExternalIds: []*model.ExternalIDInput{{System: "ACLED", ID: "1"}}}, "input")
		}, nil},
		{"a bad actor", func(c *eventgraph.Check) {
			checkActor(c, &model.ActorInput{Name: " ", Kind: "ALIEN", CountryCode: sp("RU"), Aliases: []string{""}, Codes: []string{"A", " "},
				ExternalIds: []*model.ExternalIDInput{nil, {System: "A:B", ID: "1"}}}, "input.actors[1]")
		}, []string{"input.actors[1].name", "input.actors[1].kind", "input.actors[1].countryCode", "input.actors[1].aliases[0]",
			"input.actors[1].codes[1]", "input.actors[1].externalIds[0]", "input.actors[1].externalIds[1].system"}},
		{"a bad location", func(c *eventgraph.Check) {
			checkLocation(c, &model.LocationInput{Name: "Kyiv", Kind: "TOWN", Latitude: fp(100), Longitude: fp(-181),
				ExternalIds: []*model.ExternalIDInput{{System: "GNS", ID: ""}}}, "input")
		}, []string{"input.kind", "input.externalIds[0].id", "input.latitude", "input.longitude"}},
		{"a bad source and topic", func(c *eventgraph.Check) {
			checkSource(c, &model.SourceInput{Kind: "RUMOUR"}, "input.sources[0]")
			checkTopic(c, &model.TopicInput{}, "input.topics[0]")
		}, []string{"input.sources[0].title", "input.sources[0].kind", "input.topics[0].name"}},
		{"a bad event", func(c *eventgraph.Check) {
			checkEvent(c, &model.EventInput{Title: "talks", Kind: model.EventKindConsult, StartDate: dp("2025-05-16"), EndDate: dp("2025-05-15"),
				Contexts: []string{""}, DatePrecision: &prec,
				Figures:      []*model.FigureInput{nil, {Label: "dead", Value: math.NaN()}},
				Participants: []*model.ParticipantInput{{ActorID: "a"}, nil, {ActorID: "b", Kind: bad}, {ActorID: "a"}}}, "input.events[0]")
		}, []string{"input.events[0].endDate", "input.events[0].contexts[0]", "input.events[0].datePrecision",
			"input.events[0].figures[0]", "input.events[0].figures[1].value", "input.events[0].participants[1]",
			"input.events[0].participants[2].kind", "input.events[0].participants[3].actorId"}},
		{"an event's mode and contexts are PLOVER's", func(c *eventgraph.Check) {
			checkEvent(c, &model.EventInput{Title: "talks", Kind: model.EventKindConsult, Mode: sp("banana"),
				Contexts: []string{"diplomatic", "gossip"}}, "input.events[2]")
		}, []string{"input.events[2].mode", "input.events[2].contexts[1]"}},
		{"a good event: participants of the default kind, each once", func(c *eventgraph.Check) {
			checkEvent(c, &model.EventInput{Title: "talks", Kind: model.EventKindConsult,
				Participants: []*model.ParticipantInput{{ActorID: "a"}, {ActorID: "b", Kind: model.ParticipationKindTarget}}}, "input")
		}, nil},
		{"a bad position, forecast and affiliation", func(c *eventgraph.Check) {
			checkPosition(c, &model.PositionInput{Stance: "MEH", ValidFrom: dp("2025-02-01"), ValidTo: dp("2025-01-01")}, "input.positions[0]")
			checkForecast(c, &model.ForecastInput{Statement: "x", Horizon: "SOON", Likelihood: "LIKELY", Status: &status,
				WindowStart: dp("2025-02-01"), WindowEnd: dp("2025-01-01"), AboutIds: []string{"a", "b", "a"}}, "input.forecasts[0]")
			checkAffiliation(c, &model.AffiliationInput{ActorID: "a", WithID: "b", ValidFrom: dp("2025-02-01"), ValidTo: dp("2025-01-01")}, "input.affiliations[0]")
		}, []string{"input.positions[0].statement", "input.positions[0].stance", "input.positions[0].validTo",
			"input.forecasts[0].horizon", "input.forecasts[0].status", "input.forecasts[0].windowEnd", "input.forecasts[0].aboutIds[2]",
			"input.affiliations[0].validTo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c eventgraph.Check
			tt.check(&c)
			var got []string
			for _, e := range c.Problems {
				got = append(got, e.Path)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("problems at\n%s\nwant\n%s\n(%v)", strings.Join(got, " "), strings.Join(tt.want, " "), c.Problems)
			}
		})
	}
}
