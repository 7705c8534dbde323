package value

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The integer money path (Fen, Ratio, Quotient, Yuan12) is checked against
// the decimal path it is to replace: every property below compares a
// result with what shopspring/decimal and RoundFen/FloorFen give for the
// same amount and rate, and every overflow with the decimal result being
// beyond ±MaxFen.

// modes are the three rounding modes of the policy.
var modes = []string{RoundHalfUp, RoundHalfEven, RoundDown}

// maxFenDec is MaxFen in yuan, the largest amount in range.
var maxFenDec = MaxFen.Decimal()

// fenGen draws amounts: tiny ones, ordinary ones, ones at the range bound
// and any in range, now and then negative.
func fenGen() *rapid.Generator[Fen] {
	return rapid.Custom(func(t *rapid.T) Fen {
		var n int64
		switch rapid.IntRange(0, 3).Draw(t, "amount kind") {
		case 0:
			n = rapid.Int64Range(0, 1000).Draw(t, "tiny")
		case 1:
			n = rapid.Int64Range(0, 10_000_000_000_00).Draw(t, "ordinary") // up to 10 billion yuan
		case 2:
			n = rapid.Int64Range(int64(MaxFen)-1_000_000, int64(MaxFen)).Draw(t, "at the bound")
		default:
			n = rapid.Int64Range(0, int64(MaxFen)).Draw(t, "any")
		}
		if rapid.IntRange(0, 4).Draw(t, "sign") == 0 {
			n = -n
		}
		return Fen(n)
	})
}

// rateGen draws non-zero rates: the policy's ratios, published FX rates,
// rates ending in 5 at 1, 3, 7, 9 or 11 places (which with an odd amount
// and units of 1, 100 or 10000 put a product on a half fen or a division on
// a half at the 12th place) and any rate written with at most 18 digits
// (up to 18 fraction digits, up to 10¹⁸), sometimes with trailing zeros.
func rateGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 4).Draw(t, "rate kind") {
		case 4:
			places := rapid.SampledFrom([]int32{1, 3, 7, 9, 11}).Draw(t, "places")
			return decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "digits")*10+5, -places)
		case 0:
			return dec(rapid.SampledFrom([]string{"0.10", "0.5", "0.125", "0.3", "0.05", "0.8", "1", "0.35", "0.15", "2", "0.375", "0.0625"}).Draw(t, "policy rate"))
		case 1:
			return dec(rapid.SampledFrom([]string{"7.1234", "4.9617", "0.005123", "189.53", "5.4921", "6.7134", "0.0517", "1300.7", "9.999999999", "189.531234567"}).Draw(t, "fx rate"))
		default:
			digits := rapid.IntRange(1, 18).Draw(t, "digits")
			places := rapid.IntRange(0, digits).Draw(t, "places")
			c := rapid.Int64Range(1, int64(pow10u64[digits]-1)).Draw(t, "coefficient")
			zeros := rapid.IntRange(0, 2).Draw(t, "trailing zeros")
			b := new(big.Int).Mul(big.NewInt(c), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(zeros)), nil))
			return decimal.NewFromBigInt(b, -int32(places+zeros))
		}
	})
}

// tb is what the helpers need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// ratio is RatioFromDecimal that fails the test on an error.
func ratio(t tb, d decimal.Decimal) Ratio {
	t.Helper()
	r, err := RatioFromDecimal(d)
	if err != nil {
		t.Fatalf("RatioFromDecimal(%s): %v", d, err)
	}
	return r
}

// isOverflow reports whether err is, or wraps, an *Error with CodeOverflow.
func isOverflow(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == CodeOverflow
}

// beyond reports whether the decimal amount d is outside ±MaxFen.
func beyond(d decimal.Decimal) bool { return d.Abs().GreaterThan(maxFenDec) }

// sameFen checks that got (with err) is the decimal result want: the same
// amount and the same text, or an overflow error when want is out of range.
func sameFen(t tb, what string, got Fen, err error, want decimal.Decimal) {
	t.Helper()
	if beyond(want) {
		if !isOverflow(err) {
			t.Fatalf("%s: decimal %s is out of range, got %s, %v; want an overflow error", what, want, got, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %v, want %s", what, err, FormatPlain(want))
	}
	if !got.Decimal().Equal(want) || got.String() != FormatPlain(want) {
		t.Fatalf("%s = %s, decimal path %s", what, got, FormatPlain(want))
	}
}

// TestFenFormat: a Fen prints as StringFixed(2) prints the same amount as
// a decimal, and groups its digits as FormatGrouped did before its Fen
// fast path, at every size up to the range bound (and beyond it, for Fens
// made out of range by conversion).
func TestFenFormat(t *testing.T) {
	check := func(t tb, f Fen) {
		if got, want := f.String(), f.Decimal().StringFixed(2); got != want {
			t.Fatalf("Fen(%d).String() = %q, StringFixed %q", int64(f), got, want)
		}
		if got, want := f.Grouped(), groupedText(f.Decimal().StringFixed(2)); got != want {
			t.Fatalf("Fen(%d).Grouped() = %q, grouped StringFixed %q", int64(f), got, want)
		}
	}
	for _, n := range []int64{0, 1, -1, 5, -5, 99, 100, -100, 123456, 100000, 99999999, int64(MaxFen), -int64(MaxFen), math.MaxInt64, math.MinInt64 + 1, math.MinInt64} {
		check(t, Fen(n))
	}
	if got := Fen(-123456789).Grouped(); got != "-1,234,567.89" {
		t.Errorf("Grouped = %q", got)
	}
	rapid.Check(t, func(t *rapid.T) { check(t, fenGen().Draw(t, "fen")) })
}

// TestFenFromDecimal: a decimal converts exactly when it is a whole number
// of fen in range, and fails with the right code otherwise.
func TestFenFromDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		code string
	}{
		{"0", 0, ""},
		{"1234.5", 123450, ""},
		{"1.230", 123, ""},
		{"-0.05", -5, ""},
		{"1E+3", 100000, ""},
		{"9999999999999999.99", int64(MaxFen), ""},
		{"-9999999999999999.99", -int64(MaxFen), ""},
		{"99999999999999.99", 9999999999999999, ""}, // the fast path's largest coefficient
		{"1.234", 0, CodeInvalidAmount},
		{"0.001", 0, CodeInvalidAmount},
		{"10000000000000000", 0, CodeOverflow},
		{"-10000000000000000.00", 0, CodeOverflow},
		{"1E+20", 0, CodeOverflow},
	} {
		got, err := FenFromDecimal(dec(c.in))
		var e *Error
		switch {
		case c.code == "" && (err != nil || int64(got) != c.want):
			t.Errorf("FenFromDecimal(%s) = %d, %v; want %d", c.in, got, err, c.want)
		case c.code != "" && (!errors.As(err, &e) || e.Code != c.code):
			t.Errorf("FenFromDecimal(%s) = %d, %v; want code %s", c.in, got, err, c.code)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.Int64().Draw(t, "coefficient")
		exp := rapid.Int32Range(-4, 3).Draw(t, "exponent")
		d := decimal.New(c, exp)
		got, err := FenFromDecimal(d)
		switch {
		case !d.Shift(2).IsInteger():
			if e := (*Error)(nil); !errors.As(err, &e) || e.Code != CodeInvalidAmount {
				t.Fatalf("FenFromDecimal(%s) = %d, %v; want invalid_amount", d, got, err)
			}
		default:
			sameFen(t, "FenFromDecimal("+d.String()+")", got, err, d)
		}
	})
}

// TestFenArithmetic: Add and Sub give the exact result in range
// and an overflow error, never a wrapped value, beyond it.
func TestFenArithmetic(t *testing.T) {
	check := func(t tb, what string, got Fen, err error, exact *big.Int) {
		t.Helper()
		sameFen(t, what, got, err, decimal.NewFromBigInt(exact, -2))
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := fenGen().Draw(t, "a"), fenGen().Draw(t, "b")
		ba, bb := big.NewInt(int64(a)), big.NewInt(int64(b))
		s, err := a.Add(b)
		check(t, a.String()+" + "+b.String(), s, err, new(big.Int).Add(ba, bb))
		s, err = a.Sub(b)
		check(t, a.String()+" − "+b.String(), s, err, new(big.Int).Sub(ba, bb))
	})
	// Operands made out of range by conversion still never wrap.
	for _, c := range []struct {
		a, b Fen
	}{{math.MaxInt64, 1}, {math.MinInt64, -1}, {MaxFen, 1}, {-MaxFen, -1}} {
		if s, err := c.a.Add(c.b); !isOverflow(err) {
			t.Errorf("%d + %d = %d, %v; want overflow", c.a, c.b, s, err)
		}
		if s, err := c.a.Sub(-c.b); !isOverflow(err) {
			t.Errorf("%d − %d = %d, %v; want overflow", c.a, -c.b, s, err)
		}
	}
	if s, err := MaxFen.Add(-MaxFen); err != nil || s != 0 {
		t.Errorf("MaxFen − MaxFen = %d, %v", s, err)
	}
}

// TestOverflowError: the overflow error is a *Error with CodeOverflow and
// a reason in both languages, seen through wrapping.
func TestOverflowError(t *testing.T) {
	_, err := MaxFen.Add(1)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeOverflow || e.Reason.Zh == "" || e.Reason.En == "" {
		t.Fatalf("MaxFen + 0.01: %#v", err)
	}
	if want := "amount_overflow: 9,999,999,999,999,999.99 + 0.01 is beyond the range of amounts"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
	}
	if !isOverflow(errors.Join(errors.New("row 7"), err)) || isOverflow(errors.New("x")) || isOverflow(nil) {
		t.Error("isOverflow")
	}
}

// TestRatioFromDecimal pins the exact ratios of policy and FX rates and
// the rates that have none.
func TestRatioFromDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Ratio
		code string
	}{
		{"0.10", Ratio{1, 10}, ""},
		{"0.5", Ratio{1, 2}, ""},
		{"0.125", Ratio{1, 8}, ""},
		{"1", Ratio{1, 1}, ""},
		{"1.000", Ratio{1, 1}, ""},
		{"100", Ratio{100, 1}, ""},
		{"1E+3", Ratio{1000, 1}, ""},
		{"0", Ratio{0, 1}, ""},
		{"7.1234", Ratio{35617, 5000}, ""},
		{"4.9617", Ratio{49617, 10000}, ""},
		{"0.005123", Ratio{5123, 1000000}, ""},
		{"0.000000000000000001", Ratio{1, 1000000000000000000}, ""},
		{"999999999999999999", Ratio{999999999999999999, 1}, ""},
		{"0.00000095367431640625", Ratio{1, 1048576}, ""}, // 2⁻²⁰: 20 fraction digits, still a ratio of int64s
		{"-0.5", Ratio{}, CodeInvalidValue},
		{"0.0000000000000000001", Ratio{}, CodeOverflow}, // 10⁻¹⁹
		{"12345678901234567890", Ratio{}, CodeOverflow},
		{"1E+19", Ratio{}, CodeOverflow},
		{"1.2345678901234567891", Ratio{}, CodeOverflow},
	} {
		got, err := RatioFromDecimal(dec(c.in))
		var e *Error
		switch {
		case c.code == "" && (err != nil || got != c.want):
			t.Errorf("RatioFromDecimal(%s) = %v, %v; want %v", c.in, got, err, c.want)
		case c.code != "" && (!errors.As(err, &e) || e.Code != c.code):
			t.Errorf("RatioFromDecimal(%s) = %v, %v; want code %s", c.in, got, err, c.code)
		}
	}
	// Every rate of rateGen has a ratio, and it is the rate exactly.
	rapid.Check(t, func(t *rapid.T) {
		d := rateGen().Draw(t, "rate")
		r := ratio(t, d)
		if back := decimal.NewFromInt(r.Num).DivRound(decimal.NewFromInt(r.Den), 40); !back.Equal(d) {
			t.Fatalf("%s → %v → %s", d, r, back)
		}
		if g := gcd64(uint64(r.Num), uint64(r.Den)); g != 1 {
			t.Fatalf("%s → %v, not in lowest terms (gcd %d)", d, r, g)
		}
	})
}

// TestMulRatioMatchesDecimal: the second rounding point of spec §1.2,
// computed = basis × rate, gives the fen of RoundFen(basis × rate, mode)
// for every amount, rate and mode, and overflow exactly when that fen is
// beyond the range.
func TestMulRatioMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fenGen().Draw(t, "basis")
		rate := rateGen().Draw(t, "rate")
		mode := rapid.SampledFrom(modes).Draw(t, "mode")
		got, err := f.MulRatio(ratio(t, rate), mode)
		sameFen(t, f.String()+" × "+rate.String()+" "+mode, got, err, RoundFen(f.Decimal().Mul(rate), mode))
	})
}

// TestMulRatioHalves pins the half-fen cases of the three modes, both
// signs (amounts are non-negative in practice; negative ones round
// symmetrically, as RoundFen does), and the products that need 128 bits.
func TestMulRatioHalves(t *testing.T) {
	for _, c := range []struct {
		basis, rate, mode, want string
	}{
		{"0.25", "0.5", RoundHalfUp, "0.13"}, // 12.5 fen
		{"0.25", "0.5", RoundHalfEven, "0.12"},
		{"0.25", "0.5", RoundDown, "0.12"},
		{"0.35", "0.5", RoundHalfUp, "0.18"}, // 17.5 fen
		{"0.35", "0.5", RoundHalfEven, "0.18"},
		{"0.35", "0.5", RoundDown, "0.17"},
		{"-0.25", "0.5", RoundHalfUp, "-0.13"},
		{"-0.25", "0.5", RoundHalfEven, "-0.12"},
		{"-0.25", "0.5", RoundDown, "-0.12"},
		{"0.01", "0.5", RoundHalfUp, "0.01"},
		{"0.01", "0.5", RoundHalfEven, "0.00"},
		{"0.01", "0.4999999999999999", RoundHalfUp, "0.00"},   // just below half
		{"0.01", "0.5000000000000001", RoundHalfEven, "0.01"}, // just above half
		{"1.00", "0.125", RoundHalfEven, "0.12"},              // 12.5 fen
		{"1.00", "0.125", "bogus", "0.13"},                    // an unknown mode is half-up, as in RoundFen
		{"9999999999999999.99", "0.999999999999999999", RoundHalfUp, "9999999999999999.98"},
		{"9999999999999999.99", "1", RoundDown, "9999999999999999.99"},
		{"1234567.89", "0", RoundHalfUp, "0.00"},
	} {
		f, err := FenFromDecimal(dec(c.basis))
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.MulRatio(ratio(t, dec(c.rate)), c.mode)
		if want := FormatPlain(RoundFen(dec(c.basis).Mul(dec(c.rate)), c.mode)); want != c.want {
			t.Fatalf("table error: decimal path gives %s for %s × %s %s", want, c.basis, c.rate, c.mode)
		}
		if err != nil || got.String() != c.want {
			t.Errorf("%s × %s %s = %s, %v; want %s", c.basis, c.rate, c.mode, got, err, c.want)
		}
	}
	for _, c := range []struct {
		f Fen
		r Ratio
	}{
		{MaxFen, Ratio{2, 1}},
		{MaxFen, Ratio{math.MaxInt64, 1}},
		{MaxFen, Ratio{1000000000000000001, 1000000000000000000}}, // just above 1
		{math.MinInt64, Ratio{1, 1}},
	} {
		if got, err := c.f.MulRatio(c.r, RoundHalfUp); !isOverflow(err) {
			t.Errorf("%d × %v = %d, %v; want overflow", c.f, c.r, got, err)
		}
	}
	if _, err := Fen(1).MulRatio(Ratio{1, 0}, RoundHalfUp); err == nil {
		t.Error("a zero denominator was accepted")
	}
}

// TestDivRound12MatchesDecimal: an amount times num ÷ den carried to 12
// places is the decimal DivRound(…, 12) exactly (before any rounding to
// the fen), and RoundFen and FloorFen of it are those of the decimal.
func TestDivRound12MatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fenGen().Draw(t, "amount")
		num := rateGen().Draw(t, "num")
		den := rapid.OneOf(rateGen(), rapid.Map(rapid.SampledFrom([]int64{1, 2, 3, 100, 10000, 7, 1000000}), decimal.NewFromInt)).Draw(t, "den")
		mode := rapid.SampledFrom(modes).Draw(t, "mode")
		k, err := NewQuotient(ratio(t, num), ratio(t, den))
		if err != nil {
			// Only a quotient of two rates with many digits each may have
			// no 64-bit form; rates and whole units up to 10⁶ always have.
			if !isOverflow(err) || (den.IsInteger() && den.LessThanOrEqual(decimal.NewFromInt(1000000))) || (num.IsInteger() && num.LessThanOrEqual(decimal.NewFromInt(1000000))) {
				t.Fatalf("NewQuotient(%s, %s): %v", num, den, err)
			}
			return
		}
		exact := f.Decimal().Mul(num).DivRound(den, 12)
		y, err := f.DivRound12(k)
		if err != nil {
			if !isOverflow(err) || !beyond(exact) {
				t.Fatalf("%s × %s ÷ %s: %v, decimal %s", f, num, den, err, exact)
			}
			return
		}
		if !y.Decimal().Equal(exact) {
			t.Fatalf("%s × %s ÷ %s to 12 places = %s, decimal %s", f, num, den, y.Decimal(), exact)
		}
		got, err := y.RoundFen(mode)
		sameFen(t, "RoundFen("+exact.String()+", "+mode+")", got, err, RoundFen(exact, mode))
		got, err = y.FloorFen()
		sameFen(t, "FloorFen("+exact.String()+")", got, err, FloorFen(exact))
	})
}

// halfDown is calc/engine's limit derived by division, the reference of
// DivDown.
func halfDown(x, divisor decimal.Decimal) decimal.Decimal {
	return FloorFen(x.DivRound(divisor, 12))
}

// TestDivDownMatchesHalfDown: DivDown gives the fen of the engine's
// halfDown for every amount and divisor.
func TestDivDownMatchesHalfDown(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fenGen().Draw(t, "amount")
		// 2048 = 2¹¹ puts an odd amount's quotient on a half at the 12th
		// place; 20,000,000,001 lifts some quotients onto a fen.
		div := rapid.OneOf(rateGen(), rapid.Map(rapid.Int64Range(1, 1_000_000_000_000), decimal.NewFromInt),
			rapid.Map(rapid.SampledFrom([]int64{2, 3, 2048, 20000000001}), decimal.NewFromInt)).Draw(t, "divisor")
		got, err := f.DivDown(ratio(t, div))
		sameFen(t, f.String()+" ÷ "+div.String(), got, err, halfDown(f.Decimal(), div))
	})
}

// TestDivDownDoubleRounding pins the engine's halfDown cases (formula_test
// TestHalfDown) and the double rounding of DivRound-then-FloorFen. The
// quotient x = amount ÷ (p/q) in lowest terms lies at least 1/(100·p) yuan
// from a fen unless it is on one; rounding to 12 places moves it by at most
// 5·10⁻¹³ yuan, so it can lift x onto the next fen (and FloorFen then keeps
// that fen, one more than the exact quotient floored) only when
// p ≥ 2·10¹⁰. The policy's divisor (2, the 200% co-investment) never does;
// a divisor of 20,000,000,001 does, and DivDown reproduces it.
func TestDivDownDoubleRounding(t *testing.T) {
	for _, c := range []struct{ x, div, want, exact string }{
		{"2000000.00", "2", "1000000.00", "1000000.00"},
		{"1000000.01", "2", "500000.00", "500000.00"}, // 500,000.005 rounds down
		{"0.01", "2", "0.00", "0.00"},
		{"1000000.00", "3", "333333.33", "333333.33"},
		{"-0.01", "2", "-0.01", "-0.01"}, // floor is toward negative infinity
		// 200,000,000 ÷ 20,000,000,001 = 0.0099999999995000000000249…, to
		// 12 places 0.010000000000: the fen 0.01, where the exact quotient
		// floors to 0.00.
		{"200000000.00", "20000000001", "0.01", "0.00"},
	} {
		x, d := dec(c.x), dec(c.div)
		if ref := FormatPlain(halfDown(x, d)); ref != c.want {
			t.Fatalf("table error: halfDown(%s, %s) = %s", c.x, c.div, ref)
		}
		if ex := exactFloor(x, d); ex != c.exact {
			t.Fatalf("table error: %s ÷ %s floors exactly to %s, not %s", c.x, c.div, ex, c.exact)
		}
		f, err := FenFromDecimal(x)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.DivDown(ratio(t, d))
		if err != nil || got.String() != c.want {
			t.Errorf("DivDown(%s, %s) = %s, %v; want %s", c.x, c.div, got, err, c.want)
		}
	}
	if _, err := Fen(100).DivDown(Ratio{0, 1}); err == nil {
		t.Error("a zero divisor was accepted")
	}
}

// exactFloor floors x ÷ d to the fen with rational arithmetic, without
// the 12-place step.
func exactFloor(x, d decimal.Decimal) string {
	q := new(big.Rat).Quo(x.Rat(), d.Rat())
	q.Mul(q, big.NewRat(100, 1))
	n := new(big.Int).Div(q.Num(), q.Denom()) // Euclidean: floor for a positive denominator
	return FormatPlain(decimal.NewFromBigInt(n, -2))
}

// TestQuotient pins the prepared form of FX quotes and the quotients that
// are refused.
func TestQuotient(t *testing.T) {
	for _, c := range []struct{ num, den, want string }{
		{"7.1234", "100", "35617·10^5/5"},                 // CNY per 100 units
		{"1", "189.53", "1·10^12/18953"},                  // units per CNY
		{"100", "0.005123", "1·10^18/5123"},               // 100 units per CNY
		{"0.5", "1", "1·10^10/2"},                         // half
		{"0", "3", "0·10^0/1"},                            // zero
		{"0.000000000000000001", "1", "1·10^0/100000000"}, // 10⁻¹⁸: 10 places cancel, 8 stay below
	} {
		k, err := NewQuotient(ratio(t, dec(c.num)), ratio(t, dec(c.den)))
		if err != nil || k.String() != c.want {
			t.Errorf("NewQuotient(%s, %s) = %s, %v; want %s", c.num, c.den, k, err, c.want)
		}
	}
	// A factor whose numerator needs 117 bits, without a power of ten to
	// take out, cannot be held.
	if _, err := NewQuotient(Ratio{123456789012345677, 1}, Ratio{1, 999999999999999989}); !isOverflow(err) {
		t.Errorf("a quotient beyond 64 bits: %v, want overflow", err)
	}
	if _, err := NewQuotient(Ratio{1, 1}, Ratio{0, 1}); err == nil || isOverflow(err) {
		t.Errorf("division by zero: %v", err)
	}
	if _, err := Fen(1).DivRound12(Quotient{}); err == nil {
		t.Error("the zero Quotient was accepted")
	}
	// A result beyond 128 bits is an overflow, not a wrap.
	k, err := NewQuotient(Ratio{1000000000000000000, 1}, Ratio{1, 1000000000000000000})
	if err != nil || k.String() != "1·10^46/1" {
		t.Fatalf("10¹⁸ ÷ 10⁻¹⁸ = %s, %v", k, err)
	}
	if y, err := MaxFen.DivRound12(k); !isOverflow(err) {
		t.Errorf("MaxFen × 10³⁶ = %s, %v; want overflow", y.Decimal(), err)
	}
	// A result within 128 bits but beyond ±MaxFen is an overflow of the
	// rounding to the fen.
	if k, err = NewQuotient(Ratio{1000000000000000000, 1}, Ratio{1, 1}); err != nil {
		t.Fatal(err)
	}
	if y, err := Fen(1).DivRound12(k); err != nil || !y.Decimal().Equal(dec("1E+16")) {
		t.Errorf("0.01 × 10¹⁸ = %s, %v", y.Decimal(), err)
	} else if f, err := y.RoundFen(RoundHalfUp); !isOverflow(err) {
		t.Errorf("RoundFen(10¹⁶) = %s, %v; want overflow", f, err)
	} else if f, err := y.FloorFen(); !isOverflow(err) {
		t.Errorf("FloorFen(10¹⁶) = %s, %v; want overflow", f, err)
	}
}
