package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/fileio"
)

// PriorFile is one prior ledger (spec §1.4, §2 --prior): its path and its
// lines, in file order. Notes are read into both Note.Zh and Note.En, as a
// ledger holds them in one language only.
type PriorFile struct {
	Path  string
	Lines []ledger.Line
}

// Prior ledger formats, by extension.
const (
	extCSV   = ".csv"
	extJSONL = ".jsonl"
	extXLSX  = ".xlsx"
)

// sniffLimit bounds how much of a file in a folder is read to decide
// whether it is a ledger.
const sniffLimit = 64 << 10

// maxJSONLine bounds one JSON Lines record.
const maxJSONLine = 16 << 20

// ReadPrior reads the prior ledgers named by paths, each a file or a
// folder. In a folder, every .csv, .jsonl and .xlsx file is looked at and
// read as a ledger when it looks like one: a CSV whose header row (BOM
// tolerated) has the columns line_id and payable, a JSON Lines file whose
// first object has the keys line_id and payable, a workbook whose 明细
// sheet has them (see readPriorXLSX); other files are ignored, with
// one warning per folder counting them. A file that a run manifest in the
// folder lists as its ledger, or that has its own <name>.manifest.json, is
// read as if named explicitly, and a workbook that cannot be opened
// (damaged, encrypted) is an error, so that a ledger is never skipped
// silently. A file named explicitly must be a ledger. A file that looks like a ledger is then read strictly, and
// refused with a usage *Error naming the file and row: columns other than
// ledger.Columns (a changed column set, or in another order for CSV), an
// amount decimal.NewFromString cannot read, a date that does not parse, a
// blank line_id, or a line_id twice within the file. Text cells of a CSV
// ledger lose the apostrophe WriteLedgerCSV put before a dangerous
// character (see Unneutralise). Amounts are never read through float64.
// Sub-folders are not searched. Files are returned in path order, then
// folder-name order.
func ReadPrior(paths []string) ([]PriorFile, []msg.Text, error) {
	return readPriors(paths, nil)
}

// ReadPriorLines reads the prior ledgers as ReadPrior does, with the same
// checks, but hands each line to fn as it is read, with its file's place
// among the files returned (from 0) and path, instead of collecting it:
// the files returned have no Lines. The
// lines of a workbook are handed to fn as they are read too, and its
// summary sheet is checked against them after the last: a workbook whose
// lines do not add up to it is refused with an error after fn has seen
// its lines, so the caller must drop what fn gathered when an error is
// returned. An error from fn stops the reading and is returned.
func ReadPriorLines(paths []string, fn func(file int, path string, l *ledger.Line) error) ([]PriorFile, []msg.Text, error) {
	return readPriors(paths, fn)
}

// lineFunc receives the lines of one prior ledger; nil collects them in
// PriorFile.Lines.
type lineFunc func(l *ledger.Line) error

// emitTo is the lineFunc of the file-th file, path, for fn (nil when fn
// is nil).
func emitTo(file int, path string, fn func(file int, path string, l *ledger.Line) error) lineFunc {
	if fn == nil {
		return nil
	}
	return func(l *ledger.Line) error { return fn(file, path, l) }
}

// readPriors is ReadPrior (fn nil) and ReadPriorLines.
func readPriors(paths []string, fn func(file int, path string, l *ledger.Line) error) ([]PriorFile, []msg.Text, error) {
	var files []PriorFile
	var warnings []msg.Text
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, &Error{File: p, Msg: msg.F("无法读取已发放明细：%v", "cannot read the prior ledger: %v", unwrapPath(err))}
		}
		if !st.IsDir() {
			pf, err := readPriorFile(p, emitTo(len(files), p, fn))
			if err != nil {
				return nil, nil, err
			}
			files = append(files, pf)
			continue
		}
		got, w, err := readPriorDir(p, len(files), fn)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, got...)
		warnings = append(warnings, w...)
	}
	return files, warnings, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readPriorFile reads a ledger named explicitly.
func readPriorFile(path string, emit lineFunc) (PriorFile, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case extCSV:
		return readPriorCSV(path, true, emit)
	case extJSONL:
		return readPriorJSONL(path, true, emit)
	case extXLSX:
		return readPriorXLSX(path, true, emit)
	default:
		return PriorFile{}, &Error{File: path, Msg: msg.T(
			"无法识别的明细格式：应为 .xlsx、.csv 或 .jsonl",
			"unknown ledger format: expected .xlsx, .csv or .jsonl")}
	}
}

// readPriorDir reads the ledgers in a folder.
// The files found are numbered from base for fn.
func readPriorDir(dir string, base int, fn func(file int, path string, l *ledger.Line) error) ([]PriorFile, []msg.Text, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, &Error{File: dir, Msg: msg.F("无法读取文件夹：%v", "cannot read the folder: %v", unwrapPath(err))}
	}
	var files []PriorFile
	var ignored []string
	listed := manifestLedgers(dir, entries)
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ManifestSuffix) {
			continue // hidden files, temporary files and manifests of a run
		}
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		if listed[name] || hasOwnManifest(p) {
			// a run wrote it as its ledger: read it as if named, so that
			// a damaged or edited copy is refused, never skipped
			pf, err := readPriorFile(p, emitTo(base+len(files), p, fn))
			if err != nil {
				return nil, nil, err
			}
			files = append(files, pf)
			continue
		}
		var pf PriorFile
		var ok bool
		switch strings.ToLower(filepath.Ext(name)) {
		case extCSV:
			if ok = sniffCSV(p); ok {
				pf, err = readPriorCSV(p, false, emitTo(base+len(files), p, fn))
			}
		case extJSONL:
			if ok = sniffJSONL(p); ok {
				pf, err = readPriorJSONL(p, false, emitTo(base+len(files), p, fn))
			}
		case extXLSX:
			if ok, err = sniffXLSX(p); ok {
				pf, err = readPriorXLSX(p, false, emitTo(base+len(files), p, fn))
			}
		}
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			if !writtenByRun(p) { // a run's rejections file beside its ledger is expected
				ignored = append(ignored, name)
			}
			continue
		}
		files = append(files, pf)
	}
	var warnings []msg.Text
	if len(ignored) > 0 {
		list := ignored
		if len(list) > 5 {
			list = append(slices.Clone(list[:5]), "…")
		}
		warnings = append(warnings, msg.F(
			"已发放明细文件夹 %[1]s：%[2]d 个文件不是明细，已忽略（%[3]s）",
			"prior folder %[1]s: ignored %[2]d files that are not ledgers (%[4]s)",
			dir, len(ignored), strings.Join(list, "、"), strings.Join(list, ", ")))
	}
	if len(files) == 0 {
		warnings = append(warnings, msg.F(
			"已发放明细文件夹 %s 中没有找到明细", "prior folder %s holds no ledger", dir))
	}
	return files, warnings, nil
}

// PriorCandidates returns the files ReadPrior may read for path: path
// itself, or for a folder each regular file in it that is not hidden and
// has the extension of a ledger format.
func PriorCandidates(path string) []string {
	st, err := os.Stat(path)
	if err != nil || !st.IsDir() {
		return []string{path}
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		switch strings.ToLower(filepath.Ext(name)) {
		case extCSV, extJSONL, extXLSX:
			if !strings.HasPrefix(name, ".") && e.Type().IsRegular() {
				out = append(out, filepath.Join(path, name))
			}
		}
	}
	return out
}

// manifestLedgers returns the names of the files of folder dir that a run
// manifest in it lists as a ledger (role "ledger"). A manifest that cannot
// be read lists nothing here; the ledger beside it is still read as named
// when it has its own manifest (see hasOwnManifest), whose check then
// refuses it.
func manifestLedgers(dir string, entries []os.DirEntry) map[string]bool {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	listed := map[string]bool{}
	for _, fm := range manifestsIn(dir, entries) {
		for _, o := range fm.m.Outputs {
			if abs := fm.at(o); strings.HasPrefix(o.Role, "ledger") && filepath.Dir(abs) == absDir {
				listed[filepath.Base(abs)] = true
			}
		}
	}
	return listed
}

// hasOwnManifest reports whether <path>.manifest.json exists beside path.
func hasOwnManifest(path string) bool {
	st, err := os.Stat(ManifestPath(path))
	return err == nil && st.Mode().IsRegular()
}

// readHead returns up to sniffLimit bytes of path without a UTF-8 BOM.
func readHead(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, sniffLimit))
	return bytes.TrimPrefix(b, []byte("\ufeff"))
}

// looksLikeLedger reports whether a header or key set marks a ledger.
func looksLikeLedger(has func(string) bool) bool { return has("line_id") && has("payable") }

// sniffCSV reports whether the header row of a CSV file names line_id and
// payable. The ledger's header is ASCII, so the file's encoding does not
// matter here.
func sniffCSV(path string) bool {
	r := csv.NewReader(bytes.NewReader(readHead(path)))
	r.FieldsPerRecord = -1
	h, err := r.Read()
	if err != nil {
		return false
	}
	return looksLikeLedger(func(c string) bool {
		return slices.ContainsFunc(h, func(x string) bool { return strings.TrimSpace(x) == c })
	})
}

// sniffJSONL reports whether the first object of a JSON Lines file has the
// keys line_id and payable.
func sniffJSONL(path string) bool {
	head := readHead(path)
	for len(head) > 0 {
		line, rest, found := bytes.Cut(head, []byte("\n"))
		if !found && len(head) == sniffLimit {
			return false // the first object does not fit: not one of ours
		}
		head = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(line, &m) != nil {
			return false
		}
		return looksLikeLedger(func(c string) bool { _, ok := m[c]; return ok })
	}
	return false
}

// notLedger is the error for a file named explicitly that is not a ledger.
func notLedger(path string) *Error {
	return &Error{File: path, Msg: msg.T(
		"不是发放明细：表头中没有 line_id 和 payable 列",
		"not a ledger: it has no line_id and payable columns")}
}

// columnsError describes how a ledger's columns differ from ledger.Columns.
func columnsError(path string, row int, got []string) *Error {
	var missing, extra []string
	for _, c := range ledger.Columns {
		if !slices.Contains(got, c) {
			missing = append(missing, c)
		}
	}
	for _, c := range got {
		if !slices.Contains(ledger.Columns, c) {
			extra = append(extra, c)
		}
	}
	detail := msg.T("列的顺序与明细格式不同", "the columns are in another order")
	if len(missing)+len(extra) > 0 {
		detail = msg.F("缺少：%[1]s；多出：%[2]s", "missing: %[1]s; unexpected: %[2]s",
			orNone(missing), orNone(extra))
	}
	return &Error{File: path, Row: row, Msg: msg.F(
		"明细的列与本程序写出的列不同，拒绝使用（%[1]s）",
		"the ledger's columns differ from the ones this program writes; refused (%[2]s)", detail.Zh, detail.En)}
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}

// idColumn is the position of line_id in ledger.LineColumns.
var idColumn = ledger.ColumnIndex("line_id")

// lineReader collects the lines of one file, or hands them to emit when
// set, and refuses a repeated line_id.
type lineReader struct {
	path  string
	lines []ledger.Line
	seen  seenIDs
	emit  lineFunc
}

// seenIDs are the line_ids of one file read so far, with the row of each:
// those of the form ledger.LineID writes as their program's number and
// digest (a map of 16-byte keys, not one of strings each holding a copy
// of its text), any other as text.
type seenIDs struct {
	programs map[string]uint16
	ids      map[seenID]int32
	other    map[string]int
}

// seenID is a line_id split by ledger.SplitLineID, its program numbered.
type seenID struct {
	program uint16
	digest  uint64
}

// key returns the seenID of id, numbering its program when add is set.
func (s *seenIDs) key(id string, add bool) (seenID, bool) {
	program, digest, ok := ledger.SplitLineID(id)
	if !ok {
		return seenID{}, false
	}
	n, ok := s.programs[program]
	if !ok {
		if !add || len(s.programs) == 1<<16-1 {
			return seenID{}, false
		}
		if s.programs == nil {
			s.programs, s.ids = map[string]uint16{}, map[seenID]int32{}
		}
		n = uint16(len(s.programs))
		s.programs[strings.Clone(program)] = n
	}
	return seenID{program: n, digest: digest}, true
}

// row returns the row id was seen in, if it was.
func (s *seenIDs) row(id string) (int, bool) {
	if k, ok := s.key(id, false); ok {
		if r, ok := s.ids[k]; ok {
			return int(r), true
		}
	}
	r, ok := s.other[id]
	return r, ok
}

// add records id as seen in row.
func (s *seenIDs) add(id string, row int) {
	if k, ok := s.key(id, true); ok && row <= math.MaxInt32 {
		s.ids[k] = int32(row)
		return
	}
	if s.other == nil {
		s.other = map[string]int{}
	}
	s.other[strings.Clone(id)] = row
}

// add parses one row of cells in ledger.Columns order (ledger.ParseLine);
// a line_id is read without surrounding space, and refused blank or seen
// before in the file.
func (lr *lineReader) add(row int, cells []string) error {
	bad := func(col string, m msg.Text) error {
		return &Error{File: lr.path, Row: row, Column: col, Msg: m}
	}
	id := strings.TrimSpace(cells[idColumn])
	if id == "" {
		return bad("line_id", msg.T("line_id 为空", "line_id is blank"))
	}
	if first, dup := lr.seen.row(id); dup {
		return bad("line_id", msg.F(
			"line_id %[1]s 在同一份明细中出现两次（第 %[2]d 行和第 %[3]d 行）",
			"line_id %[1]s appears twice in one ledger (rows %[2]d and %[3]d)", id, first, row))
	}
	var l ledger.Line
	if i, err := ledger.ParseLine(&l, cells); err != nil {
		col, cell := ledger.Columns[i], cells[i]
		if err == ledger.ErrDate {
			return bad(col, msg.F("%[1]s 的日期“%[2]s”无法识别", "%[1]s: unparseable date %[2]q", col, cell))
		}
		v := strings.TrimSpace(cell)
		return bad(col, msg.F("%[1]s 的金额“%[2]s”无法识别", "%[1]s: unparseable amount %[2]q", col, v))
	}
	l.LineID = id
	lr.seen.add(id, row)
	if lr.emit != nil {
		return lr.emit(&l)
	}
	lr.lines = append(lr.lines, l)
	return nil
}

// readPriorCSV reads a CSV ledger (UTF-8 with or without BOM, or GB18030
// should Excel have re-saved it). explicit says whether the user named the
// file, in which case a file that is not a ledger is an error.
func readPriorCSV(path string, explicit bool, emit lineFunc) (PriorFile, error) {
	src, err := fileio.OpenCSV(path)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.File = path
		}
		return PriorFile{}, err
	}
	defer src.Close()
	header := make([]string, len(src.Header()))
	for i, h := range src.Header() {
		header[i] = strings.TrimSpace(h)
	}
	if !looksLikeLedger(func(c string) bool { return slices.Contains(header, c) }) {
		if explicit {
			return PriorFile{}, notLedger(path)
		}
		return PriorFile{}, &Error{File: path, Row: 1, Msg: msg.T("表头无法读取", "unreadable header")}
	}
	if !slices.Equal(header, ledger.Columns) {
		return PriorFile{}, columnsError(path, 1, header)
	}
	lr := &lineReader{path: path, emit: emit}
	cells := make([]string, len(ledger.Columns))
	for {
		rec, row, err := src.Next()
		if err == io.EOF {
			return PriorFile{Path: path, Lines: lr.lines}, nil
		}
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				e.File = path
			}
			return PriorFile{}, err
		}
		if blank(rec) {
			continue
		}
		if len(rec) != len(ledger.Columns) {
			return PriorFile{}, &Error{File: path, Row: row, Msg: msg.F(
				"该行有 %[1]d 个单元格，明细应为 %[2]d 个",
				"the row has %[1]d cells; a ledger row has %[2]d", len(rec), len(ledger.Columns))}
		}
		for i, c := range rec {
			if ledger.LineColumns[i].Textual() {
				c = Unneutralise(c)
			}
			cells[i] = c
		}
		if err := lr.add(row, cells); err != nil {
			return PriorFile{}, err
		}
	}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if value.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readPriorJSONL reads a JSON Lines ledger; the row of an error is the line
// number.
func readPriorJSONL(path string, explicit bool, emit lineFunc) (PriorFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return PriorFile{}, &Error{File: path, Msg: msg.F("无法打开文件：%v", "cannot open the file: %v", unwrapPath(err))}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSONLine)
	lr := &lineReader{path: path, emit: emit}
	cells := make([]string, len(ledger.Columns))
	row := 0
	first := true
	for sc.Scan() {
		row++
		line := sc.Bytes()
		if row == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		badLine := func(m msg.Text) (PriorFile, error) {
			return PriorFile{}, &Error{File: path, Row: row, Msg: m}
		}
		var obj map[string]json.RawMessage
		if !utf8.Valid(line) {
			return badLine(msg.T("不是有效的 UTF-8 文本", "not valid UTF-8 text"))
		}
		if err := json.Unmarshal(line, &obj); err != nil {
			if first && explicit {
				return PriorFile{}, notLedger(path)
			}
			return badLine(msg.F("不是有效的 JSON 对象：%v", "not a valid JSON object: %v", err))
		}
		if first && !looksLikeLedger(func(c string) bool { _, ok := obj[c]; return ok }) {
			return PriorFile{}, notLedger(path)
		}
		first = false
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		if len(obj) != len(ledger.Columns) || slices.ContainsFunc(ledger.Columns, func(c string) bool { _, ok := obj[c]; return !ok }) {
			slices.Sort(keys)
			return PriorFile{}, columnsError(path, row, keys)
		}
		for i, c := range ledger.Columns {
			v, ok := jsonCell(&ledger.LineColumns[i], obj[c])
			if !ok {
				return PriorFile{}, &Error{File: path, Row: row, Column: c, Msg: msg.F(
					"%[1]s 的值类型不对：%[2]s", "%[1]s has a value of the wrong type: %[2]s", c, string(obj[c]))}
			}
			cells[i] = v
		}
		if err := lr.add(row, cells); err != nil {
			return PriorFile{}, err
		}
	}
	if err := sc.Err(); err != nil {
		return PriorFile{}, &Error{File: path, Row: row + 1, Msg: msg.F("读取失败：%v", "cannot read: %v", err)}
	}
	if first && explicit {
		return PriorFile{}, &Error{File: path, Msg: msg.T("文件为空，不是发放明细", "the file is empty; not a ledger")}
	}
	return PriorFile{Path: path, Lines: lr.lines}, nil
}

// jsonCell returns the text of one JSON value as the CSV ledger would hold
// it: strings as they are; flags, an array of strings, joined by ";"; a
// cap column null as blank.
func jsonCell(c *ledger.Column, raw json.RawMessage) (string, bool) {
	if c.Kind == ledger.KindFlags {
		var flags []string
		if err := json.Unmarshal(raw, &flags); err != nil {
			return "", false
		}
		return strings.Join(flags, ";"), true
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return "", c.Kind == ledger.KindCap
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}
