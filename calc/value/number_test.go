package value

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want string // FormatPlain of the result, or an error code
	}{
		{"0", "0.00"},
		{"100", "100.00"},
		{"1234.5", "1234.50"},
		{"1234.56", "1234.56"},
		{"1,234,567.89", "1234567.89"},
		{"1，234，567.89", "1234567.89"},
		{"1,234", "1234.00"},
		{"123,456", "123456.00"},
		{" 1.230 ", "1.23"},
		{"1.2300000", "1.23"},
		{"5.000", "5.00"},
		{"007", "7.00"},
		{"¥100", "100.00"},
		{"￥1,000.5", "1000.50"},
		{"¥ 100", "100.00"},
		{"\u3000100.00\u00a0", "100.00"},
		{"-0", CodeNegativeAmount},
		{"-0.00", CodeNegativeAmount},
		{"(0)", CodeNegativeAmount},
		{"－０.００", CodeInvalidAmount}, // full-width digits are folded by the roster reader (value.Fold), not here
		{"999999999999999.99", "999999999999999.99"},
		{"0000000000000000001", "1.00"},
		{"-100", CodeNegativeAmount},
		{"-1,234.50", CodeNegativeAmount},
		{"(100)", CodeNegativeAmount},
		{"( 100 )", CodeNegativeAmount},
		{"（100）", CodeNegativeAmount},
		{"¥-100", CodeNegativeAmount},
		{"-¥100", CodeNegativeAmount},
		{"(¥100)", CodeNegativeAmount},
		{"−5", CodeNegativeAmount},
		{"－5", CodeNegativeAmount},
		{"-0.01", CodeNegativeAmount},
		{"", CodeInvalidAmount},
		{"   ", CodeInvalidAmount},
		{"-", CodeInvalidAmount},
		{"()", CodeInvalidAmount},
		{"¥", CodeInvalidAmount},
		{"-abc", CodeInvalidAmount},
		{"(12,34)", CodeInvalidAmount},
		{"-1.234", CodeInvalidAmount},
		{"--5", CodeInvalidAmount},
		{"-(5)", CodeInvalidAmount},
		{"(-5)", CodeInvalidAmount},
		{"+100", CodeInvalidAmount},
		{"＋100", CodeInvalidAmount},
		{"12,34", CodeInvalidAmount},
		{"1,2345", CodeInvalidAmount},
		{",123", CodeInvalidAmount},
		{"123,", CodeInvalidAmount},
		{"1,,234", CodeInvalidAmount},
		{"1234,567", CodeInvalidAmount},
		{"0,123", CodeInvalidAmount},
		{"1,234.5,6", CodeInvalidAmount},
		{"1.234", CodeInvalidAmount},
		{"0.001", CodeInvalidAmount},
		{"1e5", CodeInvalidAmount},
		{"1E5", CodeInvalidAmount},
		{"1.5e2", CodeInvalidAmount},
		{".5", CodeInvalidAmount},
		{"5.", CodeInvalidAmount},
		{"1.2.3", CodeInvalidAmount},
		{"1 000", CodeInvalidAmount},
		{"¥¥100", CodeInvalidAmount},
		{"100¥", CodeInvalidAmount},
		{"100元", CodeInvalidAmount},
		{"RMB100", CodeInvalidAmount},
		{"１００", CodeInvalidAmount},
		{"NaN", CodeInvalidAmount},
		{"Infinity", CodeInvalidAmount},
		{"0x10", CodeInvalidAmount},
		{"1000000000000000", CodeInvalidAmount},
		{"(100", CodeInvalidAmount},
		{"100)", CodeInvalidAmount},
	}
	for _, tc := range tests {
		got, err := ParseAmount(tc.in)
		if strings.Contains(tc.want, "_") {
			if err == nil {
				t.Errorf("ParseAmount(%q) = %v, want %s", tc.in, got, tc.want)
				continue
			}
			wantCode(t, tc.in, err, tc.want)
			continue
		}
		if err != nil {
			t.Errorf("ParseAmount(%q) error %v, want %s", tc.in, err, tc.want)
			continue
		}
		if got.Exponent() != -2 {
			t.Errorf("ParseAmount(%q) exponent %d, want -2", tc.in, got.Exponent())
		}
		if s := FormatPlain(got); s != tc.want {
			t.Errorf("ParseAmount(%q) = %s, want %s", tc.in, s, tc.want)
		}
		if s := got.StringFixed(2); s != tc.want {
			t.Errorf("ParseAmount(%q).StringFixed(2) = %s, want %s", tc.in, s, tc.want)
		}
	}
}

func TestParseAmountReasons(t *testing.T) {
	tests := []struct{ in, en string }{
		{"1.234", "more than two decimal places"},
		{"12,34", "thousands separators in the wrong places"},
		{"1e5", "exponent"},
		{"+1", "'+'"},
		{"abc", "unrecognised amount"},
		{"-5", "negative"},
		{"1000000000000000", "too large"},
	}
	for _, tc := range tests {
		_, err := ParseAmount(tc.in)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Reason.En, tc.en) {
			t.Errorf("ParseAmount(%q) error %v, want reason containing %q", tc.in, err, tc.en)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want string // decimal value, or "" for invalid_value
	}{
		{"7.1234", "7.1234"},
		{"0.005678", "0.005678"},
		{"1", "1"},
		{" 7.10 ", "7.1"},
		{"007.5", "7.5"},
		{"0.0000000000000000000000000001", "0.0000000000000000000000000001"},
		{"", ""},
		{"0", ""},
		{"0.000", ""},
		{"-7.1", ""},
		{"-0", ""},
		{"+7.1", ""},
		{"1e3", ""},
		{"7.1E-2", ""},
		{"1,000.5", ""},
		{".5", ""},
		{"5.", ""},
		{"7.1%", ""},
		{"¥7", ""},
		{"abc", ""},
		{"1.2.3", ""},
		{strings.Repeat("1", 41), ""},
	}
	for _, tc := range tests {
		got, err := ParseRate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseRate(%q) = %v, want invalid_value", tc.in, got)
			} else {
				wantCode(t, tc.in, err, CodeInvalidValue)
			}
			continue
		}
		if err != nil || !got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("ParseRate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int // -1 means invalid_value
	}{
		{"0", 0},
		{"12", 12},
		{" 12 ", 12},
		{"1,200", 1200},
		{"1，200", 1200},
		{"12.0", 12},
		{"12.000", 12},
		{"1,000,000,000", 1000000000},
		{"-0", 0},
		{"007", 7},
		{"", -1},
		{"1,000,000,001", -1},
		{"99999999999999999999999", -1},
		{"-1", -1},
		{"-1,000", -1},
		{"+1", -1},
		{"12.5", -1},
		{"12.", -1},
		{"1e3", -1},
		{"12,00", -1},
		{"abc", -1},
		{"1.0.0", -1},
	}
	for _, tc := range tests {
		got, err := ParseCount(tc.in)
		if tc.want < 0 {
			if err == nil {
				t.Errorf("ParseCount(%q) = %d, want invalid_value", tc.in, got)
			} else {
				wantCode(t, tc.in, err, CodeInvalidValue)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	_, err := ParseCount("-3")
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("ParseCount(-3) error %v, want negative reason", err)
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in      string
		want    bool
		wantErr bool
	}{
		{"true", true, false}, {"TRUE", true, false}, {"True", true, false},
		{"yes", true, false}, {"Y", true, false}, {"y", true, false},
		{"是", true, false}, {"1", true, false}, {" yes\u3000", true, false},
		{"false", false, false}, {"No", false, false}, {"n", false, false},
		{"否", false, false}, {"0", false, false}, {"", false, false}, {"  ", false, false},
		{"√", false, true}, {"×", false, true}, {"2", false, true}, {"t", false, true},
		{"yes please", false, true}, {"对", false, true}, {"01", false, true},
	}
	for _, tc := range tests {
		got, err := ParseBool(tc.in)
		if tc.wantErr {
			if err == nil {
				t.Errorf("ParseBool(%q) = %v, want error", tc.in, got)
			} else {
				wantCode(t, tc.in, err, CodeInvalidValue)
				if e := err.(*Error); !strings.Contains(e.Reason.Zh, "是/否") || !strings.Contains(e.Reason.En, "yes/no") {
					t.Errorf("ParseBool(%q) reason does not list forms: %+v", tc.in, e.Reason)
				}
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234,567.89", "¥100", "(100)", "-0.00", "1.230", "1.234", "12,34", "1e5", "+1", "￥ 1，000.5", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseAmount(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || (e.Code != CodeInvalidAmount && e.Code != CodeNegativeAmount) || e.Reason.Zh == "" || e.Reason.En == "" {
				t.Fatalf("ParseAmount(%q): bad error %#v", s, err)
			}
			return
		}
		if d.Exponent() != -2 || d.Sign() < 0 {
			t.Fatalf("ParseAmount(%q) = %v (exp %d)", s, d, d.Exponent())
		}
		plain, grouped := FormatPlain(d), FormatGrouped(d)
		for _, txt := range []string{plain, grouped, "¥" + grouped, " " + plain + " "} {
			back, err := ParseAmount(txt)
			if err != nil || !back.Equal(d) {
				t.Fatalf("ParseAmount(%q) = %v but ParseAmount(%q) = %v, %v", s, d, txt, back, err)
			}
		}
		if d.Sign() > 0 {
			for _, txt := range []string{"-" + plain, "(" + grouped + ")"} {
				if _, err := ParseAmount(txt); err == nil || err.(*Error).Code != CodeNegativeAmount {
					t.Fatalf("ParseAmount(%q) error %v, want negative_amount", txt, err)
				}
			}
		}
		if !RoundFen(d, RoundDown).Equal(d) {
			t.Fatalf("amount %v is not exact to the fen", d)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"7.1234", "0.005678", "1", "0", "-1", "1e3", "1,000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidValue {
				t.Fatalf("ParseRate(%q): bad error %#v", s, err)
			}
			return
		}
		if r.Sign() <= 0 {
			t.Fatalf("ParseRate(%q) = %v, not positive", s, r)
		}
		txt := trimDecimal(r)
		back, err := ParseRate(txt)
		if err != nil || !back.Equal(r) {
			t.Fatalf("ParseRate(%q) = %v but ParseRate(%q) = %v, %v", s, r, txt, back, err)
		}
	})
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"12", "1,200", "12.0", "-1", "1000000001", "12.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseCount(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidValue {
				t.Fatalf("ParseCount(%q): bad error %#v", s, err)
			}
			return
		}
		if n < 0 || n > MaxCount {
			t.Fatalf("ParseCount(%q) = %d out of range", s, n)
		}
		grouped := strings.TrimSuffix(FormatGrouped(decimal.NewFromInt(int64(n))), ".00")
		for _, txt := range []string{strconv.Itoa(n), grouped, strconv.Itoa(n) + ".0"} {
			if back, err := ParseCount(txt); err != nil || back != n {
				t.Fatalf("ParseCount(%q) = %d but ParseCount(%q) = %d, %v", s, n, txt, back, err)
			}
		}
	})
}

func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"true", "否", "Y", "", "maybe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBool(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidValue || b {
				t.Fatalf("ParseBool(%q): bad result %v, %#v", s, b, err)
			}
			return
		}
		if back, err := ParseBool(strconv.FormatBool(b)); err != nil || back != b {
			t.Fatalf("ParseBool(%q) = %v does not round-trip", s, b)
		}
		if back, err := ParseBool(strings.ToUpper(s)); err != nil || back != b {
			t.Fatalf("ParseBool(%q) = %v but upper-case gives %v, %v", s, b, back, err)
		}
	})
}
