package value

import (
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// Rounding modes understood by RoundFen. Policies name them by these
// strings.
const (
	// RoundHalfUp is 四舍五入: a half fen rounds away from zero.
	RoundHalfUp = "half_up"
	// RoundHalfEven is banker's rounding: a half fen rounds to the even fen.
	RoundHalfEven = "half_even"
	// RoundDown truncates toward zero.
	RoundDown = "down"
	// RoundDefault is the mode of a policy that names none (spec §1.2), and
	// the one RoundFen applies for a mode it does not know.
	RoundDefault = RoundHalfUp
)

// RoundFen rounds d to two fraction digits (the fen) by mode: RoundHalfUp
// (half away from zero: 0.125 → 0.13, −0.125 → −0.13), RoundHalfEven
// (0.125 → 0.12, 0.135 → 0.14) or RoundDown (toward zero: 0.129 → 0.12,
// −0.129 → −0.12). RoundFen never panics: an unknown mode is treated as
// RoundDefault (the policy schema admits only the three). The result always
// has exponent -2.
func RoundFen(d decimal.Decimal, mode string) decimal.Decimal {
	switch mode {
	case RoundHalfEven:
		return d.RoundBank(2)
	case RoundDown:
		return d.Truncate(2).Round(2)
	default:
		return d.Round(2)
	}
}

// FloorFen rounds d down (toward negative infinity) to the fen, as limits
// derived by division must never round up. The result has exponent -2.
func FloorFen(d decimal.Decimal) decimal.Decimal { return d.RoundFloor(2).Round(2) }

// FormatPlain prints d with exactly two fraction digits and no separators:
// "1234.50", "0.00", "-3.00". A value with more fraction digits is first
// rounded half away from zero; round explicitly with RoundFen to choose the
// mode.
func FormatPlain(d decimal.Decimal) string {
	// Fast path, same text as StringFixed(2): an exponent of 0, -1 or -2
	// (every amount read, rounded or summed) and at most 16 digits fit in
	// a Fen without rounding.
	if f, ok := wholeFen(d); ok {
		return f.String()
	}
	return d.StringFixed(2)
}

// formatFen prints an amount in fen in yuan, "123.45", "-0.05", with sep
// between groups of three integer digits ("1,234.50") unless sep is 0.
func formatFen(fen int64, sep byte) string {
	var b [32]byte
	i := len(b)
	neg := fen < 0
	u := uint64(fen)
	if neg {
		u = -u
	}
	for k := 0; k < 2; k++ {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	i--
	b[i] = '.'
	for n := 0; ; n++ {
		if sep != 0 && n > 0 && n%3 == 0 {
			i--
			b[i] = sep
		}
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// FormatGrouped prints d like FormatPlain but with ',' between groups of
// three integer digits: "1,234,567.80", "-1,000.00".
func FormatGrouped(d decimal.Decimal) string {
	if f, ok := wholeFen(d); ok { // FormatPlain's fast path
		return f.Grouped()
	}
	s := d.StringFixed(2)
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
	b.WriteByte('.')
	b.WriteString(frac)
	return b.String()
}

// FormatPercent prints the ratio d as a percentage with trailing zeros
// removed and no rounding: 0.5 → "50%", 0.125 → "12.5%", 1 → "100%",
// 0.0005 → "0.05%". It never uses exponent notation.
func FormatPercent(d decimal.Decimal) string {
	return trimDecimal(d.Mul(decimal.New(100, 0))) + "%"
}

// trimDecimal prints d in full without exponent notation and without
// trailing fraction zeros, independent of the decimal package's global
// formatting switches.
func trimDecimal(d decimal.Decimal) string {
	if d.Exponent() >= 0 {
		n := new(big.Int).Mul(d.Coefficient(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Exponent())), nil))
		return n.String()
	}
	s := d.StringFixed(-d.Exponent())
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// FormatCount prints a count with ',' between groups of three digits, as
// amounts are grouped: 1234567 → "1,234,567".
func FormatCount(n int) string {
	s := FormatGrouped(decimal.NewFromInt(int64(n)))
	return s[:len(s)-3] // without ".00"
}
