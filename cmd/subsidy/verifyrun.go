package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/output"
)

// verifyRunCommand re-checks a run's manifest (spec §8).
func verifyRunCommand() *cli.Command {
	return &cli.Command{
		Name:        "verify-run",
		Usage:       cmdUsage("verify-run"),
		ArgsUsage:   "MANIFEST",
		Description: cmdDescription("verify-run"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("verify-run", "lang")},
		},
		Action: func(c *cli.Context) error {
			lang, err := langOf(c)
			if err != nil {
				return err
			}
			if c.NArg() != 1 {
				return failure.Usage(msg.T("verify-run 需要一个运行清单文件，例如 subsidy verify-run ledger-2022-06.csv.manifest.json", "verify-run takes one MANIFEST, e.g. subsidy verify-run ledger-2022-06.csv.manifest.json"))
			}
			mp := c.Args().First()
			m, err := output.ReadManifest(mp)
			if err != nil {
				return failure.UsageOf("", err)
			}
			bad := 0
			report := func(e output.ManifestFile, problem *msg.Text) {
				state := tr(lang, "一致", "ok")
				if problem != nil {
					bad++
					state = problem.In(lang)
				}
				fmt.Fprintf(c.App.Writer, "%-10s %s: %s\n", e.Role, e.Path, state)
			}
			check := func(e output.ManifestFile) {
				switch {
				case e.Path == output.EmbeddedPolicy:
					if output.HashBytes(policy.DefaultYAML()) != e.SHA256 {
						p := msg.T("已变更：本程序内置的政策与运行时不同", "changed: this binary's embedded policy differs from the run's")
						report(e, &p)
						return
					}
				case e.Path == "-":
					p := msg.T("无法核对（标准输入）", "cannot be checked (read from standard input)")
					fmt.Fprintf(c.App.Writer, "%-10s %s: %s\n", e.Role, e.Path, p.In(lang))
					return
				default:
					sum, _, err := output.HashFile(output.Resolve(mp, e.Path))
					if err != nil {
						p := msg.F("缺失或无法读取：%v", "missing or unreadable: %v", err)
						report(e, &p)
						return
					}
					if sum != e.SHA256 {
						p := msg.T("已变更（SHA-256 不同）", "changed (the SHA-256 differs)")
						report(e, &p)
						return
					}
				}
				report(e, nil)
			}
			check(m.Policy)
			for _, e := range m.Inputs {
				check(e)
			}
			for _, e := range m.Prior {
				check(e)
			}
			for _, e := range m.Outputs {
				check(e)
				if e.Role == "ledger" {
					checkLedgerLines(c, lang, mp, m, e, &bad)
				}
			}
			if bad > 0 {
				return failure.Differs(msg.F("%[1]s：%[2]d 个文件与运行清单不符", "%[1]s: %[2]d files do not match the manifest", mp, bad))
			}
			fmt.Fprintln(c.App.ErrWriter, msg.F("%[1]s：%[2]s 批次的全部文件与运行清单一致", "%[1]s: every file of batch %[2]s matches the manifest", mp, m.Period).In(lang))
			return nil
		},
	}
}

// checkLedgerLines reads the ledger back and compares the canonical hash
// of its lines with the manifest's.
func checkLedgerLines(c *cli.Context, lang, mp string, m *output.Manifest, e output.ManifestFile, bad *int) {
	label := e.Path + " (" + tr(lang, "明细各行", "ledger lines") + ")"
	files, _, err := output.ReadPrior([]string{output.Resolve(mp, e.Path)})
	state := tr(lang, "一致", "ok")
	switch {
	case err != nil:
		state = strings.TrimSpace(tr(lang, "无法读取：", "unreadable: ") + msg.ErrorIn(err, lang))
	case len(files) != 1 || len(files[0].Lines) != m.LedgerLines || output.LinesHash(files[0].Lines) != m.LedgerLinesSHA256:
		state = tr(lang, "已变更（各行的规范摘要不同）", "changed (the canonical hash of the lines differs)")
	}
	if state != tr(lang, "一致", "ok") {
		*bad++
	}
	fmt.Fprintf(c.App.Writer, "%-10s %s: %s\n", "lines", label, state)
}
