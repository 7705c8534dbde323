package ledger

import (
	"errors"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// ColumnKind is what a ledger column holds; it decides how every format
// writes the column and reads it back.
type ColumnKind uint8

// The kinds of ledger column. The text forms are those of the CSV ledger
// (Column.Cell), which JSON Lines shares but for the flags and a blank cap.
const (
	// KindText is a string field: written as it is (CSV neutralises it, a
	// workbook holds it as text).
	KindText ColumnKind = iota
	// KindDate is a value.Date field: YYYY-MM-DD (a date cell in a
	// workbook).
	KindDate
	// KindMoney is an amount in yuan, a decimal.Decimal field: two
	// fraction digits and no separators (value.FormatPlain), a #,##0.00
	// number in a workbook.
	KindMoney
	// KindRate is a rate, a decimal.Decimal field: decimal's String, a
	// percentage in a workbook.
	KindRate
	// KindCap is an amount of the line's cap, a decimal.Decimal field: as
	// KindMoney, but blank (JSON null) on a line without a cap
	// (Line.HasCap false).
	KindCap
	// KindFlags is a []string field: joined by ";" (a JSON array).
	KindFlags
	// KindNote is a msg.Text field: written in the ledger's language and
	// read back into both; not part of the line hash, as its language is
	// a presentation choice.
	KindNote
)

// Column is one ledger column: its English name (the CSV header, the JSON
// key, the note of a workbook header), its Chinese header, its kind, and
// the field of Line it holds.
type Column struct {
	Name string
	Zh   string
	Kind ColumnKind
	// Repeats marks a text column that takes few distinct values in a
	// batch (a period, a program, a status), which the line spool stores
	// once in a dictionary.
	Repeats bool
	// Provenance marks a column that says where a line was read from
	// rather than what it pays: two copies of one prior line may differ in
	// it (PriorBuilder.Add).
	Provenance bool
	// SetsCap marks the KindCap column whose value, read back, is what
	// makes a line capped (Line.HasCap).
	SetsCap bool
	// field returns a pointer to the field of l: *string, *value.Date,
	// *decimal.Decimal, *[]string or *msg.Text, by Kind.
	field func(l *Line) any
}

// Text is the field of a KindText column in l.
func (c *Column) Text(l *Line) *string { return c.field(l).(*string) }

// Date is the field of a KindDate column in l.
func (c *Column) Date(l *Line) *value.Date { return c.field(l).(*value.Date) }

// Decimal is the field of a KindMoney, KindRate or KindCap column in l.
func (c *Column) Decimal(l *Line) *decimal.Decimal { return c.field(l).(*decimal.Decimal) }

// Flags is the field of a KindFlags column in l.
func (c *Column) Flags(l *Line) *[]string { return c.field(l).(*[]string) }

// Note is the field of a KindNote column in l.
func (c *Column) Note(l *Line) *msg.Text { return c.field(l).(*msg.Text) }

// Numeric reports whether the column holds a number (an amount or a rate).
func (c *Column) Numeric() bool {
	return c.Kind == KindMoney || c.Kind == KindRate || c.Kind == KindCap
}

// Textual reports whether the column is written as text (a text, the
// flags or the note): what a CSV ledger neutralises, and a workbook holds
// as a string.
func (c *Column) Textual() bool {
	return c.Kind == KindText || c.Kind == KindFlags || c.Kind == KindNote
}

// Cell is the column of l as the CSV ledger writes it, before
// neutralising: text as it is, the date as YYYY-MM-DD, amounts with two
// fraction digits, the rate as decimal's String, flags joined by ";", the
// note in lang; false for a KindCap column of a line without a cap (a
// blank cell, JSON null).
func (c *Column) Cell(l *Line, lang string) (string, bool) {
	switch c.Kind {
	case KindText:
		return *c.Text(l), true
	case KindDate:
		return c.Date(l).String(), true
	case KindMoney:
		return value.FormatPlain(*c.Decimal(l)), true
	case KindRate:
		return c.Decimal(l).String(), true
	case KindCap:
		if !l.HasCap {
			return "", false
		}
		return value.FormatPlain(*c.Decimal(l)), true
	case KindFlags:
		return strings.Join(*c.Flags(l), ";"), true
	default: // KindNote
		return c.Note(l).In(lang), true
	}
}

// Hashed reports whether the column is part of the canonical record of a
// line (AppendCanonical): every column but the note.
func (c *Column) Hashed() bool { return c.Kind != KindNote }

// AppendCanonical appends the column of l in its canonical form, the one
// every format reads back alike: text as is, the date as YYYY-MM-DD,
// amounts and rates in decimal's shortest form, a cap blank on a line
// without a cap, flags joined by ";". A KindNote column appends nothing.
func (c *Column) AppendCanonical(b []byte, l *Line) []byte {
	switch c.Kind {
	case KindText:
		return append(b, *c.Text(l)...)
	case KindDate:
		return append(b, c.Date(l).String()...)
	case KindMoney, KindRate:
		return append(b, c.Decimal(l).String()...)
	case KindCap:
		if !l.HasCap {
			return b
		}
		return append(b, c.Decimal(l).String()...)
	case KindFlags:
		for i, f := range *c.Flags(l) {
			if i > 0 {
				b = append(b, ';')
			}
			b = append(b, f...)
		}
		return b
	default: // KindNote
		return b
	}
}

// AppendCanonical appends the canonical record of a line: every hashed
// column of LineColumns (all but note) in its canonical form, separated
// by U+001F.
func AppendCanonical(b []byte, l *Line) []byte {
	first := true
	for i := range LineColumns {
		c := &LineColumns[i]
		if !c.Hashed() {
			continue
		}
		if !first {
			b = append(b, 0x1f)
		}
		first = false
		b = c.AppendCanonical(b, l)
	}
	return b
}

// Errors of ParseLine, for a cell its column cannot hold.
var (
	ErrDate   = errors.New("unparseable date")
	ErrAmount = errors.New("unparseable amount")
)

// parse sets the column of l from cell, its text in a CSV ledger (see
// Cell): a date by value.ParseDate, amounts and rates by
// decimal.NewFromString of the cell without surrounding space (exact,
// never through a binary floating-point number), a blank KindCap cell
// leaving the zero, flags split at ";", the note into both languages.
func (c *Column) parse(l *Line, cell string) error {
	switch c.Kind {
	case KindText:
		*c.Text(l) = cell
	case KindDate:
		d, err := value.ParseDate(cell)
		if err != nil {
			return ErrDate
		}
		*c.Date(l) = d
	case KindMoney, KindRate:
		return parseAmount(c.Decimal(l), cell)
	case KindCap:
		if strings.TrimSpace(cell) == "" {
			return nil
		}
		if c.SetsCap {
			l.HasCap = true
		}
		return parseAmount(c.Decimal(l), cell)
	case KindFlags:
		if cell != "" {
			*c.Flags(l) = strings.Split(cell, ";")
		}
	default: // KindNote
		*c.Note(l) = msg.Text{Zh: cell, En: cell}
	}
	return nil
}

func parseAmount(dst *decimal.Decimal, cell string) error {
	d, err := decimal.NewFromString(strings.TrimSpace(cell))
	if err != nil {
		return ErrAmount
	}
	*dst = d
	return nil
}

// parseRank orders the checks of ParseLine: the texts (which cannot
// fail), the date, the amounts, the caps last.
func parseRank(k ColumnKind) int {
	switch k {
	case KindDate:
		return 1
	case KindMoney, KindRate:
		return 2
	case KindCap:
		return 3
	}
	return 0
}

// parseOrder is the positions of LineColumns in the order ParseLine reads
// them.
var parseOrder = func() []int {
	order := make([]int, len(LineColumns))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return parseRank(LineColumns[a].Kind) - parseRank(LineColumns[b].Kind)
	})
	return order
}()

// ParseLine sets the columns of l, a zero Line, from cells, the text of
// each column of LineColumns in order as a CSV ledger holds it (Cell);
// HasCap is set when the SetsCap column is not blank. For a cell that does
// not read it returns the column's position and ErrDate or ErrAmount; a
// row with several such cells reports its date first, then its amounts in
// column order, then its caps.
func ParseLine(l *Line, cells []string) (int, error) {
	for _, i := range parseOrder {
		if err := LineColumns[i].parse(l, cells[i]); err != nil {
			return i, err
		}
	}
	return -1, nil
}

// ColumnIndex returns the position of the column named name in
// LineColumns, or -1.
func ColumnIndex(name string) int {
	return slices.IndexFunc(LineColumns, func(c Column) bool { return c.Name == name })
}

// columnNames lists one name of each column of LineColumns, in order.
func columnNames(name func(c *Column) string) []string {
	out := make([]string, len(LineColumns))
	for i := range LineColumns {
		out[i] = name(&LineColumns[i])
	}
	return out
}
