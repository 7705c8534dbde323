package engine

import (
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/value"
)

// TestFloors: 136 三(五)20 "每年支持不少于50家企业" — the overseas-warning count
// of a year is the distinct recipients with a line dated in it, this batch
// and prior ledgers together; other years' prior lines and other programs
// do not count.
func TestFloors(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	line := func(id, program, recipient string, y int) ledger.Line {
		return ledger.Line{LineID: id, Program: program, RecipientID: recipient, EventDate: value.NewDate(y, 5, 1),
			BasisCNY: d("1000.00"), Rate: d("1"), Computed: d("1000.00"), Payable: d("1000.00"), Status: ledger.StatusPaid}
	}
	prior, err := priorOf([]ledger.Line{
		line("w-1", "protection.overseas_warning", "A", 2022),
		line("w-2", "protection.overseas_warning", "B", 2021), // another year
		line("c-1", "coop.center", "C", 2022),                 // another program
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &engine{in: Input{Policy: pol, Prior: prior}, pol: pol}
	for _, l := range []ledger.Line{
		line("w-3", "protection.overseas_warning", "A", 2022), // A again: one enterprise
		line("w-4", "protection.overseas_warning", "D", 2022),
		line("c-2", "coop.center", "E", 2022),
	} {
		e.floors.add(pol, &l)
	}
	got := e.floorsOf()
	if len(got) != 1 {
		t.Fatalf("floors %+v, want one (overseas warning 2022)", got)
	}
	f := got[0]
	if f.Program != "protection.overseas_warning" || f.Year != 2022 || f.Supported != 2 || f.Minimum != 50 || f.Clause != "136 三(五)20" {
		t.Errorf("floor %+v, want overseas warning 2022: 2 supported of 50 (136 三(五)20)", f)
	}
}
