package importer

import (
	"slices"
	"strconv"
	"strings"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/eventgraph/eventgraph/importer/geodata"
)

// What the importers send about a place beyond the dataset's own spelling,
// so that the server resolves every spelling of one place to one node
// (DESIGN.md, "Entity resolution"): the other names and the GeoNames id the
// gazetteer (package geodata) holds for a populated place (GDELT's Kiev and
// ACLED's Kyiv both carry GEONAMES:703448 and each other's spelling), and
// the feature ids the dataset gives.

// External id systems of places.
const (
	systemGeoNames = "GEONAMES"
	systemGNS      = "GNS"  // GDELT's world cities: the NGA GEOnet Names Server's feature id
	systemGNIS     = "GNIS" // GDELT's US cities: the USGS Geographic Names Information System's
	systemADM1     = "ADM1" // GDELT's first-level divisions: the FIPS 10-4 division code (UP12)
)

// withGazetteer adds to city item l of country c the gazetteer's names and
// id of the populated place it names (near its coordinates, when it has
// them); an item the gazetteer does not know is left as it is.
func withGazetteer(l *model.LocationInput, c *country) {
	if c == nil || c.iso2 == "" {
		return
	}
	p, ok := geodata.FindPlace(c.iso2, l.Name, l.Latitude, l.Longitude, eventgraph.MaxPlaceDistanceKm)
	if !ok {
		return
	}
	have := []string{eventgraph.FoldName(l.Name)}
	for _, a := range l.Aliases {
		have = append(have, eventgraph.FoldName(a))
	}
	for _, n := range p.Names() {
		if len(l.Aliases) >= eventgraph.LimitList.Max {
			break
		}
		n = clipName(n)
		if f := eventgraph.FoldName(n); f != "" && !slices.Contains(have, f) {
			l.Aliases = append(l.Aliases, n)
			have = append(have, f)
		}
	}
	addExternalID(l, systemGeoNames, strconv.Itoa(p.GeoNameID))
}

// addExternalID gives l the external id system:id once; a blank id adds nothing.
func addExternalID(l *model.LocationInput, system, id string) {
	id = strings.TrimSpace(id)
	if id == "" || len(id) > eventgraph.LimitCode.Max {
		return
	}
	for _, x := range l.ExternalIds {
		if x.System == system && x.ID == id {
			return
		}
	}
	l.ExternalIds = append(l.ExternalIds, &model.ExternalIDInput{System: system, ID: id})
}
