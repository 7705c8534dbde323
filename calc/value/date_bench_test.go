package value

import (
	"testing"

	"pgregory.net/rapid"
)

// TestDateFastCivil: Year and String give what time gives, for any Date.
func TestDateFastCivil(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, d Date) {
		tm := d.Time()
		if d.Year() != tm.Year() {
			t.Fatalf("Date(%d).Year() = %d, time says %d", d, d.Year(), tm.Year())
		}
		if got, want := d.String(), tm.Format("2006-01-02"); got != want {
			t.Fatalf("Date(%d).String() = %q, time says %q", d, got, want)
		}
	}
	rapid.Check(t, func(t *rapid.T) { check(t, Date(rapid.Int32().Draw(t, "days"))) })
	for d := Date(-800000); d < 3000000; d += 97 {
		check(t, d)
	}
	for _, d := range []Date{0, -1, 1, NewDate(2000, 2, 29), NewDate(1900, 3, 1), NewDate(2100, 2, 28), NewDate(999, 12, 31), NewDate(1000, 1, 1), NewDate(9999, 12, 31), NewDate(10000, 1, 1)} {
		check(t, d)
	}
}

// BenchmarkDateString measures formatting a date (keys, ledger cells).
func BenchmarkDateString(b *testing.B) {
	d := NewDate(2022, 6, 30)
	b.ReportAllocs()
	for b.Loop() {
		_ = d.String()
	}
}
