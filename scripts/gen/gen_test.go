package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// TestDeterministic: the same seed and size write the same bytes; another
// seed writes other rows.
func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []struct {
		dir  string
		seed uint64
	}{{a, 7}, {b, 7}, {c, 8}} {
		if err := run(d.seed, 3000, d.dir, "2023-12", true, false, true); err != nil {
			t.Fatal(err)
		}
	}
	differs := false
	for _, r := range rosters {
		x, err := os.ReadFile(filepath.Join(a, r.name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, r.name+".csv"))
		z, _ := os.ReadFile(filepath.Join(c, r.name+".csv"))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: seed 7 wrote different bytes twice", r.name)
		}
		if !bytes.Equal(x, z) {
			differs = true
		}
	}
	if !differs {
		t.Error("seeds 7 and 8 wrote the same batch")
	}
}

// TestEventRows: -n event rows are written over the six event rosters, each
// file with its header, and the XLSX files beside the CSV ones.
func TestEventRows(t *testing.T) {
	dir := t.TempDir()
	if err := run(1, 2500, dir, "2022-06", true, true, true); err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, r := range rosters {
		f, err := os.Open(filepath.Join(dir, r.name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		if len(recs) < 2 || len(recs[0]) != len(r.header) {
			t.Fatalf("%s: %d records, header %v", r.name, len(recs), recs[0])
		}
		if r.name != "enterprises" && r.name != "fx" {
			events += len(recs) - 1
		}
		if _, err := os.Stat(filepath.Join(dir, r.name+".xlsx")); err != nil {
			t.Error(err)
		}
	}
	if events != 2500 {
		t.Errorf("%d event rows, want 2500", events)
	}
}

// TestFormats (issue 13): -xlsx alone writes workbooks only, so that the
// folder runs; -xlsx -csv writes both and says the folder cannot be run.
func TestFormats(t *testing.T) {
	for _, c := range []struct {
		xlsx, csv, given, want bool
		warns                  bool
	}{
		{false, true, false, true, false},
		{true, true, false, false, false},
		{true, true, true, true, true},
		{true, false, true, false, false},
	} {
		got, w := formats(c.xlsx, c.csv, c.given)
		if got != c.want || (w != "") != c.warns {
			t.Errorf("formats(%v, %v, %v) = %v, %q", c.xlsx, c.csv, c.given, got, w)
		}
	}
}
