package value

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The rules cited below: 附件一 is 《支付结算办法》附件一《正确填写票据和结算
// 凭证的基本规定》 (its 四 (一)–(四) are the four zero rules with examples);
// 会计规范 is 《会计基础工作规范》第五十二条.

func TestCapitalNumerals(t *testing.T) {
	tests := []struct{ in, want string }{
		// zero and below one yuan: no 零元, no leading 零
		{"0", "零元整"},
		{"0.00", "零元整"},
		{"-0.00", "零元整"}, // decimal has no negative zero
		{"0.01", "壹分"},
		{"0.05", "伍分"},
		{"0.10", "壹角整"}, // 会计规范 (三): 整 after 角
		{"0.35", "叁角伍分"},
		// 元, 角, 分 and 整
		{"1", "壹元整"},
		{"1.50", "壹元伍角整"},
		{"1.05", "壹元零伍分"}, // 附件一 四 (四): 角 zero, 分 not → 元零
		{"1.55", "壹元伍角伍分"},
		{"1.230", "壹元贰角叁分"}, // exponent -3 but a whole number of fen
		{"1E+3", "壹仟元整"},    // positive exponent
		// tens: always 壹拾, never a bare 拾
		{"10", "壹拾元整"},
		{"11", "壹拾壹元整"},
		{"15.5", "壹拾伍元伍角整"},
		{"30.30", "叁拾元零叁角整"}, // 元 digit zero before 角 → 元零 (chosen form)
		{"10.02", "壹拾元零贰分"},  // 元 and 角 digits zero: one 零
		{"10.20", "壹拾元零贰角整"},
		// zeros inside and at the end of a group
		{"100", "壹佰元整"},
		{"101", "壹佰零壹元整"},
		{"105.00", "壹佰零伍元整"},
		{"110", "壹佰壹拾元整"},
		{"1001", "壹仟零壹元整"}, // 附件一 四 (二): a run of zeros is one 零
		{"1010", "壹仟零壹拾元整"},
		{"1000.50", "壹仟元零伍角整"},
		{"1409.50", "壹仟肆佰零玖元伍角整"},   // 附件一 四 (一) (its example omits the optional 整)
		{"6007.14", "陆仟零柒元壹角肆分"},    // 附件一 四 (二)
		{"1680.32", "壹仟陆佰捌拾元零叁角贰分"}, // 附件一 四 (三), first form
		{"325.04", "叁佰贰拾伍元零肆分"},     // 附件一 四 (四)
		{"9999.99", "玖仟玖佰玖拾玖元玖角玖分"},
		// the 万 group
		{"10000", "壹万元整"},
		{"10001", "壹万零壹元整"},
		{"10010", "壹万零壹拾元整"},
		{"10100", "壹万零壹佰元整"},
		{"11000", "壹万壹仟元整"},
		{"16409.02", "壹万陆仟肆佰零玖元零贰分"}, // 附件一 四 (四)
		{"100000", "壹拾万元整"},
		{"107000.53", "壹拾万柒仟元零伍角叁分"}, // 附件一 四 (三), first form: 万 digit zero, 仟 not → no 零
		{"1000010", "壹佰万零壹拾元整"},      // a group starting with zeros takes a 零
		{"1050000", "壹佰零伍万元整"},       // issue 16's example
		{"1049617.00", "壹佰零肆万玖仟陆佰壹拾柒元整"},
		{"2000000.10", "贰佰万元零壹角整"},
		{"3724617.00", "叁佰柒拾贰万肆仟陆佰壹拾柒元整"},
		{"10007000", "壹仟万柒仟元整"}, // as 107000: trailing zero of a group, next group starts non-zero
		{"10000001", "壹仟万零壹元整"},
		{"20000000.00", "贰仟万元整"},
		// the 亿 group
		{"100000000", "壹亿元整"},
		{"100000001", "壹亿零壹元整"}, // a whole group of zeros between non-zero groups is one 零
		{"100000010", "壹亿零壹拾元整"},
		{"100001000", "壹亿零壹仟元整"}, // the zero 万 group writes its 零 though 仟 is non-zero (chosen; 四 (三) allows 壹亿壹仟元整)
		{"100010000", "壹亿零壹万元整"},
		{"101000000", "壹亿零壹佰万元整"},
		{"110000000", "壹亿壹仟万元整"},
		{"1001000000", "壹拾亿零壹佰万元整"},
		{"123456789.01", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分"},
		// the 万亿 group: 亿 follows it even when the 亿 group is zero
		{"1000000000000", "壹万亿元整"},
		{"1000000000001", "壹万亿零壹元整"},
		{"1000000010001", "壹万亿零壹万零壹元整"},
		{"1000010000000", "壹万亿零壹仟万元整"}, // the zero 亿 group owes its 零
		{"1000100000000", "壹万零壹亿元整"},
		{"1200000000000", "壹万贰仟亿元整"},
		{"12345678901234.56", "壹拾贰万叁仟肆佰伍拾陆亿柒仟捌佰玖拾万壹仟贰佰叁拾肆元伍角陆分"},
		// the bounds: ParseAmount's largest, 10^15, and the largest written
		{"999999999999999.99", "玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{"1000000000000000", "壹仟万亿元整"},
		{"1000000000000000.01", "壹仟万亿元零壹分"},
		{"9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d hand-written amounts", len(tests))
	}
	for _, tc := range tests {
		got, err := CapitalNumerals(dec(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("CapitalNumerals(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
			continue
		}
		if fen, err := parseCapital(got); err != nil || fen != dec(tc.in).Shift(2).IntPart() {
			t.Errorf("parseCapital(%q) = %d, %v; want the fen of %s", got, fen, err, tc.in)
		}
	}
}

func TestCapitalNumeralsErrors(t *testing.T) {
	tests := []struct{ in, code string }{
		{"-0.01", CodeNegativeAmount},
		{"-100", CodeNegativeAmount},
		{"-1E+100", CodeNegativeAmount},
		{"1.234", CodeInvalidAmount}, // three fraction digits
		{"0.001", CodeInvalidAmount},
		{"0.005", CodeInvalidAmount},
		{"9999999999999999.995", CodeInvalidAmount},
		{"1E-100", CodeInvalidAmount},
		{"10000000000000000", CodeInvalidAmount},
		{"10000000000000000.00", CodeInvalidAmount},
		{"10000000000000000.01", CodeInvalidAmount},
		{"99999999999999999", CodeInvalidAmount},
		{"1E+100", CodeInvalidAmount},
	}
	type amount struct {
		d    decimal.Decimal
		code string
	}
	var amounts []amount
	for _, tc := range tests {
		amounts = append(amounts, amount{dec(tc.in), tc.code})
	}
	// exponents no decimal string reaches: they must fail fast, without
	// building 10^2147483648 to compare or divide
	amounts = append(amounts,
		amount{decimal.New(1, math.MinInt32), CodeInvalidAmount},
		amount{decimal.New(123456789, math.MinInt32), CodeInvalidAmount},
		amount{decimal.New(1, math.MaxInt32), CodeInvalidAmount},
		amount{decimal.New(-7, math.MaxInt32), CodeNegativeAmount})
	for _, tc := range amounts {
		got, err := CapitalNumerals(tc.d)
		var e *Error
		if !errors.As(err, &e) || e.Code != tc.code || e.Reason.Zh == "" || e.Reason.En == "" || got != "" {
			t.Errorf("CapitalNumerals(%s) = %q, %#v; want code %s", quoteDecimal(tc.d), got, err, tc.code)
			continue
		}
		if len(e.Reason.Zh) > 200 || len(e.Reason.En) > 200 {
			t.Errorf("CapitalNumerals(%s): reason too long: %q", quoteDecimal(tc.d), e.Reason.En)
		}
	}
	_, err := CapitalNumerals(dec("1.234"))
	if want := "invalid_amount: amount 1.234 is not a whole number of fen (at most two decimal places)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestCapitalNumeralsProperty writes fen amounts across the whole range,
// reads the text back with parseCapital and checks its structure against
// rules stated on the decimal digits.
func TestCapitalNumeralsProperty(t *testing.T) {
	const limit = 1_000_000_000_000_000_000 // 10^16 yuan in fen
	// zeroRich draws up to 18 digits, half of them zeros, so that runs of
	// zeros and whole zero groups are common.
	zeroRich := rapid.Custom(func(t *rapid.T) int64 {
		n := rapid.IntRange(1, 18).Draw(t, "digits")
		var fen int64
		for i := 0; i < n; i++ {
			d := 0
			if rapid.Bool().Draw(t, "nonzero") {
				d = rapid.IntRange(1, 9).Draw(t, "digit")
			}
			fen = fen*10 + int64(d)
		}
		return fen
	})
	fenGen := rapid.OneOf(rapid.Int64Range(0, limit-1), zeroRich, rapid.Int64Range(0, 100_000_00))
	rapid.Check(t, func(t *rapid.T) {
		fen := fenGen.Draw(t, "fen")
		// the same amount with 0-3 extra fraction zeros: exponent -2 … -5
		extra := rapid.IntRange(0, 3).Draw(t, "extra")
		coef := new(big.Int).Mul(big.NewInt(fen), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(extra)), nil))
		d := decimal.NewFromBigInt(coef, int32(-2-extra))
		s, err := CapitalNumerals(d)
		if err != nil {
			t.Fatalf("CapitalNumerals(%s): %v", d, err)
		}
		back, err := parseCapital(s)
		if err != nil || back != fen {
			t.Fatalf("CapitalNumerals(%s) = %q, read back as %d, %v", d, s, back, err)
		}
		checkCapitalStructure(t, fen, s)
		if fen > 0 {
			if _, err := CapitalNumerals(d.Neg()); err == nil || err.(*Error).Code != CodeNegativeAmount {
				t.Fatalf("CapitalNumerals(%s) error %v, want negative_amount", d.Neg(), err)
			}
		}
		over := decimal.New(fen+limit, -2)
		if _, err := CapitalNumerals(over); err == nil || err.(*Error).Code != CodeInvalidAmount {
			t.Fatalf("CapitalNumerals(%s) error %v, want invalid_amount", over, err)
		}
		third := d.Add(decimal.New(int64(rapid.IntRange(1, 9).Draw(t, "mill")), -3))
		if _, err := CapitalNumerals(third); err == nil || err.(*Error).Code != CodeInvalidAmount {
			t.Fatalf("CapitalNumerals(%s) error %v, want invalid_amount", third, err)
		}
	})
}

// checkCapitalStructure checks s, the capital numerals of fen, against
// rules stated on fen's digits, independently of how CapitalNumerals
// walks them.
func checkCapitalStructure(t interface{ Fatalf(string, ...any) }, fen int64, s string) {
	fail := func(why string) { t.Fatalf("%d fen → %q: %s", fen, s, why) }
	yuan, jiao, cent := fen/100, fen/10%10, fen%10
	if fen == 0 {
		if s != "零元整" {
			fail("zero is 零元整")
		}
		return
	}
	for _, r := range s {
		if !strings.ContainsRune("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整", r) {
			fail("a character outside the rules' set")
		}
	}
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r == '零' && (i+1 == len(runes) || !strings.ContainsRune("壹贰叁肆伍陆柒捌玖", runes[i+1])):
			fail("零 not followed by a non-zero digit (零零, 零万, a trailing 零 …)")
		case strings.ContainsRune("拾佰仟", r) && (i == 0 || !strings.ContainsRune("壹贰叁肆伍陆柒捌玖", runes[i-1])):
			fail("a place without its digit (a bare 拾)")
		}
	}
	if runes[0] == '零' {
		fail("a leading 零")
	}
	if strings.HasSuffix(s, "整") != (cent == 0) {
		fail("整 exactly when there is no 分")
	}
	if strings.Count(s, "整") > 1 || strings.Count(s, "元") != b2i(yuan > 0) ||
		strings.Count(s, "角") != b2i(jiao > 0) || strings.Count(s, "分") != b2i(cent > 0) {
		fail("元, 角, 分 exactly when their part is non-zero, 整 at most once")
	}
	if cent > 0 && !strings.HasSuffix(s, "分") {
		fail("分 ends the amount")
	}
	// every non-zero digit is written once
	digits := strconv.FormatInt(fen, 10)
	nonzero := len(digits) - strings.Count(digits, "0")
	written := 0
	for _, r := range s {
		if strings.ContainsRune("壹贰叁肆伍陆柒捌玖", r) {
			written++
		}
	}
	if written != nonzero {
		fail(fmt.Sprintf("%d non-zero digits written, want %d", written, nonzero))
	}
	// 零 in the integer part: one for each run of zeros between two
	// non-zero digits at places a > b, unless the run is exactly the tail
	// of a's group and b is the top digit of the next group (107000,
	// 附件一 四 (三) first form); a run covering a whole group keeps its 零.
	intZeros := 0
	y := strconv.FormatInt(yuan, 10)
	prev := -1 // place of the last non-zero digit
	for i := 0; i < len(y); i++ {
		p := len(y) - 1 - i
		if y[i] == '0' {
			continue
		}
		if prev >= 0 && prev-p > 1 && p != 4*(prev/4)-1 {
			intZeros++
		}
		prev = p
	}
	intText, _, _ := strings.Cut(s, "元")
	if yuan == 0 {
		intText = ""
	}
	if got := strings.Count(intText, "零"); got != intZeros {
		fail(fmt.Sprintf("%d 零 before 元, want %d", got, intZeros))
	}
	// 零 after 元: required when 角 is zero and 分 is not (附件一 四 (四));
	// chosen when the 元 digit is zero and 角 is not (四 (三) first form).
	fracZero := yuan > 0 && ((jiao == 0 && cent > 0) || (jiao > 0 && yuan%10 == 0))
	if strings.Contains(s, "元零") != fracZero || strings.Count(s, "零") != intZeros+b2i(fracZero) {
		fail(fmt.Sprintf("零 after 元 should be %v", fracZero))
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var capitalDigitValue = map[rune]int64{'壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9}

// parseCapital reads capital numerals back to fen. It knows values, not
// style: 零 is only a separator, and the structure checks judge where it
// stands. It is strict about places: each digit carries a place (拾佰仟)
// or ends its group, places fall within a group, 万 and 亿 each appear at
// most once per level, and 整 never follows 分.
func parseCapital(s string) (int64, error) {
	if s == "零元整" {
		return 0, nil
	}
	body, zheng := strings.CutSuffix(s, "整")
	intText, frac, hasYuan := strings.Cut(body, "元")
	if !hasYuan {
		intText, frac = "", body
	}
	var yuan int64
	if hasYuan {
		hi, lo, hasYi := strings.Cut(intText, "亿")
		h, err := parseCapital8(hi)
		if err != nil {
			return 0, err
		}
		l, err := parseCapital8(lo)
		if err != nil {
			return 0, err
		}
		yuan = h
		if hasYi {
			if h == 0 {
				return 0, fmt.Errorf("亿 without digits in %q", s)
			}
			yuan = h*100_000_000 + l
		}
		if yuan == 0 {
			return 0, fmt.Errorf("元 without digits in %q", s)
		}
	}
	f := []rune(strings.TrimPrefix(frac, "零"))
	var jiao, cent int64
	if len(f) >= 2 && f[1] == '角' {
		v, ok := capitalDigitValue[f[0]]
		if !ok {
			return 0, fmt.Errorf("bad 角 in %q", s)
		}
		jiao, f = v, f[2:]
	}
	if len(f) >= 2 && f[1] == '分' {
		v, ok := capitalDigitValue[f[0]]
		if !ok || zheng {
			return 0, fmt.Errorf("bad 分 in %q", s)
		}
		cent, f = v, f[2:]
	}
	if len(f) != 0 {
		return 0, fmt.Errorf("unread %q in %q", string(f), s)
	}
	if !hasYuan && jiao == 0 && cent == 0 {
		return 0, fmt.Errorf("no amount in %q", s)
	}
	if !zheng && cent == 0 {
		return 0, fmt.Errorf("no 整 and no 分 in %q", s)
	}
	return yuan*100 + jiao*10 + cent, nil
}

// parseCapital8 reads a part below 10^8: an optional "…万" and a group.
func parseCapital8(s string) (int64, error) {
	hi, lo, hasWan := strings.Cut(s, "万")
	if !hasWan {
		return parseCapital4(s)
	}
	h, err := parseCapital4(hi)
	if err != nil {
		return 0, err
	}
	if h == 0 {
		return 0, fmt.Errorf("万 without digits in %q", s)
	}
	l, err := parseCapital4(lo)
	return h*10_000 + l, err
}

// parseCapital4 reads a group below 10^4: digits each followed by a
// strictly smaller place than the one before, 零 between them.
func parseCapital4(s string) (int64, error) {
	places := map[rune]int64{'仟': 1000, '佰': 100, '拾': 10}
	r := []rune(s)
	var n int64
	last := int64(10_000)
	for i := 0; i < len(r); i++ {
		if r[i] == '零' {
			continue
		}
		d, ok := capitalDigitValue[r[i]]
		if !ok {
			return 0, fmt.Errorf("not a digit: %q in %q", string(r[i]), s)
		}
		place := int64(1)
		if i+1 < len(r) && places[r[i+1]] != 0 {
			place = places[r[i+1]]
			i++
		} else if i+1 != len(r) {
			return 0, fmt.Errorf("digit without a place in %q", s)
		}
		if place >= last {
			return 0, fmt.Errorf("places out of order in %q", s)
		}
		n, last = n+d*place, place
	}
	return n, nil
}

func TestParseCapital(t *testing.T) {
	// the test parser rejects what it must not read as an amount
	for _, s := range []string{"", "整", "元整", "拾元整", "壹拾拾元整", "壹佰仟元整", "壹贰元整", "壹元伍分整",
		"壹元", "壹元伍角伍", "亿元整", "万元整", "壹元伍角伍分零", "壹元一角整"} {
		if fen, err := parseCapital(s); err == nil {
			t.Errorf("parseCapital(%q) = %d, want an error", s, fen)
		}
	}
}

func FuzzCapitalNumerals(f *testing.F) {
	f.Add(int64(105000000), int8(-2))
	f.Add(int64(168032), int8(-2))
	f.Add(int64(1234), int8(-3))
	f.Add(int64(-1), int8(0))
	f.Add(int64(1), int8(16))
	f.Add(int64(999999999999999999), int8(-2))
	f.Add(int64(1000010000000), int8(0))
	f.Fuzz(func(t *testing.T, coef int64, exp int8) {
		d := decimal.New(coef, int32(exp))
		s, err := CapitalNumerals(d)
		fenD := d.Shift(2)
		var wantCode string
		switch {
		case d.Sign() < 0:
			wantCode = CodeNegativeAmount
		case d.Cmp(decimal.New(1, 16)) >= 0 || !fenD.IsInteger():
			wantCode = CodeInvalidAmount
		}
		if wantCode != "" {
			var e *Error
			if !errors.As(err, &e) || e.Code != wantCode || e.Reason.Zh == "" || e.Reason.En == "" {
				t.Fatalf("CapitalNumerals(%s) = %q, %v; want %s", d, s, err, wantCode)
			}
			return
		}
		if err != nil {
			t.Fatalf("CapitalNumerals(%s): %v", d, err)
		}
		fen := fenD.IntPart()
		if back, err := parseCapital(s); err != nil || back != fen {
			t.Fatalf("CapitalNumerals(%s) = %q, read back as %d, %v", d, s, back, err)
		}
		checkCapitalStructure(t, fen, s)
	})
}

func ExampleCapitalNumerals() {
	for _, amount := range []string{"1050000.00", "1680.32", "107000.53", "0.05", "0"} {
		s, _ := CapitalNumerals(decimal.RequireFromString(amount))
		fmt.Println("人民币" + s)
	}
	// Output:
	// 人民币壹佰零伍万元整
	// 人民币壹仟陆佰捌拾元零叁角贰分
	// 人民币壹拾万柒仟元零伍角叁分
	// 人民币伍分
	// 人民币零元整
}
