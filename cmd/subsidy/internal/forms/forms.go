// Package forms builds the documents a finance office makes from a ledger
// at the month end (issue 16): the public notice of the recipients
// (公示名单, 81 四(二) "经公示无异议后") and the payment approval sheet of each
// funder (拨付审批单), as workbooks that print, and the notice as CSV. The
// documents are built from ledger lines only, so a ledger already written
// (CSV, JSON Lines or a workbook) gives the same documents as the run
// that wrote it.
package forms

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
)

// Paid reports whether a line is money to pay: status paid or capped with
// a payable above zero. Zero lines (a cap used up, a terminated project)
// and lines not to be paid are on no notice and no approval sheet.
func Paid(l *ledger.Line) bool {
	return (l.Status == ledger.StatusPaid || l.Status == ledger.StatusCapped) && l.Payable.IsPositive()
}

// IsPerson reports whether a line's recipient is a person (an ID number),
// whose name is masked on a notice and whose number is shown masked.
func IsPerson(l *ledger.Line) bool { return ids.CheckIDNumber(l.RecipientID) == nil }

// MaskName hides a person's given name on a public notice: the family
// name (the first character) and, for names of three characters or more,
// the last stay; the characters between become '*': 张明 → 张*, 张小明 →
// 张*明, 欧阳小明 → 欧**明. A one-character name is "*".
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch n := len(r); {
	case n == 0:
		return ""
	case n == 1:
		return "*"
	case n == 2:
		return string(r[0]) + "*"
	default:
		return string(r[0]) + strings.Repeat("*", n-2) + string(r[n-1])
	}
}

// Dedup returns the lines of ledgers read together once each: the same
// line_id in two files (a ledger kept as CSV and as a workbook) is one
// line. The first copy stands; copies are not compared here (--prior
// refuses conflicting copies).
func Dedup(lines []ledger.Line) []ledger.Line {
	seen := make(map[string]bool, len(lines))
	out := lines[:0:0]
	for _, l := range lines {
		if !seen[l.LineID] {
			seen[l.LineID] = true
			out = append(out, l)
		}
	}
	return out
}

// Periods lists the batch months of the lines, sorted, joined by "、".
func Periods(lines []ledger.Line) string {
	var ps []string
	for _, l := range lines {
		if !slices.Contains(ps, l.Period) {
			ps = append(ps, l.Period)
		}
	}
	slices.Sort(ps)
	return strings.Join(ps, "、")
}

// sheetName makes a worksheet name of at most 31 characters without the
// characters a sheet name cannot hold, unique among used.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	name := s
	for i := 2; used[name]; i++ {
		suffix := "（" + itoa(i) + "）"
		r := []rune(s)
		if len(r)+utf8.RuneCountInString(suffix) > 31 {
			r = r[:31-utf8.RuneCountInString(suffix)]
		}
		name = string(r) + suffix
	}
	used[name] = true
	return name
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// byProgram orders lines by program, then funder, recipient name and
// line_id: the order of every form.
func byProgram(a, b ledger.Line) int {
	return cmp.Or(strings.Compare(a.Program, b.Program), strings.Compare(a.Funder, b.Funder),
		strings.Compare(a.RecipientName, b.RecipientName), strings.Compare(a.LineID, b.LineID))
}
