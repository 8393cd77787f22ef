package importer

import (
	"github.com/eventgraph/eventgraph"
)

// clipName keeps a name, title, alias or role within the service's bound
// on them, so that a long dataset name is kept as whole as the service
// allows instead of failing its row. Ids never come from clipped text: they
// are made from the whole name (eventgraph.NameID).
func clipName(s string) string { return clip(s, eventgraph.LimitName) }

// clipText keeps a summary within the service's bound on texts.
func clipText(s string) string { return clip(s, eventgraph.LimitText) }

func clip(s string, l eventgraph.Limit) string { return eventgraph.Clip(s, l) }

// selfDirectedRole is the role of an actor that a dataset names on both
// sides of an event (GDELT's "UNITED KINGDOM" against "UNITED KINGDOM", a
// government and its own police): it takes part once, as initiator, and the
// role says it was the target too, with the roles each side had.
func selfDirectedRole(initiatorRole, targetRole string) string {
	return eventgraph.SidesRole(eventgraph.Side{Kind: "initiator", Role: initiatorRole}, eventgraph.Side{Kind: "target", Role: targetRole})
}
