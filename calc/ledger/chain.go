package ledger

import (
	"slices"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// capState is what the prior index keeps of one cap key: what the prior
// lines paid under it, the latest event date, and for each prior ledger
// (set) that holds lines of the key the chain of its lines (see
// checkChain).
type capState struct {
	used   priorAmount
	latest value.Date
	sets   []chainEntry // in the order the sets were read
}

// chainEntry is the lines of one cap key in one prior ledger: the
// cap_used_before of its first line, the sum of their payable amounts, and
// whether the first line's cap_used_before is not a sum of lines (a 登峰
// acceptance flagged review:no_approval counts an approval assumed paid).
type chainEntry struct {
	set       int32
	assumed   bool
	firstLine uint32 // the first line's number in the index, to name it
	first     priorAmount
	sum       priorAmount
}

// FlagNoApproval marks a 登峰 acceptance computed as if the approval
// amount had been paid (spec §4.2): its cap_used_before counts that
// amount, which no prior line holds.
const FlagNoApproval = "review:no_approval"

// hasFlag reports whether the line carries flag f.
func (l *Line) hasFlag(f string) bool {
	for _, x := range l.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// StatusOf names a line's status from its computed and payable amounts:
// zero when nothing is payable, capped when a cap, ceiling or limit
// reduced it, paid otherwise.
func StatusOf(computed, payable decimal.Decimal) string {
	switch {
	case payable.IsZero():
		return StatusZero
	case payable.LessThan(computed):
		return StatusCapped
	default:
		return StatusPaid
	}
}

// halfFen is the most a computed amount may differ from basis × rate: the
// rounding to the fen.
var halfFen = decimal.New(5, -3)

// ProgramDengfengAcceptance is the one program whose payable may be less
// than what its cap leaves: the 登峰 acceptance, reduced by the 200 %
// co-investment rule (81 六(一), spec §4.2).
const ProgramDengfengAcceptance = "dengfeng.acceptance"

// CheckArithmetic verifies a ledger line's own arithmetic, as a prior
// ledger must hold it whether or not a manifest vouches for the file (an
// edit made in a spreadsheet shows here): no amount or rate (no numeric
// column of LineColumns) is negative; computed is basis_cny × rate to the
// fen; payable is computed, or under a cap the lesser of computed and what
// the cap had left (cap_limit − cap_used_before, or nothing) — a 登峰
// acceptance at most that; the status is the one the amounts give
// (StatusOf). It returns the column at fault and why, or ok.
func (l *Line) CheckArithmetic() (column string, why msg.Text, ok bool) {
	for i := range LineColumns {
		if c := &LineColumns[i]; c.Numeric() {
			if v := *c.Decimal(l); v.IsNegative() {
				return c.Name, msg.F("%s 为负数 %s", "%s is negative (%s)", c.Name, value.FormatGrouped(v)), false
			}
		}
	}
	g := value.FormatGrouped
	if l.Status == StatusHeld {
		if !l.Payable.IsZero() {
			return "payable", msg.F("暂缓支付的明细应付金额应为 0，实为 %s", "a held line pays nothing now, but its payable is %s", g(l.Payable)), false
		}
		return "", msg.Text{}, true
	}
	if d := l.BasisCNY.Mul(l.Rate).Sub(l.Computed).Abs(); d.GreaterThan(halfFen) {
		return "computed", msg.F("计算金额 %s 不等于计算基数 %s × 比例 %s（四舍五入到分）",
			"computed %s is not basis_cny %s × rate %s to the fen", g(l.Computed), g(l.BasisCNY), l.Rate), false
	}
	want := l.Computed
	if l.HasCap {
		want = decimal.Min(l.Computed, decimal.Max(decimal.Zero, l.CapLimit.Sub(l.CapUsedBefore)))
	}
	switch {
	case l.Program == ProgramDengfengAcceptance && l.Payable.GreaterThan(want):
		return "payable", msg.F("应付金额 %s 超过计算金额与限额余额中的较小者 %s",
			"payable %s exceeds the lesser of computed and what the cap had left, %s", g(l.Payable), g(want)), false
	case l.Program != ProgramDengfengAcceptance && !l.Payable.Equal(want):
		return "payable", msg.F("应付金额 %s 不等于计算金额与限额余额中的较小者 %s（计算 %s，限额 %s − 此前已用 %s）",
			"payable %s is not the lesser of computed and what the cap had left, %s (computed %s, cap %s − %s used before)",
			g(l.Payable), g(want), g(l.Computed), g(l.CapLimit), g(l.CapUsedBefore)), false
	}
	if want := StatusOf(l.Computed, l.Payable); l.Status != want {
		return "status", msg.F("状态为 %s，但计算金额 %s、应付金额 %s 对应的状态是 %s",
			"status is %s but computed %s and payable %s make it %s", l.Status, g(l.Computed), g(l.Payable), want), false
	}
	return "", msg.Text{}, true
}

// chain adds line l of set set (name) to the chain of its cap key st. In
// one ledger the lines of a cap key follow each other: each line's
// cap_used_before is the first line's plus the payable amounts of the
// lines before it. A line that breaks the chain shows that a line before
// it was removed or an amount edited: a *PriorError.
func (b *PriorBuilder) chain(st *capState, set int, name string, l *Line, i uint32) error {
	var e *chainEntry
	if n := len(st.sets); n > 0 && st.sets[n-1].set == int32(set) {
		e = &st.sets[n-1]
	}
	if e == nil {
		st.sets = append(st.sets, chainEntry{set: int32(set), assumed: l.hasFlag(FlagNoApproval), first: amountOf(l.CapUsedBefore),
			sum: amountOf(l.Payable), firstLine: i})
		return nil
	}
	if want := e.first.decimal().Add(e.sum.decimal()); !l.hasFlag(FlagNoApproval) && !l.CapUsedBefore.Equal(want) && !e.assumed {
		return &PriorError{Msg: msg.F(
			"已发放明细 %[1]s 中明细编号 %[2]s 的此前已用为 %[3]s，而同一限额键 %[4]s 在它之前各行的应付合计为 %[5]s：该明细被改动过（删除了行或改了金额），不能作为已发放的账使用；请使用运行写出的原文件",
			"prior ledger %[1]s: line %[2]s has %[3]s used before under cap key %[4]s, but the lines before it under that key add up to %[5]s: the ledger was edited (a line removed or an amount changed) and cannot be used as the record of what was paid; pass the file as the run wrote it",
			name, l.LineID, value.FormatGrouped(l.CapUsedBefore), l.CapKey, value.FormatGrouped(want))}
	}
	e.sum = e.sum.plus(l.Payable)
	return nil
}

// Check verifies the prior ledgers against each other, once every line is
// added: under each cap key, what a ledger's first line says had been used
// before it must be held by the prior ledgers of its period or earlier
// (other than itself). When it is not, a ledger that paid under the key is
// missing from --prior (or lines were removed), and the caps of this run would
// start from too little: a *PriorError naming the key, the ledger and the
// amounts.
func (b *PriorBuilder) Check() error {
	keys := make([]string, 0, len(b.p.caps))
	for key, st := range b.p.caps {
		for _, e := range st.sets {
			if !e.assumed && !e.first.decimal().IsZero() {
				keys = append(keys, key)
				break
			}
		}
	}
	slices.Sort(keys) // the first problem in a fixed order
	for _, key := range keys {
		st := b.p.caps[key]
		for _, e := range st.sets {
			if e.assumed || e.first.decimal().IsZero() {
				continue
			}
			period := b.periods[e.set]
			held := decimal.Zero
			for _, o := range st.sets {
				if o.set != e.set && b.periods[o.set] <= period {
					held = held.Add(o.sum.decimal())
				}
			}
			if first := e.first.decimal(); first.GreaterThan(held) {
				return &PriorError{Msg: msg.F(
					"已发放明细 %[1]s（%[2]s 批次）的明细编号 %[3]s 记载限额键 %[4]s 此前已用 %[5]s，但 --prior 给出的该批次及以前的明细中只有 %[6]s：缺少支付过该限额的明细，或明细中的行被删去了（请把以前各月的明细原文件都放进 --prior，例如整个明细文件夹），否则本次的限额会少算已付金额",
					"prior ledger %[1]s (batch %[2]s), line %[3]s, records %[5]s used before under cap key %[4]s, but the prior ledgers of that batch or earlier hold only %[6]s: a ledger that paid under the cap is missing from --prior, or lines were removed from one (pass every earlier month's ledger as the run wrote it, e.g. the whole ledger folder); otherwise this run's caps would count too little as paid",
					b.sets[e.set], period, b.p.idOf(e.firstLine), key, value.FormatGrouped(first), value.FormatGrouped(held))}
			}
		}
	}
	return nil
}
