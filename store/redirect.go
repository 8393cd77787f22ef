package store

import (
	"slices"

	"github.com/eventgraph/eventgraph/graph/model"
)

// Ingest after a merge: a batch that names a merged id, as an item's id
// (given or generated from its name) or as a reference, writes to the node
// it was merged into. The batch's one lookup (lookup.go) finds the merged
// ids among its actor and location ids, and rewriteRedirects rewrites the
// input before it is prepared for good, in the write transaction.
//
// An item whose id was merged does not rename the kept node or change its
// kind: it fills what the kept node lacks (description, country, Wikidata
// id, coordinates), adds its name and aliases as aliases and its codes to
// the kept node's, and carries its citations. So an old batch replayed
// after a merge creates nothing and undoes nothing the merge did.

// redirect is one merged id: where it leads and what the kept node holds.
// The batch lookup (lookup.go) finds them.
type redirect struct {
	to        string
	kept      map[string]any
	hasParent bool
}

// rewriteRedirects is the rewrite described above, given the redirects found
// (by label and merged id) and the batch's item ids in input order. Items
// are copied, never changed in place.
func rewriteRedirects(in model.IngestInput, order map[string][]string, rd map[string]map[string]redirect) (model.IngestInput, folded) {
	out := in
	if len(order[lActor]) == len(in.Actors) {
		out.Actors = nil
		at := map[string]int{} // index in out.Actors of each id
		for i, a := range in.Actors {
			id := order[lActor][i]
			r, redirected := rd[lActor][id]
			if !redirected {
				if j, ok := at[id]; ok {
					// An item merged into this one came first.
					out.Actors[j] = foldActor(a, out.Actors[j])
					continue
				}
				at[id] = len(out.Actors)
				out.Actors = append(out.Actors, a)
				continue
			}
			if j, ok := at[r.to]; ok {
				// The batch holds the kept node too (an old batch
				// replayed): one item for both.
				out.Actors[j] = foldActor(out.Actors[j], a)
				continue
			}
			at[r.to] = len(out.Actors)
			out.Actors = append(out.Actors, redirectedActor(a, r))
		}
	}
	if len(order[lLocation]) == len(in.Locations) {
		out.Locations = nil
		at := map[string]int{}
		for i, l := range in.Locations {
			id := order[lLocation][i]
			cp := *l
			r, redirected := rd[lLocation][id]
			if redirected {
				if j, ok := at[r.to]; ok {
					// The kept node's own item came first: it says how.
					rl := redirectedLocation(l, r)
					out.Locations[j] = foldLocation(out.Locations[j], &rl)
					continue
				}
				cp = redirectedLocation(l, r)
				id = r.to
			}
			// The id made explicit, so that followReferences can tell a
			// place that came to lie in itself.
			cp.ID = &id
			if j, ok := at[id]; ok {
				// The kept node's own item, after one merged into it.
				out.Locations[j] = foldLocation(&cp, out.Locations[j])
				continue
			}
			at[id] = len(out.Locations)
			out.Locations = append(out.Locations, &cp)
		}
	}
	return followReferences(out, func(label, id string) string {
		if r, ok := rd[label][id]; ok {
			return r.to
		}
		return id
	}, folded{})
}

// followReferences is in with every reference to an actor or a location
// (a place's parent, an event's place and participants, a position's
// holder, a forecast's subjects, an affiliation's two ends) replaced by
// follow(label, id): the one rewrite that both merged ids (above) and
// entity resolution (resolve.go) make of a batch. What following makes
// redundant goes without losing what it said: two participants that became
// one actor are one participation, and two affiliations that became one
// pair one affiliation, whose later items are kept in the folds it returns
// (prior's, of an earlier rewrite, carried along), each to be its own
// citation (claims.go: every source with its own quote and facts, none
// glued to another), written before the first's so that the first's
// values are the preferred ones, as a merge keeps the kept node's. An
// actor twice among a forecast's subjects counts once; an actor affiliated
// with itself and a place lying in itself (by its given id) say nothing
// and go. Items are copied, never changed in place; null items stay for
// prepare to report.
func followReferences(in model.IngestInput, follow func(label, id string) string, prior folded) (model.IngestInput, folded) {
	out := in
	folds := folded{}
	out.Locations = make([]*model.LocationInput, len(in.Locations))
	for i, l := range in.Locations {
		if l != nil && l.ParentID != nil {
			cp := *l
			if to := follow(lLocation, *l.ParentID); l.ID == nil || to != *l.ID {
				cp.ParentID = &to
			} else {
				cp.ParentID = nil // it lay in a place now known to be itself
			}
			l = &cp
		}
		out.Locations[i] = l
	}
	out.Events = make([]*model.EventInput, len(in.Events))
	for i, e := range in.Events {
		if e == nil {
			continue
		}
		cp := *e
		if e.LocationID != nil {
			to := follow(lLocation, *e.LocationID)
			cp.LocationID = &to
		}
		cp.Participants = nil
		seen := map[string]*model.ParticipantInput{}
		for _, p := range e.Participants {
			if p == nil {
				cp.Participants = append(cp.Participants, p)
				continue
			}
			pc := *p
			pc.ActorID = follow(lActor, p.ActorID)
			if first, ok := seen[pc.ActorID]; ok {
				folds.addParticipants(first, append([]*model.ParticipantInput{&pc}, prior.participants[p]...))
				continue
			}
			folds.addParticipants(&pc, prior.participants[p])
			seen[pc.ActorID] = &pc
			cp.Participants = append(cp.Participants, &pc)
		}
		out.Events[i] = &cp
	}
	out.Positions = make([]*model.PositionInput, len(in.Positions))
	for i, p := range in.Positions {
		if p != nil {
			cp := *p
			cp.ActorID = follow(lActor, p.ActorID)
			p = &cp
		}
		out.Positions[i] = p
	}
	out.Forecasts = make([]*model.ForecastInput, len(in.Forecasts))
	for i, f := range in.Forecasts {
		if f != nil && len(f.AboutIds) > 0 {
			cp := *f
			cp.AboutIds = nil
			for _, a := range f.AboutIds {
				// A subject that is an event or a topic follows nothing:
				// follow leaves ids it does not know as they are.
				if a = follow(lActor, a); !slices.Contains(cp.AboutIds, a) {
					cp.AboutIds = append(cp.AboutIds, a)
				}
			}
			f = &cp
		}
		out.Forecasts[i] = f
	}
	out.Affiliations = make([]*model.AffiliationInput, 0, len(in.Affiliations))
	pairs := map[[2]string]*model.AffiliationInput{}
	for _, a := range in.Affiliations {
		if a == nil {
			out.Affiliations = append(out.Affiliations, a)
			continue
		}
		cp := *a
		cp.ActorID, cp.WithID = follow(lActor, a.ActorID), follow(lActor, a.WithID)
		if cp.ActorID == cp.WithID && a.ActorID != a.WithID {
			continue // joined an actor to one now known to be itself
		}
		key := [2]string{cp.ActorID, cp.WithID}
		if first, ok := pairs[key]; ok {
			folds.addAffiliations(first, append([]*model.AffiliationInput{&cp}, prior.affiliations[a]...))
			continue
		}
		folds.addAffiliations(&cp, prior.affiliations[a])
		pairs[key] = &cp
		out.Affiliations = append(out.Affiliations, &cp)
	}
	return out, folds
}

// folded are the participations and affiliations followReferences made
// one: by the item kept (a pointer into its output), the later items, in
// input order, each of which the write keeps as a citation of its own.
type folded struct {
	participants map[*model.ParticipantInput][]*model.ParticipantInput
	affiliations map[*model.AffiliationInput][]*model.AffiliationInput
}

func (f *folded) addParticipants(into *model.ParticipantInput, later []*model.ParticipantInput) {
	if len(later) == 0 {
		return
	}
	if f.participants == nil {
		f.participants = map[*model.ParticipantInput][]*model.ParticipantInput{}
	}
	f.participants[into] = append(f.participants[into], later...)
}

func (f *folded) addAffiliations(into *model.AffiliationInput, later []*model.AffiliationInput) {
	if len(later) == 0 {
		return
	}
	if f.affiliations == nil {
		f.affiliations = map[*model.AffiliationInput][]*model.AffiliationInput{}
	}
	f.affiliations[into] = append(f.affiliations[into], later...)
}

// foldActor is item a, merged into the node of item into, written as part
// of into: into says the name and kind, a adds its names as aliases, its
// codes and citations, and what into leaves out.
func foldActor(into, a *model.ActorInput) *model.ActorInput {
	cp := *into
	cp.Aliases = union(into.Name, into.Aliases, append([]string{a.Name}, a.Aliases...))
	cp.Codes = union("", into.Codes, a.Codes)
	cp.ExternalIds = unionExternalIDs(storedExternalIDs(into.ExternalIds), a.ExternalIds)
	cp.Citations = append(slices.Clone(into.Citations), a.Citations...)
	if cp.Description == nil {
		cp.Description = a.Description
	}
	if cp.CountryCode == nil {
		cp.CountryCode = a.CountryCode
	}
	if cp.WikidataID == nil {
		cp.WikidataID = a.WikidataID
	}
	return &cp
}

// foldLocation is foldActor for places: into says the name and kind, l adds
// its names as aliases, its external ids and citations, and the country,
// coordinates and parent into leaves out.
func foldLocation(into, l *model.LocationInput) *model.LocationInput {
	cp := *into
	cp.Aliases = union(into.Name, into.Aliases, append([]string{l.Name}, l.Aliases...))
	cp.ExternalIds = unionExternalIDs(storedExternalIDs(into.ExternalIds), l.ExternalIds)
	cp.Citations = append(slices.Clone(into.Citations), l.Citations...)
	if cp.CountryCode == nil {
		cp.CountryCode = l.CountryCode
	}
	if cp.Latitude == nil && cp.Longitude == nil {
		cp.Latitude, cp.Longitude = l.Latitude, l.Longitude
	}
	if cp.ParentID == nil {
		cp.ParentID = copyStr(l.ParentID)
	}
	return &cp
}

// redirectedActor is item a written to the node it was merged into.
func redirectedActor(a *model.ActorInput, r redirect) *model.ActorInput {
	cp := *a
	cp.ID = &r.to
	name, _ := r.kept["name"].(string)
	cp.Name = name
	if k, ok := r.kept["kind"].(string); ok {
		cp.Kind = model.ActorKind(k)
	}
	cp.Aliases = union(name, strs(r.kept["aliases"]), append([]string{a.Name}, a.Aliases...))
	cp.Codes = union("", strs(r.kept["codes"]), a.Codes)
	cp.ExternalIds = unionExternalIDs(strs(r.kept["externalIds"]), a.ExternalIds)
	cp.Description = keptOr(r.kept["description"], a.Description)
	cp.CountryCode = keptOr(r.kept["countryCode"], a.CountryCode)
	cp.WikidataID = keptOr(r.kept["wikidataId"], a.WikidataID)
	return &cp
}

// redirectedLocation is item l written to the node it was merged into; its
// parent is the kept node's when that has one.
func redirectedLocation(l *model.LocationInput, r redirect) model.LocationInput {
	cp := *l
	cp.ID = &r.to
	cp.Name, _ = r.kept["name"].(string)
	if k, ok := r.kept["kind"].(string); ok {
		cp.Kind = model.LocationKind(k)
	}
	// As an actor's: the item's names join the kept node's aliases.
	cp.Aliases = union(cp.Name, strs(r.kept["aliases"]), append([]string{l.Name}, l.Aliases...))
	cp.ExternalIds = unionExternalIDs(strs(r.kept["externalIds"]), l.ExternalIds)
	cp.CountryCode = keptOr(r.kept["countryCode"], l.CountryCode)
	lat, latOK := r.kept["latitude"].(float64)
	lon, lonOK := r.kept["longitude"].(float64)
	if latOK && lonOK {
		cp.Latitude, cp.Longitude = &lat, &lon
	}
	if r.hasParent {
		cp.ParentID = nil
	} else {
		cp.ParentID = copyStr(l.ParentID)
	}
	return cp
}

func copyStr(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}

// keptOr is the kept node's value of a property when it has one, else the item's.
func keptOr(kept any, item *string) *string {
	if s, ok := kept.(string); ok && s != "" {
		return &s
	}
	return item
}

// strs reads a stored list of strings.
func strs(v any) []string {
	var out []string
	switch l := v.(type) {
	case []any:
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = l
	}
	return out
}

// union is base followed by the values of more it lacks, without except;
// nil when empty, so that a node without the list does not gain an empty one.
func union(except string, base, more []string) []string {
	out := slices.Clone(base)
	for _, s := range more {
		if s != except && s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
