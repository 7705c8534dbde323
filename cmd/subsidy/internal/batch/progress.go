package batch

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// IsTerminal reports whether w is a terminal. It is a variable so that
// tests can tell the progress bar that stderr is (or is not) one.
var IsTerminal = func(w io.Writer) bool {
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

// Progress draws a bar on stderr through every stage of a run (spec §7,
// issue 13): reading each roster (rows, rows a second, the share of the
// file read), sorting and computing (the lines made so far), writing the
// outputs (the bytes written). Labels are in the run's language, counts
// grouped. It is nil, and every method a no-op, when stderr is not a
// terminal or --quiet is given.
type Progress struct {
	w    io.Writer
	lang string
}

// NewProgress returns a Progress for w in lang, or nil when it must stay
// silent.
func NewProgress(w io.Writer, quiet bool, lang string) *Progress {
	if quiet || w == nil || !IsTerminal(w) {
		return nil
	}
	return &Progress{w: unwrapVisible(w), lang: lang}
}

// stageProgress is the bar of one stage: a bar when the stage's size is
// known, a spinner redrawn every tick otherwise.
type stageProgress struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	label string
	unit  msg.Text // what is counted, e.g. 行
	n     int64    // things counted
	began time.Time
	stop  chan struct{}
}

// progressEvery is how many things pass between two updates of the bar.
const progressEvery = 2048

// stage begins a stage labelled label, counting unit, of size bytes (-1
// when unknown).
func (p *Progress) stage(label, unit msg.Text, size int64) *stageProgress {
	if p == nil {
		return nil
	}
	sp := &stageProgress{label: label.In(p.lang), unit: unit, began: time.Now(), stop: make(chan struct{})}
	sp.bar = progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(sp.label),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(size > 0),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionClearOnFinish(),
	)
	_ = sp.bar.RenderBlank() // a stage shorter than the throttle is shown too
	go sp.tick(p.lang)
	return sp
}

// tick redraws the bar while the stage runs (a spinner does not move by
// itself, and a sort reports nothing until it ends).
func (sp *stageProgress) tick(lang string) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-sp.stop:
			return
		case <-t.C:
			sp.mu.Lock()
			sp.describe(lang)
			_ = sp.bar.Add64(0)
			sp.mu.Unlock()
		}
	}
}

// describe writes the count and, after the first half second, the rate.
func (sp *stageProgress) describe(lang string) {
	d := sp.label
	if sp.n > 0 {
		d += "  " + value.FormatCount(int(sp.n)) + " " + sp.unit.In(lang)
		if s := time.Since(sp.began).Seconds(); s >= 0.5 {
			d += fmt.Sprintf("  %s %s/%s", value.FormatCount(int(float64(sp.n)/s)), sp.unit.In(lang), msg.T("秒", "s").In(lang))
		}
	}
	sp.bar.Describe(d)
}

// add counts n things and advances a sized bar by bytes.
func (sp *stageProgress) add(n int, bytes int64) {
	if sp == nil {
		return
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.n += int64(n)
	if bytes > 0 && sp.bar.GetMax64() > 0 {
		// an estimate: never let it pass the end before the stage does
		bytes = min(bytes, max(0, sp.bar.GetMax64()-1-sp.bar.State().CurrentNum))
		_ = sp.bar.Add64(bytes)
	}
}

// done ends the stage's bar.
func (sp *stageProgress) done() {
	if sp == nil {
		return
	}
	close(sp.stop)
	sp.mu.Lock()
	defer sp.mu.Unlock()
	_ = sp.bar.Finish()
}

// rosterProgress counts the rows of one roster being read.
type rosterProgress struct {
	*stageProgress
	rows    int
	pending int64
}

// start begins the reading of a roster from path (its size from the file:
// a CSV file's bytes are read in order; a workbook and stdin show a
// spinner).
func (p *Progress) start(kind roster.Kind, path string) *rosterProgress {
	if p == nil {
		return nil
	}
	size := int64(-1)
	if path != "-" && strings.EqualFold(filepath.Ext(path), ".csv") {
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			size = st.Size()
		}
	}
	label := msg.T("读取 "+kind.Label("zh"), "reading "+kind.Label("en"))
	return &rosterProgress{stageProgress: p.stage(label, msg.T("行", "rows"), size)}
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
		rp.add(progressEvery, rp.pending)
		rp.pending = 0
	}
}

// done ends the roster's bar.
func (rp *rosterProgress) done() {
	if rp == nil {
		return
	}
	rp.add(rp.rows%progressEvery, rp.pending)
	rp.stageProgress.done()
}

// countingSink counts the lines the engine hands its sink on the stage's
// bar.
type countingSink struct {
	next  engine.LineSink
	stage *stageProgress
}

// Line counts the line and passes it on.
func (c countingSink) Line(l *ledger.Line) error {
	c.stage.add(1, 0)
	return c.next.Line(l)
}

// progressWriter advances a stage's bar by the bytes written through it.
type progressWriter struct {
	w     io.Writer
	stage *stageProgress
}

func (p progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.stage.add(0, int64(n))
	return n, err
}
