package eventgraph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/importer"
)

func TestPLOVERVocabulary(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name     string
		mode     *string
		contexts []string
		// want maps each problem's path to a part of its message.
		want map[string]string
	}{
		{name: "none given"},
		{name: "PLOVER's own", mode: str("phone"), contexts: []string{"diplomatic", "military"}},
		{name: "accepted before the check", mode: str("in person"), contexts: []string{"territory"}},
		{name: "ACLED's civilian targeting, as the importer writes it", contexts: []string{"military", "civilians"}},
		{name: "an unknown mode names the modes", mode: str("banana"),
			want: map[string]string{"e.mode": `"banana" is not a PLOVER mode; the modes are "abduct", "access",`}},
		{name: "modes are case-sensitive", mode: str("Phone"), want: map[string]string{"e.mode": `"Phone" is not a PLOVER mode`}},
		{name: "an empty mode", mode: str(""), want: map[string]string{"e.mode": `"" is not a PLOVER mode`}},
		{name: "an unknown context names its place and the contexts", contexts: []string{"military", "vibes"},
			want: map[string]string{"e.contexts[1]": `"vibes" is not a PLOVER context; the contexts are "asylum", "cbrn",`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c eventgraph.Check
			c.Mode("e", tt.mode)
			c.Contexts("e", tt.contexts)
			if len(c.Problems) != len(tt.want) {
				t.Fatalf("problems %v, want %v", c.Problems, tt.want)
			}
			for _, p := range c.Problems {
				if !strings.Contains(p.Message, tt.want[p.Path]) || tt.want[p.Path] == "" {
					t.Errorf("%s: %q, want it to say %q", p.Path, p.Message, tt.want[p.Path])
				}
				if p.Code != eventgraph.CodeBadUserInput {
					t.Errorf("%s: code %s", p.Path, p.Code)
				}
			}
		})
	}
}

// Every mode and context the importer maps a CAMEO code to is in the
// vocabulary the writes check: an import is never refused for PLOVER's own
// crosswalk.
func TestCrosswalkIsInTheVocabulary(t *testing.T) {
	mapped := 0
	for _, width := range []int{2, 3, 4} {
		for n := range 10000 {
			code := fmt.Sprintf("%0*d", width, n)
			if len(code) != width {
				break
			}
			p, ok := importer.CAMEOToPLOVER(code)
			if !ok {
				continue
			}
			mapped++
			if p.Mode != "" && !eventgraph.IsPLOVERMode(p.Mode) {
				t.Errorf("CAMEO %s: mode %q is not in PLOVERModes", code, p.Mode)
			}
			for _, c := range p.Contexts {
				if !eventgraph.IsPLOVERContext(c) {
					t.Errorf("CAMEO %s: context %q is not in PLOVERContexts", code, c)
				}
			}
		}
	}
	if mapped < 200 {
		t.Errorf("only %d CAMEO codes mapped: the crosswalk was not read", mapped)
	}
}
