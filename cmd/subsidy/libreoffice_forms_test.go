package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"subsidy/cmd/subsidy/internal/forms"
)

// TestLibreOfficePrintsForms prints the month-end documents (issue 16) of
// the three months of reportMonths to PDF with LibreOffice and reads them
// back with poppler: the notice and the approval sheet of June on A4
// portrait pages, the approval sheet one page with June's 800,000.00 in
// capital numerals written by hand (捌拾万元整) and its signature rows, the
// notice naming the recipient and no credit code; the year report on A4
// landscape pages, one or more per sheet, with the title of each of its
// five charts drawn; and, converted to OpenDocument, the report holds the
// five charts as chart objects LibreOffice loaded. Skipped when soffice is
// absent, unless CI_REQUIRE_SOFFICE=1.
func TestLibreOfficePrintsForms(t *testing.T) {
	soffice := needTool(t, "soffice", "LibreOffice", "libreoffice-calc-nogui")
	root := t.TempDir()
	ledgers, budget := reportYear(t, root)
	june := filepath.Join(ledgers, "ledger-2022-06.csv")
	books := map[string][]string{
		"notice": {"notice", "--out", filepath.Join(root, "notice.xlsx"), june},
		"payout": {"payout", "--out", filepath.Join(root, "payout.xlsx"), june},
		"report": {"report", "--prior", ledgers, "--year", "2022", "--budget", budget, "--out", filepath.Join(root, "report.xlsx")},
	}
	var paths []string
	for name, args := range books {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr)
		}
		paths = append(paths, filepath.Join(root, name+".xlsx"))
	}
	pdfDir := filepath.Join(root, "pdf")
	convert(t, soffice, root, pdfDir, "pdf", paths...)
	convert(t, soffice, root, filepath.Join(root, "ods"), "ods", filepath.Join(root, "report.xlsx"))

	pdftotext := needTool(t, "pdftotext", "poppler", "poppler-utils")
	read := func(name string) (pages []string, sizes []pageSize) {
		pdf := filepath.Join(pdfDir, name+".pdf")
		out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", name, err)
		}
		pages = strings.Split(strings.TrimRight(string(out), "\f"), "\f")
		return pages, pageSizes(t, pdf, len(pages))
	}
	all := func(pages []string) string { return strings.Join(pages, "\n") }

	notice, sizes := read("notice")
	for i, s := range sizes {
		if !s.portrait() {
			t.Errorf("notice page %d: %.0f × %.0f points, want A4 portrait", i+1, s[0], s[1])
		}
	}
	if text := all(notice); !strings.Contains(text, "昆山甲科技有限公司") || !strings.Contains(text, "800,000.00") {
		if os.Getenv("CI_REQUIRE_SOFFICE") != "1" && !strings.Contains(text, "800,000.00") {
			t.Skip("no Chinese text in the PDF: no Chinese font installed (Debian package fonts-wqy-microhei)")
		}
		t.Errorf("the printed notice lacks the recipient 昆山甲科技有限公司 and 800,000.00:\n%s", text)
	} else if strings.Contains(text, "91320583MA1AAAAA0W") {
		t.Errorf("the printed notice shows a credit code")
	}

	payout, sizes := read("payout")
	if len(payout) != 1 || !sizes[0].portrait() {
		t.Errorf("the approval sheet prints on %d pages (%v), want one A4 portrait page", len(payout), sizes)
	}
	for _, want := range []string{"知识产权专项资金拨付审批表", "苏州市（市级）", "800,000.00", "人民币捌拾万元整", "经办人：", "审批人："} {
		if !strings.Contains(all(payout), want) {
			t.Errorf("the printed approval sheet lacks %q", want)
		}
	}

	report, sizes := read("report")
	if len(report) < 6 || len(report) > 12 {
		t.Errorf("the report prints on %d pages, want one or two for each of its six sheets", len(report))
	}
	for i, s := range sizes {
		if !s.landscape() {
			t.Errorf("report page %d: %.0f × %.0f points, want A4 landscape", i+1, s[0], s[1])
		}
	}
	text := strings.ReplaceAll(all(report), " ", "")
	for _, title := range []string{"2022年各月支付（按项目）", "2022年各出资方支付", "2022年支付最多的受款主体（前" + strconv.Itoa(forms.TopN) + "）",
		"2022年拒绝行（按原因）", "2022年预算执行"} {
		if !strings.Contains(text, title) {
			t.Errorf("the printed report lacks the chart %q", title)
		}
	}
	if n := odsCharts(t, filepath.Join(root, "ods", "report.ods")); n != 5 {
		t.Errorf("LibreOffice loaded %d charts of the report, want 5", n)
	}
}

// odsCharts counts the chart objects of an OpenDocument spreadsheet: the
// embedded objects whose content is a chart:chart.
func odsCharts(t *testing.T, path string) int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "Object ") || !strings.HasSuffix(f.Name, "/content.xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "<chart:chart") {
			n++
		}
	}
	return n
}
