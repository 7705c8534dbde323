// Package ledger defines what a batch produces: ledger lines (spec §5),
// rejections of listed rows (§1.3, §5), and the index of prior ledgers that
// keeps anything from being paid twice (§1.4).
package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// Status of a ledger line.
const (
	StatusPaid   = "paid"   // payable equals computed
	StatusCapped = "capped" // a cap, ceiling or limit reduced the amount
	StatusZero   = "zero"   // nothing payable (cap exhausted, termination)
	StatusHeld   = "held"   // 暂缓支付: its budget cannot pay it now (Line.Held)
)

// Line is one ledger line (spec §5); one per payable event.
type Line struct {
	LineID        string
	Period        string
	Program       string
	ProgramName   string
	Clause        string
	PolicyVersion string // "<policy id>@<version>"
	Funder        string // "city" or a district code
	RecipientID   string
	RecipientName string
	District      string // district code, blank for an individual without one
	EventDate     value.Date
	Source        string // roster:row and the natural key
	BasisCNY      decimal.Decimal
	Rate          decimal.Decimal
	Computed      decimal.Decimal
	CapKey        string
	CapLimit      decimal.Decimal // zero with HasCap false: no cap
	HasCap        bool
	CapUsedBefore decimal.Decimal
	Payable       decimal.Decimal
	// Held is, on a held line, what it would pay: payable waits for a
	// budget raised (issue 16). Not a ledger column: the note says it,
	// and a later batch computes the line again.
	Held   decimal.Decimal
	Status string
	Flags  []string
	Note   msg.Text
}

// LineColumns are the ledger's columns (spec §5), in order: the one table
// that every writer and reader of a ledger goes through — the CSV and JSON
// Lines writers and readers, the 明细 sheets of the workbook and their
// reader, the line spool, the line hash of the run manifest and the prior
// index's comparison of two copies of a line. A column's Kind decides how
// each of them writes and reads it (see ColumnKind).
//
// To add a column of an existing kind, edit three files:
//
//  1. this file (calc/ledger/ledger.go): the field of Line, and its entry
//     here, at its place in the CSV order;
//  2. cmd/subsidy/internal/output/ledger_xlsx_layout.go: its place, width
//     and wrapping on the 明细 sheet (lineColumns);
//  3. README.md: the column in the table of "The ledger" (spec §5).
//
// Every format follows from the table; the fixtures' expected ledgers then
// change, as the ledger does.
var LineColumns = []Column{
	{Name: "line_id", Zh: "明细编号", Kind: KindText, field: func(l *Line) any { return &l.LineID }},
	{Name: "period", Zh: "批次月份", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.Period }},
	{Name: "program", Zh: "项目代码", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.Program }},
	{Name: "program_name", Zh: "项目名称", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.ProgramName }},
	{Name: "clause", Zh: "政策条款", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.Clause }},
	{Name: "policy_version", Zh: "政策版本", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.PolicyVersion }},
	{Name: "funder", Zh: "出资方", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.Funder }},
	{Name: "recipient_id", Zh: "受款主体代码", Kind: KindText, field: func(l *Line) any { return &l.RecipientID }},
	{Name: "recipient_name", Zh: "受款主体名称", Kind: KindText, field: func(l *Line) any { return &l.RecipientName }},
	{Name: "district", Zh: "所属地区", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.District }},
	{Name: "event_date", Zh: "事件日期", Kind: KindDate, field: func(l *Line) any { return &l.EventDate }},
	{Name: "source", Zh: "来源", Kind: KindText, Provenance: true, field: func(l *Line) any { return &l.Source }},
	{Name: "basis_cny", Zh: "计算基数(元)", Kind: KindMoney, field: func(l *Line) any { return &l.BasisCNY }},
	{Name: "rate", Zh: "比例", Kind: KindRate, field: func(l *Line) any { return &l.Rate }},
	{Name: "computed", Zh: "计算金额", Kind: KindMoney, field: func(l *Line) any { return &l.Computed }},
	{Name: "cap_key", Zh: "限额键", Kind: KindText, field: func(l *Line) any { return &l.CapKey }},
	{Name: "cap_limit", Zh: "限额", Kind: KindCap, SetsCap: true, field: func(l *Line) any { return &l.CapLimit }},
	{Name: "cap_used_before", Zh: "此前已用", Kind: KindCap, field: func(l *Line) any { return &l.CapUsedBefore }},
	{Name: "payable", Zh: "应付金额", Kind: KindMoney, field: func(l *Line) any { return &l.Payable }},
	{Name: "status", Zh: "状态", Kind: KindText, Repeats: true, field: func(l *Line) any { return &l.Status }},
	{Name: "flags", Zh: "标记", Kind: KindFlags, field: func(l *Line) any { return &l.Flags }},
	{Name: "note", Zh: "说明", Kind: KindNote, field: func(l *Line) any { return &l.Note }},
}

// Columns are the names of LineColumns in order: the ledger's CSV header
// and JSON keys (spec §5).
var Columns = columnNames(func(c *Column) string { return c.Name })

// ColumnsZh are the Chinese headers of LineColumns, in the same order.
var ColumnsZh = columnNames(func(c *Column) string { return c.Zh })

// FlagString joins the flags as the ledger prints them.
func (l *Line) FlagString() string { return strings.Join(l.Flags, ";") }

// LineID builds the stable identifier of a line from its program and the
// natural key of its source (spec §1.4): never from row numbers, amounts or
// run time. It reads "<program>-<16 hex digits>".
func LineID(program string, key ...string) string {
	h := sha256.New()
	h.Write([]byte(program))
	for _, k := range key {
		h.Write([]byte{0x1f})
		h.Write([]byte(k))
	}
	return program + "-" + hex.EncodeToString(h.Sum(nil)[:8])
}

// Class of a rejection code (spec §1.3).
const (
	ClassData   = "data"   // the roster must be fixed
	ClassPolicy = "policy" // valid, but the policy pays nothing
)

// Rejection is one listed row (spec §5): the file, the row a spreadsheet
// shows (header = 1), the column and value at fault, a stable code, its
// class and a message a clerk understands.
type Rejection struct {
	File    string
	Row     int
	Column  string
	Value   string
	Code    string
	Class   string
	Message msg.Text
	// ColumnZh is Column's Chinese name, as the roster's header writes
	// it ("" when Column is not a roster column).
	ColumnZh string
	// Typed is the cell as the clerk typed it when Value shows how it
	// reads (实用新型 for utility_model, 520,000.00 for 520000.00); ""
	// when they are the same.
	Typed string
}

// Shown is the value a clerk reads for the rejection: the cell as typed,
// else Value.
func (r *Rejection) Shown() string {
	if r.Typed != "" {
		return r.Typed
	}
	return r.Value
}

// RejectionColumns are the rejections file's columns in order.
var RejectionColumns = []string{"file", "row", "column", "value", "code", "class", "message"}

// policyCodes are the codes of class policy; every other code is data.
var policyCodes = map[string]bool{
	"no_policy": true, "ineligible": true, "count_limit": true, "not_payable": true,
}

// ClassOf returns the class of a rejection code.
func ClassOf(code string) string {
	if policyCodes[code] {
		return ClassPolicy
	}
	return ClassData
}
