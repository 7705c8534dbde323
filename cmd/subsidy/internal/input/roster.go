package input

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/fileio"
)

// ReadRoster reads the roster file at path (see Open) as a roster of the
// given kind and calls fn once per data row, in file order, with the row's
// cells arranged in schema column order. display is the file name shown in
// messages and records (normally the base name).
//
// The header is matched with the roster's schema (spec §3): a missing
// required column or a column given twice is a *fileio.Error naming the file and
// the column. Unknown columns are ignored, with one warning listing them
// all. Rows whose cells are all blank (white space only) are skipped
// silently, as spreadsheets leave them between and after the data; they
// are not rows of the roster. Every error is a *fileio.Error except those fn
// returns, which are passed back unchanged; fn's first error stops the
// read.
//
// opt chooses the XLSX worksheet and receives the rows the reader lists
// itself (see Options.Listed).
func ReadRoster(path string, kind roster.Kind, display string, fn func(roster.Record) error, opt Options) (warnings []msg.Text, err error) {
	schema := roster.Lookup(kind)
	if schema == nil {
		return nil, fileio.Errorf(display, msg.F("未知的名册类型 %s", "unknown roster kind %s", string(kind)))
	}
	src, err := Open(path, opt)
	if err != nil {
		return nil, relabel(err, display)
	}
	defer src.Close()
	hm, err := schema.MapHeader(src.Header())
	if err != nil {
		e := &fileio.Error{File: display, Row: 1, Msg: msg.T(err.Error(), err.Error())}
		if hr, ok := src.(headerRower); ok {
			e.Row = hr.HeaderRow()
		}
		var he *roster.HeaderError
		if errors.As(err, &he) {
			e.Column, e.Msg = he.Column, he.Msg
		}
		return nil, e
	}
	if len(hm.Unknown) > 0 {
		quoted := make([]string, len(hm.Unknown))
		for i, u := range hm.Unknown {
			quoted[i] = strconv.Quote(u)
		}
		warnings = append(warnings, msg.F(
			"%[1]s：忽略无法识别的列“%[2]s”",
			"%[1]s: ignoring unknown columns %[3]s",
			display, strings.Join(hm.Unknown, "”、“"), strings.Join(quoted, ", ")))
	}
	if rs, ok := src.(roleSetter); ok {
		rs.setRoles(fileRoles(hm, len(src.Header())))
	}
	is, _ := src.(issuer)
	_, delimited := src.(*fileio.CSV)
	width := len(src.Header())
	for {
		rec, row, err := src.Next()
		if err == io.EOF {
			return warnings, nil
		}
		if err != nil {
			return warnings, relabel(err, display)
		}
		var rejs []ledger.Rejection
		if is != nil {
			rejs = issueRejections(display, row, hm, is.cellIssues())
		}
		if delimited && len(rec) > width && !blankRow(rec[width:]) {
			// the cells after an extra field would be read shifted
			// into the wrong columns: the row is listed as it is
			rej := fieldCount(display, row, width, rec)
			if opt.Listed == nil {
				return warnings, &fileio.Error{File: display, Row: row, Msg: rej.Message}
			}
			opt.Listed(hm.Arrange(display, row, rec), []ledger.Rejection{rej})
			continue
		}
		if len(rejs) == 0 && blankRow(rec) {
			continue
		}
		r := hm.Arrange(display, row, rec)
		if len(rejs) == 0 {
			if err := fn(r); err != nil {
				return warnings, err
			}
			continue
		}
		if opt.Listed == nil {
			rj := rejs[0]
			return warnings, &fileio.Error{File: display, Row: row, Column: rj.Column, Msg: rj.Message}
		}
		opt.Listed(r, withOtherRejections(kind, r, rejs))
	}
}

// withOtherRejections adds to the rejections of the cells a reader could
// not hand over those of the row's other cells, as the engine decodes them.
func withOtherRejections(kind roster.Kind, r roster.Record, rejs []ledger.Rejection) []ledger.Rejection {
	flagged := map[string]bool{}
	for _, rj := range rejs {
		flagged[rj.Column] = true
	}
	var d roster.Decoder
	_, others := d.Decode(kind, r)
	for _, rj := range others {
		if !flagged[rj.Column] {
			rejs = append(rejs, rj)
		}
	}
	return rejs
}

// headerRower is a Source that knows the spreadsheet row of its header
// when it is not row 1.
type headerRower interface{ HeaderRow() int }

// relabel shows a *fileio.Error under the display name.
func relabel(err error, display string) error {
	var e *fileio.Error
	if errors.As(err, &e) {
		e.File = display
	}
	return err
}

// blankRow reports whether every cell of rec is blank.
func blankRow(rec []string) bool {
	for _, c := range rec {
		if value.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// fieldCount is the rejection of a CSV row that has more fields than the
// header has columns, most often an amount with an unquoted thousands
// separator: its value is the row as typed, its fields joined by commas.
func fieldCount(file string, row, width int, rec []string) ledger.Rejection {
	return ledger.Rejection{File: file, Row: row, Column: "", Value: strings.Join(rec, ","), Code: roster.CodeFieldCount, Class: ledger.ClassData,
		Message: msg.F("该行有 %[1]d 个字段，表头只有 %[2]d 列，后面的值会错位，整行未读取；最常见的原因是金额中的千分位逗号没有加引号（1,000.00 应写作 \"1,000.00\"，或不写逗号）：请改正后重新保存",
			"the row has %[1]d fields but the header has %[2]d columns, so the values after the extra one would land in the wrong columns; the row is not read. The usual cause is an amount whose thousands separator is not quoted (write 1,000.00 as \"1,000.00\", or without the comma): fix it and save again",
			len(rec), width)}
}
