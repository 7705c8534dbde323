package input

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"subsidy/cmd/subsidy/internal/fileio"
)

// TestGB18030FixturesAreNotMixed: every fixture roster saved as GB18030 is
// read as GB18030, not refused as mixed; the same file with a UTF-8 line
// of Chinese before the GB18030 rows is refused.
func TestGB18030FixturesAreNotMixed(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "fixtures", "*", "*.csv"))
	if len(files) < 10 {
		t.Fatalf("only %d fixture files", len(files))
	}
	dir := t.TempDir()
	mixedTried := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "x.csv")
		os.WriteFile(p, gb18030(t, string(b)), 0o644)
		src, err := fileio.OpenCSV(p)
		if err != nil {
			t.Errorf("%s as GB18030: %v", f, err)
			continue
		}
		src.Close()
		lines := strings.SplitN(string(b), "\n", 2)
		if len(lines) < 2 || !strings.ContainsFunc(lines[1], func(r rune) bool { return r > 0x7f }) {
			continue
		}
		mixedTried++
		mixed := append([]byte(lines[0]+"\n备注说明\n"), gb18030(t, lines[1])...)
		os.WriteFile(p, mixed, 0o644)
		_, err = fileio.OpenCSV(p)
		// Refused as mixed, or (when the UTF-8 part is not GB18030 either) as
		// neither encoding: never read.
		if err == nil || !strings.Contains(err.Error(), "mixes UTF-8 and GB18030") && !strings.Contains(err.Error(), "neither valid UTF-8 nor valid GB18030") {
			t.Errorf("%s mixed: %v", f, err)
		}
	}
	if mixedTried == 0 {
		t.Error("no fixture with Chinese rows to mix")
	}
}
