package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// acledColumns are the columns an ACLED export must have; the others
// (assoc_actor_*, inter*, admin*, notes, tags, ...) are used when present.
var acledColumns = []string{"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country"}

// acledReader reads an ACLED export: comma-separated with a header, fields
// quoted as needed (notes often span lines).
type acledReader struct {
	r      *csv.Reader
	col    map[string]int
	header []string
}

func newACLEDReader(r io.Reader) (*acledReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked per row so a short row is reported, not fatal
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the ACLED header: %w", err)
	}
	a := &acledReader{r: cr, col: map[string]int{}, header: header}
	for i, h := range header {
		a.col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	var missing []string
	for _, c := range acledColumns {
		if _, ok := a.col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the ACLED header lacks %s", strings.Join(missing, ", "))
	}
	return a, nil
}

func (a *acledReader) Next() (*Record, error) {
	for {
		rec, err := a.r.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &Record{Line: pe.StartLine, Err: fmt.Errorf("malformed CSV: %w", pe.Err)}, nil
			}
			return nil, fmt.Errorf("reading ACLED: %w", err)
		}
		line, _ := a.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(a.header) {
			return &Record{Line: line, Err: fmt.Errorf("the row has %d fields, the header %d", len(rec), len(a.header))}, nil
		}
		in, err := a.parse(rec)
		if err != nil {
			return &Record{Line: line, Err: err}, nil
		}
		return &Record{Line: line, Input: in, CreateOnly: true}, nil
	}
}

func (a *acledReader) get(rec []string, name string) string {
	if i, ok := a.col[name]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// acledKind maps ACLED's event_type and sub_event_type to PLOVER, using the
// modes and contexts of PLOVER's CAMEO crosswalk for the nearest CAMEO code
// (named in the comment). An unknown sub-event type falls back to its event
// type.
var acledKinds = map[string]PLOVER{
	"battles":                             {Kind: model.EventKindAssault, Contexts: []string{"military"}},
	"armed clash":                         {Kind: model.EventKindAssault, Mode: "firearms", Contexts: []string{"military"}}, // 193
	"government regains territory":        {Kind: model.EventKindAssault, Contexts: []string{"military", "territory"}},      // 190
	"non-state actor overtakes territory": {Kind: model.EventKindAssault, Contexts: []string{"military", "territory"}},      // 190
	"explosions/remote violence":          {Kind: model.EventKindAssault, Contexts: []string{"military"}},
	"chemical weapon":                     {Kind: model.EventKindAssault, Mode: "unconventional", Contexts: []string{"cbrn"}},    // 2041
	"air/drone strike":                    {Kind: model.EventKindAssault, Mode: "heavy-weapons", Contexts: []string{"military"}}, // 195
	"suicide bomb":                        {Kind: model.EventKindAssault, Mode: "suicide-attack"},                                // 1831
	"shelling/artillery/missile attack":   {Kind: model.EventKindAssault, Mode: "heavy-weapons", Contexts: []string{"military"}}, // 194
	"remote explosive/landmine/ied":       {Kind: model.EventKindAssault, Mode: "explosives"},                                    // 1833
	"grenade":                             {Kind: model.EventKindAssault, Mode: "explosives"},                                    // 183
	"violence against civilians":          {Kind: model.EventKindAssault},
	"sexual violence":                     {Kind: model.EventKindAssault, Mode: "sexual"}, // 1821
	"attack":                              {Kind: model.EventKindAssault},                 // 180
	"abduction/forced disappearance":      {Kind: model.EventKindAssault, Mode: "abduct"}, // 181
	"protests":                            {Kind: model.EventKindProtest, Mode: "demo"},
	"peaceful protest":                    {Kind: model.EventKindProtest, Mode: "demo"},                   // 141
	"protest with intervention":           {Kind: model.EventKindProtest, Mode: "demo"},                   // 141
	"excessive force against protesters":  {Kind: model.EventKindAssault, Contexts: []string{"military"}}, // 175
	"riots":                               {Kind: model.EventKindProtest, Mode: "riot"},
	"violent demonstration":               {Kind: model.EventKindProtest, Mode: "riot"}, // 145
	"mob violence":                        {Kind: model.EventKindAssault, Mode: "beat"}, // 182
	"strategic developments":              {Kind: model.EventKindOther},
	"agreement":                           {Kind: model.EventKindAgree, Contexts: []string{"diplomatic"}},             // 03
	"arrests":                             {Kind: model.EventKindCoerce, Mode: "arrest", Contexts: []string{"legal"}}, // 173
	"change to group/activity":            {Kind: model.EventKindOther},
	"disrupted weapons use":               {Kind: model.EventKindCoerce, Mode: "confiscate", Contexts: []string{"military"}},             // 171
	"headquarters or base established":    {Kind: model.EventKindMobilize, Mode: "troops", Contexts: []string{"military"}},               // 154
	"looting/property destruction":        {Kind: model.EventKindCoerce, Mode: "confiscate", Contexts: []string{"legal"}},                // 171
	"non-violent transfer of territory":   {Kind: model.EventKindRetreat, Mode: "withdraw", Contexts: []string{"military", "territory"}}, // 0874
	"other":                               {Kind: model.EventKindOther},
}

// ACLEDToPLOVER maps an ACLED event type and sub-event type to PLOVER.
func ACLEDToPLOVER(eventType, subEventType string) (PLOVER, bool) {
	if p, ok := acledKinds[strings.ToLower(strings.TrimSpace(subEventType))]; ok {
		return p, true
	}
	if p, ok := acledKinds[strings.ToLower(strings.TrimSpace(eventType))]; ok {
		return p, true
	}
	return PLOVER{Kind: model.EventKindOther}, false
}

// ACLEDPrecision maps ACLED's time_precision (1 day, 2 week, 3 month).
func ACLEDPrecision(s string) (model.DatePrecision, error) {
	switch strings.TrimSpace(s) {
	case "", "1":
		return model.DatePrecisionDay, nil
	case "2":
		return model.DatePrecisionWeek, nil
	case "3":
		return model.DatePrecisionMonth, nil
	}
	return "", fmt.Errorf("time_precision %q is not 1 (day), 2 (week) or 3 (month)", s)
}

// ACLED's inter codes, numeric in older exports and words in newer ones.
var acledInter = map[string]model.ActorKind{
	"1": model.ActorKindOrganization, "state forces": model.ActorKindOrganization,
	"2": model.ActorKindGroup, "rebel group": model.ActorKindGroup, "rebel groups": model.ActorKindGroup,
	"3": model.ActorKindGroup, "political militia": model.ActorKindGroup, "political militias": model.ActorKindGroup,
	"4": model.ActorKindGroup, "identity militia": model.ActorKindGroup, "identity militias": model.ActorKindGroup,
	"5": model.ActorKindGroup, "rioters": model.ActorKindGroup,
	"6": model.ActorKindGroup, "protesters": model.ActorKindGroup,
	"7": model.ActorKindGroup, "civilians": model.ActorKindGroup,
	"8": model.ActorKindOrganization, "external/other forces": model.ActorKindOrganization,
}

func parseACLEDDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "02 January 2006", "2 January 2006", "02-January-2006", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("event_date %q is not a date (2025-05-16 or 16 May 2025)", s)
}

// parse maps one ACLED row; see docs/ingest.md for the mapping.
func (a *acledReader) parse(rec []string) (model.IngestInput, error) {
	var in model.IngestInput
	g := func(name string) string { return a.get(rec, name) }
	eid := g("event_id_cnty")
	if eid == "" || eventgraph.Slug(eid) == "" {
		return in, errors.New("event_id_cnty is empty")
	}
	date, err := parseACLEDDate(g("event_date"))
	if err != nil {
		return in, err
	}
	prec, err := ACLEDPrecision(g("time_precision"))
	if err != nil {
		return in, err
	}
	p, ok := ACLEDToPLOVER(g("event_type"), g("sub_event_type"))
	if !ok {
		return in, fmt.Errorf("event_type %q / sub_event_type %q is not an ACLED event type", g("event_type"), g("sub_event_type"))
	}
	ev := &model.EventInput{
		ID:            ptr("acled-" + eventgraph.Slug(strings.ToLower(eid))),
		Kind:          p.Kind,
		Contexts:      append([]string(nil), p.Contexts...),
		StartDate:     ptr(eventgraph.DateOf(date)),
		DatePrecision: ptr(prec),
		ExternalIds:   []*model.ExternalIDInput{{System: "ACLED", ID: eid}},
	}
	if p.Mode != "" {
		ev.Mode = ptr(p.Mode)
	}
	if strings.EqualFold(g("civilian_targeting"), "Civilian targeting") {
		ev.Contexts = append(ev.Contexts, "civilians")
	}
	if s := g("fatalities"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return in, fmt.Errorf("fatalities %q is not a whole number", s)
		}
		ev.Figures = append(ev.Figures, &model.FigureInput{Label: "fatalities", Value: float64(n), Unit: ptr("people")})
	}
	if notes := g("notes"); notes != "" {
		ev.Summary = ptr(notes)
	}

	// Sources: ACLED names the outlets it coded the event from, separated by ";".
	var sourceIDs []string
	for _, name := range splitList(g("source")) {
		s := &model.SourceInput{ID: ptr(eventgraph.Slug("acled source " + name)), Title: name, Publisher: ptr(name), Kind: model.SourceKindReport}
		in.Sources = append(in.Sources, s)
		sourceIDs = append(sourceIDs, *s.ID)
		ev.Citations = append(ev.Citations, &model.CitationInput{SourceID: *s.ID})
	}

	seen := map[string]bool{}
	addActor := func(name, inter string, kind model.ParticipationKind, role string) {
		if name == "" {
			return
		}
		id := eventgraph.Slug(name)
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		ak, ok := acledInter[strings.ToLower(inter)]
		if !ok {
			ak = model.ActorKindGroup
		}
		in.Actors = append(in.Actors, &model.ActorInput{ID: ptr(id), Name: name, Kind: ak})
		part := &model.ParticipantInput{ActorID: id, Kind: kind, SourceIds: sourceIDs}
		if role != "" {
			part.Role = ptr(role)
		}
		ev.Participants = append(ev.Participants, part)
	}
	a1, a2 := g("actor1"), g("actor2")
	if a1 == "" {
		return in, errors.New("actor1 is empty")
	}
	addActor(a1, g("inter1"), model.ParticipationKindInitiator, "")
	addActor(a2, g("inter2"), model.ParticipationKindTarget, "")
	for _, n := range splitList(g("assoc_actor_1")) {
		addActor(n, "", model.ParticipationKindParticipant, "associated with "+a1)
	}
	for _, n := range splitList(g("assoc_actor_2")) {
		addActor(n, "", model.ParticipationKindParticipant, "associated with "+a2)
	}

	locs, err := acledLocations(g)
	if err != nil {
		return in, err
	}
	in.Locations = locs
	place := ""
	if len(locs) > 0 {
		leaf := locs[len(locs)-1]
		ev.LocationID = leaf.ID
		place = leaf.Name
	}
	title := g("sub_event_type")
	if title == "" {
		title = g("event_type")
	}
	if a2 != "" {
		title += ": " + a1 + " vs " + a2
	} else {
		title += ": " + a1
	}
	if place != "" {
		title += ", " + place
	}
	ev.Title = title
	in.Events = []*model.EventInput{ev}
	return in, nil
}

// acledLocations builds country > admin1 > admin2 > admin3 > location, each
// located in the one before, skipping empty levels. The country's id is
// <slug>-country (ukraine-country); a level below it is the slug of its path
// from the country down (ukraine-donetsk-pokrovsk), so that two villages of
// the same name in different districts stay apart.
func acledLocations(g func(string) string) ([]*model.LocationInput, error) {
	countryName := g("country")
	var c *country
	if n, err := strconv.Atoi(g("iso")); err == nil {
		c = byNum[n]
	}
	if c == nil {
		c = countryByName(countryName)
	}
	if c == nil && g("iso3") != "" {
		c = byISO3[strings.ToUpper(g("iso3"))]
	}
	if c != nil {
		countryName = c.name
	}
	if countryName == "" {
		return nil, nil
	}
	var code *string
	if c != nil {
		code = ptr(c.iso3)
	}
	country := &model.LocationInput{ID: ptr(countryLocationID(countryName)), Name: countryName, Kind: model.LocationKindCountry, CountryCode: code}
	out := []*model.LocationInput{country}
	path := []string{countryName}
	parent := country
	for _, level := range []string{"admin1", "admin2", "admin3", "location"} {
		name := g(level)
		if name == "" {
			continue
		}
		path = append(path, name)
		kind := model.LocationKindRegion
		if level == "location" {
			kind = model.LocationKindCity
		}
		l := &model.LocationInput{ID: ptr(pathID(path)), Name: name, Kind: kind, CountryCode: code, ParentID: parent.ID}
		out = append(out, l)
		parent = l
	}
	leaf := out[len(out)-1]
	lat, long := g("latitude"), g("longitude")
	if lat != "" || long != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(long, 64)
		if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
			return nil, fmt.Errorf("latitude %q / longitude %q are not coordinates", lat, long)
		}
		leaf.Latitude, leaf.Longitude = ptr(la), ptr(lo)
	}
	return out, nil
}

// pathID is the slug of a location path, or when that would be cut short
// (slugs stop at 64 characters) the leaf's slug with a hash of the path.
func pathID(path []string) string {
	var parts []string
	for _, p := range path {
		if s := eventgraph.Slug(p); s != "" {
			parts = append(parts, s)
		}
	}
	id := strings.Join(parts, "-")
	if len(id) <= 64 {
		return id
	}
	return eventgraph.ContentID(path[len(path)-1], path...)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
