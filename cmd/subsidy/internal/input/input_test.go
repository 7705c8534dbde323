package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/fileio"
)

const grantsHeader = "uscc,number,kind,office,route,grant_date\n"

// writeFile writes data to name in a fresh temporary folder.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gb18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAll reads a grants roster and returns its records.
func readAll(t testing.TB, path string) ([]roster.Record, []msg.Text, error) {
	t.Helper()
	var recs []roster.Record
	w, err := ReadRoster(path, roster.Grants, filepath.Base(path), func(r roster.Record) error {
		recs = append(recs, r)
		return nil
	}, Options{})
	return recs, w, err
}

func asError(t *testing.T, err error) *fileio.Error {
	t.Helper()
	var e *fileio.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *fileio.Error", err, err)
	}
	return e
}

const chineseGrants = "统一社会信用代码,专利号/注册号,类型,授权国家或地区,途径,授权日\n" +
	"91320500MA1XXXXX0A,ZL202210000001.1,发明,CN,国内,2022年3月1日\n" +
	"91320500MA1XXXXX0A,\"EP1234567，“欧洲”\",invention,EP,PCT,2022-04-01\n" +
	"91320500MA1XXXXX0B,US11223344,发明,US,巴黎公约,2022/5/6\n"

func TestGB18030ReplacementCharacterIsValid(t *testing.T) {
	data := gb18030(t, grantsHeader+"\uFFFD,x,invention,CN,domestic,2022-01-01\n")
	recs, _, err := readAll(t, writeFile(t, "grants.csv", data))
	if err != nil || len(recs) != 1 || recs[0].Cells[0] != "\uFFFD" {
		t.Fatalf("got %v, %v", recs, err)
	}
}

func TestRowNumbers(t *testing.T) {
	data := "\n" + // row 1 blank: the header is on row 2
		grantsHeader + // row 2
		"A,1,invention,CN,domestic,2022-01-01\n" + // row 3
		"\n\n" + // rows 4, 5 blank
		"B,\"multi\nline\r\nnumber\",invention,CN,domestic,2022-01-01\r\n" + // row 6, three lines
		",,,,,\n" + // row 7: all blank cells, skipped
		" , \u3000,,,,\n" + // row 8: white space only, skipped
		"C,\"x\",invention,CN,domestic,\"2022-01-01\n\"\n" + // row 9, ends on the next line
		"\r\n" + // row 10 blank
		"D,4,invention,CN,domestic,2022-01-01" // row 11, no final newline
	recs, _, err := readAll(t, writeFile(t, "grants.csv", []byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range recs {
		got = append(got, r.Row)
	}
	if want := []int{3, 6, 9, 11}; !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	if recs[1].Cells[1] != "multi\nline\nnumber" || recs[0].File != "grants.csv" {
		t.Errorf("record %+v", recs[1])
	}
}

func TestSyntaxErrorRow(t *testing.T) {
	cases := []struct {
		data string
		row  int
		want string
	}{
		{grantsHeader + "A,1,x,CN,domestic,2022\n\nB,2\"x,invention\n", 4, `a " appears in a cell`},
		{grantsHeader + "A,\"1\nx\",x,CN\nB,\"open\n\nC,3\n", 3, `unmatched "`},
		{grantsHeader + "A,\"1\"x,CN\n", 2, `unmatched "`},
	}
	for _, c := range cases {
		_, _, err := readAll(t, writeFile(t, "grants.csv", []byte(c.data)))
		e := asError(t, err)
		if e.Row != c.row || !strings.Contains(e.Msg.En, c.want) || e.File != "grants.csv" {
			t.Errorf("%q: got row %d %q, want row %d %q", c.data, e.Row, err, c.row, c.want)
		}
	}
}

func TestHeaders(t *testing.T) {
	cases := []struct {
		name    string
		header  string
		cells   []string // cells of the data row "a,b,c,d,e,f" in schema order
		column  string   // error column, if an error
		warning string
	}{
		{"english", "uscc,number,kind,office,route,grant_date", []string{"a", "b", "c", "d", "e", "f"}, "", ""},
		{"shuffled-case", " Grant_Date ,ROUTE,office,kind,number,uscc", []string{"f", "e", "d", "c", "b", "a"}, "", ""},
		{"chinese", "统一社会信用代码,专利号/注册号,类型,授权国家或地区,途径,授权日", []string{"a", "b", "c", "d", "e", "f"}, "", ""},
		{"zh(en)", "统一社会信用代码(uscc),专利号/注册号（number）,kind(类型),授权国家或地区(office),途径(route),授权日(grant_date)", []string{"a", "b", "c", "d", "e", "f"}, "", ""},
		{"unknown", "uscc,number,备注,kind,office,route,grant_date,extra", []string{"a", "b", "d", "e", "f", "g"}, "", `ignoring unknown columns "备注", "extra"`},
		{"missing", "uscc,number,kind,office,route", nil, "grant_date（授权日）", ""},
		{"duplicate", "uscc,number,kind,office,route,grant_date,统一社会信用代码", nil, "uscc", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// the data row "a,b,c,…" has a field for every header column
			row := strings.Join(strings.Split("a,b,c,d,e,f,g,h", ",")[:len(strings.Split(c.header, ","))], ",")
			recs, warns, err := readAll(t, writeFile(t, "grants.csv", []byte(c.header+"\n"+row+"\n")))
			if c.column != "" {
				e := asError(t, err)
				if e.Column != c.column || e.File != "grants.csv" || e.Row != 1 {
					t.Fatalf("got %+v", e)
				}
				if !strings.Contains(e.Error(), "grant_date") && !strings.Contains(e.Error(), "uscc") {
					t.Errorf("message does not name the column: %v", e)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1 || !reflect.DeepEqual(recs[0].Cells, c.cells) || recs[0].Row != 2 {
				t.Errorf("got %+v, want cells %v", recs, c.cells)
			}
			if c.warning == "" && len(warns) != 0 || c.warning != "" && (len(warns) != 1 || !strings.Contains(warns[0].En, c.warning)) {
				t.Errorf("warnings %v, want %q", warns, c.warning)
			}
		})
	}
}

func TestHeaderErrorRow(t *testing.T) {
	_, _, err := readAll(t, writeFile(t, "grants.csv", []byte("\n\nuscc,number\n")))
	if e := asError(t, err); e.Row != 3 || !strings.Contains(e.Error(), "grants.csv, row 3: missing required column") {
		t.Errorf("got %v", err)
	}
}

func TestEmptyFileAndCallbackError(t *testing.T) {
	_, _, err := readAll(t, writeFile(t, "grants.csv", nil))
	if e := asError(t, err); !strings.Contains(e.Msg.En, "no header row") {
		t.Errorf("empty file: %v", err)
	}
	stop := errors.New("stop")
	_, err = ReadRoster(writeFile(t, "g.csv", []byte(grantsHeader+"a\nb\n")), roster.Grants, "g.csv",
		func(roster.Record) error { return stop }, Options{})
	if err != stop {
		t.Errorf("callback error %v not passed back", err)
	}
}

func TestOpen(t *testing.T) {
	for path, want := range map[string]string{
		"x.xlsx": "cannot open the file",
		"x.XLS":  "old .xls format",
		"x.txt":  "unknown roster format",
	} {
		_, err := Open(path, Options{})
		if e := asError(t, err); !strings.Contains(e.Error(), want) {
			t.Errorf("%s: %v", path, err)
		}
	}
	_, err := Open(filepath.Join(t.TempDir(), "absent.csv"), Options{})
	asError(t, err)
	_, err = Open(t.TempDir()+"/d.csv", Options{})
	asError(t, err)

	defer func(r io.Reader) { Stdin = r }(Stdin)
	Stdin = strings.NewReader("\xEF\xBB\xBF" + grantsHeader + "A,1\n")
	src, err := Open("-", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rec, row, err := src.Next()
	if err != nil || row != 2 || !reflect.DeepEqual(rec, []string{"A", "1"}) || src.Header()[0] != "uscc" {
		t.Fatalf("stdin: %v %d %v %v", rec, row, err, src.Header())
	}
	if _, _, err := src.Next(); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"Grants.CSV", "企业名册.xlsx", "fx.csv", "notes.txt", "licensing.json", "~$授权清单.xlsx", ".hidden.csv"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "awards.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Discover(dir, DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[roster.Kind]string{
		roster.Grants:      filepath.Join(dir, "Grants.CSV"),
		roster.Enterprises: filepath.Join(dir, "企业名册.xlsx"),
		roster.FX:          filepath.Join(dir, "fx.csv"),
	}
	if !reflect.DeepEqual(got.Rosters, want) {
		t.Fatalf("got %v, want %v", got.Rosters, want)
	}
	var uses []string
	for _, f := range got.Files {
		uses = append(uses, f.Name+":"+string(f.Kind)+":"+f.How)
	}
	if w := []string{"Grants.CSV:grants:name", "fx.csv:fx:name", "licensing.json::ignored", "notes.txt::ignored", "企业名册.xlsx:enterprises:name"}; !reflect.DeepEqual(uses, w) {
		t.Errorf("files %q, want %q", uses, w)
	}
	if err := os.WriteFile(filepath.Join(dir, "授权清单.xlsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Discover(dir, DiscoverOptions{})
	if e := asError(t, err); !strings.Contains(e.Error(), "Grants.CSV") || !strings.Contains(e.Error(), "授权清单.xlsx") || !strings.Contains(e.Error(), "--skip") {
		t.Errorf("duplicate roster: %v", err)
	}
	got, err = Discover(dir, DiscoverOptions{Skip: []string{"Grants.CSV"}})
	if err != nil || got.Rosters[roster.Grants] != filepath.Join(dir, "授权清单.xlsx") {
		t.Errorf("--skip Grants.CSV: %v, %v", got, err)
	}
	_, err = Discover(dir, DiscoverOptions{Skip: []string{"absent.csv", "Grants.CSV"}})
	if e := asError(t, err); !strings.Contains(e.Error(), "--skip absent.csv") {
		t.Errorf("--skip of a file not in the folder: %v", err)
	}
	_, err = Discover(filepath.Join(dir, "absent"), DiscoverOptions{})
	asError(t, err)
}

// TestDiscoverOfficeNames (issue 13): files named as an office names them
// are found by the roster name they contain, or by their header; a file
// that is neither, or fits two rosters, is an error naming it.
func TestDiscoverOfficeNames(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"授权清单(2023年1月).csv":     "uscc,number,kind,office,route,grant_date\n",
		"insurance_2023-01.csv": "policy_no,uscc,premium,paid_date\n",
		"一月份数据.csv":             "合同登记号,统一社会信用代码,角色,交易类型,实际支付金额,币种,支付日期\n",
		"说明.docx":               "",
	}
	for n, body := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Discover(dir, DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var uses []string
	for _, f := range got.Files {
		uses = append(uses, f.Name+":"+string(f.Kind)+":"+f.How)
	}
	want := []string{"insurance_2023-01.csv:insurance:name", "一月份数据.csv:licensing:header", "授权清单(2023年1月).csv:grants:name", "说明.docx::ignored"}
	if !reflect.DeepEqual(uses, want) {
		t.Errorf("files %q, want %q", uses, want)
	}
	for name, body := range map[string]string{
		"notes.csv": "a,b,c\n",
		"both.csv":  "uscc,name,district,entity_type,number,kind,office,route,grant_date\n",
	} {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Discover(d, DiscoverOptions{})
		if e := asError(t, err); !strings.Contains(e.Error(), name) || !strings.Contains(e.Error(), "--skip "+name) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := &fileio.Error{File: "grants.csv", Row: 3, Column: "uscc", Msg: msg.T("坏", "bad")}
	if got := e.Error(); got != "grants.csv, row 3, column uscc: bad" {
		t.Errorf("Error() = %q", got)
	}
	if got := e.Text().Zh; got != "grants.csv 第 3 行 列 uscc：坏" {
		t.Errorf("Text().Zh = %q", got)
	}
}

// TestCROnlyLineEndings (issue 11): a roster whose lines end in a carriage
// return alone (classic Mac OS, some exports) reads as the same rows, on
// the same row numbers, as with line feeds — never as one long header
// missing its columns.
func TestCROnlyLineEndings(t *testing.T) {
	dir := t.TempDir()
	lf := "contract_id,uscc,role,kind,amount,currency,paid_date\nHT-1,91320583MA1AAAAA0W,licensee,license,\"1,000.00\",CNY,2022-06-10\n\nHT-2,91320583MA1AAAAA0W,licensee,license,5.00,CNY,2022-06-11\n"
	read := func(name, body string) []roster.Record {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		var recs []roster.Record
		if _, err := ReadRoster(p, roster.Licensing, name, func(r roster.Record) error {
			r.File = ""
			recs = append(recs, r)
			return nil
		}, Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return recs
	}
	want := read("lf.csv", lf)
	if len(want) != 2 || want[1].Row != 4 {
		t.Fatalf("LF file: %+v", want)
	}
	for name, body := range map[string]string{
		"cr.csv":   strings.ReplaceAll(lf, "\n", "\r"),
		"crlf.csv": strings.ReplaceAll(lf, "\n", "\r\n"),
	} {
		if got := read(name, body); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
}
