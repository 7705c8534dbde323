package ledger

import (
	"fmt"
	"sort"

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
	lines   map[string]*Line
	capUsed map[string]decimal.Decimal
	counts  map[string]int
	latest  map[string]value.Date
}

// PriorError refuses a set of prior ledgers.
type PriorError struct{ Msg msg.Text }

func (e *PriorError) Error() string { return e.Msg.En }

// NewPrior indexes prior ledgers. The same line in two files (a ledger kept
// as CSV and as XLSX) counts once; the same line_id with a different amount
// or basis is refused.
func NewPrior(sets []PriorSet) (*Prior, error) {
	p := &Prior{lines: map[string]*Line{}, capUsed: map[string]decimal.Decimal{},
		counts: map[string]int{}, latest: map[string]value.Date{}}
	where := map[string]string{}
	for _, s := range sets {
		for i := range s.Lines {
			l := &s.Lines[i]
			if old, ok := p.lines[l.LineID]; ok {
				if !old.Payable.Equal(l.Payable) || !old.BasisCNY.Equal(l.BasisCNY) || !old.Computed.Equal(l.Computed) {
					return nil, &PriorError{Msg: msg.F(
						"明细编号 %s 在 %s 与 %s 中金额不同（%s / %s），无法判断哪一份是已发放的账",
						"line_id %s has different amounts in %s and %s (%s / %s); cannot tell which was disbursed",
						l.LineID, where[l.LineID], s.Name, value.FormatPlain(old.Payable), value.FormatPlain(l.Payable))}
				}
				continue
			}
			p.lines[l.LineID] = l
			where[l.LineID] = s.Name
			if l.CapKey != "" {
				p.capUsed[l.CapKey] = p.capUsed[l.CapKey].Add(l.Payable)
				if l.EventDate > p.latest[l.CapKey] {
					p.latest[l.CapKey] = l.EventDate
				}
			}
			if l.Status != StatusZero {
				p.counts[CountKey(l.Program, l.Funder, l.EventDate.Year())]++
			}
		}
	}
	return p, nil
}

// CountKey is the key of a yearly count limit: program, funder and year.
func CountKey(program, funder string, year int) string {
	return fmt.Sprintf("%s|%s|%d", program, funder, year)
}

// Line returns the prior line with the given id.
func (p *Prior) Line(id string) (*Line, bool) {
	if p == nil {
		return nil, false
	}
	l, ok := p.lines[id]
	return l, ok
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
