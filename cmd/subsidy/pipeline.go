package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
	"subsidy/cmd/subsidy/internal/spill"
)

// batchOptions are the inputs of one batch, shared by run, validate and verify.
type batchOptions struct {
	period            string
	inDir             string
	rosters           map[roster.Kind]string
	prior             []string
	policyFile        string
	allowPolicyChange bool
	// acceptDuplicates pays rows resembling a prior line under another
	// key (engine.Options.AcceptPossibleDuplicates).
	acceptDuplicates bool
	lang             string
	// files are the files of the --in folder and what became of each,
	// then the rosters named by their own flags (see input.Folder).
	files []input.FolderFile
	// skip are the files of --in left out on purpose (--skip).
	skip []string
	// strict refuses a prior ledger without a run manifest (--strict).
	strict   bool
	sheets   input.Sheets // --sheet: worksheets of XLSX rosters
	progress *progress    // bar on stderr while reading (nil: silent)
	// spillDir, when set, is a folder the run owns where the event rows
	// are sorted in bounded chunks (engine.NewRows) instead of held.
	spillDir string
	// watch, when set, is told the source and recipient of every row
	// kept that names one (engine.Rows.OnRecipient).
	watch func(src roster.Source, recipient string)
}

// rosterFlags are the flags naming rosters and the batch (spec §2).
func batchFlags() []cli.Flag {
	fs := []cli.Flag{
		&cli.StringFlag{Name: "period", Usage: flagText("", "period")},
		&cli.StringFlag{Name: "in", Usage: flagText("", "in")},
		&cli.StringSliceFlag{Name: "prior", Usage: flagText("", "prior")},
		&cli.StringFlag{Name: "policy", Usage: flagText("", "policy")},
		&cli.BoolFlag{Name: "allow-policy-change", Usage: flagText("", "allow-policy-change")},
		&cli.BoolFlag{Name: "accept-possible-duplicates", Usage: flagText("", "accept-possible-duplicates")},
		&cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("", "lang")},
		&cli.StringSliceFlag{Name: "skip", Usage: flagText("", "skip")},
		&cli.StringSliceFlag{Name: "sheet", Usage: flagText("", "sheet")},
	}
	for _, k := range roster.Kinds {
		fs = append(fs, &cli.StringFlag{Name: string(k), Usage: rosterFlagText(k)})
	}
	return fs
}

func readBatchOptions(c *cli.Context) (batchOptions, error) {
	o := batchOptions{period: c.String("period"), inDir: c.String("in"), prior: c.StringSlice("prior"),
		policyFile: c.String("policy"), allowPolicyChange: c.Bool("allow-policy-change"), acceptDuplicates: c.Bool("accept-possible-duplicates"), strict: c.Bool("strict"), lang: c.String("lang"),
		rosters: map[roster.Kind]string{}, skip: c.StringSlice("skip"), progress: newProgress(c.App.ErrWriter, c.Bool("quiet"), c.String("lang"))}
	if _, err := langOf(c); err != nil {
		return o, err
	}
	if o.period == "" {
		return o, failure.Usage(msg.F("缺少必需的参数 --period（批次月份 YYYY-MM，例如 --period 2022-06）；参数说明见 subsidy %[1]s --help",
			"the required flag --period is missing (the batch month YYYY-MM, e.g. --period 2022-06); see subsidy %[1]s --help", c.Command.FullName()))
	}
	if _, err := engine.ParsePeriod(o.period); err != nil {
		return o, failure.Usage(msg.F("--period %q：批次月份应写作 YYYY-MM，例如 2022-06", "--period %q: the batch month is written YYYY-MM, e.g. 2022-06", o.period))
	}
	sheets, err := input.ParseSheets(c.StringSlice("sheet"))
	if err != nil {
		return o, failure.UsageOf("", err)
	}
	o.sheets = sheets
	if o.inDir != "" {
		found, err := input.Discover(o.inDir, input.DiscoverOptions{Skip: o.skip, Sheet: sheets.For("")})
		if err != nil {
			return o, failure.UsageOf("", err)
		}
		for k, p := range found.Rosters {
			o.rosters[k] = p
		}
		o.files = found.Files
	} else if len(o.skip) > 0 {
		return o, failure.Usage(msg.T("--skip 只用于 --in 文件夹中的文件", "--skip names files of the --in folder; there is no --in"))
	}
	stdin := 0
	for _, k := range roster.Kinds {
		if p := c.String(string(k)); p != "" {
			o.files = slices.DeleteFunc(o.files, func(f input.FolderFile) bool { return f.Kind == k })
			o.files = append(o.files, input.FolderFile{Name: p, Path: p, Kind: k, How: input.ByFlag})
			o.rosters[k] = p
			if p == "-" {
				stdin++
			}
		}
	}
	if stdin > 1 {
		return o, failure.Usage(msg.T("只能有一个名册从标准输入（-）读取", "only one roster can be read from stdin (-)"))
	}
	return o, nil
}

// loaded is a batch ready for the engine.
type loaded struct {
	in       engine.Input
	warnings []msg.Text
	// alerts are warnings --quiet does not hide: a prior ledger that
	// cannot be checked for removed lines.
	alerts []msg.Text
	inputs []string // files read, in order
	priors []string // prior ledger files read, in order
}

// loadPolicy reads --policy or the embedded default.
func loadPolicy(file string) (*policy.Policy, error) {
	if file == "" {
		p, err := policy.Default()
		if err != nil {
			return nil, failure.UsageOf("", err)
		}
		return p, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, failure.UsageOf("--policy: ", err)
	}
	p, err := policy.Load(data, filepath.Base(file))
	if err != nil {
		return nil, failure.UsageWith(msg.F("政策文件 %s 无效：\n", "policy %s is not valid:\n", file), err)
	}
	return p, nil
}

// load reads the policy, every roster and the prior ledgers.
func load(o batchOptions) (*loaded, error) {
	pol, err := loadPolicy(o.policyFile)
	if err != nil {
		return nil, err
	}
	var sorter func() engine.RowSorter
	if o.spillDir != "" {
		sorter = func() engine.RowSorter { return spill.New(o.spillDir) }
	}
	rows := engine.NewRows(sorter)
	rows.OnRecipient = o.watch
	ld := &loaded{in: engine.Input{Period: o.period, Policy: pol, Rows: rows}}
	for _, k := range roster.Kinds {
		path, ok := o.rosters[k]
		if !ok {
			continue
		}
		display := filepath.Base(path)
		if path == "-" {
			display = string(k) + ".csv(stdin)"
		}
		rows.File(k, display)
		ld.inputs = append(ld.inputs, path)
		bar := o.progress.start(k, path)
		warns, err := input.ReadRoster(path, k, display, func(r roster.Record) error {
			bar.row(r)
			return rows.Add(k, r)
		}, input.Options{Sheet: o.sheets.For(k), Listed: func(r roster.Record, rejs []ledger.Rejection) { rows.List(k, r, rejs) }})
		bar.done()
		if err != nil {
			return nil, failure.UsageOf("", err)
		}
		ld.warnings = append(ld.warnings, warns...)
	}
	// checked before the prior ledgers are read, whose errors come after
	if err := rows.Check(); err != nil {
		return nil, failure.UsageOf("", err)
	}
	prior, err := loadPrior(o, pol, ld)
	if err != nil {
		return nil, err
	}
	ld.in.Prior = prior
	return ld, nil
}

// priorFile is what loadPrior keeps of one prior ledger while reading it:
// its line count, the hash of its lines (for its manifest) and the policy
// id of its first line written under another policy.
type priorFile struct {
	lines int
	// late is the period of its first line of this run's period or later.
	late      string
	hash      *output.LineHasher
	sum       string
	badPolicy string
}

// loadPrior reads the prior ledgers line by line straight into the prior
// index, so that no ledger is held whole, then checks each file against
// its manifest and the policy id, in file order, and last the index's
// own refusal (a line_id with different amounts in two files): the order
// of the checks when every ledger was read first.
func loadPrior(o batchOptions, pol *policy.Policy, ld *loaded) (*ledger.Prior, error) {
	b := ledger.NewPriorBuilder()
	b.CountRecipients(pol.RecipientCounted()...)
	var files []*priorFile
	var indexErr error
	finish := func(f *priorFile) error {
		var err error
		f.sum, err = f.hash.Sum()
		f.hash = nil
		return err
	}
	sets, warns, err := output.ReadPriorLines(o.prior, func(file int, path string, l *ledger.Line) error {
		for len(files) <= file {
			if n := len(files); n > 0 && files[n-1].hash != nil {
				if err := finish(files[n-1]); err != nil {
					return err
				}
			}
			files = append(files, &priorFile{hash: output.NewLineHasher(o.spillDir)})
		}
		f := files[file]
		f.lines++
		if err := f.hash.Add(l); err != nil {
			return err
		}
		if l.Period >= o.period && f.late == "" {
			f.late = strings.Clone(l.Period)
		}
		if id, other := engine.ForeignPolicy(pol, l); other && f.badPolicy == "" {
			f.badPolicy = id
		}
		if indexErr == nil {
			indexErr = b.Add(file, path, l)
		}
		return nil
	})
	if err != nil {
		return nil, failure.UsageOf("--prior: ", err)
	}
	ld.warnings = append(ld.warnings, warns...)
	for i, s := range sets {
		if i >= len(files) {
			files = append(files, &priorFile{hash: output.NewLineHasher("")})
		}
		f := files[i]
		if f.hash != nil {
			if err := finish(f); err != nil {
				return nil, failure.UsageOf("--prior: ", err)
			}
		}
		if err := checkPriorFile(o, pol, ld, b, s.Path, f); err != nil {
			return nil, err
		}
	}
	if indexErr == nil {
		indexErr = b.Check()
	}
	if indexErr != nil {
		var pe *ledger.PriorError
		if errors.As(indexErr, &pe) {
			return nil, failure.Usage(failure.Prefixed("--prior: ", pe.Msg))
		}
		return nil, failure.UsageOf("--prior: ", indexErr)
	}
	return b.Prior(), nil
}

// checkPriorFile checks one prior ledger read into b, in loadPrior's
// order: its manifest, its year counts, a batch not earlier than this one
// and the policy it was written under.
func checkPriorFile(o batchOptions, pol *policy.Policy, ld *loaded, b *ledger.PriorBuilder, path string, f *priorFile) error {
	w, err := output.CheckPriorManifest(path, f.lines, func() (string, error) { return f.sum, nil })
	if err != nil {
		return failure.UsageOf("--prior: ", err)
	}
	if w != nil {
		if o.strict {
			return failure.Usage(failure.Prefixed("--prior: ", msg.F("已发放明细 %s 旁没有运行清单，--strict 时不使用：请传入带运行清单的明细，或去掉 --strict",
				"prior ledger %s has no run manifest; --strict refuses it: pass the ledger with its manifest, or run without --strict", path)))
		}
		ld.alerts = append(ld.alerts, *w)
	}
	ycs, ok, err := output.PriorYearCounts(path)
	if err != nil {
		return failure.UsageOf("--prior: ", err)
	}
	for _, yc := range ycs {
		b.AddYearCount(yc)
	}
	if !ok && ld.in.Rows.Read(roster.Grants) > 0 {
		ld.warnings = append(ld.warnings, noCountsWarning(path))
	}
	ld.priors = append(ld.priors, path)
	if f.late != "" {
		m := msg.F("已发放明细 %[1]s 是 %[2]s 批次的，不早于本次批次 %[3]s：其中的事项都按已付处理（如本次明细为 0 即因此）；重跑本月时不要把本月自己的明细作为 --prior",
			"prior ledger %[1]s is of batch %[2]s, not earlier than this batch %[3]s: its events all count as paid (which is why this batch may pay nothing); when re-running a month, do not pass that month's own ledger as --prior",
			path, f.late, o.period)
		if o.strict {
			return failure.Usage(failure.Prefixed("--prior: ", msg.Text{Zh: m.Zh + "（--strict 时拒绝）", En: m.En + " (refused with --strict)"}))
		}
		ld.warnings = append(ld.warnings, m)
	}
	if f.badPolicy != "" && !o.allowPolicyChange {
		return failure.Usage(msg.F("上期明细 %s 按政策 %s 编制，本次政策为 %s；确认无误请加 --allow-policy-change",
			"prior ledger %s was written under policy %s, this run uses %s; add --allow-policy-change if that is intended", path, f.badPolicy, pol.ID))
	}
	return nil
}

// noCountsWarning is the warning for a prior ledger whose run left no
// trace of its year counts (spec §4.3a 5): no manifest, or one written
// before manifests kept them.
func noCountsWarning(path string) msg.Text {
	return msg.F("上期明细 %s 没有年度计数记录（运行清单中的 counted）：该批次计入、尚未达到门槛的国内发明授权（136 三(一)1 年发明专利授权10件以上、高校院所100件以上）无从得知，按月（非累计）名册时年度件数可能不全",
		"prior ledger %s comes with no record of its year counts (the run manifest's counted section): the domestic invention grants its batch counted toward a threshold not yet reached (136 三(一)1, 10 a year for an enterprise, 100 for a university or institute) are unknown, so with monthly (non-cumulative) rosters the year's count may be short", path)
}

// countsLostWarning is the warning of a run on stdout (no manifest) that
// leaves year counts short of their threshold.
func countsLostWarning(n int) msg.Text {
	return msg.F("本批次有 %d 个年度授权件数尚未达到门槛；明细输出到标准输出时不写运行清单，这些计数不会留给下一批次（按月名册时请用 --out 文件）",
		"this batch leaves %d year counts short of their threshold; a ledger on stdout has no run manifest to keep them for the next batch (with monthly rosters, use --out FILE)", n)
}

// streaming says where a batch's outputs go as the engine makes them:
// lines to lines and rejections to rejections when set (else they are
// collected in the result), and, with dir set, the event rows are sorted
// in chunks there rather than held (see batchOptions.spillDir); watch is
// batchOptions.watch.
type streaming struct {
	lines      engine.LineSink
	rejections engine.RejectionSink
	dir        string
	watch      func(src roster.Source, recipient string)
}

// computeBatch reads the flags, loads the inputs and runs the engine: the
// common start of run, validate and explain.
func computeBatch(c *cli.Context, st streaming) (batchOptions, *loaded, *engine.Result, error) {
	o, err := readBatchOptions(c)
	if err != nil {
		return o, nil, nil, err
	}
	ld, res, err := runBatch(o, st)
	return o, ld, res, err
}

// runBatch loads the inputs named by o and runs the engine, streaming
// through st.
func runBatch(o batchOptions, st streaming) (*loaded, *engine.Result, error) {
	o.spillDir, o.watch = st.dir, st.watch
	ld, err := load(o)
	if err != nil {
		return nil, nil, err
	}
	opt := engine.Options{AcceptPossibleDuplicates: o.acceptDuplicates, Lines: st.lines, Rejections: st.rejections}
	stage := o.progress.stage(msg.T("排序与计算", "sorting and computing"), msg.T("笔明细", "lines"), -1)
	if stage != nil && opt.Lines != nil {
		opt.Lines = countingSink{next: opt.Lines, stage: stage}
	}
	res, err := engine.Run(ld.in, opt)
	stage.done()
	if err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	return ld, res, nil
}
