// Package gql is the benchmarks' minimal GraphQL-over-HTTP client: one POST
// per request, errors in the response body turned into Go errors, and
// nothing else that could cost time on the measured path.
package gql

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Client posts GraphQL requests to one endpoint.
type Client struct {
	URL string
	// Key, when set, is sent as a bearer token.
	Key  string
	HTTP *http.Client
}

// New returns a client with a connection pool large enough for the highest
// concurrency of the load (32) so that no request waits for a socket.
func New(url, key string) *Client {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 90 * time.Second}
	return &Client{URL: url, Key: key, HTTP: &http.Client{Transport: tr, Timeout: 10 * time.Minute}}
}

type request struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Do sends one request and returns its data; GraphQL errors are an error
// naming the first message and its path. It returns the response size too.
func (c *Client) Do(ctx context.Context, query string, vars map[string]any) (json.RawMessage, int, error) {
	body, err := json.Marshal(request{Query: query, Variables: vars})
	if err != nil {
		return nil, 0, fmt.Errorf("encoding request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return nil, 0, fmt.Errorf("request to %s: %w", c.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("POST %s: %w", c.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, 0, fmt.Errorf("reading response of %s: %w", c.URL, err)
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, len(raw), fmt.Errorf("HTTP %d from %s, not GraphQL JSON: %.200s", resp.StatusCode, c.URL, raw)
	}
	if len(r.Errors) > 0 {
		return r.Data, len(raw), fmt.Errorf("HTTP %d from %s: %s (path %v, extensions %v; %d errors)", resp.StatusCode, c.URL,
			r.Errors[0].Message, r.Errors[0].Path, r.Errors[0].Extensions, len(r.Errors))
	}
	if resp.StatusCode != http.StatusOK {
		return r.Data, len(raw), fmt.Errorf("HTTP %d from %s: %.200s", resp.StatusCode, c.URL, raw)
	}
	return r.Data, len(raw), nil
}
