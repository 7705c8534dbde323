package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSnapshot: the manifest records the hash of the bytes as they were
// before the run read them, and refuses a file re-saved (replaced by
// rename, as spreadsheet programs save) or rewritten in place since.
func TestSnapshot(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "grants.csv")
	os.WriteFile(p, []byte("uscc,number\n"), 0o644)
	s, err := TakeSnapshot(p)
	if err != nil {
		t.Fatal(err)
	}
	mp := filepath.Join(dir, "ledger.csv.manifest.json")
	e, err := s.Entry(mp, "grants")
	if err != nil || e.SHA256 != HashBytes([]byte("uscc,number\n")) || e.Bytes != 12 || e.Path != "grants.csv" {
		t.Fatalf("unchanged file: %+v %v", e, err)
	}

	resave := func() {
		tmp := filepath.Join(dir, "~grants.csv")
		os.WriteFile(tmp, []byte("uscc,number\n"), 0o644) // the same bytes, another file
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
	}
	inPlace := func() {
		os.WriteFile(p, []byte("uscc,number,x\n"), 0o644)
	}
	sameSize := func() {
		os.WriteFile(p, []byte("uscc,numbeR\n"), 0o644)
		later := time.Now().Add(time.Minute)
		os.Chtimes(p, later, later)
	}
	for name, change := range map[string]func(){"re-saved": resave, "rewritten": inPlace, "same size": sameSize} {
		os.WriteFile(p, []byte("uscc,number\n"), 0o644)
		s, err := TakeSnapshot(p)
		if err != nil {
			t.Fatal(err)
		}
		change()
		_, err = s.Entry(mp, "grants")
		var oe *Error
		if !errors.As(err, &oe) || oe.File != p || !strings.Contains(oe.Msg.En, "changed or re-saved while this run read it") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := TakeSnapshot(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("a missing file has a snapshot")
	}
}
