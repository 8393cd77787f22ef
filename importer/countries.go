package importer

import (
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// country ties together the codes the datasets use for one country: GDELT
// geography uses FIPS 10-4 (UP for Ukraine), CAMEO actor codes and the graph
// use ISO 3166-1 alpha-3 (UKR), ACLED uses the ISO numeric code (804) and an
// English name. Name is the one the graph shows (Türkiye, as the seed spells
// it), so that an imported country becomes the same location id as the seed's.
type country struct {
	fips, iso3 string
	num        int
	name       string
	aliases    []string
}

// countries covers Europe, the former Soviet Union, the Middle East and the
// other states that appear most in event data about the war in Ukraine. A
// country outside the table still imports; its location simply has no
// countryCode.
var countries = []country{
	{"AF", "AFG", 4, "Afghanistan", nil},
	{"AL", "ALB", 8, "Albania", nil},
	{"AG", "DZA", 12, "Algeria", nil},
	{"AM", "ARM", 51, "Armenia", nil},
	{"AS", "AUS", 36, "Australia", nil},
	{"AU", "AUT", 40, "Austria", nil},
	{"AJ", "AZE", 31, "Azerbaijan", nil},
	{"BO", "BLR", 112, "Belarus", nil},
	{"BE", "BEL", 56, "Belgium", nil},
	{"BK", "BIH", 70, "Bosnia and Herzegovina", []string{"Bosnia-Herzegovina"}},
	{"BR", "BRA", 76, "Brazil", nil},
	{"BU", "BGR", 100, "Bulgaria", nil},
	{"UV", "BFA", 854, "Burkina Faso", nil},
	{"BM", "MMR", 104, "Myanmar", []string{"Burma"}},
	{"CA", "CAN", 124, "Canada", nil},
	{"CH", "CHN", 156, "China", nil},
	{"CO", "COL", 170, "Colombia", nil},
	{"CG", "COD", 180, "Democratic Republic of the Congo", []string{"Democratic Republic of Congo", "DR Congo"}},
	{"HR", "HRV", 191, "Croatia", nil},
	{"CY", "CYP", 196, "Cyprus", nil},
	{"EZ", "CZE", 203, "Czechia", []string{"Czech Republic"}},
	{"DA", "DNK", 208, "Denmark", nil},
	{"EG", "EGY", 818, "Egypt", nil},
	{"EN", "EST", 233, "Estonia", nil},
	{"ET", "ETH", 231, "Ethiopia", nil},
	{"FI", "FIN", 246, "Finland", nil},
	{"FR", "FRA", 250, "France", nil},
	{"GG", "GEO", 268, "Georgia", nil},
	{"GM", "DEU", 276, "Germany", nil},
	{"GR", "GRC", 300, "Greece", nil},
	{"HU", "HUN", 348, "Hungary", nil},
	{"IC", "ISL", 352, "Iceland", nil},
	{"IN", "IND", 356, "India", nil},
	{"ID", "IDN", 360, "Indonesia", nil},
	{"IR", "IRN", 364, "Iran", nil},
	{"IZ", "IRQ", 368, "Iraq", nil},
	{"EI", "IRL", 372, "Ireland", nil},
	{"IS", "ISR", 376, "Israel", nil},
	{"IT", "ITA", 380, "Italy", nil},
	{"JA", "JPN", 392, "Japan", nil},
	{"JO", "JOR", 400, "Jordan", nil},
	{"KZ", "KAZ", 398, "Kazakhstan", nil},
	{"KV", "XKX", 0, "Kosovo", nil},
	{"KG", "KGZ", 417, "Kyrgyzstan", nil},
	{"LG", "LVA", 428, "Latvia", nil},
	{"LE", "LBN", 422, "Lebanon", nil},
	{"LY", "LBY", 434, "Libya", nil},
	{"LH", "LTU", 440, "Lithuania", nil},
	{"LU", "LUX", 442, "Luxembourg", nil},
	{"ML", "MLI", 466, "Mali", nil},
	{"MT", "MLT", 470, "Malta", nil},
	{"MX", "MEX", 484, "Mexico", nil},
	{"MD", "MDA", 498, "Moldova", nil},
	{"MG", "MNG", 496, "Mongolia", nil},
	{"MJ", "MNE", 499, "Montenegro", nil},
	{"NL", "NLD", 528, "Netherlands", nil},
	{"NG", "NER", 562, "Niger", nil},
	{"NI", "NGA", 566, "Nigeria", nil},
	{"KN", "PRK", 408, "North Korea", nil},
	{"MK", "MKD", 807, "North Macedonia", []string{"Macedonia"}},
	{"NO", "NOR", 578, "Norway", nil},
	{"PK", "PAK", 586, "Pakistan", nil},
	{"WE", "PSE", 275, "Palestine", nil},
	{"PL", "POL", 616, "Poland", nil},
	{"PO", "PRT", 620, "Portugal", nil},
	{"QA", "QAT", 634, "Qatar", nil},
	{"RO", "ROU", 642, "Romania", []string{"ROM"}},
	{"RS", "RUS", 643, "Russia", []string{"Russian Federation"}},
	{"SA", "SAU", 682, "Saudi Arabia", nil},
	{"RI", "SRB", 688, "Serbia", nil},
	{"LO", "SVK", 703, "Slovakia", nil},
	{"SI", "SVN", 705, "Slovenia", nil},
	{"SO", "SOM", 706, "Somalia", nil},
	{"KS", "KOR", 410, "South Korea", nil},
	{"OD", "SSD", 728, "South Sudan", nil},
	{"SP", "ESP", 724, "Spain", nil},
	{"SU", "SDN", 729, "Sudan", nil},
	{"SW", "SWE", 752, "Sweden", nil},
	{"SZ", "CHE", 756, "Switzerland", nil},
	{"SY", "SYR", 760, "Syria", nil},
	{"TI", "TJK", 762, "Tajikistan", nil},
	{"TU", "TUR", 792, "Türkiye", []string{"Turkey"}},
	{"TX", "TKM", 795, "Turkmenistan", nil},
	{"UP", "UKR", 804, "Ukraine", nil},
	{"AE", "ARE", 784, "United Arab Emirates", nil},
	{"UK", "GBR", 826, "United Kingdom", []string{"UK", "Great Britain"}},
	{"US", "USA", 840, "United States", []string{"United States of America", "USA"}},
	{"UZ", "UZB", 860, "Uzbekistan", nil},
	{"VT", "VAT", 336, "Vatican City", []string{"Holy See"}},
	{"VE", "VEN", 862, "Venezuela", nil},
	{"YM", "YEM", 887, "Yemen", nil},
}

var (
	byFIPS = map[string]*country{}
	byISO3 = map[string]*country{}
	byNum  = map[int]*country{}
	byName = map[string]*country{}
)

func init() {
	for i := range countries {
		c := &countries[i]
		byFIPS[c.fips] = c
		byISO3[c.iso3] = c
		if c.num != 0 {
			byNum[c.num] = c
		}
		byName[strings.ToLower(c.name)] = c
		for _, a := range c.aliases {
			byName[strings.ToLower(a)] = c
			if len(a) == 3 && strings.ToUpper(a) == a {
				// an old or CAMEO-only alpha-3 code (ROM for Romania)
				byISO3[a] = c
			}
		}
	}
	// GDELT codes Gaza separately from the West Bank (FIPS GZ).
	byFIPS["GZ"] = byISO3["PSE"]
}

// countryByName finds a country by its English name or an alias, any case.
func countryByName(name string) *country {
	return byName[strings.ToLower(strings.TrimSpace(name))]
}

// The countries outside the table come from the ISO 3166 data that
// golang.org/x/text carries (CLDR's region data: alpha-2, alpha-3, the
// numeric code and the English name), so that a country the table lacks
// still gets its code, and a place or actor GDELT or ACLED names there is
// never taken for a country of its own. The table stays for what ISO does
// not hold: the FIPS 10-4 codes of GDELT's geography (from GDELT's
// FIPS-to-country lookup) and the names the graph gives (Türkiye).
var isoCountries sync.Map // alpha-3 or "#<numeric>" -> *country (nil: none)

// countryByISO3 is the country with an ISO 3166-1 alpha-3 code (or a CAMEO
// alias of the table), nil for none.
func countryByISO3(code string) *country {
	if c := byISO3[code]; c != nil {
		return c
	}
	if len(code) != 3 {
		return nil
	}
	if v, ok := isoCountries.Load(code); ok {
		return v.(*country)
	}
	var c *country
	if r, err := language.ParseRegion(code); err == nil && r.IsCountry() && r.ISO3() == code {
		c = isoCountry(r)
	}
	isoCountries.Store(code, c)
	return c
}

// countryByNum is the country with an ISO 3166-1 numeric code.
func countryByNum(n int) *country {
	if c := byNum[n]; c != nil {
		return c
	}
	key := "#" + strconv.Itoa(n)
	if v, ok := isoCountries.Load(key); ok {
		return v.(*country)
	}
	var c *country
	if r, err := language.EncodeM49(n); err == nil && r.IsCountry() {
		c = isoCountry(r)
	}
	isoCountries.Store(key, c)
	return c
}

// isoCountry is r as a country: its English name without CLDR's
// qualifiers ("Myanmar (Burma)" -> Myanmar, "Congo - Kinshasa" stays).
func isoCountry(r language.Region) *country {
	if c := byISO3[r.ISO3()]; c != nil {
		return c
	}
	name := display.English.Regions().Name(r)
	if i := strings.Index(name, " ("); i > 0 {
		name = name[:i]
	}
	num := r.M49()
	return &country{iso3: r.ISO3(), num: num, name: name}
}
