package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
