package store

import (
	"context"
	"time"

	"github.com/eventgraph/eventgraph"
)

// The change feed: the revision log (revision.go) read in seq order. As
// seq is handed out under a lock held to commit, a reader that has seen
// seq n has seen every revision before it, so polling "after my cursor"
// misses nothing and repeats nothing, on any replica and across restarts:
// the cursor is all the state a subscriber has.

// FeedPoll is how often Follow asks the log for changes when the last
// page was empty.
const FeedPoll = 250 * time.Millisecond

// Follow sends every change after the cursor after, of the node types types
// (nil for all), in commit order, until ctx ends or the log cannot be read;
// then it closes the channel, the error (if any) sent on errs first.
// Pages are read as fast as the subscriber takes them; once caught up it
// polls every FeedPoll.
func (c *Client) Follow(ctx context.Context, after string, types []eventgraph.NodeType, page int) (<-chan *Change, <-chan error, error) {
	if _, err := parseCursor("after", after); err != nil {
		return nil, nil, err
	}
	if _, err := c.Changes(ctx, after, 1, types); err != nil {
		return nil, nil, err // refuse bad types, or a database that is down, at once
	}
	out := make(chan *Change, page)
	errs := make(chan error, 1)
	go func() {
		defer close(out)
		cur := after
		for {
			p, err := c.Changes(ctx, cur, page, types)
			if err != nil {
				if ctx.Err() == nil {
					errs <- err
				}
				return
			}
			for _, ch := range p.Changes {
				select {
				case out <- ch:
				case <-ctx.Done():
					return
				}
			}
			cur = p.EndCursor
			if p.HasNextPage {
				continue
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(FeedPoll):
			}
		}
	}()
	return out, errs, nil
}

var qLatestChange = query{"feed: latest change", `MATCH (c:Change) RETURN c.seq AS seq, c.i AS i ORDER BY c.seq DESC, c.i DESC LIMIT 1`}

// LatestCursor is the cursor of the log's last change ("" for an empty
// log): a subscription without a cursor starts after it.
func (c *Client) LatestCursor(ctx context.Context) (string, error) {
	recs, err := c.readOne(ctx, qLatestChange, nil)
	if err != nil || len(recs) == 0 {
		return "", err
	}
	seq, _ := recs[0].Values[0].(int64)
	i, _ := recs[0].Values[1].(int64)
	return cursor{seq, i}.String(), nil
}
