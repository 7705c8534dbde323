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
	n := func(name string) int {
		p, ok := v.Param(name, "")
		if !ok {
			return 0
		}
		return int(p.Number.IntPart())
	}
	cnt := func(o roster.OptInt, col string, miss *[]string) int {
		if !o.Set {
			*miss = append(*miss, col)
		}
		return o.N
	}
	var res Result
	judge := func(route string, hiV, hiA, loV, loG int, extra []Condition) bool {
		var miss []string
		valid := cnt(en.ValidInventionPatents, "valid_invention_patents", &miss)
		apps := cnt(en.OverseasInventionApplications, "overseas_invention_applications", &miss)
		grants := cnt(en.OverseasInventionGrants, "overseas_invention_grants", &miss)
		pat := Condition{Route: route, Name: "patents", Missing: miss,
			Met: len(miss) == 0 && ((valid >= hiV && apps >= hiA) || (valid >= loV && grants >= loG)),
			Text: msg.F("有效发明专利 %d 件、境外发明申请 %d 件、境外发明授权 %d 件（需 ≥%d 且境外申请 ≥%d，或 ≥%d 且境外授权 ≥%d）",
				"%d valid invention patents, %d overseas applications, %d overseas grants (needs ≥%d and ≥%d applications, or ≥%d and ≥%d grants)",
				valid, apps, grants, hiV, hiA, loV, loG)}
		var tmMiss []string
		tm := cnt(en.RegisteredTrademarks, "registered_trademarks", &tmMiss)
		tmc := Condition{Route: route, Name: "trademarks", Missing: tmMiss, Met: len(tmMiss) == 0 && tm >= n("min_trademarks"),
			Text: msg.F("注册商标 %d 件（需 ≥%d）", "%d registered trademarks (needs ≥%d)", tm, n("min_trademarks"))}
		conds := append([]Condition{pat, tmc}, extra...)
		ok := true
		for _, c := range conds {
			ok = ok && c.Met
			res.Missing = append(res.Missing, c.Missing...)
		}
		res.Conditions = append(res.Conditions, conds...)
		return ok
	}
	rd := Condition{Name: "rd_center", Met: en.ProvincialRDCenter,
		Text: msg.T("省级以上研发机构："+yn(en.ProvincialRDCenter, "zh"), "provincial-or-higher R&D centre: "+yn(en.ProvincialRDCenter, "en"))}
	var stMiss []string
	st := cnt(en.Standards, "standards", &stMiss)
	std := Condition{Route: "general", Name: "standards", Missing: stMiss, Met: len(stMiss) == 0 && st >= n("min_standards"),
		Text: msg.F("参与制定标准 %d 项（需 ≥%d）", "%d standards (needs ≥%d)", st, n("min_standards"))}
	rdG := rd
	rdG.Route = "general"
	general := judge("general", n("general_valid_inventions_high"), n("general_overseas_applications"),
		n("general_valid_inventions_low"), n("general_overseas_grants"), []Condition{std, rdG})
	res.Route = "general"
	met := general
	if en.TalentStartup && !general {
		years := n("talent_min_years")
		age := Condition{Route: "talent", Name: "founded", Text: msg.T("成立日期为空", "founding date blank")}
		if en.Founded.Set {
			cut := value.NewDate(asOf.Time().Year()-years, asOf.Time().Month(), asOf.Time().Day())
			age.Met = en.Founded.D <= cut
			age.Text = msg.F("成立于 %s（需在 %s 或之前，设立 %d 年以上）", "founded %s (needs %s or earlier, %d years)", en.Founded.D, cut, years)
		} else {
			age.Missing = []string{"founded"}
		}
		cert := Condition{Route: "talent", Name: "ip_certified", Met: en.IPCertified,
			Text: msg.T("知识产权管理体系认证："+yn(en.IPCertified, "zh"), "IP management certified: "+yn(en.IPCertified, "en"))}
		extra := []Condition{age, cert}
		if p, ok := v.Param("talent_route_requires_rd_center", ""); ok && p.Flag {
			rdT := rd
			rdT.Route = "talent"
			extra = append(extra, rdT)
		}
		if judge("talent", n("talent_valid_inventions_high"), n("talent_overseas_applications"),
			n("talent_valid_inventions_low"), n("talent_overseas_grants"), extra) {
			met, res.Route = true, "talent"
		} else {
			res.Route = "talent"
		}
	}
	switch {
	case met:
		res.Status = Eligible
	case len(res.Missing) > 0:
		res.Status = Incomplete
	case en.Relaxation != "":
		res.Status = Review
	default:
		res.Status = NotEligible
	}
	if met {
		res.Missing = nil
	}
	if en.Tier == "advantage" {
		res.Priority = append(res.Priority, "tier:advantage")
	}
	if en.NationalTitle != "" {
		res.Priority = append(res.Priority, "national:"+en.NationalTitle)
	}
	return res
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
