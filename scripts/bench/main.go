// Command bench measures `subsidy run` against the cost of merely reading
// its inputs (spec §7, issue "Scale"). One command, from the module root:
//
//	go run ./scripts/bench
//
// It builds the binary (./cmd/subsidy), the generator (./scripts/gen) and
// the floor reader (./scripts/floor); generates 1,000,000 and 100,000
// event rows as CSV, 100,000 as XLSX and a 10,000-row monthly batch; then
// times each run as a child process (wall time, best of -runs, and the
// peak RSS the kernel reports for it) and prints a markdown table with the
// ratios to the floor and the machine it ran on. Outputs go to -work
// (default: a temporary folder, removed afterwards unless -keep).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

var (
	n       = flag.Int("n", 1000000, "event rows of the large CSV batch")
	xlsxN   = flag.Int("xlsx-n", 100000, "event rows of the XLSX batch")
	smallN  = flag.Int("small", 10000, "event rows of the monthly batch")
	runs    = flag.Int("runs", 3, "runs per measurement (the fastest is shown); the large batch runs -runs-large times")
	runsBig = flag.Int("runs-large", 2, "runs of the large batch (the fastest is shown)")
	work    = flag.String("work", "", "work folder (default: a new temporary folder)")
	keep    = flag.Bool("keep", false, "keep the work folder")
	period  = flag.String("period", "2023-12", "batch month")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// measure is one timed child process.
type measure struct {
	wall time.Duration
	cpu  time.Duration // user + system
	rss  int64         // peak resident set, bytes
	err  error
	out  string
}

func (m measure) ok() bool { return m.err == nil }

// timeCmd runs a command -runs times and keeps the fastest run.
func timeCmd(times int, name string, args ...string) measure {
	var best measure
	for i := 0; i < times; i++ {
		cmd := exec.Command(name, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		m := measure{wall: time.Since(start), err: err, out: out.String()}
		if st := cmd.ProcessState; st != nil {
			m.cpu = st.UserTime() + st.SystemTime()
			if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
				m.rss = ru.Maxrss * 1024 // kilobytes on Linux
			}
		}
		if err != nil {
			return m
		}
		if i == 0 || m.wall < best.wall {
			best = m
		}
	}
	return best
}

func step(format string, a ...any) { fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...) }

func run() error {
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "subsidy-bench-")
		if err != nil {
			return err
		}
		dir = d
		if !*keep {
			defer os.RemoveAll(dir)
		}
	}
	bin := func(s string) string { return filepath.Join(dir, s) }
	root := "."
	if out, err := exec.Command("go", "env", "GOMOD").Output(); err == nil && strings.HasSuffix(strings.TrimSpace(string(out)), "go.mod") {
		root = filepath.Dir(strings.TrimSpace(string(out)))
	}
	for _, b := range [][2]string{{"subsidy", "./cmd/subsidy"}, {"gen", "./scripts/gen"}, {"floor", "./scripts/floor"}} {
		step("go build %s", b[1])
		cmd := exec.Command("go", "build", "-o", bin(b[0]), b[1])
		cmd.Dir, cmd.Stderr = root, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", b[1], err)
		}
	}
	gen := func(name string, rows int, extra ...string) (string, error) {
		out := bin(name)
		step("generating %d event rows into %s", rows, out)
		args := append([]string{"-n", fmt.Sprint(rows), "-out", out, "-period", *period, "-quiet"}, extra...)
		if m := timeCmd(1, bin("gen"), args...); !m.ok() {
			return "", fmt.Errorf("gen: %v\n%s", m.err, m.out)
		}
		return out, nil
	}
	big, err := gen("csv-large", *n)
	if err != nil {
		return err
	}
	mid, err := gen("csv-100k", *xlsxN)
	if err != nil {
		return err
	}
	small, err := gen("csv-small", *smallN)
	if err != nil {
		return err
	}
	xl, err := gen("xlsx-100k", *xlsxN, "-xlsx", "-csv=false")
	if err != nil {
		return err
	}
	outDir := bin("out")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	subsidyTo := func(times int, in, out string, extra ...string) measure {
		args := append([]string{"run", "--period", *period, "--in", in, "--out", filepath.Join(outDir, out), "--force", "--quiet"}, extra...)
		return timeCmd(times, bin("subsidy"), args...)
	}
	subsidy := func(times int, in string, extra ...string) measure {
		return subsidyTo(times, in, "ledger.csv", extra...)
	}
	floor := func(times int, format, in string) measure {
		return timeCmd(times, bin("floor"), "-format", format, in)
	}

	step("floor and run, %d CSV rows", *n)
	fBig, rBig := floor(*runsBig, "csv", big), subsidy(*runsBig, big)
	step("run, %d CSV rows, workbook ledger", *n)
	rBigX := subsidyTo(*runsBig, big, "ledger.xlsx")
	step("floor and run, %d CSV rows", *xlsxN)
	fMid, rMid := floor(*runs, "csv", mid), subsidy(*runs, mid)
	step("run, %d CSV rows, workbook ledger", *xlsxN)
	rMidX := subsidyTo(*runs, mid, "ledger.xlsx")
	step("run, %d CSV rows", *smallN)
	rSmall := subsidy(*runs, small)
	step("floor and run, %d XLSX rows", *xlsxN)
	fXL, rXL := floor(*runs, "xlsx", xl), subsidy(*runs, xl)
	// A second month over the same rosters with the first one's ledger as
	// --prior: the budget of spec §7 counts prior lines too.
	step("run, %d CSV rows with the ledger of an earlier month as --prior", *n)
	priorLedger := filepath.Join(outDir, "prior.csv")
	early := timeCmd(1, bin("subsidy"), "run", "--period", earlier(*period), "--in", big, "--out", priorLedger, "--force", "--quiet")
	var rPrior measure
	priorLines := 0
	if early.ok() {
		priorLines = countLines(priorLedger) - 1
		rPrior = subsidy(1, big, "--prior", priorLedger)
	} else {
		rPrior = early
	}

	var b strings.Builder
	fmt.Fprintf(&b, "| measurement | rows | `subsidy run` wall | peak RSS | CPU (user+sys) | floor wall | floor CPU | floor RSS | ratio wall (CPU) | target | met |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	row := func(name string, rows int, r, f measure, target string, met string) {
		fw, fc, frss, ratio := "—", "—", "—", "—"
		if f.ok() && f.wall > 0 {
			fw, fc, frss = secs(f.wall), secs(f.cpu), mib(f.rss)
			if r.ok() {
				ratio = fmt.Sprintf("%.2f× (%.2f×)", r.wall.Seconds()/f.wall.Seconds(), r.cpu.Seconds()/max(f.cpu.Seconds(), 0.001))
			}
		}
		if !r.ok() {
			fmt.Fprintf(&b, "| %s | %d | not available (%s) | | | %s | %s | %s | | %s | |\n", name, rows, firstLine(r.out, r.err), fw, fc, frss, target)
			return
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, rows, secs(r.wall), mib(r.rss), secs(r.cpu), fw, fc, frss, ratio, target, met)
	}
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	ratio := func(r, f measure) float64 { return r.wall.Seconds() / f.wall.Seconds() }
	const budget = 256 << 20
	row("CSV in, CSV ledger", *n, rBig, fBig, "≤ 3× floor, ≤ 256 MiB",
		yes(rBig.ok() && ratio(rBig, fBig) <= 3 && rBig.rss <= budget))
	row("CSV in, CSV ledger", *xlsxN, rMid, fMid, "—", "")
	row("XLSX in, CSV ledger", *xlsxN, rXL, fXL, "≤ 1.5× floor", yes(rXL.ok() && ratio(rXL, fXL) <= 1.5))
	row("CSV in, XLSX ledger", *n, rBigX, measure{err: errors.New("")}, "≤ 2× the CSV ledger's run, ≤ 256 MiB",
		yes(rBigX.ok() && rBig.ok() && ratio(rBigX, rBig) <= 2 && rBigX.rss <= budget))
	row("CSV in, XLSX ledger", *xlsxN, rMidX, measure{err: errors.New("")}, "—", "")
	row("monthly batch (CSV)", *smallN, rSmall, measure{err: errors.New("")}, "< 0.3 s", yes(rSmall.ok() && rSmall.wall < 300*time.Millisecond))
	row(fmt.Sprintf("CSV in + %d prior lines", priorLines), *n, rPrior, measure{err: errors.New("")}, "≤ 256 MiB", yes(rPrior.ok() && rPrior.rss <= budget))
	for _, x := range []struct {
		rows      int
		xlsx, csv measure
	}{{*n, rBigX, rBig}, {*xlsxN, rMidX, rMid}} {
		if x.xlsx.ok() && x.csv.ok() {
			fmt.Fprintf(&b, "\nWorkbook ledger against CSV ledger, %d rows: %.2f× the wall time, %.2f× the CPU time (target ≤ 2×).\n",
				x.rows, ratio(x.xlsx, x.csv), x.xlsx.cpu.Seconds()/max(x.csv.cpu.Seconds(), 0.001))
		}
	}
	if rMidX.ok() && rMid.ok() {
		fmt.Fprintf(&b, "\nWorkbook writer on its own (%d rows, `--out ledger.xlsx` minus `--out ledger.csv`): %s wall, %s CPU.\n",
			*xlsxN, secs(rMidX.wall-rMid.wall), secs(rMidX.cpu-rMid.cpu))
	}
	if rBig.ok() && rMid.ok() {
		g := rBig.wall.Seconds() / rMid.wall.Seconds()
		gc := rBig.cpu.Seconds() / rMid.cpu.Seconds()
		fmt.Fprintf(&b, "\nGrowth %d → %d rows: %.2f× the wall time, %.2f× the CPU time (target ≤ 11×: %s).\n", *xlsxN, *n, g, gc, yes(g <= 11))
	}
	fmt.Fprintf(&b, "\nMachine: %s, %d logical CPUs, %s %s/%s, load average at start %s. Wall is the fastest of %d runs (%d for %d rows); peak RSS is the child's ru_maxrss; outputs written under %s.\n",
		cpuModel(), runtime.NumCPU(), goVersion(), runtime.GOOS, runtime.GOARCH, loadAvg(), *runs, *runsBig, *n, os.TempDir())
	fmt.Print(b.String())
	return nil
}

// earlier is the month six months before period, so that its batch pays
// the older half of the rows and the full run finds them in --prior.
func earlier(period string) string {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	return t.AddDate(0, -6, 0).Format("2006-01")
}

func countLines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(data, []byte("\n"))
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func firstLine(out string, err error) string {
	s := strings.TrimSpace(out)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" && err != nil {
		s = err.Error()
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strings.ReplaceAll(s, "|", "/")
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH + " CPU"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH + " CPU"
}

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
