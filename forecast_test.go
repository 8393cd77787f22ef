package eventgraph

import (
	"math"
	"testing"
)

func TestBrierAtTheRangesMidpoints(t *testing.T) {
	for _, tc := range []struct {
		name  string
		terms []TermRecord
		want  float64
		ok    bool
	}{
		{"nothing resolved", []TermRecord{{"LIKELY", 0, 0}}, 0, false},
		// LIKELY is 0.65: true (0.35^2) and false (0.65^2) once each.
		{"LIKELY once each way", []TermRecord{{"LIKELY", 1, 2}}, (0.1225 + 0.4225) / 2, true},
		// REMOTE_CHANCE 0.025 false, ALMOST_CERTAIN 0.975 true: 0.000625 each.
		{"both ends right", []TermRecord{{"REMOTE_CHANCE", 0, 1}, {"ALMOST_CERTAIN", 1, 1}}, 0.000625, true},
		{"HIGHLY_UNLIKELY came true", []TermRecord{{"HIGHLY_UNLIKELY", 1, 1}}, 0.7225, true},
		{"an unknown term is left out", []TermRecord{{"MAYBE", 1, 1}, {"UNLIKELY", 0, 1}}, 0.09, true},
	} {
		got, ok := Brier(tc.terms)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: Brier = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestWilsonInterval(t *testing.T) {
	for _, tc := range []struct {
		k, n      int
		low, high float64
	}{
		{1, 2, 0.0945, 0.9055},
		{0, 1, 0, 0.7935},
		{3, 3, 0.4385, 1},
		{5, 10, 0.2366, 0.7634},
		{0, 0, 0, 1},
	} {
		r := Wilson(tc.k, tc.n)
		if math.Abs(r.Low-tc.low) > 1e-4 || math.Abs(r.High-tc.high) > 1e-4 {
			t.Errorf("Wilson(%d, %d) = %.4f..%.4f, want %.4f..%.4f", tc.k, tc.n, r.Low, r.High, tc.low, tc.high)
		}
	}
}

func TestCalibrate(t *testing.T) {
	// 9 of 10 LIKELY came true: the share 0.9 is above 55-75%, but its
	// interval 0.5959..0.9821 meets the range: ten forecasts cannot say
	// the term is miscalibrated.
	c := Calibrate(TermRecord{"LIKELY", 9, 10})
	if c.Share != 0.9 || !c.Consistent || c.Range != (Range{0.55, 0.75}) {
		t.Errorf("9/10 LIKELY: %+v, want share 0.9 consistent with 55-75%%", c)
	}
	// 20 of 20 REMOTE_CHANCE came true: 0.8389..1 is far from 0-5%.
	if c := Calibrate(TermRecord{"REMOTE_CHANCE", 20, 20}); c.Consistent {
		t.Errorf("20/20 REMOTE_CHANCE: %+v, want inconsistent", c)
	}
	if c := Calibrate(TermRecord{"UNLIKELY", 0, 0}); c.Consistent || c.Share != 0 {
		t.Errorf("nothing resolved: %+v", c)
	}
}

func TestCheckResolution(t *testing.T) {
	d := func(s string) *Date {
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	today := *d("2026-01-01")
	issued := d("2025-05-26")
	for _, tc := range []struct {
		name string
		r    Resolution
		want []string // paths
	}{
		{"came true with an event", Resolution{Status: StatusCameTrue, At: d("2025-09-01"), Issued: issued, ResolvedBy: true}, nil},
		{"did not happen, cited", Resolution{Status: StatusDidNotHappen, At: d("2025-09-01"), Issued: issued, Evidence: 1}, nil},
		{"withdrawn needs no evidence", Resolution{Status: StatusWithdrawn, At: d("2025-06-01"), Issued: issued}, nil},
		{"on the day it was issued", Resolution{Status: StatusWithdrawn, At: d("2025-05-26"), Issued: issued}, nil},
		{"before it was issued", Resolution{Status: StatusWithdrawn, At: d("2025-05-25"), Issued: issued}, []string{"f.at"}},
		{"after today", Resolution{Status: StatusWithdrawn, At: d("2026-01-02"), Issued: issued}, []string{"f.at"}},
		{"no date", Resolution{Status: StatusCameTrue, ResolvedBy: true}, []string{"f.at"}},
		{"no evidence", Resolution{Status: StatusCameTrue, At: d("2025-09-01")}, []string{"f.resolvedById"}},
		{"overdue written", Resolution{Status: StatusOverdue}, []string{"f.status"}},
		{"open with a date", Resolution{Status: StatusOpen, At: d("2025-09-01"), ResolvedBy: true}, []string{"f.at"}},
		{"open naming the event expected to settle it", Resolution{Status: StatusOpen, ResolvedBy: true}, nil},
		{"open", Resolution{Status: StatusOpen}, nil},
	} {
		var c Check
		tc.r.AtField, tc.r.Today = "at", today
		c.CheckResolution("f", tc.r)
		var got []string
		for _, p := range c.Problems {
			got = append(got, p.Path)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: problems at %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: problems at %v, want %v", tc.name, got, tc.want)
			}
		}
	}
	var c Check
	c.CheckResolution("", Resolution{Status: StatusCameTrue, AtField: "at", Today: today})
	if len(c.Problems) != 2 || c.Problems[0].Path != "at" || c.Problems[1].Path != "resolvedById" {
		t.Errorf("a mutation's own arguments: %v, want at and resolvedById", c.Problems)
	}
}
