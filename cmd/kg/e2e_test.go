package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/importer"
)

// These tests run kg against the real service and its Neo4j: the service is
// at $EVENTGRAPH_URL (make test starts one), the writer key is
// $EVENTGRAPH_WRITER_KEY (default dev-writer-key).

// TestMain doubles as the kg binary: with KG_TEST_MAIN set, the test binary
// runs kg with the arguments in KG_TEST_ARGS, so that a test can run kg as a
// separate process (and have it die) without building it first.
func TestMain(m *testing.M) {
	if os.Getenv("KG_TEST_MAIN") == "1" {
		var args []string
		if err := json.Unmarshal([]byte(os.Getenv("KG_TEST_ARGS")), &args); err != nil {
			fmt.Fprintln(os.Stderr, "KG_TEST_ARGS:", err)
			os.Exit(2)
		}
		os.Exit(run(args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type service struct {
	url, key string
}

func needService(t *testing.T) service {
	t.Helper()
	url := os.Getenv("EVENTGRAPH_URL")
	if url == "" {
		t.Skip("EVENTGRAPH_URL is not set: the kg end-to-end tests need the running service (make test sets it)")
	}
	key := os.Getenv("EVENTGRAPH_WRITER_KEY")
	if key == "" {
		key = "dev-writer-key"
	}
	return service{url: importer.Endpoint(url), key: key}
}

// gql runs a query against the service and decodes its data.
func (s service) gql(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	c := &importer.Client{URL: s.url, Key: s.key, Attempts: 3}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.Do(ctx, query, vars, out); err != nil {
		t.Fatalf("query failed: %v", err)
	}
}

// countEvents is how many events the graph has with these ids.
func (s service) countEvents(t *testing.T, ids []string) int {
	t.Helper()
	var out struct {
		Events struct{ TotalCount int } `json:"events"`
	}
	s.gql(t, `query($ids: [ID!]) { events(where: {ids: $ids}, first: 1) { totalCount } }`, map[string]any{"ids": ids}, &out)
	return out.Events.TotalCount
}

// countExternal is how many events carry this external id (SYSTEM:ID).
func (s service) countExternal(t *testing.T, ext string) int {
	t.Helper()
	var out struct {
		Events struct{ TotalCount int } `json:"events"`
	}
	s.gql(t, `query($x: String) { events(where: {externalId: $x}, first: 1) { totalCount } }`, map[string]any{"x": ext}, &out)
	return out.Events.TotalCount
}

type result struct {
	code    int
	summary importer.Summary
	stdout  string
	stderr  string
}

// kg runs kg in this process.
func (s service) kg(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"ingest", "--url", s.url, "--key", s.key, "--json", "--quiet"}, args...)
	code := run(full, &out, &errb)
	r := result{code: code, stdout: out.String(), stderr: errb.String()}
	if err := json.Unmarshal(out.Bytes(), &r.summary); err != nil {
		t.Fatalf("kg %v: exit %d, summary is not JSON (%v)\nstdout: %s\nstderr: %s", args, code, err, out.String(), errb.String())
	}
	return r
}

// kgProcess runs kg as a child process with extra environment: the binary
// $KG_BIN when make test built one, else this test binary acting as kg.
func (s service) kgProcess(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	full := append([]string{"ingest", "--url", s.url, "--key", s.key, "--json", "--progress-interval", "1ms"}, args...)
	var cmd *exec.Cmd
	if bin := os.Getenv("KG_BIN"); bin != "" {
		cmd = exec.Command(bin, full...)
		cmd.Env = append(os.Environ(), env...)
	} else {
		enc, _ := json.Marshal(full)
		cmd = exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), append(env, "KG_TEST_MAIN=1", "KG_TEST_ARGS="+string(enc))...)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// copyFixture copies a fixture into a fresh directory, so that checkpoints
// land there and not in testdata.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// uniqueGDELT writes the GDELT fixture with GLOBALEVENTIDs no earlier run
// used, so that a test sees its own rows created. It returns the path and
// the event ids of the valid rows, in order.
func uniqueGDELT(t *testing.T) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", "events.gdelt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	base := 9_000_000_000 + time.Now().UnixNano()%1_000_000_000*100
	var lines []string
	var ids []string
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		cols := strings.Split(line, "\t")
		gid := fmt.Sprint(base + int64(i))
		cols[0] = gid
		if len(cols) == 61 {
			ids = append(ids, "gdelt-"+gid)
		}
		lines = append(lines, strings.Join(cols, "\t"))
	}
	p := filepath.Join(t.TempDir(), "unique.export.CSV")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, ids
}

func TestImportTwiceChangesNothing(t *testing.T) {
	s := needService(t)
	for _, tt := range []struct {
		fixture  string
		rows     int
		badLines []int
		external string
	}{
		{"events.gdelt.csv", 21, []int{19}, "GDELT:1241938465"},
		{"acled.csv", 20, []int{12}, "ACLED:UKR219355"},
		{"batch.jsonl", 9, []int{7}, ""},
	} {
		t.Run(tt.fixture, func(t *testing.T) {
			path := copyFixture(t, tt.fixture)
			s.leaveNoTrace(t, path)
			// each fixture has one malformed row: tolerated, else exit 1
			if r := s.kg(t, "--batch", "7", "--dry-run", path); r.code != 1 {
				t.Errorf("a rejected row without --max-rejected: exit %d, want 1", r.code)
			}
			first := s.kg(t, "--batch", "7", "--max-rejected", "1", path)
			if first.code != 0 {
				t.Fatalf("first import: exit %d\n%s", first.code, first.stderr)
			}
			second := s.kg(t, "--batch", "7", "--max-rejected", "1", path)
			if second.code != 0 {
				t.Fatalf("second import: exit %d\n%s", second.code, second.stderr)
			}
			a, b := first.summary.Total, second.summary.Total
			if a.Rows != tt.rows || b.Rows != tt.rows {
				t.Errorf("rows %d then %d, want %d", a.Rows, b.Rows, tt.rows)
			}
			if b.Created != 0 || b.Updated != 0 || b.RelationshipsCreated != 0 {
				t.Errorf("second import wrote: created %d, updated %d, relationships %d", b.Created, b.Updated, b.RelationshipsCreated)
			}
			if total := a.Created + a.Updated + a.Unchanged; b.Unchanged != total || total == 0 {
				t.Errorf("second import: unchanged %d, want everything the first touched (%d)", b.Unchanged, total)
			}
			for typ, c := range a.ByType {
				if got := b.ByType[typ]; got == nil || got.Unchanged != c.Created+c.Updated+c.Unchanged {
					t.Errorf("%s: second import %+v, first %+v", typ, got, c)
				}
			}
			for _, sum := range []importer.Tally{a, b} {
				var lines []int
				for _, f := range sum.Rejections {
					lines = append(lines, f.Line)
				}
				if fmt.Sprint(lines) != fmt.Sprint(tt.badLines) || sum.Rejected != len(tt.badLines) {
					t.Errorf("rejected lines %v, want %v", lines, tt.badLines)
				}
			}
			// the second time, a dataset's rows find their events in the graph
			if tt.external != "" && (b.Resolved != tt.rows-len(tt.badLines) || b.Imported != 0) {
				t.Errorf("second import: %d resolved, %d imported; want the %d good rows resolved", b.Resolved, b.Imported, tt.rows-len(tt.badLines))
			}
			if tt.external != "" {
				if n := s.countExternal(t, tt.external); n != 1 {
					t.Errorf("%d events with external id %s, want 1", n, tt.external)
				}
			}
			if _, err := os.Stat(path + ".kg-checkpoint"); !os.IsNotExist(err) {
				t.Errorf("a finished import leaves no checkpoint behind (stat: %v)", err)
			}
		})
	}
}

func TestGDELTFieldsLandOnTheGraph(t *testing.T) {
	s := needService(t)
	path, ids := uniqueGDELT(t)
	s.leaveNoTrace(t, path)
	r := s.kg(t, "--max-rejected", "1", path)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r.summary.Total.ByType["EVENT"] == nil || r.summary.Total.ByType["EVENT"].Created != 20 {
		t.Errorf("events created: %+v", r.summary.Total.ByType["EVENT"])
	}
	var out struct {
		Event struct {
			Kind, Title, StartDate string
			Mode                   *string
			ExternalIds            []struct{ System, ID string }
			Figures                []struct {
				Label string
				Value float64
			}
			Participants struct {
				Edges []struct {
					Kind string
					Node struct{ ID string }
				}
			}
			Location struct {
				ID, Kind            string
				Latitude, Longitude float64
				Parent              struct {
					ID     string
					Parent struct{ ID string }
				}
			}
			Sources []struct {
				Source struct{ URL, Kind string }
			}
		}
	}
	// the Trump-Putin call (line 11)
	s.gql(t, `query($id: ID!) { event(id: $id) { kind title startDate mode externalIds { system id } figures { label value }
	  participants { edges { kind node { id } } } location { id kind latitude longitude parent { id parent { id } } } sources { source { url kind } } } }`,
		map[string]any{"id": ids[10]}, &out)
	e := out.Event
	gid := strings.TrimPrefix(ids[10], "gdelt-")
	if e.Kind != "CONSULT" || e.Mode == nil || *e.Mode != "phone" || e.StartDate != "2025-05-19" {
		t.Errorf("event = %s %v %s", e.Kind, e.Mode, e.StartDate)
	}
	if len(e.ExternalIds) != 1 || e.ExternalIds[0].System != "GDELT" || e.ExternalIds[0].ID != gid {
		t.Errorf("externalIds = %+v", e.ExternalIds)
	}
	parts := map[string]string{}
	for _, p := range e.Participants.Edges {
		parts[p.Node.ID] = p.Kind
	}
	if parts["donald-trump"] != "INITIATOR" || parts["vladimir-putin"] != "TARGET" {
		t.Errorf("participants = %v", parts)
	}
	if e.Location.ID != "washington-district-of-columbia-united-states" || e.Location.Kind != "CITY" || e.Location.Latitude != 38.8951 ||
		e.Location.Parent.ID != "district-of-columbia-united-states" || e.Location.Parent.Parent.ID != "united-states-country" {
		t.Errorf("location = %+v", e.Location)
	}
	if len(e.Sources) != 1 || e.Sources[0].Source.Kind != "ARTICLE" || !strings.HasPrefix(e.Sources[0].Source.URL, "https://www.nytimes.com/2025/05/19/") {
		t.Errorf("sources = %+v", e.Sources)
	}
	figs := map[string]float64{}
	for _, f := range e.Figures {
		figs[f.Label] = f.Value
	}
	if figs["mentions"] != 30 || figs["Goldstein scale"] != 1 || figs["average tone"] != -0.52 {
		t.Errorf("figures = %v", figs)
	}
	// actors found by their CAMEO code: the seed's Ukraine holds UKRGOV, and
	// GDELT's VOLODYMYR ZELENSKY, coded UKRGOV for his office, is the seed's
	// Zelenskyy, who does not take the code
	var actors struct {
		Actors struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	s.gql(t, `{ actors(where: {code: "UKRGOV"}, first: 50) { edges { node { id } } } }`, nil, &actors)
	if len(actors.Actors.Edges) != 1 || actors.Actors.Edges[0].Node.ID != "ukraine" {
		t.Errorf("actors with the CAMEO code UKRGOV: %+v, want the seed's Ukraine alone", actors)
	}
	// what the graph had is left as it was: the seed's Putin stays a person
	// without dataset codes, though GDELT codes him RUSGOV
	var putin struct {
		Actor *struct {
			Kind  string
			Codes []string
		}
	}
	s.gql(t, `{ actor(id: "vladimir-putin") { kind codes } }`, nil, &putin)
	if putin.Actor != nil && (putin.Actor.Kind != "PERSON" || slices.Contains(putin.Actor.Codes, "RUSGOV")) {
		t.Errorf("the import changed an actor the graph had: %+v", putin.Actor)
	}
}

func TestACLEDFieldsLandOnTheGraph(t *testing.T) {
	s := needService(t)
	path := copyFixture(t, "acled.csv")
	s.leaveNoTrace(t, path)
	if r := s.kg(t, "--max-rejected", "1", path); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Event struct {
			Kind, DatePrecision string
			Mode                *string
			Contexts            []string
			Figures             []struct {
				Label string
				Value float64
			}
			Participants struct {
				Edges []struct {
					Kind string
					Role *string
					Node struct{ ID, Kind string }
				}
			}
			Location struct {
				Name     string
				Latitude float64
				Parent   struct {
					Name   string
					Parent struct {
						Name   string
						Parent struct {
							Name   string
							Parent struct{ Name, Kind string }
						}
					}
				}
			}
		}
	}
	q := `query($id: ID!) { event(id: $id) { kind datePrecision mode contexts figures { label value }
	  participants { edges { kind role node { id kind } } }
	  location { name latitude parent { name parent { name parent { name parent { name kind } } } } } } }`
	s.gql(t, q, map[string]any{"id": "acled-ukr219355"}, &out)
	e := out.Event
	if e.Kind != "ASSAULT" || e.Mode == nil || *e.Mode != "heavy-weapons" || e.DatePrecision != "DAY" {
		t.Errorf("bus strike = %s %v %s", e.Kind, e.Mode, e.DatePrecision)
	}
	if len(e.Figures) != 1 || e.Figures[0].Label != "fatalities" || e.Figures[0].Value != 9 {
		t.Errorf("figures = %+v", e.Figures)
	}
	l := e.Location
	if l.Name != "Bilopillia" || l.Latitude != 51.1496 || l.Parent.Name != "Bilopilska" || l.Parent.Parent.Name != "Sumskyi" ||
		l.Parent.Parent.Parent.Name != "Sumy" || l.Parent.Parent.Parent.Parent.Name != "Ukraine" || l.Parent.Parent.Parent.Parent.Kind != "COUNTRY" {
		t.Errorf("location hierarchy = %+v", l)
	}
	// week precision, and associated actors as participants
	s.gql(t, q, map[string]any{"id": "acled-ukr219440"}, &out)
	if out.Event.DatePrecision != "WEEK" {
		t.Errorf("time_precision 2 became %s, want WEEK", out.Event.DatePrecision)
	}
	s.gql(t, q, map[string]any{"id": "acled-ukr219566"}, &out)
	if out.Event.DatePrecision != "MONTH" {
		t.Errorf("time_precision 3 became %s, want MONTH", out.Event.DatePrecision)
	}
	out.Event.Participants.Edges = nil
	s.gql(t, q, map[string]any{"id": "acled-ukr219402"}, &out)
	kinds := map[string]string{}
	for _, p := range out.Event.Participants.Edges {
		kinds[p.Node.ID] = p.Kind
	}
	if kinds["protesters-ukraine"] != "INITIATOR" || kinds["relatives-of-prisoners-of-war"] != "PARTICIPANT" || out.Event.Kind != "PROTEST" {
		t.Errorf("protest = %s, participants %v", out.Event.Kind, kinds)
	}
}

func TestMalformedRowOnErrorStopThenSkip(t *testing.T) {
	s := needService(t)
	path, ids := uniqueGDELT(t)
	s.leaveNoTrace(t, path)
	cp := filepath.Join(t.TempDir(), "gdelt.kg-checkpoint")

	// stop: rows before the bad line 19 are committed, the import exits non-zero
	r := s.kg(t, "--on-error", "stop", "--batch", "5", "--checkpoint", cp, path)
	if r.code == 0 || !r.summary.Stopped {
		t.Fatalf("--on-error=stop exited %d (stopped %v), want a failure", r.code, r.summary.Stopped)
	}
	if !strings.Contains(r.stderr, path+":19:") || len(r.summary.Total.Rejections) != 1 || r.summary.Total.Rejections[0].Line != 19 {
		t.Errorf("the bad row is not reported with its line: %+v\n%s", r.summary.Total.Rejections, r.stderr)
	}
	if n := s.countEvents(t, ids); n != 18 {
		t.Errorf("%d events after stopping at line 19, want the 18 before it", n)
	}
	// skip, resuming from the checkpoint: the bad row is left out, the rest imported
	r = s.kg(t, "--on-error", "skip", "--batch", "5", "--checkpoint", cp, "--max-rejected", "1", path)
	if r.code != 0 {
		t.Fatalf("--on-error=skip exited %d: %s", r.code, r.stderr)
	}
	if f := r.summary.Files[0]; f.ResumedAfter != 18 {
		t.Errorf("resumed after line %d, want 18", f.ResumedAfter)
	}
	if n := s.countEvents(t, ids); n != 20 {
		t.Errorf("%d events, want 20", n)
	}
	if t2 := r.summary.Total; t2.Rows != 21 || t2.Rejected != 1 || t2.Imported != 20 || t2.ByType["EVENT"].Created != 20 {
		t.Errorf("summary over both runs: rows %d, rejected %d, imported %d, events %+v", t2.Rows, t2.Rejected, t2.Imported, t2.ByType["EVENT"])
	}
}

func TestServerRejectionSkipsTheRowAndResends(t *testing.T) {
	s := needService(t)
	suffix := fmt.Sprint(time.Now().UnixNano())
	lines := []string{
		fmt.Sprintf(`{"type": "actor", "id": "kg-test-actor-%s", "name": "KG test actor %s", "kind": "GROUP"}`, suffix, suffix),
		fmt.Sprintf(`{"type": "event", "id": "kg-test-ok-%s", "title": "fine", "kind": "AGREE", "participants": [{"actorId": "kg-test-actor-%s"}]}`, suffix, suffix),
		fmt.Sprintf(`{"type": "event", "id": "kg-test-dangling-%s", "title": "points nowhere", "kind": "AGREE", "participants": [{"actorId": "no-such-actor-%s"}]}`, suffix, suffix),
		fmt.Sprintf(`{"type": "event", "id": "KG Test Bad Id %s", "title": "bad id", "kind": "AGREE"}`, suffix),
		fmt.Sprintf(`{"type": "event", "id": "kg-test-ok2-%s", "title": "also fine", "kind": "CONSULT"}`, suffix),
	}
	path := filepath.Join(t.TempDir(), "rejects.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := []string{"kg-test-ok-" + suffix, "kg-test-ok2-" + suffix}
	s.leaveNoTrace(t, path)

	// stop: the batch is one transaction, so nothing of it is written
	r := s.kg(t, "--on-error", "stop", path)
	if r.code == 0 {
		t.Fatal("--on-error=stop should fail on a rejected batch")
	}
	if n := s.countEvents(t, good); n != 0 {
		t.Errorf("%d events written by a rejected batch, want 0", n)
	}

	// dry run: validateOnly reports the bad rows and writes nothing
	r = s.kg(t, "--dry-run", "--max-rejected", "2", path)
	if r.code != 0 || !r.summary.DryRun || r.summary.Total.Rejected != 2 {
		t.Errorf("dry run: exit %d, summary %+v", r.code, r.summary.Total)
	}
	if n := s.countEvents(t, good); n != 0 {
		t.Errorf("a dry run wrote %d events", n)
	}
	if _, err := os.Stat(path + ".kg-checkpoint"); !os.IsNotExist(err) {
		t.Errorf("a dry run wrote a checkpoint (stat: %v)", err)
	}

	// skip: the two bad rows are dropped, named by line, and the rest is sent again
	r = s.kg(t, "--on-error", "skip", path)
	if r.code != 1 || !strings.Contains(r.stderr, "2 rows rejected, more than --max-rejected 0") {
		t.Fatalf("two rejected rows: exit %d, want 1: %s", r.code, r.stderr)
	}
	reasons := map[int]string{}
	for _, f := range r.summary.Total.Rejections {
		reasons[f.Line] = f.Reason
	}
	if len(reasons) != 2 || !strings.Contains(reasons[3], "no-such-actor-"+suffix) || !strings.Contains(reasons[4], "is not a valid id") {
		t.Errorf("failures = %v, want lines 3 (dangling reference) and 4 (bad id)", reasons)
	}
	if !strings.Contains(reasons[3], "input.events[") {
		t.Errorf("the reason should carry the server's path: %q", reasons[3])
	}
	if n := s.countEvents(t, good); n != 2 {
		t.Errorf("%d of the good events written, want 2", n)
	}
	if c := r.summary.Total.ByType["EVENT"]; c == nil || c.Created != 2 {
		t.Errorf("event counts = %+v", c)
	}
}

func TestKilledImportResumes(t *testing.T) {
	s := needService(t)
	path, ids := uniqueGDELT(t)
	s.leaveNoTrace(t, path)
	cp := filepath.Join(t.TempDir(), "killed.kg-checkpoint")

	// the process dies right after its first batch of 5 commits
	code, _, stderr := s.kgProcess(t, []string{"KG_TEST_EXIT_AFTER_BATCHES=1"}, "--batch", "5", "--checkpoint", cp, path)
	if code != 75 {
		t.Fatalf("the killed run exited %d, want 75 from the test hook\n%s", code, stderr)
	}
	if n := s.countEvents(t, ids); n != 5 {
		t.Fatalf("%d events after the first batch, want 5", n)
	}
	b, err := os.ReadFile(cp)
	if err != nil {
		t.Fatalf("no checkpoint after the kill: %v", err)
	}
	var saved struct{ LastLine int }
	if err := json.Unmarshal(b, &saved); err != nil || saved.LastLine != 5 {
		t.Fatalf("checkpoint %s: lastLine %d (%v), want 5", b, saved.LastLine, err)
	}

	// the rerun resumes after line 5 and finishes, without duplicates
	code, stdout, stderr := s.kgProcess(t, nil, "--batch", "5", "--checkpoint", cp, "--max-rejected", "1", path)
	if code != 0 {
		t.Fatalf("the resumed run exited %d\n%s", code, stderr)
	}
	var sum importer.Summary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, stdout)
	}
	if sum.Files[0].ResumedAfter != 5 || !strings.Contains(stderr, "resuming after line 5") {
		t.Errorf("resumed after %d; stderr:\n%s", sum.Files[0].ResumedAfter, stderr)
	}
	if n := s.countEvents(t, ids); n != 20 {
		t.Errorf("%d events after resuming, want 20", n)
	}
	for _, id := range []string{ids[0], ids[4], ids[5], ids[19]} {
		if n := s.countExternal(t, "GDELT:"+strings.TrimPrefix(id, "gdelt-")); n != 1 {
			t.Errorf("%d events with the external id of %s, want exactly 1", n, id)
		}
	}
	if ev := sum.Total.ByType["EVENT"]; ev == nil || ev.Created != 20 || ev.Unchanged != 0 {
		t.Errorf("events over both runs: %+v, want 20 created, none twice", ev)
	}
	if _, err := os.Stat(cp); !os.IsNotExist(err) {
		t.Errorf("the finished import left its checkpoint (stat: %v)", err)
	}
	// not a terminal: plain progress lines
	if !strings.Contains(stderr, "kg: unique.export.CSV: ") || strings.Contains(stderr, "\r") {
		t.Errorf("progress on a non-terminal should be plain lines:\n%s", stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ingest"}, "no input files"},
		{[]string{"ingest", "--on-error", "maybe", "x"}, "--on-error must be skip or stop"},
		{[]string{"ingest", "--format", "xml", "x"}, "unknown format"},
		{[]string{"ingest", "--batch", "0", "x"}, "--batch must be at least 1"},
		{[]string{"ingest", "--max-rejected", "-1", "x"}, "--max-rejected must be 0 or more"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"export", "stray"}, "unexpected argument"},
		{[]string{"export", "--url", "nohost"}, "--url"},
	} {
		var out, errb bytes.Buffer
		if code := run(tt.args, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("kg %v: exit %d, stderr %q; want %d and %q", tt.args, code, errb.String(), exitUsage, tt.want)
		}
	}
}

// An id may name an actor and a location at once (the seed has both an actor
// and a country "russia"). A dataset location whose id is already an actor's
// must still be created, and not be sent again on a replay.
func TestLocationIDSharedWithAnActor(t *testing.T) {
	s := needService(t)
	suffix := fmt.Sprint(time.Now().UnixNano())
	id := "kg-shared-" + suffix + "-country" // the id kg gives the country "KG Shared <suffix>"
	dir := t.TempDir()
	actor := filepath.Join(dir, "actor.jsonl")
	line := fmt.Sprintf(`{"type": "actor", "id": %q, "name": "Shared %s", "kind": "GROUP", "description": "curated"}`, id, suffix)
	if err := os.WriteFile(actor, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.leaveNoTrace(t, actor)
	if r := s.kg(t, actor); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", "events.gdelt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	cols := strings.Split(rows[len(rows)-1], "\t") // a country-level action geography
	cols[0] = fmt.Sprint(7_000_000_000 + time.Now().UnixNano()%1_000_000_000)
	cols[52], cols[53] = "KG Shared "+suffix, "ZZ" // a country GDELT names and kg's table does not know
	gdelt := filepath.Join(dir, "shared.export.CSV")
	if err := os.WriteFile(gdelt, []byte(strings.Join(cols, "\t")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.leaveNoTrace(t, gdelt)
	first := s.kg(t, gdelt)
	if first.code != 0 || first.summary.Total.ByType["LOCATION"] == nil || first.summary.Total.ByType["LOCATION"].Created != 1 {
		t.Fatalf("first import: exit %d, locations %+v\n%s", first.code, first.summary.Total.ByType["LOCATION"], first.stderr)
	}
	second := s.kg(t, gdelt)
	if second.code != 0 || second.summary.Total.Created != 0 || second.summary.Total.Updated != 0 {
		t.Errorf("replay wrote: %+v", second.summary.Total)
	}
	var out struct {
		Location *struct{ Kind string }
		Actor    *struct{ Name, Description string }
	}
	s.gql(t, `query($id: ID!) { location(id: $id) { kind } actor(id: $id) { name description } }`, map[string]any{"id": id}, &out)
	if out.Location == nil || out.Location.Kind != "COUNTRY" || out.Actor == nil || out.Actor.Description != "curated" {
		t.Errorf("location %+v, actor %+v", out.Location, out.Actor)
	}
}

// By default a dataset leaves existing actors alone; --add-codes adds its
// actor codes to them and changes nothing else.
func TestAddCodes(t *testing.T) {
	s := needService(t)
	suffix := fmt.Sprint(time.Now().UnixNano())
	id := "kg-codes-" + suffix
	dir := t.TempDir()
	actor := filepath.Join(dir, "actor.jsonl")
	line := fmt.Sprintf(`{"type": "actor", "id": %q, "name": "Kg Codes %s", "kind": "PERSON", "aliases": ["KC"], "description": "curated", "codes": ["OWN"]}`, id, suffix)
	if err := os.WriteFile(actor, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.leaveNoTrace(t, actor)
	if r := s.kg(t, actor); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", "events.gdelt.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cols := strings.Split(strings.SplitN(string(b), "\n", 4)[2], "\t") // Medinsky, RUSGOV
	cols[0] = fmt.Sprint(6_000_000_000 + time.Now().UnixNano()%1_000_000_000)
	cols[6] = "KG CODES " + suffix
	// an actor's own code: a state branch code (RUSGOV) names an office,
	// and kg never gives it to a named actor
	cols[5] = "IGOKGC"
	gdelt := filepath.Join(dir, "codes.export.CSV")
	if err := os.WriteFile(gdelt, []byte(strings.Join(cols, "\t")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.leaveNoTrace(t, gdelt)
	type actorOut struct {
		Actor struct {
			Name, Kind, Description string
			Aliases, Codes          []string
		}
	}
	get := func() actorOut {
		var out actorOut
		s.gql(t, `query($id: ID!) { actor(id: $id) { name kind description aliases codes } }`, map[string]any{"id": id}, &out)
		return out
	}
	if r := s.kg(t, gdelt); r.code != 0 || r.summary.Total.ByType["ACTOR"].Updated != 0 {
		t.Fatalf("without --add-codes: exit %d, actors %+v", r.code, r.summary.Total.ByType["ACTOR"])
	}
	if a := get().Actor; !slices.Equal(a.Codes, []string{"OWN"}) {
		t.Errorf("without --add-codes the actor changed: %+v", a)
	}
	if r := s.kg(t, "--add-codes", gdelt); r.code != 0 || r.summary.Total.ByType["ACTOR"].Updated != 1 {
		t.Fatalf("--add-codes: exit %d, actors %+v", r.code, r.summary.Total.ByType["ACTOR"])
	}
	a := get().Actor
	if !slices.Equal(a.Codes, []string{"OWN", "IGOKGC"}) || a.Kind != "PERSON" || a.Description != "curated" || !slices.Equal(a.Aliases, []string{"KC"}) || a.Name != "Kg Codes "+suffix {
		t.Errorf("--add-codes: %+v", a)
	}
	if r := s.kg(t, "--add-codes", gdelt); r.code != 0 || r.summary.Total.Updated != 0 || r.summary.Total.Created != 0 {
		t.Errorf("--add-codes replay wrote: %+v", r.summary.Total)
	}
}

// A JSON Lines file may upsert the same id twice; the lines apply in order
// (the service rejects a batch that holds an id twice, so kg splits there).
func TestRepeatedIDInJSONLines(t *testing.T) {
	s := needService(t)
	id := fmt.Sprintf("kg-repeat-%d", time.Now().UnixNano())
	lines := []string{
		fmt.Sprintf(`{"type": "actor", "id": %q, "name": "Repeat", "kind": "GROUP", "description": "first"}`, id),
		fmt.Sprintf(`{"type": "event", "id": %q, "title": "an event", "kind": "CONSULT", "participants": [{"actorId": %q}]}`, id+"-event", id),
		fmt.Sprintf(`{"type": "actor", "id": %q, "name": "Repeat", "kind": "GROUP", "description": "second"}`, id),
	}
	path := filepath.Join(t.TempDir(), "repeat.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.leaveNoTrace(t, path)
	r := s.kg(t, path)
	if r.code != 0 || r.summary.Total.Rejected != 0 || r.summary.Total.Batches != 2 {
		t.Fatalf("exit %d, %+v\n%s", r.code, r.summary.Total, r.stderr)
	}
	var out struct{ Actor struct{ Description string } }
	s.gql(t, `query($id: ID!) { actor(id: $id) { description } }`, map[string]any{"id": id}, &out)
	if out.Actor.Description != "second" {
		t.Errorf("description %q, want the later line's", out.Actor.Description)
	}
}
