// Command bench measures `subsidy run` against the floors of issue 15: the
// bare read of its inputs (encoding/csv, or excelize for workbooks), and
// that read plus writing the ledger the run produced (encoding/csv,
// fsynced). One command, from the module root:
//
//	go run ./scripts/bench
//
// It builds the binary (./cmd/subsidy), the generator (./scripts/gen) and
// the floor reader (./scripts/floor); generates the batches (1,000,000 and
// 100,000 event rows as CSV, 100,000 as XLSX, a 10,000-row month, a
// 600,000-row batch whose every row is invalid, and an earlier batch whose
// ledger of about 1,000,000 lines is the --prior of the large one); then
// times each run as a child process (wall time, best of -runs, CPU and the
// peak RSS the kernel reports for it) and prints one markdown table with
// every ratio and target, and the machine it ran on. Outputs go to -work
// (default: a temporary folder, removed afterwards unless -keep).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var (
	n        = flag.Int("n", 1000000, "event rows of the large CSV batch")
	xlsxN    = flag.Int("xlsx-n", 100000, "event rows of the XLSX batch (and of the CSV batch the growth is measured from)")
	smallN   = flag.Int("small", 10000, "event rows of the monthly batch")
	invalidN = flag.Int("invalid", 600000, "event rows of the batch whose every row is invalid")
	priorN   = flag.Int("prior-lines", 1000000, "ledger lines (about) of the earlier month given as --prior to the large batch; 0: none")
	runs     = flag.Int("runs", 3, "runs per measurement of the smaller batches (the fastest is shown)")
	runsBig  = flag.Int("runs-large", 2, "runs per measurement of the large batch (the fastest is shown)")
	work     = flag.String("work", "", "work folder (default: a new temporary folder)")
	keep     = flag.Bool("keep", false, "keep the work folder")
	period   = flag.String("period", "2023-12", "batch month")
)

// budget is the memory every run must stay within (spec §7).
const budget = 256 << 20

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: "+err.Error())
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

// timedFloor matches the floor's own timing of its read and write.
var timedFloor = regexp.MustCompile(`(?m)^timed: ([0-9.]+)s$`)

// timeCmd runs a command times times and keeps the fastest run, its
// output kept for the messages. A floor that times itself (timedFloor) is
// measured by that time.
func timeCmd(times int, name string, args ...string) measure {
	return timeCmdTo(times, nil, name, args...)
}

// timeCmdTo is timeCmd with the standard output sent to stdout (nil: kept
// with the standard error).
func timeCmdTo(times int, stdout io.Writer, name string, args ...string) measure {
	var best measure
	for i := 0; i < times; i++ {
		cmd := exec.Command(name, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if stdout != nil {
			cmd.Stdout = stdout
		}
		start := time.Now()
		err := cmd.Run()
		m := measure{wall: time.Since(start), err: err, out: out.String()}
		if sub := timedFloor.FindStringSubmatch(m.out); sub != nil {
			if s, perr := strconv.ParseFloat(sub[1], 64); perr == nil {
				m.wall = time.Duration(s * float64(time.Second))
			}
		}
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

// bench is one bench's work folder and binaries.
type bench struct {
	dir, out string
}

func (b *bench) bin(s string) string { return filepath.Join(b.dir, s) }

// build builds the three programs into the work folder.
func (b *bench) build() error {
	root := "."
	if out, err := exec.Command("go", "env", "GOMOD").Output(); err == nil && strings.HasSuffix(strings.TrimSpace(string(out)), "go.mod") {
		root = filepath.Dir(strings.TrimSpace(string(out)))
	}
	for _, p := range [][2]string{{"subsidy", "./cmd/subsidy"}, {"gen", "./scripts/gen"}, {"floor", "./scripts/floor"}} {
		step("go build %s", p[1])
		cmd := exec.Command("go", "build", "-o", b.bin(p[0]), p[1])
		cmd.Dir, cmd.Stderr = root, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", p[1], err)
		}
	}
	return os.MkdirAll(b.out, 0o755)
}

// gen generates rows event rows into the folder name.
func (b *bench) gen(name string, rows int, extra ...string) (string, error) {
	out := b.bin(name)
	step("generating %d event rows into %s", rows, out)
	args := append([]string{"-n", strconv.Itoa(rows), "-out", out, "-period", *period, "-quiet"}, extra...)
	if m := timeCmd(1, b.bin("gen"), args...); !m.ok() {
		return "", fmt.Errorf("gen: %v\n%s", m.err, m.out)
	}
	return out, nil
}

// subsidy runs `subsidy ARGS… --quiet` times times.
func (b *bench) subsidy(times int, args ...string) measure {
	return timeCmd(times, b.bin("subsidy"), append(args, "--quiet")...)
}

// runTo runs the batch in over the month into the ledger out (a name in
// the output folder).
func (b *bench) runTo(times int, in, out string, extra ...string) measure {
	args := append([]string{"run", "--period", *period, "--in", in, "--out", filepath.Join(b.out, out), "--force"}, extra...)
	return b.subsidy(times, args...)
}

// floor reads the folder in (format csv or xlsx); with a ledger, it also
// writes that ledger again (the read + write floor).
func (b *bench) floor(times int, format, in, ledger string) measure {
	args := []string{"-format", format}
	if ledger != "" {
		args = append(args, "-ledger", ledger)
	}
	return timeCmd(times, b.bin("floor"), append(args, in)...)
}

// row is one measurement of the table, with its floors and target.
type row struct {
	name       string
	rows       int
	r          measure
	read, rw   *measure // the floors, when the row is compared with them
	target     string
	met        func() bool // nil: no target
	skipReason string
}

func run() error {
	b := &bench{dir: *work}
	if b.dir == "" {
		d, err := os.MkdirTemp("", "subsidy-bench-")
		if err != nil {
			return err
		}
		b.dir = d
		if !*keep {
			defer os.RemoveAll(d)
		}
	}
	b.out = b.bin("out")
	if err := b.build(); err != nil {
		return err
	}
	in, err := generate(b)
	if err != nil {
		return err
	}
	rows := measureAll(b, in)
	fmt.Print(table(rows))
	return nil
}

// inputs are the generated batches.
type inputs struct {
	big, mid, small, xl, invalid, prior string
}

func generate(b *bench) (inputs, error) {
	var in inputs
	var err error
	for _, g := range []struct {
		dst   *string
		name  string
		rows  int
		extra []string
	}{
		{&in.big, "csv-large", *n, nil},
		{&in.mid, "csv-100k", *xlsxN, nil},
		{&in.small, "csv-small", *smallN, nil},
		{&in.xl, "xlsx-100k", *xlsxN, []string{"-xlsx", "-csv=false"}},
		{&in.invalid, "csv-invalid", *invalidN, []string{"-invalid", "100", "-seed", "3"}},
	} {
		if *g.dst, err = b.gen(g.name, g.rows, g.extra...); err != nil {
			return in, err
		}
	}
	if *priorN > 0 {
		// about 0.61 ledger lines per generated row; another seed, an
		// earlier month: other events of the same enterprises
		rows := int(float64(*priorN) / 0.61)
		if in.prior, err = b.gen("csv-prior", rows, "-seed", "2", "-period", earlier(*period)); err != nil {
			return in, err
		}
	}
	return in, nil
}

// measureAll times every configuration of issue 15.
func measureAll(b *bench, in inputs) []row {
	ledger := filepath.Join(b.out, "ledger.csv")
	step("run, %d CSV rows, CSV ledger", *n)
	rBig := b.runTo(*runsBig, in.big, "ledger.csv")
	step("floors, %d CSV rows (read; read + write of the ledger)", *n)
	fBig, fBigRW := b.floor(*runsBig, "csv", in.big, ""), b.floor(*runsBig, "csv", in.big, ledger)
	step("run, %d CSV rows, workbook ledger", *n)
	rBigX := b.runTo(*runsBig, in.big, "ledger.xlsx")
	step("run, %d CSV rows, CSV ledger to standard output", *n)
	rStdout := timeCmdTo(1, io.Discard, b.bin("subsidy"), "run", "--period", *period, "--in", in.big, "--out", "-",
		"--rejections", filepath.Join(b.out, "stdout-rejections.csv"), "--force", "--quiet")
	step("validate, %d CSV rows", *n)
	rValidate := b.subsidy(1, "validate", "--period", *period, "--in", in.big)
	step("run and floors, %d CSV rows", *xlsxN)
	rMid := b.runTo(*runs, in.mid, "ledger-100k.csv")
	fMid, fMidRW := b.floor(*runs, "csv", in.mid, ""), b.floor(*runs, "csv", in.mid, filepath.Join(b.out, "ledger-100k.csv"))
	rMidX := b.runTo(*runs, in.mid, "ledger-100k.xlsx")
	step("run and floor, %d XLSX rows", *xlsxN)
	rXL, fXL := b.runTo(*runs, in.xl, "ledger-xl.csv"), b.floor(*runs, "xlsx", in.xl, "")
	step("run, %d CSV rows (a month)", *smallN)
	rSmall := b.runTo(*runs, in.small, "ledger-small.csv")
	step("run, %d invalid CSV rows", *invalidN)
	rInvalid := b.runTo(1, in.invalid, "ledger-invalid.csv")

	ratio := func(r, f measure) float64 { return r.wall.Seconds() / f.wall.Seconds() }
	within := func(r measure) bool { return r.ok() && r.rss <= budget }
	rows := []row{
		{name: "CSV in, CSV ledger", rows: *n, r: rBig, read: &fBig, rw: &fBigRW, target: "≤ 3× read + write floor, ≤ 256 MiB",
			met: func() bool { return within(rBig) && fBigRW.ok() && ratio(rBig, fBigRW) <= 3 }},
		{name: "CSV in, workbook ledger", rows: *n, r: rBigX, target: "≤ 2× the CSV ledger's run, ≤ 256 MiB",
			met: func() bool { return within(rBigX) && rBig.ok() && ratio(rBigX, rBig) <= 2 }},
		{name: "CSV in, CSV ledger to stdout (`--out -`)", rows: *n, r: rStdout, target: "≤ 256 MiB", met: func() bool { return within(rStdout) }},
		{name: "`validate`", rows: *n, r: rValidate, read: &fBig, target: "≤ 256 MiB", met: func() bool { return within(rValidate) }},
		{name: "CSV in, CSV ledger", rows: *xlsxN, r: rMid, read: &fMid, rw: &fMidRW},
		{name: "CSV in, workbook ledger", rows: *xlsxN, r: rMidX},
		{name: "XLSX in, CSV ledger", rows: *xlsxN, r: rXL, read: &fXL, target: "≤ 1.5× read floor", met: func() bool { return rXL.ok() && fXL.ok() && ratio(rXL, fXL) <= 1.5 }},
		{name: "a month (CSV)", rows: *smallN, r: rSmall, target: "< 0.3 s", met: func() bool { return rSmall.ok() && rSmall.wall < 300*time.Millisecond }},
		{name: "every row invalid", rows: *invalidN, r: rInvalid, target: "≤ 256 MiB", met: func() bool { return within(rInvalid) }},
	}
	rows = append(rows, measurePrior(b, in)...)
	return append(rows, summaryRows(rBig, rBigX, rMid, rMidX)...)
}

// measurePrior runs the earlier month's batch into a CSV and a workbook
// ledger (untimed), then the large batch with each as --prior.
func measurePrior(b *bench, in inputs) []row {
	if in.prior == "" {
		return nil
	}
	var rows []row
	for _, ext := range []string{"csv", "xlsx"} {
		prior := filepath.Join(b.out, "prior."+ext)
		step("the earlier month's ledger (%s), then %d CSV rows with it as --prior", ext, *n)
		early := timeCmd(1, b.bin("subsidy"), "run", "--period", earlier(*period), "--in", in.prior, "--out", prior, "--force", "--quiet")
		r := early
		lines := 0
		if early.ok() {
			lines = manifestLines(prior)
			r = b.runTo(1, in.big, "ledger-prior-"+ext+".csv", "--prior", prior)
		}
		rows = append(rows, row{name: fmt.Sprintf("CSV in + %d prior lines (%s prior)", lines, ext), rows: *n, r: r,
			target: "≤ 256 MiB", met: func() bool { return r.ok() && r.rss <= budget }})
	}
	return rows
}

// summaryRows are the ratios between runs: the workbook against the CSV
// ledger, and the growth from the smaller batch to the large one.
func summaryRows(rBig, rBigX, rMid, rMidX measure) []row {
	var rows []row
	if rBigX.ok() && rBig.ok() {
		rows = append(rows, row{name: fmt.Sprintf("workbook ÷ CSV ledger: %.2f× wall, %.2f× CPU (%d rows)",
			rBigX.wall.Seconds()/rBig.wall.Seconds(), rBigX.cpu.Seconds()/rBig.cpu.Seconds(), *n), skipReason: "summary"})
	}
	if rMidX.ok() && rMid.ok() {
		rows = append(rows, row{name: fmt.Sprintf("workbook ÷ CSV ledger: %.2f× wall (%d rows)",
			rMidX.wall.Seconds()/rMid.wall.Seconds(), *xlsxN), skipReason: "summary"})
	}
	if rBig.ok() && rMid.ok() {
		g := rBig.wall.Seconds() / rMid.wall.Seconds()
		met := "yes"
		if g > 10.5 {
			met = "**no**"
		}
		rows = append(rows, row{name: fmt.Sprintf("growth %d → %d rows: %.2f× wall, %.2f× CPU (target ≤ 10.5×: %s)",
			*xlsxN, *n, g, rBig.cpu.Seconds()/rMid.cpu.Seconds(), met), skipReason: "summary"})
	}
	return rows
}

// table prints the rows as one markdown table, the summaries below it.
func table(rows []row) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| measurement | rows | wall | peak RSS | CPU | read floor | ÷ read floor | read + write floor | ÷ read + write floor | target | met |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	var notes []string
	for _, x := range rows {
		if x.skipReason == "summary" {
			notes = append(notes, x.name)
			continue
		}
		if !x.r.ok() {
			fmt.Fprintf(&b, "| %s | %d | not available (%s) | | | | | | | %s | **no** |\n", x.name, x.rows, firstLine(x.r.out, x.r.err), x.target)
			continue
		}
		floorCells := func(f *measure) (string, string) {
			if f == nil || !f.ok() || f.wall <= 0 {
				return "—", "—"
			}
			return secs(f.wall), fmt.Sprintf("%.2f×", x.r.wall.Seconds()/f.wall.Seconds())
		}
		rf, rr := floorCells(x.read)
		wf, wr := floorCells(x.rw)
		met := ""
		if x.met != nil {
			met = "**no**"
			if x.met() {
				met = "yes"
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			x.name, x.rows, secs(x.r.wall), mib(x.r.rss), secs(x.r.cpu), rf, rr, wf, wr, x.target, met)
	}
	b.WriteString("\n")
	for _, s := range notes {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	fmt.Fprintf(&b, "\nMachine: %s, %d logical CPUs, %s %s/%s, load average at start %s. Wall is the fastest of %d runs (%d for %d rows; one for stdout, validate, the invalid and the prior batches); a floor's wall is its own timing of the read (and write); peak RSS is the child's ru_maxrss.\n",
		cpuModel(), runtime.NumCPU(), goVersion(), runtime.GOOS, runtime.GOARCH, loadAvg(), *runs, *runsBig, *n)
	return b.String()
}

// earlier is the month six months before period, so that its batch pays
// older rows and the large run finds them in --prior.
func earlier(period string) string {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	return t.AddDate(0, -6, 0).Format("2006-01")
}

// manifestLines is the line count the run manifest of a ledger records.
func manifestLines(ledger string) int {
	data, err := os.ReadFile(ledger + ".manifest.json")
	if err != nil {
		return 0
	}
	var m struct {
		Lines int `json:"ledger_lines"`
	}
	if json.Unmarshal(data, &m) != nil {
		return 0
	}
	return m.Lines
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
