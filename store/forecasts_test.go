package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// The forecast record fixture: two sources (an article and an analyst
// note, each with its own quotes), forecasts under all seven PHIA terms,
// settled through resolveForecast. It is written for these tests and kept
// out of the seed, which stays the article with nothing invented.
type fixtureForecast struct {
	name, source, term string
	horizon            model.Horizon
	outcome            string // "" stays open
}

var recordFixture = []fixtureForecast{
	{"a-remote", "article", "REMOTE_CHANCE", model.HorizonShortTerm, "DID_NOT_HAPPEN"},
	{"a-highly-unlikely", "article", "HIGHLY_UNLIKELY", model.HorizonShortTerm, "CAME_TRUE"},
	{"a-unlikely", "article", "UNLIKELY", model.HorizonShortTerm, "DID_NOT_HAPPEN"},
	{"a-realistic", "article", "REALISTIC_POSSIBILITY", model.HorizonShortTerm, "CAME_TRUE"},
	{"a-likely", "article", "LIKELY", model.HorizonShortTerm, "CAME_TRUE"},
	{"a-highly-likely", "article", "HIGHLY_LIKELY", model.HorizonShortTerm, "WITHDRAWN"},
	{"a-almost-certain", "article", "ALMOST_CERTAIN", model.HorizonShortTerm, ""},
	{"n-highly-likely", "note", "HIGHLY_LIKELY", model.HorizonShortTerm, "CAME_TRUE"},
	{"n-almost-certain", "note", "ALMOST_CERTAIN", model.HorizonShortTerm, "CAME_TRUE"},
	{"n-likely-1", "note", "LIKELY", model.HorizonShortTerm, "DID_NOT_HAPPEN"},
	{"n-likely-2", "note", "LIKELY", model.HorizonShortTerm, "CAME_TRUE"},
	{"n-remote", "note", "REMOTE_CHANCE", model.HorizonLongTerm, ""},
}

// at returns a context whose clock reads day (UTC noon).
func at(t *testing.T, day string) context.Context {
	t.Helper()
	d, err := eventgraph.ParseDate(day)
	if err != nil {
		t.Fatal(err)
	}
	return WithClock(context.Background(), func() time.Time { return d.Time().Add(12 * time.Hour) })
}

// loadRecordFixture writes the fixture (every forecast open), then settles
// those with an outcome on 2025-09-15: CAME_TRUE and DID_NOT_HAPPEN with a
// resolving event, or a citation of the other source.
func loadRecordFixture(t *testing.T, c *Client, p string) {
	t.Helper()
	article, note := p+"article", p+"note"
	in := model.IngestInput{
		Sources: []*model.SourceInput{
			{ID: sptr(article), Title: p + " article", Author: sptr(p + "Andrea"), Publisher: sptr(p + "Desk"), PublishedAt: dptr(t, "2025-05-26"), Kind: model.SourceKindArticle},
			{ID: sptr(note), Title: "analyst note", Author: sptr(p + "Analyst"), PublishedAt: dptr(t, "2025-06-01"), Kind: model.SourceKindNote},
		},
		Topics: []*model.TopicInput{{ID: sptr(p + "topic"), Name: p + "topic"}},
		Events: []*model.EventInput{{ID: sptr(p + "settling"), Title: p + " settling event", Kind: model.EventKindAgree, StartDate: dptr(t, "2025-09-10")}},
	}
	for _, f := range recordFixture {
		src := map[string]string{"article": article, "note": note}[f.source]
		in.Forecasts = append(in.Forecasts, &model.ForecastInput{ID: sptr(p + f.name), Statement: p + " " + f.name,
			Horizon: f.horizon, Likelihood: model.Likelihood(f.term), AboutIds: []string{p + "topic"}, SourceID: src,
			Citations: []*model.CitationInput{{SourceID: src, Quote: sptr("We judge it " + f.term + " that " + f.name + ".")}}})
	}
	mustIngest(t, c, in)
	ctx := at(t, "2026-01-01")
	for i, f := range recordFixture {
		if f.outcome == "" {
			continue
		}
		var by *string
		var cites []*model.CitationInput
		switch {
		case f.outcome == "WITHDRAWN":
		case i%2 == 0:
			by = sptr(p + "settling")
		default:
			other := map[string]string{"article": note, "note": article}[f.source]
			cites = []*model.CitationInput{{SourceID: other, Quote: sptr("As it turned out, " + f.name + ".")}}
		}
		if _, _, err := c.ResolveForecast(ctx, p+f.name, model.ForecastOutcome(f.outcome), dptr(t, "2025-09-15"), by, sptr("fixture"), cites); err != nil {
			t.Fatalf("resolve %s: %v", f.name, err)
		}
	}
}

func scoresOf(t *testing.T, c *Client, ctx context.Context, by string, where map[string]any) []map[string]any {
	t.Helper()
	v, err := c.AggregationValue(ctx, Field{Name: "forecastScores", Alias: "forecastScores", Args: map[string]any{"by": by, "where": where},
		Fields: []Field{f("source", f("id"), f("title"))}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(plain(v))
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// Hand-computed: Brier terms (p - o)^2 at each term's midpoint.
// Article: REMOTE 0.025 no (0.000625), HIGHLY_UNLIKELY 0.15 yes (0.7225),
// UNLIKELY 0.30 no (0.09), REALISTIC 0.45 yes (0.3025), LIKELY 0.65 yes
// (0.1225); HIGHLY_LIKELY withdrawn, ALMOST_CERTAIN open: 1.238125 / 5 =
// 0.247625. Note: HIGHLY_LIKELY 0.85 yes (0.0225), ALMOST_CERTAIN 0.975 yes
// (0.000625), LIKELY no (0.4225) and yes (0.1225); REMOTE open (long
// term): 0.568125 / 4 = 0.14203125.
func TestForecastScoresAgainstHandComputedValues(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	loadRecordFixture(t, c, p)
	where := map[string]any{"aboutIds": []any{p + "topic"}}

	type want struct {
		issued, open, overdue, resolved, cameTrue, didNot, withdrawn float64
		brier                                                        float64
	}
	check := func(t *testing.T, got map[string]any, w want) {
		t.Helper()
		for k, v := range map[string]float64{"issued": w.issued, "open": w.open, "overdue": w.overdue, "resolved": w.resolved,
			"cameTrue": w.cameTrue, "didNotHappen": w.didNot, "withdrawn": w.withdrawn, "brierScore": w.brier} {
			if g, _ := got[k].(float64); !near(g, v) {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
	}
	// Before the short-term windows end (2025-08-26 and 2025-09-01) the
	// open article forecast is OPEN; after, OVERDUE.
	for _, tc := range []struct {
		day           string
		open, overdue float64
	}{{"2025-08-20", 1, 0}, {"2026-01-01", 0, 1}} {
		t.Run("by source on "+tc.day, func(t *testing.T) {
			got := scoresOf(t, c, at(t, tc.day), "SOURCE", where)
			if len(got) != 2 {
				t.Fatalf("%d groups, want 2: %v", len(got), got)
			}
			if id := got[0]["source"].(map[string]any)["id"]; id != p+"article" {
				t.Fatalf("first group %v, want the article (ordered by id)", id)
			}
			check(t, got[0], want{issued: 7, open: tc.open, overdue: tc.overdue, resolved: 5, cameTrue: 3, didNot: 2, withdrawn: 1, brier: 0.247625})
			check(t, got[1], want{issued: 5, open: 1, resolved: 4, cameTrue: 3, didNot: 1, brier: 0.14203125})
		})
	}
	t.Run("by author", func(t *testing.T) {
		got := scoresOf(t, c, at(t, "2026-01-01"), "AUTHOR", where)
		if len(got) != 2 || got[0]["author"] != p+"Analyst" || got[1]["author"] != p+"Andrea" {
			t.Fatalf("groups %v, want the analyst's then Andrea's", got)
		}
		check(t, got[1], want{issued: 7, overdue: 1, resolved: 5, cameTrue: 3, didNot: 2, withdrawn: 1, brier: 0.247625})
	})
	t.Run("by publisher: the note has none", func(t *testing.T) {
		got := scoresOf(t, c, at(t, "2026-01-01"), "PUBLISHER", where)
		if len(got) != 2 || got[0]["publisher"] != p+"Desk" || got[1]["publisher"] != nil {
			t.Fatalf("groups %v, want the desk's then null", got)
		}
	})
	t.Run("by likelihood: LIKELY over both sources", func(t *testing.T) {
		got := scoresOf(t, c, at(t, "2026-01-01"), "LIKELIHOOD", where)
		var likely map[string]any
		for _, g := range got {
			if g["likelihood"] == "LIKELY" {
				likely = g
			}
		}
		// 0.1225 (article, yes) + 0.4225 (note, no) + 0.1225 (note, yes) = 0.6675 / 3.
		check(t, likely, want{issued: 3, resolved: 3, cameTrue: 2, didNot: 1, brier: 0.2225})
	})
	t.Run("calibration of the note", func(t *testing.T) {
		got := scoresOf(t, c, at(t, "2026-01-01"), "SOURCE", where)[1]
		rows := got["calibration"].([]any)
		if len(rows) != 7 {
			t.Fatalf("%d rows, want one per PHIA term", len(rows))
		}
		var likely, remote map[string]any
		for i, r := range rows {
			row := r.(map[string]any)
			if row["likelihood"] != eventgraph.Yardstick[i].Term {
				t.Errorf("row %d is %v, want %s (the yardstick's order)", i, row["likelihood"], eventgraph.Yardstick[i].Term)
			}
			switch row["likelihood"] {
			case "LIKELY":
				likely = row
			case "REMOTE_CHANCE":
				remote = row
			}
		}
		// 1 of 2: Wilson 95% 0.0945..0.9055, which meets 55-75%.
		iv := likely["interval"].(map[string]any)
		if likely["resolved"] != 2.0 || likely["cameTrue"] != 1.0 || likely["shareTrue"] != 0.5 ||
			math.Abs(iv["low"].(float64)-0.0945) > 1e-4 || math.Abs(iv["high"].(float64)-0.9055) > 1e-4 || likely["consistent"] != true {
			t.Errorf("LIKELY row %v", likely)
		}
		// The open long-term REMOTE_CHANCE forecast is in no row.
		if remote["resolved"] != 0.0 || remote["shareTrue"] != nil || remote["consistent"] != nil {
			t.Errorf("REMOTE_CHANCE row %v, want nothing resolved", remote)
		}
	})
}

// OVERDUE is what the clock says when the forecast is read: filtered,
// counted and shown as such once the window has ended, OPEN before.
func TestOverdueIsDerivedAsTheClockPassesTheWindow(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	loadRecordFixture(t, c, p)
	list := func(ctx context.Context, statuses ...any) []string {
		t.Helper()
		raw, err := c.listJSON(ctx, eventgraph.NodeTypeForecast, Field{Args: map[string]any{"where": map[string]any{"aboutIds": []any{p + "topic"}, "statuses": statuses}},
			Fields: []Field{f("edges", f("node", f("id"), f("status")))}})
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Edges []struct{ Node struct{ ID, Status string } }
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range out.Edges {
			got = append(got, e.Node.ID[len(p):]+"="+e.Node.Status)
		}
		return got
	}
	before, after := at(t, "2025-08-26"), at(t, "2025-08-27")
	if got := list(before, "OVERDUE"); len(got) != 0 {
		t.Errorf("overdue on the window's last day: %v, want none", got)
	}
	if got := list(after, "OVERDUE"); len(got) != 1 || got[0] != "a-almost-certain=OVERDUE" {
		t.Errorf("overdue the day after: %v, want a-almost-certain", got)
	}
	if got := list(before, "OPEN"); len(got) != 2 {
		t.Errorf("open on the window's last day: %v, want a-almost-certain and n-remote", got)
	}
	if got := list(after, "OPEN"); len(got) != 1 || got[0] != "n-remote=OPEN" {
		t.Errorf("open the day after: %v, want only the long-term n-remote", got)
	}
	if got := list(after, "OPEN", "OVERDUE"); len(got) != 2 {
		t.Errorf("open or overdue: %v, want both", got)
	}
	stored := cypher(t, c, `MATCH (f:Forecast {id: $id}) RETURN f.status AS s`, map[string]any{"id": p + "a-almost-certain"})
	if stored[0]["s"] != "OPEN" {
		t.Errorf("stored status %v: OVERDUE must never be stored", stored[0]["s"])
	}
	v, err := c.AggregationValue(after, Field{Name: "forecastCounts", Args: map[string]any{"by": []any{"STATUS"}, "where": map[string]any{"aboutIds": []any{p + "topic"}}},
		Fields: []Field{f("buckets", f("count"), f("status"))}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(plain(v))
	var counts struct {
		Buckets []struct {
			Count  int
			Status string
		}
	}
	json.Unmarshal(raw, &counts)
	byStatus := map[string]int{}
	for _, b := range counts.Buckets {
		byStatus[b.Status] = b.Count
	}
	if want := map[string]int{"CAME_TRUE": 6, "DID_NOT_HAPPEN": 3, "WITHDRAWN": 1, "OVERDUE": 1, "OPEN": 1}; !equalCounts(byStatus, want) {
		t.Errorf("forecastCounts by STATUS %v, want %v", byStatus, want)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Every refusal names its argument; resolve, reopen, resolve end as the
// last resolution says.
func TestResolveAndReopenForecast(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	loadRecordFixture(t, c, p)
	ctx := at(t, "2026-01-01")
	id := p + "a-almost-certain"
	ev := sptr(p + "settling")
	own := []*model.CitationInput{{SourceID: p + "article", Quote: sptr("the article itself")}}
	for _, tc := range []struct {
		name    string
		outcome model.ForecastOutcome
		at      string
		by      *string
		cites   []*model.CitationInput
		path    string
	}{
		{"before it was issued", "CAME_TRUE", "2025-05-25", ev, nil, "at"},
		{"after today", "CAME_TRUE", "2026-01-02", ev, nil, "at"},
		{"no evidence", "CAME_TRUE", "2025-09-15", nil, nil, "resolvedById"},
		{"only its own source", "DID_NOT_HAPPEN", "2025-09-15", nil, own, "resolvedById"},
		{"unknown event", "CAME_TRUE", "2025-09-15", sptr(p + "nothing"), nil, "resolvedById"},
		{"unknown source", "CAME_TRUE", "2025-09-15", ev, []*model.CitationInput{{SourceID: p + "nowhere"}}, "citations[0].sourceId"},
		{"malformed id", "CAME_TRUE", "2025-09-15", sptr("Not An Id"), nil, "resolvedById"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.ResolveForecast(ctx, id, tc.outcome, dptr(t, tc.at), tc.by, nil, tc.cites)
			if errs := inputErrors(t, err); errs[tc.path] == "" {
				t.Errorf("errors %v, want one at %s", errs, tc.path)
			}
		})
	}
	if _, _, err := c.ResolveForecast(ctx, p+"no-such", "WITHDRAWN", nil, nil, nil, nil); eventgraph.ErrorCode(err) != eventgraph.CodeNotFound {
		t.Errorf("unknown forecast: %v, want NOT_FOUND", err)
	}
	state := func() map[string]any {
		return cypher(t, c, `MATCH (f:Forecast {id: $id}) OPTIONAL MATCH (f)-[:RESOLVED_BY]->(e)
			RETURN f.status AS status, toString(f.resolvedAt) AS at, f.resolutionNote AS note, e.id AS by`, map[string]any{"id": id})[0]
	}
	if _, err := c.ReopenForecast(ctx, id, "why"); inputErrors(t, err)["id"] == "" {
		t.Errorf("reopening an open forecast: %v, want an error at id", err)
	}
	changed, _, err := c.ResolveForecast(ctx, id, "CAME_TRUE", dptr(t, "2025-09-15"), ev, sptr("settled by the event"), nil)
	if err != nil || !changed {
		t.Fatalf("resolve: changed %v, %v", changed, err)
	}
	if s := state(); s["status"] != "CAME_TRUE" || s["at"] != "2025-09-15" || s["by"] != p+"settling" {
		t.Errorf("after resolve: %v", s)
	}
	if changed, _, err := c.ResolveForecast(ctx, id, "CAME_TRUE", dptr(t, "2025-09-15"), ev, sptr("settled by the event"), nil); err != nil || changed {
		t.Errorf("the same resolution again: changed %v, %v; want unchanged", changed, err)
	}
	if _, err := c.ReopenForecast(ctx, id, " "); inputErrors(t, err)["reason"] == "" {
		t.Errorf("blank reason: %v, want an error at reason", err)
	}
	if _, err := c.ReopenForecast(ctx, id, "the event was misdated"); err != nil {
		t.Fatal(err)
	}
	if s := state(); s["status"] != "OPEN" || s["at"] != nil || s["by"] != nil || s["note"] != "the event was misdated" {
		t.Errorf("after reopen: %v", s)
	}
	cites := []*model.CitationInput{{SourceID: p + "note", Quote: sptr("It did not happen.")}}
	if _, _, err := c.ResolveForecast(ctx, id, "DID_NOT_HAPPEN", nil, nil, nil, cites); err != nil {
		t.Fatal(err)
	}
	if s := state(); s["status"] != "DID_NOT_HAPPEN" || s["at"] != "2026-01-01" || s["by"] != nil {
		t.Errorf("after the second resolve (at defaults to today): %v", s)
	}
	// Replaying the fixture's OPEN items (the seed's way of stating a
	// forecast) leaves the resolution as it is: only reopenForecast reopens.
	mustIngest(t, c, model.IngestInput{Forecasts: []*model.ForecastInput{{ID: sptr(id), Statement: p + " a-almost-certain",
		Horizon: model.HorizonShortTerm, Likelihood: model.LikelihoodAlmostCertain, AboutIds: []string{p + "topic"}, SourceID: p + "article",
		Status: func(s model.ForecastStatus) *model.ForecastStatus { return &s }(model.ForecastStatusOpen)}}})
	if s := state(); s["status"] != "DID_NOT_HAPPEN" || s["at"] != "2026-01-01" {
		t.Errorf("after replaying the OPEN items: %v, want the resolution kept", s)
	}
	// The history holds resolve, reopen, resolve, newest first, each with
	// the status it set; the refused and unchanged attempts left none.
	page, err := c.History(ctx, id, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range page.Changes {
		status := ""
		for _, f := range ch.Fields {
			if f.Field == "status" {
				status = fmt.Sprint(f.Old) + ">" + fmt.Sprint(f.New)
			}
		}
		got = append(got, ch.Revision.Kind+" "+status)
	}
	want := []string{"resolveForecast OPEN>DID_NOT_HAPPEN", "reopenForecast CAME_TRUE>OPEN", "resolveForecast OPEN>CAME_TRUE"}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("history %q, want it to begin with %q", got, want)
	}
}

// Ingest and the single upserts check a resolution as resolveForecast does.
func TestIngestChecksResolutions(t *testing.T) {
	c := writeTestClient(t)
	p := testPrefix(t, c)
	loadRecordFixture(t, c, p)
	st := func(s model.ForecastStatus) *model.ForecastStatus { return &s }
	base := func() *model.ForecastInput {
		return &model.ForecastInput{ID: sptr(p + "x"), Statement: "x", Horizon: model.HorizonShortTerm, Likelihood: model.LikelihoodLikely,
			AboutIds: []string{p + "topic"}, SourceID: p + "article"}
	}
	for _, tc := range []struct {
		name string
		edit func(f *model.ForecastInput)
		path string
	}{
		{"OVERDUE written", func(f *model.ForecastInput) { f.Status = st(model.ForecastStatusOverdue) }, "status"},
		{"resolved without a date", func(f *model.ForecastInput) {
			f.Status, f.ResolvedByID = st(model.ForecastStatusCameTrue), sptr(p+"settling")
		}, "resolvedAt"},
		{"dated before the source", func(f *model.ForecastInput) {
			f.Status, f.ResolvedByID, f.ResolvedAt = st(model.ForecastStatusCameTrue), sptr(p+"settling"), dptr(t, "2025-01-01")
		}, "resolvedAt"},
		{"without evidence", func(f *model.ForecastInput) {
			f.Status, f.ResolvedAt = st(model.ForecastStatusDidNotHappen), dptr(t, "2025-09-01")
			f.Citations = []*model.CitationInput{{SourceID: p + "article"}}
		}, "resolvedById"},
		{"open with a resolution date", func(f *model.ForecastInput) { f.ResolvedAt = dptr(t, "2025-09-01") }, "resolvedAt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			tc.edit(f)
			_, err := c.Ingest(context.Background(), model.IngestInput{Forecasts: []*model.ForecastInput{f}}, false)
			if errs := inputErrors(t, err); errs["input.forecasts[0]."+tc.path] == "" {
				t.Errorf("ingest: errors %v, want one at input.forecasts[0].%s", errs, tc.path)
			}
			_, _, _, err = c.UpsertForecast(context.Background(), *f)
			if errs := inputErrors(t, err); errs["input."+tc.path] == "" {
				t.Errorf("upsert: errors %v, want one at input.%s", errs, tc.path)
			}
		})
	}
	f := base()
	f.Status, f.ResolvedAt = st(model.ForecastStatusDidNotHappen), dptr(t, "2025-09-01")
	f.Citations = []*model.CitationInput{{SourceID: p + "note", Quote: sptr("It did not.")}}
	if _, err := c.Ingest(context.Background(), model.IngestInput{Forecasts: []*model.ForecastInput{f}}, false); err != nil {
		t.Errorf("a resolution cited by another source: %v", err)
	}
}
