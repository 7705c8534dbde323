package value

import (
	"testing"
	"time"
)

// TestAddYears: a period of years ends on the corresponding day, or on the
// month's last day when there is none (民法典 第二百零三条) — the end of a 登峰
// project's two years (81 二 项目实施期为两年).
func TestAddYears(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2022-03-15", 2, "2024-03-15"},
		{"2021-12-31", 2, "2023-12-31"},
		{"2024-02-29", 2, "2026-02-28"}, // no 29 February in 2026: the month's last day
		{"2024-02-29", 4, "2028-02-29"},
		{"2023-02-28", 1, "2024-02-28"},
		{"2022-01-31", -1, "2021-01-31"},
	} {
		d, err := ParseDate(c.from)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddYears(c.n).String(); got != c.want {
			t.Errorf("%s + %d years = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	if got := NewDate(2024, time.February, 29).AddYears(1); got != NewDate(2025, time.February, 28) {
		t.Errorf("2024-02-29 + 1 year = %s", got)
	}
}
