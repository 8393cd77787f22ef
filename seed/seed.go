// Package seed is the first data set: Andrea Stauder's analysis of the
// Ukraine-Russia direct talks (26 May 2025) modelled in full as one ingest
// batch. It is loaded through the GraphQL `ingest` mutation, the same path as
// any ingestion job, so the seed also proves that path; replaying it changes
// nothing.
package seed

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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

// Load posts the seed through h, the service's own HTTP handler, with a
// writer key: the same request an ingestion job would send.
func Load(ctx context.Context, h http.Handler, writerKey string) error {
	in, err := Input()
	if err != nil {
		return err
	}
	return call(ctx, h, writerKey, Mutation, map[string]any{"input": in}, nil)
}

// Present asks the API through h, as a client would, whether the seed's
// Source node exists.
func Present(ctx context.Context, h http.Handler, key string) (bool, error) {
	var data struct {
		Source *struct{ ID string } `json:"source"`
	}
	err := call(ctx, h, key, `query SeedPresent($id: ID!) { source(id: $id) { id } }`, map[string]any{"id": SourceID}, &data)
	return data.Source != nil, err
}

// call sends one GraphQL request to h in process and decodes its data.
func call(ctx context.Context, h http.Handler, key, query string, vars map[string]any, data any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return fmt.Errorf("seed: encoding the request: %w", err)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		return fmt.Errorf("seed: HTTP %d, unreadable response: %w", rec.Code, err)
	}
	if len(resp.Errors) > 0 {
		return fmt.Errorf("seed: %d errors, first: %s %v", len(resp.Errors), resp.Errors[0].Message, resp.Errors[0].Extensions)
	}
	if rec.Code != http.StatusOK {
		return fmt.Errorf("seed: HTTP %d", rec.Code)
	}
	if data != nil {
		if err := json.Unmarshal(resp.Data, data); err != nil {
			return fmt.Errorf("seed: decoding the answer: %w", err)
		}
	}
	return nil
}
