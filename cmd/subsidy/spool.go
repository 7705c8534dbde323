package main

import (
	"bufio"
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

// ledgerSpool is the line sink of `subsidy run` for the CSV and JSON Lines
// ledgers: it encodes each line as the engine finishes it into a file of
// the run's temporary folder, and feeds the manifest's line hash, so that
// the lines are never held together. Once the batch passes its controls,
// the file is copied to the ledger's place in the output set.
type ledgerSpool struct {
	f    *os.File
	bw   *bufio.Writer
	enc  lineEncoder
	hash *output.LineHasher
}

// newLedgerSpool starts a spool of the ledger in format "csv" or "jsonl"
// (notes in lang, a BOM first when bom) in the folder dir, which the caller
// owns and removes.
func newLedgerSpool(dir, format, lang string, bom bool) (*ledgerSpool, error) {
	f, err := os.CreateTemp(dir, "ledger-*")
	if err != nil {
		return nil, err
	}
	s := &ledgerSpool{f: f, bw: bufio.NewWriterSize(f, 256<<10), hash: output.NewLineHasher(dir)}
	if format == "jsonl" {
		s.enc = output.NewJSONLLedger(s.bw, lang)
	} else if s.enc, err = output.NewCSVLedger(s.bw, lang, bom); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// Line writes one line to the spool and the line hash.
func (s *ledgerSpool) Line(l *ledger.Line) error {
	if err := s.enc.Line(l); err != nil {
		return err
	}
	return s.hash.Add(l)
}

// finish flushes the spool after the last line.
func (s *ledgerSpool) finish() error {
	if err := s.enc.Close(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// copyTo copies the finished ledger to w.
func (s *ledgerSpool) copyTo(w io.Writer) error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

// size is the spooled ledger's size in bytes (after finish).
func (s *ledgerSpool) size() int64 {
	st, err := s.f.Stat()
	if err != nil {
		return -1
	}
	return st.Size()
}

// linesHash is the hash of the lines spooled (output.LinesHash).
func (s *ledgerSpool) linesHash() (string, error) { return s.hash.Sum() }

// close closes the spool's file (its folder is removed by the caller).
func (s *ledgerSpool) close() { s.f.Close() }

// rejectionSpool is the rejection sink of `subsidy run` beside a ledger
// spool: the engine hands it the rejections in file order, and it writes
// the rejections file into the run's temporary folder, copied to its
// place once the batch passes its controls.
type rejectionSpool struct {
	f   *os.File
	bw  *bufio.Writer
	enc *output.RejectionsCSV
}

// newRejectionSpool starts a spool of the rejections file (messages in
// lang, with a BOM) in the folder dir, which the caller owns and removes.
func newRejectionSpool(dir, lang string) (*rejectionSpool, error) {
	f, err := os.CreateTemp(dir, "rejections-*")
	if err != nil {
		return nil, err
	}
	s := &rejectionSpool{f: f, bw: bufio.NewWriterSize(f, 256<<10)}
	if s.enc, err = output.NewRejectionsCSV(s.bw, lang, true); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// Rejection writes one rejection to the spool.
func (s *rejectionSpool) Rejection(r *ledger.Rejection) error { return s.enc.Rejection(r) }

// finish flushes the spool after the last rejection.
func (s *rejectionSpool) finish() error {
	if err := s.enc.Close(); err != nil {
		return err
	}
	return s.bw.Flush()
}

// copyTo copies the finished rejections file to w.
func (s *rejectionSpool) copyTo(w io.Writer) error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

// close closes the spool's file (its folder is removed by the caller).
func (s *rejectionSpool) close() { s.f.Close() }
