package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// foldRel is the one rule by which writes combine into a participation or
// an affiliation (ingest, linkParticipant, followReferences' folds); these
// cases need no database.
func TestFoldRel(t *testing.T) {
	facts := participationFacts
	w := func(sources []string, quote, kind, role, from string) citeWrite {
		return citeWrite{sources: sources, quote: quote, facts: []string{kind, role, from, ""}}
	}
	lists := func(sources, quotes, kinds, roles, froms []string) map[string]any {
		return map[string]any{"citeSources": sources, "citeQuotes": quotes, "claimKind": kinds, "claimRole": roles,
			"claimValidFrom": froms, "claimValidTo": make([]string, len(sources))}
	}
	may20 := neo4j.DateOf(time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC))
	one := foldRel(nil, []citeWrite{w([]string{"reuters"}, "Medinsky led it.", "PARTICIPANT", "head", "2025-05-20")}, facts)
	cases := []struct {
		name   string
		stored map[string]any
		writes []citeWrite
		want   map[string]any // nil: nothing to set
	}{
		{"a new participation holds its one citation", nil,
			[]citeWrite{w([]string{"reuters"}, "Medinsky led it.", "PARTICIPANT", "head", "2025-05-20")},
			map[string]any{"citeSources": []string{"reuters"}, "citeQuotes": []string{"Medinsky led it."},
				"sourceIds": []string{"reuters"}, "quote": "Medinsky led it.",
				"claimKind": []string{"PARTICIPANT"}, "kind": "PARTICIPANT", "claimRole": []string{"head"}, "role": "head",
				"claimValidFrom": []string{"2025-05-20"}, "validFrom": may20, "claimValidTo": []string{""}, "validTo": nil}},
		{"a replay changes nothing", one,
			[]citeWrite{w([]string{"reuters"}, "Medinsky led it.", "PARTICIPANT", "head", "2025-05-20")}, nil},
		{"a second source adds its citation, the latest preferred", one,
			[]citeWrite{w([]string{"tass"}, "Medinsky headed it.", "PARTICIPANT", "aide", "")},
			map[string]any{"citeSources": []string{"reuters", "tass"}, "citeQuotes": []string{"Medinsky led it.", "Medinsky headed it."},
				"sourceIds": []string{"reuters", "tass"}, "quote": "Medinsky headed it.",
				"claimKind": []string{"PARTICIPANT", "PARTICIPANT"}, "kind": "PARTICIPANT", "claimRole": []string{"head", "aide"}, "role": "aide",
				"claimValidFrom": []string{"2025-05-20", ""}, "validFrom": may20, "claimValidTo": []string{"", ""}, "validTo": nil}},
		{"the one source it names corrects what its citation states", one,
			[]citeWrite{w([]string{"reuters"}, "", "PARTICIPANT", "chief", "")},
			map[string]any{"citeSources": []string{"reuters"}, "citeQuotes": []string{"Medinsky led it."},
				"sourceIds": []string{"reuters"}, "quote": "Medinsky led it.",
				"claimKind": []string{"PARTICIPANT"}, "kind": "PARTICIPANT", "claimRole": []string{"chief"}, "role": "chief",
				"claimValidFrom": []string{"2025-05-20"}, "validFrom": may20, "claimValidTo": []string{""}, "validTo": nil}},
		{"a quoteless write of a held source stating nothing new changes nothing", one,
			[]citeWrite{w([]string{"reuters"}, "", "PARTICIPANT", "", "")}, nil},
		{"a quoted citation takes the place of its source's quoteless one",
			lists([]string{"reuters"}, []string{""}, []string{"PARTICIPANT"}, []string{""}, []string{""}),
			[]citeWrite{w([]string{"reuters"}, "Medinsky led it.", "PARTICIPANT", "", "")},
			map[string]any{"citeSources": []string{"reuters"}, "citeQuotes": []string{"Medinsky led it."},
				"sourceIds": []string{"reuters"}, "quote": "Medinsky led it.",
				"claimKind": []string{"PARTICIPANT"}, "kind": "PARTICIPANT", "claimRole": []string{""}, "role": nil,
				"claimValidFrom": []string{""}, "validFrom": nil, "claimValidTo": []string{""}, "validTo": nil}},
		{"a legacy relationship is rewritten as lists, one citation per source",
			map[string]any{"sourceIds": []any{"reuters", "tass"}, "quote": "Medinsky led it.", "kind": "PARTICIPANT", "role": "head"},
			[]citeWrite{w([]string{"reuters"}, "Medinsky led it.", "PARTICIPANT", "head", "")},
			map[string]any{"citeSources": []string{"reuters", "tass"}, "citeQuotes": []string{"Medinsky led it.", "Medinsky led it."},
				"sourceIds": []string{"reuters", "tass"}, "quote": "Medinsky led it.",
				"claimKind": []string{"PARTICIPANT", "PARTICIPANT"}, "kind": "PARTICIPANT", "claimRole": []string{"head", "head"}, "role": "head",
				"claimValidFrom": []string{"", ""}, "validFrom": nil, "claimValidTo": []string{"", ""}, "validTo": nil}},
		{"a write naming no source is the writer's own citation", nil,
			[]citeWrite{w([]string{""}, "", "INITIATOR", "", "")},
			map[string]any{"citeSources": []string{""}, "citeQuotes": []string{""}, "sourceIds": []string{}, "quote": nil,
				"claimKind": []string{"INITIATOR"}, "kind": "INITIATOR", "claimRole": []string{""}, "role": nil,
				"claimValidFrom": []string{""}, "validFrom": nil, "claimValidTo": []string{""}, "validTo": nil}},
		{"two writes that became one keep a citation each, quotes apart", nil,
			[]citeWrite{w([]string{"reuters"}, "The police dispersed them.", "TARGET", "police", ""),
				w([]string{"reuters"}, "The government ordered it.", "TARGET", "government", "")},
			map[string]any{"citeSources": []string{"reuters", "reuters"}, "citeQuotes": []string{"The police dispersed them.", "The government ordered it."},
				"sourceIds": []string{"reuters"}, "quote": "The government ordered it.",
				"claimKind": []string{"TARGET", "TARGET"}, "kind": "TARGET", "claimRole": []string{"police", "government"}, "role": "government",
				"claimValidFrom": []string{"", ""}, "validFrom": nil, "claimValidTo": []string{"", ""}, "validTo": nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := foldRel(tc.stored, tc.writes, facts)
			if tc.want == nil {
				if got != nil {
					t.Fatalf("sets %v, want nothing", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("sets\n %v\nwant\n %v", got, tc.want)
			}
		})
	}
}
