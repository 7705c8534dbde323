package roster

import (
	"fmt"
	"strings"
	"testing"
)

// TestDecodeControlCharacters: a text cell holding a control character
// other than tab, CR and LF (C0 or DEL) is listed invalid_value, located,
// with a message naming the character; tab, CR and LF pass.
func TestDecodeControlCharacters(t *testing.T) {
	s := Lookup(Awards)
	header := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		header[i] = c.Name
	}
	row := decodeCases(nil)[Awards]
	hm, err := s.MapHeader(header[:len(row)])
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"\x0b", "\x00", "\x01", "\x1f", "\x7f"} {
		cells := append([]string(nil), row...)
		cells[2] = "苏州" + ch + "仪器有限公司" // recipient_name
		var d Decoder
		ev, rejs := d.Decode(Awards, hm.Arrange("awards.xlsx", 7, cells))
		if len(rejs) != 1 || ev != nil {
			t.Fatalf("%q: rejections %+v, row %+v", ch, rejs, ev)
		}
		r := rejs[0]
		want := fmt.Sprintf("U+%04X", ch[0])
		if r.Code != "invalid_value" || r.File != "awards.xlsx" || r.Row != 7 || r.Column != "recipient_name" ||
			!strings.Contains(r.Message.En, "contains an invisible control character "+want+"; retype the cell") ||
			!strings.Contains(r.Message.Zh, want) {
			t.Errorf("%q: %+v", ch, r)
		}
	}
	cells := append([]string(nil), row...)
	cells[2] = "苏州\t仪器\r\n有限公司"
	var d Decoder
	if _, rejs := d.Decode(Awards, hm.Arrange("awards.csv", 2, cells)); len(rejs) != 0 {
		t.Errorf("tab, CR, LF: %+v", rejs)
	}
}
