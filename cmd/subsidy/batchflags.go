package main

import (
	"slices"

	"github.com/urfave/cli/v2"

	"subsidy/calc/engine"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/input"
)

// batchFlags are the flags naming the batch and its rosters (spec §2).
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

// readBatchOptions turns the batch flags into batch.Options: the period
// checked, the --in folder discovered, rosters named by their own flags
// taking the place of those found there.
func readBatchOptions(c *cli.Context) (batch.Options, error) {
	o := batch.Options{Period: c.String("period"), InDir: c.String("in"), Prior: c.StringSlice("prior"),
		PolicyFile: c.String("policy"), AllowPolicyChange: c.Bool("allow-policy-change"), AcceptDuplicates: c.Bool("accept-possible-duplicates"), Strict: c.Bool("strict"), Lang: c.String("lang"),
		Rosters: map[roster.Kind]string{}, Skip: c.StringSlice("skip"), Progress: batch.NewProgress(c.App.ErrWriter, c.Bool("quiet"), c.String("lang"))}
	if _, err := langOf(c); err != nil {
		return o, err
	}
	if o.Period == "" {
		return o, failure.Usage(msg.F("缺少必需的参数 --period（批次月份 YYYY-MM，例如 --period 2022-06）；参数说明见 subsidy %[1]s --help",
			"the required flag --period is missing (the batch month YYYY-MM, e.g. --period 2022-06); see subsidy %[1]s --help", c.Command.FullName()))
	}
	if _, err := engine.ParsePeriod(o.Period); err != nil {
		return o, failure.Usage(msg.F("--period %q：批次月份应写作 YYYY-MM，例如 2022-06", "--period %q: the batch month is written YYYY-MM, e.g. 2022-06", o.Period))
	}
	sheets, err := input.ParseSheets(c.StringSlice("sheet"))
	if err != nil {
		return o, failure.UsageOf("", err)
	}
	o.Sheets = sheets
	if o.InDir != "" {
		found, err := input.Discover(o.InDir, input.DiscoverOptions{Skip: o.Skip, Sheet: sheets.For("")})
		if err != nil {
			return o, failure.UsageOf("", err)
		}
		for k, p := range found.Rosters {
			o.Rosters[k] = p
		}
		o.Files = found.Files
	} else if len(o.Skip) > 0 {
		return o, failure.Usage(msg.T("--skip 只用于 --in 文件夹中的文件", "--skip names files of the --in folder; there is no --in"))
	}
	stdin := 0
	for _, k := range roster.Kinds {
		if p := c.String(string(k)); p != "" {
			o.Files = slices.DeleteFunc(o.Files, func(f input.FolderFile) bool { return f.Kind == k })
			o.Files = append(o.Files, input.FolderFile{Name: p, Path: p, Kind: k, How: input.ByFlag})
			o.Rosters[k] = p
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
