package engine

import (
	"sort"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/value"
)

// Floor is a program's yearly minimum number of supported recipients
// (a policy target, not a limit), e.g. 136 三(五)20 "开展企业知识产权海外预警
// 工作，每年支持不少于50家企业": the summary shows how far the year has come.
type Floor struct {
	Program string
	Year    int
	// Supported counts the distinct recipients with a line of the program
	// dated in Year, in this batch or a prior ledger.
	Supported int
	// Minimum is the policy's min_supported_per_year for that year.
	Minimum int64
	// Clause is the minimum's reference, e.g. "136 三(五)20".
	Clause string
}

// floorKey is a program and a year of its lines.
type floorKey struct {
	program string
	year    int
}

// floorTally follows, for each program and year with a
// min_supported_per_year parameter, the recipients of the batch's lines
// and the minimum in force on the first of them.
type floorTally struct {
	order      []floorKey
	minimum    map[floorKey]*policy.Param
	recipients map[floorKey]map[string]bool
}

// add counts a line of the batch.
func (t *floorTally) add(pol *policy.Policy, l *ledger.Line) {
	p, ok := pol.Programs[l.Program]
	if !ok {
		return
	}
	m := minimumOf(p, l)
	if m == nil {
		return
	}
	k := floorKey{l.Program, l.EventDate.Year()}
	if t.minimum == nil {
		t.minimum, t.recipients = map[floorKey]*policy.Param{}, map[floorKey]map[string]bool{}
	}
	if _, ok := t.minimum[k]; !ok {
		t.minimum[k] = m
		t.recipients[k] = map[string]bool{}
		t.order = append(t.order, k)
	}
	t.recipients[k][l.RecipientID] = true
}

// floorsOf reports, for each program with a min_supported_per_year
// parameter and each year its lines of this batch fall in, the recipients
// supported in that year (in this batch or a prior ledger) against the
// minimum. Sorted by program and year.
func (e *engine) floorsOf() []Floor {
	t := &e.floors
	if len(t.order) == 0 {
		return nil
	}
	e.in.Prior.EachRecipient(func(program, recipientID string, d value.Date) {
		if r, ok := t.recipients[floorKey{program, d.Year()}]; ok {
			r[recipientID] = true
		}
	})
	out := make([]Floor, 0, len(t.order))
	for _, k := range t.order {
		m := t.minimum[k]
		out = append(out, Floor{Program: k.program, Year: k.year, Supported: len(t.recipients[k]),
			Minimum: m.Number.IntPart(), Clause: clauseOf(m)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Program != out[j].Program {
			return out[i].Program < out[j].Program
		}
		return out[i].Year < out[j].Year
	})
	return out
}

// minimumOf is the min_supported_per_year in force on the line's date.
func minimumOf(p *policy.Program, l *ledger.Line) *policy.Param {
	v, ok := p.VersionAt(l.EventDate)
	if !ok {
		return nil
	}
	m, ok := v.Param("min_supported_per_year", "")
	if !ok {
		return nil
	}
	return m
}
