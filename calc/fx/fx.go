// Package fx converts foreign amounts to CNY with the published rates of
// the fx roster (spec §3 "FX"): the latest rate on or before the event date,
// at most fx_max_age_days old (inclusive).
package fx

import (
	"sort"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// divisionPlaces is how far a division is carried before the single
// rounding to the fen (spec §3: inverse quotes are divided to 12 places).
const divisionPlaces = 12

// Table holds the rates by currency, sorted by date.
type Table struct {
	byCur map[string][]roster.Rate
}

// NewTable indexes rates. Rates must already be free of duplicates and
// conflicts (one rate per currency and date).
func NewTable(rates []roster.Rate) *Table {
	t := &Table{byCur: map[string][]roster.Rate{}}
	for _, r := range rates {
		t.byCur[r.Currency] = append(t.byCur[r.Currency], r)
	}
	for _, rs := range t.byCur {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Date < rs[j].Date })
	}
	return t
}

// Lookup returns the latest rate of currency published on or before d and
// at most maxAge days before it.
func (t *Table) Lookup(currency string, d value.Date, maxAge int) (roster.Rate, bool) {
	rs := t.byCur[currency]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Date > d }) - 1
	if i < 0 || int(d-rs[i].Date) > maxAge {
		return roster.Rate{}, false
	}
	return rs[i], true
}

// Latest returns the latest rate of currency on or before d regardless of
// age (for the message of a rate that is too old).
func (t *Table) Latest(currency string, d value.Date) (roster.Rate, bool) {
	return t.Lookup(currency, d, int(^uint32(0)>>1))
}

// Convert returns amount in CNY at rate r, rounded to the fen with mode,
// and the conversion in words ("USD 120,000.00 × 7.1234 (2022-03-01) =
// 854,808.00").
func Convert(amount decimal.Decimal, currency string, r roster.Rate, mode string) (decimal.Decimal, msg.Text) {
	var exact decimal.Decimal
	var op string
	switch r.Quote {
	case "unit_per_cny":
		// units of the currency per r.Units CNY: divide.
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
