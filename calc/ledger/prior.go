package ledger

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// Prior indexes the lines of ledgers already disbursed (spec §1.4): which
// line_ids were paid, how much of each cap key is used, and how many lines
// each program has per funder and year.
type Prior struct {
	ids    lineTable         // the lines whose line_id is in the form LineID makes, by idKey
	other  map[string]uint32 // any other line_id → its line
	recs   priorLines
	texts  []string                       // interned period, program and recipient texts
	names  map[string]uint32              // index of each text in texts
	exact  map[uint32]*[3]decimal.Decimal // amounts of the lines that are not whole fen
	caps   map[string]*capState
	counts map[string]int
	// alike finds the lines by ResemblanceKey, once the index is built
	// (see Resembling).
	alike lineTable
	// otherIDs are the line_ids kept in other, by index, to name them.
	otherIDs map[uint32]string
	// byRecipient are the programs whose yearly count limits count
	// distinct recipients (CountRecipients), and recipients their
	// recipients with a non-zero line, by CountKey.
	byRecipient map[string]bool
	recipients  map[string]map[string]struct{}
	// years are the year counts of the prior traces (AddYearCount), in
	// yearOrder.
	years     map[string]*YearTrace
	yearOrder []YearCount
	// budgetUsed is what the lines paid, by fund year (their batch
	// month's), funder and program (see BudgetUsed).
	budgetUsed map[string]priorAmount
}

// priorLine is what the index keeps of a prior line: the columns the
// engine reads back (Line), none of its text. Its texts are indexes into
// Prior.texts (a period, program or recipient is stored once), so that the
// ledger file's records are not kept alive by the index, and its amounts
// are whole numbers of fen where they are (every amount a ledger writes;
// the others are in Prior.exact), so that a prior line costs its id and
// a few words.
type priorLine struct {
	period, program, recipientID uint32
	eventDate                    value.Date
	set                          int32 // index of the set it was first read from
	fen                          [3]int64
	// rest is a digest of the canonical columns not kept above (see
	// restDigest), so that a second copy is compared on every column.
	rest uint64
	// id is the 64-bit hash of a line_id of the form LineID makes (its
	// program is program), to name the line.
	id uint64
}

// Amounts of a priorLine, by position.
const (
	amtBasis = iota
	amtComputed
	amtPayable
)

// idKey is a line_id of the form LineID makes, "<program>-<16 hex
// digits>", as the program's index in Prior.texts and the digits' value:
// a few bytes rather than a string.
type idKey struct {
	program uint32
	hash    uint64
}

// hash places the key in Prior.ids: its digits are already a digest.
func (k idKey) hash64() uint64 { return k.hash ^ uint64(k.program)*0x9e3779b97f4a7c15 }

// idKeyOf returns the idKey of a line_id written as LineID writes it,
// whose program is among the texts.
func (p *Prior) idKeyOf(id string) (idKey, bool) {
	program, digest, ok := SplitLineID(id)
	if !ok {
		return idKey{}, false
	}
	prog, ok := p.names[program]
	if !ok {
		return idKey{}, false
	}
	return idKey{program: prog, hash: digest}, true
}

// SplitLineID splits a line_id written as LineID writes it,
// "<program>-<16 lower-case hex digits>", into its program and the
// digits' value; ok is false for any other text. The split is one to
// one: two such ids are equal exactly when their programs and digests are.
func SplitLineID(id string) (program string, digest uint64, ok bool) {
	n := len(id) - 17
	if n < 0 || id[n] != '-' {
		return "", 0, false
	}
	for _, c := range []byte(id[n+1:]) {
		switch {
		case c >= '0' && c <= '9':
			digest = digest<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			digest = digest<<4 | uint64(c-'a'+10)
		default:
			return "", 0, false
		}
	}
	return id[:n], digest, true
}

// find returns the index of a line_id. An id whose prefix became a known
// text only after it was indexed is among the others.
func (p *Prior) find(id string) (uint32, bool) {
	if k, ok := p.idKeyOf(id); ok {
		if i, found := p.ids.find(k.hash64(), func(i uint32) bool {
			r := p.recs.at(i)
			return r.id == k.hash && r.program == k.program
		}); found {
			return i, true
		}
	}
	i, ok := p.other[id]
	return i, ok
}

// setAmounts stores basis, computed and payable of line i.
func (p *Prior) setAmounts(i uint32, a [3]decimal.Decimal) {
	pl := p.recs.at(i)
	for n, d := range a {
		f, ok := toFen(d)
		if !ok {
			p.exact[i] = &a
			return
		}
		pl.fen[n] = f
	}
}

// amount returns the amount at position n of line i.
func (p *Prior) amount(i uint32, n int) decimal.Decimal {
	if a, ok := p.exact[i]; ok {
		return a[n]
	}
	return decimal.New(p.recs.at(i).fen[n], -2)
}

// fenLimit bounds the amounts kept as fen, and fenMax the sums (well
// inside int64).
var fenLimit = decimal.New(1, 16)

const fenMax = 1_000_000_000_000_000_000

// toFen returns d in fen when it is a whole number of fen of at most 16
// digits.
func toFen(d decimal.Decimal) (int64, bool) {
	if d.Abs().GreaterThanOrEqual(fenLimit) {
		return 0, false
	}
	f := d.Shift(2)
	if !f.IsInteger() {
		return 0, false
	}
	return f.IntPart(), true
}

// PriorError refuses a set of prior ledgers.
type PriorError struct{ Msg msg.Text }

func (e *PriorError) Error() string { return e.Msg.En }

// Text is the refusal in both languages.
func (e *PriorError) Text() msg.Text { return e.Msg }

// PriorBuilder indexes prior ledgers line by line, as they are read, so
// that no ledger is held whole. The same line in two files (a ledger kept
// as CSV and as XLSX) counts once; the same line_id with a different amount
// or basis is refused (Add, Check).
type PriorBuilder struct {
	p       *Prior
	sets    []string // set names by index
	periods []string // the period of each set's first line
}

// NewPriorBuilder returns an empty index.
func NewPriorBuilder() *PriorBuilder {
	return &PriorBuilder{p: &Prior{other: map[string]uint32{},
		names: map[string]uint32{}, exact: map[uint32]*[3]decimal.Decimal{}, otherIDs: map[uint32]string{},
		caps: map[string]*capState{}, counts: map[string]int{}, budgetUsed: map[string]priorAmount{},
		byRecipient: map[string]bool{}, recipients: map[string]map[string]struct{}{}}}
}

// CountRecipients makes the index count, for each program named, the
// distinct recipients of its non-zero lines per funder and year, besides
// the lines (spec §4.3a 1: a limit of 每年不超过20家企业 counts enterprises).
// A line of such a program without a cap key (written when its ceiling
// applied per row) counts toward its recipient's yearly cap key
// (RecipientYearKey). Call it before Add; the sets are kept for these
// programs only, so that the index stays the size of the prior lines' ids.
func (b *PriorBuilder) CountRecipients(programs ...string) {
	for _, p := range programs {
		b.p.byRecipient[p] = true
	}
}

func (b *PriorBuilder) intern(s string) uint32 {
	if i, ok := b.p.names[s]; ok {
		return i
	}
	i := uint32(len(b.p.texts))
	s = strings.Clone(s)
	b.p.texts = append(b.p.texts, s)
	b.p.names[s] = i
	return i
}

// Add indexes one line of the set (file) numbered set, named name; sets
// are numbered from 0 in the order they are read. The line is not kept:
// the index copies what it needs. A line_id already indexed with other
// amounts, a line whose own arithmetic does not hold (CheckArithmetic) and
// a line that breaks the chain of its cap key in its ledger (see chain)
// are a *PriorError: a prior ledger is the record of what was paid, and
// is checked as such whether or not a manifest vouches for it.
func (b *PriorBuilder) Add(set int, name string, l *Line) error {
	for len(b.sets) <= set {
		b.sets, b.periods = append(b.sets, ""), append(b.periods, "")
	}
	if b.sets[set] == "" {
		b.sets[set], b.periods[set] = name, strings.Clone(l.Period)
	}
	p := b.p
	if l.Status == StatusHeld {
		// not paid: a later batch computes it again, and pays it when its
		// budget allows (issue 16); the paid line's copy is not a conflict
		if col, why, ok := l.CheckArithmetic(); !ok {
			return &PriorError{Msg: msg.F("已发放明细 %[1]s 中明细编号 %[2]s 的 %[3]s 列不对：%[4]s",
				"prior ledger %[1]s, line %[2]s, column %[3]s: %[5]s", name, l.LineID, col, why.Zh, why.En)}
		}
		return nil
	}
	if old, ok := p.find(l.LineID); ok {
		return b.secondCopy(old, name, l)
	}
	if col, why, ok := l.CheckArithmetic(); !ok {
		return &PriorError{Msg: msg.F(
			"已发放明细 %[1]s 中明细编号 %[2]s 的 %[3]s 列不对：%[4]s。该明细被改动过，不能作为已发放的账使用；请使用运行写出的原文件",
			"prior ledger %[1]s, line %[2]s, column %[3]s: %[5]s. The ledger was edited and cannot be used as the record of what was paid; pass the file as the run wrote it",
			name, l.LineID, col, why.Zh, why.En)}
	}
	if y, err := strconv.Atoi(l.Period[:min(4, len(l.Period))]); err == nil && l.Payable.IsPositive() {
		for _, prog := range budgetPrograms(l.Program) {
			k := budgetKey(y, l.Funder, prog)
			p.budgetUsed[k] = p.budgetUsed[k].plus(l.Payable)
		}
	}
	i := b.index(set, l)
	if err := b.addCap(set, name, l, i); err != nil {
		return err
	}
	if l.Status != StatusZero {
		b.addCount(l)
	}
	return nil
}

// secondCopy checks l, a line whose line_id is indexed as line old, as a
// second copy of it read from set name: nil when it is the same line.
func (b *PriorBuilder) secondCopy(old uint32, name string, l *Line) error {
	p := b.p
	col, x, y, differ := p.differs(old, l)
	switch {
	case differ && col == restColumns:
		return &PriorError{Msg: msg.F(
			"明细编号 %[1]s 在 %[2]s 与 %[3]s 中不同（以下某列：%[4]s），无法判断哪一份是已发放的账",
			"line_id %[1]s differs between %[2]s and %[3]s in one of the columns %[4]s; cannot tell which was disbursed",
			l.LineID, b.sets[p.recs.at(old).set], name, restColumns)}
	case differ:
		return &PriorError{Msg: msg.F(
			"明细编号 %[1]s 在 %[2]s 与 %[3]s 中不同：%[4]s 列分别为“%[5]s”和“%[6]s”，无法判断哪一份是已发放的账",
			"line_id %[1]s differs between %[2]s and %[3]s: column %[4]s is %[5]q in one and %[6]q in the other; cannot tell which was disbursed",
			l.LineID, b.sets[p.recs.at(old).set], name, col, x, y)}
	}
	return nil
}

// index adds l, read from set, to the lines of the index: its record and
// its line_id; it returns the line's number.
func (b *PriorBuilder) index(set int, l *Line) uint32 {
	p := b.p
	i := p.recs.add(priorLine{period: b.intern(l.Period), program: b.intern(l.Program),
		recipientID: b.intern(l.RecipientID), eventDate: l.EventDate, set: int32(set), rest: restDigest(l)})
	p.setAmounts(i, [3]decimal.Decimal{amtBasis: l.BasisCNY, amtComputed: l.Computed, amtPayable: l.Payable})
	if k, ok := p.idKeyOf(l.LineID); ok && k.program == p.recs.at(i).program {
		p.recs.at(i).id = k.hash
		p.ids.insert(k.hash64(), i, func(i uint32) uint64 {
			r := p.recs.at(i)
			return idKey{program: r.program, hash: r.id}.hash64()
		})
	} else {
		id := strings.Clone(l.LineID)
		p.other[id] = i
		p.otherIDs[i] = id
	}
	return i
}

// addCap counts l, read from set name as line i, toward its cap key, and
// checks the key's chain (see chain).
func (b *PriorBuilder) addCap(set int, name string, l *Line, i uint32) error {
	p := b.p
	capKey, perRow := l.CapKey, false
	if capKey == "" && p.byRecipient[l.Program] {
		// written when the program's ceiling applied per row (before spec
		// §4.3a 1): it counts toward the recipient's yearly cap all the same
		capKey, perRow = RecipientYearKey(l.Program, l.RecipientID, l.EventDate.Year()), true
	}
	if capKey == "" {
		return nil
	}
	st, ok := p.caps[capKey]
	if !ok {
		// a copy: storing a map entry stores its key, and the
		// ledger's cap_key would keep the whole record alive
		st = &capState{}
		p.caps[strings.Clone(capKey)] = st
	}
	st.used = st.used.plus(l.Payable)
	if l.EventDate > st.latest {
		st.latest = l.EventDate
	}
	if perRow {
		return nil // its cap_used_before is a row's, not the key's: no chain
	}
	return b.chain(st, set, name, l, i)
}

// addCount counts l, a non-zero line, toward its program's yearly count
// (and its recipients, for a program counting them).
func (b *PriorBuilder) addCount(l *Line) {
	p := b.p
	ck := CountKey(l.Program, l.Funder, l.EventDate.Year())
	p.counts[ck]++
	if p.byRecipient[l.Program] {
		set := p.recipients[ck]
		if set == nil {
			set = map[string]struct{}{}
			p.recipients[ck] = set
		}
		set[strings.Clone(l.RecipientID)] = struct{}{}
	}
}

// Prior returns the index built. The cap keys' chains, which only Check
// reads, are dropped.
func (b *PriorBuilder) Prior() *Prior {
	p := b.p
	for _, st := range p.caps {
		st.sets = nil
	}
	p.alike = newLineTable(int(p.recs.n))
	for i := range p.recs.n {
		p.alike.put(p.resemblanceKey(i), i)
	}
	return p
}

// resemblanceKey is the ResemblanceKey of line i.
func (p *Prior) resemblanceKey(i uint32) uint64 {
	r := p.recs.at(i)
	return ResemblanceKey(p.texts[r.program], p.texts[r.recipientID], r.eventDate, p.amount(i, amtBasis))
}

// ResemblanceKey is a 64-bit digest of what makes two lines look like one
// event under two natural keys (issue 11's defence in depth): the
// program, the recipient, the event date and the CNY basis.
func ResemblanceKey(program, recipientID string, d value.Date, basis decimal.Decimal) uint64 {
	// FNV-1a (hash/fnv's New64a) over the parts, each followed by 0x1f,
	// without copying them into a hash.Hash
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, c := range [...]string{program, recipientID, d.String(), basis.StringFixed(2)} {
		for i := 0; i < len(c); i++ {
			h = (h ^ uint64(c[i])) * prime
		}
		h = (h ^ 0x1f) * prime
	}
	return h
}

// Resembling returns a prior line of the program, recipient, event date
// and CNY basis given, if there is one: a row with another natural key
// that is alike in all four may be the same event written again (a
// number retyped), which a clerk must confirm before it is paid. The line
// returned has the columns Line returns.
func (p *Prior) Resembling(program, recipientID string, d value.Date, basis decimal.Decimal) (*Line, bool) {
	if p == nil || p.recs.n == 0 {
		return nil, false
	}
	i, ok := p.alike.find(ResemblanceKey(program, recipientID, d, basis), func(i uint32) bool {
		pl := p.recs.at(i)
		return p.texts[pl.program] == program && p.texts[pl.recipientID] == recipientID && pl.eventDate == d && p.amount(i, amtBasis).Equal(basis)
	})
	if !ok {
		return nil, false
	}
	return p.Line(p.idOf(i))
}

// idOf is the line_id of line i.
func (p *Prior) idOf(i uint32) string {
	if id, ok := p.otherIDs[i]; ok {
		return id
	}
	return fmt.Sprintf("%s-%016x", p.texts[p.recs.at(i).program], p.recs.at(i).id)
}

// RecipientYearKey is the cap key of a ceiling per recipient per calendar
// year (cap_scope recipient_year): "<program>/<recipient>/<year>".
func RecipientYearKey(program, recipient string, year int) string {
	return program + "/" + recipient + "/" + strconv.Itoa(year)
}

// CountKey is the key of a yearly count limit: program, funder and year.
func CountKey(program, funder string, year int) string {
	return fmt.Sprintf("%s|%s|%d", program, funder, year)
}

// Line returns the prior line with the given id, as far as the index keeps
// it: line_id, period, program, recipient_id, event_date, basis_cny,
// computed and payable (the other columns are blank).
func (p *Prior) Line(id string) (*Line, bool) {
	if p == nil {
		return nil, false
	}
	i, ok := p.find(id)
	if !ok {
		return nil, false
	}
	pl := p.recs.at(i)
	return &Line{LineID: id, Period: p.texts[pl.period], Program: p.texts[pl.program], RecipientID: p.texts[pl.recipientID],
		EventDate: pl.eventDate, BasisCNY: p.amount(i, amtBasis), Computed: p.amount(i, amtComputed), Payable: p.amount(i, amtPayable)}, true
}

// CapUsed returns what prior ledgers paid under a cap key.
func (p *Prior) CapUsed(key string) decimal.Decimal {
	if p == nil {
		return decimal.Zero
	}
	if st, ok := p.caps[key]; ok {
		return st.used.decimal()
	}
	return decimal.Zero
}

// Count returns how many non-zero lines prior ledgers hold for a program,
// funder and year.
func (p *Prior) Count(program, funder string, year int) int {
	if p == nil {
		return 0
	}
	return p.counts[CountKey(program, funder, year)]
}

// CountsRecipients reports whether the index counts the distinct
// recipients of program (PriorBuilder.CountRecipients).
func (p *Prior) CountsRecipients(program string) bool {
	return p != nil && p.byRecipient[program]
}

// Recipients returns how many distinct recipients have a non-zero prior
// line of program for funder in year; 0 for a program whose recipients
// the index does not count.
func (p *Prior) Recipients(program, funder string, year int) int {
	if p == nil {
		return 0
	}
	return len(p.recipients[CountKey(program, funder, year)])
}

// HasRecipient reports whether recipient has a non-zero prior line of
// program for funder in year (only for a program whose recipients the
// index counts).
func (p *Prior) HasRecipient(program, funder string, year int, recipient string) bool {
	if p == nil {
		return false
	}
	_, ok := p.recipients[CountKey(program, funder, year)][recipient]
	return ok
}

// LatestUnder returns the latest event date of a prior line under a cap key.
func (p *Prior) LatestUnder(capKey string) (value.Date, bool) {
	if p == nil {
		return 0, false
	}
	st, ok := p.caps[capKey]
	if !ok {
		return 0, false
	}
	return st.latest, true
}

// Len returns the number of distinct prior lines.
func (p *Prior) Len() int {
	if p == nil {
		return 0
	}
	return p.ids.n + len(p.other)
}

// Each calls fn with every prior line as Line returns it, in the order
// the lines were indexed.
func (p *Prior) Each(fn func(l *Line)) {
	if p == nil {
		return
	}
	for i := range p.recs.n {
		if l, ok := p.Line(p.idOf(i)); ok {
			fn(l)
		}
	}
}

// EachRecipient calls fn with the program, recipient and event date of
// every prior line, in no particular order.
func (p *Prior) EachRecipient(fn func(program, recipientID string, d value.Date)) {
	if p == nil {
		return
	}
	for i := range p.recs.n {
		pl := p.recs.at(i)
		fn(p.texts[pl.program], p.texts[pl.recipientID], pl.eventDate)
	}
}

// keptColumns are the columns a priorLine keeps, which differs compares
// one by one.
var keptColumns = []string{"line_id", "period", "program", "recipient_id", "event_date", "basis_cny", "computed", "payable"}

// restCols are the positions in LineColumns of the columns a priorLine
// keeps only as a digest (restDigest): the canonical columns (those the
// run manifest hashes, every column but note) but the kept ones and the
// provenance (source).
var restCols = func() []int {
	var out []int
	for i := range LineColumns {
		if c := &LineColumns[i]; c.Hashed() && !c.Provenance && !slices.Contains(keptColumns, c.Name) {
			out = append(out, i)
		}
	}
	return out
}()

// restColumns names restCols, in order, for a message.
var restColumns = func() string {
	names := make([]string, len(restCols))
	for i, c := range restCols {
		names[i] = Columns[c]
	}
	return strings.Join(names, ", ")
}()

// restDigest is a 64-bit digest of restCols of l, each in its canonical
// form (Column.AppendCanonical: amounts by value, in decimal's shortest
// form; the caps blank without a cap).
func restDigest(l *Line) uint64 {
	b := make([]byte, 0, 256)
	for _, i := range restCols {
		b = append(LineColumns[i].AppendCanonical(b, l), 0x1f)
	}
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// differs compares a second copy l of indexed line i on every canonical
// column: the columns kept are named with both values; the others are
// compared by digest and named together: col is then restColumns.
func (p *Prior) differs(i uint32, l *Line) (col, a, b string, differ bool) {
	r := p.recs.at(i)
	for _, c := range []struct {
		col  string
		x, y string
	}{
		{"period", p.texts[r.period], l.Period},
		{"program", p.texts[r.program], l.Program},
		{"recipient_id", p.texts[r.recipientID], l.RecipientID},
		{"event_date", r.eventDate.String(), l.EventDate.String()},
	} {
		if c.x != c.y {
			return c.col, c.x, c.y, true
		}
	}
	for _, c := range []struct {
		col string
		n   int
		y   decimal.Decimal
	}{{"basis_cny", amtBasis, l.BasisCNY}, {"computed", amtComputed, l.Computed}, {"payable", amtPayable, l.Payable}} {
		if x := p.amount(i, c.n); !x.Equal(c.y) {
			return c.col, x.String(), c.y.String(), true
		}
	}
	if r.rest != restDigest(l) {
		return restColumns, "", "", true
	}
	return "", "", "", false
}

// budgetPrograms are the budgets a line of program draws on: its own,
// "dengfeng" for either 登峰 stage, and "*" (the funder's whole fund).
func budgetPrograms(program string) []string {
	if strings.HasPrefix(program, "dengfeng.") {
		return []string{program, "dengfeng", "*"}
	}
	return []string{program, "*"}
}

func budgetKey(year int, funder, program string) string {
	return strconv.Itoa(year) + "|" + funder + "|" + program
}

// BudgetUsed is what prior ledgers of fund year (their batch month's
// year) paid under funder and program (a program id, "dengfeng" for both
// 登峰 stages, or "*" for all the funder's programs).
func (p *Prior) BudgetUsed(year int, funder, program string) decimal.Decimal {
	if p == nil {
		return decimal.Zero
	}
	return p.budgetUsed[budgetKey(year, funder, program)].decimal()
}
