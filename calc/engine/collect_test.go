package engine

import (
	"strings"
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
)

// collected collects rows already decoded as Rows would collect them from
// files named "<roster>.csv": the reference rows of ref and the event
// rows, each counted as read, with an enterprise roster given.
func collected(t testing.TB, ref roster.Batch, events ...roster.Event) *Rows {
	t.Helper()
	r := NewRows(nil)
	r.dec.Batch = ref
	r.File(roster.Enterprises, "enterprises.csv")
	for k, n := range map[roster.Kind]int{roster.Enterprises: len(ref.Enterprises), roster.FX: len(ref.FX), roster.Budgets: len(ref.Budgets)} {
		r.read[k] += n
		r.File(k, string(k)+".csv")
	}
	for _, ev := range events {
		r.read[ev.Roster()]++
		r.File(ev.Roster(), ev.Source().File)
		if err := r.addEvent(ev); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// TestRowsCollect: Rows counts every record read, lists those that do not
// decode with their rejections first among equals, sums their amounts
// where they read (not a CSV row whose cells are shifted), and points an
// event naming an enterprise whose roster row was listed to that row
// (spec §1.3).
func TestRowsCollect(t *testing.T) {
	res := batch{period: "2022-06", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			91320583MA1XA0000J,苏州光启精密光电有限公司,昆山市,enterprise
			91320583MA1XA0001M,苏州瑞康医疗器械有限公司,320571,company`,
		roster.Litigation: `
			case_id,uscc,jurisdiction,invoice_no,amount,currency,paid_date
			C-1,91320583MA1XA0000J,US,INV-1,"1,000.00",CNY,2022-13-01
			C-2,91320583MA1XA0000J,US,INV-2,12x,CNY,2022-03-01
			C-3,91320583MA1XA0001M,US,INV-3,500.00,CNY,2022-03-01`,
	}}.run(t)
	expect(t, res, map[string]string{
		"enterprises.csv:3": "invalid_value", // company is no entity type
		"litigation.csv:2":  "invalid_date",  // month 13
		"litigation.csv:3":  "invalid_amount",
		"litigation.csv:4":  "unknown_recipient",
	})
	for _, r := range res.Rejections {
		if r.Row == 4 && !strings.Contains(r.Message.En, "enterprise roster row 3, but that row was rejected") {
			t.Errorf("unknown_recipient says %q, want it to point to enterprise roster row 3", r.Message.En)
		}
	}
	// the amount of row 2 reads though its date does not; row 3's does
	// not read; row 4 is listed by the engine with its 500.00
	if got := res.Recon.Listed["CNY"]; !got.Equal(d("1500.00")) {
		t.Errorf("listed CNY %s, want 1,500.00", got)
	}

	rows := NewRows(nil)
	rows.File(roster.Litigation, "litigation.csv")
	rec := roster.Record{File: "litigation.csv", Row: 2, Cells: []string{"C-1", "91320583MA1XA0000J", "US", "INV-1", "1", "000.00", "CNY"}}
	rows.List(roster.Litigation, rec, []ledger.Rejection{{File: "litigation.csv", Row: 2, Code: roster.CodeFieldCount, Class: ledger.ClassData}})
	if rows.Read(roster.Litigation) != 1 || len(rows.listedAmounts) != 0 {
		t.Errorf("a shifted row: read %d, listed amounts %v; want 1 and none", rows.Read(roster.Litigation), rows.listedAmounts)
	}
}

// TestEnterpriseRosterRequired: the enterprise roster is required whenever
// another roster names a USCC (spec §2) — any row of a roster with a uscc
// column, listed or not, or an awards row whose recipient is not an ID
// number; awards to persons alone need none.
func TestEnterpriseRosterRequired(t *testing.T) {
	pol := testPolicy(t)
	for _, c := range []struct {
		name string
		kind roster.Kind
		rec  []string
		want bool
	}{
		{"a grant", roster.Grants, []string{"91320583MA1XA00052", "ZL202110500037.1", "invention", "CN", "domestic", "2022-01-11"}, true},
		{"a grant that does not decode", roster.Grants, []string{"bad", "ZL202110500037.1", "invention", "CN", "domestic", "2022-01-11"}, true},
		{"an award to an enterprise", roster.Awards, []string{"award.patent_prize", "91320583MA1XA00052", "", "", "PP-1", "1000", "2022-05-01"}, true},
		{"an award to a person", roster.Awards, []string{"award.outstanding_inventor", "320505198503120048", "李华", "320505", "OI-1", "1000", "2022-05-01"}, false},
	} {
		rows := NewRows(nil)
		rows.File(c.kind, string(c.kind)+".csv")
		cells := make([]string, len(roster.Lookup(c.kind).Columns))
		copy(cells, c.rec)
		if err := rows.Add(c.kind, roster.Record{File: string(c.kind) + ".csv", Row: 2, Cells: cells}); err != nil {
			t.Fatal(err)
		}
		err := rows.Check()
		if got := err != nil; got != c.want {
			t.Errorf("%s: Check() = %v, want an error %t", c.name, err, c.want)
		}
		if _, runErr := Run(Input{Period: "2022-06", Policy: pol, Rows: rows}, Options{}); (runErr != nil) != c.want {
			t.Errorf("%s: Run error %v, want one %t", c.name, runErr, c.want)
		}
		if c.want && !strings.Contains(err.Error(), "the enterprise roster is missing") {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
