package engine

import (
	"fmt"
	"testing"

	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// Table tests of the readings of spec §4.3a at the engine level: per-
// recipient caps and counts of the 每家 programs (1), persons paid the
// report reward (2), the national-title switch (3) and late 登峰
// acceptances (4). Fixtures awards-per-enterprise, report-reward-persons,
// tier-separate and dengfeng-late-acceptance derive the same by hand.

func testPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	p, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// enterprise is a roster row of a valid enterprise numbered n.
func enterprise(n int) roster.Enterprise {
	u := ids.MakeUSCC(fmt.Sprintf("91320571MA1TN%04d", n))
	return roster.Enterprise{Src: roster.Source{File: "enterprises.csv", Row: n + 1}, USCC: u, Name: "企业", District: "320571", EntityType: "enterprise"}
}

func date(s string) value.Date {
	d, err := value.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// award is an awards row numbered row.
func award(row int, program, recipient, project, amount, decided string) roster.Award {
	return roster.Award{Src: roster.Source{File: "awards.csv", Row: row}, Program: program, RecipientID: recipient, ProjectID: project,
		Amount: roster.OptAmount{A: d(amount), Set: true}, DecisionDate: date(decided), DecisionRef: "苏知发〔2022〕1号"}
}

// runAwards runs a batch of awards over ents with the prior lines.
func runAwards(t *testing.T, pol *policy.Policy, period string, ents []roster.Enterprise, awards []roster.Award, prior []ledger.Line) *Result {
	t.Helper()
	p, err := priorOf(prior, nil, pol.RecipientCounted()...)
	if err != nil {
		t.Fatal(err)
	}
	var events []roster.Event
	for i := range awards {
		events = append(events, &awards[i])
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

// outcome is a row's result: its payable and status, or its rejection code.
func outcomes(res *Result) map[int]string {
	out := map[int]string{}
	for _, l := range res.Lines {
		var row int
		for i := len("awards.csv:"); i < len(l.Source) && l.Source[i] != ' '; i++ {
			row = row*10 + int(l.Source[i]-'0')
		}
		out[row] = l.Payable.StringFixed(2) + " " + l.Status
	}
	for _, r := range res.Rejections {
		if r.File == "awards.csv" {
			out[r.Row] = r.Code
		}
	}
	return out
}

// TestPerRecipientAwards (spec §4.3a 1): 136 三(三)14 "每年支持不超过20家企业，每家给予
// 不超过20万元" — one cap per enterprise and year across rows and batches, one
// place per enterprise; 三(一)2 "每项" keeps a ceiling per row and counts rows.
func TestPerRecipientAwards(t *testing.T) {
	pol := testPolicy(t)
	var ents []roster.Enterprise
	for i := 1; i <= 22; i++ {
		ents = append(ents, enterprise(i))
	}
	u := func(i int) string { return ents[i-1].USCC }
	priorLine := func(program string, i int, payable, capKey string) ledger.Line {
		return ledger.Line{LineID: ledger.LineID(program, "P"+payable, "", u(i)), Period: "2022-06", Program: program, Funder: "city",
			RecipientID: u(i), EventDate: date("2022-05-01"), BasisCNY: d(payable), Rate: d("1"), Computed: d(payable), Payable: d(payable),
			CapKey: capKey, Status: ledger.StatusPaid}
	}
	cases := []struct {
		name   string
		awards []roster.Award
		prior  []ledger.Line
		want   map[int]string
	}{
		{"two decisions, one enterprise, one cap", []roster.Award{
			award(2, "product.analysis", u(1), "PA-1", "150000.00", "2022-03-01"),
			award(3, "product.analysis", u(1), "PA-2", "150000.00", "2022-04-01"),
			award(4, "product.analysis", u(1), "PA-3", "150000.00", "2023-01-10"), // a new year, a new cap
		}, nil, map[int]string{2: "150000.00 paid", 3: "50000.00 capped", 4: "150000.00 paid"}},
		{"the cap counts prior batches", []roster.Award{
			award(2, "tier.outstanding_contribution", u(1), "OC-2", "700000.00", "2022-11-01"),
		}, []ledger.Line{priorLine("tier.outstanding_contribution", 1, "600000.00", "tier.outstanding_contribution/"+u(1)+"/2022")},
			map[int]string{2: "400000.00 capped"}},
		{"a prior line without cap key (per-row reading) counts toward the cap", []roster.Award{
			award(2, "finance.fund_team", u(1), "FT-2", "100000.00", "2022-11-01"),
		}, []ledger.Line{priorLine("finance.fund_team", 1, "150000.00", "")},
			map[int]string{2: "50000.00 capped"}},
		{"a second decision takes no second place", func() []roster.Award {
			var a []roster.Award
			// 20 enterprises, the first twice: all 21 rows fit the 20 places
			for i := 1; i <= 20; i++ {
				a = append(a, award(i+1, "product.analysis", u(i), "PA", "100000.00", "2022-05-01"))
			}
			a = append(a, award(22, "product.analysis", u(1), "PA-b", "50000.00", "2022-06-01"))
			a = append(a, award(23, "product.analysis", u(21), "PA", "100000.00", "2022-07-01")) // the 21st enterprise
			return a
		}(), nil, map[int]string{2: "100000.00 paid", 21: "100000.00 paid", 22: "50000.00 paid", 23: "count_limit"}},
		{"prior places are distinct recipients", []roster.Award{
			award(2, "finance.fund_team", u(5), "FT-5", "100000.00", "2022-11-01"),
			award(3, "finance.fund_team", u(6), "FT-6", "100000.00", "2022-11-02"),
		}, []ledger.Line{ // five lines, four fund teams
			priorLine("finance.fund_team", 1, "100000.00", ""), priorLine("finance.fund_team", 1, "50000.00", ""),
			priorLine("finance.fund_team", 2, "100000.00", ""), priorLine("finance.fund_team", 3, "100000.00", ""),
			priorLine("finance.fund_team", 4, "100000.00", ""),
		}, map[int]string{2: "100000.00 paid", 3: "count_limit"}},
		{"每项 programs count rows and cap each row", []roster.Award{
			award(2, "industry.geographical_indication", u(1), "GI-1", "500000.00", "2022-03-01"),
			award(3, "industry.geographical_indication", u(1), "GI-2", "500000.00", "2022-04-01"),
			award(4, "industry.geographical_indication", u(2), "GI-3", "100000.00", "2022-05-01"),
		}, nil, map[int]string{2: "500000.00 paid", 3: "500000.00 paid", 4: "count_limit"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := outcomes(runAwards(t, pol, "2023-01", ents, c.awards, c.prior))
			for row, want := range c.want {
				if got[row] != want {
					t.Errorf("row %d: %q, want %q (all: %v)", row, got[row], want, got)
				}
			}
		})
	}
}

// TestReportRewardRecipients (spec §4.3a 2): 136 三(五)21 rewards 社会公众 —
// a person (ID number, masked outside recipient_id) or an enterprise.
func TestReportRewardRecipients(t *testing.T) {
	pol := testPolicy(t)
	ents := []roster.Enterprise{enterprise(1)}
	person := ids.MakeIDNumber("32050819850314223")
	bad := person[:17] + string("0123456789X"[(indexOf("0123456789X", person[17])+1)%11])
	res := runAwards(t, pol, "2022-12", ents, []roster.Award{
		award(2, "protection.report_reward", person, "JB-1", "20000.00", "2022-11-01"),
		award(3, "protection.report_reward", ents[0].USCC, "JB-2", "30000.00", "2022-11-01"),
		award(4, "protection.report_reward", bad, "JB-3", "1000.00", "2022-11-01"),
		award(5, "protection.report_reward", "91320571MA1TS9999X", "JB-4", "1000.00", "2022-11-01"),
		award(6, "coop.center", person, "CC-1", "1000.00", "2022-11-01"), // a program for entities only
	}, nil)
	got := outcomes(res)
	for row, want := range map[int]string{2: "20000.00 paid", 3: "30000.00 paid", 4: "invalid_id", 5: "invalid_uscc", 6: "invalid_uscc"} {
		if got[row] != want {
			t.Errorf("row %d: %q, want %q", row, got[row], want)
		}
	}
	for _, l := range res.Lines {
		if l.RecipientID == person && (l.Source != "awards.csv:2 protection.report_reward|JB-1||"+ids.MaskID(person) || l.Funder != "city") {
			t.Errorf("person's line: source %q funder %q, want the ID masked in source and city funding", l.Source, l.Funder)
		}
	}
	for _, r := range res.Rejections {
		if r.Row == 4 && r.Value != ids.MaskID(bad) {
			t.Errorf("invalid ID shown as %q, want it masked", r.Value)
		}
	}
}

func indexOf(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// TestNationalTitleUpgrade (spec §4.3a 3): a demonstration title after an
// advantage award of 500,000.00 pays the difference (top_up, the default
// reading), nothing (none) or its own 1,000,000.00 (separate, 分别给予).
func TestNationalTitleUpgrade(t *testing.T) {
	for _, c := range []struct{ option, want string }{
		{policy.UpgradeTopUp, "500000.00 capped"},
		{policy.UpgradeNone, "not_payable"},
		{policy.UpgradeSeparate, "1000000.00 paid"},
	} {
		t.Run(c.option, func(t *testing.T) {
			pol, err := policy.Load(policy.DefaultYAML(), policy.DefaultFile) // its own copy: Default's is shared
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range pol.Programs["tier.national_demonstration"].Versions {
				v.Params["upgrade"].Option = c.option
			}
			en := enterprise(1)
			en.NationalTitle, en.TitleDate = "demonstration", roster.OptDate{D: date("2022-11-20"), Set: true}
			prior := ledger.Line{LineID: ledger.LineID("tier.national_advantage", en.USCC), Period: "2021-12", Program: "tier.national_advantage",
				Funder: "city", RecipientID: en.USCC, EventDate: date("2021-11-30"), BasisCNY: d("500000.00"), Rate: d("1"), Computed: d("500000.00"),
				Payable: d("500000.00"), CapKey: "tier.national/" + en.USCC, Status: ledger.StatusPaid}
			res := runAwards(t, pol, "2022-12", []roster.Enterprise{en}, nil, []ledger.Line{prior})
			got := ""
			for _, l := range res.Lines {
				got = l.Payable.StringFixed(2) + " " + l.Status
			}
			for _, r := range res.Rejections {
				got = r.Code
			}
			if got != c.want {
				t.Errorf("upgrade %s: %q, want %q", c.option, got, c.want)
			}
		})
	}
}

// TestLateAcceptance (spec §4.3a 4): 81 二 项目实施期为两年 — an acceptance
// decided after the corresponding day two years after the approval is
// computed and flagged review:late_acceptance; on that day it is not.
func TestLateAcceptance(t *testing.T) {
	pol := testPolicy(t)
	en := enterprise(1)
	for _, c := range []struct {
		approved, accepted string
		late               bool
	}{
		{"2021-10-15", "2023-10-15", false},
		{"2021-10-15", "2023-10-16", true},
		{"2021-10-15", "2022-10-15", false},
		{"2021-12-31", "2023-12-31", false},
	} {
		prior := ledger.Line{LineID: ledger.LineID("dengfeng.approval", "DF-1", "approval", en.USCC), Period: "2021-12", Program: "dengfeng.approval",
			Funder: "city", RecipientID: en.USCC, EventDate: date(c.approved), BasisCNY: d("300000.00"), Rate: d("1"), Computed: d("300000.00"),
			Payable: d("300000.00"), CapKey: "dengfeng/" + en.USCC + "/DF-1", Status: ledger.StatusPaid}
		a := award(2, "dengfeng", en.USCC, "DF-1", "500000.00", c.accepted)
		a.Stage, a.Result, a.IPInvestment = "acceptance", "pass", roster.OptAmount{A: d("2000000.00"), Set: true}
		res := runAwards(t, pol, c.accepted[:7], []roster.Enterprise{en}, []roster.Award{a}, []ledger.Line{prior})
		if len(res.Lines) != 1 {
			t.Fatalf("%s → %s: lines %v, rejections %v", c.approved, c.accepted, res.Lines, res.Rejections)
		}
		l := res.Lines[0]
		if got := l.FlagString() == "review:late_acceptance"; got != c.late || !l.Payable.Equal(d("500000.00")) {
			t.Errorf("approved %s, accepted %s: flags %q payable %s, want late=%t and 500,000.00 computed as usual", c.approved, c.accepted, l.FlagString(), l.Payable, c.late)
		}
	}
}
