package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostilePriorXLSX (issue 5, spec §8): a zip bomb posing as a prior
// ledger (a real workbook ledger plus a part of 512 MB of zeros, about
// half a megabyte compressed) is a usage error (exit 2) naming it, named
// with --prior and found in a --prior folder, and the run stays under
// 200 MiB: the roster reader's archive checks run before excelize, which
// read such a part whole (a 650 KB prior took 3.97 GB).
func TestHostilePriorXLSX(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 512 MB zip bomb")
	}
	dir := t.TempDir()
	in := filepath.Join("..", "..", "fixtures", "example-2022-06")
	ledgerPath := filepath.Join(dir, "ledger.xlsx")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"subsidy", "run", "--period", "2022-06", "--in", in, "--out", ledgerPath, "--quiet"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	priorDir := filepath.Join(dir, "prior")
	os.Mkdir(priorDir, 0o755)
	bomb := filepath.Join(priorDir, "ledger-2022-05.xlsx")
	writePriorBomb(t, ledgerPath, bomb, 512<<20)
	if st, _ := os.Stat(bomb); st.Size() > 2<<20 {
		t.Fatalf("the bomb is %d bytes compressed, not a bomb", st.Size())
	}
	for i, prior := range []string{bomb, priorDir} {
		out := filepath.Join(dir, "out"+string(rune('1'+i)), "out.csv")
		os.Mkdir(filepath.Dir(out), 0o755)
		code, stderr, rss := runChild(t, "run", "--period", "2022-06", "--in", in, "--prior", prior, "--out", out, "--lang", "en", "--quiet")
		if code != exitUsage || !strings.Contains(stderr, "ledger-2022-05.xlsx") || !strings.Contains(stderr, "zip bomb") {
			t.Errorf("--prior %s: exit %d, stderr:\n%s", filepath.Base(prior), code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Error("a ledger was written")
		}
		if rss >= 200<<20 {
			t.Errorf("--prior %s: peak memory %d MiB, budget 200 MiB", filepath.Base(prior), rss>>20)
		}
		t.Logf("--prior %s refused with peak RSS %d MiB", filepath.Base(prior), rss>>20)
	}
}

// writePriorBomb copies the workbook at src to dst with an extra part of
// size bytes of zeros.
func writePriorBomb(t *testing.T, src, dst string, size int) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	fh, err := os.Create(dst)
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
	w, err := zw.Create("xl/media/image1.bin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(w, zeroReader{}, int64(size)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// zeroReader reads zeros forever.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
