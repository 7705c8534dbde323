package fileio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const grantsHeader = "uscc,number,kind,office,route,grant_date\n"

const chineseGrants = "统一社会信用代码,专利号/注册号,类型,授权国家或地区,途径,授权日\n" +
	"91320500MA1XXXXX0A,ZL202210000001.1,发明,CN,国内,2022年3月1日\n" +
	"91320500MA1XXXXX0A,\"EP1234567，“欧洲”\",invention,EP,PCT,2022-04-01\n" +
	"91320500MA1XXXXX0B,US11223344,发明,US,巴黎公约,2022/5/6\n"

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gb18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readCSV reads the data rows of the CSV file at path.
func readCSV(t testing.TB, path string) ([][]string, error) {
	t.Helper()
	src, err := OpenCSV(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	var rows [][]string
	for {
		rec, _, err := src.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, append([]string(nil), rec...))
	}
}

func TestEncodingsGiveIdenticalRecords(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	// A long file so that multi-byte characters straddle chunk boundaries
	// of every size tried below.
	long := chineseGrants + strings.Repeat("91320500MA1XXXXX0C,专利号—测试€,发明,CN,国内,2022年3月1日\n", 50)
	cases := map[string][]byte{
		"utf8":     []byte(long),
		"utf8-bom": append([]byte("\xEF\xBB\xBF"), long...),
		"gb18030":  gb18030(t, long),
		"gb-bom":   gb18030(t, "\uFEFF"+long),
	}
	var want [][]string
	for _, size := range []int{1, 2, 3, 5, 7, 64, 256 << 10} {
		chunkSize = size
		for name, data := range cases {
			recs, err := readCSV(t, writeFile(t, "grants.csv", data))
			if err != nil {
				t.Fatalf("%s/%d: %v", name, size, err)
			}
			if want == nil {
				want = recs
				if len(want) != 53 || want[0][2] != "发明" || want[1][1] != "EP1234567，“欧洲”" {
					t.Fatalf("unexpected records %+v", want[:2])
				}
				continue
			}
			if !reflect.DeepEqual(recs, want) {
				t.Errorf("%s/%d: records differ:\n%+v\nwant\n%+v", name, size, recs[:3], want[:3])
			}
		}
	}
}

func TestEncodingErrors(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	for _, size := range []int{3, 256 << 10} {
		chunkSize = size
		cases := []struct {
			name string
			data []byte
			want string // substring of the English error
		}{
			{"nul", []byte(grantsHeader + "a,b\n9,\x00,c\n"), "NUL byte (byte offset 47, line 3)"},
			{"nul-in-gb", append(gb18030(t, grantsHeader+"中文\n"), 0), "NUL byte (byte offset 46, line 3)"},
			{"utf16", []byte("\xFF\xFEu\x00s\x00"), "UTF-16"},
			// 0xFF is invalid in both encodings; UTF-8 fails at the first
			// GB byte, GB18030 at the 0xFF, the further one is reported.
			{"neither", append(append([]byte(grantsHeader), gb18030(t, "中\n文")...), 0xFF, '\n'), "neither valid UTF-8 nor valid GB18030/GBK (undecodable bytes at byte offset 46, line 3)"},
			{"truncated-gb", append([]byte(grantsHeader+"ab\n"), 0xD6), "byte offset 44, line 3"},
			{"bad-4-byte", append([]byte(grantsHeader), 0x84, 0x31, 0x20, 0x30), "byte offset 41, line 2"},
		}
		for _, c := range cases {
			_, err := readCSV(t, writeFile(t, "grants.csv", c.data))
			if err == nil {
				t.Fatalf("%s/%d: no error", c.name, size)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "grants.csv" || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s/%d: got %q, want it to contain %q", c.name, size, err, c.want)
			}
		}
	}
}
