package value

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
)

// MaxAmountIntegerDigits is the most integer digits (leading zeros aside) a
// money amount may have: amounts stay below one quadrillion yuan.
const MaxAmountIntegerDigits = 15

// MaxCount is the largest value ParseCount accepts.
const MaxCount = 1_000_000_000

// maxRateDigits bounds the digits of a rate so that absurd input cannot
// produce an enormous decimal.
const maxRateDigits = 40

// ungroup validates the integer part of a number that may carry thousands
// separators (ASCII ',' or full-width '，') and returns its bare digits.
// Separators must split the digits into a leading group of 1-3 digits (not
// starting with 0) followed by groups of exactly 3.
func ungroup(s string) (string, bool) {
	if !strings.ContainsAny(s, ",，") {
		return s, IsDigits(s)
	}
	groups := strings.Split(strings.ReplaceAll(s, "，", ","), ",")
	if first := groups[0]; len(first) > 3 || !IsDigits(first) || first[0] == '0' {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !IsDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// cutPrefixes removes the first of prefixes that s starts with.
func cutPrefixes(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest, true
		}
	}
	return s, false
}

// cutMinus removes a leading minus sign: ASCII '-', U+2212 or full-width '－'.
func cutMinus(s string) (string, bool) { return cutPrefixes(s, "-", "\u2212", "－") }

// hasPlus reports a leading ASCII or full-width plus sign.
func hasPlus(s string) bool { return strings.HasPrefix(s, "+") || strings.HasPrefix(s, "＋") }

// hasExponent reports an 'e' or 'E' anywhere in s.
func hasExponent(s string) bool { return strings.ContainsAny(s, "eE") }

// ParseAmount reads a money amount in yuan, exact to the fen. Surrounding
// white space (see TrimSpace) is ignored, as is one leading currency sign
// '¥' or '￥' (before or after a minus sign, optionally followed by spaces).
// The number is digits with an optional '.' and fraction digits; the
// integer part may use thousands separators ',' or '，' in valid positions
// only ("1,234,567.89" but not "12,34"). Fraction digits beyond the second
// must be zeros ("1.230" is 1.23; "1.234" is rejected because money has at
// most two decimals). Exponents ("1e5"), a leading '+', a bare '.' part
// (".5", "5.") and more than MaxAmountIntegerDigits integer digits are
// rejected with CodeInvalidAmount.
//
// A leading minus ('-', '−', '－') or enclosing parentheses "(100)" /
// "（100）" around an otherwise valid amount yield CodeNegativeAmount,
// "-0.00" and "(0)" too (a signed zero is not a zero the clerk meant). The result is non-negative and always has
// exponent -2, so StringFixed(2) and FormatPlain print it unchanged.
func ParseAmount(s string) (decimal.Decimal, error) {
	if fen, ok := plainFen(s); ok {
		return decimal.New(fen, -2), nil
	}
	t := TrimSpace(s)
	if t == "" {
		return decimal.Decimal{}, fail(CodeInvalidAmount, msg.T("金额为空", "empty"))
	}
	rest := t
	rest, cur := cutPrefixes(rest, "¥", "￥")
	rest = TrimSpace(rest)
	neg := false
	switch {
	case len(rest) >= 2 && (rest[0] == '(' && rest[len(rest)-1] == ')'):
		neg, rest = true, TrimSpace(rest[1:len(rest)-1])
	case strings.HasPrefix(rest, "（") && strings.HasSuffix(rest, "）") && len(rest) >= len("（）"):
		neg, rest = true, TrimSpace(strings.TrimSuffix(strings.TrimPrefix(rest, "（"), "）"))
	case hasPlus(rest):
		return decimal.Decimal{}, fail(CodeInvalidAmount, msg.F("金额“%s”不能带正号“+”", "amount %q must not start with '+'", clip(t)))
	default:
		var m bool
		if rest, m = cutMinus(rest); m {
			neg, rest = true, TrimSpace(rest)
		}
	}
	if !cur {
		if rest, cur = cutPrefixes(rest, "¥", "￥"); cur {
			rest = TrimSpace(rest)
		}
	}
	fen, reason := parseFen(rest, t)
	if reason != nil {
		return decimal.Decimal{}, fail(CodeInvalidAmount, *reason)
	}
	if neg && fen.Sign() == 0 {
		// "-0.00" is not a zero the clerk meant: a sign says negative,
		// and a zero line would later block the corrected row
		return decimal.Decimal{}, fail(CodeNegativeAmount, msg.F("金额“%s”带负号；请填写实际支付的金额", "amount %q carries a minus sign; give the amount actually paid", clip(t)))
	}
	if neg {
		return decimal.Decimal{}, fail(CodeNegativeAmount, msg.F("金额“%s”为负数", "amount %q is negative", clip(t)))
	}
	return decimal.NewFromBigInt(fen, -2), nil
}

// parseFen reads an unsigned amount body and returns it in fen. orig is the
// whole cell for error wording.
// plainFen is ParseAmount's fast path for the common cell: ASCII digits,
// optionally a '.' and more digits, at most two significant fraction
// digits and MaxAmountIntegerDigits integer digits. Anything else (signs,
// separators, ¥, spaces, errors) goes the general way.
func plainFen(s string) (int64, bool) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !IsDigits(intPart) || (hasDot && !IsDigits(frac)) {
		return 0, false
	}
	frac = strings.TrimRight(frac, "0")
	intPart = strings.TrimLeft(intPart, "0")
	if len(frac) > 2 || len(intPart) > MaxAmountIntegerDigits {
		return 0, false
	}
	var fen int64
	for i := 0; i < len(intPart); i++ {
		fen = fen*10 + int64(intPart[i]-'0')
	}
	for i := 0; i < 2; i++ {
		fen *= 10
		if i < len(frac) {
			fen += int64(frac[i] - '0')
		}
	}
	return fen, true
}

func parseFen(body, orig string) (*big.Int, *msg.Text) {
	bad := func(t msg.Text) (*big.Int, *msg.Text) { return nil, &t }
	if hasExponent(body) {
		return bad(msg.F("金额“%s”不能使用科学计数法", "amount %q must not use exponent notation", clip(orig)))
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	digits, ok := ungroup(intPart)
	fracOK := !hasDot || IsDigits(frac)
	if !ok && fracOK && IsDigits(strings.NewReplacer(",", "", "，", "").Replace(intPart)) {
		return bad(msg.F("金额“%s”的千位分隔符位置不正确（应每三位一组，如 1,234,567.89）",
			"amount %q has thousands separators in the wrong places (groups of three, as in 1,234,567.89)", clip(orig)))
	}
	if !ok || !fracOK {
		return bad(msg.F("无法识别的金额“%s”，应为如 1234.56 或 1,234.56 的数字",
			"unrecognised amount %q; expected a number such as 1234.56 or 1,234.56", clip(orig)))
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return bad(msg.F("金额“%s”最多保留两位小数（到分）", "amount %q has more than two decimal places; money is exact to the fen (0.01)", clip(orig)))
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > MaxAmountIntegerDigits {
		return bad(msg.F("金额“%s”过大（整数部分超过 %d 位）", "amount %q is too large (more than %d integer digits)", clip(orig), MaxAmountIntegerDigits))
	}
	n, _ := new(big.Int).SetString("0"+digits+frac+strings.Repeat("0", 2-len(frac)), 10)
	return n, nil
}

// ParseRate reads a strictly positive decimal such as an exchange rate
// ("7.1234", "0.005678", "1") with any number of fraction digits. Only
// ASCII digits and at most one '.' with digits on both sides are allowed:
// no separators, signs, currency signs, percent signs or exponents.
// Zero, negative and malformed input yield CodeInvalidValue. The result
// keeps the written fraction digits as its exponent.
func ParseRate(s string) (decimal.Decimal, error) {
	t := TrimSpace(s)
	if t == "" {
		return decimal.Decimal{}, fail(CodeInvalidValue, msg.T("比率为空", "empty"))
	}
	body, neg := cutMinus(t)
	intPart, frac, hasDot := strings.Cut(body, ".")
	switch {
	case hasExponent(body):
		return decimal.Decimal{}, fail(CodeInvalidValue, msg.F("比率“%s”不能使用科学计数法", "rate %q must not use exponent notation", clip(t)))
	case !IsDigits(intPart) || (hasDot && !IsDigits(frac)):
		return decimal.Decimal{}, fail(CodeInvalidValue, msg.F("无法识别的比率“%s”，应为如 7.1234 的正数（不带分隔符）", "unrecognised rate %q; expected a positive number such as 7.1234, without separators", clip(t)))
	case len(intPart)+len(frac) > maxRateDigits:
		return decimal.Decimal{}, fail(CodeInvalidValue, msg.F("比率“%s”位数过多（最多 %d 位）", "rate %q has too many digits (at most %d)", clip(t), maxRateDigits))
	}
	n, _ := new(big.Int).SetString(intPart+frac, 10)
	if neg || n.Sign() == 0 {
		return decimal.Decimal{}, fail(CodeInvalidValue, msg.F("比率“%s”必须大于零", "rate %q must be greater than zero", clip(t)))
	}
	return decimal.NewFromBigInt(n, -int32(len(frac))), nil
}

// ParseCount reads a non-negative whole number such as a head count. It
// tolerates thousands separators in valid positions ("1,200") and a
// fraction made only of zeros ("12.0", as spreadsheets export whole
// numbers). Negative numbers, other fractions, a leading '+', exponents and
// values above MaxCount yield CodeInvalidValue; "-0" is zero.
func ParseCount(s string) (int, error) {
	t := TrimSpace(s)
	if t == "" {
		return 0, fail(CodeInvalidValue, msg.T("数量为空", "empty"))
	}
	body, neg := cutMinus(t)
	intPart, frac, hasDot := strings.Cut(body, ".")
	digits, ok := ungroup(intPart)
	if !ok || (hasDot && !IsDigits(frac)) {
		return 0, fail(CodeInvalidValue, msg.F("无法识别的数量“%s”，应为如 12 或 1,200 的非负整数", "unrecognised count %q; expected a whole number such as 12 or 1,200", clip(t)))
	}
	if hasDot && !allZeros(frac) {
		return 0, fail(CodeInvalidValue, msg.F("数量“%s”必须是整数", "count %q must be a whole number", clip(t)))
	}
	digits = strings.TrimLeft(digits, "0")
	if neg && digits != "" {
		return 0, fail(CodeInvalidValue, msg.F("数量“%s”不能为负数", "count %q must not be negative", clip(t)))
	}
	n, err := strconv.Atoi("0" + digits)
	if err != nil || len(digits) > 10 || n > MaxCount {
		return 0, fail(CodeInvalidValue, msg.F("数量“%s”超过上限 %d", "count %q exceeds the limit of %d", clip(t), MaxCount))
	}
	return n, nil
}

// ParseBool reads a yes/no cell. Accepted, ignoring case and surrounding
// white space: true/false, yes/no, y/n, 是/否, 1/0. A blank cell is false
// with no error. Anything else yields CodeInvalidValue listing the forms.
func ParseBool(s string) (bool, error) {
	t := TrimSpace(s)
	switch strings.ToLower(t) {
	case "true", "yes", "y", "是", "1":
		return true, nil
	case "false", "no", "n", "否", "0", "":
		return false, nil
	}
	return false, fail(CodeInvalidValue, msg.F(
		"无法识别的是/否值“%s”，应为 是/否、true/false、yes/no、y/n 或 1/0",
		"unrecognised yes/no value %q; expected 是/否, true/false, yes/no, y/n or 1/0", clip(t)))
}
