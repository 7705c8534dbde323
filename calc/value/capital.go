package value

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"subsidy/calc/msg"
)

// MaxCapitalIntegerDigits is the most integer digits an amount written by
// CapitalNumerals may have: amounts stay below 10^16 yuan, so the largest
// unit is 仟万亿 (10^15). Past it a bill would need 亿亿 or 兆, which are
// not in the character set the payment rules allow. The bound is one digit
// above MaxAmountIntegerDigits, so that a total of up to ten amounts
// ParseAmount accepts can still be written.
const MaxCapitalIntegerDigits = 16

var (
	capitalDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	// capitalUnits names a digit's place inside its group of four.
	capitalUnits = [4]string{"", "拾", "佰", "仟"}
	// capitalGroups names the groups of four by index: 万, 亿, and 万 again
	// for the 万亿 group, whose 亿 is written at the end of the 亿 group.
	capitalGroups = [4]string{"", "万", "亿", "万"}
)

// CapitalNumerals writes a non-negative amount in yuan in Chinese capital
// numerals (中文大写金额) as a payment approval sheet, cheque or voucher
// shows it: 1050000 → "壹佰零伍万元整", 1680.32 → "壹仟陆佰捌拾元零叁角贰分".
// The result has no currency name: where the form does not print
// "人民币" the caller writes "人民币" immediately before it, with no space
// (《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》 三;
// 《会计基础工作规范》第五十二条 (四)).
//
// d may have any exponent but must be a whole number of fen ("1.230" is
// 1.23) in [0, 10^16): a negative amount yields CodeNegativeAmount, a part
// of a fen or MaxCapitalIntegerDigits exceeded yields CodeInvalidAmount.
//
// The rules, from 附件一 一 to 四 and 会计基础工作规范 第五十二条 (三) (五);
// where they allow two forms the one chosen is marked (*):
//   - digits 零壹贰叁肆伍陆柒捌玖, places 拾佰仟 inside a group of four,
//     groups 万 (10^4), 亿 (10^8) and 万亿 (10^12, "壹万亿", "壹万零壹亿");
//     a leading ten is 壹拾 ("壹拾元整", "壹拾万元整"), never a bare 拾;
//   - a run of zeros between two digits is one 零 ("陆仟零柒元");
//     zeros at the end of a group are not written, the group's unit
//     stands for them ("壹佰万元整"); a whole group of zeros between
//     non-zero groups is one 零 ("壹亿零壹元整"); a group that starts
//     with zeros after a non-zero one takes a 零 ("壹佰万零壹拾元整");
//   - (*) when a group ends in zeros and the next group starts with a
//     non-zero digit, no 零 is written between them: 107000.53 →
//     "壹拾万柒仟元零伍角叁分", the first form of 附件一 四 (三) (the other
//     is "壹拾万零柒仟元伍角叁分"); but a whole zero group between them
//     still writes its 零: 100001000 → "壹亿零壹仟元整" (四 (三) also
//     allows "壹亿壹仟元整", which reads like 1.1 亿);
//   - (*) when the 元 digit is zero and 角 is not, 零 follows 元: 1680.32 →
//     "壹仟陆佰捌拾元零叁角贰分", the first form of 附件一 四 (三) and the
//     usual bank form (the other is "壹仟陆佰捌拾元叁角贰分");
//   - when 角 is zero and 分 is not, 零 follows 元 (附件一 四 (四)):
//     16409.02 → "壹万陆仟肆佰零玖元零贰分";
//   - below one yuan neither 零元 nor a leading 零 is written: 0.05 →
//     "伍分", 0.30 → "叁角整"; zero is "零元整";
//   - 整 follows 元 or 角 when the amount ends there, and never 分
//     ("伍角整", "伍角叁分"). (*) 附件一 二 lets 整 after 角 be left out;
//     会计基础工作规范 第五十二条 (三) requires it, so it is written: the
//     result ends in 整 exactly when its 分 digit is zero.
func CapitalNumerals(d decimal.Decimal) (string, error) {
	if d.Sign() < 0 {
		return "", fail(CodeNegativeAmount, msg.F("金额 %s 为负数，无法写成中文大写",
			"amount %s is negative; capital numerals are for amounts of zero or more", quoteDecimal(d)))
	}
	if d.Sign() == 0 {
		return "零元整", nil
	}
	// A coefficient of k digits with exponent e is in [10^(k-1+e), 10^(k+e)),
	// so the amount is below 10^16 exactly when k+e <= 16 and, with e < -2,
	// can be a whole number of fen only if k > -e-2. Deciding on digit
	// counts first means an absurd exponent never makes IsInteger build an
	// enormous power of ten.
	exp, k := int64(d.Exponent()), int64(d.NumDigits())
	tooLarge := func() error {
		return fail(CodeInvalidAmount, msg.F("金额 %s 过大，中文大写金额须小于一万万亿元（整数部分最多 %d 位）",
			"amount %s is too large for capital numerals (at most %d integer digits)", quoteDecimal(d), MaxCapitalIntegerDigits))
	}
	partFen := func() error {
		return fail(CodeInvalidAmount, msg.F("金额 %s 不是整分（最多两位小数），无法写成中文大写",
			"amount %s is not a whole number of fen (at most two decimal places)", quoteDecimal(d)))
	}
	switch {
	case k+exp > MaxCapitalIntegerDigits:
		return "", tooLarge()
	case exp < -2 && k <= -exp-2:
		return "", partFen()
	}
	fenD := d.Shift(2)
	if !fenD.IsInteger() {
		return "", partFen()
	}
	fen := fenD.IntPart() // < 10^18, fits
	return capitalFen(fen), nil
}

// capitalFen writes 0 <= fen < 10^18 as CapitalNumerals does.
func capitalFen(fen int64) string {
	yuan, jiao, cent := fen/100, fen/10%10, fen%10
	if fen == 0 {
		return "零元整"
	}
	var b strings.Builder
	if yuan > 0 {
		capitalInteger(&b, yuan)
		b.WriteString("元")
	}
	switch {
	case jiao == 0 && cent == 0:
		b.WriteString("整")
		return b.String()
	case jiao == 0: // 元 … 零 … 分 is required
		if yuan > 0 {
			b.WriteString("零")
		}
	case yuan%10 == 0 && yuan > 0: // 元 digit zero before 角: the 零 form
		b.WriteString("零")
	}
	if jiao > 0 {
		b.WriteString(capitalDigits[jiao])
		b.WriteString("角")
	}
	if cent > 0 {
		b.WriteString(capitalDigits[cent])
		b.WriteString("分")
	} else {
		b.WriteString("整")
	}
	return b.String()
}

// capitalInteger writes 0 < n < 10^16 with places and groups but without 元.
func capitalInteger(b *strings.Builder, n int64) {
	var digits [MaxCapitalIntegerDigits]int
	top := 0
	for m := n; m > 0; m /= 10 {
		digits[top] = int(m % 10)
		top++
	}
	zero := false  // a 零 is owed before the next non-zero digit
	group := false // the current group of four has a non-zero digit
	started := false
	for p := top - 1; p >= 0; p-- { // the first digit is non-zero
		if dg := digits[p]; dg == 0 {
			zero = true
		} else {
			if zero {
				b.WriteString("零")
				zero = false
			}
			b.WriteString(capitalDigits[dg])
			b.WriteString(capitalUnits[p%4])
			group, started = true, true
		}
		if p%4 != 0 || p == 0 {
			continue
		}
		// End of a group: its unit stands for its trailing zeros. A group
		// of zeros writes nothing and leaves the 零 owed, except that 亿
		// still follows a non-zero 万亿 group ("壹万亿零壹元").
		switch {
		case group:
			b.WriteString(capitalGroups[p/4])
			zero = false
		case p == 8 && started:
			b.WriteString("亿")
		}
		group = false
	}
}

// quoteDecimal prints d for an error reason: in full when that is short,
// else as coefficient and exponent ("1E+100"), so that an absurd exponent
// cannot make the message enormous.
func quoteDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e < -40 || e > 40 {
		return clip(d.Coefficient().String()) + "E" + strconv.FormatInt(int64(e), 10)
	}
	return clip(d.String())
}
