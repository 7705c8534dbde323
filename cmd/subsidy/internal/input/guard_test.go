package input

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"subsidy/calc/roster"
)

// countingReader counts the bytes read from r.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// readGuarded reads all of text through a guard of max bytes with split,
// one byte at a time and in large reads, and returns the error (the same
// for both) and the bytes the large read consumed.
func readGuarded(t *testing.T, text string, max int, split func() splitter) (error, int) {
	t.Helper()
	_, err1 := io.ReadAll(&guard{r: iotest.OneByteReader(strings.NewReader(text)), max: max, split: split()})
	cr := &countingReader{r: strings.NewReader(text)}
	_, err2 := io.ReadAll(&guard{r: cr, max: max, split: split()})
	if !errors.Is(err1, err2) && (err1 == nil) != (err2 == nil) {
		t.Errorf("one-byte reads: %v, large reads: %v", err1, err2)
	}
	return err2, cr.n
}

// TestCSVGuard: a record of exactly the limit passes and one byte more
// fails, however many lines its quoted cells span; the line feeds inside
// quotes do not start a new record, those outside do; the line and start
// of the record are counted.
func TestCSVGuard(t *testing.T) {
	csvSplit := func() splitter { return &csvRuns{line: 1, start: 1} }
	for _, tc := range []struct {
		text string
		fail bool
	}{
		{"ab\n" + strings.Repeat("x", 10) + "\nc", false},
		{"ab\n" + strings.Repeat("x", 11) + "\nc", true},
		{"ab\n\"xx\nxx\nxx\"\nc", false}, // 10 bytes before the record's line feed
		{"ab\n\"xx\nxx\nxxx\"\nc", true},
		{"ab\n\"x\"\"\n\"\"x\"\n" + strings.Repeat("y", 10) + "\n", false},
		{"\"x\",\"\n\"\n" + strings.Repeat("y", 10) + "\n", false},
	} {
		err, _ := readGuarded(t, tc.text, 10, csvSplit)
		if (err != nil) != tc.fail {
			t.Errorf("%q: %v", tc.text, err)
		}
	}
	runs := &csvRuns{line: 1, start: 1}
	_, err := io.ReadAll(&guard{r: strings.NewReader("a\n\"x\ny\nzzzzzzzzzzzz"), max: 10, split: runs})
	if !errors.Is(err, errTooLong) || runs.start != 2 || runs.line != 4 {
		t.Errorf("%v: record from line %d, at line %d; want 2 and 4", err, runs.start, runs.line)
	}
}

// TestCSVQuotedCellWithLineFeedsRefused: a quoted cell with a line feed
// every megabyte no longer gets past the record limit (it was buffered
// whole, 157 MB at 600-700 MB of memory, before the cell check refused
// it): the read stops after the limit, naming the record's first line.
func TestCSVQuotedCellWithLineFeedsRefused(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(grantsHeader + "91320583MA1XA00241,\"")
	for range 12 {
		b.WriteString(strings.Repeat("x", 1<<20) + "\n")
	}
	b.WriteString("\",invention,CN,domestic,2022-01-01\n")
	cr := &countingReader{r: bytes.NewReader(b.Bytes())}
	_, err := io.ReadAll(&guard{r: cr, max: MaxCSVLine, split: &csvRuns{line: 1, start: 1}})
	if !errors.Is(err, errTooLong) || cr.n > 2*MaxCSVLine {
		t.Errorf("guard: %v after %d bytes", err, cr.n)
	}
	_, _, err = readAll(t, writeFile(t, "grants.csv", b.Bytes()))
	e := asError(t, err)
	if !strings.Contains(e.Error(), "the record starting on line 2 is longer than 4194304 bytes") {
		t.Errorf("got %v", e)
	}
}

// TestXMLGuard: comments, CDATA sections and processing instructions,
// which may hold '<', count whole toward the run around them (a '<'
// inside them used to reset the count: a 6 MB worksheet took 750 MB);
// tags end runs; declarations are refused.
func TestXMLGuard(t *testing.T) {
	xmlSplit := func() splitter { return &xmlRuns{} }
	filler := strings.Repeat("<a", 100) // 200 bytes of '<' that open no tag
	for _, tc := range []struct {
		name, text string
		want       error
	}{
		{"tags", "<r>" + strings.Repeat("<c>"+strings.Repeat("x", 900)+"</c>", 100) + "</r>", nil},
		{"long-text", "<r>" + strings.Repeat("x", 1001) + "</r>", errTooLong},
		{"cdata", "<v><![CDATA[" + strings.Repeat(filler, 6) + "]]></v>", errTooLong},
		{"comment", "<v><!--" + strings.Repeat(filler, 6) + "--></v>", errTooLong},
		{"pi", "<v><?x " + strings.Repeat(filler, 6) + "?></v>", errTooLong},
		{"small-cdata", "<v><![CDATA[" + filler + "]] >]]>" + strings.Repeat("<x/>"+strings.Repeat("y", 900), 5) + "</v>", nil},
		{"small-comment", "<v><!--" + filler + "- -->" + strings.Repeat("<x/>"+strings.Repeat("y", 900), 5) + "</v>", nil},
		{"comments-in-text", "<v>" + strings.Repeat("1<!---->", 200) + "</v>", errTooLong},
		{"doctype", `<!DOCTYPE x [<!ENTITY e "y">]><x/>`, errDeclaration},
		{"bad-comment", `<v><!-x--></v>`, errDeclaration},
	} {
		if err, _ := readGuarded(t, tc.text, 1000, xmlSplit); !errors.Is(err, tc.want) && (err != nil || tc.want != nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
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
