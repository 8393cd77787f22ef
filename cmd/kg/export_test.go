package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
)

// kg export against the in-process service: a neighbourhood to a file as
// GraphML, the whole graph as JSON Lines to standard output, and the
// service's refusal as exit status 1 with its message.
func TestExport(t *testing.T) {
	srv := apitest.Start(t)
	file := filepath.Join(t.TempDir(), "russia.graphml")
	var out, errb bytes.Buffer
	if code := run([]string{"export", "--url", srv.URL, "--root", "russia", "--depth", "1", "--limit", "20", "-o", file}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Graph struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"node"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("not GraphML: %v", err)
	}
	var nb struct {
		Neighborhood struct{ Nodes []struct{ ID string } }
	}
	srv.MustQuery(t, `{ neighborhood(id: "russia", depth: 1, limit: 20) { nodes { id } } }`, nil, &nb)
	if len(g.Graph.Nodes) != len(nb.Neighborhood.Nodes) || len(g.Graph.Nodes) < 2 {
		t.Errorf("%d nodes in the file, %d in the neighbourhood", len(g.Graph.Nodes), len(nb.Neighborhood.Nodes))
	}

	out.Reset()
	errb.Reset()
	if code := run([]string{"export", "--url", srv.URL + "/graphql", "--format", "jsonl"}, &out, &errb); code != exitOK {
		t.Fatalf("jsonl: exit %d: %s", code, errb.String())
	}
	lines, types := 0, map[string]int{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var item map[string]any
		if err := json.Unmarshal(sc.Bytes(), &item); err != nil {
			t.Fatalf("line %d is not JSON: %v", lines+1, err)
		}
		types[item["type"].(string)]++
		lines++
	}
	for _, typ := range []string{"source", "actor", "location", "topic", "event", "position", "forecast", "affiliation"} {
		if types[typ] == 0 {
			t.Errorf("no %s items in the JSON Lines (%v)", typ, types)
		}
	}

	errb.Reset()
	if code := run([]string{"export", "--url", srv.URL, "--root", "t-no-such-node", "-o", file + ".x"}, &out, &errb); code != exitFailed || !strings.Contains(errb.String(), "404") {
		t.Errorf("an unknown root: exit %d, stderr %q", code, errb.String())
	}
	if _, err := os.Stat(file + ".x"); err == nil {
		t.Errorf("a refused export left a file")
	}
}
