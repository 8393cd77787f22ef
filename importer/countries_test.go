package importer

import "testing"

// Every country comes from GeoNames' table (package geodata), with its codes.
func TestCountriesFromISO(t *testing.T) {
	for _, tc := range []struct {
		iso3 string
		num  int
		name string
	}{
		{"TUR", 792, "Turkey"}, // GeoNames' name; the server resolves it to the seed's Türkiye by code
		{"CHL", 152, "Chile"},
		{"NPL", 524, "Nepal"},
		{"MMR", 104, "Myanmar"},
	} {
		c := countryByISO3(tc.iso3)
		if c == nil || c.name != tc.name || c.num != tc.num {
			t.Errorf("countryByISO3(%s) = %+v, want %s (%d)", tc.iso3, c, tc.name, tc.num)
		}
		if n := countryByNum(tc.num); n == nil || n.iso3 != tc.iso3 {
			t.Errorf("countryByNum(%d) = %+v, want %s", tc.num, n, tc.iso3)
		}
	}
	for _, code := range []string{"XYZ", "EUR", "IGO", "", "RU"} {
		if c := countryByISO3(code); c != nil && code != "" {
			t.Errorf("countryByISO3(%q) = %+v, want none", code, c)
		}
	}
	// a city GDELT codes with a country outside the table is the state,
	// named as ISO names it, never a state called after the city
	a, _ := gdeltActor("CHL", "SANTIAGO", "CHL", "", "")
	if a.Kind != "STATE" || a.Name != "Chile" || deref(a.CountryCode) != "CHL" {
		t.Errorf("CHL SANTIAGO = %+v", a)
	}
}
