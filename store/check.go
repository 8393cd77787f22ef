package store

import (
	"fmt"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
)

// Validation of an ingest item's own fields, one function per input type,
// by the root package's rules (eventgraph.Check): what can be said of an
// item without its id, the batch around it or the graph. Ids (given or
// generated), references, an item twice in a batch and loops are the
// batch's (validate.go, cycles.go); the graph's answers are resolve's.
// Each function only reads its item, so the rows encoded from a checked
// item never need to check again.

func checkSource(c *eventgraph.Check, s *model.SourceInput, path string) {
	c.Required(path, "title", s.Title)
	c.Enum(path, "kind", s.Kind.IsValid(), s.Kind)
}

func checkActor(c *eventgraph.Check, a *model.ActorInput, path string) {
	c.Required(path, "name", a.Name)
	c.Enum(path, "kind", a.Kind.IsValid(), a.Kind)
	c.CountryCode(path, a.CountryCode)
	c.NoBlanks(path, "aliases", a.Aliases)
	c.NoBlanks(path, "codes", a.Codes)
	checkExternalIDs(c, a.ExternalIds, path)
}

func checkLocation(c *eventgraph.Check, l *model.LocationInput, path string) {
	c.Required(path, "name", l.Name)
	c.Enum(path, "kind", l.Kind.IsValid(), l.Kind)
	c.CountryCode(path, l.CountryCode)
	c.NoBlanks(path, "aliases", l.Aliases)
	checkExternalIDs(c, l.ExternalIds, path)
	c.Coordinates(path, l.Latitude, l.Longitude)
}

func checkTopic(c *eventgraph.Check, t *model.TopicInput, path string) {
	c.Required(path, "name", t.Name)
}

func checkEvent(c *eventgraph.Check, e *model.EventInput, path string) {
	c.Required(path, "title", e.Title)
	c.Enum(path, "kind", e.Kind.IsValid(), e.Kind)
	c.DateOrder(path, "startDate", "endDate", e.StartDate, e.EndDate)
	c.NoBlanks(path, "contexts", e.Contexts)
	c.Mode(path, e.Mode)
	c.Contexts(path, e.Contexts)
	if e.DatePrecision != nil {
		c.Enum(path, "datePrecision", e.DatePrecision.IsValid(), *e.DatePrecision)
	}
	for i, f := range e.Figures {
		fp := fmt.Sprintf("%s.figures[%d]", path, i)
		if c.NotNull(fp, "a figure", f == nil) {
			c.Figure(fp, f.Label, f.Value)
		}
	}
	checkExternalIDs(c, e.ExternalIds, path)
	seen := map[string]bool{}
	for i, pt := range e.Participants {
		pp := fmt.Sprintf("%s.participants[%d]", path, i)
		if !c.NotNull(pp, "a participant", pt == nil) {
			continue
		}
		kind := participationKind(pt)
		c.Enum(pp, "kind", kind.IsValid(), kind)
		c.DateOrder(pp, "validFrom", "validTo", pt.ValidFrom, pt.ValidTo)
		if seen[pt.ActorID] {
			c.Fail(pp+".actorId", "actor %q is listed twice among the participants", pt.ActorID)
		}
		seen[pt.ActorID] = true
	}
}

func checkPosition(c *eventgraph.Check, p *model.PositionInput, path string) {
	c.Required(path, "statement", p.Statement)
	c.Enum(path, "stance", p.Stance.IsValid(), p.Stance)
	c.DateOrder(path, "validFrom", "validTo", p.ValidFrom, p.ValidTo)
}

func checkForecast(c *eventgraph.Check, f *model.ForecastInput, path string) {
	c.Required(path, "statement", f.Statement)
	c.Enum(path, "horizon", f.Horizon.IsValid(), f.Horizon)
	c.Enum(path, "likelihood", f.Likelihood.IsValid(), f.Likelihood)
	if f.Status != nil {
		c.Enum(path, "status", f.Status.IsValid(), *f.Status)
	}
	c.DateOrder(path, "windowStart", "windowEnd", f.WindowStart, f.WindowEnd)
	seen := map[string]bool{}
	for i, a := range f.AboutIds {
		if seen[a] {
			c.Fail(fmt.Sprintf("%s.aboutIds[%d]", path, i), "%q is listed twice", a)
		}
		seen[a] = true
	}
}

func checkAffiliation(c *eventgraph.Check, a *model.AffiliationInput, path string) {
	c.DateOrder(path, "validFrom", "validTo", a.ValidFrom, a.ValidTo)
}

func checkExternalIDs(c *eventgraph.Check, xs []*model.ExternalIDInput, path string) {
	for i, x := range xs {
		xp := fmt.Sprintf("%s.externalIds[%d]", path, i)
		if c.NotNull(xp, "an external id", x == nil) {
			c.ExternalID(xp, x.System, x.ID)
		}
	}
}

// participationKind is a participant's kind, PARTICIPANT when left out.
func participationKind(pt *model.ParticipantInput) model.ParticipationKind {
	if pt.Kind == "" {
		return model.ParticipationKindParticipant
	}
	return pt.Kind
}
