package eventgraph

// Probability range of a likelihood term, as fractions.
type Range struct{ Low, High float64 }

// Likelihood terms of the UK Professional Head of Intelligence Assessment
// (PHIA) probability yardstick, in ascending order, with their ranges. The
// gaps between ranges (5-10%, 20-25%, ...) are the yardstick's own: they keep
// analysts from implying precision the evidence does not carry.
var Yardstick = []struct {
	Term  string
	Range Range
}{
	{"REMOTE_CHANCE", Range{0, 0.05}},
	{"HIGHLY_UNLIKELY", Range{0.10, 0.20}},
	{"UNLIKELY", Range{0.25, 0.35}},
	{"REALISTIC_POSSIBILITY", Range{0.40, 0.50}},
	{"LIKELY", Range{0.55, 0.75}},
	{"HIGHLY_LIKELY", Range{0.80, 0.90}},
	{"ALMOST_CERTAIN", Range{0.95, 1}},
}

// ProbabilityOf is the range of a yardstick term; ok is false for an unknown term.
func ProbabilityOf(term string) (r Range, ok bool) {
	for _, y := range Yardstick {
		if y.Term == term {
			return y.Range, true
		}
	}
	return Range{}, false
}

// ForecastWindow derives a forecast's window from its horizon and the date of
// the source that issued it: short term is the next 3 months, medium term 3 to
// 12 months, long term beyond a year (open-ended, so no end). ok is false for
// an unknown horizon.
func ForecastWindow(horizon string, issued Date) (start Date, end *Date, ok bool) {
	switch horizon {
	case "SHORT_TERM":
		e := issued.AddMonths(3)
		return issued, &e, true
	case "MEDIUM_TERM":
		e := issued.AddMonths(12)
		return issued.AddMonths(3), &e, true
	case "LONG_TERM":
		return issued.AddMonths(12), nil, true
	}
	return Date{}, nil, false
}
