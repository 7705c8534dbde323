package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
)

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:        "explain",
		Usage:       cmdUsage("explain"),
		ArgsUsage:   "RECIPIENT_ID|LINE_ID",
		Description: cmdDescription("explain"),
		Flags:       batchFlags(),
		Action: func(c *cli.Context) error {
			who := strings.TrimSpace(c.Args().First())
			if who == "" {
				return failure.Usage(msg.T("explain 需要一个受款主体代码（统一社会信用代码或身份证号）或明细编号，例如 subsidy explain --period 2022-06 --in DIR 91320583MA1AAAAA0W", "explain needs a recipient id (USCC or ID number) or a line_id, e.g. subsidy explain --period 2022-06 --in DIR 91320583MA1AAAAA0W"))
			}
			rows := map[string]bool{} // "file:row" of every row kept naming the recipient
			watch := func(src roster.Source, id string) {
				if strings.EqualFold(id, strings.ToUpper(who)) {
					rows[fmt.Sprintf("%s:%d", src.File, src.Row)] = true
				}
			}
			o, err := readBatchOptions(c)
			if err != nil {
				return err
			}
			o.Watch = watch
			ld, res, err := batch.Compute(o, batch.Streaming{})
			if err != nil {
				return err
			}
			n := explain(c.App.Writer, ld.In, res, rows, strings.ToUpper(who), who, o.Lang)
			if n == 0 {
				return failure.Usage(msg.T("没有与 "+shownID(who)+" 相关的明细或拒绝行", "no line or rejected row concerns "+shownID(who)))
			}
			return nil
		},
	}
}

// shownID masks an individual's ID number (shown in full only in the ledger).
func shownID(s string) string {
	if ids.IsIDNumberShape(strings.ToUpper(s)) {
		return ids.MaskID(strings.ToUpper(s))
	}
	return s
}

// shownKey masks the ID numbers within a cap key, e.g. talent.settlement/<ID>.
func shownKey(key string) string {
	parts := strings.Split(key, "/")
	for i := range parts {
		parts[i] = shownID(parts[i])
	}
	return strings.Join(parts, "/")
}

// explain prints the derivation of every matching line and the rejections
// of the recipient's rows (rows: "file:row" of the rows naming who); it
// returns how many items it printed.
func explain(w io.Writer, in engine.Input, res *engine.Result, rows map[string]bool, who, lineID, lang string) int {
	n := 0
	for i := range res.Lines {
		l := &res.Lines[i]
		if l.LineID != lineID && l.RecipientID != who {
			continue
		}
		n++
		explainLine(w, in, res, l, lang)
	}
	in.Prior.Each(func(l *ledger.Line) {
		if l.LineID != lineID && l.RecipientID != who {
			return
		}
		n++
		fmt.Fprintf(w, "%s %s — %s\n", tr(lang, "明细", "line"), l.LineID,
			msg.F("已在 %s 批次支付（上期明细），本批不再支付", "already paid in batch %s (a prior ledger); not paid again", l.Period).In(lang))
		fmt.Fprintf(w, "  %s: %s, %s %s, %s: %s\n", tr(lang, "项目", "program"), l.Program, tr(lang, "事件日期", "event date"), l.EventDate,
			tr(lang, "受款主体", "recipient"), shownID(l.RecipientID))
		fmt.Fprintf(w, "  basis_cny %s, computed %s, %s %s\n\n", value.FormatGrouped(l.BasisCNY), value.FormatGrouped(l.Computed),
			tr(lang, "已付", "paid"), value.FormatGrouped(l.Payable))
	})
	for _, r := range res.Rejections {
		if !rows[fmt.Sprintf("%s:%d", r.File, r.Row)] && r.Value != who {
			continue
		}
		n++
		fmt.Fprintf(w, "%s %s:%d %s=%q → %s (%s): %s\n\n", tr(lang, "拒绝", "rejected"), r.File, r.Row, r.Column, shownID(r.Value), r.Code, r.Class, r.Message.In(lang))
	}
	var counted []string
	for src, id := range res.Counted {
		if rows[src] || id == lineID {
			counted = append(counted, src+" → "+id)
		}
	}
	sort.Strings(counted)
	for _, c := range counted {
		n++
		fmt.Fprintf(w, "%s %s\n", tr(lang, "计数（计入门槛明细）", "counted toward"), c)
	}
	return n
}

func explainLine(w io.Writer, in engine.Input, res *engine.Result, l *ledger.Line, lang string) {
	pol := in.Policy
	p := pol.Programs[l.Program]
	fmt.Fprintf(w, "%s %s\n", tr(lang, "明细", "line"), l.LineID)
	name := l.ProgramName
	if lang == "en" && p != nil {
		name = p.NameEn
	}
	fmt.Fprintf(w, "  %s: %s %s (%s), %s %s\n", tr(lang, "项目", "program"), l.Program, name, l.Clause, tr(lang, "政策版本", "policy version"), l.PolicyVersion)
	district := l.District
	if district != "" {
		district = pol.DistrictName(district) + " " + district
	}
	fmt.Fprintf(w, "  %s: %s %s (%s), %s: %s\n", tr(lang, "受款主体", "recipient"), shownID(l.RecipientID), l.RecipientName, district, tr(lang, "出资方", "funder"), l.Funder)
	fmt.Fprintf(w, "  %s: %s, %s %s\n", tr(lang, "来源", "source"), l.Source, tr(lang, "事件日期", "event date"), l.EventDate)
	if p != nil {
		_, ver := engine.SplitPolicyVersion(l.PolicyVersion)
		for _, v := range p.Versions {
			if v.Version != ver {
				continue
			}
			fmt.Fprintf(w, "  %s %s (%s – %s):\n", tr(lang, "参数", "parameters"), v.Version, v.From, v.To)
			names := make([]string, 0, len(v.Params))
			for n := range v.Params {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				prm, _ := v.Param(n, l.District)
				fmt.Fprintf(w, "    %s = %s %s — %s\n", n, prm.FormatValue(), prm.Unit, paramRef(pol, prm, lang))
			}
		}
	}
	fmt.Fprintf(w, "  %s: %s\n", tr(lang, "计算", "formula"), l.Note.In(lang))
	fmt.Fprintf(w, "  basis_cny %s × rate %s = computed %s\n", value.FormatGrouped(l.BasisCNY), l.Rate.String(), value.FormatGrouped(l.Computed))
	if l.HasCap {
		key := shownKey(l.CapKey)
		if key == "" {
			key = tr(lang, "（按决定行）", "(per decision row)")
		}
		prior := in.Prior.CapUsed(l.CapKey)
		fmt.Fprintf(w, "  %s: %s, %s %s; %s %s (%s %s, %s %s)\n", tr(lang, "限额", "cap"), key,
			tr(lang, "上限", "limit"), value.FormatGrouped(l.CapLimit),
			tr(lang, "此前已用", "used before"), value.FormatGrouped(l.CapUsedBefore),
			tr(lang, "上期明细", "prior ledgers"), value.FormatGrouped(prior),
			tr(lang, "本批此前", "earlier in this batch"), value.FormatGrouped(l.CapUsedBefore.Sub(prior)))
	}
	flags := l.FlagString()
	if flags == "" {
		flags = "—"
	}
	fmt.Fprintf(w, "  %s: %s (%s), %s: %s\n\n", tr(lang, "应付", "payable"), value.FormatGrouped(l.Payable), l.Status, tr(lang, "标记", "flags"), flags)
}

func paramRef(pol *policy.Policy, p *policy.Param, lang string) string {
	doc := p.Reference.Document
	if d, ok := pol.Documents[doc]; ok {
		doc = d.Number
	}
	s := doc + " " + p.Reference.Clause
	if p.Reference.Note != "" {
		s += "（" + p.Reference.Note + "）"
	}
	if p.Example {
		s += tr(lang, " [示例值]", " [example]")
	}
	if p.District != "" {
		s += tr(lang, " [区县覆盖 ", " [district override ") + p.District + "]"
	}
	return s
}
