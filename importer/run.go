package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/graph/model"
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

// Failure is a row that was not imported.
type Failure struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// TypeCounts are the counts of one node type.
type TypeCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Tally counts what an import did.
type Tally struct {
	Rows                 int                    `json:"rows"`
	Batches              int                    `json:"batches"`
	Created              int                    `json:"created"`
	Updated              int                    `json:"updated"`
	Unchanged            int                    `json:"unchanged"`
	Failed               int                    `json:"failed"`
	RelationshipsCreated int                    `json:"relationshipsCreated"`
	ByType               map[string]*TypeCounts `json:"byType,omitempty"`
	// Failures lists the first MaxFailures failed rows.
	Failures []Failure `json:"failures,omitempty"`
}

func (t *Tally) addResult(r *model.IngestResult, reused map[model.NodeType]int) {
	t.Batches++
	t.Created += r.Created
	t.Updated += r.Updated
	t.Unchanged += r.Unchanged
	t.RelationshipsCreated += r.RelationshipsCreated
	for _, c := range r.Counts {
		tc := t.typeCounts(string(c.Type))
		tc.Created += c.Created
		tc.Updated += c.Updated
		tc.Unchanged += c.Unchanged
	}
	for typ, n := range reused {
		t.Unchanged += n
		t.typeCounts(string(typ)).Unchanged += n
	}
}

func (t *Tally) typeCounts(typ string) *TypeCounts {
	if t.ByType == nil {
		t.ByType = map[string]*TypeCounts{}
	}
	tc := t.ByType[typ]
	if tc == nil {
		tc = &TypeCounts{}
		t.ByType[typ] = tc
	}
	return tc
}

func (t *Tally) add(o Tally) {
	t.Rows += o.Rows
	t.Batches += o.Batches
	t.Created += o.Created
	t.Updated += o.Updated
	t.Unchanged += o.Unchanged
	t.RelationshipsCreated += o.RelationshipsCreated
	for typ, c := range o.ByType {
		tc := t.typeCounts(typ)
		tc.Created += c.Created
		tc.Updated += c.Updated
		tc.Unchanged += c.Unchanged
	}
	t.fail(o.Failures...)
	t.Failed += o.Failed - len(o.Failures) // those counted but not listed
}

// MaxFailures bounds the failures a tally lists (it counts them all), so
// that a file of the wrong format does not make a checkpoint as large as
// itself.
const MaxFailures = 1000

func (t *Tally) fail(fs ...Failure) {
	t.Failed += len(fs)
	for _, f := range fs {
		if len(t.Failures) < MaxFailures {
			t.Failures = append(t.Failures, f)
		}
	}
}

// FileSummary is what happened to one input file.
type FileSummary struct {
	Path   string `json:"path"`
	Format Format `json:"format"`
	// ResumedAfter is the last line a previous, interrupted run committed.
	ResumedAfter int    `json:"resumedAfter,omitempty"`
	Tally        Tally  `json:"tally"`
	Checkpoint   string `json:"checkpoint,omitempty"`
}

// Summary is what an import did, over all its files.
type Summary struct {
	DryRun   bool          `json:"dryRun"`
	Files    []FileSummary `json:"files"`
	Total    Tally         `json:"total"`
	Duration time.Duration `json:"durationNs"`
	// Stopped is set when --on-error=stop ended the import early.
	Stopped bool `json:"stopped"`
}

// ErrStopped is returned when a bad row stopped the import (--on-error=stop).
var ErrStopped = errors.New("import stopped at a bad row")

// Run imports the files in order and returns what it did. The error is
// ErrStopped (wrapped) when --on-error=stop stopped it, or whatever made an
// input unreadable or the service unusable; the summary is valid either way.
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
	k := newKnown()
	var err error
	for _, f := range files {
		var fs *FileSummary
		fs, err = runFile(ctx, f, opt, k)
		if fs != nil {
			s.Files = append(s.Files, *fs)
			s.Total.add(fs.Tally)
		}
		if err != nil {
			s.Stopped = errors.Is(err, ErrStopped)
			break
		}
	}
	s.Duration = time.Since(start)
	return s, err
}

type fileRun struct {
	opt     Options
	path    string
	client  *Client
	known   *known
	tally   *Tally
	cp      *checkpoint
	cpPath  string
	prog    *progress
	batches int
}

func runFile(ctx context.Context, path string, opt Options, k *known) (*FileSummary, error) {
	in, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	format := opt.Format
	if format == "" || format == FormatAuto {
		if format, err = Detect(path, in.Head()); err != nil {
			return nil, err
		}
	}
	fs := &FileSummary{Path: path, Format: format}
	rdr, err := NewReader(format, in)
	if err != nil {
		return fs, fmt.Errorf("%s: %w", path, err)
	}
	r := &fileRun{opt: opt, path: path, client: opt.Client, known: k, tally: &fs.Tally}
	r.prog = newProgress(opt.Progress, opt.Terminal, opt.TerminalWidth, opt.ProgressEvery, path)
	if !opt.DryRun {
		r.cpPath = opt.Checkpoint
		if r.cpPath == "" {
			r.cpPath = DefaultCheckpointPath(path)
		}
		fp, err := fingerprint(path)
		if err != nil {
			return fs, err
		}
		var cp *checkpoint
		if !opt.Restart {
			if cp, err = loadCheckpoint(r.cpPath); err != nil {
				return fs, err
			}
		}
		if cp != nil {
			if cp.Fingerprint != fp {
				return fs, fmt.Errorf("checkpoint %s was written for another version of %s; pass --restart to import it from the start (a re-import changes nothing that is already there)", r.cpPath, path)
			}
			fs.ResumedAfter = cp.LastLine
			*r.tally = cp.Tally
			r.prog.note("%s: resuming after line %d (checkpoint %s)", path, cp.LastLine, r.cpPath)
		} else {
			abs, _ := filepath.Abs(path)
			cp = &checkpoint{Version: 1, Input: abs, Fingerprint: fp, Format: format}
		}
		r.cp = cp
		fs.Checkpoint = r.cpPath
	}
	resumeAfter := 0
	if r.cp != nil {
		resumeAfter = r.cp.LastLine
	}

	var pending []*Record
	var pendingFailures []Failure    // parse failures since the last commit
	pendingKeys := map[string]bool{} // "actors/<id>" of the pending upserts
	lastSeen := resumeAfter
	read := 0 // rows read in this run, for progress; the tally counts committed rows
	flush := func() error {
		if len(pending) == 0 && len(pendingFailures) == 0 && lastSeen <= resumeAfter {
			return nil
		}
		err := r.commit(ctx, pending, pendingFailures, lastSeen)
		pending, pendingFailures, pendingKeys = nil, nil, map[string]bool{}
		resumeAfter = lastSeen
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return fs, fmt.Errorf("%s: interrupted after line %d: %w", path, lastSeen, err)
		}
		rec, err := rdr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fs, fmt.Errorf("%s: %w", path, err)
		}
		if rec.Line <= resumeAfter {
			continue
		}
		read++
		if rec.Err != nil {
			f := Failure{File: path, Line: rec.Line, Reason: rec.Err.Error()}
			r.prog.note("%s:%d: %s", path, rec.Line, f.Reason)
			if opt.OnError == Stop {
				// commit what came before the bad row, so a rerun after
				// fixing it resumes right there
				if err := flush(); err != nil {
					return fs, err
				}
				r.tally.Rows++
				r.tally.fail(f)
				return fs, fmt.Errorf("%w: %s:%d: %s", ErrStopped, path, rec.Line, f.Reason)
			}
			pendingFailures = append(pendingFailures, f)
			lastSeen = rec.Line
			if len(pending)+len(pendingFailures) >= opt.BatchSize {
				// a run of bad rows moves the checkpoint on too
				if err := flush(); err != nil {
					return fs, err
				}
			}
			continue
		}
		if !rec.CreateOnly {
			// Upserts of the same id must not share a batch (the service
			// rejects that): the earlier one is committed first, so that the
			// file means what its lines mean one after the other.
			keys := recordKeys(rec)
			for _, k := range keys {
				if pendingKeys[k] {
					if err := flush(); err != nil {
						return fs, err
					}
					break
				}
			}
			for _, k := range keys {
				pendingKeys[k] = true
			}
		}
		pending = append(pending, rec)
		lastSeen = rec.Line
		if len(pending)+len(pendingFailures) >= opt.BatchSize {
			if err := flush(); err != nil {
				return fs, err
			}
		}
		r.prog.update(read, in.Done(), in.Total, r.tally, false)
	}
	if err := flush(); err != nil {
		return fs, err
	}
	r.prog.update(read, in.Total, in.Total, r.tally, true)
	if r.tally.Rows > 0 && r.tally.Failed == r.tally.Rows {
		r.prog.note("every row of %s failed: is it really %s? (--format)", path, format)
	}
	if r.cp != nil {
		// the file is done: a rerun imports it again (changing nothing)
		// rather than skipping it
		if err := removeFile(r.cpPath); err != nil {
			return fs, err
		}
		fs.Checkpoint = ""
	}
	return fs, nil
}

// commit sends one batch. With --on-error=skip, items the server rejects are
// mapped back to their rows, those rows are dropped and the rest is sent
// again; with stop, the batch is not written and the import stops. Once the
// batch is written, the checkpoint moves to lastLine.
func (r *fileRun) commit(ctx context.Context, recs []*Record, parseFailures []Failure, lastLine int) error {
	rows := len(recs) + len(parseFailures)
	recs = slices.Clone(recs)
	var rejected []Failure
	for len(recs) > 0 {
		if err := r.lookup(ctx, recs); err != nil {
			return err
		}
		b := build(recs, r.known, r.opt.AddCodes)
		res, err := r.client.Ingest(ctx, b.input, r.opt.DryRun)
		if err == nil {
			r.tally.addResult(res, b.reused)
			if !r.opt.DryRun {
				for _, a := range b.input.Actors {
					if a.ID != nil {
						r.known.actors[*a.ID] = &existingActor{ID: *a.ID, Name: a.Name, Kind: a.Kind, Aliases: a.Aliases,
							Description: a.Description, CountryCode: a.CountryCode, WikidataID: a.WikidataID, Codes: a.Codes}
					}
				}
				for _, l := range b.input.Locations {
					if l.ID != nil {
						r.known.nodes[nodeKey("Location", *l.ID)] = true
					}
				}
				for _, s := range b.input.Sources {
					if s.ID != nil {
						r.known.nodes[nodeKey("Source", *s.ID)] = true
					}
				}
			}
			break
		}
		var ge *ErrorsResponse
		if !errors.As(err, &ge) || !ge.BadInput() {
			return fmt.Errorf("%s: batch of lines %d-%d: %w", r.path, recs[0].Line, recs[len(recs)-1].Line, err)
		}
		bad := r.badLines(ge, b, recs)
		if r.opt.OnError == Stop {
			r.tally.Rows += rows
			r.tally.fail(bad...)
			for _, f := range bad {
				r.prog.note("%s:%d: %s", f.File, f.Line, f.Reason)
			}
			return fmt.Errorf("%w: the service rejected the batch of lines %d-%d: %v", ErrStopped, recs[0].Line, recs[len(recs)-1].Line, ge)
		}
		drop := map[int]bool{}
		for _, f := range bad {
			drop[f.Line] = true
			r.prog.note("%s:%d: %s", f.File, f.Line, f.Reason)
		}
		rejected = append(rejected, bad...)
		recs = slices.DeleteFunc(recs, func(rec *Record) bool { return drop[rec.Line] })
	}
	all := append(parseFailures, rejected...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	r.tally.Rows += rows
	r.tally.fail(all...)
	r.batches++
	if r.cp != nil {
		r.cp.LastLine = lastLine
		r.cp.Tally = *r.tally
		if err := r.cp.save(r.cpPath); err != nil {
			return err
		}
	}
	if r.opt.AfterCommit != nil {
		r.opt.AfterCommit(r.batches)
	}
	return nil
}

// badLines maps the server's complaints to the rows they are about. A
// complaint that names no item condemns the whole batch.
func (r *fileRun) badLines(ge *ErrorsResponse, b built, recs []*Record) []Failure {
	items, unplaced := offendingItems(ge.Errors)
	reasons := map[int][]string{}
	for _, item := range items {
		for _, line := range b.lines[item] {
			reasons[line] = append(reasons[line], "rejected by the service: "+itemMessage(ge.Errors, item))
		}
	}
	if len(reasons) == 0 {
		// nothing names a row (or what it names is not in the batch)
		_ = unplaced
		msg := ge.Error()
		for _, rec := range recs {
			reasons[rec.Line] = []string{"rejected by the service with its batch: " + msg}
		}
	}
	var out []Failure
	for line, rs := range reasons {
		slices.Sort(rs)
		out = append(out, Failure{File: r.path, Line: line, Reason: strings.Join(slices.Compact(rs), "; ")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// itemMessage is the text of the errors about one item.
func itemMessage(errs []GQLError, item string) string {
	var msgs []string
	for _, e := range errs {
		items, _ := offendingItems([]GQLError{e})
		if len(items) == 1 && items[0] == item {
			m := e.Message
			if p := pathString(e.Extensions["path"]); p != "" && !strings.Contains(m, p) {
				m = p + ": " + m
			}
			msgs = append(msgs, m)
		}
	}
	return strings.Join(msgs, "; ")
}

// lookup asks the graph about the create-only actors, locations and sources
// of recs it has not asked about yet.
func (r *fileRun) lookup(ctx context.Context, recs []*Record) error {
	var actors, nodes []string
	seen := map[string]bool{}
	want := func(key, id string, list *[]string, isKnown bool) {
		if seen[key] {
			return
		}
		seen[key] = true
		if !isKnown {
			*list = append(*list, id)
		}
	}
	for _, rec := range recs {
		if !rec.CreateOnly {
			continue
		}
		for _, a := range rec.Input.Actors {
			if a.ID != nil {
				_, ok := r.known.actors[*a.ID]
				want("Actor/"+*a.ID, *a.ID, &actors, ok)
			}
		}
		for _, l := range rec.Input.Locations {
			if l.ID != nil {
				_, ok := r.known.nodes[nodeKey("Location", *l.ID)]
				want(nodeKey("Location", *l.ID), *l.ID, &nodes, ok)
			}
		}
		for _, s := range rec.Input.Sources {
			if s.ID != nil {
				_, ok := r.known.nodes[nodeKey("Source", *s.ID)]
				want(nodeKey("Source", *s.ID), *s.ID, &nodes, ok)
			}
		}
	}
	if len(actors) == 0 && len(nodes) == 0 {
		return nil
	}
	return r.client.lookup(ctx, actors, nodes, r.known)
}

// recordKeys are the ids a record writes, by list ("actors/hakan-fidan").
func recordKeys(rec *Record) []string {
	var keys []string
	add := func(list string, id *string) {
		if id != nil {
			keys = append(keys, list+"/"+*id)
		}
	}
	in := rec.Input
	for _, x := range in.Sources {
		add("sources", x.ID)
	}
	for _, x := range in.Actors {
		add("actors", x.ID)
	}
	for _, x := range in.Locations {
		add("locations", x.ID)
	}
	for _, x := range in.Topics {
		add("topics", x.ID)
	}
	for _, x := range in.Events {
		add("events", x.ID)
	}
	for _, x := range in.Positions {
		add("positions", x.ID)
	}
	for _, x := range in.Forecasts {
		add("forecasts", x.ID)
	}
	return keys
}
