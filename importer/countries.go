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

// countryByNum is the country with an ISO 3166-1 numeric code, nil for none.
func countryByNum(n int) *country { return byNum[n] }
