package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/graph/model"
)

// Client posts GraphQL requests to the service and retries what is transient:
// network errors, HTTP 5xx, 429 and 408, and errors coded
// DATABASE_UNAVAILABLE, among them a write whose commit the service could not
// confirm (extensions.committed "unknown"): ingest is idempotent, so sending
// a batch that was written after all changes nothing. It never retries
// BAD_USER_INPUT or an authentication failure: sending the same thing again
// would fail the same way.
type Client struct {
	URL string
	// Key is the writer key, sent as Authorization: Bearer.
	Key  string
	HTTP *http.Client
	// Attempts bounds how often one request is tried; zero means 8.
	Attempts int
	// BaseDelay is the first backoff (doubling, capped at MaxDelay, with full
	// jitter); zero means 500 ms and 30 s.
	BaseDelay, MaxDelay time.Duration
	// Logf reports retries; nil is silent.
	Logf func(format string, args ...any)
}

// Endpoint is the GraphQL endpoint for a service URL: a bare service address
// (http://127.0.0.1:8080, as EVENTGRAPH_URL is often given) gets /graphql
// appended; a URL with a path is used as it is.
func Endpoint(service string) string {
	u, err := url.Parse(service)
	if err != nil || u.Host == "" {
		return service
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/graphql"
	}
	return u.String()
}

// GQLError is one error of a GraphQL response.
type GQLError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e GQLError) Code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// ErrorsResponse is a GraphQL response that carried errors.
type ErrorsResponse struct {
	Status int
	Errors []GQLError
}

func (e *ErrorsResponse) Error() string {
	var parts []string
	for i, g := range e.Errors {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Errors)-3))
			break
		}
		msg := g.Message
		if c := g.Code(); c != "" {
			msg = c + ": " + msg
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; ")
}

// HasCode reports whether any error carries code.
func (e *ErrorsResponse) HasCode(codes ...string) bool {
	for _, g := range e.Errors {
		for _, c := range codes {
			if g.Code() == c {
				return true
			}
		}
	}
	return false
}

// CommitUnknown reports whether the service could not tell whether the
// write was committed: the connection to its database dropped during the
// commit (DATABASE_UNAVAILABLE with extensions.committed "unknown").
func (e *ErrorsResponse) CommitUnknown() bool {
	for _, g := range e.Errors {
		if g.Code() == "DATABASE_UNAVAILABLE" && g.Extensions["committed"] == "unknown" {
			return true
		}
	}
	return false
}

// BadInput reports whether the server rejected the input itself: a
// BAD_USER_INPUT error or a GraphQL validation failure (a variable that does
// not fit the schema).
func (e *ErrorsResponse) BadInput() bool {
	return e.HasCode("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED")
}

// HTTPError is a response that was not a GraphQL answer.
type HTTPError struct {
	Status int
	Body   string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.Status, strings.TrimSpace(e.Body))
}

// transient reports whether trying again may succeed.
func transient(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500 || he.Status == http.StatusTooManyRequests || he.Status == http.StatusRequestTimeout
	}
	var ge *ErrorsResponse
	if errors.As(err, &ge) {
		if ge.BadInput() || ge.HasCode("UNAUTHENTICATED", "FORBIDDEN") {
			return false
		}
		return ge.HasCode("DATABASE_UNAVAILABLE") || ge.Status >= 500
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	// anything else is the network: refused, reset, timed out, EOF
	return true
}

// Do sends one GraphQL request and decodes data into out, retrying transient
// failures with exponential backoff and jitter.
func (c *Client) Do(ctx context.Context, query string, vars map[string]any, out any) error {
	attempts := c.Attempts
	if attempts <= 0 {
		attempts = 8
	}
	base, maxDelay := c.BaseDelay, c.MaxDelay
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	if maxDelay <= 0 {
		maxDelay = 30 * time.Second
	}
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return fmt.Errorf("encoding the request: %w", err)
	}
	var last error
	for attempt := 1; ; attempt++ {
		last = c.once(ctx, body, out)
		if last == nil || !transient(last) || attempt >= attempts {
			break
		}
		d := base << (attempt - 1)
		if d > maxDelay || d <= 0 {
			d = maxDelay
		}
		d = d/2 + rand.N(d/2+1) // jitter, so that many jobs do not retry in step
		if c.Logf != nil {
			var ge *ErrorsResponse
			if errors.As(last, &ge) && ge.CommitUnknown() {
				c.Logf("attempt %d of %d: the service could not tell whether it was written (%v); sending it again, which is safe, in %s",
					attempt, attempts, last, d.Round(time.Millisecond))
			} else {
				c.Logf("attempt %d of %d failed (%v); retrying in %s", attempt, attempts, last, d.Round(time.Millisecond))
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
		}
	}
	return last
}

func (c *Client) once(ctx context.Context, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("request to %s: %w", c.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", c.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("reading the response from %s: %w", c.URL, err)
	}
	var gr struct {
		Data   json.RawMessage `json:"data"`
		Errors []GQLError      `json:"errors"`
	}
	if err := json.Unmarshal(raw, &gr); err != nil || (gr.Data == nil && gr.Errors == nil) {
		body := string(raw)
		if len(body) > 500 {
			body = body[:500] + "..."
		}
		return &HTTPError{Status: resp.StatusCode, Body: body}
	}
	if len(gr.Errors) > 0 {
		return &ErrorsResponse{Status: resp.StatusCode, Errors: gr.Errors}
	}
	if resp.StatusCode >= 300 {
		return &HTTPError{Status: resp.StatusCode, Body: string(raw)}
	}
	if out != nil {
		if err := json.Unmarshal(gr.Data, out); err != nil {
			return fmt.Errorf("decoding the response data: %w", err)
		}
	}
	return nil
}

const ingestMutation = `mutation Ingest($input: IngestInput!, $validateOnly: Boolean) {
  ingest(input: $input, validateOnly: $validateOnly) {
    validateOnly created updated unchanged relationshipsCreated
    counts { type created updated unchanged }
    resolved { path given id by }
    duplicateCandidates { path id candidates }
  }
}`

// Ingest sends one batch.
func (c *Client) Ingest(ctx context.Context, in model.IngestInput, validateOnly bool) (*model.IngestResult, error) {
	var out struct {
		Ingest model.IngestResult `json:"ingest"`
	}
	if err := c.Do(ctx, ingestMutation, map[string]any{"input": in, "validateOnly": validateOnly}, &out); err != nil {
		return nil, err
	}
	return &out.Ingest, nil
}

// offendingItems finds, for each error, the input item it is about
// ("events[12]"), from extensions.path (a string such as
// input.events[12].participants[0].actorId or a list), the error's path, or
// failing those its message.
func offendingItems(errs []GQLError) (items []string, unplaced []GQLError) {
	for _, e := range errs {
		var candidates []string
		for _, key := range []string{"path", "inputPath", "field"} {
			if v, ok := e.Extensions[key]; ok {
				candidates = append(candidates, pathString(v))
			}
		}
		candidates = append(candidates, pathString(e.Path), e.Message)
		found := ""
		for _, c := range candidates {
			if m := itemPattern.FindStringSubmatch(c); m != nil {
				found = m[1] + "[" + m[2] + "]"
				break
			}
		}
		if found == "" {
			unplaced = append(unplaced, e)
			continue
		}
		items = append(items, found)
	}
	return items, unplaced
}

// pathString writes a path given as a string or as a list of names and
// indexes (["variable", "input", "events", 3, "kind"]) as input.events[3].kind.
func pathString(v any) string {
	switch p := v.(type) {
	case string:
		return p
	case []any:
		var b strings.Builder
		for _, el := range p {
			switch x := el.(type) {
			case float64:
				fmt.Fprintf(&b, "[%d]", int(x))
			default:
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				fmt.Fprint(&b, x)
			}
		}
		return b.String()
	}
	return ""
}
