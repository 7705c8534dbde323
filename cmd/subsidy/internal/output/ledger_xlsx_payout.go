package output

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/value"
)

// PayoutTitle is the title of a funder's payment approval sheet (拨付审批表,
// issue 16), in the workbook ledger and in `subsidy payout`.
const PayoutTitle = "知识产权专项资金拨付审批表"

// PayoutSignatures are the rows below an approval sheet's total, where the
// office signs and stamps it.
var PayoutSignatures = []string{
	"经办人：　　　　　　　　复核人：　　　　　　　　审批人：",
	"出资部门（盖章）：　　　　　　　　　　　　　　日期：　　　　年　　月　　日",
}

// FunderName names a funder as a form prints it: 苏州市（市级） for the city,
// else the district's name and code.
func FunderName(pol *policy.Policy, funder string) string {
	if funder == "city" {
		return "苏州市（市级）"
	}
	if n := pol.DistrictName(funder); n != "" {
		return n + "（" + funder + "）"
	}
	return funder
}

// FunderOrder is the order of the funders on the forms: the city first,
// then the districts by code.
func FunderOrder(a, b string) int {
	return strings.Compare(funderKey(a), funderKey(b))
}

func funderKey(f string) string {
	if f == "city" {
		return ""
	}
	return f
}

// payoutSheetPrefix starts the name of a funder's approval sheet in the
// workbook ledger: 拨付 苏州市（市级）.
const payoutSheetPrefix = "拨付 "

// payoutSums are, for one funder and program, the lines to pay (payable
// above zero: paid or capped) and their sum.
type payoutSums struct {
	lines int
	sum   decimal.Decimal
}

// funderPayout is what a funder's approval sheet needs of the lines,
// gathered while 明细 is written: per program, the lines to pay and their
// sum, and the policy versions of those lines. It holds one entry per
// program, whatever the number of lines.
type funderPayout struct {
	programs map[string]*payoutSums
	versions map[string]bool
}

// addPayout counts a line to pay on its funder's approval sheet.
func (s *lineStats) addPayout(l *ledger.Line) {
	if !l.Payable.IsPositive() {
		return
	}
	fp := s.payouts[l.Funder]
	if fp == nil {
		fp = &funderPayout{programs: map[string]*payoutSums{}, versions: map[string]bool{}}
		s.payouts[l.Funder] = fp
	}
	ps := fp.programs[l.Program]
	if ps == nil {
		ps = &payoutSums{}
		fp.programs[l.Program] = ps
	}
	ps.lines++
	ps.sum = ps.sum.Add(l.Payable)
	fp.versions[l.PolicyVersion] = true
}

// payoutFunders are the funders with something to pay, as the
// reconciliation counts them, in FunderOrder, and the names of their
// approval sheets.
func payoutFunders(wb *Workbook) (funders, sheets []string) {
	for _, t := range wb.Recon.ByFunder {
		if t.Payable.IsPositive() {
			funders = append(funders, t.Key)
		}
	}
	slices.SortFunc(funders, FunderOrder)
	for _, f := range funders {
		sheets = append(sheets, PayoutSheetName(wb.Policy, f))
	}
	return funders, sheets
}

// PayoutSheetName is the name of a funder's approval sheet, within the 31
// characters a sheet name holds (a funder code has no character a sheet
// name refuses).
func PayoutSheetName(pol *policy.Policy, funder string) string {
	name := []rune(payoutSheetPrefix + FunderName(pol, funder))
	if len(name) > 31 {
		name = []rune(payoutSheetPrefix + funder)
	}
	return string(name)
}

// payoutColumns are the columns of an approval sheet in the workbook.
var payoutColumns = []column{
	{zh: "序号", width: 6}, {zh: "项目", width: 52, wrap: true}, {zh: "政策条款", width: 14},
	{zh: "笔数", width: 9, numeric: true}, {zh: "金额（元）", width: 18, numeric: true},
}

// payoutHeadRows is how many rows an approval sheet repeats on every page:
// the title, the funder line, the basis and the table's header.
const payoutHeadRows = 4

// writePayoutSheets writes the approval sheet of each funder with
// something to pay (issue 16: 拨付审批, one sheet per funder): the title;
// the funder, batch and policy versions; one row per program with the
// number of its lines to pay and their sum, as formulas over 明细 whose
// cached values are the sums gathered while 明细 was written; the total
// in figures and in capital numerals (人民币…, value.CapitalNumerals); the
// signature rows. A4 portrait. The lines themselves are 明细's (filtered by
// funder), so that the sheet holds one row per program however many lines
// the batch has; `subsidy payout` lists them line by line.
func writePayoutSheets(f *excelize.File, wb *Workbook, ranges []cellRange, stats lineStats, st xlsxStyles) error {
	funders, sheets := payoutFunders(wb)
	for i, funder := range funders {
		fp := stats.payouts[funder]
		if fp == nil {
			return fmt.Errorf("%s: the reconciliation pays funder %s, no line of 明细 does", sheets[i], funder)
		}
		if err := writePayoutSheet(f, wb, sheets[i], funder, fp, ranges, stats, st); err != nil {
			return err
		}
	}
	return nil
}

func writePayoutSheet(f *excelize.File, wb *Workbook, sheet, funder string, fp *funderPayout, ranges []cellRange,
	stats lineStats, st xlsxStyles) error {
	if err := setupPage(f, sheet, page{orientation: "portrait", titleRows: payoutHeadRows}, wb); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i := len(payoutColumns) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, payoutColumns[i].width); err != nil {
			return err
		}
	}
	w := &payoutRows{sw: sw, sheet: sheet, st: st}
	versions := sortedKeys(fp.versions)
	head := []string{
		"出资方：" + FunderName(wb.Policy, funder) + "　　批次：" + wb.Period + "　　政策版本：" + strings.Join(versions, "、"),
		"依据：苏府办〔2021〕136号、苏府〔2021〕81号；逐笔明细见本工作簿“明细”表（出资方 " + funder + "）。",
	}
	if err := w.put(true, 28, excelize.Cell{StyleID: st.title, Value: PayoutTitle}); err != nil {
		return err
	}
	for _, h := range head {
		if err := w.put(true, 0, excelize.Cell{StyleID: st.plainText, Value: h}); err != nil {
			return err
		}
	}
	if err := w.put(false, 0, headerCells(payoutColumns, st)...); err != nil {
		return err
	}
	first := w.r + 1
	total, lines, err := w.programs(funder, fp, ranges, stats)
	if err != nil {
		return err
	}
	if err := w.totals(first, total, lines); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(payoutColumns))
	for _, m := range w.merged {
		if err := sw.MergeCell("A"+strconv.Itoa(m), lastCol+strconv.Itoa(m)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// payoutRows writes the rows of an approval sheet one after another,
// after row r, and keeps the rows to merge across the sheet.
type payoutRows struct {
	sw     *excelize.StreamWriter
	sheet  string
	st     xlsxStyles
	r      int
	merged []int
}

// put writes the next row, of height (0: the default), merged across the
// sheet when merge.
func (w *payoutRows) put(merge bool, height float64, cells ...any) error {
	w.r++
	if merge {
		w.merged = append(w.merged, w.r)
	}
	return setRow(w.sw, w.r, cells, height)
}

// programs writes a row per program of funder's payout fp, its count and
// sum as formulas over the 明细 sheets of ranges, and returns the total
// and the number of lines.
func (w *payoutRows) programs(funder string, fp *funderPayout, ranges []cellRange, stats lineStats) (decimal.Decimal, int, error) {
	st := w.st
	var total decimal.Decimal
	lines := 0
	for n, program := range sortedKeys(fp.programs) {
		ps := fp.programs[program]
		match := "(" + quoted(funder) + "=%s)*(" + quoted(program) + "=%s)*(%s>0)"
		term := func(c cellRange) string {
			return fmt.Sprintf(match, c.ref("funder"), c.ref("program"), c.ref("payable"))
		}
		count := sumOver(ranges, func(c cellRange) string { return "SUMPRODUCT(--(" + term(c) + "))" })
		sum := sumOver(ranges, func(c cellRange) string { return "SUMPRODUCT(" + term(c) + "*" + c.ref("payable") + ")" })
		amount, ok := amountCell(ps.sum, st.amount)
		if !ok {
			return total, 0, sheetCellError(w.sheet, w.r+1, "the sum of "+program)
		}
		amount.Formula = sum
		name := stats.programNames[program] + "（" + program + "）"
		nameCell, err1 := textCell(name, st.wrap)
		clause, err2 := textCell(stats.programClauses[program], st.text)
		if err1 != nil || err2 != nil {
			return total, 0, sheetCellError(w.sheet, w.r+1, "the name or clause of "+program)
		}
		if err := w.put(false, rowHeight(payoutColumns, []string{"", name}),
			excelize.Cell{StyleID: st.count, Value: n + 1}, nameCell, clause,
			excelize.Cell{StyleID: st.count, Value: ps.lines, Formula: count},
			amount); err != nil {
			return total, 0, err
		}
		total = total.Add(ps.sum)
		lines += ps.lines
	}
	return total, lines, nil
}

// totals writes the total row of the program rows from row first, the
// total in capital numerals, and the signatures.
func (w *payoutRows) totals(first int, total decimal.Decimal, lines int) error {
	st := w.st
	last := w.r
	sum, ok := amountCell(total, st.totalSum)
	if !ok {
		return sheetCellError(w.sheet, w.r+1, "the total")
	}
	sum.Formula = fmt.Sprintf("SUM(E%d:E%d)", first, last)
	if err := w.put(false, 0, excelize.Cell{StyleID: st.totalLabel, Value: totalLabel}, excelize.Cell{StyleID: st.totalLabel},
		excelize.Cell{StyleID: st.totalLabel}, excelize.Cell{StyleID: st.totalCount, Value: lines, Formula: fmt.Sprintf("SUM(D%d:D%d)", first, last)},
		sum); err != nil {
		return err
	}
	capital, err := value.CapitalNumerals(total)
	if err != nil {
		return fmt.Errorf("%s: %w", w.sheet, err)
	}
	if err := w.put(true, 0, excelize.Cell{StyleID: st.plainLabel, Value: "合计金额（大写）：人民币" + capital}); err != nil {
		return err
	}
	w.r++ // a blank row before the signatures
	for _, s := range PayoutSignatures {
		if err := w.put(true, 30, excelize.Cell{StyleID: st.plainText, Value: s}); err != nil {
			return err
		}
	}
	return nil
}

// quoted is s as a formula's text literal.
func quoted(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
