package output

import (
	"bufio"
	"encoding/json"
	"io"

	"subsidy/calc/ledger"
	"subsidy/calc/value"
)

// jsonLine is one ledger line as a JSON object. encoding/json writes the
// fields in declaration order, which is ledger.Columns (a test holds them
// equal), so the output is deterministic.
type jsonLine struct {
	LineID        string   `json:"line_id"`
	Period        string   `json:"period"`
	Program       string   `json:"program"`
	ProgramName   string   `json:"program_name"`
	Clause        string   `json:"clause"`
	PolicyVersion string   `json:"policy_version"`
	Funder        string   `json:"funder"`
	RecipientID   string   `json:"recipient_id"`
	RecipientName string   `json:"recipient_name"`
	District      string   `json:"district"`
	EventDate     string   `json:"event_date"`
	Source        string   `json:"source"`
	BasisCNY      string   `json:"basis_cny"`
	Rate          string   `json:"rate"`
	Computed      string   `json:"computed"`
	CapKey        string   `json:"cap_key"`
	CapLimit      *string  `json:"cap_limit"`
	CapUsedBefore *string  `json:"cap_used_before"`
	Payable       string   `json:"payable"`
	Status        string   `json:"status"`
	Flags         []string `json:"flags"`
	Note          string   `json:"note"`
}

// WriteLedgerJSONL writes lines as JSON Lines (spec §5): one object per
// line, keys ledger.Columns in that order, amounts as strings with two
// fraction digits, the rate as a string, cap_limit and cap_used_before
// null for a line without a cap, flags as an array (empty, never null),
// the note in lang. JSON needs no formula neutralisation; '<', '>' and '&'
// are written as they are.
func WriteLedgerJSONL(w io.Writer, lines []ledger.Line, lang string) error {
	jl := NewJSONLLedger(w, lang)
	for i := range lines {
		if err := jl.Line(&lines[i]); err != nil {
			return err
		}
	}
	return jl.Close()
}

// JSONLLedger writes the JSON Lines ledger of WriteLedgerJSONL one line at
// a time, so that a batch's lines can be written as the engine finishes
// them.
type JSONLLedger struct {
	bw   *bufio.Writer
	enc  *json.Encoder
	lang string
}

// NewJSONLLedger starts a JSON Lines ledger on w.
func NewJSONLLedger(w io.Writer, lang string) *JSONLLedger {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLLedger{bw: bw, enc: enc, lang: lang}
}

// Line writes one ledger line.
func (jl *JSONLLedger) Line(l *ledger.Line) error {
	j := jsonLine{
		LineID:        l.LineID,
		Period:        l.Period,
		Program:       l.Program,
		ProgramName:   l.ProgramName,
		Clause:        l.Clause,
		PolicyVersion: l.PolicyVersion,
		Funder:        l.Funder,
		RecipientID:   l.RecipientID,
		RecipientName: l.RecipientName,
		District:      l.District,
		EventDate:     l.EventDate.String(),
		Source:        l.Source,
		BasisCNY:      value.FormatPlain(l.BasisCNY),
		Rate:          l.Rate.String(),
		Computed:      value.FormatPlain(l.Computed),
		CapKey:        l.CapKey,
		Payable:       value.FormatPlain(l.Payable),
		Status:        l.Status,
		Flags:         l.Flags,
		Note:          l.Note.In(jl.lang),
	}
	if j.Flags == nil {
		j.Flags = []string{}
	}
	if l.HasCap {
		limit, used := value.FormatPlain(l.CapLimit), value.FormatPlain(l.CapUsedBefore)
		j.CapLimit, j.CapUsedBefore = &limit, &used
	}
	return jl.enc.Encode(&j)
}

// Close flushes the ledger to its writer (it does not close the writer).
func (jl *JSONLLedger) Close() error { return jl.bw.Flush() }
