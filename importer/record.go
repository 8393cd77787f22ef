package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// Record is what one input row contributes to a batch.
type Record struct {
	// Line is the 1-based line of the row in its file (the first line of a
	// CSV record that spans several).
	Line int
	// Input holds the row's entities; an event row brings its actors,
	// locations and sources along.
	Input model.IngestInput
	// CreateOnly marks rows from datasets: their actors, locations and
	// sources are created when the graph lacks them but never overwrite one
	// it has, so that a GDELT "VLADIMIR PUTIN" does not turn the curated
	// vladimir-putin into an organisation, and an article GDELT meets again a
	// day later keeps the date it was first seen.
	CreateOnly bool
	// Err is why the row could not be read; Input is empty then.
	Err error
}

// Reader yields the records of one file in order; io.EOF ends it. A row that
// cannot be parsed is a Record with Err set, not an error: the caller decides
// whether to skip it. An error is something that stops the whole file.
type Reader interface {
	Next() (*Record, error)
}

// NewReader reads r in format f (not FormatAuto).
func NewReader(f Format, r io.Reader) (Reader, error) {
	switch f {
	case FormatJSONL:
		return newJSONLReader(r), nil
	case FormatGDELT:
		return newGDELTReader(r), nil
	case FormatACLED:
		return newACLEDReader(r)
	}
	return nil, fmt.Errorf("no reader for format %q", f)
}

// Detect picks the format of a file from its name and its first bytes:
// .jsonl/.ndjson or a first line starting with "{" is JSON Lines; a first line
// with 58 or more tab-separated columns is GDELT (its exports are named
// *.export.CSV); a comma-separated header naming event_id_cnty is ACLED.
func Detect(name string, head []byte) (Format, error) {
	lower := strings.ToLower(name)
	for _, ext := range []string{".gz", ".zip"} {
		lower = strings.TrimSuffix(lower, ext)
	}
	switch {
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"):
		return FormatJSONL, nil
	}
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	first = bytes.TrimPrefix(bytes.TrimSpace(first), []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(first, []byte("{")):
		return FormatJSONL, nil
	case bytes.Count(first, []byte("\t")) >= 57:
		return FormatGDELT, nil
	case bytes.Contains(first, []byte("event_id_cnty")):
		return FormatACLED, nil
	case strings.Contains(lower, ".export.csv"):
		return FormatGDELT, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format (not JSON Lines, not a 61-column GDELT export, no ACLED header with event_id_cnty); pass --format", name)
}

// Input is an opened input file: its decompressed content, how far reading
// has got (for progress) and how much there is.
type Input struct {
	io.Reader
	Path string
	// Total is the size progress counts against; Done() is how much of it
	// has been read.
	Total   int64
	counter *countingReader
	closers []io.Closer
}

// Done is how many bytes of Total have been read.
func (in *Input) Done() int64 { return in.counter.n }

// Close closes the file.
func (in *Input) Close() error {
	var errs []error
	for i := len(in.closers) - 1; i >= 0; i-- {
		errs = append(errs, in.closers[i].Close())
	}
	return errors.Join(errs...)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Open opens a file for reading, decompressing .gz and .zip (GDELT publishes
// its exports as zip files holding one CSV).
func Open(path string) (*Input, error) {
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		var files []*zip.File
		for _, f := range zr.File {
			if !f.FileInfo().IsDir() {
				files = append(files, f)
			}
		}
		if len(files) != 1 {
			zr.Close()
			return nil, fmt.Errorf("%s: a zip input must hold exactly one file, it holds %d", path, len(files))
		}
		rc, err := files[0].Open()
		if err != nil {
			zr.Close()
			return nil, fmt.Errorf("open %s in %s: %w", files[0].Name, path, err)
		}
		c := &countingReader{r: rc}
		return &Input{Reader: bufio.NewReaderSize(c, 1<<16), Path: path, Total: int64(files[0].UncompressedSize64), counter: c, closers: []io.Closer{zr, rc}}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	c := &countingReader{r: f}
	in := &Input{Path: path, Total: st.Size(), counter: c, closers: []io.Closer{f}}
	if strings.EqualFold(filepath.Ext(path), ".gz") {
		// progress counts compressed bytes against the compressed size
		gz, err := gzip.NewReader(bufio.NewReaderSize(c, 1<<16))
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s is not gzip: %w", path, err)
		}
		in.Reader = gz
		in.closers = append(in.closers, gz)
		return in, nil
	}
	in.Reader = bufio.NewReaderSize(c, 1<<16)
	return in, nil
}

// Head returns the first bytes of the input without consuming them, for Detect.
func (in *Input) Head() []byte {
	br, ok := in.Reader.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(in.Reader, 1<<16)
		in.Reader = br
	}
	b, _ := br.Peek(8192)
	return b
}
