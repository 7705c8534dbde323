package output

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bombLedger writes to path a ledger workbook written by WriteLedgerXLSX
// with extra parts of n bytes of zeros each (a zip bomb posing as a prior
// ledger) and returns its compressed size.
func bombLedger(t *testing.T, path string, parts, n int) int64 {
	t.Helper()
	good := writeXLSX(t, sampleWorkbook(t, sampleLines()))
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zw := zip.NewWriter(fh)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	zeros := make([]byte, 1<<20)
	for i := range parts {
		w, err := zw.Create("xl/media/pad" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ".bin")
		if err != nil {
			t.Fatal(err)
		}
		for range n >> 20 {
			w.Write(zeros)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := fh.Stat()
	return st.Size()
}

// TestPriorXLSXZipBombRefused: a prior workbook that is a ledger plus a
// part decompressing a thousand to one, or many parts under the per-part
// floor adding up to the same, is refused before excelize opens it
// (excelize read such a part whole: a 650 KB workbook took 3.97 GB), both
// named explicitly and found in a folder.
func TestPriorXLSXZipBombRefused(t *testing.T) {
	for _, tc := range []struct {
		name     string
		parts, n int
	}{
		{"one-part", 1, 64 << 20},
		{"many-parts", 6, 4 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "ledger.xlsx")
			if size := bombLedger(t, path, tc.parts, tc.n); size > 1<<20 {
				t.Fatalf("the bomb is %d bytes", size)
			}
			for _, arg := range []string{path, dir} {
				_, _, err := ReadPrior([]string{arg})
				var e *Error
				if !errors.As(err, &e) || e.File != path || !strings.Contains(e.Text().En, "zip bomb") {
					t.Errorf("%s: got %v", arg, err)
				}
			}
		})
	}
}
