package respond

import (
	"context"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/server/scalar"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// writer writes the data of one response as the executor would marshal it,
// walking the selection over the store's value: maps keyed by field name
// (connections under rel, keyed by alias), lists, strings, int64, float64,
// bool, the driver's dates and time.Time. Whenever the value is not what the
// schema promises, it gives up with errUnsure rather than guess what the
// executor would make of it.
type writer struct {
	buf    []byte
	opCtx  *graphql.OperationContext
	s      *schema
	pooled *[]byte
}

// buffers keeps response buffers between requests; one that grew past
// maxPooled for a rare huge response is left to the collector.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

const maxPooled = 1 << 20

func newWriter(opCtx *graphql.OperationContext, s *schema) *writer {
	p := buffers.Get().(*[]byte)
	return &writer{buf: (*p)[:0], opCtx: opCtx, s: s, pooled: p}
}

func (w *writer) release() {
	if cap(w.buf) <= maxPooled {
		*w.pooled = w.buf[:0]
		buffers.Put(w.pooled)
	}
}

// root writes the value of a root field.
func (w *writer) root(f graphql.CollectedField, v any) error {
	switch {
	case f.Name == "__typename":
		w.name("Query")
		return nil
	case f.Name == "likelihoodScale":
		return w.likelihoodScale(f)
	case lists[f.Name] != "":
		return w.connection(w.s.Types[f.Definition.Type.Name()], f, v)
	}
	return w.value(f.Definition.Type, f, v)
}

// value writes v as a value of type t, with f's selection for objects.
func (w *writer) value(t *ast.Type, f graphql.CollectedField, v any) error {
	if v == nil {
		switch {
		case !t.NonNull:
			w.buf = append(w.buf, "null"...)
			return nil
		case t.Elem != nil:
			// The model's nil slice, which gqlgen writes as [].
			w.buf = append(w.buf, "[]"...)
			return nil
		}
		return errUnsure
	}
	if t.Elem != nil {
		items, ok := v.([]any)
		if !ok {
			return errUnsure
		}
		w.buf = append(w.buf, '[')
		for i, it := range items {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			if err := w.value(t.Elem, f, it); err != nil {
				return err
			}
		}
		w.buf = append(w.buf, ']')
		return nil
	}
	def := w.s.Types[t.NamedType]
	switch def.Kind {
	case ast.Scalar:
		return w.scalar(t.NamedType, v)
	case ast.Enum:
		s, ok := v.(string)
		if !ok || def.EnumValues.ForName(s) == nil {
			return errUnsure // the model's UnmarshalJSON refuses it
		}
		w.name(s)
		return nil
	case ast.Object:
		m, ok := v.(map[string]any)
		if !ok {
			return errUnsure
		}
		return w.object(def, f.Selections, m, 0)
	case ast.Interface, ast.Union:
		// The store projects __typename for every polymorphic value.
		m, ok := v.(map[string]any)
		if !ok {
			return errUnsure
		}
		concrete := w.concrete(def, m)
		if concrete == nil {
			return errUnsure
		}
		return w.object(concrete, f.Selections, m, 0)
	}
	return errUnsure
}

// concrete is the object type of polymorphic value m, or nil when its
// __typename is not one of def's possible types.
func (w *writer) concrete(def *ast.Definition, m map[string]any) *ast.Definition {
	name, _ := m["__typename"].(string)
	for _, p := range w.s.PossibleTypes[def.Name] {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// object writes m as an object of type def. at is the offset of the edge
// when def is an edge type (its cursor).
func (w *writer) object(def *ast.Definition, sel ast.SelectionSet, m map[string]any, at int) error {
	fields := graphql.CollectFields(w.opCtx, sel, w.s.implementors[def.Name])
	w.buf = append(w.buf, '{')
	for i, f := range fields {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.key(f.Alias)
		if f.Name == "__typename" {
			w.name(def.Name)
			continue
		}
		var err error
		switch w.s.fieldKind(def.Name, f.Name) {
		case nested:
			rel, _ := m["rel"].(map[string]any)
			err = w.connection(w.s.Types[f.Definition.Type.Name()], f, rel[f.Alias])
		case cursor:
			w.name(store.EncodeCursor(at))
		case probability:
			err = w.probability(f, m["likelihood"])
		case subjects:
			err = w.subjects(f, m["about"])
		default:
			err = w.value(f.Definition.Type, f, m[f.Name])
		}
		if err != nil {
			return err
		}
	}
	w.buf = append(w.buf, '}')
	return nil
}

// connection writes a page the store read, finished by store.PageOf.
func (w *writer) connection(def *ast.Definition, f graphql.CollectedField, v any) error {
	page, ok := v.(map[string]any)
	if v != nil && !ok {
		return errUnsure
	}
	var edges []any
	if e := page["edges"]; e != nil {
		if edges, ok = e.([]any); !ok {
			return errUnsure
		}
	}
	p, err := store.PageOf(f.ArgumentMap(w.opCtx.Variables), len(edges))
	if err != nil {
		return err
	}
	edges = edges[:p.Len]

	fields := graphql.CollectFields(w.opCtx, f.Selections, w.s.implementors[def.Name])
	w.buf = append(w.buf, '{')
	for i, cf := range fields {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.key(cf.Alias)
		switch cf.Name {
		case "__typename":
			w.name(def.Name)
		case "edges":
			edgeType := w.s.Types[cf.Definition.Type.Name()]
			w.buf = append(w.buf, '[')
			for j, e := range edges {
				if j > 0 {
					w.buf = append(w.buf, ',')
				}
				edge, ok := e.(map[string]any)
				if !ok {
					return errUnsure
				}
				if err := w.object(edgeType, cf.Selections, edge, p.Offset+j); err != nil {
					return err
				}
			}
			w.buf = append(w.buf, ']')
		case "pageInfo":
			if err := w.pageInfo(cf, p); err != nil {
				return err
			}
		case "totalCount":
			if err := w.value(cf.Definition.Type, cf, page["totalCount"]); err != nil {
				return err
			}
		case "aggregate":
			if err := w.value(cf.Definition.Type, cf, page["aggregate"]); err != nil {
				return err
			}
		default:
			return errUnsure
		}
	}
	w.buf = append(w.buf, '}')
	return nil
}

func (w *writer) pageInfo(f graphql.CollectedField, p store.Page) error {
	return w.built(f, "PageInfo", func(pf graphql.CollectedField) error {
		switch pf.Name {
		case "hasNextPage":
			w.marshal(graphql.MarshalBoolean(p.HasNext))
		case "hasPreviousPage":
			w.marshal(graphql.MarshalBoolean(p.HasPrevious()))
		case "startCursor", "endCursor":
			c := p.StartCursor()
			if pf.Name == "endCursor" {
				c = p.EndCursor()
			}
			if c == nil {
				w.buf = append(w.buf, "null"...)
			} else {
				w.name(*c)
			}
		default:
			return errUnsure
		}
		return nil
	})
}

// built writes an object the writer builds itself rather than one the store
// projected (page info, probabilities, subgraphs): __typename here, every
// other field of the selection, in order, by field, which returns errUnsure
// for a field it does not know.
func (w *writer) built(f graphql.CollectedField, typ string, field func(graphql.CollectedField) error) error {
	w.buf = append(w.buf, '{')
	for i, sf := range graphql.CollectFields(w.opCtx, f.Selections, w.s.implementors[typ]) {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.key(sf.Alias)
		if sf.Name == "__typename" {
			w.name(typ)
			continue
		}
		if err := field(sf); err != nil {
			return err
		}
	}
	w.buf = append(w.buf, '}')
	return nil
}

// probability is Forecast.probability, from the likelihood the store
// projected for it.
func (w *writer) probability(f graphql.CollectedField, likelihood any) error {
	term, _ := likelihood.(string)
	r, ok := eventgraph.ProbabilityOf(term)
	if !ok {
		return errUnsure // no range on the yardstick for the term
	}
	return w.probabilityRange(f, r)
}

func (w *writer) probabilityRange(f graphql.CollectedField, r eventgraph.Range) error {
	return w.built(f, "Probability", func(pf graphql.CollectedField) error {
		switch pf.Name {
		case "low":
			return w.float(r.Low)
		case "high":
			return w.float(r.High)
		}
		return errUnsure
	})
}

// subjects is Forecast.about: what the forecast is about, keeping only the
// members of the schema's ForecastSubject union.
func (w *writer) subjects(f graphql.CollectedField, v any) error {
	var items []any
	if v != nil {
		var ok bool
		if items, ok = v.([]any); !ok {
			return errUnsure
		}
	}
	w.buf = append(w.buf, '[')
	first := true
	for _, it := range items {
		if it == nil {
			continue
		}
		m, ok := it.(map[string]any)
		if !ok {
			return errUnsure
		}
		def := w.concrete(w.s.Types["Node"], m)
		if def == nil {
			return errUnsure
		}
		if !w.s.isSubject(def.Name) {
			continue
		}
		if !first {
			w.buf = append(w.buf, ',')
		}
		first = false
		if err := w.object(def, f.Selections, m, 0); err != nil {
			return err
		}
	}
	w.buf = append(w.buf, ']')
	return nil
}

// likelihoodScale is the PHIA yardstick (eventgraph.Yardstick).
func (w *writer) likelihoodScale(f graphql.CollectedField) error {
	w.buf = append(w.buf, '[')
	for i, y := range eventgraph.Yardstick {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		err := w.built(f, "LikelihoodBand", func(bf graphql.CollectedField) error {
			switch bf.Name {
			case "term":
				return w.value(bf.Definition.Type, bf, y.Term)
			case "probability":
				return w.probabilityRange(bf, y.Range)
			}
			return errUnsure
		})
		if err != nil {
			return err
		}
	}
	w.buf = append(w.buf, ']')
	return nil
}

// scalar writes a scalar with gqlgen's marshaller for its Go model
// (gqlgen.yml's models: scalar.Int, graphql.ID, eventgraph.Date,
// graphql.Time, graphql.Map), from the store's value.
func (w *writer) scalar(name string, v any) error {
	switch name {
	case "String":
		s, ok := v.(string)
		if !ok {
			return errUnsure
		}
		w.marshal(graphql.MarshalString(s))
	case "ID":
		s, ok := v.(string)
		if !ok {
			return errUnsure
		}
		w.marshal(graphql.MarshalID(s))
	case "Int":
		n, ok := v.(int64)
		if !ok || n != int64(int(n)) {
			return errUnsure
		}
		w.marshal(scalar.MarshalInt(int(n)))
	case "Float":
		var x float64
		switch n := v.(type) {
		case float64:
			x = n
		case int64:
			x = float64(n)
		default:
			return errUnsure
		}
		return w.float(x)
	case "Boolean":
		b, ok := v.(bool)
		if !ok {
			return errUnsure
		}
		w.marshal(graphql.MarshalBoolean(b))
	case "Date":
		d, ok := store.DateOf(v)
		if !ok || d.Year < 0 || d.Year > 9999 {
			return errUnsure // not a date ParseDate reads back
		}
		d.MarshalGQL(w)
	case "DateTime":
		t, ok := v.(time.Time)
		if !ok || t.IsZero() || t.Year() < 0 || t.Year() > 9999 {
			return errUnsure // MarshalTime writes null for the zero time
		}
		w.marshal(graphql.MarshalTime(t))
	case "JSON":
		m, ok := v.(map[string]any)
		if !ok {
			return errUnsure
		}
		return w.jsonMap(m)
	default: // a scalar added to the schema and not yet here
		return errUnsure
	}
	return nil
}

// float writes x with graphql.MarshalFloatContext, which refuses
// infinities and NaN.
func (w *writer) float(x float64) error {
	if err := graphql.MarshalFloatContext(x).MarshalGQLContext(context.Background(), w); err != nil {
		return errUnsure
	}
	return nil
}

// marshal writes a value with one of gqlgen's marshallers.
func (w *writer) marshal(m graphql.Marshaler) { m.MarshalGQL(w) }

// Write and WriteString make the writer the io.Writer gqlgen's
// marshallers write to; they never fail.
func (w *writer) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// WriteString implements io.StringWriter.
func (w *writer) WriteString(s string) (int, error) {
	w.buf = append(w.buf, s...)
	return len(s), nil
}

func (w *writer) key(alias string) {
	w.name(alias)
	w.buf = append(w.buf, ':')
}

// name writes a GraphQL name (a key, a __typename, an enum value) or a
// cursor quoted: letters, digits and _ (and base64url's -) need no escape.
func (w *writer) name(s string) {
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, s...)
	w.buf = append(w.buf, '"')
}

// str writes a String value, as graphql.MarshalString does.
func (w *writer) str(s string) { w.marshal(graphql.MarshalString(s)) }
