package forms

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"subsidy/calc/ledger"
	"subsidy/calc/policy"
)

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "明": "*", "张明": "张*", "张小明": "张*明", "欧阳小明": "欧**明", " 李四 ": "李*", "John Smith": "J********h",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func line(id, program, funder, recipient, name, payable, status string) ledger.Line {
	d := decimal.RequireFromString(payable)
	return ledger.Line{LineID: id, Period: "2022-06", Program: program, ProgramName: program + "名", Clause: "136 三(一)3",
		PolicyVersion: "p@2021", Funder: funder, RecipientID: recipient, RecipientName: name, District: "320505",
		BasisCNY: d, Computed: d, Payable: d, Status: status}
}

// TestNoticeShowsOnlyWhatANoticeMay: lines to pay only (paid or capped,
// above zero), each once; a person's name masked; no identifier, cap key
// or note anywhere in the CSV or the workbook.
func TestNoticeShowsOnlyWhatANoticeMay(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	person := "32050219800101123X"
	lines := []ledger.Line{
		line("a-1", "award.outstanding_inventor", "city", person, "张小明", "300000.00", ledger.StatusCapped),
		line("b-1", "award.patent_prize", "city", "91320583MA1XA0032U", "苏州高新光谱仪器有限公司", "800000.00", ledger.StatusPaid),
		line("b-1", "award.patent_prize", "city", "91320583MA1XA0032U", "苏州高新光谱仪器有限公司", "800000.00", ledger.StatusPaid), // a copy
		line("c-1", "award.patent_prize", "city", "91320505MA1AW00011", "零额公司", "0.00", ledger.StatusZero),
	}
	lines[0].CapKey, lines[0].Note.Zh = "talent.settlement/"+person, "说明"
	n := NewNotice(lines, pol)
	if len(n.Rows) != 2 || n.Rows[0].Name != "张*明" || n.Rows[1].Name != "苏州高新光谱仪器有限公司" || n.Rows[0].District != "虎丘区" {
		t.Fatalf("rows %+v", n.Rows)
	}
	var csvOut, xlsxOut bytes.Buffer
	if err := n.WriteCSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	if err := n.WriteXLSX(&xlsxOut); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsxOut.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	all.WriteString(csvOut.String())
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			all.WriteString(strings.Join(r, ",") + "\n")
		}
	}
	for _, bad := range []string{person, "3205", "91320583MA1XA0032U", "talent.settlement", "说明", "张小明", "零额公司"} {
		if strings.Contains(all.String(), bad) {
			t.Errorf("the notice shows %q:\n%s", bad, all.String())
		}
	}
	var again bytes.Buffer
	if err := n.WriteXLSX(&again); err != nil || !bytes.Equal(again.Bytes(), xlsxOut.Bytes()) {
		t.Errorf("the same notice gives other bytes (%v)", err)
	}
}

// TestPayoutsByFunder: one sheet per funder, the city first, lines by
// program with subtotals, the total and its capital numerals written by
// hand; the lines not to pay left out.
func TestPayoutsByFunder(t *testing.T) {
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	lines := []ledger.Line{
		line("d-2", "layout.madrid", "320582", "91320582MA1XA0027A", "乙", "2000.00", ledger.StatusPaid),
		line("a-1", "award.patent_prize", "city", "91320583MA1XA0032U", "甲", "800000.00", ledger.StatusPaid),
		line("a-2", "award.patent_prize", "city", "91320583MA1XA0032V", "丙", "250000.00", ledger.StatusCapped),
		line("e-1", "overseas_litigation", "city", "91320583MA1XA0032U", "甲", "0.07", ledger.StatusPaid),
		line("z-1", "overseas_litigation", "city", "91320583MA1XA0032U", "甲", "0.00", ledger.StatusZero),
	}
	ps, err := NewPayouts(lines, pol)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Funder != "city" || ps[1].Funder != "320582" || ps[1].FunderName != "张家港市（320582）" {
		t.Fatalf("sheets %+v", ps)
	}
	city := ps[0]
	// 800,000.00 + 250,000.00 = 1,050,000.00; + 0.07 = 1,050,000.07
	if len(city.Programs) != 2 || !city.Programs[0].Subtotal.Equal(decimal.RequireFromString("1050000")) ||
		!city.Total.Equal(decimal.RequireFromString("1050000.07")) || city.Capital != "壹佰零伍万元零柒分" {
		t.Errorf("city sheet: %+v", city)
	}
	if ps[1].Capital != "贰仟元整" {
		t.Errorf("320582: %s", ps[1].Capital)
	}
	var b bytes.Buffer
	if err := WritePayoutXLSX(&b, ps, "2022-06"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "苏州市（市级）" {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows("苏州市（市级）")
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"合计金额（大写）：人民币壹佰零伍万元零柒分", "经办人", "审批人", "小计|2 笔", "合计|3 笔"} {
		if !strings.Contains(text, want) {
			t.Errorf("the city sheet lacks %q:\n%s", want, text)
		}
	}
}
