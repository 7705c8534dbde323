package output

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/value"
)

// Sheet names of the workbook ledger (spec §5). Lines beyond xlsxMaxLines
// continue on 明细2, 明细3, ….
const (
	SheetLines      = "明细"
	SheetSummary    = "汇总"
	SheetRejections = "拒绝"
	SheetParams     = "参数"
	SheetRecon      = "核对"
)

// xlsxMaxLines is how many ledger lines one 明细 sheet holds: a worksheet
// has 1,048,576 rows; one is the header, and a blank row and the total row
// follow the lines. A variable so that a test can lower it to see the
// continuation sheets.
var xlsxMaxLines = 1048576 - 3

// maxCellChars is the most UTF-16 units a spreadsheet cell holds; excelize
// would silently cut a longer text, so the writer refuses it instead.
const maxCellChars = excelize.TotalCellChars

// Summary dimensions, as the first column of 汇总 names them.
const (
	dimProgram = "项目"
	dimFunder  = "出资方"
	dimTotal   = "合计"
)

// totalLabel is the first cell of the total row of a 明细 sheet, the row
// after the blank row below the lines.
const totalLabel = "合计"

// Workbook is what the workbook ledger holds: the lines and, for the other
// sheets, the rejections, the reconciliation (its totals are the cached
// values of 汇总 and 核对) and the policy (for 参数), both required.
type Workbook struct {
	Period     string
	Lines      LineSource
	Rejections RejectionSource
	Recon      *engine.Reconciliation
	Policy     *policy.Policy
	Lang       string // language of the notes, labels, rejection messages and page headers
	// TmpDir is the folder of the writer's temporary files (excelize's
	// streamed rows; "" is the system's): a run passes its work folder,
	// which the next run removes if this one is killed.
	TmpDir string
}

// LineSource hands the workbook writer the ledger lines, in ledger order:
// Each calls fn once per line, with a line that is fn's to read during the
// call only, and stops at fn's first error. The writer reads the lines
// once, so a source may stream them from disk.
type LineSource interface {
	Len() int
	Each(fn func(*ledger.Line) error) error
}

// RejectionSource hands the workbook writer the rejections, in the order
// of the rejections file, as LineSource does the lines.
type RejectionSource interface {
	Len() int
	Each(fn func(*ledger.Rejection) error) error
}

// WriteLedgerXLSX writes the workbook ledger of spec §5 with excelize's
// StreamWriter: 明细 (one row per line; frozen header, autofilter,
// Chinese headers with the English column name as a note, identifiers and
// other text as text cells, amounts as numbers formatted #,##0.00, the
// rate as a percentage, event_date as a date, the status and the flags in
// words beside their codes; below the lines a blank row and a total row
// of SUBTOTAL formulas, which follow the autofilter), continued on 明细2,
// 明细3, … beyond xlsxMaxLines lines; 汇总 (lines, computed and payable
// per program and per funder, and in total, as formulas over the 明细
// sheets whose cached values are the engine's totals); 拒绝 (the
// rejections); 参数 (the policy id, title and every parameter with its
// reference and how many lines of this batch used its version); 核对 (the
// reconciliation of spec §1.3). Every sheet prints landscape, one page
// wide, with its header row on every page and page numbers (pageSetup).
//
// Text is always written as a string cell, so a roster value such as
// "=HYPERLINK(…)" stays text and is never a formula (no apostrophe is
// added, unlike the CSV). A text longer than a cell holds, or an amount a
// spreadsheet number cannot hold exactly, is an error rather than a
// silently changed cell; so are lines that do not add up to the
// reconciliation's claimed and paid totals.
//
// The lines and rejections are read once, in order, and streamed: memory
// does not grow with their number. The output is deterministic: the same
// workbook gives the same bytes (fixed document times, zip entries in
// name order without times), whether its lines come from memory or from
// a spool.
func WriteLedgerXLSX(w io.Writer, wb *Workbook) (err error) {
	if wb.Recon == nil || wb.Policy == nil || wb.Lines == nil || wb.Rejections == nil {
		return errors.New("the workbook ledger needs the lines, the rejections, the reconciliation and the policy")
	}
	f := excelize.NewFile(excelize.Options{TmpDir: wb.TmpDir})
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if err := setWorkbookProps(f, wb.Period); err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	names, err := addSheets(f, wb)
	if err != nil {
		return err
	}
	if err := writeSheets(f, wb, lineRanges(names, wb.Lines.Len()), st); err != nil {
		return err
	}
	zw := newSortedZip(w, wb.TmpDir)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteTo(io.Discard); err != nil {
		zw.discard()
		return err
	}
	return nil
}

// setWorkbookProps sets the document and calculation properties of the
// workbook of period.
func setWorkbookProps(f *excelize.File, period string) error {
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "subsidy", Title: "发放明细 " + period, Language: "zh-CN",
		// The document times are fixed so that the same batch gives the
		// same bytes (spec §1.5): the content, not the clock, decides them.
		Created: xlsxFixedTime, Modified: xlsxFixedTime,
	}); err != nil {
		return err
	}
	yes := true
	return f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes})
}

// addSheets names and adds the sheets of the workbook, in order: the 明细
// sheets the lines need (at least one), 汇总, 拒绝, 参数, 核对 and the
// approval sheets. It returns the names of the 明细 sheets.
func addSheets(f *excelize.File, wb *Workbook) ([]string, error) {
	nSheets := max(1, (wb.Lines.Len()+xlsxMaxLines-1)/xlsxMaxLines)
	names := make([]string, nSheets)
	for i := range names {
		names[i] = lineSheetName(i)
	}
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return nil, err
	}
	_, payoutSheets := payoutFunders(wb)
	for _, n := range slices.Concat(names[1:], []string{SheetSummary, SheetRejections, SheetParams, SheetRecon}, payoutSheets) {
		if _, err := f.NewSheet(n); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// writeSheets writes every sheet of the workbook, the lines on the 明细
// sheets of ranges, and checks that the lines add up to the
// reconciliation before the sheets that sum them up are written.
func writeSheets(f *excelize.File, wb *Workbook, ranges []cellRange, st xlsxStyles) error {
	// The streams of 明细, 汇总 and 拒绝 are made first, in sheet order (so
	// that the workbook's defined names keep their order): excelize's File
	// is not safe for concurrent changes, but two StreamWriters are
	// independent, and 拒绝 is written on a goroutine of its own while the
	// lines are.
	lineStreams := make([]*excelize.StreamWriter, len(ranges))
	for i, rg := range ranges {
		lastCol, _ := excelize.ColumnNumberToName(linePrintColumns)
		printArea := fmt.Sprintf("$A$1:$%s$%d", lastCol, rg.lines+3)
		var err error
		if lineStreams[i], err = startSheet(f, wb, rg.sheet, lineColumns, rg.lines+1, printArea, st); err != nil {
			return err
		}
	}
	summary, err := startSheet(f, wb, SheetSummary, summaryColumns, len(wb.Recon.ByProgram)+len(wb.Recon.ByFunder)+2, "", st)
	if err != nil {
		return err
	}
	rejections, err := startSheet(f, wb, SheetRejections, rejectionColumns, wb.Rejections.Len()+1, "", st)
	if err != nil {
		return err
	}
	rejDone := make(chan error, 1)
	go func() { rejDone <- writeRejectionRows(rejections, wb, st) }()
	stats, err := writeLineSheets(wb, ranges, lineStreams, st)
	if rerr := <-rejDone; err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	if !stats.computed.Equal(wb.Recon.Claimed) || !stats.payable.Equal(wb.Recon.Paid) || !stats.held.Equal(wb.Recon.Held) {
		return fmt.Errorf("%s: the lines add up to computed %s, payable %s and held %s, the reconciliation says claimed %s, paid %s and held %s",
			SheetLines, stats.computed, stats.payable, stats.held, wb.Recon.Claimed, wb.Recon.Paid, wb.Recon.Held)
	}
	if err := writeSummaryRows(summary, wb, ranges, stats, st); err != nil {
		return err
	}
	if err := writeParamSheet(f, wb, stats, st); err != nil {
		return err
	}
	if err := writeReconSheet(f, wb, ranges, st); err != nil {
		return err
	}
	return writePayoutSheets(f, wb, ranges, stats, st)
}

// xlsxFixedTime is the creation and modification time written into every
// workbook (the zip epoch), so that the bytes depend on the content only.
const xlsxFixedTime = "1980-01-01T00:00:00Z"

// lineSheetName is the name of the i-th 明细 sheet (from 0).
func lineSheetName(i int) string {
	if i == 0 {
		return SheetLines
	}
	return SheetLines + strconv.Itoa(i+1)
}

// cellRange is the data rows of one 明细 sheet, for formulas: rows 2 to
// last.
type cellRange struct {
	sheet string
	last  int // last data row (≥ 2 so that an empty sheet still gives a valid range)
	lines int // lines on the sheet
}

func lineRanges(names []string, n int) []cellRange {
	out := make([]cellRange, len(names))
	for i, name := range names {
		rows := min(n-i*xlsxMaxLines, xlsxMaxLines)
		out[i] = cellRange{sheet: name, last: max(rows+1, 2), lines: rows}
	}
	return out
}

// ref is the absolute reference of a 明细 column on the sheet, e.g.
// '明细'!$S$2:$S$24.
func (r cellRange) ref(column string) string {
	c := lineColLetter(column)
	return fmt.Sprintf("'%s'!$%s$2:$%s$%d", r.sheet, c, c, r.last)
}

// localRef is ref without the sheet, for formulas on the 明细 sheet itself.
func (r cellRange) localRef(column string) string {
	c := lineColLetter(column)
	return fmt.Sprintf("$%s$2:$%s$%d", c, c, r.last)
}

// lineColLetter is the column letter of a column of 明细.
func lineColLetter(column string) string {
	name, _ := excelize.ColumnNumberToName(lineCol[column] + 1)
	return name
}

// sumOver joins one term per 明细 sheet with "+".
func sumOver(ranges []cellRange, term func(cellRange) string) string {
	parts := make([]string, len(ranges))
	for i, r := range ranges {
		parts[i] = term(r)
	}
	return strings.Join(parts, "+")
}

// excelNumber returns the float64 that excelize writes as the cell's value
// for d, and whether the cell then holds d exactly.
//
// excelize's StreamWriter writes a number only from a Go number type, and
// writes a float64 as strconv.FormatFloat(v, 'f', -1, 64) limited to 15
// significant digits; there is no way to hand it the decimal's own digits
// as a numeric cell. The float64 is therefore only a carrier: a decimal of
// at most 15 significant digits parses to the nearest float64, whose
// shortest representation is that same decimal (15 digits always
// round-trip through a float64), so the XML holds exactly the decimal's
// digits, e.g. 475447.5 for 475,447.50. The check below formats the carrier
// back the way excelize does and refuses anything that does not read back
// equal (amounts of 10^13 yuan and more), so no amount is ever rounded.
//
// A decimal of at most 15 digits and a scale of at most 22 takes a faster
// road to the same float64: its coefficient is exact as a float64 (below
// 2^53) and so is 10^scale, and IEEE 754 division rounds correctly, so the
// quotient is the float64 nearest the decimal, the one ParseFloat returns;
// and distinct decimals of 15 digits are distinct float64s, so its
// shortest representation is the decimal's own digits.
func excelNumber(d decimal.Decimal) (float64, bool) {
	if exp := d.Exponent(); exp <= 0 && exp >= -22 && d.NumDigits() <= 15 {
		return float64(d.CoefficientInt64()) / pow10[-exp], true
	}
	return parsedExcelNumber(d)
}

// parsedExcelNumber is excelNumber the long way, for every decimal:
// ParseFloat of its text, checked by formatting the float64 back.
func parsedExcelNumber(d decimal.Decimal) (float64, bool) {
	v, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return 0, false
	}
	got, ok := value.SpreadsheetNumber(strconv.FormatFloat(v, 'f', -1, 64))
	return v, ok && got.Equal(d)
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// amountCell is an amount as a #,##0.00 numeric cell; false when a
// spreadsheet number cannot hold it exactly.
func amountCell(d decimal.Decimal, style int) (excelize.Cell, bool) {
	v, ok := excelNumber(d)
	return excelize.Cell{StyleID: style, Value: v}, ok
}

// textCell is a text as a string cell; excelize writes it as an inline
// string, never as a formula. It refuses, rather than let excelize alter
// it, a text longer than a cell holds and a text with a character a cell
// cannot hold (see textProblem).
func textCell(s string, style int) (excelize.Cell, error) {
	if s == "" {
		return excelize.Cell{StyleID: style}, nil
	}
	if p := textProblem(s); p != "" {
		return excelize.Cell{}, errors.New(p)
	}
	return excelize.Cell{StyleID: style, Value: s}, nil
}

// textProblem says why no spreadsheet cell holds s as it is, or "": longer
// than maxCellChars, not UTF-8, or a control character other than tab, CR
// and LF (C0 and DEL; XML cannot hold most of them, and excelize would
// write U+FFFD instead), or U+FFFE or U+FFFF.
func textProblem(s string) string {
	if len(s) > maxCellChars && len(utf16.Encode([]rune(s))) > maxCellChars {
		return fmt.Sprintf("a text longer than a spreadsheet cell holds (%d characters)", maxCellChars)
	}
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "a text that is not valid UTF-8"
		case (r < 0x20 && r != '\t' && r != '\r' && r != '\n') || r == 0x7f || r == 0xFFFE || r == 0xFFFF:
			return fmt.Sprintf("a text with the control character U+%04X, which a spreadsheet cell cannot hold", r)
		}
	}
	return ""
}

// visibleText is s with every character textProblem refuses written as
// <U+XXXX>, for the cells that quote what a roster held (the rejections).
func visibleText(s string) string {
	if textProblem(s) == "" || len(s) > maxCellChars {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) || textProblem(string(r)) != "" {
			if r == utf8.RuneError {
				fmt.Fprintf(&b, "<0x%02X>", s[i])
			} else {
				fmt.Fprintf(&b, "<U+%04X>", r)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sheetCellError is the error for a value of a summary sheet that no cell
// can hold.
func sheetCellError(sheet string, row int, what string) error {
	return fmt.Errorf("%s row %d: %s cannot be stored exactly in a spreadsheet cell", sheet, row, what)
}

// headerNotes adds the English name of each header cell in row 1 as a
// note. It must run before the sheet's StreamWriter is created: excelize
// writes notes in normal mode, and the StreamWriter then keeps the sheet's
// link to them.
func headerNotes(f *excelize.File, sheet string, en []string) error {
	for i, name := range en {
		cell, err := excelize.CoordinatesToCellName(i+1, 1)
		if err != nil {
			return err
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "subsidy", Text: name}); err != nil {
			return err
		}
	}
	return nil
}

// startSheet prepares a sheet for streaming: header notes, an autofilter
// startSheet prepares a sheet for streaming: header notes, an autofilter
// over rows 1..lastRow, the print setup (pageSetup, with printArea), the
// header row frozen, and the column widths; it writes the header row and
// returns the StreamWriter.
func startSheet(f *excelize.File, wb *Workbook, sheet string, cols []column, lastRow int, printArea string, st xlsxStyles) (*excelize.StreamWriter, error) {
	_, en := splitColumns(cols)
	if err := headerNotes(f, sheet, en); err != nil {
		return nil, err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", lastCol, max(lastRow, 1)), nil); err != nil {
		return nil, err
	}
	if err := pageSetup(f, sheet, printArea, wb); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	// excelize puts each new width before the earlier ones; set them from
	// the last column so that the <col> elements come out in order.
	for i := len(cols) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, cols[i].width); err != nil {
			return nil, err
		}
	}
	zh, _ := splitColumns(cols)
	if err := setRow(sw, 1, headerCells(cols, st), rowHeight(cols, zh)); err != nil {
		return nil, err
	}
	return sw, nil
}

// setRow writes cells as row r of the stream, height points tall (0: the
// default height).
func setRow(sw *excelize.StreamWriter, r int, cells []any, height float64) error {
	cellName, err := excelize.CoordinatesToCellName(1, r)
	if err != nil {
		return err
	}
	if height > 0 {
		return sw.SetRow(cellName, cells, excelize.RowOpts{Height: height})
	}
	return sw.SetRow(cellName, cells)
}

// sheetSums are the computed, payable and held totals of some lines.
type sheetSums struct{ computed, payable, held decimal.Decimal }

func (s *sheetSums) add(t sheetSums) {
	s.computed = s.computed.Add(t.computed)
	s.payable = s.payable.Add(t.payable)
	s.held = s.held.Add(t.held)
}

// lineStats is what the other sheets need to know of the lines, gathered
// while 明细 is written: the totals, those of each 明细 sheet, the name and
// clause of each program (from its first line), how many lines each
// program version computed, and what each funder's approval sheet sums.
type lineStats struct {
	sheetSums
	sheets         []sheetSums
	programNames   map[string]string
	programClauses map[string]string
	versionLines   map[programVersion]int
	payouts        map[string]*funderPayout // by funder
}

// programVersion is a program and a policy_version of its lines.
type programVersion struct{ program, version string }

// lineSheet is a 明细 sheet being written.
type lineSheet struct {
	i  int // its position in the ranges
	rg cellRange
	sw *excelize.StreamWriter
	n  int // lines written
}

// lineBatchSize is how many rows of 明细 a lineBatch carries.
const lineBatchSize = 512

// lineBatch is rows of 明细 made ready for the StreamWriter: the cells of
// n lines and each row's height.
type lineBatch struct {
	cells  []excelize.Cell // lineBatchSize rows of len(lineColumns) cells
	rows   [][]any         // row i: pointers to its cells
	height []float64
	n      int
	err    error // the first line that no row can hold, or the source's error
}

func newLineBatch() *lineBatch {
	w := len(lineColumns)
	b := &lineBatch{cells: make([]excelize.Cell, lineBatchSize*w), rows: make([][]any, lineBatchSize),
		height: make([]float64, lineBatchSize)}
	for i := range b.rows {
		b.rows[i] = make([]any, w)
		for j := range w {
			b.rows[i][j] = &b.cells[i*w+j]
		}
	}
	return b
}

// errStopped stops the reading of the lines when the writing failed.
var errStopped = errors.New("stopped")

// makeLineRows reads wb.Lines and sends their rows to ready in batches
// (reusing the batches that come back on free), stopping when stop is
// closed; it closes ready at the end, after a batch carrying the error, if
// any. It gathers stats as it goes: the totals of a sheet are complete
// before the first row of the next sheet is sent, and all of stats when
// ready is closed.
func makeLineRows(wb *Workbook, st xlsxStyles, stats *lineStats, ready chan<- *lineBatch, free <-chan *lineBatch, stop <-chan struct{}) {
	defer close(ready)
	w, want := len(lineColumns), wb.Lines.Len()
	texts := make([]string, w)
	get := func() *lineBatch {
		select {
		case b := <-free:
			b.n, b.err = 0, nil
			return b
		default:
			return newLineBatch()
		}
	}
	b := get()
	count := 0
	err := wb.Lines.Each(func(l *ledger.Line) error {
		if count >= want {
			return fmt.Errorf("%s: more lines than the %d announced", SheetLines, want)
		}
		i := b.n
		if bad, why := lineRow(l, wb.Lang, st, texts, b.cells[i*w:(i+1)*w]); bad != "" {
			return fmt.Errorf("%s row %d (%s) %s: %s", lineSheetName(count/xlsxMaxLines), count%xlsxMaxLines+2, l.LineID, bad, why)
		}
		b.height[i] = rowHeight(lineColumns, texts)
		sums := sheetSums{l.Computed, l.Payable, l.Held}
		stats.add(sums)
		stats.sheets[count/xlsxMaxLines].add(sums)
		if _, ok := stats.programNames[l.Program]; !ok {
			stats.programNames[l.Program] = l.ProgramName
			stats.programClauses[l.Program] = l.Clause
		}
		stats.addPayout(l)
		stats.versionLines[programVersion{l.Program, l.PolicyVersion}]++
		b.n++
		count++
		if b.n == lineBatchSize {
			select {
			case ready <- b:
			case <-stop:
				return errStopped
			}
			b = get()
		}
		return nil
	})
	if err == nil && count != want {
		err = fmt.Errorf("%s: %d lines, %d announced", SheetLines, count, want)
	}
	b.err = err
	select {
	case ready <- b:
	case <-stop:
	}
}

// writeLineSheets writes the lines on the 明细 sheets of ranges (whose
// streams, started, are streams), in one pass over wb.Lines: each sheet has the header, its lines from row 2, a
// blank row and the total row, whose SUBTOTAL formulas (9: sum, 3: count)
// skip the rows the autofilter hides and whose cached values are the
// sheet's own count and sums. The rows are made (read from the source,
// checked, formatted, measured, added up) on a second goroutine while this
// one hands them to the StreamWriter.
func writeLineSheets(wb *Workbook, ranges []cellRange, streams []*excelize.StreamWriter, st xlsxStyles) (lineStats, error) {
	stats := lineStats{sheets: make([]sheetSums, len(ranges)), programNames: map[string]string{},
		programClauses: map[string]string{}, versionLines: map[programVersion]int{}, payouts: map[string]*funderPayout{}}
	var cur *lineSheet
	next := 0 // the next sheet of ranges to start
	start := func() {
		cur = &lineSheet{i: next, rg: ranges[next], sw: streams[next]}
		next++
	}
	finish := func() error {
		total, err := totalRow(cur.rg, cur.n, stats.sheets[cur.i], st)
		if err != nil {
			return err
		}
		if err := setRow(cur.sw, cur.n+3, total, 0); err != nil {
			return err
		}
		return cur.sw.Flush()
	}
	start()
	ready, free, stop := make(chan *lineBatch, 2), make(chan *lineBatch, 4), make(chan struct{})
	go makeLineRows(wb, st, &stats, ready, free, stop)
	write := func(b *lineBatch) error {
		for i := range b.n {
			if cur.n == cur.rg.lines {
				if err := finish(); err != nil {
					return err
				}
				start()
			}
			if err := setRow(cur.sw, cur.n+2, b.rows[i], b.height[i]); err != nil {
				return err
			}
			cur.n++
		}
		return b.err
	}
	var err error
	for b := range ready {
		if err == nil {
			if err = write(b); err != nil {
				close(stop) // the reader stops; ready is drained until it closes
			}
		}
		select {
		case free <- b:
		default:
		}
	}
	if err != nil {
		return stats, err
	}
	return stats, finish()
}

// totalRow is the total row of a 明细 sheet of n lines.
func totalRow(rg cellRange, n int, sums sheetSums, st xlsxStyles) ([]any, error) {
	row := make([]any, len(lineColumns))
	for i := range row {
		row[i] = excelize.Cell{StyleID: st.totalLabel}
	}
	row[0] = excelize.Cell{StyleID: st.totalLabel, Value: totalLabel}
	row[1] = excelize.Cell{StyleID: st.totalCount, Value: n, Formula: "SUBTOTAL(3," + rg.localRef("line_id") + ")"}
	for col, sum := range map[string]decimal.Decimal{"computed": sums.computed, "payable": sums.payable, HeldColumn: sums.held} {
		c, ok := amountCell(sum, st.totalSum)
		if !ok {
			return nil, sheetCellError(rg.sheet, n+3, "the total "+col)
		}
		c.Formula = "SUBTOTAL(9," + rg.localRef(col) + ")"
		row[lineCol[col]] = c
	}
	return row, nil
}

// lineRow sets cells to the cells of a line in lineColumns order, and
// texts to the text of each text column ("" for the others), for the
// row's height; it returns the first column, in the order of
// ledger.LineColumns and then the columns that are not ledger columns,
// whose value no cell can hold.
func lineRow(l *ledger.Line, lang string, st xlsxStyles, texts []string, cells []excelize.Cell) (bad, why string) {
	clear(texts)
	txt := func(col int, s string) {
		texts[col] = s
		style := st.text
		if lineColumns[col].wrap {
			style = st.wrap
		}
		c, err := textCell(s, style)
		if err != nil && bad == "" {
			bad, why = lineColumns[col].en, err.Error()
		}
		cells[col] = c
	}
	amt := func(col int, d decimal.Decimal) {
		c, ok := amountCell(d, st.amount)
		if !ok && bad == "" {
			bad, why = lineColumns[col].en, fmt.Sprintf("amount %s cannot be stored exactly as a spreadsheet number", d.String())
		}
		cells[col] = c
	}
	if l.LineID == totalLabel {
		bad, why = "line_id", fmt.Sprintf("a line_id %q would read back as the total row", totalLabel)
	}
	for i := range ledger.LineColumns {
		c, at := &ledger.LineColumns[i], linePos[i]
		switch c.Kind {
		case ledger.KindDate:
			cells[at] = dateCell(*c.Date(l), st)
		case ledger.KindRate:
			cells[at] = rateCell(*c.Decimal(l), st)
		case ledger.KindMoney:
			amt(at, *c.Decimal(l))
		case ledger.KindCap:
			if l.HasCap {
				amt(at, *c.Decimal(l))
			} else {
				cells[at] = excelize.Cell{StyleID: st.amount}
			}
		default: // text, flags, note
			s, _ := c.Cell(l, lang)
			txt(at, s)
		}
	}
	if l.Held.IsZero() {
		cells[colHeld] = excelize.Cell{StyleID: st.amount}
	} else {
		amt(colHeld, l.Held)
	}
	txt(colStatusLabel, StatusLabel(l.Status, lang))
	txt(colFlagsLabel, FlagsLabel(l.Flags, lang))
	return bad, why
}

// dateCell is a date as a date cell, or as text when a spreadsheet
// cannot hold it as a date.
func dateCell(d value.Date, st xlsxStyles) excelize.Cell {
	if serial, ok := value.ExcelSerial(d); ok {
		return excelize.Cell{StyleID: st.date, Value: serial}
	}
	return excelize.Cell{StyleID: st.text, Value: d.String()}
}

// rateCell is a rate as a percentage, or as text when a spreadsheet
// number cannot hold it exactly.
func rateCell(r decimal.Decimal, st xlsxStyles) excelize.Cell {
	if v, ok := excelNumber(r); ok {
		return excelize.Cell{Value: v, StyleID: st.rateStyle(r)}
	}
	return excelize.Cell{Value: r.String(), StyleID: st.text}
}

// The positions of the 明细 columns that are not ledger columns, for
// lineRow.
var colHeld, colStatusLabel, colFlagsLabel = lineCol[HeldColumn], lineCol[StatusLabelColumn], lineCol[FlagsLabelColumn]

// writeSummaryRows writes the rows of 汇总 to its started stream sw.
func writeSummaryRows(sw *excelize.StreamWriter, wb *Workbook, ranges []cellRange, stats lineStats, st xlsxStyles) error {
	rc := wb.Recon
	r := 2
	put := func(dim, key, name string, t engine.Total, count, computed, payable, held string) error {
		text, sum, cnt := st.text, st.amount, st.count
		if dim == dimTotal {
			text, sum, cnt = st.totalLabel, st.totalSum, st.totalLabel
		}
		comp, ok1 := amountCell(t.Computed, sum)
		pay, ok2 := amountCell(t.Payable, sum)
		hold, ok3 := amountCell(t.Held, sum)
		if !ok1 || !ok2 || !ok3 {
			return sheetCellError(SheetSummary, r, "the total of "+key)
		}
		comp.Formula, pay.Formula, hold.Formula = computed, payable, held
		cells := []any{
			excelize.Cell{StyleID: text, Value: dim},
			excelize.Cell{StyleID: text, Value: key},
			excelize.Cell{StyleID: text, Value: name},
			excelize.Cell{StyleID: cnt, Value: t.Lines, Formula: count},
			comp, pay, hold,
		}
		if dim == dimTotal {
			cells[3] = excelize.Cell{StyleID: st.count, Value: t.Lines, Formula: count}
		}
		err := setRow(sw, r, cells, 0)
		r++
		return err
	}
	// keyed is the formulas of a program's or a funder's row: its count,
	// and its computed, payable and held sums (a blank held cell counts as
	// 0 in the product).
	keyed := func(column string) (string, string, string, string) {
		self := fmt.Sprintf("$B%d", r)
		match := func(c cellRange) string { return fmt.Sprintf("(%s=%s)", c.ref(column), self) }
		count := sumOver(ranges, func(c cellRange) string { return "SUMPRODUCT(--" + match(c) + ")" })
		sum := func(col string) string {
			return sumOver(ranges, func(c cellRange) string { return "SUMPRODUCT(" + match(c) + "*" + c.ref(col) + ")" })
		}
		return count, sum("computed"), sum("payable"), sum(HeldColumn)
	}
	for _, t := range rc.ByProgram {
		count, comp, pay, held := keyed("program")
		if err := put(dimProgram, t.Key, stats.programNames[t.Key], t, count, comp, pay, held); err != nil {
			return err
		}
	}
	for _, t := range rc.ByFunder {
		count, comp, pay, held := keyed("funder")
		name := "市级"
		if t.Key != "city" {
			name = wb.Policy.DistrictName(t.Key)
		}
		if err := put(dimFunder, t.Key, name, t, count, comp, pay, held); err != nil {
			return err
		}
	}
	total := engine.Total{Lines: wb.Lines.Len(), Computed: rc.Claimed, Payable: rc.Paid, Held: rc.Held}
	count := sumOver(ranges, func(c cellRange) string { return "COUNTA(" + c.ref("line_id") + ")" })
	sum := func(col string) string { return "SUM(" + strings.Join(mapRanges(ranges, col), ",") + ")" }
	if err := put(dimTotal, "", "全部明细", total, count, sum("computed"), sum("payable"), sum(HeldColumn)); err != nil {
		return err
	}
	return sw.Flush()
}

func mapRanges(ranges []cellRange, column string) []string {
	out := make([]string, len(ranges))
	for i, r := range ranges {
		out[i] = r.ref(column)
	}
	return out
}

// writeRejectionRows writes the rows of 拒绝 to its started stream sw.
func writeRejectionRows(sw *excelize.StreamWriter, wb *Workbook, st xlsxStyles) error {
	n := wb.Rejections.Len()
	r := 1
	err := wb.Rejections.Each(func(rj *ledger.Rejection) error {
		if r++; r > n+1 {
			return fmt.Errorf("%s: more rejections than the %d announced", SheetRejections, n)
		}
		cells := make([]any, 0, len(rejectionColumns))
		texts := []string{rj.File, "", RejectionColumn(rj, wb.Lang), rj.Shown(), rj.Code, rj.Class, rj.Message.In(wb.Lang)}
		for j, s := range texts {
			texts[j] = visibleText(s)
			style := st.text
			if rejectionColumns[j].wrap {
				style = st.wrap
			}
			c, err := textCell(texts[j], style)
			if err != nil {
				return sheetCellError(SheetRejections, r, "a text")
			}
			cells = append(cells, c)
		}
		if rj.Row > 0 {
			cells[1] = excelize.Cell{StyleID: st.count, Value: rj.Row}
		}
		return setRow(sw, r, cells, rowHeight(rejectionColumns, texts))
	})
	if err != nil {
		return err
	}
	if r != n+1 {
		return fmt.Errorf("%s: %d rejections, %d announced", SheetRejections, r-1, n)
	}
	return sw.Flush()
}

// generalParams names, in the program-name column of 参数, the parameters
// that belong to no program.
const generalParams = "（通用参数）"

// paramRow is one parameter value of the policy for 参数.
type paramRow struct {
	program, name, clause, version, from, to string
	par                                      *policy.Param
	lines                                    int
	hasLines                                 bool
}

// paramRows lists every parameter value of the policy: the general ones,
// then each program's versions, each parameter followed by its district
// overrides; with, per program version, how many lines of the batch it
// computed.
func paramRows(wb *Workbook, stats lineStats) []paramRow {
	p := wb.Policy
	used := stats.versionLines
	var rows []paramRow
	add := func(base paramRow, par *policy.Param) {
		base.par = par
		rows = append(rows, base)
		for _, code := range sortedKeys(par.Overrides) {
			o := base
			o.par = par.Overrides[code]
			if o.par.District == "" {
				o.par = withDistrict(o.par, code)
			}
			rows = append(rows, o)
		}
	}
	for _, key := range sortedKeys(p.General) {
		for _, v := range p.General[key].Values {
			add(paramRow{name: generalParams, from: v.From.String(), to: dateTo(v.To)}, v.Param)
		}
	}
	for _, id := range p.ProgramIDs() {
		prog := p.Programs[id]
		for _, v := range prog.Versions {
			n := used[programVersion{id, p.ID + "@" + v.Version}]
			for _, pn := range sortedKeys(v.Params) {
				add(paramRow{program: id, name: prog.Name, clause: prog.Clause, version: v.Version,
					from: v.From.String(), to: dateTo(v.To), lines: n, hasLines: true}, v.Params[pn])
			}
		}
	}
	return rows
}

func withDistrict(p *policy.Param, code string) *policy.Param {
	c := *p
	c.District = code
	return &c
}

func dateTo(d value.Date) string {
	if d == policy.OpenEnd {
		return ""
	}
	return d.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func writeParamSheet(f *excelize.File, wb *Workbook, stats lineStats, st xlsxStyles) error {
	rows := paramRows(wb, stats)
	sw, err := startSheet(f, wb, SheetParams, paramColumns, len(rows)+1, "", st)
	if err != nil {
		return err
	}
	policyID := wb.Policy.ID
	for i, pr := range rows {
		r := i + 2
		example := ""
		if pr.par.Example {
			example = "是"
		}
		texts := []string{policyID, pr.program, pr.name, pr.clause, pr.version, pr.from, pr.to,
			pr.par.Name, pr.par.District, pr.par.FormatValue(), pr.par.Unit, example,
			pr.par.Reference.Document, pr.par.Reference.Clause, pr.par.Reference.Note}
		cells := make([]any, 0, len(texts)+1)
		for j, s := range texts {
			style := st.text
			if paramColumns[j].wrap {
				style = st.wrap
			}
			c, err := textCell(s, style)
			if err != nil {
				return sheetCellError(SheetParams, r, "a text")
			}
			cells = append(cells, c)
		}
		lines := excelize.Cell{StyleID: st.count}
		if pr.hasLines {
			lines.Value = pr.lines
		}
		cells = append(cells, lines)
		if err := setRow(sw, r, cells, rowHeight(paramColumns, texts)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeReconSheet writes 核对: the per-roster table (rows read = line +
// counted + prior + listed, under the sheet's header row), then, each
// under a header row of its own so that every header sits over its
// numbers, the amounts (claimed, paid and held as formulas over 明细,
// capped-off as what is left, the listed amounts per currency) and the counts,
// and the result.
func writeReconSheet(f *excelize.File, wb *Workbook, ranges []cellRange, st xlsxStyles) error {
	rc := wb.Recon
	// The autofilter covers the per-roster table only.
	sw, err := startSheet(f, wb, SheetRecon, reconColumns, len(rc.Rosters)+1, "", st)
	if err != nil {
		return err
	}
	w := &reconRows{sw: sw, st: st, r: 2}
	if err := w.rosters(rc); err != nil {
		return err
	}
	w.r++ // a blank row between the tables
	if err := w.amounts(rc, ranges); err != nil {
		return err
	}
	w.r++
	if err := w.counts(wb); err != nil {
		return err
	}
	w.r++
	if err := w.result(rc, wb.Lang); err != nil {
		return err
	}
	return sw.Flush()
}

// reconRows writes the rows of 核对 one after another from row r.
type reconRows struct {
	sw *excelize.StreamWriter
	st xlsxStyles
	r  int
}

// put writes the next row.
func (w *reconRows) put(cells []any) error {
	err := setRow(w.sw, w.r, cells, 0)
	w.r++
	return err
}

// label is the label cell of a row of the amount or count table.
func (w *reconRows) label(zh, en string) excelize.Cell {
	return excelize.Cell{StyleID: w.st.text, Value: zh + " / " + en}
}

// rosters writes the per-roster table (under the sheet's header row).
func (w *reconRows) rosters(rc *engine.Reconciliation) error {
	st := w.st
	yesNo := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	for _, c := range rc.Rosters {
		cells := []any{
			excelize.Cell{StyleID: st.text, Value: string(c.Kind)},
			excelize.Cell{StyleID: st.count, Value: c.Read},
			excelize.Cell{StyleID: st.count, Value: c.Line},
			excelize.Cell{StyleID: st.count, Value: c.Counted},
			excelize.Cell{StyleID: st.count, Value: c.Prior},
			excelize.Cell{StyleID: st.count, Value: c.Listed},
			excelize.Cell{StyleID: st.count},
			excelize.Cell{StyleID: st.text, Value: yesNo(c.Balanced())},
		}
		if c.Reference {
			cells[6] = excelize.Cell{StyleID: st.count, Value: c.Other}
		}
		if err := w.put(cells); err != nil {
			return err
		}
	}
	return nil
}

// amounts writes the amount table under its header: claimed, paid and
// held as formulas over the 明细 sheets of ranges, capped-off as what is
// left, the listed amounts per currency.
func (w *reconRows) amounts(rc *engine.Reconciliation, ranges []cellRange) error {
	st := w.st
	if err := w.put(headerCells(reconAmountHeader, st)); err != nil {
		return err
	}
	claimed, ok := amountCell(rc.Claimed, st.amount)
	if !ok {
		return sheetCellError(SheetRecon, w.r, "the claimed total")
	}
	claimed.Formula = "SUM(" + strings.Join(mapRanges(ranges, "computed"), ",") + ")"
	claimedRow := w.r
	if err := w.put([]any{w.label("计算合计", "claimed"), claimed}); err != nil {
		return err
	}
	paid, ok := amountCell(rc.Paid, st.amount)
	if !ok {
		return sheetCellError(SheetRecon, w.r, "the paid total")
	}
	paid.Formula = "SUM(" + strings.Join(mapRanges(ranges, "payable"), ",") + ")"
	if err := w.put([]any{w.label("应付合计", "paid"), paid}); err != nil {
		return err
	}
	capped, ok := amountCell(rc.CappedOff, st.amount)
	if !ok {
		return sheetCellError(SheetRecon, w.r, "the capped-off total")
	}
	held, ok := amountCell(rc.Held, st.amount)
	if !ok {
		return sheetCellError(SheetRecon, w.r, "the held total")
	}
	held.Formula = "SUM(" + strings.Join(mapRanges(ranges, HeldColumn), ",") + ")"
	if err := w.put([]any{w.label("暂缓支付", "held"), held}); err != nil {
		return err
	}
	// claimed = paid + held + capped-off: what is neither paid nor held
	// was taken off by a cap.
	capped.Formula = fmt.Sprintf("B%d-B%d-B%d", claimedRow, claimedRow+1, claimedRow+2)
	if err := w.put([]any{w.label("限额扣减", "capped-off"), capped}); err != nil {
		return err
	}
	for _, cur := range sortedKeys(rc.Listed) {
		a, ok := amountCell(rc.Listed[cur], st.amount)
		if !ok {
			return sheetCellError(SheetRecon, w.r, "the listed amount in "+cur)
		}
		if err := w.put([]any{w.label("拒绝行金额 "+cur, "listed amount "+cur), a}); err != nil {
			return err
		}
	}
	return nil
}

// counts writes the count table under its header: lines, rejections and
// prior lines.
func (w *reconRows) counts(wb *Workbook) error {
	if err := w.put(headerCells(reconCountHeader, w.st)); err != nil {
		return err
	}
	for _, kv := range []struct {
		zh, en string
		n      int
	}{
		{"明细笔数", "lines", wb.Lines.Len()},
		{"拒绝笔数", "rejections", wb.Rejections.Len()},
		{"上期明细笔数", "prior lines", wb.Recon.PriorLines},
	} {
		if err := w.put([]any{w.label(kv.zh, kv.en), excelize.Cell{StyleID: w.st.count, Value: kv.n}}); err != nil {
			return err
		}
	}
	return nil
}

// result writes whether the batch balances, in lang, and its problems.
func (w *reconRows) result(rc *engine.Reconciliation, lang string) error {
	st := w.st
	result := msg.T("平衡", "balances")
	if !rc.Balanced() {
		result = msg.T("不平衡", "does NOT balance")
	}
	if err := w.put([]any{excelize.Cell{StyleID: st.plainLabel, Value: "核对结果 / result"},
		excelize.Cell{StyleID: st.plainLabel, Value: result.In(lang)}}); err != nil {
		return err
	}
	for _, p := range rc.Problems {
		c, err := textCell(p.In(lang), st.plainText)
		if err != nil {
			return sheetCellError(SheetRecon, w.r, "a text")
		}
		if err := w.put([]any{nil, c}); err != nil {
			return err
		}
	}
	return nil
}
