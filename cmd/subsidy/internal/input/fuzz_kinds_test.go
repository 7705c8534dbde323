package input

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"subsidy/calc/ledger"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/fileio"
)

// FuzzReadRosterKinds feeds arbitrary bytes to ReadRoster as a roster of
// every kind (the first byte picks the kind) and decodes each record as the
// pipeline does: nothing may panic, every reader error is a *fileio.Error, and a
// decoded row either lands in the batch or is listed with a code and its
// file and row (spec §1.3: nothing is lost).
func FuzzReadRosterKinds(f *testing.F) {
	for i, k := range roster.Kinds {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "fixtures", "example-2022-06", string(k)+".csv"))
		if err == nil {
			f.Add(uint8(i), data)
		}
		f.Add(uint8(i), gb18030(f, string(data)))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		k := roster.Kinds[int(which)%len(roster.Kinds)]
		path := filepath.Join(dir, string(k)+".csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var d roster.Decoder
		rows := 0
		_, err := ReadRoster(path, k, filepath.Base(path), func(r roster.Record) error {
			rows++
			before := batchLen(&d.Batch)
			ev, rejs := d.Decode(k, r)
			_, _, _ = roster.ListedAmount(k, r)
			after := batchLen(&d.Batch)
			if ev != nil {
				after++
			}
			if len(rejs) == 0 && after != before+1 {
				t.Fatalf("row %d: neither decoded nor listed (batch %d -> %d)", r.Row, before, after)
			}
			if len(rejs) > 0 && after != before {
				t.Fatalf("row %d: listed and decoded", r.Row)
			}
			for _, rj := range rejs {
				if rj.Code == "" || rj.File != r.File || rj.Row != r.Row || rj.Class != ledger.ClassOf(rj.Code) {
					t.Fatalf("bad rejection %+v for row %d", rj, r.Row)
				}
			}
			return nil
		}, Options{})
		var e *fileio.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error %v (%T) is not a *fileio.Error", err, err)
		}
	})
}

// batchLen counts the reference rows in b.
func batchLen(b *roster.Batch) int { return len(b.Enterprises) + len(b.FX) + len(b.Budgets) }
