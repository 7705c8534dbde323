package output

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// tmpWatch is a destination that, on its first write (the archive being
// assembled, the parts all compressed), lists the workbook writer's
// temporary files in the temporary folder.
type tmpWatch struct {
	t    *testing.T
	dir  string
	seen []string
	done bool
	buf  bytes.Buffer
}

func (w *tmpWatch) Write(p []byte) (int, error) {
	if !w.done {
		w.done = true
		entries, err := os.ReadDir(w.dir)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "subsidy-xlsx-") {
				w.seen = append(w.seen, e.Name())
			}
		}
	}
	return w.buf.Write(p)
}

// TestWorkbookTempFileUnlinked: the workbook's parts are compressed into a
// temporary file that has no name in any folder while it is used, so that
// a run killed by SIGKILL leaves nothing behind (nothing CleanStale would
// have to find).
func TestWorkbookTempFileUnlinked(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	w := &tmpWatch{t: t, dir: dir}
	if err := WriteLedgerXLSX(w, sampleWorkbook(t, sampleLines())); err != nil {
		t.Fatal(err)
	}
	if !w.done || w.buf.Len() == 0 {
		t.Fatal("nothing written")
	}
	if len(w.seen) > 0 {
		t.Errorf("temporary files visible while the workbook is written: %v", w.seen)
	}
	openXLSX(t, w.buf.Bytes())
}

// TestWorkbookRefusesControlCharacters: a text a spreadsheet cell cannot
// hold (a C0 control character other than tab, CR and LF) is refused, never
// silently replaced, so that the workbook's lines are the lines computed.
func TestWorkbookRefusesControlCharacters(t *testing.T) {
	for _, bad := range []string{"\x0b", "\x00", "\x1f", "\x7f"} {
		lines := sampleLines()
		lines[0].RecipientName = "甲" + bad + "乙"
		err := WriteLedgerXLSX(&bytes.Buffer{}, sampleWorkbook(t, lines))
		if err == nil || !strings.Contains(err.Error(), "recipient_name") || !strings.Contains(err.Error(), "control character") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	lines := sampleLines()
	lines[0].RecipientName = "甲\t乙\r\n丙"
	if err := WriteLedgerXLSX(&bytes.Buffer{}, sampleWorkbook(t, lines)); err != nil {
		t.Errorf("tab, CR, LF: %v", err)
	}
}

// TestWorkbookRejectionShowsControlCharacters: the 拒绝 sheet quotes a
// rejected value with its control characters spelled out, so that the
// workbook of a roster with such a cell is still written.
func TestWorkbookRejectionShowsControlCharacters(t *testing.T) {
	wb := sampleWorkbook(t, sampleLines())
	wb.Rejections.(Rejections)[0].Value = "甲\x0b乙\xff"
	f := openXLSX(t, writeXLSX(t, wb))
	v, err := f.GetCellValue(SheetRejections, "D2")
	if err != nil || v != "甲<U+000B>乙<0xFF>" {
		t.Errorf("rejected value shown as %q (%v)", v, err)
	}
}
