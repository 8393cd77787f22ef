// Package eventgraph holds the domain of the event-and-actor knowledge graph
// that every other package shares: calendar dates, the PHIA likelihood
// yardstick, forecast windows, readable ids and the coded errors that clients
// see. It depends on nothing but the standard library, so the store, the
// GraphQL layer and the clients can all speak it.
package eventgraph
