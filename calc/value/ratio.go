package value

import (
	"math/big"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
)

// Ratio is an exact non-negative rational number Num/Den, the integer form
// of a policy rate (0.10, 0.5, 0.125) or of an FX rate or unit (7.1234,
// 100, 0.005123). RatioFromDecimal returns it in lowest terms
// with Den > 0, so equal ratios are ==; a Ratio with Num < 0 or Den ≤ 0
// (made as a literal) is refused by every operation with CodeInvalidValue.
type Ratio struct{ Num, Den int64 }

// RatioFromDecimal returns d as an exact ratio in lowest terms: 0.125 is
// 1/8, 7.1234 is 35617/5000, 100 is 100/1. It fails with CodeInvalidValue
// when d is negative and with CodeOverflow when the numerator or the
// denominator in lowest terms does not fit an int64 — never for a rate
// written with at most 18 digits in all (integer and fraction digits), as
// every rate of the policy and of the fx roster is.
func RatioFromDecimal(d decimal.Decimal) (Ratio, error) {
	if d.Sign() < 0 {
		return Ratio{}, fail(CodeInvalidValue, msg.F("比率 %s 不能为负数", "rate %s must not be negative", d.String()))
	}
	if d.Sign() == 0 {
		return Ratio{0, 1}, nil
	}
	// Fast path, without big.Int: a rate of at most 18 digits and 18
	// fraction digits (every rate of the policy and nearly every one of
	// the fx roster), whose coefficient and power of ten fit an int64.
	if exp := d.Exponent(); exp <= 0 && exp >= -18 && d.NumDigits() <= 18 {
		num, den := uint64(d.CoefficientInt64()), pow10u64[-exp]
		g := gcd64(num, den)
		return Ratio{int64(num / g), int64(den / g)}, nil
	}
	num, den := d.Coefficient(), big.NewInt(1)
	ten := big.NewInt(10)
	if exp := int64(d.Exponent()); exp > 0 {
		if exp > 18 {
			return Ratio{}, tooWide(d)
		}
		num.Mul(num, new(big.Int).Exp(ten, big.NewInt(exp), nil))
	} else if exp < 0 {
		if exp < -1000 {
			return Ratio{}, tooWide(d)
		}
		den.Exp(ten, big.NewInt(-exp), nil)
		g := new(big.Int).GCD(nil, nil, num, den)
		num.Quo(num, g)
		den.Quo(den, g)
	}
	if !num.IsInt64() || !den.IsInt64() {
		return Ratio{}, tooWide(d)
	}
	return Ratio{num.Int64(), den.Int64()}, nil
}

// tooWide is the CodeOverflow error of a rate that is not a ratio of
// 64-bit integers.
func tooWide(d decimal.Decimal) *Error {
	return fail(CodeOverflow, msg.F("比率 %s 无法精确表示为 64 位整数之比", "rate %s cannot be held exactly as a ratio of 64-bit integers", d.String()))
}

// badRatio is the CodeInvalidValue error of a negative ratio or one with a
// zero or negative denominator.
func badRatio(r Ratio) *Error {
	return fail(CodeInvalidValue, msg.F("比率 %s 无效（分子不能为负，分母须大于零）", "ratio %s is not valid (the numerator must not be negative, the denominator must be above zero)", r.String()))
}

// valid reports whether Num ≥ 0 and Den > 0.
func (r Ratio) valid() bool { return r.Num >= 0 && r.Den > 0 }

// String prints r as "Num/Den": "1/8", "100/1".
func (r Ratio) String() string {
	return strconv.FormatInt(r.Num, 10) + "/" + strconv.FormatInt(r.Den, 10)
}

// MulRatio returns f × r rounded to the fen by mode (RoundHalfUp,
// RoundHalfEven or RoundDown; another mode is RoundHalfUp, as in RoundFen):
// the second rounding point of spec §1.2, computed = basis × rate. It
// equals RoundFen(f.Decimal().Mul(rate), mode) for the rate r was made
// from, for every f in range, negative amounts included (rounding is
// symmetric about zero in all three modes). A division rounded once, by
// mode, is a MulRatio by Ratio{r.Den, r.Num}.
//
// The product |f|·Num is held in 128 bits, so no amount and ratio can
// overflow before the result is checked: a result beyond ±MaxFen is an
// error with CodeOverflow; an invalid r is an error with CodeInvalidValue.
func (f Fen) MulRatio(r Ratio, mode string) (Fen, error) {
	if !r.valid() {
		return 0, badRatio(r)
	}
	den := uint64(r.Den)
	hi, lo := bits.Mul64(f.abs(), uint64(r.Num))
	expr := func() string { return f.Grouped() + " × " + r.String() }
	if hi >= den { // the quotient needs more than 64 bits
		return 0, overflow(expr())
	}
	q, rem := bits.Div64(hi, lo, den)
	if q > uint64(MaxFen) {
		return 0, overflow(expr())
	}
	if roundsUp(q, rem, den, mode) {
		q++
	}
	return signed(q, f < 0, expr)
}
