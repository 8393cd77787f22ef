package store

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph/model"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Decoding the driver's values into the generated models. A read's value is
// already shaped like the response (maps keyed by field name, lists, int64,
// float64, bool, strings, dbtype.Date, time.Time; nested connections under
// "rel" keyed by alias), so it is copied into the model the field's Go type
// names, directly: no JSON in between. How to fill a Go type (which map key
// goes to which struct field, by the models' json tags, and how to convert
// each leaf) is worked out once per type and kept.

// Decode fills *T from a read's value; nil stays nil.
func Decode[T any](v any) (*T, error) {
	if v == nil {
		return nil, nil
	}
	out := new(T)
	if err := decoderOf(reflect.TypeFor[T]())(reflect.ValueOf(out).Elem(), v); err != nil {
		return nil, err
	}
	return out, nil
}

// DecodeNode reads a node of any type by its __typename.
func DecodeNode(v any) (model.Node, error) {
	if v == nil {
		return nil, nil
	}
	var n model.Node
	if err := decoderOf(nodeIface)(reflect.ValueOf(&n).Elem(), v); err != nil {
		return nil, err
	}
	return n, nil
}

// decoder copies src (a driver value) into dst (settable).
type decoder func(dst reflect.Value, src any) error

var (
	decoders   sync.Map // reflect.Type -> decoder
	decodersMu sync.Mutex

	dateType  = reflect.TypeFor[eventgraph.Date]()
	timeType  = reflect.TypeFor[time.Time]()
	nodeIface = reflect.TypeFor[model.Node]()
	// nodeModels maps a __typename onto its model, from the mapping table.
	nodeModels = func() map[string]reflect.Type {
		out := make(map[string]reflect.Type, len(types))
		for t, spec := range types {
			out[t.Label()] = spec.model
		}
		return out
	}()
)

func decoderOf(t reflect.Type) decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(decoder)
	}
	decodersMu.Lock()
	defer decodersMu.Unlock()
	b := builder{building: map[reflect.Type]*decoder{}}
	d := b.of(t)
	// Published only when complete: a type being built refers to itself
	// (Location.parent) through its pointer in building.
	for t, d := range b.building {
		decoders.Store(t, *d)
	}
	return d
}

type builder struct{ building map[reflect.Type]*decoder }

func (b builder) of(t reflect.Type) decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(decoder)
	}
	if p, ok := b.building[t]; ok {
		return func(dst reflect.Value, src any) error { return (*p)(dst, src) }
	}
	p := new(decoder)
	b.building[t] = p
	*p = b.make(t)
	return *p
}

func (b builder) make(t reflect.Type) decoder {
	switch {
	case t == dateType:
		return func(dst reflect.Value, src any) error {
			d, ok := DateOf(src)
			if !ok {
				return mismatch(t, src)
			}
			dst.Set(reflect.ValueOf(d))
			return nil
		}
	case t == timeType:
		return func(dst reflect.Value, src any) error {
			tm, ok := timeOf(src)
			if !ok {
				return mismatch(t, src)
			}
			dst.Set(reflect.ValueOf(tm))
			return nil
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem := b.of(t.Elem())
		return func(dst reflect.Value, src any) error {
			if src == nil {
				dst.SetZero()
				return nil
			}
			p := reflect.New(t.Elem())
			if err := elem(p.Elem(), src); err != nil {
				return err
			}
			dst.Set(p)
			return nil
		}
	case reflect.Struct:
		return b.structOf(t)
	case reflect.Slice:
		return b.sliceOf(t)
	case reflect.Interface:
		return interfaceOf(t)
	case reflect.Map:
		// eventgraph.Nested: the nested connections' values, decoded by
		// the field resolvers into the connection each one is.
		if t.Key().Kind() != reflect.String || t.Elem().Kind() != reflect.Interface {
			break
		}
		return func(dst reflect.Value, src any) error {
			m, ok := src.(map[string]any)
			if !ok {
				if src == nil {
					return nil
				}
				return mismatch(t, src)
			}
			dst.Set(reflect.ValueOf(m).Convert(t))
			return nil
		}
	case reflect.String:
		return func(dst reflect.Value, src any) error {
			s, ok := src.(string)
			if !ok {
				return mismatch(t, src)
			}
			dst.SetString(s)
			return nil
		}
	case reflect.Bool:
		return func(dst reflect.Value, src any) error {
			v, ok := src.(bool)
			if !ok {
				return mismatch(t, src)
			}
			dst.SetBool(v)
			return nil
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return func(dst reflect.Value, src any) error {
			switch v := src.(type) {
			case int64:
				dst.SetInt(v)
				return nil
			case float64:
				if v == math.Trunc(v) {
					dst.SetInt(int64(v))
					return nil
				}
			}
			return mismatch(t, src)
		}
	case reflect.Float64:
		return func(dst reflect.Value, src any) error {
			switch v := src.(type) {
			case float64:
				dst.SetFloat(v)
			case int64:
				dst.SetFloat(float64(v))
			default:
				return mismatch(t, src)
			}
			return nil
		}
	}
	return func(reflect.Value, any) error {
		return fmt.Errorf("decoding a read: no way to fill a %s", t)
	}
}

// structOf fills a model's fields from a map by the fields' json names;
// keys the model has no field for (__typename) are skipped.
func (b builder) structOf(t reflect.Type) decoder {
	type field struct {
		index int
		dec   decoder
	}
	fields := make(map[string]field, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		name := jsonName(sf)
		if name == "" || !sf.IsExported() {
			continue
		}
		fields[name] = field{index: i, dec: b.of(sf.Type)}
	}
	return func(dst reflect.Value, src any) error {
		m, ok := src.(map[string]any)
		if !ok {
			return mismatch(t, src)
		}
		for k, v := range m {
			f, ok := fields[k]
			if !ok || v == nil {
				continue
			}
			if err := f.dec(dst.Field(f.index), v); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name(), k, err)
			}
		}
		return nil
	}
}

func jsonName(sf reflect.StructField) string {
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	for i := 0; i < len(tag); i++ {
		if tag[i] == ',' {
			tag = tag[:i]
			break
		}
	}
	if tag == "" {
		return sf.Name
	}
	return tag
}

// sliceOf fills a list; in a list of an interface (Forecast.about's
// ForecastSubject), nodes of a type outside it are left out.
func (b builder) sliceOf(t reflect.Type) decoder {
	elem := b.of(t.Elem())
	iface := t.Elem().Kind() == reflect.Interface
	return func(dst reflect.Value, src any) error {
		var items []any
		switch v := src.(type) {
		case []any:
			items = v
		case []map[string]any:
			items = make([]any, len(v))
			for i, e := range v {
				items[i] = e
			}
		case []string:
			items = make([]any, len(v))
			for i, e := range v {
				items[i] = e
			}
		default:
			return mismatch(t, src)
		}
		out := reflect.MakeSlice(t, len(items), len(items))
		n := 0
		for _, it := range items {
			if iface {
				if tn, _ := typename(it); nodeModels[tn] != nil && !reflect.PointerTo(nodeModels[tn]).Implements(t.Elem()) {
					continue
				}
			}
			if err := elem(out.Index(n), it); err != nil {
				return err
			}
			n++
		}
		dst.Set(out.Slice(0, n))
		return nil
	}
}

// interfaceOf fills an interface (Node, ForecastSubject) with the model its
// __typename names.
func interfaceOf(t reflect.Type) decoder {
	if t.NumMethod() == 0 {
		return func(dst reflect.Value, src any) error {
			dst.Set(reflect.ValueOf(src))
			return nil
		}
	}
	return func(dst reflect.Value, src any) error {
		tn, err := typename(src)
		if err != nil {
			return err
		}
		mt := nodeModels[tn]
		if mt == nil || !reflect.PointerTo(mt).Implements(t) {
			return fmt.Errorf("decoding a read: a %q is no %s", tn, t.Name())
		}
		p := reflect.New(mt)
		if err := decoderOf(mt)(p.Elem(), src); err != nil {
			return err
		}
		dst.Set(p)
		return nil
	}
}

func typename(src any) (string, error) {
	m, ok := src.(map[string]any)
	if !ok {
		return "", fmt.Errorf("decoding a read: a node is a %T", src)
	}
	tn, ok := m["__typename"].(string)
	if !ok {
		return "", fmt.Errorf("decoding a read: a node without __typename")
	}
	return tn, nil
}

// DateOf reads a date from a read's value: the driver's date, or text
// that is one (what encoding a value as JSON and decoding it accepted).
func DateOf(v any) (eventgraph.Date, bool) {
	switch x := v.(type) {
	case dbtype.Date:
		return eventgraph.DateOf(x.Time()), true
	case string:
		d, err := eventgraph.ParseDate(x)
		return d, err == nil
	}
	return eventgraph.Date{}, false
}

// timeOf reads a DateTime: the driver's zoned date-time, or RFC 3339 text.
func timeOf(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		return t, err == nil
	}
	return time.Time{}, false
}

func mismatch(t reflect.Type, src any) error {
	return fmt.Errorf("decoding a read: a %T where a %s belongs", src, t)
}
