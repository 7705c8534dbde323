package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
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
			// The outputs are checked before anything is read; a --period
			// that does not parse is left to readBatchOptions to refuse, so
			// p is set whenever it returns.
			var p batch.Paths
			if _, err := engine.ParsePeriod(c.String("period")); err == nil {
				if p, err = runPaths(c); err != nil {
					return err
				}
				if err := batch.CheckOutputs(p, c.Bool("force")); err != nil {
					return err
				}
			}
			o, err := readBatchOptions(c)
			if err != nil {
				return err
			}
			if err := batch.RefuseInputsAsOutputs(o, []string{p.Ledger, p.Rejections, p.Manifest()}); err != nil {
				return err
			}
			r, err := batch.Start(o, p, func() {
				fmt.Fprintln(c.App.ErrWriter, msg.T("已中断：本次运行的临时文件已删除，没有写出明细",
					"interrupted: the run's temporary files were removed and no ledger was written").In(o.Lang))
				os.Exit(exitInterrupted)
			})
			if err != nil {
				return err
			}
			defer r.Close()
			printWarnings(c.App.ErrWriter, r.Stale, o.Lang)
			ld, res, err := r.Compute()
			if err != nil {
				return err
			}
			report(c, o, ld, res)
			return r.Write(ld, res, batch.WriteOptions{Force: c.Bool("force"), Strict: c.Bool("strict"), Stdout: c.App.Writer,
				Warn: func(ws []msg.Text) { printWarnings(c.App.ErrWriter, ws, o.Lang) }})
		},
	}
}

// runPaths are the output paths of a run from its flags.
func runPaths(c *cli.Context) (batch.Paths, error) {
	return batch.PathsOf(c.String("period"), c.String("out"), c.String("format"), c.String("rejections"))
}

// report prints what a batch warns of and, without --quiet, its warnings
// and summary.
func report(c *cli.Context, o batch.Options, ld *batch.Loaded, res *engine.Result) {
	printWarnings(c.App.ErrWriter, ld.Alerts, o.Lang)
	if !c.Bool("quiet") {
		printWarnings(c.App.ErrWriter, ld.Warnings, o.Lang)
		printSummary(c.App.ErrWriter, o.Files, ld.In, res, o.Lang)
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
			o, err := readBatchOptions(c)
			if err != nil {
				return err
			}
			if err := batch.RefuseInputsAsOutputs(o, []string{c.String("rejections")}); err != nil {
				return err
			}
			chk, err := batch.StartCheck(o, c.String("rejections") == "-")
			if err != nil {
				return err
			}
			defer chk.Close()
			ld, res, err := chk.Compute()
			if err != nil {
				return err
			}
			report(c, o, ld, res)
			if p := c.String("rejections"); p != "" {
				if err := chk.WriteRejections(p, c.Bool("force"), c.App.Writer); err != nil {
					return err
				}
			}
			if c.Bool("strict") && res.DataRejections > 0 {
				return failure.Control(msg.F("--strict：有 %d 个数据类拒绝行", "--strict: %d data-class rejections", res.DataRejections))
			}
			return nil
		},
	}
}
