package engine

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"subsidy/calc/ids"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// RowSorter orders byte records by a byte key. The batch's event rows go
// through two of them: by roster and natural key (duplicates and
// conflicts), then by event date and natural key (the processing order).
// The engine's own keeps the records in memory; the CLI's spills sorted
// runs to temporary files, so that a batch of millions of rows is never
// held at once.
type RowSorter interface {
	// Add adds a record under key; the sorter copies both.
	Add(key, val []byte) error
	// Each calls fn with every record in key order, once, after the last
	// Add; key and val are valid during the call only.
	Each(fn func(key, val []byte) error) error
}

// Rows collects the event rows of a batch (grants, licensing, litigation,
// insurance, financing, awards) as they are read, encoded compactly into a
// RowSorter; the reference rosters (enterprises, fx) stay in Input.Batch.
type Rows struct {
	byKey     RowSorter        // pass 1: roster, natural key, row order
	newSorter func() RowSorter // for pass 2
	files     []string         // Source.File by index
	fileIdx   map[string]int
	n         int // rows added: their order
	namesUSCC bool
	key, val  rowEncoder
}

// NewRows returns an empty collection whose sorters newSorter makes.
func NewRows(newSorter func() RowSorter) *Rows {
	return &Rows{byKey: newSorter(), newSorter: newSorter, fileIdx: map[string]int{}}
}

// NamesUSCC reports whether an award row added names a recipient by
// anything but an ID number (so the enterprise roster is required).
func (r *Rows) NamesUSCC() bool { return r.namesUSCC }

// Add moves the event rows out of b into the collection, in b's order:
// b's event slices are emptied (their arrays are reused by the next rows),
// its enterprises and fx rows stay.
func (r *Rows) Add(b *roster.Batch) error {
	for i := range b.Grants {
		g := &b.Grants[i]
		if err := r.add(roster.Grants, g.Src, g.GrantDate, g, g.USCC, g.Number, g.Office); err != nil {
			return err
		}
	}
	for i := range b.Licensing {
		l := &b.Licensing[i]
		if err := r.add(roster.Licensing, l.Src, l.PaidDate, l, l.ContractID, l.USCC, l.PaidDate.String(), strconv.Itoa(l.PaymentNo)); err != nil {
			return err
		}
	}
	for i := range b.Litigation {
		l := &b.Litigation[i]
		if err := r.add(roster.Litigation, l.Src, l.PaidDate, l, l.CaseID, l.InvoiceNo); err != nil {
			return err
		}
	}
	for i := range b.Insurance {
		p := &b.Insurance[i]
		if err := r.add(roster.Insurance, p.Src, p.PaidDate, p, p.PolicyNo, p.PaidDate.String(), strconv.Itoa(p.PaymentNo)); err != nil {
			return err
		}
	}
	for i := range b.Financing {
		f := &b.Financing[i]
		if err := r.add(roster.Financing, f.Src, f.PaidDate, f, f.LoanID, f.FeeType, f.PaidDate.String(), strconv.Itoa(f.PaymentNo)); err != nil {
			return err
		}
	}
	for i := range b.Awards {
		a := &b.Awards[i]
		if !ids.IsIDNumberShape(a.RecipientID) {
			r.namesUSCC = true
		}
		if err := r.add(roster.Awards, a.Src, a.DecisionDate, a, a.Program, a.ProjectID, a.Stage, a.RecipientID); err != nil {
			return err
		}
	}
	b.Grants, b.Licensing, b.Litigation = b.Grants[:0], b.Licensing[:0], b.Litigation[:0]
	b.Insurance, b.Financing, b.Awards = b.Insurance[:0], b.Financing[:0], b.Awards[:0]
	return nil
}

// keyCols names the natural key of each event roster (spec §3 "Natural
// keys"), as rejections show it.
var keyCols = map[roster.Kind]string{
	roster.Grants:     "uscc+number+office",
	roster.Licensing:  "contract_id+uscc+paid_date+payment_no",
	roster.Litigation: "case_id+invoice_no",
	roster.Insurance:  "policy_no+paid_date+payment_no",
	roster.Financing:  "loan_id+fee_type+paid_date+payment_no",
	roster.Awards:     "program+project_id+stage+recipient_id",
}

// add encodes one row: the pass-1 key is the roster, the natural key and
// the row's order; the record is the order, the event date and the row.
func (r *Rows) add(kind roster.Kind, src roster.Source, date value.Date, row any, key ...string) error {
	fi, ok := r.fileIdx[src.File]
	if !ok {
		fi = len(r.files)
		r.files = append(r.files, src.File)
		r.fileIdx[src.File] = fi
	}
	seq := r.n
	r.n++
	r.key.b = appendOrdered(append(r.key.b[:0], kindCode[kind]), joinKey(key...))
	r.key.b = binary.BigEndian.AppendUint64(r.key.b, uint64(seq))
	r.val.b = binary.AppendUvarint(r.val.b[:0], uint64(seq))
	r.val.date(date)
	encodeRow(&r.val, fi, row)
	return r.byKey.Add(r.key.b, r.val.b)
}

// kindCode and codeKind map the event rosters to one byte, in the order
// the rosters are listed (grants first).
var (
	kindCode = map[roster.Kind]byte{roster.Grants: 1, roster.Licensing: 2, roster.Litigation: 3,
		roster.Insurance: 4, roster.Financing: 5, roster.Awards: 6, roster.Enterprises: 7}
	codeKind = func() map[byte]roster.Kind {
		m := map[byte]roster.Kind{}
		for k, c := range kindCode {
			m[c] = k
		}
		return m
	}()
)

// appendOrdered appends s so that the bytes of the result order as the
// strings do and s ends where the next field starts: 0x00 is escaped as
// 0x00 0xFF and s is closed by 0x00 0x01.
func appendOrdered(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b = append(b, 0, 0xff)
		} else {
			b = append(b, s[i])
		}
	}
	return append(b, 0, 1)
}

// readOrdered reads a field appendOrdered wrote and returns it and the
// rest.
func readOrdered(b []byte) (string, []byte) {
	var s []byte
	for i := 0; i+1 < len(b); i++ {
		if b[i] != 0 {
			continue
		}
		if b[i+1] == 1 {
			s = append(s, b[:i]...)
			return string(s), b[i+2:]
		}
		s = append(s, b[:i+1]...)
		b = b[i+2:]
		i = -1
	}
	return string(append(s, b...)), nil
}

// memSorter is the engine's RowSorter: every record in memory.
type memSorter struct {
	buf  []byte
	recs [][3]int // key start, key end = value start, value end
}

func newMemSorter() RowSorter { return &memSorter{} }

// Add implements RowSorter.
func (m *memSorter) Add(key, val []byte) error {
	start := len(m.buf)
	m.buf = append(append(m.buf, key...), val...)
	m.recs = append(m.recs, [3]int{start, start + len(key), len(m.buf)})
	return nil
}

// Each implements RowSorter.
func (m *memSorter) Each(fn func(key, val []byte) error) error {
	// ties go by the place in buf, the order added: a stable sort
	// without the cost of one
	slices.SortFunc(m.recs, func(a, b [3]int) int {
		if c := bytes.Compare(m.buf[a[0]:a[1]], m.buf[b[0]:b[1]]); c != 0 {
			return c
		}
		return a[0] - b[0]
	})
	for _, r := range m.recs {
		if err := fn(m.buf[r[0]:r[1]], m.buf[r[1]:r[2]]); err != nil {
			return err
		}
	}
	return nil
}

// amountOf is the amount and currency of an event row that has one.
func amountOf(row any) (decimal.Decimal, string, bool) {
	switch r := row.(type) {
	case *roster.LicensingPayment:
		return r.Amount, r.Currency, true
	case *roster.LitigationFee:
		return r.Amount, r.Currency, true
	case *roster.Premium:
		return r.Premium, r.Currency, true
	case *roster.PledgeFee:
		return r.Amount, r.Currency, true
	case *roster.Award:
		return r.Amount.A, "CNY", r.Amount.Set
	}
	return decimal.Decimal{}, "", false
}
