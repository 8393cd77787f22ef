package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTallyListsAtMostMaxFailures(t *testing.T) {
	var a Tally
	for i := 0; i < MaxFailures+500; i++ {
		a.reject("f", "bad", i+1)
	}
	if a.Rejected != MaxFailures+500 || a.Rows != a.Rejected || len(a.Rejections) != MaxFailures || a.Lines.Rejected.String() != "1-1500" {
		t.Fatalf("rejected %d, listed %d, lines %s", a.Rejected, len(a.Rejections), a.Lines.Rejected)
	}
	var total Tally
	total.add(a)
	if total.Rejected != MaxFailures+500 || total.Lines != nil {
		t.Errorf("sum: rejected %d, lines %v", total.Rejected, total.Lines)
	}
}

// TestCheckpointAndResume interrupts an import of a file whose rows are all
// malformed (so no service is needed: nothing is sent) after its first batch,
// and checks that the checkpoint holds that batch and the rerun resumes after
// it, ending with the whole file's summary and no checkpoint.
func TestCheckpointAndResume(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "broken.jsonl")
	var lines []string
	for i := 0; i < 12; i++ {
		lines = append(lines, `{"type": "actor", "kind": "WIZARD"}`)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	opt := Options{
		Client:      &Client{URL: "http://127.0.0.1:1/graphql", Attempts: 1},
		BatchSize:   5,
		AfterCommit: func(int) { cancel() },
	}
	s, err := Run(ctx, []string{path}, opt)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	cp, err := loadCheckpoint(path + ".kg-checkpoint")
	if err != nil || cp == nil {
		t.Fatalf("checkpoint: %v %v", cp, err)
	}
	if cp.LastLine != 5 || cp.Records != 5 || cp.Tally.Rows != 5 || cp.Tally.Rejected != 5 || cp.Format != FormatJSONL {
		t.Errorf("checkpoint after one batch: %+v", cp)
	}
	if s.Total.Rejected != 5 || s.Files[0].Status != StatusInterrupted || !s.Files[0].Committed || !s.Resumable() {
		t.Errorf("interrupted summary: %+v", s.Total)
	}

	opt.AfterCommit = nil
	s, err = Run(context.Background(), []string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	f := s.Files[0]
	if f.ResumedAfter != 5 || f.Tally.Rows != 12 || f.Tally.Rejected != 12 || f.Tally.Rejections[11].Line != 12 || f.Tally.Batches != 0 ||
		f.Tally.Lines.Rejected.String() != "1-12" || f.Status != StatusDone || s.Resumable() {
		t.Errorf("resumed: %+v", f)
	}
	if _, err := os.Stat(path + ".kg-checkpoint"); !os.IsNotExist(err) {
		t.Errorf("finished import kept its checkpoint: %v", err)
	}

	// a checkpoint for another file's content is refused
	for _, cp := range []string{`{"version":2,"fingerprint":"other","lastLine":3}`, `{"version":1,"lastLine":3}`} {
		if err := os.WriteFile(path+".kg-checkpoint", []byte(cp), 0o644); err != nil {
			t.Fatal(err)
		}
		// a file that cannot be imported fails alone: Run goes on to the next
		s, err := Run(context.Background(), []string{path}, opt)
		if err != nil || s.Files[0].Status != StatusFailed || !strings.Contains(s.Files[0].Error, "--restart") {
			t.Errorf("checkpoint %s: %v, %+v", cp, err, s.Files)
		}
	}
	opt.Restart = true
	if s, err := Run(context.Background(), []string{path}, opt); err != nil || s.Files[0].ResumedAfter != 0 || s.Total.Rows != 12 {
		t.Errorf("--restart: %v, %+v", err, s)
	}
}

func TestDefaultCheckpointPath(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "events.csv")
	if got := DefaultCheckpointPath(in); got != in+".kg-checkpoint" {
		t.Errorf("writable directory: %s", got)
	}
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories; the XDG fallback cannot be observed")
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	got := DefaultCheckpointPath(filepath.Join(ro, "events.csv"))
	if !strings.HasPrefix(got, filepath.Join(dir, "state", "kg", "events.csv-")) || !strings.HasSuffix(got, ".kg-checkpoint") {
		t.Errorf("read-only directory: %s", got)
	}
}

// lineWriter collects progress lines and says when one arrives.
type lineWriter struct {
	mu    sync.Mutex
	lines []string
	added chan struct{}
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w.lines = append(w.lines, l)
		select {
		case w.added <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}

func (w *lineWriter) snapshot() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.lines)
}

// TestProgressAtTheIntervalAsked: off a terminal, progress is a line at
// every interval, also while one long batch is in flight, and counts rows;
// its share is of the rows settled, so it does not say 100% while the only
// batch is still being written. The fake service holds the batch until two
// progress lines have been written during it.
func TestProgressAtTheIntervalAsked(t *testing.T) {
	out := &lineWriter{added: make(chan struct{}, 1)}
	alias := regexp.MustCompile(`\bf\d+:`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Query string }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !strings.Contains(req.Query, "ingest(") {
			data := map[string]any{} // the graph has nothing
			for _, a := range alias.FindAllString(req.Query, -1) {
				data[strings.TrimSuffix(a, ":")] = nil
			}
			json.NewEncoder(w).Encode(map[string]any{"data": data})
			return
		}
		before := len(out.snapshot())
		deadline := time.After(20 * time.Second)
		for len(out.snapshot()) < before+2 {
			select {
			case <-out.added:
			case <-deadline:
				t.Error("no progress line while the batch was in flight")
				http.Error(w, "timeout", http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprint(w, `{"data": {"ingest": {"validateOnly": false, "created": 20, "updated": 0, "unchanged": 0, "relationshipsCreated": 0, "counts": []}}}`)
	}))
	defer srv.Close()
	path := copyGDELTFixture(t)
	s, err := Run(context.Background(), []string{path}, Options{
		Client: &Client{URL: srv.URL, Attempts: 1}, BatchSize: 500, Progress: out, ProgressEvery: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if f := s.Files[0].Tally; f.Rows != 21 || f.Imported != 20 || f.Rejected != 1 {
		t.Errorf("tally %+v", f)
	}
	var during, last string
	for _, l := range out.snapshot() {
		if strings.HasPrefix(l, "kg: events.gdelt.csv: 21 rows read, 0 settled") {
			during = l
		}
		if strings.HasPrefix(l, "kg: events.gdelt.csv: ") {
			last = l
		}
	}
	if !strings.Contains(during, "(0%)") {
		t.Errorf("no line, or a share ahead of the rows settled, while the batch was in flight: %q\n%s", during, strings.Join(out.snapshot(), "\n"))
	}
	if !strings.HasPrefix(last, "kg: events.gdelt.csv: 21 rows read, 21 settled (100%)") || !strings.Contains(last, "imported 20, resolved 0, merged 0, rejected 1") {
		t.Errorf("last progress line %q", last)
	}
}

// TestTooLargeBatchesAreSplit: a batch the service finds too large
// (QUERY_TOO_COMPLEX, as a request past its timeout is) is sent again in
// halves, down to what the service takes, and every row still lands in its
// class. The fake service takes at most 6 events a batch and counts what it
// was sent.
func TestTooLargeBatchesAreSplit(t *testing.T) {
	alias := regexp.MustCompile(`\bf\d+:`)
	var mu sync.Mutex
	var sizes []int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query     string
			Variables struct {
				Input struct{ Events []any }
			}
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !strings.Contains(req.Query, "ingest(") {
			data := map[string]any{}
			for _, a := range alias.FindAllString(req.Query, -1) {
				data[strings.TrimSuffix(a, ":")] = nil
			}
			json.NewEncoder(w).Encode(map[string]any{"data": data})
			return
		}
		n := len(req.Variables.Input.Events)
		mu.Lock()
		sizes = append(sizes, n)
		mu.Unlock()
		if n > 6 {
			fmt.Fprint(w, `{"errors": [{"message": "the request took longer than the limit of 20s and was stopped: ask for less", "path": ["ingest"], "extensions": {"code": "QUERY_TOO_COMPLEX"}}], "data": null}`)
			return
		}
		fmt.Fprintf(w, `{"data": {"ingest": {"validateOnly": false, "created": %d, "updated": 0, "unchanged": 0, "relationshipsCreated": 0, "counts": []}}}`, n)
	}))
	defer srv.Close()
	path := copyGDELTFixture(t)
	s, err := Run(context.Background(), []string{path}, Options{
		Client: &Client{URL: srv.URL, Attempts: 1}, BatchSize: 500, Progress: io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	if f := s.Files[0].Tally; f.Rows != 21 || f.Imported != 20 || f.Rejected != 1 {
		t.Errorf("tally %+v", f)
	}
	mu.Lock()
	defer mu.Unlock()
	written := 0
	for _, n := range sizes {
		if n <= 6 {
			written += n
		}
	}
	if sizes[0] != 20 || written != 20 {
		t.Errorf("batches sent %v: want the 20 events first, then halves that add up to 20", sizes)
	}
}

// copyGDELTFixture copies the GDELT 2.0 fixture where the run may keep its
// checkpoint beside it.
func copyGDELTFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.gdelt.csv")
	raw, err := os.ReadFile("testdata/events.gdelt.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
