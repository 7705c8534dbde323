package output

import (
	"bufio"
	"encoding/csv"
	"io"

	"subsidy/calc/ledger"
)

// csvRecord lists the cells of l in column order (ledger.LineColumns),
// reusing buf: each column as Column.Cell writes it, a cap blank without
// a cap, every text cell neutralised.
func csvRecord(buf []string, l *ledger.Line, lang string) []string {
	buf = buf[:0]
	for i := range ledger.LineColumns {
		c := &ledger.LineColumns[i]
		cell, _ := c.Cell(l, lang)
		if c.Textual() {
			cell = Neutralise(cell)
		}
		buf = append(buf, cell)
	}
	return buf
}

// WriteLedgerCSV writes lines as the ledger CSV of spec §5: a UTF-8 BOM
// first when bom (files on disk; not stdout), the header ledger.Columns,
// one row per line with amounts as plain decimals with two fraction digits
// (value.FormatPlain), cap_limit and cap_used_before blank for a line
// without a cap, the rate as rate.String(), event_date as YYYY-MM-DD, flags
// joined by ";" and the note in lang. Every text cell that begins with
// '=', '+', '-', '@', tab, CR, LF or NUL is neutralised (see Neutralise).
// It is CSVLedger over a slice.
func WriteLedgerCSV(w io.Writer, lines []ledger.Line, lang string, bom bool) error {
	cl, err := NewCSVLedger(w, lang, bom)
	if err != nil {
		return err
	}
	for i := range lines {
		if err := cl.Line(&lines[i]); err != nil {
			return err
		}
	}
	return cl.Close()
}

// CSVLedger writes the ledger CSV of WriteLedgerCSV one line at a time, so
// that a batch's lines can be written as the engine finishes them. The rows
// go straight to encoding/csv, one reused record per line.
type CSVLedger struct {
	bw   *bufio.Writer
	cw   *csv.Writer
	rec  []string
	lang string
}

// NewCSVLedger starts a ledger CSV on w: the BOM when bom, and the header.
func NewCSVLedger(w io.Writer, lang string, bom bool) (*CSVLedger, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if bom {
		if _, err := bw.WriteString("\ufeff"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(ledger.Columns); err != nil {
		return nil, err
	}
	return &CSVLedger{bw: bw, cw: cw, rec: make([]string, 0, len(ledger.Columns)), lang: lang}, nil
}

// Line writes one ledger line.
func (c *CSVLedger) Line(l *ledger.Line) error {
	c.rec = csvRecord(c.rec, l, c.lang)
	return c.cw.Write(c.rec)
}

// Close flushes the ledger to its writer (it does not close the writer).
func (c *CSVLedger) Close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}
