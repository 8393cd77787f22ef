// Package ui serves the graph explorer, the web page where analysts search,
// expand, trace paths and scrub through time over the GraphQL API. Its built
// assets (ui/dist, made by ui/build.sh from ui/src) are embedded in the
// binary, so the service needs nothing on disk to serve it.
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
	dist, err := fs.Sub(embedded, "dist")
	if err != nil {
		// Only possible if the go:embed directive above changes.
		panic("ui: embedded dist missing: " + err.Error())
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the explorer only answers GET and HEAD", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, Prefix)
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		if name == "" || name == "index.html" {
			serveFile(w, r, dist, "index.html", "no-cache")
			return
		}
		cache := "no-cache"
		if hashed.MatchString(name) {
			cache = "public, max-age=31536000, immutable"
		}
		serveFile(w, r, dist, name, cache)
	})
}

func serveFile(w http.ResponseWriter, r *http.Request, dist fs.FS, name, cache string) {
	body, err := fs.ReadFile(dist, name)
	if err != nil {
		http.Error(w, "no such explorer asset: "+name, http.StatusNotFound)
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
		// The page only talks to its own origin; say so to the browser.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	_, _ = w.Write(body)
}
