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

// Columns are the ledger's CSV columns in order (spec §5).
var Columns = []string{
	"line_id", "period", "program", "program_name", "clause", "policy_version",
	"funder", "recipient_id", "recipient_name", "district", "event_date",
	"source", "basis_cny", "rate", "computed", "cap_key", "cap_limit",
	"cap_used_before", "payable", "status", "flags", "note",
}

// ColumnsZh are the Chinese headers of the ledger columns, in the same order.
var ColumnsZh = []string{
	"明细编号", "批次月份", "项目代码", "项目名称", "政策条款", "政策版本",
	"出资方", "受款主体代码", "受款主体名称", "所属地区", "事件日期",
	"来源", "计算基数(元)", "比例", "计算金额", "限额键", "限额",
	"此前已用", "应付金额", "状态", "标记", "说明",
}

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
