package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/eventgraph/eventgraph/graph/model"
)

// Format is an input file format.
type Format string

// The formats kg reads.
const (
	FormatAuto  Format = "auto"
	FormatJSONL Format = "jsonl"
	FormatGDELT Format = "gdelt"
	FormatACLED Format = "acled"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatAuto, FormatJSONL, FormatGDELT, FormatACLED:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use auto, jsonl, gdelt or acled", s)
}

// Record is what one input row, or several rows that describe one event,
// contribute to a batch.
type Record struct {
	// Line is the 1-based line of the row in its file (the first line of a
	// CSV record that spans several); for merged rows, the first of them.
	Line int
	// Merged are the lines of the other rows folded into this record: an
	// ACLED export repeats an event on one row per actor (the monadic
	// export), and those rows are one event with all their actors.
	Merged []int
	// Input holds the row's entities; an event row brings its actors,
	// locations and sources along.
	Input model.IngestInput
	// CreateOnly marks rows from datasets: their actors, locations and
	// sources are created when the graph lacks them but never overwrite one
	// it has (kg sends their batches with IfExists KEEP; the service finds
	// what the graph holds), so that a GDELT "VLADIMIR PUTIN" does not turn the curated
	// vladimir-putin into an organisation, and an article GDELT meets again a
	// day later keeps the date it was first seen.
	CreateOnly bool
	// Err is why the row could not be read; Input is empty then.
	Err error
}

// Lines are all the input lines the record stands for, Line first.
func (r *Record) Lines() []int { return append([]int{r.Line}, r.Merged...) }

// Reader yields the records of one file; io.EOF ends it. A row that cannot
// be parsed is a Record with Err set, not an error: the caller decides
// whether to skip it. An error is something that stops the whole file. A
// reader yields the same records in the same order for the same content,
// which is what lets an interrupted import resume after the records it
// committed.
type Reader interface {
	Next() (*Record, error)
}

// variantReader is a reader that can say which variant of its format it met
// ("GDELT 1.0, 58 columns").
type variantReader interface {
	Variant() string
}

// settledReader is a reader that yields records out of line order (it holds
// rows back until every row of their event is read); Settled is the last
// line up to which every row has been yielded.
type settledReader interface {
	Settled() int
}

// NewReader reads r in format f (not FormatAuto). For ACLED, rows that share
// an event id anywhere in the file are one record; without the counts
// OpenFile gathers first, every such group is held until the end of r.
func NewReader(f Format, r io.Reader) (Reader, error) {
	switch f {
	case FormatJSONL:
		return newJSONLReader(r), nil
	case FormatGDELT:
		return newGDELTReader(r)
	case FormatACLED:
		return newACLEDReader(r, nil)
	}
	return nil, fmt.Errorf("no reader for format %q", f)
}

// File is an input opened in its format.
type File struct {
	*Input
	Format Format
	Reader
}

// Variant is which variant of the format the file's rows have shown so far.
func (f *File) Variant() string {
	if v, ok := f.Reader.(variantReader); ok {
		return v.Variant()
	}
	return ""
}

// OpenFile opens path and reads it in format f, detecting it when f is
// FormatAuto. An ACLED export is read twice: first to count the rows of
// each event id, so that the rows of one event are yielded as one record as
// soon as the last of them is read, wherever they are in the file.
func OpenFile(path string, f Format) (*File, error) {
	in, err := Open(path)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(in.Head(), []byte("\xef\xbb\xbf")))) == 0 {
		// an export of a quiet quarter hour: nothing to import, nothing wrong
		if f == FormatAuto {
			f = ""
		}
		return &File{Input: in, Format: f, Reader: emptyReader{}}, nil
	}
	if f == "" || f == FormatAuto {
		if f, err = Detect(path, in.Head()); err != nil {
			in.Close()
			return nil, err
		}
	}
	// the readers read in.Reader, the buffer Pos knows about, and no
	// buffer of their own, so that progress sees how far they have got
	var r Reader
	if f == FormatACLED {
		var counts map[uint64]int32
		if counts, err = acledCountsOf(path); err == nil {
			r, err = newACLEDReader(in.Reader, counts)
		}
	} else {
		r, err = NewReader(f, in.Reader)
	}
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &File{Input: in, Format: f, Reader: r}, nil
}

// Detect picks the format of a file from its first lines: a line starting
// with "{" (or a .jsonl/.ndjson name) is JSON Lines; a header naming
// event_id_cnty is ACLED; a header naming GLOBALEVENTID, or rows of 57 or 58
// (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns whose first fields
// have the shapes of an event id and its dates, is GDELT. The name decides
// nothing else: a GDELT export renamed .txt is still GDELT.
func Detect(name string, head []byte) (Format, error) {
	lower := strings.ToLower(name)
	for _, ext := range []string{".gz", ".zip"} {
		lower = strings.TrimSuffix(lower, ext)
	}
	if strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson") {
		return FormatJSONL, nil
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(head)) == 0 {
		return "", fmt.Errorf("%s: the file is empty", name)
	}
	lines := bytes.Split(head, []byte("\n"))
	if len(head) == headSize && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last is cut short
	}
	first := true
	for i, raw := range lines {
		if i == 8 {
			break
		}
		line := bytes.TrimRight(raw, "\r")
		t := bytes.TrimSpace(line)
		if len(t) == 0 {
			continue
		}
		if first {
			first = false
			l := strings.ToLower(string(t))
			switch {
			case t[0] == '{' || bytes.HasPrefix(t, []byte("//")):
				return FormatJSONL, nil
			case strings.Contains(l, "event_id_cnty"):
				return FormatACLED, nil
			case strings.Contains(l, "globaleventid"):
				return FormatGDELT, nil
			}
		}
		if gdeltRowLayout(strings.Split(string(line), "\t")) != nil {
			return FormatGDELT, nil
		}
	}
	return "", fmt.Errorf("%s: cannot tell the format: not JSON Lines, not a GDELT event export (57 or 58 tab-separated columns for GDELT 1.0, 61 for 2.0, or a header naming GLOBALEVENTID), not an ACLED export (a header naming event_id_cnty); pass --format", name)
}

// emptyReader reads a file without rows.
type emptyReader struct{}

func (emptyReader) Next() (*Record, error) { return nil, io.EOF }
