package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Layout is the column layout of a generated GDELT file.
type Layout string

// The GDELT layouts the importer reads without a header (importer/gdelt.go).
const (
	GDELT2         Layout = "2.0"          // 61 columns, DATEADDED YYYYMMDDHHMMSS
	GDELT1         Layout = "1.0"          // 58 columns: no *_ADM2Code, DATEADDED YYYYMMDD
	GDELT1Backfile Layout = "1.0-backfile" // 57 columns: also no SOURCEURL
)

// gen is the random state of one file: seeded by the run's seed and the
// file's number, so that a file is the same bytes whatever else is made.
type gen struct {
	seed uint64
	r    *rand.Rand
	// countryZipf picks countries, the first (USA, RUS, UKR) most; tail
	// picks the one-off actors and places from a large index space, so
	// that most are new and a few recur.
	countryZipf, leaderZipf, hostZipf, tailZipf *rand.Zipf
	cameoTotal, roleTotal, acledTotal           int
	// recent are the last articles, which further events of one article cite
	recent []string
}

func newGen(seed uint64, file int) *gen {
	r := rand.New(rand.NewPCG(seed, uint64(file)*0x9e3779b97f4a7c15+1))
	g := &gen{seed: seed, r: r,
		countryZipf: rand.NewZipf(r, 1.3, 1.5, uint64(len(countries)-1)),
		leaderZipf:  rand.NewZipf(r, 1.2, 1, uint64(len(leaders)-1)),
		hostZipf:    rand.NewZipf(r, 1.1, 2, uint64(len(hosts)-1)),
		tailZipf:    rand.NewZipf(r, 1.08, 20, 1<<40),
	}
	for _, e := range cameoEvents {
		g.cameoTotal += e.weight
	}
	for _, ro := range roles {
		g.roleTotal += ro.weight
	}
	for _, t := range acledTypes {
		g.acledTotal += t.weight
	}
	return g
}

func (g *gen) country() *country { return &countries[g.countryZipf.Uint64()] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// entity is a deterministic source for the made-up thing number k: the same
// k under the same seed is the same person or place in every file.
func (g *gen) entity(kind string, k uint64) *rand.Rand {
	h := g.seed*0x100000001b3 ^ uint64(len(kind))<<56 ^ uint64(kind[0])<<48
	return rand.New(rand.NewPCG(h, k))
}

// fixed is a source for the things every seed shares (a capital's and a
// division's coordinates and codes), so that they are the same in every file.
func fixed(k uint64) *rand.Rand { return rand.New(rand.NewPCG(0x6d656e7473, k)) }

func word(r *rand.Rand, min, max int) string {
	var b strings.Builder
	for n := min + r.IntN(max-min+1); n > 0; n-- {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	return b.String()
}

// actor is one side of a GDELT event.
type actor struct {
	code, name, country, group, religion, type1 string
}

func (g *gen) role() string {
	n := g.r.IntN(g.roleTotal)
	for _, ro := range roles {
		if n -= ro.weight; n < 0 {
			return ro.code
		}
	}
	return roles[0].code
}

// actor draws an actor: states and country-role codes (USA, RUSGOV) very
// often, role nouns (POLICE) and leaders often, and otherwise one of a long
// tail of people and organisations, most seen once.
func (g *gen) actor() actor {
	c := g.country()
	switch p := g.r.Float64(); {
	case p < 0.28:
		return actor{code: c.cameo, name: c.name, country: c.cameo}
	case p < 0.50:
		ro := g.role()
		return actor{code: c.cameo + ro, name: c.name, country: c.cameo, type1: ro}
	case p < 0.57:
		b := bareRoles[g.r.IntN(len(bareRoles))]
		return actor{code: b.code, name: b.name, type1: b.code}
	case p < 0.62:
		l := leaders[g.leaderZipf.Uint64()]
		return actor{code: l.code, name: l.name, country: l.code[:3], type1: l.code[3:]}
	case p < 0.64:
		igo := [][3]string{{"IGOUNO", "UNITED NATIONS", "UNO"}, {"IGOEUREEC", "EUROPEAN UNION", "EEC"}, {"IGOWSTNAT", "NATO", "NAT"}}[g.r.IntN(3)]
		return actor{code: igo[0], name: igo[1], group: igo[2], type1: "IGO"}
	}
	k := g.tailZipf.Uint64()
	e := g.entity("actor", k)
	home := &countries[e.IntN(len(countries))]
	a := actor{country: home.cameo}
	switch e.IntN(10) {
	case 0, 1, 2, 3, 4: // a person in a role
		ro := []string{"GOV", "GOV", "OPP", "LEG", "MIL", "BUS", "MED", "JUD", "CVL"}[e.IntN(9)]
		a.code, a.type1 = home.cameo+ro, ro
		a.name = strings.ToUpper(word(e, 2, 3) + " " + word(e, 2, 4))
	case 5, 6, 7, 8: // an organisation
		o := orgWords[e.IntN(len(orgWords))]
		a.code, a.type1 = home.cameo+o.role, o.role
		a.name = strings.ToUpper(word(e, 2, 3) + " " + o.word)
	default: // a group without a country
		a.country = ""
		o := orgWords[e.IntN(len(orgWords))]
		a.code, a.type1 = o.role, o.role
		a.name = strings.ToUpper(word(e, 2, 4) + " " + o.word)
	}
	if e.IntN(40) == 0 {
		a.religion = []string{"CHR", "MOS", "JEW", "BUD"}[e.IntN(4)]
	}
	return a
}

// place is a GDELT geography: type 1 country, 2 US state, 3 US city, 4
// world city, 5 world first-level division.
type place struct {
	typ                        int
	fullName, fips, adm1, adm2 string
	lat, long                  float64
	feature                    string
}

var usStates = map[string]string{"California": "CA", "Texas": "TX", "New York": "NY", "Florida": "FL", "Illinois": "IL", "Ohio": "OH", "District of Columbia": "DC"}

func titleName(s string) string {
	w := strings.Fields(strings.ToLower(s))
	for i := range w {
		w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
	}
	return strings.Join(w, " ")
}

func adm1Code(c *country, i int, name string) string {
	if c.fips == "US" {
		return "US" + usStates[name]
	}
	return fmt.Sprintf("%s%02d", c.fips, i+1)
}

func (g *gen) jitter(r *rand.Rand, c *country) (float64, float64) {
	lat := math.Max(-89, math.Min(89, c.lat+(r.Float64()*2-1)*c.spread))
	long := math.Max(-179, math.Min(179, c.long+(r.Float64()*2-1)*c.spread*1.5))
	return math.Round(lat*1e4) / 1e4, math.Round(long*1e4) / 1e4
}

// place draws the action's geography in country c: the country alone
// often, its capital often, and otherwise a division or a town from a long
// tail, most of them new.
func (g *gen) place(c *country) place {
	country := titleName(c.name)
	switch p := g.r.Float64(); {
	case p < 0.05:
		return place{}
	case p < 0.25:
		return place{typ: 1, fullName: country, fips: c.fips, adm1: c.fips, lat: c.lat, long: c.long, feature: c.fips}
	case p < 0.37:
		i := g.r.IntN(len(c.adm1))
		typ, suffix := 5, ", "+country
		if c.fips == "US" {
			typ = 2
		}
		lat, long := g.jitter(fixed(uint64(c.iso)*100+uint64(i)), c)
		code := adm1Code(c, i, c.adm1[i])
		return place{typ: typ, fullName: c.adm1[i] + suffix, fips: c.fips, adm1: code, lat: lat, long: long, feature: code}
	case p < 0.52:
		r := fixed(uint64(c.iso))
		lat, long := g.jitter(r, c)
		typ := 4
		if c.fips == "US" {
			typ = 3
		}
		return place{typ: typ, fullName: c.capital + ", " + country, fips: c.fips, adm1: c.fips + fmt.Sprintf("%02d", 50+r.IntN(40)),
			adm2: strconv.Itoa(10000 + r.IntN(90000)), lat: lat, long: long, feature: strconv.Itoa(-1 - r.IntN(3000000))}
	}
	k := g.tailZipf.Uint64()
	r := g.entity("town", k)
	i := r.IntN(len(c.adm1))
	name := titleName(word(r, 2, 4))
	typ, feature := 4, strconv.Itoa(-1-r.IntN(3000000))
	if c.fips == "US" {
		typ, feature = 3, strconv.Itoa(100000+r.IntN(2400000))
	}
	lat, long := g.jitter(r, c)
	return place{typ: typ, fullName: name + ", " + c.adm1[i] + ", " + country, fips: c.fips, adm1: adm1Code(c, i, c.adm1[i]),
		adm2: strconv.Itoa(10000 + r.IntN(90000)), lat: lat, long: long, feature: feature}
}

func (g *gen) cameo() cameoEvent {
	n := g.r.IntN(g.cameoTotal)
	for _, e := range cameoEvents {
		if n -= e.weight; n < 0 {
			return e
		}
	}
	return cameoEvents[0]
}

// url is the article an event was found in: often one of the last few
// (GDELT codes several events from one article), else a new one.
func (g *gen) url(day time.Time) string {
	if len(g.recent) > 0 && g.chance(0.3) {
		return g.recent[g.r.IntN(len(g.recent))]
	}
	host := hosts[g.hostZipf.Uint64()]
	words := make([]string, 4+g.r.IntN(6))
	for i := range words {
		words[i] = headlineWords[g.r.IntN(len(headlineWords))]
	}
	slug := strings.Join(words, "-")
	var u string
	switch g.r.IntN(4) {
	case 0:
		u = fmt.Sprintf("https://%s/%s/%s/%s-%d", host, sections[g.r.IntN(len(sections))], day.Format("2006/01/02"), slug, 1e7+g.r.IntN(9e7))
	case 1:
		u = fmt.Sprintf("https://%s/%s/%s-%d.html", host, sections[g.r.IntN(len(sections))], slug, 1e5+g.r.IntN(9e5))
	case 2:
		u = fmt.Sprintf("https://%s/%s/%s/", host, day.Format("2006/01/02"), slug)
	default:
		u = fmt.Sprintf("https://%s/%s/%s-%s", host, sections[g.r.IntN(len(sections))], slug, strconv.FormatUint(g.r.Uint64()>>36, 36))
	}
	if len(g.recent) < 8 {
		g.recent = append(g.recent, u)
	} else {
		g.recent[g.r.IntN(8)] = u
	}
	return u
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// WriteGDELT writes rows GDELT event rows of the 15-minute export taken at
// added, laid out as layout says, tab-separated without a header, as GDELT
// publishes them. firstID is the first GLOBALEVENTID.
func WriteGDELT(w io.Writer, seed uint64, file int, layout Layout, added time.Time, firstID uint64, rows int) error {
	g := newGen(seed, file)
	bw := bufio.NewWriterSize(w, 1<<16)
	f := make([]string, 0, 61)
	for n := range rows {
		date := added
		if g.chance(0.12) { // GDELT dates an event by its article's mention: some days, some a year back
			date = added.AddDate(0, 0, -1-g.r.IntN(400))
		}
		ev := g.cameo()
		a1, a2 := g.actor(), g.actor()
		has1, has2 := g.chance(0.93), g.chance(0.72)
		if !has1 && !has2 {
			has1 = true
		}
		if has1 && has2 && g.chance(0.035) {
			a2 = a1 // self-directed: a government and itself, UNITED KINGDOM against UNITED KINGDOM
		}
		c := g.country()
		if has1 && a1.country != "" && g.chance(0.7) {
			c = countryOf(a1.country)
		}
		action := g.place(c)
		mentions := 1 + int(g.r.ExpFloat64()*4)
		sources := 1 + g.r.IntN(mentions)
		articles := sources + g.r.IntN(mentions-sources+1)
		tone := (g.r.NormFloat64()*3 - 2)
		if ev.goldstein < 0 {
			tone -= 2
		}
		root, _ := strconv.Atoi(ev.code[:2])
		f = f[:0]
		f = append(f, strconv.FormatUint(firstID+uint64(n), 10), date.Format("20060102"), date.Format("200601"), date.Format("2006"),
			fmt.Sprintf("%.4f", float64(date.Year())+float64(date.YearDay())/365.0))
		for i, a := range []actor{a1, a2} {
			if (i == 0 && !has1) || (i == 1 && !has2) {
				f = append(f, "", "", "", "", "", "", "", "", "", "")
				continue
			}
			f = append(f, a.code, a.name, a.country, a.group, "", a.religion, "", a.type1, "", "")
		}
		f = append(f, strconv.Itoa(g.r.IntN(2)), ev.code, ev.code[:3], ev.code[:2], strconv.Itoa(quadClass(root)), num(ev.goldstein),
			strconv.Itoa(mentions), strconv.Itoa(sources), strconv.Itoa(articles), strconv.FormatFloat(tone, 'f', 13, 64))
		geos := [3]place{}
		for i, a := range []actor{a1, a2} {
			switch {
			case (i == 0 && !has1) || (i == 1 && !has2) || a.country == "":
			case g.chance(0.5):
				geos[i] = action
			default:
				ac := countryOf(a.country)
				geos[i] = place{typ: 1, fullName: titleName(ac.name), fips: ac.fips, adm1: ac.fips, lat: ac.lat, long: ac.long, feature: ac.fips}
			}
		}
		geos[2] = action
		for _, p := range geos {
			if p.typ == 0 {
				f = append(f, "0", "", "", "")
				if layout == GDELT2 {
					f = append(f, "")
				}
				f = append(f, "", "", "")
				continue
			}
			f = append(f, strconv.Itoa(p.typ), p.fullName, p.fips, p.adm1)
			if layout == GDELT2 {
				f = append(f, p.adm2)
			}
			f = append(f, num(p.lat), num(p.long), p.feature)
		}
		switch layout {
		case GDELT2:
			f = append(f, added.Format("20060102150405"), g.url(added))
		case GDELT1:
			f = append(f, added.Format("20060102"), g.url(added))
		default:
			f = append(f, date.Format("20060102"))
		}
		bw.WriteString(strings.Join(f, "\t"))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func countryOf(cameo string) *country {
	for i := range countries {
		if countries[i].cameo == cameo {
			return &countries[i]
		}
	}
	return &countries[0]
}
