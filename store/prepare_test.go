package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
	"golang.org/x/tools/txtar"
)

// Ingest's prepare is pure: an IngestInput in, the rows each write
// statement will get and the problems found out, with no database. Each
// testdata/prepare/*.txtar holds cases, a case being NAME/input.json (an
// IngestInput as a client posts it) and NAME/batch.json (what prepare made
// of it); `go test ./store -run TestPrepareGolden -update` rewrites the
// latter, to be reviewed like any diff.
func TestPrepareGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/prepare/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/prepare/*.txtar (%v)", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			cases := map[string]map[string][]byte{}
			for _, f := range ar.Files {
				name, part, ok := strings.Cut(f.Name, "/")
				if !ok {
					t.Fatalf("%s: file %q is not NAME/PART", file, f.Name)
				}
				if cases[name] == nil {
					cases[name] = map[string][]byte{}
					names = append(names, name)
				}
				cases[name][part] = f.Data
			}
			var out []txtar.File
			for _, name := range names {
				c := cases[name]
				got := renderBatch(t, name, c["input.json"])
				out = append(out, txtar.File{Name: name + "/input.json", Data: c["input.json"]},
					txtar.File{Name: name + "/batch.json", Data: got})
				if !updating() && !bytes.Equal(got, c["batch.json"]) {
					t.Errorf("%s: prepare made\n%s\nwant\n%s", name, got, c["batch.json"])
				}
			}
			if updating() {
				ar.Files = out
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// updating is compile_test.go's -update flag (package store_test, the same
// test binary): one flag rewrites every golden file of the package.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// renderBatch is what prepare made of input, as indented JSON: the rows per
// label, the relationships kept apart, the references left for the graph,
// the resolution candidates and every problem with its path.
func renderBatch(t *testing.T, name string, input []byte) []byte {
	t.Helper()
	var in model.IngestInput
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("%s: input.json: %v", name, err)
	}
	view := map[string]any{}
	b, err := prepare(in, paths{})
	if err != nil {
		view["error"] = err.Error()
	} else {
		nodes := map[string]any{}
		for l, rows := range b.nodes {
			nodes[l] = rows
		}
		view["nodes"] = tagged(nodes)
		view["order"] = b.order
		if len(b.hops) > 0 {
			hops := map[string][]string{}
			for typ, hs := range b.hops {
				for _, h := range hs {
					hops[typ] = append(hops[typ], h.from+" -> "+h.to)
				}
			}
			view["hops"] = hops
		}
		if len(b.affiliations) > 0 {
			view["affiliations"] = tagged(b.affiliations)
		}
		if len(b.respondsTo) > 0 {
			view["respondsTo"] = tagged(b.respondsTo)
		}
		var refs []string
		for _, r := range b.refs {
			refs = append(refs, r.path+": "+r.id+" ("+strings.Join(r.labels, "|")+")")
		}
		sort.Strings(refs)
		view["refs"] = refs
		var cands []string
		for _, c := range b.candidates {
			cands = append(cands, c.path)
		}
		view["candidates"] = cands
		var errs []string
		for _, e := range b.errs {
			errs = append(errs, e.Error())
		}
		view["errors"] = errs
	}
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(view); err != nil {
		t.Fatal(err)
	}
	return got.Bytes()
}
