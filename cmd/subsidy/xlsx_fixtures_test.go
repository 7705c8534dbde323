package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/fileio"
	"subsidy/cmd/subsidy/internal/input"
)

// numericColumns are the roster columns a clerk's workbook holds as numbers.
var numericColumns = map[string]bool{
	"amount": true, "premium": true, "ip_investment": true, "rate": true, "units": true, "payment_no": true,
	"prior_invention_grants": true, "valid_invention_patents": true, "overseas_invention_applications": true,
	"overseas_invention_grants": true, "registered_trademarks": true, "standards": true,
}

// plainNumber is a cell Excel would store as a number: no sign, no
// leading zeros (grouping commas are removed first).
var plainNumber = regexp.MustCompile(`^(0|[1-9][0-9]{0,14})(\.[0-9]+)?$`)

// csvToXLSX writes the CSV roster src as the workbook dst, as a clerk's
// Excel would hold it: amounts and counts as numbers (with a "#,##0"
// format that hides the fen), valid dates as date serials of the chosen
// date system with a date format, everything else (identifiers included)
// as text. Every row keeps its spreadsheet row number.
func csvToXLSX(t *testing.T, src, dst string, date1904 bool) {
	t.Helper()
	stem := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	kind, ok := roster.KindByFileStem(stem)
	if !ok {
		t.Fatalf("%s is not a roster", src)
	}
	schema := roster.Lookup(kind)
	in, err := fileio.OpenCSV(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	const sheet = "Sheet1"
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy
	amountStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0")})
	header := in.Header()
	names := make([]string, len(header))
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, h); err != nil {
			t.Fatal(err)
		}
		for _, c := range schema.Columns {
			if n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))); n == c.Name || n == strings.ToLower(c.Zh) {
				names[i] = c.Name
			}
		}
	}
	for {
		rec, row, err := in.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range rec {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			name := ""
			if i < len(names) {
				name = names[i]
			}
			switch {
			case name != "" && input.IsDateColumn(name) && isISODate(v):
				d, _ := value.ParseDate(v)
				serial, _ := value.ExcelSerial(d)
				if date1904 {
					serial -= 1462
				}
				if err := f.SetCellInt(sheet, cell, serial); err != nil {
					t.Fatal(err)
				}
				f.SetCellStyle(sheet, cell, cell, dateStyle)
			case numericColumns[name] && plainNumber.MatchString(strings.ReplaceAll(v, ",", "")):
				// A number cell holding exactly the value ("1,234.50" is 1234.5).
				if err := f.SetCellDefault(sheet, cell, decimal.RequireFromString(strings.ReplaceAll(v, ",", "")).String()); err != nil {
					t.Fatal(err)
				}
				f.SetCellStyle(sheet, cell, cell, amountStyle)
			default:
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// isISODate reports a valid YYYY-MM-DD date (other notations stay text, so
// their messages stay the same).
func isISODate(v string) bool {
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(v) {
		return false
	}
	d, err := value.ParseDate(v)
	if err != nil {
		return false
	}
	_, ok := value.ExcelSerial(d)
	return ok && d >= value.NewDate(1904, 1, 1)
}

// convertCase copies fixture case cd into a temporary folder with every
// roster converted to XLSX (policy.yaml and prior/ copied as they are).
func convertCase(t *testing.T, cd string, date1904 bool) string {
	t.Helper()
	dir := t.TempDir()
	found, err := input.Discover(cd, input.DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range found.Rosters {
		stem := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		if strings.EqualFold(filepath.Ext(p), ".xlsx") {
			copyFile(t, p, filepath.Join(dir, filepath.Base(p)))
			continue
		}
		csvToXLSX(t, p, filepath.Join(dir, stem+".xlsx"), date1904)
	}
	if _, err := os.Stat(filepath.Join(cd, "policy.yaml")); err == nil {
		copyFile(t, filepath.Join(cd, "policy.yaml"), filepath.Join(dir, "policy.yaml"))
	}
	if ents, err := os.ReadDir(filepath.Join(cd, "prior")); err == nil {
		os.Mkdir(filepath.Join(dir, "prior"), 0o755)
		for _, e := range ents {
			copyFile(t, filepath.Join(cd, "prior", e.Name()), filepath.Join(dir, "prior", e.Name()))
		}
	}
	return dir
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFixturesAsXLSX: every fixture case gives the same ledger and the
// same rejections when its rosters arrive as XLSX workbooks (issue 5 "done
// when"), in both date systems. Only the file names in the source and file
// columns differ (.xlsx for .csv).
func TestFixturesAsXLSX(t *testing.T) {
	for _, cd := range singleBatchCases(t) {
		fc, err := readCase(cd)
		if err != nil {
			t.Fatal(err)
		}
		wantL, wantR, _, err := runCase(cd, fc, "en")
		if err != nil {
			t.Fatal(err)
		}
		for _, d1904 := range []bool{false, true} {
			name := filepath.Base(cd)
			if d1904 {
				name += "/1904"
			}
			t.Run(name, func(t *testing.T) {
				dir := convertCase(t, cd, d1904)
				gotL, gotR, _, err := runCase(dir, fc, "en")
				if err != nil {
					t.Fatal(err)
				}
				norm := func(b []byte) string { return strings.ReplaceAll(string(b), ".xlsx", ".csv") }
				if norm(gotL) != norm(wantL) {
					t.Errorf("ledger differs:\n%s", lineDiff(norm(wantL), norm(gotL)))
				}
				if norm(gotR) != norm(wantR) {
					t.Errorf("rejections differ:\n%s", lineDiff(norm(wantR), norm(gotR)))
				}
				if bytes.Count(wantL, []byte("\n")) < 2 && bytes.Count(wantR, []byte("\n")) < 2 {
					t.Logf("case %s has neither lines nor rejections", cd)
				}
			})
		}
	}
}

// xlsxFixtureSources are the CSV rosters of the XLSX-only fixture cases,
// converted by TestWriteXLSXFixtures (the CSV text is not checked in; the
// workbooks are).
var xlsxFixtureSources = map[string]map[string]string{
	"xlsx-formatted-amount": {
		"enterprises": "uscc,name,district,entity_type\n" +
			"91320583MA1XA0003U,苏州吴中精工机械有限公司,320506,enterprise\n",
		"licensing": "contract_id,uscc,role,kind,counterparty,cross_border,amount,currency,paid_date,payment_no\n" +
			"HT-2022-101,91320583MA1XA0003U,licensee,license,苏州理工大学,no,2200220.12,CNY,2022-05-10,\n" +
			"HT-2022-102,91320583MA1XA0003U,assignee,assignment,上海某研究院,no,1234.5,CNY,2022-05-20,\n",
	},
	"xlsx-id-as-number": {
		"enterprises": "uscc,name,district,entity_type\n" +
			"91320583MA1XA0003U,苏州吴中精工机械有限公司,320506,enterprise\n" +
			"913205060000000050,苏州吴中数字科技有限公司,320506,enterprise\n",
		"licensing": "contract_id,uscc,role,kind,counterparty,cross_border,amount,currency,paid_date,payment_no\n" +
			"HT-2022-201,91320583MA1XA0003U,licensee,license,苏州理工大学,no,100000.00,CNY,2022-05-10,\n" +
			"HT-2022-202,913205060000000050,licensee,license,苏州理工大学,no,200000.00,CNY,2022-05-11,\n",
		"awards": "program,recipient_id,recipient_name,district,project_id,amount,decision_date,decision_ref\n" +
			"award.outstanding_inventor,320583199001011232,王芳,昆山市,OI-2022-07,100000.00,2022-05-26,苏知发〔2022〕19号\n",
	},
}

// numberCells are the cells of the XLSX-only fixtures stored as numbers
// although they hold identifiers, as Excel does when a long digit string
// is typed into a General cell: the stored double keeps 17 significant
// digits, of which Excel shows 15.
var numberCells = map[string]map[string]string{
	"xlsx-id-as-number": {"enterprises:A3": "9.1320506000000005E+17", "licensing:B3": "9.1320506000000005E+17", "awards:B2": "3.2058319900101101E+17"},
}

// TestWriteXLSXFixtures writes the workbooks of the XLSX fixture cases
// (run with SUBSIDY_WRITE_XLSX_FIXTURES=1, then check expected/ by hand
// with subsidy verify): xlsx-dates and xlsx-1904 are litigation-fx's
// rosters with date serials of the 1900 and the 1904 date system,
// xlsx-formatted-amount has amounts formatted "#,##0" (2,200,220.12 shows
// as 2,200,220), xlsx-id-as-number has identifiers stored as numbers.
func TestWriteXLSXFixtures(t *testing.T) {
	if os.Getenv("SUBSIDY_WRITE_XLSX_FIXTURES") != "1" {
		t.Skip("set SUBSIDY_WRITE_XLSX_FIXTURES=1 to rewrite the XLSX fixtures")
	}
	for dst, d1904 := range map[string]bool{"xlsx-dates": false, "xlsx-1904": true} {
		src := filepath.Join(fixturesDir, "litigation-fx")
		for _, k := range []string{"enterprises", "fx", "litigation"} {
			csvToXLSX(t, filepath.Join(src, k+".csv"), filepath.Join(fixturesDir, dst, k+".xlsx"), d1904)
		}
	}
	for dst, rosters := range xlsxFixtureSources {
		tmp := t.TempDir()
		for k, text := range rosters {
			p := filepath.Join(tmp, k+".csv")
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(fixturesDir, dst, k+".xlsx")
			csvToXLSX(t, p, out, false)
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for ref, v := range numberCells[dst] {
				if r, cell, _ := strings.Cut(ref, ":"); r == k {
					if err := f.SetCellDefault("Sheet1", cell, v); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
}

// hasXLSXRoster reports whether a fixture case has an XLSX roster.
func hasXLSXRoster(t *testing.T, cd string) bool {
	t.Helper()
	found, err := input.Discover(cd, input.DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range found.Rosters {
		if strings.EqualFold(filepath.Ext(p), ".xlsx") {
			return true
		}
	}
	return false
}

// TestXLSXFixturesResavedByLibreOffice: the XLSX fixture workbooks, opened
// and saved again by a real spreadsheet program (LibreOffice Calc, which
// writes its own styles, shared strings and number representations, and
// keeps the 1904 date system), give the same ledgers and rejections.
// Skipped when soffice is absent, unless CI_REQUIRE_SOFFICE=1.
func TestXLSXFixturesResavedByLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI_REQUIRE_SOFFICE") == "1" {
			t.Fatal("soffice (LibreOffice) is not installed but CI_REQUIRE_SOFFICE=1")
		}
		t.Skip("soffice (LibreOffice) is not installed")
	}
	cases := []string{"xlsx-dates", "xlsx-1904", "xlsx-formatted-amount", "xlsx-id-as-number"}
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	os.Mkdir(in, 0o755)
	var books []string
	for _, c := range cases {
		files, _ := filepath.Glob(filepath.Join(fixturesDir, c, "*.xlsx"))
		for _, f := range files {
			b := filepath.Join(in, c+"__"+filepath.Base(f))
			copyFile(t, f, b)
			books = append(books, b)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(tmp, "profile")),
		"--headless", "--norestore", "--nolockcheck", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}, books...)...)
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			cd := filepath.Join(tmp, c)
			os.Mkdir(cd, 0o755)
			files, _ := filepath.Glob(filepath.Join(out, c+"__*.xlsx"))
			if len(files) == 0 {
				t.Fatal("soffice wrote nothing")
			}
			for _, f := range files {
				if err := os.Rename(f, filepath.Join(cd, strings.TrimPrefix(filepath.Base(f), c+"__"))); err != nil {
					t.Fatal(err)
				}
			}
			src := filepath.Join(fixturesDir, c)
			fc, err := readCase(src)
			if err != nil {
				t.Fatal(err)
			}
			gotL, gotR, _, err := runCase(cd, fc, "en")
			if err != nil {
				t.Fatal(err)
			}
			for name, got := range map[string][]byte{"ledger.csv": gotL, "rejections.csv": gotR} {
				want, err := os.ReadFile(filepath.Join(src, "expected", name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs after LibreOffice:\n%s", name, lineDiff(string(want), string(got)))
				}
			}
		})
	}
}
