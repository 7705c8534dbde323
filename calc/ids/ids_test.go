package ids

import (
	"errors"
	"strings"
	"testing"

	"subsidy/calc/value"
)

// Valid codes: the first four are published codes of real companies, the
// rest were generated with MakeUSCC and cross-checked with an independent
// implementation of GB 32100-2015.
var validUSCCs = []string{
	"91110108551385082Q",
	"914403001922038216",
	"91330000142916567N",
	"91320594088140947F",
	"913200001000066524",
	"91320594MA1MXXXXXW",
	"91320594MA1Y7K3U02",
	"123205004663185620",
	"52320594MA1NB5CD10",
	"93320583MA20AB1C2F",
}

// Valid identity numbers: the GB 11643 example and generated numbers
// cross-checked with an independent implementation.
var validIDs = []string{
	"11010519491231002X",
	"110101199003074477",
	"320583199001010125",
	"320506198506152340",
	"320583200002290013",
	"320502199912310112",
}

func wantErr(t *testing.T, fn string, in string, err error, code, reason string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s(%q) error %v (%T), want *Error", fn, in, err, err)
	}
	if e.Code != code || e.Reason.Zh == "" || !strings.Contains(e.Reason.En, reason) {
		t.Errorf("%s(%q) = %s / %s; want code %s, reason containing %q", fn, in, e.Error(), e.Reason.Zh, code, reason)
	}
	if e.Error() != e.Code+": "+e.Reason.En {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestCheckUSCCValid(t *testing.T) {
	for _, c := range validUSCCs {
		for _, in := range []string{c, strings.ToLower(c), "  " + c + "\u3000", "\u00a0" + c, fullWidth(c), "\ufeff" + c, c[:9] + "\u200b" + c[9:]} {
			if err := CheckUSCC(in); err != nil {
				t.Errorf("CheckUSCC(%q) = %v", in, err)
			}
		}
		if got := MakeUSCC(c[:17]); got != c {
			t.Errorf("MakeUSCC(%q) = %q, want %q", c[:17], got, c)
		}
	}
}

func TestCheckUSCCInvalid(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "18 characters, got 0"},
		{"91320000100006652", "18 characters, got 17"},
		{"9132000010000665244", "18 characters, got 19"},
		{"91320000100006652K", "should be '4', got 'K'"},
		{"91110108551385082R", "should be 'Q', got 'R'"},
		{"91320594MA1MXXXXXX", "should be 'W', got 'X'"},
		{"I1110108551385082Q", "character 1 'I'"},
		{"91110108551385O82Q", "character 15 'O'"},
		{"9111010855138508ZQ", "character 17 'Z'"},
		{"9111010855138508SQ", "character 17 'S'"},
		{"9111010855138508VQ", "character 17 'V'"},
		{"911101085513850-2Q", "character 16 '-'"},
		{"91A10108551385082Q", "characters 3-8"},
		{"911101A8551385082Q", "character 7 is 'A'"},
		{"9111 0108551385082", "character 5 ' '"},
	}
	for _, tc := range tests {
		wantErr(t, "CheckUSCC", tc.in, CheckUSCC(tc.in), CodeInvalidUSCC, tc.reason)
	}
	e := CheckUSCC("91320000100006652K").(*Error)
	if e.Reason.Zh != "统一社会信用代码校验位应为“4”，实为“K”" {
		t.Errorf("Chinese reason = %q", e.Reason.Zh)
	}
}

// Every single-character substitution of a valid code must be caught:
// the weights are all non-zero modulo the prime 31.
func TestCheckUSCCDetectsSubstitution(t *testing.T) {
	for _, c := range validUSCCs {
		for i := 0; i < 18; i++ {
			for _, r := range usccCharset {
				if byte(r) == c[i] {
					continue
				}
				bad := c[:i] + string(r) + c[i+1:]
				if CheckUSCC(bad) == nil {
					t.Fatalf("CheckUSCC(%q) accepted a substitution of %q", bad, c)
				}
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 91320594ma1mxxxxxw ", "91320594MA1MXXXXXW"},
		{"\u300011010519491231002x\u3000", "11010519491231002X"},
		{"\u00a0abcé\t", "ABCé"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := NormalizeUSCC(tc.in); got != tc.want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := NormalizeID(tc.in); got != tc.want {
			t.Errorf("NormalizeID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckIDNumberValid(t *testing.T) {
	for _, id := range validIDs {
		for _, in := range []string{id, strings.ToLower(id), " " + id + "\u3000", fullWidth(strings.ToLower(id))} {
			if err := CheckIDNumber(in); err != nil {
				t.Errorf("CheckIDNumber(%q) = %v", in, err)
			}
		}
		if got := MakeIDNumber(id[:17]); got != id {
			t.Errorf("MakeIDNumber(%q) = %q, want %q", id[:17], got, id)
		}
	}
}

func TestCheckIDNumberInvalid(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "18 characters, got 0"},
		{"11010519491231002", "18 characters, got 17"},
		{"110105194912310021", "should be 'X', got '1'"},
		{"320583199001010120", "should be '5', got '0'"},
		{"320583199001010125X", "18 characters, got 19"},
		{"110105491231002", "15-digit"},
		{"11010519491231002Y", "character 18 'Y'"},
		{"1101051949123100X2", "character 17 'X'"},
		{"A1010519491231002X", "character 1 'A'"},
		{"110105189912310021", "birth date"},
		{"110105210101010021", "birth date"},
		{"110105202302290021", "birth date"},
		{"110105202313010021", "birth date"},
		{"110105202300010021", "birth date"},
		{"110105202301000021", "birth date"},
		{"110105190002290021", "birth date"},
	}
	for _, tc := range tests {
		wantErr(t, "CheckIDNumber", tc.in, CheckIDNumber(tc.in), CodeInvalidID, tc.reason)
	}
	// Boundary birth dates are accepted.
	for _, p := range []string{"11010519000101001", "11010521001231001", "11010520000229001"} {
		if err := CheckIDNumber(MakeIDNumber(p)); err != nil {
			t.Errorf("CheckIDNumber(MakeIDNumber(%q)) = %v", p, err)
		}
	}
}

func TestIsIDNumberShape(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11010519491231002X", true},
		{"11010519491231002x", true},
		{" 110101199003074477 ", true},
		{"110105194912310021", true}, // shape only, check digit wrong
		{"914403001922038216", true}, // an all-digit USCC has the same shape
		{"91110108551385082Q", false},
		{"91320594MA1MXXXXXW", false},
		{"1101051949123100X2", false},
		{"11010519491231002", false},
		{"", false},
		{"11010519491231002X1", false},
	}
	for _, tc := range tests {
		if got := IsIDNumberShape(tc.in); got != tc.want {
			t.Errorf("IsIDNumberShape(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"320583199001010120", "3205**********0120"},
		{"91320594MA1MXXXXXW", "9132**********XXXW"},
		{" 320583199001010120 ", "3205**********0120"},
		{"123456789", "1234*6789"},
		{"12345678", "********"},
		{"abc", "***"},
		{"", ""},
		{"张三李四王五赵六钱", "张三李四*五赵六钱"},
	}
	for _, tc := range tests {
		if got := MaskID(tc.in); got != tc.want {
			t.Errorf("MaskID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMakePanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
	}{
		{"MakeUSCC short", func() { MakeUSCC("9132") }},
		{"MakeUSCC bad char", func() { MakeUSCC("91320594MA1MXXXXI") }},
		{"MakeUSCC letter in division", func() { MakeUSCC("913A0594MA1MXXXXX") }},
		{"MakeIDNumber letters", func() { MakeIDNumber("1101051949123100A") }},
		{"MakeIDNumber bad birth", func() { MakeIDNumber("11010519491331002") }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.fn()
		}()
	}
}

func FuzzCheckUSCC(f *testing.F) {
	for _, s := range append([]string{"", "91320000100006652K", "9111010855138508ZQ", "91a10108551385082q", "91320594ma1mxxxxxw"}, validUSCCs...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckUSCC(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidUSCC || e.Reason.Zh == "" || e.Reason.En == "" {
				t.Fatalf("CheckUSCC(%q): bad error %#v", s, err)
			}
			return
		}
		u := NormalizeUSCC(s)
		if len(u) != 18 || MakeUSCC(u[:17]) != u {
			t.Fatalf("CheckUSCC(%q) accepted, but normalised %q does not match MakeUSCC", s, u)
		}
		if NormalizeUSCC(u) != u {
			t.Fatalf("NormalizeUSCC not idempotent on %q", u)
		}
		for _, r := range usccCharset {
			if byte(r) != u[17] && CheckUSCC(u[:17]+string(r)) == nil {
				t.Fatalf("CheckUSCC accepted both %q and check character %q", u, r)
			}
		}
		if m := MaskID(u); m != u[:4]+"**********"+u[14:] {
			t.Fatalf("MaskID(%q) = %q", u, m)
		}
	})
}

func FuzzCheckIDNumber(f *testing.F) {
	for _, s := range append([]string{"", "11010519491231002x", "110105194912310021", "110105491231002", "110105202302290021"}, validIDs...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckIDNumber(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidID || e.Reason.Zh == "" || e.Reason.En == "" {
				t.Fatalf("CheckIDNumber(%q): bad error %#v", s, err)
			}
			return
		}
		u := NormalizeID(s)
		if !IsIDNumberShape(s) || MakeIDNumber(u[:17]) != u {
			t.Fatalf("CheckIDNumber(%q) accepted, but shape/MakeIDNumber disagree on %q", s, u)
		}
		for i := 0; i < 17; i++ {
			for c := byte('0'); c <= '9'; c++ {
				if c != u[i] && CheckIDNumber(u[:i]+string(c)+u[i+1:]) == nil {
					t.Fatalf("CheckIDNumber accepted %q and a one-digit change at %d", u, i+1)
				}
			}
		}
	})
}

func FuzzMaskID(f *testing.F) {
	for _, s := range []string{"320583199001010120", "12345678", "123456789", "", "张三李四王五赵六钱", " \u3000x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskID(s)
		orig := []rune(value.TrimSpace(s))
		got := []rune(m)
		if len(got) != len(orig) {
			t.Fatalf("MaskID(%q) = %q changes the length", s, m)
		}
		for i := range got {
			keep := len(orig) > 8 && (i < 4 || i >= len(orig)-4)
			if keep && got[i] != orig[i] || !keep && got[i] != '*' {
				t.Fatalf("MaskID(%q) = %q wrong at %d", s, m, i)
			}
		}
	})
}

func FuzzMakeUSCC(f *testing.F) {
	f.Add("91320594MA1MXXXXX")
	f.Add("12320500466318562")
	f.Add("913a0594MA1MXXXXX")
	f.Add("short")
	f.Fuzz(func(t *testing.T, prefix string) {
		p := NormalizeUSCC(prefix)
		valid := len(p) == 17 && strings.Trim(p, usccCharset) == "" && value.IsDigits(p[2:8])
		defer func() {
			if r := recover(); (r != nil) == valid {
				t.Fatalf("MakeUSCC(%q): valid=%v but panic=%v", prefix, valid, r)
			}
		}()
		u := MakeUSCC(prefix)
		if err := CheckUSCC(u); err != nil || u[:17] != p {
			t.Fatalf("MakeUSCC(%q) = %q: %v", prefix, u, err)
		}
	})
}

// fullWidth writes the ASCII letters and digits of s in their full-width
// forms (Ａ, １), as an input method in full-width mode types them.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r - '!' + '！'
		}
		return r
	}, s)
}

// TestCanonicalForms pins the canonical form of every identifier column
// (issue 11): the forms a clerk or Excel gives one identifier are one key.
func TestCanonicalForms(t *testing.T) {
	tests := []struct {
		fn   func(string) string
		name string
		in   []string
		want string
	}{
		{Code, "case_id", []string{"C-XH-2021-07", "c-xh-2021-07", "Ｃ－ＸＨ－２０２１－０７", " C-XH-2021-07\u3000", "\ufeffC-XH-2021-07", "C-XH\u200b-2021-07"}, "C-XH-2021-07"},
		{Code, "contract_id", []string{"2022320500000118", "2022320500000118.0", "２０２２３２０５０００００１１８．０"}, "2022320500000118"},
		{Code, "contract_id with letters", []string{"HT-2022-001.0"}, "HT-2022-001.0"},
		{Code, "project_id", []string{"df-2022-01", "DF-2022-01"}, "DF-2022-01"},
		{Code, "blank", []string{"", " ", "\ufeff"}, ""},
		{PatentNumber, "US patent", []string{"US11456789B2", "us11456789b2", "US 11,456,789 B2", "US-11456789-B2", "ＵＳ１１４５６７８９Ｂ２"}, "US11456789B2"},
		{PatentNumber, "CN patent keeps its check digit", []string{"ZL202110000000.0", "zl202110000000.0", "ZL 2021 1000 0000.0"}, "ZL202110000000.0"},
		{MadridNumber, "Madrid", []string{"1701234", "01701234", "1,701,234", "001701234"}, "1701234"},
		{MadridNumber, "Madrid all zeros", []string{"000"}, "0"},
		{MadridNumber, "Madrid with letters", []string{"a0123"}, "A0123"},
	}
	for _, tc := range tests {
		for _, in := range tc.in {
			if got := tc.fn(in); got != tc.want {
				t.Errorf("%s: %q → %q, want %q", tc.name, in, got, tc.want)
			}
			if again := tc.fn(tc.want); again != tc.want {
				t.Errorf("%s: the canonical form %q is not a fixed point (%q)", tc.name, tc.want, again)
			}
		}
	}
}
