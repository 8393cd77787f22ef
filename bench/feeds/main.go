// Command feeds writes GDELT and ACLED files of real shape, for measuring
// `kg ingest` on data like the world's rather than on the project's
// fixtures, which create almost no new actors, places or sources: GDELT
// 2.0 15-minute exports (61 tab-separated columns, or the 1.0 layouts of 58
// and 57), about 2,000 rows each, whose actors repeat with a Zipf-like
// distribution (a few states and governments, RUSGOV, UKRMIL, in most rows;
// many people and organisations seen once), whose places and article URLs
// are mostly new, with CAMEO codes, QuadClass, Goldstein scores, geo types,
// FIPS codes and DATEADDED as the GDELT 2.0 event codebook describes them;
// and ACLED exports in the current columns, dyadic or monadic. Everything
// is decided by -seed: the same seed gives the same bytes, another seed
// new events, people, places and articles (the states, governments and
// leaders stay: the world has only so many).
//
//	go run ./bench/feeds -seed 7 -out /tmp/feeds -gdelt 4          # four consecutive 15-minute exports
//	go run ./bench/feeds -seed 7 -out /tmp/feeds -gdelt 0 -acled 1 -acled-monadic
//
// It prints the paths it wrote, one a line.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "feeds:", err)
		os.Exit(1)
	}
}

// Config says what to write.
type Config struct {
	Seed        uint64
	Out         string
	GDELT       int // files
	Rows        int // rows per GDELT file
	Layout      Layout
	ACLED       int // files
	ACLEDRows   int // events per ACLED file
	ACLEDOpts   ACLEDOptions
	Start       time.Time // DATEADDED of the first GDELT file
	FirstFileNo int       // number of the first file, which the random state and the ids follow
}

func run(args []string) error {
	fs := flag.NewFlagSet("feeds", flag.ContinueOnError)
	var c Config
	var layout, start string
	fs.Uint64Var(&c.Seed, "seed", 1, "decides every value written; another seed gives new events, actors, places and articles")
	fs.StringVar(&c.Out, "out", ".", "directory to write into")
	fs.IntVar(&c.GDELT, "gdelt", 1, "GDELT files, consecutive 15-minute exports")
	fs.IntVar(&c.Rows, "rows", 2000, "rows per GDELT file")
	fs.StringVar(&layout, "layout", string(GDELT2), "GDELT layout: 2.0 (61 columns), 1.0 (58), 1.0-backfile (57, no SOURCEURL)")
	fs.IntVar(&c.ACLED, "acled", 0, "ACLED files")
	fs.IntVar(&c.ACLEDRows, "acled-rows", 2000, "events per ACLED file (the monadic export has a row per actor)")
	fs.BoolVar(&c.ACLEDOpts.Monadic, "acled-monadic", false, "ACLED's monadic export: one row per actor, the event id repeated")
	fs.BoolVar(&c.ACLEDOpts.Spreadsheet, "acled-spreadsheet-dates", false, "ACLED dates as spreadsheets save them (9-May-20)")
	fs.StringVar(&start, "start", "2025-05-24T15:15:00Z", "DATEADDED of the first GDELT file (a quarter hour)")
	fs.IntVar(&c.FirstFileNo, "file", 0, "number of the first file (to continue a series)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch Layout(layout) {
	case GDELT2, GDELT1, GDELT1Backfile:
		c.Layout = Layout(layout)
	default:
		return fmt.Errorf("-layout %q: want 2.0, 1.0 or 1.0-backfile", layout)
	}
	t, err := time.Parse(time.RFC3339, start)
	if err != nil {
		return fmt.Errorf("-start: %w", err)
	}
	c.Start = t.UTC()
	paths, err := Write(c)
	for _, p := range paths {
		fmt.Println(p)
	}
	return err
}

// Write writes the files c asks for and returns their paths.
func Write(c Config) ([]string, error) {
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	write := func(name string, fn func(f *os.File) error) error {
		p := filepath.Join(c.Out, name)
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", p, err)
		}
		if err := f.Close(); err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	}
	for i := range c.GDELT {
		no := c.FirstFileNo + i
		added := c.Start.Add(time.Duration(no) * 15 * time.Minute)
		// ids are new for each seed and file, as GDELT's only grow
		first := 1_100_000_000 + (c.Seed%1000)*10_000_000 + uint64(no)*uint64(c.Rows+100)
		name := fmt.Sprintf("%d-%s.export.CSV", c.Seed, added.Format("20060102150405"))
		if c.Layout != GDELT2 {
			name = fmt.Sprintf("%d-%s-%02d.export.CSV", c.Seed, added.Format("20060102"), no)
		}
		err := write(name, func(f *os.File) error {
			return WriteGDELT(f, c.Seed, no, c.Layout, added, first, c.Rows)
		})
		if err != nil {
			return paths, err
		}
	}
	for i := range c.ACLED {
		no := c.FirstFileNo + i
		kind := "dyadic"
		if c.ACLEDOpts.Monadic {
			kind = "monadic"
		}
		name := fmt.Sprintf("acled-%d-%s-%02d.csv", c.Seed, kind, no)
		first := 100_000 + int(c.Seed%1000)*1_000_000 + no*(c.ACLEDRows+100)
		err := write(name, func(f *os.File) error {
			return WriteACLED(f, c.Seed, no, c.Start.AddDate(0, 0, -no), first, c.ACLEDRows, c.ACLEDOpts)
		})
		if err != nil {
			return paths, err
		}
	}
	return paths, nil
}
