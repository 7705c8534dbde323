package output

import (
	"bufio"
	"io"
	"unicode/utf8"

	"subsidy/calc/ledger"
)

// JSONLLedger writes lines as JSON Lines (spec §5), one line at a time as
// the engine finishes them: one object per line, keys ledger.Columns in
// that order, amounts as strings with two fraction digits, the rate as a
// string, cap_limit and cap_used_before null for a line without a cap,
// flags as an array (empty, never null), the note in lang. JSON needs no
// formula neutralisation; '<', '>' and '&' are written as they are.
type JSONLLedger struct {
	bw   *bufio.Writer
	buf  []byte
	lang string
}

// NewJSONLLedger starts a JSON Lines ledger on w.
func NewJSONLLedger(w io.Writer, lang string) *JSONLLedger {
	return &JSONLLedger{bw: bufio.NewWriter(w), lang: lang}
}

// Line writes one ledger line: the keys of ledger.LineColumns in order,
// each value a JSON string (Column.Cell), but for a cap without a cap
// (null) and the flags (an array of strings, empty without flags).
func (jl *JSONLLedger) Line(l *ledger.Line) error {
	b := append(jl.buf[:0], '{')
	for i := range ledger.LineColumns {
		c := &ledger.LineColumns[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, c.Name)
		b = append(b, ':')
		if c.Kind == ledger.KindFlags {
			b = append(b, '[')
			for j, f := range *c.Flags(l) {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, f)
			}
			b = append(b, ']')
		} else if cell, ok := c.Cell(l, jl.lang); ok {
			b = appendJSONString(b, cell)
		} else {
			b = append(b, "null"...)
		}
	}
	b = append(b, '}', '\n')
	jl.buf = b
	_, err := jl.bw.Write(b)
	return err
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it with HTML escaping off: '"', '\\' and the control characters
// escaped (\b, \f, \n, \r, \t by name, the others as \u00XX), invalid
// UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and \u2029, every other
// character as it is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(append(b, s[start:]...), '"')
	return b
}

// Close flushes the ledger to its writer (it does not close the writer).
func (jl *JSONLLedger) Close() error { return jl.bw.Flush() }
