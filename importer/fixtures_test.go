package importer

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph/model"
)

// fixture is what a file of testdata holds, written by hand from the
// codebooks: which variant it is, its data lines, the rows that must be
// rejected (with what the reason must say) and the rows merged into
// another row's event.
type fixture struct {
	name    string
	format  Format
	variant string
	// lines are the lines data rows start on.
	lines    string
	rejected map[int]string
	// merged maps a record's line to the lines folded into it.
	merged map[int][]int
	check  func(t *testing.T, recs map[int]*Record)
}

var fixtures = []fixture{
	{name: "events.gdelt.csv", format: FormatGDELT, variant: "GDELT 2.0, 61 columns", lines: "1-21",
		rejected: map[int]string{19: "a GDELT 2.0 event row has 61 tab-separated columns, this one has 40"}},
	{name: "gdelt1-backfile.tsv", format: FormatGDELT, variant: "GDELT 1.0 historical backfile, 57 columns without SOURCEURL", lines: "1-7",
		rejected: map[int]string{4: `SQLDATE "20081345" is not a date`, 5: "a GDELT 1.0 event row has 57 tab-separated columns, this one has 40", 6: `EventCode "215" has no CAMEO root`},
		check: func(t *testing.T, recs map[int]*Record) {
			ev := recs[1].Input.Events[0]
			if deref(ev.ID) != "gdelt-153218112" || ev.StartDate.String() != "2008-08-08" || ev.Kind != model.EventKindAssault || len(ev.Citations) != 0 || len(recs[1].Input.Sources) != 0 {
				t.Errorf("a 1.0 backfile row (no SOURCEURL) = %+v, sources %v", ev, recs[1].Input.Sources)
			}
			if deref(ev.LocationID) != "tskhinvali-shida-kartli-georgia" {
				t.Errorf("location %s", deref(ev.LocationID))
			}
			// self-directed: the government against its own police, one actor
			// a government against its own police: two branches of one state
			checkBranches(t, recs[2], "united-kingdom-government", "united-kingdom-police", "united-kingdom")
			if ev := recs[3].Input.Events[0]; deref(ev.ID) != "gdelt-1" || ev.StartDate.String() != "1979-01-01" || ev.LocationID != nil || len(ev.Participants) != 1 {
				t.Errorf("the first event of 1979 = %+v", ev)
			}
		}},
	{name: "gdelt1-daily.export.CSV", format: FormatGDELT, variant: "GDELT 1.0, 58 columns", lines: "1-6",
		rejected: map[int]string{4: `GoldsteinScale "n/a" is not a number`, 5: `SOURCEURL "not a url" is not a URL`},
		check: func(t *testing.T, recs map[int]*Record) {
			in := recs[1].Input
			if len(in.Sources) != 1 || deref(in.Sources[0].URL) != "https://www.bbc.com/news/world-europe-26397323" || in.Sources[0].PublishedAt.String() != "2014-03-01" {
				t.Errorf("a 1.0 daily row's source (DATEADDED YYYYMMDD) = %+v", in.Sources)
			}
			checkSelfDirected(t, recs[2], "ukraine", "initiator and target", []string{"UKR"})
			if ev := recs[3].Input.Events[0]; ev.Kind != model.EventKindConsult || deref(ev.Mode) != "phone" || deref(ev.LocationID) != "washington-district-of-columbia-united-states" {
				t.Errorf("the call = %+v", ev)
			}
		}},
	{name: "gdelt2-index.tsv", format: FormatGDELT, variant: "GDELT 2.0, 61 columns after an index column", lines: "1-3",
		rejected: map[int]string{3: `GLOBALEVENTID "12x44100003" is not a number`},
		check: func(t *testing.T, recs map[int]*Record) {
			if ev := recs[1].Input.Events[0]; deref(ev.ID) != "gdelt-1244100001" || ev.Kind != model.EventKindAssault || deref(ev.LocationID) != "moscow-moskva-russia" {
				t.Errorf("a row after its index = %+v", ev)
			}
			checkBranches(t, recs[2], "russia-police", "opposition-russia", "russia")
		}},
	{name: "gdelt2-bigquery.csv", format: FormatGDELT, variant: "GDELT 2.0, 62 columns named by a header", lines: "2-4",
		rejected: map[int]string{4: `EventCode "abc" is not a CAMEO code`},
		check: func(t *testing.T, recs map[int]*Record) {
			in := recs[3].Input
			if ev := in.Events[0]; deref(ev.ID) != "gdelt-1244200002" || ev.Kind != model.EventKindCoerce || deref(ev.LocationID) != "brussels-bruxelles-capitale-belgium" {
				t.Errorf("a row with quoted commas = %+v", ev)
			}
			if l := locationByID(in, "brussels-bruxelles-capitale-belgium"); l == nil || l.Name != "Brussels" || *l.Latitude != 50.8333 {
				t.Errorf("Brussels = %+v", l)
			}
		}},
	{name: "acled.csv", format: FormatACLED, variant: "ACLED, 2023 columns", lines: "2-21",
		rejected: map[int]string{12: "event_date"}},
	{name: "acled-2019.csv", format: FormatACLED, variant: "ACLED, 2019-2022 columns", lines: "2-10",
		rejected: map[int]string{8: `time_precision "4" is not`, 9: `event_type "Earthquakes" / sub_event_type "" is not an ACLED event type`},
		check: func(t *testing.T, recs map[int]*Record) {
			// a mission and its five national contingents: six actors, six
			// ids, the full names kept
			ids := map[string]string{}
			for line := 2; line <= 7; line++ {
				in := recs[line].Input
				target := in.Events[0].Participants[1]
				a := actorByID(in, target.ActorID)
				if a == nil || !strings.HasPrefix(a.Name, "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-2023)") || a.ID == nil || len(*a.ID) > 64 {
					t.Errorf("line %d: the mission's actor = %+v", line, a)
					continue
				}
				if other, dup := ids[*a.ID]; dup {
					t.Errorf("%q and %q share the id %s", a.Name, other, *a.ID)
				}
				ids[*a.ID] = a.Name
				if a.Kind != model.ActorKindOrganization {
					t.Errorf("inter code 8 made %s a %s", a.Name, a.Kind)
				}
			}
			if ev := recs[2].Input.Events[0]; ev.StartDate.String() != "2020-05-09" || ev.Kind != model.EventKindAssault || deref(ev.Mode) != "explosives" {
				t.Errorf("09 May 2020 = %+v", ev)
			}
			if got, _ := figure(recs[2].Input.Events[0], "fatalities"); got != 3 {
				t.Errorf("fatalities %v", got)
			}
			// rioters against rioters: one participant
			in := recs[10].Input
			if ev := in.Events[0]; len(ev.Participants) != 1 || ev.Participants[0].ActorID != "rioters-mali" ||
				ev.Participants[0].Kind != model.ParticipationKindInitiator || deref(ev.Participants[0].Role) != "initiator and target" {
				t.Errorf("self-directed ACLED row = %+v", ev.Participants)
			}
		}},
	{name: "acled-legacy.csv", format: FormatACLED, variant: "ACLED, pre-2019 columns (no sub_event_type)", lines: "2-13",
		rejected: map[int]string{11: `event_date "31/02/2016" is not a date`, 12: "the row has 24 fields, the header 25", 13: "actor1 is empty"},
		check: func(t *testing.T, recs map[int]*Record) {
			for line, want := range map[int]struct {
				kind model.EventKind
				mode string
			}{
				2:  {model.EventKindAssault, "firearms"},
				3:  {model.EventKindAssault, ""},
				4:  {model.EventKindAssault, ""},
				5:  {model.EventKindAssault, ""},
				6:  {model.EventKindAssault, ""},
				7:  {model.EventKindProtest, ""},
				8:  {model.EventKindOther, ""},
				9:  {model.EventKindMobilize, "troops"},
				10: {model.EventKindRetreat, "withdraw"},
			} {
				if ev := recs[line].Input.Events[0]; ev.Kind != want.kind || deref(ev.Mode) != want.mode {
					t.Errorf("line %d (%s) = %s %q, want %s %q", line, ev.Title, ev.Kind, deref(ev.Mode), want.kind, want.mode)
				}
			}
			in := recs[2].Input
			ev := in.Events[0]
			if ev.StartDate.String() != "2016-01-18" || deref(ev.ID) != "acled-som20001" || deref(ev.LocationID) != "somalia-lower-shabelle-afgooye" {
				t.Errorf("18/01/2016 = %+v", ev)
			}
			if p := ev.Participants[2]; p.ActorID != "amisom-african-union-mission-in-somalia-2007" || p.Kind != model.ParticipationKindParticipant ||
				deref(p.Role) != "allied with Military Forces of Somalia (2012-)" {
				t.Errorf("ALLY_ACTOR_2 = %+v", p)
			}
			if l := in.Locations[0]; deref(l.CountryCode) != "SOM" {
				t.Errorf("Somalia by name = %+v", l)
			}
		}},
	{name: "acled-spreadsheet.csv", format: FormatACLED, variant: "ACLED, 2019-2022 columns", lines: "2-7",
		rejected: map[int]string{5: `event_date "9-May-20" does not fall in the row's year 2019`, 6: `event_date "31-Feb-20" is not a date`},
		check: func(t *testing.T, recs map[int]*Record) {
			for line, want := range map[int]string{2: "2020-05-09", 3: "2024-08-05", 4: "2020-05-09", 7: "2024-08-12"} {
				if got := recs[line].Input.Events[0].StartDate.String(); got != want {
					t.Errorf("line %d: date %s, want %s", line, got, want)
				}
			}
			if s := deref(recs[3].Input.Events[0].Summary); !strings.Contains(s, `"the second city"`) {
				t.Errorf("quoted notes = %q", s)
			}
			if ev := recs[4].Input.Events[0]; len(ev.Participants) != 3 || ev.Participants[2].ActorID != "students-ukraine" {
				t.Errorf("two associated actors = %+v", ev.Participants)
			}
		}},
	{name: "acled-monadic.csv", format: FormatACLED, variant: "ACLED, 2023 columns, rows sharing an event id merged (monadic)", lines: "2-11",
		rejected: map[int]string{7: `latitude "abc"`, 9: `event_date "yesterday" is not a date`},
		merged:   map[int][]int{2: {6, 11}, 3: {5}, 8: {10}},
		check: func(t *testing.T, recs map[int]*Record) {
			want := map[int]map[string]model.ParticipationKind{
				2: {"russia-military": model.ParticipationKindInitiator, "ukraine-military": model.ParticipationKindInitiator},
				3: {"protesters-ukraine": model.ParticipationKindInitiator, "ukraine-police": model.ParticipationKindInitiator, "women-ukraine": model.ParticipationKindParticipant},
				4: {"russia-military": model.ParticipationKindInitiator},
				8: {"unidentified-armed-group-ukraine": model.ParticipationKindInitiator, "civilians-ukraine": model.ParticipationKindTarget},
			}
			for line, parts := range want {
				if got := participants(recs[line]); !equalMaps(got, parts) {
					t.Errorf("line %d: participants %v, want %v", line, got, parts)
				}
			}
			ev := recs[2].Input.Events[0]
			if ev.StartDate.String() != "2024-08-20" || *ev.DatePrecision != model.DatePrecisionDay || deref(ev.LocationID) != "ukraine-donetsk-pokrovskyi-pokrovska-pokrovsk" {
				t.Errorf("floats read as whole numbers: %+v", ev)
			}
			if got, _ := figure(ev, "fatalities"); got != 2 {
				t.Errorf("fatalities 2.0 = %v", got)
			}
			if a := actorByID(recs[3].Input, "ukraine-police"); a == nil || a.Kind != model.ActorKindOrganization {
				t.Errorf("state forces = %+v", a)
			}
			if ev := recs[8].Input.Events[0]; ev.Title != "Attack: Unidentified Armed Group (Ukraine) vs Civilians (Ukraine), Odesa" || !slices.Contains(ev.Contexts, "civilians") {
				t.Errorf("merged title %q, contexts %v", ev.Title, ev.Contexts)
			}
		}},
	{name: "batch.jsonl", format: FormatJSONL, lines: "1-9", rejected: map[int]string{7: "MEETING is not a valid EventKind"}},
}

// checkBranches: a row between two role-coded actors of one country has
// them as initiator and target, each a branch or people of the country, the
// branches affiliated with its state.
func checkBranches(t *testing.T, r *Record, initiator, target, state string) {
	t.Helper()
	ev := r.Input.Events[0]
	if len(ev.Participants) != 2 || ev.Participants[0].ActorID != initiator || ev.Participants[1].ActorID != target {
		t.Errorf("line %d: participants %+v, want %s and %s", r.Line, ev.Participants, initiator, target)
	}
	if !slices.ContainsFunc(r.Input.Affiliations, func(a *model.AffiliationInput) bool { return a.ActorID == initiator && a.WithID == state }) {
		t.Errorf("line %d: %s is not affiliated with %s: %+v", r.Line, initiator, state, r.Input.Affiliations)
	}
	if !slices.ContainsFunc(r.Input.Actors, func(a *model.ActorInput) bool { return deref(a.ID) == state && a.Kind == model.ActorKindState }) {
		t.Errorf("line %d: no state %s among the actors", r.Line, state)
	}
}

func checkSelfDirected(t *testing.T, r *Record, id, role string, codes []string) {
	t.Helper()
	ev := r.Input.Events[0]
	if len(ev.Participants) != 1 || ev.Participants[0].ActorID != id || ev.Participants[0].Kind != model.ParticipationKindInitiator || deref(ev.Participants[0].Role) != role {
		t.Errorf("line %d: self-directed participants = %+v, want %s once as INITIATOR, role %q", r.Line, ev.Participants, id, role)
	}
	if len(r.Input.Actors) != 1 || !slices.Equal(r.Input.Actors[0].Codes, codes) {
		t.Errorf("line %d: actors %+v, want one with codes %v", r.Line, r.Input.Actors, codes)
	}
}

func participants(r *Record) map[string]model.ParticipationKind {
	out := map[string]model.ParticipationKind{}
	for _, p := range r.Input.Events[0].Participants {
		out[p.ActorID] = p.Kind
	}
	return out
}

func equalMaps[K, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// readFile reads a file the way kg does.
func readFile(t *testing.T, path string, f Format) (*File, []*Record) {
	t.Helper()
	file, err := OpenFile(path, f)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var out []*Record
	for {
		rec, err := file.Next()
		if errors.Is(err, io.EOF) {
			return file, out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// TestFixtures reads every fixture as kg does, plain, zipped and gzipped:
// its format and variant are told from its content, every data row is in
// exactly one record (rejected, or imported with the rows merged into it),
// the malformed rows are rejected for the reason the codebook gives, and the
// fields land where docs/ingest.md says.
func TestFixtures(t *testing.T) {
	dir := t.TempDir()
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", fx.name))
			if err != nil {
				t.Fatal(err)
			}
			zipped := filepath.Join(dir, fx.name+".zip")
			writeZip(t, zipped, fx.name, raw)
			gzipped := filepath.Join(dir, fx.name+".gz")
			writeGzip(t, gzipped, raw)
			renamed := filepath.Join(dir, "export.txt") // the name says nothing
			if err := os.WriteFile(renamed, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			var first string
			for _, path := range []string{filepath.Join("testdata", fx.name), zipped, gzipped, renamed} {
				if fx.format == FormatJSONL && path == renamed {
					continue // JSON Lines are told by their first character, which this one's comment is not
				}
				file, recs := readFile(t, path, FormatAuto)
				if file.Format != fx.format || file.Variant() != fx.variant {
					t.Errorf("%s: format %q, variant %q; want %q, %q", path, file.Format, file.Variant(), fx.format, fx.variant)
				}
				got := describe(recs)
				if first == "" {
					first = got
					checkFixture(t, fx, recs)
				} else if got != first {
					t.Errorf("%s reads differently from the plain file:\n%s\nwant\n%s", path, got, first)
				}
			}
		})
	}
}

func checkFixture(t *testing.T, fx fixture, recs []*Record) {
	t.Helper()
	var seen LineSet
	byLine := map[int]*Record{}
	for _, r := range recs {
		for _, l := range r.Lines() {
			if seen.Contains(l) {
				t.Errorf("line %d is in two records", l)
			}
			seen.Add(l)
		}
		byLine[r.Line] = r
		if want, ok := fx.rejected[r.Line]; ok != (r.Err != nil) || (ok && !strings.Contains(r.Err.Error(), want)) {
			t.Errorf("line %d: error %v, want one saying %q", r.Line, r.Err, want)
		}
		if !slices.Equal(r.Merged, fx.merged[r.Line]) {
			t.Errorf("line %d: merged %v, want %v", r.Line, r.Merged, fx.merged[r.Line])
		}
		if r.Err == nil && (r.CreateOnly != (fx.format != FormatJSONL)) {
			t.Errorf("line %d: create-only %v", r.Line, r.CreateOnly)
		}
	}
	if seen.String() != fx.lines {
		t.Errorf("the records cover lines %s, want %s", seen.String(), fx.lines)
	}
	for line := range fx.rejected {
		if byLine[line] == nil {
			t.Errorf("no record at the rejected line %d", line)
		}
	}
	if fx.check != nil {
		fx.check(t, byLine)
	}
}

// describe writes records as text, to compare two readings.
func describe(recs []*Record) string {
	var b strings.Builder
	for _, r := range recs {
		fmt.Fprintf(&b, "%d %v %v", r.Line, r.Merged, r.Err)
		for _, e := range r.Input.Events {
			fmt.Fprintf(&b, " %s %q", deref(e.ID), e.Title)
			for _, p := range e.Participants {
				fmt.Fprintf(&b, " %s:%s:%s", p.ActorID, p.Kind, deref(p.Role))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestMonadicRowOrder shuffles the rows of the monadic export: every event
// is the same, with the same actors in the same roles, whatever the order
// of its rows, and whether or not the reader counted the rows first.
func TestMonadicRowOrder(t *testing.T) {
	raw, err := os.ReadFile("testdata/acled-monadic.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") // no notes span lines here
	events := func(recs []*Record) map[string]string {
		out := map[string]string{}
		for _, r := range recs {
			if r.Err != nil {
				out[fmt.Sprint("error ", r.Err)] = ""
				continue
			}
			ev := r.Input.Events[0]
			var parts []string
			for _, p := range ev.Participants {
				parts = append(parts, fmt.Sprintf("%s:%s:%s", p.ActorID, p.Kind, deref(p.Role)))
			}
			slices.Sort(parts)
			out[deref(ev.ID)] = fmt.Sprintf("%s %d rows %v", ev.Title, 1+len(r.Merged), parts)
		}
		return out
	}
	_, recs := readFile(t, "testdata/acled-monadic.csv", FormatAuto)
	want := events(recs)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		rows := slices.Clone(lines[1:])
		rnd.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
		path := filepath.Join(t.TempDir(), "shuffled.csv")
		if err := os.WriteFile(path, []byte(lines[0]+"\n"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, recs := readFile(t, path, FormatAuto)
		if got := events(recs); !equalMaps(got, want) {
			t.Fatalf("shuffle %d: %v\nwant %v", i, got, want)
		}
		// without the first pass's counts, the groups wait for the end
		in, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(FormatACLED, in)
		if err != nil {
			t.Fatal(err)
		}
		var all []*Record
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, rec)
		}
		in.Close()
		if got := events(all); !equalMaps(got, want) {
			t.Fatalf("shuffle %d without counts: %v\nwant %v", i, got, want)
		}
	}
}
