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
	g := &keyGroup{e: e, files: rows.files.names, order: rows.newSorter()}
	err := rows.byKey.Each(func(key, rec []byte) error {
		if gk := key[:len(key)-8]; !bytes.Equal(gk, g.key) {
			if err := g.settle(); err != nil {
				return err
			}
			g.key, g.arena, g.ends = append(g.key[:0], gk...), g.arena[:0], g.ends[:0]
		}
		g.arena = append(g.arena, rec...)
		g.ends = append(g.ends, len(g.arena))
		return nil
	})
	if err == nil {
		err = g.settle()
	}
	if err == nil {
		err = e.queueTiers(g.order)
	}
	if err != nil {
		return nil, err
	}
	return g.order, nil
}

// keyGroup is the group of pass-1 records that share a roster and a
// natural key, read one group at a time; the rows that stand go on to
// order, the processing order.
type keyGroup struct {
	e     *engine
	files []string
	order RowSorter
	key   []byte // pass-1 key of the group without the row order
	arena []byte // the records sharing it, back to back
	ends  []int  // where each record ends in arena
	key2  rowEncoder
	rec2  []byte
}

// settle queues the group's row when it is alone; otherwise it lists the
// rows duplicate_row or conflicting_row (settleGroup) and queues the first
// when it stands.
func (g *keyGroup) settle() error {
	if len(g.ends) == 0 {
		return nil
	}
	kind, nk := codeKind(g.key[0]), g.key[1:]
	if len(g.ends) == 1 {
		return g.queue(kind, nk, g.arena)
	}
	rows := make([]roster.Event, len(g.ends))
	srcs := make([]roster.Source, len(g.ends))
	for i, end := range g.ends {
		start := 0
		if i > 0 {
			start = g.ends[i-1]
		}
		_, _, body, err := splitRecord(g.arena[start:end])
		if err != nil {
			return err
		}
		if rows[i] = roster.NewEvent(kind); rows[i] == nil {
			return errCorruptRow
		}
		if err := decodeInto(rows[i], &rowDecoder{b: body, files: g.files}); err != nil {
			return err
		}
		srcs[i] = rows[i].Source()
	}
	key, _ := readOrdered(nk)
	stands := g.e.settleGroup(kind, rows[0].Key().Columns, key, srcs, func(i int) string { return content(rows[i]) })
	for _, row := range rows {
		g.e.noteListed(row)
	}
	if stands {
		return g.queue(kind, nk, g.arena[:g.ends[0]])
	}
	return nil
}

// queue adds a standing pass-1 record to the processing order, keyed by
// event date, natural key, roster and row order; the record is the
// roster's code and the row.
func (g *keyGroup) queue(kind roster.Kind, nk []byte, rec []byte) error {
	seq, d, body, err := splitRecord(rec)
	if err != nil {
		return err
	}
	g.key2.b = binary.BigEndian.AppendUint32(g.key2.b[:0], uint32(int32(d))^1<<31)
	g.key2.b = append(g.key2.b, nk...)
	g.key2.b = appendOrdered(g.key2.b, string(kind))
	g.key2.b = binary.BigEndian.AppendUint64(g.key2.b, seq)
	g.rec2 = append(append(g.rec2[:0], kindCode(kind)), body...)
	return g.order.Add(g.key2.b, g.rec2)
}

// splitRecord splits a pass-1 record (see Rows.addEvent) into the row's
// order, its event date and the encoded row.
func splitRecord(rec []byte) (seq uint64, d value.Date, body []byte, err error) {
	seq, n := binary.Uvarint(rec)
	if n <= 0 {
		return 0, 0, nil, errCorruptRow
	}
	day, m := binary.Varint(rec[n:])
	if m <= 0 {
		return 0, 0, nil, errCorruptRow
	}
	return seq, value.Date(day), rec[n+m:], nil
}

// queueTiers queues the tier programs from the enterprise roster (spec
// §1.3: reconciled for the tier programs only). An enterprise's rows were
// validated by indexEnterprises; its tier and title are events of their
// own.
func (e *engine) queueTiers(order RowSorter) error {
	for i := range e.ref.Enterprises {
		en := &e.ref.Enterprises[i]
		if s, ok := e.ents[en.USCC]; !ok || s.Enterprise != en {
			continue
		}
		var rec rowEncoder
		rec.int(i)
		if en.Tier == "growth" {
			if err := e.queueTier(order, en.TierDate.D, joinKey("tier.growth", en.USCC), append(rec.b, 't'), i); err != nil {
				return err
			}
		}
		if en.NationalTitle != "" {
			if err := e.queueTier(order, en.TitleDate.D, joinKey("tier.national_"+en.NationalTitle, en.USCC), append(rec.b, 'n'), i); err != nil {
				return err
			}
		}
	}
	return nil
}

// queueTier queues a tier event of enterprise row i.
func (e *engine) queueTier(order RowSorter, d value.Date, key string, rec []byte, i int) error {
	k := binary.BigEndian.AppendUint32(nil, uint32(int32(d))^1<<31)
	k = appendOrdered(k, key)
	k = appendOrdered(k, string(roster.Enterprises))
	k = binary.BigEndian.AppendUint64(k, uint64(i))
	return order.Add(k, append([]byte{kindCode(roster.Enterprises)}, rec...))
}

// noteListed keeps the amount of an event row that is listed once it has
// been processed: nothing processed later changes the disposition of a row
// with an amount, so the reconciliation counts it if it stays listed.
func (e *engine) noteListed(ev roster.Event) {
	a, cur, ok := ev.Claim()
	if !ok {
		return
	}
	src := ev.Source()
	ref := rowRef{kind: ev.Roster(), file: src.File, row: src.Row}
	if d, marked := e.disp.get(ref); marked && d == dispListed {
		e.listed[ref] = listedRow{amount: a, currency: cur}
	}
}

// handle processes one event of the processing order: a tier event of
// the enterprise roster, or an event row, which goes to its program (the
// engine is the rosters' roster.Handler).
func (e *engine) handle(rec []byte) error {
	if len(rec) == 0 {
		return errCorruptRow
	}
	kind := codeKind(rec[0])
	if kind == roster.Enterprises {
		return e.handleTier(rec[1:])
	}
	ev := roster.NewEvent(kind)
	if ev == nil {
		return errCorruptRow
	}
	e.dec = rowDecoder{b: rec[1:], files: e.rows.files.names}
	if err := decodeInto(ev, &e.dec); err != nil {
		return err
	}
	ev.Handle(e)
	e.noteListed(ev)
	return nil
}

// handleTier processes a tier event: the growth tier ('t') or national
// title ('n') of an enterprise row, by its index.
func (e *engine) handleTier(rec []byte) error {
	r := &rowDecoder{b: rec}
	i := r.int()
	if r.err != nil || len(r.b) != 1 || i < 0 || i >= len(e.ref.Enterprises) {
		return errCorruptRow
	}
	if r.b[0] == 't' {
		e.tierGrowth(&e.ref.Enterprises[i])
	} else {
		e.tierNational(&e.ref.Enterprises[i])
	}
	return nil
}
