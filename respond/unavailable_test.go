package respond_test

import (
	"context"
	"io"
	"net"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventgraph/eventgraph/apitest"
	"github.com/eventgraph/eventgraph/respond"
	"github.com/eventgraph/eventgraph/server"
	"github.com/eventgraph/eventgraph/store"
)

// A database that dies must be reported by the direct path as by the
// executor: DATABASE_UNAVAILABLE, once, within the driver's retry time —
// not retried through the executor.
func TestDeadDatabaseIsReportedOnce(t *testing.T) {
	apitest.Start(t) // the database is up and seeded
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	cfg.URI = "bolt://" + p.addr()
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })

	on := server.DefaultConfig()
	off := on
	off.DirectReads = false
	servers := map[string]*apitest.Server{}
	for name, c := range map[string]server.Config{"direct": on, "executor": off} {
		ts := httptest.NewServer(apitest.Handler(c, st))
		t.Cleanup(ts.Close)
		servers[name] = &apitest.Server{URL: ts.URL, Store: st}
	}
	const query = `{ actor(id: "russia") { name } }`
	for name, srv := range servers {
		if r := srv.Query(t, query, nil); len(r.Errors) > 0 {
			t.Fatalf("%s, before the database died: %+v", name, r.Errors)
		}
	}

	p.kill()
	bodies := map[string]string{}
	for name, srv := range servers {
		answered, _ := respond.Stats()
		start := time.Now()
		_, body := srv.Raw(t, "", query, nil, nil)
		if now, _ := respond.Stats(); name == "direct" && now != answered+1 {
			t.Errorf("the direct path did not answer")
		}
		if took := time.Since(start); took > 8*time.Second {
			t.Errorf("%s took %v to report the database gone", name, took)
		}
		if n := strings.Count(string(body), "DATABASE_UNAVAILABLE"); n != 1 {
			t.Errorf("%s: %d DATABASE_UNAVAILABLE errors in %s", name, n, body)
		}
		bodies[name] = string(body)
	}
	if bodies["direct"] != bodies["executor"] {
		t.Errorf("the paths differ:\ndirect:   %s\nexecutor: %s", bodies["direct"], bodies["executor"])
	}
}

// proxy forwards TCP connections to the database until killed, when it
// stops listening and drops every connection: the database is gone.
type proxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{l: l}
	t.Cleanup(p.kill)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) addr() string { return p.l.Addr().String() }

func (p *proxy) kill() {
	p.l.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
