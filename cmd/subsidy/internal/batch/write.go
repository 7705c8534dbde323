package batch

import (
	"io"
	"os"
	"path/filepath"

	"subsidy/calc/engine"
	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/output"
)

// WriteOptions are how Write puts a computed run in place.
type WriteOptions struct {
	Force  bool // replace existing outputs (--force)
	Strict bool // no ledger when a data-class row was rejected (--strict)
	// Stdout receives the ledger of --out -.
	Stdout io.Writer
	// Warn prints warnings (what an interrupted run left, counts lost).
	Warn func([]msg.Text)
}

// Write applies the controls and writes the outputs atomically (spec
// §1.7): the rejections first, then the manifest, the ledger last (its
// presence marks a complete run). Outputs of an interrupted run are
// replaced with a warning (its temporary files were removed by Start).
// The ledger comes from the spool the engine wrote: a CSV or JSON Lines
// spool becomes the ledger (renamed into place, not copied), a workbook is
// written from the spooled lines and rejections.
func (r *Run) Write(ld *Loaded, res *engine.Result, wo WriteOptions) error {
	out, rejPath := r.paths.Ledger, r.paths.Rejections
	if !res.Recon.Balanced() {
		return failure.Control(msg.T("核对不平衡，未写出明细", "reconciliation does not balance; no ledger written"))
	}
	strictFail := wo.Strict && res.DataRejections > 0
	set := output.NewSet(wo.Force)
	var debris []msg.Text
	if out != "-" {
		for _, p := range set.Debris(out, rejPath, r.paths.Manifest()) {
			debris = append(debris, debrisWarning(p))
		}
	}
	wo.Warn(debris)
	rw, err := set.Create(rejPath)
	if err != nil {
		return failure.UsageOf("", err)
	}
	if err := r.rejs.copyTo(rw); err != nil {
		set.Abort()
		return failure.UsageOf("", err)
	}
	if !strictFail && out != "-" {
		if err := r.writeLedger(set, ld, res); err != nil {
			set.Abort()
			return failure.UsageOf("", err)
		}
		set.Last(out)
	}
	if err := set.Commit(); err != nil {
		return failure.UsageOf("", err)
	}
	if strictFail {
		return failure.Control(msg.F("--strict：有 %[1]d 个数据类拒绝行（见 %[2]s），未写出明细", "--strict: %[1]d data-class rejections (see %[2]s); no ledger written", res.DataRejections, rejPath))
	}
	if out == "-" {
		if n := len(res.YearCounts); n > 0 {
			wo.Warn([]msg.Text{countsLostWarning(n)})
		}
		// the ledger on stdout (ledgerFormat refuses a workbook there)
		return r.spool.copyTo(wo.Stdout)
	}
	return nil
}

// writeLedger adds the ledger file and then its manifest to set.
func (r *Run) writeLedger(set *output.Set, ld *Loaded, res *engine.Result) error {
	out, o := r.paths.Ledger, r.o
	stage := o.Progress.stage(msg.F("写出 %s", "writing %s", filepath.Base(out)), msg.T("笔明细", "lines"), -1)
	var err error
	if r.spool.workbook {
		var lw io.Writer
		if lw, err = set.Create(out); err == nil {
			if stage != nil {
				lw = progressWriter{w: lw, stage: stage}
			}
			err = r.spool.writeWorkbook(lw, r.rejs, output.Workbook{Period: o.Period, Recon: &res.Recon, Policy: ld.In.Policy, Lang: o.Lang})
		}
	} else {
		err = r.spool.adopt(set, out)
	}
	linesHash := ""
	if err == nil {
		linesHash, err = r.spool.linesHash()
	}
	stage.done()
	if err != nil {
		return err
	}
	// The manifest hashes every output above: keep it after them.
	return writeManifest(set, o, ld, r.snaps, res.LineCount, linesHash, out, r.paths.Rejections, res.YearCounts)
}

// Check is one `subsidy validate` under way: the batch computed without a
// ledger, its rejections spooled in a temporary folder as the engine
// makes them (so that they are never held), for WriteRejections.
type Check struct {
	o    Options
	tmp  string
	rejs *rejectionSpool
}

// StartCheck begins a validation of o; the rejections file is written
// with a BOM unless it goes to stdout. Close ends it.
func StartCheck(o Options, stdout bool) (*Check, error) {
	LimitMemory()
	tmp, err := os.MkdirTemp("", "subsidy-validate-")
	if err != nil {
		return nil, failure.Usage(msg.F("无法建立临时文件夹：%v", "cannot create a temporary folder: %v", err))
	}
	o.SpillDir = tmp
	c := &Check{o: o, tmp: tmp}
	if c.rejs, err = newRejectionSpool(tmp, o.Lang, !stdout, false); err != nil {
		c.Close()
		return nil, failure.UsageOf("", err)
	}
	return c, nil
}

// Compute loads the batch and runs the engine, its lines dropped and its
// rejections spooled.
func (c *Check) Compute() (*Loaded, *engine.Result, error) {
	ld, res, err := Compute(c.o, Streaming{Lines: Discard{}, Rejections: c.rejs})
	if err != nil {
		return nil, nil, err
	}
	if err := c.rejs.finish(); err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	return ld, res, nil
}

// WriteRejections writes the spooled rejections file to path ("-":
// stdout), atomically, replacing an existing file only with force.
func (c *Check) WriteRejections(path string, force bool, stdout io.Writer) error {
	if path == "-" {
		if err := c.rejs.copyTo(stdout); err != nil {
			return failure.UsageOf("", err)
		}
		return nil
	}
	set := output.NewSet(force)
	w, err := set.Create(path)
	if err != nil {
		return failure.UsageOf("", err)
	}
	if err := c.rejs.copyTo(w); err != nil {
		set.Abort()
		return failure.UsageOf("", err)
	}
	if err := set.Commit(); err != nil {
		return failure.UsageOf("", err)
	}
	return nil
}

// Close removes the temporary folder.
func (c *Check) Close() {
	if c.rejs != nil {
		c.rejs.close()
	}
	os.RemoveAll(c.tmp)
}
