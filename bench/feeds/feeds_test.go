package main

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/importer"
)

var start = time.Date(2025, 5, 24, 15, 15, 0, 0, time.UTC)

// shape is what kg's reader made of one generated file.
type shape struct {
	records, lines int
	variant        string
	ids            map[string]map[string]int // label -> id -> rows naming it
}

// read reads a generated file as `kg ingest` does (format detected by
// content) and fails on any row it would reject.
func read(t *testing.T, path string) shape {
	t.Helper()
	f, err := importer.OpenFile(path, importer.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := shape{ids: map[string]map[string]int{}}
	for {
		rec, err := f.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Err != nil {
			t.Fatalf("%s line %d rejected: %v", filepath.Base(path), rec.Line, rec.Err)
		}
		s.records++
		s.lines += len(rec.Lines())
		importer.EachID(&rec.Input, func(label, id string) {
			if s.ids[label] == nil {
				s.ids[label] = map[string]int{}
			}
			s.ids[label][id]++
		})
	}
	s.variant = f.Variant()
	return s
}

func TestEveryVariantReadsWithoutRejects(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		cfg     Config
		variant string
		// monadic: the records are fewer than the lines
		monadic bool
	}{
		{"gdelt 2.0", Config{GDELT: 1, Rows: 2000, Layout: GDELT2}, "GDELT 2.0, 61 columns", false},
		{"gdelt 1.0 daily", Config{GDELT: 1, Rows: 300, Layout: GDELT1}, "GDELT 1.0, 58 columns", false},
		{"gdelt 1.0 backfile", Config{GDELT: 1, Rows: 300, Layout: GDELT1Backfile}, "GDELT 1.0 historical backfile, 57 columns without SOURCEURL", false},
		{"acled", Config{ACLED: 1, ACLEDRows: 500}, "ACLED, 2023 columns", false},
		{"acled monadic", Config{ACLED: 1, ACLEDRows: 500, ACLEDOpts: ACLEDOptions{Monadic: true}}, "ACLED, 2023 columns, rows sharing an event id merged (monadic)", true},
		{"acled spreadsheet dates", Config{ACLED: 1, ACLEDRows: 300, ACLEDOpts: ACLEDOptions{Spreadsheet: true}}, "ACLED, 2023 columns", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cfg
			c.Seed, c.Start, c.Out = 42, start, filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			paths, err := Write(c)
			if err != nil || len(paths) != 1 {
				t.Fatalf("Write: %v %v", paths, err)
			}
			s := read(t, paths[0])
			if s.variant != tc.variant {
				t.Errorf("read as %q, want %q", s.variant, tc.variant)
			}
			want := c.Rows + c.ACLEDRows
			if s.records != want {
				t.Errorf("%d records, want %d (one per event)", s.records, want)
			}
			if tc.monadic {
				if s.lines <= s.records {
					t.Errorf("monadic: %d lines for %d events, want more lines than events", s.lines, s.records)
				}
			} else if s.lines != want {
				t.Errorf("%d lines read, want %d", s.lines, want)
			}
		})
	}
}

// The shape the benchmark relies on: a few actors in many rows, most seen
// once, and most places and articles distinct.
func TestGDELTShape(t *testing.T) {
	paths, err := Write(Config{Seed: 7, Start: start, Out: t.TempDir(), GDELT: 1, Rows: 2000, Layout: GDELT2})
	if err != nil {
		t.Fatal(err)
	}
	s := read(t, paths[0])
	actors, places, sources := s.ids["Actor"], s.ids["Location"], s.ids["Source"]
	once, top := 0, 0
	for _, n := range actors {
		if n == 1 {
			once++
		}
		top = max(top, n)
	}
	t.Logf("%d actors (%d seen once, the commonest in %d rows), %d locations, %d sources", len(actors), once, top, len(places), len(sources))
	if len(actors) < 700 || once < len(actors)/2 {
		t.Errorf("%d actors, %d seen once: want at least 700, most seen once", len(actors), once)
	}
	if top < 100 {
		t.Errorf("the commonest actor is in %d rows: want a head of actors in hundreds of rows", top)
	}
	if len(places) < 600 || len(sources) < 1000 {
		t.Errorf("%d locations, %d sources: want most rows with a new place and article", len(places), len(sources))
	}
	if _, ok := actors["russia"]; !ok {
		t.Errorf("no actor russia among %d", len(actors))
	}
}

func TestDeterministic(t *testing.T) {
	gen := func(seed uint64) []byte {
		var b bytes.Buffer
		if err := WriteGDELT(&b, seed, 3, GDELT2, start, 1, 200); err != nil {
			t.Fatal(err)
		}
		if err := WriteACLED(&b, seed, 3, start, 1, 100, ACLEDOptions{Monadic: true}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b, c := gen(5), gen(5), gen(6)
	if !bytes.Equal(a, b) {
		t.Error("one seed gave two outputs")
	}
	if bytes.Equal(a, c) {
		t.Error("two seeds gave one output")
	}
}
