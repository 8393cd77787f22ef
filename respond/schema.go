package respond

import (
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/server/scalar"
	"github.com/vektah/gqlparser/v2/ast"
)

// fieldKind says where the value of a field comes from. The store names
// stored and related data by field name; everything the resolvers compute
// in Go has a kind of its own (gqlgen.yml lists those resolvers).
type fieldKind uint8

const (
	stored      fieldKind = iota // the parent's map, under the field's name
	nested                       // a connection below the root: rel[alias], finished by store.PageOf
	cursor                       // an edge's cursor, from the page's offset
	probability                  // Forecast.probability: the likelihood's range on the yardstick
	subjects                     // Forecast.about: the nodes that are ForecastSubjects
)

// schema is the GraphQL schema with what the writer needs to know of it,
// worked out once.
type schema struct {
	*ast.Schema
	// implementors is, per object type, what a fragment spread on it may
	// name: the type, its interfaces and its unions (gqlgen's *Implementors).
	implementors map[string][]string
	kinds        map[string]map[string]fieldKind
	connections  map[string]bool
}

func newSchema(s *ast.Schema) (*schema, error) {
	out := &schema{Schema: s, implementors: map[string][]string{}, kinds: map[string]map[string]fieldKind{}, connections: map[string]bool{}}
	for name, def := range s.Types {
		switch def.Kind {
		case ast.Object:
			out.implementors[name] = append(out.implementors[name], name)
			out.implementors[name] = append(out.implementors[name], def.Interfaces...)
			if def.Fields.ForName("edges") != nil && def.Fields.ForName("pageInfo") != nil {
				out.connections[name] = true
			}
		case ast.Union:
			for _, member := range def.Types {
				out.implementors[member] = append(out.implementors[member], name)
			}
		}
	}
	for name := range out.connections {
		edge := s.Types[name].Fields.ForName("edges").Type.Name()
		out.kind(edge, "cursor", cursor)
	}
	for name, def := range s.Types {
		if def.Kind != ast.Object || name == s.Query.Name || s.Mutation != nil && name == s.Mutation.Name {
			continue
		}
		for _, f := range def.Fields {
			if out.connections[f.Type.Name()] {
				out.kind(name, f.Name, nested)
			}
		}
	}
	out.kind("Forecast", "probability", probability)
	out.kind("Forecast", "about", subjects)
	for _, need := range []struct{ typ, field string }{
		{"Forecast", "probability"}, {"Forecast", "about"}, {"Forecast", "likelihood"},
		{"LikelihoodBand", "term"}, {"LikelihoodBand", "probability"},
		{"PageInfo", "hasNextPage"}, {"PageInfo", "hasPreviousPage"}, {"PageInfo", "startCursor"}, {"PageInfo", "endCursor"},
	} {
		if def := s.Types[need.typ]; def == nil || def.Fields.ForName(need.field) == nil {
			return nil, fmt.Errorf("the schema has no %s.%s, which the writer computes", need.typ, need.field)
		}
	}
	if s.Types["ForecastSubject"] == nil || s.Query.Fields.ForName("likelihoodScale") == nil {
		return nil, fmt.Errorf("the schema lacks ForecastSubject or Query.likelihoodScale")
	}
	return out, nil
}

func (s *schema) kind(typ, field string, k fieldKind) {
	if s.kinds[typ] == nil {
		s.kinds[typ] = map[string]fieldKind{}
	}
	s.kinds[typ][field] = k
}

func (s *schema) fieldKind(typ, field string) fieldKind { return s.kinds[typ][field] }

// isSubject reports whether objects of type typ may be in Forecast.about.
func (s *schema) isSubject(typ string) bool {
	return slices.Contains(s.Types["ForecastSubject"].Types, typ)
}

// argumentsDecode reports whether the arguments of root field f decode as
// gqlgen will decode them. Validation has checked types, enums and input
// fields; what remains are custom scalars (a Date that is not a date) and
// Ints beyond GraphQL's 32 bits, which the executor reports as argument
// errors of the field, before calling its resolver: such fields are left
// to it (delegate). Below the root the store refuses what does not decode,
// as an error of the root field, on either path.
func (s *schema) argumentsDecode(opCtx *graphql.OperationContext, f graphql.CollectedField) bool {
	if f.Definition == nil || len(f.Arguments) == 0 {
		return true
	}
	args := f.ArgumentMap(opCtx.Variables)
	for _, def := range f.Definition.Arguments {
		if !s.decodes(def.Type, args[def.Name]) {
			return false
		}
	}
	return true
}

func (s *schema) decodes(t *ast.Type, v any) bool {
	if v == nil {
		return true
	}
	if t.Elem != nil {
		items, ok := v.([]any)
		if !ok {
			return s.decodes(t.Elem, v) // one value coerced to a list
		}
		for _, it := range items {
			if !s.decodes(t.Elem, it) {
				return false
			}
		}
		return true
	}
	def := s.Types[t.NamedType]
	if def == nil {
		return false
	}
	switch def.Kind {
	case ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, f := range def.Fields {
			if !s.decodes(f.Type, m[f.Name]) {
				return false
			}
		}
		return true
	case ast.Scalar:
		switch t.NamedType {
		case "Date":
			str, ok := v.(string)
			if !ok {
				return false
			}
			_, err := eventgraph.ParseDate(str)
			return err == nil
		case "Int":
			_, err := scalar.UnmarshalInt(v)
			return err == nil
		case "DateTime":
			_, err := graphql.UnmarshalTime(v)
			return err == nil
		}
	}
	return true
}
