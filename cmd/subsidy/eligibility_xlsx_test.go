package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestEligibilityXLSXSheetAndListedRows: eligibility reads the worksheet
// --sheet names of an XLSX enterprise roster, and a row whose USCC Excel
// stored as a number is reported with the other bad rows and skipped (it
// was an exit-2 abort, and --sheet did not exist).
func TestEligibilityXLSXSheetAndListedRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "enterprises.xlsx")
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "说明：名册在第二个工作表")
	f.NewSheet("企业")
	for r, line := range strings.Split(strings.TrimSpace(eligibilityRoster), "\n") {
		for c, v := range strings.Split(line, ",") {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellStr("企业", cell, v)
		}
	}
	f.SetCellDefault("企业", "A8", "913205830000000001") // a USCC stored as a number
	f.SetCellStr("企业", "B8", "数字代码公司")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var stdout, stderr bytes.Buffer
	code := run([]string{"subsidy", "eligibility", "dengfeng", "--enterprises", path, "--sheet", "企业", "--as-of", "2022-06-30", "--lang", "en"}, nil, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"enterprises.xlsx, row 8: uscc (统一社会信用代码) is stored as a number", "row 7", "skipped 2 "} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if !strings.Contains(stdout.String(), "total 5 — eligible 2, review (relaxation) 1, not eligible 1, incomplete 1") {
		t.Errorf("stdout: %s", stdout.String())
	}
	// Without --sheet the first visible sheet, which is no roster, is read.
	stderr.Reset()
	code = run([]string{"subsidy", "eligibility", "dengfeng", "--enterprises", path, "--as-of", "2022-06-30", "--lang", "en"}, nil, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "missing required column") {
		t.Errorf("without --sheet: exit %d: %s", code, stderr.String())
	}
}
