package importer

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// progress reports how an import is going: on a terminal a bar redrawn in
// place with rate and time left; otherwise (a log, a CI job) a plain line
// every interval, which stays readable when written to a file.
type progress struct {
	w        io.Writer
	terminal bool
	width    int
	every    time.Duration
	name     string
	start    time.Time
	last     time.Time
	drawn    bool
}

func newProgress(w io.Writer, terminal bool, width int, every time.Duration, name string) *progress {
	if every <= 0 {
		every = 10 * time.Second
	}
	if width <= 0 {
		width = 80
	}
	now := time.Now()
	return &progress{w: w, terminal: terminal, width: width, every: every, name: filepath.Base(name), start: now, last: now}
}

// update is called often; it draws only when it is time to.
func (p *progress) update(rows int, done, total int64, t *Tally, final bool) {
	if p.w == nil {
		return
	}
	now := time.Now()
	interval := p.every
	if p.terminal {
		interval = 200 * time.Millisecond
	}
	if !final && now.Sub(p.last) < interval {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(rows) / elapsed
	}
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	left := "?"
	if frac > 0 && elapsed > 0 && !final {
		left = fmtDuration(time.Duration(elapsed * (1 - frac) / frac * float64(time.Second)))
	} else if final {
		left = "0s"
	}
	if p.terminal {
		stats := fmt.Sprintf(" %3.0f%% %d rows %.0f rows/s %s left, %d failed", frac*100, rows, rate, left, t.Failed)
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
	fmt.Fprintf(p.w, "kg: %s: %d rows (%.0f%%), %.0f rows/s, %s left; created %d, updated %d, unchanged %d, failed %d\n",
		p.name, rows, frac*100, rate, left, t.Created, t.Updated, t.Unchanged, t.Failed)
}

// note prints a message without breaking the bar.
func (p *progress) note(format string, args ...any) {
	if p.w == nil {
		return
	}
	if p.terminal && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintf(p.w, "kg: "+format+"\n", args...)
	p.last = time.Time{} // redraw the bar at the next update
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
