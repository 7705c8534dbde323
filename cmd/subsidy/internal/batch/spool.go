package batch

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"

	"subsidy/calc/ledger"
	"subsidy/cmd/subsidy/internal/output"
)

// lineEncoder writes ledger lines one at a time (output.CSVLedger,
// output.JSONLLedger).
type lineEncoder interface {
	Line(l *ledger.Line) error
	Close() error
}

// ledgerSpool is the line sink of `subsidy run`: it encodes each line as
// the engine finishes it into a file of the run's temporary folder, and
// feeds the manifest's line hash, so that the lines are never held
// together. Once the batch passes its controls, a CSV or JSON Lines spool
// becomes the ledger (output.Set.Adopt: the spool is in the work folder
// beside the ledger, and its SHA-256 is taken as it is written), or is
// copied to standard output; a workbook's spool
// holds the lines in the binary form of output.LineSpoolWriter, and the
// workbook is written from it (writeWorkbook). The encoding and the hash
// run on a goroutine of their own, beside the engine: Line copies the line
// into a chunk of lineChunk lines and hands full chunks over, in order, so
// the bytes are those of a spool written in line.
type ledgerSpool struct {
	f        *os.File
	bw       *bufio.Writer
	sum      *summer // the SHA-256 and size of a CSV or JSON Lines spool
	enc      lineEncoder
	hash     *output.LineHasher
	dir      string
	n        int
	workbook bool // the binary spool of a workbook
	// chunk fills with the engine's lines; work takes full chunks to the
	// writer, free brings them back emptied, done gives the writer's
	// first error once work is closed (finished says it was).
	chunk    []ledger.Line
	work     chan []ledger.Line
	free     chan []ledger.Line
	done     chan error
	finished bool
}

// lineChunk is the number of lines handed to the spool's writer at once.
const lineChunk = 1024

// newLedgerSpool starts a spool of the ledger in format "csv", "jsonl"
// (notes in lang, a BOM first when bom) or "xlsx" in the folder dir, which
// the caller owns and removes.
func newLedgerSpool(dir, format, lang string, bom bool) (*ledgerSpool, error) {
	f, err := os.CreateTemp(dir, "ledger-*")
	if err != nil {
		return nil, err
	}
	s := &ledgerSpool{f: f, hash: output.NewLineHasher(dir), dir: dir}
	if format == "xlsx" {
		s.bw = bufio.NewWriterSize(f, 256<<10)
	} else {
		s.sum = &summer{w: f, h: sha256.New()}
		s.bw = bufio.NewWriterSize(s.sum, 256<<10)
	}
	switch format {
	case "jsonl":
		s.enc = output.NewJSONLLedger(s.bw, lang)
	case "xlsx":
		s.enc, s.workbook = output.NewLineSpoolWriter(s.bw), true
	default:
		if s.enc, err = output.NewCSVLedger(s.bw, lang, bom); err != nil {
			f.Close()
			return nil, err
		}
	}
	s.startWriter()
	return s, nil
}

// startWriter starts the goroutine that encodes and hashes the chunks of
// lines, three chunks in turn.
func (s *ledgerSpool) startWriter() {
	s.work, s.free, s.done = make(chan []ledger.Line, 2), make(chan []ledger.Line, 3), make(chan error, 1)
	for range 3 {
		s.free <- make([]ledger.Line, 0, lineChunk)
	}
	go func() {
		var err error
		for c := range s.work {
			for i := range c {
				if err == nil {
					err = s.write(&c[i])
				}
			}
			clear(c)
			s.free <- c[:0]
		}
		s.done <- err
	}()
	s.chunk = <-s.free
}

// Line copies one line into the chunk being filled; a full chunk goes to
// the writer. A write error is returned by finish.
func (s *ledgerSpool) Line(l *ledger.Line) error {
	s.chunk = append(s.chunk, *l)
	s.n++
	if len(s.chunk) == lineChunk {
		s.work <- s.chunk
		s.chunk = <-s.free
	}
	return nil
}

// write encodes one line into the spool and adds it to the line hash.
func (s *ledgerSpool) write(l *ledger.Line) error {
	if err := s.enc.Line(l); err != nil {
		return err
	}
	return s.hash.Add(l)
}

// stopWriter hands the last chunk over, waits for the writer and returns
// its first error; it is a no-op after the first call.
func (s *ledgerSpool) stopWriter() error {
	if s.finished {
		return nil
	}
	s.finished = true
	if len(s.chunk) > 0 {
		s.work <- s.chunk
	}
	close(s.work)
	return <-s.done
}

// Len is the number of lines spooled (output.LineSource).
func (s *ledgerSpool) Len() int { return s.n }

// Each reads a workbook's finished spool back, calling fn with each line
// in order (output.LineSource).
func (s *ledgerSpool) Each(fn func(*ledger.Line) error) error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := output.NewLineSpoolReader(s.f)
	var l ledger.Line
	for {
		if err := r.Next(&l); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(&l); err != nil {
			return err
		}
	}
}

// writeWorkbook writes to w the workbook ledger of a workbook's finished
// spool, with the rejections of rejs and, from wb, the period,
// reconciliation, policy and language; the writer's temporary files go to
// the spool's folder.
func (s *ledgerSpool) writeWorkbook(w io.Writer, rejs *rejectionSpool, wb output.Workbook) error {
	wb.Lines, wb.Rejections, wb.TmpDir = s, rejs, s.dir
	return output.WriteLedgerXLSX(w, &wb)
}

// finish flushes the spool after the last line.
func (s *ledgerSpool) finish() error {
	if err := s.stopWriter(); err != nil {
		return err
	}
	if err := s.enc.Close(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// copyTo copies the finished ledger to w.
func (s *ledgerSpool) copyTo(w io.Writer) error { return copyFromStart(w, s.f) }

// adopt makes the finished CSV or JSON Lines spool the ledger at path in
// set (output.Set.Adopt), which then owns its file.
func (s *ledgerSpool) adopt(set *output.Set, path string) error {
	if err := set.Adopt(path, s.f, hex.EncodeToString(s.sum.h.Sum(nil)), s.sum.n); err != nil {
		return err
	}
	s.f = nil
	return nil
}

// summer passes what is written on to w and takes its SHA-256 and size.
type summer struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (s *summer) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	return n, err
}

// copyFromStart copies the spool file f, from its first byte, to w.
func copyFromStart(w io.Writer, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, f)
	return err
}

// linesHash is the hash of the lines spooled (output.LinesHash).
func (s *ledgerSpool) linesHash() (string, error) { return s.hash.Sum() }

// close closes the spool's file (its folder is removed by the caller).
func (s *ledgerSpool) close() {
	s.stopWriter()
	if s.f != nil {
		s.f.Close()
	}
}

// rejectionSpool is the rejection sink of `subsidy run` beside a ledger
// spool: the engine hands it the rejections in file order, and it writes
// the rejections file into the run's temporary folder, copied to its
// place once the batch passes its controls; for a workbook, also a binary
// spool (output.RejectionSpoolWriter) from which 拒绝 is written.
type rejectionSpool struct {
	f   *os.File
	bw  *bufio.Writer
	enc *output.RejectionsCSV
	// bin, binW and binEnc are the binary spool of a workbook run.
	bin    *os.File
	binW   *bufio.Writer
	binEnc *output.RejectionSpoolWriter
}

// newRejectionSpool starts a spool of the rejections file (messages in
// lang, with a BOM), and with workbook one of the rejections for 拒绝, in
// the folder dir, which the caller owns and removes.
func newRejectionSpool(dir, lang string, bom, workbook bool) (*rejectionSpool, error) {
	f, err := os.CreateTemp(dir, "rejections-*")
	if err != nil {
		return nil, err
	}
	s := &rejectionSpool{f: f, bw: bufio.NewWriterSize(f, 256<<10)}
	if s.enc, err = output.NewRejectionsCSV(s.bw, lang, bom); err != nil {
		f.Close()
		return nil, err
	}
	if workbook {
		if s.bin, err = os.CreateTemp(dir, "rejections-bin-*"); err != nil {
			f.Close()
			return nil, err
		}
		s.binW = bufio.NewWriterSize(s.bin, 256<<10)
		s.binEnc = output.NewRejectionSpoolWriter(s.binW)
	}
	return s, nil
}

// Rejection writes one rejection to the spool.
func (s *rejectionSpool) Rejection(r *ledger.Rejection) error {
	if s.binEnc != nil {
		if err := s.binEnc.Rejection(r); err != nil {
			return err
		}
	}
	return s.enc.Rejection(r)
}

// finish flushes the spool after the last rejection.
func (s *rejectionSpool) finish() error {
	if err := s.enc.Close(); err != nil {
		return err
	}
	if s.binW != nil {
		if err := s.binW.Flush(); err != nil {
			return err
		}
	}
	return s.bw.Flush()
}

// Len is the number of rejections in the binary spool
// (output.RejectionSource).
func (s *rejectionSpool) Len() int {
	if s.binEnc == nil {
		return 0
	}
	return s.binEnc.Count()
}

// Each reads the finished binary spool back, calling fn with each
// rejection in order (output.RejectionSource).
func (s *rejectionSpool) Each(fn func(*ledger.Rejection) error) error {
	if s.bin == nil {
		return nil
	}
	if _, err := s.bin.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := output.NewRejectionSpoolReader(s.bin)
	var rj ledger.Rejection
	for {
		if err := r.Next(&rj); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(&rj); err != nil {
			return err
		}
	}
}

// copyTo copies the finished rejections file to w.
func (s *rejectionSpool) copyTo(w io.Writer) error { return copyFromStart(w, s.f) }

// close closes the spool's files (its folder is removed by the caller).
func (s *rejectionSpool) close() {
	s.f.Close()
	if s.bin != nil {
		s.bin.Close()
	}
}
