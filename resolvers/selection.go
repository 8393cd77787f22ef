package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2/ast"
)

// The store compiles a whole selection into one Cypher query; these
// functions hand it the selection in its own terms (store.Field), with
// fragments resolved and variables and defaults applied.

// abstract are the schema's interface and union types.
var abstract = map[string]bool{"Node": true, "ForecastSubject": true}

// nodeTypes are the concrete types behind Node.
var nodeTypes = []string{"Actor", "Event", "Location", "Topic", "Position", "Forecast", "Source"}

// satisfies lists what fragments on typ may be spread on: the type itself
// and the abstract types it belongs to.
func satisfies(typ string) []string {
	switch typ {
	case "Actor", "Event", "Topic":
		return []string{typ, "Node", "ForecastSubject"}
	case "Location", "Position", "Forecast", "Source":
		return []string{typ, "Node"}
	}
	return []string{typ}
}

func fieldsOf(ctx context.Context, sel ast.SelectionSet, typ string) []store.Field {
	if len(sel) == 0 {
		return nil
	}
	opCtx := graphql.GetOperationContext(ctx)
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
		if abstract[child] {
			sf.ByType = byType(ctx, f.Selections)
		} else {
			sf.Fields = fieldsOf(ctx, f.Selections, child)
		}
		out = append(out, sf)
	}
	return out
}

// byType is the selection for each concrete node type.
func byType(ctx context.Context, sel ast.SelectionSet) map[string][]store.Field {
	out := make(map[string][]store.Field, len(nodeTypes))
	for _, t := range nodeTypes {
		out[t] = fieldsOf(ctx, sel, t)
	}
	return out
}

// current is the field being resolved, as a store.Field of the given type.
func current(ctx context.Context, typ string) store.Field {
	fc := graphql.GetFieldContext(ctx)
	opCtx := graphql.GetOperationContext(ctx)
	f := store.Field{Alias: fc.Field.Alias, Name: fc.Field.Name, Args: fc.Field.ArgumentMap(opCtx.Variables)}
	if abstract[typ] {
		f.ByType = byType(ctx, fc.Field.Selections)
	} else {
		f.Fields = fieldsOf(ctx, fc.Field.Selections, typ)
	}
	return f
}
