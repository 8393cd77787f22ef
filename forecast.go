package eventgraph

import (
	"math"
	"time"
)

// Forecast accountability: the rules a forecast's resolution obeys, and the
// arithmetic of its source's record (the Brier score and the calibration of
// each PHIA term). OVERDUE, a forecast OPEN past its window's end, is
// derived when read (store/forecasts.go), never stored.

// Forecast statuses as stored; OVERDUE is read, never written.
const (
	StatusOpen         = "OPEN"
	StatusOverdue      = "OVERDUE"
	StatusCameTrue     = "CAME_TRUE"
	StatusDidNotHappen = "DID_NOT_HAPPEN"
	StatusWithdrawn    = "WITHDRAWN"
)

// Today is the UTC date of now: a forecast's window ends on a date, and
// "today" is the same everywhere the service runs.
func Today(now time.Time) Date { return DateOf(now.UTC()) }

// Resolution is what settling a forecast says, with what the check needs
// to know of the forecast: one rule for resolveForecast, single upserts
// and ingest.
type Resolution struct {
	// Status is CAME_TRUE, DID_NOT_HAPPEN or WITHDRAWN (or OPEN, OVERDUE:
	// refused or not a resolution).
	Status string
	// At is the resolution date, AtField its name in the input (at,
	// resolvedAt).
	At      *Date
	AtField string
	// Issued is when the forecast was made: its source's date, else its
	// window's start; nil when neither is known.
	Issued *Date
	Today  Date
	// ResolvedBy is true when a resolving event is named; Evidence counts
	// the citations of sources other than the issuing one (a forecast's
	// own article cannot say how it turned out).
	ResolvedBy bool
	Evidence   int
}

// CheckResolution records in c what is wrong with r for the item at path
// ("" for a mutation's own arguments): OVERDUE written; a resolution
// without its date, dated before the forecast was issued or after today;
// CAME_TRUE or DID_NOT_HAPPEN with neither a resolving event nor a cited
// source. An OPEN status with a resolution date is refused too:
// reopenForecast clears it.
func (c *Check) CheckResolution(path string, r Resolution) {
	at := join(path, r.AtField)
	switch r.Status {
	case StatusOverdue:
		c.Fail(join(path, "status"), "OVERDUE is derived when a forecast is read (open past its window's end), never written")
		return
	case StatusOpen, "":
		// An open forecast may already name the event expected to settle
		// it; a resolution date says it is settled, which it is not.
		if r.At != nil {
			c.Fail(at, "an open forecast has no %s (resolve it, or leave %s out)", r.AtField, r.AtField)
		}
		return
	}
	if r.At == nil {
		c.Fail(at, "a %s forecast needs its resolution date", r.Status)
	} else {
		if r.Issued != nil && r.At.Time().Before(r.Issued.Time()) {
			c.Fail(at, "%s %s is before the forecast was issued (%s)", r.AtField, r.At, r.Issued)
		}
		if r.Today.Time().Before(r.At.Time()) {
			c.Fail(at, "%s %s is after today (%s)", r.AtField, r.At, r.Today)
		}
	}
	if (r.Status == StatusCameTrue || r.Status == StatusDidNotHappen) && !r.ResolvedBy && r.Evidence == 0 {
		c.Fail(join(path, "resolvedById"), "%s needs a resolving event (resolvedById) or a citation of a source other than the one that issued the forecast", r.Status)
	}
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// Midpoint is the probability a term stands for in a score: the middle of
// its PHIA range (LIKELY, 55-75%, is 0.65).
func Midpoint(term string) (float64, bool) {
	r, ok := ProbabilityOf(term)
	return (r.Low + r.High) / 2, ok
}

// TermRecord is how a set of resolved forecasts of one term turned out.
type TermRecord struct {
	Term               string
	CameTrue, Resolved int
}

// Brier is the Brier score of resolved forecasts: the mean over them of
// (p - o)^2, p the term's midpoint and o 1 when it came true, 0 when it did
// not. ok is false when none is resolved.
func Brier(terms []TermRecord) (score float64, ok bool) {
	var sum float64
	n := 0
	for _, t := range terms {
		p, known := Midpoint(t.Term)
		if !known || t.Resolved == 0 {
			continue
		}
		sum += float64(t.CameTrue)*(1-p)*(1-p) + float64(t.Resolved-t.CameTrue)*p*p
		n += t.Resolved
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// wilsonZ is the normal quantile of a two-sided 95% interval.
const wilsonZ = 1.959963984540054

// Wilson is the 95% Wilson score interval of a share k/n: unlike the
// normal approximation it stays inside [0, 1] and is honest for the small
// counts a source's record has (3 of 3 true gives 0.44-1, not 1-1).
func Wilson(k, n int) Range {
	if n == 0 {
		return Range{0, 1}
	}
	p, nf, z2 := float64(k)/float64(n), float64(n), wilsonZ*wilsonZ
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := wilsonZ * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / (1 + z2/nf)
	return Range{math.Max(0, centre-half), math.Min(1, centre+half)}
}

// Calibration is one term's row of a calibration table.
type Calibration struct {
	Term               string
	Range              Range
	Resolved, CameTrue int
	// Share is CameTrue/Resolved, Interval its Wilson interval, and
	// Consistent whether that interval meets the term's range; all three
	// are meaningful only when Resolved > 0.
	Share      float64
	Interval   Range
	Consistent bool
}

// Calibrate is the row of term for its record.
func Calibrate(t TermRecord) Calibration {
	r, _ := ProbabilityOf(t.Term)
	c := Calibration{Term: t.Term, Range: r, Resolved: t.Resolved, CameTrue: t.CameTrue}
	if t.Resolved > 0 {
		c.Share = float64(t.CameTrue) / float64(t.Resolved)
		c.Interval = Wilson(t.CameTrue, t.Resolved)
		c.Consistent = c.Interval.Low <= r.High && r.Low <= c.Interval.High
	}
	return c
}
