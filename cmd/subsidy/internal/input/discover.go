package input

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// Folder is what Discover found in an --in folder.
type Folder struct {
	// Rosters holds the path of each roster found.
	Rosters map[roster.Kind]string
	// Notes name the files that carry a roster's name but are a run's
	// output (a ledger or a rejections file), which are never read as
	// rosters.
	Notes []msg.Text
}

// Discover finds the rosters in dir by file name (spec §2 --in): a file
// whose name without its .csv or .xlsx extension (case-insensitive) is a
// roster's English or Chinese name, such as grants.csv or 授权清单.xlsx.
// Other files and sub-folders are ignored; a CSV file whose header is a
// ledger's or a rejections file's is a run's output, named in Folder.Notes
// and never read as a roster. Two files for the same roster are an *Error
// naming both.
func Discover(dir string) (*Folder, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, errorf(dir, msg.F("无法读取文件夹：%v", "cannot read the folder: %v", unwrapPath(err)))
	}
	f := &Folder{Rosters: map[roster.Kind]string{}}
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
		if what, ok := runOutput(p); ok {
			f.Notes = append(f.Notes, msg.F("--in %[1]s：%[2]s 是一次运行写出的%[3]s，不是名册，未读取",
				"--in %[1]s: %[2]s is a %[4]s a run wrote, not a roster; it is not read", dir, name, what.Zh, what.En))
			continue
		}
		if prev, dup := f.Rosters[kind]; dup {
			return nil, errorf(dir, msg.F(
				"名册 %[1]s 有两个文件：%[2]s 和 %[3]s；请只保留一个",
				"two files for the %[1]s roster: %[2]s and %[3]s; keep only one",
				string(kind), filepath.Base(prev), name))
		}
		f.Rosters[kind] = p
	}
	return f, nil
}

// runOutput reports whether the CSV file at path is a ledger (its header
// names line_id and payable) or a rejections file (its header is
// ledger.RejectionColumns), and which, from the start of the file.
func runOutput(path string) (msg.Text, bool) {
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		return msg.Text{}, false
	}
	fh, err := os.Open(path)
	if err != nil {
		return msg.Text{}, false
	}
	defer fh.Close()
	head, _ := io.ReadAll(io.LimitReader(fh, 64<<10))
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(head, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	h, err := r.Read()
	if err != nil {
		return msg.Text{}, false
	}
	for i := range h {
		h[i] = strings.TrimSpace(h[i])
	}
	switch {
	case slices.Contains(h, "line_id") && slices.Contains(h, "payable"):
		return msg.T("明细", "ledger"), true
	case slices.Equal(h, ledger.RejectionColumns):
		return msg.T("拒绝清单", "rejections file"), true
	}
	return msg.Text{}, false
}
