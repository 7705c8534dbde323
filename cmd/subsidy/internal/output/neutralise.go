package output

import "strings"

// dangerous reports whether a cell starting with c could be taken for a
// formula by a spreadsheet: the union of OWASP's CSV-injection list and
// ASVS 5.0 V1.2.10 (spec §5).
func dangerous(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\n', 0:
		return true
	}
	return false
}

// Neutralise makes a text cell safe to open in a spreadsheet: a cell that
// begins with '=', '+', '-', '@', tab, CR, LF or NUL is prefixed with "'".
// So that Unneutralise restores every cell exactly, a cell that already
// begins with apostrophes followed by one of those characters gets one
// more apostrophe.
func Neutralise(s string) string {
	if t := strings.TrimLeft(s, "'"); t != "" && dangerous(t[0]) {
		return "'" + s
	}
	return s
}

// Unneutralise undoes Neutralise: it drops the apostrophe Neutralise added.
// A cell whose leading apostrophe is not followed (after more apostrophes)
// by a dangerous character is returned unchanged.
func Unneutralise(s string) string {
	if strings.HasPrefix(s, "'") {
		if t := strings.TrimLeft(s, "'"); t != "" && dangerous(t[0]) {
			return s[1:]
		}
	}
	return s
}
