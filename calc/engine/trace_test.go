package engine

import (
	"fmt"
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
)

// grantsOf is n domestic invention grants of holder u, numbered from first,
// granted on the given day of successive months from month (a day each).
func grantsOf(u string, first, n int, year, month int) []roster.Grant {
	var out []roster.Grant
	for i := 0; i < n; i++ {
		out = append(out, roster.Grant{USCC: u, Number: fmt.Sprintf("ZL%d%07d.1", year, first+i), Kind: "invention", Office: "CN",
			Route: "domestic", GrantDate: date(fmt.Sprintf("%d-%02d-%02d", year, month, 1+i))})
	}
	return out
}

// runGrants runs a batch of grants over ents, with the prior lines and
// year counts.
func runGrants(t *testing.T, pol *policy.Policy, period string, ents []roster.Enterprise, grants []roster.Grant, prior []ledger.Line, counts []ledger.YearCount) *Result {
	t.Helper()
	for i := range grants {
		grants[i].Src = roster.Source{File: "grants.csv", Row: i + 2}
	}
	p, err := priorOf(prior, counts, pol.RecipientCounted()...)
	if err != nil {
		t.Fatal(err)
	}
	var events []roster.Event
	for i := range grants {
		events = append(events, &grants[i])
	}
	res, err := Run(Input{Period: period, Policy: pol, Prior: p, Rows: collected(t, roster.Batch{Enterprises: ents}, events...)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Recon.Balanced() {
		t.Fatalf("reconciliation does not balance: %v", res.Recon.Problems)
	}
	return res
}

// TestYearCountTrace (spec §4.3a 5): 136 三(一)1 "年发明专利授权10件以上" counts the
// year across batches — a batch leaves the counts still short of the
// threshold (and the digests of the grants counted), the next one starts
// from them, a repeated grant counts once, and a year whose line is paid
// leaves no trace.
func TestYearCountTrace(t *testing.T) {
	pol := testPolicy(t)
	en := enterprise(1)
	en.PriorInventionGrants = roster.OptInt{N: 5, Set: true}
	ents := []roster.Enterprise{en}
	jan := grantsOf(en.USCC, 1, 6, 2022, 1)
	feb := grantsOf(en.USCC, 101, 6, 2022, 2)

	r1 := runGrants(t, pol, "2022-01", ents, append([]roster.Grant{}, jan...), nil, nil)
	if len(r1.Lines) != 0 || len(r1.YearCounts) != 1 {
		t.Fatalf("January: lines %v, year counts %+v; want none and one", r1.Lines, r1.YearCounts)
	}
	yc := r1.YearCounts[0]
	if yc.Program != "layout.invention_10" || yc.Recipient != en.USCC || yc.Year != 2022 || yc.Count != 6 || len(yc.Keys) != 6 {
		t.Fatalf("January trace %+v, want invention_10 2022: 6 with 6 keys", yc)
	}
	if want := ledger.RowDigest(jan[0].USCC, jan[0].Number, jan[0].Office); !contains(yc.Keys, want) {
		t.Errorf("trace keys %x lack the first grant's digest %x", yc.Keys, want)
	}

	whole := runGrants(t, pol, "2022-02", ents, append(append([]roster.Grant{}, jan...), feb...), nil, nil)
	for name, grants := range map[string][]roster.Grant{
		"monthly":    append([]roster.Grant{}, feb...),
		"cumulative": append(append([]roster.Grant{}, jan...), feb...),
		"repeated":   append([]roster.Grant{jan[2]}, feb...), // one January grant sent again
	} {
		t.Run(name, func(t *testing.T) {
			r2 := runGrants(t, pol, "2022-02", ents, grants, nil, r1.YearCounts)
			if len(r2.Lines) != 1 || len(whole.Lines) != 1 {
				t.Fatalf("February: %d lines, the whole year %d; want one each", len(r2.Lines), len(whole.Lines))
			}
			l, w := r2.Lines[0], whole.Lines[0]
			if l.LineID != w.LineID || l.EventDate != w.EventDate || !l.Payable.Equal(w.Payable) || l.EventDate != feb[3].GrantDate {
				t.Errorf("February pays %s on %s (%s), the whole year %s on %s (%s); want the 4th February grant, %s",
					l.LineID, l.EventDate, l.Payable, w.LineID, w.EventDate, w.Payable, feb[3].GrantDate)
			}
			if len(r2.YearCounts) != 0 {
				t.Errorf("the year reached its threshold, yet the trace %+v", r2.YearCounts)
			}
		})
	}

	// A batch without the holder's grants carries the trace forward; a
	// paid year drops it.
	other := enterprise(2)
	r3 := runGrants(t, pol, "2022-02", append(ents, other), grantsOf(other.USCC, 201, 2, 2022, 2), nil, r1.YearCounts)
	if len(r3.YearCounts) != 2 || r3.YearCounts[0].Count+r3.YearCounts[1].Count != 8 {
		t.Errorf("carried trace %+v, want the first enterprise's 6 and the other's 2", r3.YearCounts)
	}
	paid := ledger.Line{LineID: ledger.LineID("layout.invention_10", en.USCC, "2022"), Period: "2022-01", Program: "layout.invention_10",
		RecipientID: en.USCC, EventDate: date("2022-01-30"), BasisCNY: d("50000.00"), Rate: d("1"), Computed: d("50000.00"), Payable: d("50000.00"), Status: ledger.StatusPaid}
	if r4 := runGrants(t, pol, "2022-02", ents, nil, []ledger.Line{paid}, r1.YearCounts); len(r4.YearCounts) != 0 {
		t.Errorf("the year's line is in a prior ledger, yet the trace %+v", r4.YearCounts)
	}
}

// TestYearCountClosed: a year that passed its threshold on a grant no
// version was in force for (before 136 was issued) never pays; its trace
// keeps the count alone, so a later batch does not start the year anew.
func TestYearCountClosed(t *testing.T) {
	pol := testPolicy(t)
	en := enterprise(1)
	en.PriorInventionGrants = roster.OptInt{N: 5, Set: true}
	ents := []roster.Enterprise{en}
	early := append(grantsOf(en.USCC, 1, 6, 2021, 3), grantsOf(en.USCC, 11, 6, 2021, 4)...) // 12 grants before 2021-06-21
	late := grantsOf(en.USCC, 101, 10, 2021, 7)
	r1 := runGrants(t, pol, "2021-05", ents, append([]roster.Grant{}, early...), nil, nil)
	if len(r1.YearCounts) != 1 || r1.YearCounts[0].Count != 12 || len(r1.YearCounts[0].Keys) != 0 {
		t.Fatalf("trace %+v, want 2021: 12 with no keys", r1.YearCounts)
	}
	r2 := runGrants(t, pol, "2021-07", ents, append([]roster.Grant{}, late...), nil, r1.YearCounts)
	whole := runGrants(t, pol, "2021-07", ents, append(append([]roster.Grant{}, early...), late...), nil, nil)
	if len(r2.Lines) != 0 || len(whole.Lines) != 0 {
		t.Errorf("lines: monthly %v, whole year %v; want none (the 10th grant had no version in force)", r2.Lines, whole.Lines)
	}
}

func contains(keys []uint64, k uint64) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}
