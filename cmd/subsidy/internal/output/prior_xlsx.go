package output

import (
	"errors"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/fileio"
)

// priorUnzipLimit is the decompressed size of a whole prior workbook (a
// full 明细 sheet of 1,048,575 lines is about 1.5 GB of XML, streamed
// through a temporary file).
const priorUnzipLimit = 8 << 30

// openPriorXLSX opens a workbook for reading raw cell values, once its zip
// archive has passed the roster reader's checks (fileio.CheckXLSXArchive:
// no zip bomb, bounded parts held in memory). Worksheets and shared
// strings above fileio.XLSXStreamedPart are streamed by excelize through
// temporary files, so memory stays bounded.
func openPriorXLSX(path string) (*excelize.File, error) {
	if err := fileio.CheckXLSXArchive(path); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil, err
		}
		return nil, &Error{File: path, Msg: msg.F("无法作为 XLSX 工作簿打开：%[1]s", "cannot open it as an XLSX workbook: %[2]s", e.Msg.Zh, e.Msg.En)}
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true,
		UnzipSizeLimit: priorUnzipLimit, UnzipXMLSizeLimit: fileio.XLSXStreamedPart})
	if err != nil {
		return nil, &Error{File: path, Msg: msg.F("无法作为 XLSX 工作簿打开：%v", "cannot open it as an XLSX workbook: %v", unwrapPath(err))}
	}
	return f, nil
}

// headerColumns maps the header row of a 明细 sheet to ledger column
// positions: pos[i] is the cell index of ledger column i. The header is
// in English (ledger.Columns, and StatusLabelColumn and FlagsLabelColumn)
// or in Chinese: the headers of LineSheetColumns or, in a workbook written
// before the status and the flags were also shown in words (a header with
// neither 状态代码 nor 标记代码), ledger.ColumnsZh, whose 状态 and 标记 held
// the codes. The label columns and HeldColumn are accepted and not read:
// the codes are what counts, a label worded by another version of the
// program still reads, and a held line is not a prior line (what it would
// pay is computed again; the CSV does not carry it either). It returns the English names of the header's ledger columns and
// unknown headers, for an error message, and false when the header is not
// the ledger's column set (a column missing, unknown or repeated).
func headerColumns(header []string) (pos []int, names []string, ok bool) {
	pos = make([]int, len(ledger.Columns))
	for i := range pos {
		pos[i] = -1
	}
	zhNew, enNew := LineSheetColumns()
	labelled := false
	for _, h := range header {
		if h = strings.TrimSpace(h); h == zhNew[lineCol["status"]] || h == zhNew[lineCol["flags"]] {
			labelled = true
		}
	}
	// name is the English name of a header cell, or "".
	name := func(h string) string {
		if slices.Contains(enNew, h) {
			return h
		}
		if labelled {
			if i := slices.Index(zhNew, h); i >= 0 {
				return enNew[i]
			}
		} else if i := slices.Index(ledger.ColumnsZh, h); i >= 0 {
			return ledger.Columns[i]
		}
		return ""
	}
	ok = true
	for cell, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		n := name(h)
		if n == StatusLabelColumn || n == FlagsLabelColumn || n == HeldColumn {
			continue
		}
		i := slices.Index(ledger.Columns, n)
		if i < 0 {
			names = append(names, h)
			ok = false
			continue
		}
		names = append(names, n)
		if pos[i] >= 0 {
			ok = false
			continue
		}
		pos[i] = cell
	}
	if slices.Contains(pos, -1) {
		ok = false
	}
	return pos, names, ok
}

// sniffXLSX reports whether a workbook in a prior folder is a ledger: it
// has a 明细 sheet whose header names line_id and payable (in either
// language). A workbook that cannot be opened (damaged, encrypted, over
// the size limits) is an error, never skipped: it may be a ledger.
func sniffXLSX(path string) (bool, error) {
	f, err := openPriorXLSX(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	rows, err := f.Rows(SheetLines)
	if err != nil {
		return false, nil // no 明细 sheet: not a ledger
	}
	defer rows.Close()
	if !rows.Next() {
		return false, nil
	}
	header, err := rows.Columns()
	if err != nil {
		return false, nil
	}
	_, names, _ := headerColumns(header)
	return looksLikeLedger(func(c string) bool { return slices.Contains(names, c) }), nil
}

// readPriorXLSX reads a workbook ledger written by WriteLedgerXLSX: the
// lines of 明细, 明细2, 明细3, … (header in Chinese or English, columns in
// any order but exactly the ledger's set), with the checks of the other
// formats (a line_id twice, across the sheets too, an amount or date that
// does not parse), and then refuses a workbook whose lines no longer add
// up to its 汇总: the number of lines, computed and payable of every
// program and funder and of the total, recomputed from the lines, must
// equal the values 汇总 holds (the cached results of its formulas, read at
// the 15 significant digits of a spreadsheet number, then exactly), and every program and funder of the lines must be there. Numbers
// are read from the cell's stored text, never through float64; a number a
// spreadsheet program stored with float noise (17 significant digits) is
// read back at the 15 digits a spreadsheet number means. With emit set,
// each line is handed to it as it is read and none is held (the totals
// are summed as they go); the workbook is refused, 汇总 being checked
// after the lines, once they were all emitted.
func readPriorXLSX(path string, explicit bool, emit lineFunc) (PriorFile, error) {
	f, err := openPriorXLSX(path)
	if err != nil {
		return PriorFile{}, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if !slices.Contains(sheets, SheetLines) {
		if explicit {
			return PriorFile{}, &Error{File: path, Msg: msg.F(
				"不是发放明细：工作簿中没有“%s”工作表", "not a ledger: the workbook has no sheet %q", SheetLines)}
		}
		return PriorFile{}, notLedger(path)
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	// The totals of 汇总 are summed as each line is read, and a line is
	// handed to emit as soon as it is read, so that a run holds no line of
	// the workbook (issue 15); 汇总 is checked after the last sheet, so a
	// bad line is still reported before a summary that does not add up.
	// The refusal then comes after lines were emitted: the caller of the
	// streaming path (batch.loadPrior through ReadPriorLines) turns any
	// error into a usage error before the engine runs, so a run that is
	// refused writes no ledger and no rejections. An error of emit itself
	// (the caller's, not the workbook's) now stops the reading at once,
	// before 汇总 is looked at.
	want := summaryTotals{}
	var lines []ledger.Line
	lr := &lineReader{path: path, emit: func(l *ledger.Line) error {
		want.add(l)
		if emit != nil {
			return emit(l)
		}
		lines = append(lines, *l)
		return nil
	}}
	for i := 0; ; i++ {
		name := lineSheetName(i)
		if !slices.Contains(sheets, name) {
			break
		}
		if err := readLineSheet(f, path, name, date1904, lr); err != nil {
			return PriorFile{}, err
		}
	}
	if err := checkSummary(f, path, want.done()); err != nil {
		return PriorFile{}, err
	}
	return PriorFile{Path: path, Lines: lines}, nil
}

// sheetFile names a sheet of a workbook in an error: "ledger.xlsx[明细]".
func sheetFile(path, sheet string) string { return path + "[" + sheet + "]" }

// readLineSheet reads the lines of one 明细 sheet into lr. Blank rows are
// skipped, and so is the total row (its line_id cell reads 合计), which
// must come after the last line: its SUBTOTAL values follow a filter, so
// they are not checked (汇总 is).
func readLineSheet(f *excelize.File, path, sheet string, date1904 bool, lr *lineReader) error {
	file := sheetFile(path, sheet)
	rows, err := f.Rows(sheet)
	if err != nil {
		return &Error{File: file, Msg: msg.F("无法读取工作表：%v", "cannot read the sheet: %v", err)}
	}
	defer rows.Close()
	if !rows.Next() {
		return &Error{File: file, Row: 1, Msg: msg.T("工作表为空，没有表头", "the sheet is empty: no header")}
	}
	header, err := rows.Columns()
	if err != nil {
		return &Error{File: file, Row: 1, Msg: msg.F("无法读取表头：%v", "cannot read the header: %v", err)}
	}
	pos, names, ok := headerColumns(header)
	if !ok {
		return columnsError(file, 1, names)
	}
	lr.path = file
	cells := make([]string, len(ledger.Columns))
	idCell, totalAt := pos[idColumn], 0
	for row := 2; rows.Next(); row++ {
		rec, err := rows.Columns()
		if err != nil {
			return &Error{File: file, Row: row, Msg: msg.F("无法读取该行：%v", "cannot read the row: %v", err)}
		}
		if blank(rec) {
			continue
		}
		if totalAt > 0 {
			return &Error{File: file, Row: row, Msg: msg.F(
				"合计行（第 %[1]d 行）之后不应再有明细行", "a line after the total row (row %[1]d): the total row must come last", totalAt)}
		}
		if idCell < len(rec) && strings.TrimSpace(rec[idCell]) == totalLabel {
			totalAt = row
			continue
		}
		for i, p := range pos {
			cells[i] = ""
			if p < len(rec) {
				cells[i] = rec[p]
			}
		}
		for i := range ledger.LineColumns {
			switch c := &ledger.LineColumns[i]; {
			case c.Numeric():
				cells[i] = spreadsheetNumber(cells[i])
			case c.Kind == ledger.KindDate:
				if d, ok := value.SpreadsheetDate(cells[i], date1904); ok {
					cells[i] = d.String()
				}
			}
		}
		if err := lr.add(row, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return &Error{File: file, Msg: msg.F("无法读取工作表：%v", "cannot read the sheet: %v", err)}
	}
	return nil
}

// spreadsheetNumber returns the stored text of a numeric cell as the
// decimal it stands for, at the 15 significant digits a spreadsheet number
// means (see value.SpreadsheetNumber). Text that is not a number is
// returned unchanged for the caller to refuse.
func spreadsheetNumber(s string) string {
	if d, ok := value.SpreadsheetNumber(s); ok {
		return d.String()
	}
	return s
}

// summaryTotal is the line count and sums of one program, funder or the
// whole ledger.
type summaryTotal struct {
	lines             int
	computed, payable decimal.Decimal
}

// checkSummary compares the 汇总 sheet with want, the totals recomputed
// from the lines (summaryTotals.done).
func checkSummary(f *excelize.File, path string, want summaryTotals) error {
	file := sheetFile(path, SheetSummary)
	rows, err := f.Rows(SheetSummary)
	if err != nil {
		return &Error{File: path, Msg: msg.F(
			"工作簿中没有“%[1]s”工作表，无法核对明细合计；请使用本程序写出的工作簿",
			"the workbook has no sheet %[1]q to check the lines against; use the workbook this program wrote", SheetSummary)}
	}
	defer rows.Close()
	if err := checkSummaryHeader(rows, file); err != nil {
		return err
	}
	seen := map[string]int{}
	for row := 2; rows.Next(); row++ {
		rec, err := rows.Columns()
		if err != nil {
			return &Error{File: file, Row: row, Msg: msg.F("无法读取该行：%v", "cannot read the row: %v", err)}
		}
		if blank(rec) {
			continue
		}
		if err := checkSummaryRow(file, row, rec, want, seen); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return &Error{File: file, Msg: msg.F("无法读取工作表：%v", "cannot read the sheet: %v", err)}
	}
	var missing []string
	for id := range want {
		if _, ok := seen[id]; !ok {
			missing = append(missing, strings.TrimSpace(strings.ReplaceAll(id, "\x00", " ")))
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return &Error{File: file, Msg: msg.F(
			"明细与汇总不符：明细中的 %[1]s 在汇总中没有对应行；工作簿已被改动，拒绝使用",
			"the lines no longer add up to the summary: %[1]s of 明细 have no row in the summary; the workbook was edited and is refused",
			strings.Join(missing, ", "))}
	}
	return nil
}

// summaryTotals are the totals of lines by program, funder and for the
// whole ledger, keyed by dimension and key joined by NUL, summed one line
// at a time (add) so that the lines need not be held.
type summaryTotals map[string]*summaryTotal

// add counts line l in its program, its funder and the total.
func (want summaryTotals) add(l *ledger.Line) {
	want.to(dimProgram, l.Program, l)
	want.to(dimFunder, l.Funder, l)
	want.to(dimTotal, "", l)
}

// to counts line l in the total of dimension dim and key.
func (want summaryTotals) to(dim, key string, l *ledger.Line) {
	t := want[dim+"\x00"+key]
	if t == nil {
		t = &summaryTotal{}
		want[dim+"\x00"+key] = t
	}
	t.lines++
	t.computed = t.computed.Add(l.Computed)
	t.payable = t.payable.Add(l.Payable)
}

// done returns the totals once every line was added, with the total
// always there, if only of no line.
func (want summaryTotals) done() summaryTotals {
	if _, ok := want[dimTotal+"\x00"]; !ok {
		want[dimTotal+"\x00"] = &summaryTotal{}
	}
	return want
}

// checkedSummaryColumns are the columns of 汇总 checked: dimension to
// payable (a workbook written before held lines, issue 16, has no 暂缓金额).
var checkedSummaryColumns = summaryColumns[:6]

// checkSummaryHeader reads the header row of 汇总 and checks it names
// checkedSummaryColumns, in either language.
func checkSummaryHeader(rows *excelize.Rows, file string) error {
	zh, en := splitColumns(checkedSummaryColumns)
	if !rows.Next() {
		return &Error{File: file, Row: 1, Msg: msg.T("工作表为空，没有表头", "the sheet is empty: no header")}
	}
	bad := &Error{File: file, Row: 1, Msg: msg.F("表头应为 %[1]s", "the header should be %[2]s",
		strings.Join(zh, ", "), strings.Join(en, ", "))}
	header, err := rows.Columns()
	if err != nil || len(header) < len(zh) {
		return bad
	}
	for i := range zh {
		if h := strings.TrimSpace(header[i]); h != zh[i] && h != en[i] {
			return bad
		}
	}
	return nil
}

// checkSummaryRow checks one row of 汇总, rec at row, against the totals
// want, and records it in seen (a dimension and key twice is refused).
func checkSummaryRow(file string, row int, rec []string, want summaryTotals, seen map[string]int) error {
	zh, en := splitColumns(checkedSummaryColumns)
	rec = append(rec, make([]string, max(0, len(zh)-len(rec)))...)
	dim, key := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
	if dim != dimProgram && dim != dimFunder && dim != dimTotal {
		return &Error{File: file, Row: row, Column: en[0], Msg: msg.F(
			"维度“%[1]s”无法识别：应为 %[2]s、%[3]s 或 %[4]s",
			"unknown dimension %[1]q: expected %[2]s, %[3]s or %[4]s", dim, dimProgram, dimFunder, dimTotal)}
	}
	if dim == dimTotal {
		key = ""
	}
	id := dim + "\x00" + key
	if first, dup := seen[id]; dup {
		return &Error{File: file, Row: row, Msg: msg.F(
			"%[1]s %[2]s 在汇总中出现两次（第 %[3]d 行和第 %[4]d 行）",
			"%[1]s %[2]s appears twice in the summary (rows %[3]d and %[4]d)", dim, key, first, row)}
	}
	seen[id] = row
	t, ok := want[id]
	if !ok {
		return &Error{File: file, Row: row, Msg: msg.F(
			"汇总列有%[1]s %[2]s，但明细中没有它的明细行：明细与汇总不符，工作簿已被改动，拒绝使用",
			"the summary lists %[1]s %[2]s but no line of 明细 has it: the lines no longer add up to the summary; the workbook was edited and is refused",
			dim, key)}
	}
	type check struct {
		col  int
		want decimal.Decimal
	}
	for _, c := range []check{{3, decimal.NewFromInt(int64(t.lines))}, {4, t.computed}, {5, t.payable}} {
		raw := strings.TrimSpace(rec[c.col])
		got, err := decimal.NewFromString(spreadsheetNumber(raw))
		if err != nil {
			return &Error{File: file, Row: row, Column: en[c.col], Msg: msg.F(
				"%[1]s %[2]s 的%[3]s“%[4]s”不是数字",
				"%[1]s %[2]s: %[5]s %[4]q is not a number", dim, key, zh[c.col], raw, en[c.col])}
		}
		if !got.Equal(c.want) {
			return &Error{File: file, Row: row, Column: en[c.col], Msg: msg.F(
				"明细与汇总不符：%[1]s %[2]s 的%[3]s在汇总中为 %[4]s，按明细重新合计为 %[5]s；工作簿已被改动，拒绝使用",
				"the lines no longer add up to the summary: %[1]s %[2]s has %[6]s %[4]s in the summary but %[5]s recomputed from 明细; the workbook was edited and is refused",
				dim, key, zh[c.col], got.String(), c.want.String(), en[c.col])}
		}
	}
	return nil
}
