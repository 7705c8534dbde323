package value

import (
	"strings"
	"unicode"

	"subsidy/calc/msg"
)

// Rejection codes carried by *Error. They are stable identifiers that
// reports and tests may match on; the human wording lives in Error.Reason.
const (
	// CodeInvalidDate marks a cell that is not a recognisable calendar date.
	CodeInvalidDate = "invalid_date"
	// CodeInvalidAmount marks a cell that is not a well-formed money amount.
	CodeInvalidAmount = "invalid_amount"
	// CodeNegativeAmount marks a well-formed money amount that is below zero.
	CodeNegativeAmount = "negative_amount"
	// CodeInvalidValue marks a rate, count or yes/no cell that cannot be read.
	CodeInvalidValue = "invalid_value"
)

// Error is the error every parser in this package returns. Code is one of
// the Code* constants; Reason explains the problem to a clerk in Chinese and
// English.
type Error struct {
	Code   string
	Reason msg.Text
}

// Error returns the code followed by the English reason, e.g.
// "invalid_date: month 13 is out of range".
func (e *Error) Error() string { return e.Code + ": " + e.Reason.En }

// Text is the code followed by the reason, in both languages.
func (e *Error) Text() msg.Text { return msg.T(e.Code+"："+e.Reason.Zh, e.Code+": "+e.Reason.En) }

// fail builds an *Error from a code and a bilingual reason.
func fail(code string, reason msg.Text) *Error { return &Error{Code: code, Reason: reason} }

// TrimSpace removes leading and trailing white space as clerks and
// spreadsheet exports leave it: every Unicode space (including the
// full-width ideographic space U+3000 and the no-break space U+00A0), plus
// the byte-order mark U+FEFF and the zero-width space U+200B.
func TrimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
	})
}

// IsDigits reports whether s is non-empty and made only of ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// allZeros reports whether s is non-empty and made only of '0'.
func allZeros(s string) bool {
	return s != "" && strings.Trim(s, "0") == ""
}
