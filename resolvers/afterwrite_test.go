package resolvers

import (
	"context"
	"slices"
	"testing"

	"github.com/eventgraph/eventgraph"
)

// A payload's read-back waits for the write it reports, on top of whatever
// bookmarks the client sent, without changing the client's list.
func TestAfterWrite(t *testing.T) {
	bm := func(s string) *string { return &s }
	sent := []string{"client-1"}
	base := eventgraph.WithBookmarks(context.Background(), sent)
	tests := []struct {
		name     string
		ctx      context.Context
		bookmark *string
		want     []string
	}{
		{"no bookmark", base, nil, []string{"client-1"}},
		{"empty bookmark", base, bm(""), []string{"client-1"}},
		{"the write's bookmark after the client's", base, bm("write-1"), []string{"client-1", "write-1"}},
		{"no client bookmarks", context.Background(), bm("write-1"), []string{"write-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := eventgraph.BookmarksFrom(afterWrite(tt.ctx, tt.bookmark))
			if !slices.Equal(got, tt.want) {
				t.Errorf("bookmarks %q, want %q", got, tt.want)
			}
			if !slices.Equal(sent, []string{"client-1"}) {
				t.Errorf("the client's bookmarks changed: %q", sent)
			}
		})
	}
}
