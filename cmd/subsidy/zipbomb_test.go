package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// childEnv makes the test binary run the subsidy command line (the
// arguments after "--") instead of the tests, so that a test can measure
// the peak memory of one run in its own process.
const childEnv = "SUBSIDY_TEST_CHILD"

// TestChildSubsidy is not a test: it is the entry point of the child
// process of runChild.
func TestChildSubsidy(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("child process entry point")
	}
	args := []string{"subsidy"}
	for i, a := range os.Args {
		if a == "--" {
			args = append(args, os.Args[i+1:]...)
		}
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}

// runChild runs the command line in a child process and returns its exit
// code, stderr and peak resident memory in bytes.
func runChild(t *testing.T, args ...string) (int, string, int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestChildSubsidy$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage on this system")
	}
	return code, stderr.String(), ru.Maxrss * 1024 // kilobytes on Linux
}

const bombEnterprises = "uscc,name,district,entity_type\n91320583MA1AAAAA0W,昆山甲科技有限公司,昆山市,enterprise\n"

// writeBomb writes a workbook whose worksheet decompresses to size bytes
// (mostly spaces: about a thousand to one), streaming it to disk.
func writeBomb(t *testing.T, path string, size int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := zip.NewWriter(f)
	for name, body := range minimalWorkbook {
		fw, _ := w.Create(name)
		fw.Write([]byte(body))
	}
	fw, err := w.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>uscc</t></is></c></row>`))
	chunk := bytes.Repeat([]byte("<row/>     "), 1<<16)
	for n := 0; n < size; n += len(chunk) {
		fw.Write(chunk)
	}
	fw.Write([]byte(`</sheetData></worksheet>`))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestZipBombRefused: a roster posing as XLSX that decompresses to 100 MB
// is refused as a usage error (exit 2) with a clear message, nothing is
// written, and the process stays under 200 MiB (issue 5, spec §8).
func TestZipBombRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB zip bomb")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "enterprises.csv"), []byte(bombEnterprises), 0o644)
	writeBomb(t, filepath.Join(in, "grants.xlsx"), 100<<20)
	if st, _ := os.Stat(filepath.Join(in, "grants.xlsx")); st.Size() > 2<<20 {
		t.Fatalf("the bomb is %d bytes compressed, not a bomb", st.Size())
	}
	out := filepath.Join(dir, "ledger.csv")
	code, stderr, rss := runChild(t, "run", "--period", "2022-06", "--in", in, "--out", out, "--lang", "en")
	if code != exitUsage || !strings.Contains(stderr, "grants.xlsx") || !strings.Contains(stderr, "zip bomb") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a ledger was written")
	}
	const budget = 200 << 20
	if rss >= budget {
		t.Errorf("peak memory %d MiB, budget 200 MiB", rss>>20)
	}
	t.Logf("zip bomb refused with peak RSS %d MiB: %s", rss>>20, strings.TrimSpace(stderr))
}

// TestLargeXLSXStreams: a 50 MB worksheet that compresses like real data
// (so it is no bomb) is streamed in bounded memory: the run reads it and
// stays under 200 MiB. Its 200,000 rows hold random white space only, so
// they are blank rows, skipped: what is measured is the reader.
func TestLargeXLSXStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB worksheet")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "enterprises.csv"), []byte(bombEnterprises), 0o644)
	start := time.Now()
	fh, err := os.Create(filepath.Join(in, "grants.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for name, body := range minimalWorkbook {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`<worksheet><sheetData><row r="1">`)
	for i, h := range []string{"uscc", "number", "kind", "office", "route", "grant_date"} {
		fmt.Fprintf(bw, `<c r="%c1" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, h)
	}
	bw.WriteString(`</row>`)
	rng := rand.New(rand.NewPCG(1, 2))
	for r := 2; r <= 200_001; r++ {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		for _, col := range []string{"A", "B", "C"} {
			fmt.Fprintf(bw, `<c r="%s%d" t="inlineStr"><is><t xml:space="preserve">`, col, r)
			for x, i := rng.Uint64(), 0; i < 64; i, x = i+1, x>>1 {
				bw.WriteByte(" \t"[x&1])
			}
			bw.WriteString(`</t></is></c>`)
		}
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	t.Logf("written in %v", time.Since(start))
	start = time.Now()
	out := filepath.Join(dir, "ledger.csv")
	code, stderr, rss := runChild(t, "run", "--period", "2022-06", "--in", in, "--out", out, "--lang", "en", "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if rss >= 200<<20 {
		t.Errorf("peak memory %d MiB, budget 200 MiB", rss>>20)
	}
	t.Logf("50 MB worksheet streamed in %v with peak RSS %d MiB", time.Since(start), rss>>20)
}

// minimalWorkbook are the parts of a one-sheet workbook besides the sheet.
var minimalWorkbook = map[string]string{
	"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
	"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="grants" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}

// TestXLSXWrongFilesRefused: a CSV file named .xlsx, a truncated
// workbook, an old .xls renamed and a zip that is not a workbook are each
// a usage error naming the file, with no ledger written.
func TestXLSXWrongFilesRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"uscc", "number", "kind", "office", "route", "grant_date"})
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	f.Close()
	gdata, _ := os.ReadFile(good)
	var notBook bytes.Buffer
	zw := zip.NewWriter(&notBook)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"csv":       {[]byte("uscc,number,kind,office,route,grant_date\n"), "not an XLSX workbook (not a zip archive); if it is a CSV file, name it .csv"},
		"truncated": {gdata[:len(gdata)*2/3], "the XLSX file is damaged"},
		"xls":       {append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1000)...), "old .xls file or an encrypted"},
		"zip":       {notBook.Bytes(), "a zip archive but not an Excel workbook"},
	} {
		t.Run(name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "in")
			os.Mkdir(in, 0o755)
			os.WriteFile(filepath.Join(in, "enterprises.csv"), []byte(bombEnterprises), 0o644)
			os.WriteFile(filepath.Join(in, "grants.xlsx"), tc.data, 0o644)
			out := filepath.Join(in, "ledger.csv")
			var stdout, stderr bytes.Buffer
			code := run([]string{"subsidy", "run", "--period", "2022-06", "--in", in, "--out", out, "--lang", "en"}, nil, &stdout, &stderr)
			if code != exitUsage || !strings.Contains(stderr.String(), "grants.xlsx") || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a ledger was written")
			}
		})
	}
}
