package eventgraph

import (
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldName is the form in which two spellings of one name compare equal,
// the one rule entity resolution matches names and aliases by: accents
// dropped (Türkiye -> turkiye), case folded, punctuation and runs of spaces
// made one space ("U.S." -> "u s", "Donets'k" -> "donets k"). Letters of
// every script are kept (Владимир Путин stays Cyrillic), so that a name
// without Latin letters still matches itself.
func FoldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: the base letter stays
		case r == 'ı':
			r = 'i'
			fallthrough
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == 'ʼ':
			// an apostrophe joins: Donets'k and Donetsk are one name
		default:
			space = true
		}
	}
	return b.String()
}

// Kind families: an item resolves by name only to a node of its own family
// (a person never becomes a state that shares a name, a city never a
// region), while codes and wikidata ids resolve across families.
const (
	FamilyPerson       = "person"
	FamilyState        = "state"
	FamilyOrganization = "organization"
	FamilyCountry      = "country"
	FamilyRegion       = "region"
	FamilyPlace        = "place"
)

// kindFamily is the family of every actor and location kind; organisations,
// groups and delegations are one family, as are cities and sites (datasets
// call one place either).
var kindFamily = map[string]string{
	"PERSON": FamilyPerson, "STATE": FamilyState,
	"ORGANIZATION": FamilyOrganization, "GROUP": FamilyOrganization, "DELEGATION": FamilyOrganization,
	"COUNTRY": FamilyCountry, "REGION": FamilyRegion, "CITY": FamilyPlace, "SITE": FamilyPlace,
}

// KindFamily is the family of an actor or location kind, "" for none.
func KindFamily(kind string) string { return kindFamily[kind] }

// kindRank orders the kinds of one family by how much a sighting of them
// says: a group is what a dataset calls an actor it knows little about, an
// organisation one it has coded (ACLED's state forces).
var kindRank = map[string]int{"GROUP": 0, "DELEGATION": 1, "ORGANIZATION": 2}

// ResolvedKind is the kind a node of kind stored keeps when an item of kind
// given resolves to it: the given kind when it is known and of the stored
// kind's family and not weaker evidence; otherwise the stored one (an item
// that matched by code across families, or a guess, never changes a kind).
func ResolvedKind(stored, given string, known bool) string {
	if !known || stored == "" || KindFamily(stored) != KindFamily(given) {
		if stored == "" {
			return given
		}
		return stored
	}
	if kindRank[given] < kindRank[stored] {
		return stored
	}
	return given
}

// MaxPlaceDistanceKm is how far apart two places with coordinates may lie
// and still be one place when they have one name in one country: GDELT
// places a city at its centroid, ACLED at the event's village.
const MaxPlaceDistanceKm = 25.0

// DistanceKm is the great-circle distance between two points, the one
// measure of how far apart places lie (resolution, the importers'
// gazetteer).
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	x := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(x)))
}
