package value

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestFormatPlainFastPath: the int64 fast path of FormatPlain prints what
// StringFixed(2) prints, for every exponent and size around its limits.
func TestFormatPlainFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.Int64().Draw(t, "coefficient")
		exp := rapid.Int32Range(-4, 3).Draw(t, "exponent")
		d := decimal.New(c, exp)
		if got, want := FormatPlain(d), d.StringFixed(2); got != want {
			t.Fatalf("FormatPlain(%s) = %q, want %q", d, got, want)
		}
	})
	for _, s := range []string{"0", "-0.05", "0.5", "1e2", "9999999999999999", "-9999999999999999.99", "12345678901234567.89", "0.005", "-0.004"} {
		d := decimal.RequireFromString(s)
		if got, want := FormatPlain(d), d.StringFixed(2); got != want {
			t.Errorf("FormatPlain(%s) = %q, want %q", s, got, want)
		}
	}
}

// groupedText groups the integer digits of a FormatPlain text by three,
// as FormatGrouped did before its Fen fast path: the reference of
// TestFormatGroupedFastPath and TestFenFormat.
func groupedText(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	return b.String() + "." + frac
}

// TestFormatGroupedFastPath: FormatGrouped (Fen.Grouped on FormatPlain's
// fast path) groups what StringFixed(2) prints, for every exponent and
// size around the fast path's limits.
func TestFormatGroupedFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.Int64().Draw(t, "coefficient")
		exp := rapid.Int32Range(-4, 3).Draw(t, "exponent")
		d := decimal.New(c, exp)
		if got, want := FormatGrouped(d), groupedText(d.StringFixed(2)); got != want {
			t.Fatalf("FormatGrouped(%s) = %q, want %q", d, got, want)
		}
	})
	for _, s := range []string{"0", "-0.05", "0.5", "1e2", "999", "1000", "-100000", "9999999999999999", "-9999999999999999.99", "12345678901234567.89", "0.005", "-0.004", "-999.995"} {
		d := decimal.RequireFromString(s)
		if got, want := FormatGrouped(d), groupedText(d.StringFixed(2)); got != want {
			t.Errorf("FormatGrouped(%s) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkFormatGrouped measures the notes' amount formatting.
func BenchmarkFormatGrouped(b *testing.B) {
	d := decimal.RequireFromString("1234567.89")
	b.ReportAllocs()
	for b.Loop() {
		_ = FormatGrouped(d)
	}
}

// BenchmarkFormatPlain measures the ledger's amount formatting.
func BenchmarkFormatPlain(b *testing.B) {
	d := decimal.RequireFromString("1234567.89")
	b.ReportAllocs()
	for b.Loop() {
		_ = FormatPlain(d)
	}
}

// BenchmarkParseAmount measures reading an amount cell.
func BenchmarkParseAmount(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAmount("1,234,567.89"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseDate measures reading a date cell.
func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDate("2022-06-30"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseAmountFastPath: plain cells read by the fast path give the same
// decimal (value and exponent) as the general parser.
func TestParseAmountFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9]{1,17}(\.[0-9]{0,4})?`).Draw(t, "amount")
		got, gerr := ParseAmount(s)
		want, werr := slowAmount(s)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("ParseAmount(%q) error %v, general parser %v", s, gerr, werr)
		}
		if gerr == nil && (!got.Equal(want) || got.Exponent() != want.Exponent() || got.String() != want.String()) {
			t.Fatalf("ParseAmount(%q) = %s (exp %d), general parser %s (exp %d)", s, got, got.Exponent(), want, want.Exponent())
		}
	})
}

// slowAmount is ParseAmount without its fast path.
func slowAmount(s string) (decimal.Decimal, error) {
	fen, reason := parseFen(s, s)
	if reason != nil {
		return decimal.Decimal{}, fail(CodeInvalidAmount, *reason)
	}
	return decimal.NewFromBigInt(fen, -2), nil
}
