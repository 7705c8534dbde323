package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/output"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:        "run",
		Usage:       cmdUsage("run"),
		Description: cmdDescription("run"),
		Flags: append(batchFlags(),
			&cli.StringFlag{Name: "out", Usage: flagText("run", "out")},
			&cli.StringFlag{Name: "format", Usage: flagText("run", "format")},
			&cli.StringFlag{Name: "rejections", Usage: flagText("run", "rejections")},
			&cli.BoolFlag{Name: "strict", Usage: flagText("run", "strict")},
			&cli.BoolFlag{Name: "force", Usage: flagText("run", "force")},
			&cli.BoolFlag{Name: "quiet", Usage: flagText("run", "quiet")},
		),
		Action: func(c *cli.Context) error {
			if err := checkOutputs(c); err != nil {
				return err
			}
			o, err := readBatchOptions(c)
			if err != nil {
				return err
			}
			out, format, rejPath, err := runPaths(c, c.String("period"))
			if err != nil {
				return err
			}
			if err := refuseInputsAsOutputs(o, []string{out, rejPath, output.ManifestPath(out)}); err != nil {
				return err
			}
			// One run per ledger: the lock is taken before anything of an
			// earlier run is cleaned up, so a run never removes the work
			// folder of another still running.
			if out != "-" {
				lock, err := output.LockLedger(out)
				if err != nil {
					return failure.UsageOf("--out ", err)
				}
				defer lock.Release()
				stop := onInterrupt(c.App.ErrWriter, o.lang, func() {
					for _, p := range []string{rejPath, out, output.ManifestPath(out)} {
						output.CleanStale(p)
					}
					lock.Release()
				})
				defer stop()
			}
			snaps := snapshotInputs(o)
			// What an interrupted run left is removed first, with a
			// warning: its temporary files and work folder.
			var stale []msg.Text
			for _, p := range []string{rejPath, out, output.ManifestPath(out)} {
				if out != "-" || p == rejPath {
					for _, r := range output.CleanStale(p) {
						stale = append(stale, staleWarning(r))
					}
				}
			}
			printWarnings(c.App.ErrWriter, stale, c.String("lang"))
			// The event rows are sorted in a work folder the run owns
			// (beside the ledger, so that a killed run's is removed by the
			// next), and the ledger and rejections spooled there as the
			// engine finishes each line (a workbook's in binary, written
			// into the workbook once the batch passes its controls).
			limitMemory()
			var tmp string
			if out == "-" {
				tmp, err = os.MkdirTemp("", "subsidy-run-")
			} else if tmp, err = output.MakeWorkDir(out); err != nil {
				return failure.Usage(msg.F("--out %s：无法在输出文件夹中建立本次运行的工作文件夹（文件夹须已存在且可写）：%v",
					"--out %s: cannot create the run's work folder in the output folder (it must exist and be writable): %v", out, err))
			}
			if err != nil {
				return failure.Usage(msg.F("无法建立临时文件夹：%v", "cannot create a temporary folder: %v", err))
			}
			defer os.RemoveAll(tmp)
			if out == "-" {
				stop := onInterrupt(c.App.ErrWriter, o.lang, func() { os.RemoveAll(tmp) })
				defer stop()
			}
			spool, err := newLedgerSpool(tmp, format, c.String("lang"), out != "-")
			if err != nil {
				return failure.UsageOf("", err)
			}
			defer spool.close()
			rejSpool, err := newRejectionSpool(tmp, c.String("lang"), format == "xlsx")
			if err != nil {
				return failure.UsageOf("", err)
			}
			defer rejSpool.close()
			ld, res, err := runBatch(o, streaming{lines: spool, rejections: rejSpool, dir: tmp})
			if err != nil {
				return err
			}
			if err := spool.finish(); err != nil {
				return failure.UsageOf("", err)
			}
			if err := rejSpool.finish(); err != nil {
				return failure.UsageOf("", err)
			}
			printWarnings(c.App.ErrWriter, ld.alerts, o.lang)
			if !c.Bool("quiet") {
				printWarnings(c.App.ErrWriter, ld.warnings, o.lang)
				printSummary(c.App.ErrWriter, o.files, ld.in, res, o.lang)
			}
			return writeRun(c, o, ld, res, snaps, spool, rejSpool)
		},
	}
}

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:        "validate",
		Usage:       cmdUsage("validate"),
		Description: cmdDescription("validate"),
		Flags: append(batchFlags(),
			&cli.StringFlag{Name: "rejections", Usage: flagText("validate", "rejections")},
			&cli.BoolFlag{Name: "strict", Usage: flagText("validate", "strict")},
			&cli.BoolFlag{Name: "force", Usage: flagText("validate", "force")},
			&cli.BoolFlag{Name: "quiet", Usage: flagText("validate", "quiet")},
		),
		Action: func(c *cli.Context) error {
			limitMemory()
			o, err := readBatchOptions(c)
			if err != nil {
				return err
			}
			if err := refuseInputsAsOutputs(o, []string{c.String("rejections")}); err != nil {
				return err
			}
			tmp, err := os.MkdirTemp("", "subsidy-validate-")
			if err != nil {
				return failure.Usage(msg.F("无法建立临时文件夹：%v", "cannot create a temporary folder: %v", err))
			}
			defer os.RemoveAll(tmp)
			ld, res, err := runBatch(o, streaming{lines: discardLines{}, dir: tmp})
			if err != nil {
				return err
			}
			printWarnings(c.App.ErrWriter, ld.alerts, o.lang)
			if !c.Bool("quiet") {
				printWarnings(c.App.ErrWriter, ld.warnings, o.lang)
				printSummary(c.App.ErrWriter, o.files, ld.in, res, o.lang)
			}
			if p := c.String("rejections"); p == "-" {
				if err := output.WriteRejectionsCSV(c.App.Writer, res.Rejections, o.lang, false); err != nil {
					return failure.UsageOf("", err)
				}
			} else if p != "" {
				set := output.NewSet(c.Bool("force"))
				w, err := set.Create(p)
				if err != nil {
					return failure.UsageOf("", err)
				}
				if err := output.WriteRejectionsCSV(w, res.Rejections, o.lang, true); err != nil {
					set.Abort()
					return failure.UsageOf("", err)
				}
				if err := set.Commit(); err != nil {
					return failure.UsageOf("", err)
				}
			}
			if c.Bool("strict") && res.DataRejections > 0 {
				return failure.Control(msg.F("--strict：有 %d 个数据类拒绝行", "--strict: %d data-class rejections", res.DataRejections))
			}
			return nil
		},
	}
}

// memoryLimit is the soft limit of the Go heap during a batch (spec §7:
// 256 MiB at a million rows): the collector works harder as the heap
// nears it instead of letting it grow to twice what is live.
const memoryLimit = 192 << 20

// limitMemory sets memoryLimit, unless GOMEMLIMIT sets another.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// discardLines is the line sink of validate, which writes no ledger.
type discardLines struct{}

// Line drops the line.
func (discardLines) Line(*ledger.Line) error { return nil }

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

// runPaths returns the ledger path and format and the rejections path of a
// run for the batch month period.
func runPaths(c *cli.Context, period string) (out, format, rejPath string, err error) {
	out = c.String("out")
	if out == "" {
		out = "ledger-" + period + ".xlsx"
	}
	if format, err = ledgerFormat(out, c.String("format")); err != nil {
		return "", "", "", err
	}
	rejPath = c.String("rejections")
	if rejPath == "" {
		dir := "."
		if out != "-" {
			dir = filepath.Dir(out)
		}
		rejPath = filepath.Join(dir, "rejections-"+period+".csv")
	}
	return out, format, rejPath, nil
}

// checkOutputs refuses, before anything is read or computed, a run whose
// outputs cannot be written (output.Set.Check): an existing file without
// --force that is not what an interrupted run left (see output.Set.Debris),
// or a folder. writeRun checks again when it creates them. A --period that
// does not parse is left to computeBatch to refuse.
func checkOutputs(c *cli.Context) error {
	period := c.String("period")
	if _, err := engine.ParsePeriod(period); err != nil {
		return nil
	}
	out, _, rejPath, err := runPaths(c, period)
	if err != nil {
		return err
	}
	set := output.NewSet(c.Bool("force"))
	paths := []string{rejPath}
	if out != "-" {
		set.Debris(out, rejPath, output.ManifestPath(out))
		paths = append(paths, out, output.ManifestPath(out))
	}
	if err := set.Check(paths...); err != nil {
		return failure.UsageOf("", err)
	}
	return nil
}

// writeRun applies the controls and writes the outputs atomically (spec
// §1.7): the rejections first, then the manifest, the ledger last (its
// presence marks a complete run). Outputs of an interrupted run are
// replaced with a warning (its temporary files were removed before the
// batch was computed). The ledger comes from spool and the rejections
// from rejSpool, where the engine wrote them: a CSV or JSON Lines ledger
// is copied, a workbook written from the spooled lines and rejections.
func writeRun(c *cli.Context, o batchOptions, ld *loaded, res *engine.Result, snaps snapshots, spool *ledgerSpool, rejSpool *rejectionSpool) error {
	out, _, rejPath, err := runPaths(c, o.period)
	if err != nil {
		return err
	}
	if !res.Recon.Balanced() {
		return failure.Control(msg.T("核对不平衡，未写出明细", "reconciliation does not balance; no ledger written"))
	}
	strictFail := c.Bool("strict") && res.DataRejections > 0
	set := output.NewSet(c.Bool("force"))
	var debris []msg.Text
	if out != "-" {
		for _, p := range set.Debris(out, rejPath, output.ManifestPath(out)) {
			debris = append(debris, debrisWarning(p))
		}
	}
	printWarnings(c.App.ErrWriter, debris, o.lang)
	rw, err := set.Create(rejPath)
	if err != nil {
		return failure.UsageOf("", err)
	}
	if err := rejSpool.copyTo(rw); err != nil {
		set.Abort()
		return failure.UsageOf("", err)
	}
	if !strictFail && out != "-" {
		lw, err := set.Create(out)
		if err != nil {
			set.Abort()
			return failure.UsageOf("", err)
		}
		lines, linesHash := res.LineCount, ""
		stage := o.progress.stage(msg.F("写出 %s", "writing %s", filepath.Base(out)), msg.T("笔明细", "lines"), spool.size())
		if stage != nil {
			lw = progressWriter{w: lw, stage: stage}
		}
		if spool.workbook {
			err = spool.writeWorkbook(lw, rejSpool, output.Workbook{Period: o.period, Recon: &res.Recon, Policy: ld.in.Policy, Lang: o.lang})
		} else {
			err = spool.copyTo(lw)
		}
		if err == nil {
			linesHash, err = spool.linesHash()
		}
		stage.done()
		if err != nil {
			set.Abort()
			return failure.UsageOf("", err)
		}
		// The manifest hashes every output above: keep it after them.
		if err := writeManifest(set, o, ld, snaps, lines, linesHash, out, rejPath, res.YearCounts); err != nil {
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
			printWarnings(c.App.ErrWriter, []msg.Text{countsLostWarning(n)}, o.lang)
		}
		// the ledger on stdout (ledgerFormat refuses a workbook there)
		return spool.copyTo(c.App.Writer)
	}
	return nil
}
