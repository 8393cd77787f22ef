package importer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// committer sends the batches of one file and settles their rows: it
// builds the batch, posts it (the service finds what the graph holds), maps a rejection back
// to the rows it is about, counts every row in its class, and moves the
// checkpoint once a batch is written.
type committer struct {
	client   *Client
	path     string
	dryRun   bool
	onError  OnError
	addCodes bool
	tally    *Tally
	// cp is nil in a dry run, which keeps no checkpoint.
	cp     *checkpoint
	cpPath string
	prog   *progress
	// batches counts the commits of this run, for AfterCommit.
	batches     int
	afterCommit func(batches int)
}

// commit settles recs, the records read since the last commit (rows that
// could not be parsed among them). settled is the line up to which every
// row of the file is then settled, pos the input position after the last.
// With --on-error=skip, items the server rejects are mapped back to their
// records, those records are rejected and the rest is sent again; with
// stop, the batch is not written and the import stops.
func (c *committer) commit(ctx context.Context, recs []*Record, settled int, pos int64) error {
	var good []*Record
	rejected := 0
	for _, r := range recs {
		if r.Err != nil {
			c.tally.reject(c.path, r.Err.Error(), r.Lines()...)
			rejected += len(r.Lines())
			continue
		}
		good = append(good, r)
	}
	if err := c.send(ctx, good, &rejected, pos); err != nil {
		return err
	}
	rows := 0
	for _, r := range recs {
		rows += len(r.Lines())
	}
	c.batches++
	if c.cp != nil {
		c.cp.Records += len(recs)
		c.cp.LastLine = settled
		c.cp.Tally = *c.tally
		if err := c.cp.save(c.cpPath); err != nil {
			return err
		}
	}
	c.prog.rowsSettled(rows, pos, c.tally)
	if c.afterCommit != nil {
		c.afterCommit(c.batches)
	}
	return nil
}

// send writes good, the parsed records of one batch. A batch the service
// finds too large for its time or memory (QUERY_TOO_COMPLEX: it took
// longer than the request or transaction timeout, as a first batch on a
// cold database can) is split in halves, each sent on its own, down to one
// record; rejected counts the rows the service refuses.
func (c *committer) send(ctx context.Context, good []*Record, rejected *int, pos int64) error {
	for len(good) > 0 {
		b := build(good, c.addCodes)
		res, err := c.client.Ingest(ctx, b.input, c.dryRun)
		if err == nil {
			c.tally.addResult(res)
			b.resolve(res.Resolved)
			for i, r := range good {
				c.tally.count(b.class[i], r.Line)
				c.tally.count(ClassMerged, r.Merged...)
			}
			return nil
		}
		var ge *ErrorsResponse
		if errors.As(err, &ge) && ge.HasCode("QUERY_TOO_COMPLEX") && len(good) > 1 {
			half := len(good) / 2
			c.prog.note("%s: the batch of lines %d-%d was too large for the service (%v); sending it in two halves",
				c.path, good[0].Line, good[len(good)-1].Line, ge)
			if err := c.send(ctx, good[:half], rejected, pos); err != nil {
				return err
			}
			return c.send(ctx, good[half:], rejected, pos)
		}
		if !errors.As(err, &ge) || !ge.BadInput() {
			return fmt.Errorf("%s: batch of lines %d-%d: %w", c.path, good[0].Line, good[len(good)-1].Line, err)
		}
		bad := c.rejections(ge, b, good)
		for i, reason := range bad {
			lines := good[i].Lines()
			c.tally.reject(c.path, reason, lines...)
			*rejected += len(lines)
			c.prog.note("%s:%d: %s", c.path, good[i].Line, reason)
		}
		if c.onError == Stop {
			c.prog.rowsSettled(*rejected, pos, c.tally)
			return fmt.Errorf("%w: the service rejected the batch of lines %d-%d: %v", ErrStopped, good[0].Line, good[len(good)-1].Line, ge)
		}
		var rest []*Record
		for i, r := range good {
			if _, ok := bad[i]; !ok {
				rest = append(rest, r)
			}
		}
		good = rest
	}
	return nil
}

// rejections maps the server's complaints to the records they are about,
// with the reason for each. A complaint that names no item of the batch
// condemns every record of it.
func (c *committer) rejections(ge *ErrorsResponse, b *built, recs []*Record) map[int]string {
	items, _ := offendingItems(ge.Errors)
	reasons := map[int][]string{}
	for _, item := range items {
		for _, ri := range b.origin[item] {
			reasons[ri] = append(reasons[ri], "rejected by the service: "+itemMessage(ge.Errors, item))
		}
	}
	if len(reasons) == 0 {
		msg := ge.Error()
		for i := range recs {
			reasons[i] = []string{"rejected by the service with its batch: " + msg}
		}
	}
	out := map[int]string{}
	for ri, rs := range reasons {
		slices.Sort(rs)
		out[ri] = strings.Join(slices.Compact(rs), "; ")
	}
	return out
}

// itemMessage is the text of the errors about one item.
func itemMessage(errs []GQLError, item string) string {
	var msgs []string
	for _, e := range errs {
		items, _ := offendingItems([]GQLError{e})
		if len(items) == 1 && items[0] == item {
			m := e.Message
			if p := pathString(e.Extensions["path"]); p != "" && !strings.Contains(m, p) {
				m = p + ": " + m
			}
			msgs = append(msgs, m)
		}
	}
	return strings.Join(msgs, "; ")
}
