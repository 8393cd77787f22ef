package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// The columns of a GDELT event row, in GDELT 2.0's order (GDELT Event
// Codebook V2.0). GDELT 1.0 (codebook V1.03) lacks the three *_ADM2Code
// columns: its daily files since 1 April 2013 have 58 columns, its
// historical backfile (1979 to March 2013) 57, without SOURCEURL.
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

// gdeltNames are the codebooks' names of the columns, which a header row
// (a BigQuery or pandas export) uses.
var gdeltNames = [gdeltColumns]string{
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
	"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// gdeltLayout says where each column is in a file's rows.
type gdeltLayout struct {
	// version is "GDELT 1.0" or "GDELT 2.0"; variant says more.
	version, variant string
	// width is the number of fields of a row.
	width int
	// col is each column's field index, -1 when the file lacks it.
	col [gdeltColumns]int
}

func (l *gdeltLayout) get(f []string, c int) string {
	if i := l.col[c]; i >= 0 && i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

// positionalLayout is a layout of a file without a header: the columns in
// order after offset leading fields (an index a spreadsheet or pandas
// added), without those named.
func positionalLayout(version, variant string, offset int, without ...int) *gdeltLayout {
	l := &gdeltLayout{version: version, variant: variant}
	i := offset
	for c := range l.col {
		if slices.Contains(without, c) {
			l.col[c] = -1
			continue
		}
		l.col[c] = i
		i++
	}
	l.width = i
	if offset > 0 {
		l.variant += " after an index column"
	}
	return l
}

// gdeltLayouts are the headerless layouts, plainest first.
var gdeltLayouts = func() []*gdeltLayout {
	var out []*gdeltLayout
	for offset := range 2 {
		out = append(out,
			positionalLayout("GDELT 2.0", "GDELT 2.0, 61 columns", offset),
			positionalLayout("GDELT 1.0", "GDELT 1.0, 58 columns", offset, gActor1GeoADM2Code, gActor2GeoADM2Code, gActionGeoADM2Code),
			positionalLayout("GDELT 1.0", "GDELT 1.0 historical backfile, 57 columns without SOURCEURL", offset,
				gActor1GeoADM2Code, gActor2GeoADM2Code, gActionGeoADM2Code, gSourceURL))
	}
	return out
}()

// gdeltRowLayout is the headerless layout whose width the row has and whose
// fields have the shapes of GLOBALEVENTID, SQLDATE (YYYYMMDD), MonthYear
// (YYYYMM), Year and DATEADDED (YYYYMMDD in GDELT 1.0, YYYYMMDDHHMMSS in
// 2.0, which tells a 1.0 row from a 2.0 row cut short); nil when none fits.
func gdeltRowLayout(f []string) *gdeltLayout {
	for _, l := range gdeltLayouts {
		if len(f) != l.width {
			continue
		}
		if l.col[gGlobalEventID] > 0 && !digits(strings.TrimSpace(f[0]), 1, 12) {
			continue
		}
		added := 8
		if l.version == "GDELT 2.0" {
			added = 14
		}
		if digits(l.get(f, gGlobalEventID), 1, 20) && dateDigits(l.get(f, gSQLDate)) &&
			digits(l.get(f, gMonthYear), 6, 6) && digits(l.get(f, gYear), 4, 4) && digits(l.get(f, gDateAdded), added, added) {
			return l
		}
	}
	return nil
}

// digits reports whether s is between min and max ASCII digits.
func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func dateDigits(s string) bool {
	if !digits(s, 8, 8) {
		return false
	}
	_, err := time.Parse("20060102", s)
	return err == nil
}

// headerLayout maps a header row's names (any case, any order, extra
// columns ignored) to the columns.
func headerLayout(header []string) (*gdeltLayout, error) {
	l := &gdeltLayout{width: len(header), version: "GDELT 1.0"}
	byName := map[string]int{}
	for i, h := range header {
		byName[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for c, name := range gdeltNames {
		l.col[c] = -1
		if i, ok := byName[strings.ToLower(name)]; ok {
			l.col[c] = i
		}
	}
	var missing []string
	for _, c := range []int{gGlobalEventID, gSQLDate, gEventCode} {
		if l.col[c] < 0 {
			missing = append(missing, gdeltNames[c])
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the GDELT header lacks %s", strings.Join(missing, ", "))
	}
	if l.col[gActionGeoADM2Code] >= 0 {
		l.version = "GDELT 2.0"
	}
	l.variant = fmt.Sprintf("%s, %d columns named by a header", l.version, len(header))
	return l, nil
}

var quadClasses = map[string]string{
	"1": "verbal cooperation",
	"2": "material cooperation",
	"3": "verbal conflict",
	"4": "material conflict",
}

// gdeltReader reads GDELT event rows: tab-separated without a header, as
// GDELT publishes them, in any of the layouts above (told apart row by row
// by their width and the shapes of their first fields), or with a header
// row, tab- or comma-separated, as exports from BigQuery and pandas come.
type gdeltReader struct {
	lines *lineReader
	// csv reads the rows of a comma-separated file with a header; its
	// lines count from the header's.
	csv        *csv.Reader
	headerLine int
	header     *gdeltLayout
	// pending is the first row, read to look for a header.
	pending     string
	pendingLine int
	// seen is the layout of the first row that fitted one, for messages.
	seen *gdeltLayout
}

func newGDELTReader(r io.Reader) (*gdeltReader, error) {
	g := &gdeltReader{lines: newLineReader(r)}
	for {
		s, n, err := g.lines.next()
		if errors.Is(err, io.EOF) {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		if !strings.Contains(strings.ToLower(s), "globaleventid") {
			g.pending, g.pendingLine = s, n
			return g, nil
		}
		if strings.Contains(s, "\t") {
			g.header, err = headerLayout(strings.Split(s, "\t"))
			return g, err
		}
		cr := csv.NewReader(g.lines.r)
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true // GDELT's names and URLs hold stray quotes
		header, err := csv.NewReader(strings.NewReader(s)).Read()
		if err != nil {
			return nil, fmt.Errorf("reading the GDELT header: %w", err)
		}
		if g.header, err = headerLayout(header); err != nil {
			return nil, err
		}
		g.csv, g.headerLine = cr, n
		return g, nil
	}
}

// Variant names the layout of the header, or of the first row that fitted one.
func (g *gdeltReader) Variant() string {
	switch {
	case g.header != nil:
		return g.header.variant
	case g.seen != nil:
		return g.seen.variant
	}
	return ""
}

func (g *gdeltReader) Next() (*Record, error) {
	for {
		var f []string
		var n int
		switch {
		case g.pending != "":
			f, n = strings.Split(g.pending, "\t"), g.pendingLine
			g.pending = ""
		case g.csv != nil:
			rec, err := g.csv.Read()
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &Record{Line: g.headerLine + pe.StartLine, Err: fmt.Errorf("malformed CSV: %w", pe.Err)}, nil
			}
			if err != nil {
				return nil, fmt.Errorf("reading GDELT: %w", err)
			}
			line, _ := g.csv.FieldPos(0)
			f, n = rec, g.headerLine+line
			if len(f) == 1 && strings.TrimSpace(f[0]) == "" {
				continue
			}
		default:
			s, line, err := g.lines.next()
			if err != nil {
				return nil, err
			}
			if strings.TrimSpace(s) == "" {
				continue
			}
			f, n = strings.Split(s, "\t"), line
		}
		l, err := g.layout(f)
		if err != nil {
			return &Record{Line: n, Err: err}, nil
		}
		in, err := parseGDELT(l, f)
		if err != nil {
			return &Record{Line: n, Err: err}, nil
		}
		return &Record{Line: n, Input: in, CreateOnly: true}, nil
	}
}

// layout is the header's layout, or the one the row's width and shapes fit.
func (g *gdeltReader) layout(f []string) (*gdeltLayout, error) {
	if g.header != nil {
		if len(f) != g.header.width {
			return nil, fmt.Errorf("the row has %d fields, the header %d", len(f), g.header.width)
		}
		return g.header, nil
	}
	if l := gdeltRowLayout(f); l != nil {
		if g.seen == nil {
			g.seen = l
		}
		return l, nil
	}
	// the width fits but the first fields do not: parse it anyway, to say
	// which field is wrong
	if g.seen != nil && len(f) == g.seen.width {
		return g.seen, nil
	}
	for _, l := range gdeltLayouts {
		if l.width == len(f) && l.col[gGlobalEventID] == 0 {
			return l, nil
		}
	}
	if g.seen != nil {
		return nil, fmt.Errorf("a %s event row has %d tab-separated columns, this one has %d", g.seen.version, g.seen.width, len(f))
	}
	return nil, fmt.Errorf("a GDELT event row has 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated columns, this one has %d", len(f))
}

// parseGDELT maps one GDELT event row, laid out as l says, to an event
// with its actors, location and source. See docs/ingest.md for the mapping.
func parseGDELT(l *gdeltLayout, f []string) (model.IngestInput, error) {
	var in model.IngestInput
	col := func(c int) string { return l.get(f, c) }
	gid := col(gGlobalEventID)
	if _, err := strconv.ParseUint(gid, 10, 64); err != nil {
		return in, fmt.Errorf("GLOBALEVENTID %q is not a number", gid)
	}
	date, err := time.Parse("20060102", col(gSQLDate))
	if err != nil {
		return in, fmt.Errorf("SQLDATE %q is not a date of the form YYYYMMDD", col(gSQLDate))
	}
	code := col(gEventCode)
	if !digits(code, 2, 4) {
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
		s := col(fig.col)
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return in, fmt.Errorf("%s %q is not a number", gdeltNames[fig.col], s)
		}
		fi := &model.FigureInput{Label: fig.label, Value: v}
		if fig.unit != "" {
			fi.Unit = ptr(fig.unit)
		}
		ev.Figures = append(ev.Figures, fi)
	}

	var sourceIDs []string
	if u := col(gSourceURL); u != "" {
		src, err := gdeltSource(u, col(gDateAdded))
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
		actor, state := gdeltActor(col(a.code), col(a.name), col(a.country), col(a.group), col(a.t1))
		if actor == nil {
			continue
		}
		if state != nil {
			// a branch of a state: the state comes too, for the affiliation
			if !slices.ContainsFunc(in.Actors, func(x *model.ActorInput) bool { return *x.ID == *state.ID }) {
				in.Actors = append(in.Actors, state)
			}
			if !slices.ContainsFunc(in.Affiliations, func(x *model.AffiliationInput) bool { return x.ActorID == *actor.ID }) {
				in.Affiliations = append(in.Affiliations, &model.AffiliationInput{ActorID: *actor.ID, WithID: *state.ID,
					Role: ptr(cameoRoles[col(a.code)[3:6]]), SourceIds: sourceIDs})
			}
		}
		names[i] = actor.Name
		role := cameoActorRole(col(a.code))
		if i == 1 && len(ev.Participants) > 0 && ev.Participants[0].ActorID == *actor.ID {
			// Self-directed: both sides are one actor (a government and its
			// own police). The service takes an actor once per event, so it
			// takes part once, as initiator, with a role that says both.
			if j := slices.IndexFunc(in.Actors, func(x *model.ActorInput) bool { return *x.ID == *actor.ID }); j >= 0 {
				mergeActor(in.Actors[j], actor)
			}
			first := ev.Participants[0]
			first.Role = ptr(selfDirectedRole(cameoActorRole(col(gActor1Code)), role))
			continue
		}
		if !slices.ContainsFunc(in.Actors, func(x *model.ActorInput) bool { return *x.ID == *actor.ID }) {
			in.Actors = append(in.Actors, actor)
		}
		part := &model.ParticipantInput{ActorID: *actor.ID, Kind: a.kind, SourceIds: sourceIDs}
		if role != "" {
			part.Role = ptr(role)
		}
		ev.Participants = append(ev.Participants, part)
	}

	locs := gdeltLocation(col(gActionGeoType), col(gActionGeoFullName), col(gActionGeoCountryCode), col(gActionGeoADM1Code),
		col(gActionGeoFeatureID), col(gActionGeoLat), col(gActionGeoLong))
	place := ""
	if len(locs) > 0 {
		leaf := locs[len(locs)-1]
		in.Locations = append(in.Locations, locs...)
		ev.LocationID = leaf.ID
		place = leaf.Name
	}

	ev.Title = clipName(gdeltTitle(p.Description, names[0], names[1], place))
	summary := fmt.Sprintf("GDELT event %s: CAMEO %s (%s)", gid, code, p.Description)
	if q := quadClasses[col(gQuadClass)]; q != "" {
		summary += ", " + q
	}
	if col(gIsRootEvent) == "1" {
		summary += "; the article's lead event"
	}
	if col(gNumSources) != "" && col(gNumArticles) != "" {
		summary += fmt.Sprintf("; reported by %s sources in %s articles", col(gNumSources), col(gNumArticles))
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

// stateBranches are the CAMEO actor types that name a branch of a
// country's state (CAMEO codebook, chapter 3, "agent" codes), and what the
// branch is called: RUSGOV is the Government of Russia.
var stateBranches = map[string]string{
	"GOV": "Government", "MIL": "Military", "COP": "Police", "JUD": "Judiciary",
	"LEG": "Legislature", "SPY": "Intelligence services",
}

// stateBranch is the organisation a CAMEO branch code stands for in country
// c: one per country and branch (id russia-government, name "Government of
// Russia", code RUSGOV, a known organisation), and the state it belongs to,
// with which it is affiliated.
// GDELT's own code, when CAMEO spells the country otherwise (ROMGOV for
// ROUGOV), is one of the organisation's codes too.
func stateBranch(c *country, code, branch string) (org, state *model.ActorInput) {
	org = &model.ActorInput{
		ID:          ptr(eventgraph.NameID(c.name) + "-" + eventgraph.Slug(cameoRoles[branch])),
		Name:        clipName(stateBranches[branch] + " of " + c.name),
		Kind:        model.ActorKindOrganization,
		Codes:       codesOf(c.iso3+branch, code[:6]),
		CountryCode: ptr(c.iso3),
	}
	return org, stateActor(c, code[:3])
}

// codesOf is the codes given, each once.
func codesOf(codes ...string) []string {
	var out []string
	for _, c := range codes {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// stateActor is a country as an actor: by the name the graph gives it, its
// alpha-3 code as its dataset code, and CAMEO's when it differs (ROM).
func stateActor(c *country, cameo string) *model.ActorInput {
	return &model.ActorInput{ID: ptr(eventgraph.NameID(c.name)), Name: clipName(c.name), Kind: model.ActorKindState,
		Codes: codesOf(c.iso3, cameo), CountryCode: ptr(c.iso3)}
}

// regionActor is a CAMEO region (EUR, WST) as an actor: a group of
// countries by the codebook's name, GDELT's spelling an alias; with a role
// code (AFRMIL) the role within it, named as a people of a country is
// ("Military (Africa)").
func regionActor(region, code, name string) *model.ActorInput {
	n := region
	kind := model.ActorKindGroup
	if len(code) >= 6 {
		if role := cameoRoles[code[3:6]]; role != "" {
			n = strings.ToUpper(role[:1]) + role[1:] + " (" + region + ")"
			if k, ok := cameoTypes[code[3:6]]; ok {
				kind = k
			}
		}
	}
	a := &model.ActorInput{ID: ptr(eventgraph.NameID(n)), Name: clipName(n), Kind: kind, Codes: codesOf(code)}
	if name != "" && eventgraph.FoldName(name) != eventgraph.FoldName(n) {
		a.Aliases = []string{clipName(name)}
	}
	return a
}

// gdeltActor makes an actor from GDELT's code and name, as the service's
// entity resolution needs it (names, codes, country), and lets the service
// decide which node it is:
//   - a bare country code (RUS) is the state, by the name the graph gives it
//     (TURKEY -> Türkiye), GDELT's spelling an alias: a city GDELT names
//     under a country code (ISTANBUL, TUR) is never a state of its own;
//   - a state branch code (RUSGOV, RUSMIL) with the country's name, or no
//     name, is the branch (stateBranch), returned with its state;
//   - anything else is a named actor: GDELT cannot tell a person from an
//     organisation, so its kind is a guess (kindKnown false) and it carries
//     no branch code, which names the office, not the person (Putin is coded
//     RUSGOV; with the code, every resolution of RUSGOV would find him).
//
// Its id is the slug of its name (VLADIMIR PUTIN -> vladimir-putin), or
// cameo-<code> when GDELT gives a code but no name.
func gdeltActor(code, name, countryCode, group, type1 string) (actor, state *model.ActorInput) {
	if code == "" && name == "" {
		return nil, nil
	}
	c := countryByCAMEO(countryCode)
	if c == nil {
		c = cameoCountryOf(code)
	}
	if c == nil && group == "" && len(code) >= 3 {
		if region, ok := cameoRegions[code[:3]]; ok {
			return regionActor(region, code, name), nil
		}
	}
	// the code's country is the actor's (RUSGOV of Russia, ROMGOV of Romania)
	ofCountry := c != nil && cameoCountryOf(code) == c
	isCountry := name == "" || (c != nil && countryByName(name) == c)
	if ofCountry && len(code) >= 6 && group == "" && isCountry {
		if _, ok := stateBranches[code[3:6]]; ok {
			return stateBranch(c, code, code[3:6])
		}
	}
	if ofCountry && len(code) >= 6 && group == "" && isCountry && cameoRoles[code[3:6]] != "" {
		// a people of a country (UKRCVL "UKRAINE"): named as ACLED names
		// them, "Civilians (Ukraine)", so that both datasets meet
		role := cameoRoles[code[3:6]]
		name := clipName(strings.ToUpper(role[:1]) + role[1:] + " (" + c.name + ")")
		a := &model.ActorInput{ID: ptr(eventgraph.NameID(name)), Name: name, Kind: model.ActorKindGroup, KindKnown: ptr(false),
			Codes: []string{code[:6]}, CountryCode: ptr(c.iso3)}
		if k, ok := cameoTypes[code[3:6]]; ok {
			a.Kind = k
		}
		return a, nil
	}
	if ofCountry && len(code) == 3 && group == "" && type1 == "" {
		a := stateActor(c, code)
		if name != "" && name != c.name {
			a.Aliases = []string{clipName(name)}
		}
		return a, nil
	}
	a := &model.ActorInput{Kind: model.ActorKindOrganization, KindKnown: ptr(false)}
	if name != "" {
		a.Name = clipName(titleCase(name))
		a.ID = ptr(eventgraph.NameID(a.Name))
		if a.Name != name {
			a.Aliases = []string{clipName(name)}
		}
	} else {
		a.Name = clipName(code)
		a.ID = ptr(eventgraph.NameID("cameo " + code))
	}
	if code != "" && !(len(code) >= 6 && stateBranches[code[3:6]] != "") {
		a.Codes = []string{code}
	}
	if c != nil {
		a.CountryCode = ptr(c.iso3)
	}
	switch {
	case code != "" && code == countryCode && group == "" && type1 == "":
		// a country code the table does not know: a state by GDELT's name
		a.Kind, a.KindKnown = model.ActorKindState, nil
	case group != "":
		a.Kind = model.ActorKindOrganization
	default:
		if k, ok := cameoTypes[type1]; ok {
			a.Kind = k
		}
	}
	return a, nil
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
// name (kyiv-kyyiv-misto-ukraine), which GDELT keeps unique. A division
// carries its ADM1 code and a city its feature id (GNS for world cities,
// GNIS for US ones) as external ids, and a city the gazetteer's names and
// GeoNames id (withGazetteer).
func gdeltLocation(geoType, fullName, fips, adm1, featureID, lat, long string) []*model.LocationInput {
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
		countryLoc = &model.LocationInput{ID: ptr(countryLocationID(countryName)), Name: clipName(countryName), Kind: model.LocationKindCountry}
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
		leaf = &model.LocationInput{ID: ptr(eventgraph.NameID(fullName)), Name: clipName(strings.TrimSuffix(parts[0], " (general)")), Kind: model.LocationKindRegion}
		addExternalID(leaf, systemADM1, adm1)
		if countryLoc != nil {
			leaf.ParentID = countryLoc.ID
		}
		out = append(out, leaf)
	default: // 3 US city, 4 world city
		leaf = &model.LocationInput{ID: ptr(eventgraph.NameID(fullName)), Name: clipName(parts[0]), Kind: model.LocationKindCity}
		parent := countryLoc
		if len(parts) == 3 && parts[1] != "" {
			region := &model.LocationInput{ID: ptr(eventgraph.NameID(parts[1] + ", " + parts[2])), Name: clipName(parts[1]), Kind: model.LocationKindRegion}
			addExternalID(region, systemADM1, adm1)
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
	if leaf.Kind == model.LocationKindCity {
		system := systemGNS
		if geoType == "3" {
			system = systemGNIS
		}
		addExternalID(leaf, system, featureID)
		withGazetteer(leaf, c)
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
		Title:     clipName(urlTitle(u)),
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

// countryLocationID is the id of a country's location: its slug with
// -country, the seed's convention, which keeps it apart from the state actor
// of the same name.
func countryLocationID(name string) string { return eventgraph.NameID(name) + "-country" }
