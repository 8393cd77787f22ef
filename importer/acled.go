package importer

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// acledRequired are the columns an ACLED export must have, of every vintage
// (the pre-2019 exports have no sub_event_type); the others are used when
// present. Columns are found by name, in any case and order.
var acledRequired = []string{"event_id_cnty", "event_date", "event_type", "actor1", "country"}

// acledTable is an ACLED export: a header, then one row per event (or per
// actor of an event, in the monadic export), comma-separated (or by
// semicolons or tabs, as spreadsheets save it), fields quoted as needed
// (notes often span lines).
type acledTable struct {
	r     *csv.Reader
	col   map[string]int
	width int
}

func newACLEDTable(r io.Reader) (*acledTable, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	head, _ := br.Peek(headSize)
	first, _, _ := bytes.Cut(head, []byte("\n"))
	cr := csv.NewReader(br)
	cr.Comma = acledDelimiter(first)
	cr.FieldsPerRecord = -1 // checked per row so a short row is reported, not fatal
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the ACLED header: %w", err)
	}
	t := &acledTable{r: cr, col: map[string]int{}, width: len(header)}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := t.col[name]; !dup {
			t.col[name] = i
		}
	}
	var missing []string
	for _, c := range acledRequired {
		if !t.has(c) {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the ACLED header lacks %s", strings.Join(missing, ", "))
	}
	return t, nil
}

// acledDelimiter is the separator the header line uses most.
func acledDelimiter(header []byte) rune {
	best, n := ',', bytes.Count(header, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if c := bytes.Count(header, []byte(string(d))); c > n {
			best, n = d, c
		}
	}
	return best
}

func (t *acledTable) has(name string) bool {
	_, ok := t.col[name]
	return ok
}

// next reads one row. A row that cannot be read as CSV, or has another
// number of fields than the header, comes back with rowErr (and what could
// be read of it); err is something that stops the file.
func (t *acledTable) next() (rec []string, line int, rowErr, err error) {
	for {
		rec, err = t.r.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.StartLine, fmt.Errorf("malformed CSV: %w", pe.Err), nil
			}
			return nil, 0, nil, fmt.Errorf("reading ACLED: %w", err)
		}
		line, _ = t.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != t.width {
			return rec, line, fmt.Errorf("the row has %d fields, the header %d", len(rec), t.width), nil
		}
		return rec, line, nil, nil
	}
}

// get is the first of the named columns the export has (pre-2019 exports
// say ally_actor_1 where later ones say assoc_actor_1).
func (t *acledTable) get(rec []string, names ...string) string {
	for _, name := range names {
		if i, ok := t.col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
	}
	return ""
}

// eventKey is what tells the rows of one event: the id of the event they
// become. Empty when the row has none.
func (t *acledTable) eventKey(rec []string) string {
	return eventgraph.Slug(strings.ToLower(t.get(rec, "event_id_cnty")))
}

// variant names the vintage of the export by its columns.
func (t *acledTable) variant() string {
	switch {
	case !t.has("sub_event_type"):
		return "ACLED, pre-2019 columns (no sub_event_type)"
	case t.has("civilian_targeting") || t.has("disorder_type"):
		return "ACLED, 2023 columns"
	}
	return "ACLED, 2019-2022 columns"
}

// acledReader yields one record per ACLED event. Rows that share an event
// id (the monadic export has one per actor; a dyadic export may repeat a
// row) are one record with all their actors, wherever they are in the file:
// expect, counted by OpenFile in a first pass, says how many rows each such
// event has, so that a group is yielded as soon as its last row is read;
// without it every group is held until the end of the file.
type acledReader struct {
	t      *acledTable
	expect map[uint64]int32
	groups map[string]*acledGroup
	ready  []*Record
	last   int
	merged bool
	done   bool
}

type acledGroup struct {
	rows  []*acledRow
	seen  int32
	first int
}

func newACLEDReader(r io.Reader, expect map[uint64]int32) (*acledReader, error) {
	t, err := newACLEDTable(r)
	if err != nil {
		return nil, err
	}
	return &acledReader{t: t, expect: expect, groups: map[string]*acledGroup{}}, nil
}

func keyHash(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}

// acledCountsOf reads the export at path once to count, for each event id
// with several rows, its rows.
func acledCountsOf(path string) (map[uint64]int32, error) {
	in, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	t, err := newACLEDTable(in.Reader)
	if err != nil {
		return nil, err
	}
	counts := map[uint64]int32{}
	for {
		rec, _, _, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if key := t.eventKey(rec); key != "" {
			counts[keyHash(key)]++
		}
	}
	several := map[uint64]int32{}
	for k, n := range counts {
		if n > 1 {
			several[k] = n
		}
	}
	return several, nil
}

// Variant names the export's vintage, and says when rows were merged.
func (a *acledReader) Variant() string {
	v := a.t.variant()
	if a.merged {
		v += ", rows sharing an event id merged (monadic)"
	}
	return v
}

// Settled is the last line up to which every row has been yielded.
func (a *acledReader) Settled() int {
	s := a.last
	for _, g := range a.groups {
		s = min(s, g.first-1)
	}
	for _, r := range a.ready {
		s = min(s, r.Line-1)
	}
	return s
}

func (a *acledReader) Next() (*Record, error) {
	for {
		if len(a.ready) > 0 {
			r := a.ready[0]
			a.ready = a.ready[1:]
			return r, nil
		}
		if a.done {
			return nil, io.EOF
		}
		rec, line, rowErr, err := a.t.next()
		if errors.Is(err, io.EOF) {
			a.done = true
			var rest []*acledGroup
			for key, g := range a.groups {
				rest = append(rest, g)
				delete(a.groups, key)
			}
			slices.SortFunc(rest, func(x, y *acledGroup) int { return cmp.Compare(x.first, y.first) })
			for _, g := range rest {
				a.emit(g.rows)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		a.last = line
		key := a.t.eventKey(rec)
		var row *acledRow
		if rowErr == nil {
			row, rowErr = a.t.parse(rec, line)
		}
		if rowErr != nil {
			a.ready = append(a.ready, &Record{Line: line, Err: rowErr})
		}
		a.add(key, line, row)
	}
}

// add counts a row (nil when it could not be read) toward its event, and
// yields the event once all its rows are in.
func (a *acledReader) add(key string, line int, row *acledRow) {
	var want int32
	if a.expect != nil {
		want = a.expect[keyHash(key)]
	}
	g := a.groups[key]
	if key == "" || (a.expect != nil && want <= 1 && g == nil) {
		if row != nil {
			a.emit([]*acledRow{row})
		}
		return
	}
	if g == nil {
		g = &acledGroup{first: line}
		a.groups[key] = g
	}
	g.seen++
	if row != nil {
		g.rows = append(g.rows, row)
	}
	if a.expect != nil && g.seen >= want {
		delete(a.groups, key)
		a.emit(g.rows)
	}
}

func (a *acledReader) emit(rows []*acledRow) {
	if len(rows) == 0 {
		return
	}
	slices.SortFunc(rows, func(x, y *acledRow) int { return cmp.Compare(x.line, y.line) })
	r := &Record{Line: rows[0].line, Input: acledInput(rows), CreateOnly: true}
	for _, row := range rows[1:] {
		r.Merged = append(r.Merged, row.line)
	}
	if len(rows) > 1 {
		a.merged = true
	}
	a.ready = append(a.ready, r)
}

// acledKinds maps ACLED's event_type and sub_event_type to PLOVER, using the
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

	// The event types before the 2019 codebook, which had no sub-event types.
	"battle-no change of territory":              {Kind: model.EventKindAssault, Mode: "firearms", Contexts: []string{"military"}}, // 193
	"battle-government regains territory":        {Kind: model.EventKindAssault, Contexts: []string{"military", "territory"}},      // 190
	"battle-non-state actor overtakes territory": {Kind: model.EventKindAssault, Contexts: []string{"military", "territory"}},      // 190
	"remote violence":                            {Kind: model.EventKindAssault, Contexts: []string{"military"}},
	"riots/protests":                             {Kind: model.EventKindProtest},
	"strategic development":                      {Kind: model.EventKindOther},
	"non-violent activity by a conflict actor":   {Kind: model.EventKindOther},
	// the codebook's other spelling
	"excessive force against protestors": {Kind: model.EventKindAssault, Contexts: []string{"military"}}, // 175
}

// acledKey folds an event or sub-event type as exports spell it ("Battle -
// No change of territory", "Strategic Developments") to a key of acledKinds.
func acledKey(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	for _, sep := range []string{"-", "/"} {
		s = strings.ReplaceAll(s, " "+sep, sep)
		s = strings.ReplaceAll(s, sep+" ", sep)
	}
	return s
}

// ACLEDToPLOVER maps an ACLED event type and sub-event type (empty in the
// exports before 2019) to PLOVER.
func ACLEDToPLOVER(eventType, subEventType string) (PLOVER, bool) {
	if p, ok := acledKinds[acledKey(subEventType)]; ok {
		return p, true
	}
	if p, ok := acledKinds[acledKey(eventType)]; ok {
		return p, true
	}
	return PLOVER{Kind: model.EventKindOther}, false
}

// ACLEDPrecision maps ACLED's time_precision (1 day, 2 week, 3 month).
func ACLEDPrecision(s string) (model.DatePrecision, error) {
	n, err := wholeNumber(s)
	switch {
	case strings.TrimSpace(s) == "":
		return model.DatePrecisionDay, nil
	case err != nil:
	case n == 1:
		return model.DatePrecisionDay, nil
	case n == 2:
		return model.DatePrecisionWeek, nil
	case n == 3:
		return model.DatePrecisionMonth, nil
	}
	return "", fmt.Errorf("time_precision %q is not 1 (day), 2 (week) or 3 (month)", s)
}

// wholeNumber reads an integer as exports write it: 3, or 3.0 once a
// spreadsheet or pandas has read it as a number.
func wholeNumber(s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int(f), nil
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

func acledActorKind(inter string) (model.ActorKind, bool) {
	k, ok := acledInter[interKey(inter)]
	return k, ok
}

func acledCivilians(inter string) bool {
	k := interKey(inter)
	return k == "7" || k == "civilians"
}

// interKey folds an inter code as exports write it (7, 7.0, Civilians).
func interKey(inter string) string {
	inter = strings.ToLower(strings.TrimSpace(inter))
	if n, err := wholeNumber(inter); err == nil {
		inter = strconv.Itoa(n)
	}
	return inter
}

// acledDateLayouts are the ways exports write event_date: ISO, as ACLED
// exports it now; "16 May 2025", as it did; and what spreadsheet software
// makes of a date it has read ("9-May-20", "09/05/2020", day first as ACLED
// writes it). The layouts ending in a two-digit year take their century
// from the row's year column.
var acledDateLayouts = []struct {
	layout   string
	twoDigit bool
}{
	{"2006-01-02", false},
	{"2 January 2006", false}, {"2 Jan 2006", false},
	{"2-January-2006", false}, {"2-Jan-2006", false},
	{"2-Jan-06", true}, {"2 Jan 06", true},
	{"2/1/2006", false}, {"2-1-2006", false}, {"2.1.2006", false},
	{"2006/01/02", false},
}

// parseACLEDDate reads event_date; year is the row's year column, which
// settles a two-digit year.
func parseACLEDDate(s, year string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10] // an ISO date with a time, as pandas and BigQuery write it
	}
	for _, l := range acledDateLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if !l.twoDigit || strings.TrimSpace(year) == "" {
			return t, nil
		}
		y, err := wholeNumber(year)
		if err != nil || y < 1000 {
			return time.Time{}, fmt.Errorf("event_date %q has a two-digit year and the row's year %q is not a year", s, year)
		}
		if y%100 != t.Year()%100 {
			return time.Time{}, fmt.Errorf("event_date %q does not fall in the row's year %d", s, y)
		}
		return time.Date(y, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, fmt.Errorf("event_date %q is not a date (2025-05-16, 16 May 2025 or 16-May-25)", s)
}

// acledRow is one parsed row: its event's fields and its actors.
type acledRow struct {
	line       int
	eid        string
	date       time.Time
	precision  model.DatePrecision
	plover     PLOVER
	typeName   string // the sub-event type, or the event type before 2019
	civilians  bool
	fatalities *int
	notes      string
	sources    []string
	locations  []*model.LocationInput
	actors     []acledActor
}

// acledActor is an actor as one row names it.
type acledActor struct {
	name string
	// kind is what the row's inter code says; kindKnown when it says one.
	kind      model.ActorKind
	kindKnown bool
	// side is 0 for actor1, 1 for actor2, 2 for an associated actor.
	side int
	// with is, for an associated actor, the actor it is associated with;
	// allied says the export calls it an ally (before 2019).
	with   string
	allied bool
	// self: the row names this actor as actor1 and actor2.
	self bool
	// civilians: the inter code says civilians, whom ACLED codes as the
	// side violence is done to.
	civilians bool
}

// parse reads one row; see docs/ingest.md for the mapping.
func (t *acledTable) parse(rec []string, line int) (*acledRow, error) {
	g := func(names ...string) string { return t.get(rec, names...) }
	row := &acledRow{line: line, eid: g("event_id_cnty")}
	if row.eid == "" || eventgraph.Slug(row.eid) == "" {
		return nil, errors.New("event_id_cnty is empty")
	}
	var err error
	if row.date, err = parseACLEDDate(g("event_date"), g("year")); err != nil {
		return nil, err
	}
	if row.precision, err = ACLEDPrecision(g("time_precision")); err != nil {
		return nil, err
	}
	var ok bool
	if row.plover, ok = ACLEDToPLOVER(g("event_type"), g("sub_event_type")); !ok {
		return nil, fmt.Errorf("event_type %q / sub_event_type %q is not an ACLED event type", g("event_type"), g("sub_event_type"))
	}
	row.typeName = g("sub_event_type")
	if row.typeName == "" {
		row.typeName = g("event_type")
	}
	row.civilians = strings.EqualFold(g("civilian_targeting"), "Civilian targeting")
	if s := g("fatalities"); s != "" {
		n, err := wholeNumber(s)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("fatalities %q is not a whole number", s)
		}
		row.fatalities = &n
	}
	row.notes = g("notes")
	row.sources = splitList(g("source"))

	a1, a2 := g("actor1"), g("actor2")
	if a1 == "" {
		return nil, errors.New("actor1 is empty")
	}
	self := a2 != "" && eventgraph.NameID(a1) == eventgraph.NameID(a2)
	for _, a := range []struct {
		name, inter string
		side        int
	}{{a1, g("inter1"), 0}, {a2, g("inter2"), 1}} {
		if a.name == "" || (a.side == 1 && self) {
			continue
		}
		k, known := acledActorKind(a.inter)
		row.actors = append(row.actors, acledActor{name: a.name, kind: k, kindKnown: known, side: a.side, self: self, civilians: acledCivilians(a.inter)})
	}
	for _, assoc := range []struct {
		cols []string
		with string
	}{{[]string{"assoc_actor_1", "ally_actor_1"}, a1}, {[]string{"assoc_actor_2", "ally_actor_2"}, a2}} {
		allied := !t.has(assoc.cols[0]) && t.has(assoc.cols[1])
		for _, n := range splitList(g(assoc.cols...)) {
			row.actors = append(row.actors, acledActor{name: n, side: 2, with: assoc.with, allied: allied})
		}
	}

	if row.locations, err = acledLocations(g); err != nil {
		return nil, err
	}
	return row, nil
}

// acledInput makes the event of the rows of one event, first row first:
// the first row's fields, and every actor and source any row names. An
// actor takes part in the strongest way any row says (actor1 as INITIATOR,
// then actor2 as TARGET, then associated as PARTICIPANT) and is a state or
// external force's ORGANIZATION when any row's inter code says so, so the
// event is the same whatever the order of its rows. Merged rows' civilians
// are targets (see below).
func acledInput(rows []*acledRow) model.IngestInput {
	var in model.IngestInput
	r := rows[0]
	ev := &model.EventInput{
		ID:            ptr("acled-" + eventgraph.Slug(strings.ToLower(r.eid))),
		Kind:          r.plover.Kind,
		Contexts:      append([]string(nil), r.plover.Contexts...),
		StartDate:     ptr(eventgraph.DateOf(r.date)),
		DatePrecision: ptr(r.precision),
		ExternalIds:   []*model.ExternalIDInput{{System: "ACLED", ID: r.eid}},
	}
	if r.plover.Mode != "" {
		ev.Mode = ptr(r.plover.Mode)
	}
	if r.civilians {
		ev.Contexts = append(ev.Contexts, "civilians")
	}
	if r.fatalities != nil {
		ev.Figures = append(ev.Figures, &model.FigureInput{Label: "fatalities", Value: float64(*r.fatalities), Unit: ptr("people")})
	}
	if r.notes != "" {
		ev.Summary = ptr(clipText(r.notes))
	}

	// Sources: ACLED names the outlets it coded the event from.
	var sourceIDs []string
	for _, row := range rows {
		for _, name := range row.sources {
			id := eventgraph.NameID("acled source " + name)
			if slices.Contains(sourceIDs, id) {
				continue
			}
			in.Sources = append(in.Sources, &model.SourceInput{ID: ptr(id), Title: clipName(name), Publisher: ptr(clipName(name)), Kind: model.SourceKindReport})
			sourceIDs = append(sourceIDs, id)
			ev.Citations = append(ev.Citations, &model.CitationInput{SourceID: id})
		}
	}

	type merged struct {
		acledActor
		id    string
		order int
		role  string
	}
	byID := map[string]*merged{}
	var actors []*merged
	for _, row := range rows {
		for _, a := range row.actors {
			id := eventgraph.NameID(a.name)
			if org, _ := acledBranch(a.name); org != nil {
				id = *org.ID
			}
			role := ""
			switch {
			case a.self:
				role = selfDirectedRole("", "")
			case a.side == 2 && a.allied:
				role = "allied with " + a.with
			case a.side == 2:
				role = "associated with " + a.with
			}
			m := byID[id]
			if m == nil {
				m = &merged{acledActor: a, id: id, order: len(actors), role: role}
				byID[id] = m
				actors = append(actors, m)
				continue
			}
			if a.side < m.side || (a.side == m.side && role < m.role) {
				m.side, m.role, m.self = a.side, role, a.self
			}
			m.civilians = m.civilians || a.civilians
			if a.kindKnown && (!m.kindKnown || a.kind == model.ActorKindOrganization) {
				m.kind, m.kindKnown = a.kind, true
			}
		}
	}
	if len(rows) > 1 {
		// In the monadic export every actor is actor1 of its own row: the
		// civilians among them are still the side the event was done to.
		for _, m := range actors {
			if m.side == 0 && m.civilians && !m.self {
				m.side = 1
			}
		}
	}
	slices.SortStableFunc(actors, func(x, y *merged) int { return cmp.Or(cmp.Compare(x.side, y.side), cmp.Compare(x.order, y.order)) })
	var initiators, targets []string
	for _, m := range actors {
		kind := model.ActorKindGroup
		if m.kindKnown {
			kind = m.kind
		}
		if org, state := acledBranch(m.name); org != nil {
			// a state's forces: the branch of the state GDELT's codes name too
			org.Aliases = []string{clipName(m.name)}
			in.Actors = append(in.Actors, org, state)
			in.Affiliations = append(in.Affiliations, &model.AffiliationInput{ActorID: *org.ID, WithID: *state.ID,
				Role: ptr(cameoRoles[org.Codes[0][3:6]]), SourceIds: sourceIDs})
		} else {
			a := &model.ActorInput{ID: ptr(m.id), Name: clipName(m.name), Kind: kind}
			if !m.kindKnown {
				// no inter code said what it is: a guess, never a correction
				a.KindKnown = ptr(false)
			}
			in.Actors = append(in.Actors, a)
		}
		part := &model.ParticipantInput{ActorID: m.id, SourceIds: sourceIDs}
		switch m.side {
		case 0:
			part.Kind = model.ParticipationKindInitiator
			initiators = append(initiators, m.name)
			if m.self {
				targets = append(targets, m.name)
			}
		case 1:
			part.Kind = model.ParticipationKindTarget
			targets = append(targets, m.name)
		default:
			part.Kind = model.ParticipationKindParticipant
		}
		if m.role != "" {
			part.Role = ptr(clipName(m.role))
		}
		ev.Participants = append(ev.Participants, part)
	}

	in.Locations = r.locations
	place := ""
	if len(r.locations) > 0 {
		leaf := r.locations[len(r.locations)-1]
		ev.LocationID = leaf.ID
		place = leaf.Name
	}
	slices.Sort(initiators)
	slices.Sort(targets)
	title := r.typeName + ": " + strings.Join(initiators, " and ")
	if len(targets) > 0 {
		title += " vs " + strings.Join(targets, " and ")
	}
	if place != "" {
		title += ", " + place
	}
	ev.Title = clipName(title)
	in.Events = []*model.EventInput{ev}
	return in
}

// acledBranchPattern is how ACLED names a state's forces in power since a
// year: "Military Forces of Russia (2000-)". Past regimes ("(1991-1999)")
// stay actors of their own.
var acledBranchPattern = regexp.MustCompile(`^(Military Forces|Police Forces|Government) of (.+) \((\d{4})-\)$`)

var acledBranches = map[string]string{"Military Forces": "MIL", "Police Forces": "COP", "Government": "GOV"}

// acledBranch is, for an actor name of acledBranchPattern in a country the
// data set knows, the state branch it is (see stateBranch) and its state.
func acledBranch(name string) (org, state *model.ActorInput) {
	m := acledBranchPattern.FindStringSubmatch(strings.TrimSpace(name))
	if m == nil {
		return nil, nil
	}
	c := countryByName(m[2])
	if c == nil {
		return nil, nil
	}
	branch := acledBranches[m[1]]
	return stateBranch(c, c.iso3+branch, branch)
}

// acledLocations builds country > admin1 > admin2 > admin3 > location, each
// located in the one before, skipping empty levels. The country's id is
// <slug>-country (ukraine-country); a level below it is the slug of its path
// from the country down (ukraine-donetsk-pokrovsk), so that two villages of
// the same name in different districts stay apart.
func acledLocations(g func(...string) string) ([]*model.LocationInput, error) {
	countryName := g("country")
	var c *country
	if n, err := wholeNumber(g("iso")); err == nil {
		c = countryByNum(n)
	}
	if c == nil {
		c = countryByName(countryName)
	}
	if c == nil && g("iso3") != "" {
		c = countryByISO3(strings.ToUpper(g("iso3")))
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
	country := &model.LocationInput{ID: ptr(countryLocationID(countryName)), Name: clipName(countryName), Kind: model.LocationKindCountry, CountryCode: code}
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
		l := &model.LocationInput{ID: ptr(pathID(path)), Name: clipName(name), Kind: kind, CountryCode: code, ParentID: parent.ID}
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
	if leaf.Kind == model.LocationKindCity {
		withGazetteer(leaf, c)
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
