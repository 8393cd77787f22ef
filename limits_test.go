package eventgraph

import (
	"strings"
	"testing"
)

func TestSearchWords(t *testing.T) {
	long := strings.Repeat("x", 100)
	many := make([]string, 40)
	for i := range many {
		many[i] = "w" + strings.Repeat("a", i)
	}
	tests := []struct {
		name          string
		text          string
		words         []string
		dropped, cut  int
		truncatedWant bool
	}{
		{"plain", "Zelensky talks", []string{"zelensky", "talks"}, 0, 0, false},
		{"distinct", "talks Talks TALKS", []string{"talks"}, 0, 0, false},
		{"punctuation splits", "Putin—Zelenskyy, (Istanbul)", []string{"putin", "zelenskyy", "istanbul"}, 0, 0, false},
		{"hyphens and apostrophes kept inside", "-prisoner-of-war' Kyiv's", []string{"prisoner-of-war", "kyiv's"}, 0, 0, false},
		{"letters beyond ASCII", "Türkiye Dolmabahçe", []string{"türkiye", "dolmabahçe"}, 0, 0, false},
		{"long word cut", long, []string{long[:64]}, 0, 1, true},
		{"too many words", strings.Join(many, " "), many[:32], 8, 0, true},
		{"operators are not words", `+ - && || ! ( ) "`, nil, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SearchWords(tt.text)
			if strings.Join(got.Words, " ") != strings.Join(tt.words, " ") || got.Dropped != tt.dropped || got.Cut != tt.cut {
				t.Fatalf("SearchWords(%q) = %+v, want words %q dropped %d cut %d", tt.text, got, tt.words, tt.dropped, tt.cut)
			}
			if got.Truncated() != tt.truncatedWant {
				t.Fatalf("Truncated() = %v", got.Truncated())
			}
		})
	}
}

func TestStringLimit(t *testing.T) {
	tests := []struct {
		field string
		isID  bool
		want  Limit
	}{
		{"id", true, LimitID},
		{"name", false, LimitName},
		{"name", true, LimitID},
		{"quote", false, LimitQuote},
		{"statement", false, LimitText},
		{"codes", false, LimitCode},
		{"query", false, LimitSearchChars},
		{"id", false, LimitCode}, // ExternalIdInput.id, indexed
	}
	for _, tt := range tests {
		if got := StringLimit(tt.field, tt.isID); got != tt.want {
			t.Errorf("StringLimit(%q, %v) = %v, want %v", tt.field, tt.isID, got.Name, tt.want.Name)
		}
	}
}

// The bounds on indexed strings stay below Neo4j's index key limit (about
// 8 KB) even at four bytes a character.
func TestIndexedStringsFitNeo4jIndexKeys(t *testing.T) {
	for _, l := range []Limit{LimitID, LimitName, LimitCode} {
		if l.Max*4 > 4000 {
			t.Errorf("%s: %d characters can take %d bytes, too close to the index key limit", l.Name, l.Max, l.Max*4)
		}
	}
}
