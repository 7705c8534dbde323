package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"subsidy/calc/engine"
	"subsidy/calc/policy"
	"subsidy/cmd/subsidy/internal/forms"
)

// identifier18 is an 18-character identity number or credit code.
var identifier18 = regexp.MustCompile(`[0-9A-Z]{17}[0-9A-Z]`)

// TestNoticeNeverShowsAnIdentifier (issue 16): over every fixture, the
// public notice — as CSV and as a workbook — prints no 18-character ID
// number (nor a credit code), whoever the recipients are.
func TestNoticeNeverShowsAnIdentifier(t *testing.T) {
	cases, err := findCases(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, cd := range cases {
		t.Run(filepath.Base(cd), func(t *testing.T) {
			fc, err := readCase(cd)
			if err != nil {
				t.Fatal(err)
			}
			var res *engine.Result
			if len(fc.Months) > 0 {
				res, err = runMonths(cd, fc, "zh", filepath.Join(t.TempDir(), "ledgers"))
			} else {
				_, _, res, err = runCase(cd, fc, "zh")
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Lines) == 0 && len(fc.Expect.Lines) > 0 {
				t.Fatal("no lines")
			}
			n := forms.NewNotice(res.Lines, pol)
			var csvOut, xlsxOut bytes.Buffer
			if err := n.WriteCSV(&csvOut); err != nil {
				t.Fatal(err)
			}
			if err := n.WriteXLSX(&xlsxOut); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&xlsxOut)
			if err != nil {
				t.Fatal(err)
			}
			text := csvOut.String()
			for _, sh := range f.GetSheetList() {
				rows, _ := f.GetRows(sh)
				for _, r := range rows {
					text += strings.Join(r, " ") + "\n"
				}
			}
			if m := identifier18.FindString(text); m != "" {
				t.Errorf("the notice shows %s", m)
			}
		})
	}
}
