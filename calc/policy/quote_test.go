package policy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The seeds' texts (testdata/seeds, copies of the documents the spec
// cites) are what every reference note of the default policy and every
// seed rule quotes (spec §4.3a 3: a reference quotes only words that are in
// the seed; a reading beyond them is labelled 解释, never 原文).
//
// The convention the default policy's notes follow, checked here:
//   - every span in “…” is the seed's own words, found in the clause the
//     reference cites (white space ignored, half-width , ( ) ; : read as
//     their full-width forms); …… marks words left out, so the fragments
//     it separates must appear in that order;
//   - the word 原文 stands only as 原文：“…” (the quote itself, and
//     nothing after it in its ；-separated segment) or 原文未… (the seed
//     does not say);
//   - every note is labelled: it has a 原文：“…” quote, a 解释：
//     (interpretation) or a 示例值： (example value) segment; a segment
//     without a label continues the 解释 or 示例值 segment before it.

// seedText returns the text of the clause of a seed document, white space
// removed and punctuation normalised (see normalise).
func seedText(t *testing.T, document, clause string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seeds", document+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	section := func(start, next *regexp.Regexp) string {
		loc := start.FindStringIndex(text)
		if loc == nil {
			t.Fatalf("%s: clause %s not found", document, clause)
		}
		rest := text[loc[0]:]
		if end := next.FindStringIndex(rest[loc[1]-loc[0]:]); end != nil {
			rest = rest[:loc[1]-loc[0]+end[0]]
		}
		return rest
	}
	switch document {
	case "136":
		// 三(一)1 … 三(八)30: the numbered items of section 三.
		m := regexp.MustCompile(`^三\([一二三四五六七八]\)(\d+)$`).FindStringSubmatch(clause)
		if m == nil {
			t.Fatalf("136: clause %q is not of the form 三(x)N", clause)
		}
		text = text[strings.Index(text, "三、重点任务和政策举措"):]
		text = section(regexp.MustCompile(`(?m)^`+m[1]+`\. `), regexp.MustCompile(`(?m)^(\d+\. |#)`))
	case "81":
		// 六(一): section 六, its paragraph (一); 三: the whole section.
		m := regexp.MustCompile(`^([一二三四五六])(?:\(([一二三四五六])\))?$`).FindStringSubmatch(clause)
		if m == nil {
			t.Fatalf("81: clause %q is not of the form 六 or 六(一)", clause)
		}
		text = section(regexp.MustCompile(`(?m)^\s*`+m[1]+`、`), regexp.MustCompile(`(?m)^\s*[一二三四五六七]、`))
		if m[2] != "" {
			text = section(regexp.MustCompile(`(?m)^\s*（`+m[2]+`）`), regexp.MustCompile(`(?m)^\s*（[一二三四五六]）`))
		}
	default:
		t.Fatalf("no seed text for document %q", document)
	}
	return normalise(text)
}

// normalise removes white space and reads half-width punctuation as the
// full-width forms the notes use.
func normalise(s string) string {
	r := strings.NewReplacer(",", "，", "(", "（", ")", "）", ";", "；", ":", "：")
	return strings.Map(func(c rune) rune {
		if unicode.IsSpace(c) {
			return -1
		}
		return c
	}, r.Replace(s))
}

// quoted reports whether quote (with …… for words left out) is in text.
func quoted(text, quote string) bool {
	for _, frag := range strings.Split(normalise(quote), "……") {
		i := strings.Index(text, frag)
		if frag == "" || i < 0 {
			return false
		}
		text = text[i+len(frag):]
	}
	return true
}

var quoteSpan = regexp.MustCompile(`“([^”]*)”`)

// noteProblems checks a note against the convention above and returns
// what is wrong with it; quotes are checked against text.
func noteProblems(note, text string) []string {
	var out []string
	for _, m := range quoteSpan.FindAllStringSubmatch(note, -1) {
		if !quoted(text, m[1]) {
			out = append(out, "“"+m[1]+"” is not the seed's words in the cited clause")
		}
	}
	labelled, free := false, false
	for _, seg := range splitOutsideQuotes(note) {
		switch {
		case strings.HasPrefix(seg, "原文："):
			labelled, free = true, false
			if !quoteSpan.MatchString(seg) || quoteSpan.FindStringIndex(seg)[0] != len("原文：") || quoteSpan.FindStringIndex(seg)[1] != len(seg) {
				out = append(out, "segment "+seg+": 原文： must be followed by one “quote” and nothing else")
			}
		case strings.HasPrefix(seg, "解释："), strings.HasPrefix(seg, "示例值："):
			labelled, free = true, true
		case !free:
			out = append(out, "segment "+seg+" has no label (原文：“…”, 解释： or 示例值：)")
		}
	}
	for i := strings.Index(note, "原文"); i >= 0; {
		rest := note[i+len("原文"):]
		if !strings.HasPrefix(rest, "：“") && !strings.HasPrefix(rest, "未") {
			out = append(out, "原文 stands outside 原文：“…” and 原文未…")
		}
		j := strings.Index(rest, "原文")
		if j < 0 {
			break
		}
		i += len("原文") + j
	}
	if !labelled {
		out = append(out, "the note is not labelled")
	}
	return out
}

// splitOutsideQuotes splits a note at the ； that are not inside “…”.
func splitOutsideQuotes(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '“':
			depth++
		case '”':
			depth--
		case '；':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + len("；")
			}
		}
	}
	return append(out, s[start:])
}

// TestNotesQuoteTheSeeds: every reference note of the default policy
// quotes only the seed's words, from the clause it cites, and labels every
// reading 解释 (spec §4.3a 3).
func TestNotesQuoteTheSeeds(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	check := func(where string, par *Param) {
		ref := par.Reference
		if ref.Document == "" {
			return
		}
		for _, prob := range noteProblems(ref.Note, seedText(t, ref.Document, ref.Clause)) {
			t.Errorf("%s (%s %s): %s\n  note: %s", where, ref.Document, ref.Clause, prob, ref.Note)
		}
	}
	for name, g := range p.General {
		for _, v := range g.Values {
			check("general."+name, v.Param)
		}
	}
	for _, id := range p.ProgramIDs() {
		for _, v := range p.Programs[id].Versions {
			for name, par := range v.Params {
				check(id+"@"+v.Version+"."+name, par)
				for code, o := range par.Overrides {
					check(id+"@"+v.Version+"."+name+".districts."+code, o)
				}
			}
		}
	}
}

// TestSeedRulesQuoteTheSeeds: the words policy check prints after 原文 for
// every seed rule are the seed's own, from the rule's clause; its reading,
// if any, is kept apart (printed as 解释).
func TestSeedRulesQuoteTheSeeds(t *testing.T) {
	for id, spec := range catalog {
		for name, ps := range spec.params {
			r := ps.seed
			if r == nil {
				continue
			}
			if !quoted(seedText(t, r.document, r.clause), r.text) {
				t.Errorf("%s.%s: %q is not in %s %s", id, name, r.text, r.document, r.clause)
			}
			if strings.Contains(r.reading, "原文") {
				t.Errorf("%s.%s: the reading %q calls itself 原文", id, name, r.reading)
			}
		}
	}
}

// TestNoteConvention pins the checker itself on notes that break each rule.
func TestNoteConvention(t *testing.T) {
	text := normalise("企业开展海外知识产权维权的，给予实际支付法律费用不超过50%的补贴，每案不超过 100 万元。")
	for note, bad := range map[string]bool{
		"原文：“每案不超过100万元”":               false,
		"原文：“每案不超过100万元”；解释：跨批次累计":      false,
		"示例值：取上限；原文：“给予……不超过50%的补贴”":    false,
		"解释：按每案计；跨批次累计":                 false,
		"每案不超过100万元（跨批次累计）":             true, // not labelled
		"原文：“每案不超过100万元（跨批次累计）”":        true, // the reading inside the quote
		"原文：“每案不超过100万元”（跨批次累计）":        true, // text after the quote
		"原文：“合计不超过100万元”":               true, // not the seed's words
		"解释：按原文所列":                      true, // 原文 outside a quote
		"原文：“不超过50%的补贴……企业开展海外知识产权维权的”": true, // fragments out of order
		"原文：“每案不超过100万元”；跨批次累计":         true, // unlabelled segment after a quote
	} {
		if got := len(noteProblems(note, text)) > 0; got != bad {
			t.Errorf("%q: problems %v, want bad=%t", note, noteProblems(note, text), bad)
		}
	}
}
