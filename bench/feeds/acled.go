package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// acledHeader is the current ACLED export's columns (2023 codebook).
var acledHeader = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
	"iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
	"source", "source_scale", "notes", "fatalities", "tags", "timestamp",
}

// acledCountries are where a conflict export's events are, the first most.
var acledCountries = []string{"UKR", "UKR", "UKR", "UKR", "UKR", "UKR", "RUS", "RUS", "SDN", "MMR", "SYR", "NGA", "ETH", "PAK"}

// acledActor is an ACLED actor with its inter code (text, as the current
// export writes it).
type acledActor struct{ name, inter string }

// acledActor draws an actor of the country: its state forces (and, in
// Ukraine, Russia's) very often, protesters and civilians often, and
// otherwise one of many militias and local groups, most seen once.
func (g *gen) acledActor(c *country, side int) acledActor {
	country := titleName(c.name)
	switch p := g.r.Float64(); {
	case c.cameo == "UKR" && side == 0 && p < 0.55:
		return acledActor{"Military Forces of Russia (2000-)", "External/Other forces"}
	case p < 0.45:
		return acledActor{fmt.Sprintf("Military Forces of %s (2019-)", country), "State forces"}
	case p < 0.52:
		return acledActor{fmt.Sprintf("Police Forces of %s (2019-)", country), "State forces"}
	case p < 0.60:
		return acledActor{fmt.Sprintf("Protesters (%s)", country), "Protesters"}
	case p < 0.68:
		return acledActor{fmt.Sprintf("Civilians (%s)", country), "Civilians"}
	case p < 0.72:
		return acledActor{fmt.Sprintf("Unidentified Armed Group (%s)", country), "Political militia"}
	case p < 0.75:
		return acledActor{fmt.Sprintf("Government of %s (2019-)", country), "State forces"}
	}
	k := g.tailZipf.Uint64()
	e := g.entity("acled", k)
	n := titleName(word(e, 2, 4))
	switch e.IntN(4) {
	case 0:
		return acledActor{fmt.Sprintf("%s Communal Militia (%s)", n, country), "Identity militia"}
	case 1:
		return acledActor{fmt.Sprintf("%s Battalion", n), "Political militia"}
	case 2:
		return acledActor{fmt.Sprintf("Rioters (%s)", country), "Rioters"}
	}
	return acledActor{fmt.Sprintf("%s Liberation Front", n), "Rebel group"}
}

// acledEvent is one generated ACLED event, before it is written as one row
// (dyadic) or one row per actor (monadic).
type acledEvent struct {
	fields []string
	actors []acledActor
}

// ACLEDOptions says which variant of the export to write.
type ACLEDOptions struct {
	// Monadic writes one row per actor, the event id repeated, the rows of
	// an event not always next to each other.
	Monadic bool
	// Spreadsheet writes dates as spreadsheet software saves them (9-May-20).
	Spreadsheet bool
}

// WriteACLED writes an ACLED export of events events dated around day,
// with event numbers from firstID.
func WriteACLED(w io.Writer, seed uint64, file int, day time.Time, firstID int, events int, opt ACLEDOptions) error {
	g := newGen(seed^0xac1ed, file)
	cw := csv.NewWriter(w)
	if err := cw.Write(acledHeader); err != nil {
		return err
	}
	var held []acledEvent
	for n := range events {
		c := countryOf(acledCountries[g.r.IntN(len(acledCountries))])
		t := acledTypes[0]
		k := g.r.IntN(g.acledTotal)
		for _, at := range acledTypes {
			if k -= at.weight; k < 0 {
				t = at
				break
			}
		}
		date := day.AddDate(0, 0, -g.r.IntN(7))
		a1 := g.acledActor(c, 0)
		actors := []acledActor{a1}
		var a2 acledActor
		if t.event != "Protests" || g.chance(0.2) {
			a2 = g.acledActor(c, 1)
			if a2.name == a1.name {
				a2 = acledActor{fmt.Sprintf("Civilians (%s)", titleName(c.name)), "Civilians"}
			}
			actors = append(actors, a2)
		}
		interaction := a1.inter
		if a2.name != "" {
			interaction += "-" + a2.inter
		}
		civ := ""
		if a2.inter == "Civilians" {
			civ = "Civilian targeting"
		}
		r := g.entity("village", g.tailZipf.Uint64())
		adm1 := c.adm1[r.IntN(len(c.adm1))]
		lat, long := g.jitter(r, c)
		loc := titleName(word(r, 2, 4))
		if g.chance(0.15) {
			loc = strings.SplitN(c.capital, ",", 2)[0]
		}
		fatal := 0
		if t.disorder == "Political violence" && g.chance(0.3) {
			fatal = 1 + int(g.r.ExpFloat64()*3)
		}
		src := acledSources[g.hostZipf.Uint64()%uint64(len(acledSources))]
		if g.chance(0.4) {
			src += "; " + acledSources[g.r.IntN(len(acledSources))]
		}
		dateText, year := date.Format("2006-01-02"), strconv.Itoa(date.Year())
		if opt.Spreadsheet {
			dateText = date.Format("2-Jan-06")
		}
		notes := fmt.Sprintf("On %s, %s: %s involving %s in %s (%s).", date.Format("2 January 2006"), strings.ToLower(t.sub), t.event, a1.name, loc, adm1)
		f := []string{
			fmt.Sprintf("%s%d", c.cameo, firstID+n), dateText, year, strconv.Itoa(1 + g.r.IntN(10)/8), t.disorder, t.event, t.sub,
			a1.name, "", a1.inter, a2.name, "", a2.inter, interaction, civ,
			strconv.Itoa(c.iso), c.region, titleName(c.name), adm1, titleName(word(r, 2, 3)) + "skyi", "", loc,
			fmt.Sprintf("%.4f", lat), fmt.Sprintf("%.4f", long), strconv.Itoa(1 + g.r.IntN(3)),
			src, []string{"National", "Subnational", "Other", "New media"}[g.r.IntN(4)], notes, strconv.Itoa(fatal), "",
			strconv.FormatInt(day.Add(time.Duration(g.r.IntN(86400))*time.Second).Unix(), 10),
		}
		if !opt.Monadic {
			if err := cw.Write(f); err != nil {
				return err
			}
			continue
		}
		held = append(held, acledEvent{fields: f, actors: actors})
		// monadic rows of one event lie up to a few events apart
		for len(held) > 4 {
			i := g.r.IntN(len(held))
			if err := writeMonadic(cw, &held[i]); err != nil {
				return err
			}
			if len(held[i].actors) == 0 {
				held = append(held[:i], held[i+1:]...)
			}
		}
	}
	for i := range held {
		for len(held[i].actors) > 0 {
			if err := writeMonadic(cw, &held[i]); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeMonadic writes the next actor's row of a held event: that actor in
// actor1, the event's other actor in actor2.
func writeMonadic(cw *csv.Writer, e *acledEvent) error {
	if len(e.actors) == 0 {
		return nil
	}
	a := e.actors[0]
	e.actors = e.actors[1:]
	f := append([]string(nil), e.fields...)
	if f[7] != a.name { // the second actor's row: the sides swapped
		f[7], f[9], f[10], f[12] = a.name, a.inter, e.fields[7], e.fields[9]
	}
	return cw.Write(f)
}
