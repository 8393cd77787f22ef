// Package hostile is the project's own hostile suite (issue 9): several
// hundred malformed, oversized and malicious requests, table-driven and
// partly generated from the executable schema (an injection string in every
// String and ID argument and input field of every Query and Mutation field),
// sent over HTTP to the in-process service of package apitest — the real
// handler over the real, seeded Neo4j. Each case asserts the HTTP status the
// GraphQL-over-HTTP rules give it, the error codes a client should see
// (never INTERNAL, DATABASE_UNAVAILABLE or a 5xx), that no Go identifier,
// Neo4j code, Cypher or stack leaked into the answer, that the graph's
// fingerprint (counts per label and type, latest updatedAt) did not change
// unless the case is a legitimate write, and that the database still
// answers afterwards. The package holds no code of its own: it exists for
// its tests, which run in `go test ./...`.
package hostile
