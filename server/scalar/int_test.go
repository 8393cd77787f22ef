package scalar

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestUnmarshalInt(t *testing.T) {
	tests := []struct {
		name      string
		in        any
		want      int
		wantRange bool   // the error is ErrIntRange
		wantErr   string // the error says this
	}{
		{"literal", int64(20), 20, false, ""},
		{"largest", int64(math.MaxInt32), math.MaxInt32, false, ""},
		{"smallest", int64(math.MinInt32), math.MinInt32, false, ""},
		{"literal one past the largest", int64(math.MaxInt32) + 1, 0, true, "2147483648 is outside GraphQL's Int"},
		{"literal one past the smallest", int64(math.MinInt32) - 1, 0, true, "-2147483649"},
		{"64-bit literal", int64(math.MaxInt64), 0, true, "9223372036854775807"},
		{"Go int", 7, 7, false, ""},
		{"Go int beyond 32 bits", 1 << 40, 0, true, "1099511627776"},
		{"int32", int32(-5), -5, false, ""},
		{"variable", json.Number("100"), 100, false, ""},
		{"variable beyond 32 bits", json.Number("4294967296"), 0, true, "4294967296"},
		{"variable beyond 64 bits", json.Number("99999999999999999999"), 0, true, "99999999999999999999"},
		{"variable with a fraction", json.Number("1.5"), 0, false, "whole number"},
		{"variable in exponent form", json.Number("1e3"), 0, false, "whole number"},
		{"numeric string, as gqlgen's Int allows", "12", 12, false, ""},
		{"numeric string beyond 32 bits", "2147483648", 0, true, "2147483648"},
		{"word", "ten", 0, false, "whole number"},
		{"whole float", float64(3), 3, false, ""},
		{"float beyond 32 bits", float64(1 << 33), 0, true, "8589934592"},
		{"fractional float", 2.5, 0, false, "whole number"},
		{"boolean", true, 0, false, "whole number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UnmarshalInt(tc.in)
			if tc.wantErr == "" {
				if err != nil || got != tc.want {
					t.Fatalf("got %d, %v; want %d", got, err, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %d, want an error saying %q", got, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not say %q", err, tc.wantErr)
			}
			if errors.Is(err, ErrIntRange) != tc.wantRange {
				t.Errorf("errors.Is(ErrIntRange) = %v, want %v", !tc.wantRange, tc.wantRange)
			}
			// Clients read these: no Go type names.
			for _, goish := range []string{"int64", "json.Number", "strconv", "float64", "%!"} {
				if strings.Contains(err.Error(), goish) {
					t.Errorf("error %q names %s", err, goish)
				}
			}
		})
	}
}

func TestMarshalInt(t *testing.T) {
	for _, n := range []int{0, -1, math.MaxInt32, math.MinInt32} {
		var b bytes.Buffer
		MarshalInt(n).MarshalGQL(&b)
		want, _ := json.Marshal(n)
		if b.String() != string(want) {
			t.Errorf("MarshalInt(%d) wrote %s, want %s", n, b.String(), want)
		}
	}
}
