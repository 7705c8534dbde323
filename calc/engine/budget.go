package engine

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// budgetKey names one budget: a fund year, a funder ("city" or a
// district code) and a program id or "*" for the funder's whole fund.
type budgetKey struct {
	year            int
	funder, program string
}

// budget is one budget row and what this batch has used of it.
type budget struct {
	amount decimal.Decimal
	used   fenSum
	ref    string
}

// indexBudgets validates the budget roster (a reference roster, issue
// 16): one row per year, funder and program (duplicates and conflicts
// listed), a funder the policy knows (city, or a district by code or
// name), a program of the policy, "dengfeng" (both stages) or "*".
func (e *engine) indexBudgets() {
	rows := e.ref.Budgets
	ks := make([]keyed, len(rows))
	for i := range rows {
		r := rows[i]
		r.Src = roster.Source{}
		ks[i] = keyed{key: joinKey(strconv.Itoa(rows[i].Year), rows[i].Funder, rows[i].Program), fp: fingerprint(r), src: rows[i].Src}
	}
	ok := e.dedup(roster.Budgets, ks, "year+funder+program")
	e.budgets = map[budgetKey]*budget{}
	for i := range rows {
		r := &rows[i]
		if !ok[i] {
			continue
		}
		funder := "city"
		if f := r.Funder; f != "city" && f != "市级" && f != "苏州市" {
			d, found := e.pol.District(f)
			if !found {
				e.reject(roster.Budgets, r.Src, "funder", f, "unknown_district", msg.F(
					"出资方“%s”应为 city（市级）或政策所列的区县", "funder %q is neither city nor a district the policy knows", f))
				continue
			}
			funder = d.Code
		}
		if _, known := e.pol.Programs[r.Program]; r.Program != "*" && r.Program != "dengfeng" && !known {
			e.reject(roster.Budgets, r.Src, "program", r.Program, "unknown_program", msg.F(
				"项目“%s”不是政策中的项目代码，也不是 *（出资方的全部项目）", "program %q is neither a program of the policy nor * (all the funder's programs)", r.Program))
			continue
		}
		e.budgets[budgetKey{r.Year, funder, r.Program}] = &budget{amount: r.Amount, ref: r.Reference}
	}
}

// budgetsOf are the budgets a line of program and funder draws on in the
// batch's fund year: the program's own (a 登峰 stage's, "dengfeng", for
// both stages) and the funder's whole fund.
func (e *engine) budgetsOf(program, funder string) (keys []budgetKey) {
	year, _ := strconv.Atoi(e.in.Period[:4])
	names := []string{program, "*"}
	if strings.HasPrefix(program, "dengfeng.") {
		names = append(names, "dengfeng")
	}
	for _, p := range names {
		if _, ok := e.budgets[budgetKey{year, funder, p}]; ok {
			keys = append(keys, budgetKey{year, funder, p})
		}
	}
	return keys
}

// holdForBudget holds a line (status held, nothing payable now, the amount
// in Held) when paying it would take one of its budgets past its amount:
// a special fund is never overspent (81 六(一), 136 四(二)). Lines are
// held whole, in processing order (event date); a held line is not a
// payment, so a later batch with the budget raised pays it, and budgets
// are used by what prior ledgers paid in the same fund year. Otherwise the
// line's payable is counted as used.
func (e *engine) holdForBudget(l *ledger.Line) {
	if len(e.budgets) == 0 || !l.Payable.IsPositive() {
		return
	}
	keys := e.budgetsOf(l.Program, l.Funder)
	for _, k := range keys {
		b := e.budgets[k]
		used := e.in.Prior.BudgetUsed(k.year, k.funder, k.program).Add(b.used.decimal())
		if left := b.amount.Sub(used); l.Payable.GreaterThan(left) {
			what := msg.T(k.program, k.program)
			if k.program == "*" {
				what = msg.T("全部项目", "all programs")
			}
			l.Note = msg.Join([]msg.Text{l.Note, msg.F(
				"%[1]d 年%[2]s预算（%[3]s）%[4]s 已用 %[5]s，余额 %[6]s 不足 %[7]s：暂缓支付，待预算调增后由以后的批次支付",
				"the %[1]d budget of %[8]s for %[9]s (%[3]s) is %[4]s, %[5]s used, %[6]s left: %[7]s held until the budget is raised; a later batch pays it",
				k.year, what, b.ref, value.FormatGrouped(b.amount), value.FormatGrouped(used), value.FormatGrouped(left),
				value.FormatGrouped(l.Payable), k.funder, what)}, "；", "; ")
			l.Held, l.Payable, l.Status = l.Payable, decimal.Zero, ledger.StatusHeld
			return
		}
	}
	for _, k := range keys {
		e.budgets[k].used.add(l.Payable)
	}
}
