package ledger

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

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
			BasisCNY: d("1000.5"), Computed: d("12.345"), Payable: d("7"), Status: StatusPaid})
	}
	lines[4].Program = "later" // "later" becomes a known text after "later-…" was indexed
	p, err := NewPrior([]PriorSet{{Name: "a.csv", Lines: lines}, {Name: "b.csv", Lines: lines[:2]}})
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
	if _, err := NewPrior([]PriorSet{{Name: "a.csv", Lines: lines}, {Name: "b.csv", Lines: []Line{changed}}}); err == nil {
		t.Error("the same line_id with another payable is accepted")
	}
}
