package msg

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// invisibleControl reports whether r does something to a terminal or hides
// or reorders text instead of showing itself: a C0 control other than tab
// and line feed, DEL, a C1 control, or a bidirectional embedding, override
// or isolate (U+202A–U+202E, U+2066–U+2069).
func invisibleControl(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n'
	case r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Visible writes the control characters of s as escapes a person can read
// (ESC as \x1b, a right-to-left override as \u202e), so that text from a
// roster shown on a terminal or in a file cannot move the cursor, recolour
// the screen or reorder what is shown. Other text is unchanged.
func Visible(s string) string {
	i := strings.IndexFunc(s, invisibleControl)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case !invisibleControl(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// VisibleWriter writes what it is given through Visible, to a terminal or
// a log: a rune split across two writes is escaped whole.
type VisibleWriter struct {
	W     io.Writer
	carry []byte
}

// Write implements io.Writer.
func (v *VisibleWriter) Write(p []byte) (int, error) {
	b := append(v.carry, p...)
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	v.carry = append(v.carry[:0:0], b[cut:]...)
	if _, err := v.W.Write([]byte(Visible(string(b[:cut])))); err != nil {
		return 0, err
	}
	return len(p), nil
}
