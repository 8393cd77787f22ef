package export

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/store"
)

// Timeout bounds one export: the whole graph at the M scale is a matter
// of a minute, far beyond a GraphQL request's timeout.
const Timeout = 10 * time.Minute

// Params are an export request's parameters, checked.
type Params struct {
	Format string
	Scope  store.ExportScope
}

// ParseParams reads format, root, depth, limit and ids (comma-separated
// or repeated) against the input bounds of eventgraph.Limits, as the
// GraphQL arguments of neighborhood are read.
func ParseParams(q map[string][]string) (Params, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	p := Params{Format: get("format")}
	if p.Format == "" {
		p.Format = "graphml"
	}
	if _, ok := Formats[p.Format]; !ok {
		return p, eventgraph.InputError("format", "%q is not graphml, csv or jsonl", clip(p.Format))
	}
	for k := range q {
		switch k {
		case "format", "root", "depth", "limit", "ids":
		default:
			return p, eventgraph.InputError(k, "not a parameter of /export: use format, root, depth, limit or ids")
		}
	}
	num := func(k string, def int, l eventgraph.Limit, least int) (int, error) {
		s := get(k)
		if s == "" {
			return def, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, eventgraph.InputError(k, "%q is not a whole number", clip(s))
		}
		if n < least || n > l.Max {
			return 0, eventgraph.InputError(k, "%d, outside %d to %d (the %s limit of %s)", n, least, l.Max, l.Name, l)
		}
		return n, nil
	}
	var err error
	if p.Scope.Root = get("root"); p.Scope.Root != "" {
		if n := len([]rune(p.Scope.Root)); n > eventgraph.LimitID.Max {
			return p, eventgraph.InputError("root", "%d characters, more than the %s limit of %s", n, eventgraph.LimitID.Name, eventgraph.LimitID)
		}
		if p.Scope.Depth, err = num("depth", store.DefaultDepth, eventgraph.LimitDepth, 1); err != nil {
			return p, err
		}
		if p.Scope.Limit, err = num("limit", store.DefaultNeighborhood, eventgraph.LimitNeighborhood, 1); err != nil {
			return p, err
		}
	} else if get("depth") != "" || get("limit") != "" {
		return p, eventgraph.InputError("root", "depth and limit say how far from root to go: give root too")
	}
	if vs, ok := q["ids"]; ok {
		if p.Scope.Root != "" {
			return p, eventgraph.InputError("ids", "give root (a neighbourhood) or ids (chosen nodes), not both")
		}
		p.Scope.IDs = []string{}
		for _, v := range vs {
			for _, id := range strings.Split(v, ",") {
				if id = strings.TrimSpace(id); id != "" {
					p.Scope.IDs = append(p.Scope.IDs, id)
				}
			}
		}
		if len(p.Scope.IDs) == 0 {
			return p, eventgraph.InputError("ids", "no ids: leave ids out to export the whole graph")
		}
	}
	if p.Format == "jsonl" && (p.Scope.Root != "" || p.Scope.IDs != nil) {
		// A part's items would name nodes outside it: ingested, the batch
		// would be refused.
		return p, eventgraph.InputError("format", "jsonl exports the whole graph (its items name each other); leave root and ids out, or ask for graphml or csv")
	}
	return p, nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Write streams the export of p to w. setHeader is called once, before the
// first byte, so that a caller can still answer with an error status when
// the export fails before it begins (an unknown root, bad ids).
func Write(ctx context.Context, st *store.Client, p Params, w *bufio.Writer, begin func()) error {
	started := false
	start := func() {
		if !started {
			started = true
			begin()
		}
	}
	ctx = store.WithTimeout(ctx, Timeout)
	if p.Format == "jsonl" {
		err := st.ExportItems(ctx, func(typ string, fields map[string]any) error {
			start()
			return itemLine(w, typ, fields)
		})
		if err != nil {
			return err
		}
		start()
		return w.Flush()
	}
	var fw writer
	switch p.Format {
	case "graphml":
		fw = &graphMLWriter{w: w}
	case "csv":
		fw = &csvWriter{out: w}
	}
	err := st.Export(ctx, p.Scope,
		func(n store.ExportNode) error { start(); return fw.node(n) },
		func(e store.ExportEdge) error { start(); return fw.edge(e) })
	if err != nil {
		return err
	}
	start()
	if err := fw.close(); err != nil {
		return err
	}
	return w.Flush()
}

// Handler serves GET /export?format=graphml|csv|jsonl with root, depth and
// limit (a neighbourhood), ids (chosen nodes) or neither (the whole graph).
// The server puts it behind the reader key (server.ReadRoute). A bad
// parameter is a 400 with a GraphQL-style error naming it, an unknown root
// a 404; once the file has begun, a failure can only cut the transfer
// short (the connection is aborted, so the client sees an incomplete
// download, never a file that looks whole).
func Handler(st *store.Client, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := ParseParams(r.URL.Query())
		if err != nil {
			fail(w, log, err)
			return
		}
		// The server's write timeout is a GraphQL request's; an export of
		// the whole graph takes longer.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(Timeout + 10*time.Second))
		f := Formats[p.Format]
		bw := bufio.NewWriterSize(w, 64<<10)
		began := false
		err = Write(r.Context(), st, p, bw, func() {
			began = true
			w.Header().Set("Content-Type", f.MediaType)
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="eventgraph.%s"`, f.Ext))
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
		})
		if err == nil {
			return
		}
		if !began {
			fail(w, log, err)
			return
		}
		log.Error("export failed after it began", "err", err)
		panic(http.ErrAbortHandler)
	})
}

// fail answers an export that could not begin, as GraphQL errors are
// answered: the code and, except for internal errors, the message.
func fail(w http.ResponseWriter, log *slog.Logger, err error) {
	code := eventgraph.ErrorCode(err)
	status := map[string]int{
		eventgraph.CodeBadUserInput: http.StatusBadRequest, eventgraph.CodeNotFound: http.StatusNotFound,
		eventgraph.CodeQueryTooComplex: http.StatusBadRequest, eventgraph.CodeDatabaseUnavailable: http.StatusServiceUnavailable,
	}[code]
	msg := "internal error"
	ext := map[string]any{"code": code}
	if e, ok := errors.AsType[*eventgraph.Error](err); ok && code != eventgraph.CodeInternal {
		msg = e.Message
		if e.Path != "" {
			msg = e.Path + ": " + e.Message
			ext["path"] = e.Path
		}
	}
	if status == 0 {
		status = http.StatusInternalServerError
		code, ext["code"] = eventgraph.CodeInternal, eventgraph.CodeInternal
		msg = "internal error"
		log.Error("export failed", "err", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": ext}}})
}
