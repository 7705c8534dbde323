// Package msg holds clerk-facing text in the two languages the tool speaks.
// Codes, column names and JSON keys stay English; what a person reads is
// Chinese by default and English with --lang en (spec §5 "Language").
package msg

import "fmt"

// Text is one message in Chinese and English.
type Text struct {
	Zh string
	En string
}

// T builds a Text from a Chinese and an English wording.
func T(zh, en string) Text { return Text{Zh: zh, En: en} }

// F builds a Text from two format strings sharing the same arguments.
func F(zh, en string, args ...any) Text {
	return Text{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// In returns the wording for lang ("en" for English, anything else Chinese).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.En
	}
	return t.Zh
}

// Join concatenates texts with a separator in each language.
func Join(parts []Text, zhSep, enSep string) Text {
	var out Text
	for i, p := range parts {
		if i > 0 {
			out.Zh += zhSep
			out.En += enSep
		}
		out.Zh += p.Zh
		out.En += p.En
	}
	return out
}
