package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"subsidy/calc/engine"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

// fixtureCase is a fixture's case.yaml (spec §6): the batch it runs and the
// amounts worked out by hand from the clause, which verify checks against
// the ledger besides the golden files.
type fixtureCase struct {
	Title      string `yaml:"title"`
	Clause     string `yaml:"clause"`
	Period     string `yaml:"period"`
	Shows      string `yaml:"shows"`
	Strict     bool   `yaml:"strict"`
	Derivation string `yaml:"derivation"`
	// Months, when given, makes the case several monthly batches: the
	// rosters of each month in the folder of its name, run in order, each
	// with the ledgers of the months before as --prior (verifyMonths).
	// Period is then the last month.
	Months []string `yaml:"months"`
	Expect struct {
		// Lines are every ledger line, each with its hand-derived payable.
		Lines []struct {
			Source     string `yaml:"source"` // "file:row"
			Program    string `yaml:"program"`
			Payable    string `yaml:"payable"`
			Status     string `yaml:"status"`
			Derivation string `yaml:"derivation"`
		} `yaml:"lines"`
		// Rejections are every listed row's code.
		Rejections []struct {
			Source string `yaml:"source"` // "file:row"
			Code   string `yaml:"code"`
		} `yaml:"rejections"`
		// Payouts, when given, are every funder's approval sheet with
		// its total in figures and in capital numerals, written by hand
		// (see checkForms).
		Payouts []struct {
			Funder  string `yaml:"funder"`
			Lines   int    `yaml:"lines"`
			Total   string `yaml:"total"`
			Capital string `yaml:"capital"`
		} `yaml:"payouts"`
		// Notice, when given, is the public notice: how many rows, and
		// names that must be on it as shown (a person's masked).
		Notice *struct {
			Rows  int      `yaml:"rows"`
			Names []string `yaml:"names"`
		} `yaml:"notice"`
		// Report, when given (a case of Months), is the year report over
		// the months' ledgers, every figure worked out by hand.
		Report *reportExpect `yaml:"report"`
	} `yaml:"expect"`
}

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:        "verify",
		Usage:       cmdUsage("verify"),
		ArgsUsage:   "[DIR]",
		Description: cmdDescription("verify"),
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "update", Usage: flagText("verify", "update")},
			&cli.StringFlag{Name: "lang", Value: "en", Usage: flagText("verify", "lang")},
		},
		Action: func(c *cli.Context) error {
			dir := c.Args().First()
			if dir == "" {
				dir = "fixtures"
			}
			cases, err := findCases(dir)
			if err != nil {
				return failure.UsageOf("", err)
			}
			failed := 0
			for _, cd := range cases {
				problems, err := verifyCase(cd, c.Bool("update"), c.String("lang"))
				if err != nil {
					return failure.UsageOf(cd+": ", err)
				}
				if len(problems) == 0 {
					fmt.Fprintf(c.App.ErrWriter, "ok    %s\n", cd)
					continue
				}
				failed++
				fmt.Fprintf(c.App.ErrWriter, "FAIL  %s\n", cd)
				for _, p := range problems {
					fmt.Fprintf(c.App.ErrWriter, "      %s\n", p)
				}
			}
			fmt.Fprintf(c.App.ErrWriter, "%d passed, %d failed\n", len(cases)-failed, failed)
			if failed > 0 {
				return failure.Differs(msg.Text{})
			}
			return nil
		},
	}
}

// findCases lists the folders under dir holding a case.yaml, sorted.
func findCases(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "case.yaml" {
			out = append(out, filepath.Dir(p))
		}
		return nil
	})
	sort.Strings(out)
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("no case.yaml under %s", dir)
	}
	return out, err
}

// runCase runs a fixture's batch and returns the ledger and rejections CSV
// (no BOM) and the result.
func runCase(cd string, fc *fixtureCase, lang string) (ledgerCSV, rejCSV []byte, res *engine.Result, err error) {
	found, err := input.Discover(cd, input.DiscoverOptions{})
	if err != nil {
		return nil, nil, nil, err
	}
	o := batch.Options{Period: fc.Period, Rosters: map[roster.Kind]string{}, Lang: lang}
	for k, p := range found.Rosters {
		o.Rosters[k] = p
	}
	if _, err := os.Stat(filepath.Join(cd, "policy.yaml")); err == nil {
		o.PolicyFile = filepath.Join(cd, "policy.yaml")
	}
	if _, err := os.Stat(filepath.Join(cd, "prior")); err == nil {
		o.Prior = []string{filepath.Join(cd, "prior")}
	}
	ld, err := batch.Load(o)
	if err != nil {
		return nil, nil, nil, err
	}
	res, err = engine.Run(ld.In, engine.Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	var lb, rb bytes.Buffer
	if err := output.WriteLedgerCSV(&lb, res.Lines, lang, false); err != nil {
		return nil, nil, nil, err
	}
	if err := output.WriteRejectionsCSV(&rb, res.Rejections, lang, false); err != nil {
		return nil, nil, nil, err
	}
	return lb.Bytes(), rb.Bytes(), res, nil
}

func readCase(cd string) (*fixtureCase, error) {
	data, err := os.ReadFile(filepath.Join(cd, "case.yaml"))
	if err != nil {
		return nil, err
	}
	var fc fixtureCase
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("case.yaml: %v", err)
	}
	if fc.Period == "" {
		return nil, fmt.Errorf("case.yaml: period is required")
	}
	return &fc, nil
}

// verifyCase checks one case: the hand-derived amounts and codes of
// case.yaml, the reconciliation, and the golden files.
func verifyCase(cd string, update bool, lang string) ([]string, error) {
	fc, err := readCase(cd)
	if err != nil {
		return nil, err
	}
	if len(fc.Months) > 0 {
		return verifyMonths(cd, fc, lang)
	}
	lcsv, rcsv, res, err := runCase(cd, fc, lang)
	if err != nil {
		return nil, err
	}
	problems := append(checkHand(fc, res), checkForms(cd, fc, res)...)
	if !res.Recon.Balanced() {
		for _, p := range res.Recon.Problems {
			problems = append(problems, "reconciliation: "+p.En)
		}
	}
	for name, got := range map[string][]byte{"ledger.csv": lcsv, "rejections.csv": rcsv} {
		path := filepath.Join(cd, "expected", name)
		if update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				return nil, err
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			problems = append(problems, fmt.Sprintf("expected/%s: %v (run verify --update after checking the outputs by hand)", name, err))
			continue
		}
		if !bytes.Equal(want, got) {
			problems = append(problems, fmt.Sprintf("expected/%s differs:\n%s", name, lineDiff(string(want), string(got))))
		}
	}
	sort.Strings(problems)
	return problems, nil
}

// checkHand compares the ledger with the hand-derived expectations: every
// line must be listed in case.yaml with its payable, every rejection with
// its code.
func checkHand(fc *fixtureCase, res *engine.Result) []string {
	var problems []string
	type lineKey struct{ src, program string }
	got := map[lineKey]string{}
	gotStatus := map[lineKey]string{}
	for _, l := range res.Lines {
		src, _, _ := strings.Cut(l.Source, " ")
		k := lineKey{src, l.Program}
		got[k] = l.Payable.StringFixed(2)
		gotStatus[k] = l.Status
	}
	seen := map[lineKey]bool{}
	for _, e := range fc.Expect.Lines {
		k := lineKey{e.Source, e.Program}
		seen[k] = true
		want, err := decimal.NewFromString(e.Payable)
		if err != nil {
			problems = append(problems, fmt.Sprintf("case.yaml: line %s %s: payable %q is not a decimal", e.Source, e.Program, e.Payable))
			continue
		}
		g, ok := got[k]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("hand-derived line %s %s (payable %s) is not in the ledger", e.Source, e.Program, e.Payable))
		case g != want.StringFixed(2):
			problems = append(problems, fmt.Sprintf("line %s %s: payable %s, hand derivation says %s (%s)", e.Source, e.Program, g, want.StringFixed(2), e.Derivation))
		case e.Status != "" && e.Status != gotStatus[k]:
			problems = append(problems, fmt.Sprintf("line %s %s: status %s, case.yaml says %s", e.Source, e.Program, gotStatus[k], e.Status))
		}
	}
	for k, g := range got {
		if !seen[k] {
			problems = append(problems, fmt.Sprintf("ledger line %s %s (payable %s) has no hand derivation in case.yaml", k.src, k.program, g))
		}
	}
	type rejKey struct{ src, code string }
	gotRej := map[rejKey]bool{}
	for _, r := range res.Rejections {
		gotRej[rejKey{fmt.Sprintf("%s:%d", r.File, r.Row), r.Code}] = true
	}
	wantRej := map[rejKey]bool{}
	for _, r := range fc.Expect.Rejections {
		wantRej[rejKey{r.Source, r.Code}] = true
		if !gotRej[rejKey{r.Source, r.Code}] {
			problems = append(problems, fmt.Sprintf("expected rejection %s %s is missing", r.Source, r.Code))
		}
	}
	for k := range gotRej {
		if !wantRej[k] {
			problems = append(problems, fmt.Sprintf("rejection %s %s is not expected by case.yaml", k.src, k.code))
		}
	}
	return problems
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c && shown < 5 {
			fmt.Fprintf(&b, "        line %d\n        - %s\n        + %s\n", i+1, a, c)
			shown++
		}
	}
	return b.String()
}
