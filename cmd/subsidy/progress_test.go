package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"subsidy/cmd/subsidy/internal/batch"
)

// runWithTerminal runs subsidy run on the example month with batch.IsTerminal
// answering term, and returns stderr.
func runWithTerminal(t *testing.T, term bool, extra ...string) string {
	t.Helper()
	old := batch.IsTerminal
	batch.IsTerminal = func(io.Writer) bool { return term }
	defer func() { batch.IsTerminal = old }()
	var stderr bytes.Buffer
	args := append([]string{"subsidy", "run", "--period", "2022-06", "--in", filepath.Join(fixturesDir, "example-2022-06"),
		"--out", filepath.Join(t.TempDir(), "ledger.csv"), "--lang", "en"}, extra...)
	if code := run(args, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	return stderr.String()
}

// TestProgressOnlyOnTerminal: the bar is drawn when stderr is a terminal,
// never otherwise, and never with --quiet.
func TestProgressOnlyOnTerminal(t *testing.T) {
	if got := runWithTerminal(t, true); !strings.Contains(got, "\r") || !strings.Contains(got, "reading grants") ||
		!strings.Contains(got, "sorting and computing") || !strings.Contains(got, "writing ledger.csv") {
		t.Errorf("terminal: no progress bar through every stage on stderr:\n%q", got)
	}
	// in Chinese, the labels of every stage (issue 13)
	if got := runWithTerminal(t, true, "--lang", "zh"); !strings.Contains(got, "读取 grants 授权清单") ||
		!strings.Contains(got, "排序与计算") || !strings.Contains(got, "写出 ledger.csv") || strings.Contains(got, "rows") {
		t.Errorf("terminal, Chinese: the stages' labels are not Chinese:\n%q", got)
	}
	if got := runWithTerminal(t, false); strings.Contains(got, "\r") {
		t.Errorf("not a terminal: progress output on stderr:\n%q", got)
	}
	if got := runWithTerminal(t, true, "--quiet"); got != "" {
		t.Errorf("--quiet on a terminal: stderr not empty:\n%q", got)
	}
}
