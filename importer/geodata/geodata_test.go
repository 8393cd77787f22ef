package geodata

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

// The vendored countries agree with the ISO 3166 data golang.org/x/text
// carries (CLDR's): every alpha-2 code is a region whose alpha-3 and
// numeric codes are the file's, and FIPS codes are unique.
func TestCountriesAgreeWithISO(t *testing.T) {
	cs := Countries()
	if len(cs) < 240 {
		t.Fatalf("%d countries", len(cs))
	}
	fips := map[string]string{}
	checked := 0
	for _, c := range cs {
		if c.FIPS != "" {
			if o, ok := fips[c.FIPS]; ok {
				t.Errorf("FIPS %s is %s and %s", c.FIPS, o, c.ISO2)
			}
			fips[c.FIPS] = c.ISO2
		}
		r, err := language.ParseRegion(c.ISO2)
		if err != nil {
			t.Errorf("%s (%s) is no ISO region: %v", c.ISO2, c.Name, err)
			continue
		}
		if c.ISO2 == "XK" {
			continue // Kosovo: a user-assigned code, which CLDR gives no alpha-3 of its own
		}
		if r.ISO3() != c.ISO3 {
			t.Errorf("%s: alpha-3 %s, ISO says %s", c.ISO2, c.ISO3, r.ISO3())
		}
		if m := r.M49(); m != 0 && m != c.Num {
			t.Errorf("%s: numeric %d, ISO says %d", c.ISO2, c.Num, m)
		}
		checked++
	}
	if checked < 240 {
		t.Errorf("only %d countries checked against ISO", checked)
	}
	// The FIPS codes that differ most from ISO's, as GDELT uses them.
	for f, iso := range map[string]string{"UP": "UA", "RS": "RU", "TU": "TR", "GM": "DE", "UK": "GB", "EZ": "CZ", "IZ": "IQ", "KS": "KR", "KN": "KP", "WE": "PS"} {
		if fips[f] != iso {
			t.Errorf("FIPS %s is %q, want %s", f, fips[f], iso)
		}
	}
}

// Places are found by the spellings the feeds write, in their country,
// near their coordinates.
func TestFindPlace(t *testing.T) {
	fp := func(f float64) *float64 { return &f }
	for _, tc := range []struct {
		iso2, name string
		lat, lon   *float64
		want       string
	}{
		{"UA", "Kiev", fp(50.4), fp(30.5), "Kyiv"},
		{"UA", "Kyiv", nil, nil, "Kyiv"},
		// Without coordinates only a place's own name is enough.
		{"UA", "Kiev", nil, nil, ""},
		{"UA", "Aleksandrovka", nil, nil, ""},
		{"UA", "KYIV", fp(50.45), fp(30.52), "Kyiv"},
		{"UA", "Kharkov", fp(50), fp(36.25), "Kharkiv"},
		{"UA", "Khar'kov", fp(50), fp(36.25), "Kharkiv"},
		{"UA", "Odessa", fp(46.47), fp(30.73), "Odesa"},
		{"UA", "Nikolaev", fp(46.97), fp(32), "Mykolayiv"},
		{"UA", "Mykolaiv", fp(46.97), fp(32), "Mykolayiv"},
		{"UA", "Zaporozhye", fp(47.82), fp(35.18), "Zaporizhzhya"},
		{"UA", "Zaporizhzhia", fp(47.84), fp(35.14), "Zaporizhzhya"},
		{"UA", "Dnepropetrovsk", fp(48.45), fp(34.98), "Dnipro"},
		{"UA", "Artemovsk", fp(48.6), fp(38), "Bakhmut"},
		{"RU", "Moskva", fp(55.75), fp(37.6), "Moscow"},
		{"TR", "Istanbul", nil, nil, "Istanbul"},
		// Too far from the coordinates given, another country, no such place.
		{"UA", "Kiev", fp(48.0), fp(37.8), ""},
		{"RU", "Kiev", nil, nil, ""},
		{"UA", "Nowhere At All", nil, nil, ""},
	} {
		p, ok := FindPlace(tc.iso2, tc.name, tc.lat, tc.lon, 25)
		if got := map[bool]string{true: p.Name}[ok]; got != tc.want {
			t.Errorf("FindPlace(%s, %q) = %q, want %q", tc.iso2, tc.name, got, tc.want)
		}
	}
	// Donetsk's old name, near Donetsk.
	if p, ok := FindPlace("UA", "Aleksandrovka", fp(48.0), fp(37.8), 25); !ok || p.Name != "Donetsk" {
		t.Errorf("Aleksandrovka near Donetsk = %q", p.Name)
	}
	p, _ := FindPlace("UA", "Kyiv", nil, nil, 25)
	if p.GeoNameID != 703448 || !slices.Contains(p.OtherNames, "Kiev") {
		t.Errorf("Kyiv = %+v", p)
	}
	for _, n := range p.OtherNames {
		if len(n) < 4 || n == "IEV" {
			t.Errorf("Kyiv's other name %q: the extract keeps no codes or fragments", n)
		}
	}
}
