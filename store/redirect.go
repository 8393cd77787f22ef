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
func rewriteRedirects(in model.IngestInput, order map[string][]string, rd map[string]map[string]redirect) model.IngestInput {
	actor := func(id *string) {
		if id != nil {
			if r, ok := rd[lActor][*id]; ok {
				*id = r.to
			}
		}
	}
	location := func(id *string) {
		if id != nil {
			if r, ok := rd[lLocation][*id]; ok {
				*id = r.to
			}
		}
	}
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
			cp.ParentID = copyStr(l.ParentID)
			r, redirected := rd[lLocation][id]
			if redirected {
				if _, ok := at[r.to]; ok {
					continue // the kept node's own item says it
				}
				cp = redirectedLocation(l, r)
				id = r.to
			}
			location(cp.ParentID)
			if cp.ParentID != nil && *cp.ParentID == id {
				cp.ParentID = nil // it lay in a place merged into it
			}
			if j, ok := at[id]; ok {
				out.Locations[j] = &cp // the kept node's own item, after one merged into it
				continue
			}
			at[id] = len(out.Locations)
			out.Locations = append(out.Locations, &cp)
		}
	}
	out.Events = make([]*model.EventInput, len(in.Events))
	for i, e := range in.Events {
		cp := *e
		cp.LocationID = copyStr(e.LocationID)
		location(cp.LocationID)
		cp.Participants = nil
		seen := map[string]*model.ParticipantInput{}
		for _, p := range e.Participants {
			pc := *p
			actor(&pc.ActorID)
			if first, ok := seen[pc.ActorID]; ok {
				// Two participants merged into one: as the merge
				// combined them, the first says how, the second fills
				// what it leaves out, with the sources of both.
				first.SourceIds = union("", first.SourceIds, pc.SourceIds)
				if first.Role == nil {
					first.Role = pc.Role
				}
				if first.Quote == nil {
					first.Quote = pc.Quote
				}
				continue
			}
			seen[pc.ActorID] = &pc
			cp.Participants = append(cp.Participants, &pc)
		}
		out.Events[i] = &cp
	}
	out.Positions = make([]*model.PositionInput, len(in.Positions))
	for i, p := range in.Positions {
		cp := *p
		actor(&cp.ActorID)
		out.Positions[i] = &cp
	}
	out.Forecasts = make([]*model.ForecastInput, len(in.Forecasts))
	for i, f := range in.Forecasts {
		cp := *f
		cp.AboutIds = nil
		for _, id := range f.AboutIds {
			actor(&id)
			if !slices.Contains(cp.AboutIds, id) {
				cp.AboutIds = append(cp.AboutIds, id)
			}
		}
		out.Forecasts[i] = &cp
	}
	out.Affiliations = nil
	seenAff := map[[2]string]bool{}
	for _, a := range in.Affiliations {
		cp := *a
		actor(&cp.ActorID)
		actor(&cp.WithID)
		pair := [2]string{cp.ActorID, cp.WithID}
		if cp.ActorID == cp.WithID || seenAff[pair] {
			// Joined an actor to one merged into it, or repeats one.
			continue
		}
		seenAff[pair] = true
		out.Affiliations = append(out.Affiliations, &cp)
	}
	return out
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
