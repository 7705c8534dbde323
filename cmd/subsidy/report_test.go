package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// reportMonths are three monthly (non-cumulative) rosters of two
// enterprises, for the year report's test: what each month pays is worked
// out by hand beside it.
var reportMonths = map[string]map[string]string{
	// April: A licenses for 100,000.00 → 10% (136 三(二)7, Kunshan) = 10,000.00.
	"2022-04": {"licensing.csv": "contract_id,uscc,role,kind,amount,currency,paid_date\nHT-1,91320583MA1AAAAA0W,licensee,license,100000.00,CNY,2022-04-10\n"},
	// May: B licenses for 200,000.00 → 20,000.00 (Wuzhong); A's overseas
	// case costs 40,000.00 → 50% (136 三(五)20, city) = 20,000.00.
	"2022-05": {
		"licensing.csv":  "contract_id,uscc,role,kind,amount,currency,paid_date\nHT-2,91320506MA1CCCCC10,licensee,license,200000.00,CNY,2022-05-12\n",
		"litigation.csv": "case_id,uscc,jurisdiction,invoice_no,amount,currency,paid_date\nC-1,91320583MA1AAAAA0W,US,INV-1,40000.00,CNY,2022-05-20\n",
	},
	// June: A's patent prize 800,000.00 ≤ 1,000,000 (136 三(一)3, city);
	// a negative licensing amount (negative_amount) and a utility-model
	// grant (not_payable) are listed.
	"2022-06": {
		"awards.csv":    "program,recipient_id,project_id,amount,decision_date,decision_ref\naward.patent_prize,91320583MA1AAAAA0W,PP-1,800000.00,2022-06-15,苏知发〔2022〕1号\n",
		"licensing.csv": "contract_id,uscc,role,kind,amount,currency,paid_date\nHT-3,91320506MA1CCCCC10,licensee,license,-5.00,CNY,2022-06-01\n",
		"grants.csv":    "uscc,number,kind,office,route,grant_date\n91320583MA1AAAAA0W,ZL202220000001.1,utility_model,CN,domestic,2022-06-02\n",
	},
}

const reportEnterprises = "uscc,name,district,entity_type,prior_invention_grants\n" +
	"91320583MA1AAAAA0W,昆山甲科技有限公司,昆山市,enterprise,3\n91320506MA1CCCCC10,吴中丙科技有限公司,吴中区,enterprise,3\n"

// TestReportOverThreeMonths (issue 16): three months chained through a
// ledger folder; the year report counts, by hand: 4 lines paying
// 850,000.00 — April 10,000.00, May 40,000.00, June 800,000.00; the city
// 820,000.00, 320506 20,000.00, 320583 10,000.00; 昆山甲 the largest
// recipient with 830,000.00 on 3 lines; the rejections negative_amount 1
// and not_payable 1; the budgets given against their use; a native chart
// on each of five sheets.
func TestReportOverThreeMonths(t *testing.T) {
	root := t.TempDir()
	ledgers, budget := reportYear(t, root)
	out := filepath.Join(root, "report.xlsx")
	if code, _, stderr := runCLI(t, "report", "--prior", ledgers, "--year", "2022", "--budget", budget, "--out", out); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	} else if strings.Contains(stderr, "警告") {
		t.Errorf("report warns: %s", stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cell := func(sheet, ref, want string) {
		t.Helper()
		if got, _ := f.GetCellValue(sheet, ref); got != want {
			t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
		}
	}
	cell("概览", "B3", "3")
	cell("概览", "B4", "4")
	cell("概览", "B5", "850,000.00")
	rows, _ := f.GetRows("按月按项目")
	months := map[string]string{}
	for _, r := range rows[1:] {
		months[r[0]] = r[len(r)-1]
	}
	for m, want := range map[string]string{"2022-03": "0.00", "2022-04": "10,000.00", "2022-05": "40,000.00", "2022-06": "800,000.00"} {
		if months[m] != want {
			t.Errorf("month %s paid %s, want %s", m, months[m], want)
		}
	}
	cell("按出资方和地区", "A2", "苏州市（市级）")
	cell("按出资方和地区", "C2", "820,000.00")
	cell("按出资方和地区", "A3", "吴中区（320506）")
	cell("按出资方和地区", "C3", "20,000.00")
	cell("按出资方和地区", "C4", "10,000.00")
	cell("最大受款主体", "A2", "昆山甲科技有限公司（91320583MA1AAAAA0W）")
	cell("最大受款主体", "B2", "3")
	cell("最大受款主体", "C2", "830,000.00")
	reasons, _ := f.GetRows("拒绝原因")
	got := map[string]string{}
	for _, r := range reasons[1:] {
		got[r[0]] = r[2]
	}
	if len(got) != 2 || got["negative_amount"] != "1" || got["not_payable"] != "1" {
		t.Errorf("reasons %v", got)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts := 0
	for _, e := range z.File {
		if strings.HasPrefix(e.Name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 5 {
		t.Errorf("%d charts, want 5", charts)
	}
	// budgets against use: the city's fund paid 800,000.00 + 20,000.00;
	// Kunshan's licensing budget 10,000.00 (April); 2023's is not shown
	cell("预算执行", "A2", "city / *")
	cell("预算执行", "C2", "820,000.00")
	cell("预算执行", "D2", "180,000.00")
	cell("预算执行", "A3", "320583 / licensing_support")
	cell("预算执行", "C3", "10,000.00")
	if rows, _ := f.GetRows("预算执行"); len(rows) != 3 {
		t.Errorf("budget rows %v", rows)
	}
}

// reportYear runs the three months of reportMonths in root, chained
// through the ledger folder it returns (ledger-2022-04.csv …), and writes
// the year's budget file: the city 1,000,000.00 for every program,
// Kunshan 50,000.00 for licensing, and a 2023 budget the 2022 report does
// not show.
func reportYear(t *testing.T, root string) (ledgers, budget string) {
	t.Helper()
	ledgers = filepath.Join(root, "ledgers")
	os.MkdirAll(ledgers, 0o755)
	for _, m := range []string{"2022-04", "2022-05", "2022-06"} {
		in := filepath.Join(root, m)
		os.MkdirAll(in, 0o755)
		os.WriteFile(filepath.Join(in, "enterprises.csv"), []byte(reportEnterprises), 0o644)
		for name, body := range reportMonths[m] {
			os.WriteFile(filepath.Join(in, name), []byte(body), 0o644)
		}
		mustRun(t, "--period", m, "--in", in, "--prior", ledgers, "--out", filepath.Join(ledgers, "ledger-"+m+".csv"))
	}
	budget = filepath.Join(root, "budget.csv")
	os.WriteFile(budget, []byte("year,funder,program,amount\n2022,city,*,1000000.00\n2022,昆山市,licensing_support,50000.00\n2023,city,*,9.00\n"), 0o644)
	return ledgers, budget
}
