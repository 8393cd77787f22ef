package respond_test

import (
	"context"
	"encoding/json"
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

// A database that dies is reported as the executor reports a resolver's
// error: DATABASE_UNAVAILABLE, once, at the field, within the driver's
// retry time.
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

	ts := httptest.NewServer(apitest.Handler(server.DefaultConfig(), st))
	t.Cleanup(ts.Close)
	srv := &apitest.Server{URL: ts.URL, Store: st}
	const query = `{ actor(id: "russia") { name } }`
	if r := srv.Query(t, query, nil); len(r.Errors) > 0 {
		t.Fatalf("before the database died: %+v", r.Errors)
	}

	p.kill()
	answered, _ := respond.Stats()
	start := time.Now()
	_, body := srv.Raw(t, "", query, nil, nil)
	if now, _ := respond.Stats(); now != answered+1 {
		t.Errorf("the direct path did not answer")
	}
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("took %v to report the database gone", took)
	}
	if n := strings.Count(string(body), "DATABASE_UNAVAILABLE"); n != 1 {
		t.Errorf("%d DATABASE_UNAVAILABLE errors in %s", n, body)
	}
	// As the executor reports a resolver's error: at the field, which is
	// null.
	var r struct {
		Data   json.RawMessage
		Errors []struct {
			Path      []any
			Locations []struct{ Line, Column int }
		}
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if string(r.Data) != `{"actor":null}` || len(r.Errors) != 1 || len(r.Errors[0].Path) != 1 || r.Errors[0].Path[0] != "actor" ||
		len(r.Errors[0].Locations) != 1 || r.Errors[0].Locations[0].Column != 3 {
		t.Errorf("want the error at actor and data {\"actor\":null}, got %s", body)
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
