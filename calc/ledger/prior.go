package ledger

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// PriorSet is the lines of one prior ledger file.
type PriorSet struct {
	Name  string
	Lines []Line
}

// Prior indexes the lines of ledgers already disbursed (spec §1.4): which
// line_ids were paid, how much of each cap key is used, and how many lines
// each program has per funder and year.
type Prior struct {
	lines   map[string]*priorLine
	capUsed map[string]decimal.Decimal
	counts  map[string]int
	latest  map[string]value.Date
}

// priorLine is what the index keeps of a prior line: the columns the
// engine reads back (Line), none of its text. Its strings are copies, so
// that the ledger file's records (and their notes) are not kept alive by
// the index: a million prior lines cost their ids and amounts, not their
// text.
type priorLine struct {
	period, program, recipientID string
	eventDate                    value.Date
	basis, computed, payable     decimal.Decimal
	set, idx                     int // where it was first read: set and line index
}

// PriorError refuses a set of prior ledgers.
type PriorError struct{ Msg msg.Text }

func (e *PriorError) Error() string { return e.Msg.En }

// NewPrior indexes prior ledgers. The same line in two files (a ledger kept
// as CSV and as XLSX) counts once; the same line_id with a different value
// in any column but note and source (see Differs) is refused, naming the
// column.
func NewPrior(sets []PriorSet) (*Prior, error) {
	p := &Prior{lines: map[string]*priorLine{}, capUsed: map[string]decimal.Decimal{},
		counts: map[string]int{}, latest: map[string]value.Date{}}
	names := map[string]string{} // interned period and program texts
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		s = strings.Clone(s)
		names[s] = s
		return s
	}
	for si, s := range sets {
		for i := range s.Lines {
			l := &s.Lines[i]
			if old, ok := p.lines[l.LineID]; ok {
				first := &sets[old.set].Lines[old.idx]
				if col, a, b, ok := Differs(first, l); ok {
					return nil, &PriorError{Msg: msg.F(
						"明细编号 %[1]s 在 %[2]s 与 %[3]s 中不同：%[4]s 列分别为“%[5]s”和“%[6]s”，无法判断哪一份是已发放的账",
						"line_id %[1]s differs between %[2]s and %[3]s: column %[4]s is %[5]q in one and %[6]q in the other; cannot tell which was disbursed",
						l.LineID, sets[old.set].Name, s.Name, col, a, b)}
				}
				continue
			}
			p.lines[strings.Clone(l.LineID)] = &priorLine{period: intern(l.Period), program: intern(l.Program),
				recipientID: strings.Clone(l.RecipientID), eventDate: l.EventDate,
				basis: l.BasisCNY, computed: l.Computed, payable: l.Payable, set: si, idx: i}
			if l.CapKey != "" {
				// a copy: storing a map entry stores its key, and the
				// ledger's cap_key would keep the whole record alive
				key := strings.Clone(l.CapKey)
				p.capUsed[key] = p.capUsed[key].Add(l.Payable)
				if l.EventDate > p.latest[key] {
					p.latest[key] = l.EventDate
				}
			}
			if l.Status != StatusZero {
				p.counts[CountKey(l.Program, l.Funder, l.EventDate.Year())]++
			}
		}
	}
	return p, nil
}

// Differs compares two copies of one ledger line on every column but note
// (its language is a presentation choice) and source (the roster's path
// and row): the columns of the canonical form the run manifest hashes.
// Amounts are compared by value. It returns the first column that differs
// and its two values as the ledger prints them, and false when the copies
// agree.
func Differs(a, b *Line) (col, va, vb string, differ bool) {
	amount := func(x, y decimal.Decimal) (string, string, bool) { return x.String(), y.String(), x.Equal(y) }
	capAmount := func(x, y decimal.Decimal) (string, string, bool) {
		if !a.HasCap || !b.HasCap {
			return capText(a, x), capText(b, y), a.HasCap == b.HasCap
		}
		return amount(x, y)
	}
	text := func(x, y string) (string, string, bool) { return x, y, x == y }
	for _, c := range []struct {
		col string
		cmp func() (string, string, bool)
	}{
		{"period", func() (string, string, bool) { return text(a.Period, b.Period) }},
		{"program", func() (string, string, bool) { return text(a.Program, b.Program) }},
		{"program_name", func() (string, string, bool) { return text(a.ProgramName, b.ProgramName) }},
		{"clause", func() (string, string, bool) { return text(a.Clause, b.Clause) }},
		{"policy_version", func() (string, string, bool) { return text(a.PolicyVersion, b.PolicyVersion) }},
		{"funder", func() (string, string, bool) { return text(a.Funder, b.Funder) }},
		{"recipient_id", func() (string, string, bool) { return text(a.RecipientID, b.RecipientID) }},
		{"recipient_name", func() (string, string, bool) { return text(a.RecipientName, b.RecipientName) }},
		{"district", func() (string, string, bool) { return text(a.District, b.District) }},
		{"event_date", func() (string, string, bool) { return text(a.EventDate.String(), b.EventDate.String()) }},
		{"basis_cny", func() (string, string, bool) { return amount(a.BasisCNY, b.BasisCNY) }},
		{"rate", func() (string, string, bool) { return amount(a.Rate, b.Rate) }},
		{"computed", func() (string, string, bool) { return amount(a.Computed, b.Computed) }},
		{"cap_key", func() (string, string, bool) { return text(a.CapKey, b.CapKey) }},
		{"cap_limit", func() (string, string, bool) { return capAmount(a.CapLimit, b.CapLimit) }},
		{"cap_used_before", func() (string, string, bool) { return capAmount(a.CapUsedBefore, b.CapUsedBefore) }},
		{"payable", func() (string, string, bool) { return amount(a.Payable, b.Payable) }},
		{"status", func() (string, string, bool) { return text(a.Status, b.Status) }},
		{"flags", func() (string, string, bool) { return text(a.FlagString(), b.FlagString()) }},
	} {
		if x, y, same := c.cmp(); !same {
			return c.col, x, y, true
		}
	}
	return "", "", "", false
}

// capText is a cap amount as the ledger prints it: blank without a cap.
func capText(l *Line, d decimal.Decimal) string {
	if !l.HasCap {
		return ""
	}
	return d.String()
}

// CountKey is the key of a yearly count limit: program, funder and year.
func CountKey(program, funder string, year int) string {
	return fmt.Sprintf("%s|%s|%d", program, funder, year)
}

// Line returns the prior line with the given id, as far as the index keeps
// it: line_id, period, program, recipient_id, event_date, basis_cny,
// computed and payable (the other columns are blank).
func (p *Prior) Line(id string) (*Line, bool) {
	if p == nil {
		return nil, false
	}
	pl, ok := p.lines[id]
	if !ok {
		return nil, false
	}
	return &Line{LineID: id, Period: pl.period, Program: pl.program, RecipientID: pl.recipientID,
		EventDate: pl.eventDate, BasisCNY: pl.basis, Computed: pl.computed, Payable: pl.payable}, true
}

// CapUsed returns what prior ledgers paid under a cap key.
func (p *Prior) CapUsed(key string) decimal.Decimal {
	if p == nil {
		return decimal.Zero
	}
	return p.capUsed[key]
}

// Count returns how many non-zero lines prior ledgers hold for a program,
// funder and year.
func (p *Prior) Count(program, funder string, year int) int {
	if p == nil {
		return 0
	}
	return p.counts[CountKey(program, funder, year)]
}

// LatestUnder returns the latest event date of a prior line under a cap key.
func (p *Prior) LatestUnder(capKey string) (value.Date, bool) {
	if p == nil {
		return 0, false
	}
	d, ok := p.latest[capKey]
	return d, ok
}

// Len returns the number of distinct prior lines.
func (p *Prior) Len() int {
	if p == nil {
		return 0
	}
	return len(p.lines)
}

// IDs returns the prior line ids in sorted order.
func (p *Prior) IDs() []string {
	if p == nil {
		return nil
	}
	ids := make([]string, 0, len(p.lines))
	for id := range p.lines {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
