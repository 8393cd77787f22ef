package eventgraph

import (
	"fmt"
	"strings"
	"unicode"
)

// Limit is one bound on what a client may send: the most of Unit that one
// value of its kind may hold. The bounds exist so that no request, however
// hostile, costs the database more than the service can afford: every
// string, list and number that reaches Cypher is bounded before any work
// starts, and a value beyond its bound is refused with BAD_USER_INPUT (or
// QUERY_TOO_COMPLEX for the shape of the document), naming the field, its
// path and the bound.
type Limit struct {
	// Name is how error messages and the docs call the bound.
	Name string
	// Max is the largest allowed amount.
	Max int
	// Unit is what Max counts: characters (Unicode code points), items,
	// words, bytes, levels or fields.
	Unit string
	// Applies says, for the docs and the schema's descriptions, what the
	// bound covers.
	Applies string
}

// String reads as the docs state it: "500 characters".
func (l Limit) String() string { return fmt.Sprintf("%d %s", l.Max, l.Unit) }

// The bounds, in one table. Index-backed strings (ids, names, codes,
// external ids) stay far below Neo4j's index key limit of about 8 KB even
// when every character takes four bytes of UTF-8.
var (
	LimitID = Limit{"id", 128, "characters",
		"every ID argument and input field (ids, references, cursors)"}
	LimitName = Limit{"name", 500, "characters",
		"names, titles, aliases, labels, roles, authors, publishers, units, modes and contexts"}
	LimitCode = Limit{"code", 100, "characters",
		"dataset codes, country codes, Wikidata ids, external id systems and ids"}
	LimitURL = Limit{"URL", 2000, "characters",
		"a source's url"}
	LimitQuote = Limit{"quote", 5000, "characters",
		"a citation's or participation's quote"}
	LimitText = Limit{"text", 20000, "characters",
		"statements, summaries, outcomes, descriptions, resolution notes, and any other string"}
	LimitList = Limit{"list", 200, "items",
		"every list argument or input field other than a batch's own lists (aliases, codes, citations, participants, ids in a filter, ...)"}
	LimitBatchItems = Limit{"batch", 5000, "items",
		"the items of one ingest batch, all its lists together"}
	LimitBatchBytes = Limit{"request body", 4 << 20, "bytes",
		"one request body (an ingest batch travels in it)"}
	LimitSearchChars = Limit{"search text", 10000, "characters",
		"the text of search(query) and of every where.text filter"}
	LimitSearchWords = Limit{"search words", 32, "words",
		"distinct words of a search text that are used; the rest are dropped and said in the response's extensions.searchText"}
	LimitSearchWordChars = Limit{"search word", 64, "characters",
		"one word of a search text; a longer word is cut to its first 64 characters (a prefix), said in extensions.searchText"}
	LimitFirst = Limit{"page size", 100, "items",
		"first on every connection and on search, and the ids of nodes(ids)"}
	LimitBuckets = Limit{"buckets", 1000, "buckets",
		"first of eventCounts, coParticipation, positionCounts, forecastCounts and forecastScores"}
	LimitCursorOffset = Limit{"cursor offset", 100000, "items",
		"how far into a list a cursor may point (page further with a filter instead)"}
	LimitDepth = Limit{"neighbourhood depth", 3, "levels",
		"neighborhood(depth)"}
	LimitNeighborhood = Limit{"neighbourhood size", 500, "nodes",
		"neighborhood(limit)"}
	LimitPathDepth = Limit{"path length", 8, "levels",
		"path(maxDepth)"}
	LimitRootFields = Limit{"database fields", 20, "fields",
		"root fields that read or write the database in one operation (aliases count; __typename and introspection do not)"}
	LimitDocumentFields = Limit{"expanded document", 10000, "fields",
		"fields of one operation once every fragment spread is expanded"}
	LimitSelectionDepth = Limit{"selection depth", 10, "levels",
		"how deep selections nest (fragments followed, introspection excepted)"}
	LimitFilterDepth = Limit{"filter depth", 8, "levels",
		"how deep one where argument nests: it is a level, and so is each where inside it (of AND, OR, NOT, some, all, none, single, a related node's)"}
	LimitFilterSize = Limit{"filter size", 64, "fields",
		"the input fields set in one where argument, at every level together; AND and OR count one per filter they list"}
)

// Limits lists every bound, in the order docs/api.md states them. A test
// checks that the docs and the schema's descriptions say the same numbers.
var Limits = []Limit{
	LimitID, LimitName, LimitCode, LimitURL, LimitQuote, LimitText, LimitList,
	LimitBatchItems, LimitBatchBytes, LimitSearchChars, LimitSearchWords, LimitSearchWordChars,
	LimitFirst, LimitBuckets, LimitCursorOffset, LimitDepth, LimitNeighborhood, LimitPathDepth,
	LimitRootFields, LimitDocumentFields, LimitSelectionDepth, LimitFilterDepth, LimitFilterSize,
}

// IsFilterInput tells whether the input type called typeName is a where
// filter (ActorWhere, ParticipantWhere, ...): its nesting counts towards
// LimitFilterDepth. Every filter's type is named so in the schema.
func IsFilterInput(typeName string) bool { return strings.HasSuffix(typeName, "Where") }

// bucketFields are the root fields whose `first` counts buckets of an
// aggregation, not a page of nodes: a series of months by kind needs more
// than a page.
var bucketFields = map[string]bool{"eventCounts": true, "coParticipation": true, "positionCounts": true, "forecastCounts": true, "forecastScores": true}

// FirstLimit is the bound on the `first` argument of the field called
// field (its GraphQL name).
func FirstLimit(field string) Limit {
	if bucketFields[field] {
		return LimitBuckets
	}
	return LimitFirst
}

// stringFields maps an input field's or argument's GraphQL name to the bound
// of its String values. ID-typed values are always LimitID; a String named
// nowhere here is LimitText.
var stringFields = map[string]Limit{
	"name": LimitName, "title": LimitName, "aliases": LimitName, "label": LimitName,
	"role": LimitName, "author": LimitName, "publisher": LimitName, "unit": LimitName,
	"mode": LimitName, "contexts": LimitName,
	"codes": LimitCode, "code": LimitCode, "countryCode": LimitCode, "wikidataId": LimitCode,
	"system": LimitCode, "externalId": LimitCode,
	// A String called id is an external id's (ExternalIdInput.id): indexed
	// with its system as SYSTEM:ID. Every ID-typed id is LimitID.
	"id":    LimitCode,
	"url":   LimitURL,
	"quote": LimitQuote,
	"query": LimitSearchChars, "text": LimitSearchChars,
	"after": LimitID,
}

// StringLimit is the bound on a String or ID value of the input field or
// argument called field (its GraphQL name); isID when its type is ID.
func StringLimit(field string, isID bool) Limit {
	if isID {
		return LimitID
	}
	if l, ok := stringFields[field]; ok {
		return l
	}
	return LimitText
}

// SearchText is what a search or where.text filter uses of a text: its
// distinct words (lower-cased, split on anything but letters, digits,
// hyphens and apostrophes) up to LimitSearchWords, each cut to
// LimitSearchWordChars. Dropped counts the distinct words left out and Cut
// the words shortened, so that the response can say what was not used.
type SearchText struct {
	Words   []string
	Dropped int
	Cut     int
}

// SearchWords splits text the one way every search does.
func SearchWords(text string) SearchText {
	var st SearchText
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r == '-' || r == '\'' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}) {
		w = strings.Trim(w, "-'")
		if w == "" {
			continue
		}
		if r := []rune(w); len(r) > LimitSearchWordChars.Max {
			w = string(r[:LimitSearchWordChars.Max])
			st.Cut++
		}
		if seen[w] {
			continue
		}
		seen[w] = true
		if len(st.Words) == LimitSearchWords.Max {
			st.Dropped++
			continue
		}
		st.Words = append(st.Words, w)
	}
	return st
}

// Truncated tells whether the text lost words or characters.
func (st SearchText) Truncated() bool { return st.Dropped > 0 || st.Cut > 0 }
