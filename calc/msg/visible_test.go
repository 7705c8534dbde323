package msg

import (
	"strings"
	"testing"
)

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"苏州甲公司":            "苏州甲公司",
		"a\tb\nc":          "a\tb\nc",
		"\x1b[31m红\x1b[0m": `\x1b[31m红\x1b[0m`,
		"a\rb\x00c\x7fd":   `a\x0db\x00c\x7fd`,
		"\u0085x":          `\x85x`,
		"abc\u202edcba":    `abc\u202edcba`,
		"\u2066iso\u2069":  `\u2066iso\u2069`,
	} {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVisibleWriterSplitRunes(t *testing.T) {
	var out strings.Builder
	w := &VisibleWriter{W: &out}
	s := "名\x1b称\u202e"
	for i := 0; i < len(s); i++ {
		if n, err := w.Write([]byte{s[i]}); n != 1 || err != nil {
			t.Fatal(n, err)
		}
	}
	if got, want := out.String(), `名\x1b称\u202e`; got != want {
		t.Errorf("byte by byte: %q, want %q", got, want)
	}
}
