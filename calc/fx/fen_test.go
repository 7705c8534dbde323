package fx

import (
	"errors"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// modes are the three rounding modes of the policy.
var modes = []string{value.RoundHalfUp, value.RoundHalfEven, value.RoundDown}

// amountGen draws source amounts in fen: tiny, ordinary, at the range bound
// and any in range, now and then negative.
func amountGen() *rapid.Generator[value.Fen] {
	return rapid.Custom(func(t *rapid.T) value.Fen {
		var n int64
		switch rapid.IntRange(0, 3).Draw(t, "amount kind") {
		case 0:
			n = rapid.Int64Range(0, 1000).Draw(t, "tiny")
		case 1:
			n = rapid.Int64Range(0, 10_000_000_000_00).Draw(t, "ordinary")
		case 2:
			n = rapid.Int64Range(int64(value.MaxFen)-1_000_000, int64(value.MaxFen)).Draw(t, "at the bound")
		default:
			n = rapid.Int64Range(0, int64(value.MaxFen)).Draw(t, "any")
		}
		if rapid.IntRange(0, 4).Draw(t, "sign") == 0 {
			n = -n
		}
		return value.Fen(n)
	})
}

// fxRateGen draws positive rates as the fx roster has them: published
// rates, rates ending in 5 at 5, 7, 9 or 11 places (halves at the 12th
// place with units of 1, 100 or 10000), the rates of the double-rounding
// cases, and any rate written with at most 18 digits.
func fxRateGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 3).Draw(t, "rate kind") {
		case 0:
			return d(rapid.SampledFrom([]string{"7.1234", "4.9617", "0.005123", "189.53", "5.4921", "6.7134", "0.0517", "1300.7",
				"9.999999999", "19.999999999", "189.531234567", "0.5", "0.125", "160", "3"}).Draw(t, "published rate"))
		case 1:
			places := rapid.SampledFrom([]int32{5, 7, 9, 11}).Draw(t, "places")
			return decimal.New(rapid.Int64Range(0, 100_000_000).Draw(t, "digits")*10+5, -places)
		default:
			digits := rapid.IntRange(1, 18).Draw(t, "digits")
			places := rapid.IntRange(0, digits).Draw(t, "places")
			c := rapid.Int64Range(1, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil).Int64()-1).Draw(t, "coefficient")
			return decimal.New(c, -int32(places))
		}
	})
}

// policyRatioGen draws the policy's ratios and any ratio of at most 18
// digits below 1.
func policyRatioGen() *rapid.Generator[decimal.Decimal] {
	return rapid.OneOf(
		rapid.Map(rapid.SampledFrom([]string{"0.10", "0.5", "0.125", "0.3", "0.05", "0.8", "1", "0.35", "0.15", "0.375"}), d),
		rapid.Map(rapid.Int64Range(1, 999_999_999_999_999_999), func(c int64) decimal.Decimal { return decimal.New(c, -18) }))
}

// beyond reports whether the decimal amount x is outside ±MaxFen.
func beyond(x decimal.Decimal) bool { return x.Abs().GreaterThan(value.MaxFen.Decimal()) }

// TestConvertFenMatchesConvert: for every amount, rate, units (1, 100,
// 10000 or any up to 10⁶), quote and mode, ConvertFen gives the fen of
// Convert's decimal arithmetic (convertDecimal) at the first rounding point
// of spec §1.2 (basis_cny), or an overflow error exactly when that fen is
// beyond the range; and the
// second rounding point (computed = basis_cny × ratio, MulRatio) then gives
// the fen of the engine's RoundFen(basis × rate, mode).
func TestConvertFenMatchesConvert(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var amount value.Fen
		var r roster.Rate
		if rapid.IntRange(0, 3).Draw(t, "near a boundary") == 0 {
			amount, r = nearBoundary(t)
		} else {
			amount = amountGen().Draw(t, "amount")
			r = roster.Rate{Currency: "XXX", Rate: fxRateGen().Draw(t, "rate"),
				Units: decimal.NewFromInt(rapid.OneOf(rapid.SampledFrom([]int64{1, 100, 10000}), rapid.Int64Range(1, 1_000_000)).Draw(t, "units")),
				Quote: rapid.SampledFrom([]string{"cny_per_unit", "unit_per_cny", ""}).Draw(t, "quote")}
		}
		mode := rapid.SampledFrom(modes).Draw(t, "mode")
		fr, err := NewFenRate(r)
		if err != nil {
			t.Fatalf("NewFenRate(%s per %s, %s): %v", r.Rate, r.Units, r.Quote, err)
		}
		want := convertDecimal(amount.Decimal(), r, mode)
		basis, err := ConvertFen(amount, fr, mode)
		what := amount.String() + " at " + r.Rate.String() + " per " + r.Units.String() + " " + r.Quote + " " + mode
		if beyond(want) {
			if e := (*value.Error)(nil); !errors.As(err, &e) || e.Code != value.CodeOverflow {
				t.Fatalf("%s: Convert gives %s, out of range; ConvertFen %s, %v", what, want, basis, err)
			}
			return
		}
		if err != nil || !basis.Decimal().Equal(want) || basis.String() != value.FormatPlain(want) {
			t.Fatalf("%s: ConvertFen %s, %v; Convert %s", what, basis, err, value.FormatPlain(want))
		}
		rate := policyRatioGen().Draw(t, "policy ratio")
		ratio, err := value.RatioFromDecimal(rate)
		if err != nil {
			t.Fatal(err)
		}
		computed, err := basis.MulRatio(ratio, mode)
		if ref := value.RoundFen(want.Mul(rate), mode); err != nil || !computed.Decimal().Equal(ref) {
			t.Fatalf("%s, then × %s: MulRatio %s, %v; decimal %s", what, rate, computed, err, value.FormatPlain(ref))
		}
	})
}

// nearBoundary draws a rate of many digits and an amount whose exact CNY
// amount lies within a few 10⁻¹² fen (at most 20/M fen, M > 10¹¹) below a
// fen or a half fen, where Convert's 12-place step can move it onto the
// boundary (TestConvertFenDoubleRounding): x = amount·c/M in fen, with c
// and M coprime, is put at k − δ/M or k + ½ − δ/(2M) by solving
// amount·c ≡ target (mod M).
func nearBoundary(t *rapid.T) (value.Fen, roster.Rate) {
	places := rapid.IntRange(9, 12).Draw(t, "rate places")
	num := rapid.Int64Range(10_000_000_000, 9_999_999_999_999).Draw(t, "rate digits")
	if num%2 == 0 {
		num++
	}
	if num%5 == 0 {
		num += 2
	}
	rate := decimal.New(num, -int32(places))
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	var c, m *big.Int
	r := roster.Rate{Currency: "XXX", Rate: rate}
	if rapid.Bool().Draw(t, "units per CNY") {
		units := rapid.SampledFrom([]int64{1, 100}).Draw(t, "units")
		r.Units, r.Quote = decimal.NewFromInt(units), "unit_per_cny"
		c, m = new(big.Int).Mul(den, big.NewInt(units)), big.NewInt(num) // x = amount·units·10^places/num
	} else {
		units := rapid.SampledFrom([]int64{100, 10000}).Draw(t, "units")
		r.Units, r.Quote = decimal.NewFromInt(units), "cny_per_unit"
		c, m = big.NewInt(num), new(big.Int).Mul(den, big.NewInt(units)) // x = amount·num/(10^places·units)
	}
	delta := big.NewInt(rapid.Int64Range(1, 20).Draw(t, "δ"))
	target := new(big.Int).Sub(m, delta) // just below a fen
	if rapid.Bool().Draw(t, "half fen") {
		if target.Bit(0) == 1 {
			target.Sub(target, big.NewInt(1))
		}
		target.Rsh(target, 1) // just below a half fen
	}
	a := new(big.Int).ModInverse(new(big.Int).Mod(c, m), m)
	a.Mul(a, target).Mod(a, m)
	return value.Fen(a.Int64()), r
}

// TestConvertFenTable: the cases of TestConvert, in integers.
func TestConvertFenTable(t *testing.T) {
	for _, c := range []struct {
		amount string
		r      roster.Rate
		want   string
	}{
		{"120000.00", rate("USD", 1, "7.1234", "1", "cny_per_unit"), "854808.00"},
		{"1000000.00", rate("JPY", 1, "5.4921", "100", "cny_per_unit"), "54921.00"},
		{"12345.00", rate("JPY", 1, "5.4921", "100", "cny_per_unit"), "678.00"},
		{"10000000.00", rate("KRW", 1, "189.53", "1", "unit_per_cny"), "52762.10"},
		{"1000.00", rate("KRW", 1, "160", "1", "unit_per_cny"), "6.25"},
		{"1.00", rate("KRW", 1, "3", "1", "unit_per_cny"), "0.33"},
		{"0.10", rate("EUR", 1, "7.05", "1", "cny_per_unit"), "0.71"},
		{"0.10", rate("EUR", 1, "7.05", "1", "bogus"), "0.71"}, // any other quote is CNY per unit, as in Convert
	} {
		amount, err := value.FenFromDecimal(d(c.amount))
		if err != nil {
			t.Fatal(err)
		}
		fr, err := NewFenRate(c.r)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ConvertFen(amount, fr, value.RoundHalfUp); err != nil || got.String() != c.want {
			t.Errorf("%s %s = %s, %v; want %s", c.r.Currency, c.amount, got, err, c.want)
		}
	}
	if _, err := ConvertFen(1, FenRate{}, value.RoundHalfUp); err == nil {
		t.Error("the zero FenRate converted")
	}
	for _, r := range []roster.Rate{
		{Rate: decimal.Zero, Units: decimal.NewFromInt(1), Quote: "unit_per_cny"},
		{Rate: d("7.1"), Units: decimal.Zero, Quote: "cny_per_unit"},
		{Rate: d("-7.1"), Units: decimal.NewFromInt(1), Quote: "cny_per_unit"},
	} {
		if _, err := NewFenRate(r); err == nil {
			t.Errorf("NewFenRate(%s per %s %s) accepted", r.Rate, r.Units, r.Quote)
		}
	}
}

// TestConvertFenDoubleRounding pins the cases where Convert's division to
// 12 places before the rounding to the fen gives another fen than rounding
// the exact quotient once, and checks that ConvertFen gives Convert's fen.
//
// When can it happen? Rounding to 12 places moves the quotient x by at
// most 5·10⁻¹³ yuan; it changes the fen only if that moves x onto or across
// a boundary of the mode (a fen for RoundDown, a half fen for the others)
// it was not on.
//   - CNY per 10^k units, a rate of s fraction digits: x = amount × rate ÷
//     10^k has at most 2+s+k fraction digits, so the 12-place step is exact
//     and changes nothing while s+k ≤ 10 (a rate of up to 8 places per 100
//     units, up to 6 per 10000; the PBOC publishes 4). For other whole
//     units u, x lies at least 1/(200·10^s·u) yuan from any boundary it is
//     not on, so nothing changes while 10^s·u < 10¹⁰. One unit is not
//     divided at all.
//   - Units per CNY, a rate p/q in lowest terms: x = amount × units × q ÷
//     (100·p) lies at least 1/(200·p) yuan from any boundary it is not on,
//     so nothing changes while p < 10¹⁰ (a rate of at most 10 significant
//     digits; published rates have 6).
//
// Beyond those bounds it does happen, as the cases show.
func TestConvertFenDoubleRounding(t *testing.T) {
	for _, c := range []struct {
		name, amount string
		r            roster.Rate
		mode         string
		want, exact  string
	}{
		// 0.05 × 9.999999999 ÷ 100 = 0.0049999999995 → 0.005000000000 → 0.01
		{"per 100, 9 places, half-up", "0.05", rate("JPY", 1, "9.999999999", "100", "cny_per_unit"), value.RoundHalfUp, "0.01", "0.00"},
		// the same to 12 places is a tie, which half-even keeps at 0.00
		{"per 100, 9 places, half-even", "0.05", rate("JPY", 1, "9.999999999", "100", "cny_per_unit"), value.RoundHalfEven, "0.00", "0.00"},
		// 0.05 × 19.999999999 ÷ 100 = 0.0099999999995 → 0.010000000000 → 0.01
		{"per 100, 9 places, down", "0.05", rate("JPY", 1, "19.999999999", "100", "cny_per_unit"), value.RoundDown, "0.01", "0.00"},
		// 0.05 ÷ 10.000000001 = 0.0049999999995000… → 0.005000000000 → 0.01
		{"per CNY, 11 digits, half-up", "0.05", rate("KRW", 1, "10.000000001", "1", "unit_per_cny"), value.RoundHalfUp, "0.01", "0.00"},
		// 1,404,348,556.49 ÷ 189.531234567 = 7,409,589.029999999999947… → .030000000000
		{"per CNY, 12 digits, down", "1404348556.49", rate("KRW", 1, "189.531234567", "1", "unit_per_cny"), value.RoundDown, "7409589.03", "7409589.02"},
		// 176,939,083.54 ÷ 189.531234567 = 933,561.6049999999998153… → .605000000000
		{"per CNY, 12 digits, half-up", "176939083.54", rate("KRW", 1, "189.531234567", "1", "unit_per_cny"), value.RoundHalfUp, "933561.61", "933561.60"},
		// 1,649,830,451.08 ÷ 189.531234567 = 8,704,794.514999999999973… → .515000000000
		{"per CNY, 12 digits, half-even", "1649830451.08", rate("KRW", 1, "189.531234567", "1", "unit_per_cny"), value.RoundHalfEven, "8704794.52", "8704794.51"},
		// a published rate: no difference
		{"per CNY, published", "176939083.54", rate("KRW", 1, "189.53", "1", "unit_per_cny"), value.RoundHalfUp, "933567.69", "933567.69"},
	} {
		amount := d(c.amount)
		ref := convertDecimal(amount, c.r, c.mode)
		if value.FormatPlain(ref) != c.want {
			t.Fatalf("%s: table error: the decimal path gives %s", c.name, value.FormatPlain(ref))
		}
		if got, _ := Convert(amount, c.r.Currency, NewQuote(c.r), c.mode, ""); value.FormatPlain(got) != c.want {
			t.Errorf("%s: Convert = %s, want %s", c.name, value.FormatPlain(got), c.want)
		}
		if ex := exactFen(amount, c.r, c.mode); ex != c.exact {
			t.Fatalf("%s: table error: the exact quotient rounds to %s", c.name, ex)
		}
		fen, err := value.FenFromDecimal(amount)
		if err != nil {
			t.Fatal(err)
		}
		fr, err := NewFenRate(c.r)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ConvertFen(fen, fr, c.mode); err != nil || got.String() != c.want {
			t.Errorf("%s: ConvertFen = %s, %v; want %s (Convert's fen, not the exact %s)", c.name, got, err, c.want, c.exact)
		}
	}
}

// exactFen rounds the exact CNY amount of amount at r to the fen by mode,
// once, with rational arithmetic (non-negative amounts).
func exactFen(amount decimal.Decimal, r roster.Rate, mode string) string {
	x := new(big.Rat).Mul(amount.Rat(), big.NewRat(100, 1))
	if r.Quote == "unit_per_cny" {
		x.Mul(x, r.Units.Rat()).Quo(x, r.Rate.Rat())
	} else {
		x.Mul(x, r.Rate.Rat()).Quo(x, r.Units.Rat())
	}
	q, rem := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	c := new(big.Int).Lsh(rem, 1).Cmp(x.Denom())
	if (mode == value.RoundHalfUp && c >= 0) || (mode == value.RoundHalfEven && (c > 0 || (c == 0 && q.Bit(0) == 1))) {
		q.Add(q, big.NewInt(1))
	}
	return value.FormatPlain(decimal.NewFromBigInt(q, -2))
}
