package ledger

import "testing"

// BenchmarkLineID measures the stable line identifier (SHA-256 of the
// program and natural key).
func BenchmarkLineID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = LineID("licensing_support", "2022320500000118", "91320583MA1XA00254", "2022-01-20", "1")
	}
}

// TestLineIDStable pins the identifier of a known key, so that a faster
// implementation cannot change ledgers already written.
func TestLineIDStable(t *testing.T) {
	const want = "licensing_support-9624fd2c211c7dcf"
	if got := LineID("licensing_support", "2022320500000118", "91320583MA1XA00254", "2022-01-20", "1"); got != want {
		t.Errorf("LineID = %s, want %s", got, want)
	}
}
