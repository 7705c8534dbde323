package engine

import (
	"sort"

	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// RosterCount is the reconciliation of one roster (spec §1.3): rows read =
// line + counted + prior + listed.
type RosterCount struct {
	Kind    roster.Kind
	Read    int
	Line    int
	Counted int
	Prior   int
	Listed  int
	// Reference is true for enterprises and fx, whose rows are validated
	// but not reconciled as events; for enterprises Read is then the rows
	// with a growth tier or national title.
	Reference bool
	// Other is, for a reference roster, the rows that are neither listed
	// nor tier events.
	Other int
}

// Balanced reports whether the roster's rows all have one disposition.
func (c RosterCount) Balanced() bool {
	return c.Read == c.Line+c.Counted+c.Prior+c.Listed+c.Other
}

// Total is one row of the per-program or per-funder summary.
type Total struct {
	Key      string
	Lines    int
	Computed decimal.Decimal
	Payable  decimal.Decimal
	Held     decimal.Decimal // what its held lines would pay
}

// Reconciliation is the control of spec §1.3: every row in exactly one
// disposition, claimed = paid + capped-off, and the listed amounts.
type Reconciliation struct {
	Rosters   []RosterCount
	Claimed   decimal.Decimal
	Paid      decimal.Decimal
	CappedOff decimal.Decimal
	// Held is what held lines would pay (暂缓支付, their budget is spent):
	// claimed = paid + capped-off + held.
	Held decimal.Decimal
	// Listed amounts of listed rows by currency.
	Listed     map[string]decimal.Decimal
	ByProgram  []Total
	ByFunder   []Total
	PriorLines int
	// Problems says why the reconciliation does not balance (empty when it does).
	Problems []msg.Text
}

// Balanced reports whether every control passed.
func (r *Reconciliation) Balanced() bool { return len(r.Problems) == 0 }

func (e *engine) reconcile() Reconciliation {
	var rc Reconciliation
	rc.PriorLines = e.in.Prior.Len()
	counts := map[roster.Kind]*RosterCount{}
	for _, k := range roster.Kinds {
		counts[k] = &RosterCount{Kind: k, Read: e.rows.read[k], Reference: !roster.IsEvent(k)}
	}
	e.disp.each(func(ref rowRef, d disposition) {
		c := counts[ref.kind]
		switch d {
		case dispLine:
			c.Line++
		case dispCounted:
			c.Counted++
		case dispPrior:
			c.Prior++
		case dispListed:
			c.Listed++
		}
	})
	// Rows that failed to decode are listed too, once each however many
	// rejections they carry (the collector counted them as they came).
	for k, n := range e.rows.listedRows {
		counts[k].Listed += n
	}
	for _, k := range roster.Kinds {
		c := counts[k]
		if c.Reference {
			c.Other = c.Read - c.Line - c.Counted - c.Prior - c.Listed
			if c.Other < 0 {
				c.Other = 0
			}
		}
		if !c.Balanced() {
			rc.Problems = append(rc.Problems, msg.F("%s：读入 %d 行 ≠ 明细 %d + 计数 %d + 已付 %d + 拒绝 %d",
				"%s: %d rows read ≠ %d line + %d counted + %d prior + %d listed", k, c.Read, c.Line, c.Counted, c.Prior, c.Listed))
		}
		rc.Rosters = append(rc.Rosters, *c)
	}
	t := &e.totals
	rc.Claimed, rc.Paid, rc.CappedOff, rc.Held = t.claimed.decimal(), t.paid.decimal(), t.cappedOff.decimal(), t.held.decimal()
	if !rc.Claimed.Equal(rc.Paid.Add(rc.CappedOff).Add(rc.Held)) {
		rc.Problems = append(rc.Problems, msg.F("申报 %s ≠ 应付 %s + 限额扣减 %s + 暂缓 %s", "claimed %s ≠ paid %s + capped-off %s + held %s", rc.Claimed, rc.Paid, rc.CappedOff, rc.Held))
	}
	rc.ByProgram, rc.ByFunder = sortedTotals(t.byProgram), sortedTotals(t.byFunder)
	rc.Listed = e.listedAmounts()
	return rc
}

// lineTotals are the running totals of the lines recorded so far: what the
// reconciliation needs of them, so that the lines themselves need not be
// kept.
type lineTotals struct {
	claimed, paid, cappedOff, held fenSum
	byProgram, byFunder            map[string]*runningTotal
}

// runningTotal is a Total being summed.
type runningTotal struct {
	lines                   int
	computed, payable, held fenSum
}

func newLineTotals() lineTotals {
	return lineTotals{byProgram: map[string]*runningTotal{}, byFunder: map[string]*runningTotal{}}
}

// add counts one line; its capped-off amount is computed − payable − held.
func (t *lineTotals) add(l *ledger.Line) {
	t.claimed.add(l.Computed)
	t.paid.add(l.Payable)
	t.held.add(l.Held)
	t.cappedOff.add(l.Computed)
	t.cappedOff.sub(l.Payable)
	t.cappedOff.sub(l.Held)
	addTotal(t.byProgram, l.Program, l)
	addTotal(t.byFunder, l.Funder, l)
}

// addTotal counts a line into the total of key.
func addTotal(m map[string]*runningTotal, key string, l *ledger.Line) {
	t := m[key]
	if t == nil {
		t = &runningTotal{}
		m[key] = t
	}
	t.lines++
	t.computed.add(l.Computed)
	t.payable.add(l.Payable)
	t.held.add(l.Held)
}

func sortedTotals(m map[string]*runningTotal) []Total {
	out := make([]Total, 0, len(m))
	for key, t := range m {
		out = append(out, Total{Key: key, Lines: t.lines, Computed: t.computed.decimal(), Payable: t.payable.decimal(), Held: t.held.decimal()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// listedAmounts sums the amounts of the event rows listed by the engine,
// plus those of rows that failed to decode, by currency.
func (e *engine) listedAmounts() map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for cur, a := range e.rows.listedAmounts {
		out[cur] = a
	}
	for ref, l := range e.listed {
		if d, ok := e.disp.get(ref); ok && d == dispListed {
			out[l.currency] = out[l.currency].Add(l.amount)
		}
	}
	return out
}
