// Package eligibility judges 登峰 eligibility (81 三) of an enterprise as of
// a date, naming every condition met and failed with its numbers.
package eligibility

import (
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// Outcome of an evaluation.
const (
	Eligible    = "eligible"     // a route is met
	Review      = "review"       // not met, but a relaxation ground applies (81 三 可适当放宽)
	NotEligible = "not_eligible" // no route is met
	Incomplete  = "incomplete"   // a value a condition reads is blank
)

// Condition is one condition of a route.
type Condition struct {
	Route   string // general or talent
	Name    string // e.g. "valid_invention_patents>=50 and overseas_invention_applications>=5"
	Met     bool
	Missing []string // columns blank on the roster
	Text    msg.Text
}

// Result is the judgment for one enterprise.
type Result struct {
	Status     string
	Route      string // the route met (general preferred), or the route judged
	Conditions []Condition
	Priority   []string // advantage tier, national advantage or demonstration title
	Missing    []string
}

// Evaluate judges en as of asOf with the thresholds of the dengfeng.approval
// version v (81 三): the general route's three basic conditions, or, for a
// talent start-up, its own paragraph read as replacing them.
func Evaluate(en *roster.Enterprise, asOf value.Date, v *policy.Version) Result {
	ev := &evaluation{en: en, asOf: asOf, v: v}
	rd := Condition{Name: "rd_center", Met: en.ProvincialRDCenter,
		Text: msg.T("省级以上研发机构："+yn(en.ProvincialRDCenter, "zh"), "provincial-or-higher R&D centre: "+yn(en.ProvincialRDCenter, "en"))}
	met := ev.judge("general", ev.standards(), rd)
	ev.res.Route = "general"
	if en.TalentStartup && !met {
		met = ev.judge("talent", ev.talentConditions(rd)...)
		ev.res.Route = "talent"
	}
	ev.res.Status = ev.status(met)
	if met {
		ev.res.Missing = nil
	}
	if en.Tier == "advantage" {
		ev.res.Priority = append(ev.res.Priority, "tier:advantage")
	}
	if en.NationalTitle != "" {
		ev.res.Priority = append(ev.res.Priority, "national:"+en.NationalTitle)
	}
	return ev.res
}

// evaluation is one enterprise being judged as of a date with the
// thresholds of one version, and the result so far.
type evaluation struct {
	en   *roster.Enterprise
	asOf value.Date
	v    *policy.Version
	res  Result
}

// n is the whole-number threshold name of the version (0 when it has none).
func (ev *evaluation) n(name string) int {
	p, ok := ev.v.Param(name, "")
	if !ok {
		return 0
	}
	return int(p.Number.IntPart())
}

// count is the count o of the roster column col, which is added to miss
// when blank.
func count(o roster.OptInt, col string, miss *[]string) int {
	if !o.Set {
		*miss = append(*miss, col)
	}
	return o.N
}

// judge judges one route: its patent condition (route_valid_inventions_high
// valid invention patents and route_overseas_applications overseas
// applications, or route_valid_inventions_low and route_overseas_grants
// overseas grants), the trademarks, then the route's own conditions. The
// conditions and their blank columns are added to the result; judge
// reports whether all are met.
func (ev *evaluation) judge(route string, own ...Condition) bool {
	hiV, hiA := ev.n(route+"_valid_inventions_high"), ev.n(route+"_overseas_applications")
	loV, loG := ev.n(route+"_valid_inventions_low"), ev.n(route+"_overseas_grants")
	var miss []string
	valid := count(ev.en.ValidInventionPatents, "valid_invention_patents", &miss)
	apps := count(ev.en.OverseasInventionApplications, "overseas_invention_applications", &miss)
	grants := count(ev.en.OverseasInventionGrants, "overseas_invention_grants", &miss)
	pat := Condition{Name: "patents", Missing: miss,
		Met: len(miss) == 0 && ((valid >= hiV && apps >= hiA) || (valid >= loV && grants >= loG)),
		Text: msg.F("有效发明专利 %d 件、境外发明申请 %d 件、境外发明授权 %d 件（需 ≥%d 且境外申请 ≥%d，或 ≥%d 且境外授权 ≥%d）",
			"%d valid invention patents, %d overseas applications, %d overseas grants (needs ≥%d and ≥%d applications, or ≥%d and ≥%d grants)",
			valid, apps, grants, hiV, hiA, loV, loG)}
	var tmMiss []string
	tm := count(ev.en.RegisteredTrademarks, "registered_trademarks", &tmMiss)
	tmc := Condition{Name: "trademarks", Missing: tmMiss, Met: len(tmMiss) == 0 && tm >= ev.n("min_trademarks"),
		Text: msg.F("注册商标 %d 件（需 ≥%d）", "%d registered trademarks (needs ≥%d)", tm, ev.n("min_trademarks"))}
	conds := append([]Condition{pat, tmc}, own...)
	ok := true
	for i := range conds {
		conds[i].Route = route
		ok = ok && conds[i].Met
		ev.res.Missing = append(ev.res.Missing, conds[i].Missing...)
	}
	ev.res.Conditions = append(ev.res.Conditions, conds...)
	return ok
}

// standards is the general route's condition of taking part in at least
// min_standards standards.
func (ev *evaluation) standards() Condition {
	var miss []string
	st := count(ev.en.Standards, "standards", &miss)
	return Condition{Name: "standards", Missing: miss, Met: len(miss) == 0 && st >= ev.n("min_standards"),
		Text: msg.F("参与制定标准 %d 项（需 ≥%d）", "%d standards (needs ≥%d)", st, ev.n("min_standards"))}
}

// talentConditions are a talent start-up's own conditions: founded at
// least talent_min_years before asOf, an IP management certification,
// and the R&D centre rd when talent_route_requires_rd_center.
func (ev *evaluation) talentConditions(rd Condition) []Condition {
	years := ev.n("talent_min_years")
	age := Condition{Name: "founded", Text: msg.T("成立日期为空", "founding date blank")}
	if ev.en.Founded.Set {
		at := ev.asOf.Time()
		cut := value.NewDate(at.Year()-years, at.Month(), at.Day())
		age.Met = ev.en.Founded.D <= cut
		age.Text = msg.F("成立于 %s（需在 %s 或之前，设立 %d 年以上）", "founded %s (needs %s or earlier, %d years)", ev.en.Founded.D, cut, years)
	} else {
		age.Missing = []string{"founded"}
	}
	cert := Condition{Name: "ip_certified", Met: ev.en.IPCertified,
		Text: msg.T("知识产权管理体系认证："+yn(ev.en.IPCertified, "zh"), "IP management certified: "+yn(ev.en.IPCertified, "en"))}
	conds := []Condition{age, cert}
	if p, ok := ev.v.Param("talent_route_requires_rd_center", ""); ok && p.Flag {
		conds = append(conds, rd)
	}
	return conds
}

// status is the outcome: eligible when a route is met; otherwise
// incomplete when a value is blank, for review when a relaxation ground
// applies (81 三 可适当放宽), else not eligible.
func (ev *evaluation) status(met bool) string {
	switch {
	case met:
		return Eligible
	case len(ev.res.Missing) > 0:
		return Incomplete
	case ev.en.Relaxation != "":
		return Review
	}
	return NotEligible
}

func yn(b bool, lang string) string {
	if lang == "en" {
		return map[bool]string{true: "yes", false: "no"}[b]
	}
	return map[bool]string{true: "是", false: "否"}[b]
}

// Failed returns the texts of the failed conditions of the judged route.
func (r Result) Failed() []msg.Text {
	var out []msg.Text
	for _, c := range r.Conditions {
		if !c.Met && (c.Route == r.Route || c.Route == "") {
			out = append(out, c.Text)
		}
	}
	return out
}

// StatusText is the readable label of a status.
func StatusText(status string) msg.Text {
	switch status {
	case Eligible:
		return msg.T("符合", "eligible")
	case Review:
		return msg.T("待复核（可放宽）", "review (relaxation)")
	case NotEligible:
		return msg.T("不符合", "not eligible")
	case Incomplete:
		return msg.T("资料不全", "incomplete")
	}
	return msg.T(status, status)
}

// RouteText is the readable label of a route.
func RouteText(route string) msg.Text {
	switch route {
	case "general":
		return msg.T("一般条件", "general")
	case "talent":
		return msg.T("人才创业企业", "talent start-up")
	}
	return msg.T(route, route)
}
