package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/engine"
	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
)

// Property tests on generated batches (spec §8), at the engine level: the
// rosters are built in memory as records and decoded as the command line
// decodes them, so that hundreds of batches run in a second or two. The
// file readers and the prior-ledger round trip through CSV are covered by
// TestSplitBatchInvariance and the fuzz targets.

// genRow is one generated roster row: its kind and its cells by column.
type genRow struct {
	kind  roster.Kind
	cells map[string]string
	date  value.Date // event date, for the cumulative cut
}

// propEnterprises is the fixed enterprise roster: the example batch's.
func propEnterprises(t testing.TB) []genRow {
	t.Helper()
	f, err := os.Open(filepath.Join(fixturesDir, "example-2022-06", "enterprises.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []genRow
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, genRow{kind: roster.Enterprises, cells: m})
	}
	return rows
}

// propFX is the fixed rate roster: USD on the first of every month of 2022.
func propFX() []genRow {
	var rows []genRow
	for m := 1; m <= 12; m++ {
		rows = append(rows, genRow{kind: roster.FX, cells: map[string]string{
			"currency": "USD", "date": fmt.Sprintf("2022-%02d-01", m), "rate": fmt.Sprintf("6.%04d", 3000+37*m), "units": "1", "quote": "cny_per_unit"}})
	}
	return rows
}

// genEvents draws the event rows of one year: grants, licensing,
// litigation, insurance and financing payments of the fixed enterprises,
// some sharing a contract, case or policy (so caps and count limits bind),
// some repeated (duplicate rows), dates anywhere in 2022.
func genEvents(t *rapid.T, usccs []string) []genRow {
	n := rapid.IntRange(1, 60).Draw(t, "events")
	var rows []genRow
	for i := 0; i < n; i++ {
		if i > 0 && rapid.IntRange(0, 19).Draw(t, "dup") == 0 {
			rows = append(rows, rows[rapid.IntRange(0, len(rows)-1).Draw(t, "dupOf")])
			continue
		}
		d := value.NewDate(2022, time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"))
		ds := d.String()
		uscc := rapid.SampledFrom(usccs).Draw(t, "uscc")
		amount := fmt.Sprintf("%d.%02d", rapid.IntRange(1, 3_000_000).Draw(t, "yuan"), rapid.IntRange(0, 99).Draw(t, "fen"))
		var r genRow
		switch rapid.IntRange(0, 4).Draw(t, "kind") {
		case 0:
			if rapid.Bool().Draw(t, "busy") {
				uscc = usccs[0] // many grants to one holder: thresholds and count limits
			}
			kind := rapid.SampledFrom([]string{"invention", "invention", "invention", "utility_model", "design"}).Draw(t, "grantKind")
			office, route := "CN", "domestic"
			if rapid.IntRange(0, 3).Draw(t, "foreign") == 0 {
				office, route = rapid.SampledFrom([]string{"US", "EP", "JP"}).Draw(t, "office"), "pct"
			}
			r = genRow{kind: roster.Grants, cells: map[string]string{"uscc": uscc,
				"number": fmt.Sprintf("ZL2022%07d.%d", i, i%10), "kind": kind, "office": office, "route": route, "grant_date": ds}}
		case 1:
			role, kind := "licensee", "license"
			if rapid.Bool().Draw(t, "assignment") {
				role, kind = "assignee", "assignment"
			}
			r = genRow{kind: roster.Licensing, cells: map[string]string{"contract_id": fmt.Sprintf("HT-%d", rapid.IntRange(1, 6).Draw(t, "contract")),
				"uscc": uscc, "role": role, "kind": kind, "counterparty": "Foo Inc", "cross_border": "no",
				"amount": amount, "currency": "CNY", "paid_date": ds, "payment_no": fmt.Sprint(i)}}
		case 2:
			cur := rapid.SampledFrom([]string{"USD", "CNY"}).Draw(t, "currency")
			r = genRow{kind: roster.Litigation, cells: map[string]string{"case_id": fmt.Sprintf("C-%d", rapid.IntRange(1, 4).Draw(t, "case")),
				"uscc": uscc, "jurisdiction": "US", "invoice_no": fmt.Sprintf("INV-%d", i), "amount": amount, "currency": cur, "paid_date": ds}}
		case 3:
			r = genRow{kind: roster.Insurance, cells: map[string]string{"policy_no": fmt.Sprintf("P-%d", rapid.IntRange(1, 5).Draw(t, "policy")),
				"uscc": uscc, "insurer": "人保", "premium": amount, "currency": "CNY", "paid_date": ds, "payment_no": fmt.Sprint(i)}}
		default:
			r = genRow{kind: roster.Financing, cells: map[string]string{"loan_id": fmt.Sprintf("L-%d", rapid.IntRange(1, 5).Draw(t, "loan")),
				"uscc": uscc, "bank": "江苏银行", "fee_type": rapid.SampledFrom([]string{"evaluation", "guarantee", "interest"}).Draw(t, "fee"),
				"amount": amount, "currency": "CNY", "paid_date": ds, "payment_no": fmt.Sprint(i)}}
		}
		r.date = d
		rows = append(rows, r)
	}
	if rapid.Bool().Draw(t, "burst") {
		// One holder's year of domestic invention grants, around the
		// threshold of layout.invention_10 (counted rows, spec §1.3).
		uscc := rapid.SampledFrom(usccs[:3]).Draw(t, "burstHolder")
		for i, k := 0, rapid.IntRange(8, 14).Draw(t, "burstSize"); i < k; i++ {
			d := value.NewDate(2022, time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"))
			rows = append(rows, genRow{kind: roster.Grants, date: d, cells: map[string]string{"uscc": uscc,
				"number": fmt.Sprintf("ZL2022%07d.B", i), "kind": "invention", "office": "CN", "route": "domestic", "grant_date": d.String()}})
		}
	}
	return rows
}

// priorLedger is one prior ledger: its lines and the year counts its run
// left (from its manifest).
type priorLedger struct {
	name   string
	lines  []ledger.Line
	counts []ledger.YearCount
}

// priorOf indexes prior ledgers, one set each in order, as --prior does
// (ledger.PriorBuilder); the programs named in countRecipients have their
// distinct recipients counted.
func priorOf(ledgers []priorLedger, countRecipients ...string) (*ledger.Prior, error) {
	b := ledger.NewPriorBuilder()
	b.CountRecipients(countRecipients...)
	for set, pl := range ledgers {
		for i := range pl.lines {
			if err := b.Add(set, pl.name, &pl.lines[i]); err != nil {
				return nil, err
			}
		}
		for _, yc := range pl.counts {
			b.AddYearCount(yc)
		}
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b.Prior(), nil
}

// batchInput collects rows (in the given order, rows numbered from 2 per
// roster as a spreadsheet shows them) into the input of one batch.
func batchInput(t fataler, pol *policy.Policy, period string, rows []genRow, prior []ledger.Line) engine.Input {
	in := engine.Input{Period: period, Policy: pol, Rows: engine.NewRows(nil)}
	next := map[roster.Kind]int{}
	for _, r := range rows {
		s := roster.Lookup(r.kind)
		file := string(r.kind) + ".csv"
		in.Rows.File(r.kind, file)
		if next[r.kind] == 0 {
			next[r.kind] = 2
		}
		cells := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			cells[i] = r.cells[c.Name]
		}
		rec := roster.Record{File: file, Row: next[r.kind], Cells: cells}
		next[r.kind]++
		if err := in.Rows.Add(r.kind, rec); err != nil {
			t.Fatal(err)
		}
	}
	p, err := priorOf([]priorLedger{{name: "prior", lines: prior}}, pol.RecipientCounted()...)
	if err != nil {
		t.Fatal(err)
	}
	in.Prior = p
	return in
}

// fataler is what the helpers need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// runEngine runs one batch; reconciliation must balance (spec §1.3).
func runEngine(t fataler, in engine.Input) *engine.Result {
	res, err := engine.Run(in, engine.Options{})
	if err != nil {
		t.Fatalf("%s: %v", in.Period, err)
	}
	if !res.Recon.Balanced() {
		t.Fatalf("%s: reconciliation does not balance: %v", in.Period, res.Recon.Problems)
	}
	return res
}

// propWorld is a generated year: fixed rosters, events, and a partition of
// the year into consecutive batches (their last months, ending with 12).
type propWorld struct {
	fixed  []genRow
	events []genRow
	cuts   []int
}

func drawWorld(t *rapid.T, ents []genRow) propWorld {
	var usccs []string
	for _, e := range ents {
		usccs = append(usccs, e.cells["uscc"])
	}
	usccs = append(usccs, ids.MakeUSCC("91320583MA1XA0099")) // valid, not in the roster: unknown_recipient
	w := propWorld{fixed: append(append([]genRow{}, ents...), propFX()...), events: genEvents(t, usccs)}
	for m := 1; m < 12; m++ {
		if rapid.IntRange(0, 2).Draw(t, "cut") == 0 {
			w.cuts = append(w.cuts, m)
		}
	}
	w.cuts = append(w.cuts, 12)
	return w
}

// upTo is the cumulative rosters of a batch ending on end: the fixed rosters
// and every event dated on or before end (late rows hold back a row until
// the batch given, as if it arrived then).
func (w propWorld) upTo(end value.Date, batch int, late map[int]int) []genRow {
	rows := append([]genRow{}, w.fixed...)
	for i, r := range w.events {
		if r.date > end {
			continue
		}
		if lb, ok := late[i]; ok && batch < lb {
			continue
		}
		rows = append(rows, r)
	}
	return rows
}

// runSplit runs the batches of w with prior chaining and returns the lines
// of every batch, checking on the way that no line_id is paid twice.
func runSplit(t *rapid.T, pol *policy.Policy, w propWorld, late map[int]int) ([]ledger.Line, []string) {
	var prior []ledger.Line
	var lateIDs []string
	seen := map[string]string{}
	for b, m := range w.cuts {
		period := fmt.Sprintf("2022-%02d", m)
		end, _ := engine.ParsePeriod(period)
		res := runEngine(t, batchInput(t, pol, period, w.upTo(end, b, late), prior))
		for _, l := range res.Lines {
			if p, dup := seen[l.LineID]; dup {
				t.Fatalf("line %s paid in %s and again in %s", l.LineID, p, period)
			}
			seen[l.LineID] = period
		}
		prior = append(prior, res.Lines...)
		lateIDs = append(lateIDs, res.Late...)
	}
	return prior, lateIDs
}

// checkCaps: every line stays within its cap, and what one cap key pays in
// all batches together stays within the largest cap its lines cite.
func checkCaps(t *rapid.T, lines []ledger.Line) {
	total, limit := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, l := range lines {
		if l.Payable.IsNegative() || l.Payable.GreaterThan(l.Computed) {
			t.Fatalf("line %s pays %s of computed %s", l.LineID, l.Payable, l.Computed)
		}
		if !l.HasCap {
			continue
		}
		if l.CapUsedBefore.Add(l.Payable).GreaterThan(l.CapLimit) {
			t.Fatalf("line %s: %s used before + %s payable exceeds the cap %s", l.LineID, l.CapUsedBefore, l.Payable, l.CapLimit)
		}
		total[l.CapKey] = total[l.CapKey].Add(l.Payable)
		if l.CapLimit.GreaterThan(limit[l.CapKey]) {
			limit[l.CapKey] = l.CapLimit
		}
	}
	for k, tot := range total {
		if tot.GreaterThan(limit[k]) {
			t.Fatalf("cap key %s pays %s in all, over its cap %s", k, tot, limit[k])
		}
	}
}

// byCapKey sums payable per cap key (the line_id for a line without one).
func byCapKey(lines []ledger.Line) map[string]string {
	acc := map[string]decimal.Decimal{}
	for _, l := range lines {
		k := l.CapKey
		if k == "" {
			k = "line:" + l.LineID
		}
		acc[k] = acc[k].Add(l.Payable)
	}
	out := map[string]string{}
	for k, v := range acc {
		out[k] = v.StringFixed(2)
	}
	return out
}

// TestPropertySplitBatchInvariance (spec §8): with rows arriving in date
// order and the enterprise roster fixed, any partition of the year into
// consecutive batches, each with the earlier ledgers as prior, pays line by
// line what one year-end batch pays; no line_id is paid twice; every cap
// holds across the partition; every batch reconciles.
func TestPropertySplitBatchInvariance(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents := propEnterprises(t)
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t, ents)
		whole := runEngine(t, batchInput(t, pol, "2022-12", w.upTo(value.NewDate(2022, time.December, 31), 0, nil), nil))
		split, late := runSplit(t, pol, w, nil)
		if len(late) > 0 {
			t.Fatalf("rows in date order, yet late lines %v", late)
		}
		checkCaps(t, whole.Lines)
		checkCaps(t, split)
		got := map[string]ledger.Line{}
		for _, l := range split {
			got[l.LineID] = l
		}
		if len(got) != len(whole.Lines) {
			t.Fatalf("batches %v wrote %d lines, one run %d", w.cuts, len(got), len(whole.Lines))
		}
		for _, l := range whole.Lines {
			s, ok := got[l.LineID]
			if !ok {
				t.Fatalf("batches %v never wrote line %s (%s)", w.cuts, l.LineID, l.Source)
			}
			if !s.Payable.Equal(l.Payable) || !s.Computed.Equal(l.Computed) || !s.BasisCNY.Equal(l.BasisCNY) ||
				!s.CapUsedBefore.Equal(l.CapUsedBefore) || s.Status != l.Status || s.CapKey != l.CapKey {
				t.Fatalf("batches %v: line %s pays %s (%s, used before %s), one run %s (%s, used before %s)",
					w.cuts, l.LineID, s.Payable, s.Status, s.CapUsedBefore, l.Payable, l.Status, l.CapUsedBefore)
			}
		}
	})
}

// TestPropertyLateRows (spec §8): when some rows arrive in a later batch
// than their date (after later rows were paid), the batches still pay the
// same total per cap key as one year-end run, never a line twice, within
// every cap, and the summary names the late lines.
func TestPropertyLateRows(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents := propEnterprises(t)
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t, ents)
		late := map[int]int{}
		for i := range w.events {
			if rapid.IntRange(0, 4).Draw(t, "late") == 0 {
				late[i] = rapid.IntRange(0, len(w.cuts)-1).Draw(t, "arrives")
			}
		}
		whole := runEngine(t, batchInput(t, pol, "2022-12", w.upTo(value.NewDate(2022, time.December, 31), 0, nil), nil))
		split, _ := runSplit(t, pol, w, late)
		checkCaps(t, split)
		a, b := byCapKey(whole.Lines), byCapKey(split)
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			if a[k] != b[k] {
				t.Fatalf("cuts %v, late %v: cap key %s: one run pays %s, the batches %s", w.cuts, late, k, a[k], b[k])
			}
		}
	})
}

// TestPropertyRowOrder (spec §1.5): shuffling the rows of the rosters
// changes no line_id, amount, status, flag or disposition; only the row
// numbers in source and in the rejections move.
func TestPropertyRowOrder(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents := propEnterprises(t)
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t, ents)
		rows := w.upTo(value.NewDate(2022, time.December, 31), 0, nil)
		perm := rapid.Permutation(rows).Draw(t, "order")
		a := runEngine(t, batchInput(t, pol, "2022-12", rows, nil))
		b := runEngine(t, batchInput(t, pol, "2022-12", perm, nil))
		if la, lb := lineKeys(a.Lines), lineKeys(b.Lines); strings.Join(la, "\n") != strings.Join(lb, "\n") {
			t.Fatalf("lines differ after reordering:\n%s\n---\n%s", strings.Join(la, "\n"), strings.Join(lb, "\n"))
		}
		if ra, rb := rejectionKeys(a.Rejections), rejectionKeys(b.Rejections); strings.Join(ra, "\n") != strings.Join(rb, "\n") {
			t.Fatalf("rejections differ after reordering:\n%s\n---\n%s", strings.Join(ra, "\n"), strings.Join(rb, "\n"))
		}
		ca, cb := countedLines(a.Counted), countedLines(b.Counted)
		if strings.Join(ca, ",") != strings.Join(cb, ",") {
			t.Fatalf("counted rows differ after reordering: %v / %v", ca, cb)
		}
	})
}

// lineKeys renders every line without source and note (which cite row
// numbers), sorted.
func lineKeys(lines []ledger.Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, strings.Join([]string{l.LineID, l.Program, l.RecipientID, l.EventDate.String(), l.BasisCNY.String(),
			l.Rate.String(), l.Computed.String(), l.CapKey, l.CapLimit.String(), l.CapUsedBefore.String(), l.Payable.String(),
			l.Status, l.FlagString()}, "|"))
	}
	sort.Strings(out)
	return out
}

// rejectionKeys renders every rejection without its row, sorted.
func rejectionKeys(rejs []ledger.Rejection) []string {
	var out []string
	for _, r := range rejs {
		out = append(out, strings.Join([]string{r.File, r.Column, r.Value, r.Code, r.Class}, "|"))
	}
	sort.Strings(out)
	return out
}

// countedLines lists the lines counted rows count toward, sorted.
func countedLines(c map[string]string) []string {
	var out []string
	for _, l := range c {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// FuzzRunRoster replaces one roster of the example batch (the first byte
// picks which) with arbitrary bytes and runs the whole batch as `subsidy
// run` reads it: the outcome is a usage error (exit 2) or a result whose
// reconciliation balances (spec §1.3: every row read ends in exactly one
// disposition), never a panic or another error.
func FuzzRunRoster(f *testing.F) {
	src := filepath.Join(fixturesDir, "example-2022-06")
	for i, k := range roster.Kinds {
		if b, err := os.ReadFile(filepath.Join(src, string(k)+".csv")); err == nil {
			f.Add(uint8(i), b)
		}
	}
	dir := f.TempDir()
	files, _ := filepath.Glob(filepath.Join(src, "*.csv"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		k := roster.Kinds[int(which)%len(roster.Kinds)]
		rosters := map[roster.Kind]string{}
		for _, kk := range roster.Kinds {
			rosters[kk] = filepath.Join(dir, string(kk)+".csv")
		}
		p := filepath.Join(t.TempDir(), string(k)+".csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rosters[k] = p
		ld, err := batch.Load(batch.Options{Period: "2022-06", Rosters: rosters, Lang: "en"})
		if err != nil {
			if fe, ok := err.(*failure.Error); !ok || fe.Kind != failure.KindUsage {
				t.Fatalf("load: %v (%T)", err, err)
			}
			return
		}
		res, err := engine.Run(ld.In, engine.Options{})
		if err != nil {
			t.Fatalf("engine: %v", err)
		}
		if !res.Recon.Balanced() {
			t.Fatalf("reconciliation does not balance: %v", res.Recon.Problems)
		}
	})
}
