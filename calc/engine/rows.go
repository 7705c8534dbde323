package engine

import (
	"bytes"
	"slices"

	"subsidy/calc/roster"
)

// RowSorter orders byte records by a byte key. The batch's event rows go
// through two of them: by roster and natural key (duplicates and
// conflicts), then by event date and natural key (the processing order).
// The engine's own keeps the records in memory; the CLI's spills sorted
// runs to temporary files, so that a batch of millions of rows is never
// held at once.
type RowSorter interface {
	// Add adds a record under key; the sorter copies both.
	Add(key, val []byte) error
	// Each calls fn with every record in key order, once, after the last
	// Add; key and val are valid during the call only.
	Each(fn func(key, val []byte) error) error
}

// fileTable numbers the files of the rows' sources: an encoded row names
// its file by number.
type fileTable struct {
	names []string // by number
	index map[string]int
}

// number is the number of the file name, given on first sight.
func (t *fileTable) number(name string) int {
	i, ok := t.index[name]
	if !ok {
		if t.index == nil {
			t.index = map[string]int{}
		}
		i = len(t.names)
		t.names = append(t.names, name)
		t.index[name] = i
	}
	return i
}

// kindCode is the byte that names a roster in an encoded row: its place in
// roster.Kinds.
func kindCode(k roster.Kind) byte { return byte(slices.Index(roster.Kinds, k)) }

// codeKind is the roster a kindCode names, or "".
func codeKind(c byte) roster.Kind {
	if int(c) < len(roster.Kinds) {
		return roster.Kinds[c]
	}
	return ""
}

// appendOrdered appends s so that the bytes of the result order as the
// strings do and s ends where the next field starts: 0x00 is escaped as
// 0x00 0xFF and s is closed by 0x00 0x01.
func appendOrdered(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b = append(b, 0, 0xff)
		} else {
			b = append(b, s[i])
		}
	}
	return append(b, 0, 1)
}

// readOrdered reads a field appendOrdered wrote and returns it and the
// rest.
func readOrdered(b []byte) (string, []byte) {
	var s []byte
	for i := 0; i+1 < len(b); i++ {
		if b[i] != 0 {
			continue
		}
		if b[i+1] == 1 {
			s = append(s, b[:i]...)
			return string(s), b[i+2:]
		}
		s = append(s, b[:i+1]...)
		b = b[i+2:]
		i = -1
	}
	return string(append(s, b...)), nil
}

// memSorter is the engine's RowSorter: every record in memory.
type memSorter struct {
	buf  []byte
	recs [][3]int // key start, key end = value start, value end
}

func newMemSorter() RowSorter { return &memSorter{} }

// Add implements RowSorter.
func (m *memSorter) Add(key, val []byte) error {
	start := len(m.buf)
	m.buf = append(append(m.buf, key...), val...)
	m.recs = append(m.recs, [3]int{start, start + len(key), len(m.buf)})
	return nil
}

// Each implements RowSorter.
func (m *memSorter) Each(fn func(key, val []byte) error) error {
	// ties go by the place in buf, the order added: a stable sort
	// without the cost of one
	slices.SortFunc(m.recs, func(a, b [3]int) int {
		if c := bytes.Compare(m.buf[a[0]:a[1]], m.buf[b[0]:b[1]]); c != 0 {
			return c
		}
		return a[0] - b[0]
	})
	for _, r := range m.recs {
		if err := fn(m.buf[r[0]:r[1]], m.buf[r[1]:r[2]]); err != nil {
			return err
		}
	}
	return nil
}
