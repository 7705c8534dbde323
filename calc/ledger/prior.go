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
	lines   map[string]uint32 // line_id → index in recs
	recs    []priorLine
	texts   []string                       // interned period, program and recipient texts
	exact   map[uint32]*[3]decimal.Decimal // amounts of the lines that are not whole fen
	capUsed map[string]decimal.Decimal
	counts  map[string]int
	latest  map[string]value.Date
}

// priorLine is what the index keeps of a prior line: the columns the
// engine reads back (Line), none of its text. Its texts are indexes into
// Prior.texts (a period, program or recipient is stored once), so that the
// ledger file's records are not kept alive by the index, and its amounts
// are whole numbers of fen where they are (every amount a ledger writes;
// the others are in Prior.exact), so that a prior line costs its id and
// a few words.
type priorLine struct {
	period, program, recipientID uint32
	eventDate                    value.Date
	set                          int32 // index of the set it was first read from
	fen                          [3]int64
}

// Amounts of a priorLine, by position.
const (
	amtBasis = iota
	amtComputed
	amtPayable
)

// setAmounts stores basis, computed and payable of line i.
func (p *Prior) setAmounts(i uint32, a [3]decimal.Decimal) {
	pl := &p.recs[i]
	for n, d := range a {
		f, ok := toFen(d)
		if !ok {
			p.exact[i] = &a
			return
		}
		pl.fen[n] = f
	}
}

// amount returns the amount at position n of line i.
func (p *Prior) amount(i uint32, n int) decimal.Decimal {
	if a, ok := p.exact[i]; ok {
		return a[n]
	}
	return decimal.New(p.recs[i].fen[n], -2)
}

// fenLimit bounds the amounts kept as fen (well inside int64).
var fenLimit = decimal.New(1, 16)

// toFen returns d in fen when it is a whole number of fen of at most 16
// digits.
func toFen(d decimal.Decimal) (int64, bool) {
	if d.Abs().GreaterThanOrEqual(fenLimit) {
		return 0, false
	}
	f := d.Shift(2)
	if !f.IsInteger() {
		return 0, false
	}
	return f.IntPart(), true
}

// PriorError refuses a set of prior ledgers.
type PriorError struct{ Msg msg.Text }

func (e *PriorError) Error() string { return e.Msg.En }

// NewPrior indexes prior ledgers. The same line in two files (a ledger kept
// as CSV and as XLSX) counts once; the same line_id with a different amount
// or basis is refused.
func NewPrior(sets []PriorSet) (*Prior, error) {
	b := NewPriorBuilder()
	for si, s := range sets {
		for i := range s.Lines {
			if err := b.Add(si, s.Name, &s.Lines[i]); err != nil {
				return nil, err
			}
		}
	}
	return b.Prior(), nil
}

// PriorBuilder indexes prior ledgers line by line, as they are read, so
// that no ledger is held whole: NewPrior in steps.
type PriorBuilder struct {
	p     *Prior
	names map[string]uint32 // index of each text in Prior.texts
	sets  []string          // set names by index
}

// NewPriorBuilder returns an empty index.
func NewPriorBuilder() *PriorBuilder {
	return &PriorBuilder{p: &Prior{lines: map[string]uint32{}, exact: map[uint32]*[3]decimal.Decimal{},
		capUsed: map[string]decimal.Decimal{}, counts: map[string]int{}, latest: map[string]value.Date{}},
		names: map[string]uint32{}}
}

func (b *PriorBuilder) intern(s string) uint32 {
	if i, ok := b.names[s]; ok {
		return i
	}
	i := uint32(len(b.p.texts))
	s = strings.Clone(s)
	b.p.texts = append(b.p.texts, s)
	b.names[s] = i
	return i
}

// Add indexes one line of the set (file) numbered set, named name; sets
// are numbered from 0 in the order they are read. The line is not kept:
// the index copies what it needs. A line_id already indexed with other
// amounts is a *PriorError.
func (b *PriorBuilder) Add(set int, name string, l *Line) error {
	for len(b.sets) <= set {
		b.sets = append(b.sets, "")
	}
	if b.sets[set] == "" {
		b.sets[set] = name
	}
	p := b.p
	if old, ok := p.lines[l.LineID]; ok {
		if !p.amount(old, amtPayable).Equal(l.Payable) || !p.amount(old, amtBasis).Equal(l.BasisCNY) || !p.amount(old, amtComputed).Equal(l.Computed) {
			return &PriorError{Msg: msg.F(
				"明细编号 %s 在 %s 与 %s 中金额不同（%s / %s），无法判断哪一份是已发放的账",
				"line_id %s has different amounts in %s and %s (%s / %s); cannot tell which was disbursed",
				l.LineID, b.sets[p.recs[old].set], name, value.FormatPlain(p.amount(old, amtPayable)), value.FormatPlain(l.Payable))}
		}
		return nil
	}
	i := uint32(len(p.recs))
	p.recs = append(p.recs, priorLine{period: b.intern(l.Period), program: b.intern(l.Program),
		recipientID: b.intern(l.RecipientID), eventDate: l.EventDate, set: int32(set)})
	p.setAmounts(i, [3]decimal.Decimal{amtBasis: l.BasisCNY, amtComputed: l.Computed, amtPayable: l.Payable})
	p.lines[strings.Clone(l.LineID)] = i
	if l.CapKey != "" {
		// a copy: storing a map entry stores its key, and the ledger's
		// cap_key would keep the whole record alive
		key := strings.Clone(l.CapKey)
		p.capUsed[key] = p.capUsed[key].Add(l.Payable)
		if l.EventDate > p.latest[key] {
			p.latest[key] = l.EventDate
		}
	}
	if l.Status != StatusZero {
		p.counts[CountKey(l.Program, l.Funder, l.EventDate.Year())]++
	}
	return nil
}

// Prior returns the index built.
func (b *PriorBuilder) Prior() *Prior { return b.p }

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
	i, ok := p.lines[id]
	if !ok {
		return nil, false
	}
	pl := &p.recs[i]
	return &Line{LineID: id, Period: p.texts[pl.period], Program: p.texts[pl.program], RecipientID: p.texts[pl.recipientID],
		EventDate: pl.eventDate, BasisCNY: p.amount(i, amtBasis), Computed: p.amount(i, amtComputed), Payable: p.amount(i, amtPayable)}, true
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
