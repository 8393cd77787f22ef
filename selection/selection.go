// Package selection turns the selection of a GraphQL operation, as gqlgen
// collects it (fragments resolved, variables and defaults applied), into
// the store's terms (store.Field), so that the store compiles a root field
// with everything below it into one Cypher query. It needs the operation
// and the executable schema, not the executor: the resolvers, the direct
// read path (package respond) and the compiler's golden tests (store's
// testdata/tck) all take their selections from here, so all of them send
// the same Cypher.
package selection

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// Schema is the executable schema, parsed once: which types are abstract
// and which interfaces and unions an object type belongs to are read from
// it.
var Schema = graph.NewExecutableSchema(graph.Config{}).Schema()

// abstract says whether typ is one of the schema's interface or union types.
func abstract(typ string) bool {
	def := Schema.Types[typ]
	return def != nil && def.IsAbstractType()
}

// satisfies lists what fragments on typ may be spread on: the type itself
// and the interfaces and unions it belongs to.
func satisfies(typ string) []string {
	out := []string{typ}
	def := Schema.Types[typ]
	if def == nil {
		return out
	}
	for _, def := range Schema.GetImplements(def) {
		out = append(out, def.Name)
	}
	return out
}

func fieldsOf(opCtx *graphql.OperationContext, sel ast.SelectionSet, typ string) []store.Field {
	if len(sel) == 0 {
		return nil
	}
	collected := graphql.CollectFields(opCtx, sel, satisfies(typ))
	out := make([]store.Field, 0, len(collected))
	for _, f := range collected {
		sf := store.Field{Alias: f.Alias, Name: f.Name}
		if f.Definition == nil {
			out = append(out, sf)
			continue
		}
		sf.Args = f.ArgumentMap(opCtx.Variables)
		child := f.Definition.Type.Name()
		if abstract(child) {
			sf.ByType = byType(opCtx, f.Selections)
		} else {
			sf.Fields = fieldsOf(opCtx, f.Selections, child)
		}
		out = append(out, sf)
	}
	return out
}

// byType is the selection for each concrete node type.
func byType(opCtx *graphql.OperationContext, sel ast.SelectionSet) map[eventgraph.NodeType][]store.Field {
	out := make(map[eventgraph.NodeType][]store.Field, len(eventgraph.NodeTypes))
	for _, t := range eventgraph.NodeTypes {
		out[t] = fieldsOf(opCtx, sel, t.Label())
	}
	return out
}

// Of is field f of the operation, whose type is typ (a concrete type,
// or Node or ForecastSubject), as the store reads it. The resolvers and
// package respond hand the store the very same selections.
func Of(opCtx *graphql.OperationContext, f graphql.CollectedField, typ string) store.Field {
	out := store.Field{Alias: f.Alias, Name: f.Name, Args: f.ArgumentMap(opCtx.Variables)}
	if abstract(typ) {
		out.ByType = byType(opCtx, f.Selections)
	} else {
		out.Fields = fieldsOf(opCtx, f.Selections, typ)
	}
	return out
}

// Search is the selection of the hits' nodes of a search field,
// per concrete type: every `node` field of the hit selection, merged.
func Search(opCtx *graphql.OperationContext, f graphql.CollectedField) map[eventgraph.NodeType][]store.Field {
	var nodeSel map[eventgraph.NodeType][]store.Field
	for _, hf := range Of(opCtx, f, "SearchHit").Fields {
		if hf.Name == "node" {
			nodeSel = mergeByType(nodeSel, hf.ByType)
		}
	}
	return nodeSel
}

func mergeByType(a, b map[eventgraph.NodeType][]store.Field) map[eventgraph.NodeType][]store.Field {
	if a == nil {
		return b
	}
	for k, v := range b {
		a[k] = append(a[k], v...)
	}
	return a
}

// SelectsProperties tells whether Subgraph field f asks for the properties
// of its nodes or edges, which the store then reads. Package respond asks
// the store the same way.
func SelectsProperties(opCtx *graphql.OperationContext, f graphql.CollectedField) bool {
	for _, f := range Of(opCtx, f, "Subgraph").Fields {
		for _, g := range f.Fields {
			if g.Name == "properties" {
				return true
			}
		}
	}
	return false
}
