package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

const fixturesDir = "../../fixtures"

// TestFixtures runs every fixture case (spec §6), as `subsidy verify` does:
// the hand-derived amounts of case.yaml and the golden expected/ files.
func TestFixtures(t *testing.T) {
	cases, err := findCases(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, cd := range cases {
		t.Run(filepath.Base(cd), func(t *testing.T) {
			problems, err := verifyCase(cd, false, "en")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// runDir runs a batch on the rosters of dir and returns its result.
func runDir(t *testing.T, dir, period string, prior []string, policyFile string) *engine.Result {
	t.Helper()
	o := batch.Options{Period: period, Rosters: map[roster.Kind]string{}, Prior: prior, PolicyFile: policyFile, Lang: "en"}
	found, err := input.Discover(dir, input.DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o.Rosters = found.Rosters
	ld, err := batch.Load(o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(ld.In, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Recon.Balanced() {
		t.Fatalf("%s %s: reconciliation does not balance: %v", dir, period, res.Recon.Problems)
	}
	return res
}

// TestEncodingsGiveSameLedger: the example batch saved as GB18030 (Excel on
// Chinese Windows) and as UTF-8 with BOM gives the same ledger as plain
// UTF-8 (spec §3).
func TestEncodingsGiveSameLedger(t *testing.T) {
	src := filepath.Join(fixturesDir, "example-2022-06")
	fc, err := readCase(src)
	if err != nil {
		t.Fatal(err)
	}
	ledgerOf := func(dir string) []byte {
		res := runDir(t, dir, fc.Period, nil, "")
		var b bytes.Buffer
		if err := output.WriteLedgerCSV(&b, res.Lines, "zh", true); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	plain := ledgerOf(src)
	if bytes.Count(plain, []byte("\n")) < 5 {
		t.Fatalf("example ledger too small to prove anything:\n%s", plain)
	}
	for name, enc := range map[string]func([]byte) []byte{
		"gb18030": func(b []byte) []byte {
			out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			return out
		},
		"utf8-bom": func(b []byte) []byte { return append([]byte("\ufeff"), b...) },
	} {
		dir := t.TempDir()
		files, _ := filepath.Glob(filepath.Join(src, "*.csv"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), enc(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := ledgerOf(dir); !bytes.Equal(got, plain) {
			t.Errorf("%s ledger differs from the UTF-8 one", name)
		}
	}
}

// dateColumn is the event date column of each event roster.
var dateColumn = map[roster.Kind]string{
	roster.Grants: "grant_date", roster.Licensing: "paid_date", roster.Litigation: "paid_date",
	roster.Insurance: "paid_date", roster.Financing: "paid_date", roster.Awards: "decision_date",
}

// cut writes the rows of roster file f dated on or before end into dir
// (cumulative, year-to-date rosters); rows whose date does not parse are
// kept (they are listed every month and pay nothing).
func cut(t *testing.T, f string, k roster.Kind, end value.Date, dir string) {
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	if name, ok := dateColumn[k]; ok {
		for i, h := range recs[0] {
			if strings.Contains(strings.ToLower(h), name) {
				col = i
			}
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for i, r := range recs {
		if i > 0 && col >= 0 && col < len(r) {
			if d, err := value.ParseDate(r[col]); err == nil && d > end {
				continue
			}
		}
		w.Write(r)
	}
	w.Flush()
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSplitBatchInvariance (spec §8): with the enterprise roster fixed and
// cumulative rosters, running the months one by one, each with the earlier
// ledgers as --prior, pays line by line what one run on the whole rosters
// pays, and the same total per cap key.
func TestSplitBatchInvariance(t *testing.T) {
	for _, cd := range singleBatchCases(t) {
		if _, err := os.Stat(filepath.Join(cd, "prior")); err == nil {
			continue // starts from a prior ledger of its own
		}
		if hasXLSXRoster(t, cd) {
			continue // XLSX cases; TestFixturesAsXLSX ties XLSX to the CSV cases split here
		}
		t.Run(filepath.Base(cd), func(t *testing.T) {
			fc, err := readCase(cd)
			if err != nil {
				t.Fatal(err)
			}
			policyFile := ""
			if _, err := os.Stat(filepath.Join(cd, "policy.yaml")); err == nil {
				policyFile = filepath.Join(cd, "policy.yaml")
			}
			whole := runDir(t, cd, fc.Period, nil, policyFile)
			first := fc.Period
			for _, l := range whole.Lines {
				if m := l.EventDate.String()[:7]; m < first {
					first = m
				}
			}
			split := runSplitMonths(t, cd, first, fc.Period, policyFile)
			if len(split) != len(whole.Lines) {
				t.Errorf("split batches wrote %d lines, one run %d", len(split), len(whole.Lines))
			}
			for _, w := range whole.Lines {
				s, ok := split[w.LineID]
				if !ok {
					t.Errorf("line %s (%s) not paid by the monthly batches", w.LineID, w.Source)
					continue
				}
				if !s.Payable.Equal(w.Payable) || !s.Computed.Equal(w.Computed) || !s.CapUsedBefore.Equal(w.CapUsedBefore) || s.Status != w.Status {
					t.Errorf("line %s: monthly %s/%s/%s, one run %s/%s/%s", w.LineID, s.Payable, s.CapUsedBefore, s.Status, w.Payable, w.CapUsedBefore, w.Status)
				}
			}
			wm := map[string]ledger.Line{}
			for _, l := range whole.Lines {
				wm[l.LineID] = l
			}
			capWhole, capSplit := capTotals(wm), capTotals(split)
			keys := make([]string, 0, len(capWhole))
			for k := range capWhole {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if capWhole[k] != capSplit[k] {
					t.Errorf("cap key %q: one run pays %s, monthly batches %s", k, capWhole[k], capSplit[k])
				}
			}
		})
	}
}

// runSplitMonths runs the months first to last of the case in cd one by one,
// each on the case's rosters cut at its end and with the earlier months'
// ledgers as --prior, and returns their lines by line_id.
func runSplitMonths(t *testing.T, cd, first, last, policyFile string) map[string]ledger.Line {
	t.Helper()
	folder, _ := input.Discover(cd, input.DiscoverOptions{})
	tmp := t.TempDir()
	var priors []string
	split := map[string]ledger.Line{}
	for m := first; m <= last; m = nextMonth(m) {
		end, _ := engine.ParsePeriod(m)
		dir := filepath.Join(tmp, m)
		os.MkdirAll(dir, 0o755)
		for k, f := range folder.Rosters {
			cut(t, f, k, end, dir)
		}
		res := runDir(t, dir, m, priors, policyFile)
		for _, l := range res.Lines {
			if _, dup := split[l.LineID]; dup {
				t.Errorf("%s: line %s paid twice", m, l.LineID)
			}
			split[l.LineID] = l
		}
		p := filepath.Join(tmp, "ledger-"+m+".csv")
		var b bytes.Buffer
		if err := output.WriteLedgerCSV(&b, res.Lines, "en", true); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, b.Bytes(), 0o644)
		priors = append(priors, p)
	}
	return split
}

// capTotals sums the payable of lines per cap key.
func capTotals(lines map[string]ledger.Line) map[string]string {
	acc := map[string]ledger.Line{}
	for _, l := range lines {
		a := acc[l.CapKey]
		a.Payable = a.Payable.Add(l.Payable)
		acc[l.CapKey] = a
	}
	m := map[string]string{}
	for k, a := range acc {
		m[k] = a.Payable.StringFixed(2)
	}
	return m
}

func nextMonth(m string) string {
	t, _ := time.Parse("2006-01", m)
	return t.AddDate(0, 1, 0).Format("2006-01")
}

// singleBatchCases are the fixture cases of one batch (not of several
// months, which verify runs month by month: verifyMonths).
func singleBatchCases(t *testing.T) []string {
	t.Helper()
	cases, err := findCases(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, cd := range cases {
		fc, err := readCase(cd)
		if err != nil {
			t.Fatal(err)
		}
		if len(fc.Months) == 0 {
			out = append(out, cd)
		}
	}
	return out
}
