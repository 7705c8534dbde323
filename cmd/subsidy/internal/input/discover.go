package input

import (
	"os"
	"path/filepath"
	"strings"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// Discover finds the rosters in dir by file name (spec §2 --in): a file
// whose name without its .csv or .xlsx extension (case-insensitive) is a
// roster's English or Chinese name, such as grants.csv or 授权清单.xlsx.
// Other files and sub-folders are ignored. It returns the path of each
// roster found. Two files for the same roster are an *Error naming both.
func Discover(dir string) (map[roster.Kind]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, errorf(dir, msg.F("无法读取文件夹：%v", "cannot read the folder: %v", unwrapPath(err)))
	}
	found := map[roster.Kind]string{}
	for _, e := range entries { // sorted by name, so errors are reproducible
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".csv" && ext != ".xlsx" {
			continue
		}
		kind, ok := roster.KindByFileStem(name[:len(name)-len(ext)])
		if !ok {
			continue
		}
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			continue
		}
		if prev, dup := found[kind]; dup {
			return nil, errorf(dir, msg.F(
				"名册 %[1]s 有两个文件：%[2]s 和 %[3]s；请只保留一个",
				"two files for the %[1]s roster: %[2]s and %[3]s; keep only one",
				string(kind), filepath.Base(prev), name))
		}
		found[kind] = p
	}
	return found, nil
}
