// Package resolvers implements the GraphQL schema (schema.graphqls) by
// delegating to the store: root fields hand their whole selection to the
// store, which reads it in one Cypher query; field resolvers below the root
// only decode data that came back with their parent.
package resolvers

import "github.com/eventgraph/eventgraph/store"

// Resolver is the root of the resolver tree; one serves every request.
type Resolver struct {
	Store *store.Client
}
