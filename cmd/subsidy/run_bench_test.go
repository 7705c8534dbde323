package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/input"
)

// benchBatch is the folder of the generated batch the whole-run benchmark
// reads: $SUBSIDY_BENCH_DIR, else a 10,000-row batch written by
// scripts/gen into a temporary folder.
func benchBatch(b *testing.B) string {
	if d := os.Getenv("SUBSIDY_BENCH_DIR"); d != "" {
		return d
	}
	dir := b.TempDir()
	cmd := exec.Command("go", "run", "../../scripts/gen", "-n", "10000", "-out", dir, "-quiet")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		b.Skipf("scripts/gen: %v", err)
	}
	return dir
}

// BenchmarkRun measures a whole `subsidy run` in process (read, engine,
// ledger and rejections written), for profiling with -cpuprofile and
// -memprofile: go test -run '^$' -bench Run$ -cpuprofile cpu.out ./cmd/subsidy
// ($SUBSIDY_BENCH_PRIOR, when set, is passed as --prior).
func BenchmarkRun(b *testing.B) {
	dir := benchBatch(b)
	out := filepath.Join(b.TempDir(), "ledger.csv")
	args := []string{"subsidy", "run", "--period", "2023-12", "--in", dir, "--out", out, "--force", "--quiet"}
	if p := os.Getenv("SUBSIDY_BENCH_PRIOR"); p != "" {
		args = append(args, "--prior", p)
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := run(args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// discardRejections drops the rejections, as a rejections file written
// as they come would.
type discardRejections struct{}

func (discardRejections) Rejection(*ledger.Rejection) error { return nil }

// heapAt is a line sink that writes the live heap profile to path when
// the engine hands it line n: the working set in the middle of a batch.
type heapAt struct {
	b    *testing.B
	n    int
	path string
}

func (h *heapAt) Line(*ledger.Line) error {
	if h.n--; h.n == 0 {
		writeHeap(h.b, h.path)
	}
	return nil
}

// writeHeap collects the garbage and writes the live heap profile to path.
func writeHeap(b *testing.B, path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHeap reports the live heap after the engine has run on the
// batch with its lines sunk, as `subsidy run` does (the rejections and
// indexes a run holds before writing):
// SUBSIDY_HEAP_PROFILE=heap.out go test -run '^$' -bench Heap -benchtime 1x ./cmd/subsidy
// With SUBSIDY_HEAP_AT=N the profile is written when the engine makes its
// Nth line instead, the working set in the middle of the batch.
// then go tool pprof -sample_index inuse_space heap.out.
func BenchmarkHeap(b *testing.B) {
	dir := benchBatch(b)
	for b.Loop() {
		found, err := input.Discover(dir, input.DiscoverOptions{})
		if err != nil {
			b.Fatal(err)
		}
		var prior []string
		if p := os.Getenv("SUBSIDY_BENCH_PRIOR"); p != "" {
			prior = []string{p}
		}
		ld, err := batch.Load(batch.Options{Period: "2023-12", Rosters: found.Rosters, Lang: "en", Prior: prior, SpillDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		var lines engine.LineSink = batch.Discard{}
		at, _ := strconv.Atoi(os.Getenv("SUBSIDY_HEAP_AT"))
		profile := os.Getenv("SUBSIDY_HEAP_PROFILE")
		if at > 0 && profile != "" {
			lines, profile = &heapAt{b: b, n: at, path: profile}, ""
		}
		res, err := engine.Run(ld.In, engine.Options{Lines: lines, Rejections: discardRejections{}})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MiB-live")
		if profile != "" {
			writeHeap(b, profile)
		}
		b.ReportMetric(float64(res.LineCount), "lines")
		runtime.KeepAlive(res)
		runtime.KeepAlive(ld)
	}
}

// BenchmarkRunXLSX is BenchmarkRun writing the workbook ledger (the
// default output), for profiling the workbook writer in a whole run.
func BenchmarkRunXLSX(b *testing.B) {
	dir := benchBatch(b)
	out := filepath.Join(b.TempDir(), "ledger.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if code := run([]string{"subsidy", "run", "--period", "2023-12", "--in", dir, "--out", out, "--force", "--quiet"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
