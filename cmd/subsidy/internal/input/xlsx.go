package input

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/fileio"
)

// Limits of the XLSX roster reader (spec §8), beside the archive's own
// (fileio.MaxXLSXParts, fileio.MaxXLSXRatio, …): the worksheet is
// streamed, and only the shared strings (bounded by MaxXLSXSharedStrings)
// are held in memory.
const (
	// MaxXLSXSheetSize is the largest decompressed worksheet XML read
	// (about a million rows of a roster).
	MaxXLSXSheetSize = 512 << 20
	// MaxXLSXSharedStrings is the largest decompressed shared-strings part.
	MaxXLSXSharedStrings = 256 << 20
	// MaxXLSXSmallPart is the largest decompressed workbook or
	// relationships part.
	MaxXLSXSmallPart = 16 << 20
	// MaxXLSXCellChars is the longest cell text, in characters (Excel's
	// own limit).
	MaxXLSXCellChars = 32767
	// MaxXLSXRows is the most rows of a worksheet (Excel's limit).
	MaxXLSXRows = 1048576
	// MaxXLSXColumns is the most columns of a worksheet (Excel's limit).
	MaxXLSXColumns = 16384
)

// maxCellBytes bounds the bytes of one cell's text while it is read: a
// cell of MaxXLSXCellChars characters has at most four bytes each.
const maxCellBytes = 4 * MaxXLSXCellChars

// Options are the settings of a roster read.
type Options struct {
	// Sheet is the worksheet of an XLSX roster to read (its name, matched
	// case-insensitively); blank means the first visible worksheet.
	Sheet string
	// Listed receives the rows the reader itself must list, each with its
	// rejections: an identifier Excel stored as a number, a formula
	// without a saved result, an Excel error value (XLSX rosters only).
	// The row's other bad cells are among the rejections too. Such rows
	// are not passed to the row function. When Listed is nil, such a row
	// is a usage error instead.
	Listed func(r roster.Record, rejs []ledger.Rejection)
}

// cellKind is what an XLSX cell held, beyond its text.
type cellKind uint8

const (
	cellText    cellKind = iota // a string (shared, inline or formula text)
	cellNumber                  // a number (dates are numbers too)
	cellBool                    // TRUE or FALSE
	cellISODate                 // an ISO 8601 date cell (t="d")
	cellError                   // an error value such as #N/A
	cellNoValue                 // a formula without a saved result
	cellBlank                   // no cell
)

// columnRole says how a numeric cell of a column becomes text.
type columnRole uint8

const (
	roleOther      columnRole = iota // numbers normalised to 15 significant digits
	roleDate                         // date serials converted to YYYY-MM-DD
	roleIdentifier                   // USCC or ID number: a number is rejected
	roleKey                          // text key: a number that lost digits is rejected
)

// xlsxSource streams one worksheet of an XLSX workbook.
type xlsxSource struct {
	name     string
	f        *os.File
	sheet    io.ReadCloser
	dec      *xml.Decoder
	sst      *sharedStrings
	date1904 bool
	header   []string
	hrow     int
	lastRow  int
	rec      []string
	kinds    []cellKind
	raws     []string // the stored value of cells whose kind is not text
	roles    []columnRole
}

// OpenXLSX opens the worksheet sheet (blank: the first visible one) of the
// XLSX workbook at path and reads its header row (the first row that is not
// blank). Every error is a *fileio.Error.
func OpenXLSX(path, sheet string) (Source, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fileio.Errorf(name, msg.F("无法打开文件：%v", "cannot open the file: %v", fileio.UnwrapPath(err)))
	}
	s, err := newXLSXSource(name, f, sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

func newXLSXSource(name string, f *os.File, sheet string) (*xlsxSource, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fileio.ReadError(name, err)
	}
	if st.IsDir() {
		return nil, fileio.Errorf(name, msg.T("这是一个文件夹，不是文件", "this is a folder, not a file"))
	}
	zr, err := fileio.OpenArchive(name, f, st.Size())
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		parts[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/"))] = zf
	}
	wbPath, err := officeDocument(name, parts)
	if err != nil {
		return nil, err
	}
	wb, err := readWorkbook(name, parts, wbPath)
	if err != nil {
		return nil, err
	}
	target, err := wb.pick(name, sheet)
	if err != nil {
		return nil, err
	}
	s := &xlsxSource{name: name, f: f, date1904: wb.date1904}
	if wb.sharedStrings != "" {
		if zf := parts[wb.sharedStrings]; zf != nil {
			if s.sst, err = readSharedStrings(name, zf); err != nil {
				return nil, err
			}
		}
	}
	zf := parts[target]
	if zf == nil {
		return nil, fileio.XLSXError(name, "XLSX 文件已损坏：缺少工作表 %s", "the XLSX file is damaged: the worksheet part %s is missing", target)
	}
	if err := fileio.CheckPart(name, zf, MaxXLSXSheetSize); err != nil {
		return nil, err
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fileio.XLSXError(name, "XLSX 文件已损坏（%v）", "the XLSX file is damaged (%v)", err)
	}
	s.sheet = rc
	s.dec = xml.NewDecoder(fileio.XMLGuard(rc))
	h, hrow, err := s.Next()
	if err == io.EOF {
		s.sheet.Close()
		return nil, fileio.Errorf(name, msg.T("工作表为空：没有表头行", "the worksheet is empty: there is no header row"))
	}
	if err != nil {
		s.sheet.Close()
		return nil, err
	}
	s.header, s.hrow = append([]string(nil), h...), hrow
	return s, nil
}

// readSmall reads a small part (workbook, relationships) whole.
func readSmall(name string, zf *zip.File) ([]byte, error) {
	if err := fileio.CheckPart(name, zf, MaxXLSXSmallPart); err != nil {
		return nil, err
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fileio.XLSXError(name, "XLSX 文件已损坏（%v）", "the XLSX file is damaged (%v)", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxXLSXSmallPart+1))
	if err != nil {
		return nil, fileio.XLSXError(name, "XLSX 文件已损坏（%s：%v）", "the XLSX file is damaged (%s: %v)", zf.Name, err)
	}
	return data, nil
}

// relationship is one entry of a .rels part.
type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// readRels reads the relationships part of a part, resolving targets to
// lower-cased zip names. A missing part has no relationships.
func readRels(name string, parts map[string]*zip.File, of string) ([]relationship, error) {
	dir, file := path.Split(of)
	zf := parts[dir+"_rels/"+file+".rels"]
	if zf == nil {
		return nil, nil
	}
	data, err := readSmall(name, zf)
	if err != nil {
		return nil, err
	}
	var rels struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal(data, &rels); err != nil {
		return nil, damaged(name, 0, zf.Name, err)
	}
	for i, r := range rels.Rels {
		t := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		rels.Rels[i].Target = strings.ToLower(t)
	}
	return rels.Rels, nil
}

// officeDocument finds the workbook part through the package
// relationships, defaulting to xl/workbook.xml.
func officeDocument(name string, parts map[string]*zip.File) (string, error) {
	rels, err := readRels(name, parts, "")
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return r.Target, nil
		}
	}
	return "xl/workbook.xml", err
}

// workbook is what the reader needs of xl/workbook.xml.
type workbook struct {
	date1904      bool
	sheets        []wbSheet
	sharedStrings string // zip name, lower-cased
}

// wbSheet is one sheet of the workbook in tab order.
type wbSheet struct {
	name, target string
	hidden       bool
	worksheet    bool // not a chart sheet
}

// readWorkbook reads the sheet list, the date system and the shared
// strings part of the workbook.
func readWorkbook(name string, parts map[string]*zip.File, wbPath string) (*workbook, error) {
	zf := parts[wbPath]
	if zf == nil {
		return nil, fileio.XLSXError(name, "这是 zip 压缩包，但不是 Excel 工作簿（没有 %s）；请在 Excel 中另存为 .xlsx",
			"this is a zip archive but not an Excel workbook (there is no %s); save it from Excel as .xlsx", wbPath)
	}
	data, err := readSmall(name, zf)
	if err != nil {
		return nil, err
	}
	rels := map[string]relationship{}
	wb := &workbook{}
	list, err := readRels(name, parts, wbPath)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		rels[r.ID] = r
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			wb.sharedStrings = r.Target
		}
	}
	if wb.sharedStrings == "" {
		wb.sharedStrings = path.Join(path.Dir(wbPath), "sharedstrings.xml")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileio.XLSXError(name, "XLSX 文件已损坏（%s：%v）", "the XLSX file is damaged (%s: %v)", zf.Name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			wb.date1904 = v == "1" || strings.EqualFold(v, "true")
		case "sheet":
			sh := wbSheet{name: attr(se, "name")}
			st := attr(se, "state")
			sh.hidden = st == "hidden" || st == "veryHidden"
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					r := rels[a.Value]
					sh.target = r.Target
					sh.worksheet = strings.HasSuffix(r.Type, "/worksheet")
				}
			}
			wb.sheets = append(wb.sheets, sh)
		}
	}
	return wb, nil
}

// attr returns the value of the attribute local name of se.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// pick returns the part of the named worksheet, or of the first visible
// one when sheet is blank.
func (wb *workbook) pick(name, sheet string) (string, error) {
	var names []string
	for _, sh := range wb.sheets {
		if sh.worksheet {
			names = append(names, sh.name)
		}
		if !sh.worksheet || sh.target == "" {
			continue
		}
		if sheet == "" && !sh.hidden || sheet != "" && strings.EqualFold(strings.TrimSpace(sheet), sh.name) {
			return sh.target, nil
		}
	}
	if sheet == "" {
		return "", fileio.Errorf(name, msg.T("工作簿中没有可见的工作表", "the workbook has no visible worksheet"))
	}
	return "", fileio.Errorf(name, msg.F("工作簿中没有名为“%s”的工作表；现有工作表：%s",
		"the workbook has no sheet named %q; its sheets are: %s", sheet, strings.Join(names, ", ")))
}

// sharedStrings is the shared-strings table, held as one text buffer with
// the end offset of each string.
type sharedStrings struct {
	text []byte
	ends []uint32 // the part is at most MaxXLSXSharedStrings bytes
}

func (t *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return string(t.text[start:t.ends[i]]), true
}

// readSharedStrings streams the shared-strings part: the text of each
// <si>, its runs joined, phonetic guides (<rPh>) left out.
func readSharedStrings(name string, zf *zip.File) (*sharedStrings, error) {
	if err := fileio.CheckPart(name, zf, MaxXLSXSharedStrings); err != nil {
		return nil, err
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fileio.XLSXError(name, "XLSX 文件已损坏（%v）", "the XLSX file is damaged (%v)", err)
	}
	defer rc.Close()
	// The text is never longer than the part: one allocation, no doubling.
	t := &sharedStrings{text: make([]byte, 0, zf.UncompressedSize64)}
	dec := xml.NewDecoder(fileio.XMLGuard(rc))
	inT, phonetic, start := false, 0, 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, damaged(name, 0, zf.Name, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "si":
				start = len(t.text)
			case "t":
				inT = phonetic == 0
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "si":
				if utf8.RuneCount(t.text[start:]) > MaxXLSXCellChars {
					return nil, fileio.XLSXError(name, "共享字符串 %d 超过 %d 个字符，超出 Excel 单元格上限；文件已损坏",
						"shared string %d is longer than %d characters, more than an Excel cell holds; the file is damaged", len(t.ends), MaxXLSXCellChars)
				}
				t.ends = append(t.ends, uint32(len(t.text)))
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inT {
				if len(t.text)-start+len(e) > maxCellBytes {
					return nil, fileio.XLSXError(name, "共享字符串 %d 超过 %d 个字符，超出 Excel 单元格上限；文件已损坏",
						"shared string %d is longer than %d characters, more than an Excel cell holds; the file is damaged", len(t.ends), MaxXLSXCellChars)
				}
				t.text = append(t.text, e...)
			}
		}
	}
}

// damaged is the usage error of a part that cannot be parsed.
func damaged(name string, row int, part string, err error) *fileio.Error {
	if errors.Is(err, fileio.ErrTooLong) {
		return &fileio.Error{File: name, Row: row, Msg: msg.F(
			"XLSX 部件 %s 中有超过 %d 字节的单元格或标记；文件已损坏或不是正常的工作簿",
			"the XLSX part %s holds a cell or tag longer than %d bytes; the file is damaged or not an ordinary workbook", part, fileio.MaxMarkupRun)}
	}
	return &fileio.Error{File: name, Row: row, Msg: msg.F("XLSX 文件已损坏（%s：%v）；请在 Excel 中重新保存",
		"the XLSX file is damaged (%s: %v); save it again from Excel", part, err)}
}

func (s *xlsxSource) Header() []string { return s.header }

// headerRow implements headerRower.
func (s *xlsxSource) HeaderRow() int { return s.hrow }

func (s *xlsxSource) Close() error {
	s.sheet.Close()
	return s.f.Close()
}

// setRoles implements roleSetter: roles[i] is the role of file column i.
func (s *xlsxSource) setRoles(roles []columnRole) { s.roles = roles }

// Next returns the next row that has at least one cell. Cells are their
// stored values: shared and inline strings as text, numbers as plain
// decimals of at most 15 significant digits (date serials in date columns
// as YYYY-MM-DD, by the workbook's date system), booleans as true/false.
// Cells that cannot become text (see cellIssues) are blank in the row.
func (s *xlsxSource) Next() ([]string, int, error) {
	for {
		row, found, err := s.readRow()
		if err != nil {
			return nil, 0, err
		}
		if !found {
			return nil, 0, io.EOF
		}
		if len(s.rec) > 0 {
			return s.rec, row, nil
		}
	}
}

// rowScan is where readRow is within one <row> element: the row and the
// cell being read, and which of the cell's parts (its value <v>, formula
// <f> or inline text <t>, phonetic runs <rPh> aside) the text belongs to.
type rowScan struct {
	row, col, nextCol int
	inRow, inCell     bool
	inV, inF, inT     bool
	phonetic          int
	typ               string
	v, f, inline      strings.Builder
	hasV, hasF        bool
}

// readRow parses the next <row> element into s.rec, s.kinds and s.raws.
func (s *xlsxSource) readRow() (int, bool, error) {
	s.rec, s.kinds, s.raws = s.rec[:0], s.kinds[:0], s.raws[:0]
	var r rowScan
	for {
		tok, err := s.dec.RawToken()
		if err == io.EOF {
			if r.inRow {
				return 0, false, damaged(s.name, r.row, "worksheet", io.ErrUnexpectedEOF)
			}
			return 0, false, nil
		}
		if err != nil {
			return 0, false, damaged(s.name, r.row, "worksheet", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			err = s.startTag(&r, e)
		case xml.EndElement:
			switch e.Name.Local {
			case "row":
				return r.row, true, nil
			case "sheetData":
				return 0, false, nil
			}
			err = s.endTag(&r, e.Name.Local)
		case xml.CharData:
			err = s.cellChars(&r, e)
		}
		if err != nil {
			return 0, false, err
		}
	}
}

// startTag opens a row, a cell or a part of a cell.
func (s *xlsxSource) startTag(r *rowScan, e xml.StartElement) error {
	switch e.Name.Local {
	case "row":
		return s.startRow(r, e)
	case "c":
		if r.inRow {
			return s.startCell(r, e)
		}
	case "v":
		r.inV, r.hasV = r.inCell, r.inCell || r.hasV
	case "f":
		r.inF, r.hasF = r.inCell, r.inCell || r.hasF
	case "t":
		r.inT = r.inCell && r.phonetic == 0
	case "rPh":
		r.phonetic++
	}
	return nil
}

// startRow opens a <row>: its number is its r attribute, or the one after
// the last row; rows ascend and stay within Excel's MaxXLSXRows.
func (s *xlsxSource) startRow(r *rowScan, e xml.StartElement) error {
	r.inRow = true
	r.row = s.lastRow + 1
	if a := attr(e, "r"); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 {
			return fileio.XLSXError(s.name, "XLSX 文件已损坏：行号“%s”无效", "the XLSX file is damaged: invalid row number %q", clipText(a))
		}
		r.row = n
	}
	if r.row > MaxXLSXRows {
		return fileio.XLSXError(s.name, "工作表超过 Excel 的 %d 行上限；文件已损坏", "the worksheet has more than Excel's %d rows; the file is damaged", MaxXLSXRows)
	}
	if r.row <= s.lastRow {
		return fileio.XLSXError(s.name, "XLSX 文件已损坏：第 %d 行重复或顺序错乱", "the XLSX file is damaged: row %d is repeated or out of order", r.row)
	}
	s.lastRow = r.row
	r.nextCol = 1
	return nil
}

// startCell opens a <c> of the row: its column is that of its r
// reference, or the one after the last cell; cells ascend and stay within
// Excel's MaxXLSXColumns.
func (s *xlsxSource) startCell(r *rowScan, e xml.StartElement) error {
	r.inCell, r.typ, r.hasV, r.hasF = true, attr(e, "t"), false, false
	r.v.Reset()
	r.f.Reset()
	r.inline.Reset()
	ref := attr(e, "r")
	r.col = r.nextCol
	if ref != "" {
		c, ok := columnOf(ref)
		if !ok {
			return &fileio.Error{File: s.name, Row: r.row, Msg: msg.F("XLSX 文件已损坏：单元格引用“%s”无效", "the XLSX file is damaged: invalid cell reference %q", clipText(ref))}
		}
		r.col = c
	}
	if r.col < r.nextCol {
		return &fileio.Error{File: s.name, Row: r.row, Column: columnLetters(r.col), Msg: msg.F(
			"XLSX 文件已损坏：单元格 %s 重复或顺序错乱", "the XLSX file is damaged: cell %s is repeated or out of order", clipText(ref))}
	}
	if r.col > MaxXLSXColumns {
		return &fileio.Error{File: s.name, Row: r.row, Msg: msg.F("单元格 %s 超出 Excel 的 %d 列上限；文件已损坏", "cell %s is beyond Excel's %d columns; the file is damaged", clipText(ref), MaxXLSXColumns)}
	}
	r.nextCol = r.col + 1
	return nil
}

// endTag closes a part of a cell, or the cell, which is then stored
// (addCell): an inline string's text is its value.
func (s *xlsxSource) endTag(r *rowScan, local string) error {
	switch local {
	case "v":
		r.inV = false
	case "f":
		r.inF = false
	case "t":
		r.inT = false
	case "rPh":
		r.phonetic--
	case "c":
		if !r.inCell {
			return nil
		}
		r.inCell = false
		text := r.v.String()
		if r.typ == "inlineStr" {
			text, r.hasV = r.inline.String(), true
		}
		return s.addCell(r.row, r.col, r.typ, text, r.f.String(), r.hasV, r.hasF)
	}
	return nil
}

// cellChars adds text to the part of the cell being read, at most
// maxCellBytes of it; text outside a value, formula or inline string is
// ignored.
func (s *xlsxSource) cellChars(r *rowScan, text xml.CharData) error {
	var b *strings.Builder
	switch {
	case r.inV:
		b = &r.v
	case r.inF:
		b = &r.f
	case r.inT:
		b = &r.inline
	default:
		return nil
	}
	if b.Len()+len(text) > maxCellBytes {
		return s.cellTooLong(r.row, r.col)
	}
	b.Write(text)
	return nil
}

// columnOf returns the column number of a cell reference such as "AB12".
func columnOf(ref string) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' || i < len(ref) && ref[i] >= 'a' && ref[i] <= 'z'; i++ {
		c := ref[i] &^ 0x20
		col = col*26 + int(c-'A'+1)
		if col > MaxXLSXColumns {
			return MaxXLSXColumns + 1, true
		}
	}
	if i == 0 || i == len(ref) {
		return 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	return col, true
}

// cellTooLong is the error of a cell longer than Excel's cell limit.
func (s *xlsxSource) cellTooLong(row, col int) *fileio.Error {
	return &fileio.Error{File: s.name, Row: row, Column: columnLetters(col), Msg: msg.F(
		"单元格超过 %d 个字符，超出 Excel 单元格上限；文件已损坏",
		"the cell is longer than %d characters, more than an Excel cell holds; the file is damaged", MaxXLSXCellChars)}
}

// addCell stores one cell of the current row.
func (s *xlsxSource) addCell(row, col int, typ, v, f string, hasV, hasF bool) error {
	if utf8.RuneCountInString(v) > MaxXLSXCellChars || utf8.RuneCountInString(f) > MaxXLSXCellChars {
		return s.cellTooLong(row, col)
	}
	kind, text := cellText, v
	switch {
	case hasF && !hasV:
		kind, text = cellNoValue, "="+f
	case typ == "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		str, ok := "", false
		if err == nil && s.sst != nil {
			str, ok = s.sst.get(i)
		}
		if !ok {
			return &fileio.Error{File: s.name, Row: row, Column: columnLetters(col), Msg: msg.F(
				"XLSX 文件已损坏：共享字符串编号“%s”不存在", "the XLSX file is damaged: shared string %q does not exist", clipText(v))}
		}
		text = str
	case typ == "inlineStr" || typ == "str":
	case typ == "b":
		kind, text = cellBool, "false"
		if strings.TrimSpace(v) == "1" || strings.EqualFold(strings.TrimSpace(v), "true") {
			text = "true"
		}
	case typ == "e":
		kind = cellError
	case typ == "d":
		kind = cellISODate
	case typ == "" || typ == "n":
		if strings.TrimSpace(v) == "" {
			return nil // a styled cell with no value
		}
		kind = cellNumber
	default:
		return &fileio.Error{File: s.name, Row: row, Column: columnLetters(col), Msg: msg.F(
			"XLSX 文件已损坏：未知的单元格类型“%s”", "the XLSX file is damaged: unknown cell type %q", clipText(typ))}
	}
	if kind == cellText && text == "" {
		return nil
	}
	for len(s.rec) < col {
		s.rec, s.kinds, s.raws = append(s.rec, ""), append(s.kinds, cellBlank), append(s.raws, "")
	}
	i := col - 1
	s.kinds[i], s.raws[i] = kind, v
	if kind == cellNoValue {
		s.raws[i] = text
	}
	s.rec[i] = s.cellText(i, kind, text)
	return nil
}

// cellText turns a stored value into the text the engine decodes, by the
// role of its column.
func (s *xlsxSource) cellText(i int, kind cellKind, text string) string {
	role := roleOther
	if i < len(s.roles) {
		role = s.roles[i]
	}
	switch kind {
	case cellNumber:
		if role == roleDate {
			if dt, ok := value.SpreadsheetDate(text, s.date1904); ok {
				return dt.String()
			}
		}
		if d, ok := value.SpreadsheetNumber(text); ok {
			return d.String()
		}
		return text
	case cellISODate:
		if role == roleDate && len(text) >= 10 {
			if _, err := value.ParseDate(text[:10]); err == nil {
				return text[:10]
			}
		}
		return text
	case cellNoValue, cellError:
		return ""
	}
	return text
}

// cellIssue is a cell of the last row that cannot be handed over as text:
// file column (0-based), what it held and its stored value.
type cellIssue struct {
	col  int
	kind cellKind
	raw  string
}

// cellIssues implements issuer: the cells of the last row the engine must
// not read as text. Which numbers are issues depends on the column role:
// identifiers must not be numbers at all, text keys must not have lost
// digits.
func (s *xlsxSource) cellIssues() []cellIssue {
	var out []cellIssue
	for i, k := range s.kinds {
		role := roleOther
		if i < len(s.roles) {
			role = s.roles[i]
		}
		switch {
		case k == cellNoValue, k == cellError:
			out = append(out, cellIssue{col: i, kind: k, raw: s.raws[i]})
		case k == cellNumber && role == roleIdentifier:
			out = append(out, cellIssue{col: i, kind: k, raw: s.rec[i]})
		case k == cellNumber && role == roleKey && lostDigits(s.raws[i]):
			out = append(out, cellIssue{col: i, kind: k, raw: s.rec[i]})
		}
	}
	return out
}

// lostDigits reports whether a number stored in a text-key column has more
// than 15 integer digits, which a spreadsheet number cannot keep.
func lostDigits(raw string) bool {
	d, ok := value.SpreadsheetNumber(raw)
	if !ok {
		return false
	}
	return len(d.Truncate(0).Abs().String()) > 15
}

// columnLetters returns the spreadsheet letters of column col (1-based).
func columnLetters(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// clipText shortens untrusted text quoted in a message.
func clipText(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// keyColumns are the text columns that identify a row or a document
// (natural keys and references): a number stored in one of them is read as
// its digits unless it has lost some.
var keyColumns = map[string]bool{
	"number": true, "contract_id": true, "case_id": true, "invoice_no": true,
	"policy_no": true, "loan_id": true, "project_id": true, "decision_ref": true,
}

// IsDateColumn reports whether a roster column holds dates (the schema's
// date columns: founded, date and every *_date): the XLSX reader converts
// date serials there, and templates format them as dates.
func IsDateColumn(name string) bool {
	return name == "founded" || name == "date" || strings.HasSuffix(name, "_date")
}

// roleOf returns the role of a schema column.
func roleOf(name string) columnRole {
	switch {
	case name == "uscc" || name == "recipient_id":
		return roleIdentifier
	case IsDateColumn(name):
		return roleDate
	case keyColumns[name]:
		return roleKey
	}
	return roleOther
}

// roleSetter is a Source whose cell text depends on the columns' roles
// (XLSX: date serials, identifiers stored as numbers).
type roleSetter interface{ setRoles([]columnRole) }

// issuer is a Source that can report cells of the last row that cannot be
// handed over as text.
type issuer interface{ cellIssues() []cellIssue }

// fileRoles returns the role of each file column under a header map.
func fileRoles(hm *roster.HeaderMap, width int) []columnRole {
	roles := make([]columnRole, width)
	for ci, p := range hm.Pos {
		if p >= 0 && p < width {
			roles[p] = roleOf(hm.Schema.Columns[ci].Name)
		}
	}
	return roles
}

// issueRejections turns the cell issues of a row into rejections, keeping
// those in the roster's columns (unknown columns are ignored).
func issueRejections(display string, row int, hm *roster.HeaderMap, issues []cellIssue) []ledger.Rejection {
	var out []ledger.Rejection
	for _, is := range issues {
		ci := -1
		for i, p := range hm.Pos {
			if p == is.col {
				ci = i
			}
		}
		if ci < 0 {
			continue
		}
		c := hm.Schema.Columns[ci]
		r := ledger.Rejection{File: display, Row: row, Column: c.Name, Value: clipText(is.raw)}
		switch {
		case is.kind == cellNoValue:
			r.Code, r.Message = "formula_without_value", msg.F(
				"%[1]s（%[2]s）是公式，但文件中没有保存计算结果；请在 Excel 中打开后保存（或把公式粘贴为数值）再试",
				"%[2]s (%[1]s) is a formula whose result was not saved in the file; open the workbook in Excel and save it (or paste the values) and try again",
				c.Zh, c.Name)
		case is.kind == cellError:
			r.Code, r.Message = "invalid_value", msg.F(
				"%[1]s（%[2]s）是 Excel 错误值 %[3]s",
				"%[2]s (%[1]s) holds the spreadsheet error %[3]s", c.Zh, c.Name, r.Value)
		default:
			r.Code = "invalid_value"
			switch c.Name {
			case "uscc":
				r.Code = ids.CodeInvalidUSCC
			case "recipient_id":
				r.Code = ids.CodeInvalidID
			}
			r.Message = msg.F(
				"%[1]s（%[2]s）在 Excel 中存成了数字（%[3]s），长号码的后几位会丢失；请把该列设为“文本”格式，重新录入号码",
				"%[2]s (%[1]s) is stored as a number (%[3]s), which loses the last digits of a long identifier; format the column as Text and enter the identifiers again",
				c.Zh, c.Name, r.Value)
		}
		r.Class = ledger.ClassOf(r.Code)
		out = append(out, r)
	}
	return out
}

// Sheets are the worksheets chosen with --sheet: one name for every XLSX
// roster of a run, and names for single rosters.
type Sheets struct {
	all string
	per map[roster.Kind]string
}

// ParseSheets reads --sheet values: NAME (every XLSX roster) or KIND=NAME
// (the roster KIND, by its English or Chinese name), e.g. "Sheet2" or
// "grants=2022年6月". A second plain NAME is an error.
func ParseSheets(values []string) (Sheets, error) {
	s := Sheets{per: map[roster.Kind]string{}}
	for _, v := range values {
		if k, name, ok := strings.Cut(v, "="); ok {
			if kind, known := roster.KindByFileStem(k); known {
				s.per[kind] = strings.TrimSpace(name)
				continue
			}
		}
		if s.all != "" {
			return s, fileio.Errorf("--sheet", msg.F("--sheet 只能给出一个通用的工作表名（已有“%s”，又给了“%s”）；按名册指定请写 KIND=NAME，如 grants=Sheet2",
				"--sheet names one worksheet for every roster only once (got %q and %q); for one roster write KIND=NAME, e.g. grants=Sheet2", s.all, v))
		}
		s.all = strings.TrimSpace(v)
	}
	return s, nil
}

// For returns the worksheet to read of roster k's workbook; blank means the
// first visible one.
func (s Sheets) For(k roster.Kind) string {
	if n, ok := s.per[k]; ok {
		return n
	}
	return s.all
}
