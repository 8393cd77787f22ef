package eventgraph

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSidesRole(t *testing.T) {
	for _, tt := range []struct {
		sides []Side
		want  string
	}{
		{[]Side{{"initiator", ""}, {"target", ""}}, "initiator and target"},
		{[]Side{{"initiator", "government"}, {"target", "government"}}, "government, initiator and target"},
		{[]Side{{"initiator", "government"}, {"target", "police"}}, "initiator (government) and target (police)"},
		{[]Side{{"initiator", ""}, {"target", "police"}}, "initiator and target (police)"},
		{[]Side{{"initiator", "government"}, {"target", "police"}, {"target", ""}, {"mediator", "host"}},
			"initiator (government), target (police) and mediator (host)"},
		{[]Side{{"target", "police"}, {"initiator", "army"}, {"target", "courts"}}, "target (police; courts) and initiator (army)"},
	} {
		if got := SidesRole(tt.sides...); got != tt.want {
			t.Errorf("SidesRole(%v) = %q, want %q", tt.sides, got, tt.want)
		}
	}
	long := strings.Repeat("a very long role ", 40)
	if got := SidesRole(Side{"initiator", long}, Side{"target", "x"}); utf8.RuneCountInString(got) != LimitName.Max || !strings.HasSuffix(got, "…") {
		t.Errorf("a long role is %d characters, want it clipped to %d", utf8.RuneCountInString(got), LimitName.Max)
	}
}
