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
		a.fail(Failure{Line: i + 1})
	}
	if a.Failed != MaxFailures+500 || len(a.Failures) != MaxFailures {
		t.Fatalf("failed %d, listed %d", a.Failed, len(a.Failures))
	}
	var total Tally
	total.fail(Failure{Line: 1})
	total.add(a)
	if total.Failed != MaxFailures+501 || len(total.Failures) != MaxFailures {
		t.Errorf("sum: failed %d, listed %d", total.Failed, len(total.Failures))
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
	if cp.LastLine != 5 || cp.Tally.Rows != 5 || cp.Tally.Failed != 5 || cp.Format != FormatJSONL {
		t.Errorf("checkpoint after one batch: %+v", cp)
	}
	if s.Total.Failed != 5 {
		t.Errorf("interrupted summary: %+v", s.Total)
	}

	opt.AfterCommit = nil
	s, err = Run(context.Background(), []string{path}, opt)
	if err != nil {
		t.Fatal(err)
	}
	f := s.Files[0]
	if f.ResumedAfter != 5 || f.Tally.Rows != 12 || f.Tally.Failed != 12 || f.Tally.Failures[11].Line != 12 || f.Tally.Batches != 0 {
		t.Errorf("resumed: %+v", f)
	}
	if _, err := os.Stat(path + ".kg-checkpoint"); !os.IsNotExist(err) {
		t.Errorf("finished import kept its checkpoint: %v", err)
	}

	// a checkpoint for another file's content is refused
	if err := os.WriteFile(path+".kg-checkpoint", []byte(`{"version":1,"fingerprint":"other","lastLine":3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), []string{path}, opt); err == nil || !strings.Contains(err.Error(), "--restart") {
		t.Errorf("a foreign checkpoint: %v", err)
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
