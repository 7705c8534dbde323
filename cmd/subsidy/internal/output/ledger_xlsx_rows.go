package output

import (
	"strings"
	"unicode/utf8"
)

// Row heights. A spreadsheet program does not fit the height of a row to
// its wrapped text when it opens a workbook (LibreOffice keeps the default
// height of rows that have none), so the writer gives every row whose
// wrapped text takes more than one line the height of its lines: estimated
// from character widths in units of the default font's digit, the unit of
// column widths. The estimate leans wide, so that text is never cut off;
// it depends on the text only, so the workbook stays deterministic.

// linePoints is the height of one line of 11-point text, in points.
const linePoints = 15

// maxRowPoints is the tallest row a spreadsheet allows, in points.
const maxRowPoints = 409

// rowHeight is the height in points a row needs so that each of its
// wrapped cells shows whole (texts[i] is the text of cols[i]), or 0 when
// one line is enough (the default height, not written).
func rowHeight(cols []column, texts []string) float64 {
	lines := 1
	for i, s := range texts {
		if i < len(cols) && cols[i].wrap && s != "" {
			lines = max(lines, textLines(s, cols[i].width))
		}
	}
	if lines <= 1 {
		return 0
	}
	return min(float64(lines*linePoints), maxRowPoints)
}

// textLines is how many lines s takes wrapped in a column of width
// characters: its paragraphs (split at line feeds) wrapped greedily at
// spaces, after hyphens, slashes and punctuation, and between CJK
// characters, and a word wider than the column broken where it fills a
// line.
func textLines(s string, width float64) int {
	usable := width - 0.5
	if usable < 1 {
		usable = 1
	}
	if float64(len(s))*1.2 <= usable && !strings.Contains(s, "\n") {
		return 1 // no character is wider than 1.2 units per byte of its UTF-8
	}
	lines := 0
	for para := range strings.SplitSeq(s, "\n") {
		lines += paragraphLines(para, usable)
	}
	return lines
}

// paragraphLines is textLines for text without line feeds.
func paragraphLines(s string, usable float64) int {
	lines, line, word := 1, 0.0, 0.0
	place := func() {
		if word == 0 {
			return
		}
		if line > 0 && line+word > usable {
			lines++
			line = 0
		}
		for word > usable {
			lines++
			word -= usable
		}
		line += word
		word = 0
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		w := runeUnits(r)
		if w >= 2 {
			place() // a break is allowed before and after a CJK character
			word = w
			place()
			continue
		}
		word += w
		switch r {
		case ' ', '-', '/', '|', ';', ',', ':', ')', '）', '；', '，', '、', '：', '。':
			place()
		}
	}
	place()
	return lines
}

// runeUnits is the width of r in units of the default font's digit:
// East Asian wide and full-width characters 2.1, capitals 1.2, small
// letters 0.95, a space 0.5, other characters 1.
func runeUnits(r rune) float64 {
	switch {
	case r == ' ':
		return 0.5
	case r >= 'A' && r <= 'Z':
		return 1.2
	case r >= 'a' && r <= 'z':
		return 0.95
	case r < 0x1100:
		return 1
	case r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, r >= 0x20000 && r <= 0x3FFFD:
		return 2.1
	}
	return 1
}
