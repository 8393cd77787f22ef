package hostile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/graph"
	"github.com/eventgraph/eventgraph/seed"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/vektah/gqlparser/v2/ast"
)

// Every node a case writes has an id starting with prefix, so that the
// cleanup after each case can remove it whatever went wrong.
const prefix = "hostile-"

const (
	mediaGraphQL = "application/graphql-response+json"
	mediaJSON    = "application/json"
	// none, as a header value of a request, sends no such header.
	none = "\x00none"
)

var (
	writer = "Bearer " + apitest.WriterKey
	reader = "Bearer " + apitest.ReaderKey
)

// Codes a client may be shown for hostile input.
const (
	badInput   = eventgraph.CodeBadUserInput
	tooComplex = eventgraph.CodeQueryTooComplex
	unauth     = eventgraph.CodeUnauthenticated
	forbidden  = eventgraph.CodeForbidden
	notFound   = eventgraph.CodeNotFound
)

// target is the service a case is sent to.
type target int

const (
	open    target = iota // the shared apitest service: reads need no key
	readers               // the same service with a reader key required for reads
)

// request is what a case sends. The zero value is a POST of query and vars
// to /graphql as application/json, asking for application/graphql-response+json.
type request struct {
	target      target
	method      string      // POST unless set
	path        string      // /graphql unless set; may carry a query string (GET)
	contentType string      // application/json unless set; none for no header
	accept      string      // application/graphql-response+json unless set; none for no header
	auth        string      // the Authorization header; "" for none
	headers     http.Header // more headers
	body        []byte      // the body as sent; nil: {"query": query, "variables": vars}
	chunked     bool        // send the body without a Content-Length
	query       string
	vars        map[string]any
}

// want is what a case must get back.
type want struct {
	// ok: the request succeeds: data and no errors.
	ok bool
	// codes: the request fails with at least one error, each with one of
	// these codes (unless orOK, when success is acceptable too).
	codes []string
	orOK  bool
	// status is the HTTP status; 0 means the one GraphQL over HTTP gives
	// the response's shape (see wantStatus).
	status int
	// requestError: the request is refused before execution (no data).
	requestError bool
	// mention: each appears in the errors' messages or paths (a field, its
	// path, a bound).
	mention []string
	// media is the response's media type when not the one Accept asks for.
	media string
	// writes: a legitimate write; stored must then be found verbatim in
	// the nodes it wrote (or their relationships), undo (Cypher; by default
	// every node with the prefix goes) restores the graph, and the counts
	// must be back where they were.
	writes bool
	stored []string
	undo   string
	// check runs further assertions on the result.
	check func(t *testing.T, r *result)
	// echo lists strings the client sent that an error may quote back; they
	// are not leaks. Every string in the request's variables is added.
	echo []string
}

// hcase is one hostile request.
type hcase struct {
	cat, name string
	req       request
	want      want
	// setup is an ingest batch written (with the writer key) before the
	// case, and removed after it.
	setup map[string]any
	// timeout bounds the request; a guard that works answers in
	// milliseconds, so a hang fails the case instead of blocking the run.
	timeout time.Duration
	// heavy cases run last: before the fixes they exhaust the database or
	// pin a core, and should not spoil the cases after them.
	heavy bool
}

// result is what came back.
type result struct {
	status  int
	header  http.Header
	body    []byte
	elapsed time.Duration
	doc     map[string]json.RawMessage // nil when the body is not a JSON object
	errors  []gqlError
	hasData bool
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { s, _ := e.Extensions["code"].(string); return s }

// ---------------------------------------------------------------- the suite

type suite struct {
	svc      map[target]*apitest.Server
	driver   neo4j.DriverWithContext
	database string
	client   *http.Client
	// down names the case after which the database stopped answering.
	down string
}

func TestHostile(t *testing.T) {
	s := newSuite(t)
	cases := allCases(t)
	if len(cases) < 200 {
		t.Fatalf("the suite has %d cases, the issue asks for at least 200", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		key := c.cat + "/" + c.name
		if seen[key] {
			t.Fatalf("two cases named %s", key)
		}
		seen[key] = true
	}
	sort.SliceStable(cases, func(i, j int) bool { return !cases[i].heavy && cases[j].heavy })
	start := time.Now()
	for _, c := range cases {
		t.Run(c.cat+"/"+c.name, func(t *testing.T) { s.run(t, c) })
	}
	t.Logf("%d hostile cases in %s", len(cases), time.Since(start).Round(time.Millisecond))
}

func newSuite(t *testing.T) *suite {
	srv := apitest.Start(t)
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { driver.Close(context.Background()) })
	s := &suite{
		svc: map[target]*apitest.Server{
			open:    srv,
			readers: srv.Variant(t, func(c *server.Config) { c.ReaderKeys = []string{apitest.ReaderKey} }),
		},
		driver:   driver,
		database: cfg.Database,
		client: &http.Client{
			// A redirect is an answer to assert, not to follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	s.cleanup(t)
	t.Cleanup(func() { s.cleanup(t) })
	return s
}

// run sends one case and asserts everything the issue asks of it.
func (s *suite) run(t *testing.T, c hcase) {
	if s.down != "" {
		t.Fatalf("not run: the database stopped answering after %s", s.down)
	}
	defer s.cleanup(t)
	if c.setup != nil {
		s.setup(t, c.setup)
	}
	before := s.fingerprint(t)
	timeout := c.timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	res, err := s.send(c.req, timeout)
	if err != nil {
		t.Errorf("no answer within %s: %v", timeout, err)
	} else {
		s.assert(t, c, res)
	}
	if c.want.writes && !t.Failed() {
		s.verifyStored(t, c.want.stored)
	}
	if c.want.writes {
		undo := c.want.undo
		if undo == "" {
			undo = "MATCH (n) WHERE n.id STARTS WITH $prefix DETACH DELETE n"
		}
		s.cypher(t, undo, map[string]any{"prefix": prefix})
	}
	after := s.fingerprint(t)
	if c.want.writes {
		// A write is recorded in the revision log for good (undoing it
		// is recorded too); a refused one must leave it as it was.
		for _, l := range []string{"node Revision", "node Change", "node RevisionCounter"} {
			delete(before, l)
			delete(after, l)
		}
	}
	if diff := before.diff(after, !c.want.writes); diff != "" {
		t.Errorf("the graph changed: %s", diff)
	}
	s.alive(t, c.cat+"/"+c.name)
}

// send posts the case's request with a client timeout.
func (s *suite) send(r request, timeout time.Duration) (*result, error) {
	method := r.method
	if method == "" {
		method = http.MethodPost
	}
	path := r.path
	if path == "" {
		path = "/graphql"
	}
	body := r.body
	if body == nil && method == http.MethodPost {
		m := map[string]any{"query": r.query}
		if r.vars != nil {
			m["variables"] = r.vars
		}
		var err error
		if body, err = json.Marshal(m); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
		if r.chunked {
			rd = io.MultiReader(rd) // not a *bytes.Reader: no Content-Length
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, s.svc[r.target].URL+path, rd)
	if err != nil {
		return nil, err
	}
	set := func(k, v, def string) {
		switch v {
		case none:
		case "":
			if def != "" {
				req.Header.Set(k, def)
			}
		default:
			req.Header.Set(k, v)
		}
	}
	if body != nil {
		set("Content-Type", r.contentType, mediaJSON)
	}
	set("Accept", r.accept, mediaGraphQL)
	set("Authorization", r.auth, "")
	for k, vs := range r.headers {
		req.Header[k] = vs
	}
	start := time.Now()
	res, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	out := &result{status: res.StatusCode, header: res.Header, body: raw, elapsed: time.Since(start)}
	if json.Unmarshal(raw, &out.doc) == nil && out.doc != nil {
		if e, ok := out.doc["errors"]; ok {
			if err := json.Unmarshal(e, &out.errors); err != nil {
				out.errors = []gqlError{{Message: "(errors is not a list of errors: " + string(e) + ")"}}
			}
		}
		_, out.hasData = out.doc["data"]
	}
	return out, nil
}

// assert checks the status, the media type, the codes, the mentions and
// that nothing leaked.
func (s *suite) assert(t *testing.T, c hcase, r *result) {
	t.Helper()
	w := c.want
	if r.status >= 500 {
		t.Errorf("HTTP %d (never a 5xx): %s", r.status, clip(r.body))
	}
	if r.status >= 300 && r.status < 400 || c.req.method == http.MethodHead {
		if r.status != w.status {
			t.Errorf("HTTP %d, want %d", r.status, w.status)
		}
		s.noLeaks(t, c, r)
		return
	}
	if r.doc == nil {
		t.Errorf("HTTP %d, the body is not a JSON object: %s", r.status, clip(r.body))
		s.noLeaks(t, c, r)
		return
	}
	if len(r.errors) == 0 && !r.hasData {
		t.Errorf("neither data nor errors: %s", clip(r.body))
	}
	media := w.media
	if media == "" {
		media = responseMedia(c.req.accept)
	}
	if got, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); got != media {
		t.Errorf("Content-Type %q, want %s", r.header.Get("Content-Type"), media)
	}
	if want := wantStatus(w, r, media); r.status != want {
		t.Errorf("HTTP %d, want %d: %s", r.status, want, clip(r.body))
	}
	for _, e := range r.errors {
		switch e.code() {
		case eventgraph.CodeInternal, eventgraph.CodeDatabaseUnavailable:
			t.Errorf("%s (never for client input): %s", e.code(), e.Message)
		case "":
			t.Errorf("an error without extensions.code: %s", e.Message)
		}
	}
	switch {
	case w.ok || (w.orOK && len(r.errors) == 0):
		if len(r.errors) > 0 {
			t.Errorf("want success, got %s", clip([]byte(describe(r.errors))))
		} else if !r.hasData {
			t.Errorf("want data: %s", clip(r.body))
		}
	default:
		if len(r.errors) == 0 {
			t.Errorf("accepted, want %s: %s", strings.Join(w.codes, " or "), clip(r.body))
			break
		}
		for _, e := range r.errors {
			if !slices.Contains(w.codes, e.code()) {
				t.Errorf("code %s, want %s: %s", e.code(), strings.Join(w.codes, " or "), e.Message)
			}
		}
		if w.requestError && r.hasData {
			t.Errorf("want a request error (refused before execution, no data): %s", clip(r.body))
		}
		said := describe(r.errors)
		for _, m := range w.mention {
			if !strings.Contains(said, m) {
				t.Errorf("the errors do not say %q: %s", m, clip([]byte(said)))
			}
		}
	}
	if w.check != nil {
		w.check(t, r)
	}
	s.noLeaks(t, c, r)
}

// wantStatus is the status GraphQL over HTTP gives the response: a request
// error (no data) is 4xx by its code with application/graphql-response+json
// and 200 with application/json; a response with data is 200.
func wantStatus(w want, r *result, media string) int {
	if w.status != 0 {
		return w.status
	}
	if r.hasData || len(r.errors) == 0 || media == mediaJSON {
		return http.StatusOK
	}
	switch r.errors[0].code() {
	case unauth:
		return http.StatusUnauthorized
	case forbidden:
		return http.StatusForbidden
	}
	return http.StatusBadRequest
}

// responseMedia is the media type the service must answer with for the
// Accept header sent (as the case's request field).
func responseMedia(accept string) string {
	if accept == "" {
		return mediaGraphQL
	}
	if accept == none {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || params["q"] == "0" {
			continue
		}
		if mt == mediaGraphQL || mt == mediaJSON {
			return mt
		}
	}
	return mediaJSON
}

// leaks are what a client must never see: Go identifiers and file
// positions, stacks, Neo4j's codes and addresses, Cypher.
var leaks = []*regexp.Regexp{
	regexp.MustCompile(`\b(server|store|model|resolvers|respond|graph|eventgraph|gqlerror|gqlparser|graphql|neo4j|db|json|http|reflect|runtime|strconv|errors|fmt|ast|time|context)\.[A-Za-z_]`),
	regexp.MustCompile(`\*[a-z]+\.[A-Z]`),
	regexp.MustCompile(`rawRequest|RawParams|RawMessage|map\[string\]|interface \{|\[\]interface|\bstruct \{`),
	regexp.MustCompile(`Neo\.(ClientError|TransientError|DatabaseError|ClientNotification)|bolt://|neo4j://`),
	regexp.MustCompile(`\b(MATCH|UNWIND|MERGE|DETACH DELETE|OPTIONAL MATCH|RETURN|WITH DISTINCT|CALL \{|CALL db\.)\b`),
	regexp.MustCompile(`\.go:\d+|goroutine \d+|panic:|runtime error|github\.com/`),
	regexp.MustCompile(`(?i)lucene|TooManyClauses|maxClauseCount|OutOfMemory|java\.|org\.neo4j`),
}

// noLeaks scans what the client is told (messages, paths, extensions; the
// whole body when it is not JSON) after removing what the client itself
// sent.
func (s *suite) noLeaks(t *testing.T, c hcase, r *result) {
	t.Helper()
	// Longest first, each once: a batch of a thousand copies sends the
	// same few strings a thousand times.
	echo := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(c.want.echo), strings2(c.req.vars)...))))
	sort.SliceStable(echo, func(i, j int) bool { return len(echo[i]) > len(echo[j]) })
	var texts []string
	if r.doc == nil {
		texts = []string{string(r.body)}
	} else {
		var errs []any
		_ = json.Unmarshal(r.doc["errors"], &errs)
		texts = strings2(errs)
		if x, ok := r.doc["extensions"]; ok {
			var ext any
			_ = json.Unmarshal(x, &ext)
			texts = append(texts, strings2(ext)...)
		}
	}
	for _, text := range texts {
		for _, e := range echo {
			if e == "" {
				continue
			}
			q := strconv.Quote(e)
			text = strings.ReplaceAll(text, q[1:len(q)-1], "")
			text = strings.ReplaceAll(text, e, "")
		}
		for _, re := range leaks {
			if m := re.FindString(text); m != "" {
				t.Errorf("leaked %q: %s", m, clip([]byte(text)))
			}
		}
	}
}

// strings2 lists every string in v (map keys included), depth first.
func strings2(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				out = append(out, k)
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func describe(errs []gqlError) string {
	var b strings.Builder
	for _, e := range errs {
		p, _ := e.Extensions["path"].(string)
		fmt.Fprintf(&b, "[%s %s %v %s] ", e.code(), p, e.Path, e.Message)
	}
	return b.String()
}

func clip(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + fmt.Sprintf("... (%d bytes)", len(b))
	}
	return string(b)
}

// ---------------------------------------------------------------- the graph

// fingerprint is the graph in summary: nodes per label with their latest
// updatedAt, relationships per type with a digest of their ends and
// properties (a write that rewires or edits relationships without adding
// any, such as a cycle closed by moving a parent, changes no count).
type fingerprint map[string]print

type print struct {
	count   int64
	updated string // nodes: the latest updatedAt
	digest  string // relationships: of every (from, to, properties)
}

func (s *suite) fingerprint(t *testing.T) fingerprint {
	t.Helper()
	fp := fingerprint{}
	for _, r := range s.cypher(t, `MATCH (n) UNWIND labels(n) AS k
		RETURN k, count(*), coalesce(toString(max(n.updatedAt)), '')`, nil) {
		fp["node "+r.Values[0].(string)] = print{count: r.Values[1].(int64), updated: r.Values[2].(string)}
	}
	rels := map[string][]string{}
	for _, r := range s.cypher(t, `MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)`, nil) {
		k := "relationship " + r.Values[0].(string)
		rels[k] = append(rels[k], fmt.Sprintf("%v>%v %v", r.Values[1], r.Values[2], r.Values[3]))
	}
	for k, rs := range rels {
		sort.Strings(rs)
		sum := sha256.Sum256([]byte(strings.Join(rs, "\n")))
		fp[k] = print{count: int64(len(rs)), digest: hex.EncodeToString(sum[:8])}
	}
	return fp
}

// diff says how b differs from a; withUpdated compares the latest
// updatedAt too, not just the counts.
func (a fingerprint) diff(b fingerprint, withUpdated bool) string {
	var out []string
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}) {
		x, y := a[k], b[k]
		switch {
		case x.count != y.count:
			out = append(out, fmt.Sprintf("%s: %d -> %d", k, x.count, y.count))
		case x.digest != y.digest:
			out = append(out, fmt.Sprintf("%s: ends or properties changed", k))
		case withUpdated && x.updated != y.updated:
			out = append(out, fmt.Sprintf("%s: updatedAt %s -> %s", k, x.updated, y.updated))
		}
	}
	return strings.Join(out, "; ")
}

func (s *suite) cypher(t *testing.T, q string, params map[string]any) []*neo4j.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, s.driver, q, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database))
	if err != nil {
		s.down = "(a direct query failed)"
		t.Fatalf("direct query: %v", err)
	}
	return res.Records
}

// cleanup removes every node a case wrote (or set up).
func (s *suite) cleanup(t *testing.T) {
	t.Helper()
	if s.down == "" {
		s.cypher(t, "MATCH (n) WHERE n.id STARTS WITH $prefix DETACH DELETE n", map[string]any{"prefix": prefix})
	}
}

// setup writes a batch through the API, as a client would.
func (s *suite) setup(t *testing.T, batch map[string]any) {
	t.Helper()
	res, err := s.send(ingest(batch, false), 20*time.Second)
	if err != nil || res.status != http.StatusOK || len(res.errors) > 0 {
		if err == nil {
			err = errors.New(clip(res.body))
		}
		t.Fatalf("setup batch: %v", err)
	}
}

// alive checks that the service and the database still answer a trivial
// read; when they do not within 30 s, the rest of the suite is not run.
func (s *suite) alive(t *testing.T, after string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := s.send(request{query: `{ actor(id: "vladimir-putin") { id } }`}, 10*time.Second)
		if err == nil && res.status == http.StatusOK && len(res.errors) == 0 &&
			strings.Contains(string(res.body), `"id":"vladimir-putin"`) {
			return
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("HTTP %d: %s", res.status, clip(res.body))
			}
			s.down = after
			t.Fatalf("the database does not answer after the case: %v", err)
		}
		time.Sleep(time.Second)
	}
}

// verifyStored checks that every string is stored verbatim in a node with
// the prefix or one of its relationships.
func (s *suite) verifyStored(t *testing.T, want []string) {
	t.Helper()
	if len(want) == 0 {
		return
	}
	recs := s.cypher(t, `MATCH (n) WHERE n.id STARTS WITH $prefix
		OPTIONAL MATCH (n)-[r]-() RETURN properties(n), collect(properties(r))`, map[string]any{"prefix": prefix})
	var stored []string
	for _, r := range recs {
		stored = append(stored, strings2(normalize(r.Values))...)
	}
	for _, w := range want {
		if !slices.ContainsFunc(stored, func(v string) bool { return strings.Contains(v, w) }) {
			t.Errorf("%q is not stored verbatim (stored: %.300q)", w, stored)
		}
	}
}

// normalize turns the driver's values into the types strings2 walks.
func normalize(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	return v
}

// ---------------------------------------------------------------- building requests

func gql(query string) request { return request{query: query} }

func gqlv(query string, vars map[string]any) request { return request{query: query, vars: vars} }

func mutation(query string, vars map[string]any) request {
	return request{query: query, vars: vars, auth: writer}
}

func raw(body string) request { return request{body: []byte(body)} }

const ingestOp = `mutation Ingest($input: IngestInput!, $v: Boolean) {
  ingest(input: $input, validateOnly: $v) { validateOnly created updated unchanged relationshipsCreated }
}`

func ingest(batch map[string]any, validateOnly bool) request {
	return mutation(ingestOp, map[string]any{"input": batch, "v": validateOnly})
}

type obj = map[string]any

func list(v ...any) []any { return v }

func actor(id string) obj { return obj{"id": id, "name": "Hostile actor " + id, "kind": "PERSON"} }
func topic(id string) obj { return obj{"id": id, "name": "Hostile topic " + id} }
func location(id string) obj {
	return obj{"id": id, "name": "Hostile location " + id, "kind": "CITY"}
}
func event(id string) obj {
	return obj{"id": id, "title": "Hostile event " + id, "kind": "CONSULT", "startDate": "2025-05-20"}
}
func source(id string) obj {
	return obj{"id": id, "title": "Hostile source " + id, "kind": "ARTICLE", "publishedAt": "2025-05-26"}
}
func position(id string) obj {
	return obj{"id": id, "actorId": "vladimir-putin", "topicId": "ceasefire", "stance": "DEMANDS", "statement": "Hostile statement " + id}
}
func forecast(id string) obj {
	return obj{"id": id, "statement": "Hostile forecast " + id, "horizon": "SHORT_TERM", "likelihood": "LIKELY",
		"aboutIds": list("russia"), "sourceId": seed.SourceID}
}
func affiliation() obj { return obj{"actorId": prefix + "aff", "withId": "russia"} }

// affiliations is a batch of affiliations of the hostile actor the batch
// also holds, so that nothing a broken guard lets through touches the seed.
func affiliations(items ...obj) obj {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it
	}
	return obj{"actors": list(actor(prefix + "aff")), "affiliations": out}
}

// with returns a copy of o with the fields of more set.
func with(o obj, more obj) obj {
	out := obj{}
	for k, v := range o {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

func cursor(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// words is n distinct short words separated by spaces.
func words(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("w" + strconv.FormatInt(int64(i), 36))
	}
	return b.String()
}

// wordsOf is distinct short words filling exactly n characters.
func wordsOf(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "w%s ", strconv.FormatInt(int64(i), 36))
	}
	return b.String()[:n]
}

// ids is n distinct hostile ids.
func ids(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprintf("%sid-%d", prefix, i)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// aliased writes n aliased copies of field in one operation.
func aliased(op, field string, n int) string {
	var b strings.Builder
	b.WriteString(op + " {")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	b.WriteString(" }")
	return b.String()
}

// bomb is a document of n fragments, each spreading the previous one
// spread times: its expanded size is spread^n fields though its text is
// small.
func bomb(op, on, root string, n, spread int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s { %s }\nfragment F0 on %s { __typename }\n", op, strings.ReplaceAll(root, "$", fmt.Sprintf("...F%d", n)), on)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on %s {%s }\n", i, on, repeat(fmt.Sprintf(" ...F%d", i-1), spread))
	}
	return b.String()
}

// ---------------------------------------------------------------- expectations

func ok() want { return want{ok: true} }

// okOr: success, or a refusal with one of codes (where the contract
// allows either: an id no node can have may be looked up or refused).
func okOr(codes ...string) want { return want{codes: codes, orOK: true} }

// bad: BAD_USER_INPUT that says each of mention.
func bad(mention ...string) want { return want{codes: []string{badInput}, mention: mention} }

// badRequest: BAD_USER_INPUT before execution.
func badRequest(mention ...string) want {
	return want{codes: []string{badInput}, requestError: true, mention: mention}
}

// transport: refused by the HTTP layer with status, before GraphQL.
func transport(status int, mention ...string) want {
	return want{codes: []string{badInput}, status: status, requestError: true, mention: mention}
}

// complex: QUERY_TOO_COMPLEX before execution.
func complex(mention ...string) want {
	return want{codes: []string{tooComplex}, requestError: true, mention: mention}
}

// bound: beyond the bound l, BAD_USER_INPUT naming the field (its path)
// and the bound.
func bound(path string, l eventgraph.Limit) want { return bad(path, itoa(l.Max)) }

func (w want) withCheck(f func(t *testing.T, r *result)) want { w.check = f; return w }
func (w want) withEcho(e ...string) want                      { w.echo = append(w.echo, e...); return w }
func (w want) orSuccess() want                                { w.orOK = true; return w }
func (w want) also(codes ...string) want                      { w.codes = append(slices.Clone(w.codes), codes...); return w }
func (w want) inMedia(m string) want                          { w.media = m; return w }

func hasHeader(name, contains string) func(t *testing.T, r *result) {
	return func(t *testing.T, r *result) {
		if v := r.header.Get(name); !strings.Contains(v, contains) {
			t.Errorf("header %s = %q, want it to hold %q", name, v, contains)
		}
	}
}

func dataHas(s string) func(t *testing.T, r *result) {
	return func(t *testing.T, r *result) {
		if !strings.Contains(string(r.doc["data"]), s) {
			t.Errorf("data lacks %s: %s", s, clip(r.doc["data"]))
		}
	}
}

// searchTextSaid: a search that dropped or cut words says so in the
// response's extensions.searchText.
func searchTextSaid(t *testing.T, r *result) {
	if _, ok := r.doc["extensions"]; !ok || !strings.Contains(string(r.doc["extensions"]), "searchText") {
		t.Errorf("a cut search text is not said in extensions.searchText: %s", clip(r.body))
	}
}

// ---------------------------------------------------------------- the cases

func allCases(t *testing.T) []hcase {
	var all []hcase
	for _, group := range []func() []hcase{
		malformedJSON, contentTypes, methods, bodyLimits, depth, aliases, fragments,
		directives, batching, wrongTypes, pageSizes, dates, nulAndUTF8, authHeaders,
		unknownReferences, duplicateIDs, cursors, searchTexts, longStrings, cycles, misc, filters,
	} {
		all = append(all, group()...)
	}
	return append(all, injections(t)...)
}

func malformedJSON() []hcase {
	c := func(name, body string, mention ...string) hcase {
		return hcase{cat: "malformed JSON", name: name, req: raw(body), want: transport(http.StatusBadRequest, mention...)}
	}
	deep := repeat("[", 20000) + repeat("]", 20000)
	return []hcase{
		c("an open brace", `{`),
		c("a key without a value", `{"query":`),
		c("unterminated object", `{"query": "{ __typename }"`),
		c("unterminated string", `{"query": "{ __typename }`),
		c("trailing comma", `{"query": "{ __typename }",}`),
		c("single quotes", `{'query': '{ __typename }'}`),
		c("unquoted key", `{query: "{ __typename }"}`),
		c("two objects", `{"query": "{ __typename }"} {"query": "{ __typename }"}`),
		c("garbage after the object", `{"query": "{ __typename }"} garbage`),
		c("an empty body", ``),
		c("only whitespace", " \n\t "),
		c("a bad escape", `{"query": "{ actor(id: \x) { id } }"}`),
		c("a raw control character in a string", "{\"query\": \"{ __typename \x01}\"}"),
		c("a byte-order mark", "\xEF\xBB\xBF{\"query\": \"{ __typename }\"}"),
		c("UTF-16", "\xFF\xFE{\x00\"\x00q\x00}\x00"),
		c("query is a number", `{"query": 42}`, "query"),
		c("query is null", `{"query": null}`, "query"),
		c("query is an object", `{"query": {"text": "{ __typename }"}}`, "query"),
		c("query is missing", `{}`, "query"),
		c("query is only a variable map", `{"variables": {"id": "russia"}}`, "query"),
		c("variables is a string", `{"query": "{ __typename }", "variables": "{}"}`, "variables"),
		c("variables is a list", `{"query": "{ __typename }", "variables": [1]}`, "variables"),
		c("operationName is a number", `{"query": "{ __typename }", "operationName": 5}`, "operationName"),
		c("extensions is a number", `{"query": "{ __typename }", "extensions": 1}`, "extensions"),
		c("variables nested 20000 deep", `{"query": "{ __typename }", "variables": {"a": `+deep+`}}`),
		c("a number of 400 digits", `{"query": "{ __typename }", "variables": {"a": 1`+repeat("0", 400)+`}}`).
			withWant(okOr(badInput)),
		c("a truncated unicode escape", `{"query": "{ actor(id: \"\u12\") { id } }"}`),
	}
}

// withWant replaces the expectation of a case built by a group's helper.
func (c hcase) withWant(w want) hcase { c.want = w; return c }

// legit gives a legitimate request at the bounds the time the service
// promises it: whatever passes the guards completes within the request
// timeout. The client timeout only catches a hang; it measures nothing.
func (c hcase) legit() hcase { c.timeout = 30 * time.Second; return c }

func contentTypes() []hcase {
	q := []byte(`{"query": "{ __typename }"}`)
	ct := func(name, contentType string, w want) hcase {
		return hcase{cat: "content types", name: name, req: request{body: q, contentType: contentType}, want: w}
	}
	refused := transport(http.StatusUnsupportedMediaType, "application/json")
	acc := func(name, accept string, media string) hcase {
		// A document that does not parse: a request error, whose status
		// depends on the media type of the response.
		return hcase{cat: "content types", name: "Accept " + name,
			req: request{query: "{ actor(id: ", accept: accept}, want: badRequest().inMedia(media)}
	}
	return []hcase{
		ct("no Content-Type", none, refused),
		ct("text/plain", "text/plain", refused),
		ct("form-urlencoded", "application/x-www-form-urlencoded", refused),
		ct("multipart", "multipart/form-data; boundary=x", refused),
		ct("application/graphql", "application/graphql", refused),
		ct("application/graphql-response+json", mediaGraphQL, refused),
		ct("application/jsonx", "application/jsonx", refused),
		ct("a garbled media type", ";;;===", refused),
		ct("charset latin1", "application/json; charset=iso-8859-1", transport(http.StatusUnsupportedMediaType, "UTF-8")),
		ct("charset utf-16", "application/json; charset=utf-16", transport(http.StatusUnsupportedMediaType, "UTF-8")),
		ct("charset utf-8", "application/json; charset=utf-8", ok()),
		ct("charset UTF-8 upper case", "application/json;charset=UTF-8", ok()),
		ct("media type in upper case", "APPLICATION/JSON", ok()),
		ct("a 10 KB Content-Type", "application/json; x="+repeat("a", 10<<10), ok()),
		acc("application/json", mediaJSON, mediaJSON),
		acc("none", none, mediaJSON),
		acc("*/*", "*/*", mediaJSON),
		acc("text/html", "text/html", mediaJSON),
		acc("graphql-response first", mediaGraphQL+", "+mediaJSON, mediaGraphQL),
		acc("json first", mediaJSON+", "+mediaGraphQL, mediaJSON),
		acc("graphql-response with q=0", mediaGraphQL+";q=0, "+mediaJSON, mediaJSON),
		acc("garbage", "garbage;;;===", mediaJSON),
	}
}

func methods() []hcase {
	typename := "/graphql?query=" + url.QueryEscape("{ __typename }")
	m := func(method string) hcase {
		return hcase{cat: "methods", name: method, req: request{method: method, body: []byte(`{"query": "{ __typename }"}`)},
			want: transport(http.StatusMethodNotAllowed, method).withCheck(hasHeader("Allow", "POST"))}
	}
	return []hcase{
		m(http.MethodPut), m(http.MethodDelete), m(http.MethodPatch), m(http.MethodOptions), m("TRACE"), m("BREW"),
		{cat: "methods", name: "HEAD", req: request{method: http.MethodHead, path: typename}, want: want{status: http.StatusMethodNotAllowed}},
		{cat: "methods", name: "GET a query", req: request{method: http.MethodGet, path: typename}, want: ok()},
		{cat: "methods", name: "GET a mutation", setup: targetSetup, req: request{method: http.MethodGet, auth: writer,
			path: "/graphql?query=" + url.QueryEscape(deleteTarget)},
			want: transport(http.StatusMethodNotAllowed, "POST").withCheck(hasHeader("Allow", "POST"))},
		{cat: "methods", name: "GET without a query", req: request{method: http.MethodGet}, want: transport(http.StatusBadRequest, "query")},
		{cat: "methods", name: "GET with variables that are not JSON", req: request{method: http.MethodGet,
			path: typename + "&variables=" + url.QueryEscape("{nope")}, want: transport(http.StatusBadRequest, "variables")},
		{cat: "methods", name: "GET with a broken query string", req: request{method: http.MethodGet,
			path: "/graphql?query=%zz"}, want: transport(http.StatusBadRequest)},
		{cat: "methods", name: "GET from a browser", req: request{method: http.MethodGet, accept: "text/html"},
			want: want{status: http.StatusFound}},
	}
}

func bodyLimits() []hcase {
	over := eventgraph.LimitBatchBytes.Max + 1
	padded := func(n int) []byte {
		// A valid request whose variables pad it to n bytes.
		head := `{"query": "{ __typename }", "variables": {"pad": "`
		return []byte(head + repeat("x", n-len(head)-3) + `"}}`)
	}
	// A real batch of about 2 MB: within the bound on a request body.
	var actors []any
	for i := range 400 {
		actors = append(actors, with(actor(fmt.Sprintf("%sbig-%d", prefix, i)), obj{"description": repeat("d", 5000)}))
	}
	return []hcase{
		{cat: "body limits", name: "one byte over the limit", req: request{body: padded(over)},
			want: transport(http.StatusRequestEntityTooLarge, itoa(eventgraph.LimitBatchBytes.Max))},
		{cat: "body limits", name: "twice the limit", req: request{body: padded(2 * over)},
			want: transport(http.StatusRequestEntityTooLarge)},
		{cat: "body limits", name: "over the limit without Content-Length", req: request{body: padded(over), chunked: true},
			want: transport(http.StatusRequestEntityTooLarge)},
		{cat: "body limits", name: "a query document over the limit", req: request{body: []byte(`{"query": "{ __typename } ` + repeat("#", over) + `"}`)},
			want: transport(http.StatusRequestEntityTooLarge)},
		{cat: "body limits", name: "a 2 MB batch is within the bound", req: ingest(obj{"actors": actors}, true), want: ok(), timeout: 30 * time.Second},
	}
}

func depth() []hcase {
	nest := func(n int) string {
		return `{ event(id: "prisoner-exchange-2025-05-23") { ` + repeat("parent { ", n) + "id" + repeat(" }", n) + " } }"
	}
	// event is one level and id another: n parents make n+2 levels.
	maxParents := eventgraph.LimitSelectionDepth.Max - 2
	fragDeep := `{ ...A } fragment A on Query { event(id: "x") { ...B } } fragment B on Event { ` +
		repeat("parent { ", maxParents+1) + "id" + repeat(" }", maxParents+1) + " }"
	inlineDeep := `{ event(id: "x") { ` + repeat("... on Event { parent { ", maxParents+1) + "id" + repeat(" } }", maxParents+1) + " } }"
	ofType := "{ __type(name: \"Actor\") { " + repeat("ofType { ", 40) + "name" + repeat(" }", 40) + " } }"
	braces := "{ " + repeat("a { ", 5000) + "b" + repeat(" }", 5000) + " }"
	listLit := `{ nodes(ids: ` + repeat("[", 3000) + `"x"` + repeat("]", 3000) + `) { id } }`
	d := func(name, q string, w want) hcase { return hcase{cat: "depth", name: name, req: gql(q), want: w} }
	lvl := itoa(eventgraph.LimitSelectionDepth.Max)
	return []hcase{
		d("selections at the bound", nest(maxParents), ok()).legit(),
		d("selections one level over", nest(maxParents+1), complex(lvl)),
		d("selections 100 levels deep", nest(100), complex(lvl)),
		d("depth through fragments", fragDeep, complex(lvl)),
		d("depth through inline fragments", inlineDeep, complex(lvl)),
		d("introspection nested 40 ofType deep", ofType, okOr(badInput, tooComplex)),
		d("5000 nested braces", braces, want{codes: []string{badInput, tooComplex}, requestError: true}),
		d("a list literal 3000 deep", listLit, want{codes: []string{badInput, tooComplex}, requestError: true}),
		d("neighbourhood depth over the bound", fmt.Sprintf(`{ neighborhood(id: "russia", depth: %d) { truncated } }`, eventgraph.LimitDepth.Max+1),
			bound("depth", eventgraph.LimitDepth)),
		d("neighbourhood depth 0", `{ neighborhood(id: "russia", depth: 0) { truncated } }`, bad("depth")),
		d("neighbourhood depth -1", `{ neighborhood(id: "russia", depth: -1) { truncated } }`, bad("depth")),
		d("neighbourhood limit over the bound", fmt.Sprintf(`{ neighborhood(id: "russia", limit: %d) { truncated } }`, eventgraph.LimitNeighborhood.Max+1),
			bound("limit", eventgraph.LimitNeighborhood)),
		d("neighbourhood limit -5", `{ neighborhood(id: "russia", limit: -5) { truncated } }`, bad("limit")),
		d("path longer than the bound", fmt.Sprintf(`{ path(fromId: "russia", toId: "ukraine", maxDepth: %d) { truncated } }`, eventgraph.LimitPathDepth.Max+1),
			bound("maxDepth", eventgraph.LimitPathDepth)),
		d("path maxDepth -1", `{ path(fromId: "russia", toId: "ukraine", maxDepth: -1) { truncated } }`, bad("maxDepth")),
		d("neighbourhood at the bounds", fmt.Sprintf(`{ neighborhood(id: "russia", depth: %d, limit: %d) { truncated } }`,
			eventgraph.LimitDepth.Max, eventgraph.LimitNeighborhood.Max), ok()).legit(),
	}
}

// filters are where arguments shaped to cost the database: nested deep,
// or wide at every level, or with relationship filters inside relationship
// filters (each a subquery per row of the one above).
func filters() []hcase {
	not := func(levels int) string {
		return repeat("{NOT: ", levels-1) + "{kinds: [CONSULT]}" + repeat("}", levels-1)
	}
	// Each level a relationship filter over every participant's events.
	var chain strings.Builder
	for range 20 {
		chain.WriteString("{participants: {some: {actor: {events: {all: {event: ")
	}
	chain.WriteString("{kinds: [ASSAULT]}" + repeat("}}}}}}", 20))
	wide := "[" + strings.TrimSuffix(repeat(`{kinds: [CONSULT], modes: ["phone"], contexts: ["military"], text: "talks"}, `, 200), ", ") + "]"
	f := func(name, q string, w want) hcase { return hcase{cat: "filters", name: name, req: gql(q), want: w} }
	depth, size := eventgraph.LimitFilterDepth, eventgraph.LimitFilterSize
	return []hcase{
		f("a filter at the depth bound", `{ events(where: `+not(depth.Max)+`) { totalCount } }`, ok()).legit(),
		f("a filter one level over the depth bound", `{ events(where: `+not(depth.Max+1)+`) { totalCount } }`, bound("where", depth)),
		f("a filter 500 levels deep", `{ events(where: `+not(500)+`) { totalCount } }`, bound("where", depth)),
		f("relationship filters 20 deep", `{ events(where: `+chain.String()+`) { totalCount } }`, bound("where", depth)),
		f("200 filters of four fields in an OR", `{ events(where: {OR: `+wide+`}) { totalCount } }`, bound("where.OR", size)),
		f("a nested connection's filter too deep", `{ event(id: "prisoner-exchange-2025-05-23") { participants(where: {actor: `+
			strings.Replace(not(depth.Max), "kinds: [CONSULT]", "kinds: [STATE]", 1)+`}) { totalCount } } }`, bound("where.actor", depth)),
		f("composed filters with every operator", `{ events(where: {OR: [{participants: {some: {actor: {countryCode: "RUS"}, kinds: [INITIATOR]}, none: {kinds: [DECLINED]}}},
			{NOT: {participants: {all: {kinds: [PARTICIPANT]}, single: {role: "\u0027}) DETACH DELETE n //"}}}}]}) { totalCount } }`, ok()).legit(),
	}
}

func aliases() []hcase {
	rf := eventgraph.LimitRootFields.Max
	a := func(name, q string, w want) hcase { return hcase{cat: "aliases", name: name, req: gql(q), want: w} }
	return []hcase{
		a("root fields at the bound", aliased("query", `actor(id: "russia") { id }`, rf), ok()).legit(),
		a("root fields one over the bound", aliased("query", `actor(id: "russia") { id }`, rf+1), complex(itoa(rf))),
		a("searches one over the bound", aliased("query", `search(query: "talks") { score }`, rf+1), complex(itoa(rf))),
		a("neighbourhoods one over the bound", aliased("query", `neighborhood(id: "russia", depth: 3) { truncated }`, rf+1), complex(itoa(rf))),
		{cat: "aliases", name: "450 neighbourhoods of depth 3", heavy: true, timeout: 10 * time.Second,
			req: gql(aliased("query", `neighborhood(id: "russia", depth: 3) { truncated }`, 450)), want: complex()},
		a("neighbourhoods of depth 3 at the bound", aliased("query", `neighborhood(id: "russia", depth: 3) { truncated }`, rf), ok()).legit(),
		{cat: "aliases", name: "mutations one over the bound", req: mutation(aliased("mutation", `deleteActor(id: "hostile-nobody") { deleted }`, rf+1), nil),
			want: complex(itoa(rf))},
		{cat: "aliases", name: "ingests one over the bound", req: mutation(aliased("mutation",
			`ingest(input: {actors: [{id: "hostile-a", name: "Hostile A", kind: PERSON}]}) { created }`, rf+1), nil),
			want: complex(itoa(rf))},
		a("500 aliases of __typename", aliased("query", "__typename", 500), ok()),
		a("expanded fields over the bound", aliased("query", "__typename", eventgraph.LimitDocumentFields.Max+1),
			want{codes: []string{badInput, tooComplex}, requestError: true}),
		a("two fields under one alias", `{ a: actor(id: "russia") { id } a: event(id: "russia") { id } }`, badRequest()),
		a("an alias that reads like Cypher", `{ MATCH: actor(id: "russia") { DETACH_DELETE: id } }`, ok()),
		a("an alias of 10 KB", "{ "+repeat("a", 10<<10)+`: actor(id: "russia") { id } }`, okOr(badInput)),
	}
}

func fragments() []hcase {
	f := func(name, q string, w want) hcase { return hcase{cat: "fragments", name: name, req: gql(q), want: w} }
	docFields := itoa(eventgraph.LimitDocumentFields.Max)
	heavyBomb := func(name string, r request) hcase {
		return hcase{cat: "fragments", name: name, req: r, want: complex(docFields), heavy: true, timeout: 5 * time.Second}
	}
	return []hcase{
		f("a cycle of two", `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, badRequest()),
		f("a fragment spreading itself", `{ ...A } fragment A on Query { __typename ...A }`, badRequest()),
		f("a cycle of three", `{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }`, badRequest()),
		f("a cycle through a field", `{ actor(id: "russia") { ...A } } fragment A on Actor { affiliations { edges { node { ...A } } } }`, badRequest()),
		f("an unknown fragment", `{ ...Nowhere }`, badRequest("Nowhere")),
		f("an unused fragment", `{ __typename } fragment A on Query { __typename }`, badRequest()),
		f("a fragment on the wrong type", `{ actor(id: "russia") { ...A } } fragment A on Event { title }`, badRequest()),
		f("a fragment on an unknown type", `{ ...A } fragment A on Nothing { __typename }`, badRequest()),
		f("two fragments of one name", `{ ...A } fragment A on Query { __typename } fragment A on Query { __typename }`, badRequest()),
		f("a small bomb passes", bomb("query", "Query", "$", 8, 2), ok()),
		f("a bomb just over the expanded bound", bomb("query", "Query", "$", 14, 2), complex(docFields)),
		heavyBomb("a bomb of 40 fragments at the root", gql(bomb("query", "Query", "$", 40, 2))),
		heavyBomb("a bomb of 40 fragments inside a field", gql(bomb("query", "Actor", `actor(id: "russia") { $ }`, 40, 2))),
		heavyBomb("a bomb of 26 fragments spread three times, in a mutation",
			mutation(bomb("mutation", "IngestResult", `ingest(input: {}) { $ }`, 26, 3), nil)),
	}
}

func directives() []hcase {
	d := func(name, q string, w want) hcase { return hcase{cat: "directives", name: name, req: gql(q), want: w} }
	var many strings.Builder
	for i := range 500 {
		fmt.Fprintf(&many, " @d%d", i)
	}
	all := aliased("query", `actor(id: "russia") @skip(if: true) { id }`, eventgraph.LimitRootFields.Max)
	batch := obj{"actors": list(actor(prefix + "skipped"))}
	return []hcase{
		d("an unknown directive", `{ actor(id: "russia") @foo { id } }`, badRequest("foo")),
		d("500 unknown directives", `{ actor(id: "russia")`+many.String()+` { id } }`, badRequest()),
		d("@skip twice", `{ actor(id: "russia") @skip(if: true) @skip(if: true) { id } }`, badRequest("skip")),
		d("@include twice", `{ actor(id: "russia") @include(if: true) @include(if: true) { id } }`, badRequest("include")),
		d("@skip without if", `{ actor(id: "russia") @skip { id } }`, badRequest()),
		d("@skip with a string", `{ actor(id: "russia") @skip(if: "yes") { id } }`, badRequest()),
		d("@include with null", `{ actor(id: "russia") @include(if: null) { id } }`, badRequest()),
		d("@skip with an enum that reads like Cypher", `{ actor(id: "russia") @skip(if: MATCH) { id } }`, badRequest().withEcho("MATCH")),
		d("@include with an undefined variable", `{ actor(id: "russia") @include(if: $nope) { id } }`, badRequest("nope")),
		d("@skip on the operation", `query @skip(if: true) { actor(id: "russia") { id } }`, badRequest()),
		d("@deprecated in a query", `{ actor(id: "russia") @deprecated { id } }`, badRequest()),
		d("@specifiedBy in a query", `{ actor(id: "russia") @specifiedBy(url: "x") { id } }`, badRequest()),
		d("@skip with an extra argument", `{ actor(id: "russia") @skip(if: true, unless: false) { id } }`, badRequest()),
		d("every root field skipped", all, ok().withCheck(dataHas("{}"))),
		d("@skip on a fragment spread", `{ ...A @skip(if: true) actor(id: "russia") { id } } fragment A on Query { __typename }`, ok()),
		{cat: "directives", name: "a mutation under @include(if: false) writes nothing",
			req:  mutation(`mutation($input: IngestInput!) { ingest(input: $input) @include(if: false) { created } }`, obj{"input": batch}),
			want: ok()},
		{cat: "directives", name: "a mutation skipped by a variable writes nothing",
			req:  mutation(`mutation($input: IngestInput!, $s: Boolean!) { ingest(input: $input) @skip(if: $s) { created } }`, obj{"input": batch, "s": true}),
			want: ok()},
		{cat: "directives", name: "a skipped mutation still needs a key",
			setup: targetSetup, req: gql(`mutation { deleteActor(id: "hostile-target") @skip(if: true) { deleted } }`),
			want: want{codes: []string{unauth}, requestError: true}},
	}
}

func batching() []hcase {
	var many []string
	for i := range 100 {
		many = append(many, fmt.Sprintf(`{"query": "mutation { upsertTopic(input: {id: \"%st%d\", name: \"x\"}) { status } }"}`, prefix, i))
	}
	b := func(name, body string, auth string) hcase {
		return hcase{cat: "batching", name: name, req: request{body: []byte(body), auth: auth}, want: transport(http.StatusBadRequest)}
	}
	return []hcase{
		b("an empty array", `[]`, ""),
		b("an array of one query", `[{"query": "{ __typename }"}]`, ""),
		b("an array of two queries", `[{"query": "{ __typename }"}, {"query": "{ actor(id: \"russia\") { id } }"}]`, ""),
		b("an array of 100 mutations", "["+strings.Join(many, ",")+"]", writer),
		b("an array in an array", `[[{"query": "{ __typename }"}]]`, ""),
		b("a string", `"{ __typename }"`, ""),
		b("a number", `42`, ""),
		b("true", `true`, ""),
		b("null", `null`, ""),
		b("a query that is a list", `{"query": ["{ __typename }"]}`, ""),
	}
}

func wrongTypes() []hcase {
	w := func(name, q string, vars map[string]any, mention ...string) hcase {
		return hcase{cat: "wrong types", name: name, req: gqlv(q, vars), want: bad(mention...)}
	}
	wm := func(name, q string, vars map[string]any, mention ...string) hcase {
		return hcase{cat: "wrong types", name: name, req: mutation(q, vars), want: bad(mention...)}
	}
	a := actor(prefix + "typed")
	return []hcase{
		w("an unknown enum value", `{ events(where: {kinds: [PARTY]}) { totalCount } }`, nil, "PARTY"),
		w("an enum in lower case", `{ actors(where: {kinds: [person]}) { totalCount } }`, nil),
		w("an enum as a string", `{ actors(where: {kinds: ["PERSON"]}) { totalCount } }`, nil),
		w("an unknown enum in a variable", `query($k: [EventKind!]) { events(where: {kinds: $k}) { totalCount } }`, obj{"k": list("PARTY")}, "PARTY"),
		w("an enum variable that reads like Cypher", `query($k: [EventKind!]) { events(where: {kinds: $k}) { totalCount } }`,
			obj{"k": list("CONSULT}) MATCH (n) DETACH DELETE n //")}),
		w("an order field that does not exist", `{ events(orderBy: {field: BOGUS}) { totalCount } }`, nil, "BOGUS"),
		w("an ID as a float", `{ actor(id: 1.5) { id } }`, nil),
		w("an ID as a boolean", `{ actor(id: true) { id } }`, nil),
		w("an ID as a list", `{ actor(id: ["russia"]) { id } }`, nil),
		w("an ID as an object", `{ actor(id: {id: "russia"}) { id } }`, nil),
		w("null for a required ID", `{ actor(id: null) { id } }`, nil),
		w("a required argument missing", `{ actor { id } }`, nil, "id"),
		w("null for a required list", `{ nodes(ids: null) { id } }`, nil),
		w("null inside a list of non-null", `{ nodes(ids: [null]) { id } }`, nil),
		w("null inside a variable list of non-null", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, obj{"ids": list(nil)}),
		w("an unknown input field", `{ actors(where: {bogus: 1}) { totalCount } }`, nil, "bogus"),
		w("an unknown input field in a variable", `query($w: ActorWhere) { actors(where: $w) { totalCount } }`, obj{"w": obj{"bogus": 1}}, "bogus"),
		w("an unknown argument", `{ actor(id: "russia", bogus: 1) { id } }`, nil, "bogus"),
		w("an unknown field", `{ actor(id: "russia") { password } }`, nil, "password"),
		w("an unknown root field", `{ users { id } }`, nil, "users"),
		w("a required variable not given", `query($id: ID!) { actor(id: $id) { id } }`, nil, "id"),
		w("a variable of the wrong type", `query($id: String!) { actor(id: $id) { id } }`, obj{"id": "russia"}),
		w("an undeclared variable", `{ actor(id: $id) { id } }`, obj{"id": "russia"}, "id"),
		w("a variable declared twice", `query($id: ID!, $id: ID!) { actor(id: $id) { id } }`, obj{"id": "russia"}),
		w("a variable of an unknown type", `query($id: Secret) { actor(id: $id) { id } }`, obj{"id": "russia"}),
		w("a variable of an output type", `query($a: Actor) { actor(id: "russia") { id } }`, obj{"a": obj{}}),
		w("a String variable given an object", `query($q: String!) { search(query: $q) { score } }`, obj{"q": obj{"$ne": nil}}),
		w("a String variable given a list", `query($q: String!) { search(query: $q) { score } }`, obj{"q": list("a", "b")}),
		w("an Int given as a string", `query($f: Int) { events(first: $f) { totalCount } }`, obj{"f": "20"}),
		w("an Int given as a float", `{ events(first: 1.5) { totalCount } }`, nil),
		w("an Int given as a boolean", `{ events(first: true) { totalCount } }`, nil),
		w("a subscription", `subscription { events { totalCount } }`, nil),
		w("a scalar with a selection", `{ actor(id: "russia") { name { length } } }`, nil, "name"),
		w("an object without a selection", `{ actor(id: "russia") }`, nil, "actor"),
		wm("a batch that is a string", ingestOp, obj{"input": "actors", "v": true}),
		wm("a batch list that is an object", ingestOp, obj{"input": obj{"actors": obj{"id": "x"}}, "v": true}),
		wm("validateOnly as a string", ingestOp, obj{"input": obj{}, "v": "yes"}),
		wm("an actor kind in lower case", ingestOp, obj{"input": obj{"actors": list(with(a, obj{"kind": "person"}))}, "v": false}, "kind"),
		wm("an actor without a kind", ingestOp, obj{"input": obj{"actors": list(obj{"id": prefix + "k", "name": "K"})}, "v": false}, "kind"),
		wm("a latitude that is text", ingestOp, obj{"input": obj{"locations": list(with(location(prefix+"l"), obj{"latitude": "north"}))}, "v": false}, "latitude"),
		wm("a latitude out of range", ingestOp, obj{"input": obj{"locations": list(with(location(prefix+"l"), obj{"latitude": 91}))}, "v": false}, "latitude"),
		wm("a longitude out of range", ingestOp, obj{"input": obj{"locations": list(with(location(prefix+"l"), obj{"longitude": -181}))}, "v": false}, "longitude"),
		wm("a figure value of 1e400", ingestOp, obj{"input": obj{"events": list(with(event(prefix+"e"),
			obj{"figures": list(obj{"label": "x", "value": json.Number("1e400")})}))}, "v": false}, "value"),
		wm("a blank name", ingestOp, obj{"input": obj{"actors": list(with(a, obj{"name": "   "}))}, "v": false}, "input.actors[0].name"),
		wm("a null item in a batch", ingestOp, obj{"input": obj{"actors": list(nil)}, "v": false}),
		wm("a participation kind that does not exist", ingestOp, obj{"input": obj{"events": list(with(event(prefix+"e"),
			obj{"participants": list(obj{"actorId": "vladimir-putin", "kind": "OVERLORD"})}))}, "v": false}, "OVERLORD"),
	}
}

func pageSizes() []hcase {
	p := func(name, q string, vars map[string]any, w want) hcase {
		return hcase{cat: "page sizes", name: name, req: gqlv(q, vars), want: w}
	}
	first := `query($f: Int) { events(first: $f) { totalCount } }`
	over32 := int64(math.MaxInt32) + 1
	fb := bound("first", eventgraph.LimitFirst)
	return []hcase{
		p("first at the bound", fmt.Sprintf(`{ events(first: %d) { totalCount } }`, eventgraph.LimitFirst.Max), nil, ok()),
		p("first 0", `{ events(first: 0) { totalCount } }`, nil, ok()),
		p("first one over the bound", fmt.Sprintf(`{ events(first: %d) { totalCount } }`, eventgraph.LimitFirst.Max+1), nil, fb),
		p("first -1", `{ events(first: -1) { totalCount } }`, nil, bad("first")),
		p("first beyond 32 bits", fmt.Sprintf(`{ events(first: %d) { totalCount } }`, over32), nil, bad()),
		p("first at the 64-bit maximum", fmt.Sprintf(`{ events(first: %d) { totalCount } }`, int64(math.MaxInt64)), nil, bad()),
		p("first beyond 64 bits", `{ events(first: 99999999999999999999) { totalCount } }`, nil, bad()),
		p("first below -2^31", fmt.Sprintf(`{ events(first: %d) { totalCount } }`, -over32-1), nil, bad()),
		p("first beyond 32 bits in a variable", first, obj{"f": over32}, bad()),
		p("first beyond 64 bits in a variable", first, obj{"f": json.Number("99999999999999999999")}, bad()),
		p("first 1e3 in a variable", first, obj{"f": json.Number("1e3")}, bad()),
		p("first over the bound in a variable", first, obj{"f": eventgraph.LimitFirst.Max + 1}, fb),
		p("search first over the bound", fmt.Sprintf(`{ search(query: "talks", first: %d) { score } }`, eventgraph.LimitFirst.Max+1), nil, fb),
		p("search first beyond 32 bits", fmt.Sprintf(`{ search(query: "talks", first: %d) { score } }`, over32), nil, bad()),
		p("search first -1", `{ search(query: "talks", first: -1) { score } }`, nil, bad("first")),
		p("a nested first over the bound", fmt.Sprintf(`{ actor(id: "russia") { events(first: %d) { totalCount } } }`, eventgraph.LimitFirst.Max+1), nil, fb),
		p("a nested first beyond 32 bits", fmt.Sprintf(`{ actor(id: "russia") { members(first: %d) { totalCount } } }`, over32), nil, bad()),
		p("every list's first over the bound", fmt.Sprintf(`{ actors(first: %[1]d) { totalCount } positions(first: %[1]d) { totalCount } forecasts(first: %[1]d) { totalCount } topics(first: %[1]d) { totalCount } locations(first: %[1]d) { totalCount } sources(first: %[1]d) { totalCount } }`,
			eventgraph.LimitFirst.Max+1), nil, fb),
		p("neighbourhood depth beyond 32 bits", fmt.Sprintf(`{ neighborhood(id: "russia", depth: %d) { truncated } }`, over32), nil, bad()),
		p("neighbourhood limit beyond 32 bits", fmt.Sprintf(`{ neighborhood(id: "russia", limit: %d) { truncated } }`, over32), nil, bad()),
		p("path maxDepth beyond 32 bits", fmt.Sprintf(`{ path(fromId: "russia", toId: "ukraine", maxDepth: %d) { truncated } }`, over32), nil, bad()),
		{cat: "page sizes", name: "first beyond 32 bits beside introspection", req: gql(besideIntrospection(fmt.Sprintf(`{ events(first: %d) { totalCount } }`, over32))), want: bad()},
		{cat: "page sizes", name: "first over the bound beside introspection", req: gql(besideIntrospection(fmt.Sprintf(`{ events(first: %d) { totalCount } }`, eventgraph.LimitFirst.Max+1))), want: fb},
	}
}

func dates() []hcase {
	from := `query($d: Date) { events(where: {from: $d}) { totalCount } }`
	d := func(name, date string) hcase {
		return hcase{cat: "dates", name: name, req: gqlv(from, obj{"d": date}), want: bad("from")}
	}
	di := func(name string, batch obj, mention ...string) hcase {
		return hcase{cat: "dates", name: name, req: ingest(batch, false), want: bad(mention...)}
	}
	return []hcase{
		d("words", "16 May 2025"),
		d("month 13", "2025-13-01"),
		d("30 February", "2025-02-30"),
		d("29 February of a common year", "2025-02-29"),
		d("no leading zeros", "2025-5-1"),
		d("all zeros", "0000-00-00"),
		d("a five-digit year", "99999-01-01"),
		d("a negative year", "-2025-01-01"),
		d("a date-time", "2025-05-16T00:00:00Z"),
		d("empty", ""),
		d("a trailing newline", "2025-05-16\n"),
		d("a date then Cypher", "2025-05-16'}) MATCH (n) DETACH DELETE n //"),
		{cat: "dates", name: "a date as a number", req: gql(`{ events(where: {to: 20250516}) { totalCount } }`), want: bad("to")},
		{cat: "dates", name: "a neighbourhood from that is not a date", req: gql(`{ neighborhood(id: "russia", from: "yesterday") { truncated } }`), want: bad("from")},
		{cat: "dates", name: "a position valid at 31 April", req: gql(`{ positions(where: {validAt: "2025-04-31"}) { totalCount } }`), want: bad("validAt")},
		di("an event on 29 February 2025", obj{"events": list(with(event(prefix+"e"), obj{"startDate": "2025-02-29"}))}, "input.events[0].startDate"),
		di("an event ending before it starts", obj{"events": list(with(event(prefix+"e"), obj{"startDate": "2025-05-20", "endDate": "2025-05-19"}))}, "input.events[0]"),
		di("a position valid to before from", obj{"positions": list(with(position(prefix+"p"), obj{"validFrom": "2025-05-20", "validTo": "2025-01-01"}))}, "input.positions[0]"),
		di("a source published yesterday", obj{"sources": list(with(source(prefix+"s"), obj{"publishedAt": "yesterday"}))}, "input.sources[0].publishedAt"),
		di("a forecast window upside down", obj{"forecasts": list(with(forecast(prefix+"f"), obj{"windowStart": "2025-09-01", "windowEnd": "2025-06-01"}))}, "input.forecasts[0]"),
		di("an affiliation from month 0", affiliations(with(affiliation(), obj{"validFrom": "2025-00-10"})), "input.affiliations[0].validFrom"),
	}
}

func nulAndUTF8() []hcase {
	search := `query($q: String!) { search(query: $q) { score } }`
	name := func(n string) obj { return obj{"actors": list(with(actor(prefix+"nul"), obj{"name": n}))} }
	return []hcase{
		{cat: "NUL and UTF-8", name: "NUL in a string literal", req: raw(`{"query": "{ actor(id: \"a\u0000b\") { id } }"}`), want: badRequest()},
		{cat: "NUL and UTF-8", name: "NUL outside a string", req: raw(`{"query": "{ actor(id: \"russia\") { id \u0000 } }"}`), want: badRequest()},
		{cat: "NUL and UTF-8", name: "a raw NUL byte in the JSON", req: raw("{\"query\": \"{ __typename \x00}\"}"), want: transport(http.StatusBadRequest)},
		{cat: "NUL and UTF-8", name: "NUL in a search", req: gqlv(search, obj{"q": "talks\x00istanbul"}), want: ok()},
		{cat: "NUL and UTF-8", name: "only NULs in a search", req: gqlv(search, obj{"q": repeat("\x00", 100)}), want: bad("query").orSuccess()},
		{cat: "NUL and UTF-8", name: "NUL in an id", req: gqlv(`query($id: ID!) { actor(id: $id) { id } }`, obj{"id": "russia\x00"}), want: bad("id").orSuccess()},
		{cat: "NUL and UTF-8", name: "NUL in a name, validateOnly", req: ingest(name("Hostile\x00Name"), true), want: bad("name").orSuccess()},
		{cat: "NUL and UTF-8", name: "NUL in an id to ingest", req: ingest(obj{"actors": list(with(actor(""), obj{"id": prefix + "a\x00b"}))}, false), want: bad("input.actors[0].id")},
		{cat: "NUL and UTF-8", name: "invalid UTF-8 in a query", req: raw("{\"query\": \"{ actor(id: \\\"\xff\xfe\\\") { id } }\"}"), want: bad().orSuccess()},
		{cat: "NUL and UTF-8", name: "invalid UTF-8 in a search", req: raw("{\"query\": \"query($q: String!) { search(query: $q) { score } }\", \"variables\": {\"q\": \"talks \xc3\x28 \xa0\xa1\"}}"), want: bad("query").orSuccess()},
		{cat: "NUL and UTF-8", name: "invalid UTF-8 in a name, validateOnly", req: request{auth: writer,
			body: []byte("{\"query\": \"mutation($n: String!) { ingest(validateOnly: true, input: {actors: [{id: \\\"hostile-u\\\", name: $n, kind: PERSON}]}) { created } }\", \"variables\": {\"n\": \"a\xffb\"}}")},
			want: bad("name").orSuccess()},
		{cat: "NUL and UTF-8", name: "an overlong encoding of a slash", req: raw("{\"query\": \"{ actor(id: \\\"\xc0\xaf\\\") { id } }\"}"), want: bad().orSuccess()},
		{cat: "NUL and UTF-8", name: "a lone surrogate escape", req: raw(`{"query": "query($q: String!) { search(query: $q) { score } }", "variables": {"q": "talks \ud800"}}`), want: ok()},
		{cat: "NUL and UTF-8", name: "bidi overrides and zero-width characters in a name", req: ingest(name("Hostile \u202eeman\u202c\u200b\ufeff"), true), want: ok()},
		{cat: "NUL and UTF-8", name: "control characters in a name", req: ingest(name("Hostile\x01\x02\x1b[31m"), true), want: bad("name").orSuccess()},
	}
}

func authHeaders() []hcase {
	mut := deleteTarget
	read := `{ actor(id: "russia") { id } }`
	un := want{codes: []string{unauth}, requestError: true, check: hasHeader("WWW-Authenticate", "Bearer")}
	a := func(name, auth string, w want) hcase {
		return hcase{cat: "auth", name: name, setup: targetSetup, req: request{query: mut, auth: auth}, want: w}
	}
	safe := func(name, auth string) hcase {
		// A key that is good: the validateOnly ingest succeeds, and writes nothing.
		r := ingest(obj{"actors": list(actor(prefix + "auth"))}, true)
		r.auth = auth
		return hcase{cat: "auth", name: name, req: r, want: ok()}
	}
	return []hcase{
		a("a mutation without a key", "", un),
		a("a mutation with a wrong key", "Bearer nope", un),
		a("a mutation with the key's prefix", "Bearer "+apitest.WriterKey[:len(apitest.WriterKey)-1], un),
		a("a mutation with the key and more", writer+"x", un),
		a("Bearer and nothing", "Bearer", un),
		a("Bearer and spaces", "Bearer    ", un),
		a("Basic credentials", "Basic "+base64.StdEncoding.EncodeToString([]byte("neo4j:eventgraph")), un),
		a("the key without a scheme", apitest.WriterKey, un),
		a("another scheme", "Token "+apitest.WriterKey, un),
		a("a 10 KB key", "Bearer "+repeat("k", 10<<10), un),
		a("a key that reads like Cypher", "Bearer ' OR 1=1 MATCH (n) DETACH DELETE n //", un.withEcho("' OR 1=1 MATCH (n) DETACH DELETE n //")),
		a("a key in unicode", "Bearer ключ", un),
		{cat: "auth", name: "a wrong key first, the writer key second", req: request{query: mut,
			headers: http.Header{"Authorization": {"Bearer nope", writer}}}, want: un},
		{cat: "auth", name: "a mutation without a key asking for application/json", req: request{query: mut, accept: mediaJSON}, want: un},
		{cat: "auth", name: "a wrong key with application/json", req: request{query: mut, auth: "Bearer nope", accept: mediaJSON},
			want: want{codes: []string{unauth}, requestError: true}},
		{cat: "auth", name: "a read with a wrong key", req: request{query: read, auth: "Bearer nope"}, want: un},
		{cat: "auth", name: "a read with a malformed header", req: request{query: read, auth: "Bearer"}, want: un},
		safe("the scheme in lower case", "bearer "+apitest.WriterKey),
		safe("the key with spaces around", "Bearer   "+apitest.WriterKey+"  "),
		{cat: "auth", name: "a read without a key where reads need one", req: request{target: readers, query: read}, want: un},
		{cat: "auth", name: "a read with a wrong key where reads need one", req: request{target: readers, query: read, auth: "Bearer nope"}, want: un},
		{cat: "auth", name: "a GET read without a key where reads need one", req: request{target: readers, method: http.MethodGet,
			path: "/graphql?query=" + url.QueryEscape(read)}, want: un},
		{cat: "auth", name: "a read with the reader key", req: request{target: readers, query: read, auth: reader}, want: ok()},
		{cat: "auth", name: "a read with the writer key where reads need one", req: request{target: readers, query: read, auth: writer}, want: ok()},
		{cat: "auth", name: "a mutation with the reader key", req: request{target: readers, query: mut, auth: reader},
			want: want{codes: []string{forbidden}, requestError: true}},
		{cat: "auth", name: "an ingest with the reader key", req: request{target: readers, query: ingestOp, auth: reader,
			vars: obj{"input": obj{"actors": list(actor(prefix + "r"))}, "v": false}}, want: want{codes: []string{forbidden}, requestError: true}},
		{cat: "auth", name: "a mutation with the reader key where reads are open", req: request{query: mut, auth: reader}, want: un},
		{cat: "auth", name: "the query of a document with a mutation, without a key",
			req: request{body: []byte(`{"query": "query Q { actor(id: \"russia\") { id } } mutation M { deleteActor(id: \"hostile-target\") { deleted } }", "operationName": "Q"}`)}, setup: targetSetup,
			want: ok()},
		{cat: "auth", name: "the mutation of a document with a query, without a key",
			req: request{body: []byte(`{"query": "query Q { actor(id: \"russia\") { id } } mutation M { deleteActor(id: \"hostile-target\") { deleted } }", "operationName": "M"}`)}, setup: targetSetup,
			want: un},
	}
}

func unknownReferences() []hcase {
	missing := prefix + "missing"
	u := func(name string, batch obj, mention ...string) hcase {
		return hcase{cat: "unknown references", name: name, req: ingest(batch, false), want: bad(mention...)}
	}
	ev := func(more obj) obj { return obj{"events": list(with(event(prefix+"e"), more))} }
	return []hcase{
		u("a participant", ev(obj{"participants": list(obj{"actorId": missing})}), "input.events[0].participants[0].actorId"),
		u("a participant's source", ev(obj{"participants": list(obj{"actorId": "vladimir-putin", "sourceIds": list(missing)})}), "input.events[0].participants[0].sourceIds[0]"),
		u("a location", ev(obj{"locationId": missing}), "input.events[0].locationId"),
		u("a parent event", ev(obj{"parentId": missing}), "input.events[0].parentId"),
		u("a consequence", ev(obj{"ledToIds": list(missing)}), "input.events[0].ledToIds[0]"),
		u("a topic", ev(obj{"topicIds": list(missing)}), "input.events[0].topicIds[0]"),
		u("a citation", ev(obj{"citations": list(obj{"sourceId": missing})}), "input.events[0].citations[0].sourceId"),
		u("a position's actor", obj{"positions": list(with(position(prefix+"p"), obj{"actorId": missing}))}, "input.positions[0].actorId"),
		u("a position's topic", obj{"positions": list(with(position(prefix+"p"), obj{"topicId": missing}))}, "input.positions[0].topicId"),
		u("a position answered", obj{"positions": list(with(position(prefix+"p"), obj{"respondsToIds": list(missing)}))}, "input.positions[0].respondsToIds[0]"),
		u("a forecast's source", obj{"forecasts": list(with(forecast(prefix+"f"), obj{"sourceId": missing}))}, "input.forecasts[0].sourceId"),
		u("a forecast's subject", obj{"forecasts": list(with(forecast(prefix+"f"), obj{"aboutIds": list(missing)}))}, "input.forecasts[0].aboutIds[0]"),
		u("a forecast's resolving event", obj{"forecasts": list(with(forecast(prefix+"f"), obj{"resolvedById": missing}))}, "input.forecasts[0].resolvedById"),
		u("an affiliation's other actor", affiliations(with(affiliation(), obj{"withId": missing})), "input.affiliations[0].withId"),
		u("a location's parent", obj{"locations": list(with(location(prefix+"l"), obj{"parentId": missing}))}, "input.locations[0].parentId"),
		u("an actor's citation", obj{"actors": list(with(actor(prefix+"a"), obj{"citations": list(obj{"sourceId": missing})}))}, "input.actors[0].citations[0].sourceId"),
		u("a topic given as a participant", ev(obj{"participants": list(obj{"actorId": "ceasefire"})}), "input.events[0].participants[0].actorId"),
		u("an event given as a location", ev(obj{"locationId": "istanbul-talks-2025-05-16"}), "input.events[0].locationId"),
		u("three at once, all named", ev(obj{"locationId": missing, "parentId": missing + "-2", "topicIds": list(missing + "-3")}),
			"input.events[0].locationId", "input.events[0].parentId", "input.events[0].topicIds[0]"),
		u("good items beside a bad one", obj{"actors": list(actor(prefix + "good")), "topics": list(topic(prefix + "good")),
			"events": list(with(event(prefix+"e"), obj{"participants": list(obj{"actorId": missing})}))}, "input.events[0].participants[0].actorId"),
		{cat: "unknown references", name: "an upsert's location", req: mutation(`mutation($input: EventInput!) { upsertEvent(input: $input) { status } }`,
			obj{"input": with(event(prefix+"e"), obj{"locationId": missing})}), want: bad("input.locationId")},
		{cat: "unknown references", name: "linking to an unknown event", req: mutation(`mutation { linkParticipant(eventId: "hostile-missing", actorId: "hostile-link-actor") { changed } }`, nil), setup: linkSetup,
			want: want{codes: []string{notFound}, mention: []string{missing}}},
		{cat: "unknown references", name: "linking an unknown actor", req: mutation(`mutation { linkParticipant(eventId: "hostile-link-event", actorId: "hostile-missing") { changed } }`, nil), setup: linkSetup,
			want: want{codes: []string{notFound}, mention: []string{missing}}},
		{cat: "unknown references", name: "linking with an unknown source", req: mutation(`mutation { linkParticipant(eventId: "hostile-link-event", actorId: "hostile-link-actor", sourceIds: ["hostile-missing"]) { changed } }`, nil), setup: linkSetup,
			want: bad("sourceIds[0]")},
		{cat: "unknown references", name: "unlinking from an unknown event", req: mutation(`mutation { unlinkParticipant(eventId: "hostile-missing", actorId: "hostile-link-actor") { changed } }`, nil), setup: linkSetup,
			want: want{codes: []string{notFound}}},
	}
}

func duplicateIDs() []hcase {
	d := func(name string, batch obj, mention ...string) hcase {
		return hcase{cat: "duplicate ids", name: name, req: ingest(batch, false), want: bad(mention...)}
	}
	a := actor(prefix + "dup")
	return []hcase{
		d("two actors", obj{"actors": list(a, with(a, obj{"name": "Other"}))}, "input.actors[1].id", "input.actors[0]"),
		d("two events", obj{"events": list(event(prefix+"dup"), event(prefix+"dup"))}, "input.events[1].id"),
		d("two sources", obj{"sources": list(source(prefix+"dup"), source(prefix+"dup"))}, "input.sources[1].id"),
		d("two topics", obj{"topics": list(topic(prefix+"dup"), topic(prefix+"dup"))}, "input.topics[1].id"),
		d("two locations", obj{"locations": list(location(prefix+"dup"), location(prefix+"dup"))}, "input.locations[1].id"),
		d("two positions", obj{"positions": list(position(prefix+"dup"), position(prefix+"dup"))}, "input.positions[1].id"),
		d("two forecasts", obj{"forecasts": list(forecast(prefix+"dup"), forecast(prefix+"dup"))}, "input.forecasts[1].id"),
		d("two generated ids", obj{"actors": list(obj{"name": "Hostile Twin", "kind": "PERSON"}, obj{"name": "Hostile  Twin!", "kind": "GROUP"})}, "input.actors[1].id"),
		d("the same participant twice", obj{"events": list(with(event(prefix+"e"), obj{"participants": list(obj{"actorId": "vladimir-putin"}, obj{"actorId": "vladimir-putin", "kind": "HOST"})}))},
			"input.events[0].participants[1].actorId"),
		d("the same subject twice", obj{"forecasts": list(with(forecast(prefix+"f"), obj{"aboutIds": list("russia", "russia")}))}, "input.forecasts[0].aboutIds[1]"),
		d("the same affiliation twice", affiliations(affiliation(), with(affiliation(), obj{"role": "other"})), "input.affiliations[1]"),
		d("a thousand copies of one actor", obj{"actors": slices.Repeat(list(a), 1000)}, "input.actors[999].id"),
	}
}

func cursors() []hcase {
	events := `query($a: String) { events(after: $a) { totalCount } }`
	c := func(name, after string, w want) hcase {
		return hcase{cat: "cursors", name: name, req: gqlv(events, obj{"a": after}), want: w}
	}
	a := bad("after")
	return []hcase{
		c("garbage", "not-a-cursor", a),
		c("an overflowing offset", cursor("o:99999999999999999999"), a),
		c("the overflow unencoded", "o:99999999999999999999", a),
		c("a negative offset", cursor("o:-1"), a),
		c("a large negative offset", cursor("o:-99999999999999999999"), a),
		c("an offset beyond the bound", cursor("o:"+itoa(eventgraph.LimitCursorOffset.Max+1)), bound("after", eventgraph.LimitCursorOffset)),
		c("the 64-bit maximum", cursor("o:"+strconv.FormatInt(math.MaxInt64, 10)), a),
		c("an exponent", cursor("o:1e5"), a),
		c("hexadecimal", cursor("o:0x10"), a),
		c("a space", cursor("o: 1"), a),
		c("another prefix", cursor("x:1"), a),
		c("no offset", cursor("o:"), a),
		c("standard base64 with padding", base64.StdEncoding.EncodeToString([]byte("o:10")), a),
		c("10 KB", cursor("o:"+repeat("9", 10<<10)), a),
		c("Cypher", cursor("o:1 MATCH (n) DETACH DELETE n"), a.withEcho("o:1 MATCH (n) DETACH DELETE n")),
		c("a legitimate cursor", cursor("o:0"), ok()),
		c("a legitimate cursor past the end", cursor("o:50"), ok()),
		{cat: "cursors", name: "garbage on a nested connection", req: gql(`{ actor(id: "russia") { events(after: "garbage") { totalCount } } }`), want: a},
		{cat: "cursors", name: "an overflow on a nested connection", req: gql(`{ actor(id: "russia") { members(after: "` + cursor("o:99999999999999999999") + `") { totalCount } } }`), want: a},
		{cat: "cursors", name: "an overflow beside introspection", req: gqlv(besideIntrospection(events), obj{"a": cursor("o:99999999999999999999")}), want: a},
	}
}

// besideIntrospection is query with a root field gqlgen's executor answers
// (package respond delegates it) before its own.
func besideIntrospection(query string) string {
	return strings.Replace(query, "{", "{ __schema { queryType { name } } ", 1)
}

func searchTexts() []hcase {
	search := `query($q: String!) { search(query: $q) { score } }`
	s := func(name, text string, w want) hcase {
		return hcase{cat: "search texts", name: name, req: gqlv(search, obj{"q": text}), want: w}
	}
	filter := func(field, text string, w want) hcase {
		return hcase{cat: "search texts", name: fmt.Sprintf("%s where.text of %d characters", field, len([]rune(text))),
			req: gqlv(fmt.Sprintf(`query($q: String) { %s(where: {text: $q}) { totalCount } }`, field), obj{"q": text}), want: w}
	}
	// About 1 MB of short words, within the request body limit.
	mega := wordsOf(1_000_000)
	article := seedArticle()
	long := words(300) // over Lucene's 1,024 clauses when each word makes three
	chars := bound("query", eventgraph.LimitSearchChars)
	return []hcase{
		{cat: "search texts", name: "1 MB of words", heavy: true, timeout: 20 * time.Second, req: gqlv(search, obj{"q": mega}), want: chars},
		{cat: "search texts", name: "1 MB of words as a filter", heavy: true, timeout: 20 * time.Second,
			req: gqlv(`query($q: String) { events(where: {text: $q}) { totalCount } }`, obj{"q": mega}), want: bound("text", eventgraph.LimitSearchChars)},
		s("one character over the bound", repeat("a ", eventgraph.LimitSearchChars.Max/2)+"a", chars),
		s("at the bound, many words, is cut and says so", wordsOf(eventgraph.LimitSearchChars.Max), ok().withCheck(searchTextSaid)),
		s("the seed article", article, ok().withCheck(searchTextSaid)),
		s("300 words", long, ok().withCheck(searchTextSaid)),
		s("one word of 5000 characters", repeat("x", 5000), ok().withCheck(searchTextSaid)),
		s("a word of 1500 characters among others", "istanbul "+repeat("y", 1500)+" talks", ok()),
		s("Lucene syntax", `a* b~ c^10 "d (e OR f) AND NOT g [a TO z] {x TO y} /re.*/ \ && || ! ? : + -`, ok()),
		s("Lucene field syntax", `name:putin OR title:* OR _id:1 OR +summary:"x"~5`, ok()),
		s("a leading wildcard", "*stanbul", okOr(badInput)),
		s("200 ORs", repeat("OR ", 200), okOr(badInput)),
		s("only punctuation", `!@#$%^&*()_+=[]{}|;:,.<>/?`, bad("query").orSuccess()),
		s("empty", "", bad("query").orSuccess()),
		s("Cypher", `"}) MATCH (n) DETACH DELETE n RETURN n //`, ok()),
		s("a JSON document", `{"query": {"bool": {"must": [{"match_all": {}}]}}}`, ok()),
		s("HTML", `<script>alert(1)</script>`, ok()),
		filter("actors", long, ok()),
		filter("events", long, ok()),
		filter("positions", long, ok()),
		filter("locations", long, ok()),
		filter("topics", long, ok()),
		filter("sources", long, ok()),
		filter("actors", "z "+repeat("z", 1500), ok()),
		filter("events", repeat("a ", eventgraph.LimitSearchChars.Max/2)+"a", bound("text", eventgraph.LimitSearchChars)),
		{cat: "search texts", name: "300 words beside introspection", req: gqlv(besideIntrospection(search), obj{"q": long}), want: ok()},
	}
}

// seedArticle is the seed's article cut to the bound on a search text: a
// pasted paragraph of natural language.
func seedArticle() string {
	b, err := os.ReadFile("../seed/article.txt")
	if err != nil {
		panic(err)
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	r := []rune(text)
	if len(r) > eventgraph.LimitSearchChars.Max {
		r = r[:eventgraph.LimitSearchChars.Max]
	}
	return string(r)
}

func longStrings() []hcase {
	kb := repeat("x", 10<<10)
	over := func(l eventgraph.Limit) string { return repeat("x", l.Max+1) }
	// For an item of a list (an alias) the path named is the list's, which
	// the item's path (input.actors[0].aliases[0]) holds.
	l := func(name string, batch obj, path string, lim eventgraph.Limit) hcase {
		return hcase{cat: "long strings", name: name, req: ingest(batch, false), want: bound(path, lim)}
	}
	a := func(more obj) obj { return obj{"actors": list(with(actor(prefix+"long"), more))} }
	e := func(more obj) obj { return obj{"events": list(with(event(prefix+"long"), more))} }
	many := func(n int, s string) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s%d", s, i)
		}
		return out
	}
	batch := make([]any, eventgraph.LimitBatchItems.Max+1)
	for i := range batch {
		batch[i] = obj{"id": fmt.Sprintf("%sb%d", prefix, i), "name": "B", "kind": "GROUP"}
	}
	emoji := "\U0001F600"
	rd := func(name, q string, vars map[string]any, w want) hcase {
		return hcase{cat: "long strings", name: name, req: gqlv(q, vars), want: w}
	}
	return []hcase{
		l("a name one over the bound", a(obj{"name": over(eventgraph.LimitName)}), "input.actors[0].name", eventgraph.LimitName),
		l("a name of 10 KB", a(obj{"name": kb}), "input.actors[0].name", eventgraph.LimitName),
		l("a name of four-byte characters one over the bound", a(obj{"name": repeat(emoji, eventgraph.LimitName.Max+1)}), "input.actors[0].name", eventgraph.LimitName),
		l("an alias of 10 KB", a(obj{"aliases": list(kb)}), "input.actors[0].aliases", eventgraph.LimitName),
		l("a code of 10 KB", a(obj{"codes": list(kb)}), "input.actors[0].codes", eventgraph.LimitCode),
		l("a code one over the bound", a(obj{"codes": list(over(eventgraph.LimitCode))}), "input.actors[0].codes", eventgraph.LimitCode),
		l("a Wikidata id of 10 KB", a(obj{"wikidataId": kb}), "input.actors[0].wikidataId", eventgraph.LimitCode),
		l("a description one over the bound", a(obj{"description": over(eventgraph.LimitText)}), "input.actors[0].description", eventgraph.LimitText),
		l("too many aliases", a(obj{"aliases": many(eventgraph.LimitList.Max+1, "alias")}), "input.actors[0].aliases", eventgraph.LimitList),
		l("too many codes", a(obj{"codes": many(eventgraph.LimitList.Max+1, "C")}), "input.actors[0].codes", eventgraph.LimitList),
		{cat: "long strings", name: "an id of 10 KB", req: ingest(a(obj{"id": repeat("a", 10<<10)}), false), want: bad("input.actors[0].id")},
		{cat: "long strings", name: "an id one over the bound", req: ingest(a(obj{"id": prefix + repeat("a", eventgraph.LimitID.Max+1-len(prefix))}), false), want: bad("input.actors[0].id")},
		l("a title of 10 KB", e(obj{"title": kb}), "input.events[0].title", eventgraph.LimitName),
		l("an external id of 10 KB", e(obj{"externalIds": list(obj{"system": "GDELT", "id": kb})}), "input.events[0].externalIds[0].id", eventgraph.LimitCode),
		l("an external id system of 10 KB", e(obj{"externalIds": list(obj{"system": kb, "id": "1"})}), "input.events[0].externalIds[0].system", eventgraph.LimitCode),
		l("too many external ids", e(obj{"externalIds": func() []any {
			out := make([]any, eventgraph.LimitList.Max+1)
			for i := range out {
				out[i] = obj{"system": "GDELT", "id": itoa(i)}
			}
			return out
		}()}), "input.events[0].externalIds", eventgraph.LimitList),
		l("a summary one over the bound", e(obj{"summary": over(eventgraph.LimitText)}), "input.events[0].summary", eventgraph.LimitText),
		l("a context of 10 KB", e(obj{"contexts": list(kb)}), "input.events[0].contexts", eventgraph.LimitName),
		l("a mode of 10 KB", e(obj{"mode": kb}), "input.events[0].mode", eventgraph.LimitName),
		l("a figure label of 10 KB", e(obj{"figures": list(obj{"label": kb, "value": 1})}), "input.events[0].figures[0].label", eventgraph.LimitName),
		l("a figure unit of 10 KB", e(obj{"figures": list(obj{"label": "x", "value": 1, "unit": kb})}), "input.events[0].figures[0].unit", eventgraph.LimitName),
		l("a participant role of 10 KB", e(obj{"participants": list(obj{"actorId": "vladimir-putin", "role": kb})}), "input.events[0].participants[0].role", eventgraph.LimitName),
		l("a participant quote one over the bound", e(obj{"participants": list(obj{"actorId": "vladimir-putin", "quote": over(eventgraph.LimitQuote)})}),
			"input.events[0].participants[0].quote", eventgraph.LimitQuote),
		l("a citation quote one over the bound", e(obj{"citations": list(obj{"sourceId": seed.SourceID, "quote": over(eventgraph.LimitQuote)})}),
			"input.events[0].citations[0].quote", eventgraph.LimitQuote),
		l("too many topics", e(obj{"topicIds": ids(eventgraph.LimitList.Max + 1)}), "input.events[0].topicIds", eventgraph.LimitList),
		l("a source title of 10 KB", obj{"sources": list(with(source(prefix+"long"), obj{"title": kb}))}, "input.sources[0].title", eventgraph.LimitName),
		l("a URL one over the bound", obj{"sources": list(with(source(prefix+"long"), obj{"url": "https://example.org/" + over(eventgraph.LimitURL)}))}, "input.sources[0].url", eventgraph.LimitURL),
		l("an author of 10 KB", obj{"sources": list(with(source(prefix+"long"), obj{"author": kb}))}, "input.sources[0].author", eventgraph.LimitName),
		l("a topic name of 10 KB", obj{"topics": list(with(topic(prefix+"long"), obj{"name": kb}))}, "input.topics[0].name", eventgraph.LimitName),
		l("a location name of 10 KB", obj{"locations": list(with(location(prefix+"long"), obj{"name": kb}))}, "input.locations[0].name", eventgraph.LimitName),
		l("a statement one over the bound", obj{"positions": list(with(position(prefix+"long"), obj{"statement": over(eventgraph.LimitText)}))}, "input.positions[0].statement", eventgraph.LimitText),
		l("a forecast statement one over the bound", obj{"forecasts": list(with(forecast(prefix+"long"), obj{"statement": over(eventgraph.LimitText)}))}, "input.forecasts[0].statement", eventgraph.LimitText),
		l("a resolution note one over the bound", obj{"forecasts": list(with(forecast(prefix+"long"), obj{"resolutionNote": over(eventgraph.LimitText)}))}, "input.forecasts[0].resolutionNote", eventgraph.LimitText),
		l("an affiliation role of 10 KB", affiliations(with(affiliation(), obj{"role": kb})), "input.affiliations[0].role", eventgraph.LimitName),
		l("a batch one item over the bound", obj{"actors": batch}, "input", eventgraph.LimitBatchItems),
		{cat: "long strings", name: "a name at the bound, validateOnly", req: ingest(a(obj{"name": repeat("n", eventgraph.LimitName.Max)}), true), want: ok()},
		{cat: "long strings", name: "a name of four-byte characters at the bound, validateOnly", req: ingest(a(obj{"name": repeat(emoji, eventgraph.LimitName.Max)}), true), want: ok()},
		{cat: "long strings", name: "an upserted name of 10 KB", req: mutation(`mutation($input: ActorInput!) { upsertActor(input: $input) { status } }`,
			obj{"input": with(actor(prefix+"long"), obj{"name": kb})}), want: bound("input.name", eventgraph.LimitName)},
		{cat: "long strings", name: "an upserted external id of 10 KB", req: mutation(`mutation($input: EventInput!) { upsertEvent(input: $input) { status } }`,
			obj{"input": with(event(prefix+"long"), obj{"externalIds": list(obj{"system": "GDELT", "id": kb})})}), want: bound("input.externalIds[0].id", eventgraph.LimitCode)},
		{cat: "long strings", name: "a linked role of 10 KB", setup: linkSetup, req: mutation(`mutation($role: String) { linkParticipant(eventId: "hostile-link-event", actorId: "hostile-link-actor", role: $role) { changed } }`,
			obj{"role": kb}), want: bound("role", eventgraph.LimitName)},
		rd("a code filter of 10 KB", `query($c: String) { actors(where: {code: $c}) { totalCount } }`, obj{"c": kb}, bound("code", eventgraph.LimitCode)),
		rd("a country filter of 10 KB", `query($c: String) { actors(where: {countryCode: $c}) { totalCount } }`, obj{"c": kb}, bound("countryCode", eventgraph.LimitCode)),
		rd("an external id filter of 10 KB", `query($c: String) { events(where: {externalId: $c}) { totalCount } }`, obj{"c": "GDELT:" + kb}, bound("externalId", eventgraph.LimitCode)),
		rd("an actor id of 10 KB", `query($id: ID!) { actor(id: $id) { id } }`, obj{"id": kb}, bound("id", eventgraph.LimitID)),
		rd("a node id of 10 KB", `query($id: ID!) { node(id: $id) { id } }`, obj{"id": kb}, bound("id", eventgraph.LimitID)),
		rd("a neighbourhood id of 10 KB", `query($id: ID!) { neighborhood(id: $id) { truncated } }`, obj{"id": kb}, bound("id", eventgraph.LimitID)),
		// nodes(ids) is a page as much as a list: over either bound.
		rd("too many ids at once", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, obj{"ids": ids(max(eventgraph.LimitList.Max, eventgraph.LimitFirst.Max) + 1)}, bad("ids")),
		rd("too many ids in a filter", `query($ids: [ID!]) { events(where: {ids: $ids}) { totalCount } }`, obj{"ids": ids(eventgraph.LimitList.Max + 1)}, bound("ids", eventgraph.LimitList)),
		rd("too many participants in a filter", `query($ids: [ID!]) { events(where: {participantsAll: $ids}) { totalCount } }`, obj{"ids": ids(eventgraph.LimitList.Max + 1)}, bound("participantsAll", eventgraph.LimitList)),
		rd("a cursor of 10 KB", `query($a: String) { actors(after: $a) { totalCount } }`, obj{"a": kb}, bad("after")),
	}
}

func cycles() []hcase {
	e := func(id string, more obj) obj { return with(event(prefix+id), more) }
	l := func(id string, more obj) obj { return with(location(prefix+id), more) }
	p := func(id string) string { return prefix + id }
	cyc := func(name string, setup, batch obj, mention ...string) hcase {
		return hcase{cat: "cycles", name: name, setup: setup, req: ingest(batch, false), want: bad(mention...)}
	}
	legit := func(name string, setup, batch obj) hcase {
		return hcase{cat: "cycles", name: name, setup: setup, req: ingest(batch, true), want: ok()}
	}
	return []hcase{
		cyc("PART_OF of two in a batch", nil, obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", obj{"parentId": p("c1")}))}, "parentId"),
		cyc("PART_OF of three in a batch", nil, obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", obj{"parentId": p("c3")}), e("c3", obj{"parentId": p("c1")}))}, "parentId"),
		cyc("LOCATED_IN of two in a batch", nil, obj{"locations": list(l("c1", obj{"parentId": p("c2")}), l("c2", obj{"parentId": p("c1")}))}, "parentId"),
		cyc("LOCATED_IN of three in a batch", nil, obj{"locations": list(l("c1", obj{"parentId": p("c2")}), l("c2", obj{"parentId": p("c3")}), l("c3", obj{"parentId": p("c1")}))}, "parentId"),
		cyc("LED_TO of two in a batch", nil, obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"))}), e("c2", obj{"ledToIds": list(p("c1"))}))}, "ledToIds"),
		cyc("LED_TO of four in a batch", nil, obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"))}), e("c2", obj{"ledToIds": list(p("c3"))}),
			e("c3", obj{"ledToIds": list(p("c4"))}), e("c4", obj{"ledToIds": list(p("c1"))}))}, "ledToIds"),
		cyc("PART_OF closed against the graph", obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", nil))},
			obj{"events": list(e("c2", obj{"parentId": p("c1")}))}, "input.events[0].parentId"),
		cyc("PART_OF of three closed against the graph", obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", obj{"parentId": p("c3")}), e("c3", nil))},
			obj{"events": list(e("c3", obj{"parentId": p("c1")}))}, "input.events[0].parentId"),
		cyc("PART_OF moved under its own child", obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", nil), e("c3", obj{"parentId": p("c1")}))},
			obj{"events": list(e("c1", obj{"parentId": p("c3")}))}, "input.events[0].parentId"),
		cyc("LOCATED_IN closed against the graph", obj{"locations": list(l("c1", obj{"parentId": p("c2")}), l("c2", nil))},
			obj{"locations": list(l("c2", obj{"parentId": p("c1")}))}, "input.locations[0].parentId"),
		cyc("LED_TO closed against the graph", obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"))}), e("c2", obj{"ledToIds": list(p("c3"))}), e("c3", nil))},
			obj{"events": list(e("c3", obj{"ledToIds": list(p("c1"))}))}, "input.events[0].ledToIds[0]"),
		cyc("LED_TO closed by a new event and the graph", obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"))}), e("c2", nil))},
			obj{"events": list(e("c2", obj{"ledToIds": list(p("c3"))}), e("c3", obj{"ledToIds": list(p("c1"))}))}, "ledToIds"),
		{cat: "cycles", name: "PART_OF closed by an upsert", setup: obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", nil))},
			req:  mutation(`mutation($input: EventInput!) { upsertEvent(input: $input) { status } }`, obj{"input": e("c2", obj{"parentId": p("c1")})}),
			want: bad("input.parentId")},
		{cat: "cycles", name: "LOCATED_IN closed by an upsert", setup: obj{"locations": list(l("c1", obj{"parentId": p("c2")}), l("c2", nil))},
			req:  mutation(`mutation($input: LocationInput!) { upsertLocation(input: $input) { status } }`, obj{"input": l("c2", obj{"parentId": p("c1")})}),
			want: bad("input.parentId")},
		{cat: "cycles", name: "LED_TO closed by an upsert", setup: obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"))}), e("c2", nil))},
			req:  mutation(`mutation($input: EventInput!) { upsertEvent(input: $input) { status } }`, obj{"input": e("c2", obj{"ledToIds": list(p("c1"))})}),
			want: bad("input.ledToIds[0]")},
		cyc("an event part of itself", nil, obj{"events": list(e("c1", obj{"parentId": p("c1")}))}, "input.events[0].parentId"),
		cyc("an event leading to itself", nil, obj{"events": list(e("c1", obj{"ledToIds": list(p("c1"))}))}, "input.events[0].ledToIds[0]"),
		cyc("a place inside itself", nil, obj{"locations": list(l("c1", obj{"parentId": p("c1")}))}, "input.locations[0].parentId"),
		legit("a PART_OF chain", nil, obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", obj{"parentId": p("c3")}), e("c3", nil))}),
		legit("a LED_TO diamond", nil, obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"), p("c3"))}), e("c2", obj{"ledToIds": list(p("c4"))}),
			e("c3", obj{"ledToIds": list(p("c4"))}), e("c4", nil))}),
		legit("an existing PART_OF replayed", obj{"events": list(e("c1", obj{"parentId": p("c2")}), e("c2", nil))},
			obj{"events": list(e("c1", obj{"parentId": p("c2")}))}),
		legit("a LED_TO chain extended", obj{"events": list(e("c1", obj{"ledToIds": list(p("c2"))}), e("c2", nil))},
			obj{"events": list(e("c2", obj{"ledToIds": list(p("c3"))}), e("c3", nil))}),
	}
}

func misc() []hcase {
	m := func(name string, r request, w want) hcase {
		return hcase{cat: "documents", name: name, req: r, want: w}
	}
	tokens := "{ " + repeat("__typename ", 25000) + "}"
	return []hcase{
		m("an empty query", gql(""), badRequest()),
		m("a query of spaces", gql("   "), badRequest()),
		m("only a comment", gql("# MATCH (n) DETACH DELETE n"), badRequest().withEcho("MATCH (n) DETACH DELETE n")),
		m("empty braces", gql("{}"), badRequest()),
		m("an unclosed brace", gql("{ actor(id: \"russia\") { id }"), badRequest()),
		m("Cypher as the document", gql("MATCH (n) DETACH DELETE n"), badRequest().withEcho("MATCH")),
		m("SQL as the document", gql("SELECT * FROM users; DROP TABLE users; --"), badRequest()),
		m("an unknown operation name", request{body: []byte(`{"query": "query A { __typename }", "operationName": "B"}`)}, badRequest("B")),
		m("two operations and no name", gql("query A { __typename } query B { __typename }"), badRequest()),
		m("an anonymous operation beside a named one", gql("{ __typename } query B { __typename }"), badRequest()),
		m("two operations of one name", gql("query A { __typename } query A { __typename }"), badRequest()),
		m("a type definition in the document", gql("type Evil { x: Int } { __typename }"), badRequest()),
		m("a schema extension in the document", gql("extend type Query { evil: Int } { __typename }"), badRequest()),
		m("25000 tokens", gql(tokens), want{codes: []string{badInput, tooComplex}, requestError: true}),
		{cat: "documents", name: "a string literal of 1 MB", heavy: true, timeout: 20 * time.Second,
			req: gql(`{ search(query: "` + repeat("a", 1<<20-100) + `") { score } }`), want: bad("query").also(tooComplex)},
		m("a block string that reads like Cypher", gql(`{ search(query: """'}) MATCH (n) DETACH DELETE n //""") { score } }`), ok()),
		m("introspection", gql(introspection), ok()).legit(),
		m("__type of a Cypher name", gql(`{ __type(name: "x') MATCH (n) RETURN n //") { name } }`), ok()),
		m("a variable that is never used", gqlv(`query($x: String) { __typename }`, obj{"x": "MATCH (n) DETACH DELETE n"}), badRequest("x")),
		m("variables that match nothing", gqlv(`{ __typename }`, obj{"zzz": obj{"$where": "1 == 1"}}), ok()),
		m("the likelihood scale, a thousand times", gql(aliased("query", "likelihoodScale { term }", 1000)), okOr(tooComplex, badInput)),
	}
}

// introspection is GraphiQL's introspection query: legitimate, deep, and
// answered.
const introspection = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// ---------------------------------------------------------------- injections from the schema

// payloads are the injection strings tried in every String and ID argument
// and input field: Cypher (quotes, a parameter, backticks, a procedure),
// Lucene's query syntax, and JSON with HTML. Each fits every bound on
// strings (injections checks), so that what is tested is how the value is
// carried, not its length.
var payloads = []struct{ kind, text string }{
	{"Cypher", "x'}) MATCH (n) DETACH DELETE n WITH $id AS `x` CALL db.labels() YIELD label RETURN 1 //\""},
	{"Lucene", `name:* OR title:/.*/ AND ~ "open ( [ { ^ \ ! && || *:*`},
	{"JSON and HTML", `{"$ne":null,"__proto__":{"a":1}}<script>alert(1)</script><img src=x onerror=alert(2)>`},
}

// leaf is a String or ID argument or input field reached from a root
// field: its path from the argument (input, actors, 0, name).
type leaf struct {
	path []any
	name string
	id   bool
	list bool
}

func (l leaf) String() string {
	var b strings.Builder
	for _, p := range l.path {
		switch v := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		}
	}
	if l.list {
		b.WriteString("[0]")
	}
	return b.String()
}

// injections walks the executable schema's Query and Mutation fields and
// makes, for every String and ID argument and input field they reach, one
// case per payload.
func injections(t *testing.T) []hcase {
	for _, p := range payloads {
		if n := len([]rune(p.text)); n > eventgraph.LimitCode.Max {
			t.Fatalf("the %s payload has %d characters, more than the smallest bound on strings (%s)", p.kind, n, eventgraph.LimitCode)
		}
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var out []hcase
	n := 0
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			var ls []leaf
			for _, a := range f.Arguments {
				walkLeaves(schema, a.Name, a.Type, []any{a.Name}, &ls, nil)
			}
			for _, l := range ls {
				n++
				for _, p := range payloads {
					out = append(out, injection(t, schema, root == schema.Mutation, f, l, p.kind, p.text))
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("the schema walk found %d String and ID arguments and input fields; it is broken", n)
	}
	return out
}

// walkLeaves adds the String and ID leaves of an argument or input field
// of type typ at path; within are the input types the path runs through
// already. A recursive input type (a where's AND, OR, NOT, and the where
// of a relationship filter's node) is walked once on a path: its fields
// deeper down are the same fields, and walking them again multiplied the
// cases by tens without a new leaf.
func walkLeaves(s *ast.Schema, name string, typ *ast.Type, path []any, out *[]leaf, within []string) {
	named := typ.Name()
	isList := typ.Elem != nil
	def := s.Types[named]
	switch {
	case named == "String" || named == "ID":
		*out = append(*out, leaf{path: slices.Clone(path), name: name, id: named == "ID", list: isList})
	case def != nil && def.Kind == ast.InputObject && len(within) < 4 && !slices.Contains(within, named):
		if isList {
			path = append(slices.Clone(path), 0)
		}
		for _, f := range def.Fields {
			walkLeaves(s, f.Name, f.Type, append(slices.Clone(path), f.Name), out, append(slices.Clone(within), named))
		}
	}
}

// baseInput is a valid value of an input type, with hostile ids.
func baseInput(name string) obj {
	switch name {
	case "ActorInput":
		return actor(prefix + "inj-actor")
	case "LocationInput":
		return location(prefix + "inj-location")
	case "TopicInput":
		return topic(prefix + "inj-topic")
	case "SourceInput":
		return source(prefix + "inj-source")
	case "EventInput":
		return event(prefix + "inj-event")
	case "PositionInput":
		return position(prefix + "inj-position")
	case "ForecastInput":
		return forecast(prefix + "inj-forecast")
	case "AffiliationInput":
		return affiliation()
	case "CitationInput":
		return obj{"sourceId": seed.SourceID}
	case "FigureInput":
		return obj{"label": "prisoners", "value": 1}
	case "ExternalIdInput":
		return obj{"system": "HOSTILE", "id": "1"}
	case "ParticipantInput":
		return obj{"actorId": "vladimir-putin"}
	}
	return obj{} // filters, orders, IngestInput
}

// targetSetup is an actor that mutations which must be refused try to
// delete: if one is let through, the graph's fingerprint shows it.
var targetSetup = obj{"actors": list(actor(prefix + "target"))}

const deleteTarget = `mutation { deleteActor(id: "hostile-target") { deleted } }`

// linkSetup is the event and actor the participation mutations link.
var linkSetup = obj{"events": list(event(prefix + "link-event")), "actors": list(actor(prefix + "link-actor"))}

// resolutionSetup is a settled forecast that resolveForecast settles again
// and reopenForecast opens (WITHDRAWN needs no evidence).
var resolutionSetup = obj{"forecasts": list(with(forecast(prefix+"resolution"), obj{"status": "WITHDRAWN", "resolvedAt": "2025-06-01"}))}

// baseArgs are valid arguments of a root field.
func baseArgs(s *ast.Schema, f *ast.FieldDefinition) obj {
	args := obj{}
	switch f.Name {
	case "neighborhood":
		args["id"] = "russia"
	case "path":
		args["fromId"], args["toId"] = "russia", "ukraine"
	case "search":
		args["query"] = "talks"
	case "ingest":
		args["input"], args["validateOnly"] = obj{}, true
	case "linkParticipant", "unlinkParticipant":
		args["eventId"], args["actorId"] = prefix+"link-event", prefix+"link-actor"
	case "resolveForecast":
		args["id"], args["outcome"] = prefix+"resolution", "WITHDRAWN"
	case "reopenForecast":
		args["id"], args["reason"] = prefix+"resolution", "hostile reason"
	}
	for _, a := range f.Arguments {
		if _, done := args[a.Name]; done || !a.Type.NonNull {
			continue
		}
		switch {
		case a.Type.Name() == "ID" && a.Type.Elem != nil:
			args[a.Name] = list("russia")
		case a.Type.Name() == "ID":
			args[a.Name] = prefix + "nothing"
		case s.Types[a.Type.Name()].Kind == ast.InputObject:
			args[a.Name] = baseInput(a.Type.Name())
		case s.Types[a.Type.Name()].Kind == ast.Enum && a.Type.Elem != nil:
			// eventCounts(by): its first key
			args[a.Name] = list(s.Types[a.Type.Name()].EnumValues[0].Name)
		}
	}
	return args
}

// setLeaf sets the value at the leaf's path, creating the objects and
// lists on the way from their base values.
func setLeaf(s *ast.Schema, f *ast.FieldDefinition, args obj, l leaf, v any) {
	if l.list {
		v = list(v)
	}
	var cur any = args
	var fields ast.FieldList
	argType := func(name string) *ast.Type {
		if fields == nil {
			return f.Arguments.ForName(name).Type
		}
		return fields.ForName(name).Type
	}
	for i, step := range l.path {
		last := i == len(l.path)-1
		switch key := step.(type) {
		case string:
			m := cur.(obj)
			typ := argType(key)
			if last {
				m[key] = v
				return
			}
			next, ok := m[key]
			if !ok || next == nil {
				if typ.Elem != nil {
					next = list(baseInput(typ.Name()))
				} else {
					next = baseInput(typ.Name())
				}
				m[key] = next
			}
			fields = s.Types[typ.Name()].Fields
			cur = next
		case int:
			cur = cur.([]any)[key]
		}
	}
}

// injection is one payload in one leaf, with what the contract says of it.
func injection(t *testing.T, s *ast.Schema, isMutation bool, f *ast.FieldDefinition, l leaf, kind, payload string) hcase {
	args := baseArgs(s, f)
	setLeaf(s, f, args, l, payload)
	if in, ok := args["input"].(obj); ok && f.Name == "ingest" && in["affiliations"] != nil && in["actors"] == nil {
		in["actors"] = list(actor(prefix + "aff"))
	}
	var decl, pass []string
	for _, a := range f.Arguments {
		if _, ok := args[a.Name]; ok {
			decl = append(decl, "$"+a.Name+": "+a.Type.String())
			pass = append(pass, a.Name+": $"+a.Name)
		}
	}
	op := "query"
	if isMutation {
		op = "mutation"
	}
	q := fmt.Sprintf("%s(%s) { %s(%s) %s }", op, strings.Join(decl, ", "), f.Name, strings.Join(pass, ", "), selection(s, f.Type.Name()))
	c := hcase{cat: "injection", name: fmt.Sprintf("%s %s %s", f.Name, l, kind), req: gqlv(q, args)}
	if isMutation {
		c.req.auth = writer
	}
	path := l.String()
	switch {
	case !isMutation && l.name == "after":
		c.want = bad("after")
	case !isMutation && (f.Name == "neighborhood" || f.Name == "path") && l.id:
		c.want = want{codes: []string{notFound, badInput}}
	case !isMutation && l.name == "countryCode":
		c.want = okOr(badInput) // a filter by a malformed code finds nothing, or is refused
	case !isMutation && l.id:
		// An id no node can have: nothing found, or refused as malformed.
		c.want = okOr(badInput)
	case !isMutation:
		c.want = ok()
	case strings.HasPrefix(f.Name, "delete"):
		c.want = okOr(badInput)
	case l.id:
		c.want = bad(path)
	case l.name == "countryCode":
		c.want = bad(path)
	case l.name == "mode" || l.name == "contexts":
		c.want = bad(path) // PLOVER's vocabulary (plover.go), checked on write
	case l.name == "system" && strings.Contains(payload, ":"):
		c.want = bad(path)
	case f.Name == "ingest":
		c.want = ok() // validateOnly: checked, rolled back
	default:
		c.want = want{ok: true, writes: true, stored: []string{payload}}
	}
	if f.Name == "linkParticipant" || f.Name == "unlinkParticipant" {
		c.setup = linkSetup
		if c.want.writes {
			c.want.undo = `MATCH (:Actor {id: $prefix + 'link-actor'})-[r:PARTICIPATED_IN]->(:Event {id: $prefix + 'link-event'}) DELETE r`
		}
	}
	if f.Name == "resolveForecast" || f.Name == "reopenForecast" {
		c.setup = resolutionSetup
		if c.want.writes {
			// What the setup is before the case: its forecast without the citation a resolution adds.
			c.want.undo = `MATCH (:Forecast {id: $prefix + 'resolution'})-[c:CITED_IN]->() DELETE c`
		}
	}
	return c
}

// selection picks something to select of a type: its first scalar field,
// or __typename.
func selection(s *ast.Schema, name string) string {
	def := s.Types[name]
	if def == nil || def.Kind == ast.Scalar || def.Kind == ast.Enum {
		return ""
	}
	if def.Kind == ast.Object {
		for _, f := range def.Fields {
			fd := s.Types[f.Type.Name()]
			if f.Type.Elem == nil && fd != nil && (fd.Kind == ast.Scalar || fd.Kind == ast.Enum) && !strings.HasPrefix(f.Name, "__") {
				return "{ " + f.Name + " }"
			}
		}
	}
	return "{ __typename }"
}
