package output

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetLastCommitsLast (spec §1.7): the output named by Last is moved
// into place after every other, whatever the order of creation, so the
// ledger appears only once its rejections and manifest are in place; Sums
// reports the bytes written so far. A ledger whose name is taken meanwhile
// fails the commit after the others are in place, never before.
func TestSetLastCommitsLast(t *testing.T) {
	dir := t.TempDir()
	ledger, rej, man := filepath.Join(dir, "l.csv"), filepath.Join(dir, "r.csv"), filepath.Join(dir, "l.csv.manifest.json")
	s := NewSet(false)
	for _, p := range []string{rej, ledger} {
		w, err := s.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "content of "+filepath.Base(p))
	}
	sums, err := s.Sums()
	if err != nil || len(sums) != 2 || sums[1].SHA256 != HashBytes([]byte("content of l.csv")) || sums[1].Bytes != 16 {
		t.Fatalf("sums %+v %v", sums, err)
	}
	w, err := s.Create(man)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "{}")
	s.Last(ledger)
	os.WriteFile(ledger, []byte("taken"), 0o644) // another run got there first
	if err := s.Commit(); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("commit: %v", err)
	}
	for _, p := range []string{rej, man} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s not in place before the ledger: %v", p, err)
		}
	}
	if b, _ := os.ReadFile(ledger); string(b) != "taken" {
		t.Errorf("the existing ledger was replaced: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestSetDebris (spec §1.7): without a ledger, existing companions a run
// writes are debris, replaced without force; a file no run wrote is not;
// with the ledger in place, nothing is.
func TestSetDebris(t *testing.T) {
	dir := t.TempDir()
	ledger, rej := filepath.Join(dir, "l.csv"), filepath.Join(dir, "r.csv")
	os.WriteFile(rej, []byte("\ufefffile,row,column,value,code,class,message\r\nold,2,x,y,missing_value,data,m\r\n"), 0o644)
	foreign := filepath.Join(dir, "clerk.csv")
	os.WriteFile(foreign, []byte("日期,金额\n2022-06-01,100.00\n"), 0o644)
	s := NewSet(false)
	if d := s.Debris(ledger, rej, foreign, filepath.Join(dir, "absent")); len(d) != 1 || d[0] != rej {
		t.Fatalf("debris %v, want only %s", d, rej)
	}
	if _, err := s.Create(foreign); err == nil {
		t.Error("a file no run wrote would be replaced without --force")
	}
	w, err := s.Create(rej)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "new")
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(rej); string(b) != "new" {
		t.Errorf("debris not replaced: %q", b)
	}
	os.WriteFile(ledger, []byte("done"), 0o644)
	s2 := NewSet(false)
	if d := s2.Debris(ledger, rej); len(d) != 0 {
		t.Errorf("a complete run's files taken for debris: %v", d)
	}
	if _, err := s2.Create(rej); err == nil {
		t.Error("a complete run's rejections would be replaced without --force")
	}
}

// TestSetForceReplaceAllOrNothing (issue 11, finding 4): a --force commit
// over a complete earlier set, stopped after any number of its renames (as
// a kill would stop it), leaves the old complete set, the new complete set
// or no ledger — never the old ledger beside new rejections or a new
// manifest.
func TestSetForceReplaceAllOrNothing(t *testing.T) {
	type crash struct{}
	defer func() { placed = func(string) {} }()
	for stopAfter := 0; stopAfter <= 3; stopAfter++ {
		dir := t.TempDir()
		ledger, rej, man := filepath.Join(dir, "l.csv"), filepath.Join(dir, "r.csv"), filepath.Join(dir, "l.csv.manifest.json")
		for _, p := range []string{ledger, rej, man} {
			if err := os.WriteFile(p, []byte("old "+filepath.Base(p)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s := NewSet(true)
		for _, p := range []string{rej, man, ledger} {
			w, err := s.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, "new "+filepath.Base(p))
		}
		s.Last(ledger)
		n := 0
		placed = func(string) {
			if n++; n > stopAfter {
				panic(crash{})
			}
		}
		func() {
			defer func() {
				if r := recover(); r != nil && r != (crash{}) {
					panic(r)
				}
			}()
			if err := s.Commit(); err != nil {
				t.Fatal(err)
			}
		}()
		b, err := os.ReadFile(ledger)
		if err != nil {
			if stopAfter == 3 {
				t.Errorf("stopped after %d renames: no ledger (%v)", stopAfter, err)
			}
			continue
		}
		want := strings.Fields(string(b))[0] // "old" or "new"
		for _, p := range []string{rej, man} {
			c, err := os.ReadFile(p)
			if err != nil || string(c) != want+" "+filepath.Base(p) {
				t.Errorf("stopped after %d renames: the ledger is %q but %s holds %q (%v)", stopAfter, b, filepath.Base(p), c, err)
			}
		}
	}
}

// TestSetAdopt (issue 15): a spool written in the work folder beside the
// ledger becomes the ledger by a link or rename, not a copy — the file in
// place is the spool's own (same inode), readable by all, with the sum
// given for it; the same refusals as Create apply, and Abort removes an
// adopted file not yet in place.
func TestSetAdopt(t *testing.T) {
	dir := t.TempDir()
	work := filepath.Join(dir, ".l.csv.tmp-work1")
	if err := os.Mkdir(work, 0o700); err != nil {
		t.Fatal(err)
	}
	spool := func(name string) *os.File {
		f, err := os.CreateTemp(work, name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "spooled lines")
		return f
	}
	ledger := filepath.Join(dir, "l.csv")
	f := spool("ledger-*")
	before, _ := f.Stat()
	s := NewSet(false)
	if err := s.Adopt(ledger, f, "sum-of-spool", 13); err != nil {
		t.Fatal(err)
	}
	if err := s.Adopt(ledger, spool("again-*"), "x", 1); err == nil {
		t.Error("the same output adopted twice")
	}
	sums, err := s.Sums()
	if err != nil || len(sums) != 1 || sums[0].SHA256 != "sum-of-spool" || sums[0].Bytes != 13 {
		t.Fatalf("sums %+v %v", sums, err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(ledger)
	if err != nil || !os.SameFile(before, after) || after.Mode().Perm() != 0o644 {
		t.Fatalf("ledger %v (%v): want the spool itself, mode 0644", after, err)
	}
	if b, _ := os.ReadFile(ledger); string(b) != "spooled lines" {
		t.Errorf("ledger holds %q", b)
	}
	if left, _ := os.ReadDir(work); len(left) != 1 { // the refused second spool
		t.Errorf("%d files left in the work folder, want the refused one", len(left))
	}

	s = NewSet(true)
	g := spool("ledger-*")
	if err := s.Adopt(filepath.Join(dir, "m.csv"), g, "s", 13); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if _, err := os.Stat(g.Name()); !os.IsNotExist(err) {
		t.Errorf("Abort left the adopted spool: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.csv")); !os.IsNotExist(err) {
		t.Errorf("Abort put the ledger in place: %v", err)
	}
}
