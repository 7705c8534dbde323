package ledger

import (
	"sort"

	"github.com/shopspring/decimal"
)

// Kinds of a difference between two ledgers (the change column of `subsidy diff --format csv`).
const (
	DiffAdded   = "added"   // in B only
	DiffRemoved = "removed" // in A only
	DiffChanged = "changed" // in both, payable, computed or status differs
)

// DiffEntry is one line that differs between ledger A and ledger B.
type DiffEntry struct {
	Change string
	A, B   *Line // nil where the line is absent
}

// Line returns the line to describe the entry by: B's when present, else A's.
func (e DiffEntry) Line() *Line {
	if e.B != nil {
		return e.B
	}
	return e.A
}

// Payables returns the payable amounts of A and B (zero where absent).
func (e DiffEntry) Payables() (a, b decimal.Decimal) {
	if e.A != nil {
		a = e.A.Payable
	}
	if e.B != nil {
		b = e.B.Payable
	}
	return a, b
}

// DiffTotal is the total payable of one program or funder in A and B.
type DiffTotal struct {
	Key     string
	A, B    decimal.Decimal
	LinesA  int
	LinesB  int
	Differs bool
	Delta   decimal.Decimal
}

// Diff is the comparison of two ledgers.
type Diff struct {
	LinesA, LinesB int
	Entries        []DiffEntry // by line_id
	ByProgram      []DiffTotal // by program
	ByFunder       []DiffTotal // by funder
	TotalA, TotalB decimal.Decimal
}

// Identical reports whether the ledgers agree on every line's payable,
// computed amount and status.
func (d *Diff) Identical() bool { return len(d.Entries) == 0 }

// Count returns the number of entries of a kind.
func (d *Diff) Count(change string) int {
	n := 0
	for _, e := range d.Entries {
		if e.Change == change {
			n++
		}
	}
	return n
}

// Compare compares ledger a with ledger b by line_id. Lines are
// different when their payable, computed amount or status differ; the
// other columns (notes, sources) are not compared. Entries are in line_id
// order; totals are in key order.
func Compare(a, b []Line) Diff {
	d := Diff{LinesA: len(a), LinesB: len(b)}
	ia := indexLines(a)
	ib := indexLines(b)
	ids := make([]string, 0, len(ia)+len(ib))
	for id := range ia {
		ids = append(ids, id)
	}
	for id := range ib {
		if _, ok := ia[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		la, lb := ia[id], ib[id]
		switch {
		case la == nil:
			d.Entries = append(d.Entries, DiffEntry{Change: DiffAdded, B: lb})
		case lb == nil:
			d.Entries = append(d.Entries, DiffEntry{Change: DiffRemoved, A: la})
		case !la.Payable.Equal(lb.Payable) || !la.Computed.Equal(lb.Computed) || la.Status != lb.Status:
			d.Entries = append(d.Entries, DiffEntry{Change: DiffChanged, A: la, B: lb})
		}
	}
	d.ByProgram = diffTotals(a, b, func(l *Line) string { return l.Program })
	d.ByFunder = diffTotals(a, b, func(l *Line) string { return l.Funder })
	for i := range a {
		d.TotalA = d.TotalA.Add(a[i].Payable)
	}
	for i := range b {
		d.TotalB = d.TotalB.Add(b[i].Payable)
	}
	return d
}

// indexLines maps each line_id to its line.
func indexLines(ls []Line) map[string]*Line {
	m := make(map[string]*Line, len(ls))
	for i := range ls {
		m[ls[i].LineID] = &ls[i]
	}
	return m
}

// diffTotals sums payable per key in a and b.
func diffTotals(a, b []Line, key func(*Line) string) []DiffTotal {
	m := map[string]*DiffTotal{}
	get := func(k string) *DiffTotal {
		t, ok := m[k]
		if !ok {
			t = &DiffTotal{Key: k}
			m[k] = t
		}
		return t
	}
	for i := range a {
		t := get(key(&a[i]))
		t.A, t.LinesA = t.A.Add(a[i].Payable), t.LinesA+1
	}
	for i := range b {
		t := get(key(&b[i]))
		t.B, t.LinesB = t.B.Add(b[i].Payable), t.LinesB+1
	}
	out := make([]DiffTotal, 0, len(m))
	for _, t := range m {
		t.Delta = t.B.Sub(t.A)
		t.Differs = !t.Delta.IsZero()
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
