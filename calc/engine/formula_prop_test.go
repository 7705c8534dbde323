package engine

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/ledger"
	"subsidy/calc/value"
)

// The formulas compute in whole fen (formula.go); the properties below
// check each against the decimal arithmetic it replaced, for the amounts
// and rates the rosters and the policy admit and for those only a caller
// could pass (fractions of a fen, amounts beyond ±value.MaxFen, rates of
// up to 40 digits, negative values), which the formulas compute in decimal.

var roundingModes = []string{value.RoundHalfUp, value.RoundHalfEven, value.RoundDown}

// anyAmountGen draws amounts: whole fen of every size in range (ordinary
// ones, tiny ones, ones at the bound), sometimes negative, with the
// exponents amounts are read, rounded and summed with (0, −1, −2, and
// trailing zeros beyond); now and then a fraction of a fen or an amount
// beyond the range.
func anyAmountGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		var fen int64
		switch rapid.IntRange(0, 7).Draw(t, "amount kind") {
		case 0:
			return decimal.New(rapid.Int64().Draw(t, "sub-fen"), -rapid.Int32Range(3, 8).Draw(t, "places"))
		case 1:
			c := new(big.Int).Mul(big.NewInt(rapid.Int64Range(1, 1<<62).Draw(t, "big")), big.NewInt(rapid.Int64Range(1, 1<<40).Draw(t, "factor")))
			if rapid.Bool().Draw(t, "negative") {
				c.Neg(c)
			}
			return decimal.NewFromBigInt(c, -rapid.Int32Range(0, 2).Draw(t, "places"))
		case 2:
			fen = rapid.Int64Range(0, 1000).Draw(t, "tiny")
		case 3:
			fen = rapid.Int64Range(int64(value.MaxFen)-1_000_000, int64(value.MaxFen)+1_000_000).Draw(t, "at the bound")
		case 4:
			fen = rapid.Int64Range(0, int64(value.MaxFen)).Draw(t, "any")
		default:
			fen = rapid.Int64Range(0, 10_000_000_000_00).Draw(t, "ordinary")
		}
		if rapid.IntRange(0, 5).Draw(t, "sign") == 0 {
			fen = -fen
		}
		d := decimal.New(fen, -2)
		switch rapid.IntRange(0, 3).Draw(t, "exponent") {
		case 0:
			if fen%100 == 0 {
				d = decimal.New(fen/100, 0)
			}
		case 1:
			if fen%10 == 0 {
				d = decimal.New(fen/10, -1)
			}
		case 2:
			d = decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(fen), big.NewInt(1000)), -5)
		}
		return d
	})
}

// anyRateGen draws rates: the policy's ratios, rates of up to 18 digits
// (which have an exact integer form), rates of up to 40 digits (which may
// not) and, now and then, zero or a negative rate.
func anyRateGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 5).Draw(t, "rate kind") {
		case 0:
			return d(rapid.SampledFrom([]string{"0.10", "0.5", "0.50", "0.125", "0.3", "0.05", "0.8", "1", "1.00", "0.35", "0.15", "0.375", "0", "2", "3"}).Draw(t, "policy rate"))
		case 1:
			c, _ := new(big.Int).SetString(rapid.StringMatching(`[1-9][0-9]{18,39}`).Draw(t, "digits"), 10)
			return decimal.NewFromBigInt(c, -rapid.Int32Range(0, 45).Draw(t, "places"))
		case 2:
			return decimal.New(-rapid.Int64Range(1, 1_000_000).Draw(t, "negative"), -rapid.Int32Range(0, 6).Draw(t, "places"))
		case 3:
			return decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, "whole"), rapid.Int32Range(0, 20).Draw(t, "zeros"))
		default:
			digits := rapid.IntRange(1, 18).Draw(t, "digits")
			c := rapid.Int64Range(1, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil).Int64()-1).Draw(t, "coefficient")
			return decimal.New(c, -rapid.Int32Range(0, 20).Draw(t, "places"))
		}
	})
}

// sameAmount fails unless got and want are the same amount, printed alike by
// the ledger's formats (FormatPlain, and String for the manifest's hash).
func sameAmount(t *rapid.T, what string, got, want decimal.Decimal) {
	t.Helper()
	if !got.Equal(want) || value.FormatPlain(got) != value.FormatPlain(want) || got.String() != want.String() {
		t.Fatalf("%s = %s, decimal path %s", what, got, want)
	}
}

// TestApplyRateMatchesDecimal: applyRate is RoundFen(basis × rate, mode).
func TestApplyRateMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		basis, rate := anyAmountGen().Draw(t, "basis"), anyRateGen().Draw(t, "rate")
		mode := rapid.SampledFrom(append(roundingModes, "bogus")).Draw(t, "mode")
		sameAmount(t, basis.String()+" × "+rate.String()+" "+mode, applyRate(basis, rate, mode), value.RoundFen(basis.Mul(rate), mode))
	})
}

// decimalCap is applyCap as it was before the integer path.
func decimalCap(computed, limit, used decimal.Decimal) capResult {
	left := limit.Sub(used)
	if left.IsNegative() {
		left = decimal.Zero
	}
	payable := decimal.Min(computed, left)
	return capResult{payable: payable, status: ledger.StatusOf(computed, payable)}
}

// TestApplyCapMatchesDecimal: applyCap pays min(computed, max(0, limit −
// used)) with the decimal path's status, used being a sum of payables (at
// most a few times the limit) or any amount.
func TestApplyCapMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		computed, limit := anyAmountGen().Draw(t, "computed"), anyAmountGen().Draw(t, "limit")
		used := anyAmountGen().Draw(t, "used")
		switch rapid.IntRange(0, 3).Draw(t, "used kind") {
		case 0:
			used = decimal.Zero
		case 1:
			used = limit
		case 2:
			used = limit.Sub(computed)
		}
		got, want := applyCap(computed, limit, used), decimalCap(computed, limit, used)
		what := "cap(" + computed.String() + ", " + limit.String() + ", used " + used.String() + ")"
		sameAmount(t, what, got.payable, want.payable)
		if got.status != want.status {
			t.Fatalf("%s: status %s, decimal path %s", what, got.status, want.status)
		}
	})
}

// TestHalfDownMatchesDecimal: halfDown is FloorFen(x ÷ divisor carried to
// 12 places), for the policy's multiples and any non-zero divisor.
func TestHalfDownMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := anyAmountGen().Draw(t, "x")
		div := rapid.OneOf(rapid.Map(rapid.Int64Range(1, 1_000_000_000_000), decimal.NewFromInt),
			rapid.Map(rapid.SampledFrom([]string{"2", "3", "2.5", "7"}), d), anyRateGen()).Draw(t, "divisor")
		if div.IsZero() {
			div = d("2")
		}
		sameAmount(t, x.String()+" ÷ "+div.String(), halfDown(x, div), value.FloorFen(x.DivRound(div, 12)))
	})
}

// TestFenSumMatchesDecimal: a fenSum (cap use, budget use, the
// reconciliation's totals) is the decimal sum of what was added and
// subtracted, in fen while it can be and in decimal once it cannot.
func TestFenSumMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var s fenSum
		want := decimal.Zero
		for i, n := 0, rapid.IntRange(0, 30).Draw(t, "terms"); i < n; i++ {
			a := anyAmountGen().Draw(t, "amount")
			if rapid.IntRange(0, 3).Draw(t, "subtract") == 0 {
				s.sub(a)
				want = want.Sub(a)
			} else {
				s.add(a)
				want = want.Add(a)
			}
			if got := s.decimal(); !got.Equal(want) {
				t.Fatalf("after %d terms: %s, decimal sum %s", i+1, got, want)
			}
		}
		sameAmount(t, "sum", s.decimal(), want)
	})
}
