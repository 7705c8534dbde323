package fileio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
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
	if !errors.Is(err, ErrTooLong) || runs.start != 2 || runs.line != 4 {
		t.Errorf("%v: record from line %d, at line %d; want 2 and 4", err, runs.start, runs.line)
	}
}

// TestCSVQuotedCellWithLineFeedsRefused: a quoted cell with a line feed
// every megabyte no longer gets past the record limit (it was buffered
// whole, 157 MB at 600-700 MB of memory, before the cell check refused
// it): the guard stops the read after the limit (the roster reader's
// message is tested in package input).
func TestCSVQuotedCellWithLineFeedsRefused(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("uscc,number,kind,office,route,grant_date\n" + "91320583MA1XA00241,\"")
	for range 12 {
		b.WriteString(strings.Repeat("x", 1<<20) + "\n")
	}
	b.WriteString("\",invention,CN,domestic,2022-01-01\n")
	cr := &countingReader{r: bytes.NewReader(b.Bytes())}
	_, err := io.ReadAll(&guard{r: cr, max: MaxCSVLine, split: &csvRuns{line: 1, start: 1}})
	if !errors.Is(err, ErrTooLong) || cr.n > 2*MaxCSVLine {
		t.Errorf("guard: %v after %d bytes", err, cr.n)
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
		{"long-text", "<r>" + strings.Repeat("x", 1001) + "</r>", ErrTooLong},
		{"cdata", "<v><![CDATA[" + strings.Repeat(filler, 6) + "]]></v>", ErrTooLong},
		{"comment", "<v><!--" + strings.Repeat(filler, 6) + "--></v>", ErrTooLong},
		{"pi", "<v><?x " + strings.Repeat(filler, 6) + "?></v>", ErrTooLong},
		{"small-cdata", "<v><![CDATA[" + filler + "]] >]]>" + strings.Repeat("<x/>"+strings.Repeat("y", 900), 5) + "</v>", nil},
		{"small-comment", "<v><!--" + filler + "- -->" + strings.Repeat("<x/>"+strings.Repeat("y", 900), 5) + "</v>", nil},
		{"comments-in-text", "<v>" + strings.Repeat("1<!---->", 200) + "</v>", ErrTooLong},
		{"doctype", `<!DOCTYPE x [<!ENTITY e "y">]><x/>`, errDeclaration},
		{"bad-comment", `<v><!-x--></v>`, errDeclaration},
	} {
		if err, _ := readGuarded(t, tc.text, 1000, xmlSplit); !errors.Is(err, tc.want) && (err != nil || tc.want != nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
