package eventgraph

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Clip keeps s within l's bound, its last character an ellipsis when it
// is cut, so that a long dataset name is kept as whole as the service
// allows instead of failing its row.
func Clip(s string, l Limit) string {
	if utf8.RuneCountInString(s) <= l.Max {
		return s
	}
	r := []rune(s)
	return string(r[:l.Max-1]) + "…"
}

// Side is one side of an event an actor took part on: the kind of its
// participation (initiator, target ...) and its role there.
type Side struct{ Kind, Role string }

// SidesRole is the role of an actor that takes part in one event on
// several sides, which the service records as one participation (of the
// first side's kind): the role says every side, with the role the actor
// had on each ("initiator (government) and target (police)"). GDELT's
// self-directed events ("UNITED KINGDOM" against "UNITED KINGDOM", a
// government and its own police) come so from the importer. Sides of one
// kind count once, their roles joined.
func SidesRole(sides ...Side) string {
	var kinds, roles []string
	for _, sd := range sides {
		i := slices.Index(kinds, sd.Kind)
		if i < 0 {
			kinds, roles = append(kinds, sd.Kind), append(roles, sd.Role)
			continue
		}
		if sd.Role != "" && !slices.Contains(strings.Split(roles[i], "; "), sd.Role) {
			if roles[i] != "" {
				roles[i] += "; "
			}
			roles[i] += sd.Role
		}
	}
	list := func(xs []string) string {
		if len(xs) < 2 {
			return strings.Join(xs, "")
		}
		return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
	}
	if same := roles[0]; !slices.ContainsFunc(roles, func(r string) bool { return r != same }) {
		if same == "" {
			return Clip(list(kinds), LimitName)
		}
		return Clip(same+", "+list(kinds), LimitName)
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = k
		if roles[i] != "" {
			parts[i] += " (" + roles[i] + ")"
		}
	}
	return Clip(list(parts), LimitName)
}
