package output

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
)

// column is one column of a workbook sheet: its Chinese header, the
// English name the header's note gives, its width (in characters of the
// default font), whether long text wraps within that width, and whether
// it holds numbers (its header is then right-aligned, over the numbers).
// A column of a 明细 sheet that is a ledger column has that column in
// ledger (nil for the other columns and sheets).
type column struct {
	zh, en  string
	width   float64
	wrap    bool
	numeric bool
	ledger  *ledger.Column
}

// Names of the 明细 columns that are not ledger columns: a line's status
// and flags in words, beside the codes (issue 13).
const (
	StatusLabelColumn = "status_label"
	FlagsLabelColumn  = "flags_label"
	// HeldColumn is what a held line would pay (暂缓金额, ledger.Line.Held),
	// blank on every other line: the CSV says it in the note (issue 16).
	HeldColumn = "held"
)

// lineColumns are the columns of a 明细 sheet, in order: the ledger
// columns of spec §5, with the status and the flags each also shown in
// words (StatusLabelColumn, FlagsLabelColumn) and a held line's amount
// (HeldColumn), in two blocks. The first
// linePrintColumns are what a finance office checks and signs, and are the
// sheet's print area: the reference, program, clause, funder, recipient,
// date, the formula's amounts, what to pay, what is held, status and flags in words and
// the note (which spells out the cap arithmetic). The codes and keys
// follow, unprinted: period, program code, policy version, district,
// source, cap key, cap limit and use, and the status and flag codes, which
// stay in columns of their own for filters and for reading the workbook
// back. Widths show the names, sources and cap keys of the default policy,
// longer text wrapped. A ledger column is named by its ledger name alone:
// its Chinese header (ledger.Column.Zh, unless given here) and whether it
// is numeric come from ledger.LineColumns, and every ledger column must be
// here (sheetColumns).
var lineColumns = sheetColumns([]column{
	{en: "line_id", width: 22, wrap: true},
	{en: "program_name", width: 18, wrap: true},
	{en: "clause", width: 11},
	{en: "funder", width: 7},
	{en: "recipient_name", width: 18, wrap: true},
	{en: "recipient_id", width: 19},
	{en: "event_date", width: 10.5},
	{en: "basis_cny", width: 13},
	{en: "rate", width: 7},
	{en: "computed", width: 13},
	{en: "payable", width: 13},
	{zh: "暂缓金额", en: HeldColumn, width: 13, numeric: true},
	{zh: "状态", en: StatusLabelColumn, width: 9},
	{zh: "标记", en: FlagsLabelColumn, width: 12, wrap: true},
	{en: "note", width: 36, wrap: true},
	{en: "period", width: 9},
	{en: "program", width: 27},
	{en: "policy_version", width: 20},
	{en: "district", width: 9},
	{en: "source", width: 48, wrap: true},
	{en: "cap_key", width: 44, wrap: true},
	{en: "cap_limit", width: 15},
	{en: "cap_used_before", width: 15},
	// the codes' headers say so, beside the words (状态, 标记)
	{zh: "状态代码", en: "status", width: 9},
	{zh: "标记代码", en: "flags", width: 24, wrap: true},
})

// sheetColumns completes the columns of a 明细 sheet from
// ledger.LineColumns: a column named as a ledger column gets that column,
// its Chinese header unless it has one, and numeric by its kind. It panics
// when a ledger column is missing or twice, or a column without a Chinese
// header is not a ledger column: the layout is wrong.
func sheetColumns(cols []column) []column {
	seen := make([]bool, len(ledger.LineColumns))
	for i := range cols {
		c := &cols[i]
		n := ledger.ColumnIndex(c.en)
		if n < 0 {
			if c.zh == "" {
				panic("明细 column " + c.en + " is not a ledger column and has no header")
			}
			continue
		}
		if seen[n] {
			panic("明细 has ledger column " + c.en + " twice")
		}
		seen[n] = true
		c.ledger = &ledger.LineColumns[n]
		if c.zh == "" {
			c.zh = c.ledger.Zh
		}
		c.numeric = c.ledger.Numeric()
	}
	if i := slices.Index(seen, false); i >= 0 {
		panic("ledger column " + ledger.Columns[i] + " has no place on 明细: add it to lineColumns")
	}
	return cols
}

// linePrintColumns is how many of lineColumns a 明细 sheet prints.
const linePrintColumns = 15

// lineCol maps the English name of a 明细 column to its position.
var lineCol = func() map[string]int {
	m := make(map[string]int, len(lineColumns))
	for i, c := range lineColumns {
		m[c.en] = i
	}
	return m
}()

// linePos is the position on a 明细 sheet of each column of
// ledger.LineColumns.
var linePos = func() []int {
	pos := make([]int, len(ledger.LineColumns))
	for i, name := range ledger.Columns {
		pos[i] = lineCol[name]
	}
	return pos
}()

// LineSheetColumns returns the headers of a 明细 sheet in order: the
// Chinese header of each column and the English name its note gives, which
// is a ledger column (ledger.Columns), StatusLabelColumn, FlagsLabelColumn
// or HeldColumn.
func LineSheetColumns() (zh, en []string) { return splitColumns(lineColumns) }

// summaryColumns are the columns of 汇总.
var summaryColumns = []column{
	{zh: "维度", en: "dimension", width: 10}, {zh: "代码", en: "key", width: 30, wrap: true},
	{zh: "名称", en: "name", width: 36, wrap: true}, {zh: "笔数", en: "lines", width: 10, numeric: true},
	{zh: "计算金额", en: "computed", width: 18, numeric: true}, {zh: "应付金额", en: "payable", width: 18, numeric: true},
	{zh: "暂缓金额", en: "held", width: 18, numeric: true},
}

// rejectionColumns are the columns of 拒绝, in ledger.RejectionColumns order.
var rejectionColumns = []column{
	{zh: "文件", en: "file", width: 18, wrap: true}, {zh: "行号", en: "row", width: 7, numeric: true},
	{zh: "列", en: "column", width: 16, wrap: true}, {zh: "值", en: "value", width: 30, wrap: true},
	{zh: "代码", en: "code", width: 22, wrap: true}, {zh: "类别", en: "class", width: 8},
	{zh: "说明", en: "message", width: 70, wrap: true},
}

// paramColumns are the columns of 参数.
var paramColumns = []column{
	{zh: "政策代码", en: "policy_id", width: 16}, {zh: "项目代码", en: "program", width: 26, wrap: true},
	{zh: "项目名称", en: "program_name", width: 26, wrap: true}, {zh: "政策条款", en: "clause", width: 12},
	{zh: "版本", en: "version", width: 8}, {zh: "生效日期", en: "from", width: 11}, {zh: "截止日期", en: "to", width: 11},
	{zh: "参数", en: "parameter", width: 24, wrap: true}, {zh: "地区", en: "district", width: 9},
	{zh: "值", en: "value", width: 20, wrap: true}, {zh: "单位", en: "unit", width: 10, wrap: true},
	{zh: "示例值", en: "example", width: 7}, {zh: "依据文件", en: "reference_document", width: 10, wrap: true},
	{zh: "依据条款", en: "reference_clause", width: 14, wrap: true}, {zh: "依据说明", en: "reference_note", width: 40, wrap: true},
	{zh: "本批明细笔数", en: "lines_this_batch", width: 12, numeric: true},
}

// reconColumns are the columns of the per-roster table of 核对; the
// tables below it have headers of their own (reconAmountHeader,
// reconCountHeader) over the same first two columns.
var reconColumns = []column{
	{zh: "名册", en: "roster", width: 36}, {zh: "读入行数", en: "read", width: 18, numeric: true},
	{zh: "明细", en: "line", width: 12, numeric: true}, {zh: "计数", en: "counted", width: 12, numeric: true},
	{zh: "已付", en: "prior", width: 12, numeric: true}, {zh: "拒绝", en: "listed", width: 12, numeric: true},
	{zh: "参考", en: "reference", width: 12, numeric: true}, {zh: "平衡", en: "balanced", width: 8},
}

// The headers of the amount and count tables of 核对.
var (
	reconAmountHeader = []column{{zh: "金额核对"}, {zh: "金额", numeric: true}}
	reconCountHeader  = []column{{zh: "笔数核对"}, {zh: "笔数", numeric: true}}
)

func splitColumns(cols []column) (zh, en []string) {
	for _, c := range cols {
		zh = append(zh, c.zh)
		en = append(en, c.en)
	}
	return zh, en
}

// statusLabels are the line statuses in words. A line marked paid is
// what is to be paid in full (the ledger orders the payment; it does not
// record that money left), hence 全额支付 rather than 已付.
var statusLabels = map[string]msg.Text{
	ledger.StatusPaid:   msg.T("全额支付", "paid in full"),
	ledger.StatusCapped: msg.T("限额扣减", "reduced by a cap"),
	ledger.StatusZero:   msg.T("零额", "nothing payable"),
	ledger.StatusHeld:   msg.T("暂缓支付", "held: budget spent"),
}

// flagLabels are the line flags in words: review:… flags ask for a
// person's check before payment, exception:… flags say why the amount is
// not the formula's.
var flagLabels = map[string]msg.Text{
	"review:discretionary":      msg.T("待复核：一事一议", "review: discretionary award"),
	"review:relaxation":         msg.T("待复核：放宽条件立项", "review: approved under relaxed conditions"),
	"review:no_approval":        msg.T("待复核：无立项记录", "review: no approval on record"),
	"review:possible_duplicate": msg.T("待复核：疑似重复", "review: possible duplicate"),
	"review:late_acceptance":    msg.T("待复核：逾期验收", "review: late acceptance"),
	"exception:ceiling":         msg.T("超上限按上限支付", "above the ceiling: the ceiling is paid"),
}

// StatusLabel is a line status in words in lang ("zh" or "en"); a status
// without a label is shown as its code.
func StatusLabel(status, lang string) string {
	if t, ok := statusLabels[status]; ok {
		return t.In(lang)
	}
	return status
}

// FlagsLabel is a line's flags in words in lang, in their order, joined
// with "；" (Chinese) or "; " (English); a flag without a label is shown
// as its code.
func FlagsLabel(flags []string, lang string) string {
	if len(flags) == 0 {
		return ""
	}
	parts := make([]string, len(flags))
	for i, f := range flags {
		parts[i] = f
		if t, ok := flagLabels[f]; ok {
			parts[i] = t.In(lang)
		}
	}
	sep := "；"
	if lang == "en" {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// xlsxStyles are the cell styles of the workbook. Every table cell has a
// thin border, so that a printed sheet reads as a table; data cells sit at
// the top of rows made tall by wrapped text.
type xlsxStyles struct {
	header, headerNum     int // header row: text, and over a number column (right-aligned)
	text, wrap            int // text ("@"), and text wrapped within the column
	amount, date, count   int // #,##0.00; yyyy-mm-dd; #,##0
	rates                 []int
	totalLabel            int // the total rows
	totalCount, totalSum  int
	plainLabel, plainText int // 核对's labels and result, borderless
	title                 int // an approval sheet's title: large, centred
}

// rateFormats are the percentage formats of the rate cells, by the number
// of fraction digits the rate has as a percentage: 0.5 shows 50%, 0.125
// shows 12.5%, 0.0125 shows 1.25%. The cell holds the rate itself (0.125),
// exactly; a rate with more than four fraction digits as a percentage
// shows at least four and up to ten.
var rateFormats = []string{"0%", "0.0%", "0.00%", "0.000%", "0.0000%", "0.0000######%"}

// rateStyle is the style of a rate cell: the first of rateFormats that
// shows r as a percentage without rounding it.
func (s *xlsxStyles) rateStyle(r decimal.Decimal) int {
	pct := r.Shift(2)
	for digits := 0; digits < len(s.rates)-1; digits++ {
		if pct.Equal(pct.Truncate(int32(digits))) {
			return s.rates[digits]
		}
	}
	return s.rates[len(s.rates)-1]
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	headerFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	bold := &excelize.Font{Bold: true, Family: "Calibri", Size: 11}
	dateFmt := "yyyy-mm-dd"
	linesFmt := `#,##0" 笔"`
	styles := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: bold, Fill: headerFill, Border: border,
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.headerNum, excelize.Style{Font: bold, Fill: headerFill, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{NumFmt: 49, Border: border, Alignment: top}}, // "@": text, also for what a clerk types in
		{&s.wrap, excelize.Style{NumFmt: 49, Border: border, Alignment: wrapTop}},
		{&s.amount, excelize.Style{NumFmt: 4, Border: border, Alignment: top}}, // "#,##0.00"
		{&s.date, excelize.Style{CustomNumFmt: &dateFmt, Border: border, Alignment: top}},
		{&s.count, excelize.Style{NumFmt: 3, Border: border, Alignment: top}}, // "#,##0"
		{&s.totalLabel, excelize.Style{NumFmt: 49, Font: bold, Border: border, Alignment: top}},
		{&s.totalCount, excelize.Style{CustomNumFmt: &linesFmt, Font: bold, Border: border, Alignment: top}},
		{&s.totalSum, excelize.Style{NumFmt: 4, Font: bold, Border: border, Alignment: top}},
		{&s.plainLabel, excelize.Style{NumFmt: 49, Font: bold}},
		{&s.plainText, excelize.Style{NumFmt: 49}},
		{&s.title, excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true, Size: 16},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
	}
	for _, x := range styles {
		id, err := f.NewStyle(&x.style)
		if err != nil {
			return s, err
		}
		*x.dst = id
	}
	for _, rf := range rateFormats {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &rf, Border: border, Alignment: top})
		if err != nil {
			return s, err
		}
		s.rates = append(s.rates, id)
	}
	return s, nil
}

// headerCells are the header row of cols.
func headerCells(cols []column, st xlsxStyles) []any {
	row := make([]any, len(cols))
	for i, c := range cols {
		style := st.header
		if c.numeric {
			style = st.headerNum
		}
		row[i] = excelize.Cell{StyleID: style, Value: c.zh}
	}
	return row
}

// pageText escapes s for a page header or footer, where & starts a code.
func pageText(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// maxHeaderFooter is the most characters a page header or footer holds.
const maxHeaderFooter = 255

// pageSetup prepares a sheet for printing (issue 13): A4 landscape, one
// page wide and as many pages tall as the rows need, narrow margins, the
// header row repeated at the top of every page (the sheet's Print_Titles),
// a page header naming the batch, the sheet and the policy, and "第 N 页
// 共 M 页" in the footer (in the run's language). It must run before the
// sheet's StreamWriter is created: excelize writes these settings from the
// worksheet it holds when the stream is flushed. A printArea (e.g.
// "$A$1:$N$25") limits what prints; "" prints the whole sheet.
func pageSetup(f *excelize.File, sheet, printArea string, wb *Workbook) error {
	return setupPage(f, sheet, page{orientation: "landscape", printArea: printArea, titleRows: 1}, wb)
}

// page is how a sheet prints: its orientation, print area ("": the whole
// sheet) and how many rows at its top repeat on every page.
type page struct {
	orientation, printArea string
	titleRows              int
}

// setupPage is pageSetup for a sheet printed as p says.
func setupPage(f *excelize.File, sheet string, p page, wb *Workbook) error {
	a4, landscape, wide, tall, yes := 9, p.orientation, 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	side, edge, band := 0.4, 0.7, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band}); err != nil {
		return err
	}
	title, footer := "发放明细 "+wb.Period, "&C第 &P 页 共 &N 页"
	if wb.Lang == "en" {
		title, footer = "Disbursement ledger "+wb.Period, "&CPage &P of &N"
	}
	header := "&L" + pageText(title) + "&C&A"
	if withPolicy := header + "&R" + pageText(wb.Policy.ID); len(withPolicy) <= maxHeaderFooter {
		header = withPolicy
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer}); err != nil {
		return err
	}
	if p.printArea != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Area", RefersTo: fmt.Sprintf("'%s'!%s", sheet, p.printArea), Scope: sheet}); err != nil {
			return err
		}
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, p.titleRows), Scope: sheet})
}
