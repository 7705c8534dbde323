package engine

import (
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
)

// dengfengEnterprises are the enterprise roster of the 登峰 tests: the
// conditions of 81 三 by roster row (spec §4.2).
const dengfengEnterprises = `
	uscc,name,district,entity_type,founded,tier,talent_startup,valid_invention_patents,overseas_invention_applications,overseas_invention_grants,registered_trademarks,standards,provincial_rd_center,ip_certified,relaxation
	91320571MA1DF0001N,苏州园区登峰一号科技有限公司,苏州工业园区,enterprise,2010-04-01,advantage,否,60,6,0,3,2,是,是,
	91320571MA1DF0002R,苏州园区登峰二号科技有限公司,苏州工业园区,enterprise,2012-05-01,none,否,25,1,2,1,1,是,否,
	91320571MA1DF0003W,苏州园区人才三号科技有限公司,苏州工业园区,enterprise,2019-06-01,none,是,22,5,0,1,0,否,是,
	91320571MA1DF00040,苏州园区小巨人四号科技有限公司,苏州工业园区,enterprise,2015-01-01,none,否,15,3,0,2,1,是,否,little_giant
	91320571MA1DF00053,苏州园区五号科技有限公司,苏州工业园区,enterprise,2011-01-01,none,否,30,1,1,1,1,是,否,
	91320571MA1DF00066,苏州园区六号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF00079,苏州园区七号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF0008C,苏州园区八号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF0009F,苏州园区九号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF0010L,苏州园区十号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF0011P,苏州园区十一号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF0012T,苏州园区十二号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,
	91320571MA1DF0013X,苏州园区十三号科技有限公司,苏州工业园区,enterprise,2008-01-01,none,否,55,5,0,1,1,是,否,`

// TestDengfengApproval: dengfeng.approval pays 300,000.00 on approval (81
// 六(一) "立项后给予30万元经费支持"), city-funded, at most 10 projects a year
// (每年实施不超过10个项目), to an enterprise meeting 81 三: the general route
// (valid invention patents ≥ 50 with ≥ 5 overseas applications, or ≥ 20
// with ≥ 2 overseas grants; a trademark, a standard, a provincial R&D
// centre) or the talent route (a talent start-up founded ≥ 3 years,
// certified, 20 and 5 or 10 and 1), or a relaxation ground (专精特新小巨人,
// flagged review:relaxation). 81 is in force from 2021-09-15. Fixture
// dengfeng-approval.
func TestDengfengApproval(t *testing.T) {
	res := batch{period: "2022-12", rosters: map[roster.Kind]string{
		roster.Enterprises: dengfengEnterprises,
		roster.Awards: `
			program,recipient_id,recipient_name,district,project_id,amount,decision_date,decision_ref,stage
			dengfeng,91320571MA1DF0001N,,,DF-2022-01,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0002R,,,DF-2022-02,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0003W,,,DF-2022-03,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF00040,,,DF-2022-04,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF00053,,,DF-2022-05,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF00066,,,DF-2022-06,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF00079,,,DF-2022-07,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0008C,,,DF-2022-08,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0009F,,,DF-2022-09,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0010L,,,DF-2022-10,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0011P,,,DF-2022-11,,2022-10-10,苏知发〔2022〕80号,approval
			dengfeng,91320571MA1DF0012T,,,DF-2022-12,,2022-11-25,苏知发〔2022〕88号,approval
			dengfeng,91320571MA1DF0013X,,,DF-2021-01,,2021-08-01,苏知发〔2021〕40号,approval`,
	}}.run(t)
	expect(t, res, map[string]string{
		// general route, 60 ≥ 50 patents and 6 ≥ 5 overseas applications
		"awards.csv:2": "dengfeng.approval city 300000.00 paid",
		// general route, 25 ≥ 20 patents and 2 ≥ 2 overseas grants
		"awards.csv:3": "dengfeng.approval city 300000.00 paid",
		// talent route: founded 2019-06-01 (3 years by 2022-10-10), certified,
		// 22 ≥ 20 and 5 ≥ 5 (no standard, no R&D centre: not general)
		"awards.csv:4": "dengfeng.approval city 300000.00 paid",
		// 15 patents fail both routes; relaxation little_giant → review
		"awards.csv:5": "dengfeng.approval city 300000.00 paid review:relaxation",
		// 30 patents, 1 application, 1 grant; no relaxation ground
		"awards.csv:6": "ineligible",
		// general route (55 and 5): the 5th to the 10th approvals of 2022
		"awards.csv:7": "dengfeng.approval city 300000.00 paid", "awards.csv:8": "dengfeng.approval city 300000.00 paid",
		"awards.csv:9": "dengfeng.approval city 300000.00 paid", "awards.csv:10": "dengfeng.approval city 300000.00 paid",
		"awards.csv:11": "dengfeng.approval city 300000.00 paid", "awards.csv:12": "dengfeng.approval city 300000.00 paid",
		// decided 2022-11-25: the 11th payable approval of 2022
		"awards.csv:13": "count_limit",
		// 2021-08-01 is before 81 came into force (2021-09-15)
		"awards.csv:14": "no_policy",
	})
}

// TestDengfengAcceptance: dengfeng.acceptance pays, once the project
// passes (验收合格后), min(committee amount, ceiling 700,000.00 (81 六(一)
// "不超过70万元"), project_cap 1,000,000.00 − paid for the project across
// batches and stages (每项给予不超过100万元, cap key
// dengfeng/<uscc>/<project_id>), ⌊ip_investment ÷ 2⌋ to the fen − paid for
// the project (企业知识产权投入不少于政府财政投入的200%)). A project without an
// approval on record is computed as if 300,000.00 had been paid, flagged
// review:no_approval; a terminated project is a zero line and takes no
// later acceptance. Fixture dengfeng-acceptance.
func TestDengfengAcceptance(t *testing.T) {
	// batch 2022-12 approved DF-2022-01…04 on 2022-03-10 (300,000.00 each)
	// and terminated DF-2022-04 on 2022-09-01
	var prior []ledger.Line
	for i, u := range []string{"91320571MA1DF0001N", "91320571MA1DF0002R", "91320571MA1DF0003W", "91320571MA1DF00040"} {
		project := "DF-2022-0" + string(rune('1'+i))
		l := paidLine("2022-12", "dengfeng.approval", "city", u, "2022-03-10", "300000.00", "dengfeng/"+u+"/"+project, project, "approval", u)
		l.HasCap, l.CapLimit = true, d("1000000.00")
		prior = append(prior, l)
	}
	prior = append(prior, paidLine("2022-12", "dengfeng.acceptance", "city", "91320571MA1DF00040", "2022-09-01", "0.00", "",
		"DF-2022-04", "terminated", "91320571MA1DF00040"))
	res := batch{period: "2023-06", prior: prior, rosters: map[roster.Kind]string{
		roster.Enterprises: dengfengEnterprises,
		roster.Awards: `
			program,recipient_id,recipient_name,district,project_id,amount,decision_date,decision_ref,stage,result,ip_investment
			dengfeng,91320571MA1DF0001N,,,DF-2022-01,"800,000.00",2023-05-10,苏知发〔2023〕30号,acceptance,pass,"3,000,000.00"
			dengfeng,91320571MA1DF0002R,,,DF-2022-02,"600,000.00",2023-05-10,苏知发〔2023〕30号,acceptance,pass,"1,500,000.01"
			dengfeng,91320571MA1DF0003W,,,DF-2022-03,"500,000.00",2023-05-10,苏知发〔2023〕30号,acceptance,fail,"2,000,000.00"
			dengfeng,91320571MA1DF00040,,,DF-2022-04,"500,000.00",2023-05-10,苏知发〔2023〕30号,acceptance,pass,"3,000,000.00"
			dengfeng,91320571MA1DF00053,,,DF-2021-09,"500,000.00",2023-05-10,苏知发〔2023〕30号,acceptance,pass,"2,000,000.00"
			dengfeng,91320571MA1DF00066,,,DF-2023-01,,2023-03-01,苏知发〔2023〕12号,approval,,
			dengfeng,91320571MA1DF00066,,,DF-2023-01,,2023-05-20,苏知发〔2023〕33号,terminated,,`,
	}}.run(t)
	expect(t, res, map[string]string{
		// min(800,000.00, 700,000.00, 1,000,000.00 − 300,000.00, 1,500,000.00 −
		// 300,000.00) = 700,000.00: above the ceiling
		"awards.csv:2": "dengfeng.acceptance city 700000.00 capped exception:ceiling",
		// ⌊1,500,000.01 ÷ 2⌋ = 750,000.00 − 300,000.00 = 450,000.00 < 600,000.00
		"awards.csv:3": "dengfeng.acceptance city 450000.00 capped",
		// result fail: 验收合格后 only
		"awards.csv:4": "ineligible",
		// DF-2022-04 was terminated in batch 2022-12
		"awards.csv:5": "ineligible",
		// no approval on record, as if 300,000.00 paid: min(500,000.00,
		// 700,000.00, 700,000.00, 1,000,000.00 − 300,000.00) = 500,000.00
		"awards.csv:6": "dengfeng.acceptance city 500000.00 paid review:no_approval",
		// approved 2023-03-01, general route: 300,000.00, the 1st of 2023
		"awards.csv:7": "dengfeng.approval city 300000.00 paid",
		// terminated 2023-05-20 (项目中止): a zero line
		"awards.csv:8": "dengfeng.acceptance city 0.00 zero",
	})
}
