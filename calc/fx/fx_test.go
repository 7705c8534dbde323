package fx

import (
	"math/big"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func rate(cur string, day int, r, units, quote string) roster.Rate {
	return roster.Rate{Currency: cur, Date: value.NewDate(2022, time.March, day), Rate: d(r), Units: d(units), Quote: quote}
}

// TestConvert pins the first rounding point of spec §1.2 for the three
// quotations of the PBOC central parity: CNY per unit (USD), CNY per 100
// units (JPY) and units per CNY (KRW, divided to 12 places first).
func TestConvert(t *testing.T) {
	for _, c := range []struct {
		name, amount, cur string
		r                 roster.Rate
		want              string
	}{
		{"USD per unit", "120000.00", "USD", rate("USD", 1, "7.1234", "1", "cny_per_unit"), "854808.00"},
		{"JPY per 100", "1000000.00", "JPY", rate("JPY", 1, "5.4921", "100", "cny_per_unit"), "54921.00"},
		{"JPY per 100 rounding", "12345.00", "JPY", rate("JPY", 1, "5.4921", "100", "cny_per_unit"), "678.00"}, // 677.999745 → 678.00
		{"KRW per CNY", "10000000.00", "KRW", rate("KRW", 1, "189.53", "1", "unit_per_cny"), "52762.10"},       // 52,762.0957104416… → .10
		{"KRW half-up at the fen", "1000.00", "KRW", rate("KRW", 1, "160", "1", "unit_per_cny"), "6.25"},       // exactly 6.25
		{"KRW 12 places", "1.00", "KRW", rate("KRW", 1, "3", "1", "unit_per_cny"), "0.33"},                     // 0.333333333333
		{"EUR rounding half-up", "0.10", "EUR", rate("EUR", 1, "7.05", "1", "cny_per_unit"), "0.71"},           // 0.705 → 0.71
	} {
		got, note := Convert(d(c.amount), c.cur, NewQuote(c.r), "half_up", "")
		if got.StringFixed(2) != c.want {
			t.Errorf("%s: %s %s = %s, want %s (%s)", c.name, c.cur, c.amount, got.StringFixed(2), c.want, note.En)
		}
	}
}

// TestLookup pins the rate choice: the latest on or before the date, at
// most max age days old, inclusive.
func TestLookup(t *testing.T) {
	tab := NewTable([]roster.Rate{rate("USD", 1, "7.1", "1", ""), rate("USD", 10, "7.2", "1", "")})
	on := func(day int) value.Date { return value.NewDate(2022, time.March, day) }
	for _, c := range []struct {
		day  int
		want string
		ok   bool
	}{
		{1, "7.1", true}, {9, "7.1", true}, {10, "7.2", true}, {20, "7.2", true}, {21, "", false},
	} {
		r, ok := tab.Lookup("USD", on(c.day), 10)
		if ok != c.ok || (ok && r.Rate.Rate.String() != c.want) {
			t.Errorf("day %d: got %v %v, want %v %v", c.day, r.Rate.Rate, ok, c.want, c.ok)
		}
	}
	if _, ok := tab.Lookup("USD", value.NewDate(2022, time.February, 28), 10); ok {
		t.Error("a rate published after the date must not be used")
	}
	if _, ok := tab.Lookup("GBP", on(5), 10); ok {
		t.Error("unknown currency must not convert")
	}
}

// decimalConvert is Convert as it was before the integer path: the
// reference of TestConvertMatchesDecimal, amount and words.
func decimalConvert(amount decimal.Decimal, currency string, r roster.Rate, mode string) (decimal.Decimal, msg.Text) {
	var exact decimal.Decimal
	var op string
	switch r.Quote {
	case "unit_per_cny":
		exact = amount.Mul(r.Units).DivRound(r.Rate, divisionPlaces)
		op = "÷ " + r.Rate.String()
		if !r.Units.Equal(decimal.NewFromInt(1)) {
			op += " × " + r.Units.String()
		}
	default:
		exact = amount.Mul(r.Rate)
		op = "× " + r.Rate.String()
		if !r.Units.Equal(decimal.NewFromInt(1)) {
			exact = exact.DivRound(r.Units, divisionPlaces)
			op += " / " + r.Units.String()
		}
	}
	cny := value.RoundFen(exact, mode)
	return cny, msg.F("%s %s %s（%s）= %s 元", "%s %s %s (%s) = CNY %s",
		currency, value.FormatGrouped(amount), op, r.Date, value.FormatGrouped(cny))
}

// anyAmountGen draws the amounts Convert may be given: whole fen in range
// (every amount the rosters admit), and, now and then, amounts the integer
// path cannot hold — fractions of a fen, amounts beyond ±value.MaxFen —
// which Convert computes in decimal.
func anyAmountGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 5).Draw(t, "amount kind") {
		case 0:
			return decimal.New(rapid.Int64().Draw(t, "sub-fen"), -rapid.Int32Range(3, 8).Draw(t, "places"))
		case 1:
			c := new(big.Int).Mul(big.NewInt(rapid.Int64Range(1, 1<<62).Draw(t, "big")), big.NewInt(rapid.Int64Range(1, 1<<40).Draw(t, "factor")))
			return decimal.NewFromBigInt(c, -rapid.Int32Range(0, 2).Draw(t, "places"))
		default:
			return amountGen().Draw(t, "fen").Decimal().Shift(rapid.Int32Range(0, 2).Draw(t, "shift")).Shift(-rapid.Int32Range(0, 2).Draw(t, "unshift"))
		}
	})
}

// anyRateGen draws fx rates and units as ParseRate reads them: published
// rates and ones of up to 18 digits (which have an integer form), and ones
// of up to 40 digits or with fractional units (which may not).
func anyRateGen() *rapid.Generator[roster.Rate] {
	return rapid.Custom(func(t *rapid.T) roster.Rate {
		r := roster.Rate{Currency: "XXX", Date: value.NewDate(2022, time.March, 1),
			Quote: rapid.SampledFrom([]string{"cny_per_unit", "unit_per_cny", ""}).Draw(t, "quote")}
		if rapid.IntRange(0, 3).Draw(t, "wide rate") == 0 {
			c, _ := new(big.Int).SetString(rapid.StringMatching(`[1-9][0-9]{18,39}`).Draw(t, "digits"), 10)
			r.Rate = decimal.NewFromBigInt(c, -rapid.Int32Range(0, int32(len(c.String()))).Draw(t, "places"))
		} else {
			r.Rate = fxRateGen().Draw(t, "rate")
			if r.Rate.IsZero() {
				r.Rate = d("0.5")
			}
		}
		switch rapid.IntRange(0, 3).Draw(t, "units kind") {
		case 0:
			r.Units = decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, "units digits"), -rapid.Int32Range(0, 6).Draw(t, "units places"))
		case 1:
			r.Units = decimal.NewFromInt(rapid.Int64Range(1, 1_000_000).Draw(t, "units"))
		default:
			r.Units = decimal.NewFromInt(rapid.SampledFrom([]int64{1, 100, 10000}).Draw(t, "units"))
		}
		return r
	})
}

// TestConvertMatchesDecimal: Convert, which computes in whole fen where it
// can and in decimal where it cannot, gives for every amount, rate, units,
// quote and mode the same amount and the same words as the decimal
// arithmetic it replaced.
func TestConvertMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amount := anyAmountGen().Draw(t, "amount")
		r := anyRateGen().Draw(t, "rate")
		mode := rapid.SampledFrom(modes).Draw(t, "mode")
		want, wantNote := decimalConvert(amount, "XXX", r, mode)
		got, note := Convert(amount, "XXX", NewQuote(r), mode, "")
		if !got.Equal(want) || value.FormatPlain(got) != value.FormatPlain(want) || note != wantNote {
			t.Fatalf("%s at %s per %s %s %s: Convert %s (%s), decimal %s (%s)", amount, r.Rate, r.Units, r.Quote, mode,
				got, note.En, want, wantNote.En)
		}
	})
}
