package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/fileio"
	"subsidy/cmd/subsidy/internal/input"
)

// exampleRows returns the rows of the example batch's roster k, in schema
// column order, leaving out the rows the example lists (its expected
// rejections), so that every row left is valid.
func exampleRows(t *testing.T, k roster.Kind) [][]string {
	t.Helper()
	dir := filepath.Join(fixturesDir, "example-2022-06")
	if k == roster.Budgets {
		dir = filepath.Join(fixturesDir, "budget-holds") // the example month has no budget
	}
	rej, err := os.ReadFile(filepath.Join(dir, "expected", "rejections.csv"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	recs, _ := csv.NewReader(bytes.NewReader(rej)).ReadAll()
	for _, r := range recs[1:] {
		listed[r[0]+":"+r[1]] = true
	}
	path := filepath.Join(dir, string(k)+".csv")
	var rows [][]string
	_, err = input.ReadRoster(path, k, string(k)+".csv", func(r roster.Record) error {
		if !listed[fmt.Sprintf("%s:%d", r.File, r.Row)] {
			rows = append(rows, r.Cells)
		}
		return nil
	}, input.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("no valid %s rows in the example", k)
	}
	return rows
}

// fillTemplateXLSX fills a template workbook as a clerk would: dates typed
// into the date-formatted cells (stored as serials), amounts and counts as
// numbers, enumerations and yes/no picked from their dropdown lists
// (Chinese labels), everything else typed as text.
func fillTemplateXLSX(t *testing.T, path string, s *roster.Schema, rows [][]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, c := range s.Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if got, _ := f.GetCellValue(sheet, cell); got != c.Zh {
			t.Fatalf("%s header %s is %q, want %q", s.Kind, cell, got, c.Zh)
		}
	}
	for r, row := range rows {
		for i, v := range row {
			if v == "" {
				continue
			}
			c := s.Columns[i]
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			switch {
			case input.IsDateColumn(c.Name):
				d, err := value.ParseDate(v)
				if err != nil {
					t.Fatal(err)
				}
				serial, _ := value.ExcelSerial(d)
				err = f.SetCellInt(sheet, cell, serial)
			case templateAmounts[c.Name]:
				a, err := value.ParseAmount(v)
				if err != nil {
					t.Fatal(err)
				}
				err = f.SetCellDefault(sheet, cell, a.String())
			case templateCounts[c.Name] || templateRates[c.Name]:
				err = f.SetCellDefault(sheet, cell, strings.ReplaceAll(v, ",", ""))
			case len(c.Enum) > 0:
				label := v
				for _, ch := range c.Enum {
					if strings.EqualFold(ch.Value, v) {
						label = ch.Zh
					}
				}
				err = f.SetCellStr(sheet, cell, label)
			case roster.IsYesNo(c.Name):
				b, _ := value.ParseBool(v)
				err = f.SetCellStr(sheet, cell, map[bool]string{true: "是", false: "否"}[b])
			default:
				err = f.SetCellStr(sheet, cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// fillTemplateCSV appends the rows to a CSV template.
func fillTemplateCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	fh, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(fh)
	w.WriteAll(rows)
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestTemplateRoundTrip: the template of every roster, in both formats,
// filled in with the example batch's valid rows and fed back through
// `subsidy validate`, gives no rejection and no warning (issue 5 "done
// when").
func TestTemplateRoundTrip(t *testing.T) {
	for _, ext := range []string{".xlsx", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			for _, k := range roster.Kinds {
				path := filepath.Join(dir, string(k)+ext)
				var stdout, stderr bytes.Buffer
				if code := run([]string{"subsidy", "template", "--lang", "en", "--out", path, string(k)}, nil, &stdout, &stderr); code != 0 {
					t.Fatalf("template %s: exit %d: %s", k, code, stderr.String())
				}
				rows := exampleRows(t, k)
				if ext == ".xlsx" {
					fillTemplateXLSX(t, path, roster.Lookup(k), rows)
				} else {
					fillTemplateCSV(t, path, rows)
				}
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"subsidy", "validate", "--period", "2022-06", "--in", dir, "--lang", "en", "--rejections", "-"}, nil, &stdout, &stderr)
			if code != 0 {
				t.Fatalf("validate: exit %d: %s", code, stderr.String())
			}
			if lines := strings.Split(strings.TrimSpace(stdout.String()), "\n"); len(lines) != 1 {
				t.Errorf("rejections:\n%s", stdout.String())
			}
			if strings.Contains(stderr.String(), "ignoring") {
				t.Errorf("warnings:\n%s", stderr.String())
			}
			if !strings.Contains(stderr.String(), "grants") {
				t.Errorf("summary does not mention the rosters:\n%s", stderr.String())
			}
		})
	}
}

// TestTemplateXLSXContents: every column has its note, enumerations, yes/no,
// district, program and currency have dropdowns whose lists come from the
// schema and the policy, identifier columns are text and date columns
// dates.
func TestTemplateXLSXContents(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range roster.Kinds {
		s := roster.Lookup(k)
		var b bytes.Buffer
		if err := writeTemplateXLSX(&b, s, pol); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		if sheet != s.Zh {
			t.Errorf("%s: first sheet %q", k, sheet)
		}
		if v, _ := f.GetSheetVisible(templateListSheet); v {
			t.Errorf("%s: the list sheet is visible", k)
		}
		comments, _ := f.GetComments(sheet)
		notes := map[string]string{}
		for _, c := range comments {
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			notes[c.Cell] = text
		}
		dvs, _ := f.GetDataValidations(sheet)
		lists := templateLists(s, pol)
		for i, c := range s.Columns {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if n := notes[col+"1"]; !strings.Contains(n, c.Name) || !strings.Contains(n, c.Doc.Zh) || !strings.Contains(n, c.Doc.En) {
				t.Errorf("%s.%s: note %q", k, c.Name, n)
			}
			wantList := len(c.Enum) > 0 || roster.IsYesNo(c.Name) || c.Name == "district" || c.Name == "currency" || c.Name == "program" || c.Name == "funder"
			var dv *excelize.DataValidation
			for _, d := range dvs {
				if strings.HasPrefix(d.Sqref, col+"2:") {
					dv = d
				}
			}
			if wantList != (dv != nil) {
				t.Errorf("%s.%s: dropdown %v, want %v", k, c.Name, dv != nil, wantList)
			}
			if dv != nil {
				got := listValues(t, f, dv.Formula1)
				if strings.Join(got, "|") != strings.Join(lists[c.Name].values, "|") || len(got) == 0 {
					t.Errorf("%s.%s: dropdown %v, want %v", k, c.Name, got, lists[c.Name].values)
				}
				for _, ch := range c.Enum {
					if !contains(got, ch.Zh) || !contains(got, ch.Value) {
						t.Errorf("%s.%s: dropdown lacks %s/%s", k, c.Name, ch.Value, ch.Zh)
					}
				}
			}
			style, _ := f.GetCellStyle(sheet, col+"2")
			st, _ := f.GetStyle(style)
			switch {
			case input.IsDateColumn(c.Name):
				if st.CustomNumFmt == nil || *st.CustomNumFmt != "yyyy-mm-dd" {
					t.Errorf("%s.%s: not date-formatted: %+v", k, c.Name, st)
				}
			case c.Name == "uscc" || c.Name == "recipient_id" || c.Name == "number" || strings.HasSuffix(c.Name, "_id") || strings.HasSuffix(c.Name, "_no") && c.Name != "payment_no":
				if st.NumFmt != 49 {
					t.Errorf("%s.%s: identifier not text-formatted (numFmt %d)", k, c.Name, st.NumFmt)
				}
			}
		}
		f.Close()
	}
}

// listValues reads the cells a dropdown formula such as '选项'!$A$2:$A$9
// refers to.
func listValues(t *testing.T, f *excelize.File, formula string) []string {
	t.Helper()
	ref := strings.Trim(formula, "\"")
	sheet, rng, ok := strings.Cut(ref, "!")
	if !ok {
		t.Fatalf("dropdown formula %q is not a range", formula)
	}
	sheet = strings.Trim(sheet, "'")
	from, to, _ := strings.Cut(strings.ReplaceAll(rng, "$", ""), ":")
	c1, r1, _ := excelize.CellNameToCoordinates(from)
	_, r2, _ := excelize.CellNameToCoordinates(to)
	var out []string
	for r := r1; r <= r2; r++ {
		cell, _ := excelize.CoordinatesToCellName(c1, r)
		v, _ := f.GetCellValue(sheet, cell)
		out = append(out, v)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestTemplateColumnClasses: the template's number-format classes agree
// with the schema's column documentation, so a new column cannot be
// formatted wrongly unnoticed.
func TestTemplateColumnClasses(t *testing.T) {
	for _, k := range roster.Kinds {
		for _, c := range roster.Lookup(k).Columns {
			doc := c.Doc.En
			if strings.HasPrefix(doc, "amount,") != templateAmounts[c.Name] {
				t.Errorf("%s.%s: amount class disagrees with %q", k, c.Name, doc)
			}
			if (doc == "non-negative whole number" || c.Name == "payment_no") != templateCounts[c.Name] {
				t.Errorf("%s.%s: count class disagrees with %q", k, c.Name, doc)
			}
			if strings.Contains(doc, "YYYY-MM-DD") != input.IsDateColumn(c.Name) {
				t.Errorf("%s.%s: date class disagrees with %q", k, c.Name, doc)
			}
		}
	}
}

// TestTemplateCSVHeader: the CSV template is the header only, UTF-8 with
// BOM, each column 中文(english), and the reader maps it with no unknown
// column.
func TestTemplateCSVHeader(t *testing.T) {
	for _, k := range roster.Kinds {
		path := filepath.Join(t.TempDir(), string(k)+".csv")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"subsidy", "template", "--out", path, string(k)}, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		data, _ := os.ReadFile(path)
		if !bytes.HasPrefix(data, []byte("\ufeff")) || bytes.Count(data, []byte("\n")) != 1 {
			t.Errorf("%s: %q", k, data)
		}
		s := roster.Lookup(k)
		src, err := fileio.OpenCSV(path)
		if err != nil {
			t.Fatal(err)
		}
		hm, err := s.MapHeader(src.Header())
		src.Close()
		if err != nil || len(hm.Unknown) > 0 {
			t.Fatalf("%s: %v %v", k, err, hm)
		}
		for i, p := range hm.Pos {
			if p != i {
				t.Errorf("%s: column %s at %d", k, s.Columns[i].Name, p)
			}
		}
	}
}

// TestTemplateDeterministic: the same template is the same bytes every
// time (styles are created in a fixed order, not by ranging over a map).
func TestTemplateDeterministic(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range roster.Kinds {
		s := roster.Lookup(k)
		var first []byte
		for i := 0; i < 6; i++ {
			var b bytes.Buffer
			if err := writeTemplateXLSX(&b, s, pol); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = b.Bytes()
			} else if !bytes.Equal(b.Bytes(), first) {
				t.Fatalf("%s: writing the template again gave other bytes", k)
			}
		}
	}
}
