package ledger

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// TestPriorBytesPerLine (issue 15): a year of a large district's ledgers
// is about a million prior lines, and the run's budget is 256 MiB, so the
// index must stay near the size of what it keeps of a line. Measured on
// 60,000 lines of three programs, one cap key per two lines (as a year's
// ledger has, 375,577 keys at 1,004,631 lines): the index of before (a Go
// map per line_id, decimals in the cap states, the chains' first line_ids
// as text) took 362 bytes a line here; the pages, 4-byte tables and fen
// sums take 169.
func TestPriorBytesPerLine(t *testing.T) {
	const n = 60000
	lines := make([]Line, n)
	for i := range lines {
		l := testLine()
		l.Program = []string{"licensing_support", "insurance_premium", "layout.madrid"}[(i/2)%3]
		l.RecipientID = fmt.Sprintf("91320583MA%07dX", i/14)
		l.LineID = LineID(l.Program, fmt.Sprint(i))
		l.CapKey = fmt.Sprintf("%s/%s/%d", l.Program, l.RecipientID, i/2)
		l.EventDate = value.NewDate(2022, time.Month(1+i%12), 1+i%28)
		l.BasisCNY = decimal.New(int64(100000+i), -2)
		l.Rate = decimal.RequireFromString("0.1")
		l.Computed = l.BasisCNY.Mul(l.Rate).Round(2)
		l.CapLimit = decimal.New(1, 9)
		l.Payable = l.Computed
		if i%2 == 1 {
			l.CapUsedBefore = lines[i-1].Payable
		}
		lines[i] = l
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b := NewPriorBuilder()
	for i := range lines {
		if err := b.Add(0, "a.csv", &lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Check(); err != nil {
		t.Fatal(err)
	}
	p := b.Prior()
	runtime.GC()
	runtime.ReadMemStats(&after)
	perLine := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.0f bytes a line", perLine)
	if perLine > 200 {
		t.Errorf("the prior index takes %.0f bytes a line, want ≤ 200", perLine)
	}
	if p.Len() != n {
		t.Fatalf("Len %d, want %d", p.Len(), n)
	}
	for _, i := range []int{0, 1, n / 2, n - 1} {
		if got := p.CapUsed(lines[i].CapKey); !got.Equal(lines[i&^1].Payable.Add(lines[i|1].Payable)) {
			t.Errorf("CapUsed(%s) = %s", lines[i].CapKey, got)
		}
		if l, ok := p.Line(lines[i].LineID); !ok || !l.Payable.Equal(lines[i].Payable) {
			t.Errorf("Line(%s) = %v, %v", lines[i].LineID, l, ok)
		}
	}
	runtime.KeepAlive(lines)
}

// TestLineTable: lines under one hash are all found, each by its own
// match, through growth; a key never stored is not.
func TestLineTable(t *testing.T) {
	var tab lineTable
	keys := map[uint32]uint64{}
	for i := range uint32(1000) {
		h := uint64(i % 7) // many lines share a hash, and probe past each other
		if i%10 == 0 {
			h = uint64(i) << 40
		}
		keys[i] = h
		tab.insert(h, i, func(j uint32) uint64 { return keys[j] })
	}
	if tab.n != 1000 || len(tab.slots) < 2000 {
		t.Fatalf("n %d in %d slots, want 1000 in at least 2000", tab.n, len(tab.slots))
	}
	for i, h := range keys {
		if got, ok := tab.find(h, func(j uint32) bool { return j == i }); !ok || got != i {
			t.Errorf("find(%d) = %d, %v", i, got, ok)
		}
	}
	if _, ok := tab.find(3, func(j uint32) bool { return j == 5000 }); ok {
		t.Error("a line never stored is found")
	}
	var empty lineTable
	if _, ok := empty.find(0, func(uint32) bool { return true }); ok {
		t.Error("an empty table finds a line")
	}
}

// TestPriorAmount: sums stay whole fen while every amount is, and are
// exact decimals from the first amount that is not (or would overflow).
func TestPriorAmount(t *testing.T) {
	d := decimal.RequireFromString
	a := amountOf(d("12.34")).plus(d("0.66"))
	if a.exact != nil || a.fen != 1300 || a.decimal().String() != "13" {
		t.Errorf("12.34 + 0.66 = %+v (%s), want 1300 fen", a, a.decimal())
	}
	b := a.plus(d("0.005"))
	if b.exact == nil || b.decimal().String() != "13.005" {
		t.Errorf("13 + 0.005 = %s, want exactly 13.005", b.decimal())
	}
	if c := b.plus(d("1")); c.decimal().String() != "14.005" {
		t.Errorf("13.005 + 1 = %s", c.decimal())
	}
	big := d("9999999999999999.99")
	if s := amountOf(big).plus(big); s.decimal().String() != "19999999999999999.98" {
		t.Errorf("sum beyond the fen range = %s", s.decimal())
	}
}

// TestResemblanceKeyIsFNV: the key is FNV-1a over the parts, each
// followed by 0x1f, as hash/fnv computes it.
func TestResemblanceKeyIsFNV(t *testing.T) {
	d := value.NewDate(2022, time.June, 10)
	basis := decimal.RequireFromString("1234.5")
	h := fnv.New64a()
	for _, c := range []string{"licensing_support", "91320583MA1AAAAA0W", "2022-06-10", "1234.50"} {
		h.Write([]byte(c + "\x1f"))
	}
	if got := ResemblanceKey("licensing_support", "91320583MA1AAAAA0W", d, basis); got != h.Sum64() {
		t.Errorf("ResemblanceKey = %x, want %x", got, h.Sum64())
	}
}

// TestLineTableSequentialKeys: keys that differ only in their high bits
// (line_ids written by hand as sequential hex under a program, shifted)
// are spread over the table, not probed past one another: 20,000 of them
// are found each within a few slots.
func TestLineTableSequentialKeys(t *testing.T) {
	const n = 20000
	keys := make([]uint64, n)
	var tab lineTable
	for i := range uint32(n) {
		keys[i] = uint64(i) << 40
		tab.insert(keys[i], i, func(j uint32) uint64 { return keys[j] })
	}
	probes := 0
	for i := range uint32(n) {
		if _, ok := tab.find(keys[i], func(j uint32) bool { probes++; return j == i }); !ok {
			t.Fatalf("key %d not found", i)
		}
	}
	if avg := float64(probes) / n; avg > 4 {
		t.Errorf("%.1f lines compared a lookup on average, want a few", avg)
	}
}
