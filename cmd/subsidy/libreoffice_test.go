package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/cmd/subsidy/internal/output"
)

// loRecalcProfile is the LibreOffice user profile the test runs with: it
// makes Calc recalculate every formula of an OOXML (and ODF) file on load
// (OOXMLRecalcMode 0 = always; the default is never, which would only show
// the cached values the program wrote).
const loRecalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// loCSVFilter exports every sheet of a workbook to its own CSV file
// (LibreOffice 7.2 and later: token 12 = -1), UTF-8 (76), comma separated,
// double-quoted, with the cell values rather than their formatted text
// (token 9 false), so amounts come out as the numbers the cells hold.
const loCSVFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// TestLibreOfficeRecalculatesWorkbook opens the workbook ledger of the
// README's example batch in a real spreadsheet program (LibreOffice Calc,
// headless), recalculating every formula on load, and checks that every
// sheet converts, that the recalculated 汇总 totals equal the engine's
// totals to the fen, that the recalculated 核对 totals do too, and that
// 明细 holds the same lines and amounts as the CSV ledger of the same run.
// A second copy of the workbook whose 汇总 cached values are all wrong
// shows that the values checked are LibreOffice's own results, not the
// cached ones. Skipped when soffice is absent, unless CI_REQUIRE_SOFFICE=1
// (CI installs it with .ci/install-libreoffice).
func TestLibreOfficeRecalculatesWorkbook(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI_REQUIRE_SOFFICE") == "1" {
			t.Fatal("soffice (LibreOffice) is not installed but CI_REQUIRE_SOFFICE=1; run .ci/install-libreoffice")
		}
		t.Skip("soffice (LibreOffice) is not installed; .ci/install-libreoffice installs it (Debian package libreoffice-calc-nogui)")
	}
	fixture := filepath.Join(fixturesDir, "example-2022-06")
	dir := t.TempDir()
	book := filepath.Join(dir, "ledger.xlsx")
	ledgerCSV := filepath.Join(dir, "csv", "ledger.csv")
	if err := os.Mkdir(filepath.Join(dir, "csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{book, ledgerCSV} {
		var stderr bytes.Buffer
		args := []string{"subsidy", "run", "--period", "2022-06", "--in", fixture, "--out", out, "--quiet"}
		if code := run(args, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
	}
	res := runDir(t, fixture, "2022-06", nil, "")
	if len(res.Lines) == 0 || len(res.Recon.ByProgram) < 2 || len(res.Recon.ByFunder) < 2 {
		t.Fatalf("the example batch should pay several programs and funders: %d lines", len(res.Lines))
	}

	// The tampered copy: same lines, every cached total wrong.
	wrong := res.Recon
	wrong.ByProgram = tamper(res.Recon.ByProgram)
	wrong.ByFunder = tamper(res.Recon.ByFunder)
	wrong.Claimed, wrong.Paid, wrong.CappedOff = decimal.NewFromInt(1), decimal.NewFromInt(2), decimal.NewFromInt(3)
	pol, err := loadPolicy("")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := output.WriteLedgerXLSX(&buf, &output.Workbook{Period: "2022-06", Lines: res.Lines,
		Rejections: res.Rejections, Recon: &wrong, Policy: pol, Lang: "zh"}); err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(dir, "tampered.xlsx")
	if err := os.WriteFile(tampered, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	outDir := filepath.Join(dir, "lo")
	convert(t, soffice, dir, outDir, book, tampered)

	csvLedger := readCSVFile(t, ledgerCSV)
	for _, name := range []string{"ledger", "tampered"} {
		t.Run(name, func(t *testing.T) {
			sheets := map[string][][]string{}
			for _, s := range []string{output.SheetLines, output.SheetSummary, output.SheetRejections, output.SheetParams, output.SheetRecon} {
				p := filepath.Join(outDir, name+"-"+s+".csv")
				if _, err := os.Stat(p); err != nil {
					t.Fatalf("sheet %s did not convert: %v", s, err)
				}
				sheets[s] = readCSVFile(t, p)
			}
			checkSummary(t, sheets[output.SheetSummary], &res.Recon, len(res.Lines))
			checkReconSheet(t, sheets[output.SheetRecon], &res.Recon)
			checkLines(t, sheets[output.SheetLines], csvLedger)
			if got := len(sheets[output.SheetRejections]) - 1; got != len(res.Rejections) {
				t.Errorf("拒绝 has %d rows, the run listed %d", got, len(res.Rejections))
			}
			if len(sheets[output.SheetParams]) < 10 || sheets[output.SheetParams][1][0] != pol.ID {
				t.Errorf("参数 does not list the parameters of policy %s", pol.ID)
			}
		})
	}
}

// tamper returns totals with wrong counts and amounts.
func tamper(ts []engine.Total) []engine.Total {
	out := make([]engine.Total, len(ts))
	for i, t := range ts {
		out[i] = engine.Total{Key: t.Key, Lines: t.Lines + 7, Computed: t.Computed.Add(decimal.NewFromInt(1000)), Payable: decimal.NewFromInt(int64(i))}
	}
	return out
}

// convert runs soffice once on the workbooks, with a private profile that
// recalculates on load, exporting every sheet to CSV in outDir.
func convert(t *testing.T, soffice, dir, outDir string, books ...string) {
	t.Helper()
	profile := filepath.Join(dir, "lo-profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(loRecalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile),
		"--headless", "--norestore", "--nolockcheck", "--convert-to", loCSVFilter, "--outdir", outDir}, books...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("soffice took %v:\n%s", time.Since(start).Round(time.Millisecond), out)
	if err != nil {
		t.Fatalf("soffice: %v", err)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// fen reads a number LibreOffice printed and rounds it to the fen.
func fen(t *testing.T, where, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		t.Errorf("%s: %q is not a number (formula not recalculated?)", where, s)
		return decimal.Zero
	}
	return d.Round(2)
}

// checkSummary compares LibreOffice's 汇总 with the engine's totals.
func checkSummary(t *testing.T, rows [][]string, rc *engine.Reconciliation, lines int) {
	t.Helper()
	want := map[string]engine.Total{}
	for _, x := range rc.ByProgram {
		want["项目|"+x.Key] = x
	}
	for _, x := range rc.ByFunder {
		want["出资方|"+x.Key] = x
	}
	want["合计|"] = engine.Total{Lines: lines, Computed: rc.Claimed, Payable: rc.Paid}
	seen := 0
	for i, r := range rows[1:] {
		if len(r) < 6 {
			t.Errorf("汇总 row %d: %q", i+2, r)
			continue
		}
		key := r[0] + "|" + r[1]
		w, ok := want[key]
		if !ok {
			t.Errorf("汇总 row %d: unexpected %q", i+2, key)
			continue
		}
		seen++
		where := fmt.Sprintf("汇总 row %d (%s)", i+2, key)
		if got := fen(t, where, r[3]); !got.Equal(decimal.NewFromInt(int64(w.Lines))) {
			t.Errorf("%s: LibreOffice counts %s lines, the engine %d", where, got, w.Lines)
		}
		if got := fen(t, where, r[4]); !got.Equal(w.Computed) {
			t.Errorf("%s: LibreOffice computed %s, the engine %s", where, got, w.Computed)
		}
		if got := fen(t, where, r[5]); !got.Equal(w.Payable) {
			t.Errorf("%s: LibreOffice payable %s, the engine %s", where, got, w.Payable)
		}
	}
	if seen != len(want) {
		t.Errorf("汇总 has %d of the %d totals", seen, len(want))
	}
}

// checkReconSheet compares LibreOffice's 核对 totals with the engine's.
func checkReconSheet(t *testing.T, rows [][]string, rc *engine.Reconciliation) {
	t.Helper()
	want := map[string]decimal.Decimal{
		"计算合计 / claimed": rc.Claimed, "应付合计 / paid": rc.Paid, "限额扣减 / capped-off": rc.CappedOff,
	}
	for _, r := range rows {
		if w, ok := want[r[0]]; ok && len(r) > 1 {
			if got := fen(t, "核对 "+r[0], r[1]); !got.Equal(w) {
				t.Errorf("核对 %s: LibreOffice %s, the engine %s", r[0], got, w)
			}
			delete(want, r[0])
		}
	}
	if len(want) > 0 {
		t.Errorf("核对 lacks %v", want)
	}
}

// checkLines compares LibreOffice's 明细 with the CSV ledger: the same
// lines in the same order, amounts equal as decimals, text equal once the
// CSV's formula neutralisation is undone, dates as YYYY-MM-DD.
func checkLines(t *testing.T, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("明细 has %d rows, the CSV ledger %d", len(got), len(want))
	}
	for i, zh := range ledger.ColumnsZh {
		if got[0][i] != zh || want[0][i] != ledger.Columns[i] {
			t.Fatalf("headers %q / %q", got[0], want[0])
		}
	}
	numeric := map[string]bool{"basis_cny": true, "rate": true, "computed": true, "cap_limit": true, "cap_used_before": true, "payable": true}
	for r := 1; r < len(want); r++ {
		for c, col := range ledger.Columns {
			g, w := got[r][c], want[r][c]
			where := fmt.Sprintf("明细 row %d %s", r+1, col)
			switch {
			case numeric[col] && w == "":
				if g != "" {
					t.Errorf("%s: %q, the CSV is blank", where, g)
				}
			case numeric[col]:
				gd, err1 := decimal.NewFromString(g)
				wd, err2 := decimal.NewFromString(w)
				if err1 != nil || err2 != nil || !gd.Equal(wd) {
					t.Errorf("%s: LibreOffice %q, the CSV %q", where, g, w)
				}
			default:
				if g != output.Unneutralise(w) {
					t.Errorf("%s: LibreOffice %q, the CSV %q", where, g, w)
				}
			}
		}
	}
}
