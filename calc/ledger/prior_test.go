package ledger

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

func testLine() Line {
	d, _ := value.ParseDate("2022-06-10")
	return Line{LineID: "licensing_support-0123456789abcdef", Period: "2022-06", Program: "licensing_support",
		ProgramName: "许可", Clause: "§3", PolicyVersion: "p@1", Funder: "city", RecipientID: "91320583MA1AAAAA0W",
		RecipientName: "甲", District: "320583", EventDate: d, Source: "licensing.csv:2",
		BasisCNY: decimal.RequireFromString("200000"), Rate: decimal.RequireFromString("0.1"),
		Computed: decimal.RequireFromString("20000"), CapKey: "k", CapLimit: decimal.RequireFromString("50000"),
		HasCap: true, CapUsedBefore: decimal.Zero, Payable: decimal.RequireFromString("20000"),
		Status: StatusPaid, Flags: []string{"a"}, Note: msg.T("说明", "note")}
}

// TestPriorConflictingCopies (issue 7): two copies of a prior line must
// agree on every canonical column; the column that differs is named, in
// both languages. Note, source and the written form of an amount may differ.
func TestPriorConflictingCopies(t *testing.T) {
	d2, _ := value.ParseDate("2022-06-11")
	cases := map[string]func(*Line){
		"period":          func(l *Line) { l.Period = "2022-07" },
		"program":         func(l *Line) { l.Program = "x" },
		"program_name":    func(l *Line) { l.ProgramName = "x" },
		"clause":          func(l *Line) { l.Clause = "x" },
		"policy_version":  func(l *Line) { l.PolicyVersion = "p@2" },
		"funder":          func(l *Line) { l.Funder = "320583" },
		"recipient_id":    func(l *Line) { l.RecipientID = "x" },
		"recipient_name":  func(l *Line) { l.RecipientName = "乙" },
		"district":        func(l *Line) { l.District = "" },
		"event_date":      func(l *Line) { l.EventDate = d2 },
		"basis_cny":       func(l *Line) { l.BasisCNY = decimal.RequireFromString("1") },
		"rate":            func(l *Line) { l.Rate = decimal.RequireFromString("0.2") },
		"computed":        func(l *Line) { l.Computed = decimal.RequireFromString("1") },
		"cap_key":         func(l *Line) { l.CapKey = "other" },
		"cap_limit":       func(l *Line) { l.HasCap = false },
		"cap_used_before": func(l *Line) { l.CapUsedBefore = decimal.RequireFromString("5") },
		"payable":         func(l *Line) { l.Payable = decimal.RequireFromString("1") },
		"status":          func(l *Line) { l.Status = StatusCapped },
		"flags":           func(l *Line) { l.Flags = nil },
	}
	for col, mutate := range cases {
		a, b := testLine(), testLine()
		mutate(&b)
		_, err := NewPrior([]PriorSet{{Name: "a.csv", Lines: []Line{a}}, {Name: "b.xlsx", Lines: []Line{b}}})
		var pe *PriorError
		if !errors.As(err, &pe) {
			t.Errorf("%s differs: accepted (%v)", col, err)
			continue
		}
		if !strings.Contains(pe.Msg.En, "column "+col+" is") || !strings.Contains(pe.Msg.Zh, col+" 列") ||
			!strings.Contains(pe.Msg.En, "a.csv") || !strings.Contains(pe.Msg.En, "b.xlsx") {
			t.Errorf("%s differs: message %q / %q", col, pe.Msg.Zh, pe.Msg.En)
		}
	}

	a, b := testLine(), testLine()
	b.Note = msg.T("别的", "other")
	b.Source = "licensing.xlsx:9"
	b.Payable = decimal.RequireFromString("20000.00")
	p, err := NewPrior([]PriorSet{{Name: "a.csv", Lines: []Line{a}}, {Name: "b.xlsx", Lines: []Line{b}}})
	if err != nil || p.Len() != 1 || !p.CapUsed("k").Equal(decimal.RequireFromString("20000")) {
		t.Fatalf("agreeing copies: %v", err)
	}
}
