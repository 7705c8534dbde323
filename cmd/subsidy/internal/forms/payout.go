package forms

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/output"
)

// Payout is the payment approval sheet of one funder (拨付审批单): its
// lines to pay, grouped by program with subtotals, the total in figures
// and in Chinese capital numerals (人民币大写), the batch months and the
// policy versions the lines were computed under.
type Payout struct {
	Funder, FunderName string
	Periods            string
	PolicyVersions     string
	Programs           []PayoutProgram
	Total              decimal.Decimal
	// Capital is Total in capital numerals, after 人民币.
	Capital string
}

// PayoutProgram is one program's lines on a payout sheet.
type PayoutProgram struct {
	Program, Name, Clause string
	Lines                 []ledger.Line
	Subtotal              decimal.Decimal
}

// NewPayouts builds the approval sheet of every funder of the lines (of
// one or more ledgers): the lines to pay (Paid), each once (Dedup), the
// city first, then the districts by code; within a sheet by program,
// recipient and line_id.
func NewPayouts(lines []ledger.Line, pol *policy.Policy) ([]Payout, error) {
	lines = Dedup(lines)
	var paid []ledger.Line
	for i := range lines {
		if Paid(&lines[i]) {
			paid = append(paid, lines[i])
		}
	}
	slices.SortFunc(paid, func(a, b ledger.Line) int {
		if c := output.FunderOrder(a.Funder, b.Funder); c != 0 {
			return c
		}
		return byProgram(a, b)
	})
	var out []Payout
	for lo := 0; lo < len(paid); {
		hi := lo
		for hi < len(paid) && paid[hi].Funder == paid[lo].Funder {
			hi++
		}
		p, err := newPayout(paid[lo:hi], pol)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		lo = hi
	}
	return out, nil
}

// newPayout builds the sheet of one funder's lines, sorted by program.
func newPayout(lines []ledger.Line, pol *policy.Policy) (Payout, error) {
	p := Payout{Funder: lines[0].Funder, FunderName: output.FunderName(pol, lines[0].Funder), Periods: Periods(lines)}
	var versions []string
	for _, l := range lines {
		if !slices.Contains(versions, l.PolicyVersion) {
			versions = append(versions, l.PolicyVersion)
		}
		n := len(p.Programs)
		if n == 0 || p.Programs[n-1].Program != l.Program {
			p.Programs = append(p.Programs, PayoutProgram{Program: l.Program, Name: l.ProgramName, Clause: l.Clause})
			n++
		}
		pp := &p.Programs[n-1]
		pp.Lines = append(pp.Lines, l)
		pp.Subtotal = pp.Subtotal.Add(l.Payable)
		p.Total = p.Total.Add(l.Payable)
	}
	slices.Sort(versions)
	p.PolicyVersions = strings.Join(versions, "、")
	c, err := value.CapitalNumerals(p.Total)
	if err != nil {
		return Payout{}, err
	}
	p.Capital = c
	return p, nil
}

// payoutColumns are the columns of a payout sheet.
var payoutColumns = []string{"序号", "受款单位或个人", "统一社会信用代码/身份证号", "事件日期", "明细编号", "金额（元）"}

// WritePayoutXLSX writes the approval sheets, one worksheet per funder,
// set up to print on A4; with no sheet, one saying there is nothing to
// pay.
func WritePayoutXLSX(w io.Writer, payouts []Payout, periods string) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	if len(payouts) == 0 {
		payouts = []Payout{{FunderName: "（本批次无应付款项）", Periods: periods, Capital: "零元整"}}
	}
	for i := range payouts {
		sheet := sheetName(payouts[i].FunderName, used)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		if err := writePayoutSheet(f, sheet, &payouts[i], st); err != nil {
			return err
		}
	}
	return output.WriteWorkbook(w, f, output.PayoutTitle+" "+periods)
}

// writePayoutSheet writes one funder's approval sheet: title, funder,
// batch and policy versions; the lines by program, each program with its
// subtotal (a SUM formula, its cached value the exact sum); the total (the
// sum of the subtotals) and the total in capital numerals; the signature
// rows.
func writePayoutSheet(f *excelize.File, sheet string, p *Payout, st styles) error {
	if err := printSetup(f, sheet, 4, "portrait"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range []float64{6, 40, 24, 12, 38, 18} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	w := &payoutRows{sw: sw, st: st}
	if err := w.heading(p); err != nil {
		return err
	}
	var subtotals []string
	n := 0
	for i := range p.Programs {
		if err := w.program(&p.Programs[i], n); err != nil {
			return err
		}
		n += len(p.Programs[i].Lines)
		subtotals = append(subtotals, "F"+strconv.Itoa(w.r))
	}
	if err := w.total(p, n, subtotals); err != nil {
		return err
	}
	w.r++ // a blank row before the signatures
	for _, s := range output.PayoutSignatures {
		if err := w.banner(st.sign, s); err != nil {
			return err
		}
	}
	return w.flush()
}

// payoutRows writes the rows of a payout sheet one after another, each 20
// points high; a banner row's text spans the sheet's columns.
type payoutRows struct {
	sw      *excelize.StreamWriter
	st      styles
	r       int   // the last row written
	banners []int // the banner rows, merged across when the sheet is done
}

// put writes the next row.
func (w *payoutRows) put(cells ...any) error {
	w.r++
	name, _ := excelize.CoordinatesToCellName(1, w.r)
	return w.sw.SetRow(name, cells, excelize.RowOpts{Height: 20})
}

// banner writes the next row as one text across the sheet.
func (w *payoutRows) banner(style int, text string) error {
	if err := w.put(excelize.Cell{StyleID: style, Value: text}); err != nil {
		return err
	}
	w.banners = append(w.banners, w.r)
	return nil
}

// heading writes the title, the funder, batch and policy versions, the
// legal basis, and the column headings.
func (w *payoutRows) heading(p *Payout) error {
	for _, b := range []struct {
		style int
		text  string
	}{
		{w.st.title, output.PayoutTitle},
		{w.st.note, "出资方：" + p.FunderName + "　　批次：" + p.Periods + "　　政策版本：" + p.PolicyVersions},
		{w.st.note, "依据：苏府办〔2021〕136号、苏府〔2021〕81号；金额按明细（发放明细）逐笔列出。"},
	} {
		if err := w.banner(b.style, b.text); err != nil {
			return err
		}
	}
	head := make([]any, len(payoutColumns))
	for i, c := range payoutColumns {
		head[i] = excelize.Cell{StyleID: w.st.header, Value: c}
	}
	return w.put(head...)
}

// program writes one program: its name and clause, its lines numbered on
// from n (a person's ID masked), and its subtotal, the SUM of its lines.
func (w *payoutRows) program(pp *PayoutProgram, n int) error {
	if err := w.banner(w.st.total, "项目："+pp.Name+"（"+pp.Program+"）　政策依据："+pp.Clause); err != nil {
		return err
	}
	first := w.r + 1
	for _, l := range pp.Lines {
		n++
		amount, err := amountCell(l.Payable, w.st.amount)
		if err != nil {
			return err
		}
		id := l.RecipientID
		if IsPerson(&l) {
			id = ids.MaskID(id)
		}
		if err := w.put(excelize.Cell{StyleID: w.st.center, Value: n}, excelize.Cell{StyleID: w.st.text, Value: l.RecipientName},
			excelize.Cell{StyleID: w.st.text, Value: id}, excelize.Cell{StyleID: w.st.center, Value: l.EventDate.String()},
			excelize.Cell{StyleID: w.st.text, Value: l.LineID}, amount); err != nil {
			return err
		}
	}
	sub, err := amountCell(pp.Subtotal, w.st.totalAmount)
	if err != nil {
		return err
	}
	sub.Formula = "SUM(F" + strconv.Itoa(first) + ":F" + strconv.Itoa(w.r) + ")"
	return w.sumRow("小计", len(pp.Lines), sub)
}

// total writes the total of the n lines, the sum of the subtotal cells,
// and the total in capital numerals.
func (w *payoutRows) total(p *Payout, n int, subtotals []string) error {
	total, err := amountCell(p.Total, w.st.totalAmount)
	if err != nil {
		return err
	}
	if len(subtotals) > 0 {
		total.Formula = strings.Join(subtotals, "+")
	}
	if err := w.sumRow("合计", n, total); err != nil {
		return err
	}
	return w.banner(w.st.total, "合计金额（大写）：人民币"+p.Capital)
}

// sumRow writes a subtotal or total row: its label, its count of lines
// (笔) and its amount.
func (w *payoutRows) sumRow(label string, lines int, amount excelize.Cell) error {
	return w.put(excelize.Cell{StyleID: w.st.total, Value: label}, excelize.Cell{StyleID: w.st.total, Value: strconv.Itoa(lines) + " 笔"},
		excelize.Cell{StyleID: w.st.total}, excelize.Cell{StyleID: w.st.total}, excelize.Cell{StyleID: w.st.total}, amount)
}

// flush merges each banner row across the sheet's columns and finishes
// the sheet.
func (w *payoutRows) flush() error {
	for _, m := range w.banners {
		a, _ := excelize.CoordinatesToCellName(1, m)
		b, _ := excelize.CoordinatesToCellName(len(payoutColumns), m)
		if err := w.sw.MergeCell(a, b); err != nil {
			return err
		}
	}
	return w.sw.Flush()
}
