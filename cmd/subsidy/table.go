package main

import (
	"io"
	"strings"

	"github.com/rivo/uniseg"
)

// textTable lays out rows of cells in columns aligned by their width on a
// terminal (a CJK character counts two; uniseg), for the summary and the
// reports a person reads.
type textTable struct {
	rows  [][]string
	right []bool // right-align column i (numbers)
	sep   string // between columns; two spaces when blank
}

// add appends a row.
func (t *textTable) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the table, each row after indent, columns t.sep apart,
// without trailing spaces.
func (t *textTable) write(w io.Writer, indent string) error {
	sep := t.sep
	if sep == "" {
		sep = "  "
	}
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], uniseg.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		line := indent
		for i, c := range r {
			if i > 0 {
				line += sep
			}
			pad := strings.Repeat(" ", widths[i]-uniseg.StringWidth(c))
			if i < len(t.right) && t.right[i] {
				line += pad + c
			} else {
				line += c + pad
			}
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
