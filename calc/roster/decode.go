package roster

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// cells reads the typed values of one record and collects the rejections of
// its bad cells, each located by file, row and column.
type cells struct {
	s   *Schema
	r   Record
	rej []ledger.Rejection
	// typed collects the cells that read otherwise than typed: column,
	// text (see Source.Typed).
	typed strings.Builder
}

// typedAs notes that the cell of column name, typed raw, reads as shown.
func (c *cells) typedAs(name, raw, shown string) {
	if raw == shown {
		return
	}
	if c.typed.Len() > 0 {
		c.typed.WriteString(typedNext)
	}
	c.typed.WriteString(name)
	c.typed.WriteString(typedSep)
	c.typed.WriteString(raw)
}

func (c *cells) raw(name string) string {
	i := c.s.Index(name)
	if i < 0 || i >= len(c.r.Cells) {
		return ""
	}
	v := c.r.Cells[i]
	// The common cell has nothing to trim: it begins and ends with a
	// printable ASCII character (every space, U+3000 and U+00A0 begin
	// and end otherwise).
	if n := len(v); n > 0 && v[0] > ' ' && v[0] < 0x80 && v[n-1] > ' ' && v[n-1] < 0x80 {
		return v
	}
	return strings.TrimSpace(strings.Trim(v, "\u3000\u00a0"))
}

// folded is a cell that is not free text, as value.Fold reads it.
func (c *cells) folded(name string) string { return value.Fold(c.raw(name)) }

func (c *cells) fail(column, val, code string, m msg.Text) {
	r := ledger.Rejection{
		File: c.r.File, Row: c.r.Row, Column: column, Value: val,
		Code: code, Class: ledger.ClassOf(code), Message: m, ColumnZh: ColumnZh(c.s.Kind, column),
	}
	if typed := c.raw(column); typed != val && val != "" {
		r.Typed = typed
	}
	c.rej = append(c.rej, r)
}

func (c *cells) columnLabel(name string) (string, string) {
	if i := c.s.Index(name); i >= 0 {
		return name, c.s.Columns[i].Zh
	}
	return name, name
}

func (c *cells) missing(name string) {
	en, zh := c.columnLabel(name)
	c.fail(name, "", "missing_value", msg.F("%s（%s）为空，本行需要该值", "%[2]s (%[1]s) is blank; this row needs a value", zh, en))
}

func (c *cells) valueErr(name, v string, err error) {
	en, zh := c.columnLabel(name)
	code, reason := "invalid_value", msg.T(err.Error(), err.Error())
	switch e := err.(type) {
	case *value.Error:
		code, reason = e.Code, e.Reason
	case *ids.Error:
		code, reason = e.Code, e.Reason
	}
	c.fail(name, v, code, msg.F("%[1]s（%[2]s）的值“%[3]s”无效：%[4]s", "%[2]s (%[1]s) value %[3]q is invalid: %[5]s", zh, en, v, reason.Zh, reason.En))
}

// text returns a text column; required blanks are listed missing_value,
// and a text with an invisible control character invalid_value.
func (c *cells) text(name string, required bool) string {
	v := c.raw(name)
	if v == "" && required {
		c.missing(name)
	}
	if i := controlChar(v); i >= 0 {
		en, zh := c.columnLabel(name)
		c.fail(name, v, "invalid_value", msg.F(
			"%[1]s（%[2]s）含有不可见的控制字符 U+%04[3]X，请重新输入该单元格",
			"%[2]s (%[1]s) contains an invisible control character U+%04[3]X; retype the cell", zh, en, v[i]))
	}
	return v
}

// controlChar returns the index of the first control character in v other
// than tab, CR and LF (C0 or DEL), or -1. A spreadsheet cell cannot hold
// most of them, and none is meant in a name or a reference.
func controlChar(v string) int {
	for i := 0; i < len(v); i++ {
		if b := v[i]; (b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7f {
			return i
		}
	}
	return -1
}

func (c *cells) date(name string, required bool) OptDate {
	v := c.folded(name)
	if v == "" {
		if required {
			c.missing(name)
		}
		return OptDate{}
	}
	d, err := value.ParseDate(v)
	if err != nil {
		c.valueErr(name, v, err)
		return OptDate{}
	}
	c.typedAs(name, c.raw(name), d.String())
	return OptDate{D: d, Set: true}
}

func (c *cells) amount(name string, required bool) OptAmount {
	v := c.folded(name)
	if v == "" {
		if required {
			c.missing(name)
		}
		return OptAmount{}
	}
	a, err := value.ParseAmount(v)
	if err != nil {
		c.valueErr(name, v, err)
		return OptAmount{}
	}
	if raw := c.raw(name); strings.Trim(raw, "0123456789.") != "" {
		// typed with separators, a currency sign or full-width digits;
		// 5500000 for 5500000.00 (a spreadsheet's number) reads as typed
		c.typedAs(name, raw, value.FormatPlain(a))
	}
	return OptAmount{A: a, Set: true}
}

// payment reads the amount a row pays or claims: a zero is listed
// zero_amount, as a row with nothing to subsidise would become a zero line
// that blocks the corrected row of a later roster (changed_after_payment).
func (c *cells) payment(name string, required bool) OptAmount {
	a := c.amount(name, required)
	if a.Set && a.A.IsZero() {
		en, zh := c.columnLabel(name)
		c.fail(name, c.raw(name), "zero_amount", msg.F("%[1]s（%[2]s）为 0：没有可补贴的金额；请填写实际金额，或删除该行",
			"%[2]s (%[1]s) is 0: there is nothing to subsidise; give the actual amount or delete the row", zh, en))
		return OptAmount{}
	}
	return a
}

func (c *cells) count(name string) OptInt {
	v := c.folded(name)
	if v == "" {
		return OptInt{}
	}
	n, err := value.ParseCount(v)
	if err != nil {
		c.valueErr(name, v, err)
		return OptInt{}
	}
	return OptInt{N: n, Set: true}
}

func (c *cells) yesNo(name string) bool {
	v := c.folded(name)
	b, err := value.ParseBool(v)
	if err != nil {
		c.valueErr(name, v, err)
	}
	return b
}

// enum returns the English value of an enumeration cell given by its
// English value or Chinese label (case-insensitive); blank returns "".
func (c *cells) enum(name string, required bool) string {
	v := c.folded(name)
	if v == "" {
		if required {
			c.missing(name)
		}
		return ""
	}
	col := c.s.Columns[c.s.Index(name)]
	for _, ch := range col.Enum {
		if strings.EqualFold(v, ch.Value) || v == ch.Zh {
			c.typedAs(name, c.raw(name), ch.Value)
			return ch.Value
		}
	}
	var allowed []string
	for _, ch := range col.Enum {
		allowed = append(allowed, ch.Value+"（"+ch.Zh+"）")
	}
	en, zh := c.columnLabel(name)
	c.fail(name, v, "invalid_value", msg.F("%s（%s）的值“%s”不在可选范围内：%s", "%[2]s (%[1]s) value %[3]q is not one of: %[4]s",
		zh, en, v, strings.Join(allowed, "、")))
	return ""
}

func (c *cells) uscc(name string) string {
	v := c.raw(name)
	if value.Fold(v) == "" {
		c.missing(name)
		return ""
	}
	u := ids.NormalizeUSCC(v)
	if err := ids.CheckUSCC(u); err != nil {
		c.valueErr(name, v, err)
		return ""
	}
	c.typedAs(name, v, u)
	return u
}

var codeRe = regexp.MustCompile(`^[A-Z]{2}$`)

// code reads an identifier of a natural key in its canonical form canon
// (see package ids); a required blank is listed missing_value, a cell
// with an invisible control character invalid_value.
func (c *cells) code(name string, required bool, canon func(string) string) string {
	v := c.text(name, false)
	k := canon(v)
	if k == "" && required {
		c.missing(name)
	}
	c.typedAs(name, v, k)
	return k
}

// region reads an ISO 3166 alpha-2 code (or EP), upper-cased.
func (c *cells) region(name string) string {
	v := strings.ToUpper(c.folded(name))
	if v == "" {
		c.missing(name)
		return ""
	}
	c.typedAs(name, c.raw(name), v)
	if !codeRe.MatchString(v) {
		en, zh := c.columnLabel(name)
		c.fail(name, v, "invalid_value", msg.F("%s（%s）的值“%s”不是两位国家或地区代码（如 US、EP、HK）", "%[2]s (%[1]s) value %[3]q is not a two-letter country or region code (e.g. US, EP, HK)", zh, en, v))
		return ""
	}
	return v
}

var currencyNames = map[string]string{
	"人民币": "CNY", "元": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP",
	"港元": "HKD", "港币": "HKD", "韩元": "KRW", "澳元": "AUD", "加元": "CAD", "瑞士法郎": "CHF",
	"新加坡元": "SGD", "新台币": "TWD", "澳门元": "MOP", "卢布": "RUB", "泰铢": "THB", "林吉特": "MYR",
}

var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// currency reads a currency; blank means CNY where the column is optional.
func (c *cells) currency(required bool) string {
	v := c.folded("currency")
	if v == "" {
		if required {
			c.missing("currency")
			return ""
		}
		return "CNY"
	}
	if code, ok := currencyNames[v]; ok {
		c.typedAs("currency", c.raw("currency"), code)
		return code
	}
	u := strings.ToUpper(v)
	if !currencyRe.MatchString(u) {
		c.fail("currency", v, "invalid_value", msg.F("币种（currency）的值“%s”不是 ISO 4217 三位代码（如 CNY、USD）", "currency value %q is not an ISO 4217 code (e.g. CNY, USD)", v))
		return ""
	}
	c.typedAs("currency", c.raw("currency"), u)
	return u
}

func (c *cells) paymentNo() int {
	n := c.count("payment_no")
	if !n.Set || n.N == 0 {
		return 1
	}
	return n.N
}

// Decoder decodes the records of rosters into typed rows: the reference
// rows (enterprises, fx, budget) into Batch, each event row into the one
// row it keeps for its roster, reused for the next record of that roster.
// The zero Decoder is ready to use.
type Decoder struct {
	// Batch holds the reference rows decoded so far.
	Batch  Batch
	events map[Kind]Event
	c      cells
}

// Decode decodes one record of roster kind and returns the rejections of
// the row's bad cells: a row with any is not kept (it is listed). A
// reference row is appended to d.Batch; an event row is returned, valid
// until the next record of its roster.
func (d *Decoder) Decode(kind Kind, r Record) (Event, []ledger.Rejection) {
	d.c = cells{s: schemas[kind], r: r}
	c := &d.c
	if c.s.event == nil {
		d.decodeReference(kind, c)
		return nil, c.rej
	}
	ev := d.events[kind]
	if ev == nil {
		if d.events == nil {
			d.events = map[Kind]Event{}
		}
		ev = c.s.event()
		d.events[kind] = ev
	}
	ev.decode(c)
	if len(c.rej) > 0 {
		return nil, c.rej
	}
	return ev, nil
}

// source is the source of the record being decoded, its typed cells not
// yet noted.
func (c *cells) source() Source { return Source{File: c.r.File, Row: c.r.Row} }

// decodeReference decodes a row of a reference roster into d.Batch.
func (d *Decoder) decodeReference(kind Kind, c *cells) {
	b, src := &d.Batch, c.source()
	switch kind {
	case Enterprises:
		e := Enterprise{Src: src, USCC: c.uscc("uscc"), Name: c.text("name", true),
			District: c.text("district", true), EntityType: c.enum("entity_type", true),
			Founded: c.date("founded", false), Tier: c.enum("tier", false), TierDate: c.date("tier_date", false),
			NationalTitle: c.enum("national_title", false), TitleDate: c.date("title_date", false),
			TalentStartup: c.yesNo("talent_startup"), PriorInventionGrants: c.count("prior_invention_grants"),
			ValidInventionPatents: c.count("valid_invention_patents"), OverseasInventionApplications: c.count("overseas_invention_applications"),
			OverseasInventionGrants: c.count("overseas_invention_grants"), RegisteredTrademarks: c.count("registered_trademarks"),
			Standards: c.count("standards"), ProvincialRDCenter: c.yesNo("provincial_rd_center"),
			IPCertified: c.yesNo("ip_certified"), Relaxation: c.enum("relaxation", false)}
		if e.Tier == "none" {
			e.Tier = ""
		}
		if e.NationalTitle == "none" {
			e.NationalTitle = ""
		}
		e.Src.Typed = c.typed.String()
		if len(c.rej) == 0 {
			b.Enterprises = append(b.Enterprises, e)
		}
	case Budgets:
		bg := Budget{Src: src, Funder: c.code("funder", true, value.Fold), Program: strings.ToLower(c.code("program", true, value.Fold)),
			Amount: c.amount("amount", true).A, Reference: c.text("reference", false)}
		if y := c.count("year"); y.Set {
			bg.Year = y.N
		} else if c.raw("year") == "" {
			c.missing("year")
		}
		bg.Src.Typed = c.typed.String()
		if len(c.rej) == 0 {
			b.Budgets = append(b.Budgets, bg)
		}
	case FX:
		r := Rate{Src: src, Currency: c.currency(true), Date: c.date("date", true).D, Units: decimal.NewFromInt(1), Quote: c.enum("quote", false)}
		if v := c.folded("rate"); v == "" {
			c.missing("rate")
		} else if x, err := value.ParseRate(v); err != nil {
			c.valueErr("rate", v, err)
		} else {
			r.Rate = x
		}
		if v := c.folded("units"); v != "" {
			if x, err := value.ParseRate(v); err != nil {
				c.valueErr("units", v, err)
			} else {
				r.Units = x
			}
		}
		if r.Quote == "" {
			r.Quote = "cny_per_unit"
		}
		r.Src.Typed = c.typed.String()
		if len(c.rej) == 0 {
			b.FX = append(b.FX, r)
		}
	}
}

// CodeFieldCount is the rejection of a CSV row with more fields than its
// header has columns: its cells would be read shifted, so none is.
const CodeFieldCount = "field_count"

// ListedAmount returns the amount and currency a listed record carries, as
// far as they can be read, for the reconciliation's listed totals.
func ListedAmount(kind Kind, r Record) (decimal.Decimal, string, bool) {
	s := schemas[kind]
	c := &cells{s: s, r: r}
	col := "amount"
	if s.Index(col) < 0 {
		col = "premium" // 知识产权保险 claims its premium
	}
	if s.Index(col) < 0 {
		return decimal.Zero, "", false
	}
	a, err := value.ParseAmount(c.raw(col))
	if err != nil {
		return decimal.Zero, "", false
	}
	cur := "CNY"
	if s.Index("currency") >= 0 {
		if v := c.raw("currency"); v != "" {
			cur = strings.ToUpper(v)
			if code, ok := currencyNames[v]; ok {
				cur = code
			}
		}
	}
	return a, cur, true
}
