package output

import "testing"

// BenchmarkCSVLine measures formatting one line's cells (amounts, date,
// neutralising), without the CSV encoder.
func BenchmarkCSVLine(b *testing.B) {
	lines := sampleLines()
	rec := make([]string, 0, 32)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rec = csvRecord(rec, &lines[i%len(lines)], "zh")
	}
}
