// Package dataset generates the benchmark data: a deterministic, seeded graph
// shaped like real political event data (power-law actor activity, 2–6
// participants per event, a country→region→city hierarchy, topics, positions,
// forecasts and sources with quotes), as IngestInput batches whose JSON field
// names are exactly those of schema.graphqls.
//
// Every entity is a pure function of (seed, kind, index): entity i is drawn
// from its own RNG, so the load generator can name valid query parameters
// (actor ids, search terms, date ranges) without regenerating the data, and
// the same scale always yields byte-identical batches.
package dataset

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Scale is a dataset size, named by its number of events.
type Scale struct {
	Name   string
	Events int
}

// Scales are the three sizes of issue 5, plus T (tiny) for the smoke run.
var Scales = map[string]Scale{
	"T": {"T", 400},
	"S": {"S", 10_000},
	"M": {"M", 100_000},
	"L": {"L", 1_000_000},
}

// ParseScale resolves S, M, L or T; anything else is an error naming the value.
func ParseScale(s string) (Scale, error) {
	sc, ok := Scales[strings.ToUpper(s)]
	if !ok {
		return Scale{}, fmt.Errorf("unknown scale %q: want T, S, M or L", s)
	}
	return sc, nil
}

// Fixed shape of the location hierarchy and topic list; they do not grow with
// the scale (the world does not get more countries when a dataset grows).
const (
	Countries         = 40
	RegionsPerCountry = 5
	CitiesPerRegion   = 4
	Topics            = 60
	// EventsPerBatch is the ingest batch size the issue asks for.
	EventsPerBatch = 500
)

// Epoch and Days bound event dates: 2015-01-01 plus up to Days days.
var Epoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

const Days = 4017 // to 2025-12-31

// Gen is a dataset at one scale and seed.
type Gen struct {
	Scale Scale
	Seed  uint64
}

// New returns the generator for scale and seed.
func New(sc Scale, seed uint64) *Gen { return &Gen{Scale: sc, Seed: seed} }

// Counts derived from the number of events: real event data has roughly one
// actor per ten events, a source per ten, a position per twenty and a
// forecast per fifty.
func (g *Gen) Actors() int    { return max(60, g.Scale.Events/10) }
func (g *Gen) Sources() int   { return max(20, g.Scale.Events/10) }
func (g *Gen) Positions() int { return max(20, g.Scale.Events/20) }
func (g *Gen) Forecasts() int { return max(10, g.Scale.Events/50) }
func (g *Gen) Events() int    { return g.Scale.Events }

// Locations is the number of location nodes (countries, regions, cities).
func (g *Gen) Locations() int {
	return Countries * (1 + RegionsPerCountry + RegionsPerCountry*CitiesPerRegion)
}

// rng is entity i's own generator.
func (g *Gen) rng(kind string, i int) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", kind, i)
	return rand.New(rand.NewPCG(g.Seed, h.Sum64()))
}

// Ids: readable slugs, a pure function of the index.
func ActorID(i int) string    { return fmt.Sprintf("actor-%06d", i) }
func EventID(i int) string    { return fmt.Sprintf("event-%07d", i) }
func SourceID(i int) string   { return fmt.Sprintf("source-%06d", i) }
func TopicID(i int) string    { return fmt.Sprintf("topic-%03d", i) }
func PositionID(i int) string { return fmt.Sprintf("position-%06d", i) }
func ForecastID(i int) string { return fmt.Sprintf("forecast-%06d", i) }
func CountryID(c int) string  { return fmt.Sprintf("loc-c%02d", c) }
func RegionID(c, r int) string {
	return fmt.Sprintf("loc-c%02d-r%d", c, r)
}
func CityID(c, r, k int) string { return fmt.Sprintf("loc-c%02d-r%d-k%d", c, r, k) }

var syllables = []string{"ka", "ro", "vi", "an", "del", "mar", "sto", "lin", "be", "ga", "tor", "ish", "en", "zu", "pol", "nia", "ver", "os", "ta", "mi", "kov", "sen", "dra", "lu"}

func word(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

var countryCodes = func() []string {
	out := make([]string, Countries)
	for c := range out {
		out[c] = fmt.Sprintf("%c%c%c", 'A'+c%26, 'A'+(c/26+c*7)%26, 'A'+(c*11)%26)
	}
	return out
}()

// CountryCode is country c's ISO-like alpha-3 code.
func CountryCode(c int) string { return countryCodes[c] }

// zipfWeights: actor popularity follows a Zipf law with exponent 1.07
// (measured on GDELT actor counts it is close to 1), so a few states and
// leaders appear in a large share of events and most actors in a handful.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) *zipf {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), s)
		cdf[i] = sum
	}
	for i := range cdf {
		cdf[i] /= sum
	}
	return &zipf{cdf}
}

func (z *zipf) draw(r *rand.Rand) int {
	u := r.Float64()
	lo, hi := 0, len(z.cdf)-1
	for lo < hi {
		m := (lo + hi) / 2
		if z.cdf[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// actorRank maps a popularity rank to an actor index through a fixed
// permutation so that popular actors are spread over the id space (and over
// the loading batches) instead of being actors 0..k.
// The Countries most active ranks are the states (actors 0..Countries-1):
// in real event data states are the most frequent actors.
func (g *Gen) actorRank(rank int) int {
	if rank < Countries {
		return rank
	}
	n := g.Actors() - Countries
	// an affine permutation with a multiplier coprime to n
	m := 7919
	for gcd(m, n) != 1 {
		m += 2
	}
	return Countries + ((rank-Countries)*m+13)%n
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
