package roster

import (
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// Source locates a row: the file and the row a spreadsheet shows.
type Source struct {
	File string
	Row  int
	// Typed holds the cells of the row that read otherwise than they
	// were typed (实用新型 read as utility_model, 520,000.00 as 520000.00,
	// 2022年6月1日 as 2022-06-01, a code folded to its canonical form), as
	// typed, so that a rejection can show what the clerk wrote (TypedOf);
	// empty when every cell reads as typed.
	Typed string
}

// Separators of Source.Typed: column, typed text, column, typed text, ….
const (
	typedSep  = "\x1f" // between a column and its text
	typedNext = "\x1e" // between two cells
)

// TypedOf returns the cell of column as it was typed, when it reads
// otherwise.
func (s Source) TypedOf(column string) (string, bool) {
	for rest := s.Typed; rest != ""; {
		var cell string
		cell, rest, _ = strings.Cut(rest, typedNext)
		if col, text, ok := strings.Cut(cell, typedSep); ok && col == column {
			return text, true
		}
	}
	return "", false
}

// OptInt is a count that may be blank (a blank is never read as zero).
type OptInt struct {
	N   int
	Set bool
}

// OptDate is a date that may be blank.
type OptDate struct {
	D   value.Date
	Set bool
}

// OptAmount is an amount that may be blank.
type OptAmount struct {
	A   decimal.Decimal
	Set bool
}

// Enterprise is one row of the enterprise roster 企业名册.
type Enterprise struct {
	Src                           Source
	USCC                          string
	Name                          string
	District                      string // as written; resolved against the policy by the engine
	EntityType                    string
	Founded                       OptDate
	Tier                          string // "" when blank (none)
	TierDate                      OptDate
	NationalTitle                 string // "" when blank (none)
	TitleDate                     OptDate
	TalentStartup                 bool
	PriorInventionGrants          OptInt
	ValidInventionPatents         OptInt
	OverseasInventionApplications OptInt
	OverseasInventionGrants       OptInt
	RegisteredTrademarks          OptInt
	Standards                     OptInt
	ProvincialRDCenter            bool
	IPCertified                   bool
	Relaxation                    string
}

// Rate is one row of 汇率: one published rate.
type Rate struct {
	Src      Source
	Currency string
	Date     value.Date
	Rate     decimal.Decimal
	Units    decimal.Decimal
	Quote    string // cny_per_unit or unit_per_cny
}

// Budget is one row of 预算: a funder's yearly special fund for one
// program or for all its programs (81 六(一) "在市级知识产权专项资金中统筹安排").
type Budget struct {
	Src       Source
	Year      int
	Funder    string // "city", or a district as written (resolved by the engine)
	Program   string // a program id, or "*"
	Amount    decimal.Decimal
	Reference string
}

// Batch holds the decoded rows of the reference rosters of one run, which
// the engine looks up while it processes the events (see Event).
type Batch struct {
	Enterprises []Enterprise
	FX          []Rate
	Budgets     []Budget
}
