package eventgraph

import (
	"strings"
	"testing"
)

func TestSlugs(t *testing.T) {
	d := Date{2025, 5, 16}
	long := strings.Repeat("a very long title about the talks ", 5)
	tests := []struct{ name, got, want string }{
		{"accents go", Slug("Türkiye"), "turkiye"},
		{"dotless i", Slug("Dolmabahçe Palace, İstanbul"), "dolmabahce-palace-istanbul"},
		{"punctuation separates", Slug("Istanbul talks (16 May)"), "istanbul-talks-16-may"},
		{"dated", DatedSlug("Istanbul talks", d), "istanbul-talks-2025-05-16"},
		{"dated keeps its date when long", DatedSlug(long, d)[len(DatedSlug(long, d))-10:], "2025-05-16"},
		{"dated of nothing", DatedSlug("!!!", d), "2025-05-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	for _, s := range []string{Slug(long), DatedSlug(long, d), ContentID("forecast", "x")} {
		if !ValidID(s) {
			t.Errorf("%q is not a valid id", s)
		}
	}
	if ContentID("p", "a", "bc") == ContentID("p", "ab", "c") {
		t.Error("content ids of different content collide")
	}
}

func TestForecastWindow(t *testing.T) {
	issued := Date{2025, 5, 26}
	tests := []struct {
		horizon    string
		start, end string
	}{
		{"SHORT_TERM", "2025-05-26", "2025-08-26"},
		{"MEDIUM_TERM", "2025-08-26", "2026-05-26"},
		{"LONG_TERM", "2026-05-26", ""},
	}
	for _, tt := range tests {
		start, end, ok := ForecastWindow(tt.horizon, issued)
		got := ""
		if end != nil {
			got = end.String()
		}
		if !ok || start.String() != tt.start || got != tt.end {
			t.Errorf("%s: %v..%v, want %s..%s", tt.horizon, start, got, tt.start, tt.end)
		}
	}
	if _, _, ok := ForecastWindow("SOON", issued); ok {
		t.Error("an unknown horizon has a window")
	}
	if (Date{2025, 1, 31}).AddMonths(1).String() != "2025-02-28" {
		t.Error("AddMonths does not clamp to the month's end")
	}
}
