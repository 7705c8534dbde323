package ids

import (
	"strings"

	"subsidy/calc/value"
)

// The canonical forms of the identifier columns of the event rosters
// (spec §3 "Natural keys"): every natural key, line_id and cap key is
// built from them, so that an identifier written in another form — lower
// case, full-width, with the ".0" Excel gives a number stored as text,
// with a byte-order mark pasted into it — is the same event, never a new
// one to pay again. Identifiers already in canonical form are unchanged,
// so their line_ids are those of earlier ledgers.

// Code is the canonical form of a reference number (contract, case,
// invoice, policy, loan and project numbers): value.Fold (width folding,
// invisible characters removed, trimmed), upper-cased, and a trailing
// ".0" removed from a number of digits (2022320500000118.0, the text
// Excel writes for a number stored as text, is 2022320500000118).
func Code(s string) string {
	c := strings.ToUpper(value.Fold(s))
	if d, ok := strings.CutSuffix(c, ".0"); ok && value.IsDigits(d) {
		return d
	}
	return c
}

// PatentNumber is the canonical form of a patent number: value.Fold,
// upper-cased, with the spaces, thousands separators and hyphens people
// put inside removed ("US 11,456,789 B2" and "us-11456789-b2" are
// US11456789B2). The point before a Chinese number's check digit
// (ZL202110000000.0) is part of the number and stays.
func PatentNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', ',', '-':
			return -1
		}
		return r
	}, strings.ToUpper(value.Fold(s)))
}

// MadridNumber is the canonical form of an international (Madrid)
// registration number: PatentNumber, and for a number of digits without
// its leading zeros (01701234 is 1701234).
func MadridNumber(s string) string {
	n := PatentNumber(s)
	if value.IsDigits(n) {
		if t := strings.TrimLeft(n, "0"); t != "" {
			return t
		}
		return "0"
	}
	return n
}
