package ledger

import (
	"math/bits"

	"github.com/shopspring/decimal"
)

// The prior index holds about a million lines for a year of a large
// district (issue 15: ≤ 256 MiB with 1,000,000 prior lines), so its
// storage is sized per line: the lines in fixed pages that never move, a
// hash table of 4-byte line numbers for each lookup, and amounts as whole
// fen where they are.

// pageBits sets the lines per page of priorLines (1 << pageBits): a page
// is about 1 MiB, allocated once and never copied as the index grows.
const pageBits = 14

// priorLines is the prior index's lines, by number, in pages.
type priorLines struct {
	pages [][]priorLine
	n     uint32
}

// add appends a line and returns its number.
func (s *priorLines) add(l priorLine) uint32 {
	i := s.n
	if int(i>>pageBits) == len(s.pages) {
		s.pages = append(s.pages, make([]priorLine, 0, 1<<pageBits))
	}
	pg := &s.pages[i>>pageBits]
	*pg = append(*pg, l)
	s.n++
	return i
}

// at returns line i.
func (s *priorLines) at(i uint32) *priorLine { return &s.pages[i>>pageBits][i&(1<<pageBits-1)] }

// lineTable finds prior lines by a key the caller hashes and compares:
// an open-addressing table (linear probing, at most half full) of line
// numbers plus one, 0 marking an empty slot. The keys live in the lines,
// so a slot costs 4 bytes.
type lineTable struct {
	slots []uint32
	n     int
}

// newLineTable returns a table sized for n lines without growing.
func newLineTable(n int) lineTable {
	size := 16
	if n > 4 {
		size = max(size, 1<<bits.Len(uint(2*n-1)))
	}
	return lineTable{slots: make([]uint32, size)}
}

// find calls match with the lines stored under hash h, in insertion order
// of the probe, and returns the first it accepts.
func (t *lineTable) find(h uint64, match func(i uint32) bool) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for pos := mix(h) & mask; ; pos = (pos + 1) & mask {
		s := t.slots[pos]
		if s == 0 {
			return 0, false
		}
		if match(s - 1) {
			return s - 1, true
		}
	}
}

// insert stores line i under hash h; hashOf gives the hash of a stored
// line when the table grows.
func (t *lineTable) insert(h uint64, i uint32, hashOf func(i uint32) uint64) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		*t = newLineTable(max(2*t.n, 8))
		for _, s := range old {
			if s != 0 {
				t.put(hashOf(s-1), s-1)
			}
		}
	}
	t.put(h, i)
}

func (t *lineTable) put(h uint64, i uint32) {
	mask := uint64(len(t.slots) - 1)
	pos := mix(h) & mask
	for t.slots[pos] != 0 {
		pos = (pos + 1) & mask
	}
	t.slots[pos] = i + 1
	t.n++
}

// mix spreads a hash over all its bits (the finalizer of SplitMix64), so
// that keys made by hand — a prior ledger's line_ids need not be the
// digests the run writes — do not crowd the table's low slots.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// priorAmount is an amount or a sum of the prior index: whole fen when it
// is one (every amount a ledger writes), else the exact decimal.
type priorAmount struct {
	fen   int64
	exact *decimal.Decimal
}

// amountOf returns d as a priorAmount.
func amountOf(d decimal.Decimal) priorAmount {
	if f, ok := toFen(d); ok {
		return priorAmount{fen: f}
	}
	return priorAmount{exact: &d}
}

// decimal returns the amount.
func (a priorAmount) decimal() decimal.Decimal {
	if a.exact != nil {
		return *a.exact
	}
	return decimal.New(a.fen, -2)
}

// plus returns a + d, exactly.
func (a priorAmount) plus(d decimal.Decimal) priorAmount {
	if a.exact == nil {
		if f, ok := toFen(d); ok {
			if s := a.fen + f; s < fenMax && s > -fenMax {
				return priorAmount{fen: s}
			}
		}
	}
	x := a.decimal().Add(d)
	return priorAmount{exact: &x}
}
