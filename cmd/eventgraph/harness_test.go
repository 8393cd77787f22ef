package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// What the tests beyond one process share: the built binary (they skip
// without it, as they run several processes and a database of their own),
// a service started and waited for, a Neo4j of their own run by the
// project's script, and a GraphQL client that keeps the response's status,
// headers and error codes.

// builtBinary is EVENTGRAPH_BIN, or a skip saying how to run the test.
func builtBinary(t *testing.T, what string) string {
	t.Helper()
	bin := os.Getenv("EVENTGRAPH_BIN")
	if bin == "" {
		t.Skipf("%s runs the built service: set EVENTGRAPH_BIN (go build -o bin/eventgraph ./cmd/eventgraph; scripts/test.sh sets it)", what)
	}
	if testing.Short() {
		t.Skipf("%s: skipped in -short mode", what)
	}
	return bin
}

// serve starts the service and returns it with its base URL once it serves.
func serve(t *testing.T, bin string, env ...string) (*process, string) {
	t.Helper()
	p := launch(t, bin, env...)
	return p, serving(t, p)
}

// launch starts the service with the tests' defaults and does not wait.
func launch(t *testing.T, bin string, env ...string) *process {
	t.Helper()
	return start(t, bin, append([]string{"ADDR=127.0.0.1:0", "LOG_FORMAT=json", "LOG_LEVEL=warn", "NEO4J_WAIT=30s"}, env...)...)
}

// serving waits for a launched service's banner and returns its base URL.
func serving(t *testing.T, p *process) string {
	t.Helper()
	select {
	case base := <-p.base:
		return base
	case err := <-p.done:
		t.Fatalf("the service exited before serving: %v\n%s", err, p.output())
	case <-time.After(time.Minute):
		t.Fatalf("no banner after 1 min:\n%s", p.output())
	}
	return ""
}

// neo4jURI is the database the test suite runs against.
func neo4jURI() string {
	if u := os.Getenv("NEO4J_URI"); u != "" {
		return u
	}
	return "bolt://127.0.0.1:7687"
}

// ownNeo4j is a Neo4j of a test's own, on its own port and data folder,
// driven by scripts/neo4j as a developer would.
type ownNeo4j struct {
	root, port, data string
}

func newOwnNeo4j(t *testing.T, port string) *ownNeo4j {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return &ownNeo4j{root: root, port: port, data: filepath.Join(root, ".data", "neo4j-"+port)}
}

func (n *ownNeo4j) uri() string { return "bolt://127.0.0.1:" + n.port }

// script runs scripts/neo4j cmd, bounded by d.
func (n *ownNeo4j) script(cmd string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	c := exec.CommandContext(ctx, filepath.Join(n.root, "scripts", "neo4j"), cmd)
	c.Env = append(os.Environ(), "NEO4J_BOLT_PORT="+n.port, "NEO4J_DATA="+n.data,
		"NEO4J_HEAP="+envOr("FAULT_NEO4J_HEAP", "512m"), "NEO4J_PAGECACHE=64m")
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("scripts/neo4j %s on port %s: %w\n%s", cmd, n.port, err, out)
	}
	return nil
}

// pid is the running Neo4j's process id, from the pid file the script writes.
func (n *ownNeo4j) pid() (int, error) {
	raw, err := os.ReadFile(filepath.Join(n.data, "neo4j.pid"))
	if err != nil {
		return 0, fmt.Errorf("the Neo4j pid file: %w", err)
	}
	var pid int
	if _, err := fmt.Sscan(string(raw), &pid); err != nil || pid <= 0 {
		return 0, fmt.Errorf("the Neo4j pid file holds %q", raw)
	}
	return pid, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// gqlResponse is a GraphQL answer with what came around it.
type gqlResponse struct {
	Status int
	Header http.Header
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// codes lists the errors' extensions.code, for messages.
func (r *gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c+": "+e.Message)
	}
	return out
}

// ok is HTTP 200 without errors.
func (r *gqlResponse) ok() bool { return r.Status == http.StatusOK && len(r.Errors) == 0 }

var httpClient = &http.Client{Timeout: 30 * time.Second}

// postGraphQL posts one request to base/graphql; header holds extra request
// headers (Authorization, Neo4j-Bookmark). An error means no GraphQL
// answer came back.
func postGraphQL(ctx context.Context, base, query string, vars map[string]any, header map[string]string) (*gqlResponse, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	r := &gqlResponse{Status: res.StatusCode, Header: res.Header}
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, fmt.Errorf("HTTP %d, not GraphQL JSON: %.300s", res.StatusCode, raw)
	}
	return r, nil
}

// decode unmarshals the data of a response that must have succeeded.
func (r *gqlResponse) decode(out any) error {
	if !r.ok() {
		return fmt.Errorf("HTTP %d, errors %s", r.Status, strings.Join(r.codes(), "; "))
	}
	return json.Unmarshal(r.Data, out)
}

func bearer(key string) map[string]string { return map[string]string{"Authorization": "Bearer " + key} }
