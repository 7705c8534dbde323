package ledger

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// priorSet is one prior ledger file: its name and lines.
type priorSet struct {
	name  string
	lines []Line
}

// priorOf indexes prior ledgers, one set each in order, as the shell reads
// --prior (PriorBuilder).
func priorOf(sets ...priorSet) (*Prior, error) {
	b := NewPriorBuilder()
	for si, s := range sets {
		for i := range s.lines {
			if err := b.Add(si, s.name, &s.lines[i]); err != nil {
				return nil, err
			}
		}
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b.Prior(), nil
}

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
		_, err := priorOf(priorSet{"a.csv", []Line{a}}, priorSet{"b.xlsx", []Line{b}})
		var pe *PriorError
		if !errors.As(err, &pe) {
			t.Errorf("%s differs: accepted (%v)", col, err)
			continue
		}
		// the columns the index keeps are named with both values; the
		// others are compared by digest and named together
		named := "column " + col + " is"
		if strings.Contains(restColumns, col) {
			named = col
		}
		if !strings.Contains(pe.Msg.En, named) || !strings.Contains(pe.Msg.Zh, col) ||
			!strings.Contains(pe.Msg.En, "a.csv") || !strings.Contains(pe.Msg.En, "b.xlsx") {
			t.Errorf("%s differs: message %q / %q", col, pe.Msg.Zh, pe.Msg.En)
		}
	}

	a, b := testLine(), testLine()
	b.Note = msg.T("别的", "other")
	b.Source = "licensing.xlsx:9"
	b.Payable = decimal.RequireFromString("20000.00")
	p, err := priorOf(priorSet{"a.csv", []Line{a}}, priorSet{"b.xlsx", []Line{b}})
	if err != nil || p.Len() != 1 || !p.CapUsed("k").Equal(decimal.RequireFromString("20000")) {
		t.Fatalf("agreeing copies: %v", err)
	}
}

// TestPriorCompactIndex: the index gives back what it was given, whatever
// the form of the line_id (the one LineID makes, upper-case digits, a
// program only known later, free text) and of the amounts (whole fen or
// not), and still refuses one line_id with two amounts.
func TestPriorCompactIndex(t *testing.T) {
	d := decimal.RequireFromString
	ids := []string{LineID("layout.madrid", "k1"), "layout.madrid-0123456789ABCDEF", "later-0123456789abcdef", "free text", "x"}
	var lines []Line
	for i, id := range ids {
		lines = append(lines, Line{LineID: id, Period: "2022-0" + string(rune('1'+i)), Program: "layout.madrid",
			RecipientID: "R" + id, EventDate: value.NewDate(2022, 1, i+1),
			BasisCNY: d("1234.5"), Rate: d("0.01"), Computed: d("12.345"), HasCap: true, CapLimit: d("7"), Payable: d("7"), Status: StatusCapped})
	}
	lines[4].Program = "later" // "later" becomes a known text after "later-…" was indexed
	p, err := priorOf(priorSet{"a.csv", lines}, priorSet{"b.csv", lines[:2]})
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != len(ids) {
		t.Fatalf("Len %d, want %d", p.Len(), len(ids))
	}
	var got, want []string
	for _, l := range lines {
		want = append(want, l.Program+"/"+l.RecipientID+"/"+l.EventDate.String())
	}
	p.EachRecipient(func(program, recipientID string, d value.Date) {
		got = append(got, program+"/"+recipientID+"/"+d.String())
	})
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("EachRecipient %q, want %q", got, want)
	}
	for i, id := range ids {
		l, ok := p.Line(id)
		if !ok {
			t.Fatalf("%s not found", id)
		}
		w := lines[i]
		if l.Period != w.Period || l.Program != w.Program || l.RecipientID != w.RecipientID || l.EventDate != w.EventDate ||
			!l.BasisCNY.Equal(w.BasisCNY) || !l.Computed.Equal(w.Computed) || !l.Payable.Equal(w.Payable) {
			t.Errorf("%s: got %+v, want %+v", id, l, w)
		}
	}
	if _, ok := p.Line("layout.madrid-0000000000000000"); ok {
		t.Error("an id never indexed is found")
	}
	changed := lines[0]
	changed.Payable = d("8")
	if _, err := priorOf(priorSet{"a.csv", lines}, priorSet{"b.csv", []Line{changed}}); err == nil {
		t.Error("the same line_id with another payable is accepted")
	}
}

// TestPriorResembling (issue 11): a prior line is found by program,
// recipient, event date and CNY basis, whatever its line_id, and named by
// its own line_id; a line differing in any of the four is not.
func TestPriorResembling(t *testing.T) {
	a, b := testLine(), testLine()
	b.LineID, b.Program, b.BasisCNY, b.CapKey = "odd id", "insurance_premium", decimal.RequireFromString("35000"), "k2"
	b.Computed, b.Payable = decimal.RequireFromString("3500"), decimal.RequireFromString("3500")
	p, err := priorOf(priorSet{"p", []Line{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := p.Resembling(a.Program, a.RecipientID, a.EventDate, decimal.RequireFromString("200000.00")); !ok || l.LineID != a.LineID || l.Period != a.Period {
		t.Errorf("Resembling(a) = %v, %v; want %s", l, ok, a.LineID)
	}
	if l, ok := p.Resembling(b.Program, b.RecipientID, b.EventDate, b.BasisCNY); !ok || l.LineID != "odd id" {
		t.Errorf("Resembling(b) = %v, %v; want the line_id of another form", l, ok)
	}
	d2, _ := value.ParseDate("2022-06-11")
	for name, probe := range map[string]func() (*Line, bool){
		"program":   func() (*Line, bool) { return p.Resembling("x", a.RecipientID, a.EventDate, a.BasisCNY) },
		"recipient": func() (*Line, bool) { return p.Resembling(a.Program, "x", a.EventDate, a.BasisCNY) },
		"date":      func() (*Line, bool) { return p.Resembling(a.Program, a.RecipientID, d2, a.BasisCNY) },
		"basis": func() (*Line, bool) {
			return p.Resembling(a.Program, a.RecipientID, a.EventDate, decimal.RequireFromString("200000.01"))
		},
	} {
		if l, ok := probe(); ok {
			t.Errorf("another %s resembles %s", name, l.LineID)
		}
	}
	var none *Prior
	if _, ok := none.Resembling(a.Program, a.RecipientID, a.EventDate, a.BasisCNY); ok {
		t.Error("a nil index resembles something")
	}
}
