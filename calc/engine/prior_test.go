package engine

import "subsidy/calc/ledger"

// priorOf indexes lines and year counts as one prior ledger, prior.csv, as
// the shell reads --prior (ledger.PriorBuilder); the programs named in
// countRecipients have their distinct recipients counted.
func priorOf(lines []ledger.Line, counts []ledger.YearCount, countRecipients ...string) (*ledger.Prior, error) {
	b := ledger.NewPriorBuilder()
	b.CountRecipients(countRecipients...)
	for i := range lines {
		if err := b.Add(0, "prior.csv", &lines[i]); err != nil {
			return nil, err
		}
	}
	for _, yc := range counts {
		b.AddYearCount(yc)
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b.Prior(), nil
}
