package forms

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/value"
	"subsidy/cmd/subsidy/internal/output"
)

// styles are the cell styles of the forms.
type styles struct {
	title, note, header, text, center, amount, total, totalAmount, sign int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}
	font := excelize.Font{Family: "宋体", Size: 11}
	bold := font
	bold.Bold = true
	amountFmt := "#,##0.00"
	defs := []*excelize.Style{
		{Font: &excelize.Font{Family: "黑体", Size: 16, Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: &font, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
		{Font: &bold, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: &font, Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		{Font: &font, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: &font, Border: border, CustomNumFmt: &amountFmt},
		{Font: &bold, Border: border, Alignment: &excelize.Alignment{Vertical: "center"}},
		{Font: &bold, Border: border, CustomNumFmt: &amountFmt},
		{Font: &font, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "bottom"}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, err
		}
		ids[i] = id
	}
	return styles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]}, nil
}

// amountCell is an exact numeric cell, or an error naming the amount.
func amountCell(d decimal.Decimal, style int) (excelize.Cell, error) {
	c, ok := output.AmountCell(d, style)
	if !ok {
		return c, fmt.Errorf("the amount %s cannot be stored exactly in a spreadsheet cell", value.FormatGrouped(d))
	}
	return c, nil
}

// printSetup sets a sheet up to print as a finance office files it: A4 in
// the given orientation, fitted to one page wide, the first headerRows
// rows repeated on every page, the sheet's name in the header and the page
// number in the footer (第 N 页 共 M 页), centred horizontally.
func printSetup(f *excelize.File, sheet string, headerRows int, orientation string) error {
	size, one, zero := 9, 1, 0 // 9: A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	yes := true
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Horizontally: &yes}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: "&C&A", OddFooter: "&C第 &P 页 共 &N 页"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, headerRows)})
}
