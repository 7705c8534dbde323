package engine

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// layoutState carries the layout programs of 136 三(一)1 through a batch:
// the first domestic invention grant of an enterprise, the yearly counts of
// domestic invention grants that reach invention_10 or institution_100, and
// Madrid registrations paid once however many offices they designate. All
// five share the group cap layout/<uscc>/<year>.
type layoutState struct {
	e         *engine
	years     map[string]*yearCount // program|uscc|year → domestic invention grants counted so far
	threshold map[string]string     // program|uscc|year → threshold line id (this batch)
	bounds    map[string]int        // threshold program → its largest threshold (maxThreshold)
	firstSeen map[string]bool       // uscc → first domestic invention considered
	madrid    map[string]string     // uscc|number → line id of the registration
	// pending are the domestic invention grants that are not the source
	// of a line, encoded in processing order (with their pendingGrant
	// program and, in reasons, their reason): they end counted toward a
	// threshold line of their year, or listed, once every grant is seen.
	pending  RowSorter
	nPending uint64
	reasons  map[uint64]*ledger.Rejection
	rec      rowEncoder
	key      []byte
}

// pendingGrant is a domestic invention grant that is not the source of a
// line: it ends counted (toward a threshold line of its year) or listed
// with the reason kept here.
type pendingGrant struct {
	g       *roster.Grant
	program string // threshold program of its holder
	reason  *ledger.Rejection
}

// yearCount is one holder's yearly count toward a threshold line (spec
// §4.1 Counting, §4.3a 5): the domestic invention grants of the calendar
// year counted in earlier batches (prior, the prior ledgers' trace, whose
// rows a cumulative roster repeats and which count once) and in this one.
// keys are the digests of this batch's counted grants, kept while the
// count is below the program's largest threshold, for the trace the batch
// leaves (layoutState.trace).
type yearCount struct {
	program, uscc string
	year          int
	n             int
	prior         *ledger.YearTrace
	keys          []uint64
}

func newLayoutState(e *engine, rows *Rows) *layoutState {
	return &layoutState{e: e, years: map[string]*yearCount{}, threshold: map[string]string{}, bounds: map[string]int{},
		firstSeen: map[string]bool{}, madrid: map[string]string{}, pending: rows.newSorter(),
		reasons: map[uint64]*ledger.Rejection{}, rec: rowEncoder{files: &rows.files}}
}

// addPending queues a pending grant.
func (ls *layoutState) addPending(pg pendingGrant) error {
	seq := ls.nPending
	ls.nPending++
	if pg.reason != nil {
		ls.reasons[seq] = pg.reason
	}
	ls.key = binary.BigEndian.AppendUint64(ls.key[:0], seq)
	ls.rec.b = ls.rec.b[:0]
	ls.rec.str(pg.program)
	pg.g.Fields(&ls.rec)
	return ls.pending.Add(ls.key, ls.rec.b)
}

func yearKey(program, uscc string, year int) string {
	return program + "|" + uscc + "|" + strconv.Itoa(year)
}

// yearCount returns the count of a threshold program, holder and year,
// starting from the prior trace.
func (ls *layoutState) yearCount(program, uscc string, year int) *yearCount {
	k := yearKey(program, uscc, year)
	yc, ok := ls.years[k]
	if !ok {
		yc = &yearCount{program: program, uscc: uscc, year: year, prior: ls.e.in.Prior.YearCount(program, uscc, year)}
		yc.n = yc.prior.Count()
		ls.years[k] = yc
	}
	return yc
}

// countGrant counts a domestic invention grant toward its year and reports
// whether it is new to the count: false for a grant an earlier batch
// counted (its natural key is in the prior trace).
func (ls *layoutState) countGrant(yc *yearCount, g *roster.Grant) bool {
	dg := ledger.RowDigest(g.Key().Values...)
	if yc.prior.Has(dg) {
		return false
	}
	yc.n++
	if yc.n < ls.maxThreshold(yc.program) {
		yc.keys = append(yc.keys, dg)
	}
	return true
}

// maxThreshold is the largest threshold of the program's versions: a
// count below it may still reach a threshold line; 0 when the policy has
// none.
func (ls *layoutState) maxThreshold(program string) int {
	if b, ok := ls.bounds[program]; ok {
		return b
	}
	b := 0
	if p, ok := ls.e.pol.Programs[program]; ok {
		for _, v := range p.Versions {
			if t, ok := v.Params["threshold"]; ok && int(t.Number.IntPart()) > b {
				b = int(t.Number.IntPart())
			}
		}
	}
	ls.bounds[program] = b
	return b
}

func groupCapKey(uscc string, year int) string { return "layout/" + uscc + "/" + strconv.Itoa(year) }

var groupCapLabel = msg.T("同一主体每年限额", "yearly group cap per entity")

// Grant implements roster.Handler: a grant row goes to the layout
// programs.
func (e *engine) Grant(g *roster.Grant) { e.layout.grant(g) }

// grant processes one grant row.
func (ls *layoutState) grant(g *roster.Grant) {
	e, k := ls.e, roster.Grants
	if e.futureDated(k, g.Src, "grant_date", g.GrantDate) {
		return
	}
	s, ok := e.recipient(k, g.Src, "uscc", g.USCC)
	if !ok {
		return
	}
	switch {
	case g.Kind == "utility_model" || g.Kind == "design":
		e.reject(k, g.Src, "kind", g.Kind, "not_payable", msg.F(
			"%[1]s授权不在 136 三(一)1 的奖励范围内（仅发明专利与马德里商标）", "a %[2]s grant is outside 136 三(一)1 (inventions and Madrid trademarks only)",
			map[string]string{"utility_model": "实用新型", "design": "外观设计"}[g.Kind], g.Kind))
	case (g.Kind == "madrid_trademark") != (g.Route == "madrid"):
		e.reject(k, g.Src, "route", g.Route, "invalid_value", msg.F(
			"类型 %s 与途径 %s 不一致：马德里商标的途径应为 madrid，反之亦然", "kind %s does not match route %s: Madrid trademarks have route madrid and only they do", g.Kind, g.Route))
	case g.Kind == "madrid_trademark":
		ls.madridGrant(g, s)
	case g.Office != "CN":
		ls.foreignGrant(g, s)
	default:
		ls.domesticGrant(g, s)
	}
}

// fixedLayoutLine pays a layout amount under the group cap.
func (ls *layoutState) fixedLayoutLine(program string, g *roster.Grant, s *subject, id string, key string) bool {
	e, k := ls.e, roster.Grants
	p, v, ok := e.version(k, g.Src, "grant_date", program, g.GrantDate)
	if !ok {
		return false
	}
	amount, _ := num(v, "amount", s.districtCode)
	if e.checkPrior(k, g.Src, id, amount, "number") {
		return true
	}
	l := e.fixedLine(p, v, id, g.GrantDate, g.Src, k, key, s)
	limit, _ := num(v, "group_cap", s.districtCode)
	e.emit(l, k, g.Src, groupCapKey(s.USCC, g.GrantDate.Year()), &limit, groupCapLabel)
	return true
}

// madridGrant pays layout.madrid once per holder and international
// registration; further office rows of a registration count toward it.
func (ls *layoutState) madridGrant(g *roster.Grant, s *subject) {
	e := ls.e
	mk := joinKey(g.USCC, g.Number)
	if id, ok := ls.madrid[mk]; ok {
		e.count(g.Src, roster.Grants, id)
		return
	}
	id := ledger.LineID("layout.madrid", g.USCC, g.Number)
	if ls.fixedLayoutLine("layout.madrid", g, s, id, mk) {
		ls.madrid[mk] = id
	}
}

// foreignGrant pays layout.foreign_invention once per grant number and
// office, for an invention filed via PCT or Paris and granted by an office
// on the policy's list (US, EU states and EPO, UK, JP, KR, Belt and Road).
func (ls *layoutState) foreignGrant(g *roster.Grant, s *subject) {
	e, k := ls.e, roster.Grants
	if g.Route != "pct" && g.Route != "paris" {
		e.reject(k, g.Src, "route", g.Route, "not_payable", msg.F(
			"境外发明授权须经 PCT 或巴黎公约途径申请（136 三(一)1），本行途径为 %s", "a foreign invention grant must be filed via PCT or the Paris route (136 三(一)1); this row's route is %s", g.Route))
		return
	}
	_, v, ok := e.versionQuiet("layout.foreign_invention", g.GrantDate)
	if ok {
		if o, ok := v.Param("offices", ""); ok && !o.HasCode(g.Office) {
			e.reject(k, g.Src, "office", g.Office, "not_payable", msg.F(
				"授权国家或地区 %s 不在政策所列范围（美国、欧盟成员国及欧专局、英国、日本、韩国、一带一路国家）",
				"office %s is not on the policy's list (US, EU member states and the EPO, UK, Japan, Korea, Belt and Road countries)", g.Office))
			return
		}
	}
	ls.fixedLayoutLine("layout.foreign_invention", g, s, ledger.LineID("layout.foreign_invention", g.USCC, g.Number, g.Office), joinKey(g.USCC, g.Number, g.Office))
}

// thresholdProgram is the yearly threshold program of a holder's domestic
// invention grants, or "" when its entity type has none.
func thresholdProgram(s *subject) string {
	switch s.EntityType {
	case "enterprise":
		return "layout.invention_10"
	case "university", "institute":
		return "layout.institution_100"
	}
	return ""
}

// domesticGrant handles a domestic (office CN) invention grant: the first
// one ever of an enterprise with prior_invention_grants = 0 pays
// layout.first_invention; every one counts toward the yearly threshold.
func (ls *layoutState) domesticGrant(g *roster.Grant, s *subject) {
	e, k := ls.e, roster.Grants
	tp := thresholdProgram(s)
	if tp == "" {
		e.reject(k, g.Src, "uscc", g.USCC, "not_payable", msg.F(
			"国内发明授权奖励仅面向企业和高校院所（136 三(一)1），受款主体类型为 %s", "domestic invention awards are for enterprises, universities and institutes (136 三(一)1); the recipient is of type %s", s.EntityType))
		return
	}
	pg := pendingGrant{g: g, program: tp}
	isLine := false
	if tp == "layout.invention_10" && !ls.firstSeen[g.USCC] {
		ls.firstSeen[g.USCC] = true
		isLine, pg.reason = ls.firstInvention(g, s)
	}
	yk := yearKey(tp, g.USCC, g.GrantDate.Year())
	yc := ls.yearCount(tp, g.USCC, g.GrantDate.Year())
	if p, v, ok := e.versionQuiet(tp, g.GrantDate); ls.countGrant(yc, g) && ok {
		t, _ := num(v, "threshold", "")
		if int64(yc.n) == t.IntPart() {
			id := ledger.LineID(tp, g.USCC, fmt.Sprint(g.GrantDate.Year()))
			ls.threshold[yk] = id
			amount, _ := num(v, "amount", s.districtCode)
			if e.checkPrior(k, g.Src, id, amount, "number") {
				return
			}
			l := e.fixedLine(p, v, id, g.GrantDate, g.Src, k, joinKey(tp, g.USCC, fmt.Sprint(g.GrantDate.Year())), s)
			y, n := g.GrantDate.Year(), yc.n
			l.Note = msg.Join([]msg.Text{{
				Zh: fmt.Sprintf("%d 年第 %d 件国内发明专利授权（%s）达到门槛 %s 件", y, n, g.Number, t),
				En: fmt.Sprintf("domestic invention grant no. %d of %d (%s) reaches the threshold of %s", n, y, g.Number, t)}, l.Note}, "；", "; ")
			limit, _ := num(v, "group_cap", s.districtCode)
			e.emit(l, k, g.Src, groupCapKey(s.USCC, g.GrantDate.Year()), &limit, groupCapLabel)
			return
		}
	}
	if !isLine {
		if err := ls.addPending(pg); err != nil && e.sinkErr == nil {
			e.sinkErr = err
		}
	}
}

// firstInvention tries layout.first_invention for an enterprise's first
// domestic invention grant. It returns whether the grant became (or already
// was, in a prior ledger) a line, or else why not, to be listed if the grant
// counts toward nothing.
func (ls *layoutState) firstInvention(g *roster.Grant, s *subject) (bool, *ledger.Rejection) {
	e, k := ls.e, roster.Grants
	rej := func(col, val, code string, m msg.Text) (bool, *ledger.Rejection) {
		return false, &ledger.Rejection{File: g.Src.File, Row: g.Src.Row, Column: col, Value: val, Code: code, Class: ledger.ClassOf(code), Message: m}
	}
	if !s.PriorInventionGrants.Set {
		return rej("prior_invention_grants", "", "missing_value", msg.F(
			"企业名册第 %d 行的上年末累计发明专利授权量（prior_invention_grants）为空，无法判断是否首次获得发明专利授权",
			"prior_invention_grants is blank on enterprise roster row %d; cannot tell whether this is the first invention grant", s.Src.Row))
	}
	if s.PriorInventionGrants.N != 0 {
		return false, nil
	}
	const program = "layout.first_invention"
	p, v, ok := e.versionQuiet(program, g.GrantDate)
	if !ok {
		return rej("grant_date", g.GrantDate.String(), "no_policy", msg.F("%s 没有在 %s 有效的政策版本", "no version of %s is in force on %s", program, g.GrantDate))
	}
	id := ledger.LineID(program, g.USCC)
	amount, _ := num(v, "amount", s.districtCode)
	if e.checkPrior(k, g.Src, id, amount, "number") {
		return true, nil
	}
	l := e.fixedLine(p, v, id, g.GrantDate, g.Src, k, joinKey(program, g.USCC), s)
	limit, _ := num(v, "group_cap", s.districtCode)
	e.emit(l, k, g.Src, groupCapKey(s.USCC, g.GrantDate.Year()), &limit, groupCapLabel)
	return true, nil
}

// finish settles the pending domestic grants: counted toward their year's
// threshold line (in this batch or a prior ledger), else listed.
func (ls *layoutState) finish() error {
	e := ls.e
	return ls.pending.Each(func(key, val []byte) error {
		d := &rowDecoder{b: val, files: e.rows.files.names}
		pg := pendingGrant{program: d.str(), reason: ls.reasons[binary.BigEndian.Uint64(key)], g: new(roster.Grant)}
		if err := decodeInto(pg.g, d); err != nil {
			return err
		}
		ls.settle(pg)
		return nil
	})
}

// settle settles one pending grant.
func (ls *layoutState) settle(pg pendingGrant) {
	e, k := ls.e, roster.Grants
	g := pg.g
	yk := yearKey(pg.program, g.USCC, g.GrantDate.Year())
	id := ls.threshold[yk]
	if id == "" {
		pid := ledger.LineID(pg.program, g.USCC, fmt.Sprint(g.GrantDate.Year()))
		if _, ok := e.in.Prior.Line(pid); ok {
			id = pid
		}
	}
	if id != "" {
		e.count(g.Src, k, id)
		return
	}
	if pg.reason != nil {
		e.keepRejection(pg.reason)
		e.mark(g.Src, k, dispListed)
		return
	}
	t := "—"
	if _, v, ok := e.versionQuiet(pg.program, g.GrantDate); ok {
		n, _ := num(v, "threshold", "")
		t = n.String()
	}
	e.reject(k, g.Src, "number", g.Number, "not_payable", msg.F(
		"%d 年国内发明专利授权共 %d 件，未达到 %s 件的门槛（%s，136 三(一)1）",
		"%[1]d: %[2]d domestic invention grants, below the threshold of %[3]s (%[4]s, 136 三(一)1)",
		g.GrantDate.Year(), ls.years[yk].n, t, pg.program))
}

// trace returns the year counts still short of their threshold after the
// batch (spec §4.3a 5), for the run's outputs to keep and the next batch's
// --prior to read: every (program, holder, year) counted in this batch or
// in a prior trace whose threshold line no batch has paid, with the count
// so far and the digests of the grants counted (prior trace ∪ this batch),
// cumulative, so that one ledger's trace is enough. At most threshold − 1
// keys each: a count that reached the largest threshold without a line (no
// version in force on the grant that reached it) is kept as its number
// alone. Sorted by program, holder and year.
func (ls *layoutState) trace() []ledger.YearCount {
	var out []ledger.YearCount
	paid := func(program, uscc string, year int) bool {
		if ls.threshold[yearKey(program, uscc, year)] != "" {
			return true
		}
		_, ok := ls.e.in.Prior.Line(ledger.LineID(program, uscc, strconv.Itoa(year)))
		return ok
	}
	keep := func(program, uscc string, year, n int, keys []uint64) {
		bound := ls.maxThreshold(program)
		if bound == 0 || paid(program, uscc, year) {
			return
		}
		yc := ledger.YearCount{Program: program, Recipient: uscc, Year: year, Count: n}
		if n < bound {
			slices.Sort(keys)
			yc.Keys = slices.Compact(keys)
		}
		out = append(out, yc)
	}
	for _, yc := range ls.years {
		keep(yc.program, yc.uscc, yc.year, yc.n, append(yc.prior.Keys(), yc.keys...))
	}
	ls.e.in.Prior.EachYearCount(func(program, uscc string, year int, t *ledger.YearTrace) {
		if _, seen := ls.years[yearKey(program, uscc, year)]; !seen {
			keep(program, uscc, year, t.Count(), t.Keys())
		}
	})
	slices.SortFunc(out, func(a, b ledger.YearCount) int {
		return cmp.Or(strings.Compare(a.Program, b.Program), strings.Compare(a.Recipient, b.Recipient), cmp.Compare(a.Year, b.Year))
	})
	return out
}
