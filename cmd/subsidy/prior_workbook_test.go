package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
