package importer

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// progress reports how the import of one file is going, in rows: on a
// terminal a bar redrawn in place; otherwise (a log, a CI job) a plain line
// at every interval, however long a batch takes, which stays readable when
// written to a file. The share done is of the input's bytes up to the last
// row settled (committed, or rejected), so it reaches 100% only when the
// last row is.
type progress struct {
	w        io.Writer
	terminal bool
	width    int
	every    time.Duration
	name     string
	start    time.Time
	total    int64

	mu      sync.Mutex
	read    int   // rows read in this run
	settled int   // rows settled in this run
	base    int64 // where this run started reading (after rows an earlier run committed)
	pos     int64 // the input position of the last row settled
	tally   Tally // the file's counts, this run and those it resumed
	drawn   bool
	stop    chan struct{}
	stopped sync.WaitGroup
}

// startProgress starts reporting on w (nil is silent).
func startProgress(w io.Writer, terminal bool, width int, every time.Duration, name string, total int64) *progress {
	if every <= 0 {
		every = 10 * time.Second
	}
	if width <= 0 {
		width = 80
	}
	p := &progress{w: w, terminal: terminal, width: width, every: every, name: filepath.Base(name), start: time.Now(), total: total, stop: make(chan struct{})}
	if w == nil {
		return p
	}
	interval := every
	if terminal {
		interval = 200 * time.Millisecond
	}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				p.mu.Lock()
				p.draw(false)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// begin says where this run starts reading rows of its own; when it
// resumes, an earlier run settled the rows before it.
func (p *progress) begin(pos int64, resumed bool) {
	p.mu.Lock()
	p.base = pos
	if resumed {
		p.pos = pos
	}
	p.mu.Unlock()
}

// rowsRead counts rows read (not yet settled).
func (p *progress) rowsRead(n int) {
	p.mu.Lock()
	p.read += n
	p.mu.Unlock()
}

// rowsSettled counts rows committed or rejected, with the file's tally and
// the input position of the last of them.
func (p *progress) rowsSettled(n int, pos int64, t *Tally) {
	p.mu.Lock()
	p.settled += n
	p.pos = max(p.pos, pos)
	p.tally = Tally{Rows: t.Rows, Imported: t.Imported, Resolved: t.Resolved, Merged: t.Merged, Rejected: t.Rejected}
	p.mu.Unlock()
}

// finish draws the last report and stops the ticker.
func (p *progress) finish(done bool) {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.stopped.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if done {
		p.pos = p.total
	}
	p.draw(true)
}

// draw writes one report; the caller holds mu.
func (p *progress) draw(final bool) {
	elapsed := time.Since(p.start)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(p.settled) / s
	}
	frac := 0.0
	if p.total > 0 {
		frac = min(1, float64(p.pos)/float64(p.total))
	}
	left := "?"
	switch {
	case final || p.pos >= p.total:
		left = "0s"
	case p.pos > p.base:
		left = fmtDuration(time.Duration(float64(elapsed) * float64(p.total-p.pos) / float64(p.pos-p.base)))
	}
	t := p.tally
	if p.terminal {
		stats := fmt.Sprintf(" %3.0f%% %d rows %.0f rows/s %s left, %d rejected", frac*100, p.settled, rate, left, t.Rejected)
		barWidth := p.width - len(p.name) - len(stats) - 4
		bar := ""
		if barWidth >= 10 {
			fill := int(frac * float64(barWidth))
			bar = " [" + strings.Repeat("=", fill) + strings.Repeat(" ", barWidth-fill) + "]"
		}
		fmt.Fprintf(p.w, "\r\x1b[K%s%s%s", p.name, bar, stats)
		p.drawn = true
		if final {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintf(p.w, "kg: %s: %d rows read, %d settled (%.0f%%), %.0f rows/s, %s left; imported %d, resolved %d, merged %d, rejected %d\n",
		p.name, p.read, p.settled, frac*100, rate, left, t.Imported, t.Resolved, t.Merged, t.Rejected)
}

// note prints a message without breaking the bar.
func (p *progress) note(format string, args ...any) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
	fmt.Fprintf(p.w, "kg: "+format+"\n", args...)
}

func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}
