package output

import (
	"io"
	"testing"

	"subsidy/calc/ledger"
)

func benchLines(n int) []ledger.Line {
	lines := make([]ledger.Line, n)
	s := sampleLines()
	for i := range lines {
		lines[i] = s[i%len(s)]
	}
	return lines
}

// BenchmarkWriteLedgerCSV measures the ledger encode (spec §7), per line.
func BenchmarkWriteLedgerCSV(b *testing.B) {
	lines := benchLines(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteLedgerCSV(io.Discard, lines, "zh", true); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}

// BenchmarkWriteLedgerJSONL measures the JSON Lines encode, per line.
func BenchmarkWriteLedgerJSONL(b *testing.B) {
	lines := benchLines(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteLedgerJSONL(io.Discard, lines, "zh"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}
