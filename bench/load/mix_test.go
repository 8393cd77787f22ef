package main

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

var variableDef = regexp.MustCompile(`\$(\w+)\s*:`)

// Every query of the mix parses on each system that has it, and every
// variable it declares is in every variable set drawn for it: a query added
// to the mix with a variable the draw forgets fails here, not in a run.
func TestMixVariables(t *testing.T) {
	g := dataset.New(dataset.Scales["T"], 1)
	for _, q := range Mix {
		sets := paramSets(g, 5, 7)[q.Name]
		if len(sets) != 5 {
			t.Fatalf("%s: %d variable sets, want 5", q.Name, len(sets))
		}
		for sys, text := range map[string]string{"ours": q.Ours, "peer": q.Peer} {
			if text == "" {
				continue
			}
			if _, err := parser.ParseQuery(&ast.Source{Input: text}); err != nil {
				t.Errorf("%s on %s does not parse: %v", q.Name, sys, err)
			}
			decl := strings.SplitN(text, "{", 2)[0]
			for _, m := range variableDef.FindAllStringSubmatch(decl, -1) {
				for i, vars := range sets {
					if _, ok := vars[m[1]]; !ok {
						t.Errorf("%s on %s declares $%s, missing from set %d: %v", q.Name, sys, m[1], i, vars)
					}
				}
			}
		}
	}
}

// The year the aggregations read is twelve months from a first of the
// month, inside the dataset's dates, with the peer's thirteen boundaries.
func TestYearVars(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	end := dataset.Epoch.AddDate(0, 0, dataset.Days)
	for range 200 {
		v := yearVars(r)
		from, _ := time.Parse("2006-01-02", v["from"].(string))
		to, _ := time.Parse("2006-01-02", v["to"].(string))
		if from.Day() != 1 || !to.AddDate(0, 0, 1).Equal(from.AddDate(1, 0, 0)) {
			t.Fatalf("from %s to %s is not twelve whole months", v["from"], v["to"])
		}
		if from.Before(dataset.Epoch) || to.After(end) {
			t.Fatalf("from %s to %s leaves the dataset's dates", v["from"], v["to"])
		}
		if v["m0"] != v["from"] || v["m12"] != from.AddDate(1, 0, 0).Format("2006-01-02") {
			t.Fatalf("month boundaries m0 %v m12 %v for %s..%s", v["m0"], v["m12"], v["from"], v["to"])
		}
	}
}
