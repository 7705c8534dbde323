package main

import (
	"archive/zip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReportOverThreeMonths (issue 16): the three months of
// fixtures/report-year-2022 chained through a ledger folder; the year
// report's workbook shows, as the fixture's case.yaml derives by hand: 4 lines paying
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

// reportYear runs the three months of fixtures/report-year-2022 in root,
// chained through the ledger folder it returns (ledger-2022-04.csv …), and
// returns the fixture's budget roster: the city 1,000,000.00 for every
// program, Kunshan 50,000.00 for licensing, and a 2023 budget the 2022
// report does not show (the fixture's case.yaml derives every figure).
func reportYear(t *testing.T, root string) (ledgers, budget string) {
	t.Helper()
	cd := filepath.Join(fixturesDir, "report-year-2022")
	fc, err := readCase(cd)
	if err != nil {
		t.Fatal(err)
	}
	ledgers = filepath.Join(root, "ledgers")
	if _, err := runMonths(cd, fc, "zh", ledgers); err != nil {
		t.Fatal(err)
	}
	return ledgers, filepath.Join(cd, "budget.csv")
}
