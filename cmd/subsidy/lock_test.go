package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"subsidy/cmd/subsidy/internal/output"
)

// TestOneRunPerLedger (issue 11, finding 5): while a run writes a ledger,
// a second run on the same --out exits 2 at once, saying so in Chinese,
// and leaves the first run's work folder alone; once the first is done,
// the lock is gone and the ledger can be written.
func TestOneRunPerLedger(t *testing.T) {
	in := copyExample(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "ledger.csv")
	lock, err := output.LockLedger(out)
	if err != nil {
		t.Fatal(err)
	}
	work, err := output.MakeWorkDir(out) // the first run's work folder
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "run", "--period", "2022-06", "--in", in, "--out", out)
	if code != exitUsage || !strings.Contains(stderr, "另一个运行正在写入明细") {
		t.Fatalf("second run: exit %d, want %d saying another run is writing:\n%s", code, exitUsage, stderr)
	}
	if _, err := os.Stat(work); err != nil {
		t.Fatalf("the second run removed the first one's work folder: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the second run wrote the ledger: %v", err)
	}
	os.RemoveAll(work)
	lock.Release()
	mustRun(t, "--period", "2022-06", "--in", in, "--out", out)
	if _, err := os.Stat(output.LockPath(out)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file stays after the run: %v", err)
	}
}

// TestInterruptCleansUp (issue 11, finding 6): Ctrl-C (SIGINT) during a
// run removes its work folder and temporary files and exits 130; no
// ledger is written.
func TestInterruptCleansUp(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the binary; SIGINT")
	}
	bin := buildSubsidy(t)
	in := t.TempDir()
	writeKillBatch(t, in, 60000)
	for _, delay := range []time.Duration{150 * time.Millisecond, 50 * time.Millisecond, 10 * time.Millisecond} {
		out := t.TempDir()
		cmd := exec.Command(bin, "run", "--period", "2022-06", "--in", in, "--out", "ledger.csv", "--lang", "en", "--quiet")
		cmd.Dir = out
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(os.Interrupt)
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			continue // it finished before the signal: try sooner
		}
		if ee.ExitCode() != exitInterrupted || !strings.Contains(stderr.String(), "interrupted") {
			t.Fatalf("exit %d, want %d saying it was interrupted:\n%s", ee.ExitCode(), exitInterrupted, stderr.String())
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			t.Errorf("an interrupted run left %s", e.Name())
		}
		return
	}
	t.Fatal("every run finished before it could be interrupted")
}
