package engine

import (
	"testing"

	"subsidy/calc/roster"
)

// TestBudgets: a special fund is never overspent (81 六(一), 136 四(二)): a
// line that would take one of its budgets (the program's, or the funder's
// whole fund "*") past its amount is held (暂缓支付: payable 0.00, the amount
// in Held), whole, in processing order, and uses nothing; a later batch
// with the budget raised pays it under the same line_id, the lines a prior
// batch paid counting against the budgets of their fund year. Here
// licensing_support pays 0.10 of the payment (136 三(二)7, example value)
// under 昆山's licensing budget; award.patent_prize pays the committee
// amount (136 三(一)3, ceiling 1,000,000.00) under the city's fund.
// Fixtures budget-holds (June) and budget-release (July).
func TestBudgets(t *testing.T) {
	rosters := func(budget string) map[roster.Kind]string {
		return map[roster.Kind]string{
			roster.Enterprises: `
				uscc,name,district,entity_type,prior_invention_grants
				91320583MA1AAAAA0W,昆山甲科技有限公司,昆山市,enterprise,3
				91320506MA1CCCCC10,吴中丙科技有限公司,吴中区,enterprise,3`,
			roster.Budgets: budget,
			roster.Licensing: `
				contract_id,uscc,role,kind,counterparty,amount,currency,paid_date
				HT-B-001,91320583MA1AAAAA0W,licensee,license,苏州大学,300000.00,CNY,2022-06-01
				HT-B-002,91320583MA1AAAAA0W,licensee,license,苏州大学,500000.00,CNY,2022-06-10
				HT-B-003,91320583MA1AAAAA0W,licensee,license,苏州大学,100000.00,CNY,2022-06-20
				HT-B-004,91320506MA1CCCCC10,licensee,license,东南大学,200000.00,CNY,2022-06-05`,
			roster.Awards: `
				program,recipient_id,recipient_name,district,project_id,amount,decision_date,decision_ref
				award.patent_prize,91320583MA1AAAAA0W,,,PP-B-01,800000.00,2022-06-15,苏知发〔2022〕40号`,
		}
	}
	june := batch{period: "2022-06", rosters: rosters(`
		year,funder,program,amount,reference
		2022,昆山市,licensing_support,"70,000.00",昆财〔2022〕1号
		2022,city,*,500000.00,苏财〔2022〕1号`)}.run(t)
	expect(t, june, map[string]string{
		// 2022-06-01: 300,000.00 × 10% = 30,000.00; 昆山's 70,000.00, 0.00 used
		"licensing.csv:2": "licensing_support 320583 30000.00 paid",
		// 2022-06-05: 200,000.00 × 10% = 20,000.00; 吴中 has no budget
		"licensing.csv:5": "licensing_support 320506 20000.00 paid",
		// 2022-06-10: 500,000.00 × 10% = 50,000.00 > 70,000.00 − 30,000.00 → held
		"licensing.csv:3": "licensing_support 320583 0.00 held",
		// 2022-06-15: 800,000.00 ≤ the ceiling; the city's fund 500,000.00 → held
		"awards.csv:2": "award.patent_prize city 0.00 held",
		// 2022-06-20: 100,000.00 × 10% = 10,000.00 ≤ 40,000.00 left (the held
		// line used nothing)
		"licensing.csv:4": "licensing_support 320583 10000.00 paid",
	})
	// claimed 910,000.00 = paid 60,000.00 + capped-off 0.00 + held 850,000.00
	if rc := june.Recon; !rc.Paid.Equal(d("60000.00")) || !rc.Held.Equal(d("850000.00")) || !rc.CappedOff.IsZero() {
		t.Errorf("June: paid %s, held %s, capped-off %s; want 60,000.00, 850,000.00, 0.00", rc.Paid, rc.Held, rc.CappedOff)
	}
	july := batch{period: "2022-07", prior: june.Lines, rosters: rosters(`
		year,funder,program,amount,reference
		2022,昆山市,licensing_support,"90,000.00",昆财〔2022〕1号（调增）
		2022,city,*,1000000.00,苏财〔2022〕1号（调增）`)}.run(t)
	expect(t, july, map[string]string{
		// held in June: 50,000.00; 昆山's 90,000.00 − 40,000.00 paid in June
		"licensing.csv:3": "licensing_support 320583 50000.00 paid",
		// held in June: 800,000.00 ≤ the city's 1,000,000.00 − 0.00
		"awards.csv:2": "award.patent_prize city 800000.00 paid",
		// licensing rows 2, 4 and 5 were paid in June: prior
	})
	if n := priorCount(july, roster.Licensing); n != 3 {
		t.Errorf("July: %d licensing rows prior, want 3", n)
	}
}
