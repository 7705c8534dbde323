package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
)

// writeWorkbookFile writes the sample workbook to dir/name and returns the
// path.
func writeWorkbookFile(t *testing.T, dir, name string, lines []ledger.Line) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, writeXLSX(t, sampleWorkbook(t, lines)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// editWorkbook opens a workbook as a clerk's spreadsheet program would,
// applies edit and saves it (excelize does not recalculate: the 汇总
// cached values stay as they were, as in a program that saves without
// recalculating, unless edit sets them).
func editWorkbook(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestPriorXLSXRoundTrip(t *testing.T) {
	dir := t.TempDir()
	lines := sampleLines()
	writeWorkbookFile(t, dir, "ledger-2022-03.xlsx", lines)
	// A workbook that is not a ledger is ignored in a folder.
	other := excelize.NewFile()
	other.SetCellValue("Sheet1", "A1", "hello")
	if err := other.SaveAs(filepath.Join(dir, "notes.xlsx")); err != nil {
		t.Fatal(err)
	}
	files, warns, err := ReadPrior([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || filepath.Base(files[0].Path) != "ledger-2022-03.xlsx" || len(files[0].Lines) != len(lines) {
		t.Fatalf("files %+v", files)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].En, "notes.xlsx") {
		t.Errorf("warnings %v", warns)
	}
	for i := range lines {
		sameLine(t, files[0].Lines[i], lines[i], "zh")
	}
	// Named explicitly, a workbook that is not a ledger is an error.
	if _, _, err := ReadPrior([]string{filepath.Join(dir, "notes.xlsx")}); err == nil || !strings.Contains(err.Error(), "明细") {
		t.Errorf("notes.xlsx: %v", err)
	}
}

// An edit made and saved in a spreadsheet program that recalculated the
// summary still adds up, and is read (the manifest check is what catches
// such an edit); the recalculated totals carry float noise, which is
// read at 15 significant digits and then compared exactly.
func TestPriorXLSXRecalculatedEdit(t *testing.T) {
	path := writeWorkbookFile(t, t.TempDir(), "ledger.xlsx", sampleLines())
	editWorkbook(t, path, func(f *excelize.File) {
		f.SetCellValue("明细", "K3", 1999.99) // payable of layout.madrid, funder 320505
		f.SetCellValue("汇总", "F2", 1999.9900000000002)
		f.SetCellValue("汇总", "F4", 1999.99)
		f.SetCellValue("汇总", "F6", 301999.99)
	})
	files, _, err := ReadPrior([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	if got := files[0].Lines[1].Payable.String(); got != "1999.99" {
		t.Errorf("edited payable read as %s", got)
	}
}

func TestPriorXLSXRefusals(t *testing.T) {
	cases := []struct {
		name string
		edit func(f *excelize.File)
		want []string // in the English message
	}{
		{"amount edited, summary not", func(f *excelize.File) { f.SetCellValue("明细", "K2", 350000) },
			[]string{"ledger.xlsx[汇总]", "row 3", "overseas_litigation", "payable 300000 in the summary but 350000 recomputed", "refused"}},
		{"line deleted", func(f *excelize.File) { f.RemoveRow("明细", 3) },
			[]string{"ledger.xlsx[汇总]", "row 2", "layout.madrid", "no line of 明细 has it"}},
		{"duplicated line_id", func(f *excelize.File) {
			v, _ := f.GetCellValue("明细", "A2")
			f.SetCellValue("明细", "A3", v)
		}, []string{"ledger.xlsx[明细]", "row 3", "overseas_litigation-0123456789abcdef appears twice", "rows 2 and 3"}},
		{"missing column", func(f *excelize.File) { f.RemoveCol("明细", lineColLetter("flags")) },
			[]string{"ledger.xlsx[明细]", "row 1", "missing: flags"}},
		{"unknown column", func(f *excelize.File) {
			beyond, _ := excelize.ColumnNumberToName(len(lineColumns) + 1)
			f.SetCellValue("明细", beyond+"1", "备注2")
		}, []string{"ledger.xlsx[明细]", "unexpected: 备注2"}},
		{"amount as text", func(f *excelize.File) { f.SetCellValue("明细", lineColLetter("computed")+"3", "2,000.00") },
			[]string{"ledger.xlsx[明细]", "row 3", "computed", "unparseable amount"}},
		{"no summary", func(f *excelize.File) { f.DeleteSheet("汇总") },
			[]string{"no sheet \"汇总\""}},
		{"summary row added", func(f *excelize.File) {
			f.SetSheetRow("汇总", "A7", &[]any{"项目", "ghost", "", 0, 0, 0})
		}, []string{"row 7", "ghost", "no line of 明细"}},
		{"summary row removed", func(f *excelize.File) { f.RemoveRow("汇总", 5) },
			[]string{"city of 明细 have no row in the summary"}},
		// Less than a fen off is an edit too: the summary is compared
		// exactly, not rounded to the fen (300000.004 was accepted).
		{"summary off by less than a fen", func(f *excelize.File) { f.SetCellDefault("汇总", "F3", "300000.004") },
			[]string{"ledger.xlsx[汇总]", "row 3", "overseas_litigation", "payable 300000.004 in the summary but 300000 recomputed"}},
		// A bad line is reported at its row before the summary, which no
		// longer adds up either, is looked at.
		{"amount edited and a bad line", func(f *excelize.File) {
			f.SetCellValue("明细", "K2", 350000)
			f.SetCellValue("明细", lineColLetter("computed")+"3", "2,000.00")
		}, []string{"ledger.xlsx[明细]", "row 3", "computed", "unparseable amount"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeWorkbookFile(t, t.TempDir(), "ledger.xlsx", sampleLines())
			editWorkbook(t, path, c.edit)
			_, _, err := ReadPrior([]string{path})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err %v, want a located *Error", err)
			}
			// The streaming path of a run refuses it the same way.
			_, _, serr := ReadPriorLines([]string{path}, func(int, string, *ledger.Line) error { return nil })
			if serr == nil || serr.Error() != err.Error() {
				t.Errorf("streaming: %v, want %v", serr, err)
			}
			text := e.Text().En
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q lacks %q", text, w)
				}
			}
			if zh := e.Text().Zh; !strings.ContainsAny(zh, "明细汇总工作表") {
				t.Errorf("Chinese message %q", zh)
			}
		})
	}
}

// TestPriorXLSXStreams: on the streaming path (ReadPriorLines) each line
// of a workbook is handed over as it is read and none is held, and a
// workbook whose 汇总 disagrees with its lines is still refused, after its
// lines were handed over (the caller drops them on the error).
func TestPriorXLSXStreams(t *testing.T) {
	lines := sampleLines()
	path := writeWorkbookFile(t, t.TempDir(), "ledger.xlsx", lines)
	var got []ledger.Line
	collect := func(file int, p string, l *ledger.Line) error {
		if file != 0 || p != path {
			t.Errorf("line of file %d %s", file, p)
		}
		got = append(got, *l)
		return nil
	}
	files, _, err := ReadPriorLines([]string{path}, collect)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != path || files[0].Lines != nil {
		t.Fatalf("files %+v, want one file holding no line", files)
	}
	if len(got) != len(lines) {
		t.Fatalf("%d lines emitted, want %d", len(got), len(lines))
	}
	for i := range lines {
		sameLine(t, got[i], lines[i], "zh")
	}

	editWorkbook(t, path, func(f *excelize.File) { f.SetCellValue("汇总", "F6", 1) })
	got = nil
	_, _, err = ReadPriorLines([]string{path}, collect)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Text().En, "the lines no longer add up to the summary") ||
		!strings.Contains(e.Text().En, "ledger.xlsx[汇总]") {
		t.Fatalf("edited summary: %v, want the summary refused", err)
	}
	if len(got) != len(lines) {
		t.Errorf("%d lines emitted before the refusal, want %d", len(got), len(lines))
	}

	// An error of the caller stops the reading at once.
	stop := errors.New("stop")
	n := 0
	_, _, err = ReadPriorLines([]string{path}, func(int, string, *ledger.Line) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("caller's error: %v after %d lines", err, n)
	}
}

func TestSpreadsheetNumber(t *testing.T) {
	for in, want := range map[string]string{
		"300000": "300000", "475447.5": "475447.5", "0.30000000000000004": "0.3",
		"1999.9900000000002": "1999.99", "2.3999999999999999": "2.4", "1E+5": "100000",
		"-0.07": "-0.07", "2,000.00": "2,000.00", "": "",
	} {
		if got := spreadsheetNumber(in); got != want {
			t.Errorf("spreadsheetNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
