package store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestLuceneQuery(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("w%02d", i)
	}
	tests := []struct {
		name, text string
		typos      bool
		want       string
	}{
		{"a word exactly, as a prefix, with a typo", "Zelensky", true, `(zelensky^3 zelensky* zelensky~1)`},
		{"short words have no prefix or typo", "EU", true, `(eu^3)`},
		{"literal: no typos", "talks in Istanbul", false, `(talks^3 talks*) (in^3) (istanbul^3 istanbul*)`},
		{"operators are escaped or split", `a+b "c" (d) e:f -g prisoner-of-war`, false,
			`(a^3) (b^3) (c^3) (d^3) (e^3) (f^3) (g^3) (prisoner\-of\-war^3 prisoner\-of\-war*)`},
		{"nothing to search for", `&& || !`, true, `""`},
		{"the words a search uses, not more", strings.Join(many, " "), false,
			func() string {
				var terms []string
				for _, w := range many[:eventgraph.LimitSearchWords.Max] {
					terms = append(terms, "("+w+"^3 "+w+"*)")
				}
				return strings.Join(terms, " ")
			}()},
		{"a long word is cut", strings.Repeat("a", 2000), false,
			"(" + strings.Repeat("a", 64) + "^3 " + strings.Repeat("a", 64) + "*)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lucene(tt.text, tt.typos); got != tt.want {
				t.Errorf("lucene(%q, %v)\n got %s\nwant %s", tt.text, tt.typos, got, tt.want)
			}
		})
	}
}

// However its words are chosen, a text's query stays within Lucene's
// clause limit once every term has become one per field and every typo term
// has expanded to the most terms it can.
func TestLuceneQueryFitsTheClauseLimit(t *testing.T) {
	for _, n := range []int{1, 3, 10, 32, 100} {
		words := make([]string, n)
		for i := range words {
			words[i] = fmt.Sprintf("word%c%c", 'a'+i/26, 'a'+i%26)
		}
		q := LuceneQuery(strings.Join(words, " "))
		perField := strings.Count(q, "^3") + strings.Count(q, "*") + luceneFuzzyExpansions*strings.Count(q, "~1")
		if perField*fulltextFields > luceneMaxClauses {
			t.Errorf("%d words: %d clauses at most, more than Lucene's %d", n, perField*fulltextFields, luceneMaxClauses)
		}
		if typos := strings.Count(q, "~1"); typos < min(n, 2) {
			t.Errorf("%d words: typos on %d of them", n, typos)
		}
	}
}

func TestDecodeCursor(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, cursor string
		offset       int
		refused      string // part of the message; "" when the cursor is good
	}{
		{"one handed out", EncodeCursor(41), 42, ""},
		{"the furthest", EncodeCursor(eventgraph.LimitCursorOffset.Max - 1), eventgraph.LimitCursorOffset.Max, ""},
		{"beyond the bound", EncodeCursor(eventgraph.LimitCursorOffset.Max), 0, "cursor offset limit of 100000 items"},
		{"an offset that overflows", enc("o:99999999999999999999"), 0, "cursor offset limit"},
		{"the largest int", enc("o:9223372036854775807"), 0, "cursor offset limit"},
		{"negative", enc("o:-5"), 0, "not a cursor this API handed out"},
		{"not base64", "!!!", 0, "not a cursor this API handed out"},
		{"not ours", enc("x:1"), 0, "not a cursor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeCursor(tt.cursor)
			if tt.refused == "" {
				if err != nil || got != tt.offset {
					t.Fatalf("DecodeCursor = %d, %v; want %d", got, err, tt.offset)
				}
				return
			}
			var e *eventgraph.Error
			if !errors.As(err, &e) || e.Code != eventgraph.CodeBadUserInput || e.Path != "after" || !strings.Contains(e.Message, tt.refused) {
				t.Fatalf("DecodeCursor = %d, %v; want BAD_USER_INPUT at after saying %q", got, err, tt.refused)
			}
		})
	}
}

// The worst text for Lucene: every word misses, so that search retries
// with typos, and every word is one edit away from as many indexed terms as
// a typo term may expand to, in every field of the index. Before the typo
// terms were bounded, 13 such words made the index refuse the query even
// with the neighbours in one field only.
func TestSearchOfWordsWithManyNeighbours(t *testing.T) {
	c := writeTestClient(t)
	ctx := context.Background()
	prefix := testPrefix(t, c)
	var words, names []string
	for i := range eventgraph.LimitSearchWords.Max {
		w := fmt.Sprintf("x%c%caaa", 'a'+i/26, 'a'+i%26)
		words = append(words, w)
		for _, r := range "bcdefghijklmnopqrstuvwxyz" {
			names = append(names, w[:5]+string(r), w[:4]+string(r)+"a")
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, c.driver, `UNWIND range(0, size($names) - 1) AS i
		CREATE (:Topic {id: $prefix + i, name: $names[i], aliasText: $names[i], title: $names[i], statement: $names[i],
			summary: $names[i], description: $names[i], createdAt: datetime(), updatedAt: datetime()})`,
		map[string]any{"names": names, "prefix": prefix}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := neo4j.ExecuteQuery(ctx, c.driver, "CALL db.awaitIndexes(60)", nil, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(words, " ")
	v, err := c.SearchValue(ctx, text, []eventgraph.NodeType{eventgraph.NodeTypeTopic}, 20, map[eventgraph.NodeType][]Field{eventgraph.NodeTypeTopic: {f("name")}})
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	if hits, _ := v.([]any); len(hits) == 0 {
		t.Errorf("no hits: the typo terms should find the neighbours")
	}
	// A text filter uses the typo terms at once.
	list, err := c.ListValue(ctx, eventgraph.NodeTypeTopic, fa("topics", "topics", map[string]any{"where": map[string]any{"text": text}}, f("totalCount")))
	if err != nil {
		t.Fatalf("where.text: %v", err)
	}
	if n := fmt.Sprint(list.(map[string]any)["totalCount"]); n == "0" {
		t.Errorf("where.text found nothing")
	}
}
