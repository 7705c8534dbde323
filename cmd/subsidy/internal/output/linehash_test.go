package output

import (
	"fmt"
	"os"
	"testing"

	"subsidy/calc/ledger"
	"subsidy/cmd/subsidy/internal/spill"
)

// TestLineHasherSpills: lines added in any order, spilled in sorted chunks
// to a folder and merged, hash as LinesHash hashes them in memory; the
// chunks are removed once merged.
func TestLineHasherSpills(t *testing.T) {
	defer func(n int) { spill.ChunkBytes = n }(spill.ChunkBytes)
	spill.ChunkBytes = 600 // a few lines a chunk
	var lines []ledger.Line
	for i := 0; i < 257; i++ {
		for _, l := range sampleLines() {
			l.LineID = fmt.Sprintf("%s-%03d", l.LineID, (i*7919)%257)
			lines = append(lines, l)
		}
	}
	want := LinesHash(lines)
	dir := t.TempDir()
	h := NewLineHasher(dir)
	for i := len(lines) - 1; i >= 0; i-- {
		if err := h.Add(&lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	if chunks, _ := os.ReadDir(dir); len(chunks) < 10 {
		t.Errorf("%d chunk files: the test did not spill", len(chunks))
	}
	got, err := h.Sum()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("spilled hash %s, in memory %s", got, want)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("%d chunk files left after the merge", len(left))
	}
}
