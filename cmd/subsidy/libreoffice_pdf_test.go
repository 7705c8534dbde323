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

// approvalSheets is how many funders the example month pays (case.yaml
// expect.payouts), each with its approval sheet on one A4 portrait page.
const approvalSheets = 6

// pageSize is a PDF page's width and height in points.
type pageSize [2]float64

// A4 is 595 × 842 points.
func (p pageSize) landscape() bool { return near(p[0], 842) && near(p[1], 595) }
func (p pageSize) portrait() bool  { return near(p[0], 595) && near(p[1], 842) }
func near(a, b float64) bool       { return a > b-5 && a < b+5 }

// pdfinfoSize is a page's size as pdfinfo prints it.
var pdfinfoSize = regexp.MustCompile(`(?m)^Page\s+(\d+) size:\s+([0-9.]+) x ([0-9.]+) pts`)

// pageSizes reads the size of each of the pages of a PDF with pdfinfo
// (poppler).
func pageSizes(t *testing.T, pdf string, pages int) []pageSize {
	t.Helper()
	pdfinfo := needTool(t, "pdfinfo", "poppler", "poppler-utils")
	out, err := exec.Command(pdfinfo, "-f", "1", "-l", strconv.Itoa(pages), pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	sizes := make([]pageSize, pages)
	n := 0
	for _, m := range pdfinfoSize.FindAllStringSubmatch(string(out), -1) {
		i, _ := strconv.Atoi(m[1])
		if i < 1 || i > pages {
			continue
		}
		w, _ := strconv.ParseFloat(m[2], 64)
		h, _ := strconv.ParseFloat(m[3], 64)
		sizes[i-1] = pageSize{w, h}
		n++
	}
	if n != pages {
		t.Fatalf("pdfinfo gives the size of %d of %d pages:\n%s", n, pages, out)
	}
	return sizes
}

// TestLibreOfficePrintsWorkbook prints the example month's workbook, as
// `subsidy run --period 2022-06 --in fixtures/example-2022-06 --out x.xlsx`
// writes it, to PDF with LibreOffice (soffice --headless --convert-to pdf)
// and checks the print setup of issue 13: A4 landscape pages, few of them
// (maxLinePages, maxBookPages), each funder's approval sheet (issue 16) on
// one A4 portrait page, and, read back with pdftotext (poppler),
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
	if pages == 0 || pages > maxBookPages+approvalSheets {
		t.Errorf("the workbook prints on %d pages, want 1 to %d", pages, maxBookPages+approvalSheets)
	}
	sizes := pageSizes(t, pdf, pages)

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
	bySheet, approvals := map[string][]string{}, map[string][]string{}
	for i, p := range texts {
		// The page header: "发放明细 2022-06", the sheet, the policy id.
		// An approval sheet's name has a space: 拨付 苏州市（市级）.
		head := strings.Fields(strings.TrimSpace(p))
		if len(head) > 4 && head[2] == "拨付" {
			head = append([]string{head[0], head[1], head[2] + " " + head[3]}, head[4:]...)
		}
		if len(head) < 4 || head[0] != "发放明细" || head[1] != "2022-06" || head[3] != "suzhou-ip-2021" {
			t.Errorf("page %d: no page header: %q", i+1, head[:min(len(head), 4)])
			continue
		}
		sheet := head[2]
		if strings.HasPrefix(sheet, "拨付 ") { // A4 portrait
			if !sizes[i].portrait() {
				t.Errorf("page %d (%s): %.0f × %.0f points, want A4 portrait", i+1, sheet, sizes[i][0], sizes[i][1])
			}
			approvals[sheet] = append(approvals[sheet], p)
			continue
		}
		if !sizes[i].landscape() {
			t.Errorf("page %d (%s): %.0f × %.0f points, want A4 landscape", i+1, sheet, sizes[i][0], sizes[i][1])
		}
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
	// One page per funder, with its total in figures and capital numerals
	// (case.yaml) and the signature rows.
	if len(approvals) != approvalSheets {
		t.Errorf("%d approval sheets printed, want %d", len(approvals), approvalSheets)
	}
	for sheet, ps := range approvals {
		if len(ps) != 1 {
			t.Errorf("%s prints on %d pages, want 1", sheet, len(ps))
		}
		for _, want := range []string{output.PayoutTitle, "合计金额（大写）：人民币", "经办人：", "审批人：", "出资部门（盖章）："} {
			if !strings.Contains(ps[0], want) {
				t.Errorf("the printed %s lacks %q", sheet, want)
			}
		}
	}
	if p := strings.Join(approvals["拨付 苏州市（市级）"], ""); !strings.Contains(p, "3,724,617.00") || !strings.Contains(p, "人民币叁佰柒拾贰万肆仟陆佰壹拾柒元整") {
		t.Errorf("the printed city approval sheet lacks its total 3,724,617.00 and 叁佰柒拾贰万肆仟陆佰壹拾柒元整 (case.yaml)")
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
