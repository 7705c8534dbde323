package output

import (
	"io"

	"subsidy/calc/ledger"
)

// Lines is a LineSource of lines held in memory.
type Lines []ledger.Line

// Len is the number of lines.
func (ls Lines) Len() int { return len(ls) }

// Each calls fn with each line in order.
func (ls Lines) Each(fn func(*ledger.Line) error) error {
	for i := range ls {
		if err := fn(&ls[i]); err != nil {
			return err
		}
	}
	return nil
}

// Rejections is a RejectionSource of rejections held in memory.
type Rejections []ledger.Rejection

// Len is the number of rejections.
func (rs Rejections) Len() int { return len(rs) }

// Each calls fn with each rejection in order.
func (rs Rejections) Each(fn func(*ledger.Rejection) error) error {
	for i := range rs {
		if err := fn(&rs[i]); err != nil {
			return err
		}
	}
	return nil
}

// WriteLedgerJSONL writes lines as a JSON Lines ledger (JSONLLedger).
func WriteLedgerJSONL(w io.Writer, lines []ledger.Line, lang string) error {
	jl := NewJSONLLedger(w, lang)
	for i := range lines {
		if err := jl.Line(&lines[i]); err != nil {
			return err
		}
	}
	return jl.Close()
}
