package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPriorWorkbookPreviousLayout: a workbook ledger written by the
// previous version (22 columns, 状态 and 标记 holding the codes, no total
// row; internal/output/testdata/v1) is a prior ledger as good as the CSV
// ledger of the same run: the example month run again with either as
// --prior finds every line already paid and writes the same ledger and
// rejections.
func TestPriorWorkbookPreviousLayout(t *testing.T) {
	v1 := filepath.Join("internal", "output", "testdata", "v1")
	dir := t.TempDir()
	var outs [][]byte
	for _, prior := range []string{"ledger-2022-06.xlsx", "ledger-2022-06.csv"} {
		out := filepath.Join(dir, prior+".out.csv")
		var stderr bytes.Buffer
		args := []string{"subsidy", "run", "--period", "2022-06", "--in", filepath.Join(fixturesDir, "example-2022-06"),
			"--prior", filepath.Join(v1, prior), "--out", out, "--rejections", out + ".rej.csv", "--lang", "en"}
		if code := run(args, strings.NewReader(""), io.Discard, &stderr); code != exitOK {
			t.Fatalf("--prior %s: exit %d\n%s", prior, code, stderr.String())
		}
		ledger, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		rej, err := os.ReadFile(out + ".rej.csv")
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(ledger, []byte("\n")); n != 1 {
			t.Errorf("--prior %s: %d lines paid again", prior, n-1)
		}
		outs = append(outs, append(ledger, rej...))
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Errorf("the previous workbook and the CSV as --prior give different outputs:\n%s\n%s", outs[0], outs[1])
	}
}

// TestPriorWorkbookSummaryEditedRefused (issue 15): a run streams the
// lines of a workbook prior into its index before 汇总 is checked, and a
// workbook whose 汇总 no longer matches its lines is still a usage error
// (exit 2) naming it, after which the run writes no ledger and no
// rejections.
func TestPriorWorkbookSummaryEditedRefused(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(fixturesDir, "example-2022-06")
	prior := filepath.Join(dir, "ledger-2022-05.xlsx")
	var stderr bytes.Buffer
	if code := run([]string{"subsidy", "run", "--period", "2022-06", "--in", in, "--out", prior, "--quiet"}, nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	os.Remove(prior + ".manifest.json") // the summary check, not the manifest's, is under test
	f, err := excelize.OpenFile(prior)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("汇总", "D2", 999) // the line count of the first program
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "out", "out.csv")
	os.Mkdir(filepath.Dir(out), 0o755)
	stderr.Reset()
	code := run([]string{"subsidy", "run", "--period", "2022-06", "--in", in, "--prior", prior, "--out", out,
		"--rejections", out + ".rej.csv", "--lang", "en", "--quiet"}, nil, io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "ledger-2022-05.xlsx[汇总]") ||
		!strings.Contains(stderr.String(), "the lines no longer add up to the summary") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	t.Logf("refused: %s", stderr.String())
	for _, p := range []string{out, out + ".rej.csv", out + ".manifest.json"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", filepath.Base(p))
		}
	}
}
