package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/output"
	"subsidy/cmd/subsidy/internal/spill"
)

// TestStreamingLedgerEqualsInMemory: on every fixture, the ledger `subsidy
// run` writes as the engine finishes each line (CSV to a file, JSON Lines
// to a file, CSV to stdout, and the workbook, written from the binary
// spools of its lines and rejections) is byte for byte the ledger written
// from the lines collected in memory, as are the rejections the engine
// hands out one by one, and the manifest's line count and hash are those
// of the collected lines (issues 6 and 15 "Done when").
func TestStreamingLedgerEqualsInMemory(t *testing.T) {
	// Small chunks, so that every fixture's rows are sorted, deduplicated
	// and merged across many spill files, not within one.
	defer func(n int) { spill.ChunkBytes = n }(spill.ChunkBytes)
	spill.ChunkBytes = 512
	for _, cd := range singleBatchCases(t) {
		t.Run(filepath.Base(cd), func(t *testing.T) {
			fc, err := readCase(cd)
			if err != nil {
				t.Fatal(err)
			}
			_, wantRej, res, err := runCase(cd, fc, "zh")
			if err != nil {
				t.Fatal(err)
			}
			var wantCSV, wantJSONL, wantXLSX bytes.Buffer
			if err := output.WriteLedgerCSV(&wantCSV, res.Lines, "zh", true); err != nil {
				t.Fatal(err)
			}
			if err := writeJSONL(&wantJSONL, res.Lines, "zh"); err != nil {
				t.Fatal(err)
			}
			args := []string{"subsidy", "run", "--period", fc.Period, "--in", cd, "--quiet", "--lang", "zh"}
			policyFile := ""
			if _, err := os.Stat(filepath.Join(cd, "policy.yaml")); err == nil {
				policyFile = filepath.Join(cd, "policy.yaml")
				args = append(args, "--policy", policyFile)
			}
			pol, err := batch.LoadPolicy(policyFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := output.WriteLedgerXLSX(&wantXLSX, &output.Workbook{Period: fc.Period, Lines: memLines(res.Lines),
				Rejections: memRejections(res.Rejections), Recon: &res.Recon, Policy: pol, Lang: "zh"}); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(cd, "prior")); err == nil {
				args = append(args, "--prior", filepath.Join(cd, "prior"))
			}
			dir := t.TempDir()
			for name, want := range map[string][]byte{"ledger.csv": wantCSV.Bytes(), "ledger.jsonl": wantJSONL.Bytes(), "ledger.xlsx": wantXLSX.Bytes()} {
				out := filepath.Join(dir, name)
				if code := run(append(args, "--out", out, "--rejections", out+".rej.csv"), nil, io.Discard, io.Discard); code != exitOK {
					t.Fatalf("%s: exit %d", name, code)
				}
				got, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					if name == "ledger.xlsx" {
						t.Errorf("%s: the streamed workbook (%d bytes) differs from the in-memory one (%d bytes)", name, len(got), len(want))
					} else {
						t.Errorf("%s: the streamed ledger differs from the in-memory one:\n%s\nwant:\n%s", name, got, want)
					}
				}
				rej, err := os.ReadFile(out + ".rej.csv")
				if err != nil {
					t.Fatal(err)
				}
				if rej = bytes.TrimPrefix(rej, []byte("\ufeff")); !bytes.Equal(rej, wantRej) {
					t.Errorf("%s: the streamed rejections differ from the in-memory ones:\n%s\nwant:\n%s", name, rej, wantRej)
				}
				m, err := output.ReadManifest(output.ManifestPath(out))
				if err != nil {
					t.Fatal(err)
				}
				if m.LedgerLines != len(res.Lines) || m.LedgerLinesSHA256 != output.LinesHash(res.Lines) {
					t.Errorf("%s: manifest has %d lines hashed %s, the collected lines %d hashed %s", name,
						m.LedgerLines, m.LedgerLinesSHA256, len(res.Lines), output.LinesHash(res.Lines))
				}
			}
			var stdout bytes.Buffer
			if code := run(append(args, "--out", "-", "--rejections", filepath.Join(dir, "stdout.rej.csv")), nil, &stdout, io.Discard); code != exitOK {
				t.Fatalf("stdout: exit %d", code)
			}
			if want := bytes.TrimPrefix(wantCSV.Bytes(), []byte("\ufeff")); !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("stdout: the streamed ledger differs from the in-memory one:\n%s\nwant:\n%s", stdout.Bytes(), want)
			}
		})
	}
}
