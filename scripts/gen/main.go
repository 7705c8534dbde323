// Command gen writes a synthetic, valid, deterministic batch for subsidy
// (spec §7): N event rows spread over the event rosters (grants, licensing,
// litigation, insurance, financing, awards) in a realistic mix of programs,
// currencies, districts and caps that bind, about 1% of them invalid in
// every rejection kind, plus the matching enterprise roster and an fx
// roster. The same -seed and -n give the same bytes.
//
//	go run ./scripts/gen -n 10000 -out /tmp/batch               # CSV
//	go run ./scripts/gen -n 100000 -xlsx -out /tmp/x            # XLSX only
//
// The batch period (-period, default 2023-12) is the month the files are
// meant to be run with: subsidy run --period 2023-12 --in /tmp/batch.
package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"subsidy/calc/ids"
)

// invalidPct is the share of event rows (per cent) given one invalid
// mutation (see emit).
var invalidPct = flag.Float64("invalid", 1, "per cent of event rows made invalid (one mutation each; 100: every row is listed)")

func main() {
	seed := flag.Uint64("seed", 1, "random seed; the same seed and -n give the same files")
	n := flag.Int("n", 10000, "number of event rows (grants, licensing, litigation, insurance, financing, awards)")
	out := flag.String("out", "batch", "output folder (created)")
	period := flag.String("period", "2023-12", "batch month YYYY-MM the rows are dated up to")
	xlsx := flag.Bool("xlsx", false, "write every roster as .xlsx (excelize StreamWriter) instead of .csv")
	writeCSV := flag.Bool("csv", true, "write every roster as .csv (the default; -xlsx alone writes workbooks only)")
	quiet := flag.Bool("quiet", false, "no summary on stderr")
	flag.Parse()
	csvGiven := false
	flag.Visit(func(f *flag.Flag) { csvGiven = csvGiven || f.Name == "csv" })
	var warning string
	*writeCSV, warning = formats(*xlsx, *writeCSV, csvGiven)
	if warning != "" {
		fmt.Fprintln(os.Stderr, "gen: "+warning)
	}
	if err := run(*seed, *n, *out, *period, *writeCSV, *xlsx, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

// formats decides whether CSV files are written: -xlsx alone writes
// workbooks only, so that the folder can be run (one file per roster);
// -xlsx with -csv given writes both, with a warning that such a folder
// cannot be given to subsidy run --in.
func formats(xlsx, writeCSV, csvGiven bool) (bool, string) {
	switch {
	case xlsx && !csvGiven:
		return false, ""
	case xlsx && writeCSV:
		return true, "-xlsx -csv writes each roster twice, as .csv and .xlsx: such a folder cannot be given to subsidy run --in (two files per roster); write them to two folders"
	}
	return writeCSV, ""
}

func run(seed uint64, n int, out, period string, writeCSV, xlsx, quiet bool) error {
	p, err := time.Parse("2006-01", period)
	if err != nil || len(period) != 7 {
		return fmt.Errorf("-period %q is not YYYY-MM", period)
	}
	if !writeCSV && !xlsx {
		return errors.New("nothing to write: give -csv or -xlsx")
	}
	if n < 0 {
		return errors.New("-n must not be negative")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	g := newGen(seed, n, p.AddDate(0, 1, -1))
	sinks := map[string]*sink{}
	for _, r := range rosters {
		s, err := newSink(out, r.name, r.header, writeCSV, xlsx)
		if err != nil {
			return err
		}
		sinks[r.name] = s
	}
	g.sinks = sinks
	g.all()
	for _, r := range rosters {
		if err := sinks[r.name].close(); err != nil {
			return err
		}
	}
	if !quiet {
		g.summary()
	}
	return nil
}

// rosters are the files written, with their headers.
var rosters = []struct {
	name   string
	header []string
}{
	{"enterprises", []string{"uscc", "name", "district", "entity_type", "founded", "tier", "tier_date", "national_title", "title_date",
		"talent_startup", "prior_invention_grants", "valid_invention_patents", "overseas_invention_applications",
		"overseas_invention_grants", "registered_trademarks", "standards", "provincial_rd_center", "ip_certified", "relaxation"}},
	{"fx", []string{"currency", "date", "rate", "units", "quote"}},
	{"grants", []string{"uscc", "number", "kind", "office", "route", "grant_date"}},
	{"licensing", []string{"contract_id", "uscc", "role", "kind", "counterparty", "cross_border", "amount", "currency", "paid_date", "payment_no"}},
	{"litigation", []string{"case_id", "uscc", "jurisdiction", "invoice_no", "amount", "currency", "paid_date"}},
	{"insurance", []string{"policy_no", "uscc", "insurer", "premium", "currency", "paid_date", "payment_no"}},
	{"financing", []string{"loan_id", "uscc", "bank", "fee_type", "amount", "currency", "paid_date", "payment_no"}},
	{"awards", []string{"program", "recipient_id", "recipient_name", "district", "project_id", "amount", "decision_date",
		"decision_ref", "stage", "result", "ip_investment"}},
}

// sink writes one roster as CSV and/or XLSX.
type sink struct {
	name  string
	rows  int // rows written, the header included
	f     *os.File
	bw    *bufio.Writer
	cw    *csv.Writer
	xf    *excelize.File
	sw    *excelize.StreamWriter
	xpath string
	xbuf  []any
	// kinds of the XLSX cells by column: 'n' a number, 'd' a date, else text
	xkinds []byte
	xdate  int // style of date cells
}

func newSink(dir, name string, header []string, writeCSV, xlsx bool) (*sink, error) {
	s := &sink{name: name}
	if writeCSV {
		f, err := os.Create(filepath.Join(dir, name+".csv"))
		if err != nil {
			return nil, err
		}
		s.f, s.bw = f, bufio.NewWriterSize(f, 1<<16)
		s.cw = csv.NewWriter(s.bw)
	}
	if xlsx {
		s.xf = excelize.NewFile()
		sw, err := s.xf.NewStreamWriter("Sheet1")
		if err != nil {
			return nil, err
		}
		s.sw, s.xpath = sw, filepath.Join(dir, name+".xlsx")
		if s.xdate, err = s.xf.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
			return nil, err
		}
		s.xkinds = make([]byte, len(header))
		for i, h := range header {
			switch {
			case h == "amount" || h == "premium" || h == "ip_investment" || h == "rate" || h == "units" || h == "payment_no" ||
				strings.HasPrefix(h, "prior_") || strings.HasPrefix(h, "valid_") || strings.HasPrefix(h, "overseas_") ||
				h == "registered_trademarks" || h == "standards":
				s.xkinds[i] = 'n'
			case strings.HasSuffix(h, "date") || h == "founded":
				s.xkinds[i] = 'd'
			}
		}
	}
	if err := s.write(header); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *sink) write(rec []string) error {
	s.rows++
	if s.cw != nil {
		if err := s.cw.Write(rec); err != nil {
			return err
		}
	}
	if s.sw != nil {
		s.xbuf = s.xbuf[:0]
		for i, c := range rec {
			s.xbuf = append(s.xbuf, s.xlsxCell(i, c))
		}
		cell, err := excelize.CoordinatesToCellName(1, s.rows)
		if err != nil {
			return err
		}
		if err := s.sw.SetRow(cell, s.xbuf); err != nil {
			return err
		}
	}
	return nil
}

// xlsxCell is what a clerk's workbook holds: amounts and counts as
// numbers, dates as date cells (a serial number with a date format), the
// rest, and any cell that does not read as its column's type, as text.
func (s *sink) xlsxCell(col int, c string) any {
	if s.rows == 1 || col >= len(s.xkinds) {
		return c
	}
	switch s.xkinds[col] {
	case 'n':
		if f, err := strconv.ParseFloat(c, 64); err == nil && !strings.ContainsAny(c, "eEnN") {
			return f
		}
	case 'd':
		if t, err := time.Parse("2006-01-02", c); err == nil {
			return excelize.Cell{StyleID: s.xdate, Value: t}
		}
	}
	return c
}

func (s *sink) close() error {
	if s.cw != nil {
		s.cw.Flush()
		if err := s.cw.Error(); err != nil {
			return err
		}
		if err := s.bw.Flush(); err != nil {
			return err
		}
		if err := s.f.Close(); err != nil {
			return err
		}
	}
	if s.sw != nil {
		if err := s.sw.Flush(); err != nil {
			return err
		}
		if err := s.xf.SaveAs(s.xpath); err != nil {
			return err
		}
		return s.xf.Close()
	}
	return nil
}

// entity is one row of the enterprise roster.
type entity struct {
	uscc, name, district, kind string
	dengfeng                   bool // meets the 登峰 general route
}

// gen holds the generator's state.
type gen struct {
	r        *rand.Rand
	n        int
	end      time.Time // last day of the period
	start    time.Time // first event date
	sinks    map[string]*sink
	ents     []entity
	big      int // the first big entities hold most grants
	seq      int
	people   int
	invalid  map[string]int
	rows     map[string]int
	lastRow  map[string][]string
	outsider string // a valid USCC not on the roster
}

func newGen(seed uint64, n int, end time.Time) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x5eed)), n: n, end: end,
		invalid: map[string]int{}, rows: map[string]int{}, lastRow: map[string][]string{}}
	g.start = time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)
	if y := end.AddDate(-2, 0, 0); y.After(g.start) {
		g.start = y
	}
	return g
}

// districts as rosters write them: codes and names.
var districts = []string{"320508", "姑苏区", "320505", "苏州高新区", "320506", "吴中区", "320507", "相城区", "320509", "吴江区",
	"320571", "苏州工业园区", "320581", "常熟市", "320582", "张家港市", "320583", "昆山市", "320585", "太仓市"}

var nameParts = []string{"星海", "鼎力", "青禾", "沙洲", "光谱", "精工", "云帆", "纳芯", "恒通", "博远", "华创", "东吴", "金鸡湖", "阳澄", "太湖", "虞山"}
var nameKinds = []string{"半导体", "精密模具", "新材料", "生物医药", "智能装备", "软件", "光电", "汽车部件"}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) chance(pct float64) bool { return g.r.Float64()*100 < pct }

// day returns a random date between start and the period's end.
func (g *gen) day() time.Time {
	span := int(g.end.Sub(g.start).Hours()/24) + 1
	return g.start.AddDate(0, 0, g.r.IntN(span))
}

func ds(t time.Time) string { return t.Format("2006-01-02") }

// money formats fen as a plain amount, sometimes with thousands separators
// as clerks type them.
func (g *gen) money(fen int64) string {
	s := fmt.Sprintf("%d.%02d", fen/100, fen%100)
	if g.chance(5) && fen >= 100000 {
		ip := fmt.Sprint(fen / 100)
		var b strings.Builder
		for i, c := range ip {
			if i > 0 && (len(ip)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		s = fmt.Sprintf("%s.%02d", b.String(), fen%100)
	}
	return s
}

// amount draws a round-ish amount in yuan between lo and hi (log-uniform).
func (g *gen) amount(lo, hi int64) int64 {
	x := float64(lo)
	for x*1.5 < float64(hi) && g.chance(55) {
		x *= 1.5
	}
	y := int64(x + g.r.Float64()*x)
	if y > hi {
		y = hi
	}
	return y * 100
}

// all writes every roster.
func (g *gen) all() {
	g.enterprises()
	g.fx()
	shares := []struct {
		name string
		pct  int
		fn   func(left int) int
	}{
		{"grants", 40, g.grants}, {"licensing", 18, g.licensing}, {"litigation", 10, g.litigation},
		{"insurance", 12, g.insurance}, {"financing", 12, g.financing}, {"awards", 8, g.awards},
	}
	done := 0
	for i, s := range shares {
		want := g.n * s.pct / 100
		if i == len(shares)-1 {
			want = g.n - done
		}
		for left := want; left > 0; {
			left -= s.fn(left)
		}
		done += want
	}
}

// emit writes a row, first applying (-invalid per cent of the time, 1 by
// default) one invalid mutation of the kinds the roster can have. It
// returns the rows written.
func (g *gen) emit(roster string, rec []string, kinds map[string]func([]string)) int {
	if len(kinds) > 0 && g.chance(*invalidPct) {
		names := make([]string, 0, len(kinds)+2)
		for k := range kinds {
			if !strings.HasPrefix(k, "_") {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		names = append(names, "duplicate_row")
		if _, ok := g.lastRow[roster]; ok {
			names = append(names, "conflicting_row")
		}
		k := g.pick(names)
		g.invalid[roster+" "+k]++
		switch k {
		case "duplicate_row":
			g.put(roster, rec)
			g.put(roster, rec)
			return 2
		case "conflicting_row":
			// same natural key as the previous row, different content
			prev := append([]string(nil), g.lastRow[roster]...)
			kinds["_conflict"](prev)
			g.put(roster, prev)
			return 1
		}
		kinds[k](rec)
	}
	g.put(roster, rec)
	return 1
}

func (g *gen) put(roster string, rec []string) {
	g.rows[roster]++
	g.lastRow[roster] = append(g.lastRow[roster][:0], rec...)
	if err := g.sinks[roster].write(rec); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

// common mutations, by column index.
func (g *gen) badUSCC(i int) func([]string) {
	return func(r []string) {
		b := []byte(r[i])
		if b[17] == '0' {
			b[17] = '1'
		} else {
			b[17] = '0'
		}
		r[i] = string(b)
	}
}
func blank(i int) func([]string)            { return func(r []string) { r[i] = "" } }
func set(i int, v string) func([]string)    { return func(r []string) { r[i] = v } }
func badDate(i int) func([]string)          { return set(i, "2022-13-45") }
func badAmount(i int) func([]string)        { return func(r []string) { r[i] = "12345.678" } }
func negative(i int) func([]string)         { return func(r []string) { r[i] = "-" + r[i] } }
func (g *gen) future(i int) func([]string)  { return set(i, ds(g.end.AddDate(0, 0, 3))) }
func noPolicy(i int) func([]string)         { return set(i, "2021-03-15") }
func (g *gen) outside(i int) func([]string) { return func(r []string) { r[i] = g.outsider } }

func (g *gen) usccOf(prefix string, i int) string {
	return ids.MakeUSCC(fmt.Sprintf("%s320500%09d", prefix, i))
}

func (g *gen) enterprises() {
	m := g.n / 20
	m = max(60, min(m, 200000))
	g.big = max(5, m/100)
	g.outsider = g.usccOf("91", 999999999)
	kinds := map[string]func([]string){
		"invalid_uscc":     g.badUSCC(0),
		"missing_value":    blank(1),
		"unknown_district": set(2, "上海市"),
		"invalid_value":    set(3, "company"),
		"invalid_date":     badDate(4),
		"_conflict":        func(r []string) { r[1] += "（新）" },
	}
	for i := 0; i < m; i++ {
		kind := "enterprise"
		switch x := g.r.IntN(100); {
		case i < g.big && i%3 == 0, x < 4:
			kind = "university"
		case x < 8:
			kind = "institute"
		case x < 11:
			kind = "agency"
		case x < 13:
			kind = "platform"
		}
		prefix := map[string]string{"enterprise": "91", "university": "12", "institute": "12", "agency": "52", "platform": "91"}[kind]
		e := entity{uscc: g.usccOf(prefix, i), district: g.pick(districts), kind: kind}
		e.name = fmt.Sprintf("苏州%s%s%s有限公司%d", g.pick(nameParts), g.pick(nameParts), g.pick(nameKinds), i)
		if kind == "university" {
			e.name = fmt.Sprintf("苏州%s大学%d", g.pick(nameParts), i)
		}
		founded := time.Date(1995+g.r.IntN(25), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
		rec := make([]string, 19)
		rec[0], rec[1], rec[2], rec[3], rec[4] = e.uscc, e.name, e.district, kind, ds(founded)
		rec[5] = "none"
		if kind == "enterprise" {
			switch x := g.r.IntN(100); {
			case x < 6:
				rec[5], rec[6] = "growth", ds(g.day())
			case x < 10:
				rec[5], rec[6] = "advantage", ds(founded.AddDate(3, 0, 0))
			}
			switch x := g.r.IntN(100); {
			case x < 2:
				rec[7], rec[8] = "advantage", ds(g.day())
			case x < 3:
				rec[7], rec[8] = "demonstration", ds(g.day())
			default:
				rec[7] = "none"
			}
		}
		rec[9] = g.pick([]string{"否", "no", "", "是"})
		prior := 0
		if !g.chance(15) {
			prior = g.r.IntN(60)
		}
		rec[10] = fmt.Sprint(prior)
		if g.chance(2) {
			rec[10] = "" // unknown: a first invention grant is then listed missing_value
		}
		e.dengfeng = kind == "enterprise" && g.chance(5)
		if e.dengfeng {
			rec[11], rec[12], rec[13], rec[14], rec[15], rec[16], rec[17] = fmt.Sprint(50+g.r.IntN(80)), fmt.Sprint(5+g.r.IntN(10)), fmt.Sprint(g.r.IntN(5)), fmt.Sprint(1+g.r.IntN(30)), fmt.Sprint(1+g.r.IntN(4)), "是", "yes"
		} else {
			rec[11], rec[12], rec[13], rec[14], rec[15], rec[16], rec[17] = fmt.Sprint(g.r.IntN(30)), fmt.Sprint(g.r.IntN(4)), "0", fmt.Sprint(g.r.IntN(8)), "0", "否", "no"
		}
		if g.chance(1) {
			rec[18] = g.pick([]string{"little_giant", "unicorn", "key_field"})
		}
		g.emit("enterprises", rec, kinds)
		g.ents = append(g.ents, e)
	}
}

// fxRates are the published series: CNY per units, or units per CNY.
var fxRates = []struct {
	cur   string
	base  int64 // rate × 10^4
	units string
	quote string
}{
	{"USD", 67000, "1", "cny_per_unit"}, {"EUR", 74000, "1", "cny_per_unit"}, {"JPY", 50000, "100", "cny_per_unit"},
	{"GBP", 86000, "1", "cny_per_unit"}, {"HKD", 8600, "1", "cny_per_unit"}, {"KRW", 1850000, "1", "unit_per_cny"},
}

func (g *gen) fx() {
	kinds := map[string]func([]string){"invalid_value": set(2, "abc"), "missing_value": blank(0), "invalid_date": badDate(1),
		"_conflict": func(r []string) { r[2] = "1.2345" }}
	for _, c := range fxRates {
		rate := c.base
		for d := g.start.AddDate(0, 0, -20); !d.After(g.end); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				continue
			}
			rate += (g.r.Int64N(41) - 20) * c.base / 20000
			rec := []string{c.cur, ds(d), fmt.Sprintf("%d.%04d", rate/10000, rate%10000), c.units, c.quote}
			if c.quote == "cny_per_unit" && g.chance(50) {
				rec[4] = ""
				if c.units == "1" {
					rec[3] = ""
				}
			}
			g.emit("fx", rec, kinds)
		}
	}
}

// holder picks a holder of grants: big entities hold most of them, so
// thresholds (10 and 100 domestic inventions a year) and group caps bind.
func (g *gen) holder() entity {
	if g.chance(60) {
		return g.ents[g.r.IntN(g.big)]
	}
	return g.ents[g.r.IntN(len(g.ents))]
}

// payer picks the recipient of a payment row: nearly always an enterprise
// (the programs are for enterprises), now and then another entity, which
// the engine lists not_payable.
func (g *gen) payer() entity {
	e := g.ents[g.r.IntN(len(g.ents))]
	for i := 0; i < 20 && e.kind != "enterprise" && g.chance(97); i++ {
		e = g.ents[g.r.IntN(len(g.ents))]
	}
	return e
}

var foreignOffices = []string{"US", "EP", "JP", "KR", "DE", "GB", "FR", "SG", "RU", "BR"}
var madridOffices = []string{"US", "EM", "JP", "KR", "GB", "AU"}

func (g *gen) grants(left int) int {
	kinds := map[string]func([]string){
		"invalid_uscc": g.badUSCC(0), "missing_value": blank(1), "invalid_value": set(2, "software"),
		"invalid_date": badDate(5), "future_dated": g.future(5), "no_policy": noPolicy(5),
		"unknown_recipient": g.outside(0), "bad_office": set(3, "USA"),
		"_conflict": func(r []string) {
			if r[4] == "domestic" {
				r[4] = "paris"
			} else {
				r[4] = "domestic"
			}
		},
	}
	e := g.holder()
	g.seq++
	d := g.day()
	num := fmt.Sprintf("ZL%d1%07d.%d", d.Year(), g.seq, g.seq%10)
	switch x := g.r.IntN(100); {
	case x < 8:
		return g.emit("grants", []string{e.uscc, num, g.pick([]string{"utility_model", "实用新型", "design"}), "CN", "domestic", ds(d)}, kinds)
	case x < 28:
		return g.emit("grants", []string{e.uscc, fmt.Sprintf("%s%d%07d", "F", d.Year(), g.seq), "invention", g.pick(foreignOffices), g.pick([]string{"pct", "paris", "PCT", "domestic"}), ds(d)}, kinds)
	case x < 33:
		n, w := 1+g.r.IntN(3), 0
		for i := 0; i < n && w < left; i++ {
			w += g.emit("grants", []string{e.uscc, fmt.Sprintf("M%07d", g.seq), "madrid_trademark", madridOffices[i], "madrid", ds(d)}, kinds)
		}
		return w
	default:
		return g.emit("grants", []string{e.uscc, num, g.pick([]string{"invention", "发明"}), "CN", g.pick([]string{"domestic", "国内"}), g.pick([]string{ds(d), d.Format("2006/01/02"), d.Format("2006年1月2日")})}, kinds)
	}
}

// currency draws a payment currency; fx rates exist for all but CHF.
func (g *gen) currency() string {
	switch x := g.r.IntN(100); {
	case x < 75:
		return g.pick([]string{"CNY", "人民币", "CNY"})
	case x < 86:
		return g.pick([]string{"USD", "美元"})
	case x < 93:
		return "EUR"
	case x < 96:
		return "JPY"
	case x < 98:
		return "GBP"
	default:
		return g.pick([]string{"HKD", "KRW"})
	}
}

// payments writes a group of 1..max payments of one contract, case,
// policy or loan; mk builds the row of payment i on date d.
func (g *gen) payments(roster string, left, maxN int, kinds map[string]func([]string), mk func(i int, d time.Time) []string) int {
	n, w := 1+g.r.IntN(maxN), 0
	d := g.day()
	for i := 0; i < n && w < left; i++ {
		w += g.emit(roster, mk(i, d), kinds)
		d = d.AddDate(0, 0, 1+g.r.IntN(60))
		if d.After(g.end) {
			break
		}
	}
	return w
}

func (g *gen) paymentKinds(usccCol, amountCol, curCol, dateCol, keyCol int) map[string]func([]string) {
	return map[string]func([]string){
		"invalid_uscc": g.badUSCC(usccCol), "missing_value": blank(keyCol), "invalid_amount": badAmount(amountCol),
		"negative_amount": negative(amountCol), "invalid_date": badDate(dateCol), "future_dated": g.future(dateCol),
		"no_policy": noPolicy(dateCol), "unknown_recipient": g.outside(usccCol), "fx_missing": set(curCol, "CHF"),
		"invalid_value": set(curCol, "DOLLAR"),
		"_conflict":     func(r []string) { r[amountCol] = "99999.00" },
	}
}

func (g *gen) licensing(left int) int {
	e := g.payer()
	g.seq++
	cid := fmt.Sprintf("2022320500%07d", g.seq)
	role := g.pick([]string{"licensee", "assignee", "licensee", "被许可方", "licensee", "assignee", "licensee", "受让方", "licensee", "licensor"})
	kind := g.pick([]string{"license", "assignment", "许可"})
	cur := g.currency()
	lo, hi := int64(50000), int64(8000000)
	if cur != "CNY" && cur != "人民币" {
		lo, hi = 10000, 1000000
		if cur == "JPY" || cur == "KRW" {
			lo, hi = 1000000, 100000000
		}
	}
	kinds := g.paymentKinds(1, 6, 7, 8, 0)
	kinds["invalid_value_role"] = set(2, "buyer")
	return g.payments("licensing", left, 4, kinds, func(i int, d time.Time) []string {
		return []string{cid, e.uscc, role, kind, "某交易对方" + fmt.Sprint(g.seq%997), g.pick([]string{"no", "yes", ""}),
			g.money(g.amount(lo, hi)), cur, ds(d), g.pick([]string{"", "1"})}
	})
}

func (g *gen) litigation(left int) int {
	e := g.payer()
	g.seq++
	cid := fmt.Sprintf("C-%07d", g.seq)
	jur := g.pick([]string{"US", "US", "DE", "JP", "KR", "GB", "HK", "EP", "US", "DE", "JP", "US", "DE", "JP", "CN"})
	cur := g.pick([]string{"USD", "USD", "EUR", "JPY", "CNY", "HKD"})
	lo, hi := int64(20000), int64(600000)
	if cur == "JPY" {
		lo, hi = 2000000, 60000000
	}
	kinds := g.paymentKinds(1, 4, 5, 6, 0)
	kinds["bad_jurisdiction"] = set(2, "America")
	return g.payments("litigation", left, 5, kinds, func(i int, d time.Time) []string {
		return []string{cid, e.uscc, jur, fmt.Sprintf("INV-%d-%d", g.seq, i), g.money(g.amount(lo, hi)), cur, ds(d)}
	})
}

func (g *gen) insurance(left int) int {
	e := g.payer()
	g.seq++
	pol := fmt.Sprintf("PICC-%07d", g.seq)
	kinds := g.paymentKinds(1, 3, 4, 5, 0)
	return g.payments("insurance", left, 3, kinds, func(i int, d time.Time) []string {
		return []string{pol, e.uscc, "中国人民财产保险股份有限公司苏州分公司", g.money(g.amount(10000, 150000)), g.pick([]string{"", "CNY", "人民币"}), ds(d), ""}
	})
}

func (g *gen) financing(left int) int {
	e := g.payer()
	g.seq++
	loan := fmt.Sprintf("LN-%07d", g.seq)
	kinds := g.paymentKinds(1, 4, 5, 6, 0)
	kinds["invalid_value_fee"] = set(3, "commission")
	kinds["_conflict"] = func(r []string) { r[4] = "99999.00" }
	return g.payments("financing", left, 3, kinds, func(i int, d time.Time) []string {
		return []string{loan, e.uscc, "江苏银行苏州分行", g.pick([]string{"evaluation", "guarantee", "评估费", "担保费", "evaluation", "guarantee", "evaluation", "guarantee", "evaluation", "guarantee", "guarantee", "interest"}),
			g.money(g.amount(20000, 300000)), g.pick([]string{"", "CNY"}), ds(d), fmt.Sprint(1 + i%2)}
	})
}

// awardPrograms are the committee programs drawn, with a weight and the
// amount range (yuan); most have no count limit, a few do and bind.
var awardPrograms = []struct {
	id         string
	weight     int
	lo, hi     int64
	individual bool
}{
	{"award.patent_prize", 20, 100000, 1200000, false},
	{"award.agency_prize", 6, 20000, 150000, false},
	{"operation.platform", 8, 100000, 800000, false},
	{"industry.navigation", 8, 50000, 400000, false},
	{"industry.center", 4, 500000, 3000000, false},
	{"service.public_point", 6, 50000, 600000, false},
	{"service.excellence", 6, 50000, 600000, false},
	{"service.high_end_agency", 4, 100000, 1200000, false},
	{"finance.innovation", 6, 100000, 1200000, false},
	{"talent.settlement", 8, 200000, 1500000, true},
	{"award.outstanding_inventor", 3, 50000, 350000, true},
	{"award.excellent_patent", 4, 50000, 350000, false},
	{"high_value_cultivation", 2, 200000, 1200000, false},
	{"industry.patent_pool", 3, 100000, 2000000, false},
	{"protection.overseas_warning", 3, 20000, 200000, false},
	{"dengfeng", 10, 0, 0, false},
}

func (g *gen) awards(left int) int {
	total := 0
	for _, p := range awardPrograms {
		total += p.weight
	}
	x := g.r.IntN(total)
	i := 0
	for ; x >= awardPrograms[i].weight; i++ {
		x -= awardPrograms[i].weight
	}
	p := awardPrograms[i]
	kinds := map[string]func([]string){
		"invalid_uscc": g.badUSCC(1), "missing_value": blank(6), "invalid_amount": badAmount(5), "negative_amount": negative(5),
		"invalid_date": badDate(6), "future_dated": g.future(6), "no_policy": noPolicy(6), "unknown_recipient": g.outside(1),
		"unknown_program": set(0, "award.best_idea"),
		"_conflict":       func(r []string) { r[5] = "12345.00" },
	}
	g.seq++
	d := g.day()
	if d.Before(time.Date(2021, 10, 1, 0, 0, 0, 0, time.UTC)) {
		d = time.Date(2021, 10, 1, 0, 0, 0, 0, time.UTC)
	}
	ref := fmt.Sprintf("苏知发〔%d〕%d号", d.Year(), g.seq%500)
	pid := fmt.Sprintf("P-%d-%07d", d.Year(), g.seq)
	if p.individual {
		g.people++
		id := ids.MakeIDNumber(fmt.Sprintf("320502%s%03d", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.people%10000).Format("20060102"), g.people%1000))
		kinds["invalid_id"] = func(r []string) { r[1] = r[1][:17] + map[bool]string{true: "1", false: "0"}[r[1][17] == '0'] }
		delete(kinds, "invalid_uscc")
		delete(kinds, "unknown_recipient")
		kinds["unknown_district"] = set(3, "杭州市")
		return g.emit("awards", []string{p.id, id, "个人" + fmt.Sprint(g.people), g.pick(append([]string{""}, districts...)), pid,
			g.money(g.amount(p.lo, p.hi)), ds(d), ref, "", "", ""}, kinds)
	}
	e := g.ents[g.r.IntN(len(g.ents))]
	switch p.id {
	case "award.agency_prize":
		for j := 0; j < 20 && e.kind != "agency"; j++ {
			e = g.ents[g.r.IntN(len(g.ents))]
		}
	case "dengfeng":
		for j := 0; j < 50 && !e.dengfeng; j++ {
			e = g.ents[g.r.IntN(len(g.ents))]
		}
		w := g.emit("awards", []string{"dengfeng", e.uscc, e.name, "", pid, "", ds(d), ref, "approval", "", ""}, kinds)
		if w >= left {
			return w
		}
		acc := d.AddDate(1+g.r.IntN(2), 0, 0)
		stage, result := "acceptance", g.pick([]string{"pass", "pass", "pass", "合格", "fail"})
		if g.chance(5) {
			stage, result = "terminated", ""
		}
		if acc.After(g.end) {
			return w
		}
		inv := g.amount(800000, 4000000)
		return w + g.emit("awards", []string{"dengfeng", e.uscc, e.name, "", pid, g.money(g.amount(300000, 900000)), ds(acc), ref, stage, result, g.money(inv)}, kinds)
	}
	return g.emit("awards", []string{p.id, e.uscc, e.name, "", pid, g.money(g.amount(p.lo, p.hi)), ds(d), ref, "", "", ""}, kinds)
}

func (g *gen) summary() {
	fmt.Fprintf(os.Stderr, "gen: %d event rows requested; rows written:", g.n)
	for _, r := range rosters {
		fmt.Fprintf(os.Stderr, " %s %d", r.name, g.rows[r.name])
	}
	fmt.Fprintln(os.Stderr)
	keys := make([]string, 0, len(g.invalid))
	for k := range g.invalid {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tot := 0
	for _, k := range keys {
		tot += g.invalid[k]
	}
	fmt.Fprintf(os.Stderr, "gen: %d rows made invalid on purpose:", tot)
	for _, k := range keys {
		fmt.Fprintf(os.Stderr, " %s=%d", strings.Replace(k, " ", ":", 1), g.invalid[k])
	}
	fmt.Fprintln(os.Stderr)
}
