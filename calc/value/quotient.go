package value

import (
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
)

// carriedPlaces is how many decimal places beyond the fen a division is
// carried before it is rounded to the fen: the 12 places of yuan of the
// decimal path (decimal.DivRound(…, 12) in calc/fx and calc/engine) are 10
// places of fen.
const carriedPlaces = 10

// Quotient is an exact non-negative factor num ÷ den prepared once for
// DivRound12, the integer form of a decimal division carried to 12 places:
// an FX quote (rate ÷ units, or units ÷ rate) or a divisor (1 ÷ divisor).
// It holds the factor as mul·10^exp ÷ div with mul and div below 2⁶⁴, so that DivRound12 needs one 64×64-bit product and 128-by-64
// bit divisions only. The zero Quotient is not valid (DivRound12 refuses
// it); make one with NewQuotient.
type Quotient struct {
	mul, div uint64
	// exp is the 10 places carried beyond the fen, plus the powers of ten
	// taken out of mul, less those cancelled against div.
	exp uint32
}

// NewQuotient prepares num ÷ den. It fails with CodeInvalidValue when num
// or den is not valid or den is zero, and with CodeOverflow when the
// factor, in lowest terms and with its powers of ten taken out, needs more
// than 64 bits above or below the line. It never fails for num and den made
// by RatioFromDecimal of rates written with at most 18 digits and of whole
// units up to 10⁶ (1, 100, 10000), in either order: a denominator of such a
// rate divides 10¹⁸, so the ten places carried (and the powers of ten of the
// other ratio) cancel all but a factor below 2⁶⁴.
func NewQuotient(num, den Ratio) (Quotient, error) {
	if !num.valid() {
		return Quotient{}, badRatio(num)
	}
	if !den.valid() || den.Num == 0 {
		return Quotient{}, fail(CodeInvalidValue, msg.F("比率 %s 不能作除数", "ratio %s cannot be a divisor", den.String()))
	}
	if num.Num == 0 {
		return Quotient{mul: 0, div: 1}, nil
	}
	// Exact in any case; when num and den are each in lowest terms (as
	// RatioFromDecimal makes them), cancelling across them
	// leaves the factor in lowest terms, as small as it can be.
	g1 := gcd64(uint64(num.Num), uint64(den.Num))
	g2 := gcd64(uint64(num.Den), uint64(den.Den))
	m := mul64x64(uint64(num.Num)/g1, uint64(den.Den)/g2)
	d := mul64x64(uint64(num.Den)/g2, uint64(den.Num)/g1)
	exp := uint32(carriedPlaces)
	for {
		q, r := m.divmod64(10)
		if r != 0 {
			break
		}
		m, exp = q, exp+1
	}
	for exp > 0 {
		q, r := d.divmod64(10)
		if r != 0 {
			break
		}
		d, exp = q, exp-1
	}
	if m.hi != 0 || d.hi != 0 {
		return Quotient{}, fail(CodeOverflow, msg.F("%s ÷ %s 无法精确表示为 64 位整数之比", "%s ÷ %s cannot be held exactly as a ratio of 64-bit integers", num.String(), den.String()))
	}
	return Quotient{mul: m.lo, div: d.lo, exp: exp}, nil
}

// String prints the prepared factor as "mul·10^exp/div", the factor times
// 10¹⁰ (the places carried beyond the fen): 7.1234 ÷ 100 prints
// "35617·10^5/5".
func (k Quotient) String() string {
	return strconv.FormatUint(k.mul, 10) + "·10^" + strconv.FormatUint(uint64(k.exp), 10) + "/" + strconv.FormatUint(k.div, 10)
}

// Yuan12 is an amount carried to 12 decimal places of yuan (10⁻¹⁰ fen), as
// decimal.DivRound(…, 12) leaves a quotient before it is rounded to the fen.
// DivRound12 makes it; RoundFen and FloorFen round it to a Fen.
type Yuan12 struct {
	neg bool
	v   u128 // the magnitude in 10⁻¹² yuan
}

// DivRound12 returns f × k rounded half away from zero to 12 places of
// yuan: the integer form of f.Decimal().Mul(num).DivRound(den, 12) for the
// k = NewQuotient(num, den), equal to it for every f in range, negative
// amounts included. The magnitude is computed as |f|·mul (128 bits, never
// overflowing), divided by div with the remainder carried through the exp
// places 19 digits at a time (each step a 128-by-64-bit division), then
// rounded on the last remainder. It fails with CodeOverflow only when the
// result needs more than 128 bits (far beyond the range of Fen; RoundFen
// then reports the others), and with CodeInvalidValue for the zero Quotient.
func (f Fen) DivRound12(k Quotient) (Yuan12, error) {
	if k.div == 0 {
		return Yuan12{}, fail(CodeInvalidValue, msg.T("商未准备（零值 Quotient）", "the quotient is not prepared (zero Quotient)"))
	}
	x, r := mul64x64(f.abs(), k.mul).divmod64(k.div)
	ok := true
	for e := k.exp; e > 0 && ok; {
		n := min(e, 19)
		p := pow10u64[n]
		x, ok = x.mul64(p)
		hi, lo := bits.Mul64(r, p) // hi < r < div: the quotient fits 64 bits
		var digits uint64
		digits, r = bits.Div64(hi, lo, k.div)
		if ok {
			x, ok = x.add64(digits)
		}
		e -= n
	}
	if ok && r >= k.div-r && r != 0 {
		x, ok = x.add64(1)
	}
	if !ok {
		return Yuan12{}, overflow(f.Grouped() + " × " + k.String())
	}
	return Yuan12{neg: f < 0 && !x.isZero(), v: x}, nil
}

// fenOf splits y into whole fen and the remainder in 10⁻¹⁰ fen, failing
// with CodeOverflow when the whole fen do not fit 64 bits.
func (y Yuan12) fenOf() (uint64, uint64, error) {
	q, r := y.v.divmod64(pow10u64[carriedPlaces])
	if q.hi != 0 || q.lo > uint64(MaxFen) {
		return 0, 0, overflow(y.Decimal().String())
	}
	return q.lo, r, nil
}

// RoundFen rounds y to the fen by mode, as RoundFen rounds y.Decimal():
// the first rounding point of spec §1.2 after an FX division. It fails with
// CodeOverflow when the result is beyond ±MaxFen.
func (y Yuan12) RoundFen(mode string) (Fen, error) {
	q, r, err := y.fenOf()
	if err != nil {
		return 0, err
	}
	if roundsUp(q, r, pow10u64[carriedPlaces], mode) {
		q++
	}
	return signed(q, y.neg, func() string { return y.Decimal().String() })
}

// FloorFen rounds y down (toward negative infinity) to the fen, as
// FloorFen rounds y.Decimal(). It fails with CodeOverflow when the result
// is beyond ±MaxFen.
func (y Yuan12) FloorFen() (Fen, error) {
	q, r, err := y.fenOf()
	if err != nil {
		return 0, err
	}
	if y.neg && r != 0 {
		q++
	}
	return signed(q, y.neg, func() string { return y.Decimal().String() })
}

// Decimal returns y in yuan as a decimal with exponent −12, exactly.
func (y Yuan12) Decimal() decimal.Decimal {
	b := y.v.big()
	if y.neg {
		b.Neg(b)
	}
	return decimal.NewFromBigInt(b, -12)
}

// DivDown returns f ÷ divisor carried to 12 places (half away from zero)
// and then rounded down to the fen: the integer form of a limit derived by
// division (calc/engine halfDown, FloorFen(x.DivRound(divisor, 12)), spec
// §1.2), equal to it for every f in range, including where the rounding to
// 12 places lifts a quotient just below a fen onto it (see
// TestDivDownDoubleRounding). It fails with CodeInvalidValue for a zero or
// invalid divisor and with CodeOverflow when NewQuotient does or the result
// is beyond ±MaxFen.
func (f Fen) DivDown(divisor Ratio) (Fen, error) {
	k, err := NewQuotient(Ratio{1, 1}, divisor)
	if err != nil {
		return 0, err
	}
	y, err := f.DivRound12(k)
	if err != nil {
		return 0, err
	}
	return y.FloorFen()
}
