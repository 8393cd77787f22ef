package main

import (
	"net/http"
	"net/http/pprof"
	"os"
)

// PPROF=1 mounts Go's profiler at /debug/pprof/, for profiling the service
// under the benchmark's load (BENCHMARKS.md, hot spots). Off by default: a
// profile shows internals that clients have no business seeing.
func init() {
	if os.Getenv("PPROF") != "1" {
		return
	}
	extraRoutes["/debug/pprof/"] = http.HandlerFunc(pprof.Index)
	extraRoutes["/debug/pprof/cmdline"] = http.HandlerFunc(pprof.Cmdline)
	extraRoutes["/debug/pprof/profile"] = http.HandlerFunc(pprof.Profile)
	extraRoutes["/debug/pprof/symbol"] = http.HandlerFunc(pprof.Symbol)
	extraRoutes["/debug/pprof/trace"] = http.HandlerFunc(pprof.Trace)
}
