package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/fx"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// ratioEvent is a payment row paid as a ratio of its CNY basis under a cap:
// licensing, litigation, insurance and pledge fees (spec §4.1). The row
// gives its recipient (a USCC), event date, amount and natural key.
type ratioEvent struct {
	row       roster.Event
	program   string
	dateCol   string
	amountCol string
	// eligible says whether the recipient may receive (who may receive,
	// spec §4.1), with the reason when not.
	eligible func(s *subject) (ok bool, column, value string, why msg.Text)
	rateName string
	capKey   func(s *subject) string
	capName  string
	capLabel msg.Text
	flags    []string
}

// convert turns a source amount into basis_cny (spec §1.2 first rounding
// point) or lists the row fx_missing.
func (e *engine) convert(kind roster.Kind, src roster.Source, amount decimal.Decimal, currency string, d value.Date) (decimal.Decimal, msg.Text, bool) {
	if currency == "CNY" {
		return amount, msg.F("%s 元", "CNY %s", value.FormatGrouped(amount)), true
	}
	maxAge := 0
	if p, ok := e.pol.GeneralAt("fx_max_age_days", d); ok {
		maxAge = int(p.Number.IntPart())
	}
	r, ok := e.fx.Lookup(currency, d, maxAge)
	if !ok {
		why := msg.Text{
			Zh: fmt.Sprintf("汇率表中没有 %s 在 %s 当日或之前 %d 天内公布的汇率", currency, d, maxAge),
			En: fmt.Sprintf("the fx roster has no %s rate published on %s or up to %d days before", currency, d, maxAge)}
		if old, found := e.fx.Latest(currency, d); found {
			why.Zh += fmt.Sprintf("（最近一次为 %s）", old.Rate.Date)
			why.En += fmt.Sprintf(" (the latest is of %s)", old.Rate.Date)
		}
		e.reject(kind, src, "currency", currency, "fx_missing", why)
		return decimal.Zero, msg.Text{}, false
	}
	cny, note := fx.Convert(amount, currency, r, e.mode, e.opt.NoteLang)
	return cny, note, true
}

// ratioProgram computes one ratio line.
func (e *engine) ratioProgram(r ratioEvent) {
	kind, src, date := r.row.Roster(), r.row.Source(), r.row.Date()
	if e.futureDated(kind, src, r.dateCol, date) {
		return
	}
	s, ok := e.recipient(kind, src, "uscc", r.row.Recipient())
	if !ok {
		return
	}
	p, v, ok := e.version(kind, src, r.dateCol, r.program, date)
	if !ok {
		return
	}
	if ok, col, val, why := r.eligible(s); !ok {
		e.reject(kind, src, col, val, "not_payable", why)
		return
	}
	amount, currency, _ := r.row.Claim()
	basis, conv, ok := e.convert(kind, src, amount, currency, date)
	if !ok {
		return
	}
	key := r.row.Key().Values
	id := ledger.LineID(r.program, key...)
	if e.checkPrior(kind, src, id, basis, r.amountCol) {
		return
	}
	flags := r.flags
	if f, done := e.possibleDuplicate(kind, src, r.program, s.USCC, date, basis, r.amountCol); done {
		return
	} else if f != "" {
		flags = append(slices.Clone(flags), f)
	}
	rate, rp := num(v, r.rateName, s.districtCode)
	limit, _ := num(v, r.capName, s.districtCode)
	l := e.newLine(p, v, id, date, src, kind, joinKey(key...))
	l.Funder = funderOf(p, s.districtCode)
	l.RecipientID, l.RecipientName, l.District = s.USCC, s.Name, s.districtCode
	l.BasisCNY, l.Rate = basis, rate
	l.Computed = applyRate(basis, rate, e.mode)
	l.Flags = flags
	l.Note = msg.Join([]msg.Text{conv, msg.FIn(e.opt.NoteLang, "× %s（%s）= %s", "× %s (%s) = %s",
		value.FormatPercent(rate), clauseOf(rp), value.FormatGrouped(l.Computed))}, " ", " ")
	e.emit(l, kind, src, r.capKey(s), &limit, r.capLabel)
}

// clauseOf cites a parameter's reference, "136 三(五)20".
func clauseOf(p *policy.Param) string {
	return strings.TrimSpace(p.Reference.Document + " " + p.Reference.Clause)
}

// Licensing implements roster.Handler: 136 三(二)7, district ratio ×
// actual payment in CNY, at most cap_per_year per recipient per calendar
// year of paid_date. Enterprises are supported as licensee or assignee
// (受让、受许可); universities, institutes, platforms and agencies in any
// role (开展知识产权运营).
func (e *engine) Licensing(l *roster.LicensingPayment) {
	e.ratioProgram(ratioEvent{row: l, program: "licensing_support", dateCol: "paid_date", amountCol: "amount",
		eligible: func(s *subject) (bool, string, string, msg.Text) {
			if s.EntityType == "enterprise" && l.Role != "licensee" && l.Role != "assignee" {
				return false, "role", l.Role, msg.F("企业仅在受让、受许可时获支持（136 三(二)7），本行角色为 %s", "an enterprise is supported only as licensee or assignee (136 三(二)7); this row's role is %s", l.Role)
			}
			return true, "", "", msg.Text{}
		},
		rateName: "ratio", capName: "cap_per_year",
		capKey:   func(s *subject) string { return "licensing_support/" + s.USCC + "/" + strconv.Itoa(l.PaidDate.Year()) },
		capLabel: msg.T("每家每年限额", "yearly cap per recipient")})
}

// Litigation implements roster.Handler: 136 三(五)20, up to 50% of legal
// fees actually paid for overseas enforcement, at most 1,000,000 per case
// across all batches.
func (e *engine) Litigation(l *roster.LitigationFee) {
	e.ratioProgram(ratioEvent{row: l, program: "overseas_litigation", dateCol: "paid_date", amountCol: "amount",
		eligible: func(s *subject) (bool, string, string, msg.Text) {
			if s.EntityType != "enterprise" {
				return false, "uscc", s.USCC, onlyEnterprises(s, "136 三(五)20")
			}
			_, v, ok := e.versionQuiet("overseas_litigation", l.PaidDate)
			if ok {
				if m, ok := v.Param("mainland", ""); ok && m.HasCode(l.Jurisdiction) {
					return false, "jurisdiction", l.Jurisdiction, msg.F("案件在 %s 审理，不属于海外（境外）维权（136 三(五)20）", "the case is heard in %s, which is not overseas (136 三(五)20)", l.Jurisdiction)
				}
			}
			return true, "", "", msg.Text{}
		},
		rateName: "rate", capName: "case_cap",
		capKey:   func(s *subject) string { return "overseas_litigation/" + s.USCC + "/" + l.CaseID },
		capLabel: msg.T("每案限额", "case cap")})
}

// Insurance implements roster.Handler: 136 三(五)20, a district ratio of
// the IP insurance premium actually paid, at most max_per_entity_year.
func (e *engine) Insurance(p *roster.Premium) {
	e.ratioProgram(ratioEvent{row: p, program: "insurance_premium", dateCol: "paid_date", amountCol: "premium",
		eligible: func(s *subject) (bool, string, string, msg.Text) {
			if s.EntityType != "enterprise" {
				return false, "uscc", s.USCC, onlyEnterprises(s, "136 三(五)20")
			}
			return true, "", "", msg.Text{}
		},
		rateName: "ratio", capName: "max_per_entity_year",
		capKey:   func(s *subject) string { return "insurance/" + s.USCC + "/" + strconv.Itoa(p.PaidDate.Year()) },
		capLabel: msg.T("每家每年限额", "yearly cap per entity")})
}

// Financing implements roster.Handler: 136 三(六)25, a ratio of the
// evaluation and guarantee fees of an IP pledge loan (对评估、担保费给予补贴);
// other fees are not payable.
func (e *engine) Financing(f *roster.PledgeFee) {
	e.ratioProgram(ratioEvent{row: f, program: "finance.pledge_fees", dateCol: "paid_date", amountCol: "amount",
		eligible: func(s *subject) (bool, string, string, msg.Text) {
			if s.EntityType != "enterprise" {
				return false, "uscc", s.USCC, onlyEnterprises(s, "136 三(六)25")
			}
			_, v, ok := e.versionQuiet("finance.pledge_fees", f.PaidDate)
			if ok {
				if t, ok := v.Param("fee_types", ""); ok && !t.HasCode(f.FeeType) {
					return false, "fee_type", f.FeeType, msg.F("费用类型 %s 不在补贴范围内（136 三(六)25 仅补贴评估费、担保费）", "fee type %s is not subsidised (136 三(六)25 covers evaluation and guarantee fees)", f.FeeType)
				}
			}
			return true, "", "", msg.Text{}
		},
		rateName: "ratio", capName: "max_per_entity_year",
		capKey:   func(s *subject) string { return "pledge/" + s.USCC + "/" + strconv.Itoa(f.PaidDate.Year()) },
		capLabel: msg.T("每家每年限额", "yearly cap per entity")})
}

// onlyEnterprises is the reason a non-enterprise is not payable.
func onlyEnterprises(s *subject, clause string) msg.Text {
	return msg.F("该项目仅支持企业（%s），受款主体类型为 %s", "the program supports enterprises only (%s); the recipient is of type %s", clause, s.EntityType)
}
