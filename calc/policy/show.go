package policy

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// ProgramIDs returns the ids of the policy's programs, sorted.
func (p *Policy) ProgramIDs() []string { return sortedKeys(p.Programs) }

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
	s := &shower{p: p, l: zhLabels, lang: lang, sep: "：", colon: "：", semi: "；"}
	if lang == "en" {
		s.l, s.sep, s.colon, s.semi = enLabels, ": ", ":", "; "
	}
	s.head()
	s.general()
	s.programs()
	return s.b.String()
}

// shower writes the text Show returns.
type shower struct {
	b                      strings.Builder
	p                      *Policy
	l                      labels
	lang, sep, colon, semi string
}

// w writes one line, indented.
func (s *shower) w(indent int, format string, args ...any) {
	s.b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(&s.b, format, args...)
	s.b.WriteByte('\n')
}

// head writes id, title, rounding, documents and districts.
func (s *shower) head() {
	p, l, sep := s.p, s.l, s.sep
	s.w(0, "%s%s%s", l.policy, sep, p.ID)
	s.w(0, "%s%s%s", l.title, sep, p.Title)
	s.w(0, "%s%s%s", l.rounding, sep, p.Rounding)
	s.w(0, "%s%s", l.documents, s.colon)
	for _, k := range sortedKeys(p.Documents) {
		d := p.Documents[k]
		s.w(1, "%s  %s《%s》 %s %s", k, d.Number, d.Title, l.issued, d.Issued)
	}
	s.w(0, "%s%s", l.districts, s.colon)
	for _, d := range p.Districts {
		if len(d.Aliases) > 0 {
			s.w(1, "%s %s (%s%s%s)", d.Code, d.Name, l.aliases, sep, strings.Join(d.Aliases, ", "))
		} else {
			s.w(1, "%s %s", d.Code, d.Name)
		}
	}
}

// general writes the general parameters.
func (s *shower) general() {
	s.w(0, "%s%s", s.l.general, s.colon)
	for _, k := range sortedKeys(s.p.General) {
		s.w(1, "%s", k)
		for _, v := range s.p.General[k].Values {
			s.w(2, "%s %s %s", v.From, s.l.to, showTo(v.To, s.l))
			s.param(3, v.Param)
		}
	}
}

// programs writes every program with its versions and parameters.
func (s *shower) programs() {
	l, sep, semi := s.l, s.sep, s.semi
	s.w(0, "%s%s", l.programs, s.colon)
	for _, id := range s.p.ProgramIDs() {
		prog := s.p.Programs[id]
		name := prog.Name
		if s.lang == "en" && prog.NameEn != "" {
			name = prog.NameEn
		}
		s.w(1, "%s  %s", id, name)
		ind := l.no
		switch {
		case prog.Individual:
			ind = l.yes
		case prog.Persons:
			ind = l.either
		}
		s.w(2, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s", l.clause, sep, prog.Clause, semi,
			l.funder, sep, lookup(l.funders, prog.Funder), semi, l.kind, sep, lookup(l.kinds, prog.Kind), semi,
			l.individual, sep, ind)
		for _, v := range prog.Versions {
			s.w(2, "%s %s%s%s %s %s", l.version, v.Version, sep, v.From, l.to, showTo(v.To, l))
			for _, n := range sortedKeys(v.Params) {
				s.param(3, v.Params[n])
			}
		}
	}
}

func showTo(d value.Date, l labels) string {
	if d == OpenEnd {
		return l.open
	}
	return d.String()
}

// lookup is the label of k in m, k itself when it has none.
func lookup[K ~string](m map[K]string, k K) string {
	if s, ok := m[k]; ok {
		return s
	}
	return string(k)
}

// param writes a parameter and its district overrides.
func (s *shower) param(indent int, par *Param) {
	s.w(indent, "%s = %s", par.Name, paramLine(par, s.l, s.sep, s.semi))
	codes := sortedKeys(par.Overrides)
	if len(codes) > 0 {
		s.w(indent+1, "%s%s", s.l.overrides, strings.TrimSpace(s.sep))
	}
	for _, code := range codes {
		o := par.Overrides[code]
		s.w(indent+2, "%s %s = %s", code, s.p.DistrictName(code), paramLine(o, s.l, s.sep, s.semi))
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
