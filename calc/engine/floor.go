package engine

import (
	"sort"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
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

// Floors reports, for each program with a min_supported_per_year parameter
// and each year its lines of this batch fall in, the recipients supported
// in that year against the minimum. Sorted by program and year.
func Floors(in Input, res *Result) []Floor {
	type key struct {
		program string
		year    int
	}
	recipients := map[key]map[string]bool{}
	add := func(l *ledger.Line) {
		k := key{l.Program, l.EventDate.Year()}
		if recipients[k] == nil {
			recipients[k] = map[string]bool{}
		}
		recipients[k][l.RecipientID] = true
	}
	years := map[key]bool{}
	for i := range res.Lines {
		l := &res.Lines[i]
		if p, ok := in.Policy.Programs[l.Program]; ok && minimumOf(p, l) != nil {
			years[key{l.Program, l.EventDate.Year()}] = true
			add(l)
		}
	}
	for _, id := range in.Prior.IDs() {
		if l, ok := in.Prior.Line(id); ok && years[key{l.Program, l.EventDate.Year()}] {
			add(l)
		}
	}
	var out []Floor
	for i := range res.Lines {
		l := &res.Lines[i]
		k := key{l.Program, l.EventDate.Year()}
		if !years[k] {
			continue
		}
		delete(years, k)
		m := minimumOf(in.Policy.Programs[l.Program], l)
		out = append(out, Floor{Program: k.program, Year: k.year, Supported: len(recipients[k]),
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
