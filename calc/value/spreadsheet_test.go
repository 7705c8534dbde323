package value

import (
	"strings"
	"testing"
)

func TestSpreadsheetNumber(t *testing.T) {
	for in, want := range map[string]string{
		"2200220.12": "2200220.12", "1234.0999999999999": "1234.1", "0.30000000000000004": "0.3",
		"3.2058319900101202E+17": "320583199001012000", "1E-3": "0.001", "100": "100", "-5": "-5",
		" 300000 ": "300000", "1999.9900000000002": "1999.99", "2.3999999999999999": "2.4", "1E+5": "100000",
		"-0.07": "-0.07", "300000.004": "300000.004", "9999999999999.99": "9999999999999.99",
	} {
		if got, ok := SpreadsheetNumber(in); !ok || got.String() != want {
			t.Errorf("%q: got %s %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "2,000.00", "1E999999", strings.Repeat("9", 80)} {
		if d, ok := SpreadsheetNumber(in); ok {
			t.Errorf("%q accepted as %s", in, d)
		}
	}
}

func TestSpreadsheetDate(t *testing.T) {
	for in, want := range map[string]string{"44742": "2022-06-30", "44742.0": "2022-06-30", "1": "1900-01-01"} {
		if got, ok := SpreadsheetDate(in, false); !ok || got.String() != want {
			t.Errorf("%q: got %s %v, want %s", in, got, ok, want)
		}
	}
	if got, ok := SpreadsheetDate("0", true); !ok || got.String() != "1904-01-01" {
		t.Errorf("1904 serial 0: %s %v", got, ok)
	}
	for _, in := range []string{"44742.5", "2022-06-30", "60", "0", "1E+13", ""} {
		if d, ok := SpreadsheetDate(in, false); ok {
			t.Errorf("%q accepted as %s", in, d)
		}
	}
}
