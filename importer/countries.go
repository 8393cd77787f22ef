package importer

import (
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/importer/geodata"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// country ties together the codes the datasets use for one country: GDELT
// geography uses FIPS 10-4 (UP for Ukraine), CAMEO actor codes and the graph
// use ISO 3166-1 alpha-3 (UKR), ACLED uses the ISO numeric code (804) and an
// English name, the gazetteer alpha-2 (UA). Every country comes from
// GeoNames' country table (package geodata), never from a list kept here:
// a place or actor GDELT or ACLED names in any country gets that country's
// code, and is never taken for a country of its own. Name is GeoNames'
// English name; a graph that spells a country otherwise (the seed's
// Türkiye) still gets the imported country, which resolves by its code.
type country struct {
	fips, iso2, iso3 string
	num              int
	name             string
}

var (
	byFIPS = map[string]*country{}
	byISO3 = map[string]*country{}
	byNum  = map[int]*country{}
	byName = map[string]*country{} // folded English name (GeoNames' and CLDR's)
)

func init() {
	regions := display.English.Regions()
	for _, g := range geodata.Countries() {
		c := &country{fips: g.FIPS, iso2: g.ISO2, iso3: g.ISO3, num: g.Num, name: g.Name}
		if c.fips != "" {
			byFIPS[c.fips] = c
		}
		byISO3[c.iso3] = c
		if c.num != 0 {
			byNum[c.num] = c
		}
		names := []string{c.name}
		if r, err := language.ParseRegion(c.iso2); err == nil {
			// CLDR's name, and without its qualifier: "Myanmar (Burma)"
			// gives Myanmar and Burma, "Czechia" beside GeoNames' own.
			n := regions.Name(r)
			names = append(names, n)
			if i := strings.Index(n, " ("); i > 0 {
				names = append(names, n[:i], strings.TrimSuffix(n[i+2:], ")"))
			}
		}
		for _, n := range names {
			if k := eventgraph.FoldName(n); k != "" && byName[k] == nil {
				byName[k] = c
			}
		}
	}
	// FIPS 10-4 codes the Gaza Strip apart from the West Bank (GZ and WE);
	// GeoNames' table, one row per ISO country, gives Palestine WE only.
	byFIPS["GZ"] = byISO3["PSE"]
}

// countryByName finds a country by its English name, folded.
func countryByName(name string) *country { return byName[eventgraph.FoldName(name)] }

// countryByISO3 is the country with an ISO 3166-1 alpha-3 code, nil for none.
func countryByISO3(code string) *country { return byISO3[code] }

// CAMEO's country codes are ISO 3166-1 alpha-3 as the codebook's authors
// found them (CAMEO manual 1.1b3, and GDELT's CAMEO.country.txt lookup), so
// a few are codes ISO has since retired or never had, which GeoNames'
// table does not hold; cameoCountries maps them to the country's code now.
// The West Bank and the Gaza Strip are the territories ISO calls Palestine.
var cameoCountries = map[string]string{
	"ROM": "ROU", // Romania (ISO until 2002)
	"TMP": "TLS", // East Timor (ISO until 2002)
	"ZAR": "COD", // Zaire (ISO until 1997)
	"KSV": "XKX", // Kosovo (the code users agreed on; ISO has none)
	"WSB": "PSE", // West Bank
	"GZS": "PSE", // Gaza Strip
}

// cameoRegions are CAMEO's codes of regions (the manual's "regional"
// codes), which stand where a country code would and are no country: an
// actor GDELT codes EUR is Europe, a group of countries, never a state.
var cameoRegions = map[string]string{
	"AFR": "Africa", "ASA": "Asia", "BLK": "Balkans", "CRB": "Caribbean", "CAU": "Caucasus",
	"CFR": "Central Africa", "CAS": "Central Asia", "CEU": "Central Europe", "EIN": "East Indies",
	"EAF": "Eastern Africa", "EEU": "Eastern Europe", "EUR": "Europe", "LAM": "Latin America",
	"MEA": "Middle East", "MDT": "Mediterranean", "NAF": "North Africa", "NMR": "North America",
	"PGS": "Persian Gulf", "SCN": "Scandinavia", "SAM": "South America", "SAS": "South Asia",
	"SEA": "Southeast Asia", "SAF": "Southern Africa", "WAF": "West Africa", "WST": "The West",
}

// countryByCAMEO is the country a CAMEO country code names, nil for none
// (a region, an unknown code).
func countryByCAMEO(code string) *country {
	if c := byISO3[code]; c != nil {
		return c
	}
	return byISO3[cameoCountries[code]]
}

// cameoCountryOf is the country of a CAMEO actor code's first three letters
// (RUSGOV, ROMMIL), nil for none.
func cameoCountryOf(code string) *country {
	if len(code) < 3 {
		return nil
	}
	return countryByCAMEO(code[:3])
}

// countryByNum is the country with an ISO 3166-1 numeric code, nil for none.
func countryByNum(n int) *country { return byNum[n] }
