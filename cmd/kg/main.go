// Command kg is the eventgraph ingestion tool. `kg export` downloads the
// graph (or a neighbourhood, or chosen nodes) as GraphML, CSV or JSON Lines
// from the service's /export (export.go). `kg ingest FILE...` reads JSON
// Lines in the service's ingest format, GDELT 1.0 and 2.0 event exports and
// ACLED exports of every vintage and posts them in batches to the service's
// ingest mutation, resumably and idempotently, and accounts for every row.
// docs/ingest.md is its manual.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/eventgraph/eventgraph/importer"
	"golang.org/x/term"
)

const usage = `kg: the eventgraph ingestion tool

Usage:
  kg ingest [flags] FILE...
  kg export [--format graphml|csv|jsonl] [--root ID --depth N --limit N | --ids ID,...] [-o FILE]

Imports each FILE (JSON Lines, a GDELT 1.0 or 2.0 event export or an ACLED
export of any vintage; .gz and .zip are read directly) through the service's
ingest mutation. Flags may come before or after the files. See docs/ingest.md.

Exit status: 0 when every file was read and at most --max-rejected rows were
rejected; 1 when more were, a file could not be read, --on-error=stop
stopped, or the service failed; 2 for a usage error.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exit codes
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		newFlags(stderr).fs.PrintDefaults()
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "export" {
		return runExport(args[1:], stdout, stderr)
	}
	if args[0] == "watch" {
		return runWatch(args[1:], stdout, stderr)
	}
	if args[0] != "ingest" {
		fmt.Fprintf(stderr, "kg: unknown command %q; the commands are `kg ingest FILE...`, `kg export` and `kg watch`\n", args[0])
		return exitUsage
	}
	f := newFlags(stderr)
	files, err := f.parse(args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "kg ingest: %v\n", err)
		return exitUsage
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "kg ingest: no input files; usage: kg ingest [flags] FILE...")
		return exitUsage
	}
	format, err := importer.ParseFormat(f.format)
	if err != nil {
		fmt.Fprintf(stderr, "kg ingest: --format: %v\n", err)
		return exitUsage
	}
	onError := importer.OnError(f.onError)
	if onError != importer.Skip && onError != importer.Stop {
		fmt.Fprintf(stderr, "kg ingest: --on-error must be skip or stop, not %q\n", f.onError)
		return exitUsage
	}
	if f.batch <= 0 {
		fmt.Fprintf(stderr, "kg ingest: --batch must be at least 1, not %d\n", f.batch)
		return exitUsage
	}
	if f.maxRejected < 0 {
		fmt.Fprintf(stderr, "kg ingest: --max-rejected must be 0 or more, not %d\n", f.maxRejected)
		return exitUsage
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	client := &importer.Client{
		URL:      importer.Endpoint(f.url),
		Key:      f.key,
		HTTP:     &http.Client{Timeout: f.timeout},
		Attempts: f.attempts,
		Logf:     func(format string, a ...any) { fmt.Fprintf(stderr, "kg: "+format+"\n", a...) },
	}
	opt := importer.Options{
		Client:        client,
		Format:        format,
		BatchSize:     f.batch,
		DryRun:        f.dryRun,
		OnError:       onError,
		Checkpoint:    f.checkpoint,
		Restart:       f.restart,
		AddCodes:      f.addCodes,
		Progress:      stderr,
		ProgressEvery: f.every,
	}
	if fd, ok := stderr.(*os.File); ok && term.IsTerminal(int(fd.Fd())) && !f.quiet {
		opt.Terminal = true
		if w, _, err := term.GetSize(int(fd.Fd())); err == nil {
			opt.TerminalWidth = w
		}
	}
	if f.quiet {
		opt.Progress = nil
	}
	// A test hook: exit abruptly, as a killed process would, once n batches
	// are committed, so that tests can prove an interrupted import resumes.
	if n, err := strconv.Atoi(os.Getenv("KG_TEST_EXIT_AFTER_BATCHES")); err == nil && n > 0 {
		opt.AfterCommit = func(batches int) {
			if batches >= n {
				os.Exit(75)
			}
		}
	}

	summary, err := importer.Run(ctx, files, opt)
	if summary == nil {
		fmt.Fprintf(stderr, "kg ingest: %v\n", err)
		return exitUsage
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(summary)
	} else {
		printSummary(stdout, summary)
	}
	code := exitOK
	if f.report != "" {
		if rerr := writeReport(f.report, summary); rerr != nil {
			fmt.Fprintf(stderr, "kg ingest: --report: %v\n", rerr)
			code = exitFailed
		}
	}
	for _, fs := range summary.Failed() {
		fmt.Fprintf(stderr, "kg ingest: %s not imported: %s\n", fs.Path, fs.Error)
		code = exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "kg ingest: %v\n", err)
		code = exitFailed
	}
	if summary.Resumable() {
		fmt.Fprintln(stderr, "kg ingest: what was committed is kept in the checkpoint; run the same command again to resume")
	}
	if n := summary.Total.Rejected; n > f.maxRejected {
		fmt.Fprintf(stderr, "kg ingest: %d rows rejected, more than --max-rejected %d\n", n, f.maxRejected)
		code = exitFailed
	}
	return code
}

// writeReport writes the summary as JSON to path, through a temporary file
// so that a reader never sees half a report.
func writeReport(path string, s *importer.Summary) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

type flags struct {
	fs          *flag.FlagSet
	url, key    string
	batch       int
	format      string
	dryRun      bool
	onError     string
	checkpoint  string
	restart     bool
	addCodes    bool
	json        bool
	report      string
	maxRejected int
	quiet       bool
	every       time.Duration
	timeout     time.Duration
	attempts    int
}

func newFlags(out io.Writer) *flags {
	f := &flags{fs: flag.NewFlagSet("kg ingest", flag.ContinueOnError)}
	f.fs.SetOutput(out)
	f.fs.Usage = func() {
		fmt.Fprint(out, usage)
		f.fs.PrintDefaults()
	}
	defURL := os.Getenv("EVENTGRAPH_URL")
	if defURL == "" {
		defURL = "http://127.0.0.1:8080/graphql"
	}
	f.fs.StringVar(&f.url, "url", defURL, "the service's GraphQL endpoint, or the service's address to which /graphql is added (default $EVENTGRAPH_URL)")
	f.fs.StringVar(&f.key, "key", os.Getenv("EVENTGRAPH_KEY"), "writer key, sent as Authorization: Bearer (default $EVENTGRAPH_KEY)")
	f.fs.IntVar(&f.batch, "batch", 500, "rows per ingest call (one transaction each)")
	f.fs.StringVar(&f.format, "format", "auto", "input format: auto, jsonl, gdelt or acled (auto: by extension and content)")
	f.fs.BoolVar(&f.dryRun, "dry-run", false, "validate every batch on the server (validateOnly) and write nothing")
	f.fs.StringVar(&f.onError, "on-error", "skip", "a bad row: skip (report it, leave it out, go on) or stop (exit non-zero)")
	f.fs.StringVar(&f.checkpoint, "checkpoint", "", "checkpoint file for a single input (default <input>.kg-checkpoint, or under $XDG_STATE_HOME/kg when the input's directory is read-only)")
	f.fs.BoolVar(&f.restart, "restart", false, "ignore an existing checkpoint and import from the first line")
	f.fs.BoolVar(&f.addCodes, "add-codes", false, "add dataset actor codes (CAMEO RUSGOV) to actors the graph already has; otherwise existing actors are left as they are")
	f.fs.BoolVar(&f.json, "json", false, "print the summary as JSON")
	f.fs.StringVar(&f.report, "report", "", "also write the summary as JSON to this file: every row of every file in one class (imported, resolved, merged, rejected), with the rejected rows' lines and reasons")
	f.fs.IntVar(&f.maxRejected, "max-rejected", 0, "how many rejected rows the import tolerates before it exits with status 1")
	f.fs.BoolVar(&f.quiet, "quiet", false, "no progress reports")
	f.fs.DurationVar(&f.every, "progress-interval", 10*time.Second, "how often to print a progress line when stderr is not a terminal")
	f.fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "HTTP timeout of one request")
	f.fs.IntVar(&f.attempts, "attempts", 8, "tries per request before a transient failure stops the import")
	return f
}

// parse accepts flags before, between and after the files.
func (f *flags) parse(args []string) ([]string, error) {
	var files []string
	for {
		if err := f.fs.Parse(args); err != nil {
			return nil, err
		}
		rest := f.fs.Args()
		if len(rest) == 0 {
			return files, nil
		}
		if rest[0] == "--" {
			return append(files, rest[1:]...), nil
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

func printSummary(w io.Writer, s *importer.Summary) {
	mode := ""
	if s.DryRun {
		mode = " (dry run: the service validated every batch and wrote nothing)"
	}
	t := s.Total
	rate := ""
	if secs := s.Duration.Seconds(); secs > 0 && t.Rows > 0 {
		rate = fmt.Sprintf(", %.0f rows/s", float64(t.Rows)/secs)
	}
	fmt.Fprintf(w, "kg ingest: %d file(s), %d rows, %d batches in %s%s%s\n", len(s.Files), t.Rows, t.Batches, s.Duration.Round(time.Millisecond), rate, mode)
	for _, f := range s.Files {
		what := string(f.Format)
		if f.Variant != "" {
			what = f.Variant
		}
		switch f.Status {
		case importer.StatusFailed:
			fmt.Fprintf(w, "  %s: not imported: %s\n", f.Path, f.Error)
			continue
		case importer.StatusSkipped:
			fmt.Fprintf(w, "  %s: not started\n", f.Path)
			continue
		}
		fmt.Fprintf(w, "  %s (%s): %s\n", f.Path, what, classes(f.Tally))
		if f.ResumedAfter > 0 {
			fmt.Fprintf(w, "    resumed after line %d\n", f.ResumedAfter)
		}
		if f.Status != importer.StatusDone {
			fmt.Fprintf(w, "    %s: %s\n", f.Status, f.Error)
		}
	}
	fmt.Fprintf(w, "  rows       %d: %s\n", t.Rows, classes(t))
	fmt.Fprintf(w, "  created    %d%s\n", t.Created, byType(t, func(c *importer.TypeCounts) int { return c.Created }))
	fmt.Fprintf(w, "  updated    %d%s\n", t.Updated, byType(t, func(c *importer.TypeCounts) int { return c.Updated }))
	fmt.Fprintf(w, "  unchanged  %d%s\n", t.Unchanged, byType(t, func(c *importer.TypeCounts) int { return c.Unchanged }))
	fmt.Fprintf(w, "  relationships created %d\n", t.RelationshipsCreated)
	if len(t.Rejections) > 0 {
		fmt.Fprintln(w, "rejected rows:")
		const show = 50
		for i, f := range t.Rejections {
			if i == show {
				fmt.Fprintf(w, "  ... and %d more (--report lists up to %d a file)\n", t.Rejected-show, importer.MaxFailures)
				break
			}
			fmt.Fprintf(w, "  %s:%d: %s\n", f.File, f.Line, f.Reason)
		}
	}
	if s.Stopped {
		fmt.Fprintln(w, "stopped at the first bad row (--on-error=stop); rows before it are committed")
	}
}

// classes says where a tally's rows went.
func classes(t importer.Tally) string {
	return fmt.Sprintf("%d imported, %d resolved, %d merged, %d rejected", t.Imported, t.Resolved, t.Merged, t.Rejected)
}

func byType(t importer.Tally, get func(*importer.TypeCounts) int) string {
	var parts []string
	var types []string
	for typ := range t.ByType {
		types = append(types, typ)
	}
	sort.Strings(types)
	for _, typ := range types {
		if n := get(t.ByType[typ]); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(typ), n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "  (" + strings.Join(parts, ", ") + ")"
}
