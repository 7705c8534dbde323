package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/output"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "compute one batch and write the ledger, rejections and summary",
		Description: "Example:\n   subsidy run --period 2022-06 --in fixtures/example-2022-06 --prior ledgers/ --out ledger-2022-06.xlsx\n\n" +
			"Exit codes: 0 success (rejections included unless --strict); 1 a control failed; 2 usage or unreadable input.",
		Flags: append(batchFlags(),
			&cli.StringFlag{Name: "out", Usage: "ledger `PATH` (.xlsx workbook, .csv or .jsonl, or - for CSV on stdout); default ledger-YYYY-MM.xlsx, e.g. --out ledger-2022-06.csv"},
			&cli.StringFlag{Name: "format", Usage: "ledger format `xlsx|csv|jsonl` when --out has no telling extension, e.g. --format jsonl"},
			&cli.StringFlag{Name: "rejections", Usage: "rejections CSV `PATH`; default rejections-YYYY-MM.csv beside the ledger, e.g. --rejections rej.csv"},
			&cli.BoolFlag{Name: "strict", Usage: "fail (exit 1, no ledger) when any row is listed with a data-class code"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite existing output files"},
			&cli.BoolFlag{Name: "quiet", Usage: "no progress and no summary on stderr"},
		),
		Action: func(c *cli.Context) error {
			if err := checkOutputs(c); err != nil {
				return err
			}
			snaps := snapshotInputs(c)
			o, ld, res, err := computeBatch(c)
			if err != nil {
				return err
			}
			if !c.Bool("quiet") {
				printWarnings(c.App.ErrWriter, ld.warnings, o.lang)
				printSummary(c.App.ErrWriter, ld.in, res, o.lang)
			}
			return writeRun(c, o, ld, res, snaps)
		},
	}
}

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:  "validate",
		Usage: "read and check the inputs only: the same rejections as run, no ledger",
		Description: "Example:\n   subsidy validate --period 2022-06 --in fixtures/example-2022-06 --rejections -\n\n" +
			"Exit codes: 0 inputs readable (rejections printed); 1 with --strict when a data-class row is listed; 2 unreadable input.",
		Flags: append(batchFlags(),
			&cli.StringFlag{Name: "rejections", Usage: "write the rejections CSV to `PATH` (- for stdout); default: none, the summary only"},
			&cli.BoolFlag{Name: "strict", Usage: "exit 1 when any row is listed with a data-class code"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing rejections file"},
		),
		Action: func(c *cli.Context) error {
			o, ld, res, err := computeBatch(c)
			if err != nil {
				return err
			}
			printWarnings(c.App.ErrWriter, ld.warnings, o.lang)
			printSummary(c.App.ErrWriter, ld.in, res, o.lang)
			if p := c.String("rejections"); p == "-" {
				if err := output.WriteRejectionsCSV(c.App.Writer, res.Rejections, o.lang, false); err != nil {
					return usageErr("%v", err)
				}
			} else if p != "" {
				set := output.NewSet(c.Bool("force"))
				w, err := set.Create(p)
				if err != nil {
					return usageErr("%v", err)
				}
				if err := output.WriteRejectionsCSV(w, res.Rejections, o.lang, true); err != nil {
					set.Abort()
					return usageErr("%v", err)
				}
				if err := set.Commit(); err != nil {
					return usageErr("%v", err)
				}
			}
			if c.Bool("strict") && dataRejections(res) > 0 {
				return &exitError{code: exitControl, msg: fmt.Sprintf("--strict: %d data-class rejections", dataRejections(res))}
			}
			return nil
		},
	}
}

func dataRejections(res *engine.Result) int {
	n := 0
	for _, r := range res.Rejections {
		if r.Class == ledger.ClassData {
			n++
		}
	}
	return n
}

// ledgerFormat picks the ledger format from --format or the extension.
func ledgerFormat(out, format string) (string, error) {
	if format != "" {
		if format != "xlsx" && format != "csv" && format != "jsonl" {
			return "", usageErr("--format must be xlsx, csv or jsonl, not %q", format)
		}
		if format == "xlsx" && out == "-" {
			return "", usageErr("--out - writes the CSV ledger to stdout; a workbook needs a file name, e.g. --out ledger.xlsx")
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
	return "", usageErr("--out %s: unknown extension; use .xlsx, .csv or .jsonl (or --format)", out)
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
		return usageErr("%v", err)
	}
	return nil
}

// writeRun applies the controls and writes the outputs atomically (spec
// §1.7): the rejections first, then the manifest, the ledger last (its
// presence marks a complete run). Temporary files and outputs of an
// interrupted run are removed or replaced with a warning.
func writeRun(c *cli.Context, o batchOptions, ld *loaded, res *engine.Result, snaps snapshots) error {
	out, format, rejPath, err := runPaths(c, o.period)
	if err != nil {
		return err
	}
	if !res.Recon.Balanced() {
		return &exitError{code: exitControl, msg: "reconciliation does not balance; no ledger written"}
	}
	strictFail := c.Bool("strict") && dataRejections(res) > 0
	set := output.NewSet(c.Bool("force"))
	var debris []msg.Text
	if out != "-" {
		for _, p := range set.Debris(out, rejPath, output.ManifestPath(out)) {
			debris = append(debris, debrisWarning(p))
		}
	}
	for _, p := range []string{rejPath, out, output.ManifestPath(out)} {
		if p != "-" && p != output.ManifestPath("-") {
			for _, r := range output.CleanStale(p) {
				debris = append(debris, staleWarning(r))
			}
		}
	}
	printWarnings(c.App.ErrWriter, debris, o.lang)
	rw, err := set.Create(rejPath)
	if err != nil {
		return usageErr("%v", err)
	}
	if err := output.WriteRejectionsCSV(rw, res.Rejections, o.lang, true); err != nil {
		set.Abort()
		return usageErr("%v", err)
	}
	var stdoutLedger bytes.Buffer
	if !strictFail {
		var lw io.Writer = &stdoutLedger
		if out != "-" {
			if lw, err = set.Create(out); err != nil {
				set.Abort()
				return usageErr("%v", err)
			}
		}
		switch format {
		case "xlsx":
			err = output.WriteLedgerXLSX(lw, &output.Workbook{Period: o.period, Lines: res.Lines,
				Rejections: res.Rejections, Recon: &res.Recon, Policy: ld.in.Policy, Lang: o.lang})
		case "jsonl":
			err = output.WriteLedgerJSONL(lw, res.Lines, o.lang)
		default:
			err = output.WriteLedgerCSV(lw, res.Lines, o.lang, out != "-")
		}
		if err != nil {
			set.Abort()
			return usageErr("%v", err)
		}
		if out != "-" {
			// The manifest hashes every output above: keep it after them.
			if err := writeManifest(set, o, ld, res, snaps, out, rejPath); err != nil {
				set.Abort()
				return usageErr("%s", inputErrorText(err, o.lang))
			}
			set.Last(out)
		}
	}
	if err := set.Commit(); err != nil {
		return usageErr("%v", err)
	}
	if strictFail {
		return &exitError{code: exitControl, msg: fmt.Sprintf("--strict: %d data-class rejections (see %s); no ledger written", dataRejections(res), rejPath)}
	}
	if out == "-" {
		_, err := c.App.Writer.Write(stdoutLedger.Bytes())
		return err
	}
	return nil
}
