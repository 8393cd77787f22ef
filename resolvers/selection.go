package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// The store compiles a whole selection into one Cypher query; these
// functions hand it the selection in its own terms (store.Field), with
// fragments resolved and variables and defaults applied.

// schema is the executable schema's: which types are abstract and which
// interfaces and unions an object type belongs to are read from it.
var schema = graph.NewExecutableSchema(graph.Config{}).Schema()

// abstract says whether typ is one of the schema's interface or union types.
func abstract(typ string) bool {
	def := schema.Types[typ]
	return def != nil && def.IsAbstractType()
}

// satisfies lists what fragments on typ may be spread on: the type itself
// and the interfaces and unions it belongs to.
func satisfies(typ string) []string {
	out := []string{typ}
	def := schema.Types[typ]
	if def == nil {
		return out
	}
	for _, def := range schema.GetImplements(def) {
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

// current is the field being resolved, as a store.Field of the given type.
func current(ctx context.Context, typ string) store.Field {
	return Selection(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field, typ)
}

// Selection is field f of the operation, whose type is typ (a concrete type,
// or Node or ForecastSubject), as the store reads it. Package respond hands
// the store the very same selections, so both paths send the same Cypher.
func Selection(opCtx *graphql.OperationContext, f graphql.CollectedField, typ string) store.Field {
	out := store.Field{Alias: f.Alias, Name: f.Name, Args: f.ArgumentMap(opCtx.Variables)}
	if abstract(typ) {
		out.ByType = byType(opCtx, f.Selections)
	} else {
		out.Fields = fieldsOf(opCtx, f.Selections, typ)
	}
	return out
}

// SearchSelection is the selection of the hits' nodes of a search field,
// per concrete type: every `node` field of the hit selection, merged.
func SearchSelection(opCtx *graphql.OperationContext, f graphql.CollectedField) map[eventgraph.NodeType][]store.Field {
	var nodeSel map[eventgraph.NodeType][]store.Field
	for _, hf := range Selection(opCtx, f, "SearchHit").Fields {
		if hf.Name == "node" {
			nodeSel = mergeByType(nodeSel, hf.ByType)
		}
	}
	return nodeSel
}
