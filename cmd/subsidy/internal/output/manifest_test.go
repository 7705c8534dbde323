package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// sampleManifest is a valid manifest.
func sampleManifest() *Manifest {
	h := HashBytes([]byte("x"))
	return &Manifest{Format: ManifestFormat, ProgramVersion: "(devel)", Period: "2022-06", PolicyID: "suzhou-ip-2021",
		Policy:      ManifestFile{Role: "policy", Path: EmbeddedPolicy, SHA256: h, Bytes: 1},
		Inputs:      []ManifestFile{{Role: "grants", Path: "/in/grants.csv", SHA256: h, Bytes: 1}, {Role: "awards", Path: "-"}},
		Prior:       []ManifestFile{},
		Outputs:     []ManifestFile{{Role: "rejections", Path: "rejections-2022-06.csv", SHA256: h}, {Role: "ledger", Path: "ledger.csv", SHA256: h}},
		LedgerLines: 2, LedgerLinesSHA256: LinesHash(sampleLines())}
}

// TestLinesHash: the canonical hash of ledger lines ignores their order
// and the language of the note, and changes with any amount.
func TestLinesHash(t *testing.T) {
	lines := sampleLines()
	h := LinesHash(lines)
	// The documented canonical form, built the plain way: records joined by
	// U+001F, sorted, joined by U+001E, hashed at once.
	var recs []string
	for _, l := range lines {
		capLimit, capUsed := "", ""
		if l.HasCap {
			capLimit, capUsed = l.CapLimit.String(), l.CapUsedBefore.String()
		}
		recs = append(recs, strings.Join([]string{l.LineID, l.Period, l.Program, l.ProgramName, l.Clause,
			l.PolicyVersion, l.Funder, l.RecipientID, l.RecipientName, l.District, l.EventDate.String(),
			l.Source, l.BasisCNY.String(), l.Rate.String(), l.Computed.String(), l.CapKey, capLimit,
			capUsed, l.Payable.String(), l.Status, l.FlagString()}, "\x1f"))
	}
	sort.Strings(recs)
	if want := HashBytes([]byte(strings.Join(recs, "\x1e"))); h != want {
		t.Errorf("streamed hash %s, canonical form hashes to %s", h, want)
	}
	rev := append(lines[:0:0], lines...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	rev[0].Note.En = "another language"
	if LinesHash(rev) != h {
		t.Error("order or note language changed the hash")
	}
	rev[0].Payable = rev[0].Payable.Add(decimal.New(1, -2))
	if LinesHash(rev) == h {
		t.Error("a payable one fen higher kept the hash")
	}
}

// TestManifestRoundTrip: a written manifest reads back equal; paths inside
// the manifest's folder are recorded relative to it, others absolute.
func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	mp := filepath.Join(dir, "ledger.csv.manifest.json")
	var b bytes.Buffer
	m := sampleManifest()
	if err := WriteManifest(&b, m); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(mp, b.Bytes(), 0o644)
	got, err := ReadManifest(mp)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("read back %+v", got)
	}
	if r := ManifestRel(mp, filepath.Join(dir, "sub", "r.csv")); r != "sub/r.csv" {
		t.Errorf("inside: %q", r)
	}
	if r := ManifestRel(mp, filepath.Join(filepath.Dir(dir), "in.csv")); !filepath.IsAbs(filepath.FromSlash(r)) {
		t.Errorf("outside: %q", r)
	}
	if p := Resolve(mp, "sub/r.csv"); p != filepath.Join(dir, "sub", "r.csv") {
		t.Errorf("resolve: %q", p)
	}
	for name, data := range map[string]string{
		"unknown key":  strings.Replace(b.String(), `"period"`, `"periode"`, 1),
		"other format": strings.Replace(b.String(), ManifestFormat, "subsidy-manifest/0", 1),
		"no sha":       strings.Replace(b.String(), `"sha256": "`+HashBytes([]byte("x"))+`"`, `"sha256": ""`, 1),
		"two objects":  b.String() + "{}",
		"not json":     "PK\x03\x04",
	} {
		os.WriteFile(mp, []byte(data), 0o644)
		if _, err := ReadManifest(mp); err == nil || !strings.Contains(err.Error(), "not a valid run manifest") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// FuzzReadManifest: ReadManifest never panics on arbitrary bytes, every
// error is an *Error, and a manifest it accepts writes and reads back
// equal.
func FuzzReadManifest(f *testing.F) {
	var b bytes.Buffer
	WriteManifest(&b, sampleManifest())
	f.Add(b.Bytes())
	f.Add([]byte(`{"format":"subsidy-manifest/1"}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "m.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadManifest(p)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			return
		}
		var out bytes.Buffer
		if err := WriteManifest(&out, m); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, out.Bytes(), 0o644)
		again, err := ReadManifest(p)
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// TestManifestOfAMillionLines: the manifest of a 1,000,000-line ledger
// (its year counts' keys about 20 bytes a line, over 16 MiB) reads back.
// Found by scripts/bench, whose --prior run was refused with "not a valid
// run manifest (too large)".
func TestManifestOfAMillionLines(t *testing.T) {
	m := sampleManifest()
	counted := make([]ManifestCount, 0, 50000)
	for r := 0; r < cap(counted); r++ {
		mc := ManifestCount{Program: "layout.institution_100", RecipientID: fmt.Sprintf("1232050000%08d", r), Year: 2021, Count: 20}
		for k := 0; k < 20; k++ {
			mc.Keys = append(mc.Keys, fmt.Sprintf("%016x", r*20+k))
		}
		counted = append(counted, mc)
	}
	m.Counted = &counted
	mp := filepath.Join(t.TempDir(), "ledger.csv.manifest.json")
	var b bytes.Buffer
	if err := WriteManifest(&b, m); err != nil {
		t.Fatal(err)
	}
	if b.Len() <= 16<<20 {
		t.Fatalf("the manifest is %d bytes, not over 16 MiB", b.Len())
	}
	os.WriteFile(mp, b.Bytes(), 0o644)
	got, err := ReadManifest(mp)
	if err != nil {
		t.Fatal(err)
	}
	if len(*got.Counted) != len(counted) {
		t.Errorf("read back %d counted entries, want %d", len(*got.Counted), len(counted))
	}
}
