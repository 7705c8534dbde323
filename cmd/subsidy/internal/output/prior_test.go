package output

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"subsidy/calc/ledger"
)

// sameLine compares lines by value; notes are compared in the language
// written.
func sameLine(t *testing.T, got, want ledger.Line, lang string) {
	t.Helper()
	note := want.Note.In(lang)
	if got.Note.Zh != note || got.Note.En != note {
		t.Errorf("%s: note %+v, want %q in both", want.LineID, got.Note, note)
	}
	decs := []struct {
		name string
		g, w string
	}{
		{"basis", got.BasisCNY.String(), want.BasisCNY.String()},
		{"rate", got.Rate.String(), want.Rate.String()},
		{"computed", got.Computed.String(), want.Computed.String()},
		{"cap_limit", got.CapLimit.String(), want.CapLimit.String()},
		{"cap_used_before", got.CapUsedBefore.String(), want.CapUsedBefore.String()},
		{"payable", got.Payable.String(), want.Payable.String()},
	}
	for _, d := range decs {
		if d.g != d.w {
			t.Errorf("%s: %s %s, want %s", want.LineID, d.name, d.g, d.w)
		}
	}
	got.Note = want.Note
	got.BasisCNY, got.Rate, got.Computed, got.CapLimit, got.CapUsedBefore, got.Payable =
		want.BasisCNY, want.Rate, want.Computed, want.CapLimit, want.CapUsedBefore, want.Payable
	if !equalLines(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func equalLines(a, b ledger.Line) bool {
	return a.LineID == b.LineID && a.Period == b.Period && a.Program == b.Program &&
		a.ProgramName == b.ProgramName && a.Clause == b.Clause && a.PolicyVersion == b.PolicyVersion &&
		a.Funder == b.Funder && a.RecipientID == b.RecipientID && a.RecipientName == b.RecipientName &&
		a.District == b.District && a.EventDate == b.EventDate && a.Source == b.Source &&
		a.CapKey == b.CapKey && a.HasCap == b.HasCap && a.Status == b.Status &&
		strings.Join(a.Flags, ";") == strings.Join(b.Flags, ";") && len(a.Flags) == len(b.Flags)
}

func TestPriorRoundTrip(t *testing.T) {
	dir := t.TempDir()
	lines := sampleLines()
	var csvBuf, jsonBuf, rejBuf bytes.Buffer
	if err := WriteLedgerCSV(&csvBuf, lines, "zh", true); err != nil {
		t.Fatal(err)
	}
	if err := WriteLedgerJSONL(&jsonBuf, lines, "en"); err != nil {
		t.Fatal(err)
	}
	if err := WriteRejectionsCSV(&rejBuf, nil, "zh", true); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "ledger-2022-03.csv"), csvBuf.String())
	writeFile(t, filepath.Join(dir, "ledger-2022-03.jsonl"), jsonBuf.String())
	writeFile(t, filepath.Join(dir, "rejections-2022-03.csv"), rejBuf.String())
	writeFile(t, filepath.Join(dir, "notes.txt"), "hello")
	writeFile(t, filepath.Join(dir, "other.jsonl"), `{"a":1}`+"\n")
	writeFile(t, filepath.Join(dir, ".ledger-2022-04.csv.tmp-1"), "partial")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(strings.TrimPrefix(csvBuf.String(), "\ufeff"))
	writeFile(t, filepath.Join(dir, "resaved-gbk.csv"), gb)
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}

	files, warns, err := ReadPrior([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || filepath.Base(files[0].Path) != "ledger-2022-03.csv" || filepath.Base(files[1].Path) != "ledger-2022-03.jsonl" || filepath.Base(files[2].Path) != "resaved-gbk.csv" {
		t.Fatalf("files %+v", files)
	}
	// a run's rejections file beside its ledger is expected in a ledger
	// folder: not counted among the files ignored
	if len(warns) != 1 || !strings.Contains(warns[0].En, "ignored 2 files") || !strings.Contains(warns[0].En, "(notes.txt, other.jsonl)") {
		t.Errorf("warnings %v", warns)
	}
	for fi, lang := range []string{"zh", "en", "zh"} {
		if len(files[fi].Lines) != len(lines) {
			t.Fatalf("%s: %d lines", files[fi].Path, len(files[fi].Lines))
		}
		for i := range lines {
			sameLine(t, files[fi].Lines[i], lines[i], lang)
		}
	}

	// Named explicitly, a file is read the same way.
	explicit, warns, err := ReadPrior([]string{filepath.Join(dir, "ledger-2022-03.jsonl")})
	if err != nil || len(warns) != 0 || len(explicit) != 1 || len(explicit[0].Lines) != 2 {
		t.Fatalf("explicit: %v %v %v", explicit, warns, err)
	}
	// An empty ledger (header only) is a ledger with no lines.
	var empty bytes.Buffer
	WriteLedgerCSV(&empty, nil, "zh", false)
	writeFile(t, filepath.Join(dir, "empty.csv"), empty.String())
	got, _, err := ReadPrior([]string{filepath.Join(dir, "empty.csv")})
	if err != nil || len(got) != 1 || len(got[0].Lines) != 0 {
		t.Errorf("empty ledger: %v %v", got, err)
	}
}

func TestPriorEmptyFolderWarns(t *testing.T) {
	files, warns, err := ReadPrior([]string{t.TempDir()})
	if err != nil || len(files) != 0 || len(warns) != 1 || !strings.Contains(warns[0].En, "holds no ledger") {
		t.Errorf("%v %v %v", files, warns, err)
	}
}

func TestPriorRefusals(t *testing.T) {
	var b bytes.Buffer
	WriteLedgerCSV(&b, sampleLines(), "zh", false)
	good := b.String()
	rows := strings.SplitN(good, "\n", 3) // header, line 1, rest
	header, row1 := rows[0], rows[1]
	var j bytes.Buffer
	WriteLedgerJSONL(&j, sampleLines()[:1], "zh")
	jline := strings.TrimSuffix(j.String(), "\n")

	cases := []struct {
		name, file, data string
		row              int
		want             string
	}{
		{"duplicate csv", "l.csv", header + "\n" + row1 + "\n\n" + row1 + "\n", 4, "appears twice in one ledger (rows 2 and 4)"},
		{"duplicate jsonl", "l.jsonl", jline + "\n" + jline + "\n", 2, "appears twice"},
		{"renamed column", "l.csv", strings.Replace(good, "cap_key", "cap", 1), 1, "missing: cap_key; unexpected: cap"},
		{"extra column", "l.csv", strings.Replace(header, "note", "note,remark", 1) + "\n", 1, "unexpected: remark"},
		{"reordered", "l.csv", strings.Replace(header, "period,program", "program,period", 1) + "\n", 1, "another order"},
		{"jsonl extra key", "l.jsonl", strings.Replace(jline, `{"line_id"`, `{"x":1,"line_id"`, 1) + "\n", 1, "unexpected: x"},
		{"jsonl missing key", "l.jsonl", strings.Replace(jline, `"period":"2022-03",`, "", 1) + "\n", 1, "missing: period"},
		{"bad amount", "l.csv", header + "\n" + strings.Replace(row1, "300000.00", `"300,000.00"`, 1) + "\n", 2, `payable: unparseable amount "300,000.00"`},
		{"blank amount", "l.csv", header + "\n" + strings.Replace(row1, ",854808.00,", ",,", 1) + "\n", 2, "basis_cny: unparseable amount"},
		{"bad cap", "l.csv", header + "\n" + strings.Replace(row1, "1000000.00", "1e", 1) + "\n", 2, "cap_limit: unparseable"},
		{"bad date", "l.csv", header + "\n" + strings.Replace(row1, "2022-03-01", "2022-13-01", 1) + "\n", 2, "unparseable date"},
		{"jsonl number amount", "l.jsonl", strings.Replace(jline, `"payable":"300000.00"`, `"payable":300000.00`, 1) + "\n", 1, "payable has a value of the wrong type"},
		{"jsonl bad amount", "l.jsonl", strings.Replace(jline, `"payable":"300000.00"`, `"payable":"NaN"`, 1) + "\n", 1, "unparseable amount"},
		{"jsonl broken", "l.jsonl", jline + "\n{\n", 2, "not a valid JSON object"},
		{"short row", "l.csv", header + "\na,b\n", 2, "the row has 2 cells"},
		{"blank line_id", "l.csv", header + "\n" + strings.Replace(row1, "overseas_litigation-0123456789abcdef", "", 1) + "\n", 2, "line_id is blank"},
		{"not a ledger csv", "roster.csv", "uscc,number\nA,1\n", 0, "not a ledger"},
		{"not a ledger jsonl", "x.jsonl", "{\"a\":1}\n", 0, "not a ledger"},
		{"not json", "x.jsonl", "hello\n", 0, "not a ledger"},
		{"empty jsonl", "x.jsonl", "", 0, "empty"},
		{"xlsx", "l.xlsx", "PK", 0, "cannot open it as an XLSX workbook"},
		{"other ext", "l.txt", good, 0, "unknown ledger format"},
		{"csv syntax", "l.csv", header + "\n\"open\n", 2, "CSV syntax error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), c.file)
			writeFile(t, p, c.data)
			_, _, err := ReadPrior([]string{p})
			if err == nil {
				t.Fatal("accepted")
			}
			e := asError(t, err)
			if e.File != p || e.Row != c.row || !strings.Contains(e.Error(), c.want) {
				t.Errorf("got %q (row %d), want row %d and %q", err, e.Row, c.row, c.want)
			}
		})
	}
	// In a folder, a file that looks like a ledger but is broken is refused,
	// not ignored.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "l.csv"), strings.Replace(good, "cap_key", "cap", 1))
	if _, _, err := ReadPrior([]string{dir}); err == nil {
		t.Error("a ledger with changed columns in a folder was ignored")
	}
	if _, _, err := ReadPrior([]string{filepath.Join(dir, "absent")}); err == nil {
		t.Error("a missing prior path was accepted")
	}
}

// TestSeenIDs: a file's line_ids are told apart exactly, in both forms
// (program and digest, or text), and each repeat names its first row.
func TestSeenIDs(t *testing.T) {
	var s seenIDs
	ids := []string{"grant.invention-0123456789abcdef", "grant.invention-0123456789abcdee",
		"licensing_support-0123456789abcdef", "grant.invention-0123456789ABCDEF", "free text", "x-1"}
	for i, id := range ids {
		if r, dup := s.row(id); dup {
			t.Fatalf("%s seen before its first row (row %d)", id, r)
		}
		s.add(id, i+2)
	}
	for i, id := range ids {
		if r, dup := s.row(id); !dup || r != i+2 {
			t.Errorf("%s: row %d, %v; want row %d", id, r, dup, i+2)
		}
	}
	if len(s.ids) != 3 || len(s.other) != 3 {
		t.Errorf("%d ids split, %d as text; want 3 and 3", len(s.ids), len(s.other))
	}
	if _, dup := s.row("grant.utility-0123456789abcdef"); dup {
		t.Error("an id of another program with the same digits is seen")
	}
}
