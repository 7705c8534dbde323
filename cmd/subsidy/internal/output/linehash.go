package output

import (
	"crypto/sha256"
	"encoding/hex"

	"subsidy/calc/ledger"
	"subsidy/cmd/subsidy/internal/spill"
)

// LineHasher computes LinesHash over lines given one at a time, in any
// order, without holding them: it sorts each line's canonical record (see
// LinesHash) with a spill.Sorter, which writes sorted chunks of bounded
// size to its folder. Line ids are unique within a ledger and U+001F sorts
// below every character of an id, so ordering the records by their bytes
// is ordering them by line_id.
type LineHasher struct {
	sorted *spill.Sorter
	rec    []byte
}

// NewLineHasher returns a hasher that spills to files in dir (a folder the
// caller owns and removes), or keeps every record in memory when dir is "".
func NewLineHasher(dir string) *LineHasher { return &LineHasher{sorted: spill.New(dir)} }

// Add counts one line.
func (h *LineHasher) Add(l *ledger.Line) error {
	h.rec = ledger.AppendCanonical(h.rec[:0], l)
	return h.sorted.Add(h.rec, nil)
}

// Sum returns the hash of the lines added (LinesHash's digest). It is
// asked for once, after the last Add.
func (h *LineHasher) Sum() (string, error) {
	sum := sha256.New()
	first := true
	err := h.sorted.Each(func(rec, _ []byte) error {
		if !first {
			sum.Write([]byte{0x1e})
		}
		first = false
		sum.Write(rec)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}
