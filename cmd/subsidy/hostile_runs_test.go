package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileRunsBounded (issue 5, spec §8): the run limits of the roster
// readers hold whatever a cell hides its length behind, each a usage error
// naming the file in bounded memory and time: a CDATA section full of '<'
// (a 6 MB worksheet took 750 MB), a value split by comments and tags (a
// 231 KB worksheet took 14-28 s), and a quoted CSV cell with a line feed
// every megabyte (157 MB was buffered at 600-700 MB).
func TestHostileRunsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes large rosters")
	}
	header := func(w *bufio.Writer) {
		w.WriteString(`<worksheet><sheetData><row r="1">`)
		for _, h := range []string{"uscc", "number", "kind", "office", "route", "grant_date"} {
			fmt.Fprintf(w, `<c t="inlineStr"><is><t>%s</t></is></c>`, h)
		}
		w.WriteString(`</row><row r="2"><c r="A2" t="inlineStr"><is><t>91320583MA1AAAAA0W</t></is></c><c r="B2">`)
	}
	cases := []struct {
		name, file string
		write      func(t *testing.T, path string)
		want       string
	}{
		{"cdata", "grants.xlsx", func(t *testing.T, path string) {
			writeSheet(t, path, func(w *bufio.Writer) {
				header(w)
				w.WriteString(`<v><![CDATA[`)
				for range 3 << 20 {
					w.WriteString("<a")
				}
				w.WriteString(`]]></v></c></row></sheetData></worksheet>`)
			})
		}, "longer than 1048576 bytes"},
		{"split-value", "grants.xlsx", func(t *testing.T, path string) {
			writeSheet(t, path, func(w *bufio.Writer) {
				header(w)
				w.WriteString(`<v>`)
				for range 1 << 20 {
					w.WriteString("1<!---->2<x/>")
				}
				w.WriteString(`</v></c></row></sheetData></worksheet>`)
			})
		}, "longer than 32767 characters"},
		{"csv-quoted-lines", "grants.csv", func(t *testing.T, path string) {
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			w := bufio.NewWriter(f)
			w.WriteString("uscc,number,kind,office,route,grant_date\n91320583MA1AAAAA0W,\"")
			line := strings.Repeat("x", 1<<20) + "\n"
			for range 100 {
				w.WriteString(line)
			}
			w.WriteString("\",invention,CN,domestic,2022-01-01\n")
			w.Flush()
		}, "the record starting on line 2 is longer than 4194304 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "in")
			os.Mkdir(in, 0o755)
			os.WriteFile(filepath.Join(in, "enterprises.csv"), []byte(bombEnterprises), 0o644)
			c.write(t, filepath.Join(in, c.file))
			out := filepath.Join(t.TempDir(), "ledger.csv")
			start := time.Now()
			code, stderr, rss := runChild(t, "run", "--period", "2022-06", "--in", in, "--out", out, "--lang", "en", "--quiet")
			if code != exitUsage || !strings.Contains(stderr, c.file) || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %.400q; want exit 2 and %q", code, stderr, c.want)
			}
			if rss >= 200<<20 {
				t.Errorf("peak memory %d MiB, budget 200 MiB", rss>>20)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			t.Logf("%s: %d MiB peak, %v", c.name, rss>>20, time.Since(start).Round(time.Millisecond))
		})
	}
}
