package output

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeTestManifest writes a valid run manifest at mp listing ledger as
// its ledger output.
func writeTestManifest(t *testing.T, mp, ledger string) {
	t.Helper()
	sum := strings.Repeat("0", 64)
	m := &Manifest{Format: ManifestFormat, Policy: ManifestFile{Role: "policy", Path: EmbeddedPolicy, SHA256: sum},
		Inputs: []ManifestFile{}, Prior: []ManifestFile{},
		Outputs:           []ManifestFile{{Role: "ledger", Path: ledger, SHA256: sum}},
		LedgerLinesSHA256: sum}
	var b bytes.Buffer
	if err := WriteManifest(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mp, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPriorFolderNeverSkipsALedger: in a --prior folder, a file a run wrote
// as its ledger (it has its own manifest, or a manifest in the folder lists
// it) is read as if named, so that a ledger whose 明细 sheet was renamed or
// whose header was edited is refused instead of ignored; a workbook that
// cannot be opened is refused too. A plain non-ledger is still ignored.
func TestPriorFolderNeverSkipsALedger(t *testing.T) {
	renamedSheet := func(t *testing.T, path string) {
		f := excelize.NewFile()
		defer f.Close()
		f.SetCellValue("Sheet1", "A1", "line_id")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // in the error's English text or file
	}{
		{"own manifest, 明细 renamed", func(t *testing.T, dir string) {
			renamedSheet(t, filepath.Join(dir, "ledger.xlsx"))
			writeTestManifest(t, filepath.Join(dir, "ledger.xlsx.manifest.json"), "ledger.xlsx")
		}, "has no sheet"},
		{"listed by the CSV's manifest", func(t *testing.T, dir string) {
			renamedSheet(t, filepath.Join(dir, "ledger.xlsx"))
			writeTestManifest(t, filepath.Join(dir, "ledger-kept-as-csv.csv.manifest.json"), "ledger.xlsx")
		}, "has no sheet"},
		{"own manifest, CSV header edited", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "ledger.csv"), []byte("id,amount\n1,2\n"), 0o644)
			writeTestManifest(t, filepath.Join(dir, "ledger.csv.manifest.json"), "ledger.csv")
		}, "not a ledger"},
		{"damaged workbook", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "book.xlsx"), []byte("PK\x03\x04 truncated"), 0o644)
		}, "book.xlsx"},
		{"encrypted workbook", func(t *testing.T, dir string) {
			// an encrypted OOXML file is an OLE compound file, not a zip
			os.WriteFile(filepath.Join(dir, "book.xlsx"), append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), 0o644)
		}, "book.xlsx"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			files, warns, err := ReadPrior([]string{dir})
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Msg.En+" "+e.File, c.want) {
				t.Fatalf("got %d files, warnings %v, error %v; want an error with %q", len(files), warns, err, c.want)
			}
		})
	}

	dir := t.TempDir()
	renamedSheet(t, filepath.Join(dir, "notes.xlsx"))
	os.WriteFile(filepath.Join(dir, "readme.csv"), []byte("a,b\n"), 0o644)
	files, warns, err := ReadPrior([]string{dir})
	if err != nil || len(files) != 0 || len(warns) != 2 || !strings.Contains(warns[0].En, "ignored 2 files") {
		t.Fatalf("non-ledgers: %v %v %v", files, warns, err)
	}
}
