package resolvers_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
)

// Settling a forecast over HTTP: refusals are BAD_USER_INPUT with the
// argument's path; a resolution shows in the forecast and in its source's
// record, and reopening takes it back out.
func TestResolveForecastOverHTTP(t *testing.T) {
	srv := apitest.Start(t)
	batch := `mutation { ingest(input: {
	  sources: [{id: "t-fc-note", title: "analyst note", kind: NOTE, publishedAt: "2025-06-01", author: "t-fc analyst"},
	            {id: "t-fc-later", title: "t-fc later report", kind: REPORT, publishedAt: "2025-10-01"}],
	  topics: [{id: "t-fc-topic", name: "t-fc topic"}],
	  forecasts: [{id: "t-fc-likely", statement: "t-fc: the talks resume.", horizon: SHORT_TERM, likelihood: LIKELY,
	               aboutIds: ["t-fc-topic"], sourceId: "t-fc-note", citations: [{sourceId: "t-fc-note", quote: "We judge it likely the talks resume."}]}]
	}) { created } }`
	srv.MustMutate(t, batch, nil, nil)
	t.Cleanup(func() {
		for _, q := range []string{`mutation { deleteForecast(id: "t-fc-likely") { deleted } }`, `mutation { deleteTopic(id: "t-fc-topic") { deleted } }`,
			`mutation { deleteSource(id: "t-fc-note") { deleted } }`, `mutation { deleteSource(id: "t-fc-later") { deleted } }`} {
			srv.Mutate(t, q, nil)
		}
	})
	for _, tc := range []struct{ name, args, path string }{
		{"before it was issued", `outcome: CAME_TRUE, at: "2025-05-01", citations: [{sourceId: "t-fc-later"}]`, "at"},
		{"no evidence", `outcome: CAME_TRUE, at: "2025-09-01"`, "resolvedById"},
		{"its own source is no evidence", `outcome: DID_NOT_HAPPEN, at: "2025-09-01", citations: [{sourceId: "t-fc-note"}]`, "resolvedById"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := srv.Mutate(t, `mutation { resolveForecast(id: "t-fc-likely", `+tc.args+`) { status } }`, nil)
			if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, tc.path) {
				t.Errorf("errors %+v, want one BAD_USER_INPUT naming %s", r.Errors, tc.path)
			}
		})
	}
	var out struct {
		ResolveForecast struct {
			Status   string
			Forecast struct{ Status, ResolvedAt string }
		}
	}
	srv.MustMutate(t, `mutation { resolveForecast(id: "t-fc-likely", outcome: CAME_TRUE, at: "2025-09-01", note: "resumed",
	  citations: [{sourceId: "t-fc-later", quote: "The talks resumed in August."}]) { status forecast { status resolvedAt } } }`, nil, &out)
	if out.ResolveForecast.Status != "UPDATED" || out.ResolveForecast.Forecast.Status != "CAME_TRUE" || out.ResolveForecast.Forecast.ResolvedAt != "2025-09-01" {
		t.Errorf("resolve answered %+v", out)
	}
	// LIKELY (0.65) came true: (1 - 0.65)^2 = 0.1225.
	r := srv.Query(t, `{ forecastScores(by: AUTHOR, where: {aboutIds: ["t-fc-topic"]}) { author issued resolved cameTrue brierScore
	  calibration { likelihood resolved shareTrue consistent } } }`, nil)
	var scores struct {
		ForecastScores []struct {
			Author                     string
			Issued, Resolved, CameTrue int
			BrierScore                 float64
		}
	}
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &scores) != nil || len(scores.ForecastScores) != 1 ||
		scores.ForecastScores[0].Author != "t-fc analyst" || scores.ForecastScores[0].Issued != 1 || scores.ForecastScores[0].Resolved != 1 ||
		scores.ForecastScores[0].CameTrue != 1 || math.Abs(scores.ForecastScores[0].BrierScore-0.1225) > 1e-12 ||
		!strings.Contains(string(r.Data), `{"likelihood":"LIKELY","resolved":1,"shareTrue":1,"consistent":true}`) {
		t.Errorf("scores: %s %+v", r.Data, r.Errors)
	}
	srv.MustMutate(t, `mutation { reopenForecast(id: "t-fc-likely", reason: "t-fc: the report was retracted") { status } }`, nil, nil)
	r = srv.Query(t, `{ forecast(id: "t-fc-likely") { status resolvedAt resolutionNote } }`, nil)
	// Its short-term window (2025-06-01 to 2025-09-01) has ended: reopened, it reads OVERDUE.
	if !strings.Contains(string(r.Data), `"status":"OVERDUE","resolvedAt":null,"resolutionNote":"t-fc: the report was retracted"`) {
		t.Errorf("after reopen: %s", r.Data)
	}
}
