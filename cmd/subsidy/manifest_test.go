package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"subsidy/calc/policy"
	"subsidy/cmd/subsidy/internal/output"
)

// runCLI runs the command line in-process and returns the exit code, stdout
// and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"subsidy"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// copyExample copies the example batch's rosters into a new folder.
func copyExample(t *testing.T) string {
	t.Helper()
	src := filepath.Join(fixturesDir, "example-2022-06")
	dst := filepath.Join(t.TempDir(), "in")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(src, "*.csv"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// mustRun runs a batch that must succeed and returns its stderr.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, _, stderr := runCLI(t, append([]string{"run", "--lang", "en", "--quiet"}, args...)...)
	if code != 0 {
		t.Fatalf("run %v: exit %d\n%s", args, code, stderr)
	}
	return stderr
}

// TestManifestWrittenAndVerified (spec §8): a run writes
// <ledger>.manifest.json with the SHA-256 of every input, the policy and
// every output and the canonical hash of the ledger lines; verify-run
// passes on the untouched files, and names a changed input, a changed
// output and a missing output with exit 3; an unreadable manifest is exit 2.
func TestManifestWrittenAndVerified(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	led := filepath.Join(dir, "ledger-2022-06.csv")
	mustRun(t, "--period", "2022-06", "--in", in, "--out", led)
	mp := led + ".manifest.json"
	m, err := output.ReadManifest(mp)
	if err != nil {
		t.Fatal(err)
	}
	if m.Period != "2022-06" || m.PolicyID != "suzhou-ip-2021" || m.ProgramVersion == "" {
		t.Errorf("manifest header %+v", m)
	}
	if m.Policy.Path != output.EmbeddedPolicy || m.Policy.SHA256 != output.HashBytes(policy.DefaultYAML()) {
		t.Errorf("policy entry %+v", m.Policy)
	}
	if len(m.Inputs) != 8 {
		t.Errorf("%d inputs, want the 8 rosters", len(m.Inputs))
	}
	for _, e := range m.Inputs {
		if sum, _, _ := output.HashFile(output.Resolve(mp, e.Path)); sum != e.SHA256 {
			t.Errorf("input %s: recorded %s, file %s", e.Path, e.SHA256, sum)
		}
	}
	roles := map[string]output.ManifestFile{}
	for _, e := range m.Outputs {
		roles[e.Role] = e
	}
	if roles["ledger"].Path != "ledger-2022-06.csv" || roles["rejections"].Path != "rejections-2022-06.csv" {
		t.Errorf("outputs %+v", m.Outputs)
	}
	if sum, _, _ := output.HashFile(led); sum != roles["ledger"].SHA256 {
		t.Errorf("ledger hash recorded %s, file %s", roles["ledger"].SHA256, sum)
	}
	files, _, err := output.ReadPrior([]string{led})
	if err != nil {
		t.Fatal(err)
	}
	if m.LedgerLines != len(files[0].Lines) || m.LedgerLines == 0 || output.LinesHash(files[0].Lines) != m.LedgerLinesSHA256 {
		t.Errorf("ledger lines %d / %s, read back %d", m.LedgerLines, m.LedgerLinesSHA256, len(files[0].Lines))
	}

	if code, out, errs := runCLI(t, "verify-run", "--lang", "en", mp); code != exitOK || strings.Contains(out, "changed") {
		t.Fatalf("untouched run: exit %d\n%s%s", code, out, errs)
	}
	// The same ledger as JSON Lines has the same canonical lines.
	jl := filepath.Join(dir, "ledger-2022-06.jsonl")
	mustRun(t, "--period", "2022-06", "--in", in, "--out", jl, "--rejections", filepath.Join(dir, "rej2.csv"))
	mj, err := output.ReadManifest(jl + ".manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if mj.LedgerLinesSHA256 != m.LedgerLinesSHA256 {
		t.Error("the CSV and JSON Lines ledgers of one batch have different canonical line hashes")
	}

	grants := filepath.Join(in, "grants.csv")
	b, _ := os.ReadFile(grants)
	os.WriteFile(grants, append(b, '\n'), 0o644)
	code, out, errs := runCLI(t, "verify-run", "--lang", "en", mp)
	if code != exitDiffers || !strings.Contains(out, "grants.csv: changed") || !strings.Contains(errs, "1 files do not match") {
		t.Errorf("changed input: exit %d\n%s%s", code, out, errs)
	}
	os.WriteFile(grants, b, 0o644)
	os.Remove(filepath.Join(dir, "rejections-2022-06.csv"))
	lb, _ := os.ReadFile(led)
	os.WriteFile(led, bytes.Replace(lb, []byte("paid"), []byte("PAID"), 1), 0o644)
	code, out, _ = runCLI(t, "verify-run", "--lang", "en", mp)
	if code != exitDiffers || !strings.Contains(out, "rejections-2022-06.csv: missing") ||
		!strings.Contains(out, "ledger-2022-06.csv: changed") || !strings.Contains(out, "(ledger lines): changed") {
		t.Errorf("missing rejections and edited ledger: exit %d\n%s", code, out)
	}
	os.WriteFile(mp, []byte(`{"format":"x"}`), 0o644)
	if code, _, errs := runCLI(t, "verify-run", "--lang", "en", mp); code != exitUsage || !strings.Contains(errs, "not a valid run manifest") {
		t.Errorf("bad manifest: exit %d %s", code, errs)
	}
	if code, _, _ := runCLI(t, "verify-run"); code != exitUsage {
		t.Errorf("no argument: exit %d", code)
	}
}

// TestPriorManifest (spec §8): a prior ledger that matches its manifest is
// used silently; one edited after the run (a cell changed, as Excel would
// save it) is refused naming the file; one without a manifest is used with
// a warning.
func TestPriorManifest(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	led := filepath.Join(dir, "ledger-2022-06.csv")
	mustRun(t, "--period", "2022-06", "--in", in, "--out", led)
	next := func(name string, extra ...string) (int, string) {
		args := append([]string{"run", "--lang", "en", "--period", "2022-07", "--in", in, "--prior", led,
			"--out", filepath.Join(t.TempDir(), name)}, extra...)
		code, _, stderr := runCLI(t, args...)
		return code, stderr
	}
	if code, stderr := next("a.csv"); code != 0 || strings.Contains(stderr, "manifest") {
		t.Fatalf("matching prior: exit %d\n%s", code, stderr)
	}
	orig, _ := os.ReadFile(led)
	// An edit that keeps the CSV valid and every amount: a recipient's name.
	lines := strings.SplitN(string(orig), "\n", 3)
	cells := strings.Split(lines[1], ",")
	cells[8] = cells[8] + "（改）"
	edited := lines[0] + "\n" + strings.Join(cells, ",") + "\n" + lines[2]
	os.WriteFile(led, []byte(edited), 0o644)
	code, stderr := next("b.csv")
	if code != exitUsage || !strings.Contains(stderr, "does not match its run manifest") || !strings.Contains(stderr, led) {
		t.Errorf("edited prior: exit %d\n%s", code, stderr)
	}
	os.Remove(led + ".manifest.json")
	code, stderr = next("c.csv")
	if code != 0 || !strings.Contains(stderr, "has no run manifest") {
		t.Errorf("prior without manifest: exit %d\n%s", code, stderr)
	}
}

// TestPriorCopies (spec §8): the same ledger kept in two formats counts
// once (the next batch is the same as with one copy); two copies with
// different amounts for one line_id are refused; a prior of another policy
// id is refused unless --allow-policy-change.
func TestPriorCopies(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	csvL := filepath.Join(dir, "ledger-2022-06.csv")
	jsonL := filepath.Join(dir, "ledger-2022-06.jsonl")
	mustRun(t, "--period", "2022-06", "--in", in, "--out", csvL)
	mustRun(t, "--period", "2022-06", "--in", in, "--out", jsonL, "--rejections", filepath.Join(dir, "r2.csv"))
	out := t.TempDir()
	mustRun(t, "--period", "2022-07", "--in", in, "--prior", csvL, "--out", filepath.Join(out, "one.csv"))
	mustRun(t, "--period", "2022-07", "--in", in, "--prior", csvL, "--prior", jsonL, "--out", filepath.Join(out, "two.csv"), "--rejections", filepath.Join(out, "r2.csv"))
	mustRun(t, "--period", "2022-07", "--in", in, "--prior", dir, "--out", filepath.Join(out, "dir.csv"), "--rejections", filepath.Join(out, "r3.csv"))
	one, _ := os.ReadFile(filepath.Join(out, "one.csv"))
	for _, n := range []string{"two.csv", "dir.csv"} {
		if b, _ := os.ReadFile(filepath.Join(out, n)); !bytes.Equal(b, one) {
			t.Errorf("%s: the ledger differs from the one with a single prior copy", n)
		}
	}

	jb, _ := os.ReadFile(jsonL)
	first, rest, _ := strings.Cut(string(jb), "\n")
	var obj map[string]any
	if err := json.Unmarshal([]byte(first), &obj); err != nil {
		t.Fatal(err)
	}
	obj["payable"] = "1.00"
	nb, _ := json.Marshal(obj)
	os.WriteFile(jsonL, []byte(string(nb)+"\n"+rest), 0o644)
	os.Remove(jsonL + ".manifest.json")
	code, _, stderr := runCLI(t, "run", "--lang", "en", "--period", "2022-07", "--in", in, "--prior", csvL, "--prior", jsonL, "--out", filepath.Join(out, "x.csv"), "--rejections", filepath.Join(out, "rx.csv"))
	if code != exitUsage || !strings.Contains(stderr, "column payable is") {
		t.Errorf("conflicting copies: exit %d\n%s", code, stderr)
	}

	pol := filepath.Join(t.TempDir(), "other.yaml")
	os.WriteFile(pol, bytes.Replace(policy.DefaultYAML(), []byte("\nid: suzhou-ip-2021\n"), []byte("\nid: kunshan-2022\n"), 1), 0o644)
	other := filepath.Join(t.TempDir(), "ledger-2022-06.csv")
	mustRun(t, "--period", "2022-06", "--in", in, "--policy", pol, "--out", other)
	code, _, stderr = runCLI(t, "run", "--lang", "en", "--period", "2022-07", "--in", in, "--prior", other, "--out", filepath.Join(out, "y.csv"), "--rejections", filepath.Join(out, "ry.csv"))
	if code != exitUsage || !strings.Contains(stderr, "written under policy kunshan-2022") {
		t.Errorf("prior of another policy: exit %d\n%s", code, stderr)
	}
	mustRun(t, "--period", "2022-07", "--in", in, "--prior", other, "--allow-policy-change", "--out", filepath.Join(out, "z.csv"), "--rejections", filepath.Join(out, "r4.csv"))
	if b, _ := os.ReadFile(filepath.Join(out, "z.csv")); !bytes.Equal(b, one) {
		t.Error("with --allow-policy-change the prior of another policy id is not used as prior")
	}
}
