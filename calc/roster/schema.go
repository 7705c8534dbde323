// Package roster defines the eight input rosters of spec §3: their columns
// (English name and Chinese alias), header matching, and the decoding of one
// row of text cells into a typed record with located rejections. It is pure:
// readers of CSV and XLSX files hand it header and cell strings.
package roster

import (
	"sort"
	"strings"

	"subsidy/calc/msg"
)

// Kind names a roster.
type Kind string

// Column is one roster column.
type Column struct {
	Name     string // English name, e.g. "paid_date"
	Zh       string // Chinese alias, e.g. "支付日期"
	Required bool   // the header must have it
	Doc      msg.Text
	// Enum lists the accepted values of an enumeration column.
	Enum []Choice
}

// Choice is one value of an enumeration with its Chinese label.
type Choice struct {
	Value string
	Zh    string
}

// Schema describes one roster.
type Schema struct {
	Kind    Kind
	Zh      string // Chinese file name, e.g. 授权清单
	Columns []Column
	// event makes an empty row of an event roster (nil for a reference
	// roster: enterprises, fx, budget).
	event func() Event
}

// Index returns the position of the column name in the schema, or -1.
func (s *Schema) Index(name string) int {
	for i, c := range s.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Lookup returns the schema of a roster kind.
func Lookup(k Kind) *Schema { return schemas[k] }

// KindByFileStem recognises a roster from a file name without extension, in
// English or Chinese (spec §2 --in).
func KindByFileStem(stem string) (Kind, bool) {
	stem = strings.ToLower(strings.TrimSpace(stem))
	for _, k := range Kinds {
		if stem == string(k) || stem == schemas[k].Zh {
			return k, true
		}
	}
	return "", false
}

// KindsInName returns the rosters a file name (without extension) names
// when it is not exactly a roster's name, as people name files: the
// English name (or enterprise, grant, award) as a word of it
// ("insurance_2023-01", "Grants Jan") or the Chinese name anywhere in it
// ("授权清单(2023年1月)", "许可交易 - 副本"). It returns every roster named,
// in Kinds order; more than one means the name does not tell.
func KindsInName(stem string) []Kind {
	lower := strings.ToLower(stem)
	words := strings.FieldsFunc(lower, func(r rune) bool { return r < 'a' || r > 'z' })
	var out []Kind
	for _, k := range Kinds {
		named := strings.Contains(stem, schemas[k].Zh)
		for _, w := range words {
			named = named || w == string(k) || w+"s" == string(k)
		}
		if named {
			out = append(out, k)
		}
	}
	return out
}

// KindsByHeader returns the rosters whose required columns a header row
// holds (spec §3 header matching), in Kinds order: a file of unknown name
// is the roster its header makes it when there is exactly one.
func KindsByHeader(header []string) []Kind {
	var out []Kind
	for _, k := range Kinds {
		if _, err := schemas[k].MapHeader(header); err == nil {
			out = append(out, k)
		}
	}
	return out
}

// ColumnZh names a column of roster kind, or several joined by "+" (a
// natural key such as "uscc+number+office"), by their Chinese names; ""
// when none is a column of the roster.
func ColumnZh(kind Kind, column string) string {
	s := schemas[kind]
	if s == nil || column == "" {
		return ""
	}
	parts := strings.Split(column, "+")
	for i, p := range parts {
		n := s.Index(p)
		if n < 0 {
			return ""
		}
		parts[i] = s.Columns[n].Zh
	}
	return strings.Join(parts, "+")
}

// HeaderMap maps a file's header onto a schema.
type HeaderMap struct {
	Schema *Schema
	// Pos[i] is the record position of schema column i, or -1 if absent.
	Pos []int
	// Unknown are headers that match no column (ignored with one warning).
	Unknown []string
}

// HeaderError is a header that cannot be used: a required column is
// missing, or a column appears twice.
type HeaderError struct {
	Column string
	Msg    msg.Text
}

func (e *HeaderError) Error() string { return e.Msg.En }

// Text is the problem in both languages.
func (e *HeaderError) Text() msg.Text { return e.Msg }

// normalizeHeader folds a header cell for matching: surrounding spaces,
// case, full-width brackets and a BOM are ignored.
func normalizeHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	h = strings.NewReplacer("（", "(", "）", ")", "\u3000", " ").Replace(h)
	return strings.ToLower(strings.TrimSpace(h))
}

// match returns the schema column a header cell names, or -1. A header may
// be the English name, the Chinese alias, or either followed by the other
// in brackets: "支付日期(paid_date)" or "paid_date(支付日期)".
func (s *Schema) match(h string) int {
	h = normalizeHeader(h)
	cands := []string{h}
	if i := strings.Index(h, "("); i > 0 && strings.HasSuffix(h, ")") {
		cands = append(cands, strings.TrimSpace(h[:i]), strings.TrimSpace(h[i+1:len(h)-1]))
	}
	for ci, c := range s.Columns {
		for _, x := range cands {
			if x == c.Name || x == strings.ToLower(c.Zh) {
				return ci
			}
		}
	}
	return -1
}

// MapHeader matches a header row to the schema.
func (s *Schema) MapHeader(header []string) (*HeaderMap, error) {
	hm := &HeaderMap{Schema: s, Pos: make([]int, len(s.Columns))}
	for i := range hm.Pos {
		hm.Pos[i] = -1
	}
	for ri, h := range header {
		ci := s.match(h)
		if ci < 0 {
			if strings.TrimSpace(h) != "" {
				hm.Unknown = append(hm.Unknown, h)
			}
			continue
		}
		if hm.Pos[ci] >= 0 {
			c := s.Columns[ci]
			return nil, &HeaderError{Column: c.Name, Msg: msg.F(
				"列 %s（%s）出现了两次（第 %d 列和第 %d 列），请删除其中一列",
				"column %s (%s) appears twice (columns %d and %d); delete one of them",
				c.Name, c.Zh, hm.Pos[ci]+1, ri+1)}
		}
		hm.Pos[ci] = ri
	}
	var missing []string
	for ci, c := range s.Columns {
		if c.Required && hm.Pos[ci] < 0 {
			missing = append(missing, c.Name+"（"+c.Zh+"）")
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, &HeaderError{Column: strings.Join(missing, ", "), Msg: msg.F(
			"缺少必需的列：%s",
			"missing required column: %s",
			strings.Join(missing, "、"))}
	}
	return hm, nil
}

// Record is one data row of a roster, its cells in schema column order
// (blank where the file lacks the column).
type Record struct {
	File  string // the file name shown in messages
	Row   int    // the row a spreadsheet shows (header = 1)
	Cells []string
}

// Arrange reorders a file record into schema order.
func (hm *HeaderMap) Arrange(file string, row int, rec []string) Record {
	cells := make([]string, len(hm.Pos))
	for i, p := range hm.Pos {
		if p >= 0 && p < len(rec) {
			cells[i] = rec[p]
		}
	}
	return Record{File: file, Row: row, Cells: cells}
}

// Label names the roster in lang: its kind, and in Chinese its kind and
// Chinese name ("grants 专利授权").
func (k Kind) Label(lang string) string {
	if lang == "en" {
		return string(k)
	}
	return string(k) + " " + Lookup(k).Zh
}
