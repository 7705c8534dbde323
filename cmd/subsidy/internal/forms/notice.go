package forms

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/output"
)

// NoticeRow is one recipient's line on the public notice: what a notice
// may show and nothing more — no ID number, no credit code, no cap key, no
// note.
type NoticeRow struct {
	Program     string // program id
	ProgramName string
	Clause      string
	Name        string // the recipient's name, a person's masked (MaskName)
	District    string // the district's name, blank for a person without one
	Amount      decimal.Decimal
}

// Notice is the public notice of a batch (公示名单): its title, the batch
// months it covers and its rows, by program.
type Notice struct {
	Title   string
	Periods string
	Rows    []NoticeRow
}

// NewNotice builds the notice of the lines (of one or more ledgers): the
// lines to pay (Paid), each once (Dedup), ordered by program, funder,
// recipient and line_id.
func NewNotice(lines []ledger.Line, pol *policy.Policy) *Notice {
	lines = Dedup(lines)
	var paid []ledger.Line
	for i := range lines {
		if Paid(&lines[i]) {
			paid = append(paid, lines[i])
		}
	}
	slices.SortFunc(paid, byProgram)
	n := &Notice{Title: "知识产权资助资金拟支持名单公示", Periods: Periods(lines)}
	for i := range paid {
		l := &paid[i]
		name := l.RecipientName
		if IsPerson(l) {
			name = MaskName(name)
		}
		district := ""
		if l.District != "" {
			district = pol.DistrictName(l.District)
		}
		n.Rows = append(n.Rows, NoticeRow{Program: l.Program, ProgramName: l.ProgramName, Clause: l.Clause,
			Name: name, District: district, Amount: l.Payable})
	}
	return n
}

// noticeColumns are the notice's columns (the CSV's header).
var noticeColumns = []string{"序号", "项目代码", "项目名称", "受款单位或个人", "所属地区", "金额（元）", "政策依据"}

// WriteCSV writes the notice as one CSV table (UTF-8 with a BOM, for
// Excel), the program in its own columns; text cells are neutralised.
func (n *Notice) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(noticeColumns); err != nil {
		return err
	}
	for i, r := range n.Rows {
		rec := []string{strconv.Itoa(i + 1), r.Program, r.ProgramName, r.Name, r.District, value.FormatPlain(r.Amount), r.Clause}
		for j := range rec {
			rec[j] = output.Neutralise(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the notice as a workbook, one sheet per program, each
// with the title, the batch months, the rows, the program's total and the
// notice period line, set up to print on A4 (see printSetup).
func (n *Notice) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	first := true
	for lo := 0; lo < len(n.Rows) || first; {
		hi := lo
		for hi < len(n.Rows) && n.Rows[hi].Program == n.Rows[lo].Program {
			hi++
		}
		rows := n.Rows[lo:hi]
		title := "（本批次无拟支持项目）"
		if len(rows) > 0 {
			title = rows[0].ProgramName
		}
		sheet := sheetName(title, used)
		if first {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		if err := n.writeProgramSheet(f, sheet, rows, st); err != nil {
			return err
		}
		if hi == lo {
			break
		}
		lo = hi
	}
	return output.WriteWorkbook(w, f, n.Title+" "+n.Periods)
}

// writeProgramSheet writes the notice of one program.
func (n *Notice) writeProgramSheet(f *excelize.File, sheet string, rows []NoticeRow, st styles) error {
	cols := []string{"序号", "受款单位或个人", "所属地区", "金额（元）", "政策依据"}
	if err := printSetup(f, sheet, 3, "portrait"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range []float64{7, 46, 16, 18, 22} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	program, clause := "", ""
	if len(rows) > 0 {
		program, clause = rows[0].ProgramName+"（"+rows[0].Program+"）", rows[0].Clause
	}
	put := func(r int, cells ...any) error {
		name, _ := excelize.CoordinatesToCellName(1, r)
		return sw.SetRow(name, cells, excelize.RowOpts{Height: 20})
	}
	if err := put(1, excelize.Cell{StyleID: st.title, Value: n.Title}); err != nil {
		return err
	}
	if err := put(2, excelize.Cell{StyleID: st.note, Value: "项目：" + program + "　政策依据：" + clause + "　批次：" + n.Periods}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: st.header, Value: c}
	}
	if err := put(3, head...); err != nil {
		return err
	}
	total := decimal.Zero
	for i, r := range rows {
		amount, err := amountCell(r.Amount, st.amount)
		if err != nil {
			return err
		}
		total = total.Add(r.Amount)
		if err := put(4+i, excelize.Cell{StyleID: st.center, Value: i + 1}, excelize.Cell{StyleID: st.text, Value: r.Name},
			excelize.Cell{StyleID: st.text, Value: r.District}, amount, excelize.Cell{StyleID: st.text, Value: r.Clause}); err != nil {
			return err
		}
	}
	last := 4 + len(rows)
	sum, err := amountCell(total, st.totalAmount)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		sum.Formula = "SUM(D4:D" + strconv.Itoa(last-1) + ")"
	}
	if err := put(last, excelize.Cell{StyleID: st.total, Value: "合计"}, excelize.Cell{StyleID: st.total, Value: strconv.Itoa(len(rows)) + " 项"},
		excelize.Cell{StyleID: st.total}, sum, excelize.Cell{StyleID: st.total}); err != nil {
		return err
	}
	if err := put(last+2, excelize.Cell{StyleID: st.note, Value: "公示期内如有异议，请向出资部门书面反映；经公示无异议后拨付（苏府〔2021〕81号 四(二)）。"}); err != nil {
		return err
	}
	for _, m := range [][2]int{{1, 1}, {2, 2}, {last + 2, last + 2}} {
		a, _ := excelize.CoordinatesToCellName(1, m[0])
		b, _ := excelize.CoordinatesToCellName(len(cols), m[1])
		if err := sw.MergeCell(a, b); err != nil {
			return err
		}
	}
	return sw.Flush()
}
