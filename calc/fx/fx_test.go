package fx

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

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
		got, note := Convert(d(c.amount), c.cur, c.r, "half_up")
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
		if ok != c.ok || (ok && r.Rate.String() != c.want) {
			t.Errorf("day %d: got %v %v, want %v %v", c.day, r.Rate, ok, c.want, c.ok)
		}
	}
	if _, ok := tab.Lookup("USD", value.NewDate(2022, time.February, 28), 10); ok {
		t.Error("a rate published after the date must not be used")
	}
	if _, ok := tab.Lookup("GBP", on(5), 10); ok {
		t.Error("unknown currency must not convert")
	}
}
