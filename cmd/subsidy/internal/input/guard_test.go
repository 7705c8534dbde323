package input

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"subsidy/calc/roster"
)

// TestCSVQuotedCellWithLineFeedsRefused: a grants roster whose quoted
// cell has a line feed every megabyte is refused once the record passes
// the limit, naming the record's first line (fileio's guard test checks
// that the read stops there).
func TestCSVQuotedCellWithLineFeedsRefused(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(grantsHeader + "91320583MA1XA00241,\"")
	for range 12 {
		b.WriteString(strings.Repeat("x", 1<<20) + "\n")
	}
	b.WriteString("\",invention,CN,domestic,2022-01-01\n")
	_, _, err := readAll(t, writeFile(t, "grants.csv", b.Bytes()))
	e := asError(t, err)
	if !strings.Contains(e.Error(), "the record starting on line 2 is longer than 4194304 bytes") {
		t.Errorf("got %v", e)
	}
}

// sheetHead opens a grants worksheet with its header row.
var sheetHead = func() string {
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData><row r="1">`)
	for _, h := range grantsHead {
		b.WriteString(`<c t="inlineStr"><is><t>` + h.(string) + `</t></is></c>`)
	}
	return b.String() + `</row>`
}()

// TestXLSXCellSplitByTagsRefusedFast: a <v> split into many pieces by
// tags is refused as too long once it passes the cell limit, in linear
// time (appending each piece to a string was quadratic: a 231 KB file
// took 14-28 s), and a CDATA section full of '<' as too long a run.
func TestXLSXCellSplitByTagsRefusedFast(t *testing.T) {
	head := sheetHead + `<row r="2"><c r="B2">`
	split := head + "<v>" + strings.Repeat("1<x/>", 200_000) + "</v></c></row></sheetData></worksheet>"
	cdata := head + "<v><![CDATA[" + strings.Repeat("<a", 1<<20) + "]]></v></c></row></sheetData></worksheet>"
	formula := head + "<f>" + strings.Repeat("1<x/>", 200_000) + "</f></c></row></sheetData></worksheet>"
	for name, tc := range map[string]struct {
		sheet, want, col string
	}{
		"split":   {split, "longer than 32767 characters", "B"},
		"formula": {formula, "longer than 32767 characters", "B"},
		"cdata":   {cdata, "longer than 1048576 bytes", ""},
	} {
		start := time.Now()
		_, _, err := readXLSX(t, zipFile(t, "grants.xlsx", minimalParts([]byte(tc.sheet))), roster.Grants, Options{})
		e := asError(t, err)
		if !strings.Contains(e.Error(), tc.want) || e.Row != 2 || e.Column != tc.col {
			t.Errorf("%s: got %+v, want row 2 column %q and %q", name, e, tc.col, tc.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}

// TestXLSXSharedStringSplitRefused: a shared string of many runs is
// refused once it passes the cell limit, before the part is read whole.
func TestXLSXSharedStringSplitRefused(t *testing.T) {
	parts := minimalParts([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`))
	parts["xl/sharedStrings.xml"] = []byte("<sst><si>" + strings.Repeat("<t>"+strings.Repeat("x", 1000)+"</t>", 200) + "</si></sst>")
	_, _, err := readXLSX(t, zipFile(t, "grants.xlsx", parts), roster.Grants, Options{})
	if e := asError(t, err); !strings.Contains(e.Error(), "shared string 0 is longer than 32767 characters") {
		t.Errorf("got %v", e)
	}
}

// TestXLSXRepeatedCellRefused: a cell reference given twice, or one
// before the previous cell of the row, is refused like a repeated row,
// located by row and column (the second value used to overwrite the
// first).
func TestXLSXRepeatedCellRefused(t *testing.T) {
	head := sheetHead + `<row r="2">`
	for name, cells := range map[string]string{
		"repeated": `<c r="E2"><v>1</v></c><c r="E2"><v>2</v></c>`,
		"backward": `<c r="F2"><v>1</v></c><c r="E2"><v>2</v></c>`,
		"implicit": `<c r="E2"><v>1</v></c><c><v>2</v></c><c r="F2"><v>3</v></c>`,
	} {
		sheet := head + cells + `</row></sheetData></worksheet>`
		_, _, err := readXLSX(t, zipFile(t, "grants.xlsx", minimalParts([]byte(sheet))), roster.Grants, Options{})
		e := asError(t, err)
		col := "E"
		if name == "implicit" {
			col = "F"
		}
		if !strings.Contains(e.Error(), "is repeated or out of order") || e.Row != 2 || e.Column != col {
			t.Errorf("%s: got %+v", name, e)
		}
	}
	ok := head + `<c r="E2"><v>1</v></c><c><v>2</v></c><c r="H2"><v>3</v></c></row></sheetData></worksheet>`
	if _, _, err := readXLSX(t, zipFile(t, "grants.xlsx", minimalParts([]byte(ok))), roster.Grants, Options{}); err != nil {
		t.Errorf("cells in order: %v", err)
	}
}
