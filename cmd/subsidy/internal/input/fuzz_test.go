package input

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/fileio"
)

// FuzzReadRosterCSV feeds arbitrary bytes to ReadRoster as a grants CSV:
// it must not panic, every error must be a *fileio.Error, and every record must
// have the schema's cells and a row after the header.
func FuzzReadRosterCSV(f *testing.F) {
	f.Add([]byte(grantsHeader + "A,1,invention,CN,domestic,2022-01-01\n"))
	f.Add([]byte("\xEF\xBB\xBF" + chineseGrants))
	f.Add(gb18030(f, chineseGrants))
	dir := f.TempDir()
	path := filepath.Join(dir, "grants.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		last := 0
		_, err := ReadRoster(path, roster.Grants, "grants.csv", func(r roster.Record) error {
			if len(r.Cells) != len(roster.Lookup(roster.Grants).Columns) || r.Row <= last || r.File != "grants.csv" {
				t.Fatalf("bad record %+v after row %d", r, last)
			}
			last = r.Row
			return nil
		}, Options{})
		var e *fileio.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not a *fileio.Error", err, err)
		}
	})
}
