package engine

import (
	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/value"
)

// The formulas of spec §1.2 and §4 compute in whole fen (value.Fen, exact
// ratios value.Ratio): amounts come in as the decimals of the rosters and
// the policy and the line keeps decimals, so each formula converts at its
// boundary. An amount that is not a whole number of fen or is beyond
// ±value.MaxFen, or a rate that is not a ratio of 64-bit integers (none
// the policy schema or the rosters admit, but a caller may pass one) is
// computed in decimal as before: the integer path gives the same amount
// wherever it applies (formula_test's properties), so the fallback changes
// nothing but the representation.

// applyRate is the second rounding point of spec §1.2: computed = basis_cny
// × rate, rounded to the fen with the policy's mode. basis_cny is already a
// fen amount (the first rounding point, in fx.Convert).
func applyRate(basis, rate decimal.Decimal, mode string) decimal.Decimal {
	if f, err := value.FenFromDecimal(basis); err == nil {
		if r, err := value.RatioFromDecimal(rate); err == nil {
			if c, err := f.MulRatio(r, mode); err == nil {
				return c.Decimal()
			}
		}
	}
	return value.RoundFen(basis.Mul(rate), mode)
}

// capResult is what a cap leaves of a computed amount.
type capResult struct {
	payable decimal.Decimal
	status  string
}

// applyCap pays what is left of limit after used, at most computed
// (spec §4: caps work on fen amounts after the two rounding points).
func applyCap(computed, limit, used decimal.Decimal) capResult {
	if c, payable, ok := capFen(computed, limit, used); ok {
		// ledger.StatusOf in fen; the amount itself when the cap leaves it whole
		switch {
		case payable == 0:
			return capResult{payable: payable.Decimal(), status: ledger.StatusZero}
		case payable < c:
			return capResult{payable: payable.Decimal(), status: ledger.StatusCapped}
		}
		return capResult{payable: computed, status: ledger.StatusPaid}
	}
	left := limit.Sub(used)
	if left.IsNegative() {
		left = decimal.Zero
	}
	payable := decimal.Min(computed, left)
	return capResult{payable: payable, status: ledger.StatusOf(computed, payable)}
}

// capFen is applyCap in fen: computed and the payable min(computed,
// max(0, limit − used)), false when an amount is not a whole number of fen
// in range.
func capFen(computed, limit, used decimal.Decimal) (c, payable value.Fen, ok bool) {
	c, err := value.FenFromDecimal(computed)
	if err != nil {
		return 0, 0, false
	}
	l, err := value.FenFromDecimal(limit)
	if err != nil {
		return 0, 0, false
	}
	u, err := value.FenFromDecimal(used)
	if err != nil {
		return 0, 0, false
	}
	left, err := l.Sub(u)
	if err != nil {
		return 0, 0, false
	}
	return c, min(c, max(0, left)), true
}

// halfDown is a limit derived by division, rounded down to the fen
// (spec §1.2): e.g. half of ip_investment for the 登峰 co-investment rule.
func halfDown(x decimal.Decimal, divisor decimal.Decimal) decimal.Decimal {
	if f, err := value.FenFromDecimal(x); err == nil {
		if r, err := value.RatioFromDecimal(divisor); err == nil {
			if q, err := f.DivDown(r); err == nil {
				return q.Decimal()
			}
		}
	}
	return value.FloorFen(x.DivRound(divisor, 12))
}
