package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/eventgraph/eventgraph/graph/model"
)

// lineReader yields the lines of a file with their 1-based numbers, without
// the line ending. Lines may be of any length.
type lineReader struct {
	r    *bufio.Reader
	line int
}

func newLineReader(r io.Reader) *lineReader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	return &lineReader{r: br}
}

func (l *lineReader) next() (string, int, error) {
	s, err := l.r.ReadString('\n')
	if err == io.EOF && s == "" {
		return "", l.line, io.EOF
	}
	if err != nil && err != io.EOF {
		return "", l.line, fmt.Errorf("reading line %d: %w", l.line+1, err)
	}
	l.line++
	s = strings.TrimRight(s, "\r\n")
	if l.line == 1 {
		s = strings.TrimPrefix(s, "\ufeff")
	}
	return s, l.line, nil
}

// jsonlReader reads the service's own ingest format, one JSON object a line.
// A line is either a whole IngestInput (an object with any of the keys
// sources, actors, locations, topics, events, positions, forecasts,
// affiliations, each a list) or one entity with a "type" discriminator
// ("actor", "event", ...) and the entity's fields beside it. Unknown fields
// are errors, so that a misspelt field is reported instead of dropped. Blank
// lines and lines starting with // are skipped.
type jsonlReader struct{ lines *lineReader }

func newJSONLReader(r io.Reader) *jsonlReader { return &jsonlReader{lines: newLineReader(r)} }

func (j *jsonlReader) Next() (*Record, error) {
	for {
		s, n, err := j.lines.next()
		if err != nil {
			return nil, err
		}
		t := strings.TrimSpace(s)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		in, err := parseJSONLine([]byte(t))
		if err != nil {
			return &Record{Line: n, Err: err}, nil
		}
		defaults(&in)
		return &Record{Line: n, Input: in}, nil
	}
}

func strictUnmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

func parseJSONLine(b []byte) (model.IngestInput, error) {
	var in model.IngestInput
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return in, fmt.Errorf("not a JSON object: %w", err)
	}
	raw, ok := probe["type"]
	if !ok {
		if err := strictUnmarshal(b, &in); err != nil {
			return in, fmt.Errorf("not an IngestInput object (and no \"type\" field): %w", err)
		}
		return in, nil
	}
	var typ string
	if err := json.Unmarshal(raw, &typ); err != nil {
		return in, fmt.Errorf("\"type\" must be a string: %w", err)
	}
	i := slices.IndexFunc(itemKinds, func(k itemKind) bool { return k.entity == strings.ToLower(typ) })
	if i < 0 {
		var names []string
		for _, k := range itemKinds {
			names = append(names, k.entity)
		}
		return in, fmt.Errorf("unknown \"type\" %q: use %s or %s", typ, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	}
	delete(probe, "type")
	rest, err := json.Marshal(probe)
	if err != nil {
		return in, fmt.Errorf("re-encoding the %s: %w", typ, err)
	}
	if err := itemKinds[i].decode(&in, rest); err != nil {
		return in, fmt.Errorf("not a valid %s: %w", strings.ToLower(typ), err)
	}
	return in, nil
}

// defaults fills what the schema defaults but the Go input types would send
// as empty values: a participant's kind.
func defaults(in *model.IngestInput) {
	for _, e := range in.Events {
		if e == nil {
			continue
		}
		for _, p := range e.Participants {
			if p != nil && p.Kind == "" {
				p.Kind = model.ParticipationKindParticipant
			}
		}
	}
}
