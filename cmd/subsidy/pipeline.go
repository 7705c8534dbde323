package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/ids"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
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
	lang              string
	sheets            input.Sheets // --sheet: worksheets of XLSX rosters
	progress          *progress    // bar on stderr while reading (nil: silent)
	// spillDir, when set, is a folder the run owns where the event rows
	// are sorted in bounded chunks (engine.Input.Rows) instead of held.
	spillDir string
}

// rosterFlags are the flags naming rosters and the batch (spec §2).
func batchFlags() []cli.Flag {
	fs := []cli.Flag{
		&cli.StringFlag{Name: "period", Usage: "batch month `YYYY-MM` (required); rows dated after its last day are rejected future_dated, e.g. --period 2022-06", Required: true},
		&cli.StringFlag{Name: "in", Usage: "folder `DIR` holding rosters named enterprises/grants/licensing/litigation/awards/fx/insurance/financing (or 企业名册, 授权清单, 许可交易, 海外维权, 奖励名单, 汇率, 知识产权保险, 质押融资费用) .csv or .xlsx, e.g. --in fixtures/example-2022-06"},
		&cli.StringSliceFlag{Name: "prior", Usage: "ledger `PATH` (file or folder) already disbursed; repeatable; its lines are not paid again and count toward caps, e.g. --prior ledgers/2022-05.csv"},
		&cli.StringFlag{Name: "policy", Usage: "policy `FILE` (YAML) instead of the embedded default, e.g. --policy kunshan-2022.yaml"},
		&cli.BoolFlag{Name: "allow-policy-change", Usage: "accept prior ledgers written under another policy id"},
		&cli.StringFlag{Name: "lang", Value: "zh", Usage: "language of messages, summary and notes: zh or en, e.g. --lang en"},
		&cli.StringSliceFlag{Name: "sheet", Usage: "worksheet `NAME` of XLSX rosters (default: the first visible sheet), or KIND=NAME for one roster; repeatable, e.g. --sheet 2022年6月 or --sheet grants=Sheet2"},
	}
	for _, k := range roster.Kinds {
		s := roster.Lookup(k)
		fs = append(fs, &cli.StringFlag{Name: string(k), Usage: fmt.Sprintf("the %s roster (%s) `FILE` (.csv or .xlsx, or - for CSV on stdin); overrides --in, e.g. --%s %s.csv", k, s.Zh, k, k)})
	}
	return fs
}

func readBatchOptions(c *cli.Context) (batchOptions, error) {
	o := batchOptions{period: c.String("period"), inDir: c.String("in"), prior: c.StringSlice("prior"),
		policyFile: c.String("policy"), allowPolicyChange: c.Bool("allow-policy-change"), lang: c.String("lang"),
		rosters: map[roster.Kind]string{}, progress: newProgress(c.App.ErrWriter, c.Bool("quiet"))}
	if _, err := langOf(c); err != nil {
		return o, err
	}
	if _, err := engine.ParsePeriod(o.period); err != nil {
		return o, usageErr("--period %q: the batch month is written YYYY-MM, e.g. 2022-06", o.period)
	}
	sheets, err := input.ParseSheets(c.StringSlice("sheet"))
	if err != nil {
		return o, usageErr("%s", inputErrorText(err, o.lang))
	}
	o.sheets = sheets
	if o.inDir != "" {
		found, err := input.Discover(o.inDir)
		if err != nil {
			return o, usageErr("%v", err)
		}
		for k, p := range found {
			o.rosters[k] = p
		}
	}
	stdin := 0
	for _, k := range roster.Kinds {
		if p := c.String(string(k)); p != "" {
			o.rosters[k] = p
			if p == "-" {
				stdin++
			}
		}
	}
	if stdin > 1 {
		return o, usageErr("only one roster can be read from stdin (-)")
	}
	return o, nil
}

// loaded is a batch ready for the engine.
type loaded struct {
	in       engine.Input
	warnings []msg.Text
	inputs   []string // files read, in order
	priors   []string // prior ledger files read, in order
}

// loadPolicy reads --policy or the embedded default.
func loadPolicy(file string) (*policy.Policy, error) {
	if file == "" {
		p, err := policy.Default()
		if err != nil {
			return nil, usageErr("embedded policy: %v", err)
		}
		return p, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, usageErr("policy: %v", err)
	}
	p, err := policy.Load(data, filepath.Base(file))
	if err != nil {
		return nil, usageErr("policy %s is not valid:\n%v", file, err)
	}
	return p, nil
}

// load reads the policy, every roster and the prior ledgers.
func load(o batchOptions) (*loaded, error) {
	pol, err := loadPolicy(o.policyFile)
	if err != nil {
		return nil, err
	}
	ld := &loaded{in: engine.Input{Period: o.period, Policy: pol, Read: map[roster.Kind]int{},
		Files: map[string]roster.Kind{}, ListedAmounts: map[string]decimal.Decimal{}}}
	if o.spillDir != "" {
		ld.in.Rows = engine.NewRows(func() engine.RowSorter { return spill.New(o.spillDir) })
	}
	for _, k := range roster.Kinds {
		path, ok := o.rosters[k]
		if !ok {
			continue
		}
		display := filepath.Base(path)
		if path == "-" {
			display = string(k) + ".csv(stdin)"
		}
		ld.in.Files[display] = k
		ld.inputs = append(ld.inputs, path)
		list := func(r roster.Record, rejs []ledger.Rejection) {
			ld.in.Listed = append(ld.in.Listed, rejs...)
			if a, cur, ok := roster.ListedAmount(k, r); ok {
				ld.in.ListedAmounts[cur] = ld.in.ListedAmounts[cur].Add(a)
			}
		}
		bar := o.progress.start(k, path)
		warns, err := input.ReadRoster(path, k, display, func(r roster.Record) error {
			bar.row(r)
			ld.in.Read[k]++
			if rejs := roster.Decode(k, r, &ld.in.Batch); len(rejs) > 0 {
				list(r, rejs)
			}
			if ld.in.Rows != nil {
				return ld.in.Rows.Add(&ld.in.Batch)
			}
			return nil
		}, input.Options{Sheet: o.sheets.For(k), Listed: func(r roster.Record, rejs []ledger.Rejection) {
			ld.in.Read[k]++
			list(r, rejs)
		}})
		bar.done()
		if err != nil {
			return nil, usageErr("%s", inputErrorText(err, o.lang))
		}
		ld.warnings = append(ld.warnings, warns...)
	}
	if _, ok := o.rosters[roster.Enterprises]; !ok && namesUSCC(&ld.in) {
		return nil, usageErr("%s", msg.T("缺少企业名册（enterprises）：其他名册引用了统一社会信用代码，须同时提供企业名册（--enterprises 或 --in 目录中的 enterprises.csv / 企业名册.csv）",
			"the enterprise roster is missing: other rosters name USCCs, so --enterprises (or enterprises.csv / 企业名册.csv in --in) is required").In(o.lang))
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
	lines     int
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
		if id, _, _ := strings.Cut(l.PolicyVersion, "@"); id != pol.ID && f.badPolicy == "" {
			f.badPolicy = id
		}
		if indexErr == nil {
			indexErr = b.Add(file, path, l)
		}
		return nil
	})
	if err != nil {
		return nil, usageErr("--prior: %v", err)
	}
	ld.warnings = append(ld.warnings, warns...)
	for i, s := range sets {
		if i >= len(files) {
			files = append(files, &priorFile{hash: output.NewLineHasher("")})
		}
		f := files[i]
		if f.hash != nil {
			if err := finish(f); err != nil {
				return nil, usageErr("--prior: %v", err)
			}
		}
		w, err := output.CheckPriorManifest(s.Path, f.lines, func() (string, error) { return f.sum, nil })
		if err != nil {
			return nil, usageErr("--prior: %s", inputErrorText(err, o.lang))
		}
		if w != nil {
			ld.warnings = append(ld.warnings, *w)
		}
		ycs, ok, err := output.PriorYearCounts(s.Path)
		if err != nil {
			return nil, usageErr("--prior: %s", inputErrorText(err, o.lang))
		}
		for _, yc := range ycs {
			b.AddYearCount(yc)
		}
		if !ok && ld.in.Read[roster.Grants] > 0 {
			ld.warnings = append(ld.warnings, noCountsWarning(s.Path))
		}
		ld.priors = append(ld.priors, s.Path)
		if f.badPolicy != "" && !o.allowPolicyChange {
			return nil, usageErr("%s", msg.F("上期明细 %s 按政策 %s 编制，本次政策为 %s；确认无误请加 --allow-policy-change",
				"prior ledger %s was written under policy %s, this run uses %s; add --allow-policy-change if that is intended", s.Path, f.badPolicy, pol.ID).In(o.lang))
		}
	}
	if indexErr != nil {
		var pe *ledger.PriorError
		if errors.As(indexErr, &pe) {
			return nil, usageErr("--prior: %s", pe.Msg.In(o.lang))
		}
		return nil, usageErr("--prior: %v", indexErr)
	}
	return b.Prior(), nil
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

// namesUSCC reports whether any event row names a USCC (so the enterprise
// roster is required).
func namesUSCC(in *engine.Input) bool {
	if in.Rows != nil && in.Rows.NamesUSCC() {
		return true
	}
	for _, a := range in.Batch.Awards {
		if !ids.IsIDNumberShape(a.RecipientID) {
			return true
		}
	}
	for _, k := range []roster.Kind{roster.Grants, roster.Licensing, roster.Litigation, roster.Insurance, roster.Financing} {
		if in.Read[k] > 0 {
			return true
		}
	}
	return false
}

// inputErrorText renders a reader error in the run's language.
func inputErrorText(err error, lang string) string {
	var ie *input.Error
	if errors.As(err, &ie) {
		return ie.Text().In(lang)
	}
	return err.Error()
}

// streaming says where a batch's outputs go as the engine makes them:
// lines to lines and rejections to rejections when set (else they are
// collected in the result), and, with dir set, the event rows are sorted
// in chunks there rather than held (see batchOptions.spillDir).
type streaming struct {
	lines      engine.LineSink
	rejections engine.RejectionSink
	dir        string
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
	o.spillDir = st.dir
	ld, err := load(o)
	if err != nil {
		return nil, nil, err
	}
	ld.in.Sink, ld.in.Rejections = st.lines, st.rejections
	res, err := engine.Run(ld.in)
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	return ld, res, nil
}
