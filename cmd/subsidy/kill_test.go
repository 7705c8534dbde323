package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeKillBatch writes a batch large enough that a run takes a few tenths
// of a second, most of it in reading and writing: the example enterprises
// and n licensing payments, each a ledger line.
func writeKillBatch(t *testing.T, dir string, n int) {
	t.Helper()
	ents, err := os.ReadFile(filepath.Join(fixturesDir, "example-2022-06", "enterprises.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "enterprises.csv"), ents, 0o644); err != nil {
		t.Fatal(err)
	}
	var usccs []string
	for _, line := range strings.Split(string(ents), "\n")[1:] {
		if u, _, ok := strings.Cut(line, ","); ok {
			usccs = append(usccs, u)
		}
	}
	var b bytes.Buffer
	b.WriteString("contract_id,uscc,role,kind,counterparty,cross_border,amount,currency,paid_date,payment_no\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "HT-%07d,%s,licensee,license,对方%d,no,%d.%02d,CNY,2022-%02d-%02d,1\n",
			i, usccs[i%len(usccs)], i, 10000+i*7%900000, i%100, 1+i%6, 1+i%28)
	}
	if err := os.WriteFile(filepath.Join(dir, "licensing.csv"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot reads every file of dir by name (a folder by name only).
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() {
			m[e.Name()] = nil // a run's work folder
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

// TestKillRun (spec §1.7, §8): `subsidy run` killed with SIGKILL at random
// points (KILL_POINTS of them, default 5; CI sets 100; seed KILL_SEED)
// leaves no partial output: every output present is complete (the bytes of
// an uninterrupted run), a ledger is only present with its rejections and
// manifest, the earlier ledger and its manifest are untouched; the next run
// without --force removes the temporary files, replaces the debris with a
// warning and writes the same bytes as an uninterrupted run.
func TestKillRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	points := 5
	if s := os.Getenv("KILL_POINTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("KILL_POINTS=%q", s)
		}
		points = n
	}
	seed := uint64(20220630)
	if s := os.Getenv("KILL_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("KILL_SEED=%q", s)
		}
		seed = n
	}
	bin := buildSubsidy(t)
	root := t.TempDir()
	in := filepath.Join(root, "in")
	os.MkdirAll(in, 0o755)
	writeKillBatch(t, in, 12000)

	// The earlier month's ledger, passed as prior, must stay untouched.
	earlier := filepath.Join(root, "earlier")
	os.MkdirAll(earlier, 0o755)
	if r := runBinary(t, bin, earlier, "run", "--period", "2022-03", "--in", in, "--out", "ledger-2022-03.csv", "--quiet"); r.code != 0 {
		t.Fatalf("earlier month: exit %d\n%s", r.code, r.stderr)
	}
	before := snapshot(t, earlier)
	args := []string{"run", "--period", "2022-06", "--in", in, "--prior", filepath.Join(earlier, "ledger-2022-03.csv"),
		"--out", "ledger-2022-06.csv", "--lang", "en", "--quiet"}

	// The uninterrupted run, in a folder of the same name so that the
	// manifest (which records outputs relative to itself) is comparable.
	ref := filepath.Join(root, "ref", "out")
	os.MkdirAll(ref, 0o755)
	start := time.Now()
	if r := runBinary(t, bin, ref, args...); r.code != 0 {
		t.Fatalf("uninterrupted run: exit %d\n%s", r.code, r.stderr)
	}
	span := time.Since(start)
	want := snapshot(t, ref)
	if len(want) != 3 || len(want["ledger-2022-06.csv"]) < 1<<20 {
		t.Fatalf("uninterrupted run wrote %d files, ledger %d bytes", len(want), len(want["ledger-2022-06.csv"]))
	}
	t.Logf("uninterrupted run: %v, ledger %d bytes", span.Round(time.Millisecond), len(want["ledger-2022-06.csv"]))

	rng := rand.New(rand.NewPCG(seed, 7))
	killTmp := t.TempDir()
	out := filepath.Join(root, "kill", "out")
	outcomes := map[string]int{}
	for i := 0; i < points; i++ {
		os.RemoveAll(out)
		os.MkdirAll(out, 0o755)
		// Half the kill points anywhere in the run, half in its second
		// half, where the outputs are written.
		frac := rng.Float64()
		if i%2 == 1 {
			frac = 0.5 + rng.Float64()*0.5
		}
		delay := time.Duration(frac * float64(span))
		cmd := exec.Command(bin, args...)
		cmd.Dir = out
		// anything the run puts in the system temporary folder stays in the test's
		cmd.Env = append(os.Environ(), "TMPDIR="+killTmp)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		got := snapshot(t, out)
		var temps, finals []string
		for name, b := range got {
			if strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-") {
				temps = append(temps, name)
				continue
			}
			finals = append(finals, name)
			if w, ok := want[name]; !ok || !bytes.Equal(b, w) {
				t.Fatalf("kill point %d (%v): %s is partial or unexpected (%d bytes, want %d)", i, delay, name, len(b), len(w))
			}
		}
		if _, ok := got["ledger-2022-06.csv"]; ok && len(finals) != 3 {
			t.Fatalf("kill point %d: the ledger is in place without all its companions: %v", i, finals)
		}
		if after := snapshot(t, earlier); len(after) != len(before) {
			t.Fatalf("kill point %d: the earlier folder changed", i)
		} else {
			for n, b := range before {
				if !bytes.Equal(after[n], b) {
					t.Fatalf("kill point %d: earlier file %s changed", i, n)
				}
			}
		}
		state := fmt.Sprintf("%d final, temp=%v", len(finals), len(temps) > 0)
		outcomes[state]++
		if len(finals) == 3 {
			continue // the run had completed
		}
		r := runBinary(t, bin, out, args...)
		if r.code != 0 {
			t.Fatalf("kill point %d: re-run exit %d\n%s", i, r.code, r.stderr)
		}
		for _, tmp := range temps {
			if !strings.Contains(r.stderr, tmp) {
				t.Errorf("kill point %d: no warning for the removed %s:\n%s", i, tmp, r.stderr)
			}
		}
		for _, f := range finals {
			if !strings.Contains(r.stderr, f+" was left by a run that did not complete") {
				t.Errorf("kill point %d: no warning for the replaced %s:\n%s", i, f, r.stderr)
			}
		}
		again := snapshot(t, out)
		if len(again) != len(want) {
			t.Fatalf("kill point %d: after the re-run the folder holds %d files, want %d", i, len(again), len(want))
		}
		for n, w := range want {
			if !bytes.Equal(again[n], w) {
				t.Fatalf("kill point %d: re-run %s differs from the uninterrupted run", i, n)
			}
		}
	}
	t.Logf("%d kill points: %v", points, outcomes)
}
