// Package ui serves the graph explorer, the web page where analysts search,
// expand, trace paths and scrub through time over the GraphQL API, and
// GraphiQL, the in-browser IDE for the API. Their built assets (ui/dist,
// made by ui/build.sh from ui/src, React and GraphiQL included) are embedded
// in the binary, so the service needs nothing on disk and no network to
// serve either.
package ui

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
)

//go:embed all:dist
var embedded embed.FS

// Prefix is where the explorer lives; index.html refers to its assets under it.
const Prefix = "/explore"

// hashed matches the names esbuild gives the bundles (app-AWWY7G2Q.js): their
// content never changes under the same name, so browsers may keep them.
var hashed = regexp.MustCompile(`-[A-Z0-9]{8}\.(js|css)$`)

// Handler serves the explorer: its page at /explore and /explore/ (whatever
// the query string, which carries the view), and its assets under /explore/.
// It accepts requests with or without the /explore prefix, so it works both
// mounted directly (mux.Handle("/explore/", ui.Handler())) and behind
// http.StripPrefix.
func Handler() http.Handler {
	return pageHandler("dist", Prefix, "explorer")
}

// GraphiQLPrefix is where GraphiQL's assets live; its page is at /.
const GraphiQLPrefix = "/graphiql"

// GraphiQL serves GraphiQL's page at / and its assets (React and GraphiQL,
// bundled from npm at build time) under /graphiql/: mount it at both. The
// page calls /graphql on its own origin and nothing else.
func GraphiQL() http.Handler {
	return pageHandler("dist/graphiql", GraphiQLPrefix, "GraphiQL")
}

// pageHandler serves one embedded page: index.html for the bare prefix (or
// /, or any query string), its assets under prefix/.
func pageHandler(dir, prefix, what string) http.Handler {
	dist, err := fs.Sub(embedded, dir)
	if err != nil {
		// Only possible if the go:embed directive above changes.
		panic("ui: embedded " + dir + " missing: " + err.Error())
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the "+what+" only answers GET and HEAD", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, prefix)
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		if name == "" || name == "index.html" {
			serveFile(w, r, dist, what, "index.html", "no-cache")
			return
		}
		cache := "no-cache"
		if hashed.MatchString(name) {
			cache = "public, max-age=31536000, immutable"
		}
		serveFile(w, r, dist, what, name, cache)
	})
}

func serveFile(w http.ResponseWriter, r *http.Request, dist fs.FS, what, name, cache string) {
	body, err := fs.ReadFile(dist, name)
	if err != nil {
		http.Error(w, "no such "+what+" asset: "+name, http.StatusNotFound)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", cache)
	h.Set("X-Content-Type-Options", "nosniff")
	if name == "index.html" {
		// The pages only talk to their own origin; say so to the browser.
		// (GraphiQL's stylesheet carries its fonts as data: URLs.)
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	_, _ = w.Write(body)
}
