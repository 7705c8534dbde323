package input

import (
	"archive/zip"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"subsidy/cmd/subsidy/internal/fileio"
)

// writeArchive writes a zip of the minimal workbook parts plus n extra
// parts named name0, name1, … of size bytes each from fill.
func writeArchive(t *testing.T, name string, n, size int, fill func(rng *rand.Rand, b []byte)) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "w.xlsx")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zw := zip.NewWriter(fh)
	for k, v := range minimalParts([]byte(`<worksheet><sheetData/></worksheet>`)) {
		w, _ := zw.Create(k)
		w.Write(v)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, size)
	for i := range n {
		w, err := zw.Create(name + string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		fill(rng, b)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// runs fills b with runs of 'a' of random length, each ended by a random
// letter: text that compresses about a hundred to one, like no bomb.
func runs(rng *rand.Rand, b []byte) {
	for i := 0; i < len(b); {
		n := min(200+rng.IntN(58), len(b)-i)
		for j := range n {
			b[i+j] = 'a'
		}
		i += n
		if i < len(b) {
			b[i] = byte('b' + rng.IntN(25))
			i++
		}
	}
}

// TestCheckXLSXArchive: an ordinary workbook passes; a zip bomb spread
// over parts each under the per-part floor is refused by the ratio of the
// whole archive; parts held in memory beyond fileio.MaxXLSXHeld are refused,
// while worksheets above fileio.XLSXStreamedPart (streamed) do not count.
func TestCheckXLSXArchive(t *testing.T) {
	good := makeWorkbook(t, "g.xlsx", func(f *excelize.File) { fillRows(t, f, "Sheet1", grantsHead) })
	if err := fileio.CheckXLSXArchive(good); err != nil {
		t.Errorf("ordinary workbook: %v", err)
	}
	zeros := func(_ *rand.Rand, b []byte) { clear(b) }
	for _, tc := range []struct {
		name, part string
		n, size    int
		fill       func(*rand.Rand, []byte)
		want       string
	}{
		{"spread-bomb", "xl/media/pad", 6, 4 << 20, zeros, "zip bomb"},
		{"held", "xl/media/pad", 17, 4 << 20, runs, "more than the limit of 67108864"},
		{"streamed", "xl/worksheets/sheet9", 17, 5 << 20, runs, ""},
	} {
		p := writeArchive(t, tc.part, tc.n, tc.size, tc.fill)
		err := fileio.CheckXLSXArchive(p)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if e := asError(t, err); !strings.Contains(e.Error(), tc.want) || e.File != "w.xlsx" {
			t.Errorf("%s: got %v, want %q", tc.name, e, tc.want)
		}
	}
}
