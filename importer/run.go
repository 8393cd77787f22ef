package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"
)

// OnError says what a bad row does: a row that cannot be parsed, or one the
// server rejects as BAD_USER_INPUT.
type OnError string

// The --on-error choices.
const (
	// Skip reports the bad row, leaves it out and goes on.
	Skip OnError = "skip"
	// Stop commits what came before the bad row and stops with an error.
	Stop OnError = "stop"
)

// Options configure an import.
type Options struct {
	Client *Client
	// Format is FormatAuto to detect each file's format.
	Format Format
	// BatchSize is the number of rows per ingest call; zero means 500.
	BatchSize int
	// DryRun sends every batch with validateOnly: the server checks it all
	// and writes nothing. No checkpoint is read or written.
	DryRun  bool
	OnError OnError
	// Checkpoint is the checkpoint file for a single input; empty means
	// DefaultCheckpointPath.
	Checkpoint string
	// Restart ignores an existing checkpoint and imports from the start.
	Restart bool
	// Progress receives progress reports (stderr); nil is silent.
	Progress io.Writer
	// Terminal draws a progress bar of TerminalWidth columns instead of
	// plain lines every ProgressEvery.
	Terminal      bool
	TerminalWidth int
	ProgressEvery time.Duration
	// AddCodes lets a dataset add its actor codes (CAMEO RUSGOV) to actors
	// the graph already has; off, a dataset import changes nothing that
	// existed before it.
	AddCodes bool
	// AfterCommit runs after each committed batch, once its checkpoint is
	// saved, with the number of batches committed so far in this run.
	AfterCommit func(batches int)
}

// ErrStopped is returned when a bad row stopped the import (--on-error=stop).
var ErrStopped = errors.New("import stopped at a bad row")

// fileError ends the import of one file (it cannot be opened, is not in a
// format kg reads, breaks off halfway) but not of the files after it.
type fileError struct{ err error }

func (e fileError) Error() string { return e.err.Error() }
func (e fileError) Unwrap() error { return e.err }

// Run imports the files in order and returns what it did. A file that
// cannot be read is reported in its FileSummary and the others are
// imported all the same; the error is what ended the whole import: the
// service unusable, an interruption, or ErrStopped (wrapped) when
// --on-error=stop stopped it. The summary is valid either way.
func Run(ctx context.Context, files []string, opt Options) (*Summary, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if opt.OnError == "" {
		opt.OnError = Skip
	}
	if opt.Checkpoint != "" && len(files) > 1 {
		return nil, errors.New("--checkpoint names the checkpoint of one input; with several inputs each gets its own default checkpoint")
	}
	start := time.Now()
	s := &Summary{DryRun: opt.DryRun}
	var err error
	for _, f := range files {
		if err != nil {
			s.Files = append(s.Files, FileSummary{Path: f, Status: StatusSkipped})
			continue
		}
		var fs *FileSummary
		fs, err = runFile(ctx, f, opt)
		s.Files = append(s.Files, *fs)
		s.Total.add(fs.Tally)
		if err != nil {
			s.Stopped = errors.Is(err, ErrStopped)
		}
	}
	s.Duration = time.Since(start)
	return s, err
}

// fileRun is the import of one file: its reader, batcher and committer.
type fileRun struct {
	opt     Options
	file    *File
	fs      *FileSummary
	batch   *batcher
	commit  *committer
	prog    *progress
	skip    int // records an earlier run committed
	settled int // the line up to which every row read is in a batch
}

func runFile(ctx context.Context, path string, opt Options) (*FileSummary, error) {
	fs := &FileSummary{Path: path, Status: StatusDone}
	f, err := OpenFile(path, opt.Format)
	if err != nil {
		fs.Status, fs.Error = StatusFailed, err.Error()
		return fs, nil
	}
	defer f.Close()
	fs.Format = f.Format
	r := &fileRun{opt: opt, file: f, fs: fs, batch: newBatcher(opt.BatchSize)}
	r.commit = &committer{client: opt.Client, path: path, dryRun: opt.DryRun, onError: opt.OnError, addCodes: opt.AddCodes,
		tally: &fs.Tally, afterCommit: opt.AfterCommit}
	if err := r.resume(); err != nil {
		fs.Status, fs.Error = StatusFailed, err.Error()
		return fs, nil
	}
	r.prog = startProgress(opt.Progress, opt.Terminal, opt.TerminalWidth, opt.ProgressEvery, path, f.Total)
	r.commit.prog = r.prog
	if fs.ResumedAfter > 0 {
		r.prog.note("%s: resuming after line %d (checkpoint %s)", path, fs.ResumedAfter, fs.Checkpoint)
	}
	err = r.read(ctx)
	fs.Variant = f.Variant()
	r.prog.finish(err == nil)
	var fe fileError
	switch {
	case err == nil:
		if fs.Tally.Rows > 0 && fs.Tally.Rejected == fs.Tally.Rows {
			r.prog.note("every row of %s was rejected: is it really %s? (--format)", path, f.Format)
		}
		if r.commit.cp != nil {
			// the file is done: a rerun imports it again (changing
			// nothing) rather than skipping it
			if err := removeFile(fs.Checkpoint); err != nil {
				return fs, err
			}
			fs.Checkpoint = ""
		}
		return fs, nil
	case errors.As(err, &fe):
		fs.Status, fs.Error = StatusFailed, err.Error()
		err = nil
	case errors.Is(err, ErrStopped):
		fs.Status, fs.Error = StatusStopped, err.Error()
	default:
		fs.Status, fs.Error = StatusInterrupted, err.Error()
	}
	fs.Committed = r.commit.cp != nil && r.commit.cp.Records > 0
	return fs, err
}

// resume loads the file's checkpoint, or starts one (none in a dry run).
func (r *fileRun) resume() error {
	if r.opt.DryRun {
		return nil
	}
	path := r.fs.Path
	cpPath := r.opt.Checkpoint
	if cpPath == "" {
		cpPath = DefaultCheckpointPath(path)
	}
	fp, err := fingerprint(path)
	if err != nil {
		return err
	}
	var cp *checkpoint
	if !r.opt.Restart {
		if cp, err = loadCheckpoint(cpPath); err != nil {
			return err
		}
	}
	switch {
	case cp != nil && (cp.Fingerprint != fp || cp.Format != r.file.Format):
		return fmt.Errorf("checkpoint %s was written for another version of %s; pass --restart to import it from the start (a re-import changes nothing that is already there)", cpPath, path)
	case cp != nil:
		r.fs.ResumedAfter = cp.LastLine
		r.fs.Tally = cp.Tally
		r.skip, r.settled = cp.Records, cp.LastLine
	default:
		abs, _ := filepath.Abs(path)
		cp = &checkpoint{Version: checkpointVersion, Input: abs, Fingerprint: fp, Format: r.file.Format}
	}
	r.commit.cp, r.commit.cpPath, r.fs.Checkpoint = cp, cpPath, cpPath
	return nil
}

// read reads the file's records into batches and commits them.
func (r *fileRun) read(ctx context.Context) error {
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: interrupted after line %d: %w", r.fs.Path, r.settled, err)
		}
		if n == r.skip {
			r.prog.begin(r.file.Pos(), r.skip > 0) // where this run's own rows start
		}
		rec, err := r.file.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fileError{fmt.Errorf("%s: %w", r.fs.Path, err)}
		}
		if n < r.skip {
			continue // committed by an earlier run
		}
		r.prog.rowsRead(1 + len(rec.Merged))
		if rec.Err != nil {
			r.prog.note("%s:%d: %s", r.fs.Path, rec.Line, rec.Err)
			if r.opt.OnError == Stop {
				// commit what came before the bad row, so that a rerun
				// after fixing it resumes right there
				if err := r.flush(ctx); err != nil {
					return err
				}
				r.fs.Tally.reject(r.fs.Path, rec.Err.Error(), rec.Lines()...)
				return fmt.Errorf("%w: %s:%d: %s", ErrStopped, r.fs.Path, rec.Line, rec.Err)
			}
		}
		if r.batch.conflicts(rec) {
			if err := r.flush(ctx); err != nil {
				return err
			}
		}
		r.batch.add(rec)
		r.settled = r.settledAfter(rec)
		if r.batch.full() {
			// a run of bad rows moves the checkpoint on too
			if err := r.flush(ctx); err != nil {
				return err
			}
		}
	}
	return r.flush(ctx)
}

// settledAfter is the line up to which every row is read once rec is.
func (r *fileRun) settledAfter(rec *Record) int {
	if s, ok := r.file.Reader.(settledReader); ok {
		return s.Settled()
	}
	return max(r.settled, slices.Max(rec.Lines()))
}

func (r *fileRun) flush(ctx context.Context) error {
	recs := r.batch.take()
	if len(recs) == 0 {
		return nil
	}
	return r.commit.commit(ctx, recs, r.settled, r.file.Pos())
}
