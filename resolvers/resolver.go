// Package resolvers implements the GraphQL schema (schema.graphqls) for
// what gqlgen's executor answers: mutations, whose payloads read the
// written node back with their whole selection in one Cypher query (field
// resolvers below it only decode data that came back with their parent),
// and duplicateCandidates. Package respond answers every other Query field;
// their resolvers here hold no read (Misrouted).
package resolvers

import "github.com/eventgraph/eventgraph/store"

// Resolver is the root of the resolver tree; one serves every request.
type Resolver struct {
	Store *store.Client
}
