package output

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// sortedZip is the excelize.ZipWriter of the workbook ledger. excelize
// writes the parts of a workbook in an order that varies from run to run
// (the StreamWriter sheets come from a map), so sortedZip compresses each
// part into a temporary file (removed from its folder as soon as it is
// created, so that nothing is left even when the process is killed) as
// excelize hands it over and, on Close,
// writes the archive to the destination with the parts in name order and
// no modification times: the same workbook gives the same bytes (spec
// §1.5). Memory stays bounded by excelize's own buffers, not by the size of
// the workbook.
type sortedZip struct {
	dst     io.Writer
	tmp     *os.File
	entries []*zipEntry
	cur     *zipEntry
	fw      *flate.Writer
	err     error
	closed  bool
	// unlinked says the temporary file was removed right after creation.
	unlinked bool
}

// zipEntry is one compressed part in the temporary file.
type zipEntry struct {
	name       string
	offset     int64
	compressed int64
	size       int64
	crc        uint32
}

func newSortedZip(dst io.Writer) *sortedZip { return &sortedZip{dst: dst} }

// Create starts a new part; the previous one is finished.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.err != nil {
		return nil, z.err
	}
	if z.tmp == nil {
		if z.tmp, z.err = os.CreateTemp("", "subsidy-xlsx-*"); z.err != nil {
			return nil, z.err
		}
		// Unlinked at once: the open file keeps its data, and a run killed
		// (even by SIGKILL) leaves nothing behind. Where an open file
		// cannot be removed (Windows), discard removes it.
		if os.Remove(z.tmp.Name()) == nil {
			z.unlinked = true
		}
	}
	if err := z.finish(); err != nil {
		return nil, err
	}
	off, err := z.tmp.Seek(0, io.SeekEnd)
	if err != nil {
		z.err = err
		return nil, err
	}
	z.cur = &zipEntry{name: name, offset: off}
	cw := &countWriter{w: z.tmp, n: &z.cur.compressed}
	if z.fw == nil {
		z.fw, _ = flate.NewWriter(cw, flate.DefaultCompression)
	} else {
		z.fw.Reset(cw)
	}
	return &entryWriter{z: z, e: z.cur}, nil
}

// AddFS is not used by excelize when writing a workbook.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("sortedZip: AddFS is not supported")
}

// finish completes the current part.
func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	if err := z.fw.Close(); err != nil {
		z.err = err
		return err
	}
	z.entries = append(z.entries, z.cur)
	z.cur = nil
	return nil
}

// Close writes the archive to the destination, parts in name order.
func (z *sortedZip) Close() error {
	if z.closed {
		return z.err
	}
	z.closed = true
	defer z.discard()
	if z.err != nil {
		return z.err
	}
	if err := z.finish(); err != nil {
		return err
	}
	slices.SortFunc(z.entries, func(a, b *zipEntry) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(z.dst)
	for _, e := range z.entries {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: e.name, Method: zip.Deflate, CRC32: e.crc,
			CompressedSize64: uint64(e.compressed), UncompressedSize64: uint64(e.size),
		})
		if err != nil {
			z.err = err
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.tmp, e.offset, e.compressed)); err != nil {
			z.err = err
			return err
		}
	}
	z.err = zw.Close()
	return z.err
}

// discard removes the temporary file.
func (z *sortedZip) discard() {
	if z.tmp != nil {
		_ = z.tmp.Close()
		if !z.unlinked {
			_ = os.Remove(z.tmp.Name())
		}
		z.tmp = nil
	}
}

// entryWriter writes the content of one part, keeping its size and CRC.
type entryWriter struct {
	z *sortedZip
	e *zipEntry
}

func (w *entryWriter) Write(p []byte) (int, error) {
	if w.z.cur != w.e {
		return 0, errors.New("sortedZip: write to a finished part")
	}
	n, err := w.z.fw.Write(p)
	w.e.size += int64(n)
	w.e.crc = crc32.Update(w.e.crc, crc32.IEEETable, p[:n])
	return n, err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}
