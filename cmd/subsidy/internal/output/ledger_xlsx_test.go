package output

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"pgregory.net/rapid"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
)

// reconOf is the reconciliation the engine would print for lines: totals
// per program and funder, claimed, paid, held and capped-off.
func reconOf(lines []ledger.Line) *engine.Reconciliation {
	rc := &engine.Reconciliation{Listed: map[string]decimal.Decimal{"USD": dec("1234.5")},
		Rosters: []engine.RosterCount{{Kind: roster.Grants, Read: 3, Line: 1, Counted: 1, Listed: 1},
			{Kind: roster.Enterprises, Read: 2, Reference: true, Other: 2}}}
	sum := func(m map[string]*engine.Total, key string, l *ledger.Line) {
		t := m[key]
		if t == nil {
			t = &engine.Total{Key: key}
			m[key] = t
		}
		t.Lines++
		t.Computed = t.Computed.Add(l.Computed)
		t.Payable = t.Payable.Add(l.Payable)
		t.Held = t.Held.Add(l.Held)
	}
	prog, fund := map[string]*engine.Total{}, map[string]*engine.Total{}
	for i := range lines {
		l := &lines[i]
		rc.Claimed = rc.Claimed.Add(l.Computed)
		rc.Paid = rc.Paid.Add(l.Payable)
		rc.Held = rc.Held.Add(l.Held)
		rc.CappedOff = rc.CappedOff.Add(l.Computed.Sub(l.Payable).Sub(l.Held))
		sum(prog, l.Program, l)
		sum(fund, l.Funder, l)
	}
	for _, m := range []map[string]*engine.Total{prog, fund} {
		var ts []engine.Total
		for _, t := range m {
			ts = append(ts, *t)
		}
		slices.SortFunc(ts, func(a, b engine.Total) int { return strings.Compare(a.Key, b.Key) })
		if len(rc.ByProgram) == 0 && m == nil {
			continue
		}
		if rc.ByProgram == nil {
			rc.ByProgram = ts
		} else {
			rc.ByFunder = ts
		}
	}
	return rc
}

// sampleWorkbook is a workbook of the sample lines under the default policy.
func sampleWorkbook(t testing.TB, lines []ledger.Line) *Workbook {
	t.Helper()
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &Workbook{Period: "2022-03", Lines: Lines(lines), Recon: reconOf(lines), Policy: pol, Lang: "zh",
		Rejections: Rejections{{File: "grants.csv", Row: 4, Column: "uscc", Value: "=cmd|' /C calc'!A0",
			Code: "invalid_uscc", Class: ledger.ClassData, Message: msg.T("校验位错误", "bad check character")}}}
}

func writeXLSX(t testing.TB, wb *Workbook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteLedgerXLSX(&buf, wb); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// at is the cell of 明细 column col (its English name) in row r.
func at(col string, r int) string {
	ref, _ := excelize.CoordinatesToCellName(lineCol[col]+1, r)
	return ref
}

func TestWriteLedgerXLSX(t *testing.T) {
	lines := sampleLines()
	f := openXLSX(t, writeXLSX(t, sampleWorkbook(t, lines)))
	if got := f.GetSheetList(); !slices.Equal(got, []string{"明细", "汇总", "拒绝", "参数", "核对", "拨付 苏州市（市级）", "拨付 虎丘区（320505）"}) {
		t.Fatalf("sheets %v", got)
	}

	// 明细: Chinese headers, English names as notes, frozen header,
	// autofilter; every ledger column, the two label columns and the held amount.
	zh, en := LineSheetColumns()
	if len(zh) != len(ledger.Columns)+3 {
		t.Fatalf("明细 has %d columns", len(zh))
	}
	for _, c := range ledger.Columns {
		if !slices.Contains(en, c) {
			t.Errorf("明细 lacks column %s", c)
		}
	}
	for i := range zh {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		if got := cell(t, f, "明细", ref); got != zh[i] {
			t.Errorf("header %s = %q, want %q", ref, got, zh[i])
		}
	}
	comments, err := f.GetComments("明细")
	if err != nil || len(comments) != len(en) {
		t.Fatalf("comments %v %v", comments, err)
	}
	for i, c := range comments {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		if c.Cell != ref || !strings.Contains(c.Text, en[i]) {
			t.Errorf("comment %d: %+v, want %s on %s", i, c, en[i], ref)
		}
	}
	panes, err := f.GetPanes("明细")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", panes, err)
	}
	dn := f.GetDefinedName()
	if !slices.ContainsFunc(dn, func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm._FilterDatabase" && d.Scope == "明细" && d.RefersTo == "'明细'!$A$1:$Y$3"
	}) {
		t.Errorf("no autofilter on 明细 A1:Y3: %+v", dn)
	}

	// Identifiers and text are string cells; text that looks like a
	// formula stays text, without the CSV's apostrophe.
	for ref, want := range map[string]string{
		at("line_id", 2): "overseas_litigation-0123456789abcdef", at("recipient_id", 2): "91320500MA1XXXXX0A",
		at("recipient_name", 2): `=HYPERLINK("http://x","点我")`, at("program_name", 3): "-1+2", at("clause", 3): "@SUM(A1:A9)",
		at("recipient_id", 3): "\tX", at("recipient_name", 3): "'=already quoted", at("district", 2): "320505",
		at("funder", 3): "320505", at("flags", 2): "review:relaxation;exception:ceiling",
		at("status", 2): "capped", at(StatusLabelColumn, 2): "限额扣减", at(StatusLabelColumn, 3): "全额支付",
		at(FlagsLabelColumn, 2): "待复核：放宽条件立项；超上限按上限支付",
	} {
		if got := cell(t, f, "明细", ref); got != want {
			t.Errorf("明细!%s = %q, want %q", ref, got, want)
		}
		if typ, _ := f.GetCellType("明细", ref); typ != excelize.CellTypeInlineString {
			t.Errorf("明细!%s has type %v, want an inline string", ref, typ)
		}
		if formula, _ := f.GetCellFormula("明细", ref); formula != "" {
			t.Errorf("明细!%s is a formula %q", ref, formula)
		}
	}
	// Amounts are numbers formatted #,##0.00 holding the exact decimal.
	for ref, want := range map[string]string{at("basis_cny", 2): "854808", at("computed", 2): "427404",
		at("cap_limit", 2): "1000000", at("cap_used_before", 2): "700000", at("payable", 2): "300000", at("payable", 3): "2000"} {
		if got := cell(t, f, "明细", ref); got != want {
			t.Errorf("明细!%s = %q, want %q", ref, got, want)
		}
		if typ, _ := f.GetCellType("明细", ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("明细!%s has type %v, want a number", ref, typ)
		}
		style, _ := f.GetCellStyle("明细", ref)
		if s, err := f.GetStyle(style); err != nil || s.NumFmt != 4 {
			t.Errorf("明细!%s style %+v %v, want number format 4 (#,##0.00)", ref, s, err)
		}
	}
	// No cap: blank cap cells; the date is a date; the rate a number
	// shown as a percentage.
	if got := cell(t, f, "明细", at("cap_limit", 3)) + cell(t, f, "明细", at("cap_used_before", 3)); got != "" {
		t.Errorf("cap cells of a line without cap: %q", got)
	}
	if got, _ := f.GetCellValue("明细", at("event_date", 2), excelize.Options{}); got != "2022-03-01" {
		t.Errorf("event_date shows %q", got)
	}
	for r, want := range map[int][2]string{2: {"0.5", "0%"}, 3: {"1", "0%"}} {
		if got := cell(t, f, "明细", at("rate", r)); got != want[0] {
			t.Errorf("rate %q, want %s", got, want[0])
		}
		style, _ := f.GetCellStyle("明细", at("rate", r))
		if s, err := f.GetStyle(style); err != nil || s.CustomNumFmt == nil || *s.CustomNumFmt != want[1] {
			t.Errorf("rate style %+v %v, want the format %s", s, err, want[1])
		}
	}

	// The total row, after a blank row: SUBTOTAL formulas over the lines
	// with the sums as cached values.
	for ref, want := range map[string][2]string{
		at("line_id", 5):  {"合计", ""},
		"B5":              {"2", "SUBTOTAL(3,$A$2:$A$3)"},
		at("computed", 5): {"429404", "SUBTOTAL(9,$J$2:$J$3)"},
		at("payable", 5):  {"302000", "SUBTOTAL(9,$K$2:$K$3)"},
	} {
		if got := cell(t, f, "明细", ref); got != want[0] {
			t.Errorf("total row %s = %q, want %q", ref, got, want[0])
		}
		if want[1] != "" {
			if got, _ := f.GetCellFormula("明细", ref); got != want[1] {
				t.Errorf("total row %s formula %q, want %q", ref, got, want[1])
			}
		}
	}
	for _, col := range []string{"computed", "payable"} {
		got, err := f.CalcCellValue("明细", at(col, 5), excelize.Options{RawCellValue: true})
		if err != nil || got != cell(t, f, "明细", at(col, 5)) {
			t.Errorf("明细 total %s calculates to %q (%v), cached %q", col, got, err, cell(t, f, "明细", at(col, 5)))
		}
	}

	// Print setup: A4 landscape, one page wide, header row repeated,
	// page header and numbered footer; 明细 prints its first block. (The
	// approval sheets print portrait: TestWorkbookPayoutSheets.)
	for _, sheet := range f.GetSheetList() {
		if strings.HasPrefix(sheet, payoutSheetPrefix) {
			continue
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil || *pl.Orientation != "landscape" || *pl.Size != 9 || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
			t.Errorf("%s page layout %+v %v", sheet, pl, err)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s is not fit to page: %+v %v", sheet, props, err)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil || hf.OddFooter != "&C第 &P 页 共 &N 页" || !strings.Contains(hf.OddHeader, "2022-03") || !strings.Contains(hf.OddHeader, "&A") {
			t.Errorf("%s header/footer %+v %v", sheet, hf, err)
		}
		if !slices.ContainsFunc(dn, func(d excelize.DefinedName) bool {
			return d.Name == "_xlnm.Print_Titles" && d.Scope == sheet && d.RefersTo == "'"+sheet+"'!$1:$1"
		}) {
			t.Errorf("%s has no print titles: %+v", sheet, dn)
		}
	}
	if !slices.ContainsFunc(dn, func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm.Print_Area" && d.Scope == "明细" && d.RefersTo == "'明细'!$A$1:$O$5"
	}) {
		t.Errorf("明细 has no print area A1:O5: %+v", dn)
	}

	// 汇总: formulas over 明细 with the engine's totals as cached values.
	wantSummary := [][]string{
		{"维度", "代码", "名称", "笔数", "计算金额", "应付金额", "暂缓金额"},
		{"项目", "layout.madrid", "-1+2", "1", "2000", "2000", "0"},
		{"项目", "overseas_litigation", "海外维权", "1", "427404", "300000", "0"},
		{"出资方", "320505", "虎丘区", "1", "2000", "2000", "0"},
		{"出资方", "city", "市级", "1", "427404", "300000", "0"},
		{"合计", "", "全部明细", "2", "429404", "302000", "0"},
	}
	rows, err := f.GetRows("汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(wantSummary) {
		t.Fatalf("汇总 rows %q", rows)
	}
	for i := range wantSummary {
		if !slices.Equal(rows[i], wantSummary[i]) {
			t.Errorf("汇总 row %d = %q, want %q", i+1, rows[i], wantSummary[i])
		}
	}
	for ref, want := range map[string]string{
		"F2": "SUMPRODUCT(('明细'!$Q$2:$Q$3=$B2)*'明细'!$K$2:$K$3)",
		"D4": "SUMPRODUCT(--('明细'!$D$2:$D$3=$B4))",
		"F6": "SUM('明细'!$K$2:$K$3)",
	} {
		if got, _ := f.GetCellFormula("汇总", ref); got != want {
			t.Errorf("汇总!%s formula %q, want %q", ref, got, want)
		}
	}
	// excelize's own calculation engine agrees with the cached values
	// where it can evaluate the formula (not "--", nor a comparison of
	// digit-only text such as a district code: LibreOffice checks those in
	// cmd/subsidy/libreoffice_test.go).
	for _, ref := range []string{"E3", "F3", "E5", "F5", "D6", "E6", "F6"} {
		got, err := f.CalcCellValue("汇总", ref, excelize.Options{RawCellValue: true})
		if err != nil || got != cell(t, f, "汇总", ref) {
			t.Errorf("汇总!%s calculates to %q (%v), cached %q", ref, got, err, cell(t, f, "汇总", ref))
		}
	}

	// 拒绝: the rejection, its value as text, the row as a number.
	rej, _ := f.GetRows("拒绝", excelize.Options{RawCellValue: true})
	if len(rej) != 2 || !slices.Equal(rej[1], []string{"grants.csv", "4", "uscc", "=cmd|' /C calc'!A0", "invalid_uscc", "data", "校验位错误"}) {
		t.Errorf("拒绝 %q", rej)
	}
	if formula, _ := f.GetCellFormula("拒绝", "D2"); formula != "" {
		t.Errorf("拒绝!D2 is a formula %q", formula)
	}

	// 参数: the policy id and every parameter with its reference.
	params, _ := f.GetRows("参数", excelize.Options{RawCellValue: true})
	pol, _ := policy.Default()
	if len(params) < 20 || params[0][0] != "政策代码" {
		t.Fatalf("参数 %d rows", len(params))
	}
	found := false
	for _, r := range params[1:] {
		if r[0] != pol.ID {
			t.Fatalf("参数 row %q without the policy id", r)
		}
		if len(r) > 13 && r[1] == "overseas_litigation" && r[7] == "rate" {
			found = r[12] == "136" && r[13] == "三(五)20" && r[4] != ""
		}
	}
	if !found {
		t.Errorf("参数 has no overseas_litigation rate citing 136 三(五)20")
	}

	// 核对: the per-roster table and the totals.
	recon, _ := f.GetRows("核对", excelize.Options{RawCellValue: true})
	text := strings.Join(flatten(recon), "|")
	for _, want := range []string{"grants|3|1|1|0|1||是", "enterprises|2|0|0|0|0|2|是",
		"计算合计 / claimed|429404", "应付合计 / paid|302000", "限额扣减 / capped-off|127404",
		"拒绝行金额 USD / listed amount USD|1234.5", "明细笔数 / lines|2", "核对结果 / result|平衡"} {
		if !strings.Contains(text, want) {
			t.Errorf("核对 lacks %q:\n%s", want, text)
		}
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// The same workbook gives the same bytes, also with several 明细 sheets
// (each a separate excelize stream).
func TestWriteLedgerXLSXDeterministic(t *testing.T) {
	defer func(n int) { xlsxMaxLines = n }(xlsxMaxLines)
	xlsxMaxLines = 1
	wb := sampleWorkbook(t, sampleLines())
	first := writeXLSX(t, wb)
	for i := 0; i < 5; i++ {
		if again := writeXLSX(t, wb); !bytes.Equal(first, again) {
			t.Fatalf("run %d wrote different bytes", i+2)
		}
	}
	// The parts are in name order, without modification times.
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if zf.ModifiedDate != 0 || zf.ModifiedTime != 0 {
			t.Errorf("%s has a modification time", zf.Name)
		}
	}
	if !slices.IsSorted(names) || names[0] != "[Content_Types].xml" || !slices.Contains(names, "xl/worksheets/sheet2.xml") {
		t.Errorf("parts %q", names)
	}
	props, err := openXLSX(t, first).GetDocProps()
	if err != nil || props.Created != "1980-01-01T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("document times %+v %v, want the fixed ones", props, err)
	}
}

// Lines beyond the row limit continue on 明细2, 明细3; the summary sums
// over all of them.
func TestWriteLedgerXLSXContinuation(t *testing.T) {
	defer func(n int) { xlsxMaxLines = n }(xlsxMaxLines)
	xlsxMaxLines = 2
	base := sampleLines()
	var lines []ledger.Line
	for i := 0; i < 5; i++ {
		l := base[i%2]
		l.LineID += string(rune('a' + i))
		lines = append(lines, l)
	}
	data := writeXLSX(t, sampleWorkbook(t, lines))
	f := openXLSX(t, data)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"明细", "明细2", "明细3", "汇总", "拒绝", "参数", "核对", "拨付 苏州市（市级）", "拨付 虎丘区（320505）"}) {
		t.Fatalf("sheets %v", got)
	}
	for sheet, ids := range map[string][]string{"明细": {lines[0].LineID, lines[1].LineID}, "明细2": {lines[2].LineID, lines[3].LineID}, "明细3": {lines[4].LineID}} {
		rows, _ := f.GetRows(sheet)
		if rows[0][0] != "明细编号" || len(rows) != len(ids)+3 || rows[len(rows)-1][0] != "合计" {
			t.Errorf("%s: %q", sheet, rows)
			continue
		}
		for i, id := range ids {
			if rows[i+1][0] != id {
				t.Errorf("%s row %d: %q, want %q", sheet, i+2, rows[i+1][0], id)
			}
		}
	}
	if got, _ := f.GetCellFormula("汇总", "F6"); got != "SUM('明细'!$K$2:$K$3,'明细2'!$K$2:$K$3,'明细3'!$K$2:$K$2)" {
		t.Errorf("total formula %q", got)
	}
	for _, ref := range []string{"E3", "F3", "D6", "F6"} {
		got, err := f.CalcCellValue("汇总", ref, excelize.Options{RawCellValue: true})
		if err != nil || got != cell(t, f, "汇总", ref) {
			t.Errorf("汇总!%s calculates to %q (%v), cached %q", ref, got, err, cell(t, f, "汇总", ref))
		}
	}
	// And the workbook reads back as a prior ledger with every line.
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	files, _, err := ReadPrior([]string{path})
	if err != nil || len(files) != 1 || len(files[0].Lines) != len(lines) {
		t.Fatalf("read back: %v %v", files, err)
	}
	for i := range lines {
		sameLine(t, files[0].Lines[i], lines[i], "zh")
	}
}

func TestWriteLedgerXLSXEmpty(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, sampleWorkbook(t, nil)))
	rows, _ := f.GetRows("汇总", excelize.Options{RawCellValue: true})
	if len(rows) != 2 || !slices.Equal(rows[1], []string{"合计", "", "全部明细", "0", "0", "0", "0"}) {
		t.Errorf("汇总 of an empty ledger %q", rows)
	}
	got, err := f.CalcCellValue("汇总", "F2")
	if err != nil || got != "0" {
		t.Errorf("empty total calculates to %q %v", got, err)
	}
}

func TestExcelNumber(t *testing.T) {
	for _, s := range []string{"0", "0.01", "0.1", "-0.07", "2000", "475447.5", "1234567.89",
		"12345678901.23", "9999999999999.99", "0.3333", "7.1234"} {
		v, ok := excelNumber(dec(s))
		if !ok {
			t.Errorf("%s: not exact", s)
			continue
		}
		// What excelize writes into the cell for v reads back as s.
		var buf bytes.Buffer
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", v)
		f.Write(&buf)
		g := openXLSX(t, buf.Bytes())
		if got := cell(t, g, "Sheet1", "A1"); !dec(got).Equal(dec(s)) {
			t.Errorf("%s: the cell holds %s", s, got)
		}
	}
	for _, s := range []string{"99999999999999.99", "0.1234567890123456", "1e400"} {
		if _, ok := excelNumber(dec(s)); ok {
			t.Errorf("%s: a spreadsheet number cannot hold it exactly, yet accepted", s)
		}
	}
}

// Nothing is silently changed: an amount a spreadsheet number cannot hold
// and a text longer than a cell holds are errors.
func TestWriteLedgerXLSXRefuses(t *testing.T) {
	lines := sampleLines()
	lines[0].Payable = dec("123456789012345.67")
	if err := WriteLedgerXLSX(&bytes.Buffer{}, sampleWorkbook(t, lines)); err == nil || !strings.Contains(err.Error(), "payable") {
		t.Errorf("huge amount: %v", err)
	}
	lines = sampleLines()
	lines[1].Note = msg.T(strings.Repeat("长", maxCellChars+1), "x")
	if err := WriteLedgerXLSX(&bytes.Buffer{}, sampleWorkbook(t, lines)); err == nil || !strings.Contains(err.Error(), "note") {
		t.Errorf("long note: %v", err)
	}
}

// BenchmarkWriteLedgerXLSX measures the workbook writer (spec §7: timed on
// its own), per line.
func BenchmarkWriteLedgerXLSX(b *testing.B) {
	lines := benchLines(10000)
	for i := range lines {
		lines[i].LineID = fmt.Sprintf("%s-%d", lines[i].LineID, i)
	}
	wb := sampleWorkbook(b, lines)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := WriteLedgerXLSX(io.Discard, wb); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}

// The fast road of excelNumber gives the float64 and the verdict of the
// long one.
func TestExcelNumberFastRoad(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		digits := rapid.IntRange(1, 15).Draw(t, "digits")
		c := rapid.Int64Range(0, int64(math.Pow10(digits))-1).Draw(t, "coef")
		if rapid.Bool().Draw(t, "neg") {
			c = -c
		}
		d := decimal.New(c, -int32(rapid.IntRange(0, 22).Draw(t, "scale")))
		v1, ok1 := excelNumber(d)
		v2, ok2 := parsedExcelNumber(d)
		if v1 != v2 || ok1 != ok2 || !ok1 {
			t.Fatalf("%s: fast %v %v, parsed %v %v", d, v1, ok1, v2, ok2)
		}
	})
}

// 拒绝 names a rejection's column and value as the rejections CSV does:
// the column with its Chinese header name in Chinese, the cell as the
// clerk typed it (issue 13).
func TestWorkbookRejectionAsTyped(t *testing.T) {
	for _, tc := range []struct{ lang, column string }{{"zh", "类型(kind)"}, {"en", "kind"}} {
		wb := sampleWorkbook(t, nil)
		wb.Lang = tc.lang
		wb.Rejections = Rejections{{File: "grants.csv", Row: 7, Column: "kind", ColumnZh: "类型", Value: "utility",
			Typed: "实用新型x", Code: "invalid_enum", Class: ledger.ClassData, Message: msg.T("类型不明", "unknown kind")}}
		f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, wb)))
		if err != nil {
			t.Fatal(err)
		}
		rej, _ := f.GetRows(SheetRejections, excelize.Options{RawCellValue: true})
		if len(rej) != 2 || rej[1][2] != tc.column || rej[1][3] != "实用新型x" {
			t.Errorf("%s: 拒绝 %q, want column %q and the typed value", tc.lang, rej, tc.column)
		}
	}
}
