package engine

import (
	"encoding/binary"
	"errors"
	"math/big"

	"github.com/shopspring/decimal"

	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// errCorruptRow is returned when an encoded row does not decode: a sorter
// gave back other bytes than it was given.
var errCorruptRow = errors.New("engine: an encoded event row does not decode")

// rowEncoder appends the fields of a row to a byte slice, in a compact
// form rowDecoder reads back exactly (decimals keep their coefficient and
// exponent). As roster.Fields it writes an event row, its source's file by
// number in files.
type rowEncoder struct {
	b     []byte
	files *fileTable
}

func (w *rowEncoder) str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

func (w *rowEncoder) int(n int) { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *rowEncoder) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *rowEncoder) date(d value.Date) { w.int(int(d)) }

func (w *rowEncoder) dec(d decimal.Decimal) {
	w.int(int(d.Exponent()))
	c := d.Coefficient()
	w.int(c.Sign())
	w.str(string(c.Bytes()))
}

// Source implements roster.Fields.
func (w *rowEncoder) Source(s *roster.Source) {
	w.b = binary.AppendUvarint(w.b, uint64(w.files.number(s.File)))
	w.int(s.Row)
	w.str(s.Typed)
}

// Text implements roster.Fields.
func (w *rowEncoder) Text(s *string) { w.str(*s) }

// Int implements roster.Fields.
func (w *rowEncoder) Int(n *int) { w.int(*n) }

// Bool implements roster.Fields.
func (w *rowEncoder) Bool(v *bool) { w.bool(*v) }

// Date implements roster.Fields.
func (w *rowEncoder) Date(d *value.Date) { w.date(*d) }

// Decimal implements roster.Fields.
func (w *rowEncoder) Decimal(d *decimal.Decimal) { w.dec(*d) }

// contentEncoder encodes an event row without its source: two rows of a
// roster have the same content exactly when their encodings are equal
// (see settleGroup).
type contentEncoder struct{ rowEncoder }

// Source implements roster.Fields: the source is not content.
func (*contentEncoder) Source(*roster.Source) {}

// content is the content of an event row without its source.
func content(ev roster.Event) string {
	var w contentEncoder
	ev.Fields(&w)
	return string(w.b)
}

// rowDecoder reads what rowEncoder wrote; the first error sticks. As
// roster.Fields it reads an event row back.
type rowDecoder struct {
	b     []byte
	files []string // file names by index (Source.File)
	err   error
}

func (r *rowDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorruptRow
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rowDecoder) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errCorruptRow
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *rowDecoder) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errCorruptRow
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *rowDecoder) str() string { return string(r.bytes()) }

func (r *rowDecoder) bool() bool {
	if len(r.b) == 0 {
		r.err = errCorruptRow
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

func (r *rowDecoder) date() value.Date { return value.Date(r.int()) }

func (r *rowDecoder) dec() decimal.Decimal {
	exp, sign := r.int(), r.int()
	c := new(big.Int).SetBytes(r.bytes())
	if sign < 0 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp))
}

func (r *rowDecoder) src() roster.Source {
	f, row, typed := r.uvarint(), r.int(), r.str()
	if r.err != nil || f >= uint64(len(r.files)) {
		r.err = errCorruptRow
		return roster.Source{}
	}
	return roster.Source{File: r.files[f], Row: row, Typed: typed}
}

// Source implements roster.Fields.
func (r *rowDecoder) Source(s *roster.Source) { *s = r.src() }

// Text implements roster.Fields.
func (r *rowDecoder) Text(s *string) { *s = r.str() }

// Int implements roster.Fields.
func (r *rowDecoder) Int(n *int) { *n = r.int() }

// Bool implements roster.Fields.
func (r *rowDecoder) Bool(v *bool) { *v = r.bool() }

// Date implements roster.Fields.
func (r *rowDecoder) Date(d *value.Date) { *d = r.date() }

// Decimal implements roster.Fields.
func (r *rowDecoder) Decimal(d *decimal.Decimal) { *d = r.dec() }

// decodeInto reads into ev, a zero row, the event row that r holds and
// nothing else.
func decodeInto(ev roster.Event, r *rowDecoder) error {
	ev.Fields(r)
	if r.err != nil || len(r.b) != 0 {
		return errCorruptRow
	}
	return nil
}
