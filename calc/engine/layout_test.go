package engine

import (
	"fmt"
	"strings"
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// TestLayoutGrants: the five layout awards of 136 三(一)1 from the grants
// roster, fixed district amounts (example values of "给予一定奖励"):
// layout.first_invention 10,000.00 at an enterprise's first domestic (CN)
// invention grant when prior_invention_grants is 0; layout.invention_10
// 50,000.00 at the 10th domestic invention grant of the calendar year
// ("年发明专利授权10件以上"), the grants before it counted toward it;
// layout.foreign_invention 5,000.00 per grant number and office on the
// policy's list, filed via PCT or Paris; layout.madrid 2,000.00 per
// international registration, its other offices counted. All five share
// the group cap 1,000,000.00 per entity and year (layout/<uscc>/<year>,
// "同一主体每年不超过100万元"), prior ledgers included; funded by the
// recipient's district. Utility models and designs are outside the clause.
// Fixture layout-grants (which lowers 常熟's cap by policy where this test
// has prior lines, layoutPaid).
func TestLayoutGrants(t *testing.T) {
	res := batch{period: "2022-12", prior: layoutPaid("91320583MA1XA0008B"), rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type,prior_invention_grants
			91320583MA1XA00052,苏州新锐传感技术有限公司,苏州高新区,enterprise,0
			91320583MA1XA00065,苏州吴越环保装备有限公司,320506,enterprise,25
			91320583MA1XA00078,苏州相和生物科技有限公司,相城区,enterprise,
			91320583MA1XA0008B,常熟海诺机电股份有限公司,常熟市,enterprise,40`,
		roster.Grants: `
			uscc,number,kind,office,route,grant_date
			91320583MA1XA00052,ZL202110500037.1,invention,CN,domestic,2022-01-11
			91320583MA1XA00052,ZL202110500074.2,invention,CN,domestic,2022-02-08
			91320583MA1XA00052,ZL202110500111.3,invention,CN,domestic,2022-03-15
			91320583MA1XA00052,ZL202110500148.4,invention,CN,domestic,2022-04-12
			91320583MA1XA00052,ZL202110500185.5,invention,CN,domestic,2022-05-10
			91320583MA1XA00052,ZL202110500222.6,invention,CN,domestic,2022-06-14
			91320583MA1XA00052,ZL202110500259.7,invention,CN,domestic,2022-07-12
			91320583MA1XA00052,ZL202110500296.8,invention,CN,domestic,2022-08-09
			91320583MA1XA00052,ZL202110500333.9,invention,CN,domestic,2022-09-13
			91320583MA1XA00052,ZL202110500370.0,invention,CN,domestic,2022-10-18
			91320583MA1XA00052,ZL202120301234.5,utility_model,CN,domestic,2022-03-01
			91320583MA1XA00052,ZL202130405678.9,design,CN,domestic,2022-04-01
			91320583MA1XA00052,1654321,madrid_trademark,JP,madrid,2022-11-08
			91320583MA1XA00052,1654321,madrid_trademark,US,madrid,2022-11-08
			91320583MA1XA00065,ZL202010777001.2,invention,CN,domestic,2022-02-20
			91320583MA1XA00065,ZL202010777002.0,invention,CN,domestic,2022-06-20
			91320583MA1XA00065,ZL202010777003.9,invention,CN,domestic,2022-09-20
			91320583MA1XA00078,ZL202110888001.6,invention,CN,domestic,2022-05-05
			91320583MA1XA0008B,US11223344B2,invention,US,pct,2022-02-15
			91320583MA1XA0008B,EP3456789B1,invention,EP,paris,2022-04-20
			91320583MA1XA0008B,JP7123456B2,invention,JP,pct,2022-06-22
			91320583MA1XA0008B,KR102345678B1,invention,KR,pct,2022-08-30
			91320583MA1XA0008B,BR112020001234,invention,BR,paris,2022-07-07
			91320583MA1XA0008B,US11334455B2,invention,US,domestic,2022-07-20`,
	}}.run(t)
	expect(t, res, map[string]string{
		// 高新区 (320505), prior_invention_grants 0, its first CN invention
		// grant: 10,000.00; group cap 1,000,000.00 − 0 → paid
		"grants.csv:2": "layout.first_invention 320505 10000.00 paid",
		// the 2nd to 9th CN invention grants of 2022 count toward the 10th
		"grants.csv:3": "counted layout.invention_10", "grants.csv:4": "counted layout.invention_10",
		"grants.csv:5": "counted layout.invention_10", "grants.csv:6": "counted layout.invention_10",
		"grants.csv:7": "counted layout.invention_10", "grants.csv:8": "counted layout.invention_10",
		"grants.csv:9": "counted layout.invention_10", "grants.csv:10": "counted layout.invention_10",
		// the 10th, 2022-10-18: 50,000.00; 1,000,000.00 − 10,000.00 → paid
		"grants.csv:11": "layout.invention_10 320505 50000.00 paid",
		// utility model and design: outside 三(一)1
		"grants.csv:12": "not_payable", "grants.csv:13": "not_payable",
		// Madrid registration 1654321 designating JP and US (JP sorts first):
		// one line of 2,000.00, 1,000,000.00 − 60,000.00 → paid; US counted
		"grants.csv:14": "layout.madrid 320505 2000.00 paid",
		"grants.csv:15": "counted layout.madrid",
		// 吴越: earlier grants (25, so no first invention) and 3 in 2022, below
		// the threshold of 10
		"grants.csv:16": "not_payable", "grants.csv:17": "not_payable", "grants.csv:18": "not_payable",
		// 相和: prior_invention_grants blank, the first invention cannot be judged
		"grants.csv:19": "missing_value",
		// 常熟 (320581), US via PCT: 5,000.00; 13,000.00 left → paid
		"grants.csv:20": "layout.foreign_invention 320581 5000.00 paid",
		// EPO via Paris: 5,000.00; 8,000.00 left → paid
		"grants.csv:21": "layout.foreign_invention 320581 5000.00 paid",
		// JP via PCT: 5,000.00; 3,000.00 left → capped
		"grants.csv:22": "layout.foreign_invention 320581 3000.00 capped",
		// KR via PCT: 5,000.00; the cap is used up → zero
		"grants.csv:23": "layout.foreign_invention 320581 0.00 zero",
		// BR is not on the offices list
		"grants.csv:24": "not_payable",
		// a foreign grant filed via the domestic route, not PCT or Paris
		"grants.csv:25": "not_payable",
	})
}

// layoutPaid is what the prior ledgers paid in 2022 the 常熟 (320581)
// enterprise uscc: 197 foreign grants (985,000.00) and one Madrid
// registration (2,000.00), so that 987,000.00 of its 2022 group cap is
// used, 13,000.00 left.
func layoutPaid(uscc string) []ledger.Line {
	var prior []ledger.Line
	for i := 0; i < 198; i++ {
		l := paidLine("2022-01", "layout.foreign_invention", "320581", uscc, "2022-01-05", "5000.00", "layout/"+uscc+"/2022", uscc, fmt.Sprintf("US1%07dB2", i), "US")
		if i == 197 {
			l = paidLine("2022-01", "layout.madrid", "320581", uscc, "2022-01-06", "2000.00", "layout/"+uscc+"/2022", uscc, "1500001")
		}
		l.HasCap, l.CapLimit, l.CapUsedBefore = true, d("1000000.00"), d(fmt.Sprintf("%d.00", 5000*i))
		prior = append(prior, l)
	}
	return prior
}

// TestInstitution100: layout.institution_100 (136 三(一)1 高校院所、科研机构年获得发明专利
// 授权100件以上) pays a university 100,000.00 (example value) at the grant
// that reaches 100 domestic invention grants in a calendar year — the
// 100th by grant_date, whatever its row — and counts the other 99 toward
// it; the 5 grants of the next year are below that year's threshold, and
// the batch leaves their count as its trace (spec §4.3a 5). Funded by the
// university's district (姑苏区, 320508). Fixture institution-100.
func TestInstitution100(t *testing.T) {
	const u = "12320500MB0U00001W"
	var g strings.Builder
	g.WriteString("uscc,number,kind,office,route,grant_date\n")
	grant := func(n int, on value.Date) {
		fmt.Fprintf(&g, "%s,ZL2021%07d.1,invention,CN,domestic,%s\n", u, n, on)
	}
	// 2022-01-03 + 3k days for k = 0…99, the last (2022-10-27) on row 2
	first := value.NewDate(2022, 1, 3)
	grant(99, first.AddDays(3*99))
	for k := 0; k < 99; k++ {
		grant(k, first.AddDays(3*k))
	}
	for i, on := range []string{"2023-02-14", "2023-04-18", "2023-06-06", "2023-08-22", "2023-11-07"} {
		grant(1000+i, date(on))
	}
	res := batch{period: "2023-12", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			12320500MB0U00001W,苏州工学院,姑苏区,university`,
		roster.Grants: g.String(),
	}}.run(t)
	want := map[string]string{
		// the 100th CN invention grant of 2022 (2022-10-27): 100,000.00;
		// group cap 1,000,000.00 − 0 → paid
		"grants.csv:2": "layout.institution_100 320508 100000.00 paid",
	}
	for row := 3; row <= 101; row++ { // the other 99 grants of 2022
		want[fmt.Sprintf("grants.csv:%d", row)] = "counted layout.institution_100"
	}
	for row := 102; row <= 106; row++ { // 5 in 2023, below 100
		want[fmt.Sprintf("grants.csv:%d", row)] = "not_payable"
	}
	expect(t, res, want)
	if yc := res.YearCounts; len(yc) != 1 || yc[0].Program != "layout.institution_100" || yc[0].Year != 2023 || yc[0].Count != 5 || len(yc[0].Keys) != 5 {
		t.Errorf("year counts %+v, want 2023's 5 grants of layout.institution_100 with their keys", yc)
	}
}
