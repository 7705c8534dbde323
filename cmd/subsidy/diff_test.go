package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/output"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func diffLine(id, program, funder, recipient, payable, status string) ledger.Line {
	return ledger.Line{LineID: id, Period: "2022-06", Program: program, ProgramName: "项目", Clause: "136",
		PolicyVersion: "suzhou-ip-2021@2021", Funder: funder, RecipientID: recipient, RecipientName: "甲",
		District: "320583", EventDate: value.NewDate(2022, 6, 1), Source: "x.csv:2", BasisCNY: dec(payable),
		Rate: dec("1"), Computed: dec(payable), Payable: dec(payable), Status: status, Note: msg.T("说明", "note")}
}

func TestDiffLedgersChanges(t *testing.T) {
	a := []ledger.Line{
		diffLine("c-1", "licensing_support", "320585", "R2", "10000.00", ledger.StatusPaid),
		diffLine("r-1", "grant_domestic", "city", "R9", "1500.00", ledger.StatusPaid),
		diffLine("s-1", "grant_domestic", "city", "R8", "1500.00", ledger.StatusPaid),
		diffLine("u-1", "grant_domestic", "city", "R7", "1500.00", ledger.StatusPaid),
	}
	b := []ledger.Line{
		diffLine("u-1", "grant_domestic", "city", "R7", "1500.00", ledger.StatusPaid),
		diffLine("c-1", "licensing_support", "320585", "R2", "16000.00", ledger.StatusPaid),
		diffLine("a-1", "licensing_support", "320505", "R3", "5000.00", ledger.StatusPaid),
		diffLine("s-1", "grant_domestic", "city", "R8", "1500.00", ledger.StatusCapped),
	}
	b[3].Computed = dec("2000.00")
	d := ledger.Compare(a, b)
	var got []string
	for _, e := range d.Entries {
		got = append(got, e.Change+" "+e.Line().LineID)
	}
	want := "added a-1,changed c-1,removed r-1,changed s-1"
	if strings.Join(got, ",") != want {
		t.Fatalf("entries %q, want %q", strings.Join(got, ","), want)
	}
	if d.Count(ledger.DiffChanged) != 2 || d.Count(ledger.DiffAdded) != 1 || d.Count(ledger.DiffRemoved) != 1 {
		t.Errorf("counts wrong")
	}
	funders := map[string]ledger.DiffTotal{}
	for _, f := range d.ByFunder {
		funders[f.Key] = f
	}
	if f := funders["city"]; !f.A.Equal(dec("4500")) || !f.B.Equal(dec("3000")) || !f.Delta.Equal(dec("-1500")) || !f.Differs {
		t.Errorf("city %+v", f)
	}
	if f := funders["320505"]; !f.A.IsZero() || !f.B.Equal(dec("5000")) {
		t.Errorf("320505 %+v", f)
	}

	var csvOut bytes.Buffer
	if err := writeDiffCSV(&csvOut, &d); err != nil {
		t.Fatal(err)
	}
	wantCSV := "change,line_id,program,funder,recipient_id,payable_a,payable_b,delta\n" +
		"added,a-1,licensing_support,320505,R3,,5000.00,5000.00\n" +
		"changed,c-1,licensing_support,320585,R2,10000.00,16000.00,6000.00\n" +
		"removed,r-1,grant_domestic,city,R9,1500.00,,-1500.00\n" +
		"changed,s-1,grant_domestic,city,R8,1500.00,1500.00,0.00\n"
	if csvOut.String() != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", csvOut.String(), wantCSV)
	}

	var text bytes.Buffer
	if err := writeDiffText(&text, &d, "a.csv", "b.csv", "en"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"1 added, 1 removed, 2 changed", "status A paid → B capped", "computed A 1,500.00 → B 2,000.00",
		"payable A — → B 5,000.00 (delta +5,000.00)", "payable A 1,500.00 → B — (delta -1,500.00)", "Total payable: A 14,500.00  B 24,000.00  delta +9,500.00"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, text.String())
		}
	}
}

// writeLedger writes lines as a ledger file (CSV or JSONL by extension).
func writeLedger(t *testing.T, path string, lines []ledger.Line) {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(path, ".jsonl") {
		err = writeJSONL(&buf, lines, "zh")
	} else {
		err = output.WriteLedgerCSV(&buf, lines, "zh", true)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiffCommandExitCodes(t *testing.T) {
	dir := t.TempDir()
	a := []ledger.Line{diffLine("l-1", "grant_domestic", "city", "R1", "1500.00", ledger.StatusPaid)}
	b := []ledger.Line{diffLine("l-1", "grant_domestic", "city", "R1", "3000.00", ledger.StatusPaid)}
	pa, pj, pb := filepath.Join(dir, "a.csv"), filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.csv")
	writeLedger(t, pa, a)
	writeLedger(t, pj, a)
	writeLedger(t, pb, b)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("line_id,payable\nx,notanumber\n"), 0o644)

	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{pa, pj}, exitOK, "完全一致"},
		{[]string{"--lang", "en", pa, pb}, exitDiffers, "0 added, 0 removed, 1 changed"},
		{[]string{"--format", "csv", pa, pb}, exitDiffers, "changed,l-1,grant_domestic,city,R1,1500.00,3000.00,1500.00"},
		{[]string{pa, bad}, exitUsage, ""},
		{[]string{pa, filepath.Join(dir, "none.csv")}, exitUsage, ""},
		{[]string{pa}, exitUsage, ""},
		{[]string{"--lang", "fr", pa, pb}, exitUsage, ""},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"subsidy", "diff"}, c.args...), nil, &out, &errb)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d; stderr %s", c.args, code, c.code, errb.String())
		}
		if c.out != "" && !strings.Contains(out.String(), c.out) {
			t.Errorf("%v: stdout lacks %q:\n%s", c.args, c.out, out.String())
		}
	}
}

func TestDiffFolderConflict(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "side")
	os.Mkdir(sub, 0o755)
	l := diffLine("l-1", "grant_domestic", "city", "R1", "1500.00", ledger.StatusPaid)
	writeLedger(t, filepath.Join(sub, "x.csv"), []ledger.Line{l})
	writeLedger(t, filepath.Join(sub, "x.jsonl"), []ledger.Line{l}) // the same line twice counts once
	a := filepath.Join(dir, "a.csv")
	writeLedger(t, a, []ledger.Line{l})
	var out, errb bytes.Buffer
	if code := run([]string{"subsidy", "diff", a, sub}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	l2 := l
	l2.Payable = dec("1000.00")
	writeLedger(t, filepath.Join(sub, "y.csv"), []ledger.Line{l2})
	errb.Reset()
	if code := run([]string{"subsidy", "diff", "--lang", "en", a, sub}, nil, &out, &errb); code != exitUsage {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errb.String(), "line_id l-1 appears in two files") {
		t.Errorf("stderr %s", errb.String())
	}
}

// TestDiffPolicyChange is how policy staff see the effect of a policy edit:
// the example batch run under the default policy and under one whose
// licensing ratio (136 三(二)7) is 12% instead of 10%. The diff must name
// exactly the three licensing lines and exit 3. Amounts by hand: basis ×
// 0.12 — 2,000,000.00 → 240,000.00 (+40,000.00); 1,749,650.00 (EUR
// 250,000.00 × 6.9986) → 209,958.00 (+34,993.00); 800,000.00 → 96,000.00
// (+16,000.00); no yearly cap (3,000,000.00) binds.
func TestDiffPolicyChange(t *testing.T) {
	dir := t.TempDir()
	yaml := string(policy.DefaultYAML())
	at := strings.Index(yaml, "\n  licensing_support:\n")
	ratio := strings.Index(yaml[at:], "ratio:\n            value: \"0.10\"")
	if at < 0 || ratio < 0 {
		t.Fatal("default policy: licensing_support ratio 0.10 not found")
	}
	ratio += at
	changed := yaml[:ratio] + strings.Replace(yaml[ratio:], `value: "0.10"`, `value: "0.12"`, 1)
	pol := filepath.Join(dir, "policy-ratio-12.yaml")
	if err := os.WriteFile(pol, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join("..", "..", "fixtures", "example-2022-06")
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, args := range [][]string{
		{"--out", a, "--rejections", filepath.Join(dir, "ra.csv")},
		{"--out", b, "--rejections", filepath.Join(dir, "rb.csv"), "--policy", pol},
	} {
		var out, errb bytes.Buffer
		full := append([]string{"subsidy", "run", "--period", "2022-06", "--in", in, "--quiet"}, args...)
		if code := run(full, nil, &out, &errb); code != exitOK {
			t.Fatalf("%v: exit %d: %s", full, code, errb.String())
		}
	}
	var self bytes.Buffer
	if code := run([]string{"subsidy", "diff", a, a}, nil, &self, &self); code != exitOK {
		t.Errorf("diff of the example ledger with itself: exit %d, want 0:\n%s", code, self.String())
	}
	var out, errb bytes.Buffer
	if code := run([]string{"subsidy", "diff", "--format", "csv", a, b}, nil, &out, &errb); code != exitDiffers {
		t.Fatalf("diff: exit %d, want %d: %s", code, exitDiffers, errb.String())
	}
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	if rows[0] != "change,line_id,program,funder,recipient_id,payable_a,payable_b,delta" {
		t.Errorf("header %q", rows[0])
	}
	var got []string
	for _, l := range rows[1:] {
		parts := strings.SplitN(l, ",", 3)
		if len(parts) != 3 || !strings.HasPrefix(parts[1], "licensing_support-") {
			t.Errorf("unexpected diff line %q", l)
			continue
		}
		got = append(got, parts[0]+","+parts[2])
	}
	want := []string{
		"changed,licensing_support,320583,91320583MA1XA00254,200000.00,240000.00,40000.00",
		"changed,licensing_support,320508,91320583MA1XA0031Q,174965.00,209958.00,34993.00",
		"changed,licensing_support,320508,12320500MB0U000046,80000.00,96000.00,16000.00",
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
