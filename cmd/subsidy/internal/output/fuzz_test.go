package output

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadPrior feeds arbitrary bytes to ReadPrior as a CSV ledger, as a
// JSON Lines ledger and in a folder: it must not panic, and every error
// must be an *Error.
func FuzzReadPrior(f *testing.F) {
	var c, j bytes.Buffer
	if err := WriteLedgerCSV(&c, sampleLines(), "zh", true); err != nil {
		f.Fatal(err)
	}
	if err := WriteLedgerJSONL(&j, sampleLines(), "en"); err != nil {
		f.Fatal(err)
	}
	f.Add(c.Bytes())
	f.Add(j.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"ledger.csv", "ledger.jsonl"} {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, paths := range [][]string{
			{filepath.Join(dir, "ledger.csv")},
			{filepath.Join(dir, "ledger.jsonl")},
			{dir},
		} {
			files, _, err := ReadPrior(paths)
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("%v: error %v (%T) is not an *Error", paths, err, err)
			}
			for _, pf := range files {
				for _, l := range pf.Lines {
					if l.LineID == "" {
						t.Fatalf("%v: a line without line_id", paths)
					}
				}
			}
		}
	})
}

// FuzzReadPriorXLSX feeds mutations of a workbook ledger written by
// WriteLedgerXLSX (two lines) to ReadPrior, named and in a folder: it must
// not panic, every error must be an *Error, and every line read has a
// line_id. The archive checks keep each run bounded.
func FuzzReadPriorXLSX(f *testing.F) {
	f.Add(writeXLSX(f, sampleWorkbook(f, sampleLines()[:2])))
	dir := f.TempDir()
	p := filepath.Join(dir, "ledger.xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, paths := range [][]string{{p}, {dir}} {
			files, _, err := ReadPrior(paths)
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("%v: error %v (%T) is not an *Error", paths, err, err)
			}
			for _, pf := range files {
				for _, l := range pf.Lines {
					if l.LineID == "" {
						t.Fatalf("%v: a line without line_id", paths)
					}
				}
			}
		}
	})
}
