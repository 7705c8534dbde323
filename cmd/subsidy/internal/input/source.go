// Package input is the roster side of the command line: it turns roster
// files into the header and text cells the pure engine (calc/roster)
// decodes, finds the rosters of an --in folder, and reports unreadable
// files as usage errors (*fileio.Error, exit 2). Each format has its own
// reader behind the small factory Open (as in Miller's pkg/input): CSV text
// is fileio.OpenCSV's, the XLSX worksheet reader is xlsx.go's.
package input

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/fileio"
)

// Source is an open roster file: its header row and then its data rows.
type Source interface {
	// Header returns the header row (the first row of the file).
	Header() []string
	// Next returns the next row's cells and the row number a spreadsheet
	// shows for it (header = 1), or io.EOF after the last row. The slice
	// is only valid until the next call. Any other error is a *fileio.Error.
	Next() (rec []string, row int, err error)
	// Close releases the file.
	Close() error
}

// Stdin is what a roster path of "-" reads. It is a variable so that tests
// can replace it.
var Stdin io.Reader = os.Stdin

// Open opens the roster file at path as a Source, choosing the reader by
// the file extension: ".csv" is CSV (UTF-8 with or without BOM, or
// GB18030/GBK, detected), ".xlsx" is a worksheet of an Excel workbook (the
// first visible one, or opt.Sheet; see OpenXLSX), and "-" is CSV read
// from Stdin. Stdin is read into memory first, since the encoding check
// needs two passes over it. Every error is a *fileio.Error.
func Open(path string, opt Options) (Source, error) {
	if path == "-" {
		data, err := io.ReadAll(Stdin)
		if err != nil {
			return nil, fileio.ReadError("stdin", err)
		}
		return fileio.NewCSV("stdin", bytes.NewReader(data), int64(len(data)), nil)
	}
	name := filepath.Base(path)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		return fileio.OpenCSV(path)
	case ".xlsx":
		return OpenXLSX(path, opt.Sheet)
	case ".xls":
		return nil, fileio.Errorf(name, msg.T(
			"不支持旧版 .xls 格式；请在 Excel 中另存为 .xlsx 或 CSV",
			"the old .xls format is not supported; save it from Excel as .xlsx or CSV"))
	default:
		return nil, fileio.Errorf(name, msg.F(
			"无法识别的名册格式“%s”：应为 .csv 或 .xlsx",
			"unknown roster format %q: expected .csv or .xlsx", ext))
	}
}
