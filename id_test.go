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

func TestNameID(t *testing.T) {
	mission := "Military Forces of the United Nations Multidimensional Integrated Stabilization Mission in Mali"
	contingents := []string{mission + " (2013-2023) Chadian Contingent", mission + " (2013-2023) Egyptian Contingent",
		mission + " (2013-2023) Togolese Contingent", mission + " (2013-2023) Guinean Contingent", mission + " (2013-2023) Senegalese Contingent"}
	seen := map[string]string{}
	for _, name := range append([]string{mission}, contingents...) {
		id := NameID(name)
		if !ValidID(id) || len(id) > 64 {
			t.Errorf("NameID(%q) = %q: not a valid id of at most 64 characters", name, id)
		}
		if other, ok := seen[id]; ok {
			t.Errorf("%q and %q share the id %q", name, other, id)
		}
		seen[id] = name
		if !strings.HasPrefix(id, "military-forces-of-the-united-nations") {
			t.Errorf("NameID(%q) = %q: should begin with the name's first words", name, id)
		}
	}
	for _, tt := range []struct{ name, want string }{
		{"Military Forces of Ukraine (2019-)", "military-forces-of-ukraine-2019"}, // short: the slug itself
		{"  ", ""},
	} {
		if got := NameID(tt.name); got != tt.want {
			t.Errorf("NameID(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if a, b := NameID(strings.ToUpper(contingents[0])), NameID(contingents[0]); a != b {
		t.Errorf("two spellings of one long name, one slug: %q and %q", a, b)
	}
	if id := NameID("الجيش"); !ValidID(id) || id == NameID("الشرطة") {
		t.Errorf("names without Latin letters: %q, %q", id, NameID("الشرطة"))
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
