package roster

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"subsidy/calc/ids"
)

// decodeCases are one valid row of each event roster, in file column order
// (the header is the schema's own column names).
func decodeCases(testing.TB) map[Kind][]string {
	uscc := ids.MakeUSCC("91320500000000001")
	return map[Kind][]string{
		Enterprises: {uscc, "苏州星海半导体有限公司", "苏州工业园区", "enterprise", "2015-03-12", "growth", "2022-05-18", "none", "", "否", "12", "18", "3", "1", "6", "2", "是", "yes", ""},
		Grants:      {uscc, "ZL202111234671.1", "invention", "CN", "domestic", "2022-01-07"},
		Licensing:   {"2022320500000118", uscc, "licensee", "license", "中国科学院苏州纳米所", "no", "2000000.00", "CNY", "2022-01-20", "1"},
		Litigation:  {"C-XH-2021-07", uscc, "US", "INV-2022-0031", "150,000.00", "USD", "2022-02-15"},
		Awards:      {"award.patent_prize", uscc, "苏州高新光谱仪器有限公司", "", "PP-2022-01", "800000.00", "2022-05-26", "苏知发〔2022〕18号", "", "", ""},
	}
}

// BenchmarkDecode measures decoding one row of text cells into a typed
// record (header mapping done once), per roster.
func BenchmarkDecode(b *testing.B) {
	for _, k := range []Kind{Enterprises, Grants, Licensing, Litigation, Awards} {
		cells := decodeCases(b)[k]
		s := Lookup(k)
		header := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			header[i] = c.Name
		}
		hm, err := s.MapHeader(header[:len(cells)])
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(k), func(b *testing.B) {
			var d Decoder
			b.ReportAllocs()
			for b.Loop() {
				if _, rejs := d.Decode(k, hm.Arrange("x.csv", 2, cells)); len(rejs) > 0 {
					b.Fatal(rejs[0].Message.En)
				}
				d.Batch = Batch{}
			}
		})
	}
}

// TestRawTrim: a cell reads as the general trim (U+3000 and U+00A0, then
// Unicode white space) gives, the fast path for untrimmed cells included.
func TestRawTrim(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.StringOf(rapid.SampledFrom([]rune{'a', 'Z', '1', ' ', '\t', '\u3000', '\u00a0', '\u0085', '中', '\x7f', '\x00', '"'})).Draw(t, "cell")
		c := &cells{s: Lookup(Grants), r: Record{Cells: []string{v}}}
		if got, want := c.raw("uscc"), strings.TrimSpace(strings.Trim(v, "\u3000\u00a0")); got != want {
			t.Fatalf("raw(%q) = %q, want %q", v, got, want)
		}
	})
}
