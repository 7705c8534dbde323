package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/batch"
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
// sheet converts, that the recalculated 汇总 totals and 明细's total row
// equal the engine's totals to the fen, that the recalculated 核对 totals
// do too, and that 明细 holds the same lines and amounts as the CSV ledger
// of the same run, the status and flags in words beside their codes. A
// second copy of the workbook whose formulas all have wrong cached values
// shows that the values checked are LibreOffice's own results, not the
// cached ones. Skipped when soffice is absent, unless CI_REQUIRE_SOFFICE=1
// (CI installs it with .ci/install-libreoffice).
func TestLibreOfficeRecalculatesWorkbook(t *testing.T) {
	soffice := needTool(t, "soffice", "LibreOffice", "libreoffice-calc-nogui")
	dir := t.TempDir()
	pol, err := batch.LoadPolicy("")
	if err != nil {
		t.Fatal(err)
	}
	// The example batch, and a batch with held lines (budget-holds: the
	// 暂缓金额 column, 汇总's held totals, 核对's held and capped-off).
	type book struct {
		name, fixture, period string
		res                   *engine.Result
		csv                   [][]string
	}
	books := []*book{{name: "ledger", fixture: "example-2022-06", period: "2022-06"},
		{name: "held", fixture: "budget-holds", period: "2022-06"}}
	var paths []string
	for _, b := range books {
		fixture := filepath.Join(fixturesDir, b.fixture)
		// each run in its folder (a run's rejections file is beside its ledger)
		path := filepath.Join(dir, b.name, b.name+".xlsx")
		ledgerCSV := filepath.Join(dir, b.name, "csv", "ledger.csv")
		if err := os.MkdirAll(filepath.Join(dir, b.name, "csv"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, out := range []string{path, ledgerCSV} {
			var stderr bytes.Buffer
			args := []string{"subsidy", "run", "--period", b.period, "--in", fixture, "--out", out, "--quiet"}
			if code := run(args, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != 0 {
				t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
			}
		}
		b.res = runDir(t, fixture, b.period, nil, "")
		b.csv = readCSVFile(t, ledgerCSV)
		paths = append(paths, path)
	}
	if res := books[0].res; len(res.Lines) == 0 || len(res.Recon.ByProgram) < 2 || len(res.Recon.ByFunder) < 2 {
		t.Fatalf("the example batch should pay several programs and funders: %d lines", len(res.Lines))
	}
	if books[1].res.Recon.Held.IsZero() {
		t.Fatal("the budget-holds batch holds nothing")
	}
	// The tampered copy: same lines, every formula's cached value wrong.
	tampered := &book{name: "tampered", fixture: books[0].fixture, res: books[0].res, csv: books[0].csv}
	tamperCachedValues(t, paths[0], filepath.Join(dir, "tampered.xlsx"))
	books = append(books, tampered)
	paths = append(paths, filepath.Join(dir, "tampered.xlsx"))

	outDir := filepath.Join(dir, "lo")
	convert(t, soffice, dir, outDir, loCSVFilter, paths...)

	for _, b := range books {
		t.Run(b.name, func(t *testing.T) {
			sheets := map[string][][]string{}
			for _, s := range []string{output.SheetLines, output.SheetSummary, output.SheetRejections, output.SheetParams, output.SheetRecon} {
				p := filepath.Join(outDir, b.name+"-"+s+".csv")
				if _, err := os.Stat(p); err != nil {
					t.Fatalf("sheet %s did not convert: %v", s, err)
				}
				sheets[s] = readCSVFile(t, p)
			}
			res := b.res
			checkSummary(t, sheets[output.SheetSummary], &res.Recon, len(res.Lines))
			checkReconSheet(t, sheets[output.SheetRecon], &res.Recon)
			checkLines(t, sheets[output.SheetLines], b.csv, &res.Recon)
			if got := len(sheets[output.SheetRejections]) - 1; got != len(res.Rejections) {
				t.Errorf("拒绝 has %d rows, the run listed %d", got, len(res.Rejections))
			}
			if len(sheets[output.SheetParams]) < 10 || sheets[output.SheetParams][1][0] != pol.ID {
				t.Errorf("参数 does not list the parameters of policy %s", pol.ID)
			}
			checkPayoutSheets(t, outDir, b.name, b.fixture, res, pol)
		})
	}
}

// needTool returns the path of the program name (what, from the Debian
// package pkg), or skips the test when it is not installed, unless
// CI_REQUIRE_SOFFICE=1, which makes a missing tool a failure
// (.ci/install-libreoffice installs them all).
func needTool(t *testing.T, name, what, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI_REQUIRE_SOFFICE") == "1" {
		t.Fatalf("%s (%s) is not installed but CI_REQUIRE_SOFFICE=1; run .ci/install-libreoffice", name, what)
	}
	t.Skipf("%s (%s) is not installed; .ci/install-libreoffice installs it (Debian package %s)", name, what, pkg)
	return ""
}

// cachedValue is a formula's cached value in a worksheet's XML.
var cachedValue = regexp.MustCompile(`</f><v>[^<]*</v>`)

// tamperCachedValues copies the workbook src to dst with the cached value
// of every formula of every sheet set to 7.
func tamperCachedValues(t *testing.T, src, dst string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	n := 0
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			n += len(cachedValue.FindAll(data, -1))
			data = cachedValue.ReplaceAll(data, []byte("</f><v>7</v>"))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d cached formula values to tamper with", n)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// convert runs soffice once on the workbooks, with a private profile that
// recalculates on load, converting them with filter (loCSVFilter: every
// sheet to CSV) into outDir.
func convert(t *testing.T, soffice, dir, outDir, filter string, books ...string) {
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
		"--headless", "--norestore", "--nolockcheck", "--convert-to", filter, "--outdir", outDir}, books...)
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
	want["合计|"] = engine.Total{Lines: lines, Computed: rc.Claimed, Payable: rc.Paid, Held: rc.Held}
	seen := 0
	for i, r := range rows[1:] {
		if len(r) < 7 {
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
		if got := fen(t, where, r[6]); !got.Equal(w.Held) {
			t.Errorf("%s: LibreOffice held %s, the engine %s", where, got, w.Held)
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
		"暂缓支付 / held": rc.Held,
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
// lines in the same order, each ledger column found by its header (the
// English name of the Chinese header, output.LineSheetColumns), amounts
// equal as decimals, text equal once the CSV's formula neutralisation is
// undone, dates as YYYY-MM-DD, the status and flags in words matching
// their codes; then a blank row and the total row, whose count and sums
// LibreOffice recalculated to the engine's totals.
func checkLines(t *testing.T, got, want [][]string, rc *engine.Reconciliation) {
	t.Helper()
	zh, en := output.LineSheetColumns()
	if len(got) != len(want)+2 {
		t.Fatalf("明细 has %d rows, the CSV ledger %d lines (+ header, blank row and total row)", len(got), len(want)-1)
	}
	for i := range zh {
		if got[0][i] != zh[i] {
			t.Fatalf("headers %q, want %q", got[0], zh)
		}
	}
	if !slices.Equal(want[0], ledger.Columns) {
		t.Fatalf("CSV headers %q", want[0])
	}
	sheetCol := func(col string) int { return slices.Index(en, col) }
	for r := 1; r < len(want); r++ {
		for c, col := range ledger.Columns {
			g, w := got[r][sheetCol(col)], want[r][c]
			where := fmt.Sprintf("明细 row %d %s", r+1, col)
			numeric := ledger.LineColumns[c].Numeric()
			switch {
			case numeric && w == "":
				if g != "" {
					t.Errorf("%s: %q, the CSV is blank", where, g)
				}
			case numeric:
				// LibreOffice exports a percentage as shown even when
				// asked for values ("50%" for 0.5): the value is read back.
				pct := strings.HasSuffix(g, "%")
				gd, err1 := decimal.NewFromString(strings.TrimSuffix(g, "%"))
				if pct {
					gd = gd.Shift(-2)
				}
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
		status, flags := want[r][slices.Index(ledger.Columns, "status")], want[r][slices.Index(ledger.Columns, "flags")]
		if g, w := got[r][sheetCol(output.StatusLabelColumn)], output.StatusLabel(status, "zh"); g != w {
			t.Errorf("明细 row %d status in words %q, want %q", r+1, g, w)
		}
		var fl []string
		if flags != "" {
			fl = strings.Split(flags, ";")
		}
		if g, w := got[r][sheetCol(output.FlagsLabelColumn)], output.FlagsLabel(fl, "zh"); g != w {
			t.Errorf("明细 row %d flags in words %q, want %q", r+1, g, w)
		}
		if held := got[r][sheetCol(output.HeldColumn)]; (held != "") != (status == ledger.StatusHeld) {
			t.Errorf("明细 row %d: status %s with 暂缓金额 %q", r+1, status, held)
		}
	}
	if blank := strings.Join(got[len(want)], ""); blank != "" {
		t.Errorf("明细: the row after the lines is not blank: %q", got[len(want)])
	}
	total := got[len(want)+1]
	if total[0] != "合计" {
		t.Errorf("明细 total row %q", total)
	}
	if n := fen(t, "明细 total count", total[1]); !n.Equal(decimal.NewFromInt(int64(len(want) - 1))) {
		t.Errorf("明细 total count %s, want %d", n, len(want)-1)
	}
	for col, w := range map[string]decimal.Decimal{"computed": rc.Claimed, "payable": rc.Paid, output.HeldColumn: rc.Held} {
		if g := fen(t, "明细 total "+col, total[sheetCol(col)]); !g.Equal(w) {
			t.Errorf("明细 total %s: LibreOffice %s, the engine %s", col, g, w)
		}
	}
}

// checkPayoutSheets compares LibreOffice's approval sheets (拨付 …) with
// the engine's lines: one sheet per funder with something to pay, each
// program's count of lines to pay and their sum, the total, and the total
// in capital numerals; for a fixture whose case.yaml lists the approval
// sheets, with the totals and capital numerals written there by hand.
func checkPayoutSheets(t *testing.T, outDir, name, fixture string, res *engine.Result, pol *policy.Policy) {
	t.Helper()
	type sums struct {
		lines int
		total decimal.Decimal
	}
	want := map[string]map[string]*sums{} // funder → program ("" the total)
	for _, l := range res.Lines {
		if !l.Payable.IsPositive() {
			continue
		}
		if want[l.Funder] == nil {
			want[l.Funder] = map[string]*sums{"": {}}
		}
		for _, key := range []string{"", l.Program} {
			if want[l.Funder][key] == nil {
				want[l.Funder][key] = &sums{}
			}
			want[l.Funder][key].lines++
			want[l.Funder][key].total = want[l.Funder][key].total.Add(l.Payable)
		}
	}
	byHand := map[string][2]string{}
	if fc, err := readCase(filepath.Join(fixturesDir, fixture)); err == nil {
		for _, p := range fc.Expect.Payouts {
			byHand[p.Funder] = [2]string{p.Total, p.Capital}
		}
	}
	sheets, _ := filepath.Glob(filepath.Join(outDir, name+"-拨付 *.csv"))
	if len(sheets) != len(want) {
		t.Errorf("%d approval sheets, %d funders pay", len(sheets), len(want))
	}
	for funder, programs := range want {
		p := filepath.Join(outDir, name+"-"+output.PayoutSheetName(pol, funder)+".csv")
		rows := readCSVFile(t, p)
		seen := 0
		for _, r := range rows {
			if len(r) < 5 {
				continue
			}
			key := ""
			if r[0] != "合计" {
				if m := regexp.MustCompile(`（([a-z_.0-9]+)）$`).FindStringSubmatch(r[1]); m != nil {
					key = m[1]
				} else {
					continue
				}
			}
			w := programs[key]
			if w == nil {
				t.Errorf("%s: unexpected row %q", p, r)
				continue
			}
			seen++
			if n := fen(t, p, r[3]); !n.Equal(decimal.NewFromInt(int64(w.lines))) || !fen(t, p, r[4]).Equal(w.total) {
				t.Errorf("%s %q: LibreOffice %s lines, %s; the engine %d, %s", p, key, r[3], r[4], w.lines, w.total)
			}
		}
		if seen != len(programs) {
			t.Errorf("%s: %d of the %d rows (programs and total)", p, seen, len(programs))
		}
		capital, err := value.CapitalNumerals(programs[""].total)
		if err != nil {
			t.Fatal(err)
		}
		if hand, ok := byHand[funder]; ok {
			if !programs[""].total.Equal(decimal.RequireFromString(hand[0])) || capital != hand[1] {
				t.Errorf("%s: the engine pays %s (%s), case.yaml says %s (%s)", funder, programs[""].total, capital, hand[0], hand[1])
			}
		}
		if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "合计金额（大写）：人民币"+capital }) {
			t.Errorf("%s: no row 合计金额（大写）：人民币%s", p, capital)
		}
	}
	if fixture == "example-2022-06" && len(byHand) != len(want) {
		t.Errorf("case.yaml lists %d approval sheets, the engine pays %d funders", len(byHand), len(want))
	}
}
