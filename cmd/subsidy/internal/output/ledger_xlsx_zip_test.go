package output

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// A workbook whose 明细 part spans many compression blocks reads back
// whole, and its bytes do not depend on the number of cores.
func TestWorkbookBlocksDeterministic(t *testing.T) {
	lines := benchLines(6000)
	for i := range lines {
		lines[i].LineID = fmt.Sprintf("%s-%d", lines[i].LineID, i)
	}
	wb := sampleWorkbook(t, lines)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var books [][]byte
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		books = append(books, writeXLSX(t, wb))
	}
	if !bytes.Equal(books[0], books[1]) {
		t.Fatal("the workbook differs with 1 and 4 cores")
	}
	zr, err := zip.NewReader(bytes.NewReader(books[0]), int64(len(books[0])))
	if err != nil {
		t.Fatal(err)
	}
	big := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc) // checks the CRC and the size
		rc.Close()
		if err != nil || n != int64(zf.UncompressedSize64) {
			t.Fatalf("%s: %d bytes, %v", zf.Name, n, err)
		}
		big = big || n > 3*zipBlock
	}
	if !big {
		t.Fatal("no part spans several blocks")
	}
	rows, err := openXLSX(t, books[0]).GetRows(SheetLines)
	if err != nil || len(rows) != len(lines)+3 {
		t.Fatalf("明细 has %d rows (%v), want %d", len(rows), err, len(lines)+3)
	}
}

// A part no larger than one block is compressed as by one compressor.
func TestSmallPartOneCompressor(t *testing.T) {
	data := bytes.Repeat([]byte("<row r=\"1\"><c>明细</c></row>"), 1000)
	var zbuf bytes.Buffer
	z := newSortedZip(&zbuf, t.TempDir())
	w, err := z.Create("part.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data[:100])
	w.Write(data[100:])
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	fw, _ := flate.NewWriter(&want, flate.DefaultCompression)
	fw.Write(data)
	fw.Close()
	if !bytes.Contains(zbuf.Bytes(), want.Bytes()) {
		t.Error("a one-block part is not the single compressor's stream")
	}
}
