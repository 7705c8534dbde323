package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// keyColumns are the identifier columns of each event roster whose
// canonical form builds the natural key (spec §3), with the enterprise's
// USCC.
var keyColumns = map[roster.Kind][]string{
	roster.Grants:     {"uscc", "number"},
	roster.Licensing:  {"contract_id", "uscc"},
	roster.Litigation: {"case_id", "invoice_no", "uscc"},
	roster.Insurance:  {"policy_no", "uscc"},
	roster.Financing:  {"loan_id", "uscc"},
	roster.Awards:     {"project_id", "recipient_id"},
}

// cosmetic draws a form of an identifier that means the same to a clerk:
// lower case, full width, a byte-order mark or a zero-width space pasted
// in, surrounding spaces, the ".0" Excel adds to a number stored as text,
// and in a patent number spaces, separators and hyphens inside.
func cosmetic(t *rapid.T, column, v string) string {
	for _, op := range rapid.SliceOfN(rapid.IntRange(0, 6), 1, 3).Draw(t, "ops") {
		switch op {
		case 0:
			v = strings.ToLower(v)
		case 1:
			v = fullWidthASCII(v)
		case 2:
			v = "\ufeff" + v
		case 3:
			i := rapid.IntRange(0, len(v)).Draw(t, "at")
			for i < len(v) && !isRuneStart(v[i]) {
				i++
			}
			v = v[:i] + "\u200b" + v[i:]
		case 4:
			v = " " + v + "\u3000"
		case 5:
			if value.IsDigits(v) {
				v += ".0"
			}
		case 6:
			if column == "number" {
				i := rapid.IntRange(1, 4).Draw(t, "at")
				if i < len(v) && v[i] >= '0' && v[i] <= '9' {
					v = v[:i] + rapid.SampledFrom([]string{" ", ",", "-"}).Draw(t, "sep") + v[i:]
				}
			}
		}
	}
	return v
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }

// genKeyedEvents is genEvents with committee awards (project_id and
// recipient_id keys) and contract numbers of digits, as contract
// registration numbers are.
func genKeyedEvents(t *rapid.T, usccs []string) []genRow {
	rows := genEvents(t, usccs)
	for i, n := 0, rapid.IntRange(0, 4).Draw(t, "awards"); i < n; i++ {
		d := value.NewDate(2022, time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"))
		rows = append(rows, genRow{kind: roster.Awards, date: d, cells: map[string]string{
			"program": "award.patent_prize", "recipient_id": rapid.SampledFrom(usccs).Draw(t, "winner"),
			"project_id": fmt.Sprintf("PP-2022-%02d", i), "amount": "100000.00", "decision_date": d.String(), "decision_ref": "苏知发〔2022〕1号"}})
	}
	for _, r := range rows {
		if r.kind == roster.Licensing && rapid.Bool().Draw(t, "digits") {
			r.cells["contract_id"] = "20223205" + strings.TrimPrefix(r.cells["contract_id"], "HT-")
		}
	}
	return rows
}

// TestPropertyKeyFormsPayNothing (issue 11): month B is month A's rosters
// with the key columns put through random cosmetic variants; with month
// A's ledger as prior, B pays nothing: every row that was a line in A is
// the prior line, under the same line_id.
func TestPropertyKeyFormsPayNothing(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents := propEnterprises(t)
	var usccs []string
	for _, e := range ents {
		usccs = append(usccs, e.cells["uscc"])
	}
	rapid.Check(t, func(t *rapid.T) {
		events := genKeyedEvents(t, usccs)
		fixed := append(append([]genRow{}, ents...), propFX()...)
		a := runEngine(t, batchInput(t, pol, "2022-12", append(fixed, events...), nil))
		var varied []genRow
		for _, r := range events {
			cells := map[string]string{}
			for k, v := range r.cells {
				cells[k] = v
			}
			for _, c := range keyColumns[r.kind] {
				if rapid.Bool().Draw(t, "vary") {
					cells[c] = cosmetic(t, c, cells[c])
				}
			}
			varied = append(varied, genRow{kind: r.kind, cells: cells, date: r.date})
		}
		b := runEngine(t, batchInput(t, pol, "2022-12", append(fixed, varied...), a.Lines))
		if len(b.Lines) != 0 {
			t.Fatalf("month B pays %d lines again, first %s (%s)", len(b.Lines), b.Lines[0].LineID, b.Lines[0].Source)
		}
		prior := 0
		for _, c := range b.Recon.Rosters {
			prior += c.Prior
		}
		lines := 0
		for _, c := range a.Recon.Rosters {
			lines += c.Line
		}
		if prior != lines {
			t.Fatalf("month A had %d rows as lines, month B %d as prior", lines, prior)
		}
	})
}
