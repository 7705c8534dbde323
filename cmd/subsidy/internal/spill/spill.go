// Package spill sorts records larger than memory should hold: an external
// merge sort over bounded chunks, each sorted in memory and written to a
// temporary file in a folder the caller owns, merged when read back.
package spill

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
)

// ChunkBytes is how many bytes of keys and values a Sorter holds before it
// sorts them and writes them to a file. A variable so that a test can
// lower it.
var ChunkBytes = 4 << 20

// Sorter orders byte records by a byte key (bytes.Compare; records with
// equal keys keep the order they were added in). It implements
// engine.RowSorter.
type Sorter struct {
	dir   string
	buf   []byte   // keys and values of the current chunk, back to back
	recs  [][3]int // key start, key end = value start, value end
	files []string // the written chunks, each sorted
	// writing is the chunk being sorted and written on a goroutine of its
	// own while the next one fills (nil when none is): one at a time, so
	// the chunks' order is the order they filled.
	writing chan written
	// spareBuf and spareRecs are the buffers of the last chunk written,
	// for the next to fill.
	spareBuf  []byte
	spareRecs [][3]int
}

// written is a chunk written to its file, with its buffers given back.
type written struct {
	name string
	buf  []byte
	recs [][3]int
	err  error
}

// New returns a sorter that writes its chunks to dir (a folder the caller
// owns and removes), or keeps every record in memory when dir is "".
func New(dir string) *Sorter { return &Sorter{dir: dir} }

// Add adds a record under key; both are copied.
func (s *Sorter) Add(key, val []byte) error {
	if s.dir != "" && s.buf == nil {
		// room for a whole chunk up front: grown by doubling, the buffer
		// would hold up to twice what it needs
		s.buf = make([]byte, 0, ChunkBytes+64<<10)
	}
	start := len(s.buf)
	s.buf = append(append(s.buf, key...), val...)
	s.recs = append(s.recs, [3]int{start, start + len(key), len(s.buf)})
	if s.dir != "" && len(s.buf) >= ChunkBytes {
		return s.spill()
	}
	return nil
}

// sortChunk sorts the records of one chunk by key.
func sortChunk(buf []byte, recs [][3]int) {
	// ties go by the place in buf, the order added: a stable sort
	// without the cost of one
	slices.SortFunc(recs, func(a, b [3]int) int {
		if c := bytes.Compare(buf[a[0]:a[1]], buf[b[0]:b[1]]); c != 0 {
			return c
		}
		return a[0] - b[0]
	})
}

// spill hands the current chunk to a goroutine that sorts it and writes
// it to a new file (see writeChunk), once the chunk before it is written;
// the next chunk fills the buffers that one gave back.
func (s *Sorter) spill() error {
	if err := s.wait(); err != nil {
		return err
	}
	buf, recs, dir := s.buf, s.recs, s.dir
	s.buf, s.recs, s.spareBuf, s.spareRecs = s.spareBuf, s.spareRecs, nil, nil
	done := make(chan written, 1)
	s.writing = done
	go func() {
		name, err := writeChunk(dir, buf, recs)
		done <- written{name: name, buf: buf[:0], recs: recs[:0], err: err}
	}()
	return nil
}

// wait waits for the chunk being written, if one is, and records its file.
func (s *Sorter) wait() error {
	if s.writing == nil {
		return nil
	}
	w := <-s.writing
	s.writing, s.spareBuf, s.spareRecs = nil, w.buf, w.recs
	if w.err != nil {
		return w.err
	}
	s.files = append(s.files, w.name)
	return nil
}

// writeChunk sorts a chunk and writes it to a new file in dir: each
// record as the uvarint length of its key, the key, the uvarint length of
// its value and the value.
func writeChunk(dir string, buf []byte, recs [][3]int) (string, error) {
	sortChunk(buf, recs)
	f, err := os.CreateTemp(dir, "chunk-*")
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	var lb [binary.MaxVarintLen64]byte
	for _, r := range recs {
		bw.Write(lb[:binary.PutUvarint(lb[:], uint64(r[1]-r[0]))])
		bw.Write(buf[r[0]:r[1]])
		bw.Write(lb[:binary.PutUvarint(lb[:], uint64(r[2]-r[1]))])
		bw.Write(buf[r[1]:r[2]])
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), err
}

// Each calls fn with every record in key order, once, after the last Add;
// key and val are valid during the call only. The chunk files are removed
// as they are read to the end.
func (s *Sorter) Each(fn func(key, val []byte) error) error {
	if err := s.wait(); err != nil {
		return err
	}
	if len(s.files) == 0 {
		sortChunk(s.buf, s.recs)
		for _, r := range s.recs {
			if err := fn(s.buf[r[0]:r[1]], s.buf[r[1]:r[2]]); err != nil {
				return err
			}
		}
		s.buf, s.recs = nil, nil
		return nil
	}
	if len(s.recs) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
		if err := s.wait(); err != nil {
			return err
		}
	}
	s.buf, s.recs, s.spareBuf, s.spareRecs = nil, nil, nil, nil
	return merge(s.files, fn)
}

// chunk is one chunk file during the merge, at its current record.
type chunk struct {
	r        *bufio.Reader
	f        *os.File
	n        int // its place among the chunks: ties go to the earlier
	key, val []byte
}

// next reads the chunk's next record; it returns false at the end.
func (c *chunk) next() (bool, error) {
	if _, err := c.r.Peek(1); err == io.EOF {
		return false, nil
	}
	var err error
	if c.key, err = c.field(c.key); err != nil {
		return false, err
	}
	c.val, err = c.field(c.val)
	return err == nil, err
}

// field reads one length-prefixed field into buf.
func (c *chunk) field(buf []byte) ([]byte, error) {
	n, err := binary.ReadUvarint(c.r)
	if err != nil {
		return nil, fmt.Errorf("spill chunk %s: %w", c.f.Name(), err)
	}
	buf = slices.Grow(buf[:0], int(n))[:n]
	if _, err := io.ReadFull(c.r, buf); err != nil {
		return nil, fmt.Errorf("spill chunk %s: %w", c.f.Name(), err)
	}
	return buf, nil
}

// chunkHeap orders the chunks by their current key, then their place.
type chunkHeap []*chunk

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (q chunkHeap) Len() int { return len(q) }
func (q chunkHeap) Less(i, j int) bool {
	if c := bytes.Compare(q[i].key, q[j].key); c != 0 {
		return c < 0
	}
	return q[i].n < q[j].n
}
func (q chunkHeap) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *chunkHeap) Push(x any)   { *q = append(*q, x.(*chunk)) }
func (q *chunkHeap) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// done closes a chunk read to its end and removes its file.
func (c *chunk) done() {
	c.f.Close()
	os.Remove(c.f.Name())
}

// merge calls fn with the records of the sorted chunk files in order.
func merge(files []string, fn func(key, val []byte) error) error {
	var q chunkHeap
	defer func() {
		for _, c := range q {
			c.done()
		}
	}()
	for i, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		c := &chunk{r: bufio.NewReaderSize(f, 64<<10), f: f, n: i}
		ok, err := c.next()
		if err != nil || !ok {
			c.done()
			if err != nil {
				return err
			}
			continue
		}
		q = append(q, c)
	}
	heap.Init(&q)
	for len(q) > 0 {
		c := q[0]
		if err := fn(c.key, c.val); err != nil {
			return err
		}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&q, 0)
		} else {
			heap.Pop(&q)
			c.done()
		}
	}
	return nil
}
