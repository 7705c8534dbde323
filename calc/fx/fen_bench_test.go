package fx

import (
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// BenchmarkConvert compares the first rounding point in integers
// (ConvertFen with a prepared FenRate) with the decimal arithmetic of
// Convert alone and with Convert itself (which also words the conversion),
// for the three quotations of the central parity.
func BenchmarkConvert(b *testing.B) {
	for _, c := range []struct {
		name string
		r    roster.Rate
	}{
		{"USD per unit", rate("USD", 1, "7.1234", "1", "cny_per_unit")},
		{"JPY per 100", rate("JPY", 1, "5.4921", "100", "cny_per_unit")},
		{"KRW per CNY", rate("KRW", 1, "189.53", "1", "unit_per_cny")},
	} {
		amountDec := d("1234567.89")
		amount, err := value.FenFromDecimal(amountDec)
		if err != nil {
			b.Fatal(err)
		}
		fr, err := NewFenRate(c.r)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name+"/fen", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ConvertFen(amount, fr, value.RoundHalfUp); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/decimal", func(b *testing.B) {
			b.ReportAllocs()
			one := d("1")
			for b.Loop() {
				var exact decimal.Decimal
				if c.r.Quote == "unit_per_cny" {
					exact = amountDec.Mul(c.r.Units).DivRound(c.r.Rate, divisionPlaces)
				} else {
					exact = amountDec.Mul(c.r.Rate)
					if !c.r.Units.Equal(one) {
						exact = exact.DivRound(c.r.Units, divisionPlaces)
					}
				}
				_ = value.RoundFen(exact, value.RoundHalfUp)
			}
		})
		b.Run(c.name+"/Convert", func(b *testing.B) {
			b.ReportAllocs()
			q := NewQuote(c.r)
			for b.Loop() {
				_, _ = Convert(amountDec, c.r.Currency, q, value.RoundHalfUp, "")
			}
		})
	}
}

// BenchmarkNewFenRate measures preparing a rate, once per rate row.
func BenchmarkNewFenRate(b *testing.B) {
	r := rate("JPY", 1, "5.4921", "100", "cny_per_unit")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewFenRate(r); err != nil {
			b.Fatal(err)
		}
	}
}
