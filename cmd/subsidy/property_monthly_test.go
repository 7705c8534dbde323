package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

// Split-batch invariance with month-by-month rosters (spec §4.3a 5, §8):
// the yearly counts of 136 三(一)1 (layout.invention_10, "年发明专利授权10件以上";
// layout.institution_100, 100 for a university or institute) are reached
// whether each batch's rosters hold the year to date (cumulative) or only
// the rows dated in its own months (non-cumulative): each batch passes on
// the trace of the counts still short of their threshold
// (engine.Result.YearCounts, kept in the run manifest) with its ledger.

// genThresholdGrants adds to events a year of domestic invention grants
// around both thresholds: up to three enterprises near 10, the example's
// university near 100, on random days of 2022, some sent again in a later
// month (a clerk re-sending a row: it must count once).
func genThresholdGrants(t *rapid.T, w *propWorld, enterprises []string, university string) {
	add := func(holder string, n int, tag string) {
		for i := 0; i < n; i++ {
			d := value.NewDate(2022, time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"))
			w.events = append(w.events, genRow{kind: "grants", date: d, cells: map[string]string{"uscc": holder,
				"number": fmt.Sprintf("ZL2022%s%05d.%d", tag, i, i%10), "kind": "invention", "office": "CN", "route": "domestic", "grant_date": d.String()}})
		}
	}
	for i, u := range enterprises[:rapid.IntRange(1, 3).Draw(t, "holders")] {
		add(u, rapid.IntRange(6, 16).Draw(t, "inventions"), fmt.Sprintf("E%d", i))
	}
	add(university, rapid.IntRange(95, 106).Draw(t, "institutionGrants"), "U")
}

// monthlyRows is the non-cumulative rosters of batch b: the fixed rosters
// and the events dated after the previous batch's end, up to its own; a
// re-sent row (resend: event index → batch) comes again in that batch.
func (w propWorld) monthlyRows(b int, resend map[int]int) []genRow {
	from := value.Date(-1 << 30)
	if b > 0 {
		from, _ = engine.ParsePeriod(fmt.Sprintf("2022-%02d", w.cuts[b-1]))
	}
	end, _ := engine.ParsePeriod(fmt.Sprintf("2022-%02d", w.cuts[b]))
	rows := append([]genRow{}, w.fixed...)
	for i, r := range w.events {
		if (r.date > from && r.date <= end) || resend[i] == b && r.date <= from {
			rows = append(rows, r)
		}
	}
	return rows
}

// runChained runs the batches of w, each with every earlier batch's lines
// and year counts as prior (one priorLedger per earlier ledger, as a folder of
// ledgers with their manifests), on monthly or cumulative rosters, and
// returns every batch's lines, checking that no line_id is paid twice and
// that the last batch leaves a trace only of years short of a threshold.
func runChained(t *rapid.T, pol *policy.Policy, w propWorld, monthly bool, resend map[int]int) []ledger.Line {
	var sets []priorLedger
	var all []ledger.Line
	seen := map[string]string{}
	for b, m := range w.cuts {
		period := fmt.Sprintf("2022-%02d", m)
		end, _ := engine.ParsePeriod(period)
		rows := w.upTo(end, b, nil)
		if monthly {
			rows = w.monthlyRows(b, resend)
		}
		in := batchInput(t, pol, period, rows, nil)
		p, err := priorOf(sets, pol.RecipientCounted()...)
		if err != nil {
			t.Fatal(err)
		}
		in.Prior = p
		res := runEngine(t, in)
		for _, l := range res.Lines {
			if q, dup := seen[l.LineID]; dup {
				t.Fatalf("line %s paid in %s and again in %s", l.LineID, q, period)
			}
			seen[l.LineID] = period
		}
		for _, yc := range res.YearCounts {
			if len(yc.Keys) > 99 {
				t.Fatalf("%s: trace of %s %s %d holds %d keys, more than a threshold's", period, yc.Program, yc.Recipient, yc.Year, len(yc.Keys))
			}
		}
		sets = append(sets, priorLedger{name: "ledger-" + period, lines: res.Lines, counts: res.YearCounts})
		all = append(all, res.Lines...)
	}
	return all
}

// TestPropertyMonthlyRosters: with the enterprise roster fixed and rows
// arriving in date order, any partition of 2022 into consecutive batches
// pays, line by line, what one run on the whole year pays — with
// non-cumulative (month's rows only, some rows re-sent in a later month)
// and with cumulative rosters, both chained through their year counts —
// for every counted threshold, and both thresholds are reached in the
// generated years.
func TestPropertyMonthlyRosters(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents := propEnterprises(t)
	var enterprises []string
	university := ""
	for _, e := range ents {
		switch e.cells["entity_type"] {
		case "enterprise":
			enterprises = append(enterprises, e.cells["uscc"])
		case "university", "institute":
			university = e.cells["uscc"]
		}
	}
	if university == "" || len(enterprises) < 3 {
		t.Fatal("the example enterprise roster needs a university and three enterprises")
	}
	reached := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t, ents)
		genThresholdGrants(t, &w, enterprises, university)
		resend := map[int]int{}
		for i := range w.events {
			if rapid.IntRange(0, 9).Draw(t, "resend") == 0 {
				resend[i] = rapid.IntRange(0, len(w.cuts)-1).Draw(t, "resentIn")
			}
		}
		whole := runEngine(t, batchInput(t, pol, "2022-12", w.upTo(value.NewDate(2022, time.December, 31), 0, nil), nil))
		want := map[string]ledger.Line{}
		for _, l := range whole.Lines {
			want[l.LineID] = l
			if l.Program == "layout.invention_10" || l.Program == "layout.institution_100" {
				reached[l.Program]++
			}
		}
		for _, monthly := range []bool{true, false} {
			split := runChained(t, pol, w, monthly, resend)
			checkCaps(t, split)
			kind := map[bool]string{true: "monthly", false: "cumulative"}[monthly]
			if len(split) != len(whole.Lines) {
				t.Fatalf("%s batches %v wrote %d lines, one run %d", kind, w.cuts, len(split), len(whole.Lines))
			}
			for _, s := range split {
				l, ok := want[s.LineID]
				if !ok {
					t.Fatalf("%s batches %v wrote line %s (%s) that one run does not", kind, w.cuts, s.LineID, s.Source)
				}
				if !s.Payable.Equal(l.Payable) || !s.Computed.Equal(l.Computed) || !s.BasisCNY.Equal(l.BasisCNY) || s.EventDate != l.EventDate ||
					!s.CapUsedBefore.Equal(l.CapUsedBefore) || s.Status != l.Status || s.CapKey != l.CapKey {
					t.Fatalf("%s batches %v: line %s pays %s on %s (%s, used before %s), one run %s on %s (%s, used before %s)",
						kind, w.cuts, l.LineID, s.Payable, s.EventDate, s.Status, s.CapUsedBefore, l.Payable, l.EventDate, l.Status, l.CapUsedBefore)
				}
			}
		}
	})
	for _, p := range []string{"layout.invention_10", "layout.institution_100"} {
		if reached[p] == 0 {
			t.Errorf("no generated year reached %s: the property proves nothing for it", p)
		}
	}
}

// cutMonths writes the rows of roster file f dated after from and on or
// before end into dir (one batch's non-cumulative roster); a roster without
// event dates (enterprises) is copied whole.
func cutMonths(t *testing.T, f string, k roster.Kind, from, end value.Date, dir string) {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if name, ok := dateColumn[k]; ok && strings.Contains(strings.ToLower(h), name) {
			col = i
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for i, r := range recs {
		if i > 0 && col >= 0 {
			if d, err := value.ParseDate(r[col]); err == nil && (d <= from || d > end) {
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

// TestMonthlyRostersThroughManifests (spec §4.3a 5, §8): the fixtures whose
// lines count toward a yearly threshold (institution-100: a university's
// 100th invention of 2022; layout-grants: an enterprise's 10th), cut into
// month-by-month (non-cumulative) rosters and run one month at a time with
// `subsidy run`, each month's CSV ledger and its workbook copy (two files
// of one ledger, each with its run manifest) in the --prior folder, pay line
// by line what one run on the whole rosters pays: the trace of each month's
// counts travels in the manifests, read once however many copies.
func TestMonthlyRostersThroughManifests(t *testing.T) {
	for _, name := range []string{"institution-100", "layout-grants"} {
		t.Run(name, func(t *testing.T) {
			cd := filepath.Join(fixturesDir, name)
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
			folder, _ := input.Discover(cd, input.DiscoverOptions{})
			tmp, priorDir := t.TempDir(), filepath.Join(t.TempDir(), "prior")
			os.MkdirAll(priorDir, 0o755)
			got := map[string]ledger.Line{}
			from := value.Date(-1 << 30)
			for m := first; m <= fc.Period; m = nextMonth(m) {
				end, _ := engine.ParsePeriod(m)
				dir := filepath.Join(tmp, m)
				os.MkdirAll(dir, 0o755)
				for k, f := range folder.Rosters {
					cutMonths(t, f, k, from, end, dir)
				}
				from = end
				for _, ext := range []string{".csv", ".xlsx"} {
					args := []string{"run", "--period", m, "--in", dir, "--prior", priorDir, "--quiet", "--lang", "en",
						"--out", filepath.Join(priorDir, "ledger-"+m+ext), "--rejections", filepath.Join(dir, "rejections"+ext+".csv")}
					if policyFile != "" {
						args = append(args, "--policy", policyFile)
					}
					if code, _, stderr := runCLI(t, args...); code != 0 {
						t.Fatalf("%s %s: exit %d: %s", m, ext, code, stderr)
					}
				}
			}
			sets, _, err := output.ReadPrior([]string{priorDir})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sets {
				if filepath.Ext(s.Path) != ".csv" {
					continue
				}
				for _, l := range s.Lines {
					if _, dup := got[l.LineID]; dup {
						t.Errorf("line %s paid twice", l.LineID)
					}
					got[l.LineID] = l
				}
			}
			if len(got) != len(whole.Lines) {
				t.Errorf("monthly batches wrote %d lines, one run %d", len(got), len(whole.Lines))
			}
			for _, w := range whole.Lines {
				s, ok := got[w.LineID]
				if !ok {
					t.Errorf("line %s (%s) not paid by the monthly batches", w.LineID, w.Source)
					continue
				}
				if !s.Payable.Equal(w.Payable) || s.EventDate != w.EventDate || !s.CapUsedBefore.Equal(w.CapUsedBefore) || s.Status != w.Status {
					t.Errorf("line %s: monthly %s on %s (%s, used before %s), one run %s on %s (%s, used before %s)",
						w.LineID, s.Payable, s.EventDate, s.Status, s.CapUsedBefore, w.Payable, w.EventDate, w.Status, w.CapUsedBefore)
				}
			}
		})
	}
}

// TestPriorWithoutCountsWarns: a prior ledger whose run left no trace of its
// year counts (no manifest here, as a ledger written to stdout or before
// manifests kept counts) is used with a warning that the year's counts may
// be short, when the batch has grants to count; a run to stdout that leaves
// counts short of their threshold warns that they are not kept.
func TestPriorWithoutCountsWarns(t *testing.T) {
	cd := filepath.Join(fixturesDir, "layout-monthly")
	prior := filepath.Join(t.TempDir(), "ledger-2022-01.csv")
	data, err := os.ReadFile(filepath.Join(cd, "prior", "ledger-2022-01.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(prior, data, 0o644)
	out := t.TempDir()
	code, _, stderr := runCLI(t, "run", "--period", "2022-02", "--in", cd, "--prior", prior, "--lang", "en",
		"--out", filepath.Join(out, "ledger.csv"))
	if code != 0 || !strings.Contains(stderr, "comes with no record of its year counts") {
		t.Errorf("exit %d, stderr:\n%s\nwant the warning that the year counts may be short", code, stderr)
	}
	code, _, stderr = runCLI(t, "run", "--period", "2022-01", "--in", filepath.Join(cd, "january"), "--lang", "en",
		"--out", "-", "--rejections", filepath.Join(out, "rej.csv"))
	if code != 0 || !strings.Contains(stderr, "leaves 2 year counts short of their threshold") {
		t.Errorf("exit %d, stderr:\n%s\nwant the warning that a ledger on stdout keeps no counts", code, stderr)
	}
}
