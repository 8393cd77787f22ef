package eventgraph

import "testing"

func TestFoldName(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Türkiye", "TURKIYE"},
		{"VOLODYMYR ZELENSKY", "Volodymyr Zelensky"},
		{"U.S.", "u s"},
		{"Donets'k", "Donetsk"},
		{"Dolmabahçe  Palace", "dolmabahce palace"},
		{"İstanbul", "Istanbul"},
		{"Владимир Путин", "владимир путин"},
		{"Government of Russia (2000-)", "government of russia 2000"},
		{"  Kyiv, Ukraine ", "kyiv ukraine"},
	} {
		if fa, fb := FoldName(tc.a), FoldName(tc.b); fa != fb {
			t.Errorf("FoldName(%q) = %q, FoldName(%q) = %q: want equal", tc.a, fa, tc.b, fb)
		}
	}
	for _, tc := range []struct{ a, b string }{
		{"Zelensky", "Zelenskyy"},
		{"Government of Russia (2000-)", "Government of Russia (1991-1999)"},
		{"Kyiv", "Kyiv Oblast"},
	} {
		if FoldName(tc.a) == FoldName(tc.b) {
			t.Errorf("FoldName(%q) = FoldName(%q) = %q: want different", tc.a, tc.b, FoldName(tc.a))
		}
	}
	if got := FoldName("!!! -- ..."); got != "" {
		t.Errorf("punctuation alone folds to %q, want empty", got)
	}
}

func TestKindFamily(t *testing.T) {
	same := [][2]string{{"ORGANIZATION", "GROUP"}, {"GROUP", "DELEGATION"}, {"CITY", "SITE"}, {"PERSON", "PERSON"}}
	apart := [][2]string{{"STATE", "ORGANIZATION"}, {"PERSON", "ORGANIZATION"}, {"STATE", "PERSON"}, {"CITY", "REGION"}, {"COUNTRY", "REGION"}, {"STATE", "CITY"}}
	for _, p := range same {
		if KindFamily(p[0]) != KindFamily(p[1]) || KindFamily(p[0]) == "" {
			t.Errorf("%s and %s: want one family, got %q and %q", p[0], p[1], KindFamily(p[0]), KindFamily(p[1]))
		}
	}
	for _, p := range apart {
		if KindFamily(p[0]) == KindFamily(p[1]) {
			t.Errorf("%s and %s: want different families, both %q", p[0], p[1], KindFamily(p[0]))
		}
	}
	if KindFamily("NONSENSE") != "" {
		t.Error("an unknown kind has a family")
	}
}

func TestResolvedKind(t *testing.T) {
	for _, tc := range []struct {
		stored, given string
		known         bool
		want          string
	}{
		{"GROUP", "ORGANIZATION", true, "ORGANIZATION"}, // better evidence corrects
		{"ORGANIZATION", "GROUP", true, "ORGANIZATION"}, // a group sighting never downgrades
		{"GROUP", "ORGANIZATION", false, "GROUP"},       // a guess changes nothing
		{"STATE", "ORGANIZATION", true, "STATE"},        // a code match across families keeps the kind
		{"PERSON", "ORGANIZATION", false, "PERSON"},     // GDELT's guess at a named actor
		{"DELEGATION", "ORGANIZATION", true, "ORGANIZATION"},
		{"", "GROUP", false, "GROUP"},
	} {
		if got := ResolvedKind(tc.stored, tc.given, tc.known); got != tc.want {
			t.Errorf("ResolvedKind(%s, %s, %v) = %s, want %s", tc.stored, tc.given, tc.known, got, tc.want)
		}
	}
}
