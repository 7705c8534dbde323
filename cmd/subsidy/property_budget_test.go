package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// TestPropertySplitBatchWithBudgets (issue 16): with budgets that bind (the
// city's fund and a district's licensing budget, drawn small), splitting
// the year into batches chained through --prior still pays line by line
// what one year-end run pays, held lines included: a line held in one
// batch is computed again in the next and held again, or paid, exactly as
// the one run decides; no budget is ever overspent. (A held line's held
// amount is as of the batch that last held it.)
func TestPropertySplitBatchWithBudgets(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents := propEnterprises(t)
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t, ents)
		budgets := []genRow{
			{kind: roster.Budgets, cells: map[string]string{"year": "2022", "funder": "city", "program": "*",
				"amount": fmt.Sprintf("%d.00", rapid.IntRange(0, 3_000_000).Draw(t, "cityBudget"))}},
			{kind: roster.Budgets, cells: map[string]string{"year": "2022", "funder": "昆山市", "program": "licensing_support",
				"amount": fmt.Sprintf("%d.00", rapid.IntRange(0, 500_000).Draw(t, "kunshanBudget"))}},
		}
		w.fixed = append(w.fixed, budgets...)
		whole := runEngine(t, batchInput(t, pol, "2022-12", w.upTo(value.NewDate(2022, time.December, 31), 0, nil), nil))
		var prior []ledger.Line
		final := map[string]ledger.Line{}
		for b, m := range w.cuts {
			period := fmt.Sprintf("2022-%02d", m)
			end, _ := engine.ParsePeriod(period)
			res := runEngine(t, batchInput(t, pol, period, w.upTo(end, b, nil), prior))
			for _, l := range res.Lines {
				if p, ok := final[l.LineID]; ok && p.Status != ledger.StatusHeld {
					t.Fatalf("line %s paid in %s and again in %s", l.LineID, p.Period, period)
				}
				final[l.LineID] = l
			}
			prior = append(prior, res.Lines...)
		}
		if len(final) != len(whole.Lines) {
			t.Fatalf("batches %v wrote %d lines, one run %d", w.cuts, len(final), len(whole.Lines))
		}
		used := map[string]int64{}
		for _, l := range whole.Lines {
			s, ok := final[l.LineID]
			// the held amount is what the line would pay as of the batch
			// that last held it (the caps it would use may have moved), so
			// the payable and status are what must agree
			if !ok || !s.Payable.Equal(l.Payable) || s.Status != l.Status {
				t.Fatalf("batches %v: line %s is %s %s (held %s), one run %s %s (held %s)", w.cuts, l.LineID,
					s.Payable, s.Status, s.Held, l.Payable, l.Status, l.Held)
			}
			if l.Funder == "city" {
				used["city"] += l.Payable.Shift(2).IntPart()
			}
			if l.Funder == "320583" && l.Program == "licensing_support" {
				used["ks"] += l.Payable.Shift(2).IntPart()
			}
		}
		for k, b := range map[string]string{"city": budgets[0].cells["amount"], "ks": budgets[1].cells["amount"]} {
			if limit := decimal.RequireFromString(b).Shift(2).IntPart(); used[k] > limit {
				t.Fatalf("budget %s of %s overspent: %d fen", k, b, used[k])
			}
		}
	})
}
