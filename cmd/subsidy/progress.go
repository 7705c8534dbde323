package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// isTerminal reports whether w is a terminal. It is a variable so that
// tests can tell the progress bar that stderr is (or is not) one.
var isTerminal = func(w io.Writer) bool {
	f, ok := unwrapVisible(w).(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// unwrapVisible is the writer under a msg.VisibleWriter: the progress bar
// draws with carriage returns, which it would escape.
func unwrapVisible(w io.Writer) io.Writer {
	if v, ok := w.(*msg.VisibleWriter); ok {
		return v.W
	}
	return w
}

// progress draws a bar on stderr while the rosters are read (spec §7):
// per roster the rows read, the rate and the time left, estimated from the
// bytes read against the file's size. It is nil, and every method a no-op,
// when stderr is not a terminal or --quiet is given.
type progress struct {
	w io.Writer
}

// newProgress returns a progress for w, or nil when it must stay silent.
func newProgress(w io.Writer, quiet bool) *progress {
	if quiet || w == nil || !isTerminal(w) {
		return nil
	}
	return &progress{w: unwrapVisible(w)}
}

// rosterProgress is the bar of one roster being read.
type rosterProgress struct {
	bar     *progressbar.ProgressBar
	name    string
	rows    int
	pending int64 // bytes not yet handed to the bar
	sized   bool
	began   time.Time
}

// progressEvery is how many rows pass between two updates of the bar.
const progressEvery = 2048

// start begins the bar of a roster read from path (size from the file;
// unknown for stdin, which shows a spinner).
func (p *progress) start(kind roster.Kind, path string) *rosterProgress {
	if p == nil {
		return nil
	}
	size := int64(-1)
	// CSV only: the cells of a workbook say nothing of its zipped size
	if path != "-" && strings.EqualFold(filepath.Ext(path), ".csv") {
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			size = st.Size()
		}
	}
	rp := &rosterProgress{name: string(kind), sized: size > 0, began: time.Now()}
	rp.bar = progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(fmt.Sprintf("%-12s", kind)),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionClearOnFinish(),
	)
	return rp
}

// row counts one record read; its cells estimate the bytes it took.
func (rp *rosterProgress) row(r roster.Record) {
	if rp == nil {
		return
	}
	rp.rows++
	for _, c := range r.Cells {
		rp.pending += int64(len(c)) + 1
	}
	if rp.rows%progressEvery == 0 {
		rp.flush()
	}
}

func (rp *rosterProgress) flush() {
	if rp.sized {
		// the estimate leaves out quotes and ignored columns: never let it
		// pass the end before the read does
		if cur := rp.bar.State().CurrentNum; cur+rp.pending >= rp.bar.GetMax64() {
			rp.pending = max(0, rp.bar.GetMax64()-1-cur)
		}
	}
	_ = rp.bar.Add64(rp.pending)
	rp.pending = 0
	rate := ""
	if s := time.Since(rp.began).Seconds(); s > 0 {
		rate = fmt.Sprintf(", %.0f rows/s", float64(rp.rows)/s)
	}
	rp.bar.Describe(fmt.Sprintf("%-12s %d rows%s", rp.name, rp.rows, rate))
}

// done ends the roster's bar.
func (rp *rosterProgress) done() {
	if rp == nil {
		return
	}
	rp.flush()
	_ = rp.bar.Finish()
}
