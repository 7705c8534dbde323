package fileio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"

	"subsidy/calc/msg"
)

// Limits of a workbook's zip archive (spec §8), for every reader of XLSX
// files (rosters, prior ledgers): a workbook beyond them is a usage error
// before anything large is decompressed, so a zip bomb or a damaged file
// is refused in bounded memory.
const (
	// MaxXLSXParts is the most parts (zip entries) a workbook may have.
	MaxXLSXParts = 10000
	// MaxXLSXRatio is the largest decompression ratio accepted for a part
	// of more than bombFloor bytes: spreadsheet XML compresses about 5-30
	// times, a zip bomb about a thousand times.
	MaxXLSXRatio = 200
	// XLSXStreamedPart is the decompressed size above which a worksheet or
	// the shared strings are streamed rather than held in memory by a
	// reader that loads workbooks whole (the prior-ledger reader sets
	// excelize's UnzipXMLSizeLimit to it).
	XLSXStreamedPart = 4 << 20
	// MaxXLSXHeld is the most decompressed bytes of the parts such a
	// reader holds in memory: every part but the streamed ones.
	MaxXLSXHeld = 64 << 20
)

// maxAnyPart is the largest part of a workbook CheckXLSXArchive accepts:
// a full worksheet of a wide ledger (Excel's 1,048,576 rows).
const maxAnyPart = 2 << 30

// bombFloor is the decompressed size below which the ratio is not checked.
const bombFloor = 8 << 20

// MaxMarkupRun bounds the bytes between two tags of a worksheet or shared
// strings part (see xmlRuns): one tag or one piece of cell text, escapes,
// comments and CDATA sections included.
const MaxMarkupRun = 1 << 20

// XLSXError builds a usage error about a damaged or unsuitable workbook.
func XLSXError(name string, zh, en string, args ...any) *Error {
	return Errorf(name, msg.F(zh, en, args...))
}

// CheckXLSXArchive checks the zip archive of the XLSX workbook at path,
// as the roster reader does before it reads a part, for a reader that
// loads workbooks whole (excelize, reading prior ledgers) to call before it
// opens one: the file is a zip archive of at most MaxXLSXParts parts; no
// part is larger than 2 GiB decompressed or decompresses like a zip bomb,
// nor does the archive as a whole; and the parts held in memory
// (all but worksheets and shared strings larger than XLSXStreamedPart)
// add up to at most MaxXLSXHeld bytes. Nothing is decompressed. Every
// error is an *Error naming the file by its base name.
func CheckXLSXArchive(path string) error {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return Errorf(name, msg.F("无法打开文件：%v", "cannot open the file: %v", UnwrapPath(err)))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ReadError(name, err)
	}
	if st.IsDir() {
		return Errorf(name, msg.T("这是一个文件夹，不是文件", "this is a folder, not a file"))
	}
	_, err = OpenArchive(name, f, st.Size())
	return err
}

// OpenArchive reads the zip directory of a workbook after the checks of
// CheckXLSXArchive.
func OpenArchive(name string, f *os.File, size int64) (*zip.Reader, error) {
	if err := sniffZip(name, f, size); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, XLSXError(name, "XLSX 文件已损坏（%v）；请在 Excel 中重新保存", "the XLSX file is damaged (%v); save it again from Excel", err)
	}
	var total, compressed, held uint64
	for _, zf := range zr.File {
		if err := CheckPart(name, zf, maxAnyPart); err != nil {
			return nil, err
		}
		total += zf.UncompressedSize64
		compressed += zf.CompressedSize64
		n := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		streamed := strings.HasPrefix(n, "xl/worksheets/sheet") || n == "xl/sharedstrings.xml"
		if !streamed || zf.UncompressedSize64 <= XLSXStreamedPart {
			held += zf.UncompressedSize64
		}
	}
	if total > bombFloor && (compressed == 0 || total/compressed > MaxXLSXRatio) {
		return nil, XLSXError(name, "XLSX 文件的压缩比异常（%d 字节压缩成 %d 字节），像是“zip 炸弹”；拒绝读取",
			"the XLSX file decompresses from %[2]d to %[1]d bytes, a ratio no spreadsheet has (a zip bomb); refusing to read it",
			total, compressed)
	}
	if held > MaxXLSXHeld {
		return nil, XLSXError(name, "XLSX 文件中除大工作表外的部件解压后共 %d 字节，超过上限 %d 字节；请只保留名册或明细所在的工作表，另存后再试",
			"the XLSX file's parts other than large worksheets are %d bytes decompressed, more than the limit of %d; keep only the roster or ledger sheets, save it again and retry",
			held, MaxXLSXHeld)
	}
	return zr, nil
}

// sniffZip recognises files that are not XLSX workbooks by their first
// bytes, and checks the zip directory's entry count before it is read.
func sniffZip(name string, f *os.File, size int64) error {
	head := make([]byte, 8)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	switch {
	case n == 0:
		return Errorf(name, msg.T("文件为空", "the file is empty"))
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return Errorf(name, msg.T(
			"这是旧版 .xls 文件或加密（设有密码）的工作簿；请在 Excel 中另存为不带密码的 .xlsx",
			"this is an old .xls file or an encrypted (password-protected) workbook; save it from Excel as .xlsx without a password"))
	default:
		return Errorf(name, msg.T(
			"这不是 XLSX 工作簿（不是 zip 压缩包）；若是 CSV 文件，请把扩展名改为 .csv",
			"this is not an XLSX workbook (not a zip archive); if it is a CSV file, name it .csv"))
	}
	count, ok := zipEntryCount(f, size)
	if !ok {
		return XLSXError(name, "XLSX 文件已损坏（找不到 zip 目录）；请在 Excel 中重新保存", "the XLSX file is damaged (no zip directory); save it again from Excel")
	}
	if count > MaxXLSXParts {
		return XLSXError(name, "XLSX 文件包含 %d 个部件，超过上限 %d；这不是正常的名册工作簿", "the XLSX file has %d parts, more than the limit of %d; this is not an ordinary roster workbook", count, MaxXLSXParts)
	}
	return nil
}

// zipEntryCount reads the entry count of a zip's end of central directory
// (the zip64 one when present).
func zipEntryCount(f *os.File, size int64) (uint64, bool) {
	const eocdLen, maxComment = 22, 65535
	tail := int64(eocdLen + maxComment)
	if tail > size {
		tail = size
	}
	buf := make([]byte, tail)
	if _, err := f.ReadAt(buf, size-tail); err != nil {
		return 0, false
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if i < 0 || len(buf)-i < eocdLen {
		return 0, false
	}
	count := uint64(binary.LittleEndian.Uint16(buf[i+10:]))
	if count != 0xFFFF {
		return count, true
	}
	// zip64: the locator precedes the end record and points at the zip64 end record.
	loc := size - tail + int64(i) - 20
	lb := make([]byte, 20)
	if loc < 0 {
		return 0, false
	}
	if _, err := f.ReadAt(lb, loc); err != nil || !bytes.HasPrefix(lb, []byte("PK\x06\x07")) {
		return 0, false
	}
	off := int64(binary.LittleEndian.Uint64(lb[8:]))
	rb := make([]byte, 56)
	if off < 0 || off > size-56 {
		return 0, false
	}
	if _, err := f.ReadAt(rb, off); err != nil || !bytes.HasPrefix(rb, []byte("PK\x06\x06")) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rb[32:]), true
}

// CheckPart refuses a part larger than limit once decompressed, or one that
// decompresses like a zip bomb. archive/zip refuses to decompress more
// than the declared size, so the check bounds what is read.
func CheckPart(name string, zf *zip.File, limit uint64) error {
	size := zf.UncompressedSize64
	if size > limit {
		return XLSXError(name, "XLSX 部件 %s 解压后有 %d 字节，超过上限 %d 字节；文件过大或不是正常的工作簿",
			"the XLSX part %s is %d bytes decompressed, more than the limit of %d; the file is too large or not an ordinary workbook",
			zf.Name, size, limit)
	}
	if size > bombFloor && (zf.CompressedSize64 == 0 || size/zf.CompressedSize64 > MaxXLSXRatio) {
		return XLSXError(name, "XLSX 部件 %s 的压缩比异常（%d 字节压缩成 %d 字节），像是“zip 炸弹”；拒绝读取",
			"the XLSX part %s decompresses from %[3]d to %[2]d bytes, a ratio no spreadsheet has (a zip bomb); refusing to read it",
			zf.Name, size, zf.CompressedSize64)
	}
	return nil
}

// XMLGuard guards an XML part: no run between two tags (a cell's text, a
// tag, comments and CDATA sections included) may exceed MaxMarkupRun.
func XMLGuard(r io.Reader) io.Reader {
	return &guard{r: r, max: MaxMarkupRun, split: &xmlRuns{}}
}
