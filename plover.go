package eventgraph

import (
	"fmt"
	"slices"
	"strings"
)

// PLOVER's how and why of an event, beside its what (the event kinds, the
// schema's EventKind enum): an event's mode is one of PLOVERModes and its
// contexts are among PLOVERContexts. Both are checked on every write
// (ingest and the single upserts, through Check) and are free strings in
// the schema: PLOVER's vocabulary grows between versions, and a String
// that is checked refuses "banana" without breaking a client that reads
// a mode written before the check, which an enum would.
//
// The modes and contexts are those of PLOVER's own CAMEO crosswalk
// (openeventdata/PLOVER, CAMEO2PLOVER-2021.txt; the importer's cameo.go
// table), plus the descriptive modes and contexts this service accepted
// before the check and that its seed, examples and generated benchmark
// data use (in person, ground offensive, ...): refusing them would make
// graphs already written impossible to replay.
var (
	PLOVERModes = []string{
		"abduct", "access", "arrest", "assassinate", "assist", "ban", "beat", "boycott",
		"ceasefire", "change", "cleansing", "confiscate", "curfew", "demo", "deport", "destroy",
		"disapprove", "disarm", "discontinue", "ease", "expel", "explosives", "firearms",
		"heavy-weapons", "host", "hunger", "investigate", "martial-law", "meet", "obstruct",
		"phone", "police", "political", "relations", "release", "restrict", "return", "riot",
		"sexual", "suicide-attack", "territory", "third-party", "torture", "troops",
		"unconventional", "violence", "visit", "withdraw", "yield",
		// Accepted before the check (seed, examples, generated data).
		"in person", "ground offensive", "statement", "video", "written", "military",
	}
	PLOVERContexts = []string{
		"asylum", "cbrn", "corruption", "crime", "democracy", "diplomatic", "economic",
		"executive", "human_rights", "humanitarian", "intelligence", "legal", "military",
		"peacekeeping", "political_institutions", "rights_freedoms",
		// Accepted before the check (DESIGN.md's examples, generated data).
		"territory", "energy", "security",
		// ACLED's civilian_targeting flag, which the importer keeps as a
		// context of its own (PLOVER has no context for it).
		"civilians",
	}
)

// IsPLOVERMode tells whether mode is one of PLOVERModes.
func IsPLOVERMode(mode string) bool { return slices.Contains(PLOVERModes, mode) }

// IsPLOVERContext tells whether context is one of PLOVERContexts.
func IsPLOVERContext(context string) bool { return slices.Contains(PLOVERContexts, context) }

// Mode: an event's mode, when given, is one of PLOVER's.
func (c *Check) Mode(path string, mode *string) {
	if mode != nil && !IsPLOVERMode(*mode) {
		c.Fail(path+".mode", "%q is not a PLOVER mode; the modes are %s", *mode, vocabulary(PLOVERModes))
	}
}

// Contexts: each of an event's contexts is one of PLOVER's.
func (c *Check) Contexts(path string, contexts []string) {
	for i, v := range contexts {
		// A blank one is NoBlanks's to say.
		if strings.TrimSpace(v) != "" && !IsPLOVERContext(v) {
			c.Fail(fmt.Sprintf("%s.contexts[%d]", path, i), "%q is not a PLOVER context; the contexts are %s", v, vocabulary(PLOVERContexts))
		}
	}
}

// vocabulary lists words as a message names them: sorted, quoted.
func vocabulary(words []string) string {
	s := slices.Sorted(slices.Values(words))
	for i, w := range s {
		s[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(s, ", ")
}
