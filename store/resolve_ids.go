package store

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// Resolution by external id and by a place's aliases (DESIGN.md, "Entity
// resolution": "by a dataset code, wikidataId, an external id, or its
// normalised name or alias"). External ids are stored as SYSTEM:ID strings,
// as events' are, and matched exactly: a gazetteer's ids differ by a sign
// (GNS -1044367 and 1044367 are two places), so they are never folded. Their
// resolution token is a hash of the stored string, which keeps every
// character Lucene's query syntax would read out of the query.

// pResolveExternal is the token property of a node's external ids.
const pResolveExternal = "resolveExternal"

// externalIDs are an item's external ids as stored (SYSTEM:ID), each once;
// nil when the item gives none. checkExternalIDs has checked them.
func externalIDs(xs []*model.ExternalIDInput) []string {
	if xs == nil {
		return nil
	}
	ext := make([]string, 0, len(xs))
	for _, x := range xs {
		if x == nil {
			continue
		}
		if s := x.System + ":" + x.ID; !slices.Contains(ext, s) {
			ext = append(ext, s)
		}
	}
	return ext
}

// storedExternalIDs is the SYSTEM:ID form of external ids as an item gives them.
func storedExternalIDs(xs []*model.ExternalIDInput) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x != nil {
			out = append(out, x.System+":"+x.ID)
		}
	}
	return out
}

// inputExternalIDs is the input form of stored SYSTEM:ID strings.
func inputExternalIDs(stored []string) []*model.ExternalIDInput {
	out := make([]*model.ExternalIDInput, 0, len(stored))
	for _, s := range stored {
		if sys, id, ok := strings.Cut(s, ":"); ok {
			out = append(out, &model.ExternalIDInput{System: sys, ID: id})
		}
	}
	return out
}

// unionExternalIDs is stored with the ids of given it lacks appended; nil
// when both are empty, so that a node without external ids gains no list.
func unionExternalIDs(stored []string, given []*model.ExternalIDInput) []*model.ExternalIDInput {
	all := slices.Clone(stored)
	for _, s := range storedExternalIDs(given) {
		if !slices.Contains(all, s) {
			all = append(all, s)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return inputExternalIDs(all)
}

// withNames is a node's aliases with the names it lacks appended, a name
// and an alias counting as one when they fold alike.
func withNames(name string, aliases, more []string) []string {
	have := folds(name, aliases)
	out := slices.Clone(aliases)
	for _, n := range more {
		if f := eventgraph.FoldName(n); f != "" && !slices.Contains(have, f) {
			out = append(out, n)
			have = append(have, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func externalToken(stored string) string {
	if stored == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(stored))
	return "x_" + hex.EncodeToString(sum[:12])
}

// externalTokens sets the external-id token property for ext (stored form);
// nil leaves it as it is.
func externalTokens(p map[string]any, ext []string) {
	if ext != nil {
		p[pResolveExternal] = tokens(ext, externalToken)
	}
}

// locationTokens sets the token properties of a location's name, aliases
// and external ids.
func locationTokens(p map[string]any, name string, aliases, ext []string) {
	p[pResolveName] = nameToken(name)
	if aliases != nil {
		p[pResolveAliases] = tokens(aliases, nameToken)
	}
	externalTokens(p, ext)
}

// byExternalID are the hits that hold one of the item's external ids.
func byExternalID(given []*model.ExternalIDInput, hits []hit) ([]string, hit) {
	ext := storedExternalIDs(given)
	if len(ext) == 0 {
		return nil, nil
	}
	return distinctIDs(hits, func(h hit) bool { return intersects(ext, h.strs("externalIds")) })
}

// externalQueryTokens are the lookup tokens of an item's external ids.
func externalQueryTokens(given []*model.ExternalIDInput) []string {
	var out []string
	for _, s := range storedExternalIDs(given) {
		out = append(out, externalToken(s))
	}
	return out
}
