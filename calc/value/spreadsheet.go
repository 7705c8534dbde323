package value

import (
	"strings"

	"github.com/shopspring/decimal"
)

// spreadsheetDigits is the precision of a spreadsheet number: an IEEE 754
// double keeps 15 significant decimal digits.
const spreadsheetDigits = 15

// SpreadsheetNumber reads the stored text of a numeric spreadsheet cell (as
// Excel writes a double: "2200220.12", "1234.0999999999999",
// "3.2058319900101202E+17") as the decimal it stands for: a spreadsheet
// number means 15 significant digits, so a number stored with more (float
// noise, "0.30000000000000004") is rounded to 15. No float is involved.
// It returns false for text that is not a plain number (surrounding white
// space aside), and for absurd numbers: more than 64 characters, or an
// exponent beyond ±400.
func SpreadsheetNumber(s string) (decimal.Decimal, bool) {
	t := strings.TrimSpace(s)
	if t == "" || len(t) > 64 {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(t)
	if err != nil || d.Exponent() < -400 || d.Exponent() > 400 {
		return decimal.Decimal{}, false
	}
	coef := d.Coefficient()
	if n := len(coef.Abs(coef).String()); n > spreadsheetDigits {
		d = d.Round(-d.Exponent() - int32(n-spreadsheetDigits))
	}
	return d, true
}

// SpreadsheetDate returns the date a numeric cell's stored text stands for
// when it is a whole-number date serial ("44742", "44742.0") in the
// workbook's date system (see ExcelSerialDate), and false otherwise.
func SpreadsheetDate(s string, date1904 bool) (Date, bool) {
	d, ok := SpreadsheetNumber(s)
	if !ok || !d.IsInteger() || !d.Abs().LessThan(decimal.New(1, 12)) {
		return 0, false
	}
	dt, err := ExcelSerialDate(d.IntPart(), date1904)
	return dt, err == nil
}
