package fileio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"subsidy/calc/msg"
)

// CSV reads a CSV file with encoding/csv (FieldsPerRecord = -1, so
// rows may have any number of cells, and ReuseRecord).
type CSV struct {
	name   string
	closer io.Closer
	r      *csv.Reader
	runs   *csvRuns // the record-length limit's scan (csv_guard.go)
	header []string
	hrow   int // spreadsheet row of the header: 1 unless blank lines precede it
	// lastRow is the spreadsheet row of the last record read and lastLine
	// the file line on which it ended. A record starting on line L is
	// then on row lastRow + (L - lastLine): blank lines, which encoding/csv
	// skips, count as rows as they do in Excel, and a quoted cell spanning
	// several lines keeps its record on one row.
	lastRow, lastLine int
}

// OpenCSV opens a CSV file (UTF-8 with or without a BOM, or GB18030/GBK)
// and reads its header row. Its encoding is decided by a first streaming
// pass over the whole file; the rows are decoded in a second. The file name
// in errors is the base name of path. Every error is an *Error.
func OpenCSV(path string) (*CSV, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, Errorf(name, msg.F("无法打开文件：%v", "cannot open the file: %v", UnwrapPath(err)))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, ReadError(name, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, Errorf(name, msg.T("这是一个文件夹，不是文件", "this is a folder, not a file"))
	}
	s, err := NewCSV(name, f, st.Size(), f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// UnwrapPath drops the path from an *os.PathError, which the message
// already names.
func UnwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// NewCSV detects the encoding of the size bytes of ra and reads the
// header row.
func NewCSV(name string, ra io.ReaderAt, size int64, closer io.Closer) (*CSV, error) {
	enc, err := detectEncoding(name, ra, size)
	if err != nil {
		return nil, err
	}
	g, runs := guardLines(decodedReader(io.NewSectionReader(ra, 0, size), enc))
	r := csv.NewReader(g)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	s := &CSV{name: name, closer: closer, r: r, runs: runs}
	h, hrow, err := s.Next()
	if err == io.EOF {
		return nil, Errorf(name, msg.T("文件为空：没有表头行", "the file is empty: there is no header row"))
	}
	if err != nil {
		return nil, err
	}
	s.header, s.hrow = append([]string(nil), h...), hrow
	return s, nil
}

// Header is the header row (the first record of the file).
func (s *CSV) Header() []string { return s.header }

// HeaderRow is the line number the header row starts on (blank lines
// before it are skipped).
func (s *CSV) HeaderRow() int { return s.hrow }

// Close closes the file (a CSV read from memory has none).
func (s *CSV) Close() error {
	if s.closer == nil {
		return nil
	}
	return s.closer.Close()
}

// Next returns the next record and the line it starts on, or io.EOF
// after the last; the slice is valid until the next call. Any other
// error is an *Error.
func (s *CSV) Next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		if le := s.limitError(err); le != nil {
			return nil, 0, le
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, s.syntaxError(pe)
		}
		return nil, 0, ReadError(s.name, err)
	}
	start, _ := s.r.FieldPos(0)
	row := s.lastRow + start - s.lastLine
	last := len(rec) - 1
	end, _ := s.r.FieldPos(last)
	s.lastRow, s.lastLine = row, end+strings.Count(rec[last], "\n")
	if le := s.checkRecord(row, rec); le != nil {
		return nil, 0, le
	}
	return rec, row, nil
}

// syntaxError turns a CSV parse error into a usage error on the row where
// the broken record starts.
func (s *CSV) syntaxError(pe *csv.ParseError) *Error {
	row := s.lastRow + pe.StartLine - s.lastLine
	var what msg.Text
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what = msg.T("未加引号的单元格中出现了双引号", `a " appears in a cell that is not quoted`)
	case errors.Is(pe.Err, csv.ErrQuote):
		what = msg.T("引号不配对（带引号的单元格没有正确结束）", `unmatched " (a quoted cell is not closed properly)`)
	default:
		what = msg.T(pe.Err.Error(), pe.Err.Error())
	}
	return &Error{File: s.name, Row: row, Msg: msg.F(
		"CSV 格式错误：%[1]s（第 %[2]d 行第 %[3]d 个字符）",
		"CSV syntax error: %[4]s (line %[2]d, character %[3]d)",
		what.Zh, pe.Line, pe.Column, what.En)}
}

// SniffCSVHeader reads the first record of the first 64 KiB of a CSV
// file, decoded as UTF-8 or, failing that, GB18030.
func SniffCSVHeader(path string) ([]string, *Error) {
	name := filepath.Base(path)
	fh, err := os.Open(path)
	if err != nil {
		return nil, Errorf(name, msg.F("无法打开文件：%v", "cannot open the file: %v", UnwrapPath(err)))
	}
	defer fh.Close()
	head, err := io.ReadAll(io.LimitReader(fh, 64<<10))
	if err != nil {
		return nil, ReadError(name, err)
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	if !utf8.Valid(head[:completeUTF8(head)]) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(head); err == nil {
			head = d
		}
	}
	r := csv.NewReader(decodedReader(bytes.NewReader(head), encUTF8))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	h, err := r.Read()
	if err != nil {
		return nil, Errorf(name, msg.T("文件为空或第一行无法读取", "the file is empty or its first row cannot be read"))
	}
	return h, nil
}
