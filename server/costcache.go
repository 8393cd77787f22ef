package server

import (
	"context"
	"crypto/sha256"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
)

// costCache keeps operationCost per document text, operation and the values
// of the variables the cost can depend on, so that a client sending the
// same query again (real clients send a few queries again and again, with
// other ids) does not pay gqlgen's complexity walk again: it was 20-70 µs
// of CPU per request at concurrency 1, the largest of the guards
// (BENCHMARKS.md, "Fixed cost").
//
// The cost is a function of the document and of the arguments the
// complexity functions read — first, limit, depth and ids (Complexity) —
// and of @skip/@include, which decide which fields are counted; other
// variables (ids of nodes, filters, search text) do not change it. So the
// key holds the values of exactly the variables used in those places, which
// costVariables finds once per document. Like the query cache, only
// documents of at most 16 KiB of text are kept, and at most 1000 of them.
type costCache struct {
	docs *lru.LRU[*costEntry] // by the SHA-256 of the text and the operation name
}

// costEntry is one document's operation: the variables its cost reads and
// its cost for each set of their values seen (a few: page sizes).
type costEntry struct {
	vars  []string
	costs *lru.LRU[int] // by the JSON of the variables' values
}

const (
	costCacheDocs      = 1000
	costCacheValueSets = 32
	costCacheMaxText   = 16 << 10
)

func newCostCache() *costCache {
	return &costCache{docs: lru.New[*costEntry](costCacheDocs)}
}

// cost returns the cached cost of op (of the document query) for vars, or
// computes it with compute and keeps it.
func (c *costCache) cost(ctx context.Context, query string, op *ast.OperationDefinition, vars map[string]any, compute func() int) int {
	if c == nil || len(query) > costCacheMaxText {
		return compute()
	}
	h := sha256.New()
	h.Write([]byte(query))
	h.Write([]byte{0})
	h.Write([]byte(op.Name))
	key := string(h.Sum(nil))
	e, ok := c.docs.Get(ctx, key)
	if !ok {
		e = &costEntry{vars: costVariables(op), costs: lru.New[int](costCacheValueSets)}
		c.docs.Add(ctx, key, e)
	}
	values := make([]any, len(e.vars))
	for i, name := range e.vars {
		values[i] = vars[name]
	}
	vk, err := json.Marshal(values)
	if err != nil {
		return compute()
	}
	if n, ok := e.costs.Get(ctx, string(vk)); ok {
		return n
	}
	n := compute()
	e.costs.Add(ctx, string(vk), n)
	return n
}

// costArguments are the arguments whose values the cost model reads.
var costArguments = map[string]bool{"first": true, "limit": true, "depth": true, "ids": true}

// costVariables lists the variables op's cost can depend on: those used in
// costArguments of any field and in any directive's arguments, in op's
// selections and in the fragments it spreads.
func costVariables(op *ast.OperationDefinition) []string {
	seen := map[string]bool{}
	var out []string
	add := func(v *ast.Value) {
		var walk func(v *ast.Value)
		walk = func(v *ast.Value) {
			if v == nil {
				return
			}
			if v.Kind == ast.Variable && !seen[v.Raw] {
				seen[v.Raw] = true
				out = append(out, v.Raw)
			}
			for _, ch := range v.Children {
				walk(ch.Value)
			}
		}
		walk(v)
	}
	directives := func(ds ast.DirectiveList) {
		for _, d := range ds {
			for _, a := range d.Arguments {
				add(a.Value)
			}
		}
	}
	fragments := map[string]bool{}
	var selections func(set ast.SelectionSet)
	selections = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				for _, a := range s.Arguments {
					if costArguments[a.Name] {
						add(a.Value)
					}
				}
				directives(s.Directives)
				selections(s.SelectionSet)
			case *ast.InlineFragment:
				directives(s.Directives)
				selections(s.SelectionSet)
			case *ast.FragmentSpread:
				directives(s.Directives)
				if s.Definition != nil && !fragments[s.Name] {
					fragments[s.Name] = true
					directives(s.Definition.Directives)
					selections(s.Definition.SelectionSet)
				}
			}
		}
	}
	directives(op.Directives)
	selections(op.SelectionSet)
	return out
}
