package engine

import (
	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/value"
)

// applyRate is the second rounding point of spec §1.2: computed = basis_cny
// × rate, rounded to the fen with the policy's mode. basis_cny is already a
// fen amount (the first rounding point, in fx.Convert).
func applyRate(basis, rate decimal.Decimal, mode string) decimal.Decimal {
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
	left := limit.Sub(used)
	if left.IsNegative() {
		left = decimal.Zero
	}
	payable := decimal.Min(computed, left)
	return capResult{payable: payable, status: ledger.StatusOf(computed, payable)}
}

// halfDown is a limit derived by division, rounded down to the fen
// (spec §1.2): e.g. half of ip_investment for the 登峰 co-investment rule.
func halfDown(x decimal.Decimal, divisor decimal.Decimal) decimal.Decimal {
	return value.FloorFen(x.DivRound(divisor, 12))
}
