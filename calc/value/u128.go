package value

import (
	"math/big"
	"math/bits"
)

// u128 is an unsigned 128-bit integer, hi·2⁶⁴ + lo: the intermediate of
// the integer money path (an amount in fen times a 64-bit rate numerator
// needs up to 127 bits). Every operation that can leave 128 bits is
// checked.
type u128 struct{ hi, lo uint64 }

// pow10u64 holds 10⁰ … 10¹⁹, every power of ten below 2⁶⁴.
var pow10u64 = [20]uint64{
	1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
	10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
	1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
	10_000_000_000_000_000_000,
}

// mul64x64 returns a·b; it never overflows.
func mul64x64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

// mul64 returns x·b and false when the product needs more than 128 bits.
func (x u128) mul64(b uint64) (u128, bool) {
	h1, lo := bits.Mul64(x.lo, b)
	h2, m := bits.Mul64(x.hi, b)
	hi, c := bits.Add64(m, h1, 0)
	return u128{hi, lo}, h2 == 0 && c == 0
}

// add64 returns x+b and false when the sum needs more than 128 bits.
func (x u128) add64(b uint64) (u128, bool) {
	lo, c := bits.Add64(x.lo, b, 0)
	hi, c := bits.Add64(x.hi, 0, c)
	return u128{hi, lo}, c == 0
}

// divmod64 returns the quotient and remainder of x ÷ d; d must not be 0.
func (x u128) divmod64(d uint64) (u128, uint64) {
	qhi, r := x.hi/d, x.hi%d
	qlo, r := bits.Div64(r, x.lo, d)
	return u128{qhi, qlo}, r
}

// isZero reports whether x is 0.
func (x u128) isZero() bool { return x.hi == 0 && x.lo == 0 }

// big returns x as a new big.Int.
func (x u128) big() *big.Int {
	b := new(big.Int).SetUint64(x.hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(x.lo))
}

// gcd64 returns the greatest common divisor of a and b (gcd(0, b) = b).
func gcd64(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// roundsUp reports whether q + rem/den (0 ≤ rem < den) rounds up to q+1
// at the unit under mode, as RoundFen rounds a non-negative value:
// RoundHalfUp from half upward, RoundHalfEven above half or at half when q
// is odd, RoundDown never. An unknown mode is RoundHalfUp, as in RoundFen.
func roundsUp(q, rem, den uint64, mode string) bool {
	switch mode {
	case RoundDown:
		return false
	case RoundHalfEven:
		rest := den - rem // rem ≥ rest ⇔ 2·rem ≥ den, without overflowing 2·rem
		return rem > rest || (rem == rest && q&1 == 1)
	default:
		return rem > 0 && rem >= den-rem
	}
}
