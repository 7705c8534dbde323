package value

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDateBounds(t *testing.T) {
	if got := NewDate(1900, time.January, 1); got != MinDate {
		t.Errorf("MinDate = %d, want %d", MinDate, got)
	}
	if got := NewDate(9999, time.December, 31); got != MaxDate {
		t.Errorf("MaxDate = %d, want %d", MaxDate, got)
	}
}

// wantCode checks that err is a *Error with the given code.
func wantCode(t *testing.T, in string, err error, code string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %v (%T) is not *Error", in, err, err)
	}
	if e.Code != code {
		t.Errorf("%q: code %q, want %q (%v)", in, e.Code, code, err)
	}
	if e.Reason.Zh == "" || e.Reason.En == "" {
		t.Errorf("%q: reason must be bilingual: %+v", in, e.Reason)
	}
	if e.Error() != e.Code+": "+e.Reason.En {
		t.Errorf("%q: Error() = %q", in, e.Error())
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means invalid_date
	}{
		{"2022-06-01", "2022-06-01"},
		{"  2022-06-01\t", "2022-06-01"},
		{"\u30002022-06-01\u00a0", "2022-06-01"},
		{"2022/06/01", "2022-06-01"},
		{"2022.06.01", "2022-06-01"},
		{"2022-6-1", "2022-06-01"},
		{"2022/6/01", "2022-06-01"},
		{"2022.12.31", "2022-12-31"},
		{"2022年6月1日", "2022-06-01"},
		{"2022年06月01日", "2022-06-01"},
		{"2024-02-29", "2024-02-29"},
		{"2000-02-29", "2000-02-29"},
		{"1900-01-01", "1900-01-01"},
		{"9999-12-31", "9999-12-31"},
		{"44713", "2022-06-01"},
		{"44713.0", "2022-06-01"},
		{"44713.000", "2022-06-01"},
		{"044713", "2022-06-01"},
		{"1", "1900-01-01"},
		{"59", "1900-02-28"},
		{"61", "1900-03-01"},
		{"2958465", "9999-12-31"},
		{"", ""},
		{"   ", ""},
		{"2022-02-30", ""},
		{"2023-02-29", ""},
		{"1900-02-29", ""},
		{"2022-13-01", ""},
		{"2022-00-10", ""},
		{"2022-06-00", ""},
		{"2022-04-31", ""},
		{"1899-12-31", ""},
		{"0202-06-01", ""},
		{"22-06-01", ""},
		{"20220-06-01", ""},
		{"2022-06/01", ""},
		{"2022-006-01", ""},
		{"2022-06-01-", ""},
		{"2022-06", ""},
		{"2022年6月1", ""},
		{"2022年6月1日日", ""},
		{"2022-06-01 00:00:00", ""},
		{"2022-+6-01", ""},
		{"0", ""},
		{"60", ""},
		{"2958466", ""},
		{"20220601", ""},
		{"99999999999999999999999", ""},
		{"44713.5", ""},
		{"44713.", ""},
		{".0", ""},
		{"-1", ""},
		{"+44713", ""},
		{"44713.0.0", ""},
		{"２０２２-06-01", ""},
		{"June 1, 2022", ""},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want invalid_date", tc.in, got)
				continue
			}
			wantCode(t, tc.in, err, CodeInvalidDate)
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q) error %v, want %s", tc.in, err, tc.want)
			continue
		}
		if got.String() != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseDateReasons(t *testing.T) {
	tests := []struct{ in, en string }{
		{"", "empty"},
		{"2022-02-30", "day 30 does not exist in 2022-02 (the month has 28 days)"},
		{"2022-13-01", "month 13 is out of range 1–12"},
		{"1800-01-01", "year 1800 is out of range 1900–9999"},
		{"60", "1900-02-29"},
		{"20220601", "for YYYYMMDD write YYYY-MM-DD"},
		{"44713.5", "whole number"},
	}
	for _, tc := range tests {
		_, err := ParseDate(tc.in)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Reason.En, tc.en) {
			t.Errorf("ParseDate(%q) error %v, want reason containing %q", tc.in, err, tc.en)
		}
	}
	_, err := ParseDate("2022-02-30")
	if e := err.(*Error); e.Reason.Zh != "2022年2月没有 30 日（该月共 28 天）" {
		t.Errorf("Chinese reason = %q", e.Reason.Zh)
	}
}

func TestExcelSerialDate(t *testing.T) {
	tests := []struct {
		serial   int64
		date1904 bool
		want     string // "" means invalid_date
	}{
		{44713, false, "2022-06-01"},
		{1, false, "1900-01-01"},
		{31, false, "1900-01-31"},
		{59, false, "1900-02-28"},
		{60, false, ""},
		{61, false, "1900-03-01"},
		{25569, false, "1970-01-01"},
		{2958465, false, "9999-12-31"},
		{0, false, ""},
		{-1, false, ""},
		{2958466, false, ""},
		{0, true, "1904-01-01"},
		{43251, true, "2022-06-01"},
		{2957003, true, "9999-12-31"},
		{2957004, true, ""},
		{-1, true, ""},
		{1 << 62, false, ""},
		{-1 << 63, true, ""},
	}
	for _, tc := range tests {
		got, err := ExcelSerialDate(tc.serial, tc.date1904)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ExcelSerialDate(%d, %v) = %v, want error", tc.serial, tc.date1904, got)
			} else {
				wantCode(t, strconv.FormatInt(tc.serial, 10), err, CodeInvalidDate)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ExcelSerialDate(%d, %v) = %v, %v; want %s", tc.serial, tc.date1904, got, err, tc.want)
		}
	}
}

func TestExcelSerialRoundTrip(t *testing.T) {
	for n := int64(1); n <= MaxExcelSerial; n += 997 {
		checkSerial(t, n)
	}
	for _, n := range []int64{1, 2, 58, 59, 61, 62, MaxExcelSerial} {
		checkSerial(t, n)
	}
	if _, ok := ExcelSerial(MinDate - 1); ok {
		t.Error("ExcelSerial(MinDate-1) should fail")
	}
	if _, ok := ExcelSerial(MaxDate + 1); ok {
		t.Error("ExcelSerial(MaxDate+1) should fail")
	}
}

func checkSerial(t *testing.T, n int64) {
	t.Helper()
	if n == 60 {
		return
	}
	d, err := ExcelSerialDate(n, false)
	if err != nil {
		t.Fatalf("ExcelSerialDate(%d): %v", n, err)
	}
	if back, ok := ExcelSerial(d); !ok || back != n {
		t.Fatalf("ExcelSerial(%v) = %d, %v; want %d", d, back, ok, n)
	}
}

func TestTrimSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{" a ", "a"},
		{"\u3000a\u3000", "a"},
		{"\u00a0a\u00a0", "a"},
		{"\ufeffa\u200b", "a"},
		{"\t\r\na b\n", "a b"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := TrimSpace(tc.in); got != tc.want {
			t.Errorf("TrimSpace(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022-06-01", "2022/6/1", "2022.06.01", "2022年6月1日", "44713", "44713.0", "60", "2022-02-30", "", "1900-02-28", "9999-12-31", "44713.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidDate || e.Reason.Zh == "" || e.Reason.En == "" {
				t.Fatalf("ParseDate(%q): bad error %#v", s, err)
			}
			return
		}
		if d < MinDate || d > MaxDate {
			t.Fatalf("ParseDate(%q) = %v outside bounds", s, d)
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v but ParseDate(%q) = %v, %v", s, d, d.String(), back, err)
		}
		if n, ok := ExcelSerial(d); !ok {
			t.Fatalf("ExcelSerial(%v) failed", d)
		} else if back, err := ParseDate(strconv.FormatInt(n, 10)); err != nil || back != d {
			t.Fatalf("serial %d of %v parses to %v, %v", n, d, back, err)
		}
		if tr := TrimSpace(s); len(tr) == 10 && tr[4] == '-' && tr != d.String() {
			t.Fatalf("ParseDate(%q) = %v, canonical form differs", s, d)
		}
	})
}

func FuzzExcelSerialDate(f *testing.F) {
	f.Add(int64(44713), false)
	f.Add(int64(60), false)
	f.Add(int64(0), true)
	f.Add(int64(2958465), false)
	f.Add(int64(-1), true)
	f.Fuzz(func(t *testing.T, serial int64, date1904 bool) {
		d, err := ExcelSerialDate(serial, date1904)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidDate {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if d < MinDate || d > MaxDate {
			t.Fatalf("ExcelSerialDate(%d, %v) = %v outside bounds", serial, date1904, d)
		}
		want := serial
		if date1904 {
			want += 1462 // 1904-01-01 is serial 1462 in the 1900 system
		}
		if n, ok := ExcelSerial(d); !ok || n != want {
			t.Fatalf("ExcelSerial(ExcelSerialDate(%d, %v)) = %d, %v; want %d", serial, date1904, n, ok, want)
		}
	})
}
