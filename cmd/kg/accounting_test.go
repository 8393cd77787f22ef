package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/importer"
)

// accounted is a fixture of importer/testdata and where its rows must land.
type accounted struct {
	name string
	// lines are the lines its data rows start on; rejected and merged
	// those that must be rejected, or folded into another row's event.
	lines, rejected, merged string
	dataset                 bool
	zip                     bool // import it zipped, as GDELT publishes
	check                   func(t *testing.T, s service)
}

var accountedFixtures = []accounted{
	{name: "events.gdelt.csv", lines: "1-21", rejected: "19", dataset: true},
	{name: "gdelt1-backfile.tsv", lines: "1-7", rejected: "4-6", dataset: true, check: func(t *testing.T, s service) {
		// the government against its own police: two branches of one state,
		// the government the seed's United Kingdom (which holds GBRGOV)
		s.checkParticipants(t, "gdelt-231475001", map[string]string{"united-kingdom": "INITIATOR government", "united-kingdom-police": "TARGET police"})
	}},
	{name: "gdelt1-daily.export.CSV", lines: "1-6", rejected: "4-5", dataset: true, zip: true, check: func(t *testing.T, s service) {
		s.checkParticipants(t, "gdelt-296874388", map[string]string{"ukraine": "INITIATOR initiator and target"})
	}},
	{name: "gdelt2-index.tsv", lines: "1-3", rejected: "3", dataset: true},
	{name: "gdelt2-bigquery.csv", lines: "2-4", rejected: "4", dataset: true},
	{name: "acled.csv", lines: "2-21", rejected: "12", dataset: true},
	{name: "acled-2019.csv", lines: "2-10", rejected: "8-9", dataset: true, check: func(t *testing.T, s service) {
		// a mission and its five contingents: six actors, their names whole
		names := map[string]string{}
		for _, c := range []string{"", " Chadian Contingent", " Egyptian Contingent", " Togolese Contingent", " Guinean Contingent", " Senegalese Contingent"} {
			name := "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2023)" + c
			names[eventgraph.NameID(name)] = name
		}
		var ids []string
		for id := range names {
			ids = append(ids, id)
		}
		var out struct {
			Actors struct {
				Edges []struct{ Node struct{ ID, Name string } }
			}
		}
		s.gql(t, `query($ids: [ID!]) { actors(where: {ids: $ids}, first: 50) { edges { node { id name } } } }`, map[string]any{"ids": ids}, &out)
		got := map[string]string{}
		for _, e := range out.Actors.Edges {
			got[e.Node.ID] = e.Node.Name
		}
		if len(names) != 6 || fmt.Sprint(got) != fmt.Sprint(names) {
			t.Errorf("the mission's actors: %v, want %v", got, names)
		}
		s.checkParticipants(t, "acled-mli4009", map[string]string{"rioters-mali": "INITIATOR initiator and target"})
	}},
	{name: "acled-legacy.csv", lines: "2-13", rejected: "11-13", dataset: true},
	{name: "acled-spreadsheet.csv", lines: "2-7", rejected: "5-6", dataset: true},
	{name: "acled-monadic.csv", lines: "2-11", rejected: "7,9", merged: "5-6,10-11", dataset: true, check: checkMonadic},
	{name: "batch.jsonl", lines: "1-9", rejected: "7"},
}

// checkMonadic: the rows of one event are one event with all their actors.
func checkMonadic(t *testing.T, s service) {
	s.checkParticipants(t, "acled-ukr60001", map[string]string{
		"russia-military": "INITIATOR ", "ukraine-military": "INITIATOR "})
	s.checkParticipants(t, "acled-ukr60002", map[string]string{
		"protesters-ukraine": "INITIATOR ", "ukraine-police": "INITIATOR ", "women-ukraine": "PARTICIPANT associated with Protesters (Ukraine)"})
	s.checkParticipants(t, "acled-ukr60004", map[string]string{
		"unidentified-armed-group-ukraine": "INITIATOR ", "civilians-ukraine": "TARGET "})
}

// checkParticipants compares an event's participants (kind and role by
// actor id) with want.
func (s service) checkParticipants(t *testing.T, eventID string, want map[string]string) {
	t.Helper()
	var out struct {
		Event *struct {
			Participants struct {
				Edges []struct {
					Kind string
					Role *string
					Node struct{ ID string }
				}
			}
		}
	}
	s.gql(t, `query($id: ID!) { event(id: $id) { participants(first: 50) { edges { kind role node { id } } } } }`, map[string]any{"id": eventID}, &out)
	if out.Event == nil {
		t.Errorf("no event %s", eventID)
		return
	}
	got := map[string]string{}
	for _, e := range out.Event.Participants.Edges {
		role := ""
		if e.Role != nil {
			role = *e.Role
		}
		got[e.Node.ID] = e.Kind + " " + role
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: participants %v, want %v", eventID, got, want)
	}
}

// eventsOf are the event ids a file's readable rows bring, by line.
func eventsOf(t *testing.T, path string) map[int]string {
	t.Helper()
	f, err := importer.OpenFile(path, importer.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[int]string{}
	for {
		rec, err := f.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rec.Input.Events {
			if e.ID != nil {
				out[rec.Line] = *e.ID
			}
		}
	}
}

func lineSet(t *testing.T, s string) importer.LineSet {
	t.Helper()
	var ls importer.LineSet
	if err := ls.UnmarshalJSON([]byte(strconv.Quote(s))); err != nil {
		t.Fatal(err)
	}
	return ls
}

func readReport(t *testing.T, path string) importer.Summary {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	var s importer.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("report %s: %v", path, err)
	}
	return s
}

// TestEveryRowAccountedFor imports every fixture twice through the real
// service and checks the report: every data row of the file in exactly one
// class (imported, resolved, merged, rejected), the rejected and merged rows
// those the fixture has, the rows whose event the graph had resolved, and
// the exit status by --max-rejected.
func TestEveryRowAccountedFor(t *testing.T) {
	s := needService(t)
	for _, fx := range accountedFixtures {
		t.Run(fx.name, func(t *testing.T) {
			path := copyFixture(t, fx.name)
			if fx.zip {
				path = zipFile(t, path)
			}
			s.leaveNoTrace(t, path)
			events := eventsOf(t, path)
			var ids []string
			for _, id := range events {
				ids = append(ids, id)
			}
			had := map[string]bool{}
			for _, id := range ids {
				had[id] = true
			}
			for _, id := range s.missing(t, "event", ids) {
				had[id] = false
			}
			rejected := lineSet(t, fx.rejected)
			report := filepath.Join(t.TempDir(), "report.json")

			// one rejected row more than tolerated: exit 1, and the rest imported all the same
			first := s.kg(t, "--batch", "3", "--report", report, "--max-rejected", strconv.Itoa(rejected.Len()-1), path)
			if first.code != 1 || !strings.Contains(first.stderr, fmt.Sprintf("%d rows rejected, more than --max-rejected %d", rejected.Len(), rejected.Len()-1)) {
				t.Errorf("first import: exit %d, want 1\n%s", first.code, first.stderr)
			}
			got := readReport(t, report)
			if a, b := jsonOf(t, got.Files), jsonOf(t, first.summary.Files); a != b {
				t.Errorf("the report and the summary differ:\n%s\n%s", a, b)
			}
			f := got.Files[0]
			wantResolved := importer.LineSet{}
			if fx.dataset {
				for line, id := range events {
					if had[id] {
						wantResolved.Add(line)
					}
				}
			}
			s.checkAccounting(t, "first import", f, fx, wantResolved)

			// again, tolerating them: exit 0; a dataset's rows now find their events
			second := s.kg(t, "--batch", "500", "--max-rejected", strconv.Itoa(rejected.Len()), "--report", report, path)
			if second.code != 0 {
				t.Errorf("second import: exit %d\n%s", second.code, second.stderr)
			}
			again := readReport(t, report).Files[0]
			if fx.dataset {
				wantResolved = importer.LineSet{}
				merged := lineSet(t, fx.merged)
				for line := range events {
					if !rejected.Contains(line) && !merged.Contains(line) {
						wantResolved.Add(line)
					}
				}
			}
			s.checkAccounting(t, "second import", again, fx, wantResolved)
			if fx.check != nil {
				fx.check(t, s)
			}
		})
	}
}

// checkAccounting checks that a file's rows are each in one class, the
// classes those the fixture says.
func (s service) checkAccounting(t *testing.T, run string, f importer.FileSummary, fx accounted, resolved importer.LineSet) {
	t.Helper()
	tl := f.Tally
	if f.Status != importer.StatusDone || tl.Lines == nil {
		t.Fatalf("%s: status %s (%s), lines %v", run, f.Status, f.Error, tl.Lines)
	}
	all := lineSet(t, fx.lines)
	classes := map[string]importer.LineSet{"imported": tl.Lines.Imported, "resolved": tl.Lines.Resolved, "merged": tl.Lines.Merged, "rejected": tl.Lines.Rejected}
	var union importer.LineSet
	n := 0
	for class, ls := range classes {
		for line := 1; line <= 1000; line++ {
			if !ls.Contains(line) {
				continue
			}
			if union.Contains(line) {
				t.Errorf("%s: line %d is in two classes (one of them %s)", run, line, class)
			}
			union.Add(line)
			n++
		}
	}
	if union.String() != all.String() || tl.Rows != all.Len() || tl.Imported+tl.Resolved+tl.Merged+tl.Rejected != tl.Rows {
		t.Errorf("%s: the classes hold lines %s (%d rows: %d+%d+%d+%d), want every data line %s once", run, union.String(), tl.Rows,
			tl.Imported, tl.Resolved, tl.Merged, tl.Rejected, all.String())
	}
	if tl.Lines.Rejected.String() != fx.rejected || tl.Lines.Merged.String() != fx.merged || tl.Lines.Resolved.String() != resolved.String() {
		t.Errorf("%s: rejected %s, merged %s, resolved %s; want %s, %s, %s", run, tl.Lines.Rejected, tl.Lines.Merged, tl.Lines.Resolved, fx.rejected, fx.merged, resolved.String())
	}
	if len(tl.Rejections) != tl.Rejected {
		t.Errorf("%s: %d rejected rows, %d listed with their reasons", run, tl.Rejected, len(tl.Rejections))
	}
	for _, r := range tl.Rejections {
		if r.Reason == "" || !tl.Lines.Rejected.Contains(r.Line) {
			t.Errorf("%s: rejection %+v", run, r)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func zipFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := path + ".zip"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMonadicWhateverTheBatch imports the monadic export with batches of
// one row, two rows and all of them: each event gets all its actors.
func TestMonadicWhateverTheBatch(t *testing.T) {
	s := needService(t)
	for _, batch := range []string{"1", "2", "500"} {
		t.Run("batch "+batch, func(t *testing.T) {
			path := copyFixture(t, "acled-monadic.csv")
			s.leaveNoTrace(t, path)
			r := s.kg(t, "--batch", batch, "--max-rejected", "2", path)
			if tl := r.summary.Total; r.code != 0 || tl.Merged != 4 || tl.Imported+tl.Resolved != 4 || tl.Rejected != 2 {
				t.Fatalf("exit %d, %+v\n%s", r.code, r.summary.Total, r.stderr)
			}
			checkMonadic(t, s)
		})
	}
}

// TestABadFileDoesNotStopTheOthers: files that cannot be read (missing, of
// no format kg knows, an ACLED header without a column it needs) are
// reported, and the files after them imported.
func TestABadFileDoesNotStopTheOthers(t *testing.T) {
	s := needService(t)
	dir := t.TempDir()
	suffix := fmt.Sprint(time.Now().UnixNano())
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good1 := write("a.jsonl", fmt.Sprintf(`{"type": "actor", "id": "kg-bad-file-a-%s", "name": "A %s", "kind": "GROUP"}`+"\n", suffix, suffix))
	unknown := write("people.csv", "name,age\nAda,36\n")
	noDate := write("acled-no-date.csv", "event_id_cnty,event_type,actor1,country\nUKR1,Battles,X,Ukraine\n")
	missing := filepath.Join(dir, "no-such-file.csv")
	good2 := write("b.jsonl", fmt.Sprintf(`{"type": "actor", "id": "kg-bad-file-b-%s", "name": "B %s", "kind": "GROUP"}`+"\n", suffix, suffix))
	s.leaveNoTrace(t, good1, good2)
	report := filepath.Join(dir, "report.json")
	r := s.kg(t, "--report", report, good1, unknown, noDate, missing, good2)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	var statuses []string
	for _, f := range readReport(t, report).Files {
		statuses = append(statuses, f.Status)
	}
	if fmt.Sprint(statuses) != "[done failed failed failed done]" {
		t.Errorf("statuses %v", statuses)
	}
	for _, want := range []string{"people.csv not imported: ", "cannot tell the format", "the ACLED header lacks event_date", "no-such-file.csv not imported: "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "run the same command again to resume") {
		t.Errorf("nothing is left to resume, yet kg says so:\n%s", r.stderr)
	}
	if n := len(s.missing(t, "actor", []string{"kg-bad-file-a-" + suffix, "kg-bad-file-b-" + suffix})); n != 0 {
		t.Errorf("%d of the good files' actors missing", n)
	}
}

// TestResumeHintOnlyWhenCommitted: kg says a rerun resumes only when a
// checkpoint holds committed rows.
func TestResumeHintOnlyWhenCommitted(t *testing.T) {
	s := needService(t)
	const hint = "run the same command again to resume"

	// the service is not there: nothing committed, no hint
	path, _ := uniqueGDELT(t)
	var out, errb bytes.Buffer
	code := run([]string{"ingest", "--url", "http://127.0.0.1:1/graphql", "--attempts", "1", "--quiet", path}, &out, &errb)
	if code != 1 || strings.Contains(errb.String(), hint) || !strings.Contains(out.String(), "interrupted") {
		t.Errorf("unreachable service: exit %d, stdout %s\nstderr %s", code, out.String(), errb.String())
	}

	// the service fails after the first batch: the hint, and the rerun resumes
	target, err := url.Parse(s.url)
	if err != nil {
		t.Fatal(err)
	}
	var ingests atomic.Int32
	path0 := target.Path
	target.Path = ""
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte("ingest(")) && ingests.Add(1) > 1 {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		r.URL.Path = path0
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	path, ids := uniqueGDELT(t)
	s.leaveNoTrace(t, path)
	cp := filepath.Join(t.TempDir(), "hint.kg-checkpoint")
	out.Reset()
	errb.Reset()
	code = run([]string{"ingest", "--url", front.URL + "/graphql", "--key", s.key, "--attempts", "1", "--batch", "5", "--checkpoint", cp, "--json", "--quiet", path}, &out, &errb)
	var sum importer.Summary
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	if code != 1 || !strings.Contains(errb.String(), hint) || sum.Files[0].Status != importer.StatusInterrupted || !sum.Files[0].Committed {
		t.Errorf("failing after a batch: exit %d, %+v\n%s", code, sum.Files[0], errb.String())
	}
	r := s.kg(t, "--checkpoint", cp, "--max-rejected", "1", path)
	if f := r.summary.Files[0]; r.code != 0 || f.ResumedAfter != 5 || f.Tally.Rows != 21 || f.Tally.Imported != 20 || f.Tally.Rejected != 1 {
		t.Errorf("the rerun: exit %d, %+v\n%s", r.code, f, r.stderr)
	}
	if n := s.countEvents(t, ids); n != 20 {
		t.Errorf("%d events, want 20", n)
	}
}

// TestBatchesOfManyNewEntities imports a GDELT file whose batches bring
// hundreds of events, actors and sources the graph has never seen, so that
// looking them up takes several requests' worth of ids.
func TestBatchesOfManyNewEntities(t *testing.T) {
	s := needService(t)
	b, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", "events.gdelt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if cols := strings.Split(line, "\t"); len(cols) == 61 {
			rows = append(rows, line)
		}
	}
	base := 5_000_000_000 + time.Now().UnixNano()%1_000_000_000*1000
	var lines []string
	for i := range 400 {
		cols := strings.Split(rows[i%len(rows)], "\t")
		cols[0] = fmt.Sprint(base + int64(i))
		cols[5], cols[6], cols[7], cols[12] = "RUSGOV", fmt.Sprintf("KG MANY %d %d", base, i), "RUS", "GOV" // a new actor
		cols[60] = fmt.Sprintf("https://example.org/kg-many/%d/%d", base, i)
		lines = append(lines, strings.Join(cols, "\t"))
	}
	path := filepath.Join(t.TempDir(), "many.export.CSV")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.leaveNoTrace(t, path)
	for run, want := range []string{"imported", "resolved"} {
		r := s.kg(t, "--batch", "400", path)
		tl := r.summary.Total
		got := map[string]int{"imported": tl.Imported, "resolved": tl.Resolved}
		if r.code != 0 || got[want] != 400 || tl.Rows != 400 {
			t.Fatalf("run %d: exit %d, %+v, want 400 %s\n%s", run+1, r.code, tl, want, r.stderr)
		}
		if c := tl.ByType["ACTOR"]; run == 0 && (c == nil || c.Created < 400) {
			t.Errorf("actors %+v, want the 400 new ones created", c)
		}
	}
}
