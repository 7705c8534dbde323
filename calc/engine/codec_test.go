package engine

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/roster"
	"subsidy/calc/value"
)

// TestRowCodec: every event row comes back from its encoding with the same
// content and source, decimals with their exponent, blank optional amounts
// blank; a truncated encoding is an error, never a wrong row.
func TestRowCodec(t *testing.T) {
	d := decimal.RequireFromString
	src := roster.Source{File: "x.csv", Row: 7, Typed: "amount\x1f1,000"}
	day := value.NewDate(2022, 3, 1)
	rows := []roster.Event{
		&roster.Grant{Src: src, USCC: "U", Number: "N", Kind: "invention", Office: "CN", Route: "r", GrantDate: day},
		&roster.LicensingPayment{Src: src, ContractID: "C", USCC: "U", Role: "licensee", Kind: "k",
			Counterparty: "P", CrossBorder: true, Amount: d("-120000.50"), Currency: "USD", PaidDate: day, PaymentNo: 3},
		&roster.LitigationFee{Src: src, CaseID: "C", USCC: "U", Jurisdiction: "US", InvoiceNo: "I",
			Amount: d("1e30"), Currency: "EUR", PaidDate: day},
		&roster.Premium{Src: src, PolicyNo: "P", USCC: "U", Insurer: "I", Premium: d("0.001"),
			Currency: "CNY", PaidDate: day, PaymentNo: -1},
		&roster.PledgeFee{Src: src, LoanID: "L", USCC: "U", Bank: "B", FeeType: "interest",
			Amount: d("100.00"), Currency: "CNY", PaidDate: day, PaymentNo: 2},
		&roster.Award{Src: src, Program: "p", RecipientID: "R", RecipientName: "名", District: "320505",
			ProjectID: "J", Amount: roster.OptAmount{A: d("5"), Set: true}, DecisionDate: day, DecisionRef: "D",
			Stage: "approval", Result: "", IPInvestment: roster.OptAmount{}},
	}
	for _, row := range rows {
		kind := row.Roster()
		var files fileTable
		w := rowEncoder{files: &files}
		row.Fields(&w)
		got := roster.NewEvent(kind)
		if err := decodeInto(got, &rowDecoder{b: w.b, files: files.names}); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", row) || got.Source() != src {
			t.Errorf("%s: got %+v, want %+v", kind, got, row)
		}
		a, _, _ := got.Claim()
		b, _, _ := row.Claim()
		if a.Exponent() != b.Exponent() || !a.Equal(b) {
			t.Errorf("%s: amount %s (exp %d), want %s (exp %d)", kind, a, a.Exponent(), b, b.Exponent())
		}
		if err := decodeInto(roster.NewEvent(kind), &rowDecoder{b: w.b[:len(w.b)-1], files: files.names}); err == nil {
			t.Errorf("%s: a truncated row decodes", kind)
		}
	}
}
