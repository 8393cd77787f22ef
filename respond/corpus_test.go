package respond_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/graph"
	"github.com/vektah/gqlparser/v2"
	gqlast "github.com/vektah/gqlparser/v2/ast"
)

// The corpus: the queries the project's own documents and clients send,
// read from their sources so that a query added there is compared here too.

// document is one GraphQL query found in a source file.
type document struct {
	from  string // file it came from
	name  string // operation name, or "" for an anonymous one
	query string
	// required lists the variables without which the operation cannot run.
	required []string
}

var schema = graph.NewExecutableSchema(graph.Config{}).Schema()

// asQuery keeps text when it is one valid query operation (not a mutation,
// not a document for another schema such as the benchmark peer's).
func asQuery(from, text string) (document, bool) {
	doc, errs := gqlparser.LoadQuery(schema, text)
	if errs != nil || len(doc.Operations) != 1 || doc.Operations[0].Operation != gqlast.Query {
		return document{}, false
	}
	op := doc.Operations[0]
	d := document{from: from, name: op.Name, query: text}
	for _, v := range op.VariableDefinitions {
		if v.Type.NonNull && v.DefaultValue == nil {
			d.required = append(d.required, v.Variable)
		}
	}
	return d, true
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmeQueries are the ```graphql blocks of a Markdown file.
func readmeQueries(t *testing.T, path string) []document {
	var out []document
	for _, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(readFile(t, path), -1) {
		if d, ok := asQuery(path, m[1]); ok {
			out = append(out, d)
		}
	}
	return out
}

// goQueries are the string literals of a Go file that are queries.
func goQueries(t *testing.T, path string) []document {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []document
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err == nil {
			if d, ok := asQuery(path, s); ok {
				out = append(out, d)
			}
		}
		return true
	})
	return out
}

// tsQueries are the template literals of a TypeScript file that are
// queries once the constants they interpolate are filled in; those that
// interpolate anything else (computed fields) are left out.
func tsQueries(t *testing.T, path string) []document {
	src := readFile(t, path)
	consts := map[string]string{}
	for _, m := range regexp.MustCompile("(?s)const ([A-Z_]+) = (?:'([^']*)'|`([^`]*)`);").FindAllStringSubmatch(src, -1) {
		consts[m[1]] = m[2] + m[3]
	}
	fill := regexp.MustCompile(`\$\{([^}]*)\}`)
	var out []document
	for _, m := range regexp.MustCompile("(?s)`([^`]*)`").FindAllStringSubmatch(src, -1) {
		text := fill.ReplaceAllStringFunc(m[1], func(ref string) string {
			if v, ok := consts[fill.FindStringSubmatch(ref)[1]]; ok {
				return v
			}
			return ref
		})
		if d, ok := asQuery(path, text); ok {
			out = append(out, d)
		}
	}
	return out
}

// pyQueries are the module constants of a Python file built from
// triple-quoted strings and other constants joined by +.
func pyQueries(t *testing.T, path string) []document {
	src := readFile(t, path)
	assign := regexp.MustCompile(`(?m)^([A-Z_]+) = `)
	token := regexp.MustCompile(`(?s)"""(.*?)"""|[A-Z_][A-Z0-9_]*`)
	consts := map[string]string{}
	locs := assign.FindAllStringSubmatchIndex(src, -1)
	var out []document
	for i, loc := range locs {
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		var b strings.Builder
		for _, tok := range token.FindAllStringSubmatch(src[loc[1]:end], -1) {
			if strings.HasPrefix(tok[0], `"""`) {
				b.WriteString(tok[1])
			} else {
				b.WriteString(consts[tok[0]])
			}
		}
		name := src[loc[2]:loc[3]]
		consts[name] = b.String()
		if d, ok := asQuery(path, consts[name]); ok {
			out = append(out, d)
		}
	}
	return out
}
