package output

import (
	"io"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// WriteWorkbook writes the workbook f to w the way the workbook ledger is
// written, so that the same content gives the same bytes (spec §1.5): the
// document's title and fixed times, the parts in name order without
// modification times (sortedZip), in bounded memory.
func WriteWorkbook(w io.Writer, f *excelize.File, title string) error {
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "subsidy", Title: title, Language: "zh-CN",
		Created: xlsxFixedTime, Modified: xlsxFixedTime}); err != nil {
		return err
	}
	zw := newSortedZip(w, "")
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := f.WriteTo(io.Discard); err != nil {
		zw.discard()
		return err
	}
	return nil
}

// AmountCell is an amount as a numeric cell of style, exact: false when a
// spreadsheet number cannot hold it exactly (10^13 yuan and above), so
// that no form ever rounds an amount.
func AmountCell(d decimal.Decimal, style int) (excelize.Cell, bool) { return amountCell(d, style) }
