package engine

import (
	"encoding/binary"
	"errors"
	"math/big"

	"github.com/shopspring/decimal"

	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// errCorruptRow is returned when an encoded row does not decode: a sorter
// gave back other bytes than it was given.
var errCorruptRow = errors.New("engine: an encoded event row does not decode")

// rowEncoder appends the fields of a row to a byte slice, in a compact
// form rowDecoder reads back exactly (decimals keep their coefficient and
// exponent).
type rowEncoder struct{ b []byte }

func (w *rowEncoder) str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

func (w *rowEncoder) int(n int) { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *rowEncoder) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *rowEncoder) date(d value.Date) { w.int(int(d)) }

func (w *rowEncoder) dec(d decimal.Decimal) {
	w.int(int(d.Exponent()))
	c := d.Coefficient()
	w.int(c.Sign())
	w.str(string(c.Bytes()))
}

func (w *rowEncoder) optAmount(a roster.OptAmount) {
	w.bool(a.Set)
	if a.Set {
		w.dec(a.A)
	}
}

// rowDecoder reads what rowEncoder wrote; the first error sticks.
type rowDecoder struct {
	b     []byte
	files []string // file names by index (Source.File)
	err   error
}

func (r *rowDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorruptRow
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rowDecoder) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errCorruptRow
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *rowDecoder) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errCorruptRow
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *rowDecoder) str() string { return string(r.bytes()) }

func (r *rowDecoder) bool() bool {
	if len(r.b) == 0 {
		r.err = errCorruptRow
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

func (r *rowDecoder) date() value.Date { return value.Date(r.int()) }

func (r *rowDecoder) dec() decimal.Decimal {
	exp, sign := r.int(), r.int()
	c := new(big.Int).SetBytes(r.bytes())
	if sign < 0 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp))
}

func (r *rowDecoder) optAmount() roster.OptAmount {
	if !r.bool() {
		return roster.OptAmount{}
	}
	return roster.OptAmount{A: r.dec(), Set: true}
}

func (r *rowDecoder) src() roster.Source {
	f, row, typed := r.uvarint(), r.int(), r.str()
	if r.err != nil || f >= uint64(len(r.files)) {
		r.err = errCorruptRow
		return roster.Source{}
	}
	return roster.Source{File: r.files[f], Row: row, Typed: typed}
}

// encodeRow appends an event row (a *roster.Grant, *LicensingPayment,
// *LitigationFee, *Premium, *PledgeFee or *Award) with its source's file
// given by index.
func encodeRow(w *rowEncoder, file int, row any) {
	put := func(src roster.Source) {
		w.b = binary.AppendUvarint(w.b, uint64(file))
		w.int(src.Row)
		w.str(src.Typed)
	}
	switch r := row.(type) {
	case *roster.Grant:
		put(r.Src)
		w.str(r.USCC)
		w.str(r.Number)
		w.str(r.Kind)
		w.str(r.Office)
		w.str(r.Route)
		w.date(r.GrantDate)
	case *roster.LicensingPayment:
		put(r.Src)
		w.str(r.ContractID)
		w.str(r.USCC)
		w.str(r.Role)
		w.str(r.Kind)
		w.str(r.Counterparty)
		w.bool(r.CrossBorder)
		w.dec(r.Amount)
		w.str(r.Currency)
		w.date(r.PaidDate)
		w.int(r.PaymentNo)
	case *roster.LitigationFee:
		put(r.Src)
		w.str(r.CaseID)
		w.str(r.USCC)
		w.str(r.Jurisdiction)
		w.str(r.InvoiceNo)
		w.dec(r.Amount)
		w.str(r.Currency)
		w.date(r.PaidDate)
	case *roster.Premium:
		put(r.Src)
		w.str(r.PolicyNo)
		w.str(r.USCC)
		w.str(r.Insurer)
		w.dec(r.Premium)
		w.str(r.Currency)
		w.date(r.PaidDate)
		w.int(r.PaymentNo)
	case *roster.PledgeFee:
		put(r.Src)
		w.str(r.LoanID)
		w.str(r.USCC)
		w.str(r.Bank)
		w.str(r.FeeType)
		w.dec(r.Amount)
		w.str(r.Currency)
		w.date(r.PaidDate)
		w.int(r.PaymentNo)
	case *roster.Award:
		put(r.Src)
		w.str(r.Program)
		w.str(r.RecipientID)
		w.str(r.RecipientName)
		w.str(r.District)
		w.str(r.ProjectID)
		w.optAmount(r.Amount)
		w.date(r.DecisionDate)
		w.str(r.DecisionRef)
		w.str(r.Stage)
		w.str(r.Result)
		w.optAmount(r.IPInvestment)
	}
}

// decodeRow reads an event row of roster kind written by encodeRow.
func decodeRow(kind roster.Kind, r *rowDecoder) (any, error) {
	var row any
	switch kind {
	case roster.Grants:
		row = &roster.Grant{Src: r.src(), USCC: r.str(), Number: r.str(), Kind: r.str(), Office: r.str(),
			Route: r.str(), GrantDate: r.date()}
	case roster.Licensing:
		row = &roster.LicensingPayment{Src: r.src(), ContractID: r.str(), USCC: r.str(), Role: r.str(), Kind: r.str(),
			Counterparty: r.str(), CrossBorder: r.bool(), Amount: r.dec(), Currency: r.str(), PaidDate: r.date(), PaymentNo: r.int()}
	case roster.Litigation:
		row = &roster.LitigationFee{Src: r.src(), CaseID: r.str(), USCC: r.str(), Jurisdiction: r.str(), InvoiceNo: r.str(),
			Amount: r.dec(), Currency: r.str(), PaidDate: r.date()}
	case roster.Insurance:
		row = &roster.Premium{Src: r.src(), PolicyNo: r.str(), USCC: r.str(), Insurer: r.str(), Premium: r.dec(),
			Currency: r.str(), PaidDate: r.date(), PaymentNo: r.int()}
	case roster.Financing:
		row = &roster.PledgeFee{Src: r.src(), LoanID: r.str(), USCC: r.str(), Bank: r.str(), FeeType: r.str(),
			Amount: r.dec(), Currency: r.str(), PaidDate: r.date(), PaymentNo: r.int()}
	case roster.Awards:
		row = &roster.Award{Src: r.src(), Program: r.str(), RecipientID: r.str(), RecipientName: r.str(),
			District: r.str(), ProjectID: r.str(), Amount: r.optAmount(), DecisionDate: r.date(),
			DecisionRef: r.str(), Stage: r.str(), Result: r.str(), IPInvestment: r.optAmount()}
	default:
		return nil, errCorruptRow
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errCorruptRow
	}
	return row, nil
}
