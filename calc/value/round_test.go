package value

import (
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestRoundFen(t *testing.T) {
	tests := []struct {
		in, mode, want string
	}{
		{"0.125", RoundHalfUp, "0.13"},
		{"0.135", RoundHalfUp, "0.14"},
		{"-0.125", RoundHalfUp, "-0.13"},
		{"0.1249999", RoundHalfUp, "0.12"},
		{"2.675", RoundHalfUp, "2.68"},
		{"0.125", RoundHalfEven, "0.12"},
		{"0.135", RoundHalfEven, "0.14"},
		{"-0.125", RoundHalfEven, "-0.12"},
		{"0.1251", RoundHalfEven, "0.13"},
		{"0.129", RoundDown, "0.12"},
		{"-0.129", RoundDown, "-0.12"},
		{"0.1", RoundDown, "0.10"},
		{"5", RoundDown, "5.00"},
		{"5", RoundHalfUp, "5.00"},
		{"1E+3", RoundHalfEven, "1000.00"},
		{"0.125", "bogus", "0.13"},
		{"0.125", "", "0.13"},
		{"3333.3333333333", RoundHalfUp, "3333.33"},
	}
	for _, tc := range tests {
		got := RoundFen(dec(tc.in), tc.mode)
		if got.Exponent() != -2 || FormatPlain(got) != tc.want {
			t.Errorf("RoundFen(%s, %q) = %s (exp %d), want %s", tc.in, tc.mode, got, got.Exponent(), tc.want)
		}
	}
}

func TestFloorFen(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.129", "0.12"},
		{"-0.121", "-0.13"},
		{"3333.3333", "3333.33"},
		{"5", "5.00"},
		{"-5", "-5.00"},
		{"0.001", "0.00"},
		{"-0.001", "-0.01"},
	}
	for _, tc := range tests {
		got := FloorFen(dec(tc.in))
		if got.Exponent() != -2 || FormatPlain(got) != tc.want {
			t.Errorf("FloorFen(%s) = %s (exp %d), want %s", tc.in, got, got.Exponent(), tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, plain, grouped string }{
		{"0", "0.00", "0.00"},
		{"1234.5", "1234.50", "1,234.50"},
		{"1234567.8", "1234567.80", "1,234,567.80"},
		{"-3", "-3.00", "-3.00"},
		{"-1000", "-1000.00", "-1,000.00"},
		{"999.999", "1000.00", "1,000.00"},
		{"100", "100.00", "100.00"},
		{"123456", "123456.00", "123,456.00"},
		{"1E+6", "1000000.00", "1,000,000.00"},
		{"-0.001", "0.00", "0.00"},
	}
	for _, tc := range tests {
		d := dec(tc.in)
		if got := FormatPlain(d); got != tc.plain {
			t.Errorf("FormatPlain(%s) = %s, want %s", tc.in, got, tc.plain)
		}
		if got := FormatGrouped(d); got != tc.grouped {
			t.Errorf("FormatGrouped(%s) = %s, want %s", tc.in, got, tc.grouped)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.5", "50%"},
		{"0.125", "12.5%"},
		{"0.50", "50%"},
		{"1", "100%"},
		{"0", "0%"},
		{"0.0005", "0.05%"},
		{"2.5", "250%"},
		{"1E+2", "10000%"},
		{"-0.1", "-10%"},
		{"0.333333", "33.3333%"},
	}
	for _, tc := range tests {
		if got := FormatPercent(dec(tc.in)); got != tc.want {
			t.Errorf("FormatPercent(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	// Global formatting switches of the decimal package must not leak in.
	old := decimal.UseScientificNotation
	decimal.UseScientificNotation = true
	defer func() { decimal.UseScientificNotation = old }()
	if got := FormatPercent(dec("10")); got != "1000%" {
		t.Errorf("FormatPercent(10) with scientific notation on = %s", got)
	}
}

func FuzzRoundFen(f *testing.F) {
	f.Add(int64(125), int8(-3), RoundHalfUp)
	f.Add(int64(-125), int8(-3), RoundHalfEven)
	f.Add(int64(-129), int8(-3), RoundDown)
	f.Add(int64(7), int8(2), "bogus")
	f.Add(int64(123456789), int8(-9), RoundHalfUp)
	f.Fuzz(func(t *testing.T, coef int64, exp int8, mode string) {
		d := decimal.New(coef, int32(exp%24))
		fen := decimal.New(1, -2)
		half := decimal.New(5, -3)
		r := RoundFen(d, mode)
		if r.Exponent() != -2 {
			t.Fatalf("RoundFen(%v, %q) exponent %d", d, mode, r.Exponent())
		}
		if !RoundFen(r, mode).Equal(r) {
			t.Fatalf("RoundFen(%v, %q) = %v is not idempotent", d, mode, r)
		}
		diff := d.Sub(r).Abs()
		switch mode {
		case RoundDown:
			if diff.GreaterThanOrEqual(fen) || r.Abs().GreaterThan(d.Abs()) {
				t.Fatalf("RoundFen(%v, down) = %v", d, r)
			}
		default:
			if diff.GreaterThan(half) {
				t.Fatalf("RoundFen(%v, %q) = %v is more than half a fen away", d, mode, r)
			}
		}
		fl := FloorFen(d)
		if fl.Exponent() != -2 || fl.GreaterThan(d) || d.Sub(fl).GreaterThanOrEqual(fen) {
			t.Fatalf("FloorFen(%v) = %v", d, fl)
		}
		plain, grouped := FormatPlain(r), FormatGrouped(r)
		if want := r.StringFixed(2); plain != want {
			t.Fatalf("FormatPlain(%v) = %s, want %s", r, plain, want)
		}
		if r.Sign() >= 0 && r.LessThan(decimal.New(1, MaxAmountIntegerDigits)) {
			back, err := ParseAmount(grouped)
			if err != nil || !back.Equal(r) {
				t.Fatalf("ParseAmount(FormatGrouped(%v)=%q) = %v, %v", r, grouped, back, err)
			}
		}
		p := FormatPercent(d)
		back, err := decimal.NewFromString(p[:len(p)-1])
		if err != nil || !back.Equal(d.Mul(decimal.New(100, 0))) {
			t.Fatalf("FormatPercent(%v) = %s does not parse back: %v", d, p, err)
		}
	})
}
