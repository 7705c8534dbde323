package output

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/ledger"
)

// appendJSONString writes every string, valid UTF-8 or not, as
// encoding/json does with HTML escaping off.
func TestAppendJSONString(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, "bytes"))
		if rapid.Bool().Draw(t, "text") {
			s = rapid.String().Draw(t, "s") + "\u2028\u2029<>&\x7f\b\f"
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := string(appendJSONString(nil, s)) + "\n"; got != want.String() {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json %s", s, got, want.String())
		}
	})
}

// A JSON Lines record is the object encoding/json writes of the line's
// columns in order: each a string, a cap of a line without a cap null,
// the flags an array, never null.
func TestJSONLLineAsEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := genLine(t)
		for i := range ledger.LineColumns {
			if c := &ledger.LineColumns[i]; c.Numeric() {
				// amounts a ledger holds: value.FormatPlain of an exponent
				// of genLine's range takes forever
				*c.Decimal(&l) = decimal.New(rapid.Int64().Draw(t, c.Name), rapid.Int32Range(-8, 8).Draw(t, c.Name+"Exp"))
			}
		}
		var want bytes.Buffer
		want.WriteByte('{')
		for i := range ledger.LineColumns {
			c := &ledger.LineColumns[i]
			var v any
			if cell, ok := c.Cell(&l, "en"); ok {
				v = cell
			}
			if c.Kind == ledger.KindFlags {
				v = append([]string{}, l.Flags...)
			}
			if i > 0 {
				want.WriteByte(',')
			}
			for j, x := range []any{c.Name, v} {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(x); err != nil {
					t.Fatal(err)
				}
				want.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
				if j == 0 {
					want.WriteByte(':')
				}
			}
		}
		want.WriteString("}\n")
		var got bytes.Buffer
		if err := WriteLedgerJSONL(&got, []ledger.Line{l}, "en"); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("got  %s\nwant %s", got.String(), want.String())
		}
	})
}
