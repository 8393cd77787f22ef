package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/importer"
)

// leaveNoTrace notes which entities of these files the graph does not have
// yet and deletes them when the test ends. The packages' tests share one
// database with the seed, and the seed's own tests (which run later) expect
// the graph to hold the article and nothing about it that the article does
// not say: a GDELT Trump-Putin call left behind would be a second answer to
// "which call did Trump and Putin have on 19 May".
func (s service) leaveNoTrace(t *testing.T, files ...string) {
	t.Helper()
	ids := map[string][]string{} // GraphQL field (event, actor, ...) -> ids
	seen := map[string]bool{}
	add := func(field string, id *string) {
		// an invalid id cannot have been written (and cannot be asked about)
		if id != nil && eventgraph.ValidID(*id) && !seen[field+"/"+*id] {
			seen[field+"/"+*id] = true
			ids[field] = append(ids[field], *id)
		}
	}
	for _, f := range files {
		r, err := importer.OpenFile(f, importer.FormatAuto)
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			importer.EachID(&rec.Input, func(label, id string) { add(strings.ToLower(label), &id) })
		}
		r.Close()
	}
	var fresh []entity
	for field, list := range ids {
		for _, e := range s.missing(t, field, list) {
			fresh = append(fresh, entity{field, e})
		}
	}
	t.Cleanup(func() { s.delete(t, fresh) })
}

type entity struct{ field, id string }

// missing returns the ids the graph has no field (event, actor, ...) for.
func (s service) missing(t *testing.T, field string, ids []string) []string {
	t.Helper()
	var out []string
	for len(ids) > 0 {
		chunk := ids[:min(eventgraph.LimitRootFields.Max, len(ids))]
		ids = ids[len(chunk):]
		var decl, sel []string
		vars := map[string]any{}
		for i, id := range chunk {
			decl = append(decl, fmt.Sprintf("$i%d: ID!", i))
			sel = append(sel, fmt.Sprintf("n%d: %s(id: $i%d) { id }", i, field, i))
			vars[fmt.Sprintf("i%d", i)] = id
		}
		var got map[string]*struct{ ID string }
		s.gql(t, "query("+strings.Join(decl, ", ")+") { "+strings.Join(sel, " ")+" }", vars, &got)
		for i, id := range chunk {
			if got[fmt.Sprintf("n%d", i)] == nil {
				out = append(out, id)
			}
		}
	}
	return out
}

func (s service) delete(t *testing.T, list []entity) {
	for len(list) > 0 {
		chunk := list[:min(eventgraph.LimitRootFields.Max, len(list))]
		list = list[len(chunk):]
		var decl, sel []string
		vars := map[string]any{}
		for i, e := range chunk {
			decl = append(decl, fmt.Sprintf("$i%d: ID!", i))
			sel = append(sel, fmt.Sprintf("d%d: delete%s(id: $i%d) { deleted }", i, strings.ToUpper(e.field[:1])+e.field[1:], i))
			vars[fmt.Sprintf("i%d", i)] = e.id
		}
		var out map[string]any
		s.gql(t, "mutation("+strings.Join(decl, ", ")+") { "+strings.Join(sel, " ")+" }", vars, &out)
	}
}
