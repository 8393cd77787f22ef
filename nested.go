package eventgraph

// Nested holds the related data of one entity that a read fetched along with
// it, keyed by the response name (alias) the client asked it under: the
// store's value of each nested connection, which the field resolver decodes.
// A whole nested GraphQL selection is read in one database round trip, so
// the field resolvers below the root only decode what is already here.
type Nested map[string]any
