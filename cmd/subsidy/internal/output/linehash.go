package output

import (
	"bufio"
	"bytes"
	"container/heap"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"

	"subsidy/calc/ledger"
)

// hashChunk is how many bytes of canonical records a LineHasher holds
// before it sorts them and spills them to a file.
var hashChunk = 16 << 20 // a variable so that a test can lower it

// LineHasher computes LinesHash over lines given one at a time, in any
// order, without holding them: it keeps each line's canonical record (see
// LinesHash), and when its folder is set spills them in sorted chunks of
// bounded size to files there, merged when the sum is asked for. Line ids
// are unique within a ledger and U+001F sorts below every character of an
// id, so ordering the records by their bytes is ordering them by line_id.
type LineHasher struct {
	dir   string
	buf   []byte   // the records of the current chunk, back to back
	recs  [][2]int // start and end of each record in buf
	files []string // spilled chunks, each sorted
}

// NewLineHasher returns a hasher that spills to files in dir (a folder the
// caller owns and removes), or keeps every record in memory when dir is "".
func NewLineHasher(dir string) *LineHasher { return &LineHasher{dir: dir} }

// Add counts one line.
func (h *LineHasher) Add(l *ledger.Line) error {
	start := len(h.buf)
	h.buf = appendCanonical(h.buf, l)
	h.recs = append(h.recs, [2]int{start, len(h.buf)})
	if h.dir != "" && len(h.buf) >= hashChunk {
		return h.spill()
	}
	return nil
}

// appendCanonical appends the canonical record of a line: every column of
// ledger.Columns but note, separated by U+001F.
func appendCanonical(b []byte, l *ledger.Line) []byte {
	capLimit, capUsed := "", ""
	if l.HasCap {
		capLimit, capUsed = l.CapLimit.String(), l.CapUsedBefore.String()
	}
	for c, cell := range []string{l.LineID, l.Period, l.Program, l.ProgramName, l.Clause,
		l.PolicyVersion, l.Funder, l.RecipientID, l.RecipientName, l.District, l.EventDate.String(),
		l.Source, l.BasisCNY.String(), l.Rate.String(), l.Computed.String(), l.CapKey, capLimit,
		capUsed, l.Payable.String(), l.Status, l.FlagString()} {
		if c > 0 {
			b = append(b, 0x1f)
		}
		b = append(b, cell...)
	}
	return b
}

// sortChunk sorts the records of the current chunk.
func (h *LineHasher) sortChunk() {
	slices.SortFunc(h.recs, func(a, b [2]int) int {
		return bytes.Compare(h.buf[a[0]:a[1]], h.buf[b[0]:b[1]])
	})
}

// spill writes the current chunk, sorted, to a new file: each record
// preceded by its length as a uvarint.
func (h *LineHasher) spill() error {
	h.sortChunk()
	f, err := os.CreateTemp(h.dir, "linehash-*.chunk")
	if err != nil {
		return err
	}
	h.files = append(h.files, f.Name())
	bw := bufio.NewWriterSize(f, 64<<10)
	var lb [binary.MaxVarintLen64]byte
	for _, r := range h.recs {
		bw.Write(lb[:binary.PutUvarint(lb[:], uint64(r[1]-r[0]))])
		bw.Write(h.buf[r[0]:r[1]])
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	h.buf, h.recs = h.buf[:0], h.recs[:0]
	return err
}

// Sum returns the hash of the lines added (LinesHash's digest). It is
// asked for once, after the last Add.
func (h *LineHasher) Sum() (string, error) {
	sum := sha256.New()
	first := true
	put := func(rec []byte) {
		if !first {
			sum.Write([]byte{0x1e})
		}
		first = false
		sum.Write(rec)
	}
	if len(h.files) == 0 {
		h.sortChunk()
		for _, r := range h.recs {
			put(h.buf[r[0]:r[1]])
		}
		return hex.EncodeToString(sum.Sum(nil)), nil
	}
	if len(h.recs) > 0 {
		if err := h.spill(); err != nil {
			return "", err
		}
	}
	if err := mergeChunks(h.files, put); err != nil {
		return "", err
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

// chunkReader is one spilled chunk during the merge, at its current record.
type chunkReader struct {
	r   *bufio.Reader
	f   *os.File
	rec []byte
}

// next reads the chunk's next record; it returns false at the end.
func (c *chunkReader) next() (bool, error) {
	n, err := binary.ReadUvarint(c.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	c.rec = slices.Grow(c.rec[:0], int(n))[:n]
	if _, err := io.ReadFull(c.r, c.rec); err != nil {
		return false, fmt.Errorf("line hash chunk %s: %w", c.f.Name(), err)
	}
	return true, nil
}

// chunkHeap orders the chunks by their current record.
type chunkHeap []*chunkReader

func (q chunkHeap) Len() int           { return len(q) }
func (q chunkHeap) Less(i, j int) bool { return bytes.Compare(q[i].rec, q[j].rec) < 0 }
func (q chunkHeap) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *chunkHeap) Push(x any)        { *q = append(*q, x.(*chunkReader)) }
func (q *chunkHeap) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// mergeChunks calls put with every record of the sorted chunk files, in
// order.
func mergeChunks(files []string, put func(rec []byte)) error {
	var q chunkHeap
	defer func() {
		for _, c := range q {
			c.f.Close()
		}
	}()
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		c := &chunkReader{r: bufio.NewReaderSize(f, 64<<10), f: f}
		ok, err := c.next()
		if err != nil {
			f.Close()
			return err
		}
		if !ok {
			f.Close()
			continue
		}
		q = append(q, c)
	}
	heap.Init(&q)
	for len(q) > 0 {
		c := q[0]
		put(c.rec)
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&q, 0)
		} else {
			c.f.Close()
			heap.Pop(&q)
		}
	}
	return nil
}
