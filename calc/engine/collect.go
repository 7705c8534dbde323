package engine

import (
	"encoding/binary"

	"github.com/shopspring/decimal"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// Rows collects the rosters of a batch as they are read: it counts every
// record, decodes it and keeps the row or lists it with the rejections of
// its bad cells (spec §1.3: rows read = line + counted + prior + listed),
// and applies the roster rules (Check). The event rows are encoded into a
// RowSorter as they come, so that a batch of millions of rows is never
// held whole; the reference rows (enterprises, fx, budget) are kept. Run
// reads it once.
type Rows struct {
	// OnRecipient, when set, is called with the source and the recipient
	// of every row kept that names one, the enterprise roster's and the
	// event rosters' (explain finds the rows of one recipient so).
	OnRecipient func(src roster.Source, recipient string)

	dec       roster.Decoder   // and the reference rows, in dec.Batch
	byKey     RowSorter        // pass 1: roster, natural key, row order
	newSorter func() RowSorter // for pass 2 and the engine's other sorts
	files     fileTable        // the files of the event rows' sources
	n         int              // event rows kept: their order
	key, val  rowEncoder
	read      map[roster.Kind]int
	kinds     map[string]roster.Kind // roster of each file, by the name its records show
	// rejs sorts the rejections of the records that did not decode (and
	// then the engine's, when they go to a sink); nListed counts them,
	// nListedData those of class data, listedRows the records by roster.
	rejs        rejectionSorter
	nListed     int
	nListedData int
	listedRows  map[roster.Kind]int
	sinkErr     error // the first error of rejs
	// listedEnterprises holds, by USCC, the first rejection of each
	// enterprise roster row that did not decode: an event naming that
	// enterprise points to it instead of saying it is not on the roster.
	listedEnterprises map[string]ledger.Rejection
	// listedAmounts are the amounts of the records that did not decode,
	// where readable, by currency (for the reconciliation).
	listedAmounts map[string]decimal.Decimal
	namesUSCC     bool // an event row kept names a USCC
}

// NewRows returns an empty collection whose sorters newSorter makes; nil
// sorts in memory.
func NewRows(newSorter func() RowSorter) *Rows {
	if newSorter == nil {
		newSorter = newMemSorter
	}
	r := &Rows{byKey: newSorter(), newSorter: newSorter, read: map[roster.Kind]int{}, kinds: map[string]roster.Kind{},
		listedEnterprises: map[string]ledger.Rejection{}, listedAmounts: map[string]decimal.Decimal{}, listedRows: map[roster.Kind]int{}}
	r.rejs.s = newSorter()
	r.val.files = &r.files
	return r
}

// File starts a roster file of kind whose records name it name (the file
// name rejections show).
func (r *Rows) File(kind roster.Kind, name string) { r.kinds[name] = kind }

// Add counts one record of roster kind, decodes it and keeps the row, or
// lists it. An error is the sorter's.
func (r *Rows) Add(kind roster.Kind, rec roster.Record) error {
	r.read[kind]++
	ev, rejs := r.dec.Decode(kind, rec)
	switch {
	case len(rejs) > 0:
		r.list(kind, rec, rejs)
		return r.sinkErr
	case ev != nil:
		return r.addEvent(ev)
	case kind == roster.Enterprises && r.OnRecipient != nil:
		en := &r.dec.Batch.Enterprises[len(r.dec.Batch.Enterprises)-1]
		r.OnRecipient(en.Src, en.USCC)
	}
	return nil
}

// List counts a record of roster kind that its reader listed itself, with
// the rejections it gave (a CSV row with more fields than its header, a
// cell that could not be read).
func (r *Rows) List(kind roster.Kind, rec roster.Record, rejs []ledger.Rejection) {
	r.read[kind]++
	r.list(kind, rec, rejs)
}

// Read is the number of records of roster kind read, listed ones
// included.
func (r *Rows) Read(kind roster.Kind) int { return r.read[kind] }

// Check applies the roster rules once every roster is read: the
// enterprise roster is required whenever another roster names a USCC
// (spec §2). Run checks too; a caller that reads more before it runs
// (the prior ledgers) checks first, to report this first.
func (r *Rows) Check() error {
	for _, k := range r.kinds {
		if k == roster.Enterprises {
			return nil
		}
	}
	if !r.namesUSCCs() {
		return nil
	}
	return msg.Err(msg.T("缺少企业名册（enterprises）：其他名册引用了统一社会信用代码，须同时提供企业名册（--enterprises 或 --in 目录中的 enterprises.csv / 企业名册.csv）",
		"the enterprise roster is missing: other rosters name USCCs, so --enterprises (or enterprises.csv / 企业名册.csv in --in) is required"))
}

// namesUSCCs reports whether a row names a USCC: a row read of a roster
// with a uscc column other than the enterprise roster's (a listed one
// too: the column is required), or an event row kept whose recipient is
// not an ID number (an awards row).
func (r *Rows) namesUSCCs() bool {
	if r.namesUSCC {
		return true
	}
	for k, n := range r.read {
		if n > 0 && k != roster.Enterprises && roster.Lookup(k).Index("uscc") >= 0 {
			return true
		}
	}
	return false
}

// list keeps the rejections of a record that did not decode, the first
// of an enterprise row by its USCC, and its amount where it reads.
func (r *Rows) list(kind roster.Kind, rec roster.Record, rejs []ledger.Rejection) {
	r.listedRows[kind]++
	for i := range rejs {
		r.nListed++
		if rejs[i].Class == ledger.ClassData {
			r.nListedData++
		}
		if err := r.rejs.add(&rejs[i]); err != nil && r.sinkErr == nil {
			r.sinkErr = err
		}
	}
	if kind == roster.Enterprises {
		u := ids.NormalizeUSCC(rec.Cells[roster.Lookup(kind).Index("uscc")])
		if _, seen := r.listedEnterprises[u]; !seen && ids.CheckUSCC(u) == nil {
			r.listedEnterprises[u] = rejs[0]
		}
	}
	if rejs[0].Code == roster.CodeFieldCount {
		return // its cells are shifted: no amount can be read
	}
	if a, cur, ok := roster.ListedAmount(kind, rec); ok {
		r.listedAmounts[cur] = r.listedAmounts[cur].Add(a)
	}
}

// addEvent encodes one event row into pass 1: the key is the roster, the
// natural key and the row's order; the record is the order, the event
// date and the row.
func (r *Rows) addEvent(ev roster.Event) error {
	who := ev.Recipient()
	if !ids.IsIDNumberShape(who) {
		r.namesUSCC = true
	}
	if r.OnRecipient != nil {
		r.OnRecipient(ev.Source(), who)
	}
	seq := r.n
	r.n++
	r.key.b = appendOrdered(append(r.key.b[:0], kindCode(ev.Roster())), joinKey(ev.Key().Values...))
	r.key.b = binary.BigEndian.AppendUint64(r.key.b, uint64(seq))
	r.val.b = binary.AppendUvarint(r.val.b[:0], uint64(seq))
	r.val.date(ev.Date())
	ev.Fields(&r.val)
	return r.byKey.Add(r.key.b, r.val.b)
}
