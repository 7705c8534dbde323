package fileio

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"subsidy/calc/msg"
)

// Limits of the CSV reader (spec §8), the counterparts of the XLSX limits:
// a file beyond them is a usage error naming the line, read in bounded
// memory (encoding/csv holds one record at a time, and no record may
// exceed MaxCSVLine).
const (
	// MaxCSVLine is the longest line, in bytes of decoded text: far more
	// than any roster row, far less than a file without line breaks. A
	// record whose quoted cells span several lines is held to it as a
	// whole.
	MaxCSVLine = 4 << 20
	// MaxCSVColumns is the most cells of a row (Excel's column count).
	MaxCSVColumns = 16384
	// MaxCSVCellChars is the longest cell, in bytes of decoded text
	// (Excel's cell limit is 32,767 characters of up to 3 bytes each).
	MaxCSVCellChars = 3 * 32767
)

// guardLines wraps r in a guard with the MaxCSVLine limit on each record.
func guardLines(r io.Reader) (*guard, *csvRuns) {
	runs := &csvRuns{line: 1, start: 1}
	return &guard{r: r, max: MaxCSVLine, split: runs}, runs
}

// limitError turns ErrTooLong into the usage error naming the line on
// which the record began, or returns nil for any other error.
func (s *CSV) limitError(err error) *Error {
	if !errors.Is(err, ErrTooLong) {
		return nil
	}
	if s.runs.start != s.runs.line {
		return Errorf(s.name, msg.F(
			"从第 %[1]d 行开始的一条记录超过 %[2]d 字节（带引号的单元格跨越多行）：引号不配对，或文件已损坏",
			"the record starting on line %[1]d is longer than %[2]d bytes (a quoted cell spans several lines): an unclosed \" or a damaged file",
			s.runs.start, MaxCSVLine))
	}
	return Errorf(s.name, msg.F(
		"第 %[1]d 行超过 %[2]d 字节：这不是正常的名册（文件没有换行，或已损坏）",
		"line %[1]d is longer than %[2]d bytes: this is not an ordinary roster (a file without line breaks, or a damaged one)",
		s.runs.start, MaxCSVLine))
}

// checkRecord refuses a row of more than MaxCSVColumns cells or with a cell
// longer than MaxCSVCellChars.
func (s *CSV) checkRecord(row int, rec []string) *Error {
	if len(rec) > MaxCSVColumns {
		return &Error{File: s.name, Row: row, Msg: msg.F(
			"该行有 %[1]d 列，超过上限 %[2]d（Excel 的列数）：这不是正常的名册",
			"the row has %[1]d cells, more than the limit of %[2]d (Excel's column count): this is not an ordinary roster",
			len(rec), MaxCSVColumns)}
	}
	for _, c := range rec {
		if len(c) > MaxCSVCellChars {
			return &Error{File: s.name, Row: row, Msg: msg.F(
				"单元格长度 %[1]d 字节，超过上限 %[2]d：这不是正常的名册",
				"a cell is %[1]d bytes long, more than the limit of %[2]d: this is not an ordinary roster",
				len(c), MaxCSVCellChars)}
		}
	}
	return nil
}

// mixedUTF8 reports whether the bytes of ra before bad, the first byte that
// is not UTF-8, hold a whole line of UTF-8 text with Chinese in it (at least
// two three-byte sequences): a file that is then valid GB18030 is a UTF-8
// file with rows pasted in from a GB18030 one, which would otherwise decode
// as GB18030 into garbled text (乱码) that changes names and keys. A
// genuine GB18030 file practically never has such a line: its Chinese
// bytes are not valid UTF-8 two characters in a row.
func mixedUTF8(ra io.ReaderAt, bad int64) bool {
	const window = 64 << 10 // the last lines before bad are enough
	start := max(bad-window, 0)
	b := make([]byte, bad-start)
	if n, _ := ra.ReadAt(b, start); int64(n) != bad-start {
		return false
	}
	end := bytes.LastIndexByte(b, '\n')
	if end < 0 {
		return false
	}
	for _, line := range bytes.Split(b[:end], []byte{'\n'}) {
		if !utf8.Valid(line) {
			continue // the window may start inside a character
		}
		n := 0
		for _, c := range line {
			if c >= 0xE0 && c <= 0xEF {
				n++
			}
		}
		if n >= 2 {
			return true
		}
	}
	return false
}

// mixedError is the usage error of a file mixing UTF-8 and GB18030.
func mixedError(name string, ra io.ReaderAt, at int64) *Error {
	return Errorf(name, msg.F(
		"文件混用了 UTF-8 和 GB18030/GBK 两种编码（第 %[1]d 行起不再是 UTF-8）：可能是从另一个文件粘贴了行；请在 Excel 中把整个文件另存为“CSV UTF-8（逗号分隔）”",
		"the file mixes UTF-8 and GB18030/GBK text (not UTF-8 from line %[1]d on): rows were probably pasted from another file; save the whole file from Excel as \"CSV UTF-8 (Comma delimited)\"",
		lineAt(ra, at)))
}
