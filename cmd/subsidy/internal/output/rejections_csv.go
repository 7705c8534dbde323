package output

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/gocarina/gocsv"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
)

// csvRejection is one rejection as CSV text cells; its csv tags are
// ledger.RejectionColumns.
type csvRejection struct {
	File    string `csv:"file"`
	Row     string `csv:"row"`
	Column  string `csv:"column"`
	Value   string `csv:"value"`
	Code    string `csv:"code"`
	Class   string `csv:"class"`
	Message string `csv:"message"`
}

// csvChunk is how many rows are handed to gocsv at a time, keeping the
// text copy of a large rejections file bounded.
const csvChunk = 1024

// WriteRejectionsCSV writes the rejections file of spec §5: a UTF-8 BOM
// first when bom, the header ledger.RejectionColumns, one row per listed
// row with the message in lang. The row is blank when a rejection has no
// row (0). The column is named in lang (RejectionColumn), the value as the
// clerk typed it (ledger.Rejection.Shown). Text cells are neutralised
// like the ledger's (see Neutralise), their control characters shown as
// escapes (msg.Visible). It is RejectionsCSV over a slice.
func WriteRejectionsCSV(w io.Writer, rejs []ledger.Rejection, lang string, bom bool) error {
	rc, err := NewRejectionsCSV(w, lang, bom)
	if err != nil {
		return err
	}
	for i := range rejs {
		if err := rc.Rejection(&rejs[i]); err != nil {
			return err
		}
	}
	return rc.Close()
}

// RejectionsCSV writes the rejections file of WriteRejectionsCSV one
// rejection at a time, encoded by gocsv in chunks of csvChunk rows, so the
// text copy of a large file stays bounded.
type RejectionsCSV struct {
	cw      *gocsv.SafeCSVWriter
	buf     []csvRejection
	lang    string
	started bool // the header is written
}

// NewRejectionsCSV starts a rejections file on w (the BOM when bom).
func NewRejectionsCSV(w io.Writer, lang string, bom bool) (*RejectionsCSV, error) {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
	}
	return &RejectionsCSV{cw: gocsv.NewSafeCSVWriter(csv.NewWriter(w)), lang: lang}, nil
}

// RejectionColumn is the column of a rejection as a clerk reads it: in
// Chinese its header name with the English key in brackets, "类型(kind)",
// as the CSV templates write headers; in English the key.
func RejectionColumn(r *ledger.Rejection, lang string) string {
	if lang == "en" || r.ColumnZh == "" {
		return r.Column
	}
	return r.ColumnZh + "(" + r.Column + ")"
}

// Rejection writes one rejection.
func (rc *RejectionsCSV) Rejection(r *ledger.Rejection) error {
	// control characters from a roster are shown as escapes (msg.Visible):
	// a rejections file printed to a terminal must not drive it
	c := csvRejection{
		File:    Neutralise(msg.Visible(r.File)),
		Column:  Neutralise(msg.Visible(RejectionColumn(r, rc.lang))),
		Value:   Neutralise(msg.Visible(r.Shown())),
		Code:    Neutralise(r.Code),
		Class:   Neutralise(r.Class),
		Message: Neutralise(msg.Visible(r.Message.In(rc.lang))),
	}
	if r.Row > 0 {
		c.Row = strconv.Itoa(r.Row)
	}
	rc.buf = append(rc.buf, c)
	if len(rc.buf) == csvChunk {
		return rc.flush()
	}
	return nil
}

// flush hands the rows buffered to gocsv, with the header the first time.
func (rc *RejectionsCSV) flush() error {
	var err error
	if !rc.started {
		err = gocsv.MarshalCSV(rc.buf, rc.cw)
	} else {
		err = gocsv.MarshalCSVWithoutHeaders(rc.buf, rc.cw)
	}
	rc.started, rc.buf = true, rc.buf[:0]
	return err
}

// Close writes what is buffered, the header at least (it does not close
// the writer).
func (rc *RejectionsCSV) Close() error {
	if len(rc.buf) > 0 || !rc.started {
		return rc.flush()
	}
	return nil
}
