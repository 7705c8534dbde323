package ledger

import (
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func diffLine(id, program, funder, recipient, payable, status string) Line {
	return Line{LineID: id, Period: "2022-06", Program: program, ProgramName: "项目", Clause: "136",
		PolicyVersion: "suzhou-ip-2021@2021", Funder: funder, RecipientID: recipient, RecipientName: "甲",
		District: "320583", EventDate: value.NewDate(2022, 6, 1), Source: "x.csv:2", BasisCNY: dec(payable),
		Rate: dec("1"), Computed: dec(payable), Payable: dec(payable), Status: status, Note: msg.T("说明", "note")}
}

// TestDiffLedgersIdentical: two ledgers with the same lines in another
// order and other notes are identical, with equal totals per program.
func TestDiffLedgersIdentical(t *testing.T) {
	a := []Line{
		diffLine("p-02", "grant_domestic", "city", "R1", "1500.00", StatusPaid),
		diffLine("p-01", "licensing_support", "320583", "R2", "20000.00", StatusPaid),
	}
	b := []Line{a[1], a[0]}
	b[0].Note = msg.T("另一说明", "another note") // notes and order do not matter
	d := Compare(a, b)
	if !d.Identical() {
		t.Fatalf("want identical, got %+v", d.Entries)
	}
	if !d.TotalA.Equal(dec("21500")) || !d.TotalB.Equal(d.TotalA) {
		t.Errorf("totals %s %s", d.TotalA, d.TotalB)
	}
	if len(d.ByProgram) != 2 || d.ByProgram[0].Key != "grant_domestic" || d.ByProgram[0].Differs {
		t.Errorf("by program %+v", d.ByProgram)
	}
}
