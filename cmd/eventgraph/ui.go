package main

import "github.com/eventgraph/eventgraph/ui"

// The graph explorer, embedded in the binary, at /explore and below it.
func init() {
	h := ui.Handler()
	extraRoutes[ui.Prefix] = h
	extraRoutes[ui.Prefix+"/"] = h
}
