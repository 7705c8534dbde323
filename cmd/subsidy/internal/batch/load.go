package batch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

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

// Options are the inputs of one batch, shared by run, validate, explain
// and verify: what the command line names, as plain values.
type Options struct {
	Period            string
	InDir             string
	Rosters           map[roster.Kind]string
	Prior             []string
	PolicyFile        string
	AllowPolicyChange bool
	// AcceptDuplicates pays rows resembling a prior line under another
	// key (engine.Options.AcceptPossibleDuplicates).
	AcceptDuplicates bool
	Lang             string
	// Files are the files of the --in folder and what became of each,
	// then the rosters named by their own flags (see input.Folder).
	Files []input.FolderFile
	// Skip are the files of --in left out on purpose (--skip).
	Skip []string
	// Strict refuses a prior ledger without a run manifest (--strict).
	Strict   bool
	Sheets   input.Sheets // --sheet: worksheets of XLSX rosters
	Progress *Progress    // bar on stderr while reading (nil: silent)
	// SpillDir, when set, is a folder the run owns where the event rows
	// are sorted in bounded chunks (engine.NewRows) instead of held.
	SpillDir string
	// Watch, when set, is told the source and recipient of every row
	// kept that names one (engine.Rows.OnRecipient).
	Watch func(src roster.Source, recipient string)
}

// Loaded is a batch ready for the engine.
type Loaded struct {
	In       engine.Input
	Warnings []msg.Text
	// Alerts are warnings --quiet does not hide: a prior ledger that
	// cannot be checked for removed lines.
	Alerts []msg.Text
	Inputs []string // files read, in order
	Priors []string // prior ledger files read, in order
}

// LoadPolicy reads the policy file, or the embedded default when file is
// empty.
func LoadPolicy(file string) (*policy.Policy, error) {
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

// Load reads the policy, every roster and the prior ledgers.
func Load(o Options) (*Loaded, error) {
	pol, err := LoadPolicy(o.PolicyFile)
	if err != nil {
		return nil, err
	}
	var sorter func() engine.RowSorter
	if o.SpillDir != "" {
		sorter = func() engine.RowSorter { return spill.New(o.SpillDir) }
	}
	rows := engine.NewRows(sorter)
	rows.OnRecipient = o.Watch
	ld := &Loaded{In: engine.Input{Period: o.Period, Policy: pol, Rows: rows}}
	for _, k := range roster.Kinds {
		path, ok := o.Rosters[k]
		if !ok {
			continue
		}
		display := filepath.Base(path)
		if path == "-" {
			display = string(k) + ".csv(stdin)"
		}
		rows.File(k, display)
		ld.Inputs = append(ld.Inputs, path)
		bar := o.Progress.start(k, path)
		warns, err := input.ReadRoster(path, k, display, func(r roster.Record) error {
			bar.row(r)
			return rows.Add(k, r)
		}, input.Options{Sheet: o.Sheets.For(k), Listed: func(r roster.Record, rejs []ledger.Rejection) { rows.List(k, r, rejs) }})
		bar.done()
		if err != nil {
			return nil, failure.UsageOf("", err)
		}
		ld.Warnings = append(ld.Warnings, warns...)
	}
	// checked before the prior ledgers are read, whose errors come after
	if err := rows.Check(); err != nil {
		return nil, failure.UsageOf("", err)
	}
	prior, err := loadPrior(o, pol, ld)
	if err != nil {
		return nil, err
	}
	ld.In.Prior = prior
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
func loadPrior(o Options, pol *policy.Policy, ld *Loaded) (*ledger.Prior, error) {
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
	sets, warns, err := output.ReadPriorLines(o.Prior, func(file int, path string, l *ledger.Line) error {
		for len(files) <= file {
			if n := len(files); n > 0 && files[n-1].hash != nil {
				if err := finish(files[n-1]); err != nil {
					return err
				}
			}
			files = append(files, &priorFile{hash: output.NewLineHasher(o.SpillDir)})
		}
		f := files[file]
		f.lines++
		if err := f.hash.Add(l); err != nil {
			return err
		}
		if l.Period >= o.Period && f.late == "" {
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
	ld.Warnings = append(ld.Warnings, warns...)
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
func checkPriorFile(o Options, pol *policy.Policy, ld *Loaded, b *ledger.PriorBuilder, path string, f *priorFile) error {
	pc, err := output.CheckPriorManifest(path, f.lines, func() (string, error) { return f.sum, nil })
	if err != nil {
		return failure.UsageOf("--prior: ", err)
	}
	if w := pc.Warning; w != nil {
		if o.Strict {
			return failure.Usage(failure.Prefixed("--prior: ", msg.F("已发放明细 %s 旁没有运行清单，--strict 时不使用：请传入带运行清单的明细，或去掉 --strict",
				"prior ledger %s has no run manifest; --strict refuses it: pass the ledger with its manifest, or run without --strict", path)))
		}
		ld.Alerts = append(ld.Alerts, *w)
	}
	for _, yc := range pc.YearCounts {
		b.AddYearCount(yc)
	}
	if !pc.Counted && ld.In.Rows.Read(roster.Grants) > 0 {
		ld.Warnings = append(ld.Warnings, noCountsWarning(path))
	}
	ld.Priors = append(ld.Priors, path)
	if f.late != "" {
		m := msg.F("已发放明细 %[1]s 是 %[2]s 批次的，不早于本次批次 %[3]s：其中的事项都按已付处理（如本次明细为 0 即因此）；重跑本月时不要把本月自己的明细作为 --prior",
			"prior ledger %[1]s is of batch %[2]s, not earlier than this batch %[3]s: its events all count as paid (which is why this batch may pay nothing); when re-running a month, do not pass that month's own ledger as --prior",
			path, f.late, o.Period)
		if o.Strict {
			return failure.Usage(failure.Prefixed("--prior: ", msg.Text{Zh: m.Zh + "（--strict 时拒绝）", En: m.En + " (refused with --strict)"}))
		}
		ld.Warnings = append(ld.Warnings, m)
	}
	if f.badPolicy != "" && !o.AllowPolicyChange {
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

// Streaming says where a batch's outputs go as the engine makes them:
// lines to Lines and rejections to Rejections when set, else they are
// collected in the result.
type Streaming struct {
	Lines      engine.LineSink
	Rejections engine.RejectionSink
	// NoteLang is the language Lines writes the notes in (engine.Options).
	NoteLang string
}

// Compute loads the inputs named by o and runs the engine, streaming
// through st.
func Compute(o Options, st Streaming) (*Loaded, *engine.Result, error) {
	ld, err := Load(o)
	if err != nil {
		return nil, nil, err
	}
	opt := engine.Options{AcceptPossibleDuplicates: o.AcceptDuplicates, Lines: st.Lines, Rejections: st.Rejections, NoteLang: st.NoteLang}
	stage := o.Progress.stage(msg.T("排序与计算", "sorting and computing"), msg.T("笔明细", "lines"), -1)
	if stage != nil && opt.Lines != nil {
		opt.Lines = countingSink{next: opt.Lines, stage: stage}
	}
	res, err := engine.Run(ld.In, opt)
	stage.done()
	if err != nil {
		return nil, nil, failure.UsageOf("", err)
	}
	return ld, res, nil
}
