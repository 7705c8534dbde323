package engine

import (
	"encoding/binary"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
)

// rejectionSorter sorts rejections by their place in the rejections file
// (file, row, column, then the order they came in), encoded so that they
// are not held: the collector adds the rows that did not decode as it
// reads them, the engine its own rejections after.
type rejectionSorter struct {
	s        RowSorter
	key, val rowEncoder
	n        int // rejections added: their order
}

// add encodes r into the sorter under its place.
func (rs *rejectionSorter) add(r *ledger.Rejection) error {
	k := appendOrdered(rs.key.b[:0], r.File)
	k = binary.BigEndian.AppendUint64(k, uint64(int64(r.Row))^1<<63)
	k = appendOrdered(k, r.Column)
	rs.key.b = binary.BigEndian.AppendUint64(k, uint64(rs.n))
	rs.n++
	rs.val.b = rs.val.b[:0]
	for _, f := range []string{r.File, r.Column, r.Value, r.Code, r.Class, r.Message.Zh, r.Message.En, r.ColumnZh, r.Typed} {
		rs.val.str(f)
	}
	rs.val.int(r.Row)
	return rs.s.Add(rs.key.b, rs.val.b)
}

// each calls fn with every rejection in order, once, after the last add.
func (rs *rejectionSorter) each(fn func(*ledger.Rejection) error) error {
	return rs.s.Each(func(_, val []byte) error {
		d := &rowDecoder{b: val}
		r := ledger.Rejection{File: d.str(), Column: d.str(), Value: d.str(), Code: d.str(), Class: d.str(),
			Message: msg.Text{Zh: d.str(), En: d.str()}, ColumnZh: d.str(), Typed: d.str(), Row: d.int()}
		if d.err != nil || len(d.b) != 0 {
			return errCorruptRow
		}
		return fn(&r)
	})
}
