package fileio

import (
	"fmt"
	"strings"

	"subsidy/calc/msg"
)

// Error is a usage error of the I/O layer (exit code 2, spec §2): an input
// that cannot be read at all, located by file and, where known, by the row a
// spreadsheet shows (header = 1) and the column. Rows the engine can judge
// one by one are never an Error: they become rejections.
type Error struct {
	File   string   // the file as shown to the user (base name, or a path)
	Row    int      // spreadsheet row (header = 1); 0 when the error is not in a row
	Column string   // column name, blank when the error is not in one column
	Msg    msg.Text // what is wrong, in Chinese and English
}

// Error returns the English message with its position, e.g.
// "grants.csv, row 3: missing required column: uscc".
func (e *Error) Error() string { return e.Text().En }

// Text returns the message with its position in both languages, for the
// command line to print in the language the user chose. The column is
// shown unless the message already names it.
func (e *Error) Text() msg.Text {
	var zh, en strings.Builder
	zh.WriteString(e.File)
	en.WriteString(e.File)
	if e.Row > 0 {
		fmt.Fprintf(&zh, " 第 %d 行", e.Row)
		fmt.Fprintf(&en, ", row %d", e.Row)
	}
	if e.Column != "" && !strings.Contains(e.Msg.En, columnName(e.Column)) {
		fmt.Fprintf(&zh, " 列 %s", e.Column)
		fmt.Fprintf(&en, ", column %s", e.Column)
	}
	zh.WriteString("：")
	zh.WriteString(e.Msg.Zh)
	en.WriteString(": ")
	en.WriteString(e.Msg.En)
	return msg.Text{Zh: zh.String(), En: en.String()}
}

// columnName returns the first column name in a Column field, which may
// list several ("grant_date（授权日）, kind（类型）").
func columnName(col string) string {
	if i := strings.IndexAny(col, "（(, "); i > 0 {
		return col[:i]
	}
	return col
}

// Errorf builds an *Error without a row.
func Errorf(file string, m msg.Text) *Error { return &Error{File: file, Msg: m} }
