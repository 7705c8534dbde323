// Package engine computes one batch (spec §1, §4): from parsed rosters, the
// policy and the prior ledgers to ledger lines, rejections and the
// reconciliation. It is pure: no file I/O, no clock, it never exits; every
// outcome is in the returned Result.
package engine

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/fx"
	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// Input is the data of one batch.
type Input struct {
	// Period is the batch month, YYYY-MM.
	Period string
	Policy *policy.Policy
	// Rows are the batch's rosters, collected as they were read.
	Rows  *Rows
	Prior *ledger.Prior
}

// Options are how a batch runs and where its outputs go; the zero
// Options collect every output in the Result.
type Options struct {
	// AcceptPossibleDuplicates pays a row that resembles a prior line
	// under another natural key (see possibleDuplicate), flagged
	// review:possible_duplicate, instead of listing it.
	AcceptPossibleDuplicates bool
	// Lines, when set, receives every ledger line as it is finished, in
	// ledger order, and Result.Lines stays empty: a large batch is
	// written out instead of held.
	Lines LineSink
	// NoteLang, "zh" or "en", is the one language the notes of the
	// lines are read in, when Lines writes them in one: the other is left
	// empty, never formatted (msg.FIn). Empty: notes in both, as the
	// lines collected in the Result have them.
	NoteLang string
	// Rejections, when set, receives the rejections, those of the
	// records that did not decode first among equals, and
	// Result.Rejections stays empty; until the end of the batch they are
	// sorted in a RowSorter of Input.Rows.
	Rejections RejectionSink
}

// RejectionSink receives the rejections of a batch one at a time, in the
// order of the rejections file (file, row, column; ties in the order they
// arose), after the last line. The rejection is the sink's to read during
// the call only. An error stops the batch: Run returns it.
type RejectionSink interface {
	Rejection(r *ledger.Rejection) error
}

// LineSink receives the ledger lines of a batch one at a time, in the
// order the ledger lists them. The line is the sink's to read during the
// call only. An error stops the batch: Run returns it.
type LineSink interface {
	Line(l *ledger.Line) error
}

// Result is the outcome of a batch.
type Result struct {
	// Lines are the ledger lines in ledger order; empty when
	// Options.Lines received them.
	Lines []ledger.Line
	// LineCount is the number of ledger lines, collected or sunk.
	LineCount int
	// RejectionCount and DataRejections are the number of rejections,
	// collected or sunk, and of those of class data.
	RejectionCount, DataRejections int
	Rejections                     []ledger.Rejection
	Recon                          Reconciliation
	// Counted maps "file:row" of each counted row to the line it counts
	// toward, when the lines are collected (explain reads both); empty
	// when Options.Lines received them.
	Counted map[string]string
	// Late are new lines whose event date precedes a prior line under the
	// same cap key (spec §8: rows that arrive after later rows were paid).
	Late []string
	// Floors are the yearly minimums of supported recipients the batch's
	// lines fall under (see Floor).
	Floors []Floor
	// YearCounts are the yearly counts toward threshold lines still short
	// of their threshold (spec §4.3a 5): the run keeps them beside its
	// ledger (the manifest's counted section) for the next batch's prior.
	YearCounts []ledger.YearCount
}

// ParsePeriod checks a period "YYYY-MM" and returns its last day.
func ParsePeriod(p string) (value.Date, error) {
	t, err := time.Parse("2006-01", p)
	if err != nil || len(p) != 7 {
		return 0, fmt.Errorf("period %q is not YYYY-MM", p)
	}
	return value.MonthEnd(t.Year(), t.Month()), nil
}

// disposition of a row (spec §1.3), in order of precedence.
type disposition int

const (
	dispLine disposition = iota
	dispCounted
	dispPrior
	dispListed
	dispNone
)

// rowRef identifies a roster row.
type rowRef struct {
	kind roster.Kind
	file string
	row  int
}

// fileRef is one roster file.
type fileRef struct {
	kind roster.Kind
	file string
}

// maxDenseRow bounds the rows kept in a file's dense slice (an XLSX sheet
// has at most 1,048,576); rows beyond it, or below 0, go to a map.
const maxDenseRow = 1 << 22

// dispositions holds the disposition of every row marked so far: per file a
// slice indexed by row number, one byte a row (disposition + 1; 0 = not
// marked), so that a million rows cost a megabyte rather than a map entry
// each.
type dispositions struct {
	files map[fileRef][]uint8
	other map[rowRef]disposition
}

func newDispositions() dispositions {
	return dispositions{files: map[fileRef][]uint8{}, other: map[rowRef]disposition{}}
}

// get returns the disposition of a row and whether it has one.
func (ds *dispositions) get(ref rowRef) (disposition, bool) {
	if ref.row < 0 || ref.row >= maxDenseRow {
		d, ok := ds.other[ref]
		return d, ok
	}
	s := ds.files[fileRef{ref.kind, ref.file}]
	if ref.row >= len(s) || s[ref.row] == 0 {
		return 0, false
	}
	return disposition(s[ref.row] - 1), true
}

// set records the disposition of a row.
func (ds *dispositions) set(ref rowRef, d disposition) {
	if ref.row < 0 || ref.row >= maxDenseRow {
		ds.other[ref] = d
		return
	}
	f := fileRef{ref.kind, ref.file}
	s := ds.files[f]
	if ref.row >= len(s) {
		s = slices.Grow(s, ref.row+1-len(s))
		s = s[:cap(s)]
		ds.files[f] = s
	}
	s[ref.row] = uint8(d) + 1
}

// each calls fn for every marked row.
func (ds *dispositions) each(fn func(ref rowRef, d disposition)) {
	for f, s := range ds.files {
		for row, v := range s {
			if v != 0 {
				fn(rowRef{kind: f.kind, file: f.file, row: row}, disposition(v-1))
			}
		}
	}
	for ref, d := range ds.other {
		fn(ref, d)
	}
}

type engine struct {
	in        Input
	opt       Options
	ref       *roster.Batch // the reference rows
	dec       rowDecoder    // of the event being handled
	pol       *policy.Policy
	mode      string
	periodEnd value.Date
	fx        *fx.Table
	ents      map[string]*subject
	entProb   map[string]msg.Text
	capBatch  map[string]*fenSum // what this batch's lines paid under a cap key
	countUsed map[string]int
	holders   map[string]bool // CountKey|recipient of the recipients holding a place (count_scope recipient)
	disp      dispositions
	lines     []ledger.Line
	nLines    int
	sinkErr   error
	totals    lineTotals
	floors    floorTally
	nRejs     int // rejections the engine made
	nData     int // of class data
	late      []string
	layout    *layoutState
	rows      *Rows
	listed    map[rowRef]listedRow
	counted   map[string]string
	projects  map[string]*dengfengProject
	versions  map[*policy.Version]string // policy_version text of each version
	budgets   map[budgetKey]*budget
}

// Run computes one batch.
func Run(in Input, opt Options) (*Result, error) {
	end, err := ParsePeriod(in.Period)
	if err != nil {
		return nil, err
	}
	if err := in.Rows.Check(); err != nil {
		return nil, err
	}
	rows := in.Rows
	e := &engine{in: in, opt: opt, ref: &rows.dec.Batch, rows: rows, pol: in.Policy, mode: in.Policy.Rounding, periodEnd: end,
		capBatch: map[string]*fenSum{}, countUsed: map[string]int{}, holders: map[string]bool{},
		disp: newDispositions(), totals: newLineTotals(), floors: floorTally{}, counted: map[string]string{}, listed: map[rowRef]listedRow{}, versions: map[*policy.Version]string{}}
	if err := e.checkRecipientCounts(); err != nil {
		return nil, err
	}
	if rows.sinkErr != nil {
		return nil, rows.sinkErr
	}
	e.indexEnterprises()
	e.indexFX()
	e.indexBudgets()
	order, err := e.collectEvents(rows)
	if err != nil {
		return nil, err
	}
	e.layout = newLayoutState(e, rows)
	if opt.Lines == nil {
		e.lines = make([]ledger.Line, 0, rows.n+rows.n/16+16)
	}
	err = order.Each(func(_, rec []byte) error {
		if err := e.handle(rec); err != nil {
			return err
		}
		return e.sinkErr
	})
	if err != nil {
		return nil, err
	}
	if err := e.layout.finish(); err != nil {
		return nil, err
	}
	if e.sinkErr != nil {
		return nil, e.sinkErr
	}
	return e.result()
}

// result is the outcome of the batch once every event is processed.
func (e *engine) result() (*Result, error) {
	res := &Result{Lines: e.lines, LineCount: e.nLines, Late: e.late, Counted: e.counted, Floors: e.floorsOf(), YearCounts: e.layout.trace()}
	res.Recon = e.reconcile()
	if e.opt.Rejections == nil {
		err := e.rows.rejs.each(func(r *ledger.Rejection) error {
			res.Rejections = append(res.Rejections, *r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	} else if err := e.sinkRejections(); err != nil {
		return nil, err
	}
	res.RejectionCount, res.DataRejections = e.nRejs+e.rows.nListed, e.nData+e.rows.nListedData
	return res, nil
}

// mark records a row's disposition, keeping the first in precedence order.
func (e *engine) mark(src roster.Source, kind roster.Kind, d disposition) {
	ref := rowRef{kind: kind, file: src.File, row: src.Row}
	if old, ok := e.disp.get(ref); !ok || d < old {
		e.disp.set(ref, d)
	}
}

// count marks a row counted toward the line id (spec §1.3 "counted").
func (e *engine) count(src roster.Source, kind roster.Kind, id string) {
	e.mark(src, kind, dispCounted)
	if e.opt.Lines == nil {
		e.counted[src.File+":"+strconv.Itoa(src.Row)] = id
	}
}

// reject lists a row with a code (class from the code) and marks it listed.
func (e *engine) reject(kind roster.Kind, src roster.Source, column, val, code string, m msg.Text) {
	r := &ledger.Rejection{File: src.File, Row: src.Row, Column: column, Value: val,
		Code: code, Class: ledger.ClassOf(code), Message: m, ColumnZh: roster.ColumnZh(kind, column)}
	if typed, ok := src.TypedOf(column); ok && typed != val {
		r.Typed = typed
	}
	e.keepRejection(r)
	e.mark(src, kind, dispListed)
}

// keepRejection keeps a rejection the engine made: sorted, after the rows
// that did not decode, into the rejections file's order.
func (e *engine) keepRejection(r *ledger.Rejection) {
	e.nRejs++
	if r.Class == ledger.ClassData {
		e.nData++
	}
	if err := e.rows.rejs.add(r); err != nil && e.sinkErr == nil {
		e.sinkErr = err
	}
}

// sinkRejections hands the sorted rejections to the sink.
func (e *engine) sinkRejections() error {
	return e.rows.rejs.each(e.opt.Rejections.Rejection)
}

// keyed is a row of a reference roster (enterprises, fx) with its natural
// key and a fingerprint of its content, for duplicate and conflict
// detection (spec §3 "Natural keys"); the event rosters are settled as
// they come out of their first RowSorter (collectEvents).
type keyed struct {
	key string
	fp  string
	src roster.Source
}

// dedup returns which rows stand: a row identical to an earlier one is
// listed duplicate_row and the first stands; rows that share a key but
// differ are all listed conflicting_row, so the outcome does not depend on
// row order (see settleGroup).
func (e *engine) dedup(kind roster.Kind, rows []keyed, keyCols string) []bool {
	ok := make([]bool, len(rows))
	first := make(map[string]int, len(rows))
	var groups map[string][]int // keys given by more than one row
	for i, r := range rows {
		j, seen := first[r.key]
		if !seen {
			first[r.key] = i
			ok[i] = true
			continue
		}
		if groups == nil {
			groups = map[string][]int{}
		}
		if groups[r.key] == nil {
			groups[r.key] = []int{j}
		}
		groups[r.key] = append(groups[r.key], i)
	}
	for _, idx := range groups {
		for _, i := range idx {
			ok[i] = false
		}
		sort.Slice(idx, func(a, b int) bool { return rows[idx[a]].src.Row < rows[idx[b]].src.Row })
		srcs := make([]roster.Source, len(idx))
		for n, i := range idx {
			srcs[n] = rows[i].src
		}
		ok[idx[0]] = e.settleGroup(kind, keyCols, rows[idx[0]].key, srcs, func(n int) string { return rows[idx[n]].fp })
	}
	return ok
}

// settleGroup lists the rows srcs (in row order) that share a natural
// key: all conflicting_row when they differ (fp(i) is the content of row
// i without its source), else all but the first duplicate_row. It reports
// whether the first stands.
func (e *engine) settleGroup(kind roster.Kind, keyCols, key string, srcs []roster.Source, fp func(i int) string) bool {
	conflict := false
	fp0 := fp(0)
	for i := 1; i < len(srcs); i++ {
		if fp(i) != fp0 {
			conflict = true
		}
	}
	if conflict {
		var where []string
		for _, src := range srcs {
			where = append(where, fmt.Sprint(src.Row))
		}
		for _, src := range srcs {
			e.reject(kind, src, keyCols, key, "conflicting_row", msg.F(
				"第 %[1]s 行的 %[3]s 相同但内容不同，均不予支付，请核对后只保留正确的一行",
				"rows %[2]s share %[3]s but differ; none is paid until the roster keeps only the right one",
				strings.Join(where, "、"), strings.Join(where, ", "), keyCols))
		}
		return false
	}
	for _, src := range srcs[1:] {
		e.reject(kind, src, keyCols, key, "duplicate_row", msg.F(
			"与第 %d 行完全相同，按该行处理", "identical to row %d, which stands", srcs[0].Row))
	}
	return true
}

func joinKey(parts ...string) string { return strings.Join(parts, "|") }

func fingerprint(v any) string { return fmt.Sprintf("%+v", v) }

// futureDated lists a row dated after the period's last day.
func (e *engine) futureDated(kind roster.Kind, src roster.Source, column string, d value.Date) bool {
	if d <= e.periodEnd {
		return false
	}
	e.reject(kind, src, column, d.String(), "future_dated", msg.F(
		"日期 %s 晚于本批次（%s）最后一天 %s，请在以后的批次中处理",
		"date %s is after the last day of the batch period %s (%s); it belongs to a later batch",
		d, e.in.Period, e.periodEnd))
	return true
}

// version returns the program version in force on d, or lists the row
// no_policy.
func (e *engine) version(kind roster.Kind, src roster.Source, column, program string, d value.Date) (*policy.Program, *policy.Version, bool) {
	if p, v, ok := e.versionQuiet(program, d); ok {
		return p, v, true
	}
	e.reject(kind, src, column, d.String(), "no_policy", msg.F(
		"%s 没有在 %s 有效的政策版本（%s）", "no version of %s is in force on %s (%s)", program, d, e.pol.ID))
	return nil, nil, false
}

// versionQuiet returns the version in force without listing anything.
func (e *engine) versionQuiet(program string, d value.Date) (*policy.Program, *policy.Version, bool) {
	p, ok := e.pol.Programs[program]
	if !ok {
		return nil, nil, false
	}
	v, ok := p.VersionAt(d)
	return p, v, ok
}

// num returns a numeric parameter; the policy loader guarantees it exists.
func num(v *policy.Version, name, district string) (decimal.Decimal, *policy.Param) {
	p, ok := v.Param(name, district)
	if !ok {
		return decimal.Zero, &policy.Param{Name: name}
	}
	return p.Number, p
}

// newLine starts a ledger line for a program version.
func (e *engine) newLine(p *policy.Program, v *policy.Version, id string, d value.Date, src roster.Source, kind roster.Kind, key string) ledger.Line {
	return ledger.Line{LineID: id, Period: e.in.Period, Program: p.ID, ProgramName: p.Name,
		Clause: p.Clause, PolicyVersion: e.policyVersion(v), EventDate: d,
		Source: src.File + ":" + strconv.Itoa(src.Row) + " " + key}
}

// policyVersion is a line's policy_version, "<policy id>@<version>",
// built once per version.
func (e *engine) policyVersion(v *policy.Version) string {
	pv, ok := e.versions[v]
	if !ok {
		pv = e.pol.ID + "@" + v.Version
		e.versions[v] = pv
	}
	return pv
}

// SplitPolicyVersion splits a line's policy_version (see policyVersion)
// into the policy id and the program version.
func SplitPolicyVersion(pv string) (policyID, version string) {
	policyID, version, _ = strings.Cut(pv, "@")
	return policyID, version
}

// ForeignPolicy returns the id of the policy a prior line was written
// under when it is not pol: a batch takes prior ledgers of another policy
// only when told to (--allow-policy-change, spec §8).
func ForeignPolicy(pol *policy.Policy, l *ledger.Line) (string, bool) {
	id, _ := SplitPolicyVersion(l.PolicyVersion)
	return id, id != pol.ID
}

// funderOf is "city" or the recipient's district for district-funded
// programs (spec §4.1 Funders).
func funderOf(p *policy.Program, district string) string {
	if p.Funder == "district" {
		return district
	}
	return "city"
}

// checkPrior decides whether a line already stands in a prior ledger: it
// returns true when the row is done (prior, or listed
// changed_after_payment).
func (e *engine) checkPrior(kind roster.Kind, src roster.Source, id string, basis decimal.Decimal, column string) bool {
	pl, ok := e.in.Prior.Line(id)
	if !ok {
		return false
	}
	if !pl.BasisCNY.Equal(basis) {
		e.reject(kind, src, column, value.FormatPlain(basis), "changed_after_payment", msg.F(
			"该事项已在 %s 批次按基数 %s 元支付（%s），现基数为 %s 元；已付款项不再重算，请核实后另行处理",
			"this event was paid in batch %s on a basis of %s (%s); the basis is now %s. A paid line is never recomputed: check and handle it separately",
			pl.Period, value.FormatGrouped(pl.BasisCNY), id, value.FormatGrouped(basis)))
		return true
	}
	e.mark(src, kind, dispPrior)
	return true
}

// possibleDuplicate is the defence in depth behind canonical keys (issue
// 11), for the rosters whose amount is the row's own (licensing,
// litigation, insurance, financing, awards — not grants, where many rows
// rightly share a date and a fixed amount): a row with a new natural key
// whose recipient, program, event date and CNY basis equal a prior line's
// may be that event written again with its number retyped. Unless
// AcceptPossibleDuplicates, it is listed possible_duplicate (done is
// true); with it, the row is paid and its line is flagged with the
// returned flag.
func (e *engine) possibleDuplicate(kind roster.Kind, src roster.Source, program, recipient string, d value.Date, basis decimal.Decimal, column string) (flag string, done bool) {
	pl, ok := e.in.Prior.Resembling(program, recipient, d, basis)
	if !ok {
		return "", false
	}
	if e.opt.AcceptPossibleDuplicates {
		return FlagPossibleDuplicate, false
	}
	e.reject(kind, src, column, value.FormatPlain(basis), "possible_duplicate", msg.F(
		"与已发放明细 %[1]s（%[2]s 批次）的受款主体、项目、事件日期 %[3]s 和金额 %[4]s 元都相同，只有编号不同，可能是同一笔被重复申报：确属另一笔时请加 --accept-possible-duplicates 重新运行，否则请删除该行",
		"the recipient, program, event date %[3]s and amount %[4]s equal those of prior line %[1]s (batch %[2]s) under another number: it may be the same event reported twice. If it is another event, run again with --accept-possible-duplicates; otherwise delete the row",
		pl.LineID, pl.Period, d, value.FormatGrouped(basis)))
	return "", true
}

// FlagPossibleDuplicate marks a line paid with --accept-possible-duplicates
// although it resembles a prior line (see possibleDuplicate).
const FlagPossibleDuplicate = "review:possible_duplicate"

// capUsed is what prior ledgers and earlier lines of this batch paid under
// a cap key.
func (e *engine) capUsed(key string) decimal.Decimal {
	prior := e.in.Prior.CapUsed(key)
	if s := e.capBatch[key]; s != nil {
		return prior.Add(s.decimal())
	}
	return prior
}

// emit finishes a line: applies the cap (when capKey is set or limit
// given), records cap use and the line.
func (e *engine) emit(l ledger.Line, kind roster.Kind, src roster.Source, capKey string, limit *decimal.Decimal, capLabel msg.Text) {
	l.Payable, l.Status = l.Computed, ledger.StatusOf(l.Computed, l.Computed)
	if limit != nil {
		used := decimal.Zero
		if capKey != "" {
			used = e.capUsed(capKey)
		}
		r := applyCap(l.Computed, *limit, used)
		l.CapKey, l.CapLimit, l.HasCap, l.CapUsedBefore = capKey, *limit, true, used
		l.Payable, l.Status = r.payable, r.status
		if r.payable.LessThan(l.Computed) || !used.IsZero() {
			lim, u, pay := value.FormatGrouped(*limit), value.FormatGrouped(used), value.FormatGrouped(r.payable)
			l.Note = msg.Join([]msg.Text{l.Note, msg.FIn(e.opt.NoteLang, "%s %s − 此前已付 %s → %s", "%s %s − %s paid before → %s",
				capLabel, lim, u, pay)}, "；", "; ")
		}
	}
	e.record(l, kind, src)
}

// record adds a finished line to the batch: its payable counts under its
// cap key (a line dated before a prior line of that key is late), and its
// source row's disposition is line.
func (e *engine) record(l ledger.Line, kind roster.Kind, src roster.Source) {
	e.holdForBudget(&l)
	if l.CapKey != "" {
		s := e.capBatch[l.CapKey]
		if s == nil {
			s = &fenSum{}
			e.capBatch[l.CapKey] = s
		}
		s.add(l.Payable)
		if d, ok := e.in.Prior.LatestUnder(l.CapKey); ok && l.EventDate < d {
			e.late = append(e.late, l.LineID)
		}
	}
	e.nLines++
	e.totals.add(&l)
	e.floors.add(e.pol, &l)
	switch {
	case e.opt.Lines == nil:
		e.lines = append(e.lines, l)
	case e.sinkErr == nil:
		e.sinkErr = e.opt.Lines.Line(&l)
	}
	e.mark(src, kind, dispLine)
}

// takeCount takes a place under a yearly count limit (spec §4.3: per
// program, funder and calendar year; prior lines count). With who empty
// each line takes a place (每项). With who set, the program's count_scope
// is recipient (每家, spec §4.3a 1): places are distinct recipients, and a
// recipient who already holds one that year (a non-zero prior line, or an
// earlier line of this batch) takes none. It returns false, with the places
// already taken, when the limit is reached.
func (e *engine) takeCount(program, funder string, year int, limit *policy.Param, who string) (int, bool) {
	ck := ledger.CountKey(program, funder, year)
	used := e.in.Prior.Count(program, funder, year) + e.countUsed[ck]
	if who != "" {
		if e.holders[ck+"|"+who] || e.in.Prior.HasRecipient(program, funder, year, who) {
			return used, true
		}
		used = e.in.Prior.Recipients(program, funder, year) + e.countUsed[ck]
	}
	if int64(used) >= limit.Number.IntPart() {
		return used, false
	}
	e.countUsed[ck]++
	if who != "" {
		e.holders[ck+"|"+who] = true
	}
	return used, true
}

// checkRecipientCounts refuses a prior index that does not count the
// recipients of a program the policy counts by recipient (the command
// line builds it so; see ledger.PriorBuilder.CountRecipients).
func (e *engine) checkRecipientCounts() error {
	if e.in.Prior.Len() == 0 {
		return nil
	}
	for _, id := range e.pol.RecipientCounted() {
		if !e.in.Prior.CountsRecipients(id) {
			return fmt.Errorf("the prior index does not count the recipients of %s (count_scope: recipient); build it with CountRecipients", id)
		}
	}
	return nil
}

// reasonOf is the clerk-facing reason of an identifier check's error.
func reasonOf(err error) msg.Text {
	if ie, ok := err.(*ids.Error); ok {
		return ie.Reason
	}
	return msg.T(err.Error(), err.Error())
}
