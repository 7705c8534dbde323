package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sampleLines are ledger lines with cells a roster could have poisoned.
func sampleLines() []ledger.Line {
	return []ledger.Line{
		{
			LineID: "overseas_litigation-0123456789abcdef", Period: "2022-03",
			Program: "overseas_litigation", ProgramName: "海外维权", Clause: "136 三(五)20",
			PolicyVersion: "suzhou@1", Funder: "city", RecipientID: "91320500MA1XXXXX0A",
			RecipientName: `=HYPERLINK("http://x","点我")`, District: "320505",
			EventDate: value.NewDate(2022, time.March, 1), Source: "litigation:3 C1/INV-1",
			BasisCNY: dec("854808"), Rate: dec("0.5"), Computed: dec("427404.00"),
			CapKey: "overseas_litigation/91320500MA1XXXXX0A/C1", HasCap: true,
			CapLimit: dec("1000000"), CapUsedBefore: dec("700000"), Payable: dec("300000"),
			Status: ledger.StatusCapped, Flags: []string{"review:relaxation", "exception:ceiling"},
			Note: msg.T("案件上限 1,000,000.00 − 700,000.00 → 300,000.00", "case cap 1,000,000.00 − 700,000.00 → 300,000.00"),
		},
		{
			LineID: "layout.madrid-fedcba9876543210", Period: "2022-03",
			Program: "layout.madrid", ProgramName: "-1+2", Clause: "@SUM(A1:A9)",
			PolicyVersion: "suzhou@1", Funder: "320505", RecipientID: "\tX",
			RecipientName: "'=already quoted", District: "", EventDate: value.NewDate(2021, time.December, 31),
			Source: "grants:7 \"M1\"\nsecond line", BasisCNY: dec("2000"), Rate: dec("1"),
			Computed: dec("2000"), Payable: dec("2000"), Status: ledger.StatusPaid,
			Note: msg.T("+ 说明 <b>&", "+ note <b>&"),
		},
	}
}

func TestRejectionTagsAreColumns(t *testing.T) {
	tags := func(v any, key string) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			out = append(out, rt.Field(i).Tag.Get(key))
		}
		return out
	}
	if got := tags(csvRejection{}, "csv"); !reflect.DeepEqual(got, ledger.RejectionColumns) {
		t.Errorf("csvRejection tags %v", got)
	}
}

func TestNeutralise(t *testing.T) {
	cases := map[string]string{
		`=HYPERLINK("http://x","点我")`: `'=HYPERLINK("http://x","点我")`,
		"-1+2":                        "'-1+2",
		"+1":                          "'+1",
		"@SUM(A1)":                    "'@SUM(A1)",
		"\tX":                         "'\tX",
		"\rX":                         "'\rX",
		"\nX":                         "'\nX",
		"\x00X":                       "'\x00X",
		"'=x":                         "''=x",
		"''-x":                        "'''-x",
		"'plain":                      "'plain",
		"'":                           "'",
		"":                            "",
		"公司 = 1":                      "公司 = 1",
		"320505":                      "320505",
		" =leading":                   " =leading",
		"＝full-width":                 "＝full-width",
	}
	for in, want := range cases {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
		if back := Unneutralise(Neutralise(in)); back != in {
			t.Errorf("Unneutralise(Neutralise(%q)) = %q", in, back)
		}
	}
}

func TestWriteLedgerCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteLedgerCSV(&b, sampleLines(), "en", true); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff" + strings.Join(ledger.Columns, ",") + "\n" +
		`overseas_litigation-0123456789abcdef,2022-03,overseas_litigation,海外维权,136 三(五)20,suzhou@1,city,91320500MA1XXXXX0A,"'=HYPERLINK(""http://x"",""点我"")",320505,2022-03-01,litigation:3 C1/INV-1,854808.00,0.5,427404.00,overseas_litigation/91320500MA1XXXXX0A/C1,1000000.00,700000.00,300000.00,capped,review:relaxation;exception:ceiling,"case cap 1,000,000.00 − 700,000.00 → 300,000.00"` + "\n" +
		"layout.madrid-fedcba9876543210,2022-03,layout.madrid,'-1+2,'@SUM(A1:A9),suzhou@1,320505,'\tX,''=already quoted,,2021-12-31,\"grants:7 \"\"M1\"\"\nsecond line\",2000.00,1,2000.00,,,,2000.00,paid,,'+ note <b>&\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	b.Reset()
	if err := WriteLedgerCSV(&b, nil, "zh", false); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != strings.Join(ledger.Columns, ",")+"\n" {
		t.Errorf("empty ledger: %q", got)
	}
	// Chinese notes and more rows than one gocsv chunk.
	many := make([]ledger.Line, 2*csvChunk+3)
	for i := range many {
		many[i] = sampleLines()[0]
	}
	b.Reset()
	if err := WriteLedgerCSV(&b, many, "zh", false); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != len(many)+1 || !strings.Contains(b.String(), "案件上限") || strings.Count(b.String(), "line_id") != 1 {
		t.Errorf("many: %d lines", n)
	}
}

func TestWriteLedgerJSONL(t *testing.T) {
	var b bytes.Buffer
	if err := WriteLedgerJSONL(&b, sampleLines(), "zh"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	want0 := `{"line_id":"overseas_litigation-0123456789abcdef","period":"2022-03","program":"overseas_litigation","program_name":"海外维权","clause":"136 三(五)20","policy_version":"suzhou@1","funder":"city","recipient_id":"91320500MA1XXXXX0A","recipient_name":"=HYPERLINK(\"http://x\",\"点我\")","district":"320505","event_date":"2022-03-01","source":"litigation:3 C1/INV-1","basis_cny":"854808.00","rate":"0.5","computed":"427404.00","cap_key":"overseas_litigation/91320500MA1XXXXX0A/C1","cap_limit":"1000000.00","cap_used_before":"700000.00","payable":"300000.00","status":"capped","flags":["review:relaxation","exception:ceiling"],"note":"案件上限 1,000,000.00 − 700,000.00 → 300,000.00"}`
	if lines[0] != want0 {
		t.Errorf("got\n%s\nwant\n%s", lines[0], want0)
	}
	for _, l := range lines {
		dec := json.NewDecoder(strings.NewReader(l))
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(keys, ledger.Columns) {
			t.Errorf("keys %v", keys)
		}
	}
	if !strings.Contains(lines[1], `"cap_limit":null,"cap_used_before":null`) || !strings.Contains(lines[1], `"flags":[]`) || !strings.Contains(lines[1], `"note":"+ 说明 <b>&"`) {
		t.Errorf("second line %s", lines[1])
	}
}

func TestWriteRejectionsCSV(t *testing.T) {
	rejs := []ledger.Rejection{
		{File: "grants.csv", Row: 3, Column: "uscc", Value: `=HYPERLINK("http://x","点我")`, Code: "invalid_uscc", Class: ledger.ClassData, Message: msg.T("统一社会信用代码无效", "invalid USCC")},
		{File: "awards.csv", Row: 0, Column: "amount", Value: "-1+2", Code: "negative_amount", Class: ledger.ClassData, Message: msg.T("-金额为负", "-negative")},
	}
	var b bytes.Buffer
	if err := WriteRejectionsCSV(&b, rejs, "zh", true); err != nil {
		t.Fatal(err)
	}
	want := "\ufefffile,row,column,value,code,class,message\n" +
		`grants.csv,3,uscc,"'=HYPERLINK(""http://x"",""点我"")",invalid_uscc,data,统一社会信用代码无效` + "\n" +
		"awards.csv,,amount,'-1+2,negative_amount,data,'-金额为负\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}

func TestSetCommit(t *testing.T) {
	dir := t.TempDir()
	rej, led := filepath.Join(dir, "rejections.csv"), filepath.Join(dir, "ledger.csv")
	s := NewSet(false)
	if err := s.Check(rej, led); err != nil {
		t.Fatal(err)
	}
	w1, err := s.Create(rej)
	if err != nil {
		t.Fatal(err)
	}
	w2, err := s.Create(led)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(filepath.Join(dir, ".", "ledger.csv")); err == nil {
		t.Error("the same output twice was accepted")
	}
	w1.Write([]byte("r"))
	w2.Write([]byte("l"))
	names := listDir(t, dir)
	if len(names) != 2 || !strings.HasPrefix(names[0], ".ledger.csv.tmp-") || !strings.HasPrefix(names[1], ".rejections.csv.tmp-") {
		t.Fatalf("before commit: %v", names)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Abort() // harmless after Commit
	if got := listDir(t, dir); !reflect.DeepEqual(got, []string{"ledger.csv", "rejections.csv"}) {
		t.Fatalf("after commit: %v", got)
	}
	if b, _ := os.ReadFile(led); string(b) != "l" {
		t.Errorf("ledger %q", b)
	}
	if st, _ := os.Stat(led); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}

	// Existing outputs are refused up front, all named, and left untouched.
	s = NewSet(false)
	err = s.Check(rej, filepath.Join(dir, "new.csv"), led)
	if e := asError(t, err); !strings.Contains(e.Error(), "rejections.csv already exists") || !strings.Contains(e.Error(), "ledger.csv already exists") {
		t.Errorf("Check: %v", err)
	}
	if _, err := s.Create(led); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("Create over an existing file: %v", err)
	}
	if err := s.Check(dir); err == nil {
		t.Error("a folder as output was accepted")
	}
	s.Abort()

	// With force they are replaced.
	s = NewSet(true)
	w, err := s.Create(led)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("new"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(led); string(b) != "new" {
		t.Errorf("forced ledger %q", b)
	}
	if got := listDir(t, dir); len(got) != 2 {
		t.Errorf("after forced commit: %v", got)
	}
}

func TestSetAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s := NewSet(false)
	for _, n := range []string{"a.csv", "b.jsonl"} {
		w, err := s.Create(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(bytes.Repeat([]byte("x"), 100<<10))
	}
	s.Abort()
	s.Abort()
	if got := listDir(t, dir); len(got) != 0 {
		t.Fatalf("after abort: %v", got)
	}
}

func TestSetCommitRefusesFileCreatedMeanwhile(t *testing.T) {
	dir := t.TempDir()
	first, led := filepath.Join(dir, "rejections.csv"), filepath.Join(dir, "ledger.csv")
	s := NewSet(false)
	if _, err := s.Create(first); err != nil {
		t.Fatal(err)
	}
	w, err := s.Create(led)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("mine"))
	writeFile(t, led, "theirs")
	err = s.Commit()
	if e := asError(t, err); !strings.Contains(e.Error(), "already exists") {
		t.Fatalf("commit: %v", err)
	}
	if b, _ := os.ReadFile(led); string(b) != "theirs" {
		t.Errorf("existing file changed to %q", b)
	}
	// The first output was placed; the ledger's temporary file is gone.
	if got := listDir(t, dir); !reflect.DeepEqual(got, []string{"ledger.csv", "rejections.csv"}) {
		t.Errorf("left: %v", got)
	}
}

func TestCreateInMissingFolder(t *testing.T) {
	_, err := NewSet(false).Create(filepath.Join(t.TempDir(), "no", "ledger.csv"))
	asError(t, err)
}

func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	led := filepath.Join(dir, "ledger.csv")
	for _, n := range []string{".ledger.csv.tmp-123", ".ledger.csv.tmp-abc", ".ledger.csv.bak", "ledger.csv", ".other.csv.tmp-1", ".ledger.csvx.tmp-1"} {
		writeFile(t, filepath.Join(dir, n), "x")
	}
	got := CleanStale(led)
	want := []string{filepath.Join(dir, ".ledger.csv.tmp-123"), filepath.Join(dir, ".ledger.csv.tmp-abc")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("removed %v", got)
	}
	if got := listDir(t, dir); len(got) != 4 {
		t.Errorf("left %v", got)
	}
	if CleanStale(filepath.Join(dir, "absent", "x.csv")) != nil {
		t.Error("removed something in a missing folder")
	}
}
