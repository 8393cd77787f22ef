// Package seed is the first data set: Andrea Stauder's analysis of the
// Ukraine-Russia direct talks (26 May 2025) modelled in full as one ingest
// batch. It is loaded through the GraphQL `ingest` mutation, the same path as
// any ingestion job, so the seed also proves that path; replaying it changes
// nothing.
package seed

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed article.json
var article []byte

// SourceID is the id of the article's Source node; its presence tells that
// the seed has been loaded.
const SourceID = "stauder-2025-05-26-direct-talks"

// Mutation is the GraphQL request that loads Input.
const Mutation = `mutation Seed($input: IngestInput!) {
  ingest(input: $input) { created updated unchanged relationshipsCreated }
}`

// Input is the seed batch as the mutation's $input variable.
func Input() (map[string]any, error) {
	var in map[string]any
	if err := json.Unmarshal(article, &in); err != nil {
		return nil, fmt.Errorf("seed/article.json: %w", err)
	}
	return in, nil
}
