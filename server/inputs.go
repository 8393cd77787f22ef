package server

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/eventgraph/eventgraph/server/scalar"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/eventgraph/eventgraph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// inputLimits holds every argument of an operation to the bounds of
// eventgraph.Limits before anything runs: each String or ID value against
// eventgraph.StringLimit of its field, each list against LimitList, and
// first, depth, limit and maxDepth against theirs. A value beyond its
// bound would otherwise reach Neo4j, where it fails late and as a database
// error (an index key over 8 KB rolls the batch back; a search of a
// thousand words exceeds Lucene's clause limit or the heap). Every problem
// of the operation is reported at once, as eventgraph.InputErrors.
//
// It also notes which search texts (search(query), where.text) are longer
// than a search uses (eventgraph.SearchWords), and hands the note back in
// the response's extensions.searchText, on both read paths.
type inputLimits struct {
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.OperationInterceptor
} = (*inputLimits)(nil)

// searchTextKey names the note in the operation's stats and the response's
// extensions.
const searchTextKey = "searchText"

// maxProblems bounds the problems one response lists: a 4 MB batch of
// over-long ids would otherwise come back as a response of tens of
// thousands of errors.
const maxProblems = 100

// numberLimits are the Int arguments with a bound of their own.
var numberLimits = map[string]eventgraph.Limit{
	"first":    eventgraph.LimitFirst,
	"depth":    eventgraph.LimitDepth,
	"limit":    eventgraph.LimitNeighborhood,
	"maxDepth": eventgraph.LimitPathDepth,
}

// batchInput is the input type whose own lists the store bounds together
// (eventgraph.LimitBatchItems) rather than each against LimitList.
const batchInput = "IngestInput"

func (*inputLimits) ExtensionName() string { return "InputLimits" }

func (l *inputLimits) Validate(es graphql.ExecutableSchema) error {
	l.schema = es.Schema()
	return nil
}

func (l *inputLimits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	// A document without a parenthesis has no arguments to check.
	if op.Operation == nil || !strings.Contains(op.RawQuery, "(") {
		return nil
	}
	w := inputWalker{schema: l.schema, vars: op.Variables}
	w.selections(op.Operation.SelectionSet)
	if len(w.notes) > 0 {
		op.Stats.SetExtension(searchTextKey, w.notes)
	}
	if len(w.problems) == 0 {
		return nil
	}
	refused(ctx, reasonInputLimit)
	return w.err()
}

// InterceptOperation adds the search-text note to the response. The note
// is known before execution, when there is no response context to
// register an extension with, and the direct read path (package respond)
// builds its response without the executor's: wrapping the response
// handler reaches both.
func (l *inputLimits) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	rh := next(ctx)
	op := graphql.GetOperationContext(ctx)
	if op == nil {
		return rh
	}
	note := op.Stats.GetExtension(searchTextKey)
	if note == nil {
		return rh
	}
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		// A refused operation (no data) used no search text.
		if resp != nil && len(resp.Data) > 0 && string(resp.Data) != "null" {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions[searchTextKey] = note
		}
		return resp
	}
}

// SearchTextNote is one item of extensions.searchText: a search text of
// the field at Path (response names, dot-separated) whose argument
// Argument had more distinct words than a search uses or words longer
// than one may be. Words counts its distinct words, Used those searched
// for, Cut the words cut to their first LimitSearchWordChars characters.
type SearchTextNote struct {
	Path     string `json:"path"`
	Argument string `json:"argument"`
	Words    int    `json:"words"`
	Used     int    `json:"used"`
	Cut      int    `json:"cut"`
}

// inputWalker walks one operation's selections and their arguments.
type inputWalker struct {
	schema *ast.Schema
	vars   map[string]any
	// frags are the fragments already walked: a fragment's arguments are
	// the same wherever it is spread, so it is walked once however many
	// times the document spreads it.
	frags map[string]bool
	// field holds the response names leading to the current field; arg the
	// input path inside its arguments (input.actors[3].name). Both grow
	// and shrink as the walk goes, so that a value within bounds costs no
	// allocation.
	field []string
	arg   []byte
	// first is the bound on the current field's first argument.
	first eventgraph.Limit
	// filterDepth is how many where inputs the walk is inside of, and
	// filterSize how many fields the current argument's where inputs set;
	// filterRefused is set once the argument is beyond either bound (it is
	// said once).
	filterDepth, filterSize int
	filterRefused           bool

	problems eventgraph.InputErrors
	// where is the response path of each problem's field.
	where []string
	more  bool
	notes []SearchTextNote
}

func (w *inputWalker) selections(set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			w.field = append(w.field, s.Alias)
			if len(s.Arguments) > 0 && s.Definition != nil {
				w.arguments(s)
			}
			w.selections(s.SelectionSet)
			w.field = w.field[:len(w.field)-1]
		case *ast.InlineFragment:
			w.selections(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition == nil || w.frags[s.Name] {
				continue
			}
			if w.frags == nil {
				w.frags = map[string]bool{}
			}
			w.frags[s.Name] = true
			w.selections(s.Definition.SelectionSet)
		}
	}
}

func (w *inputWalker) arguments(f *ast.Field) {
	for _, a := range f.Arguments {
		def := f.Definition.Arguments.ForName(a.Name)
		if def == nil {
			continue
		}
		v, err := a.Value.Value(w.vars)
		if err != nil {
			continue // not a value of its type: gqlgen reports it
		}
		list := eventgraph.LimitList
		if f.Name == "nodes" && a.Name == "ids" {
			// nodes(ids) reads a page of nodes: bounded as a page is.
			list = eventgraph.LimitFirst
		}
		w.arg = append(w.arg[:0], a.Name...)
		w.first = eventgraph.FirstLimit(f.Name)
		w.filterDepth, w.filterSize, w.filterRefused = 0, 0, false
		w.value(def.Type, a.Name, v, &list)
	}
}

// value checks v, of type typ, given as the input field or argument called
// name. list is the bound on v when it is a list; nil for the lists of a
// batch.
func (w *inputWalker) value(typ *ast.Type, name string, v any, list *eventgraph.Limit) {
	if v == nil || w.more {
		return
	}
	if typ.Elem != nil {
		items, ok := v.([]any)
		if !ok {
			// A single value where a list is expected is a list of one.
			w.value(typ.Elem, name, v, nil)
			return
		}
		if list != nil && len(items) > list.Max {
			w.problem("%d items, more than the %s limit of %s", len(items), list.Name, list)
		}
		if def := w.schema.Types[typ.Elem.Name()]; def != nil && def.Kind == ast.InputObject && w.filterOver(len(items)-1) {
			return
		}
		at := len(w.arg)
		for i, item := range items {
			w.arg = append(w.arg, '[')
			w.arg = strconv.AppendInt(w.arg, int64(i), 10)
			w.arg = append(w.arg, ']')
			w.value(typ.Elem, name, item, &eventgraph.LimitList)
			w.arg = w.arg[:at]
		}
		return
	}
	def := w.schema.Types[typ.NamedType]
	if def == nil {
		return
	}
	switch def.Kind {
	case ast.InputObject:
		fields, ok := v.(map[string]any)
		if !ok {
			return
		}
		if def.Name == batchInput && oversized(fields) {
			return
		}
		if eventgraph.IsFilterInput(def.Name) {
			w.filterDepth++
			defer func() { w.filterDepth-- }()
			if w.filterDepth > eventgraph.LimitFilterDepth.Max && !w.filterRefused {
				w.filterRefused = true
				w.problem("nested %d levels deep, more than the %s limit of %s", w.filterDepth, eventgraph.LimitFilterDepth.Name, eventgraph.LimitFilterDepth)
				return
			}
		}
		at := len(w.arg)
		for _, fd := range def.Fields {
			fv, ok := fields[fd.Name]
			if !ok || fv == nil {
				continue
			}
			w.arg = append(w.arg, '.')
			w.arg = append(w.arg, fd.Name...)
			if w.filterOver(1) {
				w.arg = w.arg[:at]
				return
			}
			if def.Name == batchInput {
				w.value(fd.Type, fd.Name, fv, nil)
			} else {
				w.value(fd.Type, fd.Name, fv, &eventgraph.LimitList)
			}
			w.arg = w.arg[:at]
		}
	case ast.Scalar:
		if s, ok := v.(string); ok {
			w.text(typ.NamedType, name, s)
			return
		}
		if typ.NamedType == "Int" {
			if _, err := scalar.UnmarshalInt(v); err != nil {
				// Not an Int at all: the executor's decoding says so, in the
				// scalar's own words.
				return
			}
			l, ok := numberLimits[name]
			if string(w.arg) == "first" {
				l = w.first
			}
			if ok {
				if n, ok := integer(v); ok && n > int64(l.Max) {
					w.problem("%d, more than the %s limit of %s", n, l.Name, l)
				}
			}
		}
	}
}

// filterOver counts n more fields or filters (the items of AND and OR)
// set in the current where argument, and tells whether that takes it beyond LimitFilterSize (said
// once, at the field that went over).
func (w *inputWalker) filterOver(n int) bool {
	if w.filterDepth == 0 {
		return false
	}
	w.filterSize += n
	if w.filterSize <= eventgraph.LimitFilterSize.Max {
		return false
	}
	if !w.filterRefused {
		w.filterRefused = true
		w.problem("the filter sets more than %d fields and filters, the %s limit of %s", eventgraph.LimitFilterSize.Max, eventgraph.LimitFilterSize.Name, eventgraph.LimitFilterSize)
	}
	return true
}

// oversized tells a batch of more items than eventgraph.LimitBatchItems,
// which the store refuses whole without looking at them: walking them here
// would only cost time.
func oversized(batch map[string]any) bool {
	n := 0
	for _, v := range batch {
		l, _ := v.([]any)
		n += len(l)
	}
	return n > eventgraph.LimitBatchItems.Max
}

// shortText is the length in bytes up to which no string can be beyond a
// bound or be cut by a search: the smallest bound counted in characters (a
// character takes at least one byte), and too short to hold more words than
// a search uses (each but the last takes a separator).
var shortText = func() int {
	least := 2 * eventgraph.LimitSearchWords.Max
	for _, l := range eventgraph.Limits {
		if l.Unit == "characters" && l.Max < least {
			least = l.Max
		}
	}
	return least
}()

// text checks a string given as the input field or argument called name.
func (w *inputWalker) text(typeName, name, s string) {
	if len(s) <= shortText {
		return
	}
	l := eventgraph.StringLimit(name, typeName == "ID")
	// Bytes bound characters from above: most strings need no counting.
	if len(s) > l.Max {
		if n := utf8.RuneCountInString(s); n > l.Max {
			w.problem("%d characters, more than the %s limit of %s", n, l.Name, l)
			return
		}
	}
	if l == eventgraph.LimitSearchChars {
		if st := eventgraph.SearchWords(s); st.Truncated() {
			w.notes = append(w.notes, SearchTextNote{
				Path: strings.Join(w.field, "."), Argument: string(w.arg),
				Words: len(st.Words) + st.Dropped, Used: len(st.Words), Cut: st.Cut,
			})
		}
	}
}

func (w *inputWalker) problem(format string, args ...any) {
	if len(w.problems) == maxProblems {
		w.more = true
		return
	}
	w.problems = append(w.problems, eventgraph.InputError(string(w.arg), format, args...))
	w.where = append(w.where, strings.Join(w.field, "."))
}

// err is the GraphQL error of the problems found. Its path is the response
// path of the field whose arguments are at fault when there is one such
// field (there is no data yet, so no list indices); when problems lie in
// several fields, each problem's input path starts with its field's
// response path instead, so that none is ambiguous.
func (w *inputWalker) err() *gqlerror.Error {
	one := true
	for _, f := range w.where {
		one = one && f == w.where[0]
	}
	var path ast.Path
	if one {
		for _, name := range w.field0() {
			path = append(path, ast.PathName(name))
		}
	} else {
		for i, p := range w.problems {
			p.Path = w.where[i] + "." + p.Path
		}
	}
	problems := w.problems
	if w.more {
		problems = append(problems, eventgraph.InputError("",
			"more than %d arguments are beyond their bounds; only the first %d are listed", maxProblems, maxProblems))
	}
	return &gqlerror.Error{
		Message:    problems.Error(),
		Path:       path,
		Err:        problems,
		Extensions: map[string]any{"code": eventgraph.CodeBadUserInput},
	}
}

// field0 is the response path of the first problem's field, as names.
func (w *inputWalker) field0() []string {
	if len(w.where) == 0 || w.where[0] == "" {
		return nil
	}
	return strings.Split(w.where[0], ".")
}

// integer reads an Int as literals (int64) and variables (json.Number)
// carry it. A number too large for int64 is larger than every bound.
func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case float64:
		return int64(min(n, 1<<62)), true
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		if f, err := n.Float64(); err == nil && f > 0 {
			return 1<<63 - 1, true
		}
	}
	return 0, false
}

// String renders a note for logs and test failures.
func (n SearchTextNote) String() string {
	return fmt.Sprintf("%s(%s): %d words, %d used, %d cut", n.Path, n.Argument, n.Words, n.Used, n.Cut)
}
