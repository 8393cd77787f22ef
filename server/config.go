package server

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph"
	"github.com/eventgraph/eventgraph/metrics"
)

// DevWriterKey is the writer key a development setup gets when WRITER_KEYS
// is unset, so that `make run` can ingest out of the box. It is never used
// when EVENTGRAPH_ENV=production.
const DevWriterKey = "dev-writer-key"

// Config is the HTTP side of the service. The zero value is not useful: start
// from DefaultConfig or ConfigFromEnv.
type Config struct {
	// Addr is where main listens (host:port).
	Addr string
	// WriterKeys are the bearer keys allowed to run mutations (they can
	// read too). Empty means no one can write.
	WriterKeys []string
	// ReaderKeys, when not empty, are the keys needed to read; reads are
	// open to anyone when it is empty.
	ReaderKeys []string
	// MaxBodyBytes bounds a request body; larger bodies get 413.
	MaxBodyBytes int64
	// MaxDepth bounds the nesting of a selection (fields, fragments
	// followed; introspection excluded).
	MaxDepth int
	// MaxComplexity bounds the cost of an operation as Complexity computes
	// it (a connection costs its children times `first`).
	MaxComplexity int
	// MaxFields bounds how many fields a query document may write out
	// (counted in the text, fragments once), which bounds the cost of
	// validating it. Not read from the environment: no real query comes
	// near the default of 1000.
	MaxFields int
	// MaxDocumentFields bounds the fields of an operation once every
	// fragment spread is expanded (eventgraph.LimitDocumentFields), which
	// bounds the cost of costing and executing it.
	MaxDocumentFields int
	// MaxRootFields bounds the root fields of one operation that reach the
	// database, aliases counted (eventgraph.LimitRootFields).
	MaxRootFields int
	// RequestTimeout bounds the work on one GraphQL request; the context
	// every resolver and database call sees ends after it.
	RequestTimeout time.Duration
	// CORSOrigins are the browser origins allowed to call the API from
	// another site ("*" for any). Empty turns CORS off: only same-origin
	// pages (GraphiQL, the explorer) can call it from a browser.
	CORSOrigins []string
	// LogLevel is debug, info, warn or error; LogFormat is json or text.
	LogLevel  string
	LogFormat string
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout are the
	// http.Server's; NewHTTPServer fills zero values from RequestTimeout.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// Warnings are things ConfigFromEnv wants said once a logger exists
	// (New logs them).
	Warnings []string
	// Metrics, when set, counts requests, latencies and guard refusals and
	// is served at /metrics (behind the reader keys when reads need one).
	// Not read from the environment: main makes it (metrics.New) and hands
	// the same registry to the store.
	Metrics *metrics.Registry
}

// DefaultConfig is the configuration with nothing set: open reads, no
// writer, guards at their defaults.
func DefaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		MaxBodyBytes:      int64(eventgraph.LimitBatchBytes.Max),
		MaxDepth:          eventgraph.LimitSelectionDepth.Max,
		MaxComplexity:     50000,
		MaxFields:         1000,
		MaxDocumentFields: eventgraph.LimitDocumentFields.Max,
		MaxRootFields:     eventgraph.LimitRootFields.Max,
		RequestTimeout:    20 * time.Second,
		LogLevel:          "info",
		LogFormat:         "text",
	}
}

// ConfigFromEnv reads the configuration from the environment. Unset
// variables keep their defaults; a malformed value is an error naming the
// variable.
//
//	variable         default                 meaning
//	ADDR             127.0.0.1:8080          listen address (host:port)
//	WRITER_KEYS      dev-writer-key (*)      comma-separated bearer keys that may run mutations (name:secret names one)
//	READER_KEYS      (empty: open reads)     comma-separated bearer keys needed to read, if set
//	MAX_BODY_BYTES   4194304                 largest request body; larger gets 413 (eventgraph.LimitBatchBytes)
//	MAX_DEPTH        10                      deepest selection nesting (QUERY_TOO_COMPLEX beyond; eventgraph.LimitSelectionDepth)
//	MAX_COMPLEXITY   50000                   costliest operation (QUERY_TOO_COMPLEX beyond)
//	REQUEST_TIMEOUT  20s                     time one GraphQL request may take (Go duration)
//	CORS_ORIGINS     (empty: CORS off)       comma-separated origins allowed cross-site, or *
//	LOG_LEVEL        info                    debug, info, warn or error
//	LOG_FORMAT       text                    text or json
//	EVENTGRAPH_ENV   (empty)                 production: no default writer key
//
// (*) only when EVENTGRAPH_ENV is not "production"; a warning is logged. In
// production an unset WRITER_KEYS means the service is read-only.
func ConfigFromEnv() (Config, error) {
	return configFrom(os.LookupEnv)
}

func configFrom(lookup func(string) (string, bool)) (Config, error) {
	cfg := DefaultConfig()
	get := func(name string) (string, bool) {
		v, ok := lookup(name)
		v = strings.TrimSpace(v)
		return v, ok && v != ""
	}
	if v, ok := get("ADDR"); ok {
		cfg.Addr = v
	}
	if v, ok := get("WRITER_KEYS"); ok {
		cfg.WriterKeys = splitList(v)
	} else if env, _ := get("EVENTGRAPH_ENV"); env != "production" {
		cfg.WriterKeys = []string{DevWriterKey}
		cfg.Warnings = append(cfg.Warnings, "WRITER_KEYS is not set: mutations accept the development key "+
			"\""+DevWriterKey+"\"; set WRITER_KEYS (and EVENTGRAPH_ENV=production) anywhere but your own machine")
	} else {
		cfg.Warnings = append(cfg.Warnings, "WRITER_KEYS is not set in production: every mutation will be refused")
	}
	if v, ok := get("READER_KEYS"); ok {
		cfg.ReaderKeys = splitList(v)
	}
	var err error
	if v, ok := get("MAX_BODY_BYTES"); ok {
		if cfg.MaxBodyBytes, err = strconv.ParseInt(v, 10, 64); err != nil || cfg.MaxBodyBytes <= 0 {
			return cfg, fmt.Errorf("MAX_BODY_BYTES=%q: want a positive number of bytes", v)
		}
	}
	if v, ok := get("MAX_DEPTH"); ok {
		if cfg.MaxDepth, err = strconv.Atoi(v); err != nil || cfg.MaxDepth <= 0 {
			return cfg, fmt.Errorf("MAX_DEPTH=%q: want a positive integer", v)
		}
	}
	if v, ok := get("MAX_COMPLEXITY"); ok {
		if cfg.MaxComplexity, err = strconv.Atoi(v); err != nil || cfg.MaxComplexity <= 0 {
			return cfg, fmt.Errorf("MAX_COMPLEXITY=%q: want a positive integer", v)
		}
	}
	if v, ok := get("REQUEST_TIMEOUT"); ok {
		if cfg.RequestTimeout, err = time.ParseDuration(v); err != nil || cfg.RequestTimeout <= 0 {
			return cfg, fmt.Errorf("REQUEST_TIMEOUT=%q: want a positive Go duration such as 20s", v)
		}
	}
	if v, ok := get("CORS_ORIGINS"); ok {
		cfg.CORSOrigins = splitList(v)
	}
	if v, ok := get("LOG_LEVEL"); ok {
		if _, err := parseLevel(v); err != nil {
			return cfg, fmt.Errorf("LOG_LEVEL=%q: %w", v, err)
		}
		cfg.LogLevel = v
	}
	if v, ok := get("LOG_FORMAT"); ok {
		if v != "json" && v != "text" {
			return cfg, fmt.Errorf("LOG_FORMAT=%q: want json or text", v)
		}
		cfg.LogFormat = v
	}
	return cfg, nil
}

func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("want debug, info, warn or error")
	}
	return l, nil
}

// NewLogger builds the service's logger from LogLevel and LogFormat, writing
// to w (os.Stderr in main).
func NewLogger(cfg Config, w io.Writer) *slog.Logger {
	level, err := parseLevel(cfg.LogLevel)
	if err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
