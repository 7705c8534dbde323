package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// ProgramIDs returns the ids of the policy's programs, sorted.
func (p *Policy) ProgramIDs() []string {
	ids := make([]string, 0, len(p.Programs))
	for id := range p.Programs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// FormatValue renders the parameter's value for people: CNY amounts with
// thousands separators and two fraction digits, ratios with their
// percentage, codes comma-separated.
func (p *Param) FormatValue() string {
	switch p.Unit {
	case UnitCodes:
		return strings.Join(p.Codes, ", ")
	case UnitOption:
		return p.Option
	case UnitFlag:
		if p.Flag {
			return "true"
		}
		return "false"
	case UnitRatio:
		return formatNumber(p.Number, p.Unit) + " (" + p.Number.Shift(2).String() + "%)"
	}
	return formatNumber(p.Number, p.Unit)
}

// formatNumber renders a number of the given unit: CNY with thousands
// separators and two fraction digits, ratios with at least two fraction
// digits, other units as they are.
func formatNumber(d decimal.Decimal, unit string) string {
	switch unit {
	case UnitCNY:
		return value.FormatGrouped(d)
	case UnitRatio:
		places := int32(2)
		if e := -d.Exponent(); e > places {
			places = e
		}
		return d.StringFixed(places)
	}
	return d.String()
}

// labels are the words Show prints, per language.
type labels struct {
	policy, title, rounding, documents, issued, districts, aliases, general,
	programs, clause, funder, kind, individual, version, to, open, example,
	reference, yes, no, either, overrides string
	units   map[string]string
	funders map[string]string
	kinds   map[Kind]string
}

var zhLabels = labels{
	policy: "政策", title: "标题", rounding: "舍入方式", documents: "政策文件", issued: "印发",
	districts: "地区", aliases: "别名", general: "通用参数", programs: "资助项目",
	clause: "条款", funder: "出资方", kind: "类型", individual: "发给个人", version: "版本",
	to: "至", open: "长期", example: "[示例值]", reference: "依据", yes: "是", no: "否", either: "个人或单位",
	overrides: "地区覆盖值",
	units: map[string]string{UnitCNY: "元", UnitRatio: "比例", UnitCount: "个", UnitDays: "天",
		UnitCodes: "代码", UnitOption: "选项", UnitFlag: "开关"},
	funders: map[string]string{FunderCity: "市级", FunderDistrict: "所在市（县）、区"},
	kinds: map[Kind]string{KindComputed: "按名册计算", KindDengfeng: "登峰项目",
		KindAward: "评审奖励（有上限）", KindDiscretionary: "一事一议（无上限）"},
}

var enLabels = labels{
	policy: "Policy", title: "Title", rounding: "Rounding", documents: "Documents", issued: "issued",
	districts: "Districts", aliases: "aliases", general: "General parameters", programs: "Programs",
	clause: "clause", funder: "funder", kind: "kind", individual: "paid to a person", version: "version",
	to: "to", open: "open-ended", example: "[example]", reference: "reference", yes: "yes", no: "no", either: "a person or an entity",
	overrides: "district overrides",
	units: map[string]string{UnitCNY: "CNY", UnitRatio: "ratio", UnitCount: "count", UnitDays: "days",
		UnitCodes: "codes", UnitOption: "option", UnitFlag: "flag"},
	funders: map[string]string{FunderCity: "city", FunderDistrict: "recipient's district"},
	kinds: map[Kind]string{KindComputed: "computed from rosters", KindDengfeng: "Dengfeng project",
		KindAward: "committee award with a ceiling", KindDiscretionary: "discretionary, no ceiling"},
}

// Show renders the effective policy as text for people: id, title,
// rounding, documents, districts, general parameters, then every program
// with its clause, funder, kind and versions, and every parameter with its
// value, unit, reference and district overrides. Example values are marked
// [示例值] (lang "zh", the default) or [example] (lang "en").
func Show(p *Policy, lang string) string {
	l := zhLabels
	if lang == "en" {
		l = enLabels
	}
	var b strings.Builder
	w := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	sep, colon, semi := "：", "：", "；"
	if lang == "en" {
		sep, colon, semi = ": ", ":", "; "
	}
	w(0, "%s%s%s", l.policy, sep, p.ID)
	w(0, "%s%s%s", l.title, sep, p.Title)
	w(0, "%s%s%s", l.rounding, sep, p.Rounding)
	w(0, "%s%s", l.documents, colon)
	docKeys := make([]string, 0, len(p.Documents))
	for k := range p.Documents {
		docKeys = append(docKeys, k)
	}
	sort.Strings(docKeys)
	for _, k := range docKeys {
		d := p.Documents[k]
		w(1, "%s  %s《%s》 %s %s", k, d.Number, d.Title, l.issued, d.Issued)
	}
	w(0, "%s%s", l.districts, colon)
	for _, d := range p.Districts {
		if len(d.Aliases) > 0 {
			w(1, "%s %s (%s%s%s)", d.Code, d.Name, l.aliases, sep, strings.Join(d.Aliases, ", "))
		} else {
			w(1, "%s %s", d.Code, d.Name)
		}
	}
	w(0, "%s%s", l.general, colon)
	genKeys := make([]string, 0, len(p.General))
	for k := range p.General {
		genKeys = append(genKeys, k)
	}
	sort.Strings(genKeys)
	for _, k := range genKeys {
		w(1, "%s", k)
		for _, v := range p.General[k].Values {
			w(2, "%s %s %s", v.From, l.to, showTo(v.To, l))
			showParam(w, 3, v.Param, p, l, sep, semi)
		}
	}
	w(0, "%s%s", l.programs, colon)
	for _, id := range p.ProgramIDs() {
		prog := p.Programs[id]
		name := prog.Name
		if lang == "en" && prog.NameEn != "" {
			name = prog.NameEn
		}
		w(1, "%s  %s", id, name)
		ind := l.no
		switch {
		case prog.Individual:
			ind = l.yes
		case prog.Persons:
			ind = l.either
		}
		w(2, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s", l.clause, sep, prog.Clause, semi,
			l.funder, sep, lookup(l.funders, prog.Funder), semi, l.kind, sep, lookupKind(l.kinds, prog.Kind), semi,
			l.individual, sep, ind)
		for _, v := range prog.Versions {
			w(2, "%s %s%s%s %s %s", l.version, v.Version, sep, v.From, l.to, showTo(v.To, l))
			names := make([]string, 0, len(v.Params))
			for n := range v.Params {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				showParam(w, 3, v.Params[n], p, l, sep, semi)
			}
		}
	}
	return b.String()
}

func showTo(d value.Date, l labels) string {
	if d == OpenEnd {
		return l.open
	}
	return d.String()
}

func lookup(m map[string]string, k string) string {
	if s, ok := m[k]; ok {
		return s
	}
	return k
}

func lookupKind(m map[Kind]string, k Kind) string {
	if s, ok := m[k]; ok {
		return s
	}
	return string(k)
}

func showParam(w func(int, string, ...any), indent int, par *Param, p *Policy, l labels, sep, semi string) {
	w(indent, "%s = %s", par.Name, paramLine(par, l, sep, semi))
	codes := sortedOverrideKeys(par.Overrides)
	if len(codes) > 0 {
		w(indent+1, "%s%s", l.overrides, strings.TrimSpace(sep))
	}
	for _, code := range codes {
		o := par.Overrides[code]
		w(indent+2, "%s %s = %s", code, p.DistrictName(code), paramLine(o, l, sep, semi))
	}
}

func paramLine(par *Param, l labels, sep, semi string) string {
	var b strings.Builder
	b.WriteString(par.FormatValue())
	b.WriteString(" ")
	b.WriteString(lookup(l.units, par.Unit))
	if par.Example {
		b.WriteString(" ")
		b.WriteString(l.example)
	}
	b.WriteString(semi)
	b.WriteString(l.reference)
	b.WriteString(sep)
	b.WriteString(par.Reference.Document)
	b.WriteString(" ")
	b.WriteString(par.Reference.Clause)
	if par.Reference.Note != "" {
		b.WriteString(" — ")
		b.WriteString(par.Reference.Note)
	}
	return b.String()
}
