package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rivo/uniseg"
	"github.com/shopspring/decimal"
	"github.com/urfave/cli/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/output"
)

// diffColumns are the columns of diff --format csv.
var diffColumns = []string{"change", "line_id", "program", "funder", "recipient_id", "payable_a", "payable_b", "delta"}

func diffCommand() *cli.Command {
	return &cli.Command{
		Name:        "diff",
		Usage:       cmdUsage("diff"),
		ArgsUsage:   "A B",
		Description: cmdDescription("diff"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: flagText("diff", "format")},
			&cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("diff", "lang")},
		},
		Action: func(c *cli.Context) error {
			lang, err := langOf(c)
			if err != nil {
				return err
			}
			format := c.String("format")
			if format != "text" && format != "csv" {
				return failure.Usage(msg.F("--format 应为 text 或 csv，而不是 %q", "--format must be text or csv, not %q", format))
			}
			if c.NArg() != 2 {
				return failure.Usage(msg.T("diff 需要两个明细文件 A 和 B，例如 subsidy diff ledger-2022-06.csv new/ledger-2022-06.csv",
					"diff needs two ledgers A and B, e.g. subsidy diff ledger-2022-06.csv new/ledger-2022-06.csv"))
			}
			a, err := readDiffLedger(c, c.Args().Get(0), lang)
			if err != nil {
				return err
			}
			b, err := readDiffLedger(c, c.Args().Get(1), lang)
			if err != nil {
				return err
			}
			d := ledger.Compare(a, b)
			if format == "csv" {
				err = writeDiffCSV(c.App.Writer, &d)
			} else {
				err = writeDiffText(c.App.Writer, &d, c.Args().Get(0), c.Args().Get(1), lang)
			}
			if err != nil {
				return failure.UsageOf("", err)
			}
			if d.Identical() {
				return nil
			}
			return failure.Differs(msg.F("明细不一致：新增 %d、删除 %d、变更 %d",
				"the ledgers differ: %d added, %d removed, %d changed",
				d.Count(ledger.DiffAdded), d.Count(ledger.DiffRemoved), d.Count(ledger.DiffChanged)))
		},
	}
}

// readDiffLedger reads one side of a diff: a ledger file, or the ledgers in
// a folder. The same line_id twice (in two files of a folder) must carry the
// same payable, computed amount and status; it then counts once.
func readDiffLedger(c *cli.Context, path, lang string) ([]ledger.Line, error) {
	files, warns, err := output.ReadPrior([]string{path})
	if err != nil {
		var oe *output.Error
		if errors.As(err, &oe) {
			return nil, failure.Usage(oe.Text())
		}
		return nil, failure.UsageOf(path+": ", err)
	}
	for _, w := range warns {
		fmt.Fprintln(c.App.ErrWriter, msg.T("警告：", "warning: ").In(lang)+w.In(lang))
	}
	var lines []ledger.Line
	seen := map[string]int{}
	for _, f := range files {
		for _, l := range f.Lines {
			if i, dup := seen[l.LineID]; dup {
				p := &lines[i]
				if !p.Payable.Equal(l.Payable) || !p.Computed.Equal(l.Computed) || p.Status != l.Status {
					return nil, failure.Usage(msg.F("%s：明细编号 %s 在两个文件中金额或状态不同",
						"%s: line_id %s appears in two files with different amounts or status", path, l.LineID))
				}
				continue
			}
			seen[l.LineID] = len(lines)
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// writeDiffCSV writes one row per differing line (no BOM: it goes to stdout).
func writeDiffCSV(w io.Writer, d *ledger.Diff) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(diffColumns); err != nil {
		return err
	}
	for _, e := range d.Entries {
		l := e.Line()
		pa, pb := "", ""
		if e.A != nil {
			pa = value.FormatPlain(e.A.Payable)
		}
		if e.B != nil {
			pb = value.FormatPlain(e.B.Payable)
		}
		a, b := e.Payables()
		if err := cw.Write([]string{e.Change, output.Neutralise(l.LineID), output.Neutralise(l.Program), output.Neutralise(l.Funder),
			output.Neutralise(shownID(l.RecipientID)), pa, pb, value.FormatPlain(b.Sub(a))}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// diffChangeLabel is the readable name of a change kind.
func diffChangeLabel(change string) msg.Text {
	switch change {
	case ledger.DiffAdded:
		return msg.T("新增", "added")
	case ledger.DiffRemoved:
		return msg.T("删除", "removed")
	}
	return msg.T("变更", "changed")
}

// signed formats a difference with its sign and thousands separators.
func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + value.FormatGrouped(d)
	}
	return value.FormatGrouped(d)
}

// writeDiffText writes the comparison as readable text in lang.
func writeDiffText(w io.Writer, d *ledger.Diff, pathA, pathB, lang string) error {
	t := func(zh, en string) string { return msg.T(zh, en).In(lang) }
	var sb strings.Builder
	fmt.Fprintf(&sb, "A: %s (%d %s)\nB: %s (%d %s)\n", pathA, d.LinesA, t("笔", "lines"), pathB, d.LinesB, t("笔", "lines"))
	if d.Identical() {
		sb.WriteString(t("两份明细的应付金额、计算金额和状态完全一致。\n", "The ledgers agree on every line's payable, computed amount and status.\n"))
	} else {
		sb.WriteString(msg.F("差异：新增 %d 笔、删除 %d 笔、变更 %d 笔（按明细编号排序）\n",
			"Differences: %d added, %d removed, %d changed (by line_id)\n",
			d.Count(ledger.DiffAdded), d.Count(ledger.DiffRemoved), d.Count(ledger.DiffChanged)).In(lang))
		labelWidth := 4 // 新增, 删除, 变更
		if lang == "en" {
			labelWidth = len(ledger.DiffChanged)
		}
		for _, e := range d.Entries {
			l := e.Line()
			a, b := e.Payables()
			amt := func(x *ledger.Line, v decimal.Decimal) string {
				if x == nil {
					return "—"
				}
				return value.FormatGrouped(v)
			}
			recipient := shownID(l.RecipientID)
			if l.RecipientName != "" {
				recipient += " " + l.RecipientName
			}
			fmt.Fprintf(&sb, "  %s  %s\n", padWidth(diffChangeLabel(e.Change).In(lang), labelWidth), l.LineID)
			program := l.Program
			if lang != "en" && l.ProgramName != "" {
				program += " " + l.ProgramName
			}
			fmt.Fprintf(&sb, "        %s %s  %s %s  %s %s\n", t("项目", "program"), program,
				t("出资方", "funder"), l.Funder, t("受款主体", "recipient"), recipient)
			fmt.Fprintf(&sb, "        %s A %s → B %s (%s %s)\n", t("应付", "payable"), amt(e.A, a), amt(e.B, b), t("差额", "delta"), signed(b.Sub(a)))
			if e.A != nil && e.B != nil {
				if !e.A.Computed.Equal(e.B.Computed) {
					fmt.Fprintf(&sb, "        %s A %s → B %s\n", t("计算金额", "computed"), value.FormatGrouped(e.A.Computed), value.FormatGrouped(e.B.Computed))
				}
				if e.A.Status != e.B.Status {
					fmt.Fprintf(&sb, "        %s A %s → B %s\n", t("状态", "status"), e.A.Status, e.B.Status)
				}
			}
		}
	}
	writeTotals := func(title string, ts []ledger.DiffTotal) {
		sb.WriteString(title)
		width := 8
		for _, x := range ts {
			width = max(width, uniseg.StringWidth(x.Key))
		}
		fmt.Fprintf(&sb, "  %s  %16s  %16s  %s\n", padWidth("", width), "A", "B", padLeft(t("差额", "delta"), 16))
		for _, x := range ts {
			mark := ""
			if x.Differs {
				mark = "  *"
			}
			fmt.Fprintf(&sb, "  %s  %16s  %16s  %16s%s\n", padWidth(x.Key, width), value.FormatGrouped(x.A), value.FormatGrouped(x.B), signed(x.Delta), mark)
		}
	}
	writeTotals(t("按项目应付合计：\n", "Payable by program:\n"), d.ByProgram)
	writeTotals(t("按出资方应付合计：\n", "Payable by funder:\n"), d.ByFunder)
	fmt.Fprintf(&sb, "%s A %s  B %s  %s %s\n", t("应付总计：", "Total payable:"), value.FormatGrouped(d.TotalA), value.FormatGrouped(d.TotalB),
		t("差额", "delta"), signed(d.TotalB.Sub(d.TotalA)))
	_, err := io.WriteString(w, sb.String())
	return err
}

// padWidth pads s with spaces to n terminal columns (CJK characters count two).
func padWidth(s string, n int) string {
	if w := uniseg.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// padLeft right-aligns s in n terminal columns.
func padLeft(s string, n int) string {
	if w := uniseg.StringWidth(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}
