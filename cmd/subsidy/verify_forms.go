package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/shopspring/decimal"

	"subsidy/calc/engine"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/forms"
)

// checkForms compares the month-end forms of a fixture's ledger with
// case.yaml (issue 16): each funder's approval sheet — its lines, its
// total and the total in capital numerals, written by hand — and the
// public notice's rows and names.
func checkForms(cd string, fc *fixtureCase, res *engine.Result) []string {
	if len(fc.Expect.Payouts) == 0 && fc.Expect.Notice == nil {
		return nil
	}
	policyFile := ""
	if _, err := os.Stat(filepath.Join(cd, "policy.yaml")); err == nil {
		policyFile = filepath.Join(cd, "policy.yaml")
	}
	pol, err := batch.LoadPolicy(policyFile)
	if err != nil {
		return []string{fmt.Sprintf("policy: %v", err)}
	}
	var problems []string
	if len(fc.Expect.Payouts) > 0 {
		ps, err := forms.NewPayouts(res.Lines, pol)
		if err != nil {
			return []string{fmt.Sprintf("payout: %v", err)}
		}
		if len(ps) != len(fc.Expect.Payouts) {
			problems = append(problems, fmt.Sprintf("payout: %d funders, case.yaml lists %d", len(ps), len(fc.Expect.Payouts)))
		}
		for _, want := range fc.Expect.Payouts {
			i := slices.IndexFunc(ps, func(p forms.Payout) bool { return p.Funder == want.Funder })
			if i < 0 {
				problems = append(problems, fmt.Sprintf("payout: no sheet for funder %s", want.Funder))
				continue
			}
			p := ps[i]
			n := 0
			for _, pp := range p.Programs {
				n += len(pp.Lines)
			}
			total, err := decimal.NewFromString(want.Total)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("case.yaml: payout %s: total %q is not a decimal", want.Funder, want.Total))
			case !p.Total.Equal(total) || n != want.Lines:
				problems = append(problems, fmt.Sprintf("payout %s: %d lines, total %s; case.yaml says %d, %s", want.Funder, n, p.Total.StringFixed(2), want.Lines, want.Total))
			case p.Capital != want.Capital:
				problems = append(problems, fmt.Sprintf("payout %s: total %s in capital numerals is %s; written by hand %s", want.Funder, want.Total, p.Capital, want.Capital))
			}
		}
	}
	if want := fc.Expect.Notice; want != nil {
		n := forms.NewNotice(res.Lines, pol)
		if len(n.Rows) != want.Rows {
			problems = append(problems, fmt.Sprintf("notice: %d rows, case.yaml says %d", len(n.Rows), want.Rows))
		}
		for _, name := range want.Names {
			if !slices.ContainsFunc(n.Rows, func(r forms.NoticeRow) bool { return r.Name == name }) {
				problems = append(problems, fmt.Sprintf("notice: no row names %s", name))
			}
		}
	}
	return problems
}
