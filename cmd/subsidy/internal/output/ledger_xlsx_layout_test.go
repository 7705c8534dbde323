package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
)

// Rates show as percentages with as many fraction digits as they have,
// the cell holding the rate itself.
func TestRateStyle(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	for rate, want := range map[string]string{
		"1": "0%", "0.5": "0%", "0.1": "0%", "0.125": "0.0%", "0.0125": "0.00%", "0.33333": "0.000%",
		"0.123456": "0.0000%", "0.1234567": "0.0000######%", "1.5": "0%", "0": "0%",
	} {
		s, err := f.GetStyle(st.rateStyle(dec(rate)))
		if err != nil || s.CustomNumFmt == nil || *s.CustomNumFmt != want {
			t.Errorf("rate %s: style %+v %v, want %s", rate, s, err, want)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct{ status, zh, en string }{
		{ledger.StatusPaid, "全额支付", "paid in full"}, {ledger.StatusCapped, "限额扣减", "reduced by a cap"},
		{ledger.StatusZero, "零额", "nothing payable"}, {"other", "other", "other"},
	} {
		if got := StatusLabel(c.status, "zh"); got != c.zh {
			t.Errorf("%s: %q", c.status, got)
		}
		if got := StatusLabel(c.status, "en"); got != c.en {
			t.Errorf("%s: %q", c.status, got)
		}
	}
	flags := []string{"review:discretionary", "exception:ceiling", "review:late_acceptance", "review:new_kind"}
	if got := FlagsLabel(flags, "zh"); got != "待复核：一事一议；超上限按上限支付；待复核：逾期验收；review:new_kind" {
		t.Errorf("zh flags %q", got)
	}
	if got := FlagsLabel(flags[:2], "en"); got != "review: discretionary award; above the ceiling: the ceiling is paid" {
		t.Errorf("en flags %q", got)
	}
	if got := FlagsLabel(nil, "zh"); got != "" {
		t.Errorf("no flags %q", got)
	}
	for _, code := range []string{"review:relaxation", "review:no_approval", "review:possible_duplicate"} {
		if l := FlagsLabel([]string{code}, "zh"); !strings.HasPrefix(l, "待复核：") {
			t.Errorf("%s: %q", code, l)
		}
	}
}

func TestTextLines(t *testing.T) {
	for _, c := range []struct {
		s     string
		width float64
		want  int
	}{
		{"", 10, 1}, {"short", 10, 1}, {"one two three four", 10, 2},
		{"a\nb\nc", 40, 3}, {strings.Repeat("x", 95), 10, 10},
		{strings.Repeat("知", 20), 21, 3}, {strings.Repeat("知", 9), 21, 1},
		{"grants.csv:12 91320583MA1XA0027A|US11456789B2|US", 22, 3},
	} {
		if got := textLines(c.s, c.width); got != c.want {
			t.Errorf("textLines(%q, %v) = %d, want %d", c.s, c.width, got, c.want)
		}
	}
	cols := []column{{width: 10, wrap: true}, {width: 5}}
	if h := rowHeight(cols, []string{"short", strings.Repeat("long ", 20)}); h != 0 {
		t.Errorf("a row whose wrapped cells fit: height %v", h)
	}
	if h := rowHeight(cols, []string{"one two three four", ""}); h != 2*linePoints {
		t.Errorf("two lines: height %v", h)
	}
	if h := rowHeight(cols, []string{strings.Repeat("x", 10000), ""}); h != maxRowPoints {
		t.Errorf("a huge text: height %v", h)
	}
}

// A line_id that would read back as the total row is refused.
func TestWriteLedgerXLSXRefusesTotalLabel(t *testing.T) {
	lines := sampleLines()
	lines[0].LineID = totalLabel
	if err := WriteLedgerXLSX(&bytes.Buffer{}, sampleWorkbook(t, lines)); err == nil || !strings.Contains(err.Error(), "line_id") {
		t.Errorf("line_id 合计: %v", err)
	}
}

// Lines that do not add up to the reconciliation are refused.
func TestWriteLedgerXLSXRefusesUnbalancedLines(t *testing.T) {
	wb := sampleWorkbook(t, sampleLines())
	wb.Lines.(Lines)[0].Payable = dec("299999.99")
	if err := WriteLedgerXLSX(&bytes.Buffer{}, wb); err == nil || !strings.Contains(err.Error(), "reconciliation") {
		t.Errorf("unbalanced: %v", err)
	}
}

// A workbook written before the status and flags were shown in words (22
// columns, 状态 and 标记 holding the codes, no total row) still reads as a
// prior ledger, with the same lines as the CSV ledger of the same run.
func TestPriorXLSXPreviousLayout(t *testing.T) {
	dir := filepath.Join("testdata", "v1")
	book, csvFile := filepath.Join(dir, "ledger-2022-06.xlsx"), filepath.Join(dir, "ledger-2022-06.csv")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	header, _ := f.GetRows(SheetLines)
	f.Close()
	if len(header[0]) != 22 || header[0][19] != "状态" || header[1][19] != "paid" {
		t.Fatalf("testdata/v1 is not the previous layout: %q", header[0])
	}
	got, _, err := ReadPrior([]string{book})
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := ReadPrior([]string{csvFile})
	if err != nil {
		t.Fatal(err)
	}
	if len(got[0].Lines) != 22 || len(got[0].Lines) != len(want[0].Lines) {
		t.Fatalf("%d lines from the workbook, %d from the CSV", len(got[0].Lines), len(want[0].Lines))
	}
	for i := range want[0].Lines {
		sameLine(t, got[0].Lines[i], want[0].Lines[i], "zh")
	}
}

// The current layout reads back with its headers in English too, the
// label columns ignored whatever they say; a line after the total row is
// refused.
func TestPriorXLSXLabelsAndTotalRow(t *testing.T) {
	dir := t.TempDir()
	path := writeWorkbookFile(t, dir, "ledger.xlsx", sampleLines())
	editWorkbook(t, path, func(f *excelize.File) {
		_, en := LineSheetColumns()
		for i, name := range en {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellValue(SheetLines, cell, name)
		}
		f.SetCellValue(SheetLines, at(StatusLabelColumn, 2), "另一种说法")
		f.SetCellValue(SheetLines, at(FlagsLabelColumn, 3), "whatever")
	})
	files, _, err := ReadPrior([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range sampleLines() {
		sameLine(t, files[0].Lines[i], l, "zh")
	}
	path = writeWorkbookFile(t, dir, "after.xlsx", sampleLines())
	editWorkbook(t, path, func(f *excelize.File) {
		row, _ := f.GetRows(SheetLines)
		vals := make([]any, len(row[1]))
		for i, v := range row[1] {
			vals[i] = v
		}
		vals[0] = "overseas_litigation-ffffffffffffffff"
		f.SetSheetRow(SheetLines, "A6", &vals)
	})
	_, _, err = ReadPrior([]string{path})
	var e *Error
	if !errors.As(err, &e) || e.Row != 6 || !strings.Contains(e.Text().En, "after the total row (row 5)") {
		t.Errorf("a line after the total row: %v", err)
	}
}

// miscounted is a LineSource whose Len is not its number of lines.
type miscounted struct {
	Lines
	n int
}

func (m miscounted) Len() int { return m.n }

// A source that hands over more or fewer lines than it announced is an
// error, not a workbook sized wrong.
func TestWriteLedgerXLSXMiscountedSource(t *testing.T) {
	for _, n := range []int{1, 3} {
		wb := sampleWorkbook(t, sampleLines())
		wb.Lines = miscounted{wb.Lines.(Lines), n}
		if err := WriteLedgerXLSX(&bytes.Buffer{}, wb); err == nil || !strings.Contains(err.Error(), "announced") {
			t.Errorf("Len %d of 2 lines: %v", n, err)
		}
	}
}

// A held line (暂缓支付, issue 16) shows its label and what it would pay in
// 明细's 暂缓金额, which the total row, 汇总 and 核对 add up; 核对's
// capped-off is what is neither paid nor held, so claimed = paid +
// capped-off + held; reading the workbook back as a prior ledger ignores
// the held column.
func TestWorkbookHeldLine(t *testing.T) {
	lines := sampleLines()
	// line 1: layout.madrid 2,000.00 for 320505, held whole.
	lines[1].Held, lines[1].Payable, lines[1].Status = lines[1].Payable, decimal.Zero, ledger.StatusHeld
	wb := sampleWorkbook(t, lines)
	if !wb.Recon.Held.Equal(dec("2000")) || !wb.Recon.CappedOff.Equal(dec("127404")) {
		t.Fatalf("recon held %s capped-off %s", wb.Recon.Held, wb.Recon.CappedOff)
	}
	f := openXLSX(t, writeXLSX(t, wb))
	if got := cell(t, f, SheetLines, at(StatusLabelColumn, 3)); got != "暂缓支付" {
		t.Errorf("held line labelled %q", got)
	}
	if got := cell(t, f, SheetLines, at(HeldColumn, 3)); got != "2000" {
		t.Errorf("held line's 暂缓金额 %q, want 2000", got)
	}
	if got := cell(t, f, SheetLines, at(HeldColumn, 2)); got != "" {
		t.Errorf("paid line's 暂缓金额 %q, want blank", got)
	}
	if got := cell(t, f, SheetLines, at(HeldColumn, 5)); got != "2000" {
		t.Errorf("total row's 暂缓金额 %q, want 2000", got)
	}
	if got, _ := f.GetCellFormula(SheetLines, at(HeldColumn, 5)); got != "SUBTOTAL(9,$"+lineColLetter(HeldColumn)+"$2:$"+lineColLetter(HeldColumn)+"$3)" {
		t.Errorf("total row's 暂缓金额 formula %q", got)
	}
	// 汇总: layout.madrid row 2, funder 320505 row 4, total row 6; G is 暂缓金额.
	for ref, want := range map[string]string{"F2": "0", "G2": "2000", "G3": "0", "G4": "2000", "G5": "0", "F6": "300000", "G6": "2000"} {
		if got := cell(t, f, SheetSummary, ref); got != want {
			t.Errorf("汇总!%s = %q, want %q", ref, got, want)
		}
		// excelize's engine evaluates the totals (the keyed rows, whose keys
		// it compares oddly, LibreOffice checks: cmd/subsidy/libreoffice_test.go).
		if got, err := f.CalcCellValue(SheetSummary, ref, excelize.Options{RawCellValue: true}); ref[1] == '6' && (err != nil || got != want) {
			t.Errorf("汇总!%s calculates to %q (%v), want %q", ref, got, err, want)
		}
	}
	rows, _ := f.GetRows(SheetRecon, excelize.Options{RawCellValue: true})
	got := map[string]string{}
	for _, r := range rows {
		if len(r) > 1 {
			got[r[0]] = r[1]
		}
	}
	for label, want := range map[string]string{"计算合计 / claimed": "429404", "应付合计 / paid": "300000",
		"暂缓支付 / held": "2000", "限额扣减 / capped-off": "127404"} {
		if got[label] != want {
			t.Errorf("核对 %s = %q, want %q", label, got[label], want)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	if err := os.WriteFile(path, writeXLSX(t, wb), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _, err := ReadPrior([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	if l := files[0].Lines[1]; l.Status != ledger.StatusHeld || !l.Payable.IsZero() {
		t.Errorf("held line read back as %s %s", l.Status, l.Payable)
	}
}

// Each funder with something to pay has an approval sheet (拨付审批, issue
// 16): one row per program with its lines to pay and their sum, as
// formulas over every 明细 sheet, the total in figures and in capital
// numerals, the signature rows, A4 portrait with the four head rows on
// every page. A funder whose lines are all held has none.
func TestWorkbookPayoutSheets(t *testing.T) {
	lines := sampleLines()
	f := openXLSX(t, writeXLSX(t, sampleWorkbook(t, lines)))
	sheet := "拨付 苏州市（市级）"
	rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	want := [][]string{
		{PayoutTitle},
		{"出资方：苏州市（市级）　　批次：2022-03　　政策版本：suzhou@1"},
		{"依据：苏府办〔2021〕136号、苏府〔2021〕81号；逐笔明细见本工作簿“明细”表（出资方 city）。"},
		{"序号", "项目", "政策条款", "笔数", "金额（元）"},
		{"1", "海外维权（overseas_litigation）", "136 三(五)20", "1", "300000"},
		{"合计", "", "", "1", "300000"},
		{"合计金额（大写）：人民币叁拾万元整"},
		nil,
		{PayoutSignatures[0]},
		{PayoutSignatures[1]},
	}
	if len(rows) != len(want) {
		t.Fatalf("%s: %q", sheet, rows)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("%s row %d = %q, want %q", sheet, i+1, rows[i], want[i])
		}
	}
	d, p := lineColLetter("funder"), lineColLetter("program")
	k := lineColLetter("payable")
	match := fmt.Sprintf(`("city"='明细'!$%s$2:$%s$3)*("overseas_litigation"='明细'!$%s$2:$%s$3)*('明细'!$%s$2:$%s$3>0)`, d, d, p, p, k, k)
	for ref, formula := range map[string]string{"D5": "SUMPRODUCT(--(" + match + "))",
		"E5": "SUMPRODUCT(" + match + "*'明细'!$" + k + "$2:$" + k + "$3)", "E6": "SUM(E5:E5)"} {
		if got, _ := f.GetCellFormula(sheet, ref); got != formula {
			t.Errorf("%s!%s formula %q, want %q", sheet, ref, got, formula)
		}
	}
	// (excelize cannot evaluate these formulas; LibreOffice recalculates
	// them in cmd/subsidy/libreoffice_test.go.)
	layout, _ := f.GetPageLayout(sheet)
	if layout.Orientation == nil || *layout.Orientation != "portrait" || layout.Size == nil || *layout.Size != 9 {
		t.Errorf("%s page layout %+v", sheet, layout)
	}
	if !slices.ContainsFunc(f.GetDefinedName(), func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm.Print_Titles" && d.Scope == sheet && d.RefersTo == "'"+sheet+"'!$1:$4"
	}) {
		t.Errorf("%s does not repeat its four head rows", sheet)
	}

	// 320505's only line held: no approval sheet for it.
	lines[1].Held, lines[1].Payable, lines[1].Status = lines[1].Payable, decimal.Zero, ledger.StatusHeld
	f = openXLSX(t, writeXLSX(t, sampleWorkbook(t, lines)))
	if got := f.GetSheetList(); slices.Contains(got, "拨付 虎丘区（320505）") || !slices.Contains(got, sheet) {
		t.Errorf("sheets %v", got)
	}
}
