package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/forms"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

// formFlags are the flags of notice and payout.
func formFlags(path string) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "out", Usage: flagText(path, "out")},
		&cli.StringFlag{Name: "policy", Usage: flagText("", "policy")},
		&cli.BoolFlag{Name: "force", Usage: flagText("template", "force")},
		&cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("", "lang")},
	}
}

func noticeCommand() *cli.Command {
	return &cli.Command{
		Name: "notice", Usage: cmdUsage("notice"), Description: cmdDescription("notice"), ArgsUsage: "LEDGER…",
		Flags: formFlags("notice"),
		Action: func(c *cli.Context) error {
			lines, err := readFormLedgers(c)
			if err != nil {
				return err
			}
			pol, err := batch.LoadPolicy(c.String("policy"))
			if err != nil {
				return err
			}
			n := forms.NewNotice(lines, pol)
			out := c.String("out")
			if out == "" {
				out = "notice-" + strings.ReplaceAll(n.Periods, "、", "_") + ".xlsx"
			}
			write := n.WriteXLSX
			switch strings.ToLower(filepath.Ext(out)) {
			case ".csv":
				write = n.WriteCSV
			case ".xlsx":
			default:
				return failure.Usage(msg.F("--out %s：公示名单应为 .xlsx 或 .csv", "--out %s: a notice is .xlsx or .csv", out))
			}
			return writeForm(c, out, write, msg.F("公示名单 %[1]s：%[2]d 项", "notice %[1]s: %[2]d recipients", out, len(n.Rows)))
		},
	}
}

func payoutCommand() *cli.Command {
	return &cli.Command{
		Name: "payout", Usage: cmdUsage("payout"), Description: cmdDescription("payout"), ArgsUsage: "LEDGER…",
		Flags: formFlags("payout"),
		Action: func(c *cli.Context) error {
			lines, err := readFormLedgers(c)
			if err != nil {
				return err
			}
			pol, err := batch.LoadPolicy(c.String("policy"))
			if err != nil {
				return err
			}
			ps, err := forms.NewPayouts(lines, pol)
			if err != nil {
				return failure.UsageOf("", err)
			}
			periods := forms.Periods(lines)
			out := c.String("out")
			if out == "" {
				out = "payout-" + strings.ReplaceAll(periods, "、", "_") + ".xlsx"
			}
			if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
				return failure.Usage(msg.F("--out %s：拨付审批表应为 .xlsx", "--out %s: payout sheets are .xlsx", out))
			}
			return writeForm(c, out, func(w io.Writer) error { return forms.WritePayoutXLSX(w, ps, periods) },
				msg.F("拨付审批表 %[1]s：%[2]d 个出资方", "payout sheets %[1]s: %[2]d funders", out, len(ps)))
		},
	}
}

// readFormLedgers reads the ledgers named as arguments (files or folders,
// as --prior reads them).
func readFormLedgers(c *cli.Context) ([]ledger.Line, error) {
	if _, err := langOf(c); err != nil {
		return nil, err
	}
	if c.NArg() == 0 {
		return nil, failure.Usage(msg.F("请给出明细文件或文件夹，例如 subsidy %[1]s ledger-2022-06.xlsx", "give the ledger files or folders, e.g. subsidy %[1]s ledger-2022-06.xlsx", c.Command.Name))
	}
	files, warns, err := output.ReadPrior(c.Args().Slice())
	if err != nil {
		return nil, failure.UsageOf("", err)
	}
	printWarnings(c.App.ErrWriter, warns, c.String("lang"))
	var lines []ledger.Line
	for _, f := range files {
		lines = append(lines, f.Lines...)
	}
	return lines, nil
}

// writeForm writes a form to out atomically (refusing an existing file
// without --force) and says what it wrote.
func writeForm(c *cli.Context, out string, write func(io.Writer) error, done msg.Text) error {
	set := output.NewSet(c.Bool("force"))
	w, err := set.Create(out)
	if err != nil {
		return failure.UsageOf("", err)
	}
	if err := write(w); err != nil {
		set.Abort()
		return failure.UsageOf(out+": ", err)
	}
	if err := set.Commit(); err != nil {
		return failure.UsageOf("", err)
	}
	fmt.Fprintln(c.App.ErrWriter, done.In(c.String("lang")))
	return nil
}

func reportCommand() *cli.Command {
	return &cli.Command{
		Name: "report", Usage: cmdUsage("report"), Description: cmdDescription("report"),
		Flags: append(formFlags("report"),
			&cli.StringFlag{Name: "prior", Usage: flagText("report", "prior")},
			&cli.IntFlag{Name: "year", Usage: flagText("report", "year")},
			&cli.StringFlag{Name: "budget", Usage: flagText("report", "budget")},
		),
		Action: func(c *cli.Context) error {
			if _, err := langOf(c); err != nil {
				return err
			}
			dir, year := c.String("prior"), c.Int("year")
			if dir == "" || year < 2000 || year > 2999 {
				return failure.Usage(msg.T("report 需要 --prior DIR（明细文件夹）和 --year YYYY，例如 subsidy report --prior ledgers/ --year 2022",
					"report needs --prior DIR (the ledger folder) and --year YYYY, e.g. subsidy report --prior ledgers/ --year 2022"))
			}
			r, warns, err := buildReport(dir, year, c.String("budget"), c.String("policy"))
			if err != nil {
				return err
			}
			printWarnings(c.App.ErrWriter, warns, c.String("lang"))
			out := c.String("out")
			if out == "" {
				out = "report-" + strconv.Itoa(year) + ".xlsx"
			}
			if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
				return failure.Usage(msg.F("--out %s：年度报告应为 .xlsx", "--out %s: the year report is .xlsx", out))
			}
			return writeForm(c, out, r.WriteXLSX, msg.F("年度报告 %[1]s：%[2]d 份明细，支付 %[3]d 笔", "year report %[1]s: %[2]d ledgers, %[3]d lines paid", out, r.Ledgers, r.Lines))
		},
	}
}

// buildReport builds the report of year from the ledgers of folder dir and
// the rejections files their manifests list, with the budgets of the
// budget roster at budgetPath ("": none), under the policy file
// policyFile ("": the default); it returns the prior reader's warnings.
func buildReport(dir string, year int, budgetPath, policyFile string) (*forms.Report, []msg.Text, error) {
	files, warns, err := output.ReadPrior([]string{dir})
	if err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	var lines []ledger.Line
	for _, f := range files {
		lines = append(lines, f.Lines...)
	}
	prefix := strconv.Itoa(year) + "-"
	rejs, err := output.RunRejections(dir, func(p string) bool { return strings.HasPrefix(p, prefix) })
	if err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	pol, err := batch.LoadPolicy(policyFile)
	if err != nil {
		return nil, nil, err
	}
	var budgets []forms.BudgetUse
	if budgetPath != "" {
		if budgets, err = readBudgets(budgetPath, year, pol); err != nil {
			return nil, nil, err
		}
	}
	return forms.NewReport(year, len(files), lines, rejs, budgets, pol), warns, nil
}

// readBudgets reads the budget roster at path: the budgets of year, each
// funder resolved against the policy (a row that does not read is a usage
// error: the report must not guess).
func readBudgets(path string, year int, pol *policy.Policy) ([]forms.BudgetUse, error) {
	var dec roster.Decoder
	var bad []ledger.Rejection
	_, err := input.ReadRoster(path, roster.Budgets, filepath.Base(path), func(r roster.Record) error {
		_, rejs := dec.Decode(roster.Budgets, r)
		bad = append(bad, rejs...)
		return nil
	}, input.Options{})
	if err != nil {
		return nil, failure.UsageOf("--budget: ", err)
	}
	var out []forms.BudgetUse
	for _, r := range dec.Batch.Budgets {
		funder := "city"
		if r.Funder != "city" && r.Funder != "市级" && r.Funder != "苏州市" {
			d, ok := pol.District(r.Funder)
			if !ok {
				bad = append(bad, ledger.Rejection{File: r.Src.File, Row: r.Src.Row, Column: "funder", Value: r.Funder, Code: "unknown_district"})
				continue
			}
			funder = d.Code
		}
		if r.Year == year {
			out = append(out, forms.BudgetUse{Funder: funder, Program: r.Program, Amount: r.Amount, Reference: r.Reference})
		}
	}
	if len(bad) > 0 {
		return nil, failure.Usage(msg.F("--budget %[1]s：第 %[2]d 行无法读取（%[3]s）", "--budget %[1]s: row %[2]d cannot be read (%[3]s)", path, bad[0].Row, bad[0].Code))
	}
	return out, nil
}
