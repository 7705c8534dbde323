package value

import (
	"strings"

	"golang.org/x/text/width"
)

// invisible are the characters a cell may carry without showing them,
// which Fold removes wherever they are: the byte-order mark U+FEFF (two
// exports pasted into one file leave one at the start of a row), the
// zero-width space, non-joiner and joiner U+200B–U+200D, the word joiner
// U+2060 and the soft hyphen U+00AD.
const invisible = "\ufeff\u200b\u200c\u200d\u2060\u00ad"

// Fold is the form in which a cell that is not free text (an identifier,
// a code, an amount, a date, a count, an enumeration) is read, so that it
// means what the clerk meant however it was typed: full-width forms
// (１２３, ＡＢＣ, the ideographic space) read as their half-width ones
// (Unicode width folding, golang.org/x/text/width.Fold), the invisible
// characters above are removed wherever they are, and surrounding white
// space (see TrimSpace) is trimmed. Names and other free text are not
// folded: "（中国）" in a company name is what the name is.
func Fold(s string) string {
	if plainASCII(s) {
		return s
	}
	if strings.ContainsAny(s, invisible) {
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(invisible, r) {
				return -1
			}
			return r
		}, s)
	}
	return TrimSpace(width.Fold.String(s))
}

// plainASCII reports whether s is printable ASCII that begins and ends
// with a non-space: Fold leaves it as it is.
func plainASCII(s string) bool {
	n := len(s)
	if n == 0 {
		return true
	}
	if s[0] == ' ' || s[n-1] == ' ' {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
