package ledger

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// Every column's field has the type of its kind, and the names are
// distinct.
func TestLineColumnsKinds(t *testing.T) {
	var l Line
	seen := map[string]bool{}
	for i := range LineColumns {
		c := &LineColumns[i]
		if seen[c.Name] || c.Name == "" || c.Zh == "" {
			t.Errorf("column %d: name %q, header %q (blank or twice)", i, c.Name, c.Zh)
		}
		seen[c.Name] = true
		var ok bool
		switch f := c.field(&l); c.Kind {
		case KindText:
			_, ok = f.(*string)
		case KindDate:
			_, ok = f.(*value.Date)
		case KindMoney, KindRate, KindCap:
			_, ok = f.(*decimal.Decimal)
		case KindFlags:
			_, ok = f.(*[]string)
		case KindNote:
			_, ok = f.(*msg.Text)
		}
		if !ok {
			t.Errorf("column %s: field %T for kind %d", c.Name, c.field(&l), c.Kind)
		}
	}
	if !slices.Equal(Columns, columnNames(func(c *Column) string { return c.Name })) || len(ColumnsZh) != len(Columns) {
		t.Errorf("Columns %v, ColumnsZh %v", Columns, ColumnsZh)
	}
}

// A line's cells (Column.Cell) read back by ParseLine are the line, and
// its canonical record is the same.
func TestParseLineReadsCells(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	for _, l := range []Line{
		{LineID: "x-1", Period: "2022-06", Program: "p", EventDate: value.NewDate(2022, 6, 1), Source: "r:2",
			BasisCNY: d("100.00"), Rate: d("0.5"), Computed: d("50.00"), CapKey: "k", CapLimit: d("80.00"),
			HasCap: true, CapUsedBefore: d("40.00"), Payable: d("40.00"), Status: StatusCapped,
			Flags: []string{"review:relaxation", "exception:ceiling"}, Note: msg.Text{Zh: "说明", En: "说明"}},
		{LineID: "x-2", EventDate: value.NewDate(2021, 1, 31), BasisCNY: d("1.00"), Rate: d("1"),
			Computed: d("1.00"), Payable: d("1.00"), Status: StatusPaid},
	} {
		cells := make([]string, len(LineColumns))
		for i := range LineColumns {
			cells[i], _ = LineColumns[i].Cell(&l, "zh")
		}
		var got Line
		if i, err := ParseLine(&got, cells); err != nil {
			t.Fatalf("%s: column %d: %v", l.LineID, i, err)
		}
		if a, b := string(AppendCanonical(nil, &l)), string(AppendCanonical(nil, &got)); a != b || got.HasCap != l.HasCap || got.Note != l.Note {
			t.Errorf("%s: read back %q, wrote %q", l.LineID, b, a)
		}
	}
}

// A row with a bad date and a bad amount reports the date; bad amounts
// come before bad caps.
func TestParseLineOrder(t *testing.T) {
	cells := make([]string, len(LineColumns))
	for i := range LineColumns {
		if LineColumns[i].Numeric() {
			cells[i] = "1"
		}
	}
	cells[ColumnIndex("event_date")] = "2022-01-01"
	cells[ColumnIndex("cap_limit")], cells[ColumnIndex("payable")] = "x", "y"
	if i, err := ParseLine(new(Line), cells); err != ErrAmount || Columns[i] != "payable" {
		t.Errorf("got %s %v, want payable", Columns[i], err)
	}
	cells[ColumnIndex("event_date")] = "no"
	if i, err := ParseLine(new(Line), cells); err != ErrDate || Columns[i] != "event_date" {
		t.Errorf("got %s %v, want event_date", Columns[i], err)
	}
}
