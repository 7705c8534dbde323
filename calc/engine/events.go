package engine

import (
	"bytes"
	"encoding/binary"

	"github.com/shopspring/decimal"

	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// listedRow is the amount of an event row listed when it was processed,
// counted in the reconciliation if the row ends listed.
type listedRow struct {
	amount   decimal.Decimal
	currency string
}

// collectEvents settles the event rows' natural keys (duplicates and
// conflicts are listed) and returns the standing rows, with the tier
// events of the enterprise roster, in the documented processing order:
// event date, then natural key (then roster and row order, so the order
// is total).
func (e *engine) collectEvents(rows *Rows) (RowSorter, error) {
	order := rows.newSorter()
	var (
		groupKey []byte // pass-1 key of the group without the row order
		arena    []byte // the records sharing it, back to back
		ends     []int  // where each record ends in arena
		key2     rowEncoder
		rec2     []byte
	)
	queue := func(kind roster.Kind, nk []byte, rec []byte) error {
		seq, n := binary.Uvarint(rec)
		if n <= 0 {
			return errCorruptRow
		}
		d, m := binary.Varint(rec[n:])
		if m <= 0 {
			return errCorruptRow
		}
		key2.b = binary.BigEndian.AppendUint32(key2.b[:0], uint32(int32(d))^1<<31)
		key2.b = append(key2.b, nk...)
		key2.b = appendOrdered(key2.b, string(kind))
		key2.b = binary.BigEndian.AppendUint64(key2.b, seq)
		rec2 = append(append(rec2[:0], kindCode[kind]), rec[n+m:]...)
		return order.Add(key2.b, rec2)
	}
	settle := func() error {
		if len(ends) == 0 {
			return nil
		}
		kind := codeKind[groupKey[0]]
		nk := groupKey[1:]
		if len(ends) == 1 {
			return queue(kind, nk, arena)
		}
		decoded := make([]any, len(ends))
		srcs := make([]roster.Source, len(ends))
		for i, end := range ends {
			rec := arena[:end]
			if i > 0 {
				rec = arena[ends[i-1]:end]
			}
			_, n := binary.Uvarint(rec)
			if n <= 0 {
				return errCorruptRow
			}
			_, m := binary.Varint(rec[n:])
			if m <= 0 {
				return errCorruptRow
			}
			row, err := decodeRow(kind, &rowDecoder{b: rec[n+m:], files: rows.files})
			if err != nil {
				return err
			}
			decoded[i], srcs[i] = row, sourceOf(row)
		}
		key, _ := readOrdered(nk)
		stands := e.settleGroup(kind, keyCols[kind], key, srcs, func(i int) string { return fingerprintRow(decoded[i]) })
		for i, row := range decoded {
			e.noteListed(kind, srcs[i], row)
		}
		if stands {
			return queue(kind, nk, arena[:ends[0]])
		}
		return nil
	}
	err := rows.byKey.Each(func(key, rec []byte) error {
		gk := key[:len(key)-8]
		if !bytes.Equal(gk, groupKey) {
			if err := settle(); err != nil {
				return err
			}
			groupKey, arena, ends = append(groupKey[:0], gk...), arena[:0], ends[:0]
		}
		arena = append(arena, rec...)
		ends = append(ends, len(arena))
		return nil
	})
	if err == nil {
		err = settle()
	}
	if err != nil {
		return nil, err
	}
	// Tier programs from the enterprise roster (spec §1.3: reconciled for
	// the tier programs only). An enterprise's rows were validated by
	// indexEnterprises; its tier and title are events of their own.
	b := &e.in.Batch
	for i := range b.Enterprises {
		en := &b.Enterprises[i]
		if _, ok := e.ents[en.USCC]; !ok || e.ents[en.USCC].Enterprise != en {
			continue
		}
		var rec rowEncoder
		rec.int(i)
		if en.Tier == "growth" {
			if err := e.queueTier(order, en.TierDate.D, joinKey("tier.growth", en.USCC), append(rec.b, 't'), i); err != nil {
				return nil, err
			}
		}
		if en.NationalTitle != "" {
			if err := e.queueTier(order, en.TitleDate.D, joinKey("tier.national_"+en.NationalTitle, en.USCC), append(rec.b, 'n'), i); err != nil {
				return nil, err
			}
		}
	}
	return order, nil
}

// queueTier queues a tier event of enterprise row i.
func (e *engine) queueTier(order RowSorter, d value.Date, key string, rec []byte, i int) error {
	k := binary.BigEndian.AppendUint32(nil, uint32(int32(d))^1<<31)
	k = appendOrdered(k, key)
	k = appendOrdered(k, string(roster.Enterprises))
	k = binary.BigEndian.AppendUint64(k, uint64(i))
	return order.Add(k, append([]byte{kindCode[roster.Enterprises]}, rec...))
}

// sourceOf is the source of a decoded event row.
func sourceOf(row any) roster.Source {
	switch r := row.(type) {
	case *roster.Grant:
		return r.Src
	case *roster.LicensingPayment:
		return r.Src
	case *roster.LitigationFee:
		return r.Src
	case *roster.Premium:
		return r.Src
	case *roster.PledgeFee:
		return r.Src
	case *roster.Award:
		return r.Src
	}
	return roster.Source{}
}

// fingerprintRow is the content of an event row without its source.
func fingerprintRow(row any) string {
	switch r := row.(type) {
	case *roster.Grant:
		g := *r
		g.Src = roster.Source{}
		return fingerprint(g)
	case *roster.LicensingPayment:
		l := *r
		l.Src = roster.Source{}
		return fingerprint(l)
	case *roster.LitigationFee:
		l := *r
		l.Src = roster.Source{}
		return fingerprint(l)
	case *roster.Premium:
		p := *r
		p.Src = roster.Source{}
		return fingerprint(p)
	case *roster.PledgeFee:
		f := *r
		f.Src = roster.Source{}
		return fingerprint(f)
	case *roster.Award:
		a := *r
		a.Src = roster.Source{}
		return fingerprint(a)
	}
	return ""
}

// noteListed keeps the amount of an event row that is listed once it has
// been processed: nothing processed later changes the disposition of a row
// with an amount, so the reconciliation counts it if it stays listed.
func (e *engine) noteListed(kind roster.Kind, src roster.Source, row any) {
	a, cur, ok := amountOf(row)
	if !ok {
		return
	}
	ref := rowRef{kind: kind, file: src.File, row: src.Row}
	if d, marked := e.disp.get(ref); marked && d == dispListed {
		e.listed[ref] = listedRow{amount: a, currency: cur}
	}
}

// handle processes one event of the processing order.
func (e *engine) handle(files []string, rec []byte) error {
	if len(rec) == 0 {
		return errCorruptRow
	}
	kind := codeKind[rec[0]]
	if kind == roster.Enterprises {
		r := &rowDecoder{b: rec[1:]}
		i := r.int()
		if r.err != nil || len(r.b) != 1 || i < 0 || i >= len(e.in.Batch.Enterprises) {
			return errCorruptRow
		}
		if r.b[0] == 't' {
			e.tierGrowth(&e.in.Batch.Enterprises[i])
		} else {
			e.tierNational(&e.in.Batch.Enterprises[i])
		}
		return nil
	}
	row, err := decodeRow(kind, &rowDecoder{b: rec[1:], files: files})
	if err != nil {
		return err
	}
	switch r := row.(type) {
	case *roster.Grant:
		e.layout.grant(r)
	case *roster.LicensingPayment:
		e.licensing(r)
	case *roster.LitigationFee:
		e.litigation(r)
	case *roster.Premium:
		e.insurance(r)
	case *roster.PledgeFee:
		e.financing(r)
	case *roster.Award:
		e.award(r)
	}
	e.noteListed(kind, sourceOf(row), row)
	return nil
}
