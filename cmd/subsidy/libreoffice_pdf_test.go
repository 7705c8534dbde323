package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"subsidy/cmd/subsidy/internal/output"
)

// pdfPage is a page object of a PDF (not the /Pages tree nodes).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// pdfMediaBox is a page size in points.
var pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)

// maxLinePages bounds the printed pages of the example month's 明细 (22
// lines): one page wide, its 14 printed columns print at about two thirds of full size on A4
// landscape, and the tallest cell of a line (the note) takes at most five
// lines of text, so a page holds at least ten lines. Before the print
// setup the same 22 lines printed on 11 pages and the workbook on 31 (the
// columns spread over pages side by side).
const maxLinePages = 3

// maxBookPages bounds the printed pages of the whole example workbook:
// 明细, one page each for 汇总, 拒绝 and 核对, and 参数, whose 90-odd
// parameters take three to four pages.
const maxBookPages = 10

// TestLibreOfficePrintsWorkbook prints the example month's workbook, as
// `subsidy run --period 2022-06 --in fixtures/example-2022-06 --out x.xlsx`
// writes it, to PDF with LibreOffice (soffice --headless --convert-to pdf)
// and checks the print setup of issue 13: A4 landscape pages, few of them
// (maxLinePages, maxBookPages), and, read back with pdftotext (poppler),
// each sheet's header row and page header on every one of its pages, the
// footer "第 N 页 共 M 页", the rates as percentages, the status and flags
// in words, and the total row. Skipped when soffice is absent, unless
// CI_REQUIRE_SOFFICE=1; the text checks then need pdftotext and a Chinese
// font too (.ci/install-libreoffice installs both).
func TestLibreOfficePrintsWorkbook(t *testing.T) {
	soffice := needTool(t, "soffice", "LibreOffice", "libreoffice-calc-nogui")
	dir := t.TempDir()
	book := filepath.Join(dir, "x.xlsx")
	var stderr bytes.Buffer
	args := []string{"subsidy", "run", "--period", "2022-06", "--in", filepath.Join(fixturesDir, "example-2022-06"), "--out", book, "--quiet"}
	if code := run(args, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
	}
	convert(t, soffice, dir, filepath.Join(dir, "pdf"), "pdf", book)
	pdf := filepath.Join(dir, "pdf", "x.pdf")
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(pdfPage.FindAll(data, -1))
	if pages == 0 || pages > maxBookPages {
		t.Errorf("the workbook prints on %d pages, want 1 to %d", pages, maxBookPages)
	}
	boxes := pdfMediaBox.FindAllSubmatch(data, -1)
	if len(boxes) == 0 {
		t.Error("no page size in the PDF")
	}
	for _, b := range boxes {
		w, _ := strconv.ParseFloat(string(b[1]), 64)
		h, _ := strconv.ParseFloat(string(b[2]), 64)
		if w < 835 || w > 850 || h < 590 || h > 600 { // A4 landscape: 842 × 595 points
			t.Errorf("a page of %.0f × %.0f points, want A4 landscape (842 × 595)", w, h)
		}
	}

	pdftotext := needTool(t, "pdftotext", "poppler", "poppler-utils")
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.TrimRight(string(out), "\f")
	if !strings.Contains(text, "明细编号") {
		if os.Getenv("CI_REQUIRE_SOFFICE") == "1" {
			t.Fatalf("no Chinese text in the PDF (is a Chinese font installed? .ci/install-libreoffice installs fonts-wqy-microhei):\n%s", text)
		}
		t.Skipf("no Chinese text in the PDF: no Chinese font installed (Debian package fonts-wqy-microhei)")
	}
	texts := strings.Split(text, "\f")
	if len(texts) != pages {
		t.Errorf("pdftotext reads %d pages, the PDF has %d page objects", len(texts), pages)
	}
	headers := map[string]string{output.SheetLines: "明细编号", output.SheetSummary: "维度", output.SheetRejections: "行号",
		output.SheetParams: "政策代码", output.SheetRecon: "读入行数"}
	bySheet := map[string][]string{}
	for i, p := range texts {
		// The page header: "发放明细 2022-06", the sheet, the policy id.
		head := strings.Fields(strings.TrimSpace(p))
		if len(head) < 4 || head[0] != "发放明细" || head[1] != "2022-06" || head[3] != "suzhou-ip-2021" {
			t.Errorf("page %d: no page header: %q", i+1, head[:min(len(head), 4)])
			continue
		}
		sheet := head[2]
		bySheet[sheet] = append(bySheet[sheet], p)
		if h, ok := headers[sheet]; !ok || !strings.Contains(p, h) {
			t.Errorf("page %d (%s) does not repeat the sheet's header row (%s)", i+1, sheet, h)
		}
		// pdftotext drops the spaces between Chinese characters.
		if footer := fmt.Sprintf(`第\s*%d\s*页\s*共\s*%d\s*页`, i+1, pages); !regexp.MustCompile(footer).MatchString(p) {
			t.Errorf("page %d (%s) lacks the footer 第 %d 页 共 %d 页", i+1, sheet, i+1, pages)
		}
	}
	for sheet := range headers {
		if len(bySheet[sheet]) == 0 {
			t.Errorf("sheet %s printed no page", sheet)
		}
	}
	lines := bySheet[output.SheetLines]
	t.Logf("明细 prints on %d pages, the workbook on %d", len(lines), pages)
	if len(lines) > maxLinePages {
		t.Errorf("明细 (22 lines) prints on %d pages, want at most %d", len(lines), maxLinePages)
	}
	all := strings.Join(lines, "\n")
	// (超上限按上限支付 wraps in its cell: its first characters are checked.)
	for _, want := range []string{"全额支付", "限额扣减", "超上限按上限", "50%", "10%", "100%", "4,569,082.00", "22 笔"} {
		if !strings.Contains(all, want) {
			t.Errorf("the printed 明细 lacks %q", want)
		}
	}
	if last := lines[len(lines)-1]; !regexp.MustCompile(`合计\s+22 笔`).MatchString(last) {
		t.Errorf("the last page of 明细 has no total row")
	}
	for _, code := range []string{"exception:ceiling", "capped", "suzhou-ip-2021@2021", "grants.csv:2"} {
		if strings.Contains(all, code) {
			t.Errorf("the printed 明细 shows %q, a column of the unprinted block", code)
		}
	}
}
