package floor

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestDecodeParams(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[string]any
		wantErr  bool
	}{
		{"integers stay integers", `{"limit": 20}`, map[string]any{"limit": int64(20)}, false},
		{"floats stay floats", `{"x": 1.5, "y": 2e3}`, map[string]any{"x": 1.5, "y": 2000.0}, false},
		{"dates", `{"from": {"$date": "2025-05-16"}}`,
			map[string]any{"from": neo4j.DateOf(time.Date(2025, 5, 16, 0, 0, 0, 0, time.UTC))}, false},
		{"nested", `{"rows": [{"d": {"$date": "2020-01-02"}, "n": 3}]}`,
			map[string]any{"rows": []any{map[string]any{"d": neo4j.DateOf(time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)), "n": int64(3)}}}, false},
		{"null", `null`, map[string]any{}, false},
		{"bad date", `{"d": {"$date": "16 May"}}`, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeParams([]byte(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestLogTail checks that statements are attributed to the request that
// wrote them and that a half-written line waits for the next call.
func TestLogTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cypher.log")
	os.WriteFile(path, []byte(`{"name":"old","cypher":"RETURN 0","params":{}}`+"\n"), 0o644)
	tail, err := NewLogTail(path)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"name":"a","cypher":"RETURN 1","params":{"x":1}}` + "\n" + `{"name":"b","cyp`)
	sts, err := tail.Next()
	if err != nil || len(sts) != 1 || sts[0].Name != "a" {
		t.Fatalf("first call: %v, %v", sts, err)
	}
	f.WriteString(`her":"RETURN 2","params":{}}` + "\n")
	f.Close()
	sts, err = tail.Next()
	if err != nil || len(sts) != 1 || sts[0].Name != "b" || sts[0].Cypher != "RETURN 2" {
		t.Fatalf("second call: %v, %v", sts, err)
	}
}
