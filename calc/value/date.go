// Package value parses and represents the cell values rosters carry: civil
// dates, money amounts, rates, counts and yes/no answers. Every parser is
// pure and returns a *Error with a stable rejection code on bad input.
package value

import "time"

// Date is a civil date (no time of day, no zone), stored as days since
// 1970-01-01 so that comparison, sorting and day arithmetic are integer
// operations.
type Date int32

// NewDate returns the date y-m-d. Out-of-range parts normalise as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Year returns the calendar year of d.
func (d Date) Year() int {
	y, _, _ := d.ymd()
	return y
}

// ymd returns the year, month and day of d in the proleptic Gregorian
// calendar (H. Hinnant's civil_from_days: integer arithmetic only, the
// same answer as time for every Date).
func (d Date) ymd() (y, m, day int) {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if mp >= 10 {
		m = int(mp - 9)
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, day
}

// AddYears returns the date n years after d (before it for n < 0): the
// same month and day, or the month's last day when that year has no such
// day (29 February in a common year → 28 February), as 民法典 第二百零三条
// ends a period counted in years: "到期月的对应日为期间的最后一日；没有对应日
// 的，月末日为期间的最后一日".
func (d Date) AddYears(n int) Date {
	y, m, day := d.ymd()
	if end := MonthEnd(y+n, time.Month(m)); NewDate(y+n, time.Month(m), day) > end {
		return end
	}
	return NewDate(y+n, time.Month(m), day)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// String formats d as YYYY-MM-DD (as time formats "2006-01-02").
func (d Date) String() string {
	y, m, day := d.ymd()
	if y < 1000 || y > 9999 {
		return d.Time().Format("2006-01-02")
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + day/10), byte('0' + day%10)}
	return string(b[:])
}

// MonthEnd returns the last day of month m of year y.
func MonthEnd(y int, m time.Month) Date { return NewDate(y, m+1, 1) - 1 }
