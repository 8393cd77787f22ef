package eventgraph

import "context"

type bookmarksKey struct{}

// WithBookmarks marks ctx with the database bookmarks a client handed back
// from an earlier write (the Neo4j-Bookmark header), so that reads made for
// it wait until that write is visible on whichever cluster member serves them.
func WithBookmarks(ctx context.Context, bookmarks []string) context.Context {
	if len(bookmarks) == 0 {
		return ctx
	}
	return context.WithValue(ctx, bookmarksKey{}, bookmarks)
}

// BookmarksFrom returns the bookmarks WithBookmarks put into ctx.
func BookmarksFrom(ctx context.Context) []string {
	bm, _ := ctx.Value(bookmarksKey{}).([]string)
	return bm
}
