package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestHandler serves the embedded build the way the service mounts it, and
// behind http.StripPrefix, and checks that the page's assets really exist.
func TestHandler(t *testing.T) {
	// The mux would redirect a path with dot-dots before it reached the
	// handler, so that case goes to the handler itself.
	direct := http.NewServeMux()
	direct.Handle("/explore", Handler())
	direct.Handle("/explore/", Handler())
	stripped := http.NewServeMux()
	stripped.Handle("/explore/", http.StripPrefix("/explore", Handler()))

	page := get(t, direct, "/explore")
	refs := regexp.MustCompile(`(?:src|href)="/explore/([^"]+)"`).FindAllStringSubmatch(page.body, -1)
	if len(refs) < 2 {
		t.Fatalf("index.html refers to %d assets under /explore/, want the script and the stylesheet:\n%s", len(refs), page.body)
	}

	tests := []struct {
		name     string
		mux      http.Handler
		method   string
		path     string
		status   int
		ctype    string
		contains string
		cache    string
	}{
		{"page without slash", direct, "GET", "/explore", 200, "text/html", `<div id="cy"`, "no-cache"},
		{"page with slash", direct, "GET", "/explore/", 200, "text/html", `<div id="cy"`, "no-cache"},
		{"page with view in query", direct, "GET", "/explore?n=vladimir-putin&from=2025-05-01", 200, "text/html", `id="timeline-strip"`, "no-cache"},
		{"index.html by name", direct, "GET", "/explore/index.html", 200, "text/html", `<title>eventgraph explorer</title>`, "no-cache"},
		{"script", direct, "GET", "/explore/" + refs[len(refs)-1][1], 200, "javascript", "cytoscape", "immutable"},
		{"stylesheet", direct, "GET", "/explore/" + refs[0][1], 200, "text/css", ".toolbar", "immutable"},
		{"behind StripPrefix", stripped, "GET", "/explore/", 200, "text/html", `<div id="cy"`, "no-cache"},
		{"missing asset", direct, "GET", "/explore/nope.js", 404, "text/plain", "no such explorer asset: nope.js", ""},
		{"dot-dot stays inside", Handler(), "GET", "/explore/../../etc/passwd", 404, "text/plain", "no such explorer asset", ""},
		{"POST refused", direct, "POST", "/explore/", 405, "text/plain", "only answers GET and HEAD", ""},
		{"HEAD has no body", direct, "HEAD", "/explore/", 200, "text/html", "", "no-cache"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			rec := httptest.NewRecorder()
			tc.mux.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != tc.status {
				t.Fatalf("%s %s: status %d, want %d (%s)", tc.method, tc.path, rec.Code, tc.status, body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want it to contain %q", ct, tc.ctype)
			}
			if !strings.Contains(string(body), tc.contains) {
				t.Errorf("body does not contain %q", tc.contains)
			}
			if tc.method == "HEAD" && len(body) != 0 {
				t.Errorf("HEAD answered %d bytes of body", len(body))
			}
			if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, tc.cache) {
				t.Errorf("Cache-Control %q, want it to contain %q", cc, tc.cache)
			}
		})
	}
}

type response struct {
	status int
	body   string
}

func get(t *testing.T, h http.Handler, path string) response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		t.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return response{rec.Code, rec.Body.String()}
}

// TestGraphiQL serves GraphiQL the way server.New mounts it (its page at /,
// its assets under /graphiql/) and checks that the page loads nothing from
// another origin: every script and stylesheet is one of ours, and exists.
func TestGraphiQL(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", GraphiQL())
	mux.Handle("GET "+GraphiQLPrefix+"/", GraphiQL())

	page := get(t, mux, "/")
	if !strings.Contains(page.body, `id="graphiql"`) {
		t.Fatalf("/ is not GraphiQL's page:\n%s", page.body)
	}
	all := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page.body, -1)
	var assets []string
	for _, m := range all {
		ref := m[1]
		if ref == "data:," { // the empty favicon
			continue
		}
		if !strings.HasPrefix(ref, GraphiQLPrefix+"/") {
			t.Errorf("GraphiQL's page refers to %q, outside %s/ (a CDN would leave it loading forever offline)", ref, GraphiQLPrefix)
			continue
		}
		assets = append(assets, ref)
	}
	if len(assets) != 2 {
		t.Fatalf("GraphiQL's page refers to %d assets %v, want its script and its stylesheet", len(assets), assets)
	}
	for _, ref := range assets {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", ref, nil))
		if rec.Code != 200 {
			t.Errorf("GET %s: %d", ref, rec.Code)
			continue
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: Cache-Control %q, want immutable (the name is hashed)", ref, cc)
		}
		if strings.HasSuffix(ref, ".js") && !strings.Contains(rec.Body.String(), "graphiql") {
			t.Errorf("GET %s: not GraphiQL's bundle", ref)
		}
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("GraphiQL's page has CSP %q, want it kept to its own origin", csp)
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", GraphiQLPrefix+"/nope.js", nil))
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "no such GraphiQL asset") {
		t.Errorf("a missing GraphiQL asset: %d %q", rec.Code, rec.Body.String())
	}
}
