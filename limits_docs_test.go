package eventgraph_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// limitsTable is the Markdown table of eventgraph.Limits that docs/api.md
// states under "Input limits".
func limitsTable() string {
	var b strings.Builder
	b.WriteString("| bound | at most | applies to |\n|---|---|---|\n")
	for _, l := range eventgraph.Limits {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", l.Name, l, l.Applies)
	}
	return b.String()
}

func TestDocsStateTheLimits(t *testing.T) {
	doc, err := os.ReadFile("docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := limitsTable(); !strings.Contains(string(doc), want) {
		t.Errorf("docs/api.md does not state the limits as limits.go has them; its \"Input limits\" table should read:\n\n%s", want)
	}
}

// limitPlaces are the descriptions in schema.graphqls that must state each
// bound's number: "" is the schema's own description, Type or Type.field a
// type's or a field's. Every first argument and every input field called
// text are checked on top of these (see TestSchemaStatesTheLimits).
var limitPlaces = map[string][]string{
	eventgraph.LimitID.Name:              {"", "IngestInput"},
	eventgraph.LimitName.Name:            {"IngestInput"},
	eventgraph.LimitCode.Name:            {"IngestInput"},
	eventgraph.LimitURL.Name:             {"IngestInput"},
	eventgraph.LimitQuote.Name:           {"IngestInput"},
	eventgraph.LimitText.Name:            {"", "IngestInput"},
	eventgraph.LimitList.Name:            {"", "IngestInput"},
	eventgraph.LimitBatchItems.Name:      {"IngestInput"},
	eventgraph.LimitBatchBytes.Name:      {"IngestInput"},
	eventgraph.LimitSearchChars.Name:     {"Query.search"},
	eventgraph.LimitSearchWords.Name:     {"Query.search"},
	eventgraph.LimitSearchWordChars.Name: {"Query.search"},
	eventgraph.LimitFirst.Name:           {"", "Query.nodes"},
	eventgraph.LimitBuckets.Name:         {"Query.eventCounts", "Query.coParticipation", "Query.positionCounts", "Query.forecastCounts"},
	eventgraph.LimitCursorOffset.Name:    {"", "PageInfo"},
	eventgraph.LimitDepth.Name:           {"Query.neighborhood"},
	eventgraph.LimitNeighborhood.Name:    {"Query.neighborhood"},
	eventgraph.LimitPathDepth.Name:       {"Query.path"},
	eventgraph.LimitRootFields.Name:      {""},
	eventgraph.LimitDocumentFields.Name:  {""},
	eventgraph.LimitSelectionDepth.Name:  {""},
	eventgraph.LimitFilterDepth.Name:     {""},
	eventgraph.LimitFilterSize.Name:      {""},
}

func TestSchemaStatesTheLimits(t *testing.T) {
	src, err := os.ReadFile("schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	states := func(where, desc string, l eventgraph.Limit) {
		t.Helper()
		if !regexp.MustCompile(`\b` + fmt.Sprint(l.Max) + `\b`).MatchString(desc) {
			t.Errorf("%s: its description does not say the %s bound, %s: %q", where, l.Name, l, desc)
		}
	}
	for _, l := range eventgraph.Limits {
		places, ok := limitPlaces[l.Name]
		if !ok {
			t.Errorf("the %s bound has no place in the schema's descriptions (limitPlaces)", l.Name)
		}
		for _, place := range places {
			typ, field, _ := strings.Cut(place, ".")
			switch {
			case place == "":
				states("the schema", schema.Description, l)
			case schema.Types[typ] == nil:
				t.Errorf("%s: no such type", place)
			case field == "":
				states(place, schema.Types[typ].Description, l)
			case schema.Types[typ].Fields.ForName(field) == nil:
				t.Errorf("%s: no such field", place)
			default:
				states(place, schema.Types[typ].Fields.ForName(field).Description, l)
			}
		}
	}
	firsts, texts := 0, 0
	for _, typ := range schema.Types {
		if typ.BuiltIn {
			continue
		}
		for _, f := range typ.Fields {
			if typ.Kind == ast.InputObject && f.Name == "text" {
				texts++
				for _, l := range []eventgraph.Limit{eventgraph.LimitSearchChars, eventgraph.LimitSearchWords, eventgraph.LimitSearchWordChars} {
					states(typ.Name+".text", f.Description, l)
				}
			}
			if a := f.Arguments.ForName("first"); a != nil {
				firsts++
				states(typ.Name+"."+f.Name+"(first)", a.Description, eventgraph.FirstLimit(f.Name))
			}
		}
	}
	if firsts == 0 || texts == 0 {
		t.Errorf("found %d first arguments and %d text filters: the schema is not the one this test knows", firsts, texts)
	}
}
