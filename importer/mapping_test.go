package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

func TestCAMEOToPLOVER(t *testing.T) {
	tests := []struct {
		code     string
		kind     model.EventKind
		mode     string
		contexts []string
		ok       bool
	}{
		{"046", model.EventKindConsult, "", []string{"diplomatic"}, true},            // negotiation
		{"041", model.EventKindConsult, "phone", nil, true},                          // the Trump-Putin call
		{"043", model.EventKindConsult, "host", nil, true},                           // Türkiye hosts
		{"0841", model.EventKindRetreat, "release", []string{"legal"}, true},         // prisoner release
		{"0871", model.EventKindRetreat, "ceasefire", []string{"military"}, true},    // truce
		{"163", model.EventKindCoerce, "restrict", []string{"diplomatic"}, true},     // sanctions are COERCE in PLOVER
		{"1712", model.EventKindAssault, "destroy", []string{"legal"}, true},         // destroy property
		{"191", model.EventKindCoerce, "restrict", []string{"military"}, true},       // blockade
		{"195", model.EventKindAssault, "heavy-weapons", []string{"military"}, true}, // aerial weapons
		{"1056", model.EventKindRequest, "yield", []string{"military"}, true},        // demand de-escalation
		{"026", model.EventKindRequest, "meet", []string{"diplomatic"}, true},        // appeal to meet
		{"1246", model.EventKindReject, "yield", []string{"military"}, true},         // refuse to de-escalate
		{"111", model.EventKindAccuse, "disapprove", nil, true},                      // criticize
		{"094", model.EventKindAccuse, "investigate", []string{"military", "legal"}, true},
		{"010", model.EventKindOther, "", nil, true}, // statement: no PLOVER type
		{"1385", model.EventKindThreaten, "violence", []string{"cbrn"}, true},
		{"2042", model.EventKindAssault, "unconventional", []string{"cbrn"}, true},
		{"0999", model.EventKindAccuse, "investigate", nil, true}, // unknown: falls back to the root
		{"21", model.EventKindOther, "", nil, false},              // no such root
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			p, ok := CAMEOToPLOVER(tt.code)
			if ok != tt.ok || p.Kind != tt.kind || p.Mode != tt.mode || !slices.Equal(p.Contexts, tt.contexts) {
				t.Errorf("CAMEOToPLOVER(%q) = %v %q %q ok=%v, want %v %q %q ok=%v", tt.code, p.Kind, p.Mode, p.Contexts, ok, tt.kind, tt.mode, tt.contexts, tt.ok)
			}
		})
	}
	// every root 01-20 maps to a kind of the schema
	for root := 1; root <= 20; root++ {
		code := strings.TrimPrefix("0"+itoa(root), "0")
		if len(code) < 2 {
			code = "0" + code
		}
		if p, ok := CAMEOToPLOVER(code); !ok || !p.Kind.IsValid() {
			t.Errorf("root %s has no PLOVER kind", code)
		}
	}
}

// externalIDs are l's external ids as SYSTEM:ID.
func externalIDs(l *model.LocationInput) []string {
	var out []string
	for _, x := range l.ExternalIds {
		out = append(out, x.System+":"+x.ID)
	}
	return out
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestACLEDPrecision(t *testing.T) {
	tests := []struct {
		in      string
		want    model.DatePrecision
		wantErr bool
	}{
		{"1", model.DatePrecisionDay, false},
		{"2", model.DatePrecisionWeek, false},
		{"3", model.DatePrecisionMonth, false},
		{"", model.DatePrecisionDay, false},
		{"4", "", true},
		{"day", "", true},
	}
	for _, tt := range tests {
		got, err := ACLEDPrecision(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ACLEDPrecision(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestACLEDToPLOVER(t *testing.T) {
	tests := []struct {
		eventType, sub string
		kind           model.EventKind
		mode           string
		ok             bool
	}{
		{"Battles", "Armed clash", model.EventKindAssault, "firearms", true},
		{"Explosions/Remote violence", "Shelling/artillery/missile attack", model.EventKindAssault, "heavy-weapons", true},
		{"Explosions/Remote violence", "Air/drone strike", model.EventKindAssault, "heavy-weapons", true},
		{"Explosions/Remote violence", "Remote explosive/landmine/IED", model.EventKindAssault, "explosives", true},
		{"Violence against civilians", "Abduction/forced disappearance", model.EventKindAssault, "abduct", true},
		{"Protests", "Peaceful protest", model.EventKindProtest, "demo", true},
		{"Riots", "Violent demonstration", model.EventKindProtest, "riot", true},
		{"Strategic developments", "Agreement", model.EventKindAgree, "", true},
		{"Strategic developments", "Arrests", model.EventKindCoerce, "arrest", true},
		{"Strategic developments", "Non-violent transfer of territory", model.EventKindRetreat, "withdraw", true},
		{"Protests", "Some new sub-event type", model.EventKindProtest, "demo", true}, // falls back to the event type
		{"Earthquakes", "", model.EventKindOther, "", false},
		// before 2019: event types only, some of them gone since
		{"Battle-No change of territory", "", model.EventKindAssault, "firearms", true},
		{"Battle - Government regains territory", "", model.EventKindAssault, "", true},
		{"Battle-Non-state actor overtakes territory", "", model.EventKindAssault, "", true},
		{"Remote violence", "", model.EventKindAssault, "", true},
		{"Riots/Protests", "", model.EventKindProtest, "", true},
		{"Violence against civilians", "", model.EventKindAssault, "", true},
		{"Strategic development", "", model.EventKindOther, "", true},
		{"Headquarters or base established", "", model.EventKindMobilize, "troops", true},
		{"Non-violent transfer of territory", "", model.EventKindRetreat, "withdraw", true},
		{"Non-violent activity by a conflict actor", "", model.EventKindOther, "", true},
		{"STRATEGIC DEVELOPMENTS", "", model.EventKindOther, "", true},
		{"Protests", "Excessive force against protestors", model.EventKindAssault, "", true},
	}
	for _, tt := range tests {
		p, ok := ACLEDToPLOVER(tt.eventType, tt.sub)
		if p.Kind != tt.kind || p.Mode != tt.mode || ok != tt.ok {
			t.Errorf("ACLEDToPLOVER(%q, %q) = %v %q %v; want %v %q %v", tt.eventType, tt.sub, p.Kind, p.Mode, ok, tt.kind, tt.mode, tt.ok)
		}
	}
}

func TestDetect(t *testing.T) {
	firstLines := func(name string, n int) string {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		return strings.Join(lines[:min(n, len(lines))], "")
	}
	gdelt2 := firstLines("events.gdelt.csv", 1)
	tests := []struct {
		name, head string
		want       Format
	}{
		{"batch.jsonl", "{}", FormatJSONL},
		{"batch.ndjson.gz", "\x1f\x8b", FormatJSONL},
		{"notes.txt", `{"type":"actor"}` + "\n", FormatJSONL},
		{"notes.txt", "// analysts' notes\n" + `{"type":"actor"}` + "\n", FormatJSONL},
		// GDELT by its content, whatever the name
		{"20250516000000.export.CSV", gdelt2, FormatGDELT},
		{"whatever.txt", gdelt2, FormatGDELT},
		{"x", firstLines("gdelt1-daily.export.CSV", 1), FormatGDELT}, // 1.0, 58 columns, BOM and CRLF
		{"x", firstLines("gdelt1-backfile.tsv", 1), FormatGDELT},     // 1.0, 57 columns
		{"x", firstLines("gdelt2-index.tsv", 1), FormatGDELT},        // a leading index column
		{"x", firstLines("gdelt2-bigquery.csv", 1), FormatGDELT},     // a header, comma-separated
		{"x", strings.Join(gdeltNames[:], "\t") + "\n", FormatGDELT}, // a header, tab-separated
		{"x", "1\t2\n" + gdelt2, FormatGDELT},                        // a bad first row
		// ACLED by its header, in any case, after a BOM or an index column
		{"acled.csv", "event_id_cnty,event_date,year\n", FormatACLED},
		{"acled.csv", "\ufeffevent_id_cnty,event_date\n", FormatACLED},
		{"x", firstLines("acled-legacy.csv", 2), FormatACLED},
		{"x", firstLines("acled-monadic.csv", 2), FormatACLED},
		{"x", "event_id_cnty;event_date;year\n", FormatACLED},
	}
	for _, tt := range tests {
		got, err := Detect(tt.name, []byte(tt.head))
		if err != nil || got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", tt.name, tt.head[:min(40, len(tt.head))], got, err, tt.want)
		}
	}
	for _, head := range []string{
		"name,age\n",
		strings.Repeat("x\t", 60) + "x\n", // 61 columns, but nothing has a GDELT field's shape
		"",
		"\n\n",
		firstLines("events.gdelt.csv", 1)[:150], // a GDELT row cut short
	} {
		if got, err := Detect("20250516000000.export.CSV", []byte(head)); err == nil {
			t.Errorf("Detect(%q) = %q, want an error", head[:min(40, len(head))], got)
		}
	}
}

// readAll reads a fixture with its format's reader.
func readAll(t *testing.T, path string, f Format) []*Record {
	t.Helper()
	in, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if got, err := Detect(path, in.Head()); err != nil || got != f {
		t.Fatalf("Detect(%s) = %q, %v; want %q", path, got, err, f)
	}
	r, err := NewReader(f, in)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

func recordAt(t *testing.T, recs []*Record, line int) *Record {
	t.Helper()
	for _, r := range recs {
		if r.Line == line {
			return r
		}
	}
	t.Fatalf("no record at line %d", line)
	return nil
}

func actorByID(in model.IngestInput, id string) *model.ActorInput {
	for _, a := range in.Actors {
		if deref(a.ID) == id {
			return a
		}
	}
	return nil
}

func locationByID(in model.IngestInput, id string) *model.LocationInput {
	for _, l := range in.Locations {
		if deref(l.ID) == id {
			return l
		}
	}
	return nil
}

func figure(e *model.EventInput, label string) (float64, bool) {
	for _, f := range e.Figures {
		if f.Label == label {
			return f.Value, true
		}
	}
	return 0, false
}

func TestGDELTFixture(t *testing.T) {
	recs := readAll(t, "testdata/events.gdelt.csv", FormatGDELT)
	if len(recs) != 21 {
		t.Fatalf("%d records, want 21", len(recs))
	}
	var bad []int
	for _, r := range recs {
		if r.Err != nil {
			bad = append(bad, r.Line)
		}
	}
	if !slices.Equal(bad, []int{19}) {
		t.Fatalf("malformed rows at lines %v, want [19]", bad)
	}
	if err := recordAt(t, recs, 19).Err; !strings.Contains(err.Error(), "61") || !strings.Contains(err.Error(), "40") {
		t.Errorf("line 19 error %q should say 61 columns expected and 40 found", err)
	}

	// line 1: Russia and Ukraine negotiate in Istanbul
	in := recordAt(t, recs, 1).Input
	if !recordAt(t, recs, 1).CreateOnly {
		t.Error("GDELT records must be create-only for actors and locations")
	}
	ev := in.Events[0]
	checks := []struct {
		what      string
		got, want any
	}{
		{"event id", deref(ev.ID), "gdelt-1241938465"},
		{"kind", ev.Kind, model.EventKindConsult},
		{"contexts", strings.Join(ev.Contexts, ","), "diplomatic"},
		{"startDate", ev.StartDate.String(), "2025-05-16"},
		{"datePrecision", *ev.DatePrecision, model.DatePrecisionDay},
		{"external id", *ev.ExternalIds[0], model.ExternalIDInput{System: "GDELT", ID: "1241938465"}},
		{"title", ev.Title, "Russia → Ukraine: Engage in negotiation, Istanbul"},
		{"participants", len(ev.Participants), 2},
		{"initiator", ev.Participants[0].ActorID + " " + string(ev.Participants[0].Kind), "russia INITIATOR"},
		{"target", ev.Participants[1].ActorID + " " + string(ev.Participants[1].Kind), "ukraine TARGET"},
		{"location", deref(ev.LocationID), "istanbul-istanbul-turkey"},
		{"source cited", ev.Citations[0].SourceID, deref(in.Sources[0].ID)},
		{"participation source", ev.Participants[0].SourceIds[0], deref(in.Sources[0].ID)},
		{"source kind", in.Sources[0].Kind, model.SourceKindArticle},
		{"source url", deref(in.Sources[0].URL), "https://www.reuters.com/world/europe/russia-ukraine-hold-first-direct-peace-talks-since-2022-istanbul-2025-05-16/"},
		{"source publisher", deref(in.Sources[0].Publisher), "reuters.com"},
		{"source title", in.Sources[0].Title, "Russia ukraine hold first direct peace talks since 2022 istanbul"},
		{"source date", in.Sources[0].PublishedAt.String(), "2025-05-16"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	for label, want := range map[string]float64{"mentions": 10, "Goldstein scale": 7, "average tone": -2.37} {
		if got, ok := figure(ev, label); !ok || got != want {
			t.Errorf("figure %q = %v (present %v), want %v", label, got, ok, want)
		}
	}
	russia := actorByID(in, "russia")
	if russia == nil || russia.Name != "Russia" || russia.Kind != model.ActorKindState || deref(russia.CountryCode) != "RUS" ||
		!slices.Equal(russia.Codes, []string{"RUS"}) || !slices.Equal(russia.Aliases, []string{"RUSSIA"}) {
		t.Errorf("actor russia = %+v", russia)
	}
	// Istanbul lies in the Istanbul region, in Turkey (FIPS TU -> TUR, as
	// GeoNames names it; the server resolves it to the seed's Türkiye by
	// its code)
	city := locationByID(in, "istanbul-istanbul-turkey")
	region := locationByID(in, "istanbul-turkey")
	country := locationByID(in, "turkey-country")
	if city == nil || region == nil || country == nil {
		t.Fatalf("locations %v", in.Locations)
	}
	if city.Kind != model.LocationKindCity || city.Name != "Istanbul" || *city.Latitude != 41.0186 || *city.Longitude != 28.9647 ||
		deref(city.ParentID) != "istanbul-turkey" || deref(city.CountryCode) != "TUR" {
		t.Errorf("city = %+v", city)
	}
	if region.Kind != model.LocationKindRegion || deref(region.ParentID) != "turkey-country" {
		t.Errorf("region = %+v", region)
	}
	// The feature ids GDELT gives: the city's GNS id, the division's ADM1
	// code; and the gazetteer's GeoNames id and other names of the city.
	if got := fmt.Sprint(externalIDs(city)); got != "[GNS:-755918 GEONAMES:745044]" {
		t.Errorf("city external ids %s", got)
	}
	if got := fmt.Sprint(externalIDs(region)); got != "[ADM1:TU34]" {
		t.Errorf("region external ids %s", got)
	}
	// İstanbul folds to the name itself: no alias.
	if !slices.Contains(city.Aliases, "Constantinople") || !slices.Contains(city.Aliases, "Stambul") || slices.Contains(city.Aliases, "İstanbul") {
		t.Errorf("city aliases %q", city.Aliases)
	}
	if country.Kind != model.LocationKindCountry || country.Name != "Turkey" || deref(country.CountryCode) != "TUR" || country.Latitude != nil {
		t.Errorf("country = %+v", country)
	}

	// line 4: Türkiye hosts; GDELT's TURKEY is the state Turkey, code TUR
	// (the server resolves it to the seed's Türkiye by that code)
	in = recordAt(t, recs, 4).Input
	if tr := actorByID(in, "turkey"); tr == nil || tr.Name != "Turkey" || tr.Kind != model.ActorKindState || !slices.Equal(tr.Codes, []string{"TUR"}) {
		t.Errorf("actor turkey = %+v", tr)
	}
	if ev := in.Events[0]; ev.Kind != model.EventKindConsult || deref(ev.Mode) != "host" || ev.Participants[0].ActorID != "turkey" {
		t.Errorf("hosting = %v %q %s", ev.Kind, deref(ev.Mode), ev.Participants[0].ActorID)
	}

	// line 3: a named person under a government code
	in = recordAt(t, recs, 3).Input
	med := actorByID(in, "vladimir-medinsky")
	// the branch code names his office, not him: it is not his code, and
	// GDELT cannot say whether a name is a person's, so the kind is a guess
	if med == nil || med.Name != "Vladimir Medinsky" || len(med.Codes) != 0 || med.KindKnown == nil || *med.KindKnown {
		t.Errorf("actor vladimir-medinsky = %+v", med)
	}
	if p := in.Events[0].Participants[0]; deref(p.Role) != "government" {
		t.Errorf("role from RUSGOV = %q, want government", deref(p.Role))
	}

	// line 10: a first-level division (geo type 5), civilians as a group
	in = recordAt(t, recs, 10).Input
	sumy := locationByID(in, "sums-ka-oblast-ukraine")
	if sumy == nil || sumy.Kind != model.LocationKindRegion || sumy.Name != "Sums'ka Oblast'" || deref(sumy.ParentID) != "ukraine-country" || sumy.Latitude == nil {
		t.Errorf("region = %+v", sumy)
	}
	if in.Events[0].Kind != model.EventKindAssault || deref(in.Events[0].Mode) != "heavy-weapons" {
		t.Errorf("CAMEO 195 event = %v %q", in.Events[0].Kind, deref(in.Events[0].Mode))
	}

	// line 11: the phone call
	if ev := recordAt(t, recs, 11).Input.Events[0]; ev.Kind != model.EventKindConsult || deref(ev.Mode) != "phone" || ev.StartDate.String() != "2025-05-19" {
		t.Errorf("the call = %v %q %v", ev.Kind, deref(ev.Mode), ev.StartDate)
	}

	// line 21: one actor, a country as the place
	in = recordAt(t, recs, 21).Input
	if ev := in.Events[0]; len(ev.Participants) != 1 || ev.Kind != model.EventKindOther || deref(ev.LocationID) != "russia-country" {
		t.Errorf("statement event = %+v", ev)
	}
	if l := locationByID(in, "russia-country"); l == nil || l.Kind != model.LocationKindCountry || l.Latitude == nil || *l.Latitude != 60 {
		t.Errorf("country location = %+v", l)
	}
}

func TestACLEDFixture(t *testing.T) {
	recs := readAll(t, "testdata/acled.csv", FormatACLED)
	if len(recs) != 20 {
		t.Fatalf("%d records, want 20", len(recs))
	}
	var bad []int
	for _, r := range recs {
		if r.Err != nil {
			bad = append(bad, r.Line)
		}
	}
	if !slices.Equal(bad, []int{12}) {
		t.Fatalf("malformed rows at lines %v, want [12]", bad)
	}
	if err := recordAt(t, recs, 12).Err; !strings.Contains(err.Error(), "event_date") {
		t.Errorf("line 12 error %q should name event_date", err)
	}
	// the last record's notes span two lines: it starts on line 21
	if last := recs[len(recs)-1]; last.Line != 21 || !strings.Contains(deref(last.Input.Events[0].Summary), "\ninjuring") {
		t.Errorf("last record at line %d: %q", last.Line, deref(last.Input.Events[0].Summary))
	}

	in := recordAt(t, recs, 2).Input
	ev := in.Events[0]
	checks := []struct {
		what      string
		got, want any
	}{
		{"event id", deref(ev.ID), "acled-ukr219301"},
		{"kind", ev.Kind, model.EventKindAssault},
		{"mode", deref(ev.Mode), "heavy-weapons"},
		{"contexts", strings.Join(ev.Contexts, ","), "military"},
		{"startDate", ev.StartDate.String(), "2025-05-16"},
		{"precision", *ev.DatePrecision, model.DatePrecisionDay},
		{"external id", *ev.ExternalIds[0], model.ExternalIDInput{System: "ACLED", ID: "UKR219301"}},
		{"title", ev.Title, "Shelling/artillery/missile attack: Military Forces of Russia (2000-) vs Military Forces of Ukraine (2019-), Pokrovsk"},
		{"summary", strings.HasPrefix(deref(ev.Summary), "On 16 May 2025, Russian forces shelled"), true},
		{"location", deref(ev.LocationID), "ukraine-donetsk-pokrovskyi-pokrovska-pokrovsk"},
		{"initiator", ev.Participants[0].ActorID + " " + string(ev.Participants[0].Kind), "russia-military INITIATOR"},
		{"target", ev.Participants[1].ActorID + " " + string(ev.Participants[1].Kind), "ukraine-military TARGET"},
		{"sources", len(in.Sources), 2},
		{"source", deref(in.Sources[0].ID) + " " + in.Sources[0].Title + " " + string(in.Sources[0].Kind), "acled-source-ministry-of-defence-of-ukraine Ministry of Defence of Ukraine REPORT"},
		{"citations", len(ev.Citations), 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if got, ok := figure(ev, "fatalities"); !ok || got != 0 {
		t.Errorf("fatalities = %v (present %v), want 0", got, ok)
	}
	if a := actorByID(in, "ukraine-military"); a == nil || a.Kind != model.ActorKindOrganization || a.Name != "Military of Ukraine" ||
		!slices.Equal(a.Codes, []string{"UKRMIL"}) || !slices.Equal(a.Aliases, []string{"Military Forces of Ukraine (2019-)"}) {
		t.Errorf("state forces actor = %+v", a)
	}
	// the hierarchy: Ukraine > Donetsk > Pokrovskyi > Pokrovska > Pokrovsk
	wantChain := []struct{ id, name, parent string }{
		{"ukraine-country", "Ukraine", ""},
		{"ukraine-donetsk", "Donetsk", "ukraine-country"},
		{"ukraine-donetsk-pokrovskyi", "Pokrovskyi", "ukraine-donetsk"},
		{"ukraine-donetsk-pokrovskyi-pokrovska", "Pokrovska", "ukraine-donetsk-pokrovskyi"},
		{"ukraine-donetsk-pokrovskyi-pokrovska-pokrovsk", "Pokrovsk", "ukraine-donetsk-pokrovskyi-pokrovska"},
	}
	if len(in.Locations) != len(wantChain) {
		t.Fatalf("%d locations, want %d", len(in.Locations), len(wantChain))
	}
	for i, w := range wantChain {
		l := in.Locations[i]
		if deref(l.ID) != w.id || l.Name != w.name || deref(l.ParentID) != w.parent || deref(l.CountryCode) != "UKR" {
			t.Errorf("location %d = %s %q parent %s, want %s %q parent %s", i, deref(l.ID), l.Name, deref(l.ParentID), w.id, w.name, w.parent)
		}
	}
	leaf := in.Locations[4]
	if leaf.Kind != model.LocationKindCity || *leaf.Latitude != 48.2828 || *leaf.Longitude != 37.1761 {
		t.Errorf("leaf = %+v", leaf)
	}
	if in.Locations[1].Kind != model.LocationKindRegion || in.Locations[0].Kind != model.LocationKindCountry {
		t.Error("admin levels must be regions under a country")
	}

	// the bus strike: 9 killed, civilians targeted
	ev = recordAt(t, recs, 4).Input.Events[0]
	if got, _ := figure(ev, "fatalities"); got != 9 || !slices.Contains(ev.Contexts, "civilians") {
		t.Errorf("bus strike: fatalities %v, contexts %v", got, ev.Contexts)
	}
	// time_precision 2 and 3
	for line, want := range map[int]model.DatePrecision{10: model.DatePrecisionWeek, 16: model.DatePrecisionMonth} {
		if got := *recordAt(t, recs, line).Input.Events[0].DatePrecision; got != want {
			t.Errorf("line %d precision = %s, want %s", line, got, want)
		}
	}
	// associated actors take part as PARTICIPANT, with whom they are associated
	in = recordAt(t, recs, 7).Input
	ev = in.Events[0]
	if len(ev.Participants) != 2 || ev.Participants[1].ActorID != "relatives-of-prisoners-of-war" ||
		ev.Participants[1].Kind != model.ParticipationKindParticipant || deref(ev.Participants[1].Role) != "associated with Protesters (Ukraine)" {
		t.Errorf("protest participants = %+v %+v", ev.Participants[0], ev.Participants[len(ev.Participants)-1])
	}
	if ev.Kind != model.EventKindProtest || deref(ev.Mode) != "demo" || deref(ev.LocationID) != "ukraine-kyiv-city-kyiv" {
		t.Errorf("protest = %v %q at %s", ev.Kind, deref(ev.Mode), deref(ev.LocationID))
	}
	// Russia by its ISO numeric code 643
	in = recordAt(t, recs, 17).Input
	if l := in.Locations[0]; deref(l.ID) != "russia-country" || deref(l.CountryCode) != "RUS" {
		t.Errorf("Russian country = %+v", l)
	}
	// an agreement between governments
	if ev := recordAt(t, recs, 13).Input.Events[0]; ev.Kind != model.EventKindAgree || deref(ev.ID) != "acled-ukr219512" {
		t.Errorf("agreement = %v %s", ev.Kind, deref(ev.ID))
	}
}

func TestJSONLFixture(t *testing.T) {
	recs := readAll(t, "testdata/batch.jsonl", FormatJSONL)
	if len(recs) != 9 {
		t.Fatalf("%d records, want 9", len(recs))
	}
	for _, r := range recs {
		if r.CreateOnly {
			t.Errorf("line %d: JSON Lines are the service's own format and must upsert, not create-only", r.Line)
		}
		if (r.Err != nil) != (r.Line == 7) {
			t.Errorf("line %d: error %v", r.Line, r.Err)
		}
	}
	if err := recordAt(t, recs, 7).Err; !strings.Contains(err.Error(), "MEETING") {
		t.Errorf("line 7 error %q should name the bad kind", err)
	}
	if in := recordAt(t, recs, 2).Input; len(in.Actors) != 1 || in.Actors[0].Name != "Hakan Fidan" || in.Actors[0].Kind != model.ActorKindPerson {
		t.Errorf("line 2 = %+v", in)
	}
	if in := recordAt(t, recs, 8).Input; len(in.Actors) != 1 || len(in.Events) != 1 || deref(in.Events[0].Mode) != "statement" {
		t.Errorf("line 8 (a whole IngestInput) = %+v", in)
	}
	// a participant without a kind gets the schema's default
	ev := recordAt(t, recs, 9).Input.Events[0]
	if ev.Participants[0].Kind != model.ParticipationKindParticipant || ev.Participants[1].Kind != model.ParticipationKindHost {
		t.Errorf("participant kinds = %s, %s", ev.Participants[0].Kind, ev.Participants[1].Kind)
	}
}

func TestJSONLErrors(t *testing.T) {
	tests := []struct{ line, want string }{
		{`{"type": "actor", "id": "x", "name": "X", "kind": "PERSON", "nmae": "typo"}`, `unknown field "nmae"`},
		{`{"type": "planet", "name": "Mars"}`, `unknown "type" "planet"`},
		{`{"actors": [{"name": "X", "kind": "ALIEN"}]}`, "ALIEN is not a valid ActorKind"},
		{`{"events": [`, "not a JSON object"},
		{`[1, 2]`, "not a JSON object"},
		{`{"type": "event", "title": "t", "kind": "AGREE", "startDate": "16 May 2025"}`, "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		r := newJSONLReader(strings.NewReader(tt.line + "\n"))
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Err == nil || !strings.Contains(rec.Err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to contain %q", tt.line, rec.Err, tt.want)
		}
	}
}

func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{
		"VLADIMIR PUTIN":      "Vladimir Putin",
		"UNITED STATES":       "United States",
		"EUROPEAN UNION":      "European Union",
		"UN":                  "UN",
		"MINISTRY OF DEFENCE": "Ministry of Defence",
		"Already Mixed":       "Already Mixed",
		"THE HAGUE":           "The Hague",
		"VOLODYMYR ZELENSKY":  "Volodymyr Zelensky",
	} {
		if got := titleCase(in); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenGzipAndZip(t *testing.T) {
	// GDELT ships exports zipped; kg reads them without unpacking
	dir := t.TempDir()
	raw, err := os.ReadFile("testdata/events.gdelt.csv")
	if err != nil {
		t.Fatal(err)
	}
	zipPath := dir + "/20250516151500.export.CSV.zip"
	writeZip(t, zipPath, "20250516151500.export.CSV", raw)
	recs := readAll(t, zipPath, FormatGDELT)
	if len(recs) != 21 {
		t.Errorf("zip: %d records, want 21", len(recs))
	}
	gzPath := dir + "/events.gdelt.csv.gz"
	writeGzip(t, gzPath, raw)
	if recs := readAll(t, gzPath, FormatGDELT); len(recs) != 21 {
		t.Errorf("gzip: %d records, want 21", len(recs))
	}
}

func TestURLTitle(t *testing.T) {
	for raw, want := range map[string]string{
		"https://www.reuters.com/world/europe/russia-ukraine-talks-istanbul-2025-05-16/": "Russia ukraine talks istanbul",
		"https://www.nytimes.com/2025/05/19/world/europe/trump-putin-call-ukraine.html":  "Trump putin call ukraine",
		"https://www.aa.com.tr/en/politics/turkiye-hosts-talks/3569912":                  "Turkiye hosts talks",
		"https://tass.com/politics/1962055":                                              "https://tass.com/politics/1962055",
	} {
		src, err := gdeltSource(raw, "20250516151500")
		if err != nil || src.Title != want {
			t.Errorf("title of %s = %q (%v), want %q", raw, src.Title, err, want)
		}
	}
	if _, err := gdeltSource("not a url", ""); err == nil {
		t.Error("a SOURCEURL that is no URL must be an error")
	}
}

func TestACLEDDates(t *testing.T) {
	tests := []struct {
		date, year, want, err string
	}{
		{"2020-05-09", "2020", "2020-05-09", ""},
		{"2020-05-09 00:00:00", "", "2020-05-09", ""}, // pandas, BigQuery
		{"2020-05-09T00:00:00Z", "", "2020-05-09", ""},
		{"09 May 2020", "2020", "2020-05-09", ""},
		{"9 May 2020", "", "2020-05-09", ""},
		{"16 September 2025", "", "2025-09-16", ""},
		{"9-May-20", "2020", "2020-05-09", ""}, // what a spreadsheet makes of it
		{"5-Aug-24", "2024", "2024-08-05", ""},
		{"5-AUG-24", "2024.0", "2024-08-05", ""},
		{"31-Dec-97", "1997", "1997-12-31", ""}, // ACLED starts in 1997
		{"1-Jan-00", "2000", "2000-01-01", ""},
		{"9-May-20", "", "2020-05-09", ""},
		{"9-May-2020", "", "2020-05-09", ""},
		{"09/05/2020", "2020", "2020-05-09", ""}, // day first, as ACLED writes it
		{"18/01/2016", "", "2016-01-18", ""},
		{"9-May-20", "2019", "", "does not fall in the row's year 2019"},
		{"9-May-20", "twenty", "", "is not a year"},
		{"31-Feb-20", "2020", "", "is not a date"},
		{"yesterday", "", "", "is not a date"},
		{"", "2020", "", "is not a date"},
	}
	for _, tt := range tests {
		got, err := parseACLEDDate(tt.date, tt.year)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("parseACLEDDate(%q, %q) = %v, %v; want an error saying %q", tt.date, tt.year, got, err, tt.err)
		case tt.err == "" && (err != nil || got.Format("2006-01-02") != tt.want):
			t.Errorf("parseACLEDDate(%q, %q) = %v, %v; want %s", tt.date, tt.year, got, err, tt.want)
		}
	}
}

func TestWholeNumbers(t *testing.T) {
	for in, want := range map[string]int{"3": 3, "3.0": 3, " 804.0 ": 804, "0": 0, "-1": -1} {
		if got, err := wholeNumber(in); err != nil || got != want {
			t.Errorf("wholeNumber(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"3.5", "three", "", "1e12", "NaN"} {
		if got, err := wholeNumber(in); err == nil {
			t.Errorf("wholeNumber(%q) = %d, want an error", in, got)
		}
	}
	for in, want := range map[string]model.DatePrecision{"1.0": model.DatePrecisionDay, "2.0": model.DatePrecisionWeek, " 3 ": model.DatePrecisionMonth} {
		if got, err := ACLEDPrecision(in); err != nil || got != want {
			t.Errorf("ACLEDPrecision(%q) = %s, %v", in, got, err)
		}
	}
	for in, want := range map[string]model.ActorKind{"1": model.ActorKindOrganization, "1.0": model.ActorKindOrganization, "State forces": model.ActorKindOrganization,
		"8": model.ActorKindOrganization, "External/Other forces": model.ActorKindOrganization, "7": model.ActorKindGroup, "Protesters": model.ActorKindGroup} {
		if got, ok := acledActorKind(in); !ok || got != want {
			t.Errorf("acledActorKind(%q) = %s, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := acledActorKind("0"); ok {
		t.Error("inter code 0 (no actor) has no kind")
	}
}

func TestGDELTRowLayouts(t *testing.T) {
	row := func(name string) []string {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		line, _, _ := strings.Cut(strings.TrimPrefix(string(b), "\ufeff"), "\n")
		return strings.Split(strings.TrimRight(line, "\r"), "\t")
	}
	for name, want := range map[string]string{
		"events.gdelt.csv":        "GDELT 2.0, 61 columns",
		"gdelt1-daily.export.CSV": "GDELT 1.0, 58 columns",
		"gdelt1-backfile.tsv":     "GDELT 1.0 historical backfile, 57 columns without SOURCEURL",
		"gdelt2-index.tsv":        "GDELT 2.0, 61 columns after an index column",
	} {
		f := row(name)
		l := gdeltRowLayout(f)
		if l == nil || l.variant != want {
			t.Errorf("%s: layout %+v, want %s", name, l, want)
			continue
		}
		if l.get(f, gEventCode) == "" || l.get(f, gActionGeoFullName) == "" || (l.col[gSourceURL] >= 0) != strings.HasPrefix(l.get(f, gSourceURL), "http") {
			t.Errorf("%s: columns misplaced: EventCode %q, ActionGeo_FullName %q, SOURCEURL %q", name, l.get(f, gEventCode), l.get(f, gActionGeoFullName), l.get(f, gSourceURL))
		}
	}
	// a 1.0 row and a 2.0 row cut to 58 fields are told apart by DATEADDED
	if l := gdeltRowLayout(row("events.gdelt.csv")[:58]); l != nil {
		t.Errorf("a 2.0 row cut to 58 fields read as %s", l.variant)
	}
	// the header of a BigQuery export, in another order
	names := slices.Clone(gdeltNames[:])
	slices.Reverse(names)
	l, err := headerLayout(names)
	if err != nil || l.col[gGlobalEventID] != len(names)-1 || l.col[gSourceURL] != 0 || l.version != "GDELT 2.0" {
		t.Errorf("reversed header: %+v, %v", l, err)
	}
	if _, err := headerLayout([]string{"GLOBALEVENTID", "Actor1Name"}); err == nil || !strings.Contains(err.Error(), "SQLDATE, EventCode") {
		t.Errorf("a header without SQLDATE and EventCode: %v", err)
	}
}

func TestACLEDHeaders(t *testing.T) {
	for _, tt := range []struct{ header, err string }{
		{"event_id_cnty,event_date,event_type,actor1,country\n", ""},
		{"EVENT_ID_CNTY;EVENT_DATE;EVENT_TYPE;ACTOR1;COUNTRY\n", ""},
		{"\ufeff,event_id_cnty,event_date,event_type,actor1,country\n", ""},
		{"event_id_cnty\tevent_date\tevent_type\tactor1\tcountry\n", ""},
		{"event_id_cnty,event_type,actor1\n", "the ACLED header lacks event_date, country"},
		{"", "reading the ACLED header"},
	} {
		_, err := newACLEDTable(strings.NewReader(tt.header))
		if (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("header %q: %v, want %q", tt.header, err, tt.err)
		}
	}
}

func TestLineSet(t *testing.T) {
	var s LineSet
	for _, l := range []int{5, 1, 2, 3, 9, 7, 8, 4, 12, 3} {
		s.Add(l)
	}
	if s.String() != "1-5,7-9,12" || s.Len() != 9 || !s.Contains(8) || s.Contains(6) || s.Contains(13) {
		t.Errorf("set %s, %d lines", s, s.Len())
	}
	s.Add(6)
	s.Add(10)
	s.Add(11)
	if s.String() != "1-12" {
		t.Errorf("set %s", s)
	}
	var back LineSet
	b, _ := s.MarshalJSON()
	if err := back.UnmarshalJSON(b); err != nil || back.String() != "1-12" {
		t.Errorf("round trip: %s, %v", back, err)
	}
	for _, bad := range []string{`"3-1"`, `"x"`, `7`} {
		if err := back.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("%s read as %s", bad, back)
		}
	}
}

func TestNamesWithinTheirBounds(t *testing.T) {
	long := strings.Repeat("Военные силы ", 60) // 780 characters, 1,500 bytes
	if got := []rune(clipName(long)); len(got) != eventgraph.LimitName.Max || got[len(got)-1] != '…' {
		t.Errorf("clipName kept %d characters", len(got))
	}
	if clipName("Rioters (Mali)") != "Rioters (Mali)" {
		t.Error("a short name changed")
	}
	for _, tt := range []struct{ initiator, target, want string }{
		{"", "", "initiator and target"},
		{"government", "government", "government, initiator and target"},
		{"government", "police", "initiator (government) and target (police)"},
		{"", "police", "initiator and target (police)"},
	} {
		if got := selfDirectedRole(tt.initiator, tt.target); got != tt.want {
			t.Errorf("selfDirectedRole(%q, %q) = %q, want %q", tt.initiator, tt.target, got, tt.want)
		}
	}
}
