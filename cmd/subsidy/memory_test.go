package main

import (
	"io"

	"subsidy/calc/ledger"
	"subsidy/cmd/subsidy/internal/output"
)

// memLines is an output.LineSource of lines held in memory.
type memLines []ledger.Line

// Len is the number of lines.
func (ls memLines) Len() int { return len(ls) }

// Each calls fn with each line in order.
func (ls memLines) Each(fn func(*ledger.Line) error) error {
	for i := range ls {
		if err := fn(&ls[i]); err != nil {
			return err
		}
	}
	return nil
}

// memRejections is an output.RejectionSource of rejections held in memory.
type memRejections []ledger.Rejection

// Len is the number of rejections.
func (rs memRejections) Len() int { return len(rs) }

// Each calls fn with each rejection in order.
func (rs memRejections) Each(fn func(*ledger.Rejection) error) error {
	for i := range rs {
		if err := fn(&rs[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeJSONL writes lines as a JSON Lines ledger (output.JSONLLedger).
func writeJSONL(w io.Writer, lines []ledger.Line, lang string) error {
	jl := output.NewJSONLLedger(w, lang)
	for i := range lines {
		if err := jl.Line(&lines[i]); err != nil {
			return err
		}
	}
	return jl.Close()
}
