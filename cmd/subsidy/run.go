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
	"subsidy/cmd/subsidy/internal/output"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "compute one batch and write the ledger, rejections and summary",
		Description: "Example:\n   subsidy run --period 2022-06 --in fixtures/example-2022-06 --prior ledgers/ --out ledger-2022-06.csv\n\n" +
			"Exit codes: 0 success (rejections included unless --strict); 1 a control failed; 2 usage or unreadable input.",
		Flags: append(batchFlags(),
			&cli.StringFlag{Name: "out", Usage: "ledger `PATH` (.csv or .jsonl, or - for CSV on stdout); default ledger-YYYY-MM.csv, e.g. --out ledger-2022-06.jsonl"},
			&cli.StringFlag{Name: "format", Usage: "ledger format `csv|jsonl` when --out has no telling extension, e.g. --format jsonl"},
			&cli.StringFlag{Name: "rejections", Usage: "rejections CSV `PATH`; default rejections-YYYY-MM.csv beside the ledger, e.g. --rejections rej.csv"},
			&cli.BoolFlag{Name: "strict", Usage: "fail (exit 1, no ledger) when any row is listed with a data-class code"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite existing output files"},
			&cli.BoolFlag{Name: "quiet", Usage: "no progress and no summary on stderr"},
		),
		Action: func(c *cli.Context) error {
			o, ld, res, err := computeBatch(c)
			if err != nil {
				return err
			}
			if !c.Bool("quiet") {
				printWarnings(c.App.ErrWriter, ld.warnings, o.lang)
				printSummary(c.App.ErrWriter, ld.in, res, o.lang)
			}
			return writeRun(c, o, res)
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
		if format != "csv" && format != "jsonl" {
			return "", usageErr("--format must be csv or jsonl, not %q", format)
		}
		return format, nil
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".csv", "":
		return "csv", nil
	case ".jsonl":
		return "jsonl", nil
	case ".xlsx":
		return "", usageErr("--out %s: the workbook ledger is not available yet; use .csv or .jsonl", out)
	}
	return "", usageErr("--out %s: unknown extension; use .csv or .jsonl (or --format)", out)
}

// writeRun applies the controls and writes the outputs atomically: the
// rejections first, the ledger last (its presence marks a complete run).
func writeRun(c *cli.Context, o batchOptions, res *engine.Result) error {
	out := c.String("out")
	if out == "" {
		out = "ledger-" + o.period + ".csv"
	}
	format, err := ledgerFormat(out, c.String("format"))
	if err != nil {
		return err
	}
	rejPath := c.String("rejections")
	if rejPath == "" {
		dir := "."
		if out != "-" {
			dir = filepath.Dir(out)
		}
		rejPath = filepath.Join(dir, "rejections-"+o.period+".csv")
	}
	if !res.Recon.Balanced() {
		return &exitError{code: exitControl, msg: "reconciliation does not balance; no ledger written"}
	}
	strictFail := c.Bool("strict") && dataRejections(res) > 0
	set := output.NewSet(c.Bool("force"))
	for _, p := range []string{rejPath, out} {
		if p != "-" {
			output.CleanStale(p)
		}
	}
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
		if format == "jsonl" {
			err = output.WriteLedgerJSONL(lw, res.Lines, o.lang)
		} else {
			err = output.WriteLedgerCSV(lw, res.Lines, o.lang, out != "-")
		}
		if err != nil {
			set.Abort()
			return usageErr("%v", err)
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
