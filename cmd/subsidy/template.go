package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/currency"

	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

// Column classes of the templates' number formats. Every other column is
// text, so that Excel keeps identifiers (USCC, ID numbers, contract
// numbers) exactly as typed.
var (
	templateAmounts = map[string]bool{"amount": true, "premium": true, "ip_investment": true}
	templateCounts  = map[string]bool{
		"payment_no": true, "prior_invention_grants": true, "valid_invention_patents": true,
		"overseas_invention_applications": true, "overseas_invention_grants": true,
		"registered_trademarks": true, "standards": true,
	}
	templateRates = map[string]bool{"rate": true, "units": true}
)

// templateListSheet is the hidden sheet holding the dropdown lists.
const templateListSheet = "选项"

// templateRows is how many rows below the header carry formats and
// dropdowns.
const templateRows = 10000

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:        "template",
		Usage:       cmdUsage("template"),
		ArgsUsage:   "KIND",
		Description: cmdDescription("template"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: flagText("template", "out")},
			&cli.StringFlag{Name: "policy", Usage: flagText("template", "policy")},
			&cli.BoolFlag{Name: "force", Usage: flagText("template", "force")},
			&cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("template", "lang")},
		},
		Action: func(c *cli.Context) error {
			lang, err := langOf(c)
			if err != nil {
				return err
			}
			if c.NArg() != 1 {
				return failure.Usage(msg.F("请给出一个名册类型（选项写在类型之前，如 subsidy template --out grants.csv grants）：%s",
					"give one roster KIND, options before it (e.g. subsidy template --out grants.csv grants): %s", templateKinds()))
			}
			kind, ok := roster.KindByFileStem(c.Args().First())
			if !ok {
				return failure.Usage(msg.F("未知的名册类型“%s”；可选：%s", "unknown roster kind %q; one of: %s", c.Args().First(), templateKinds()))
			}
			pol, err := batch.LoadPolicy(c.String("policy"))
			if err != nil {
				return err
			}
			schema := roster.Lookup(kind)
			out := c.String("out")
			if out == "" {
				out = string(kind) + ".xlsx"
			}
			if out == "-" {
				return writeTemplateCSV(c.App.Writer, schema, false)
			}
			ext := strings.ToLower(filepath.Ext(out))
			if ext != ".xlsx" && ext != ".csv" {
				return failure.Usage(msg.F("--out %s：模板格式由扩展名决定，应为 .xlsx 或 .csv", "--out %s: the template format follows the extension, .xlsx or .csv", out))
			}
			set := output.NewSet(c.Bool("force"))
			w, err := set.Create(out)
			if err != nil {
				return failure.UsageOf("", err)
			}
			if ext == ".csv" {
				err = writeTemplateCSV(w, schema, true)
			} else {
				err = writeTemplateXLSX(w, schema, pol)
			}
			if err != nil {
				set.Abort()
				return failure.UsageOf(out+": ", err)
			}
			if err := set.Commit(); err != nil {
				return failure.UsageOf("", err)
			}
			fmt.Fprintln(c.App.ErrWriter, msg.F("已写出 %s 模板：%s", "wrote the %s template: %s", kind, out).In(lang))
			return nil
		},
	}
}

// writeTemplateCSV writes the header row of a roster, each column written
// 中文(english), as the reader accepts it; bom puts a UTF-8 BOM first (for
// Excel).
func writeTemplateCSV(w io.Writer, s *roster.Schema, bom bool) error {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	head := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		head[i] = c.Zh + "(" + c.Name + ")"
	}
	cw := csv.NewWriter(w)
	cw.Write(head)
	cw.Flush()
	return cw.Error()
}

// templateList is one dropdown: its values and whether others are refused
// (stop) or only warned about.
type templateList struct {
	values []string
	strict bool
}

// templateLists returns the dropdown of every column that has one:
// enumerations (Chinese label, then English value), yes/no, district and
// program (from the policy) and currency (ISO 4217 codes in use).
func templateLists(s *roster.Schema, pol *policy.Policy) map[string]templateList {
	lists := map[string]templateList{}
	for _, c := range s.Columns {
		switch {
		case len(c.Enum) > 0:
			var vs []string
			for _, ch := range c.Enum {
				vs = append(vs, ch.Zh)
			}
			for _, ch := range c.Enum {
				if ch.Value != ch.Zh {
					vs = append(vs, ch.Value)
				}
			}
			lists[c.Name] = templateList{values: vs, strict: true}
		case roster.IsYesNo(c.Name):
			lists[c.Name] = templateList{values: []string{"是", "否"}, strict: true}
		case c.Name == "district":
			var vs []string
			for _, d := range pol.Districts {
				vs = append(vs, d.Name)
			}
			lists[c.Name] = templateList{values: vs}
		case c.Name == "program" && s.Kind == roster.Awards:
			var vs []string
			for id, p := range pol.Programs {
				if p.Kind != policy.KindComputed {
					vs = append(vs, id)
				}
			}
			sort.Strings(vs)
			lists[c.Name] = templateList{values: vs}
		case c.Name == "program" && s.Kind == roster.Budgets:
			vs := []string{"*", "dengfeng"}
			for id := range pol.Programs {
				vs = append(vs, id)
			}
			sort.Strings(vs[2:])
			lists[c.Name] = templateList{values: vs}
		case c.Name == "funder":
			vs := []string{"city"}
			for _, d := range pol.Districts {
				vs = append(vs, d.Name)
			}
			lists[c.Name] = templateList{values: vs}
		case c.Name == "currency":
			lists[c.Name] = templateList{values: currencyCodes()}
		}
	}
	return lists
}

// currencyCodes lists the ISO 4217 codes in use as legal tender, CNY
// first, then alphabetically.
func currencyCodes() []string {
	seen := map[string]bool{"CNY": true}
	var codes []string
	for it := currency.Query(); it.Next(); {
		if code := it.Unit().String(); !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	return append([]string{"CNY"}, codes...)
}

// columnNote is the note on a template header: the English name, whether
// the column is required, and what goes there.
func columnNote(c roster.Column, list templateList) string {
	req := "选填 optional"
	if c.Required {
		req = "必填 required"
	}
	note := fmt.Sprintf("%s — %s\n%s\n%s", c.Name, req, c.Doc.Zh, c.Doc.En)
	if len(list.values) > 0 && len(list.values) <= 12 {
		note += "\n可选 / one of: " + strings.Join(list.values, ", ")
	}
	return note
}

// writeTemplateXLSX writes a blank roster workbook: on the first sheet the
// Chinese column names (required ones highlighted) with a note each, a
// frozen header, text format for identifier and text columns, date format
// for dates, number formats for amounts and counts, and dropdowns whose
// lists sit on a hidden second sheet.
func writeTemplateXLSX(w io.Writer, s *roster.Schema, pol *policy.Policy) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := s.Zh
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	styles, err := newTemplateStyles(f)
	if err != nil {
		return err
	}
	lists := templateLists(s, pol)
	if _, err := f.NewSheet(templateListSheet); err != nil {
		return err
	}
	listCol := 0
	for i, c := range s.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		list := lists[c.Name]
		if err := writeTemplateColumn(f, sheet, col, c, list, styles); err != nil {
			return err
		}
		if len(list.values) == 0 {
			continue
		}
		listCol++
		if err := addTemplateDropdown(f, sheet, col, listCol, c, list); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.SetSheetVisible(templateListSheet, false); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// templateStyles are the style IDs of a template workbook: one per column
// class (templateClass), and the header styles "head" and "req" (a
// required column).
type templateStyles map[string]int

// newTemplateStyles adds the template's styles to f.
func newTemplateStyles(f *excelize.File) (templateStyles, error) {
	// A slice, not a map: styles are numbered in creation order, and the
	// template must be the same bytes every time.
	defs := []struct {
		name  string
		style *excelize.Style
	}{
		{"text", &excelize.Style{NumFmt: 49}},
		{"date", &excelize.Style{CustomNumFmt: ptrTo("yyyy-mm-dd")}},
		{"amount", &excelize.Style{NumFmt: 4}},
		{"count", &excelize.Style{NumFmt: 1}},
		{"rate", &excelize.Style{NumFmt: 0}},
		{"head", &excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}},
		{"req", &excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}}},
	}
	styles := templateStyles{}
	for _, d := range defs {
		id, err := f.NewStyle(d.style)
		if err != nil {
			return nil, err
		}
		styles[d.name] = id
	}
	return styles, nil
}

// templateClass is the number-format class of a column: date, amount,
// count, rate, or text for every other column.
func templateClass(name string) string {
	switch {
	case input.IsDateColumn(name):
		return "date"
	case templateAmounts[name]:
		return "amount"
	case templateCounts[name]:
		return "count"
	case templateRates[name]:
		return "rate"
	}
	return "text"
}

// writeTemplateColumn formats column col of the sheet by its class and
// writes its header: the Chinese name, highlighted when required, with
// the column's note.
func writeTemplateColumn(f *excelize.File, sheet, col string, c roster.Column, list templateList, styles templateStyles) error {
	if err := f.SetColStyle(sheet, col, styles[templateClass(c.Name)]); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, col, col, 20); err != nil {
		return err
	}
	head := col + "1"
	if err := f.SetCellStr(sheet, head, c.Zh); err != nil {
		return err
	}
	hs := styles["head"]
	if c.Required {
		hs = styles["req"]
	}
	if err := f.SetCellStyle(sheet, head, head, hs); err != nil {
		return err
	}
	return f.AddComment(sheet, excelize.Comment{Cell: head, Author: "subsidy", Text: columnNote(c, list), Width: 320, Height: 140})
}

// addTemplateDropdown writes the list of column col into column listCol
// of the hidden list sheet, under the column's name, and gives the
// column's first templateRows rows a dropdown of it: a value not in a
// strict list is refused, any other only warned about.
func addTemplateDropdown(f *excelize.File, sheet, col string, listCol int, c roster.Column, list templateList) error {
	lc, _ := excelize.ColumnNumberToName(listCol)
	if err := f.SetCellStr(templateListSheet, lc+"1", c.Name); err != nil {
		return err
	}
	for j, v := range list.values {
		if err := f.SetCellStr(templateListSheet, fmt.Sprintf("%s%d", lc, j+2), v); err != nil {
			return err
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateRows+1)
	dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", templateListSheet, lc, lc, len(list.values)+1))
	if list.strict {
		dv.SetError(excelize.DataValidationErrorStyleStop, c.Zh, "请从下拉列表中选择 / choose a value from the list")
	} else {
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.Zh, "不在常用列表中，请确认 / not in the list; please check")
	}
	return f.AddDataValidation(sheet, dv)
}

func ptrTo[T any](v T) *T { return &v }
