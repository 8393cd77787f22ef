package importer

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// GDELT 2.0 event export columns (GDELT Event Codebook V2.0): tab-separated,
// no header, 61 columns.
const (
	gGlobalEventID = iota
	gSQLDate
	gMonthYear
	gYear
	gFractionDate
	gActor1Code
	gActor1Name
	gActor1CountryCode
	gActor1KnownGroupCode
	gActor1EthnicCode
	gActor1Religion1Code
	gActor1Religion2Code
	gActor1Type1Code
	gActor1Type2Code
	gActor1Type3Code
	gActor2Code
	gActor2Name
	gActor2CountryCode
	gActor2KnownGroupCode
	gActor2EthnicCode
	gActor2Religion1Code
	gActor2Religion2Code
	gActor2Type1Code
	gActor2Type2Code
	gActor2Type3Code
	gIsRootEvent
	gEventCode
	gEventBaseCode
	gEventRootCode
	gQuadClass
	gGoldsteinScale
	gNumMentions
	gNumSources
	gNumArticles
	gAvgTone
	gActor1GeoType
	gActor1GeoFullName
	gActor1GeoCountryCode
	gActor1GeoADM1Code
	gActor1GeoADM2Code
	gActor1GeoLat
	gActor1GeoLong
	gActor1GeoFeatureID
	gActor2GeoType
	gActor2GeoFullName
	gActor2GeoCountryCode
	gActor2GeoADM1Code
	gActor2GeoADM2Code
	gActor2GeoLat
	gActor2GeoLong
	gActor2GeoFeatureID
	gActionGeoType
	gActionGeoFullName
	gActionGeoCountryCode
	gActionGeoADM1Code
	gActionGeoADM2Code
	gActionGeoLat
	gActionGeoLong
	gActionGeoFeatureID
	gDateAdded
	gSourceURL
	gdeltColumns
)

var quadClasses = map[string]string{
	"1": "verbal cooperation",
	"2": "material cooperation",
	"3": "verbal conflict",
	"4": "material conflict",
}

type gdeltReader struct{ lines *lineReader }

func newGDELTReader(r io.Reader) *gdeltReader { return &gdeltReader{lines: newLineReader(r)} }

func (g *gdeltReader) Next() (*Record, error) {
	for {
		s, n, err := g.lines.next()
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		in, err := parseGDELT(strings.Split(s, "\t"))
		if err != nil {
			return &Record{Line: n, Err: err}, nil
		}
		return &Record{Line: n, Input: in, CreateOnly: true}, nil
	}
}

// parseGDELT maps one GDELT 2.0 event row to an event with its actors,
// location and source. See docs/ingest.md for the mapping.
func parseGDELT(f []string) (model.IngestInput, error) {
	var in model.IngestInput
	if len(f) != gdeltColumns {
		return in, fmt.Errorf("a GDELT 2.0 event row has %d tab-separated columns, this one has %d", gdeltColumns, len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	gid := f[gGlobalEventID]
	if _, err := strconv.ParseUint(gid, 10, 64); err != nil {
		return in, fmt.Errorf("GLOBALEVENTID %q is not a number", gid)
	}
	date, err := time.Parse("20060102", f[gSQLDate])
	if err != nil {
		return in, fmt.Errorf("SQLDATE %q is not a date of the form YYYYMMDD", f[gSQLDate])
	}
	code := f[gEventCode]
	if len(code) < 2 || len(code) > 4 || strings.Trim(code, "0123456789") != "" {
		return in, fmt.Errorf("EventCode %q is not a CAMEO code of 2 to 4 digits", code)
	}
	p, ok := CAMEOToPLOVER(code)
	if !ok {
		return in, fmt.Errorf("EventCode %q has no CAMEO root code 01-20", code)
	}

	ev := &model.EventInput{
		ID:            ptr("gdelt-" + gid),
		Kind:          p.Kind,
		Contexts:      p.Contexts,
		StartDate:     ptr(eventgraph.DateOf(date)),
		DatePrecision: ptr(model.DatePrecisionDay),
		ExternalIds:   []*model.ExternalIDInput{{System: "GDELT", ID: gid}},
	}
	if p.Mode != "" {
		ev.Mode = ptr(p.Mode)
	}
	for _, fig := range []struct {
		col         int
		label, unit string
	}{
		{gNumMentions, "mentions", "mentions"},
		{gGoldsteinScale, "Goldstein scale", ""},
		{gAvgTone, "average tone", ""},
	} {
		if f[fig.col] == "" {
			continue
		}
		v, err := strconv.ParseFloat(f[fig.col], 64)
		if err != nil {
			return in, fmt.Errorf("%s %q is not a number", map[int]string{gNumMentions: "NumMentions", gGoldsteinScale: "GoldsteinScale", gAvgTone: "AvgTone"}[fig.col], f[fig.col])
		}
		fi := &model.FigureInput{Label: fig.label, Value: v}
		if fig.unit != "" {
			fi.Unit = ptr(fig.unit)
		}
		ev.Figures = append(ev.Figures, fi)
	}

	var sourceIDs []string
	if u := f[gSourceURL]; u != "" {
		src, err := gdeltSource(u, f[gDateAdded])
		if err != nil {
			return in, err
		}
		in.Sources = append(in.Sources, src)
		sourceIDs = []string{*src.ID}
		ev.Citations = []*model.CitationInput{{SourceID: *src.ID}}
	}

	var names [2]string
	for i, a := range []struct {
		code, name, country, group, t1 int
		kind                           model.ParticipationKind
	}{
		{gActor1Code, gActor1Name, gActor1CountryCode, gActor1KnownGroupCode, gActor1Type1Code, model.ParticipationKindInitiator},
		{gActor2Code, gActor2Name, gActor2CountryCode, gActor2KnownGroupCode, gActor2Type1Code, model.ParticipationKindTarget},
	} {
		actor := gdeltActor(f[a.code], f[a.name], f[a.country], f[a.group], f[a.t1])
		if actor == nil {
			continue
		}
		names[i] = actor.Name
		in.Actors = append(in.Actors, actor)
		part := &model.ParticipantInput{ActorID: *actor.ID, Kind: a.kind, SourceIds: sourceIDs}
		if role := cameoActorRole(f[a.code]); role != "" {
			part.Role = ptr(role)
		}
		ev.Participants = append(ev.Participants, part)
	}

	locs := gdeltLocation(f[gActionGeoType], f[gActionGeoFullName], f[gActionGeoCountryCode], f[gActionGeoLat], f[gActionGeoLong])
	place := ""
	if len(locs) > 0 {
		leaf := locs[len(locs)-1]
		in.Locations = append(in.Locations, locs...)
		ev.LocationID = leaf.ID
		place = leaf.Name
	}

	ev.Title = gdeltTitle(p.Description, names[0], names[1], place)
	summary := fmt.Sprintf("GDELT event %s: CAMEO %s (%s)", gid, code, p.Description)
	if q := quadClasses[f[gQuadClass]]; q != "" {
		summary += ", " + q
	}
	if f[gIsRootEvent] == "1" {
		summary += "; the article's lead event"
	}
	if f[gNumSources] != "" && f[gNumArticles] != "" {
		summary += fmt.Sprintf("; reported by %s sources in %s articles", f[gNumSources], f[gNumArticles])
	}
	ev.Summary = ptr(summary + ".")
	in.Events = []*model.EventInput{ev}
	return in, nil
}

func gdeltTitle(action, a1, a2, place string) string {
	t := action
	switch {
	case a1 != "" && a2 != "":
		t = a1 + " → " + a2 + ": " + action
	case a1 != "":
		t = a1 + ": " + action
	case a2 != "":
		t = action + " (" + a2 + ")"
	}
	if place != "" {
		t += ", " + place
	}
	return t
}

// cameoTypes says what kind of actor a CAMEO role code is (the three
// letters after the country in RUSGOV).
var cameoTypes = map[string]model.ActorKind{
	"GOV": model.ActorKindOrganization, "MIL": model.ActorKindOrganization, "COP": model.ActorKindOrganization,
	"JUD": model.ActorKindOrganization, "LEG": model.ActorKindOrganization, "SPY": model.ActorKindOrganization,
	"BUS": model.ActorKindOrganization, "MED": model.ActorKindOrganization, "EDU": model.ActorKindOrganization,
	"HLH": model.ActorKindOrganization, "NGO": model.ActorKindOrganization, "IGO": model.ActorKindOrganization,
	"MNC": model.ActorKindOrganization, "PTY": model.ActorKindOrganization, "HRI": model.ActorKindOrganization,
	"REB": model.ActorKindGroup, "INS": model.ActorKindGroup, "SEP": model.ActorKindGroup, "UAF": model.ActorKindGroup,
	"OPP": model.ActorKindGroup, "CVL": model.ActorKindGroup, "REF": model.ActorKindGroup, "LAB": model.ActorKindGroup,
	"CRM": model.ActorKindGroup, "ELI": model.ActorKindGroup, "AGR": model.ActorKindGroup, "MOD": model.ActorKindGroup,
	"RAD": model.ActorKindGroup, "SET": model.ActorKindGroup, "IMG": model.ActorKindGroup, "NGM": model.ActorKindGroup,
}

var cameoRoles = map[string]string{
	"GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
	"SPY": "intelligence", "BUS": "business", "MED": "media", "EDU": "education", "HLH": "health",
	"NGO": "non-governmental organization", "IGO": "intergovernmental organization", "OPP": "opposition",
	"CVL": "civilians", "REB": "rebels", "INS": "insurgents", "REF": "refugees", "LAB": "labour",
	"CRM": "criminals", "ELI": "elites", "PTY": "political party", "SEP": "separatists", "UAF": "unaffiliated armed forces",
}

// cameoActorRole is the role a CAMEO actor code names (RUSGOV -> government).
func cameoActorRole(code string) string {
	if len(code) >= 6 {
		return cameoRoles[code[3:6]]
	}
	return ""
}

// gdeltActor makes an actor from GDELT's code and name. Its id is the slug
// of its name (VLADIMIR PUTIN -> vladimir-putin), so that it meets actors the
// graph already has under that name, or cameo-<code> when GDELT gives a code
// but no name. A state (a bare country code) takes the country's name from
// kg's table (TURKEY -> Türkiye, turkiye).
func gdeltActor(code, name, countryCode, group, type1 string) *model.ActorInput {
	if code == "" && name == "" {
		return nil
	}
	a := &model.ActorInput{Kind: model.ActorKindOrganization}
	if name != "" {
		a.Name = titleCase(name)
		a.ID = ptr(eventgraph.Slug(a.Name))
		if a.Name != name {
			a.Aliases = []string{name}
		}
	} else {
		a.Name = code
		a.ID = ptr(eventgraph.Slug("cameo " + code))
	}
	if *a.ID == "" {
		a.ID = ptr(eventgraph.ContentID("actor", code, name))
	}
	if code != "" {
		a.Codes = []string{code}
	}
	c := byISO3[countryCode]
	if c != nil {
		a.CountryCode = ptr(c.iso3)
	}
	switch {
	case code != "" && code == countryCode && group == "" && type1 == "":
		a.Kind = model.ActorKindState
		if c != nil && name != "" {
			// the state by the name the graph gives it (TURKEY -> Türkiye,
			// id turkiye), GDELT's spelling kept as an alias
			a.Name, a.ID = c.name, ptr(eventgraph.Slug(c.name))
			a.Aliases = nil
			if c.name != name {
				a.Aliases = []string{name}
			}
		}
	case group != "":
		a.Kind = model.ActorKindOrganization
	default:
		if k, ok := cameoTypes[type1]; ok {
			a.Kind = k
		}
	}
	return a
}

// minorWords stay lower case inside a title-cased name.
var minorWords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "in": true, "on": true, "de": true, "al": true}

// titleCase turns GDELT's upper-case names into names people write:
// VLADIMIR PUTIN -> Vladimir Putin, UNITED STATES -> United States. Two-letter
// words stay upper case (UN, EU, US) unless they are minor words.
func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s // already mixed case
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		switch {
		case i > 0 && minorWords[w]:
		case len(w) == 2 && !minorWords[w]:
			words[i] = strings.ToUpper(w)
		default:
			r := []rune(w)
			r[0] = []rune(strings.ToUpper(string(r[0])))[0]
			words[i] = string(r)
		}
	}
	return strings.Join(words, " ")
}

// gdeltLocation makes the action location: for a city (geo types 3, 4) the
// city, its first-level division and its country; for a division (2, 5) the
// division and its country; for a country (1) the country alone. The leaf,
// last, carries the coordinates. Ids: a country is the slug of its name with
// -country (ukraine-country, as the seed names countries, so that imported
// events are found "in Ukraine"), anything below it the slug of GDELT's full
// name (kyiv-kyyiv-misto-ukraine), which GDELT keeps unique.
func gdeltLocation(geoType, fullName, fips, lat, long string) []*model.LocationInput {
	if geoType == "" || geoType == "0" || fullName == "" {
		return nil
	}
	parts := strings.Split(fullName, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	var countryLoc *model.LocationInput
	c := byFIPS[fips]
	countryName := parts[len(parts)-1]
	if c != nil {
		countryName = c.name
	}
	if countryName != "" {
		countryLoc = &model.LocationInput{ID: ptr(countryLocationID(countryName)), Name: countryName, Kind: model.LocationKindCountry}
		if c != nil {
			countryLoc.CountryCode = ptr(c.iso3)
		}
	}
	var out []*model.LocationInput
	if countryLoc != nil {
		out = append(out, countryLoc)
	}
	var leaf *model.LocationInput
	switch geoType {
	case "1":
		leaf = countryLoc
	case "2", "5":
		leaf = &model.LocationInput{ID: ptr(eventgraph.Slug(fullName)), Name: strings.TrimSuffix(parts[0], " (general)"), Kind: model.LocationKindRegion}
		if countryLoc != nil {
			leaf.ParentID = countryLoc.ID
		}
		out = append(out, leaf)
	default: // 3 US city, 4 world city
		leaf = &model.LocationInput{ID: ptr(eventgraph.Slug(fullName)), Name: parts[0], Kind: model.LocationKindCity}
		parent := countryLoc
		if len(parts) == 3 && parts[1] != "" {
			region := &model.LocationInput{ID: ptr(eventgraph.Slug(parts[1] + ", " + parts[2])), Name: parts[1], Kind: model.LocationKindRegion}
			if countryLoc != nil {
				region.ParentID = countryLoc.ID
				region.CountryCode = countryLoc.CountryCode
			}
			out = append(out, region)
			parent = region
		}
		if parent != nil {
			leaf.ParentID = parent.ID
		}
		out = append(out, leaf)
	}
	if leaf == nil {
		return nil
	}
	if countryLoc != nil {
		leaf.CountryCode = countryLoc.CountryCode
	}
	if la, err := strconv.ParseFloat(lat, 64); err == nil && lat != "" {
		if lo, err := strconv.ParseFloat(long, 64); err == nil && long != "" {
			leaf.Latitude, leaf.Longitude = ptr(la), ptr(lo)
		}
	}
	return out
}

// gdeltSource makes the article a GDELT event was found in. GDELT gives only
// the URL: the title is the words of its last path segment (most news URLs
// carry the headline there), the publisher its host, the date DATEADDED's.
func gdeltSource(raw, dateAdded string) (*model.SourceInput, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("SOURCEURL %q is not a URL", raw)
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	s := &model.SourceInput{
		ID:        ptr(eventgraph.ContentID(host, raw)),
		Title:     urlTitle(u),
		Publisher: ptr(host),
		URL:       ptr(raw),
		Kind:      model.SourceKindArticle,
	}
	if len(dateAdded) >= 8 {
		if t, err := time.Parse("20060102", dateAdded[:8]); err == nil {
			s.PublishedAt = ptr(eventgraph.DateOf(t))
		}
	}
	return s, nil
}

func urlTitle(u *url.URL) string {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg := segs[i]
		if j := strings.LastIndexByte(seg, '.'); j > 0 {
			seg = seg[:j] // .html
		}
		words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' })
		letters := 0
		for _, w := range words {
			if strings.Trim(w, "0123456789") != "" {
				letters++
			}
		}
		if letters >= 3 {
			// trailing numbers are dates and article ids, not headline
			for len(words) > 0 && strings.Trim(words[len(words)-1], "0123456789") == "" {
				words = words[:len(words)-1]
			}
			t := strings.Join(words, " ")
			return strings.ToUpper(t[:1]) + t[1:]
		}
	}
	return u.String()
}

func ptr[T any](v T) *T { return &v }

// countryLocationID is the id of a country's location: its slug with
// -country, the seed's convention, which keeps it apart from the state actor
// of the same name.
func countryLocationID(name string) string { return eventgraph.Slug(name) + "-country" }
