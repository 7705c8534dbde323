package output

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// The line spool is the binary form in which `subsidy run` keeps the
// ledger lines and rejections of a batch on disk until the workbook is
// written from them (the workbook cannot be written as the engine finishes
// each line: its sheets are sized by the line count, and it is written
// only once the batch passes its controls). A spool is a sequence of
// records, each a uvarint length and that many bytes:
//
//   - a line's columns in the order of ledger.LineColumns, then HasCap
//     and Held; a rejection's fields in their order;
//   - strings: a uvarint length and the UTF-8 bytes; the fields that take
//     few values (the columns that repeat, ledger.Column.Repeats, and
//     flags; file, column, code, class) go through a dictionary: a uvarint 0 and the string, which becomes the next entry
//     while the dictionary has fewer than spoolDictMax entries, or the
//     entry number + 1;
//   - decimals: the exponent as a varint, then a byte 0 and the
//     coefficient as a varint when it has at most 18 digits, or a byte 1
//     (positive) or 2 (negative) and the magnitude's big-endian bytes: the
//     coefficient and exponent come back exactly;
//   - dates and row numbers: varints; booleans: a byte 0 or 1.
//
// A record that does not decode, or decodes with bytes left over, is an
// error naming the record, never a panic.

// spoolDictMax bounds a spool's dictionary, so that a spool of unusual
// lines (every district distinct) stays in bounded memory.
const spoolDictMax = 1 << 16

// spoolRecordMax is the longest record a spool reader accepts: longer
// than any line or rejection (a cell holds 32,767 characters), short
// enough that a corrupt length cannot exhaust memory.
const spoolRecordMax = 64 << 20

// spoolEncoder builds one record.
type spoolEncoder struct {
	b    []byte
	dict map[string]uint64
}

func (e *spoolEncoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *spoolEncoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }

func (e *spoolEncoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// word writes s through the dictionary.
func (e *spoolEncoder) word(s string) {
	if i, ok := e.dict[s]; ok {
		e.uvarint(i + 1)
		return
	}
	e.uvarint(0)
	e.str(s)
	if len(e.dict) < spoolDictMax {
		e.dict[s] = uint64(len(e.dict))
	}
}

func (e *spoolEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *spoolEncoder) dec(d decimal.Decimal) {
	e.varint(int64(d.Exponent()))
	if d.NumDigits() <= 18 {
		e.b = append(e.b, 0)
		e.varint(d.CoefficientInt64())
		return
	}
	c := d.Coefficient()
	if c.Sign() < 0 {
		e.b = append(e.b, 2)
	} else {
		e.b = append(e.b, 1)
	}
	e.str(string(c.Bytes()))
}

// spoolWriter writes records to w.
type spoolWriter struct {
	w   io.Writer
	enc spoolEncoder
	n   int
	len []byte
}

func newSpoolWriter(w io.Writer) spoolWriter {
	return spoolWriter{w: w, enc: spoolEncoder{dict: map[string]uint64{}}}
}

// flush writes the record built in enc.
func (s *spoolWriter) flush() error {
	s.len = binary.AppendUvarint(s.len[:0], uint64(len(s.enc.b)))
	if _, err := s.w.Write(s.len); err != nil {
		return err
	}
	_, err := s.w.Write(s.enc.b)
	s.enc.b = s.enc.b[:0]
	s.n++
	return err
}

// errCorruptSpool is what every undecodable record is.
var errCorruptSpool = errors.New("corrupt record")

// spoolDecoder reads one record; the first error sticks.
type spoolDecoder struct {
	b    []byte
	dict []string
	err  error
}

func (d *spoolDecoder) fail() { d.err = errCorruptSpool; d.b = nil }

func (d *spoolDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *spoolDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *spoolDecoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *spoolDecoder) str() string { return string(d.bytes()) }

func (d *spoolDecoder) word() string {
	i := d.uvarint()
	if d.err != nil {
		return ""
	}
	if i == 0 {
		s := d.str()
		if d.err == nil && len(d.dict) < spoolDictMax {
			d.dict = append(d.dict, s)
		}
		return s
	}
	if i > uint64(len(d.dict)) {
		d.fail()
		return ""
	}
	return d.dict[i-1]
}

func (d *spoolDecoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *spoolDecoder) bool() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

func (d *spoolDecoder) dec() decimal.Decimal {
	exp := d.varint()
	if exp < -(1<<31) || exp >= 1<<31 {
		d.fail()
	}
	kind := d.byte()
	if d.err != nil {
		return decimal.Decimal{}
	}
	switch kind {
	case 0:
		return decimal.New(d.varint(), int32(exp))
	case 1, 2:
		c := new(big.Int).SetBytes(d.bytes())
		if kind == 2 {
			c.Neg(c)
		}
		return decimal.NewFromBigInt(c, int32(exp))
	}
	d.fail()
	return decimal.Decimal{}
}

// spoolReader reads records from r.
type spoolReader struct {
	r    *bufio.Reader
	what string // "line" or "rejection", for errors
	n    int
	buf  []byte
	dec  spoolDecoder
}

func newSpoolReader(r io.Reader, what string) spoolReader {
	return spoolReader{r: bufio.NewReaderSize(r, 256<<10), what: what}
}

// next reads the next record into dec; io.EOF after the last.
func (s *spoolReader) next() error {
	n, err := binary.ReadUvarint(s.r)
	if err == io.EOF {
		return io.EOF
	}
	s.n++
	if err != nil || n > spoolRecordMax {
		return s.corrupt()
	}
	// Read in pieces, so that a corrupt length cannot make the reader
	// allocate more than the spool holds.
	s.buf = s.buf[:0]
	for left := int(n); left > 0; {
		piece := min(left, 1<<20)
		s.buf = slices.Grow(s.buf, piece)
		start := len(s.buf)
		s.buf = s.buf[:start+piece]
		if _, err := io.ReadFull(s.r, s.buf[start:]); err != nil {
			return s.corrupt()
		}
		left -= piece
	}
	s.dec.b, s.dec.err = s.buf, nil
	return nil
}

// done checks that the record decoded whole.
func (s *spoolReader) done() error {
	if s.dec.err != nil || len(s.dec.b) != 0 {
		return s.corrupt()
	}
	return nil
}

func (s *spoolReader) corrupt() error {
	return fmt.Errorf("%s spool, record %d: %w", s.what, s.n, errCorruptSpool)
}

// LineSpoolWriter writes ledger lines to a line spool (see above), one
// record per line, every field exactly.
type LineSpoolWriter struct{ s spoolWriter }

// NewLineSpoolWriter starts a line spool on w (the caller buffers and
// closes w).
func NewLineSpoolWriter(w io.Writer) *LineSpoolWriter {
	return &LineSpoolWriter{s: newSpoolWriter(w)}
}

// Line writes one line: its columns in the order of ledger.LineColumns,
// each by its kind (a text column that repeats through the dictionary),
// then the fields that are not columns, HasCap and Held.
func (w *LineSpoolWriter) Line(l *ledger.Line) error {
	e := &w.s.enc
	for i := range ledger.LineColumns {
		switch c := &ledger.LineColumns[i]; c.Kind {
		case ledger.KindText:
			if c.Repeats {
				e.word(*c.Text(l))
			} else {
				e.str(*c.Text(l))
			}
		case ledger.KindDate:
			e.varint(int64(*c.Date(l)))
		case ledger.KindFlags:
			flags := *c.Flags(l)
			e.uvarint(uint64(len(flags)))
			for _, f := range flags {
				e.word(f)
			}
		case ledger.KindNote:
			e.str(c.Note(l).Zh)
			e.str(c.Note(l).En)
		default: // amounts and rates
			e.dec(*c.Decimal(l))
		}
	}
	e.bool(l.HasCap)
	e.dec(l.Held)
	return w.s.flush()
}

// Close ends the spool (the records need no trailer).
func (w *LineSpoolWriter) Close() error { return nil }

// LineSpoolReader reads the lines of a line spool back.
type LineSpoolReader struct{ s spoolReader }

// NewLineSpoolReader reads the line spool in r from its start.
func NewLineSpoolReader(r io.Reader) *LineSpoolReader {
	return &LineSpoolReader{s: newSpoolReader(r, "line")}
}

// Next reads the next line into l (all of it: every field is set); it
// returns io.EOF after the last line, or an error for a record that does
// not decode.
func (r *LineSpoolReader) Next(l *ledger.Line) error {
	if err := r.s.next(); err != nil {
		return err
	}
	d := &r.s.dec
	*l = ledger.Line{}
	for i := range ledger.LineColumns {
		switch c := &ledger.LineColumns[i]; c.Kind {
		case ledger.KindText:
			if c.Repeats {
				*c.Text(l) = d.word()
			} else {
				*c.Text(l) = d.str()
			}
		case ledger.KindDate:
			date := d.varint()
			if date < -(1<<31) || date >= 1<<31 {
				d.fail()
			}
			*c.Date(l) = value.Date(date)
		case ledger.KindFlags:
			if n := d.uvarint(); n > uint64(len(d.b)) {
				d.fail()
			} else if n > 0 {
				flags := make([]string, n)
				for j := range flags {
					flags[j] = d.word()
				}
				*c.Flags(l) = flags
			}
		case ledger.KindNote:
			*c.Note(l) = msg.Text{Zh: d.str(), En: d.str()}
		default: // amounts and rates
			*c.Decimal(l) = d.dec()
		}
	}
	l.HasCap = d.bool()
	l.Held = d.dec()
	return r.s.done()
}

// RejectionSpoolWriter writes rejections to a spool (see above), one
// record per rejection, every field exactly.
type RejectionSpoolWriter struct{ s spoolWriter }

// NewRejectionSpoolWriter starts a rejection spool on w (the caller
// buffers and closes w).
func NewRejectionSpoolWriter(w io.Writer) *RejectionSpoolWriter {
	return &RejectionSpoolWriter{s: newSpoolWriter(w)}
}

// Rejection writes one rejection.
func (w *RejectionSpoolWriter) Rejection(r *ledger.Rejection) error {
	e := &w.s.enc
	e.word(r.File)
	e.varint(int64(r.Row))
	e.word(r.Column)
	e.str(r.Value)
	e.word(r.Code)
	e.word(r.Class)
	e.str(r.Message.Zh)
	e.str(r.Message.En)
	e.word(r.ColumnZh)
	e.str(r.Typed)
	return w.s.flush()
}

// Count is the number of rejections written.
func (w *RejectionSpoolWriter) Count() int { return w.s.n }

// RejectionSpoolReader reads the rejections of a rejection spool back.
type RejectionSpoolReader struct{ s spoolReader }

// NewRejectionSpoolReader reads the rejection spool in r from its start.
func NewRejectionSpoolReader(r io.Reader) *RejectionSpoolReader {
	return &RejectionSpoolReader{s: newSpoolReader(r, "rejection")}
}

// Next reads the next rejection into rj; io.EOF after the last, or an
// error for a record that does not decode.
func (r *RejectionSpoolReader) Next(rj *ledger.Rejection) error {
	if err := r.s.next(); err != nil {
		return err
	}
	d := &r.s.dec
	*rj = ledger.Rejection{}
	rj.File = d.word()
	row := d.varint()
	if row < -(1<<31) || row >= 1<<31 {
		d.fail()
	}
	rj.Row = int(row)
	rj.Column = d.word()
	rj.Value = d.str()
	rj.Code = d.word()
	rj.Class = d.word()
	rj.Message = msg.Text{Zh: d.str(), En: d.str()}
	rj.ColumnZh = d.word()
	rj.Typed = d.str()
	return r.s.done()
}
