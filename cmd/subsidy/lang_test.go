package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// englishProse finds three or more English words in a row: a sentence,
// not a code, flag, file name or column key (those break the run with
// digits, dots, dashes, underscores or slashes).
var englishProse = regexp.MustCompile(`(?:^|[^\w./-])[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,}){2,}(?:[^\w./-]|$)`)

// commandLines are the examples of commands in the help ("subsidy policy
// check FILE"), which are not prose.
var commandLines = regexp.MustCompile(`subsidy(?: [a-z][a-z-]*)+`)

// TestChineseThroughout (issue 13): in a run without --lang, the help of
// every command and flag, the summary, the warnings and the errors of
// every kind are Chinese; the same invocations with --lang en are
// English. A sentence of English in a Chinese run fails the test.
func TestChineseThroughout(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	led := filepath.Join(dir, "ledger.csv")
	if code, _, stderr := runCLI(t, "run", "--period", "2022-06", "--in", in, "--out", led, "--quiet"); code != 0 {
		t.Fatalf("run: %d %s", code, stderr)
	}
	bad := filepath.Join(dir, "bad-policy.yaml")
	os.WriteFile(bad, []byte("id: x\nprograms: {}\n"), 0o644)
	noManifest := filepath.Join(dir, "copy.csv")
	b, _ := os.ReadFile(led)
	os.WriteFile(noManifest, b, 0o644)
	cases := [][]string{
		{"--help"}, {"run", "--help"}, {"validate", "--help"}, {"explain", "--help"}, {"verify", "--help"},
		{"policy", "--help"}, {"policy", "show", "--help"}, {"policy", "default", "--help"}, {"policy", "schema", "--help"},
		{"policy", "check", "--help"}, {"diff", "--help"}, {"eligibility", "--help"}, {"eligibility", "dengfeng", "--help"},
		{"verify-run", "--help"}, {"template", "--help"},
		{"run"}, {"run", "--period", "2022-13", "--in", in}, {"run", "--bogus"}, {"bogus"},
		{"run", "--period", "2022-06", "--in", filepath.Join(dir, "nodir")},
		{"run", "--period", "2022-06", "--in", in, "--out", led},
		{"run", "--period", "2022-06", "--in", in, "--out", filepath.Join(dir, "x.ods")},
		{"run", "--period", "2022-06", "--in", in, "--out", filepath.Join(dir, "strict.csv"), "--strict"},
		{"run", "--period", "2022-07", "--in", in, "--prior", noManifest, "--out", filepath.Join(dir, "july.csv")},
		{"run", "--period", "2022-06", "--in", in, "--policy", bad, "--out", filepath.Join(dir, "p.csv")},
		{"validate", "--period", "2022-06", "--in", in},
		{"explain", "--period", "2022-06", "--in", in, "overseas_litigation-c54a8d14f529d746"},
		{"explain"},
		{"policy", "check", bad}, {"policy", "check"},
		{"diff", led, filepath.Join(dir, "missing.csv")}, {"diff", led, led}, {"diff", "--format", "xml", led, led},
		{"verify-run", filepath.Join(dir, "nothing.json")}, {"verify-run", led + ".manifest.json"},
		{"template", "bogus"}, {"template"},
		{"eligibility", "dengfeng", "--in", in, "--as-of", "2022-06-30"}, {"eligibility", "dengfeng", "--as-of", "x", "--in", in},
	}
	for _, args := range cases {
		_, stdout, stderr := runCLI(t, args...)
		for _, out := range []string{stdout, stderr} {
			if m := englishProse.FindString(commandLines.ReplaceAllString(out, "")); m != "" {
				t.Errorf("subsidy %s: English in a Chinese run: %q\n%s", strings.Join(args, " "), strings.TrimSpace(m), out)
			}
		}
	}
	// and the other way: --lang en speaks English
	_, stdout, _ := runCLI(t, "run", "--help", "--lang", "en")
	if !strings.Contains(stdout, "compute one batch and write the ledger") || strings.Contains(stdout, "计算一个批次") {
		t.Errorf("run --help --lang en:\n%s", stdout)
	}
	_, _, stderr := runCLI(t, "run", "--lang", "en")
	if !strings.Contains(stderr, "the required flag --period is missing") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("missing --period, --lang en: want one English line, got:\n%s", stderr)
	}
}
