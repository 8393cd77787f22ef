package importer

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/graph/model"
)

// Every row of an input lands in exactly one of these classes. A row is a
// line of JSON Lines or a data row of a GDELT or ACLED file (a CSV row whose
// quoted notes span lines counts once, at its first line).
const (
	// ClassImported: the row's items were written (created or updated).
	ClassImported = "imported"
	// ClassResolved: the row's event was already in the graph (a re-import,
	// or an event another file brought), so the row changed at most what
	// it adds to that event.
	ClassResolved = "resolved"
	// ClassMerged: the row repeats an event another row of the file
	// describes (ACLED's monadic export, a duplicate row) and was folded
	// into that row's event.
	ClassMerged = "merged"
	// ClassRejected: the row was not imported; the rejections say why.
	ClassRejected = "rejected"
)

// Failure is a row that was rejected, and why.
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

// Tally counts what an import did. Rows = Imported + Resolved + Merged +
// Rejected, always.
type Tally struct {
	Rows     int `json:"rows"`
	Imported int `json:"imported"`
	Resolved int `json:"resolved"`
	Merged   int `json:"merged"`
	Rejected int `json:"rejected"`
	// Rejections lists the first MaxFailures rejected rows of each file.
	Rejections []Failure `json:"rejections,omitempty"`
	// Lines are the lines of each class, for one file (not in totals).
	Lines *ClassLines `json:"lines,omitempty"`

	Batches              int                    `json:"batches"`
	Created              int                    `json:"created"`
	Updated              int                    `json:"updated"`
	Unchanged            int                    `json:"unchanged"`
	RelationshipsCreated int                    `json:"relationshipsCreated"`
	ByType               map[string]*TypeCounts `json:"byType,omitempty"`
}

// ClassLines are the input lines of each class, as ranges ("1-18,20-21").
type ClassLines struct {
	Imported LineSet `json:"imported"`
	Resolved LineSet `json:"resolved"`
	Merged   LineSet `json:"merged"`
	Rejected LineSet `json:"rejected"`
}

func (c *ClassLines) of(class string) *LineSet {
	switch class {
	case ClassImported:
		return &c.Imported
	case ClassResolved:
		return &c.Resolved
	case ClassMerged:
		return &c.Merged
	}
	return &c.Rejected
}

// MaxFailures bounds the rejections a file's tally lists (it counts them
// all), so that a file of the wrong shape does not make a checkpoint or a
// report as large as itself.
const MaxFailures = 1000

// count puts lines in class.
func (t *Tally) count(class string, lines ...int) {
	n := len(lines)
	t.Rows += n
	switch class {
	case ClassImported:
		t.Imported += n
	case ClassResolved:
		t.Resolved += n
	case ClassMerged:
		t.Merged += n
	default:
		t.Rejected += n
	}
	if t.Lines == nil {
		t.Lines = &ClassLines{}
	}
	for _, l := range lines {
		t.Lines.of(class).Add(l)
	}
}

// reject counts the lines of a rejected record, each with the reason.
func (t *Tally) reject(file, reason string, lines ...int) {
	t.count(ClassRejected, lines...)
	for _, l := range lines {
		if len(t.Rejections) < MaxFailures {
			t.Rejections = append(t.Rejections, Failure{File: file, Line: l, Reason: reason})
		}
	}
	sort.SliceStable(t.Rejections, func(i, j int) bool { return t.Rejections[i].Line < t.Rejections[j].Line })
}

func (t *Tally) addResult(r *model.IngestResult) {
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

// add sums a file's tally into a total (without its lines).
func (t *Tally) add(o Tally) {
	t.Rows += o.Rows
	t.Imported += o.Imported
	t.Resolved += o.Resolved
	t.Merged += o.Merged
	t.Rejected += o.Rejected
	t.Rejections = append(t.Rejections, o.Rejections...)
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
}

// The states a file ends in.
const (
	// StatusDone: every row was read and accounted for.
	StatusDone = "done"
	// StatusFailed: the file could not be read (missing, not a format kg
	// knows, a header without the columns it needs, a stale checkpoint);
	// Error says why. Other files are imported all the same.
	StatusFailed = "failed"
	// StatusStopped: --on-error=stop stopped at a bad row.
	StatusStopped = "stopped"
	// StatusInterrupted: the service failed or the import was interrupted;
	// what was committed is in the checkpoint.
	StatusInterrupted = "interrupted"
	// StatusSkipped: not started, because an earlier file's failure
	// (the service unreachable) ended the import.
	StatusSkipped = "skipped"
)

// FileSummary is what happened to one input file.
type FileSummary struct {
	Path   string `json:"path"`
	Format Format `json:"format,omitempty"`
	// Variant is the variant of the format the file's rows have
	// ("GDELT 1.0, 58 columns").
	Variant string `json:"variant,omitempty"`
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
	// ResumedAfter is the last line a previous, interrupted run had
	// settled, every row before it included.
	ResumedAfter int   `json:"resumedAfter,omitempty"`
	Tally        Tally `json:"tally"`
	// Checkpoint is the checkpoint kept for a file not finished; Committed
	// says whether it holds anything a rerun would resume after.
	Checkpoint string `json:"checkpoint,omitempty"`
	Committed  bool   `json:"committed,omitempty"`
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

// Failed lists the files that could not be read.
func (s *Summary) Failed() []FileSummary {
	var out []FileSummary
	for _, f := range s.Files {
		if f.Status == StatusFailed {
			out = append(out, f)
		}
	}
	return out
}

// Resumable reports whether a rerun would resume after something this or
// an earlier run committed.
func (s *Summary) Resumable() bool {
	return slices.ContainsFunc(s.Files, func(f FileSummary) bool { return f.Checkpoint != "" && f.Committed })
}

// LineSet is a set of line numbers kept as sorted ranges, written as
// "1-18,20-21".
type LineSet struct {
	r [][2]int // disjoint, not adjacent, ascending
}

// Add puts a line in the set.
func (s *LineSet) Add(line int) {
	i := sort.Search(len(s.r), func(i int) bool { return s.r[i][1] >= line-1 })
	switch {
	case i < len(s.r) && s.r[i][0] <= line && line <= s.r[i][1]:
		return
	case i < len(s.r) && s.r[i][1] == line-1:
		s.r[i][1] = line
		if i+1 < len(s.r) && s.r[i+1][0] == line+1 {
			s.r[i][1] = s.r[i+1][1]
			s.r = slices.Delete(s.r, i+1, i+2)
		}
	case i < len(s.r) && s.r[i][0] == line+1:
		s.r[i][0] = line
	default:
		s.r = slices.Insert(s.r, i, [2]int{line, line})
	}
}

// Contains reports whether line is in the set.
func (s *LineSet) Contains(line int) bool {
	i := sort.Search(len(s.r), func(i int) bool { return s.r[i][1] >= line })
	return i < len(s.r) && s.r[i][0] <= line
}

// Len is how many lines the set holds.
func (s *LineSet) Len() int {
	n := 0
	for _, r := range s.r {
		n += r[1] - r[0] + 1
	}
	return n
}

func (s LineSet) String() string {
	parts := make([]string, len(s.r))
	for i, r := range s.r {
		if r[0] == r[1] {
			parts[i] = strconv.Itoa(r[0])
		} else {
			parts[i] = fmt.Sprintf("%d-%d", r[0], r[1])
		}
	}
	return strings.Join(parts, ",")
}

// MarshalJSON writes the set as its ranges.
func (s LineSet) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads ranges as MarshalJSON writes them.
func (s *LineSet) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	s.r = nil
	for _, part := range strings.Split(str, ",") {
		if part == "" {
			continue
		}
		lo, hi, found := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if found {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || b < a {
			return fmt.Errorf("%q is not a list of line ranges", str)
		}
		if n := len(s.r); n == 0 || s.r[n-1][1] < a-1 {
			s.r = append(s.r, [2]int{a, b}) // as String writes them
			continue
		}
		for l := a; l <= b; l++ {
			s.Add(l)
		}
	}
	return nil
}
