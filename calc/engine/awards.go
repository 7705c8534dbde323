package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// awardRecipient is who a committee decision pays: an enterprise of the
// roster, or a person (ID number) for the individual programs and for a
// program paying persons too (protection.report_reward).
type awardRecipient struct {
	id, name, district string
	subject            *subject
	person             bool
}

// resolveAwardRecipient validates recipient_id for the program: an ID
// number for individual programs (district from the awards row, optional),
// else a USCC on the enterprise roster; a program paying persons too
// (policy.Program.Persons, 136 三(五)21 激励社会公众) takes either.
func (e *engine) resolveAwardRecipient(a *roster.Award, p *policy.Program) (awardRecipient, bool) {
	k := roster.Awards
	if p.Individual || (p.Persons && e.namesPerson(a.RecipientID)) {
		id := ids.NormalizeID(a.RecipientID)
		if err := ids.CheckIDNumber(id); err != nil {
			reason := reasonOf(err)
			m := msg.Text{Zh: "个人项目 " + p.ID + " 的受奖主体代码应为居民身份证号：" + reason.Zh,
				En: "individual program " + p.ID + " needs an ID number in recipient_id: " + reason.En}
			if !p.Individual {
				m = msg.Text{Zh: p.ID + " 的受奖主体为个人时，受奖主体代码应为居民身份证号：" + reason.Zh,
					En: p.ID + " paid to a person needs a valid ID number in recipient_id: " + reason.En}
			}
			e.reject(k, a.Src, "recipient_id", ids.MaskID(id), "invalid_id", m)
			return awardRecipient{}, false
		}
		r := awardRecipient{id: id, name: a.RecipientName, person: true}
		if a.District != "" {
			d, ok := e.pol.District(a.District)
			if !ok {
				e.reject(k, a.Src, "district", a.District, "unknown_district", msg.F(
					"所属地区“%s”不是政策所列的区县", "district %q is not one the policy knows", a.District))
				return awardRecipient{}, false
			}
			r.district = d.Code
		}
		return r, true
	}
	u := ids.NormalizeUSCC(a.RecipientID)
	if err := ids.CheckUSCC(u); err != nil {
		reason := reasonOf(err)
		shown := a.RecipientID
		if ids.IsIDNumberShape(u) {
			shown = ids.MaskID(u)
		}
		m := msg.Text{Zh: p.ID + " 的受奖主体代码应为统一社会信用代码：" + reason.Zh,
			En: p.ID + " needs a USCC in recipient_id: " + reason.En}
		if p.Persons {
			m = msg.Text{Zh: p.ID + " 的受奖主体代码应为统一社会信用代码或居民身份证号：" + reason.Zh,
				En: p.ID + " needs a USCC or an ID number in recipient_id: " + reason.En}
		}
		e.reject(k, a.Src, "recipient_id", shown, "invalid_uscc", m)
		return awardRecipient{}, false
	}
	s, ok := e.recipient(k, a.Src, "recipient_id", u)
	if !ok {
		return awardRecipient{}, false
	}
	return awardRecipient{id: u, name: s.Name, district: s.districtCode, subject: s}, true
}

// namesPerson reports whether the recipient_id of a program paying persons
// and entities alike names a person: it has the shape of an ID number (17
// digits and a digit or X) and is not the valid USCC of an enterprise on
// the roster (a USCC can have that shape too).
func (e *engine) namesPerson(raw string) bool {
	if !ids.IsIDNumberShape(raw) {
		return false
	}
	u := ids.NormalizeUSCC(raw)
	_, onRoster := e.ents[u]
	return !onRoster || ids.CheckUSCC(u) != nil
}

// Award implements roster.Handler: one committee decision (spec §4.2,
// §4.3): a 登峰 one (dengfeng), else one of a program of kind award or
// discretionary — the entries award(…) and discretionary(…) of
// calc/policy's catalog and those a policy file adds — paid from the
// committee's amount under the program's ceiling, count_limit, cap_scope
// and count_scope.
func (e *engine) Award(a *roster.Award) {
	k := roster.Awards
	if e.futureDated(k, a.Src, "decision_date", a.DecisionDate) {
		return
	}
	if a.Program == "dengfeng" {
		e.dengfeng(a)
		return
	}
	p, ok := e.awardProgram(a)
	if !ok {
		return
	}
	r, ok := e.resolveAwardRecipient(a, p)
	if !ok {
		return
	}
	if !a.Amount.Set {
		e.reject(k, a.Src, "amount", "", "missing_value", msg.F("%s 需要核定金额（amount）", "%s needs the committee amount (amount)", p.ID))
		return
	}
	if p.Kind == policy.KindDiscretionary && a.DecisionRef == "" {
		e.reject(k, a.Src, "decision_ref", "", "missing_value", msg.F(
			"%s 为一事一议项目，须填写决定文号（decision_ref）", "%s is discretionary and needs the decision reference (decision_ref)", p.ID))
		return
	}
	_, v, ok := e.version(k, a.Src, "decision_date", p.ID, a.DecisionDate)
	if !ok {
		return
	}
	if why, ok := awardEligible(p.ID, r); !ok {
		e.reject(k, a.Src, "recipient_id", r.id, "not_payable", why)
		return
	}
	id := ledger.LineID(p.ID, a.ProjectID, a.Stage, r.id)
	if e.checkPrior(k, a.Src, id, a.Amount.A, "amount") {
		return
	}
	dupFlag, done := e.possibleDuplicate(k, a.Src, p.ID, r.id, a.DecisionDate, a.Amount.A, "amount")
	if done {
		return
	}
	funder := funderOf(p, r.district)
	year := a.DecisionDate.Year()
	if !e.awardCounted(a, p, v, r, funder, year) {
		return
	}
	l := e.newLine(p, v, id, a.DecisionDate, a.Src, k, joinKey(p.ID, a.ProjectID, a.Stage, maskedKey(r)))
	l.Funder, l.RecipientID, l.RecipientName, l.District = funder, r.id, r.name, r.district
	l.BasisCNY, l.Rate, l.Computed = a.Amount.A, decimal.NewFromInt(1), a.Amount.A
	l.Note = msg.F("委员会核定金额 %s（%s）", "committee amount %s (%s)", value.FormatGrouped(a.Amount.A), a.DecisionRef)
	if dupFlag != "" {
		l.Flags = append(l.Flags, dupFlag)
	}
	if p.Kind == policy.KindDiscretionary {
		l.Flags = append(l.Flags, "review:discretionary")
		e.emit(l, k, a.Src, "", nil, msg.Text{})
		return
	}
	ceiling, cp := num(v, "ceiling", "")
	if a.Amount.A.GreaterThan(ceiling) {
		l.Flags = append(l.Flags, "exception:ceiling")
	}
	capKey, label := awardCap(p.ID, v, r.id, a.ProjectID, year, clauseOf(cp))
	e.emit(l, k, a.Src, capKey, &ceiling, label)
}

// awardProgram is the program of an awards row, of kind award or
// discretionary; any other is rejected unknown_program with the valid ids.
func (e *engine) awardProgram(a *roster.Award) (*policy.Program, bool) {
	p, ok := e.pol.Programs[a.Program]
	if ok && (p.Kind == policy.KindAward || p.Kind == policy.KindDiscretionary) {
		return p, true
	}
	var valid []string
	for id, q := range e.pol.Programs {
		if q.Kind == policy.KindAward || q.Kind == policy.KindDiscretionary {
			valid = append(valid, id)
		}
	}
	sort.Strings(valid)
	valid = append(valid, "dengfeng")
	e.reject(roster.Awards, a.Src, "program", a.Program, "unknown_program", msg.F(
		"项目代码“%s”不是奖励名单可用的项目；可用代码：%s", "program %q is not a program of the awards roster; valid ids: %s",
		a.Program, strings.Join(valid, ", ")))
	return nil, false
}

// awardCounted takes a place of the program's yearly count_limit for the
// decision (its funder and year; a recipient's own place where
// count_scope is recipient), or rejects it count_limit when none is left.
func (e *engine) awardCounted(a *roster.Award, p *policy.Program, v *policy.Version, r awardRecipient, funder string, year int) bool {
	limit, ok := v.Param("count_limit", "")
	if !ok {
		return true
	}
	scope, who := policy.CountScopeRow, ""
	if sc, ok := v.Param("count_scope", ""); ok && sc.Option == policy.CountScopeRecipient {
		scope, who = sc.Option, r.id
	}
	used, ok := e.takeCount(p.ID, funder, year, limit, who)
	if !ok {
		e.reject(roster.Awards, a.Src, "program", p.ID, "count_limit", countLimitText(p.ID, year, used, limit.Number.String(), clauseOf(limit), scope))
	}
	return ok
}

// awardCap is the cap key and label of a committee award's ceiling by the
// version's cap_scope (spec §4.3): each decision (no key), per recipient
// and year, per recipient and project, or per recipient over all time.
func awardCap(program string, v *policy.Version, recipient, project string, year int, clause string) (string, msg.Text) {
	sc, _ := v.Param("cap_scope", "")
	scope := policy.CapScopeRow
	if sc != nil {
		scope = sc.Option
	}
	switch scope {
	case policy.CapScopeRecipientYear:
		return ledger.RecipientYearKey(program, recipient, year), msg.F("每家每年上限（%s）", "yearly ceiling per recipient (%s)", clause)
	case policy.CapScopeRecipientProject:
		return fmt.Sprintf("%s/%s/%s", program, recipient, project), msg.F("每项目上限（%s）", "ceiling per project (%s)", clause)
	case policy.CapScopeRecipientLifetime:
		return fmt.Sprintf("%s/%s", program, recipient), msg.F("每人累计上限（%s）", "lifetime ceiling per person (%s)", clause)
	}
	return "", msg.F("每项上限（%s）", "ceiling per decision (%s)", clause)
}

// maskedKey shows a person's ID masked in the source column.
func maskedKey(r awardRecipient) string {
	if r.person {
		return ids.MaskID(r.id)
	}
	return r.id
}

// awardEligible applies who may receive (spec §4.1): award.patent_prize is
// for enterprises (对获国家、省专利奖的企业), award.agency_prize for agencies
// (专利代理机构).
func awardEligible(program string, r awardRecipient) (msg.Text, bool) {
	if r.subject == nil {
		return msg.Text{}, true
	}
	switch {
	case program == "award.patent_prize" && r.subject.EntityType != "enterprise":
		return onlyEnterprises(r.subject, "136 三(一)3"), false
	case program == "award.agency_prize" && r.subject.EntityType != "agency":
		return msg.F("该奖励面向专利代理机构（136 三(一)3），受款主体类型为 %s", "the award is for patent agencies (136 三(一)3); the recipient is of type %s", r.subject.EntityType), false
	}
	return msg.Text{}, true
}

// countLimitText is the reason of a count_limit rejection; scope is the
// program's count_scope: lines (项) or distinct recipients (家).
func countLimitText(program string, year, used int, limit, clause, scope string) msg.Text {
	if scope == policy.CountScopeRecipient {
		return msg.F("%s %d 年已支持 %d 家，达到每年不超过 %s 家的限制（%s），本行受奖主体当年尚未获支持",
			"%[1]s already supports %[3]d recipients in %[2]d, the yearly limit of %[4]s recipients (%[5]s); this row's recipient holds none of them",
			program, year, used, limit, clause)
	}
	return msg.F("%s %d 年已有 %d 项，达到每年不超过 %s 项的限制（%s）",
		"%[1]s already has %[3]d lines in %[2]d, the yearly limit of %[4]s (%[5]s)",
		program, year, used, limit, clause)
}
