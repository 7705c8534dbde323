package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/rivo/uniseg"
	"github.com/urfave/cli/v2"

	"subsidy/calc/eligibility"
	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/fileio"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

// dengfengProgram is the program whose versions hold the 登峰 thresholds.
const dengfengProgram = "dengfeng.approval"

// eligibilityColumns are the columns of eligibility dengfeng --out.
var eligibilityColumns = []string{"uscc", "name", "status", "route", "met", "failed", "missing", "priority"}

func eligibilityCommand() *cli.Command {
	return &cli.Command{
		Name:            "eligibility",
		Usage:           cmdUsage("eligibility"),
		Description:     cmdDescription("eligibility"),
		HideHelpCommand: true,
		Subcommands:     []*cli.Command{eligibilityDengfengCommand()},
	}
}

func eligibilityDengfengCommand() *cli.Command {
	return &cli.Command{
		Name:        "dengfeng",
		Usage:       cmdUsage("eligibility dengfeng"),
		Description: cmdDescription("eligibility dengfeng"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "enterprises", Usage: flagText("eligibility dengfeng", "enterprises")},
			&cli.StringFlag{Name: "in", Usage: flagText("eligibility dengfeng", "in")},
			&cli.StringSliceFlag{Name: "sheet", Usage: flagText("eligibility dengfeng", "sheet")},
			&cli.StringFlag{Name: "as-of", Usage: flagText("eligibility dengfeng", "as-of")},
			&cli.StringFlag{Name: "policy", Usage: flagText("eligibility dengfeng", "policy")},
			&cli.StringFlag{Name: "out", Usage: flagText("eligibility dengfeng", "out")},
			&cli.BoolFlag{Name: "force", Usage: flagText("eligibility dengfeng", "force")},
			&cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("eligibility dengfeng", "lang")},
		},
		Action: func(c *cli.Context) error {
			lang, err := langOf(c)
			if err != nil {
				return err
			}
			asOf, err := eligibilityAsOf(c.String("as-of"), time.Now())
			if err != nil {
				return err
			}
			path, err := enterprisesPath(c.String("enterprises"), c.String("in"), lang)
			if err != nil {
				return err
			}
			sheets, err := input.ParseSheets(c.StringSlice("sheet"))
			if err != nil {
				return failure.UsageOf("", err)
			}
			pol, err := batch.LoadPolicy(c.String("policy"))
			if err != nil {
				return err
			}
			ver, err := dengfengVersion(pol, asOf, lang)
			if err != nil {
				return err
			}
			out := c.String("out")
			set := output.NewSet(c.Bool("force"))
			if out != "" {
				if err := set.Check(out); err != nil {
					return failure.UsageOf("", err)
				}
			}
			ents, bad, err := readEnterprises(c.App.ErrWriter, path, sheets.For(roster.Enterprises), lang)
			if err != nil {
				return err
			}
			results := make([]eligibility.Result, len(ents))
			for i := range ents {
				results[i] = eligibility.Evaluate(&ents[i], asOf, ver)
			}
			if err := writeEligibilityText(c.App.Writer, ents, results, asOf, ver, lang); err != nil {
				return failure.UsageOf("", err)
			}
			if bad > 0 {
				fmt.Fprintln(c.App.ErrWriter, msg.F("跳过 %d 行数据有误的企业（见上）", "skipped %d enterprise rows with bad data (see above)", bad).In(lang))
			}
			if out == "" {
				return nil
			}
			w, err := set.Create(out)
			if err != nil {
				return failure.UsageOf("", err)
			}
			if err := writeEligibilityCSV(w, ents, results, lang, true); err != nil {
				set.Abort()
				return failure.UsageOf("", err)
			}
			if err := set.Commit(); err != nil {
				return failure.UsageOf("", err)
			}
			return nil
		},
	}
}

// eligibilityAsOf reads --as-of (YYYY-MM-DD), or today's date from now.
func eligibilityAsOf(s string, now time.Time) (value.Date, error) {
	if s == "" {
		return value.NewDate(now.Year(), now.Month(), now.Day()), nil
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return 0, failure.Usage(msg.F("--as-of %q：日期应写作 YYYY-MM-DD，例如 2022-06-30", "--as-of %q: the date is written YYYY-MM-DD, e.g. 2022-06-30", s))
	}
	return value.NewDate(t.Year(), t.Month(), t.Day()), nil
}

// enterprisesPath picks the roster from --enterprises or --in.
func enterprisesPath(file, dir, lang string) (string, error) {
	if file != "" {
		return file, nil
	}
	if dir == "" {
		return "", failure.Usage(msg.T("需要企业名册：请用 --enterprises FILE 或 --in DIR（目录中的 enterprises.csv / 企业名册.csv）",
			"the enterprise roster is required: pass --enterprises FILE or --in DIR (holding enterprises.csv / 企业名册.csv)"))
	}
	found, err := input.Discover(dir, input.DiscoverOptions{})
	if err != nil {
		return "", failure.UsageOf("", err)
	}
	p, ok := found.Rosters[roster.Enterprises]
	if !ok {
		return "", failure.Usage(msg.F("文件夹 %s 中没有企业名册（enterprises.csv 或 企业名册.csv）",
			"folder %s holds no enterprise roster (enterprises.csv or 企业名册.csv)", dir))
	}
	return p, nil
}

// dengfengVersion returns the dengfeng.approval version in force on asOf.
func dengfengVersion(pol *policy.Policy, asOf value.Date, lang string) (*policy.Version, error) {
	prog, ok := pol.Programs[dengfengProgram]
	if !ok {
		return nil, failure.Usage(msg.F("政策 %s 中没有 %s 项目，无法判断登峰条件", "policy %s has no %s program to judge 登峰 eligibility by", pol.ID, dengfengProgram))
	}
	v, ok := prog.VersionAt(asOf)
	if !ok {
		var spans []string
		for _, v := range prog.Versions {
			spans = append(spans, v.From.String()+"~"+v.To.String())
		}
		return nil, failure.Usage(msg.F("%s 在 %s 没有有效的政策版本（有效期：%s）；请用 --as-of 指定有效期内的日期",
			"no %s policy version is in force on %s (in force: %s); pass --as-of with a date inside it",
			dengfengProgram, asOf, strings.Join(spans, ", ")))
	}
	return v, nil
}

// readEnterprises reads and decodes the enterprise roster (of an XLSX
// workbook, the worksheet sheet; blank: the first visible one); rows with
// bad data, those the reader lists itself (an identifier stored as a
// number, a formula without a saved result) among them, are reported on w
// with their rejection messages and skipped.
func readEnterprises(w io.Writer, path, sheet, lang string) ([]roster.Enterprise, int, error) {
	display := filepath.Base(path)
	if path == "-" {
		display = "enterprises.csv(stdin)"
	}
	var dec roster.Decoder
	bad := 0
	report := func(rejs []ledger.Rejection) {
		if len(rejs) > 0 {
			bad++
		}
		for _, rj := range rejs {
			fmt.Fprintln(w, (&fileio.Error{File: rj.File, Row: rj.Row, Column: rj.Column, Msg: rj.Message}).Text().In(lang)+" ["+rj.Code+"]")
		}
	}
	warns, err := input.ReadRoster(path, roster.Enterprises, display, func(r roster.Record) error {
		_, rejs := dec.Decode(roster.Enterprises, r)
		report(rejs)
		return nil
	}, input.Options{Sheet: sheet, Listed: func(_ roster.Record, rejs []ledger.Rejection) { report(rejs) }})
	if err != nil {
		return nil, 0, failure.UsageOf("", err)
	}
	printWarnings(w, warns, lang)
	return dec.Batch.Enterprises, bad, nil
}

// priorityLabel is the readable label of a priority mark.
func priorityLabel(mark, lang string) string {
	switch mark {
	case "tier:advantage":
		return msg.T("优势型强企", "advantage tier").In(lang)
	case "national:advantage":
		return msg.T("国家知识产权优势企业", "national IP advantage enterprise").In(lang)
	case "national:demonstration":
		return msg.T("国家知识产权示范企业", "national IP demonstration enterprise").In(lang)
	}
	return mark
}

// judged splits the conditions of the judged route (and of the route-less
// ones) into met and failed, and returns the other route's conditions.
func judged(r eligibility.Result) (met, failed, other []eligibility.Condition) {
	for _, cd := range r.Conditions {
		switch {
		case cd.Route != r.Route && cd.Route != "":
			other = append(other, cd)
		case cd.Met:
			met = append(met, cd)
		default:
			failed = append(failed, cd)
		}
	}
	return met, failed, other
}

// failedLine renders a condition not met: "✗ text", or "? text (blank:
// column)" when a value it reads is blank.
func failedLine(cd eligibility.Condition, lang string) string {
	if len(cd.Missing) > 0 {
		return "? " + cd.Text.In(lang) + msg.F("（空白：%s）", " (blank: %s)", strings.Join(cd.Missing, ", ")).In(lang)
	}
	return "✗ " + cd.Text.In(lang)
}

// uniqueStrings drops repeated strings, keeping the first.
func uniqueStrings(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func condTexts(cs []eligibility.Condition, lang, sep string) string {
	parts := make([]string, len(cs))
	for i, cd := range cs {
		parts[i] = cd.Text.In(lang)
	}
	return strings.Join(parts, sep)
}

// writeEligibilityText prints the report: one row per enterprise, then its
// conditions met and failed, then the counts per status.
func writeEligibilityText(w io.Writer, ents []roster.Enterprise, res []eligibility.Result, asOf value.Date, ver *policy.Version, lang string) error {
	t := func(zh, en string) string { return msg.T(zh, en).In(lang) }
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s — %s %s@%s\n", t("登峰条件（81 三）判断日", "登峰 eligibility (81 三) as of"), asOf,
		t("政策版本", "policy version"), dengfengProgram, ver.Version)
	headers := []string{t("统一社会信用代码", "uscc"), t("名称", "name"), t("结论", "status"), t("路径", "route"), t("优先", "priority")}
	rows := [][]string{headers}
	for i := range ents {
		var pr []string
		for _, p := range res[i].Priority {
			pr = append(pr, priorityLabel(p, lang))
		}
		rows = append(rows, []string{ents[i].USCC, ents[i].Name, eligibility.StatusText(res[i].Status).In(lang),
			eligibility.RouteText(res[i].Route).In(lang), strings.Join(pr, t("、", ", "))})
	}
	widths := make([]int, len(headers))
	for _, r := range rows {
		for j, cell := range r {
			widths[j] = max(widths[j], displayWidth(cell))
		}
	}
	line := func(r []string) {
		var cells []string
		for j, cell := range r {
			if j == len(r)-1 {
				cells = append(cells, cell)
			} else {
				cells = append(cells, padWidth(cell, widths[j]))
			}
		}
		sb.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
	}
	line(rows[0])
	counts := map[string]int{}
	for i := range ents {
		line(rows[i+1])
		r := res[i]
		counts[r.Status]++
		met, failed, other := judged(r)
		for _, cd := range met {
			fmt.Fprintf(&sb, "    ✓ %s\n", cd.Text.In(lang))
		}
		for _, cd := range failed {
			fmt.Fprintf(&sb, "    %s\n", failedLine(cd, lang))
		}
		if len(other) > 0 {
			otherRoute := other[0].Route
			fmt.Fprintf(&sb, "    %s%s\n", eligibility.RouteText(otherRoute).In(lang), t("（未采用）：", " (not met):"))
			for _, cd := range other {
				if cd.Met {
					fmt.Fprintf(&sb, "      ✓ %s\n", cd.Text.In(lang))
				} else {
					fmt.Fprintf(&sb, "      %s\n", failedLine(cd, lang))
				}
			}
		}
		if m := uniqueStrings(r.Missing); len(m) > 0 {
			fmt.Fprintf(&sb, "    %s%s\n", t("空白：", "blank: "), strings.Join(m, ", "))
		}
		if ents[i].Relaxation != "" && r.Status == eligibility.Review {
			fmt.Fprintf(&sb, "    %s%s\n", t("放宽情形：", "relaxation ground: "), relaxationLabel(ents[i].Relaxation, lang))
		}
	}
	var tally []string
	for _, st := range []string{eligibility.Eligible, eligibility.Review, eligibility.NotEligible, eligibility.Incomplete} {
		tally = append(tally, fmt.Sprintf("%s %d", eligibility.StatusText(st).In(lang), counts[st]))
	}
	fmt.Fprintf(&sb, "%s %d — %s\n", t("合计", "total"), len(ents), strings.Join(tally, t("，", ", ")))
	_, err := io.WriteString(w, sb.String())
	return err
}

// displayWidth is the width of s on a terminal (CJK characters count two).
func displayWidth(s string) int { return uniseg.StringWidth(s) }

// writeEligibilityCSV writes the results: status and route as codes, the
// conditions' texts in lang, missing columns and priority marks as codes.
func writeEligibilityCSV(w io.Writer, ents []roster.Enterprise, res []eligibility.Result, lang string, bom bool) error {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	sep := msg.T("；", "; ").In(lang)
	cw := csv.NewWriter(w)
	if err := cw.Write(eligibilityColumns); err != nil {
		return err
	}
	for i := range ents {
		r := res[i]
		met, failed, _ := judged(r)
		rec := []string{ents[i].USCC, ents[i].Name, r.Status, r.Route, condTexts(met, lang, sep), condTexts(failed, lang, sep),
			strings.Join(uniqueStrings(r.Missing), ";"), strings.Join(r.Priority, ";")}
		for j := range rec {
			rec[j] = output.Neutralise(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// relaxationLabel shows a relaxation ground (81 三) with its Chinese label.
func relaxationLabel(ground, lang string) string {
	s := roster.Lookup(roster.Enterprises)
	for _, c := range s.Columns[s.Index("relaxation")].Enum {
		if c.Value == ground && lang != "en" {
			return c.Zh
		}
	}
	return ground
}
