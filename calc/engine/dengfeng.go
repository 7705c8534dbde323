package engine

import (
	"fmt"

	"github.com/shopspring/decimal"

	"subsidy/calc/eligibility"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// dengfengProject is what the batch knows of one 登峰 project.
type dengfengProject struct {
	approvalDate value.Date
	approved     bool
	terminated   bool
}

func dengfengKey(uscc, project string) string { return "dengfeng/" + uscc + "/" + project }

// project returns the project's state from prior ledgers and this batch.
func (e *engine) project(uscc, project string) *dengfengProject {
	if e.projects == nil {
		e.projects = map[string]*dengfengProject{}
	}
	k := dengfengKey(uscc, project)
	if p, ok := e.projects[k]; ok {
		return p
	}
	p := &dengfengProject{}
	if l, ok := e.in.Prior.Line(ledger.LineID("dengfeng.approval", project, "approval", uscc)); ok {
		p.approved, p.approvalDate = true, l.EventDate
	}
	if _, ok := e.in.Prior.Line(ledger.LineID(ledger.ProgramDengfengAcceptance, project, "terminated", uscc)); ok {
		p.terminated = true
	}
	e.projects[k] = p
	return p
}

// dengfeng processes a 登峰 row (81 六(一), 136 三(三)12; spec §4.2).
func (e *engine) dengfeng(a *roster.Award) {
	k := roster.Awards
	if a.Stage == "" {
		e.reject(k, a.Src, "stage", "", "missing_value", msg.T("登峰项目须填写阶段（stage：approval、acceptance、terminated）", "a 登峰 row needs its stage (approval, acceptance, terminated)"))
		return
	}
	if a.ProjectID == "" {
		e.reject(k, a.Src, "project_id", "", "missing_value", msg.T("登峰项目须填写项目编号（project_id）", "a 登峰 row needs its project_id"))
		return
	}
	program := "dengfeng.approval"
	if a.Stage != "approval" {
		program = ledger.ProgramDengfengAcceptance
	}
	p := e.pol.Programs[program]
	if p == nil {
		e.reject(k, a.Src, "program", a.Program, "no_policy", msg.F("政策中没有 %s", "the policy has no %s", program))
		return
	}
	r, ok := e.resolveAwardRecipient(a, p)
	if !ok {
		return
	}
	if r.subject.EntityType != "enterprise" {
		e.reject(k, a.Src, "recipient_id", r.id, "not_payable", onlyEnterprises(r.subject, p.Clause))
		return
	}
	switch a.Stage {
	case "approval":
		e.dengfengApproval(a, p, r)
	default:
		e.dengfengAcceptance(a, p, r)
	}
}

// dengfengApproval pays 300,000 on approval (立项后给予30万元) to an
// enterprise that passes 81 三 as of the decision date, at most count_limit
// approvals a year.
func (e *engine) dengfengApproval(a *roster.Award, p *policy.Program, r awardRecipient) {
	k := roster.Awards
	_, v, ok := e.version(k, a.Src, "decision_date", p.ID, a.DecisionDate)
	if !ok {
		return
	}
	res := eligibility.Evaluate(r.subject.Enterprise, a.DecisionDate, v)
	var flags []string
	switch res.Status {
	case eligibility.Incomplete:
		e.reject(k, a.Src, "recipient_id", r.id, "missing_value", msg.F(
			"企业名册第 %d 行缺少登峰申报条件所需的数据：%v", "enterprise roster row %d lacks values the 登峰 conditions read: %v", r.subject.Src.Row, res.Missing))
		return
	case eligibility.NotEligible:
		route := eligibility.RouteText(res.Route)
		head := msg.Text{Zh: fmt.Sprintf("截至 %s 不符合登峰申报条件（81 三，%s路径）：", a.DecisionDate, route.Zh),
			En: fmt.Sprintf("does not meet the 登峰 conditions as of %s (81 三, %s route): ", a.DecisionDate, route.En)}
		failed := msg.Join(res.Failed(), "；", "; ")
		e.reject(k, a.Src, "recipient_id", r.id, "ineligible", msg.Text{Zh: head.Zh + failed.Zh, En: head.En + failed.En})
		return
	case eligibility.Review:
		flags = []string{"review:relaxation"}
	}
	id := ledger.LineID(p.ID, a.ProjectID, "approval", r.id)
	amount, ap := num(v, "amount", "")
	if e.checkPrior(k, a.Src, id, amount, "amount") {
		return
	}
	year := a.DecisionDate.Year()
	if limit, ok := v.Param("count_limit", ""); ok {
		if used, ok := e.takeCount(p.ID, "city", year, limit, ""); !ok {
			e.reject(k, a.Src, "program", a.Program, "count_limit", msg.F(
				"登峰项目 %d 年已立项 %d 个，达到每年不超过 %s 个的限制（%s）", "登峰 already has %[2]d approvals in %[1]d, the yearly limit of %[3]s (%[4]s)",
				year, used, limit.Number.String(), clauseOf(limit)))
			return
		}
	}
	l := e.newLine(p, v, id, a.DecisionDate, a.Src, k, joinKey("dengfeng", a.ProjectID, "approval", r.id))
	l.Funder, l.RecipientID, l.RecipientName, l.District = "city", r.id, r.name, r.district
	l.BasisCNY, l.Rate, l.Computed = amount, decimal.NewFromInt(1), amount
	l.Flags = flags
	route, status := eligibility.RouteText(res.Route), eligibility.StatusText(res.Status)
	l.Note = msg.Text{Zh: fmt.Sprintf("立项经费 %s（%s）；登峰条件：%s路径，%s", value.FormatGrouped(amount), clauseOf(ap), route.Zh, status.Zh),
		En: fmt.Sprintf("approval funding %s (%s); 登峰 conditions: %s route, %s", value.FormatGrouped(amount), clauseOf(ap), route.En, status.En)}
	pj := e.project(r.id, a.ProjectID)
	pj.approved, pj.approvalDate = true, a.DecisionDate
	cap := e.projectCap(a.DecisionDate)
	e.emit(l, k, a.Src, dengfengKey(r.id, a.ProjectID), &cap, msg.T("项目合计上限", "project total cap"))
}

// projectCap is the 登峰 project total in force on the governing date.
func (e *engine) projectCap(d value.Date) decimal.Decimal {
	if _, v, ok := e.versionQuiet(ledger.ProgramDengfengAcceptance, d); ok {
		c, _ := num(v, "project_cap", "")
		return c
	}
	return decimal.Zero
}

// dengfengAcceptance pays the committee amount after a passed acceptance
// (验收合格), at most the ceiling (700,000), governed by the approval's
// version; government money for the project may not exceed half of the
// enterprise's IP investment (企业知识产权投入不少于政府财政投入的200%); the
// project total is at most project_cap. A terminated row is a zero line that
// later batches honour.
func (e *engine) dengfengAcceptance(a *roster.Award, p *policy.Program, r awardRecipient) {
	k := roster.Awards
	pj := e.project(r.id, a.ProjectID)
	if pj.terminated {
		e.reject(k, a.Src, "stage", a.Stage, "ineligible", msg.T("该登峰项目已中止，不再支付", "the 登峰 project was terminated; nothing more is paid"))
		return
	}
	governing := a.DecisionDate
	if pj.approved {
		governing = pj.approvalDate
	}
	_, v, ok := e.version(k, a.Src, "decision_date", p.ID, governing)
	if !ok {
		return
	}
	if a.Stage == "terminated" {
		e.dengfengTermination(a, p, r, v, pj)
		return
	}
	if column, val, code, why, refused := acceptanceRefusal(a); refused {
		e.reject(k, a.Src, column, val, code, why)
		return
	}
	e.dengfengAward(a, p, r, v, pj, governing)
}

// dengfengTermination records a terminated project (项目中止): a zero line,
// after which the project is paid nothing more.
func (e *engine) dengfengTermination(a *roster.Award, p *policy.Program, r awardRecipient, v *policy.Version, pj *dengfengProject) {
	k := roster.Awards
	id := ledger.LineID(p.ID, a.ProjectID, "terminated", r.id)
	if e.checkPrior(k, a.Src, id, decimal.Zero, "stage") {
		return
	}
	l := e.newLine(p, v, id, a.DecisionDate, a.Src, k, joinKey("dengfeng", a.ProjectID, "terminated", r.id))
	l.Funder, l.RecipientID, l.RecipientName, l.District = "city", r.id, r.name, r.district
	l.Rate = decimal.NewFromInt(1)
	l.Note = msg.T("项目中止", "project terminated (项目中止)")
	pj.terminated = true
	e.emit(l, k, a.Src, "", nil, msg.Text{})
}

// acceptanceRefusal is the rejection of an acceptance row that cannot be
// paid: no result, a failed acceptance (81 六(一)), or no committee amount
// or IP investment.
func acceptanceRefusal(a *roster.Award) (column, val, code string, why msg.Text, refused bool) {
	switch {
	case a.Result == "":
		return "result", "", "missing_value", msg.T("验收行须填写验收结果（result：pass 合格 / fail 不合格）", "an acceptance row needs its result (pass / fail)"), true
	case a.Result == "fail":
		return "result", a.Result, "ineligible", msg.T("验收不合格，不予奖励（81 六(一)）", "acceptance failed; no award (81 六(一))"), true
	case !a.Amount.Set:
		return "amount", "", "missing_value", msg.T("验收行须填写核定金额（amount）", "an acceptance row needs the committee amount (amount)"), true
	case !a.IPInvestment.Set:
		return "ip_investment", "", "missing_value", msg.T("验收行须填写企业知识产权投入（ip_investment），用于 200% 配套核算", "an acceptance row needs ip_investment for the 200% co-investment rule"), true
	}
	return "", "", "", msg.Text{}, false
}

// acceptanceTiming is the flag and note of when the acceptance was
// decided: without an approval on record, FlagNoApproval; after the
// implementation period, a late acceptance for review.
func acceptanceTiming(a *roster.Award, pj *dengfengProject, v *policy.Version) ([]string, msg.Text) {
	if !pj.approved {
		return []string{ledger.FlagNoApproval}, msg.Text{}
	}
	// 81 二 项目实施期为两年: late when decided after the period's last
	// day, the corresponding day of the approval date (value.AddYears)
	years, yp := num(v, "implementation_years", "")
	end := pj.approvalDate.AddYears(int(years.IntPart()))
	if a.DecisionDate <= end {
		return nil, msg.Text{}
	}
	return []string{"review:late_acceptance"}, msg.F("验收决定日 %s 晚于立项（%s）起 %s 年实施期的最后一日 %s（%s），照常计算，请复核",
		"accepted on %[1]s, after the last day %[4]s of the %[3]s-year implementation period from approval on %[2]s (%[5]s); computed as usual, for review",
		a.DecisionDate, pj.approvalDate, years.String(), end, clauseOf(yp))
}

// dengfengAward pays a passed acceptance: the committee amount, cut by each
// limit in turn (acceptanceLimits), after what the project was granted
// before; a project without an approval on record is taken to have been
// paid the approval amount of the governing version.
func (e *engine) dengfengAward(a *roster.Award, p *policy.Program, r awardRecipient, v *policy.Version, pj *dengfengProject, governing value.Date) {
	k := roster.Awards
	flags, late := acceptanceTiming(a, pj, v)
	id := ledger.LineID(p.ID, a.ProjectID, "acceptance", r.id)
	if e.checkPrior(k, a.Src, id, a.Amount.A, "amount") {
		return
	}
	if f, done := e.possibleDuplicate(k, a.Src, p.ID, r.id, a.DecisionDate, a.Amount.A, "amount"); done {
		return
	} else if f != "" {
		flags = append(flags, f)
	}
	projectCap, _ := num(v, "project_cap", "")
	capKey := dengfengKey(r.id, a.ProjectID)
	before := e.capUsed(capKey)
	assumed := ""
	if !pj.approved {
		approvalAmount := decimal.NewFromInt(300000)
		if _, av, ok := e.versionQuiet("dengfeng.approval", governing); ok {
			approvalAmount, _ = num(av, "amount", "")
		}
		before = before.Add(approvalAmount)
		assumed = value.FormatGrouped(approvalAmount)
	}
	l := e.newLine(p, v, id, a.DecisionDate, a.Src, k, joinKey("dengfeng", a.ProjectID, "acceptance", r.id))
	l.Funder, l.RecipientID, l.RecipientName, l.District = "city", r.id, r.name, r.district
	l.BasisCNY, l.Rate, l.Computed = a.Amount.A, decimal.NewFromInt(1), a.Amount.A
	notes := []msg.Text{msg.F("验收核定 %s", "committee amount %s", value.FormatGrouped(a.Amount.A))}
	pay := a.Amount.A
	for _, lim := range acceptanceLimits(a, v, before) {
		if pay.GreaterThan(lim.room) {
			pay = lim.room
			if lim.flag != "" {
				flags = append(flags, lim.flag)
			}
			notes = append(notes, lim.note)
		}
	}
	if assumed != "" {
		notes = append(notes, msg.F("无立项记录，按立项已拨 %s 计算", "no approval on record; computed as if %s had been paid at approval", assumed))
	}
	if late.Zh != "" {
		notes = append(notes, late)
	}
	l.Flags = flags
	l.CapKey, l.CapLimit, l.HasCap, l.CapUsedBefore = capKey, projectCap, true, before
	l.Payable, l.Status = pay, ledger.StatusOf(l.Computed, pay)
	l.Note = msg.Join(notes, "；", "; ")
	e.record(l, k, a.Src)
}

// acceptanceLimit is one limit of an acceptance payment: the most it may
// be, the flag of a line it cuts (if any), and the note saying so.
type acceptanceLimit struct {
	room decimal.Decimal
	flag string
	note msg.Text
}

// acceptanceLimits are the limits of an acceptance payment, in the order
// they apply, when the project was granted before: the ceiling; the
// government's share of the enterprise's IP investment less what it
// granted (200% 配套); the project cap less what it granted.
func acceptanceLimits(a *roster.Award, v *policy.Version, before decimal.Decimal) []acceptanceLimit {
	ceiling, cp := num(v, "ceiling", "")
	multiple, mp := num(v, "co_investment_multiple", "")
	projectCap, _ := num(v, "project_cap", "")
	coLimit := halfDown(a.IPInvestment.A, multiple)
	room := decimal.Max(decimal.Zero, coLimit.Sub(before))
	projRoom := decimal.Max(decimal.Zero, projectCap.Sub(before))
	return []acceptanceLimit{
		{ceiling, "exception:ceiling", msg.F("超过上限，按 %s 支付（%s）", "above the ceiling, paid at %s (%s)", value.FormatGrouped(ceiling), clauseOf(cp))},
		{room, "", msg.F("企业投入 %s ÷ %s = 财政投入上限 %s − 已拨 %s → %s（%s 200%% 配套）",
			"IP investment %s ÷ %s = government limit %s − %s already granted → %s (%s 200%% co-investment)",
			value.FormatGrouped(a.IPInvestment.A), multiple.String(), value.FormatGrouped(coLimit), value.FormatGrouped(before), value.FormatGrouped(room), clauseOf(mp))},
		{projRoom, "", msg.F("项目合计上限 %s − 已拨 %s → %s", "project cap %s − %s already granted → %s",
			value.FormatGrouped(projectCap), value.FormatGrouped(before), value.FormatGrouped(projRoom))},
	}
}
