package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/seed"
)

// These tests run the real binary, as `make run` does, against the real
// Neo4j at NEO4J_URI (default bolt://127.0.0.1:7687, what scripts/neo4j
// starts): startup, migrations, the seed check, the routes it mounts, the
// banner, graceful shutdown, and the refusals of bad configuration.

// binary is EVENTGRAPH_BIN (scripts/test.sh builds it) or a fresh build.
func binary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("EVENTGRAPH_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "eventgraph")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a running service with its stderr collected.
type process struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr strings.Builder
	base   chan string
	done   chan error
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// bannerURL matches the banner's last line, so the whole banner has been
// read when it matches.
var bannerURL = regexp.MustCompile(`health\s+(http://\S+)/healthz`)

func start(t *testing.T, bin string, env ...string) *process {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, base: make(chan string, 1), done: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stderr.WriteString(line + "\n")
			p.mu.Unlock()
			if m := bannerURL.FindStringSubmatch(line); m != nil {
				p.base <- m[1]
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return p
}

func TestServiceLifecycle(t *testing.T) {
	neo4j := os.Getenv("NEO4J_URI")
	if neo4j == "" {
		neo4j = "bolt://127.0.0.1:7687"
	}
	p := start(t, binary(t), "ADDR=127.0.0.1:0", "NEO4J_URI="+neo4j, "WRITER_KEYS=lifecycle-writer",
		"READER_KEYS=", "SEED=auto", "LOG_FORMAT=json", "LOG_LEVEL=info", "NEO4J_WAIT=30s")
	var base string
	select {
	case base = <-p.base:
	case err := <-p.done:
		t.Fatalf("the service exited before serving: %v\n%s", err, p.output())
	case <-time.After(3 * time.Minute):
		t.Fatalf("no banner after 3 min:\n%s", p.output())
	}
	for _, want := range []string{base + "/", base + "/explore/", base + "/healthz", base + "/readyz", base + "/metrics"} {
		if !strings.Contains(p.output(), want) {
			t.Errorf("the banner does not show %s:\n%s", want, p.output())
		}
	}

	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		headers    map[string]string
		wantStatus int
		wantType   string
		wantBody   string
	}{
		{name: "health", method: "GET", path: "/healthz", wantStatus: 200, wantBody: "ok"},
		{name: "ready", method: "GET", path: "/readyz", wantStatus: 200, wantBody: `"ready"`},
		{name: "GraphiQL", method: "GET", path: "/", wantStatus: 200, wantType: "text/html", wantBody: "graphiql"},
		{name: "explorer", method: "GET", path: "/explore/", wantStatus: 200, wantType: "text/html"},
		{name: "metrics", method: "GET", path: "/metrics", wantStatus: 200, wantType: "text/plain", wantBody: "eventgraph_guard_refusals_total"},
		{name: "no profiler unless PPROF=1", method: "GET", path: "/debug/pprof/", wantStatus: 404},
		{name: "the seed is there", method: "POST", path: "/graphql",
			body:       `{"query": "query($id: ID!) { source(id: $id) { author publishedAt } }", "variables": {"id": "` + seed.SourceID + `"}}`,
			wantStatus: 200, wantType: "application/json", wantBody: `{"data":{"source":{"author":"Andrea Stauder","publishedAt":"2025-05-26"}}}`},
		{name: "a mutation needs the writer key", method: "POST", path: "/graphql",
			body:       `{"query": "mutation { deleteActor(id: \"nobody-at-all\") { deleted } }"}`,
			headers:    map[string]string{"Accept": "application/graphql-response+json"},
			wantStatus: 401, wantType: "application/graphql-response+json", wantBody: "UNAUTHENTICATED"},
		{name: "the writer key writes", method: "POST", path: "/graphql",
			body:       `{"query": "mutation { deleteActor(id: \"nobody-at-all\") { deleted } }"}`,
			headers:    map[string]string{"Authorization": "Bearer lifecycle-writer"},
			wantStatus: 200, wantBody: `{"data":{"deleteActor":{"deleted":false}}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.wantStatus {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tc.wantStatus, b)
			}
			if tc.wantType != "" && !strings.HasPrefix(res.Header.Get("Content-Type"), tc.wantType) {
				t.Errorf("Content-Type %q, want %s", res.Header.Get("Content-Type"), tc.wantType)
			}
			if !strings.Contains(string(b), tc.wantBody) {
				t.Errorf("body %s, want it to contain %s", b, tc.wantBody)
			}
		})
	}

	// SIGTERM drains and exits cleanly.
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, p.output())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("still running 30 s after SIGTERM")
	}
	if !strings.Contains(p.output(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", p.output())
	}
	// The access log is structured and names the operation.
	var sawAccess bool
	for line := range strings.SplitSeq(p.output(), "\n") {
		var entry map[string]any
		if json.Unmarshal([]byte(line), &entry) == nil && entry["msg"] == "request" && entry["path"] == "/graphql" {
			sawAccess = entry["request_id"] != "" && entry["status"] != nil
		}
	}
	if !sawAccess {
		t.Errorf("no JSON access log line for /graphql:\n%s", p.output())
	}
}

// A service that cannot start says why and exits non-zero, quickly.
func TestStartupRefusals(t *testing.T) {
	bin := binary(t)
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"Neo4j not there", []string{"NEO4J_URI=bolt://127.0.0.1:1", "NEO4J_WAIT=2s"}, "did not answer within 2s"},
		{"bad SEED", []string{"SEED=sometimes"}, "SEED"},
		{"bad MAX_DEPTH", []string{"MAX_DEPTH=deep"}, "MAX_DEPTH"},
		{"bad pool size", []string{"NEO4J_MAX_POOL=-3"}, "NEO4J_MAX_POOL"},
		{"bad query timeout", []string{"NEO4J_QUERY_TIMEOUT=soon"}, "NEO4J_QUERY_TIMEOUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := start(t, bin, append([]string{"ADDR=127.0.0.1:0"}, tc.env...)...)
			select {
			case err := <-p.done:
				if err == nil {
					t.Fatalf("exited 0:\n%s", p.output())
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("still running after 20 s:\n%s", p.output())
			}
			if !strings.Contains(p.output(), tc.want) {
				t.Errorf("the output does not mention %q:\n%s", tc.want, p.output())
			}
		})
	}
}

func TestProfilerOnRequest(t *testing.T) {
	neo4j := os.Getenv("NEO4J_URI")
	if neo4j == "" {
		neo4j = "bolt://127.0.0.1:7687"
	}
	p := start(t, binary(t), "ADDR=127.0.0.1:0", "NEO4J_URI="+neo4j, "SEED=never", "PPROF=1", "NEO4J_WAIT=30s")
	var base string
	select {
	case base = <-p.base:
	case err := <-p.done:
		t.Fatalf("the service exited before serving: %v\n%s", err, p.output())
	case <-time.After(time.Minute):
		t.Fatalf("no banner after 1 min:\n%s", p.output())
	}
	res, err := http.Get(base + "/debug/pprof/heap")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /debug/pprof/heap with PPROF=1: HTTP %d", res.StatusCode)
	}
}
