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

// Table holds the rates by currency, sorted by date, each prepared once
// as a Quote.
type Table struct {
	byCur map[string][]Quote
}

// Quote is a rate of the fx roster prepared once for Convert: its exact
// integer form (FenRate), when it has one, and the conversion in words.
type Quote struct {
	Rate roster.Rate
	// fen is Rate for ConvertFen; exact says NewFenRate prepared it (it
	// does for every rate of at most 18 digits and whole units up to 10⁶).
	fen   FenRate
	exact bool
	op    string // "× 7.1234", "× 5.4921 / 100", "÷ 189.53"
}

// NewQuote prepares r for Convert.
func NewQuote(r roster.Rate) Quote {
	q := Quote{Rate: r}
	if fen, err := NewFenRate(r); err == nil {
		q.fen, q.exact = fen, true
	}
	one := r.Units.Equal(decimal.NewFromInt(1))
	switch r.Quote {
	case "unit_per_cny":
		q.op = "÷ " + r.Rate.String()
		if !one {
			q.op += " × " + r.Units.String()
		}
	default:
		q.op = "× " + r.Rate.String()
		if !one {
			q.op += " / " + r.Units.String()
		}
	}
	return q
}

// NewTable indexes rates. Rates must already be free of duplicates and
// conflicts (one rate per currency and date).
func NewTable(rates []roster.Rate) *Table {
	t := &Table{byCur: map[string][]Quote{}}
	for _, r := range rates {
		t.byCur[r.Currency] = append(t.byCur[r.Currency], NewQuote(r))
	}
	for _, qs := range t.byCur {
		sort.Slice(qs, func(i, j int) bool { return qs[i].Rate.Date < qs[j].Rate.Date })
	}
	return t
}

// Lookup returns the latest rate of currency published on or before d and
// at most maxAge days before it.
func (t *Table) Lookup(currency string, d value.Date, maxAge int) (Quote, bool) {
	qs := t.byCur[currency]
	i := sort.Search(len(qs), func(i int) bool { return qs[i].Rate.Date > d }) - 1
	if i < 0 || int(d-qs[i].Rate.Date) > maxAge {
		return Quote{}, false
	}
	return qs[i], true
}

// Latest returns the latest rate of currency on or before d regardless of
// age (for the message of a rate that is too old).
func (t *Table) Latest(currency string, d value.Date) (Quote, bool) {
	return t.Lookup(currency, d, int(^uint32(0)>>1))
}

// Convert returns amount in CNY at the rate q, rounded to the fen with
// mode, and the conversion in words ("USD 120,000.00 × 7.1234 (2022-03-01)
// = 854,808.00"). It computes in whole fen (ConvertFen) whenever the
// amount is a whole number of fen in range and the rate has an exact
// integer form, as every amount and rate the rosters admit does, and in
// decimal otherwise (convertDecimal): the two give the same fen
// (TestConvertMatchesDecimal, TestConvertFenMatchesConvert).
func Convert(amount decimal.Decimal, currency string, q Quote, mode, lang string) (decimal.Decimal, msg.Text) {
	cny, ok := q.convertFen(amount, mode)
	if !ok {
		cny = convertDecimal(amount, q.Rate, mode)
	}
	return cny, msg.FIn(lang, "%s %s %s（%s）= %s 元", "%s %s %s (%s) = CNY %s",
		currency, value.FormatGrouped(amount), q.op, q.Rate.Date, value.FormatGrouped(cny))
}

// convertFen is Convert in whole fen, false when the amount or the rate
// has no integer form or the CNY amount is beyond ±value.MaxFen.
func (q Quote) convertFen(amount decimal.Decimal, mode string) (decimal.Decimal, bool) {
	if !q.exact {
		return decimal.Decimal{}, false
	}
	a, err := value.FenFromDecimal(amount)
	if err != nil {
		return decimal.Decimal{}, false
	}
	cny, err := ConvertFen(a, q.fen, mode)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return cny.Decimal(), true
}

// convertDecimal is Convert's amount in decimal arithmetic: an inverse
// quote (units per CNY), and a quote per more than one unit, is divided to
// divisionPlaces places before the single rounding to the fen.
func convertDecimal(amount decimal.Decimal, r roster.Rate, mode string) decimal.Decimal {
	var exact decimal.Decimal
	switch r.Quote {
	case "unit_per_cny":
		// units of the currency per r.Units CNY: divide.
		exact = amount.Mul(r.Units).DivRound(r.Rate, divisionPlaces)
	default:
		exact = amount.Mul(r.Rate)
		if !r.Units.Equal(decimal.NewFromInt(1)) {
			exact = exact.DivRound(r.Units, divisionPlaces)
		}
	}
	return value.RoundFen(exact, mode)
}
