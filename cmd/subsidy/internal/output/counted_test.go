package output

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"subsidy/calc/ledger"
)

// TestManifestCounted (spec §4.3a 5): the counted section round-trips the
// year counts a run leaves, an empty section is told apart from a manifest
// written before runs kept counts, and a malformed entry is refused.
func TestManifestCounted(t *testing.T) {
	ycs := []ledger.YearCount{
		{Program: "layout.invention_10", Recipient: "91320583MA1XA00241", Year: 2022, Count: 2, Keys: []uint64{0x0233b69d41d8633a, 0xeeb80e4143a1fc0d}},
		{Program: "layout.institution_100", Recipient: "12320500MB0U000046", Year: 2021, Count: 140}, // passed without a line: no keys
	}
	dir := t.TempDir()
	write := func(name string, m *Manifest) string {
		var b bytes.Buffer
		if err := WriteManifest(&b, m); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	m := sampleManifest()
	m.Counted = ManifestCounts(ycs)
	got, err := ReadManifest(write("a.manifest.json", m))
	if err != nil {
		t.Fatal(err)
	}
	back, ok, err := got.YearCounts()
	if err != nil || !ok {
		t.Fatalf("YearCounts: %v, %v", ok, err)
	}
	for i := range back {
		if len(back[i].Keys) == 0 {
			back[i].Keys = nil
		}
	}
	if !reflect.DeepEqual(back, ycs) {
		t.Errorf("round trip %+v, want %+v", back, ycs)
	}

	m.Counted = ManifestCounts(nil)
	got, err = ReadManifest(write("empty.manifest.json", m))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := got.YearCounts(); !ok {
		t.Error("an empty counted section read as none")
	}
	m.Counted = nil
	var b bytes.Buffer
	WriteManifest(&b, m)
	if strings.Contains(b.String(), "counted") {
		t.Error("a manifest without counts writes a counted section")
	}
	got, err = ReadManifest(write("old.manifest.json", m))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := got.YearCounts(); ok {
		t.Error("a manifest written before runs kept counts read as having them")
	}

	for name, mc := range map[string]ManifestCount{
		"short key":           {Program: "layout.invention_10", RecipientID: "x", Year: 2022, Count: 1, Keys: []string{"0233b69d"}},
		"not hex":             {Program: "layout.invention_10", RecipientID: "x", Year: 2022, Count: 1, Keys: []string{"0233b69d41d8633z"}},
		"more keys than rows": {Program: "layout.invention_10", RecipientID: "x", Year: 2022, Count: 0, Keys: []string{"0233b69d41d8633a"}},
		"no year":             {Program: "layout.invention_10", RecipientID: "x", Count: 0},
	} {
		m.Counted = &[]ManifestCount{mc}
		if _, err := ReadManifest(write("bad.manifest.json", m)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
