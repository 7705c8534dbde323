package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// runWithTerminal runs subsidy run on the example month with isTerminal
// answering term, and returns stderr.
func runWithTerminal(t *testing.T, term bool, extra ...string) string {
	t.Helper()
	old := isTerminal
	isTerminal = func(io.Writer) bool { return term }
	defer func() { isTerminal = old }()
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
	if got := runWithTerminal(t, true); !strings.Contains(got, "\r") || !strings.Contains(got, "grants") {
		t.Errorf("terminal: no progress bar on stderr:\n%q", got)
	}
	if got := runWithTerminal(t, false); strings.Contains(got, "\r") {
		t.Errorf("not a terminal: progress output on stderr:\n%q", got)
	}
	if got := runWithTerminal(t, true, "--quiet"); got != "" {
		t.Errorf("--quiet on a terminal: stderr not empty:\n%q", got)
	}
}
