package roster

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/ids"
	"subsidy/calc/value"
)

// Event is one row of an event roster (grants, licensing, litigation,
// insurance, financing, awards): a dated event that the engine pays,
// counts toward a line or lists. Everything the engine does with a row
// before its program sees it goes through this interface, whatever the
// roster.
type Event interface {
	// Roster is the roster the row belongs to.
	Roster() Kind
	// Source locates the row.
	Source() Source
	// Date is the event date, by which the rows are processed.
	Date() value.Date
	// Key is the row's natural key (spec §3 "Natural keys").
	Key() NaturalKey
	// Claim is the amount the row claims and its currency, when it has
	// one (the reconciliation's listed amounts).
	Claim() (decimal.Decimal, string, bool)
	// Recipient is the recipient the row names: a USCC, or an awards
	// row's recipient_id.
	Recipient() string
	// Fields hands f every field of the row, its source first, in a fixed
	// order: f writes them out or reads them back (the engine's sorters).
	Fields(f Fields)
	// Handle calls the method of h for the row's roster.
	Handle(h Handler)
	// decode reads the row from the cells of one record.
	decode(c *cells)
}

// NaturalKey is the natural key of a row: the columns it is made of, as
// rejections name them ("case_id+invoice_no"), and their values in the
// row.
type NaturalKey struct {
	Columns string
	Values  []string
}

// Fields reads or writes the fields of a row one at a time, through a
// pointer to each: a codec, such as the engine's encoding of the rows it
// sorts. A row is read back into a zero row.
type Fields interface {
	Source(*Source)
	Text(*string)
	Int(*int)
	Bool(*bool)
	Date(*value.Date)
	Decimal(*decimal.Decimal)
}

// optAmount hands f an amount that may be blank: whether it is set, then
// the amount when it is.
func optAmount(f Fields, a *OptAmount) {
	f.Bool(&a.Set)
	if a.Set {
		f.Decimal(&a.A)
	}
}

// Handler handles the event rows, one method per event roster: the
// engine's programs. Event.Handle calls the method of the row's roster.
type Handler interface {
	Grant(*Grant)
	Licensing(*LicensingPayment)
	Litigation(*LitigationFee)
	Insurance(*Premium)
	Financing(*PledgeFee)
	Award(*Award)
}

// NewEvent returns an empty row of roster kind to decode into, or nil
// when kind is a reference roster (enterprises, fx, budget).
func NewEvent(kind Kind) Event {
	if s := schemas[kind]; s != nil && s.event != nil {
		return s.event()
	}
	return nil
}

// IsEvent reports whether kind is an event roster.
func IsEvent(kind Kind) bool {
	s := schemas[kind]
	return s != nil && s.event != nil
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

func (g *Grant) decode(c *cells) {
	kind, number := c.enum("kind", true), ids.PatentNumber
	if kind == "madrid_trademark" {
		number = ids.MadridNumber
	}
	*g = Grant{Src: c.source(), USCC: c.uscc("uscc"), Number: c.code("number", true, number), Kind: kind,
		Office: c.region("office"), Route: c.enum("route", true), GrantDate: c.date("grant_date", true).D}
	g.Src.Typed = c.typed.String()
}

// Roster implements Event.
func (g *Grant) Roster() Kind { return Grants }

// Source implements Event.
func (g *Grant) Source() Source { return g.Src }

// Date implements Event: the grant date.
func (g *Grant) Date() value.Date { return g.GrantDate }

// Key implements Event.
func (g *Grant) Key() NaturalKey {
	return NaturalKey{"uscc+number+office", []string{g.USCC, g.Number, g.Office}}
}

// Claim implements Event: a grant claims no amount.
func (g *Grant) Claim() (decimal.Decimal, string, bool) { return decimal.Decimal{}, "", false }

// Recipient implements Event: the holder.
func (g *Grant) Recipient() string { return g.USCC }

// Fields implements Event.
func (g *Grant) Fields(f Fields) {
	f.Source(&g.Src)
	f.Text(&g.USCC)
	f.Text(&g.Number)
	f.Text(&g.Kind)
	f.Text(&g.Office)
	f.Text(&g.Route)
	f.Date(&g.GrantDate)
}

// Handle implements Event.
func (g *Grant) Handle(h Handler) { h.Grant(g) }

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

func (l *LicensingPayment) decode(c *cells) {
	*l = LicensingPayment{Src: c.source(), ContractID: c.code("contract_id", true, ids.Code), USCC: c.uscc("uscc"),
		Role: c.enum("role", true), Kind: c.enum("kind", true), Counterparty: c.text("counterparty", false),
		CrossBorder: c.yesNo("cross_border"), Amount: c.payment("amount", true).A, Currency: c.currency(true),
		PaidDate: c.date("paid_date", true).D, PaymentNo: c.paymentNo()}
	l.Src.Typed = c.typed.String()
}

// Roster implements Event.
func (l *LicensingPayment) Roster() Kind { return Licensing }

// Source implements Event.
func (l *LicensingPayment) Source() Source { return l.Src }

// Date implements Event: the paid date.
func (l *LicensingPayment) Date() value.Date { return l.PaidDate }

// Key implements Event.
func (l *LicensingPayment) Key() NaturalKey {
	return NaturalKey{"contract_id+uscc+paid_date+payment_no", []string{l.ContractID, l.USCC, l.PaidDate.String(), strconv.Itoa(l.PaymentNo)}}
}

// Claim implements Event.
func (l *LicensingPayment) Claim() (decimal.Decimal, string, bool) { return l.Amount, l.Currency, true }

// Recipient implements Event.
func (l *LicensingPayment) Recipient() string { return l.USCC }

// Fields implements Event.
func (l *LicensingPayment) Fields(f Fields) {
	f.Source(&l.Src)
	f.Text(&l.ContractID)
	f.Text(&l.USCC)
	f.Text(&l.Role)
	f.Text(&l.Kind)
	f.Text(&l.Counterparty)
	f.Bool(&l.CrossBorder)
	f.Decimal(&l.Amount)
	f.Text(&l.Currency)
	f.Date(&l.PaidDate)
	f.Int(&l.PaymentNo)
}

// Handle implements Event.
func (l *LicensingPayment) Handle(h Handler) { h.Licensing(l) }

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

func (l *LitigationFee) decode(c *cells) {
	*l = LitigationFee{Src: c.source(), CaseID: c.code("case_id", true, ids.Code), USCC: c.uscc("uscc"),
		Jurisdiction: c.region("jurisdiction"), InvoiceNo: c.code("invoice_no", true, ids.Code),
		Amount: c.payment("amount", true).A, Currency: c.currency(true), PaidDate: c.date("paid_date", true).D}
	l.Src.Typed = c.typed.String()
}

// Roster implements Event.
func (l *LitigationFee) Roster() Kind { return Litigation }

// Source implements Event.
func (l *LitigationFee) Source() Source { return l.Src }

// Date implements Event: the paid date.
func (l *LitigationFee) Date() value.Date { return l.PaidDate }

// Key implements Event.
func (l *LitigationFee) Key() NaturalKey {
	return NaturalKey{"case_id+invoice_no", []string{l.CaseID, l.InvoiceNo}}
}

// Claim implements Event.
func (l *LitigationFee) Claim() (decimal.Decimal, string, bool) { return l.Amount, l.Currency, true }

// Recipient implements Event.
func (l *LitigationFee) Recipient() string { return l.USCC }

// Fields implements Event.
func (l *LitigationFee) Fields(f Fields) {
	f.Source(&l.Src)
	f.Text(&l.CaseID)
	f.Text(&l.USCC)
	f.Text(&l.Jurisdiction)
	f.Text(&l.InvoiceNo)
	f.Decimal(&l.Amount)
	f.Text(&l.Currency)
	f.Date(&l.PaidDate)
}

// Handle implements Event.
func (l *LitigationFee) Handle(h Handler) { h.Litigation(l) }

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

func (p *Premium) decode(c *cells) {
	*p = Premium{Src: c.source(), PolicyNo: c.code("policy_no", true, ids.Code), USCC: c.uscc("uscc"), Insurer: c.text("insurer", false),
		Premium: c.payment("premium", true).A, Currency: c.currency(false), PaidDate: c.date("paid_date", true).D, PaymentNo: c.paymentNo()}
	p.Src.Typed = c.typed.String()
}

// Roster implements Event.
func (p *Premium) Roster() Kind { return Insurance }

// Source implements Event.
func (p *Premium) Source() Source { return p.Src }

// Date implements Event: the paid date.
func (p *Premium) Date() value.Date { return p.PaidDate }

// Key implements Event.
func (p *Premium) Key() NaturalKey {
	return NaturalKey{"policy_no+paid_date+payment_no", []string{p.PolicyNo, p.PaidDate.String(), strconv.Itoa(p.PaymentNo)}}
}

// Claim implements Event: the premium.
func (p *Premium) Claim() (decimal.Decimal, string, bool) { return p.Premium, p.Currency, true }

// Recipient implements Event.
func (p *Premium) Recipient() string { return p.USCC }

// Fields implements Event.
func (p *Premium) Fields(f Fields) {
	f.Source(&p.Src)
	f.Text(&p.PolicyNo)
	f.Text(&p.USCC)
	f.Text(&p.Insurer)
	f.Decimal(&p.Premium)
	f.Text(&p.Currency)
	f.Date(&p.PaidDate)
	f.Int(&p.PaymentNo)
}

// Handle implements Event.
func (p *Premium) Handle(h Handler) { h.Insurance(p) }

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

func (p *PledgeFee) decode(c *cells) {
	*p = PledgeFee{Src: c.source(), LoanID: c.code("loan_id", true, ids.Code), USCC: c.uscc("uscc"), Bank: c.text("bank", false),
		FeeType: c.enum("fee_type", true), Amount: c.payment("amount", true).A, Currency: c.currency(false),
		PaidDate: c.date("paid_date", true).D, PaymentNo: c.paymentNo()}
	p.Src.Typed = c.typed.String()
}

// Roster implements Event.
func (p *PledgeFee) Roster() Kind { return Financing }

// Source implements Event.
func (p *PledgeFee) Source() Source { return p.Src }

// Date implements Event: the paid date.
func (p *PledgeFee) Date() value.Date { return p.PaidDate }

// Key implements Event.
func (p *PledgeFee) Key() NaturalKey {
	return NaturalKey{"loan_id+fee_type+paid_date+payment_no", []string{p.LoanID, p.FeeType, p.PaidDate.String(), strconv.Itoa(p.PaymentNo)}}
}

// Claim implements Event.
func (p *PledgeFee) Claim() (decimal.Decimal, string, bool) { return p.Amount, p.Currency, true }

// Recipient implements Event.
func (p *PledgeFee) Recipient() string { return p.USCC }

// Fields implements Event.
func (p *PledgeFee) Fields(f Fields) {
	f.Source(&p.Src)
	f.Text(&p.LoanID)
	f.Text(&p.USCC)
	f.Text(&p.Bank)
	f.Text(&p.FeeType)
	f.Decimal(&p.Amount)
	f.Text(&p.Currency)
	f.Date(&p.PaidDate)
	f.Int(&p.PaymentNo)
}

// Handle implements Event.
func (p *PledgeFee) Handle(h Handler) { h.Financing(p) }

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

func (a *Award) decode(c *cells) {
	*a = Award{Src: c.source(), Program: strings.ToLower(c.code("program", true, value.Fold)), RecipientID: c.code("recipient_id", true, ids.Code),
		RecipientName: c.text("recipient_name", false), District: c.text("district", false),
		ProjectID: c.code("project_id", false, ids.Code), Amount: c.payment("amount", false),
		DecisionDate: c.date("decision_date", true).D, DecisionRef: c.text("decision_ref", false),
		Stage: c.enum("stage", false), Result: c.enum("result", false), IPInvestment: c.amount("ip_investment", false)}
	a.Src.Typed = c.typed.String()
}

// Roster implements Event.
func (a *Award) Roster() Kind { return Awards }

// Source implements Event.
func (a *Award) Source() Source { return a.Src }

// Date implements Event: the decision date.
func (a *Award) Date() value.Date { return a.DecisionDate }

// Key implements Event.
func (a *Award) Key() NaturalKey {
	return NaturalKey{"program+project_id+stage+recipient_id", []string{a.Program, a.ProjectID, a.Stage, a.RecipientID}}
}

// Claim implements Event: the committee amount, when given (always in
// CNY).
func (a *Award) Claim() (decimal.Decimal, string, bool) { return a.Amount.A, "CNY", a.Amount.Set }

// Recipient implements Event: recipient_id as written.
func (a *Award) Recipient() string { return a.RecipientID }

// Fields implements Event.
func (a *Award) Fields(f Fields) {
	f.Source(&a.Src)
	f.Text(&a.Program)
	f.Text(&a.RecipientID)
	f.Text(&a.RecipientName)
	f.Text(&a.District)
	f.Text(&a.ProjectID)
	optAmount(f, &a.Amount)
	f.Date(&a.DecisionDate)
	f.Text(&a.DecisionRef)
	f.Text(&a.Stage)
	f.Text(&a.Result)
	optAmount(f, &a.IPInvestment)
}

// Handle implements Event.
func (a *Award) Handle(h Handler) { h.Award(a) }
