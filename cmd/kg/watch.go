package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

const watchUsage = `kg watch: follow the service's change feed, one change per line (JSON Lines)

Usage:
  kg watch [flags]

  --after CURSOR     start after this change (default: the start of the log;
                     with -o, after the last change the file holds)
  --types T,T,...    only changes of these node types (ACTOR, EVENT, ...)
  -o FILE            append to FILE (default: standard output); run again
                     with the same FILE and it resumes where it stopped
  --once             stop when caught up instead of waiting for more

Each line is a Change as the changes query returns it: cursor, revision
{seq at key batch kind sources}, entityId, entityType, op, mergedInto,
fields {field old new}, relationships {op type direction otherId otherType
old new}. The feed is gapless and in commit order: resuming after a line's
cursor misses nothing and repeats nothing.

Exit status: 0 when stopped (Ctrl-C) or caught up with --once; 1 when the
service refused or could not be reached for a minute; 2 for a usage error.

Flags:
`

// watchQuery is the page kg watch asks for; its fields are the lines'.
const watchQuery = `query Watch($after: String, $types: [NodeType!]) {
  changes(after: $after, first: 100, types: $types) {
    changes {
      cursor
      revision { seq at key batch kind sources }
      entityId entityType op mergedInto
      fields { field old new }
      relationships { op type direction otherId otherType old new }
    }
    endCursor hasNextPage
  }
}`

// watchPoll is how long kg watch waits when it has caught up.
var watchPoll = time.Second

// runWatch is kg watch: it polls the changes query from its cursor, so
// that it resumes from any cursor, on any replica, after any restart.
func runWatch(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kg watch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, watchUsage); fs.PrintDefaults() }
	defURL := os.Getenv("EVENTGRAPH_URL")
	if defURL == "" {
		defURL = "http://127.0.0.1:8080"
	}
	service := fs.String("url", defURL, "the service's address or GraphQL endpoint (default $EVENTGRAPH_URL)")
	key := fs.String("key", os.Getenv("EVENTGRAPH_KEY"), "reader or writer key, sent as Authorization: Bearer (default $EVENTGRAPH_KEY)")
	after := fs.String("after", "", "start after this cursor")
	types := fs.String("types", "", "comma-separated node types")
	out := fs.String("o", "", "append to this file")
	once := fs.Bool("once", false, "stop when caught up")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "kg watch: unexpected argument %q (kg watch takes flags only)\n", fs.Arg(0))
		return exitUsage
	}
	u, err := exportURL(*service)
	if err != nil {
		fmt.Fprintf(stderr, "kg watch: --url: %v\n", err)
		return exitUsage
	}
	u.Path = strings.TrimSuffix(u.Path, "/export") + "/graphql"
	var typeList []string
	for _, t := range strings.Split(*types, ",") {
		if t = strings.TrimSpace(t); t != "" {
			typeList = append(typeList, strings.ToUpper(t))
		}
	}
	w := stdout
	cursor := *after
	if *out != "" {
		if cursor == "" {
			if cursor, err = lastCursor(*out); err != nil {
				fmt.Fprintf(stderr, "kg watch: %v\n", err)
				return exitFailed
			}
		}
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "kg watch: %v\n", err)
			return exitFailed
		}
		defer f.Close()
		w = f
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failingSince := time.Time{}
	for {
		page, err := watchPage(ctx, u.String(), *key, cursor, typeList)
		if ctx.Err() != nil {
			return exitOK
		}
		if err != nil {
			var refused *refusal
			if errors.As(err, &refused) {
				fmt.Fprintf(stderr, "kg watch: %v\n", err)
				return exitFailed
			}
			// The service or the network is down: keep the cursor, try again.
			if failingSince.IsZero() {
				failingSince = time.Now()
			}
			if time.Since(failingSince) > time.Minute {
				fmt.Fprintf(stderr, "kg watch: %v (for a minute; resume with --after %s)\n", err, cursor)
				return exitFailed
			}
			sleep(ctx, watchPoll)
			continue
		}
		failingSince = time.Time{}
		for _, ch := range page.Changes {
			// One line per change: the service's JSON may hold newlines
			// (gqlgen writes one after each value of a Value field).
			var line bytes.Buffer
			if err := json.Compact(&line, ch); err != nil {
				fmt.Fprintf(stderr, "kg watch: the service sent a change that is not JSON: %v\n", err)
				return exitFailed
			}
			line.WriteByte('\n')
			if _, err := w.Write(line.Bytes()); err != nil {
				fmt.Fprintf(stderr, "kg watch: %v\n", err)
				return exitFailed
			}
		}
		if page.EndCursor != "" {
			cursor = page.EndCursor
		}
		if page.HasNextPage {
			continue
		}
		if *once {
			return exitOK
		}
		sleep(ctx, watchPoll)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// refusal is the service saying no (a bad cursor, a bad key): asking again
// will not help.
type refusal struct{ msg string }

func (r *refusal) Error() string { return "the service refused: " + r.msg }

type watchResult struct {
	Changes     []json.RawMessage
	EndCursor   string
	HasNextPage bool
}

func watchPage(ctx context.Context, endpoint, key, after string, types []string) (*watchResult, error) {
	vars := map[string]any{"types": types}
	if after != "" {
		vars["after"] = after
	}
	if types == nil {
		vars["types"] = nil
	}
	body, err := json.Marshal(map[string]any{"query": watchQuery, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var doc struct {
		Data struct {
			Changes *watchResult
		}
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		return nil, fmt.Errorf("the service answered %s, not GraphQL: %w", res.Status, err)
	}
	if len(doc.Errors) > 0 {
		e := doc.Errors[0]
		if e.Extensions.Code == "DATABASE_UNAVAILABLE" {
			return nil, errors.New(e.Message)
		}
		return nil, &refusal{e.Message}
	}
	if doc.Data.Changes == nil {
		return nil, fmt.Errorf("the service answered %s without changes", res.Status)
	}
	return doc.Data.Changes, nil
}

// lastCursor is the cursor of the last complete line of a JSON Lines file
// kg watch wrote ("" when there is none): a watch appending to it resumes
// there.
func lastCursor(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	lines := bytes.Split(b, []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		var ch struct{ Cursor string }
		if json.Unmarshal(lines[i], &ch) == nil && ch.Cursor != "" {
			return ch.Cursor, nil
		}
	}
	return "", nil
}
