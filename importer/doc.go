// Package importer turns event datasets into batches for the service's
// `ingest` mutation and sends them: JSON Lines in the service's own ingest
// format, GDELT 2.0 event exports and ACLED CSV exports. It gives every
// imported entity an id derived from the dataset's own identifiers, so that
// importing the same file again changes nothing, keeps a checkpoint so that an
// interrupted import resumes where it stopped, retries what is transient and
// reports every row it could not import with its line number. cmd/kg is its
// command line; docs/ingest.md describes formats and mappings.
package importer
