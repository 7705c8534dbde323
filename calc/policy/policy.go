// Package policy holds the subsidy policy as data (spec §1.6, §4): programs,
// their dated versions and parameters, district overrides, and the
// references to the clauses of 苏府办〔2021〕136号 and 苏府〔2021〕81号 every
// value comes from. In the manner of OpenFisca's parameters each value
// carries its unit, its effective dates (those of its version) and a
// reference; unlike OpenFisca, every number is an exact decimal.
//
// The package is pure: Load parses bytes, it never opens files.
package policy

import (
	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// Policy is one complete policy file.
type Policy struct {
	// ID names the policy (e.g. "suzhou-ip-2021"); prior ledgers written
	// under another ID are refused unless --allow-policy-change.
	ID string
	// Title is a human-readable name.
	Title string
	// Rounding is the rounding mode of the two rounding points of spec §1.2:
	// value.RoundHalfUp ("half_up", value.RoundDefault when the file names
	// none), value.RoundHalfEven ("half_even") or value.RoundDown ("down").
	Rounding string
	// Documents are the policy documents cited, by short key ("136", "81").
	Documents map[string]Document
	// Districts are the county-level units the policy knows.
	Districts []District
	// General holds parameters that belong to no single program
	// (fx_max_age_days).
	General map[string]*Dated
	// Programs by program id (spec §4).
	Programs map[string]*Program
}

// Document is one cited policy document.
type Document struct {
	Number string     // 文号, e.g. 苏府办〔2021〕136号
	Title  string     // full title
	Issued value.Date // issue date
}

// District is one county-level unit.
type District struct {
	Code    string   // six-digit code, e.g. "320585"
	Name    string   // e.g. 太仓市
	Aliases []string // other names accepted in rosters
}

// Kind says where a program's rows come from.
type Kind string

// Program kinds.
const (
	KindComputed      Kind = "computed"      // §4.1, computed from event rosters
	KindDengfeng      Kind = "dengfeng"      // §4.2, 登峰 approval / acceptance
	KindAward         Kind = "award"         // §4.3, committee decision with a ceiling
	KindDiscretionary Kind = "discretionary" // §4.3, committee decision without a ceiling
)

// Program is one subsidy program with its dated versions.
type Program struct {
	ID     string
	Name   string // Chinese name, printed in the ledger's program_name
	NameEn string
	// Clause cites the seed clause(s), e.g. "136 三(五)20".
	Clause string
	Kind   Kind
	// Funder is "city" or "district" (spec §4.1 Funders).
	Funder string
	// Individual is true for programs paid to a person (ID number).
	Individual bool
	// Persons is true for a program paid to entities (USCC on the
	// enterprise roster) and to people (ID number) alike: protection.
	// report_reward (136 三(五)21 激励社会公众). It comes from the engine's
	// catalog of programs, not from the policy file.
	Persons bool
	// Versions in force, sorted by From, not overlapping.
	Versions []*Version
}

// Version is the set of parameter values of a program in force between two
// dates (inclusive).
type Version struct {
	Version string
	From    value.Date
	To      value.Date
	Params  map[string]*Param
}

// Param is one parameter value with its unit and reference, and the
// district overrides of it.
type Param struct {
	Name string
	// Unit is one of CNY, ratio, count, days, codes, option, flag.
	Unit string
	// Number is the value for the units CNY, ratio, count and days.
	Number decimal.Decimal
	// Codes is the value for unit "codes" (a list of office or
	// jurisdiction codes).
	Codes []string
	// Option is the value for unit "option" (an enumerated choice).
	Option string
	// Flag is the value for unit "flag".
	Flag bool
	// Example is true where the seed leaves the amount open and the value
	// is the default policy's example (spec §4.1 "Default policy values").
	Example bool
	// Reference says where the value comes from.
	Reference Reference
	// District is set on an override: the district code it applies to.
	District string
	// Overrides by district code (only district-funded programs).
	Overrides map[string]*Param
	// Line is the line of the value in the policy file (for messages).
	Line int
}

// Reference cites the clause a value comes from (OpenFisca's
// metadata.reference).
type Reference struct {
	Document string // document key, e.g. "136"
	Clause   string // e.g. "三(二)7"
	Note     string // e.g. "example value: the seed says 按比例"
}

// Dated is a general parameter with values over time.
type Dated struct {
	Name   string
	Values []*DatedValue
}

// DatedValue is one value of a general parameter and its effective dates.
type DatedValue struct {
	From  value.Date
	To    value.Date
	Param *Param
}
