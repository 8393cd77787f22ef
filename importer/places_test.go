package importer

import (
	"slices"
	"testing"
)

// GDELT's and ACLED's spellings of one city carry one GeoNames id and each
// other's spelling, so that the server resolves both to one place; a city
// the gazetteer does not know, or one too far from where the gazetteer has
// it, carries none.
func TestPlacesCarryTheGazetteersIDs(t *testing.T) {
	geonames := func(ext []string) string {
		for _, x := range ext {
			if len(x) > 9 && x[:9] == "GEONAMES:" {
				return x[9:]
			}
		}
		return ""
	}
	for _, tc := range []struct {
		gdeltName, gdeltFull, lat, long string
		acledAdmin1, acledName          string
		acledLat, acledLong             string
		want                            string
	}{
		{"Kharkov", "Kharkov, Kharkivs'ka Oblast', Ukraine", "50", "36.25", "Kharkiv", "Kharkiv", "49.9935", "36.2304", "706483"},
		{"Kiev", "Kiev, Kyyiv, Misto, Ukraine", "50.4333", "30.5167", "Kyiv City", "Kyiv", "50.4501", "30.5234", "703448"},
		{"Odessa", "Odessa, Odes'ka Oblast', Ukraine", "46.4775", "30.7326", "Odesa", "Odesa", "46.4825", "30.7233", "698740"},
		{"Nikolaev", "Nikolaev, Mykolayivs'ka Oblast', Ukraine", "46.9659", "31.9974", "Mykolaiv", "Mykolaiv", "46.975", "31.9946", "700569"},
		{"Zaporozhye", "Zaporozhye, Zaporiz'ka Oblast', Ukraine", "47.8167", "35.1833", "Zaporizhia", "Zaporizhzhia", "47.8388", "35.1396", "687700"},
	} {
		locs := gdeltLocation("4", tc.gdeltFull, "UP", "UP07", "-1036404", tc.lat, tc.long)
		g := locs[len(locs)-1]
		row := map[string]string{"country": "Ukraine", "iso": "804", "admin1": tc.acledAdmin1, "location": tc.acledName,
			"latitude": tc.acledLat, "longitude": tc.acledLong}
		al, err := acledLocations(func(k ...string) string { return row[k[0]] })
		if err != nil {
			t.Fatal(err)
		}
		a := al[len(al)-1]
		if geonames(externalIDs(g)) != tc.want || geonames(externalIDs(a)) != tc.want {
			t.Errorf("%s / %s: GeoNames ids %v and %v, want %s", tc.gdeltName, tc.acledName, externalIDs(g), externalIDs(a), tc.want)
		}
		if !slices.Contains(externalIDs(g), "GNS:-1036404") {
			t.Errorf("%s: GDELT's feature id missing: %v", tc.gdeltName, externalIDs(g))
		}
		if g.Name != tc.gdeltName || a.Name != tc.acledName {
			t.Errorf("names %q %q: the dataset's spelling stays the item's name", g.Name, a.Name)
		}
	}
	// Not in the gazetteer (a village), and Kyiv's name far from Kyiv.
	for _, full := range []string{"Zzyzxovka, Donets'ka Oblast', Ukraine"} {
		l := gdeltLocation("4", full, "UP", "UP05", "", "48.1", "37.7")
		if leaf := l[len(l)-1]; len(leaf.Aliases) != 0 || len(leaf.ExternalIds) != 0 {
			t.Errorf("%s: %v %v", full, leaf.Aliases, externalIDs(leaf))
		}
	}
	l := gdeltLocation("4", "Kiev, Donets'ka Oblast', Ukraine", "UP", "UP05", "", "48.1", "37.7")
	if leaf := l[len(l)-1]; geonames(externalIDs(leaf)) != "" {
		t.Errorf("a Kiev 500 km from Kyiv got %v", externalIDs(leaf))
	}
	// A US city's feature id is GNIS's; a country has none.
	us := gdeltLocation("3", "Moscow, Idaho, United States", "US", "USID", "396951", "46.7324", "-117.0002")
	if got := externalIDs(us[len(us)-1]); !slices.Contains(got, "GNIS:396951") || geonames(got) != "5601538" {
		t.Errorf("Moscow, Idaho: %v", got)
	}
	if c := gdeltLocation("1", "Ukraine", "UP", "UP", "UP", "49", "32"); len(c[0].ExternalIds) != 0 {
		t.Errorf("country external ids %v", externalIDs(c[0]))
	}
}
