package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/engine"
	"subsidy/cmd/subsidy/internal/forms"
	"subsidy/cmd/subsidy/internal/output"
)

// reportExpect is the year report of a case of several months, worked out
// by hand (case.yaml expect.report).
type reportExpect struct {
	Year    int               `yaml:"year"`
	Budget  string            `yaml:"budget"` // the budget roster, in the case's folder
	Ledgers int               `yaml:"ledgers"`
	Lines   int               `yaml:"lines"`
	Total   string            `yaml:"total"`
	Months  map[string]string `yaml:"months"` // YYYY-MM → paid
	Funders []reportTotal     `yaml:"funders"`
	Top     []reportTotal     `yaml:"top"`
	Reasons map[string]int    `yaml:"reasons"` // code → rows
	Budgets []struct {
		Funder  string `yaml:"funder"`
		Program string `yaml:"program"`
		Amount  string `yaml:"amount"`
		Used    string `yaml:"used"`
	} `yaml:"budgets"`
}

// reportTotal is one funder or recipient of an expected report, in order.
type reportTotal struct {
	Key   string `yaml:"key"`
	Lines int    `yaml:"lines"`
	Total string `yaml:"total"`
}

// verifyMonths checks a case of several monthly batches: it runs each
// month's rosters (the folder named after the month) with `subsidy run`,
// the ledgers of the months before as --prior, as a clerk chains them;
// compares every line and rejection of the months with case.yaml (their
// sources as MONTH/file:row); and builds the year report over the ledger
// folder (`subsidy report`), every figure compared with expect.report.
func verifyMonths(cd string, fc *fixtureCase, lang string) ([]string, error) {
	dir, err := os.MkdirTemp("", "subsidy-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ledgers := filepath.Join(dir, "ledgers")
	res, err := runMonths(cd, fc, lang, ledgers)
	if err != nil {
		return nil, err
	}
	problems := checkHand(fc, res)
	if want := fc.Expect.Report; want != nil {
		budget := ""
		if want.Budget != "" {
			budget = filepath.Join(cd, want.Budget)
		}
		r, _, err := buildReport(ledgers, want.Year, budget, "")
		if err != nil {
			return nil, err
		}
		problems = append(problems, checkReport(want, r)...)
	}
	sort.Strings(problems)
	return problems, nil
}

// runMonths runs the months of a case of several months in order into the
// folder ledgers (created), each with the ledgers of the months before as
// --prior, and returns their lines and rejections, each source as
// MONTH/file:row.
func runMonths(cd string, fc *fixtureCase, lang, ledgers string) (*engine.Result, error) {
	if err := os.Mkdir(ledgers, 0o755); err != nil {
		return nil, err
	}
	res := &engine.Result{}
	for _, m := range fc.Months {
		out := filepath.Join(ledgers, "ledger-"+m+".csv")
		args := []string{"subsidy", "run", "--period", m, "--in", filepath.Join(cd, m), "--prior", ledgers,
			"--out", out, "--quiet", "--lang", lang}
		var stderr bytes.Buffer
		if code := run(args, strings.NewReader(""), io.Discard, &stderr); code != 0 {
			return nil, fmt.Errorf("%s: subsidy run exits %d:\n%s", m, code, stderr.String())
		}
		files, _, err := output.ReadPrior([]string{out})
		if err != nil {
			return nil, err
		}
		for _, l := range files[0].Lines {
			l.Source = m + "/" + l.Source
			res.Lines = append(res.Lines, l)
		}
		rejs, err := output.RunRejections(ledgers, func(p string) bool { return p == m })
		if err != nil {
			return nil, err
		}
		for _, r := range rejs {
			r.File = m + "/" + r.File
			res.Rejections = append(res.Rejections, r)
		}
	}
	return res, nil
}

// checkReport compares a year report with the hand-worked one.
func checkReport(want *reportExpect, r *forms.Report) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, "report: "+fmt.Sprintf(format, args...)) }
	same := func(got decimal.Decimal, want string) bool {
		w, err := decimal.NewFromString(want)
		return err == nil && got.Equal(w)
	}
	if r.Ledgers != want.Ledgers || r.Lines != want.Lines || !same(r.Total, want.Total) {
		bad("%d ledgers, %d lines, %s; case.yaml says %d, %d, %s", r.Ledgers, r.Lines, r.Total.StringFixed(2), want.Ledgers, want.Lines, want.Total)
	}
	for m := range r.Months {
		month := fmt.Sprintf("%d-%02d", r.Year, m+1)
		var paid decimal.Decimal
		for _, d := range r.Months[m] {
			paid = paid.Add(d)
		}
		if w, ok := want.Months[month]; !ok || !same(paid, w) {
			bad("%s paid %s; case.yaml says %q", month, paid.StringFixed(2), w)
		}
	}
	totals := func(what string, got []forms.ReportTotal, want []reportTotal) {
		if len(got) != len(want) {
			bad("%d %s, case.yaml lists %d", len(got), what, len(want))
			return
		}
		for i, w := range want {
			key := got[i].Key // a funder code or a recipient id (a person's masked)
			if key != w.Key || got[i].Lines != w.Lines || !same(got[i].Total, w.Total) {
				bad("%s %d: %s %d lines %s; case.yaml says %s %d lines %s", what, i+1, key, got[i].Lines, got[i].Total.StringFixed(2), w.Key, w.Lines, w.Total)
			}
		}
	}
	totals("funders", r.Funders, want.Funders)
	totals("recipients", r.Top, want.Top)
	reasons := map[string]int{}
	for _, x := range r.Reasons {
		reasons[x.Code] += x.Rows
	}
	if !maps.Equal(reasons, want.Reasons) {
		bad("rejections by reason %v; case.yaml says %v", reasons, want.Reasons)
	}
	if len(r.Budgets) != len(want.Budgets) {
		bad("%d budgets, case.yaml lists %d", len(r.Budgets), len(want.Budgets))
	}
	for _, w := range want.Budgets {
		i := slices.IndexFunc(r.Budgets, func(b forms.BudgetUse) bool { return b.Funder == w.Funder && b.Program == w.Program })
		if i < 0 {
			bad("no budget %s / %s", w.Funder, w.Program)
			continue
		}
		if b := r.Budgets[i]; !same(b.Amount, w.Amount) || !same(b.Used, w.Used) {
			bad("budget %s / %s: %s used of %s; case.yaml says %s of %s", w.Funder, w.Program, b.Used.StringFixed(2), b.Amount.StringFixed(2), w.Used, w.Amount)
		}
	}
	return problems
}
