package policy

import (
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// This file holds the vocabulary of the law: the two seed documents, and
// the limits a seed sets on a parameter with the words it sets them in.
// The limits themselves stand with each program in the catalog
// (catalog.go). They are not example values and no policy file can change
// them; Check (and so Load) refuses a version in force during a seed's
// period whose values go beyond them. A successor plan's versions (after
// 2023-12-31) are not bound by them.

// seedDocument is one seed policy document and the period it governs.
type seedDocument struct {
	number string
	issued value.Date
	end    value.Date
}

func day(y int, m time.Month, d int) value.Date { return value.NewDate(y, m, d) }

// seedDocuments are the two seeds, by the keys policy files cite them with.
var seedDocuments = map[string]seedDocument{
	"136": {number: "苏府办〔2021〕136号", issued: day(2021, time.June, 21), end: day(2023, time.December, 31)},
	"81":  {number: "苏府〔2021〕81号", issued: day(2021, time.September, 15), end: day(2023, time.December, 31)},
}

// seedPeriod returns the period a seed document governs.
func seedPeriod(document string) (from, to value.Date) {
	d := seedDocuments[document]
	return d.issued, d.end
}

// words are a seed's own words at one of its clauses, quoted literally
// (…… marks words left out): what a seed rule rests on.
type words struct {
	document string // seed key, "136" or "81"
	clause   string // clause within the seed, "三(五)20"
	text     string
}

// in136 and in81 are the words text of clause of the seed 136 or 81.
func in136(clause, text string) words { return words{document: "136", clause: clause, text: text} }
func in81(clause, text string) words  { return words{document: "81", clause: clause, text: text} }

// bound says how a seed rule limits a parameter.
type bound int

const (
	boundMax     bound = iota // the number may not exceed limit
	boundMin                  // the number may not fall below limit
	boundFixed                // the number must be limit (a fixed sum)
	boundOption               // the option must be exactly option (absent = the parameter's default)
	boundWithin               // every code must be one of codes
	boundInclude              // the codes must include every one of codes
)

// seedRule is the limit a seed sets on one parameter of one program.
type seedRule struct {
	bound  bound
	limit  decimal.Decimal
	option string
	codes  []string
	words  // where the seed sets it, and its words
	// reading is the interpretation beyond the words that the rule
	// applies, printed as 解释 (spec §4.3a 3); empty when the words say it
	// all.
	reading string
}

// The rule methods return the parameter with the limit a seed sets on it.

func (p paramSpec) atMost(limit string, w words) paramSpec {
	return p.rule(seedRule{bound: boundMax, limit: decimal.RequireFromString(limit), words: w})
}

func (p paramSpec) atLeast(limit string, w words) paramSpec {
	return p.rule(seedRule{bound: boundMin, limit: decimal.RequireFromString(limit), words: w})
}

// fixedAt: a fixed sum, not a ceiling (spec §4.3a 4).
func (p paramSpec) fixedAt(sum string, w words) paramSpec {
	return p.rule(seedRule{bound: boundFixed, limit: decimal.RequireFromString(sum), words: w})
}

func (p paramSpec) optionIs(option string, w words) paramSpec {
	return p.rule(seedRule{bound: boundOption, option: option, words: w})
}

func (p paramSpec) within(codes []string, w words) paramSpec {
	return p.rule(seedRule{bound: boundWithin, codes: codes, words: w})
}

func (p paramSpec) including(codes []string, w words) paramSpec {
	return p.rule(seedRule{bound: boundInclude, codes: codes, words: w})
}

func (p paramSpec) rule(r seedRule) paramSpec {
	p.seed = &r
	return p
}

// readAs labels the reading beyond the words the parameter's rule applies.
func (p paramSpec) readAs(reading string) paramSpec {
	r := *p.seed
	r.reading = reading
	p.seed = &r
	return p
}
