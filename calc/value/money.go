package value

import (
	"math/big"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
)

// CodeOverflow marks an amount, a rate or a result that the exact integer
// money path (Fen, Ratio, Quotient) cannot hold: an amount of 10¹⁶ yuan or
// more in magnitude, a rate that is not a ratio of 64-bit integers, or an
// intermediate beyond 128 bits; it never wraps around. The engine's
// formulas and fx.Convert then compute that amount in decimal, as they did
// before the integer path (calc/engine formula.go), so no input is
// rejected, or computed differently, for it.
const CodeOverflow = "amount_overflow"

// Fen is an amount of money as a whole number of fen (0.01 yuan), the
// integer counterpart of the decimal amounts on the money path.
//
// Its range is ±MaxFen: every amount below 10¹⁶ yuan in magnitude, ten
// times the largest amount ParseAmount reads (MaxAmountIntegerDigits), so
// that sums of many amounts still fit, and with int64 headroom (MaxFen is
// about 1/9 of the largest int64) so that a sum of two in-range amounts can
// be computed before it is checked. FenFromDecimal, Add, Sub, MulRatio
// and the rounding of Yuan12 return an error with CodeOverflow rather than
// a result outside the range; a Fen made by conversion
// (Fen(n)) is the caller's to keep in range.
//
// Fen is an integer, so ==, < and the built-in min and max compare and
// clamp amounts directly (min(computed, limit), max(0, room)).
type Fen int64

// MaxFen is the largest amount a Fen holds: 9,999,999,999,999,999.99 yuan.
// The smallest is −MaxFen.
const MaxFen Fen = 999_999_999_999_999_999

// overflow is the CodeOverflow error for expr, a description of the
// amount or the operation that left the range.
func overflow(expr string) *Error {
	return fail(CodeOverflow, msg.F("%s 超出可计算的金额范围（绝对值须小于 10,000,000,000,000,000.00 元）",
		"%s is beyond the range of amounts (magnitude below CNY 10,000,000,000,000,000.00)", expr))
}

// FenFromDecimal returns d in fen, exactly. It fails with CodeInvalidAmount
// when d is not a whole number of fen ("1.234"; "1.230" is 123 fen) and
// with CodeOverflow when |d| ≥ 10¹⁶ yuan. Every amount ParseAmount
// returns converts.
func FenFromDecimal(d decimal.Decimal) (Fen, error) {
	if f, ok := wholeFen(d); ok {
		return f, nil
	}
	shifted := d.Shift(2)
	if !shifted.IsInteger() {
		return 0, fail(CodeInvalidAmount, msg.F("金额 %s 不是整分数（最多两位小数）", "amount %s is not a whole number of fen (at most two decimals)", d.String()))
	}
	b := shifted.BigInt()
	if b.CmpAbs(big.NewInt(int64(MaxFen))) > 0 {
		return 0, overflow(d.String())
	}
	return Fen(b.Int64()), nil
}

// wholeFen is d in fen without big.Int for the exponents of amounts read,
// rounded or summed (0, −1, −2) and a coefficient of at most 16 digits,
// which scaled to fen stays below MaxFen; false for any other d, whole fen
// or not. It is the fast path of FenFromDecimal, FormatPlain and
// FormatGrouped.
func wholeFen(d decimal.Decimal) (Fen, bool) {
	exp := d.Exponent()
	if exp < -2 || exp > 0 || d.NumDigits() > 16 {
		return 0, false
	}
	fen := d.CoefficientInt64()
	for i := int32(0); i < exp+2; i++ {
		fen *= 10
	}
	return Fen(fen), true
}

// Decimal returns f in yuan as a decimal with exponent −2, as RoundFen
// leaves amounts: Fen(12345).Decimal() is 123.45.
func (f Fen) Decimal() decimal.Decimal { return decimal.New(int64(f), -2) }

// String prints f in yuan as FormatPlain prints f.Decimal(): "1234.50",
// "0.00", "-3.00".
func (f Fen) String() string { return formatFen(int64(f), 0) }

// Grouped prints f in yuan as FormatGrouped prints f.Decimal():
// "1,234,567.80", "-1,000.00".
func (f Fen) Grouped() string { return formatFen(int64(f), ',') }

// inRange reports whether |f| ≤ MaxFen.
func (f Fen) inRange() bool { return f <= MaxFen && f >= -MaxFen }

// abs returns |f| as an unsigned number (math.MinInt64 included).
func (f Fen) abs() uint64 {
	if f < 0 {
		return -uint64(f)
	}
	return uint64(f)
}

// signed returns the fen u with the sign neg, or an error with CodeOverflow
// built by expr when u > MaxFen.
func signed(u uint64, neg bool, expr func() string) (Fen, error) {
	if u > uint64(MaxFen) {
		return 0, overflow(expr())
	}
	if neg {
		return -Fen(u), nil
	}
	return Fen(u), nil
}

// Add returns f + g, or an error with CodeOverflow when the sum is beyond
// ±MaxFen (it never wraps, even for operands made out of range by
// conversion).
func (f Fen) Add(g Fen) (Fen, error) {
	s := f + g
	if (f^s)&(g^s) < 0 || !s.inRange() {
		return 0, overflow(f.Grouped() + " + " + g.Grouped())
	}
	return s, nil
}

// Sub returns f − g, or an error with CodeOverflow when the difference is
// beyond ±MaxFen.
func (f Fen) Sub(g Fen) (Fen, error) {
	s := f - g
	if (f^g)&(f^s) < 0 || !s.inRange() {
		return 0, overflow(f.Grouped() + " − " + g.Grouped())
	}
	return s, nil
}
