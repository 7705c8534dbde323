package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/fileio"
)

// makeWorkbook builds an XLSX file in a temporary folder: fill writes its
// cells (the first sheet is "Sheet1").
func makeWorkbook(t *testing.T, name string, fill func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	p := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	var err error
	switch x := v.(type) {
	case string:
		err = f.SetCellStr(sheet, cell, x)
	case number:
		err = f.SetCellDefault(sheet, cell, string(x))
	default:
		err = f.SetCellValue(sheet, cell, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// number is a number cell holding exactly this decimal text.
type number string

// grantsRow sets a grants header and rows of cells from A1.
func fillRows(t *testing.T, f *excelize.File, sheet string, rows ...[]any) {
	t.Helper()
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			set(t, f, sheet, cell, v)
		}
	}
}

// readXLSX reads an XLSX roster and returns its records and the rows the
// reader listed.
func readXLSX(t *testing.T, path string, kind roster.Kind, opt Options) ([]roster.Record, []ledger.Rejection, error) {
	t.Helper()
	var recs []roster.Record
	var listed []ledger.Rejection
	opt.Listed = func(r roster.Record, rejs []ledger.Rejection) { listed = append(listed, rejs...) }
	_, err := ReadRoster(path, kind, filepath.Base(path), func(r roster.Record) error {
		recs = append(recs, r)
		return nil
	}, opt)
	return recs, listed, err
}

var grantsHead = []any{"uscc", "number", "kind", "office", "route", "grant_date"}

const uscc = "91320583MA1AAAAA0W"

func TestXLSXRawValuesAndDates(t *testing.T) {
	for _, d1904 := range []bool{false, true} {
		p := makeWorkbook(t, "licensing.xlsx", func(f *excelize.File) {
			if d1904 {
				yes := true
				f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
			}
			serial := "44713" // 2022-06-01 in the 1900 system
			if d1904 {
				serial = "43251" // 2022-06-01 in the 1904 system
			}
			fillRows(t, f, "Sheet1",
				[]any{"合同登记号", "统一社会信用代码", "role", "kind", "amount", "currency", "paid_date", "payment_no"},
				[]any{number("20220001"), uscc, "licensee", "license", number("2200220.12"), "CNY", number(serial), number("1")},
				nil, // a blank row is skipped, row numbers stay the spreadsheet's
				[]any{"HT-2", uscc, "licensee", "license", number("1234.0999999999999"), "USD", "2022/06/02", true},
			)
			style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0")})
			f.SetCellStyle("Sheet1", "E2", "E4", style)
			ds, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			f.SetCellStyle("Sheet1", "G2", "G2", ds)
		})
		recs, listed, err := readXLSX(t, p, roster.Licensing, Options{})
		if err != nil || len(listed) > 0 {
			t.Fatal(err, listed)
		}
		want := []roster.Record{
			{File: "licensing.xlsx", Row: 2, Cells: []string{"20220001", uscc, "licensee", "license", "", "", "2200220.12", "CNY", "2022-06-01", "1"}},
			{File: "licensing.xlsx", Row: 4, Cells: []string{"HT-2", uscc, "licensee", "license", "", "", "1234.1", "USD", "2022/06/02", "true"}},
		}
		if !reflect.DeepEqual(recs, want) {
			t.Errorf("1904=%v:\n got %+v\nwant %+v", d1904, recs, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestXLSXIdentifierAsNumber(t *testing.T) {
	p := makeWorkbook(t, "grants.xlsx", func(f *excelize.File) {
		fillRows(t, f, "Sheet1", grantsHead,
			[]any{number("9.1320583123456794E+17"), "ZL1", "invention", "CN", "domestic", "2022-06-01"},
			[]any{uscc, number("12345678901234567890"), "invention", "CN", "domestic", "2022-06-01"},
			[]any{uscc, number("202210001234"), "invention", "CN", "domestic", "2022-06-01"},
		)
	})
	recs, listed, err := readXLSX(t, p, roster.Grants, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Row != 4 || recs[0].Cells[1] != "202210001234" {
		t.Errorf("records: %+v", recs)
	}
	if len(listed) != 2 {
		t.Fatalf("listed: %+v", listed)
	}
	ir := listed[0]
	if ir.Row != 2 || ir.Column != "uscc" || ir.Code != "invalid_uscc" || ir.Value != "913205831234568000" ||
		!strings.Contains(ir.Message.En, "stored as a number") || !strings.Contains(ir.Message.En, "format the column as Text") ||
		!strings.Contains(ir.Message.Zh, "文本") {
		t.Errorf("uscc as number: %+v", ir)
	}
	if k := listed[1]; k.Row != 3 || k.Column != "number" || k.Code != "invalid_value" {
		t.Errorf("key as number: %+v", k)
	}
	// Without Listed (e.g. eligibility), the row is a located usage error.
	_, err = ReadRoster(p, roster.Grants, "grants.xlsx", func(roster.Record) error { return nil }, Options{})
	if e := asError(t, err); e.Row != 2 || e.Column != "uscc" {
		t.Errorf("without Listed: %+v", e)
	}
}

func TestXLSXFormulaWithoutValue(t *testing.T) {
	p := makeWorkbook(t, "grants.xlsx", func(f *excelize.File) {
		fillRows(t, f, "Sheet1", grantsHead,
			[]any{uscc, "ZL1", "invention", "CN", "domestic", nil},
			[]any{nil, nil, nil, nil, nil, nil},
		)
		f.SetCellFormula("Sheet1", "F2", "DATE(2022,6,1)")
		f.SetCellFormula("Sheet1", "A3", `"x"&"y"`)
	})
	recs, listed, err := readXLSX(t, p, roster.Grants, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 0 || len(listed) < 2 {
		t.Fatalf("records %+v listed %+v", recs, listed)
	}
	if r := listed[0]; r.Row != 2 || r.Column != "grant_date" || r.Code != "formula_without_value" || r.Value != "=DATE(2022,6,1)" {
		t.Errorf("formula: %+v", r)
	}
	// A row whose only cell is a formula is not blank: it is listed, with
	// its other cells' problems (missing values) too.
	var row3 []string
	for _, r := range listed[1:] {
		if r.Row == 3 {
			row3 = append(row3, r.Column+":"+r.Code)
		}
	}
	if len(row3) < 2 || row3[0] != "uscc:formula_without_value" {
		t.Errorf("row 3: %v", row3)
	}
}

func TestXLSXSheetChoice(t *testing.T) {
	p := makeWorkbook(t, "grants.xlsx", func(f *excelize.File) {
		fillRows(t, f, "Sheet1", []any{"notes"}, []any{"not a roster"})
		f.NewSheet("六月")
		fillRows(t, f, "六月", grantsHead, []any{uscc, "ZL1", "invention", "CN", "domestic", "2022-06-01"})
		f.NewSheet("Hidden")
	})
	if _, _, err := readXLSX(t, p, roster.Grants, Options{}); err == nil || !strings.Contains(err.Error(), "missing required column") {
		t.Errorf("first sheet: %v", err)
	}
	recs, _, err := readXLSX(t, p, roster.Grants, Options{Sheet: "六月"})
	if err != nil || len(recs) != 1 {
		t.Fatal(err, recs)
	}
	_, _, err = readXLSX(t, p, roster.Grants, Options{Sheet: "July"})
	if e := asError(t, err); !strings.Contains(e.Error(), `no sheet named "July"`) || !strings.Contains(e.Error(), "Sheet1, 六月, Hidden") {
		t.Errorf("missing sheet: %v", e)
	}
	// A hidden first sheet is passed over.
	p = makeWorkbook(t, "grants.xlsx", func(f *excelize.File) {
		i, _ := f.NewSheet("data")
		fillRows(t, f, "data", grantsHead, []any{uscc, "ZL1", "invention", "CN", "domestic", "2022-06-01"})
		f.SetActiveSheet(i)
		if err := f.SetSheetVisible("Sheet1", false); err != nil {
			t.Fatal(err)
		}
	})
	if recs, _, err := readXLSX(t, p, roster.Grants, Options{}); err != nil || len(recs) != 1 {
		t.Errorf("hidden first sheet: %v %+v", err, recs)
	}
}

func TestParseSheets(t *testing.T) {
	s, err := ParseSheets([]string{"六月", "grants=Sheet2", "授权清单 = X", "a=b"})
	if err == nil {
		t.Fatalf("two plain names accepted: %+v", s)
	}
	s, err = ParseSheets([]string{"六月", "grants=Sheet2"})
	if err != nil || s.For(roster.Grants) != "Sheet2" || s.For(roster.Awards) != "六月" {
		t.Errorf("%+v %v", s, err)
	}
	s, _ = ParseSheets([]string{"汇率=fx 2022", "a=b"})
	if s.For(roster.FX) != "fx 2022" || s.For(roster.Grants) != "a=b" {
		t.Errorf("%+v", s)
	}
}

// zipFile writes a zip of the given parts (stored with deflate).
func zipFile(t *testing.T, name string, parts map[string][]byte) string {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range sortedKeys(parts) {
		fw, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(parts[n])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// minimalParts is a one-sheet workbook whose sheet XML is sheet.
func minimalParts(sheet []byte) map[string][]byte {
	return map[string][]byte{
		"xl/workbook.xml":            []byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml":   sheet,
	}
}

func TestXLSXRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	good := makeWorkbook(t, "g.xlsx", func(f *excelize.File) { fillRows(t, f, "Sheet1", grantsHead) })
	gdata, _ := os.ReadFile(good)
	bigCell := append(append([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`), bytes.Repeat([]byte("x"), 2<<20)...), `</t></is></c></row></sheetData></worksheet>`...)
	bomb := append([]byte(`<worksheet><sheetData>`), bytes.Repeat([]byte(" "), 20<<20)...)
	for _, tc := range []struct{ path, want string }{
		{write("csv.xlsx", []byte("uscc,number\n1,2\n")), "not an XLSX workbook (not a zip archive)"},
		{write("empty.xlsx", nil), "the file is empty"},
		{write("old.xlsx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)), "old .xls file or an encrypted"},
		{write("cut.xlsx", gdata[:len(gdata)/2]), "damaged"},
		{zipFile(t, "other.xlsx", map[string][]byte{"a.txt": []byte("hello")}), "not an Excel workbook"},
		{zipFile(t, "long.xlsx", minimalParts(bigCell)), "longer than"},
		{zipFile(t, "bomb.xlsx", minimalParts(bomb)), "zip bomb"},
		{zipFile(t, "notxml.xlsx", minimalParts([]byte("<worksheet><sheetData><row><c><v>1</v></c><<</row>"))), "damaged"},
		{zipFile(t, "badref.xlsx", minimalParts([]byte(`<worksheet><sheetData><row r="1"><c r="A1:B2"><v>1</v></c></row></sheetData></worksheet>`))), "invalid cell reference"},
		{zipFile(t, "farcol.xlsx", minimalParts([]byte(`<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>`))), "beyond Excel's 16384 columns"},
		{zipFile(t, "farrow.xlsx", minimalParts([]byte(`<worksheet><sheetData><row r="1048577"><c><v>1</v></c></row></sheetData></worksheet>`))), "more than Excel's 1048576 rows"},
		{zipFile(t, "sst.xlsx", minimalParts([]byte(`<worksheet><sheetData><row r="1"><c t="s"><v>7</v></c></row></sheetData></worksheet>`))), "shared string \"7\" does not exist"},
		{zipFile(t, "blank.xlsx", minimalParts([]byte(`<worksheet><sheetData/></worksheet>`))), "no header row"},
	} {
		_, _, err := readXLSX(t, tc.path, roster.Grants, Options{})
		e := asError(t, err)
		if !strings.Contains(e.Error(), tc.want) || e.File != filepath.Base(tc.path) {
			t.Errorf("%s: got %v, want %q", filepath.Base(tc.path), e, tc.want)
		}
	}
}

// TestDateColumnsMatchSchema: the reader converts date serials exactly in
// the schema's date columns (those documented as dates).
func TestDateColumnsMatchSchema(t *testing.T) {
	for _, k := range roster.Kinds {
		for _, c := range roster.Lookup(k).Columns {
			documented := strings.Contains(c.Doc.En, "YYYY-MM-DD")
			if IsDateColumn(c.Name) != documented {
				t.Errorf("%s.%s: date column %v, documented as a date %v", k, c.Name, IsDateColumn(c.Name), documented)
			}
		}
	}
}

func TestColumnLetters(t *testing.T) {
	for col, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 16384: "XFD"} {
		if got := columnLetters(col); got != want {
			t.Errorf("%d: %s", col, got)
		}
		if c, ok := columnOf(want + "7"); !ok || c != col {
			t.Errorf("%s: %d %v", want, c, ok)
		}
	}
}

// FuzzReadRosterXLSX feeds an arbitrary worksheet and shared-strings part,
// wrapped in a workbook, to ReadRoster as a grants roster: it must not
// panic, every error must be a *fileio.Error, every record must have the
// schema's cells and rows must increase, and every listed row must carry a
// located rejection.
func FuzzReadRosterXLSX(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c><c t="inlineStr"><is><t>number</t></is></c><c><v>1</v></c></row>`+
		`<row r="3"><c r="A3"><v>9.1320583123456794E+17</v></c><c r="B3"><f>A1</f></c><c r="F3"><v>44713</v></c><c r="C3" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`),
		[]byte(`<sst><si><t>uscc</t></si><si><r><t>a</t></r><rPh><t>x</t></rPh></si></sst>`))
	f.Add([]byte(`<worksheet><sheetData><row><c t="str"><v>uscc</v></c><c t="b"><v>1</v></c><c t="d"><v>2022-06-01T00:00:00</v></c></row><row><c><v>1E999</v></c></row></sheetData></worksheet>`), []byte(``))
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		parts := minimalParts(sheet)
		parts["xl/sharedStrings.xml"] = sst
		path := zipFile(t, "grants.xlsx", parts)
		last := 0
		_, err := ReadRoster(path, roster.Grants, "grants.xlsx", func(r roster.Record) error {
			if len(r.Cells) != len(roster.Lookup(roster.Grants).Columns) || r.Row <= last || r.File != "grants.xlsx" {
				t.Fatalf("bad record %+v after row %d", r, last)
			}
			last = r.Row
			return nil
		}, Options{Listed: func(r roster.Record, rejs []ledger.Rejection) {
			if len(rejs) == 0 || r.Row <= last {
				t.Fatalf("bad listed row %+v %+v after row %d", r, rejs, last)
			}
			last = r.Row
			for _, rj := range rejs {
				if rj.Row != r.Row || rj.Column == "" || rj.Code == "" {
					t.Fatalf("unlocated rejection %+v", rj)
				}
			}
		}})
		var e *fileio.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not a *fileio.Error", err, err)
		}
	})
}
