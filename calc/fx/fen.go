package fx

import (
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// FenRate is a rate of the fx roster prepared once for ConvertFen, the
// exact integer counterpart of Convert's decimal arithmetic (Quote holds
// one for Convert).
type FenRate struct {
	// direct is a CNY-per-unit quote of one unit: amount × rate, rounded
	// once, as Convert does without a division.
	direct bool
	// rate is the rate as a ratio, for a direct quote.
	rate value.Ratio
	// carried is rate ÷ units (CNY per units) or units ÷ rate (units per
	// CNY), carried to 12 places before the rounding to the fen.
	carried value.Quotient
}

// NewFenRate prepares r for ConvertFen. It fails with an *value.Error when
// the rate or the units are negative or zero where they divide
// (CodeInvalidValue) or cannot be held as ratios of 64-bit integers
// (CodeOverflow) — never for rates written with at most 18 digits and whole
// units up to 10⁶, as the fx roster's are (see value.NewQuotient).
func NewFenRate(r roster.Rate) (FenRate, error) {
	rate, err := value.RatioFromDecimal(r.Rate)
	if err != nil {
		return FenRate{}, err
	}
	units, err := value.RatioFromDecimal(r.Units)
	if err != nil {
		return FenRate{}, err
	}
	var k value.Quotient
	switch r.Quote {
	case "unit_per_cny":
		k, err = value.NewQuotient(units, rate)
	default:
		if units == (value.Ratio{Num: 1, Den: 1}) {
			return FenRate{direct: true, rate: rate}, nil
		}
		k, err = value.NewQuotient(rate, units)
	}
	if err != nil {
		return FenRate{}, err
	}
	return FenRate{carried: k}, nil
}

// ConvertFen returns amount in CNY at r, rounded to the fen with mode: the
// first rounding point of spec §1.2 in exact integers, always the same fen
// as the decimal arithmetic (convertDecimal) with the rate r was prepared
// from, including its two-step rounding; Convert computes with it. A CNY-per-unit quote of one unit is amount × rate rounded once
// (value.Fen.MulRatio); any other quote is carried to 12 places of yuan,
// half away from zero, as decimal.DivRound(…, 12) does, and then rounded by
// mode (value.Fen.DivRound12, value.Yuan12.RoundFen). Rounding to 12 places
// first can change the fen (TestConvertFenDoubleRounding pins cases), and
// ConvertFen reproduces it. It fails with CodeOverflow when the CNY amount
// is beyond ±value.MaxFen, and with CodeInvalidValue for the zero FenRate.
func ConvertFen(amount value.Fen, r FenRate, mode string) (value.Fen, error) {
	if r.direct {
		return amount.MulRatio(r.rate, mode)
	}
	y, err := amount.DivRound12(r.carried)
	if err != nil {
		return 0, err
	}
	return y.RoundFen(mode)
}
