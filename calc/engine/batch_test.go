package engine

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
)

// The program families' table tests (ratio_test.go, layout_test.go,
// awards_test.go, tier_test.go, dengfeng_test.go, budget_test.go) build
// a batch as a clerk hands it in and run it through Rows and Run, without
// the command line. Each expected amount is derived by hand from its
// clause in the comment beside it; the fixtures of the same name derive
// the same cases from files.

// batch is one batch: the text of each roster as CSV (a header, then the
// rows, of the file "<roster>.csv", numbered from row 2 as a spreadsheet
// shows them), the lines of prior ledgers, and the period.
type batch struct {
	period  string
	rosters map[roster.Kind]string
	prior   []ledger.Line
	// noteLang is Options.NoteLang.
	noteLang string
}

// run collects the batch's rosters in the order they are read and
// computes it under the default policy; the reconciliation must balance
// (spec §1.3).
func (b batch) run(t *testing.T) *Result {
	t.Helper()
	pol := testPolicy(t)
	rows := NewRows(nil)
	for _, k := range roster.Kinds {
		text, ok := b.rosters[k]
		if !ok {
			continue
		}
		file := string(k) + ".csv"
		rows.File(k, file)
		recs, err := csv.NewReader(strings.NewReader(unindent(text))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		hm, err := roster.Lookup(k).MapHeader(recs[0])
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for i, rec := range recs[1:] {
			if err := rows.Add(k, hm.Arrange(file, i+2, rec)); err != nil {
				t.Fatal(err)
			}
		}
	}
	prior, err := priorOf(b.prior, nil, pol.RecipientCounted()...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(Input{Period: b.period, Policy: pol, Rows: rows, Prior: prior}, Options{NoteLang: b.noteLang})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Recon.Balanced() {
		t.Fatalf("reconciliation does not balance: %v", res.Recon.Problems)
	}
	return res
}

// unindent drops the indentation and the blank lines of a roster written
// in a test.
func unindent(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// results is what became of each row of a batch, by "file:row": a line
// ("program funder payable status", then its flags), "counted" toward the
// line of a program, or the codes of its rejections.
func results(res *Result) map[string]string {
	out := map[string]string{}
	for _, l := range res.Lines {
		src, _, _ := strings.Cut(l.Source, " ")
		out[src] = strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s", l.Program, l.Funder, l.Payable.StringFixed(2), l.Status, l.FlagString()))
	}
	for src, id := range res.Counted {
		out[src] = "counted " + id[:strings.LastIndex(id, "-")]
	}
	for _, r := range res.Rejections {
		src := fmt.Sprintf("%s:%d", r.File, r.Row)
		if out[src] != "" {
			out[src] += ","
		}
		out[src] += r.Code
	}
	return out
}

// expect checks that the rows of want, and no others, became what want
// says; the rows it leaves out are prior (or reference rows).
func expect(t *testing.T, res *Result, want map[string]string) {
	t.Helper()
	got := results(res)
	var rows []string
	for src := range got {
		rows = append(rows, src)
	}
	for src := range want {
		if _, ok := got[src]; !ok {
			rows = append(rows, src)
		}
	}
	slices.Sort(rows)
	for _, src := range rows {
		if got[src] != want[src] {
			t.Errorf("%s: %q, want %q", src, got[src], want[src])
		}
	}
}

// priorCount is the number of rows of roster kind whose line stands in a
// prior ledger.
func priorCount(res *Result, kind roster.Kind) int {
	for _, c := range res.Recon.Rosters {
		if c.Kind == kind {
			return c.Prior
		}
	}
	return 0
}

// paidLine is a line of a prior ledger of batch period: program paid
// payable (its basis and computed) to recipient for an event on the day
// on, under capKey, its line_id from program and key.
func paidLine(period, program, funder, recipient, on, payable, capKey string, key ...string) ledger.Line {
	return ledger.Line{LineID: ledger.LineID(program, key...), Period: period, Program: program, Funder: funder,
		RecipientID: recipient, EventDate: date(on), BasisCNY: d(payable), Rate: d("1"), Computed: d(payable),
		Payable: d(payable), CapKey: capKey, Status: ledger.StatusOf(d(payable), d(payable))}
}
