package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/apitest"
)

// kg watch against the in-process service: it appends the changes after a
// cursor to a file as JSON Lines, and run again on the same file resumes
// after its last line, missing and repeating nothing.
func TestWatchAppendsAndResumes(t *testing.T) {
	srv := apitest.Start(t)
	p := fmt.Sprintf("watch%d-", time.Now().UnixNano())
	start, err := srv.Store.LatestCursor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "changes.jsonl")
	upsert := func(ids ...string) {
		for _, id := range ids {
			srv.MustMutate(t, `mutation($id: ID!) { upsertTopic(input: {id: $id, name: "Watched"}) { status } }`, map[string]any{"id": p + id}, nil)
		}
	}
	watch := func(args ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(append([]string{"watch", "--url", srv.URL, "--once", "--types", "TOPIC", "-o", file}, args...), &out, &errb); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	}
	upsert("a", "b")
	watch("--after", start)
	upsert("c")
	watch() // resumes after the file's last line
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var ch struct {
			Cursor, EntityID, Op string
			Revision             struct{ Key string }
		}
		if err := json.Unmarshal([]byte(line), &ch); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if ch.Cursor == "" || ch.Op != "CREATED" || ch.Revision.Key != "writer-1" {
			t.Errorf("line %s: want a cursor, op CREATED, key writer-1", line)
		}
		if strings.HasPrefix(ch.EntityID, p) {
			got = append(got, strings.TrimPrefix(ch.EntityID, p))
		}
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("watched %v, want a,b,c once each in order", got)
	}
	var errb bytes.Buffer
	if code := run([]string{"watch", "--url", srv.URL, "--once", "--after", "nonsense"}, &bytes.Buffer{}, &errb); code != exitFailed || !strings.Contains(errb.String(), "not a change cursor") {
		t.Errorf("a bad cursor: exit %d, %s", code, errb.String())
	}
}
