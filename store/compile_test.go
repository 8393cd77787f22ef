package store_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/selection"
	"github.com/eventgraph/eventgraph/store"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"
	"golang.org/x/tools/txtar"
)

// The compiler's golden tests, in the manner of the Neo4j GraphQL
// Library's TCK: GraphQL in, Cypher and parameters out, with no database.
// Each testdata/tck/*.txtar holds cases; a case is the files
// <case>/query.graphql and, optionally, <case>/variables.json, and for
// every root field of the query (by response name) the statement the store
// sends for it: <case>/<field>.cypher (its name on the first line, as a
// comment) and <case>/<field>.params.json, or <case>/<field>.error when
// the compiler refuses it. The query is parsed and validated against the
// executable schema, and its selection collected by package selection,
// exactly as a request's is; only the executor is left out.
//
//	go test ./store/ -run TestCompile -update
//
// rewrites the expected files from what the compiler now says (read the
// diff before committing it).
var update = flag.Bool("update", false, "rewrite testdata/tck from the compiler's output")

// denseDegree is the neighbourhood's dense threshold the cases are
// compiled with (a parameter, not part of the Cypher).
const denseDegree = 200

func TestCompile(t *testing.T) {
	files, err := filepath.Glob("testdata/tck/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/tck/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cases, order := casesOf(ar)
			var out []txtar.File
			for _, name := range order {
				c := cases[name]
				got, err := compileCase(c)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				out = append(out, txtar.File{Name: name + "/query.graphql", Data: c["query.graphql"]})
				if v, ok := c["variables.json"]; ok {
					out = append(out, txtar.File{Name: name + "/variables.json", Data: v})
				}
				for _, f := range got {
					out = append(out, txtar.File{Name: name + "/" + f.Name, Data: f.Data})
				}
				if *update {
					continue
				}
				want := map[string][]byte{}
				for k, v := range c {
					if k != "query.graphql" && k != "variables.json" {
						want[k] = v
					}
				}
				for _, f := range got {
					w, ok := want[f.Name]
					if !ok {
						t.Errorf("%s: %s is not in %s (run with -update)\ngot:\n%s", name, f.Name, file, f.Data)
						continue
					}
					delete(want, f.Name)
					if !bytes.Equal(bytes.TrimSpace(w), bytes.TrimSpace(f.Data)) {
						t.Errorf("%s: %s differs\n--- want\n%s\n--- got\n%s", name, f.Name, w, f.Data)
					}
				}
				for k := range want {
					t.Errorf("%s: %s is expected but the compiler gave nothing for it", name, k)
				}
			}
			if *update {
				ar.Files = out
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// casesOf groups an archive's files by case, in the order they appear.
func casesOf(ar *txtar.Archive) (map[string]map[string][]byte, []string) {
	cases := map[string]map[string][]byte{}
	var order []string
	for _, f := range ar.Files {
		i := strings.LastIndex(f.Name, "/")
		name, file := f.Name[:i], f.Name[i+1:]
		if cases[name] == nil {
			cases[name] = map[string][]byte{}
			order = append(order, name)
		}
		cases[name][file] = f.Data
	}
	return cases, order
}

// compileCase parses and validates the case's query, collects each root
// field's selection and compiles it, giving the files that describe what
// the store would send.
func compileCase(c map[string][]byte) ([]txtar.File, error) {
	opCtx, err := operation(c)
	if err != nil {
		return nil, err
	}
	op := opCtx.Operation
	var out []txtar.File
	for _, f := range graphql.CollectFields(opCtx, op.SelectionSet, []string{"Query"}) {
		st, err := compileRoot(opCtx, f)
		if err != nil {
			out = append(out, txtar.File{Name: f.Alias + ".error", Data: []byte(err.Error() + "\n")})
			continue
		}
		if st.Cypher == "" {
			out = append(out, txtar.File{Name: f.Alias + ".cypher", Data: []byte("// " + st.Name + ": nothing to read\n")})
			continue
		}
		params, err := json.MarshalIndent(store.ParamsJSON(st.Params), "", "  ")
		if err != nil {
			return nil, fmt.Errorf("%s: params: %w", f.Alias, err)
		}
		out = append(out,
			txtar.File{Name: f.Alias + ".cypher", Data: []byte("// " + st.Name + "\n" + st.Cypher + "\n")},
			txtar.File{Name: f.Alias + ".params.json", Data: append(params, '\n')})
	}
	return out, nil
}

// operation parses and validates the case's query against the executable
// schema and coerces its variables, as the executor would before running it.
func operation(c map[string][]byte) (*graphql.OperationContext, error) {
	q, ok := c["query.graphql"]
	if !ok {
		return nil, fmt.Errorf("no query.graphql")
	}
	doc, gerr := gqlparser.LoadQuery(selection.Schema, string(q))
	if gerr != nil {
		return nil, fmt.Errorf("the query is not valid: %v", gerr)
	}
	if len(doc.Operations) != 1 {
		return nil, fmt.Errorf("want one operation, not %d", len(doc.Operations))
	}
	op := doc.Operations[0]
	raw := map[string]any{}
	if v, ok := c["variables.json"]; ok {
		// As the HTTP transport decodes them: numbers stay json.Number.
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("variables.json: %w", err)
		}
	}
	vars, verr := validator.VariableValues(selection.Schema, op, raw)
	if verr != nil {
		return nil, fmt.Errorf("variables: %v", verr)
	}
	return &graphql.OperationContext{RawQuery: string(q), Variables: vars, Doc: doc, Operation: op}, nil
}

// compileRoot is the statement the store sends for root field f, with the
// arguments and selection the resolvers (and package respond) give it.
func compileRoot(opCtx *graphql.OperationContext, f graphql.CollectedField) (store.Statement, error) {
	args := f.ArgumentMap(opCtx.Variables)
	for _, t := range eventgraph.NodeTypes {
		switch f.Name {
		case t.ByIDField():
			return store.CompileGet(t, str(args["id"]), selection.Of(opCtx, f, t.Label()).Fields)
		case t.ListField():
			return store.CompileList(t, selection.Of(opCtx, f, t.Label()+"Connection"))
		}
	}
	switch f.Name {
	case "node":
		return store.CompileGetAny([]string{str(args["id"])}, selection.Of(opCtx, f, "Node").ByType)
	case "nodes":
		return store.CompileGetAny(strs(args["ids"]), selection.Of(opCtx, f, "Node").ByType)
	case "search":
		var kinds []eventgraph.NodeType
		for _, k := range strs(args["kinds"]) {
			kinds = append(kinds, eventgraph.NodeType(k))
		}
		return store.CompileSearch(str(args["query"]), kinds, num(args["first"], 20), selection.Search(opCtx, f))
	case "neighborhood":
		from, err := date(args["from"])
		if err != nil {
			return store.Statement{}, err
		}
		to, err := date(args["to"])
		if err != nil {
			return store.Statement{}, err
		}
		return store.CompileNeighborhood(str(args["id"]), num(args["depth"], store.DefaultDepth), num(args["limit"], store.DefaultNeighborhood),
			from, to, selection.SelectsProperties(opCtx, f), denseDegree)
	case "duplicateCandidates":
		var id *string
		if v, ok := args["id"].(string); ok {
			id = &v
		}
		return store.CompileDuplicateCandidates(str(args["type"]), id, num(args["first"], 20))
	case "eventCounts", "coParticipation", "positionCounts", "forecastCounts", "forecastScores":
		return store.CompileAggregation(selection.Of(opCtx, f, f.Definition.Type.Name()))
	case "path":
		return store.CompilePath(str(args["fromId"]), str(args["toId"]), num(args["maxDepth"], store.DefaultPathDepth))
	}
	return store.Statement{}, fmt.Errorf("%s reads nothing from the store", f.Name)
}

func str(v any) string { s, _ := v.(string); return s }

func strs(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, str(it))
	}
	return out
}

// num is an Int argument as literals (int64) and variables (json.Number)
// carry it; def when it is null.
func num(v any, def int) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	}
	return def
}

func date(v any) (*eventgraph.Date, error) {
	if v == nil {
		return nil, nil
	}
	var d eventgraph.Date
	if err := d.UnmarshalGQL(v); err != nil {
		return nil, err
	}
	return &d, nil
}

// TestCompileCoversTheSchema fails when a root field, an argument of a
// field (root or nested), a filter of a where or a value of an orderBy
// field has no golden case, so that what is added to the schema comes with
// its expected Cypher. What a case uses is read from its arguments as
// coerced, variables included.
func TestCompileCoversTheSchema(t *testing.T) {
	files, err := filepath.Glob("testdata/tck/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases, order := casesOf(ar)
		for _, name := range order {
			opCtx, err := operation(cases[name])
			if err != nil {
				t.Errorf("%s %s: %v", file, name, err)
				continue
			}
			uses(used, opCtx, opCtx.Operation.SelectionSet)
		}
	}
	var missing []string
	need := func(key string) {
		if !used[key] {
			missing = append(missing, key)
		}
	}
	for _, typ := range append([]string{"Query"}, labels()...) {
		for _, f := range selection.Schema.Types[typ].Fields {
			if strings.HasPrefix(f.Name, "__") || typ == "Query" && f.Name == "likelihoodScale" {
				continue
			}
			if typ == "Query" && (f.Name == "history" || f.Name == "changes") {
				continue // the revision log's, not compiled (history.go)
			}
			key := typ + "." + f.Name
			if typ == "Query" {
				need(key)
			}
			for _, a := range f.Arguments {
				if a.Name == "asOf" {
					continue // read through the revision log (history.go), with the same compiled read
				}
				in := selection.Schema.Types[a.Type.Name()]
				switch a.Name {
				case "where":
					for _, w := range in.Fields {
						need(key + ".where." + w.Name)
					}
				case "orderBy":
					enum := in // an aggregation's BucketOrder is the enum itself
					if in.Kind == ast.InputObject {
						enum = selection.Schema.Types[in.Fields.ForName("field").Type.Name()]
					}
					for _, v := range enum.EnumValues {
						need(key + ".orderBy." + v.Name)
					}
				default:
					need(key + "(" + a.Name + ")")
				}
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no golden case uses %s", m)
	}
}

func labels() []string {
	var out []string
	for _, t := range eventgraph.NodeTypes {
		out = append(out, t.Label())
	}
	return out
}

// uses records what the selection set uses: Type.field, Type.field(arg)
// for each argument given, Type.field.where.x for each filter and
// Type.field.orderBy.V for each ordering, through fragments.
func uses(used map[string]bool, opCtx *graphql.OperationContext, set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition == nil || s.ObjectDefinition == nil {
				continue
			}
			key := s.ObjectDefinition.Name + "." + s.Name
			used[key] = true
			args := s.ArgumentMap(opCtx.Variables)
			for _, a := range s.Arguments {
				used[key+"("+a.Name+")"] = true
			}
			if w, ok := args["where"].(map[string]any); ok {
				for k := range w {
					used[key+".where."+k] = true
				}
			}
			if o, ok := args["orderBy"].(map[string]any); ok {
				used[fmt.Sprintf("%s.orderBy.%v", key, o["field"])] = true
			}
			if o, ok := args["orderBy"].(string); ok {
				used[key+".orderBy."+o] = true
			}
			uses(used, opCtx, s.SelectionSet)
		case *ast.InlineFragment:
			uses(used, opCtx, s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				uses(used, opCtx, s.Definition.SelectionSet)
			}
		}
	}
}
