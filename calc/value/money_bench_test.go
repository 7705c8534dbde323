package value

import (
	"testing"

	"github.com/shopspring/decimal"
)

// The benchmarks below compare the integer money path with the decimal
// path it is to replace, operation by operation, on ordinary amounts.

// BenchmarkMulRatio measures computed = basis × rate rounded to the fen.
func BenchmarkMulRatio(b *testing.B) {
	basisDec, rateDec := dec("1234567.89"), dec("0.125")
	basis, rate := Fen(123456789), Ratio{1, 8}
	b.Run("fen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := basis.MulRatio(rate, RoundHalfUp); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = RoundFen(basisDec.Mul(rateDec), RoundHalfUp)
		}
	})
}

// BenchmarkAdd measures adding two amounts (a cap's used total).
func BenchmarkAdd(b *testing.B) {
	x, y := Fen(123456789), Fen(98765432)
	xd, yd := x.Decimal(), y.Decimal()
	b.Run("fen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := x.Add(y); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = xd.Add(yd)
		}
	})
}

// BenchmarkDivDown measures a limit derived by division (half of the 登峰
// IP investment, rounded down).
func BenchmarkDivDown(b *testing.B) {
	x, two := Fen(100000001), Ratio{2, 1}
	xd, twoDec := x.Decimal(), decimal.NewFromInt(2)
	b.Run("fen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := x.DivDown(two); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = FloorFen(xd.DivRound(twoDec, 12))
		}
	})
}

// BenchmarkFenFormat measures printing an amount for the ledger.
func BenchmarkFenFormat(b *testing.B) {
	x := Fen(123456789)
	xd := x.Decimal()
	b.Run("fen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = x.String()
		}
	})
	b.Run("decimal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = FormatPlain(xd)
		}
	})
}
