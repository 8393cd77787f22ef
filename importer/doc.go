// Package importer turns event datasets into batches for the service's
// `ingest` mutation and sends them: JSON Lines in the service's own ingest
// format, GDELT 1.0 and 2.0 event exports in every layout their codebooks
// describe, and ACLED exports of every vintage, the monadic one included.
// Readers turn a file's rows into records and do nothing else; the batcher
// cuts records into batches; the committer looks up what the graph has,
// sends a batch, maps a rejection back to its rows and moves the checkpoint.
// Every imported entity gets an id derived from the dataset's own
// identifiers, so that importing the same file again changes nothing; an
// interrupted import resumes where it stopped; and every row ends in one
// class (imported, resolved, merged or rejected, with its line and reason).
// cmd/kg is its command line; docs/ingest.md describes formats and mappings.
package importer
