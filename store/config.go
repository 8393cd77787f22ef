package store

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ConfigFromEnv reads the database settings from the environment; the
// service, the test harnesses and the tools all use it, so that one set of
// variables points them all at the same database.
//
//	variable             default                 meaning
//	NEO4J_URI            bolt://127.0.0.1:7687   bolt:// for one server, neo4j:// for a cluster or Aura
//	NEO4J_USER           neo4j
//	NEO4J_PASSWORD       eventgraph              empty turns authentication off
//	NEO4J_DATABASE       neo4j
//	NEO4J_QUERY_TIMEOUT  15s                     bound on every database transaction (Go duration)
//	NEO4J_MAX_POOL       (driver default, 100)   connection pool size
//	CYPHER_LOG           (empty)                 file that receives every query sent, for the benchmark floor
func ConfigFromEnv() (Config, error) {
	env := func(name, def string) string {
		if v, ok := os.LookupEnv(name); ok {
			return strings.TrimSpace(v)
		}
		return def
	}
	cfg := Config{
		URI:       env("NEO4J_URI", ""),
		User:      env("NEO4J_USER", "neo4j"),
		Password:  env("NEO4J_PASSWORD", "eventgraph"),
		Database:  env("NEO4J_DATABASE", ""),
		CypherLog: env("CYPHER_LOG", ""),
	}
	if cfg.URI == "" {
		cfg.URI = "bolt://127.0.0.1:7687"
	}
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if v := env("NEO4J_QUERY_TIMEOUT", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("NEO4J_QUERY_TIMEOUT=%q: want a positive Go duration such as 15s", v)
		}
		cfg.QueryTimeout = d
	}
	if v := env("NEO4J_MAX_POOL", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("NEO4J_MAX_POOL=%q: want a positive integer", v)
		}
		cfg.MaxPoolSize = n
	}
	return cfg, nil
}
