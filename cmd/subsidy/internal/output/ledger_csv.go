package output

import (
	"bufio"
	"encoding/csv"
	"io"

	"subsidy/calc/ledger"
	"subsidy/calc/value"
)

// csvLine is one ledger line as CSV text cells. Its csv tags, in field
// order, are ledger.Columns (a test holds them equal); gocsv writes the
// header from them.
type csvLine struct {
	LineID        string `csv:"line_id"`
	Period        string `csv:"period"`
	Program       string `csv:"program"`
	ProgramName   string `csv:"program_name"`
	Clause        string `csv:"clause"`
	PolicyVersion string `csv:"policy_version"`
	Funder        string `csv:"funder"`
	RecipientID   string `csv:"recipient_id"`
	RecipientName string `csv:"recipient_name"`
	District      string `csv:"district"`
	EventDate     string `csv:"event_date"`
	Source        string `csv:"source"`
	BasisCNY      string `csv:"basis_cny"`
	Rate          string `csv:"rate"`
	Computed      string `csv:"computed"`
	CapKey        string `csv:"cap_key"`
	CapLimit      string `csv:"cap_limit"`
	CapUsedBefore string `csv:"cap_used_before"`
	Payable       string `csv:"payable"`
	Status        string `csv:"status"`
	Flags         string `csv:"flags"`
	Note          string `csv:"note"`
}

// csvChunk is how many rows are handed to gocsv at a time, keeping the
// text copy of a large ledger bounded.
const csvChunk = 1024

// newCSVLine formats a line for CSV: amounts with two fraction digits and
// no separators, caps blank without a cap, every text cell neutralised.
func newCSVLine(l *ledger.Line, lang string) csvLine {
	c := csvLine{
		LineID:        Neutralise(l.LineID),
		Period:        Neutralise(l.Period),
		Program:       Neutralise(l.Program),
		ProgramName:   Neutralise(l.ProgramName),
		Clause:        Neutralise(l.Clause),
		PolicyVersion: Neutralise(l.PolicyVersion),
		Funder:        Neutralise(l.Funder),
		RecipientID:   Neutralise(l.RecipientID),
		RecipientName: Neutralise(l.RecipientName),
		District:      Neutralise(l.District),
		EventDate:     l.EventDate.String(),
		Source:        Neutralise(l.Source),
		BasisCNY:      value.FormatPlain(l.BasisCNY),
		Rate:          l.Rate.String(),
		Computed:      value.FormatPlain(l.Computed),
		CapKey:        Neutralise(l.CapKey),
		Payable:       value.FormatPlain(l.Payable),
		Status:        Neutralise(l.Status),
		Flags:         Neutralise(l.FlagString()),
		Note:          Neutralise(l.Note.In(lang)),
	}
	if l.HasCap {
		c.CapLimit = value.FormatPlain(l.CapLimit)
		c.CapUsedBefore = value.FormatPlain(l.CapUsedBefore)
	}
	return c
}

// record lists the cells in column order (ledger.Columns), reusing buf.
func (c *csvLine) record(buf []string) []string {
	return append(buf[:0], c.LineID, c.Period, c.Program, c.ProgramName, c.Clause, c.PolicyVersion,
		c.Funder, c.RecipientID, c.RecipientName, c.District, c.EventDate,
		c.Source, c.BasisCNY, c.Rate, c.Computed, c.CapKey, c.CapLimit,
		c.CapUsedBefore, c.Payable, c.Status, c.Flags, c.Note)
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
// go straight to encoding/csv, one reused record per line (the same bytes
// gocsv writes from csvLine's tags, without its reflection).
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
	row := newCSVLine(l, c.lang)
	c.rec = row.record(c.rec)
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
