package engine

import (
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
)

// TestTiers: the tier programs from the enterprise roster, fixed amounts
// (example values at the seeds' ceilings): tier.growth 200,000.00 (136
// 三(三)11 "每家给予不超过20万元"), once per entity, district-funded;
// tier.national_advantage 500,000.00 and tier.national_demonstration
// 1,000,000.00 (三(三)12 "不超过50万元和100万元"), city-funded, under one
// national_cap 1,000,000.00 per entity (tier.national/<uscc>, prior
// ledgers included): a demonstration title after an advantage award pays
// the difference (upgrade top_up). Tier programs are for enterprises; a
// tier without its date cannot be placed, a title dated after the period
// belongs to a later batch. Fixture tier.
func TestTiers(t *testing.T) {
	const hengtai, silu = "91320583MA1XA0011N", "91320583MA1XA00153"
	// batch 2021-12 paid 昆山恒泰 its advantage title and 吴江丝路 its growth tier
	adv := paidLine("2021-12", "tier.national_advantage", "city", hengtai, "2021-11-30", "500000.00", "tier.national/"+hengtai, hengtai)
	adv.HasCap, adv.CapLimit = true, d("1000000.00")
	growth := paidLine("2021-12", "tier.growth", "320509", silu, "2021-10-12", "200000.00", "", silu)
	res := batch{period: "2022-12", prior: []ledger.Line{adv, growth}, rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type,tier,tier_date,national_title,title_date
			91320583MA1XA0009E,张家港港城新能源有限公司,张家港市,enterprise,growth,2022-03-15,none,
			91320583MA1XA0010K,苏州园区纳微半导体有限公司,苏州工业园区,enterprise,advantage,2021-05-20,advantage,2022-05-10
			91320583MA1XA0011N,昆山恒泰精密制造有限公司,320583,enterprise,leading,2022-02-01,demonstration,2022-11-20
			91320583MA1XA0012R,苏州姑苏云图信息技术有限公司,姑苏区,enterprise,advantage,2020-09-01,demonstration,2022-08-01
			91320583MA1XA0013W,苏州相城智造装备有限公司,相城区,enterprise,growth,,none,
			91320583MA1XA00140,苏州吴中天元药业有限公司,吴中区,enterprise,none,,advantage,2023-01-15
			91320583MA1XA00153,苏州吴江丝路纺织科技有限公司,吴江区,enterprise,growth,2021-10-12,none,
			91320583MA1XA00166,常熟虞山电缆有限公司,常熟市,enterprise,advantage,2022-04-01,none,
			12320500MB0U000020,苏州市纳米技术研究所,320571,institute,growth,2022-04-01,none,`,
	}}.run(t)
	expect(t, res, map[string]string{
		// 张家港市 enters the growth tier 2022-03-15: 200,000.00, funder 320582
		"enterprises.csv:2": "tier.growth 320582 200000.00 paid",
		// advantage title 2022-05-10: 500,000.00; national cap 1,000,000.00 − 0
		"enterprises.csv:3": "tier.national_advantage city 500000.00 paid",
		// demonstration title 2022-11-20: 1,000,000.00; the cap less the
		// 500,000.00 paid as advantage in 2021-12 → the top-up, 500,000.00
		"enterprises.csv:4": "tier.national_demonstration city 500000.00 capped",
		// demonstration, never paid as advantage: 1,000,000.00 − 0 → paid
		"enterprises.csv:5": "tier.national_demonstration city 1000000.00 paid",
		// growth tier with a blank tier_date
		"enterprises.csv:6": "missing_value",
		// title_date 2023-01-15, after the period's last day 2022-12-31
		"enterprises.csv:7": "future_dated",
		// an institute in the growth tier: the tier programs are for enterprises
		"enterprises.csv:10": "not_payable",
		// row 8 (吴江丝路's growth) is prior; row 9 (an advantage tier, no
		// title) is no event
	})
	if n := priorCount(res, roster.Enterprises); n != 1 {
		t.Errorf("%d enterprise rows prior, want 1 (row 8, paid in 2021-12)", n)
	}
}
