package engine

import (
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/policy"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestApplyRate pins the second rounding point of spec §1.2: computed =
// basis_cny × rate, rounded half-up to the fen.
func TestApplyRate(t *testing.T) {
	for _, c := range []struct{ basis, rate, mode, want string }{
		{"854808.00", "0.50", "half_up", "427404.00"},  // 136 三(五)20, spec §5 example
		{"0.01", "0.50", "half_up", "0.01"},            // 0.005 rounds half-up to 0.01
		{"0.01", "0.50", "half_even", "0.00"},          // banker's rounding keeps the even fen
		{"0.03", "0.50", "down", "0.01"},               // 0.015 truncated
		{"1234567.89", "0.10", "half_up", "123456.79"}, // 136 三(二)7: 123,456.789 → .79
		{"100.05", "0.15", "half_up", "15.01"},         // 15.0075 → 15.01
	} {
		got := applyRate(d(c.basis), d(c.rate), c.mode)
		if got.StringFixed(2) != c.want {
			t.Errorf("%s × %s (%s) = %s, want %s", c.basis, c.rate, c.mode, got.StringFixed(2), c.want)
		}
	}
}

// TestApplyCap pins cap accounting: pay what is left of the limit after
// prior and earlier use, never below zero.
func TestApplyCap(t *testing.T) {
	for _, c := range []struct{ computed, limit, used, want, status string }{
		{"427404.00", "1000000.00", "0", "427404.00", "paid"},
		{"427404.00", "1000000.00", "700000.00", "300000.00", "capped"}, // spec §5 note example
		{"50000.00", "1000000.00", "1000000.00", "0.00", "zero"},
		{"50000.00", "1000000.00", "1200000.00", "0.00", "zero"}, // over-used limit pays nothing, not negative
		{"0.00", "100.00", "0", "0.00", "zero"},
	} {
		r := applyCap(d(c.computed), d(c.limit), d(c.used))
		if r.payable.StringFixed(2) != c.want || r.status != c.status {
			t.Errorf("cap(%s, %s, used %s) = %s %s, want %s %s", c.computed, c.limit, c.used, r.payable.StringFixed(2), r.status, c.want, c.status)
		}
	}
}

// TestHalfDown pins the 登峰 co-investment limit (81 六(一)): half of
// ip_investment, rounded down to the fen.
func TestHalfDown(t *testing.T) {
	for _, c := range []struct{ x, div, want string }{
		{"2000000.00", "2", "1000000.00"},
		{"1000000.01", "2", "500000.00"}, // 500,000.005 rounds down
		{"0.01", "2", "0.00"},
		{"1000000.00", "3", "333333.33"},
	} {
		if got := halfDown(d(c.x), d(c.div)); got.StringFixed(2) != c.want {
			t.Errorf("%s / %s = %s, want %s", c.x, c.div, got.StringFixed(2), c.want)
		}
	}
}

// TestCountLimitMessage: the English count_limit message names the count
// and the year in the right places (the Chinese and English wordings order
// them differently).
func TestCountLimitMessage(t *testing.T) {
	for _, c := range []struct{ scope, zh, en string }{
		{policy.CountScopeRow,
			"operation.guidance 2022 年已有 10 项，达到每年不超过 10 项的限制（136 三(二)6）",
			"operation.guidance already has 10 lines in 2022, the yearly limit of 10 (136 三(二)6)"},
		// 每家: the places are enterprises (spec §4.3a 1)
		{policy.CountScopeRecipient,
			"operation.guidance 2022 年已支持 10 家，达到每年不超过 10 家的限制（136 三(二)6），本行受奖主体当年尚未获支持",
			"operation.guidance already supports 10 recipients in 2022, the yearly limit of 10 recipients (136 三(二)6); this row's recipient holds none of them"},
	} {
		m := countLimitText("operation.guidance", 2022, 10, "10", "136 三(二)6", c.scope)
		if m.En != c.en {
			t.Errorf("%s: en = %q, want %q", c.scope, m.En, c.en)
		}
		if m.Zh != c.zh {
			t.Errorf("%s: zh = %q, want %q", c.scope, m.Zh, c.zh)
		}
	}
}
