package spill

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// TestSorterSpillsAndMerges: records added in any order come back in key
// order, equal keys in the order added, whether they stayed in memory or
// were spilled to many chunk files, which are gone once read.
func TestSorterSpillsAndMerges(t *testing.T) {
	defer func(n int) { ChunkBytes = n }(ChunkBytes)
	ChunkBytes = 256
	type rec struct {
		key string
		seq int
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var want []rec
	for i := 0; i < 2000; i++ {
		want = append(want, rec{key: fmt.Sprintf("k%03d", rng.IntN(300)), seq: i})
	}
	for _, dir := range []string{"", t.TempDir()} {
		s := New(dir)
		for _, r := range want {
			if err := s.Add([]byte(r.key), binary.AppendUvarint(nil, uint64(r.seq))); err != nil {
				t.Fatal(err)
			}
		}
		if dir != "" {
			if chunks, _ := os.ReadDir(dir); len(chunks) < 10 {
				t.Fatalf("%d chunk files: the test did not spill", len(chunks))
			}
		}
		var got []rec
		err := s.Each(func(key, val []byte) error {
			seq, _ := binary.Uvarint(val)
			got = append(got, rec{key: string(key), seq: int(seq)})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sorted := slices.Clone(want)
		slices.SortStableFunc(sorted, func(a, b rec) int { return bytes.Compare([]byte(a.key), []byte(b.key)) })
		if !slices.Equal(got, sorted) {
			t.Errorf("dir %q: records out of order", dir)
		}
		if dir != "" {
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("%d chunk files left after the merge", len(left))
			}
		}
	}
}

// TestSorterWriteError: a chunk is written on its own goroutine while the
// next fills; a chunk that cannot be written is an error of the Add that
// follows it, or of Each, never lost.
func TestSorterWriteError(t *testing.T) {
	defer func(n int) { ChunkBytes = n }(ChunkBytes)
	ChunkBytes = 64
	for _, adds := range []int{5, 500} {
		dir := t.TempDir()
		s := New(dir)
		os.Remove(dir)
		var err error
		for i := 0; i < adds && err == nil; i++ {
			err = s.Add([]byte(fmt.Sprintf("key%04d", i)), make([]byte, 40))
		}
		if err == nil {
			err = s.Each(func(key, val []byte) error { return nil })
		}
		if err == nil {
			t.Errorf("%d records into a folder that is gone: no error", adds)
		}
	}
}
