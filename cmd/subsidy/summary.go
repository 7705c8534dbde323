package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/msg"
	"subsidy/calc/value"
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
		return "", usageErr("--lang must be zh or en, not %q", lang)
	}
	return lang, nil
}

// printSummary prints the counts and totals per program and funder and the
// reconciliation of spec §1.3 to stderr.
func printSummary(w io.Writer, in engine.Input, res *engine.Result, lang string) {
	rc := res.Recon
	fmt.Fprintf(w, "%s %s — %s %s\n", tr(lang, "批次", "batch"), in.Period, tr(lang, "政策", "policy"), in.Policy.ID)
	fmt.Fprintln(w, tr(lang, "按项目：", "by program:"))
	for _, t := range rc.ByProgram {
		fmt.Fprintf(w, "  %-34s %5d %s  %s %16s  %s %16s\n", t.Key, t.Lines, tr(lang, "笔", "lines"),
			tr(lang, "计算", "computed"), value.FormatGrouped(t.Computed), tr(lang, "应付", "payable"), value.FormatGrouped(t.Payable))
	}
	fmt.Fprintln(w, tr(lang, "按出资方：", "by funder:"))
	for _, t := range rc.ByFunder {
		name := t.Key
		if t.Key != "city" {
			name = t.Key + " " + in.Policy.DistrictName(t.Key)
		} else {
			name = tr(lang, "city 市级", "city")
		}
		fmt.Fprintf(w, "  %-20s %5d %s  %s %16s\n", name, t.Lines, tr(lang, "笔", "lines"), tr(lang, "应付", "payable"), value.FormatGrouped(t.Payable))
	}
	for _, f := range res.Floors {
		fmt.Fprintln(w, msg.F("%[1]s %[2]d 年已支持 %[3]d 家（含上期明细），政策目标每年不少于 %[4]d 家（%[5]s）",
			"%[1]s %[2]d: %[3]d recipients supported (prior ledgers included); the policy aims at no fewer than %[4]d a year (%[5]s)",
			f.Program, f.Year, f.Supported, f.Minimum, f.Clause).In(lang))
	}
	fmt.Fprintln(w, tr(lang, "核对（读入 = 明细 + 计数 + 已付 + 拒绝）：", "reconciliation (read = line + counted + prior + listed):"))
	for _, c := range rc.Rosters {
		if c.Read == 0 {
			continue
		}
		mark := "✓"
		if !c.Balanced() {
			mark = "✗"
		}
		extra := ""
		if c.Reference {
			extra = fmt.Sprintf(" + %s %d", tr(lang, "参考", "reference"), c.Other)
		}
		fmt.Fprintf(w, "  %s %-12s %s %d = %d + %d + %d + %d%s\n", mark, c.Kind, tr(lang, "读入", "read"), c.Read, c.Line, c.Counted, c.Prior, c.Listed, extra)
	}
	mark := "✓"
	if !rc.Claimed.Equal(rc.Paid.Add(rc.CappedOff)) {
		mark = "✗"
	}
	fmt.Fprintf(w, "  %s %s %s = %s %s + %s %s\n", mark, tr(lang, "计算合计", "claimed"), value.FormatGrouped(rc.Claimed),
		tr(lang, "应付", "paid"), value.FormatGrouped(rc.Paid), tr(lang, "限额扣减", "capped-off"), value.FormatGrouped(rc.CappedOff))
	var curs []string
	for c := range rc.Listed {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	for _, c := range curs {
		fmt.Fprintf(w, "  %s %s %s\n", tr(lang, "拒绝行金额", "listed amounts"), c, value.FormatGrouped(rc.Listed[c]))
	}
	fmt.Fprintf(w, "  %s %d, %s %d, %s %d\n", tr(lang, "明细", "lines"), res.LineCount, tr(lang, "拒绝", "rejections"), res.RejectionCount,
		tr(lang, "上期明细", "prior lines"), rc.PriorLines)
	if len(res.Late) > 0 {
		fmt.Fprintf(w, "  %s %d: %v\n", tr(lang, "迟到行（晚于已付的后续事项）", "late rows (arrived after later rows were paid)"), len(res.Late), res.Late)
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
