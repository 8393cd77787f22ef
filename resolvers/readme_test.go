package resolvers_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
)

// TestReadmeExamples runs every GraphQL example of the README against the
// seeded service and checks that the answer printed under it is what comes
// back: each object's keys and values must be in the real answer (the README
// may leave fields and list items out, but not invent them).
func TestReadmeExamples(t *testing.T) {
	srv := apitest.Start(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	pairs := regexp.MustCompile("(?s)```graphql\n(.*?)```\\s*\n(?:[^`]*?\n)?```json\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(pairs) < 5 {
		t.Fatalf("README has %d query/answer examples, want at least 5", len(pairs))
	}
	for _, p := range pairs {
		query, answer := string(p[1]), p[2]
		t.Run(firstLine(query), func(t *testing.T) {
			var want any
			if err := json.Unmarshal(answer, &want); err != nil {
				t.Fatalf("the README's answer is not JSON: %v\n%s", err, answer)
			}
			r := srv.Query(t, query, nil)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			var got any
			if err := json.Unmarshal(r.Data, &got); err != nil {
				t.Fatal(err)
			}
			if !contains(got, want) {
				t.Errorf("the README says\n%s\nthe service answers\n%s", answer, r.Data)
			}
		})
	}
}

func firstLine(s string) string {
	if m := regexp.MustCompile(`#\s*(.+)`).FindStringSubmatch(s); m != nil {
		return m[1]
	}
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// contains reports whether want is a part of got: maps by key, lists by
// each wanted item matching some item, in order.
func contains(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if !contains(g[k], wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok {
			return false
		}
		i := 0
		for _, wv := range w {
			for i < len(g) && !contains(g[i], wv) {
				i++
			}
			if i == len(g) {
				return false
			}
			i++
		}
		return true
	default:
		return got == want
	}
}
