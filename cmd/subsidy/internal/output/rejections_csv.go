package output

import (
	"io"
	"strconv"

	"subsidy/calc/ledger"
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

// WriteRejectionsCSV writes the rejections file of spec §5: a UTF-8 BOM
// first when bom, the header ledger.RejectionColumns, one row per listed
// row with the message in lang. The row is blank when a rejection has no
// row (0). Text cells, the roster's own value included, are neutralised
// like the ledger's (see Neutralise). Encoded by gocsv, as the ledger.
func WriteRejectionsCSV(w io.Writer, rejs []ledger.Rejection, lang string, bom bool) error {
	return writeChunked(w, bom, len(rejs), func(i int) csvRejection {
		r := &rejs[i]
		c := csvRejection{
			File:    Neutralise(r.File),
			Column:  Neutralise(r.Column),
			Value:   Neutralise(r.Value),
			Code:    Neutralise(r.Code),
			Class:   Neutralise(r.Class),
			Message: Neutralise(r.Message.In(lang)),
		}
		if r.Row > 0 {
			c.Row = strconv.Itoa(r.Row)
		}
		return c
	})
}
