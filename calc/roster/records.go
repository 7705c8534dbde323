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

// Grant is one row of 授权清单: one grant or registration to one holder.
type Grant struct {
	Src       Source
	USCC      string
	Number    string
	Kind      string
	Office    string
	Route     string
	GrantDate value.Date
}

// LicensingPayment is one row of 许可交易: one payment under a contract.
type LicensingPayment struct {
	Src          Source
	ContractID   string
	USCC         string
	Role         string
	Kind         string
	Counterparty string
	CrossBorder  bool
	Amount       decimal.Decimal
	Currency     string
	PaidDate     value.Date
	PaymentNo    int
}

// LitigationFee is one row of 海外维权: one legal-fee payment for a case.
type LitigationFee struct {
	Src          Source
	CaseID       string
	USCC         string
	Jurisdiction string
	InvoiceNo    string
	Amount       decimal.Decimal
	Currency     string
	PaidDate     value.Date
}

// Award is one row of 奖励名单: one committee decision.
type Award struct {
	Src           Source
	Program       string
	RecipientID   string
	RecipientName string
	District      string
	ProjectID     string
	Amount        OptAmount
	DecisionDate  value.Date
	DecisionRef   string
	Stage         string
	Result        string
	IPInvestment  OptAmount
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

// Premium is one row of 知识产权保险: one premium payment.
type Premium struct {
	Src       Source
	PolicyNo  string
	USCC      string
	Insurer   string
	Premium   decimal.Decimal
	Currency  string
	PaidDate  value.Date
	PaymentNo int
}

// PledgeFee is one row of 质押融资费用: one fee paid on a pledge loan.
type PledgeFee struct {
	Src       Source
	LoanID    string
	USCC      string
	Bank      string
	FeeType   string
	Amount    decimal.Decimal
	Currency  string
	PaidDate  value.Date
	PaymentNo int
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

// Batch is every parsed roster of one run.
type Batch struct {
	Enterprises []Enterprise
	Grants      []Grant
	Licensing   []LicensingPayment
	Litigation  []LitigationFee
	Awards      []Award
	FX          []Rate
	Budgets     []Budget
	Insurance   []Premium
	Financing   []PledgeFee
}
