package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/input"
)

func printWarnings(w io.Writer, warns []msg.Text, lang string) {
	for _, m := range warns {
		fmt.Fprintln(w, tr(lang, "警告：", "warning: ")+m.In(lang))
	}
}

func tr(lang, zh, en string) string { return msg.T(zh, en).In(lang) }

// langOf returns the command's --lang, zh or en; anything else is a usage
// error.
func langOf(c *cli.Context) (string, error) {
	lang := c.String("lang")
	if lang != "zh" && lang != "en" {
		return "", failure.Usage(msg.F("--lang 应为 zh 或 en，而不是 %q", "--lang must be zh or en, not %q", lang))
	}
	return lang, nil
}

// printSummary prints the summary of a batch to stderr (spec §1.3, §2):
// the files read and what each was taken as, the counts and totals per
// program (code and name) and per funder, the yearly floors, the
// reconciliation, as tables aligned by display width with grouped
// numbers; a section with nothing to show is left out.
func printSummary(w io.Writer, files []input.FolderFile, in engine.Input, res *engine.Result, lang string) {
	rc := res.Recon
	n := value.FormatCount
	fmt.Fprintf(w, "%s %s — %s %s\n", tr(lang, "批次", "batch"), in.Period, tr(lang, "政策", "policy"), in.Policy.ID)
	if len(files) > 0 {
		fmt.Fprintln(w, tr(lang, "读入的文件：", "files:"))
		t := textTable{right: []bool{false, false, false, true}}
		for _, f := range files {
			if f.Kind == "" {
				t.add(f.Name, "—", fileUseText(f.How).In(lang))
				continue
			}
			t.add(f.Name, f.Kind.Label(lang), fileUseText(f.How).In(lang), n(in.Rows.Read(f.Kind))+tr(lang, " 行", " rows"))
		}
		t.write(w, "  ")
	}
	printTotals(w, in.Policy, rc, lang)
	for _, f := range res.Floors {
		fmt.Fprintln(w, msg.F("%[1]s %[2]d 年已支持 %[3]s 家（含上期明细），政策目标每年不少于 %[4]d 家（%[5]s）",
			"%[1]s %[2]d: %[3]s recipients supported (prior ledgers included); the policy aims at no fewer than %[4]d a year (%[5]s)",
			f.Program, f.Year, n(f.Supported), f.Minimum, f.Clause).In(lang))
	}
	printReconciliation(w, res, lang)
}

// printTotals prints the summary's counts and totals per program (code
// and name) and per funder, when there are lines.
func printTotals(w io.Writer, pol *policy.Policy, rc engine.Reconciliation, lang string) {
	n := value.FormatCount
	if len(rc.ByProgram) > 0 {
		fmt.Fprintln(w, tr(lang, "按项目：", "by program:"))
		t := textTable{right: []bool{false, true, true, true, true}}
		head := []string{tr(lang, "项目", "program"), tr(lang, "笔数", "lines"), tr(lang, "计算金额", "computed"), tr(lang, "应付金额", "payable")}
		if !rc.Held.IsZero() {
			head = append(head, tr(lang, "暂缓支付", "held"))
		}
		t.add(head...)
		for _, x := range rc.ByProgram {
			name := x.Key
			if p, ok := pol.Programs[x.Key]; ok {
				name += " " + msg.T(p.Name, p.NameEn).In(lang)
			}
			row := []string{name, n(x.Lines), value.FormatGrouped(x.Computed), value.FormatGrouped(x.Payable)}
			if !rc.Held.IsZero() {
				row = append(row, value.FormatGrouped(x.Held))
			}
			t.add(row...)
		}
		t.write(w, "  ")
		fmt.Fprintln(w, tr(lang, "按出资方：", "by funder:"))
		t = textTable{right: []bool{false, true, true}}
		t.add(tr(lang, "出资方", "funder"), tr(lang, "笔数", "lines"), tr(lang, "应付金额", "payable"))
		for _, x := range rc.ByFunder {
			name := tr(lang, "city 市级", "city")
			if x.Key != "city" {
				name = x.Key + " " + pol.DistrictName(x.Key)
			}
			t.add(name, n(x.Lines), value.FormatGrouped(x.Payable))
		}
		t.write(w, "  ")
	}
}

// printReconciliation prints the summary's reconciliation: each roster's
// rows, the amounts, the counts, late rows and what does not balance.
func printReconciliation(w io.Writer, res *engine.Result, lang string) {
	rc, n := res.Recon, value.FormatCount
	fmt.Fprintln(w, tr(lang, "核对（读入 = 明细 + 计数 + 已付 + 拒绝）：", "reconciliation (read = line + counted + prior + listed):"))
	t := textTable{right: []bool{false, false, false, true, false, true, false, true, false, true, false, true}, sep: " "}
	for _, c := range rc.Rosters {
		if c.Read == 0 {
			continue
		}
		mark := "✓"
		if !c.Balanced() {
			mark = "✗"
		}
		row := []string{mark, string(c.Kind), tr(lang, "读入", "read"), n(c.Read), "=", n(c.Line), "+", n(c.Counted), "+", n(c.Prior), "+", n(c.Listed)}
		if c.Reference {
			row = append(row, "+ "+tr(lang, "参考", "reference")+" "+n(c.Other))
		}
		t.add(row...)
	}
	t.write(w, "  ")
	mark := "✓"
	if !rc.Claimed.Equal(rc.Paid.Add(rc.CappedOff).Add(rc.Held)) {
		mark = "✗"
	}
	held := ""
	if !rc.Held.IsZero() {
		held = " + " + tr(lang, "暂缓支付", "held") + " " + value.FormatGrouped(rc.Held)
	}
	fmt.Fprintf(w, "  %s %s %s = %s %s + %s %s%s\n", mark, tr(lang, "计算合计", "claimed"), value.FormatGrouped(rc.Claimed),
		tr(lang, "应付", "paid"), value.FormatGrouped(rc.Paid), tr(lang, "限额扣减", "capped-off"), value.FormatGrouped(rc.CappedOff), held)
	var curs []string
	for c := range rc.Listed {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	for _, c := range curs {
		fmt.Fprintf(w, "  %s %s %s\n", tr(lang, "拒绝行金额", "listed amounts"), c, value.FormatGrouped(rc.Listed[c]))
	}
	fmt.Fprintf(w, "  %s %s, %s %s, %s %s\n", tr(lang, "明细", "lines"), n(res.LineCount), tr(lang, "拒绝", "rejections"), n(res.RejectionCount),
		tr(lang, "上期明细", "prior lines"), n(rc.PriorLines))
	if len(res.Late) > 0 {
		fmt.Fprintf(w, "  %s %s: %s\n", tr(lang, "迟到行（晚于已付的后续事项）", "late rows (arrived after later rows were paid)"), n(len(res.Late)), strings.Join(res.Late, ", "))
	}
	for _, p := range rc.Problems {
		fmt.Fprintln(w, "  ✗ "+p.In(lang))
	}
	if rc.Balanced() {
		fmt.Fprintln(w, tr(lang, "核对平衡。", "reconciliation balances."))
	} else {
		fmt.Fprintln(w, tr(lang, "核对不平衡！", "reconciliation does NOT balance!"))
	}
}

// fileUseText says how a file of --in was taken, or why it was not read.
func fileUseText(how string) msg.Text {
	switch how {
	case input.ByName:
		return msg.T("按文件名", "by its name")
	case input.ByHeader:
		return msg.T("按表头", "by its header")
	case input.ByFlag:
		return msg.T("按参数指定", "named by its flag")
	case input.Skipped:
		return msg.T("按 --skip 跳过，未读取", "left out with --skip")
	case input.RunOutput:
		return msg.T("是运行写出的明细或拒绝清单，不是名册，未读取", "a ledger or rejections file a run wrote, not a roster; not read")
	default:
		return msg.T("不是 CSV 或 XLSX 文件，未读取", "not a CSV or XLSX file; not read")
	}
}
