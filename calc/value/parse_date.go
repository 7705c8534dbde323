package value

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"subsidy/calc/msg"
)

// MinDate and MaxDate bound the dates ParseDate accepts: 1900-01-01 and
// 9999-12-31, the range an Excel 1900-system serial can express. Earlier
// years are treated as typing mistakes (0202 for 2022) rather than history.
const (
	MinDate Date = -25567  // 1900-01-01
	MaxDate Date = 2932896 // 9999-12-31
)

// MaxExcelSerial is the largest Excel serial date in the 1900 date system
// (9999-12-31).
const MaxExcelSerial = 2958465

var (
	excelEpoch1900Low  = NewDate(1899, time.December, 31) // serials 1..59
	excelEpoch1900High = NewDate(1899, time.December, 30) // serials 61..
	excelEpoch1904     = NewDate(1904, time.January, 1)
)

// dateForms lists the accepted notations for error messages.
var dateForms = msg.T(
	"应为 YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD、YYYY年M月D日 或 Excel 日期序号（如 44713）",
	"expected YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日 or an Excel date serial such as 44713",
)

// ParseDate reads a civil date from a roster cell. Surrounding white space
// (see TrimSpace) is ignored. Accepted notations are
//
//	2022-06-01  2022/06/01  2022.06.01   (month and day may be one digit: 2022-6-1)
//	2022年6月1日                          (month and day may be one or two digits)
//	44713  44713.0                        (Excel 1900-system serial; see ExcelSerialDate)
//
// The year must have four digits and the same separator must be used twice.
// The date must exist in the calendar (2022-02-30 is rejected) and lie
// between MinDate and MaxDate. A serial may carry a fraction of zeros only;
// a time of day (44713.5) is rejected. A blank cell is rejected with reason
// "empty": callers decide what a blank means before calling. Every error is
// a *Error with code CodeInvalidDate.
func ParseDate(s string) (Date, error) {
	t := TrimSpace(s)
	if t == "" {
		return 0, fail(CodeInvalidDate, msg.T("日期为空", "empty"))
	}
	if serial, frac, ok := strings.Cut(t, "."); IsDigits(serial) && (!ok || IsDigits(frac)) && !strings.Contains(frac, ".") {
		if ok && !allZeros(frac) {
			return 0, fail(CodeInvalidDate, msg.Join([]msg.Text{
				msg.F("无法识别的日期“%s”：Excel 日期序号必须是整数", "unrecognised date %q: an Excel date serial must be a whole number", clip(t)),
				dateForms,
			}, "；", "; "))
		}
		n, err := strconv.ParseInt(serial, 10, 64)
		if err != nil || len(serial) > 12 {
			n = MaxExcelSerial + 1 // far out of range either way
		}
		if n > MaxExcelSerial && len(serial) == 8 {
			return 0, fail(CodeInvalidDate, msg.F(
				"Excel 日期序号 %s 超出范围 1–%d；若指 YYYYMMDD，请写作 YYYY-MM-DD",
				"Excel date serial %s is out of range 1–%d; for YYYYMMDD write YYYY-MM-DD",
				serial, MaxExcelSerial))
		}
		return ExcelSerialDate(n, false)
	}
	y, m, d, ok := splitDate(t)
	if !ok {
		return 0, fail(CodeInvalidDate, msg.Join([]msg.Text{
			msg.F("无法识别的日期“%s”", "unrecognised date %q", clip(t)),
			dateForms,
		}, "；", "; "))
	}
	return civil(y, m, d)
}

// splitDate recognises the separated and the Chinese notations and returns
// the numeric parts without validating their ranges.
func splitDate(t string) (y, m, d int, ok bool) {
	var ys, ms, ds string
	if rest, found := strings.CutSuffix(t, "日"); found {
		var ok1, ok2 bool
		ys, rest, ok1 = strings.Cut(rest, "年")
		ms, ds, ok2 = strings.Cut(rest, "月")
		if !ok1 || !ok2 {
			return 0, 0, 0, false
		}
	} else {
		if len(t) < 5 {
			return 0, 0, 0, false
		}
		sep := t[4]
		if sep != '-' && sep != '/' && sep != '.' {
			return 0, 0, 0, false
		}
		parts := strings.Split(t, string(sep))
		if len(parts) != 3 {
			return 0, 0, 0, false
		}
		ys, ms, ds = parts[0], parts[1], parts[2]
	}
	if len(ys) != 4 || !IsDigits(ys) || len(ms) > 2 || !IsDigits(ms) || len(ds) > 2 || !IsDigits(ds) {
		return 0, 0, 0, false
	}
	y, _ = strconv.Atoi(ys)
	m, _ = strconv.Atoi(ms)
	d, _ = strconv.Atoi(ds)
	return y, m, d, true
}

// civil validates a year, month and day and returns the Date.
func civil(y, m, d int) (Date, error) {
	if y < 1900 || y > 9999 {
		return 0, fail(CodeInvalidDate, msg.F("年份 %d 超出范围 1900–9999", "year %d is out of range 1900–9999", y))
	}
	if m < 1 || m > 12 {
		return 0, fail(CodeInvalidDate, msg.F("月份 %d 超出范围 1–12", "month %d is out of range 1–12", m))
	}
	last := int(MonthEnd(y, time.Month(m)).Time().Day())
	if d < 1 || d > last {
		return 0, fail(CodeInvalidDate, msg.F("%[2]d年%[3]d月没有 %[1]d 日（该月共 %[4]d 天）",
			"day %[1]d does not exist in %04[2]d-%02[3]d (the month has %[4]d days)", d, y, m, last))
	}
	return NewDate(y, time.Month(m), d), nil
}

// ExcelSerialDate converts a spreadsheet serial date (the number an XLSX
// cell stores for a date) to a Date. In the 1900 date system (date1904
// false) serial 1 is 1900-01-01 and MaxExcelSerial is 9999-12-31; serial 60
// is Excel's fictitious 1900-02-29 and is rejected, and serials above 60
// count days since 1899-12-30. In the 1904 date system (date1904 true, set
// per workbook) serial 0 is 1904-01-01 and serials count days since then, up
// to 9999-12-31. Out-of-range serials give a *Error with CodeInvalidDate.
func ExcelSerialDate(serial int64, date1904 bool) (Date, error) {
	if date1904 {
		hi := int64(MaxDate - excelEpoch1904)
		if serial < 0 || serial > hi {
			return 0, fail(CodeInvalidDate, msg.F("Excel（1904 日期系统）日期序号 %d 超出范围 0–%d",
				"Excel date serial %d (1904 date system) is out of range 0–%d", serial, hi))
		}
		return excelEpoch1904 + Date(serial), nil
	}
	switch {
	case serial < 1 || serial > MaxExcelSerial:
		return 0, fail(CodeInvalidDate, msg.F("Excel 日期序号 %d 超出范围 1–%d",
			"Excel date serial %d is out of range 1–%d", serial, MaxExcelSerial))
	case serial == 60:
		return 0, fail(CodeInvalidDate, msg.T("Excel 日期序号 60 表示不存在的 1900-02-29",
			"Excel date serial 60 stands for 1900-02-29, a day that does not exist"))
	case serial < 60:
		return excelEpoch1900Low + Date(serial), nil
	default:
		return excelEpoch1900High + Date(serial), nil
	}
}

// ExcelSerial is the inverse of ExcelSerialDate in the 1900 date system: it
// returns the serial Excel uses for d, and false when d lies outside
// MinDate..MaxDate.
func ExcelSerial(d Date) (int64, bool) {
	if d < MinDate || d > MaxDate {
		return 0, false
	}
	if d < NewDate(1900, time.March, 1) {
		return int64(d - excelEpoch1900Low), true
	}
	return int64(d - excelEpoch1900High), true
}

// clip shortens untrusted cell text quoted inside an error reason.
func clip(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
