package store

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// queryLog records every query the store sends, so that the benchmark's
// floor can send exactly the same Cypher straight through the driver. Dates
// are written as {"$date": "YYYY-MM-DD"} to survive the trip through JSON.
type queryLog struct {
	mu sync.Mutex
	f  *os.File
}

func openQueryLog(path string) (*queryLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cypher log: %w", err)
	}
	return &queryLog{f: f}, nil
}

func (l *queryLog) write(q query, params map[string]any) {
	if l == nil {
		return
	}
	line, err := json.Marshal(map[string]any{"name": q.name, "cypher": q.cypher, "params": tagged(params)})
	if err != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.Write(append(line, '\n'))
}

func (l *queryLog) close() {
	if l != nil {
		l.f.Close()
	}
}

func tagged(v any) any {
	return mapLeaves(v, func(v any) any {
		if d, ok := v.(dbtype.Date); ok {
			return map[string]string{"$date": d.Time().Format(time.DateOnly)}
		}
		return v
	})
}
