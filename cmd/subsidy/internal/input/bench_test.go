package input

import (
	"path/filepath"
	"strings"
	"testing"

	"subsidy/calc/roster"
)

// BenchmarkReadRosterCSV measures reading a grants CSV (encoding pass,
// CSV parse, header mapping), per row, in UTF-8 and GB18030.
func BenchmarkReadRosterCSV(b *testing.B) {
	const rows = 20000
	text := grantsHeader + strings.Repeat("91320500MA1XXXXX0A,ZL202210000001.1,发明,CN,国内,2022年3月1日\n", rows)
	for name, data := range map[string][]byte{"utf8": []byte(text), "gb18030": gb18030(b, text)} {
		b.Run(name, func(b *testing.B) {
			path := writeFile(b, "grants.csv", data)
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				n := 0
				if _, err := ReadRoster(path, roster.Grants, filepath.Base(path), func(roster.Record) error { n++; return nil }, Options{}); err != nil || n != rows {
					b.Fatal(err, n)
				}
			}
		})
	}
}
