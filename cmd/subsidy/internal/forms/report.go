package forms

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/cmd/subsidy/internal/output"
)

// Report is the fund's year (issue 16): what its ledgers of the year paid
// by month and program, by funder and by the recipients' districts, the
// largest recipients, the rejections by reason, and, when a budget is
// given, each budget against its use.
type Report struct {
	Year     int
	Ledgers  int // ledger files read
	Lines    int // lines paid (Paid) in the year
	Total    decimal.Decimal
	Programs []ReportProgram
	// Months[m-1][p] is what program Programs[p] paid in month m.
	Months    [12][]decimal.Decimal
	Funders   []ReportTotal
	Districts []ReportTotal
	Top       []ReportTotal // the largest recipients, at most TopN
	Reasons   []ReportReason
	// Budgets are the year's budgets, each with what the year's lines
	// paid from it.
	Budgets []BudgetUse
}

// ReportProgram is one program of the report.
type ReportProgram struct {
	Program, Name string
	Total         decimal.Decimal
}

// ReportTotal is what one funder, district or recipient was paid.
type ReportTotal struct {
	Key, Name string
	Lines     int
	Total     decimal.Decimal
}

// ReportReason is how many rows were listed with one rejection code.
type ReportReason struct {
	Code, Class string
	Rows        int
}

// BudgetUse is one budget of the year against what its lines used.
type BudgetUse struct {
	Funder, Program string // Program "*" for the funder's whole fund, "dengfeng" for both 登峰 stages
	Reference       string
	Amount, Used    decimal.Decimal
}

// draws reports whether a line of program and funder draws on the budget.
func (b BudgetUse) draws(program, funder string) bool {
	return funder == b.Funder && (b.Program == "*" || b.Program == program ||
		b.Program == "dengfeng" && strings.HasPrefix(program, "dengfeng."))
}

// TopN is how many of the largest recipients the report names.
const TopN = 20

// NewReport builds the report of year from the lines of the year's
// ledgers (each line once, Dedup; the lines paid in a batch month of the
// year count, by that month), the rejections of the year's runs and the
// year's budgets (may be nil; their use is computed here).
func NewReport(year int, ledgers int, lines []ledger.Line, rejections []ledger.Rejection, budgets []BudgetUse, pol *policy.Policy) *Report {
	r := &Report{Year: year, Ledgers: ledgers, Budgets: budgets}
	inYear := paidInYear(lines, year)
	r.tally(inYear, r.addPrograms(inYear), pol)
	for i := range r.Budgets {
		r.Budgets[i].Used = r.Budgets[i].usedBy(inYear)
	}
	r.Reasons = rejectionReasons(rejections)
	return r
}

// paidInYear are the lines paid (Paid) in a batch month of year, each
// once (Dedup), by program.
func paidInYear(lines []ledger.Line, year int) []ledger.Line {
	prefix := strconv.Itoa(year) + "-"
	var inYear []ledger.Line
	for _, l := range Dedup(lines) {
		if Paid(&l) && strings.HasPrefix(l.Period, prefix) && len(l.Period) == 7 {
			inYear = append(inYear, l)
		}
	}
	slices.SortFunc(inYear, byProgram)
	return inYear
}

// addPrograms lists the programs of the lines, in their order, each with
// a zero total in every month, and returns each program's index.
func (r *Report) addPrograms(lines []ledger.Line) map[string]int {
	index := map[string]int{}
	for _, l := range lines {
		if _, ok := index[l.Program]; !ok {
			index[l.Program] = len(r.Programs)
			r.Programs = append(r.Programs, ReportProgram{Program: l.Program, Name: l.ProgramName})
		}
	}
	for m := range r.Months {
		r.Months[m] = make([]decimal.Decimal, len(r.Programs))
	}
	return index
}

// tally adds each line to its month and program (programs[l.Program]),
// to the year, and to its funder, its district (the persons of no
// district apart) and its recipient (a person's name and ID masked); the
// largest TopN recipients are the report's top.
func (r *Report) tally(lines []ledger.Line, programs map[string]int, pol *policy.Policy) {
	funders, districts, people := map[string]*ReportTotal{}, map[string]*ReportTotal{}, map[string]*ReportTotal{}
	for i := range lines {
		l := &lines[i]
		p := programs[l.Program]
		month, _ := strconv.Atoi(l.Period[5:])
		if month >= 1 && month <= 12 {
			r.Months[month-1][p] = r.Months[month-1][p].Add(l.Payable)
		}
		r.Programs[p].Total = r.Programs[p].Total.Add(l.Payable)
		r.Lines++
		r.Total = r.Total.Add(l.Payable)
		addTotal(funders, l.Funder, output.FunderName(pol, l.Funder), l)
		district, name := l.District, pol.DistrictName(l.District)
		if district == "" {
			district, name = "—", "（未注明地区的个人）"
		}
		addTotal(districts, district, name, l)
		who, shown := l.RecipientID, l.RecipientName
		if IsPerson(l) {
			who, shown = ids.MaskID(l.RecipientID), MaskName(l.RecipientName)
		}
		addTotal(people, l.RecipientID, shown+"（"+who+"）", l)
	}
	r.Funders, r.Districts = sortedTotals(funders, byKey), sortedTotals(districts, byKey)
	r.Top = sortedTotals(people, byTotal)
	if len(r.Top) > TopN {
		r.Top = r.Top[:TopN]
	}
}

// addTotal adds line l to the total of key in m, named name when it is
// the key's first line.
func addTotal(m map[string]*ReportTotal, key, name string, l *ledger.Line) {
	t := m[key]
	if t == nil {
		t = &ReportTotal{Key: key, Name: name}
		m[key] = t
	}
	t.Lines++
	t.Total = t.Total.Add(l.Payable)
}

// usedBy is what the lines drawing on the budget paid.
func (b BudgetUse) usedBy(lines []ledger.Line) decimal.Decimal {
	used := decimal.Zero
	for j := range lines {
		if b.draws(lines[j].Program, lines[j].Funder) {
			used = used.Add(lines[j].Payable)
		}
	}
	return used
}

// rejectionReasons counts the rejections by code, the most frequent
// first, then by code.
func rejectionReasons(rejections []ledger.Rejection) []ReportReason {
	reasons := map[string]*ReportReason{}
	for _, rj := range rejections {
		x := reasons[rj.Code]
		if x == nil {
			x = &ReportReason{Code: rj.Code, Class: rj.Class}
			reasons[rj.Code] = x
		}
		x.Rows++
	}
	var out []ReportReason
	for _, x := range reasons {
		out = append(out, *x)
	}
	slices.SortFunc(out, func(a, b ReportReason) int {
		return cmp.Or(cmp.Compare(b.Rows, a.Rows), strings.Compare(a.Code, b.Code))
	})
	return out
}

func byKey(a, b ReportTotal) int { return output.FunderOrder(a.Key, b.Key) }

func byTotal(a, b ReportTotal) int {
	return cmp.Or(b.Total.Cmp(a.Total), strings.Compare(a.Key, b.Key))
}

// sortedTotals lists the totals of m in the order by.
func sortedTotals(m map[string]*ReportTotal, by func(a, b ReportTotal) int) []ReportTotal {
	out := make([]ReportTotal, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	slices.SortFunc(out, by)
	return out
}

// Report sheet names.
const (
	sheetOverview = "概览"
	sheetMonths   = "按月按项目"
	sheetFunders  = "按出资方和地区"
	sheetTop      = "最大受款主体"
	sheetReasons  = "拒绝原因"
	sheetBudgets  = "预算执行"
)

// WriteXLSX writes the report as a workbook with native charts (a column
// chart of the months stacked by program, bars of the funders and
// districts, of the largest recipients and of the rejection reasons, and
// of each budget against its use), each sheet set up to print on A4.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	steps := []func(*excelize.File, styles) error{r.overviewSheet, r.monthSheet, r.funderSheet, r.topSheet, r.reasonSheet}
	names := []string{sheetOverview, sheetMonths, sheetFunders, sheetTop, sheetReasons}
	if len(r.Budgets) > 0 {
		steps, names = append(steps, r.budgetSheet), append(names, sheetBudgets)
	}
	for i, name := range names {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := printSetup(f, name, 2, "landscape"); err != nil {
			return err
		}
	}
	for _, step := range steps {
		if err := step(f, st); err != nil {
			return err
		}
	}
	return output.WriteWorkbook(w, f, fmt.Sprintf("知识产权专项资金 %d 年度报告", r.Year))
}

// grid writes rows of cells from row 1 of sheet: the first row a header.
func grid(f *excelize.File, sheet string, rows [][]any, widths []float64, st styles) error {
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, wd); err != nil {
			return err
		}
	}
	for ri, row := range rows {
		for ci, v := range row {
			cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			style := st.text
			switch x := v.(type) {
			case decimal.Decimal:
				c, err := amountCell(x, st.amount)
				if err != nil {
					return err
				}
				v = c.Value
				style = st.amount
			case int:
				style = st.center
			}
			if ri == 0 {
				style = st.header
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return nil
}

// chart adds a chart of type kind at cell of sheet, with a series per
// value column (1-based, of the sheet's table of rows data rows below its
// header) and the first column as categories.
func chart(f *excelize.File, sheet, cell, title string, kind excelize.ChartType, rows int, valueCols ...int) error {
	if rows == 0 {
		return nil
	}
	var series []excelize.ChartSeries
	for _, c := range valueCols {
		col, _ := excelize.ColumnNumberToName(c)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", sheet, col),
			Categories: fmt.Sprintf("'%s'!$A$2:$A$%d", sheet, rows+1),
			Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, col, col, rows+1),
		})
	}
	return f.AddChart(sheet, cell, &excelize.Chart{Type: kind, Series: series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360}})
}

func (r *Report) overviewSheet(f *excelize.File, st styles) error {
	rows := [][]any{
		{"项目", "数值"},
		{"年度", strconv.Itoa(r.Year)},
		{"读取的明细文件", r.Ledgers},
		{"支付明细笔数", r.Lines},
		{"支付合计（元）", r.Total},
	}
	for _, p := range r.Programs {
		rows = append(rows, []any{p.Name + "（" + p.Program + "）", p.Total})
	}
	if err := grid(f, sheetOverview, rows, []float64{52, 22}, st); err != nil {
		return err
	}
	return nil
}

func (r *Report) monthSheet(f *excelize.File, st styles) error {
	head := []any{"月份"}
	for _, p := range r.Programs {
		head = append(head, p.Name)
	}
	head = append(head, "合计")
	rows := [][]any{head}
	for m := range 12 {
		row := []any{fmt.Sprintf("%d-%02d", r.Year, m+1)}
		sum := decimal.Zero
		for _, v := range r.Months[m] {
			row = append(row, v)
			sum = sum.Add(v)
		}
		rows = append(rows, append(row, sum))
	}
	widths := []float64{10}
	cols := []int{}
	for i := range r.Programs {
		widths = append(widths, 16)
		cols = append(cols, i+2)
	}
	if err := grid(f, sheetMonths, rows, append(widths, 18), st); err != nil {
		return err
	}
	anchor, _ := excelize.CoordinatesToCellName(1, 16)
	return chart(f, sheetMonths, anchor, fmt.Sprintf("%d 年各月支付（按项目）", r.Year), excelize.ColStacked, 12, cols...)
}

func (r *Report) funderSheet(f *excelize.File, st styles) error {
	rows := [][]any{{"出资方", "笔数", "支付（元）"}}
	for _, t := range r.Funders {
		rows = append(rows, []any{t.Name, t.Lines, t.Total})
	}
	rows = append(rows, []any{"", "", ""}, []any{"受款主体所属地区", "笔数", "支付（元）"})
	for _, t := range r.Districts {
		rows = append(rows, []any{t.Name, t.Lines, t.Total})
	}
	if err := grid(f, sheetFunders, rows, []float64{28, 10, 20}, st); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetFunders, "A"+strconv.Itoa(len(r.Funders)+3), "C"+strconv.Itoa(len(r.Funders)+3), st.header); err != nil {
		return err
	}
	return chart(f, sheetFunders, "E2", fmt.Sprintf("%d 年各出资方支付", r.Year), excelize.Bar, len(r.Funders), 3)
}

func (r *Report) topSheet(f *excelize.File, st styles) error {
	rows := [][]any{{"受款主体", "笔数", "支付（元）"}}
	for _, t := range r.Top {
		rows = append(rows, []any{t.Name, t.Lines, t.Total})
	}
	if err := grid(f, sheetTop, rows, []float64{56, 10, 20}, st); err != nil {
		return err
	}
	return chart(f, sheetTop, "E2", fmt.Sprintf("%d 年支付最多的受款主体（前 %d）", r.Year, TopN), excelize.Bar, len(r.Top), 3)
}

func (r *Report) reasonSheet(f *excelize.File, st styles) error {
	rows := [][]any{{"拒绝代码", "类别", "行数"}}
	for _, x := range r.Reasons {
		class := "数据（需改正名册）"
		if x.Class == ledger.ClassPolicy {
			class = "政策（不予支付）"
		}
		rows = append(rows, []any{x.Code, class, x.Rows})
	}
	if err := grid(f, sheetReasons, rows, []float64{26, 22, 10}, st); err != nil {
		return err
	}
	return chart(f, sheetReasons, "E2", fmt.Sprintf("%d 年拒绝行（按原因）", r.Year), excelize.Bar, len(r.Reasons), 3)
}

func (r *Report) budgetSheet(f *excelize.File, st styles) error {
	rows := [][]any{{"预算（出资方/项目）", "预算（元）", "已用（元）", "余额（元）"}}
	for _, b := range r.Budgets {
		rows = append(rows, []any{b.Funder + " / " + b.Program, b.Amount, b.Used, b.Amount.Sub(b.Used)})
	}
	if err := grid(f, sheetBudgets, rows, []float64{36, 20, 20, 20}, st); err != nil {
		return err
	}
	return chart(f, sheetBudgets, "F2", fmt.Sprintf("%d 年预算执行", r.Year), excelize.Col, len(r.Budgets), 2, 3)
}
