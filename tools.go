//go:build tools

// Package eventgraph (build tag tools) pins the code generator's version in go.mod.
package eventgraph

import _ "github.com/99designs/gqlgen"
