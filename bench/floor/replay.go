package floor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Statement is one line of the service's CYPHER_LOG: a query the store sent,
// with its parameters (dates written as {"$date": "YYYY-MM-DD"}).
type Statement struct {
	Name   string          `json:"name"`
	Cypher string          `json:"cypher"`
	Params json.RawMessage `json:"params"`
}

// Recording is what the store sent for each request of the mix: for query q,
// Requests[q][i] is the statements of the request with variable set i, in
// the order sent (one transaction per request, as the store runs them).
type Recording struct {
	Scale    string                   `json:"scale"`
	Requests map[string][][]Statement `json:"requests"`
}

// LogTail reads the statements appended to a CYPHER_LOG file since the last
// call, so that a recorder can attribute them to the request just sent.
type LogTail struct {
	path   string
	offset int64
}

// NewLogTail starts at the file's current end (a missing file counts as empty).
func NewLogTail(path string) (*LogTail, error) {
	t := &LogTail{path: path}
	if fi, err := os.Stat(path); err == nil {
		t.offset = fi.Size()
	} else if !os.IsNotExist(err) {
		return nil, fmt.Errorf("CYPHER_LOG %s: %w", path, err)
	}
	return t, nil
}

// Next returns the complete lines written since the last call.
func (t *LogTail) Next() ([]Statement, error) {
	f, err := os.Open(t.path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("CYPHER_LOG %s: %w", t.path, err)
	}
	defer f.Close()
	if _, err := f.Seek(t.offset, io.SeekStart); err != nil {
		return nil, fmt.Errorf("CYPHER_LOG %s: %w", t.path, err)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("CYPHER_LOG %s: %w", t.path, err)
	}
	// Only whole lines: a line being written stays for the next call.
	end := bytes.LastIndexByte(raw, '\n')
	if end < 0 {
		return nil, nil
	}
	var out []Statement
	sc := bufio.NewScanner(bytes.NewReader(raw[:end+1]))
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	line := 0
	for sc.Scan() {
		line++
		var s Statement
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("CYPHER_LOG %s, line %d after offset %d: %w", t.path, line, t.offset, err)
		}
		out = append(out, s)
	}
	t.offset += int64(end + 1)
	return out, sc.Err()
}

// LoadRecording reads a recording written by the load generator.
func LoadRecording(path string) (*Recording, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("floor recording: %w", err)
	}
	var r Recording
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("floor recording %s: %w", path, err)
	}
	return &r, nil
}

type prepared struct {
	cypher string
	params map[string]any
}

// Replayer sends recorded requests through the driver.
type Replayer struct {
	driver   neo4j.DriverWithContext
	database string
	reqs     map[string][][]prepared
}

// NewReplayer decodes every recorded parameter into driver values up front,
// so the measured path is only the driver and the database.
func NewReplayer(driver neo4j.DriverWithContext, database string, rec *Recording) (*Replayer, error) {
	r := &Replayer{driver: driver, database: database, reqs: map[string][][]prepared{}}
	for q, groups := range rec.Requests {
		for i, g := range groups {
			var ps []prepared
			for j, st := range g {
				params, err := DecodeParams(st.Params)
				if err != nil {
					return nil, fmt.Errorf("floor recording, query %q request %d statement %d (%s): %w", q, i, j, st.Name, err)
				}
				ps = append(ps, prepared{st.Cypher, params})
			}
			r.reqs[q] = append(r.reqs[q], ps)
		}
	}
	return r, nil
}

// Has says whether query q was recorded with at least one request.
func (r *Replayer) Has(q string) bool { return len(r.reqs[q]) > 0 }

// Do replays request i of query q (modulo the number recorded) as the
// store sends it: each statement in an auto-commit read transaction,
// collecting every record. It returns the number of records.
func (r *Replayer) Do(ctx context.Context, q string, i int) (int, error) {
	groups := r.reqs[q]
	if len(groups) == 0 {
		return 0, fmt.Errorf("floor: query %q was not recorded", q)
	}
	g := groups[i%len(groups)]
	s := r.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: r.database})
	defer s.Close(ctx)
	total := 0
	for _, p := range g {
		res, err := s.Run(ctx, p.cypher, p.params, neo4j.WithTxTimeout(30*time.Second))
		if err != nil {
			return 0, fmt.Errorf("floor %s: %w", q, err)
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return 0, fmt.Errorf("floor %s: %w", q, err)
		}
		total += len(recs)
	}
	return total, nil
}

// DecodeParams turns logged JSON parameters into driver values: integral
// numbers become int64 (Cypher's LIMIT and SKIP need integers), other numbers
// float64, and {"$date": "YYYY-MM-DD"} a neo4j.Date.
func DecodeParams(raw json.RawMessage) (map[string]any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("parameters: %w", err)
	}
	out, err := decodeValue(v)
	if err != nil {
		return nil, err
	}
	return out.(map[string]any), nil
}

func decodeValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(x.String(), ".eE") {
			return i, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s: %w", x, err)
		}
		return f, nil
	case []any:
		for i := range x {
			d, err := decodeValue(x[i])
			if err != nil {
				return nil, err
			}
			x[i] = d
		}
		return x, nil
	case map[string]any:
		if d, ok := x["$date"]; ok && len(x) == 1 {
			s, _ := d.(string)
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				return nil, fmt.Errorf("$date %v: want YYYY-MM-DD", d)
			}
			return neo4j.DateOf(t), nil
		}
		for k := range x {
			d, err := decodeValue(x[k])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			x[k] = d
		}
		return x, nil
	default:
		return v, nil
	}
}
