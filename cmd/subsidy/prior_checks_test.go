package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"subsidy/cmd/subsidy/internal/output"
)

// The example month's overseas litigation case C-XH-2021-07: three lines
// under one case cap, the third capped (1,000,000.00 − 878,251.50).
const (
	caseLine1 = "overseas_litigation-f25470867fbdbb72"
	caseLine2 = "overseas_litigation-4e101444006673f6"
	caseLine3 = "overseas_litigation-c54a8d14f529d746"
)

// TestPriorCheckedWithoutManifest (issue 11, finding 3): a prior ledger is
// the record of what was paid and is checked as such with or without its
// manifest. Without one, an edited amount, a removed line that a later
// line of its cap key (in the same or a later ledger) accounts for, and a
// prior set missing an earlier month are refused; a removed line nothing
// accounts for cannot be seen, so the warning is printed even with
// --quiet, and --strict refuses the ledger.
func TestPriorCheckedWithoutManifest(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	mustRun(t, "--period", "2022-06", "--in", in, "--out", a)
	body := readFile(t, a)
	if !strings.Contains(body, caseLine3) || !strings.Contains(body, ",121748.50,capped,") {
		t.Fatal("the example's capped case line is not in its ledger")
	}
	withoutManifest := func(t *testing.T, edit func(string) string) string {
		t.Helper()
		p := filepath.Join(t.TempDir(), "prior.csv")
		if err := os.WriteFile(p, []byte(edit(body)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dropLine := func(id string) func(string) string {
		return func(s string) string {
			var keep []string
			for _, l := range strings.SplitAfter(s, "\n") {
				if !strings.HasPrefix(l, id+",") {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "")
		}
	}
	refused := []struct {
		name string
		edit func(string) string
		want []string
	}{
		{"capped line's payable set to 0.00", func(s string) string {
			return strings.Replace(s, ",121748.50,capped,", ",0.00,capped,", 1)
		}, []string{caseLine3, "column payable", "payable 0.00 is not", "121,748.50"}},
		{"capped line's payable and status set to zero", func(s string) string {
			return strings.Replace(s, ",121748.50,capped,", ",0.00,zero,", 1)
		}, []string{caseLine3, "column payable", "121,748.50"}},
		{"a status edited", func(s string) string {
			return strings.Replace(s, ",121748.50,capped,", ",121748.50,paid,", 1)
		}, []string{caseLine3, "column status", "make it capped"}},
		{"a computed amount edited", func(s string) string {
			return strings.Replace(s, ",0.5,266224.00,", ",0.5,366224.00,", 1)
		}, []string{caseLine3, "column computed"}},
		{"a middle line removed", dropLine(caseLine2), []string{caseLine3, "878,251.50 used before", "add up to 475,447.50"}},
		{"the first line removed", dropLine(caseLine1), []string{caseLine2, "475,447.50 used before", "hold only 0.00"}},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			p := withoutManifest(t, tc.edit)
			code, _, stderr := runCLI(t, "run", "--period", "2022-07", "--in", in, "--prior", p,
				"--out", filepath.Join(t.TempDir(), "b.csv"), "--quiet", "--lang", "en")
			if code != exitUsage {
				t.Fatalf("exit %d, want %d (refused)\n%s", code, exitUsage, stderr)
			}
			for _, w := range append(tc.want, "prior.csv") {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	t.Run("the last line removed", func(t *testing.T) {
		p := withoutManifest(t, dropLine(caseLine3))
		out := filepath.Join(t.TempDir(), "b.csv")
		code, _, stderr := runCLI(t, "run", "--period", "2022-07", "--in", in, "--prior", p, "--out", out, "--quiet", "--lang", "en")
		if code != 0 || !strings.Contains(stderr, "has no run manifest") || !strings.Contains(stderr, "would be paid again") {
			t.Fatalf("exit %d; want 0 with the no-manifest warning despite --quiet:\n%s", code, stderr)
		}
		code, _, stderr = runCLI(t, "run", "--period", "2022-07", "--in", in, "--prior", p, "--out", filepath.Join(t.TempDir(), "c.csv"), "--strict", "--quiet", "--lang", "en")
		if code != exitUsage || !strings.Contains(stderr, "--strict refuses it") {
			t.Fatalf("--strict: exit %d, want %d refusing the ledger:\n%s", code, exitUsage, stderr)
		}
	})
}

// TestPriorSetMissingAMonth (issue 11): months chained through --prior,
// then a run given only the last month's ledger: that ledger's line says
// what had been paid under its case cap before, which no ledger given
// holds, so the run is refused instead of counting the cap from too
// little. With every month given it runs.
func TestPriorSetMissingAMonth(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	may, june := filepath.Join(dir, "may.csv"), filepath.Join(dir, "june.csv")
	mustRun(t, "--period", "2022-05", "--in", in, "--out", may)
	mustRun(t, "--period", "2022-06", "--in", in, "--prior", may, "--out", june)
	if !strings.Contains(readFile(t, june), caseLine3) {
		t.Fatal("June's ledger lacks the case's third line")
	}
	code, _, stderr := runCLI(t, "run", "--period", "2022-07", "--in", in, "--prior", june, "--out", filepath.Join(dir, "july.csv"), "--quiet", "--lang", "en")
	// the first cap key in sorted order whose June line says more was used
	// before than the ledgers given hold: the insurance premiums of May
	if code != exitUsage || !strings.Contains(stderr, "missing from --prior") || !strings.Contains(stderr, "june.csv (batch 2022-06)") ||
		!strings.Contains(stderr, "insurance/91320583MA1XA00254/2022") {
		t.Fatalf("only June as prior: exit %d, want %d naming June's ledger and a cap key:\n%s", code, exitUsage, stderr)
	}
	mustRun(t, "--period", "2022-07", "--in", in, "--prior", dir, "--out", filepath.Join(t.TempDir(), "july.csv"))
	if _, err := os.Stat(output.ManifestPath(june)); err != nil {
		t.Fatal(err)
	}
}
