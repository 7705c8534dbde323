// Package ids checks and masks the identifiers rosters carry: the unified
// social credit code of an organisation (统一社会信用代码, GB 32100-2015) and
// the 18-digit resident identity number of a person (居民身份证号码,
// GB 11643-1999).
package ids

import (
	"strings"
	"time"
	"unicode/utf8"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// Rejection codes carried by *Error.
const (
	// CodeInvalidUSCC marks a malformed unified social credit code.
	CodeInvalidUSCC = "invalid_uscc"
	// CodeInvalidID marks a malformed resident identity number.
	CodeInvalidID = "invalid_id"
)

// Error is the error CheckUSCC and CheckIDNumber return. Code is
// CodeInvalidUSCC or CodeInvalidID; Reason says what is wrong in Chinese
// and English.
type Error struct {
	Code   string
	Reason msg.Text
}

// Error returns the code followed by the English reason.
func (e *Error) Error() string { return e.Code + ": " + e.Reason.En }

// Text is the code followed by the reason, in both languages.
func (e *Error) Text() msg.Text { return msg.T(e.Code+"："+e.Reason.Zh, e.Code+": "+e.Reason.En) }

// usccCharset is the GB 32100-2015 alphabet; a character's value is its
// index (0-30). I, O, S, V and Z are not used.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights of the first 17 characters.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// idWeights are the ISO 7064 MOD 11-2 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// NormalizeUSCC is the canonical form of a unified social credit code:
// width-folded (a code typed in full-width digits and letters reads as
// itself), invisible characters removed and surrounding white space
// trimmed (see value.Fold), ASCII letters upper-cased.
func NormalizeUSCC(s string) string { return upperASCII(value.Fold(s)) }

// NormalizeID is the canonical form of an identity number, as
// NormalizeUSCC: a trailing check character 'x' or 'ｘ' becomes 'X'.
func NormalizeID(s string) string { return upperASCII(value.Fold(s)) }

// upperASCII upper-cases a-z only, leaving other runes untouched.
func upperASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// usccCheckChar returns the check character for 17 characters that are
// already known to be in usccCharset.
func usccCheckChar(prefix17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccCharset, prefix17[i]) * usccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return usccCharset[c]
}

// idCheckChar returns the check character for 17 ASCII digits.
func idCheckChar(prefix17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(prefix17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// CheckUSCC validates a unified social credit code after NormalizeUSCC:
// exactly 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY"; characters
// 1-2 are the registration authority and organisation type, 3-8 the
// administrative division code (must be digits), 9-17 the organisation
// code, and the 18th the check character: with values 0-30 by position in
// the alphabet and weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28,
// it is 31 − (Σ mod 31), 31 written as '0'. The authority and type codes
// are not checked against a list, so newly issued codes keep working. It
// returns nil or a *Error with CodeInvalidUSCC naming the first problem.
func CheckUSCC(s string) error {
	u := NormalizeUSCC(s)
	if n := utf8.RuneCountInString(u); n != 18 {
		return &Error{Code: CodeInvalidUSCC, Reason: msg.F(
			"统一社会信用代码应为 18 位，实为 %d 位", "a unified social credit code has 18 characters, got %d", n)}
	}
	for i, r := range []rune(u) {
		if r > 0x7f || strings.IndexByte(usccCharset, byte(r)) < 0 {
			return &Error{Code: CodeInvalidUSCC, Reason: msg.F(
				"统一社会信用代码第 %d 位“%c”不是有效字符（可用 0-9 及除 I、O、S、V、Z 外的大写字母）",
				"character %d %q of the unified social credit code is not allowed (use 0-9 and capital letters except I, O, S, V, Z)",
				i+1, r)}
		}
	}
	for i := 2; i < 8; i++ {
		if u[i] < '0' || u[i] > '9' {
			return &Error{Code: CodeInvalidUSCC, Reason: msg.F(
				"统一社会信用代码第 3-8 位（行政区划码）应为数字，第 %d 位为“%c”",
				"characters 3-8 of the unified social credit code (administrative division) must be digits, character %d is %q",
				i+1, rune(u[i]))}
		}
	}
	if want := usccCheckChar(u); u[17] != want {
		return &Error{Code: CodeInvalidUSCC, Reason: msg.F(
			"统一社会信用代码校验位应为“%c”，实为“%c”",
			"the check character of the unified social credit code should be %q, got %q",
			rune(want), rune(u[17]))}
	}
	return nil
}

// MakeUSCC returns prefix17 followed by its GB 32100 check character, so
// test generators can produce valid codes. prefix17 must be 17 characters
// of the code alphabet with digits at positions 3-8 (after NormalizeUSCC);
// MakeUSCC panics otherwise, as that is a programming error.
func MakeUSCC(prefix17 string) string {
	p := NormalizeUSCC(prefix17)
	if len(p) != 17 || strings.Trim(p, usccCharset) != "" {
		panic("ids.MakeUSCC: prefix must be 17 characters of " + usccCharset + ": " + prefix17)
	}
	u := p + string(usccCheckChar(p))
	if err := CheckUSCC(u); err != nil {
		panic("ids.MakeUSCC: " + err.Error())
	}
	return u
}

// CheckIDNumber validates an 18-digit resident identity number after
// NormalizeID: 17 digits then a digit or 'X' (lower-case 'x' is accepted
// and normalised); digits 7-14 must be a real birth date from 1900-01-01
// to 2100-12-31; the last character is the ISO 7064 MOD 11-2 check: with
// weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 it is "10X98765432"[Σ mod 11].
// Old 15-digit numbers are rejected. It returns nil or a *Error with
// CodeInvalidID naming the first problem.
func CheckIDNumber(s string) error {
	u := NormalizeID(s)
	n := utf8.RuneCountInString(u)
	if n == 15 && value.IsDigits(u) {
		return &Error{Code: CodeInvalidID, Reason: msg.T(
			"不接受 15 位旧身份证号码，请填写 18 位号码", "old 15-digit identity numbers are not accepted; give the 18-digit number")}
	}
	if n != 18 {
		return &Error{Code: CodeInvalidID, Reason: msg.F(
			"身份证号码应为 18 位，实为 %d 位", "an identity number has 18 characters, got %d", n)}
	}
	for i, r := range []rune(u) {
		if (r < '0' || r > '9') && !(i == 17 && r == 'X') {
			if i == 17 {
				return &Error{Code: CodeInvalidID, Reason: msg.F(
					"身份证号码第 18 位“%c”应为数字或 X", "character 18 %q of the identity number must be a digit or X", r)}
			}
			return &Error{Code: CodeInvalidID, Reason: msg.F(
				"身份证号码第 %d 位“%c”应为数字", "character %d %q of the identity number must be a digit", i+1, r)}
		}
	}
	if !validBirth(u[6:14]) {
		return &Error{Code: CodeInvalidID, Reason: msg.F(
			"身份证号码第 7-14 位“%s”不是 1900-01-01 至 2100-12-31 之间的有效出生日期",
			"characters 7-14 %q of the identity number are not a birth date between 1900-01-01 and 2100-12-31", u[6:14])}
	}
	if want := idCheckChar(u); u[17] != want {
		return &Error{Code: CodeInvalidID, Reason: msg.F(
			"身份证号码校验位应为“%c”，实为“%c”", "the check character of the identity number should be %q, got %q",
			rune(want), rune(u[17]))}
	}
	return nil
}

// validBirth reports whether yyyymmdd (8 digits) is a real date from
// 1900-01-01 to 2100-12-31.
func validBirth(yyyymmdd string) bool {
	y := atoi(yyyymmdd[0:4])
	m := atoi(yyyymmdd[4:6])
	d := atoi(yyyymmdd[6:8])
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// atoi converts a string of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// MakeIDNumber returns prefix17 followed by its MOD 11-2 check character,
// so test generators can produce valid identity numbers. prefix17 must be
// 17 digits whose digits 7-14 are a valid birth date; MakeIDNumber panics
// otherwise, as that is a programming error.
func MakeIDNumber(prefix17 string) string {
	p := value.TrimSpace(prefix17)
	if len(p) != 17 || !value.IsDigits(p) {
		panic("ids.MakeIDNumber: prefix must be 17 digits: " + prefix17)
	}
	id := p + string(idCheckChar(p))
	if err := CheckIDNumber(id); err != nil {
		panic("ids.MakeIDNumber: " + err.Error())
	}
	return id
}

// IsIDNumberShape reports whether s, after NormalizeID, looks like an
// 18-digit identity number (17 digits then a digit or 'X') without checking
// the birth date or check character. Use it to tell a person's identity
// number from a unified social credit code when one column may hold
// either; an all-digit credit code has the same shape, so follow up with
// CheckIDNumber and CheckUSCC when the distinction matters.
func IsIDNumberShape(s string) bool {
	u := NormalizeID(s)
	if len(u) != 18 || !value.IsDigits(u[:17]) {
		return false
	}
	return u[17] == 'X' || (u[17] >= '0' && u[17] <= '9')
}

// MaskID hides the middle of an identifier for display: after trimming
// surrounding white space it keeps the first 4 and last 4 characters and
// replaces the rest with '*' ("320583199001010120" → "3205**********0120").
// Strings of at most 8 characters become all '*' of the same length.
// Characters are counted as runes; case is left as given.
func MaskID(s string) string {
	r := []rune(value.TrimSpace(s))
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
}
