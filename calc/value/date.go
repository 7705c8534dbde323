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
func (d Date) Year() int { return d.Time().Year() }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format("2006-01-02") }

// YearStart returns January 1 of year y.
func YearStart(y int) Date { return NewDate(y, time.January, 1) }

// MonthEnd returns the last day of month m of year y.
func MonthEnd(y int, m time.Month) Date { return NewDate(y, m+1, 1) - 1 }
