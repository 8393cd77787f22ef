package server

import "testing"

// A GraphQL request is counted under the worst code its response carries.
func TestWorstCode(t *testing.T) {
	tests := []struct {
		codes []string
		want  string
	}{
		{nil, "OK"},
		{[]string{"NOT_FOUND"}, "NOT_FOUND"},
		{[]string{"NOT_FOUND", "BAD_USER_INPUT"}, "BAD_USER_INPUT"},
		{[]string{"INTERNAL", "NOT_FOUND"}, "INTERNAL"},
		{[]string{"BAD_USER_INPUT", "DATABASE_UNAVAILABLE", "NOT_FOUND"}, "DATABASE_UNAVAILABLE"},
		{[]string{"UNAUTHENTICATED", "FORBIDDEN"}, "UNAUTHENTICATED"},
		{[]string{"INTERNAL", "SOMETHING_NEW"}, "SOMETHING_NEW"},
	}
	for _, tc := range tests {
		if got := worstCode(tc.codes); got != tc.want {
			t.Errorf("worstCode(%v) = %s, want %s", tc.codes, got, tc.want)
		}
	}
}
