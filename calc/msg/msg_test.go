package msg

import (
	"errors"
	"testing"
)

// TestFIn: a text formatted in one language is that language's wording
// of F, the other empty; an empty language is F itself. Text and error
// arguments are given in the language formatted.
func TestFIn(t *testing.T) {
	label := T("每案限额", "case cap")
	args := []any{label, 12, errors.New("boom")}
	both := F("%s %d %v", "%s %d %v", args...)
	if got := FIn("zh", "%s %d %v", "%s %d %v", args...); got != (Text{Zh: both.Zh}) {
		t.Errorf("zh: %+v, want %q only", got, both.Zh)
	}
	if got := FIn("en", "%s %d %v", "%s %d %v", args...); got != (Text{En: both.En}) {
		t.Errorf("en: %+v, want %q only", got, both.En)
	}
	if got := FIn("", "%s %d %v", "%s %d %v", args...); got != both {
		t.Errorf("both: %+v, want %+v", got, both)
	}
}

// TestJoinOneLanguage: joining texts of one language leaves the other
// empty, not a run of separators; a part empty in a language that others
// have keeps its separator.
func TestJoinOneLanguage(t *testing.T) {
	if got := Join([]Text{{Zh: "甲"}, {Zh: "乙"}}, "；", "; "); got != (Text{Zh: "甲；乙"}) {
		t.Errorf("zh only: %+v", got)
	}
	if got := Join([]Text{T("甲", ""), T("", "b")}, "；", "; "); got != (Text{Zh: "甲；", En: "; b"}) {
		t.Errorf("mixed: %+v", got)
	}
}
