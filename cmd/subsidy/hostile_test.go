package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// buildSubsidy builds the command into a temporary folder of t and returns
// the binary's path.
func buildSubsidy(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "subsidy")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// procResult is the outcome of one run of the binary.
type procResult struct {
	code   int
	stdout string
	stderr string
	maxRSS int64 // peak resident memory in bytes (0 where unknown)
	wall   time.Duration
}

// runBinary runs the binary in dir with args.
func runBinary(t *testing.T, bin, dir string, args ...string) procResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := procResult{stdout: out.String(), stderr: errb.String(), wall: time.Since(start)}
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("%v: %v", args, err)
		}
	}
	r.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && runtime.GOOS == "linux" {
		r.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return r
}

// TestHostileCSV (spec §8): hostile roster files are each a clear usage
// error (exit 2, the file named, the reason given, no ledger), in bounded
// memory and time, whatever their size: NUL bytes, UTF-8 mixed with
// GB18030, a 100 MB line, a column given twice, a million columns, twenty
// thousand columns, a zip file posing as CSV.
func TestHostileCSV(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes 100 MB files")
	}
	bin := buildSubsidy(t)
	const header = "uscc,number,kind,office,route,grant_date\n"
	const row = "91320583MA1XA00241,ZL1,invention,CN,domestic,2022-01-01\n"
	gbRow, err := simplifiedchinese.GB18030.NewEncoder().String("91320583MA1XA00241,专利二,invention,CN,domestic,2022-01-01\n")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		write func(f *os.File) error
		want  string
	}{
		{"nul", func(f *os.File) error {
			_, err := f.WriteString(header + "91320583MA1XA00241,Z\x00L1,invention,CN,domestic,2022-01-01\n")
			return err
		}, "NUL byte (byte offset 61, line 2)"},
		{"mixed-encodings", func(f *os.File) error {
			// As a whole the file is valid GB18030: the UTF-8 row would decode
			// into garbled text (乱码) and change the patent number.
			_, err := f.WriteString(header + "91320583MA1XA00241,专利一,invention,CN,domestic,2022-01-01\n" + gbRow)
			return err
		}, "mixes UTF-8 and GB18030/GBK text (not UTF-8 from line 3 on)"},
		{"100MB-line", func(f *os.File) error {
			f.WriteString(header + "91320583MA1XA00241,")
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for i := 0; i < 100; i++ {
				if _, err := f.Write(chunk); err != nil {
					return err
				}
			}
			_, err := f.WriteString(",invention,CN,domestic,2022-01-01\n")
			return err
		}, "line 2 is longer than 4194304 bytes"},
		{"duplicate-header", func(f *os.File) error {
			_, err := f.WriteString("uscc,number,kind,office,route,grant_date,number\n" + row)
			return err
		}, "column number (专利号/注册号) appears twice (columns 2 and 7)"},
		{"million-columns", func(f *os.File) error {
			var b strings.Builder
			b.WriteString(strings.TrimSuffix(header, "\n"))
			for i := 0; i < 1_000_000; i++ {
				b.WriteString(",c")
			}
			_, err := f.WriteString(b.String() + "\n" + row)
			return err
		}, "row 1: the row has 1000006 cells, more than the limit of 16384"},
		{"20000-columns", func(f *os.File) error {
			_, err := f.WriteString(strings.TrimSuffix(header, "\n") + strings.Repeat(",", 20000) + "\n" + row)
			return err
		}, "row 1: the row has 20006 cells, more than the limit of 16384"},
		{"zip-as-csv", func(f *os.File) error {
			_, err := f.Write([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe\x00\x00"))
			return err
		}, "is not a text CSV"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "enterprises.csv"), []byte("uscc,name,district,entity_type\n91320583MA1XA00241,甲,昆山市,enterprise\n"), 0o644)
			f, err := os.Create(filepath.Join(dir, "grants.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.write(f); err != nil {
				t.Fatal(err)
			}
			f.Close()
			r := runBinary(t, bin, dir, "run", "--period", "2022-06", "--in", ".", "--out", "ledger.csv", "--lang", "en")
			if r.code != exitUsage || !strings.Contains(r.stderr, "grants.csv") || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %.300q; want exit 2 and %q", r.code, r.stderr, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "ledger.csv")); err == nil {
				t.Error("a ledger was written")
			}
			if r.maxRSS > 160<<20 {
				t.Errorf("peak memory %d MB, want under 160 MB", r.maxRSS>>20)
			}
			if r.wall > 20*time.Second {
				t.Errorf("took %v", r.wall)
			}
			t.Logf("%s: %d MB peak, %v", c.name, r.maxRSS>>20, r.wall.Round(time.Millisecond))
		})
	}
}

// writeSheet writes a one-sheet workbook whose worksheet XML is produced
// by body, stored uncompressed (so that the reader's size limits, not the
// zip-bomb ratio, must refuse it).
func writeSheet(t *testing.T, path string, body func(w *bufio.Writer)) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zw := zip.NewWriter(fh)
	for name, part := range minimalWorkbook {
		w, _ := zw.Create(name)
		w.Write([]byte(part))
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	body(bw)
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestHostileXLSX (spec §8, with the zip bomb and wrong-file cases of
// zipbomb_test.go): a row of a million cells and a 50 MB cell are each a
// usage error naming the file, with no ledger; XML nested a million deep
// (inside a cell, or around a row) is read in bounded memory and time and
// the batch reconciles. All stay under 200 MB.
func TestHostileXLSX(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes large workbooks")
	}
	bin := buildSubsidy(t)
	const head = `<worksheet><sheetData><row r="1">`
	header := func(w *bufio.Writer) {
		w.WriteString(head)
		for _, h := range []string{"uscc", "number", "kind", "office", "route", "grant_date"} {
			fmt.Fprintf(w, `<c t="inlineStr"><is><t>%s</t></is></c>`, h)
		}
	}
	// want is the usage error expected; "" marks a file the reader
	// tolerates (XML nesting has no meaning in a worksheet and costs the
	// streaming reader nothing): the run must then succeed and reconcile.
	cases := []struct {
		name string
		body func(w *bufio.Writer)
		want string
	}{
		{"million-columns", func(w *bufio.Writer) {
			header(w)
			for i := 0; i < 1_000_000; i++ {
				w.WriteString(`<c><v>1</v></c>`)
			}
			w.WriteString(`</row></sheetData></worksheet>`)
		}, "16384"},
		{"deep-nesting", func(w *bufio.Writer) {
			header(w)
			w.WriteString(`</row><row r="2"><c t="inlineStr"><is>`)
			for i := 0; i < 1_000_000; i++ {
				w.WriteString(`<r>`)
			}
			for i := 0; i < 1_000_000; i++ {
				w.WriteString(`</r>`)
			}
			w.WriteString(`</is></c></row></sheetData></worksheet>`)
		}, ""},
		{"deep-nesting-sheet", func(w *bufio.Writer) {
			header(w)
			w.WriteString(`</row>`)
			for i := 0; i < 1_000_000; i++ {
				w.WriteString(`<x>`)
			}
			w.WriteString(`<row r="2"><c t="inlineStr"><is><t>91320583MA1AAAAA0W</t></is></c></row>`)
			for i := 0; i < 1_000_000; i++ {
				w.WriteString(`</x>`)
			}
			w.WriteString(`</sheetData></worksheet>`)
		}, ""},
		{"50MB-cell", func(w *bufio.Writer) {
			header(w)
			w.WriteString(`</row><row r="2"><c t="inlineStr"><is><t>`)
			chunk := strings.Repeat("x", 1<<20)
			for i := 0; i < 50; i++ {
				w.WriteString(chunk)
			}
			w.WriteString(`</t></is></c></row></sheetData></worksheet>`)
		}, "longer than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "enterprises.csv"), []byte(bombEnterprises), 0o644)
			writeSheet(t, filepath.Join(dir, "grants.xlsx"), c.body)
			r := runBinary(t, bin, dir, "run", "--period", "2022-06", "--in", ".", "--out", "ledger.csv", "--lang", "en")
			if c.want == "" {
				if r.code != exitOK || !strings.Contains(r.stderr, "reconciliation balances") {
					t.Errorf("exit %d, stderr %.400q; want a run that reconciles", r.code, r.stderr)
				}
			} else {
				if r.code != exitUsage || !strings.Contains(r.stderr, "grants.xlsx") || !strings.Contains(r.stderr, c.want) {
					t.Errorf("exit %d, stderr %.400q; want exit 2 and %q", r.code, r.stderr, c.want)
				}
				if _, err := os.Stat(filepath.Join(dir, "ledger.csv")); err == nil {
					t.Error("a ledger was written")
				}
			}
			if r.maxRSS > 200<<20 {
				t.Errorf("peak memory %d MB, want under 200 MB", r.maxRSS>>20)
			}
			if r.wall > 30*time.Second {
				t.Errorf("took %v", r.wall)
			}
			t.Logf("%s: %d MB peak, %v: %s", c.name, r.maxRSS>>20, r.wall.Round(time.Millisecond), strings.TrimSpace(r.stderr))
		})
	}
}
