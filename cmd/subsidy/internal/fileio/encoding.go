package fileio

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"subsidy/calc/msg"
)

// Text encodings a CSV roster may come in (spec §3).
type textEncoding int

const (
	encUTF8    textEncoding = iota // UTF-8, with or without a BOM
	encGB18030                     // GB18030, which includes GBK and GB2312
)

// chunkSize is the read size of the detection pass; memory stays bounded by
// it whatever the file size.
var chunkSize = 256 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// gbReplacement is U+FFFD encoded in GB18030: the only input for which the
// decoder's replacement character is not a decoding failure.
var gbReplacement = []byte{0x84, 0x31, 0xA4, 0x37}

// detectEncoding decides how the size bytes of ra are encoded. It reads the
// file once, streaming, to validate it as UTF-8; only if that fails does it
// read it a second time to validate it as GB18030. A NUL byte, a UTF-16 BOM,
// or bytes invalid in both encodings are an *Error naming the file, the
// byte offset and the line.
func detectEncoding(name string, ra io.ReaderAt, size int64) (textEncoding, error) {
	head := make([]byte, 2)
	if n, _ := ra.ReadAt(head, 0); n == 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return 0, Errorf(name, msg.T(
			"文件是 UTF-16（Unicode）编码，无法读取；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
			"the file is encoded as UTF-16 (Unicode text), which is not supported; save it from Excel as \"CSV UTF-8 (Comma delimited)\""))
	}
	u8bad, nul, err := scanUTF8(io.NewSectionReader(ra, 0, size))
	if err != nil {
		return 0, ReadError(name, err)
	}
	if nul {
		return 0, nulError(name, ra, u8bad)
	}
	if u8bad < 0 {
		return encUTF8, nil
	}
	gbBad, nul, err := scanGB18030(io.NewSectionReader(ra, 0, size))
	if err != nil {
		return 0, ReadError(name, err)
	}
	if nul {
		return 0, nulError(name, ra, gbBad)
	}
	if gbBad < 0 {
		if mixedUTF8(ra, u8bad) {
			return 0, mixedError(name, ra, u8bad)
		}
		return encGB18030, nil
	}
	// Report the position in the encoding that got further: a UTF-8 file
	// with one damaged byte is best told where that byte is.
	at := max(u8bad, gbBad)
	return 0, Errorf(name, msg.F(
		"文件既不是有效的 UTF-8，也不是有效的 GB18030/GBK 编码（第 %[1]d 字节处，第 %[2]d 行无法解码）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
		"the file is neither valid UTF-8 nor valid GB18030/GBK (undecodable bytes at byte offset %[1]d, line %[2]d); save it from Excel as \"CSV UTF-8 (Comma delimited)\"",
		at, lineAt(ra, at)))
}

func nulError(name string, ra io.ReaderAt, at int64) *Error {
	return Errorf(name, msg.F(
		"文件含有空字节（NUL，第 %[1]d 字节处，第 %[2]d 行），不是文本 CSV；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
		"the file contains a NUL byte (byte offset %[1]d, line %[2]d) and is not a text CSV; save it from Excel as \"CSV UTF-8 (Comma delimited)\"",
		at, lineAt(ra, at)))
}

// ReadError is the error of a file that could not be read to its end.
func ReadError(name string, err error) *Error {
	return Errorf(name, msg.F("读取失败：%v", "cannot read: %v", err))
}

// lineAt returns the 1-based line of byte offset off: one more than the
// line feeds before it.
func lineAt(ra io.ReaderAt, off int64) int {
	r := io.NewSectionReader(ra, 0, off)
	buf := make([]byte, chunkFor(off))
	line := 1
	for {
		n, err := r.Read(buf)
		line += bytes.Count(buf[:n], []byte{'\n'})
		if err != nil {
			return line
		}
	}
}

// chunkFor returns the read size for an input of size bytes: chunkSize,
// or less for a small input.
func chunkFor(size int64) int {
	if size < int64(chunkSize) {
		return int(max(size, 1))
	}
	return chunkSize
}

// fill reads the next chunk into buf[carry:] and reports whether the input
// is exhausted.
func fill(r io.Reader, buf []byte, carry, chunk int) (n int, atEOF bool, err error) {
	n, err = io.ReadFull(r, buf[carry:carry+chunk])
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return n, true, nil
	}
	return n, false, err
}

// scanUTF8 returns the offset of the first byte that is not valid UTF-8 or
// is NUL (nul tells which), or -1 when the whole input is valid.
func scanUTF8(r *io.SectionReader) (bad int64, nul bool, err error) {
	chunk := chunkFor(r.Size())
	buf := make([]byte, chunk+utf8.UTFMax)
	var off int64 // offset of buf[0]
	carry := 0
	for {
		n, atEOF, err := fill(r, buf, carry, chunk)
		if err != nil {
			return -1, false, err
		}
		data := buf[:carry+n]
		cut := len(data)
		if !atEOF {
			cut = completeUTF8(data)
		}
		nulAt := bytes.IndexByte(data[:cut], 0)
		if !utf8.Valid(data[:cut]) {
			if i := firstInvalidUTF8(data[:cut]); nulAt < 0 || i < nulAt {
				return off + int64(i), false, nil
			}
		}
		if nulAt >= 0 {
			return off + int64(nulAt), true, nil
		}
		if atEOF {
			return -1, false, nil
		}
		carry = copy(buf, data[cut:])
		off += int64(cut)
	}
}

// completeUTF8 returns the length of the prefix of b that does not end in
// the middle of a multi-byte sequence.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		c := b[i]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if c >= 0xC0 { // a leading byte
			need := 2
			switch {
			case c >= 0xF0:
				need = 4
			case c >= 0xE0:
				need = 3
			}
			if i+need > len(b) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

// firstInvalidUTF8 returns the offset of the first invalid byte of b, or
// len(b).
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// scanGB18030 returns the offset of the first byte sequence that is not
// valid GB18030 or is NUL (nul tells which), or -1 when the whole input is
// valid. It runs the x/text decoder over the input, so that it accepts
// exactly what the decoding pass will decode, and looks for the replacement
// character the decoder writes for an invalid sequence.
func scanGB18030(r *io.SectionReader) (bad int64, nul bool, err error) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	chunk := chunkFor(r.Size())
	buf := make([]byte, chunk+4)
	dst := make([]byte, 3*len(buf)+utf8.UTFMax) // a byte decodes to at most 3
	var off int64
	carry := 0
	for {
		n, atEOF, err := fill(r, buf, carry, chunk)
		if err != nil {
			return -1, false, err
		}
		data := buf[:carry+n]
		nDst, nSrc, terr := dec.Transform(dst, data, atEOF)
		if terr != nil && !errors.Is(terr, transform.ErrShortSrc) {
			return -1, false, terr
		}
		nulAt := bytes.IndexByte(data[:nSrc], 0)
		if bytes.Contains(dst[:nDst], []byte("\uFFFD")) {
			if i := firstInvalidGB18030(data[:nSrc]); i >= 0 && (nulAt < 0 || i < nulAt) {
				return off + int64(i), false, nil
			}
		}
		if nulAt >= 0 {
			return off + int64(nulAt), true, nil
		}
		if atEOF {
			return -1, false, nil
		}
		carry = copy(buf, data[nSrc:])
		off += int64(nSrc)
	}
}

// firstInvalidGB18030 walks b sequence by sequence, with the sequence
// lengths the x/text decoder uses, and returns the offset of the first one
// that does not decode, or -1. It is only called on a chunk that decoded to
// a replacement character, so its per-sequence cost does not matter.
func firstInvalidGB18030(b []byte) int {
	dec := simplifiedchinese.GB18030.NewDecoder()
	for i := 0; i < len(b); {
		c0 := b[i]
		if c0 <= 0x80 {
			i++
			continue
		}
		if c0 == 0xFF || i+1 >= len(b) {
			return i
		}
		size := 0
		switch c1 := b[i+1]; {
		case 0x40 <= c1 && c1 < 0x7F, 0x80 <= c1 && c1 < 0xFF:
			size = 2
		case 0x30 <= c1 && c1 < 0x3A:
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] == 0xFF || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return i
			}
			size = 4
		default:
			return i
		}
		seq := b[i : i+size]
		out, err := dec.Bytes(seq)
		if err != nil || (bytes.Contains(out, []byte("\uFFFD")) && !bytes.Equal(seq, gbReplacement)) {
			return i
		}
		i += size
	}
	return -1
}

// decodedReader returns the text of r as UTF-8 without a leading byte-order
// mark, its lines ended by line feeds: a file whose lines end in a carriage
// return alone (as classic Mac OS and some exports write them) is read
// with each CR as a line end (see crOnly).
func decodedReader(r io.Reader, enc textEncoding) io.Reader {
	if enc == encGB18030 {
		r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	if head, _ := br.Peek(64 << 10); crOnly(head) {
		return crReader{br}
	}
	return br
}

// crOnly reports whether the start of a text ends its lines with a
// carriage return alone: it has a CR and no line feed.
func crOnly(head []byte) bool {
	return bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0
}

// crReader reads a text whose lines end in CR as one whose lines end in LF.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
