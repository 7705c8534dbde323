package output

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"

	"github.com/gocarina/gocsv"
)

// TestCSVLineRecord: the record WriteLedgerCSV writes lists csvLine's
// fields in their order (the order of the csv tags, ledger.Columns), and
// the file is the bytes gocsv writes from the tags.
func TestCSVLineRecord(t *testing.T) {
	lines := sampleLines()
	for i := range lines {
		c := newCSVLine(&lines[i], "en")
		v := reflect.ValueOf(c)
		var want []string
		for f := 0; f < v.NumField(); f++ {
			want = append(want, v.Field(f).String())
		}
		if got := c.record(nil); !reflect.DeepEqual(got, want) {
			t.Errorf("line %d: record %q, fields %q", i, got, want)
		}
	}
	var got, want bytes.Buffer
	if err := WriteLedgerCSV(&got, lines, "zh", true); err != nil {
		t.Fatal(err)
	}
	rows := make([]csvLine, len(lines))
	for i := range lines {
		rows[i] = newCSVLine(&lines[i], "zh")
	}
	want.WriteString("\ufeff")
	if err := gocsv.MarshalCSV(rows, gocsv.NewSafeCSVWriter(csv.NewWriter(&want))); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("WriteLedgerCSV:\n%s\ngocsv:\n%s", got.Bytes(), want.Bytes())
	}
}

// BenchmarkCSVLine measures formatting one line's cells (amounts, date,
// neutralising), without the CSV encoder.
func BenchmarkCSVLine(b *testing.B) {
	lines := sampleLines()
	rec := make([]string, 0, 32)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := newCSVLine(&lines[i%len(lines)], "zh")
		rec = c.record(rec)
	}
}
