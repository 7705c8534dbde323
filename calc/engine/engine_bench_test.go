package engine

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/ids"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// benchRows is the number of event rows of each engine benchmark.
const benchRows = 2000

// benchInput makes a batch of benchRows rows made by add over 200
// enterprises (entity type enterprise, 苏州工业园区) and a daily USD rate;
// each call collects the rows anew, as Run reads them once.
func benchInput(b *testing.B, add func(i int, usccs []string, day value.Date) roster.Event) func() Input {
	b.Helper()
	pol, err := policy.Default()
	if err != nil {
		b.Fatal(err)
	}
	var ref roster.Batch
	usccs := make([]string, 200)
	for i := range usccs {
		usccs[i] = ids.MakeUSCC(fmt.Sprintf("91320500%09d", i))
		ref.Enterprises = append(ref.Enterprises, roster.Enterprise{Src: roster.Source{File: "enterprises.csv", Row: i + 2},
			USCC: usccs[i], Name: fmt.Sprint("企业", i), District: "320571", EntityType: "enterprise",
			PriorInventionGrants: roster.OptInt{N: 0, Set: true}})
	}
	start := value.NewDate(2022, 1, 1)
	for d := 0; d < 365; d++ {
		ref.FX = append(ref.FX, roster.Rate{Src: roster.Source{File: "fx.csv", Row: d + 2}, Currency: "USD", Date: start.AddDays(d),
			Rate: decimal.RequireFromString("6.7134"), Units: decimal.NewFromInt(1), Quote: "cny_per_unit"})
	}
	events := make([]roster.Event, benchRows)
	for i := range events {
		events[i] = add(i, usccs, start.AddDays(i%360))
	}
	return func() Input { return Input{Period: "2022-12", Policy: pol, Rows: collected(b, ref, events...)} }
}

// runBench runs the engine on the batches in makes, reporting the time
// per event row.
func runBench(b *testing.B, in func() Input) {
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(in(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if !res.Recon.Balanced() || len(res.Lines) == 0 {
			b.Fatalf("lines %d, problems %v", len(res.Lines), res.Recon.Problems)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}

func src(file string, i int) roster.Source { return roster.Source{File: file, Row: i + 2} }

// BenchmarkFormulaRatioCNY: licensing_support, a ratio of a CNY payment
// under the yearly cap (136 三(二)7).
func BenchmarkFormulaRatioCNY(b *testing.B) {
	runBench(b, benchInput(b, func(i int, usccs []string, day value.Date) roster.Event {
		return &roster.LicensingPayment{Src: src("licensing.csv", i), ContractID: fmt.Sprint("HT-", i),
			USCC: usccs[i%len(usccs)], Role: "licensee", Kind: "license", Amount: decimal.New(int64(100000+i)*100, -2), Currency: "CNY", PaidDate: day, PaymentNo: 1}
	}))
}

// BenchmarkFormulaRatioFX: overseas_litigation, a USD fee converted at the
// fx roster's rate, then the rate, under the case cap (136 三(五)20).
func BenchmarkFormulaRatioFX(b *testing.B) {
	runBench(b, benchInput(b, func(i int, usccs []string, day value.Date) roster.Event {
		return &roster.LitigationFee{Src: src("litigation.csv", i), CaseID: fmt.Sprint("C-", i%500),
			USCC: usccs[i%len(usccs)], Jurisdiction: "US", InvoiceNo: fmt.Sprint("INV-", i), Amount: decimal.New(int64(20000+i)*100, -2), Currency: "USD", PaidDate: day}
	}))
}

// BenchmarkFormulaFixed: layout grants — foreign inventions paid a fixed
// district amount under the group cap, domestic ones counted toward
// first_invention and invention_10 (136 三(一)1).
func BenchmarkFormulaFixed(b *testing.B) {
	runBench(b, benchInput(b, func(i int, usccs []string, day value.Date) roster.Event {
		office, route := "CN", "domestic"
		if i%2 == 0 {
			office, route = "US", "pct"
		}
		return &roster.Grant{Src: src("grants.csv", i), USCC: usccs[i%len(usccs)], Number: fmt.Sprint("ZL", i),
			Kind: "invention", Office: office, Route: route, GrantDate: day}
	}))
}

// BenchmarkFormulaCommittee: committee awards paid min(amount, ceiling)
// (award.patent_prize, 136 三(一)3).
func BenchmarkFormulaCommittee(b *testing.B) {
	runBench(b, benchInput(b, func(i int, usccs []string, day value.Date) roster.Event {
		return &roster.Award{Src: src("awards.csv", i), Program: "award.patent_prize", RecipientID: usccs[i%len(usccs)],
			ProjectID: fmt.Sprint("PP-", i), Amount: roster.OptAmount{A: decimal.New(int64(500000+i*300)*100, -2), Set: true},
			DecisionDate: day, DecisionRef: "苏知发〔2022〕1号"}
	}))
}

// BenchmarkCapAccounting: every row under one of few cap keys (insurance
// premiums of 20 enterprises, capped per entity and year), so most lines
// read and update a cap already in use.
func BenchmarkCapAccounting(b *testing.B) {
	runBench(b, benchInput(b, func(i int, usccs []string, day value.Date) roster.Event {
		return &roster.Premium{Src: src("insurance.csv", i), PolicyNo: fmt.Sprint("P-", i),
			USCC: usccs[i%20], Premium: decimal.New(int64(30000)*100, -2), Currency: "CNY", PaidDate: day, PaymentNo: 1}
	}))
}

// BenchmarkApplyRate is the formula step alone: basis × rate rounded to the fen.
func BenchmarkApplyRate(b *testing.B) {
	basis, rate := decimal.RequireFromString("854808.00"), decimal.RequireFromString("0.50")
	b.ReportAllocs()
	for b.Loop() {
		_ = applyRate(basis, rate, "half_up")
	}
}

// BenchmarkApplyCap is the cap step alone.
func BenchmarkApplyCap(b *testing.B) {
	c, l, u := decimal.RequireFromString("427404.00"), decimal.RequireFromString("1000000.00"), decimal.RequireFromString("700000.00")
	b.ReportAllocs()
	for b.Loop() {
		_ = applyCap(c, l, u)
	}
}
