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

// FIn is F for a text read in lang only ("zh" or "en"): the other
// wording is left empty and never formatted. An empty lang gives both, as F.
func FIn(lang, zh, en string, args ...any) Text {
	switch lang {
	case "zh":
		return Text{Zh: fmt.Sprintf(zh, argsIn(args, "zh")...)}
	case "en":
		return Text{En: fmt.Sprintf(en, argsIn(args, "en")...)}
	}
	return F(zh, en, args...)
}

// F builds a Text from two format strings sharing the same arguments. An
// argument that is itself a Text, or an error (see ErrorIn), is given in
// each wording's own language.
func F(zh, en string, args ...any) Text {
	return Text{Zh: fmt.Sprintf(zh, argsIn(args, "zh")...), En: fmt.Sprintf(en, argsIn(args, "en")...)}
}

// argsIn gives the Text and error arguments in lang; args itself when
// there are none.
func argsIn(args []any, lang string) []any {
	var out []any
	for i, a := range args {
		var s string
		switch x := a.(type) {
		case Text:
			s = x.In(lang)
		case error:
			s = ErrorIn(x, lang)
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	if out == nil {
		return args
	}
	return out
}

// In returns the wording for lang ("en" for English, anything else Chinese).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.En
	}
	return t.Zh
}

// Join concatenates texts with a separator in each language; a language
// in which every part is empty (texts formatted in one, FIn) stays empty.
func Join(parts []Text, zhSep, enSep string) Text {
	var out Text
	var zh, en bool // a wording not empty in some part
	for i, p := range parts {
		if i > 0 {
			out.Zh += zhSep
			out.En += enSep
		}
		out.Zh += p.Zh
		out.En += p.En
		zh, en = zh || p.Zh != "", en || p.En != ""
	}
	if !zh {
		out.Zh = ""
	}
	if !en {
		out.En = ""
	}
	return out
}
