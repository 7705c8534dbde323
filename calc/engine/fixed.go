package engine

import (
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// fixedLine starts a line paying a fixed policy amount: basis_cny is the
// amount, the rate 1, computed the amount.
func (e *engine) fixedLine(p *policy.Program, v *policy.Version, id string, d value.Date, src roster.Source, kind roster.Kind, key string, s *subject) ledger.Line {
	amount, ap := num(v, "amount", s.districtCode)
	l := e.newLine(p, v, id, d, src, kind, key)
	l.Funder = funderOf(p, s.districtCode)
	l.RecipientID, l.RecipientName, l.District = s.USCC, s.Name, s.districtCode
	l.BasisCNY, l.Rate, l.Computed = amount, decimal.NewFromInt(1), amount
	who := msg.T("市级定额", "city amount")
	if p.Funder == "district" {
		name := e.pol.DistrictName(s.districtCode)
		who = msg.F("%s（%s）定额", "amount of %s (%s)", name, s.districtCode)
		if ap.District != "" {
			who = msg.F("%s（%s）覆盖定额", "override amount of %s (%s)", name, s.districtCode)
		}
	}
	l.Note = msg.Text{
		Zh: who.Zh + " " + value.FormatGrouped(amount) + "（" + clauseOf(ap) + exampleMark(ap, "zh") + "）",
		En: strings.ToUpper(who.En[:1]) + who.En[1:] + " " + value.FormatGrouped(amount) + " (" + clauseOf(ap) + exampleMark(ap, "en") + ")"}
	return l
}

// exampleMark notes that a value is the default policy's example value.
func exampleMark(p *policy.Param, lang string) string {
	if !p.Example {
		return ""
	}
	if lang == "en" {
		return ", example value"
	}
	return "，示例值"
}

// tierGrowth is 136 三(三)11: a district amount (≤200,000) once, when the
// enterprise enters the growth tier (tier_date).
func (e *engine) tierGrowth(en *roster.Enterprise) {
	e.tierLine(en, "tier.growth", "tier_date", en.TierDate, "")
}

// tierNational is 136 三(三)12 (the words: the catalog's entries of
// tier.national_advantage and tier.national_demonstration in calc/policy):
// ≤500,000 for a national IP advantage enterprise, ≤1,000,000 for a
// demonstration enterprise. The default reading (a 解释, spec §4.3a 3) is
// one shared cap of 1,000,000 per entity (tier.national/<uscc>): an
// enterprise already paid as advantage receives the difference
// (demonstration's upgrade: top_up), or nothing more (upgrade: none). With
// upgrade: separate each title pays its own award, as 分别给予 alone reads:
// the demonstration line stays outside the shared cap.
func (e *engine) tierNational(en *roster.Enterprise) {
	e.tierLine(en, nationalProgram(en.NationalTitle), "title_date", en.TitleDate, "tier.national/"+en.USCC)
}

// nationalProgram is the program of a national title of the enterprise
// roster (national_title), "" for a title the roster does not admit.
func nationalProgram(title string) string {
	switch title {
	case "advantage":
		return "tier.national_advantage"
	case "demonstration":
		return "tier.national_demonstration"
	}
	return ""
}

func (e *engine) tierLine(en *roster.Enterprise, program, dateCol string, d roster.OptDate, capKey string) {
	k := roster.Enterprises
	if !d.Set {
		e.reject(k, en.Src, dateCol, "", "missing_value", msg.F("%s 需要日期列 %s", "%s needs the date column %s", program, dateCol))
		return
	}
	if e.futureDated(k, en.Src, dateCol, d.D) {
		return
	}
	s := e.ents[en.USCC]
	p, v, ok := e.version(k, en.Src, dateCol, program, d.D)
	if !ok {
		return
	}
	if s.EntityType != "enterprise" {
		e.reject(k, en.Src, "entity_type", s.EntityType, "not_payable", onlyEnterprises(s, p.Clause))
		return
	}
	id := ledger.LineID(program, en.USCC)
	amount, _ := num(v, "amount", s.districtCode)
	if e.checkPrior(k, en.Src, id, amount, dateCol) {
		return
	}
	l := e.fixedLine(p, v, id, d.D, en.Src, k, joinKey(program, en.USCC), s)
	if capKey == "" {
		e.emit(l, k, en.Src, "", nil, msg.Text{})
		return
	}
	if o, ok := v.Param("upgrade", ""); ok {
		switch {
		case o.Option == policy.UpgradeNone && e.capUsed(capKey).IsPositive():
			e.reject(k, en.Src, "national_title", en.NationalTitle, "not_payable", msg.T(
				"已按国家知识产权优势企业奖励，政策选项 upgrade: none 不再补差额", "already paid as a national advantage enterprise; policy option upgrade: none pays no difference"))
			return
		case o.Option == policy.UpgradeSeparate:
			l.Note = msg.Join([]msg.Text{l.Note, msg.T("与优势企业奖励分别给予，不计入合计上限（upgrade: separate）",
				"paid on its own, outside the shared cap with the advantage award (upgrade: separate)")}, "；", "; ")
			e.emit(l, k, en.Src, "", nil, msg.Text{})
			return
		}
	}
	limit, _ := num(v, "national_cap", "")
	e.emit(l, k, en.Src, capKey, &limit, msg.T("国家级称号合计限额", "national title cap per entity"))
}
