package engine

import (
	"testing"

	"subsidy/calc/roster"
)

// TestCommitteeAwards: the committee-decided awards of spec §4.3 pay the
// committee amount (basis = computed, rate 1), city-funded, at most the
// program's ceiling — per decision row, or as a cap across rows and
// batches where cap_scope says so — and flag an amount above the ceiling
// exception:ceiling; a yearly count_limit refuses the decisions past it,
// in decision-date order; a discretionary program (一事一议) pays the
// amount as decided, flagged review:discretionary, and needs its decision
// reference. Fixtures awards-ceilings, awards-count-limit and
// awards-discretionary derive these ceilings from the seeds.
func TestCommitteeAwards(t *testing.T) {
	res := batch{period: "2022-12", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			91320505MA1AW00011,苏州高新锐芯科技有限公司,苏州高新区,enterprise
			91320571MA1AW0002N,苏州园区云图软件有限公司,苏州工业园区,enterprise
			91320507MA1AW0006D,相城产业知识产权运营中心有限公司,相城区,platform
			91320508MA1AW00082,苏州姑苏专利代理事务所有限公司,姑苏区,agency
			91320582MA1AW0010F,张家港港城机械研究所,张家港市,institute`,
		roster.Awards: `
			program,recipient_id,recipient_name,district,project_id,amount,decision_date,decision_ref
			high_value_cultivation,91320505MA1AW00011,,,HV-2022-01,"1,200,000.00",2022-11-10,苏知发〔2022〕51号
			award.excellent_patent,91320505MA1AW00011,,,EP-2022-07,300000.00,2022-11-10,苏知发〔2022〕52号
			award.outstanding_inventor,320505198503120048,李华,苏州高新区,OI-2022-02,120000,2022-11-10,苏知发〔2022〕52号
			award.excellent_copyright,91320571MA1AW0002N,,,EC-2022-03,100000.01,2022-11-10,苏知发〔2022〕52号
			award.agency_prize,91320508MA1AW00082,,,AP-2022-01,60000,2022-11-10,苏知发〔2022〕53号
			award.agency_prize,91320508MA1AW00082,,,AP-2022-02,60000,2022-11-20,苏知发〔2022〕58号
			talent.settlement,320583199006151023,王芳,昆山市,TS-2022-01,1500000,2022-11-10,苏人才〔2022〕11号
			talent.settlement,320583199006151023,王芳,昆山市,TS-2022-02,1500000,2022-11-20,苏人才〔2022〕12号
			award.patent_prize,91320582MA1AW0010F,,,PP-2022-06,300000,2022-11-10,苏知发〔2022〕53号
			award.outstanding_inventor,320508197811202235,赵强,姑苏区,OI-2022-03,100000,2022-11-10,苏知发〔2022〕52号
			award.best_patent,91320505MA1AW00011,,,BP-2022-01,100000,2022-11-10,苏知发〔2022〕52号
			award.excellent_patent,91320505MA1AW00011,,,EP-2022-08,,2022-11-10,苏知发〔2022〕52号
			industry.geographical_indication,91320507MA1AW0006D,,,GI-2022-01,400000.00,2022-10-01,苏知发〔2022〕21号
			industry.geographical_indication,91320505MA1AW00011,,,GI-2022-02,300000.00,2022-10-15,苏知发〔2022〕70号
			industry.geographical_indication,91320571MA1AW0002N,,,GI-2022-03,300000.00,2022-11-01,苏知发〔2022〕74号
			coop.center,91320505MA1AW00011,,,CC-2022,"3,000,000.00",2022-10-15,苏知发〔2022〕60号
			coop.center,91320505MA1AW00011,,,CC-2022-B,100000.00,2022-11-02,`,
	}}.run(t)
	expect(t, res, map[string]string{
		// 136 三(一)2 每个项目不超过100万元: 1,200,000.00 > 1,000,000.00 → the ceiling
		"awards.csv:2": "high_value_cultivation city 1000000.00 capped exception:ceiling",
		// 136 三(一)3 每项不超过30万元: 300,000.00 = the ceiling → paid in full
		"awards.csv:3": "award.excellent_patent city 300000.00 paid",
		// a person (ID number, district 苏州高新区): 120,000.00 ≤ 300,000.00
		"awards.csv:4": "award.outstanding_inventor city 120000.00 paid",
		// 三(一)3 每项不超过10万元: 100,000.01 is a fen above → 100,000.00
		"awards.csv:5": "award.excellent_copyright city 100000.00 capped exception:ceiling",
		// 三(一)3 代理机构每家不超过10万元 (per agency and year): 100,000.00 − 0 →
		// 60,000.00
		"awards.csv:6": "award.agency_prize city 60000.00 paid",
		// decided 2022-11-20: 100,000.00 − 60,000.00 = 40,000.00 (no exception:
		// 60,000.00 is within the ceiling)
		"awards.csv:7": "award.agency_prize city 40000.00 capped",
		// 三(七)26 安家补贴不超过250万元, a person's lifetime: 2,500,000.00 − 0
		"awards.csv:8": "talent.settlement city 1500000.00 paid",
		// the same person: 2,500,000.00 − 1,500,000.00 = 1,000,000.00
		"awards.csv:9": "talent.settlement city 1000000.00 capped",
		// 三(一)3 对获国家、省专利奖的企业: an institute is not an enterprise
		"awards.csv:10": "not_payable",
		// the ID number's check digit is 4, not 5
		"awards.csv:11": "invalid_id",
		// award.best_patent is no program of the policy
		"awards.csv:12": "unknown_program",
		// no committee amount
		"awards.csv:13": "missing_value",
		// 三(四)18 每年支持不超过2项，每项不超过50万元: 400,000.00, the 1st of 2022
		"awards.csv:14": "industry.geographical_indication city 400000.00 paid",
		// 300,000.00, the 2nd of 2022
		"awards.csv:15": "industry.geographical_indication city 300000.00 paid",
		// the 3rd of 2022: past the limit of 2
		"awards.csv:16": "count_limit",
		// 三(二)9 给予一定的资金支持 (一事一议): 3,000,000.00 as decided
		"awards.csv:17": "coop.center city 3000000.00 paid review:discretionary",
		// 一事一议 without its decision reference
		"awards.csv:18": "missing_value",
	})
}
