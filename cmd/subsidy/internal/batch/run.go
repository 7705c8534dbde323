package batch

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/output"
)

// memoryLimit is the soft limit of the Go heap during a batch (spec §7:
// 256 MiB at a million rows): the collector works harder as the heap
// nears it instead of letting it grow to twice what is live. It is the
// budget less the runtime's own memory (~11 MiB: a 1M-row run peaks at
// 234 MiB) and a margin; at 192 MiB, with ~110 MiB live at a million rows,
// the collector ran a third more often and the run took 12.5–13.7 s
// instead of 11.0 s.
const memoryLimit = 224 << 20

// LimitMemory sets memoryLimit, unless GOMEMLIMIT sets another.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// Discard is the line sink of validate, which writes no ledger.
type Discard struct{}

// Line drops the line.
func (Discard) Line(*ledger.Line) error { return nil }

// Paths are where a run writes: the ledger ("-": stdout) in its format
// ("csv", "jsonl" or "xlsx") and the rejections file.
type Paths struct {
	Ledger, Format, Rejections string
}

// Manifest is the path of the ledger's run manifest.
func (p Paths) Manifest() string { return output.ManifestPath(p.Ledger) }

// all are the run's output files (the ledger and its manifest only when
// the ledger is a file).
func (p Paths) all() []string {
	if p.Ledger == "-" {
		return []string{p.Rejections}
	}
	return []string{p.Rejections, p.Ledger, p.Manifest()}
}

// PathsOf are the paths of a run of the batch month period from --out
// (default ledger-<period>.xlsx), --format (default: the extension) and
// --rejections (default rejections-<period>.csv beside the ledger).
func PathsOf(period, out, format, rejections string) (Paths, error) {
	if out == "" {
		out = "ledger-" + period + ".xlsx"
	}
	format, err := ledgerFormat(out, format)
	if err != nil {
		return Paths{}, err
	}
	if rejections == "" {
		dir := "."
		if out != "-" {
			dir = filepath.Dir(out)
		}
		rejections = filepath.Join(dir, "rejections-"+period+".csv")
	}
	return Paths{Ledger: out, Format: format, Rejections: rejections}, nil
}

// ledgerFormat picks the ledger format from --format or the extension.
func ledgerFormat(out, format string) (string, error) {
	if format != "" {
		if format != "xlsx" && format != "csv" && format != "jsonl" {
			return "", failure.Usage(msg.F("--format 应为 xlsx、csv 或 jsonl，而不是 %q", "--format must be xlsx, csv or jsonl, not %q", format))
		}
		if format == "xlsx" && out == "-" {
			return "", failure.Usage(msg.T("--out - 把 CSV 明细写到标准输出；工作簿需要文件名，例如 --out ledger.xlsx", "--out - writes the CSV ledger to stdout; a workbook needs a file name, e.g. --out ledger.xlsx"))
		}
		return format, nil
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".csv", "":
		return "csv", nil
	case ".jsonl":
		return "jsonl", nil
	case ".xlsx":
		return "xlsx", nil
	}
	return "", failure.Usage(msg.F("--out %s：无法识别的扩展名；请用 .xlsx、.csv 或 .jsonl（或 --format）", "--out %s: unknown extension; use .xlsx, .csv or .jsonl (or --format)", out))
}

// CheckOutputs refuses, before anything is read or computed, a run whose
// outputs cannot be written (output.Set.Check): an existing file without
// force that is not what an interrupted run left (see output.Set.Debris),
// or a folder. Write checks again when it creates them.
func CheckOutputs(p Paths, force bool) error {
	set := output.NewSet(force)
	if p.Ledger != "-" {
		set.Debris(p.Ledger, p.Rejections, p.Manifest())
	}
	if err := set.Check(p.all()...); err != nil {
		return failure.UsageOf("", err)
	}
	return nil
}

// Run is one `subsidy run` under way: it holds the ledger's lock, the
// work folder beside the ledger and the spools the engine writes into.
type Run struct {
	o      Options
	paths  Paths
	tmp    string
	lock   *output.Lock
	spool  *ledgerSpool
	rejs   *rejectionSpool
	stops  []func()
	snaps  snapshots
	closed bool
	// Stale are the warnings for what an interrupted run left and Start
	// removed.
	Stale []msg.Text
}

// Start begins a run of o into p: it takes the ledger's lock (one run per ledger, taken before
// anything of an earlier run is cleaned up, so a run never removes the
// work folder of another still running), removes what an interrupted run
// left, and makes the work folder where the event rows are sorted and the
// ledger and rejections spooled (beside the ledger, so that a killed
// run's is removed by the next). Ctrl-C or SIGTERM until Close removes
// what the run wrote and calls interrupted, which must end the process.
// Close ends the run.
func Start(o Options, p Paths, interrupted func()) (*Run, error) {
	r := &Run{o: o, paths: p}
	if err := r.start(interrupted); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// start does Start's work; what it made, Close removes.
func (r *Run) start(interrupted func()) error {
	out := r.paths.Ledger
	if out != "-" {
		lock, err := output.LockLedger(out)
		if err != nil {
			return failure.UsageOf("--out ", err)
		}
		r.lock = lock
		r.stops = append(r.stops, onInterrupt(interrupted, func() {
			for _, p := range r.paths.all() {
				output.CleanStale(p)
			}
			lock.Release()
		}))
	}
	r.snaps = snapshotInputs(r.o)
	for _, p := range r.paths.all() {
		for _, f := range output.CleanStale(p) {
			r.Stale = append(r.Stale, staleWarning(f))
		}
	}
	LimitMemory()
	var err error
	if out == "-" {
		r.tmp, err = os.MkdirTemp("", "subsidy-run-")
		if err != nil {
			return failure.Usage(msg.F("无法建立临时文件夹：%v", "cannot create a temporary folder: %v", err))
		}
		tmp := r.tmp
		r.stops = append(r.stops, onInterrupt(interrupted, func() { os.RemoveAll(tmp) }))
	} else if r.tmp, err = output.MakeWorkDir(out); err != nil {
		return failure.Usage(msg.F("--out %s：无法在输出文件夹中建立本次运行的工作文件夹（文件夹须已存在且可写）：%v",
			"--out %s: cannot create the run's work folder in the output folder (it must exist and be writable): %v", out, err))
	}
	r.o.SpillDir = r.tmp // the event rows are sorted there
	if r.spool, err = newLedgerSpool(r.tmp, r.paths.Format, r.o.Lang, out != "-"); err != nil {
		return failure.UsageOf("", err)
	}
	if r.rejs, err = newRejectionSpool(r.tmp, r.o.Lang, true, r.paths.Format == "xlsx"); err != nil {
		return failure.UsageOf("", err)
	}
	return nil
}

// Compute loads the batch and runs the engine into the run's spools.
func (r *Run) Compute() (*Loaded, *engine.Result, error) {
	ld, res, err := Compute(r.o, Streaming{Lines: r.spool, Rejections: r.rejs, NoteLang: r.o.Lang})
	if err != nil {
		return nil, nil, err
	}
	if err := r.spool.finish(); err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	if err := r.rejs.finish(); err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	return ld, res, nil
}

// Close removes the work folder and releases the lock.
func (r *Run) Close() {
	if r.closed {
		return
	}
	r.closed = true
	if r.spool != nil {
		r.spool.close()
	}
	if r.rejs != nil {
		r.rejs.close()
	}
	if r.tmp != "" {
		os.RemoveAll(r.tmp)
	}
	for i := len(r.stops) - 1; i >= 0; i-- {
		r.stops[i]()
	}
	if r.lock != nil {
		r.lock.Release()
	}
}
