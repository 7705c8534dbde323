package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeyFormsPayNothingTwice (issue 11, finding 2): with the example
// month's ledger as --prior, the same rosters with one identifier written
// in another form — lower case, full-width, the ".0" Excel adds to a number
// stored as text, spaces and separators inside a patent number, a Madrid
// number with a leading zero, a byte-order mark pasted before a row, two
// exports pasted into one file — pay nothing: every identifier is compared
// in its canonical form (package ids), so every row is the prior line.
func TestKeyFormsPayNothingTwice(t *testing.T) {
	in := copyExample(t)
	out := t.TempDir()
	a := filepath.Join(out, "a.csv")
	mustRun(t, "--period", "2022-06", "--in", in, "--out", a)
	if n := ledgerLineCount(t, a); n != 22 {
		t.Fatalf("month A: %d lines, want the example's 22", n)
	}
	variants := []struct {
		name, file, from, to string
	}{
		{"case_id lower-cased", "litigation.csv", "C-XH-2021-07", "c-xh-2021-07"},
		{"case_id full-width", "litigation.csv", "C-XH-2021-07", fullWidthASCII("C-XH-2021-07")},
		{"invoice_no with a zero-width space", "litigation.csv", "INV-2022-0158", "INV-2022\u200b-0158"},
		{"contract_id as Excel's number text", "licensing.csv", "2022320500000118,", "2022320500000118.0,"},
		{"contract_id after a pasted byte-order mark", "licensing.csv", "\n2022320500000118,", "\n\ufeff2022320500000118,"},
		{"project_id lower-cased", "awards.csv", "PP-2022-01", "pp-2022-01"},
		{"ID number with a lower-case x", "awards.csv", "32050219800101123X", "32050219800101123x"},
		{"loan_id lower-cased", "financing.csv", "TC-ZY-2022-0056", "tc-zy-2022-0056"},
		{"policy_no full-width", "insurance.csv", "PA-SZ-2022-05566", fullWidthASCII("PA-SZ-2022-05566")},
		{"grant number lower-cased", "grants.csv", "US11456789B2", "us11456789b2"},
		{"grant number with spaces and separators", "grants.csv", "US11456789B2", `"US 11,456,789 B2"`},
		{"Madrid number with a leading zero", "grants.csv", "1701234,madrid_trademark,GB", "01701234,madrid_trademark,GB"},
		{"USCC full-width", "enterprises.csv", "91320583MA1XA00241", fullWidthASCII("91320583MA1XA00241")},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := copyExample(t)
			editFile(t, filepath.Join(dir, v.file), v.from, v.to)
			b := filepath.Join(t.TempDir(), "b.csv")
			mustRun(t, "--period", "2022-06", "--in", dir, "--prior", a, "--out", b)
			if n := ledgerLineCount(t, b); n != 0 {
				t.Errorf("month B with %s pays %d lines again:\n%s", v.name, n, readFile(t, b))
			}
		})
	}
	t.Run("two exports pasted into one file", func(t *testing.T) {
		dir := copyExample(t)
		p := filepath.Join(dir, "litigation.csv")
		body := readFile(t, p)
		if err := os.WriteFile(p, []byte(body+"\ufeff"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		b := filepath.Join(t.TempDir(), "b.csv")
		mustRun(t, "--period", "2022-06", "--in", dir, "--prior", a, "--out", b)
		if n := ledgerLineCount(t, b); n != 0 {
			t.Errorf("month B pays %d lines again:\n%s", n, readFile(t, b))
		}
	})
}

// editFile replaces the one occurrence of from in the file at path.
func editFile(t *testing.T, path, from, to string) {
	t.Helper()
	s := readFile(t, path)
	if strings.Count(s, from) == 0 {
		t.Fatalf("%s has no %q", path, from)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(s, from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ledgerLineCount is the number of lines of a CSV ledger (rows after the
// header; no note of the example spans two lines).
func ledgerLineCount(t *testing.T, path string) int {
	t.Helper()
	return strings.Count(strings.TrimSuffix(readFile(t, path), "\n"), "\n")
}

// fullWidthASCII writes the printable ASCII of s in its full-width forms
// (Ａ, １, －), as an input method in full-width mode types it.
func fullWidthASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r - '!' + '！'
		}
		return r
	}, s)
}
