package input

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/fileio"
)

// How a file of an --in folder was taken as a roster, or why it was not
// read.
const (
	ByName     = "name"       // its name is the roster's name, or names it
	ByHeader   = "header"     // its header holds the roster's required columns
	ByFlag     = "flag"       // named by its own roster flag (--grants FILE)
	Skipped    = "skipped"    // named by --skip
	RunOutput  = "output"     // a ledger or rejections file a run wrote
	NotARoster = "ignored"    // not a CSV or XLSX file
	Unreadable = "unreadable" // a CSV or XLSX file that is no roster
)

// FolderFile is one file of an --in folder and what became of it.
type FolderFile struct {
	Name string
	Path string
	// Kind is the roster the file was taken as ("" when it is not read).
	Kind roster.Kind
	// How is ByName or ByHeader for a roster, else why it is not read.
	How string
}

// Folder is what Discover found in an --in folder.
type Folder struct {
	// Rosters holds the path of each roster found.
	Rosters map[roster.Kind]string
	// Files lists every file of the folder, in name order, with what
	// became of it (hidden files and Office lock files "~$…" aside).
	Files []FolderFile
}

// DiscoverOptions are what Discover needs besides the folder: the files
// the clerk leaves out on purpose (--skip, by name or path) and the
// worksheet of XLSX rosters (--sheet NAME), for reading their headers.
type DiscoverOptions struct {
	Skip  []string
	Sheet string
}

// Discover accounts for every file of dir (spec §2 --in; issue 13): a
// .csv or .xlsx file is a roster when its name is a roster's English or
// Chinese name (grants.csv, 授权清单.xlsx) or names exactly one roster
// (授权清单(2023年1月).csv, insurance_2023-01.csv; see roster.KindsInName),
// or failing that when its header holds the required columns of exactly
// one roster (roster.KindsByHeader). A ledger or rejections file a run
// wrote is never read as a roster; a file named by opt.Skip is left out;
// files of other types are listed, not read. A .csv or .xlsx file that is
// none of these, two files for one roster, or a --skip naming no file of
// the folder are a *fileio.Error naming the files and what was expected, so
// that no roster is ever left out without a word. Sub-folders, hidden
// files and Office lock files (~$…) are not looked at.
func Discover(dir string, opt DiscoverOptions) (*Folder, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileio.Errorf(dir, msg.F("无法读取文件夹：%v", "cannot read the folder: %v", fileio.UnwrapPath(err)))
	}
	skip := map[string]bool{}
	for _, s := range opt.Skip {
		skip[filepath.Base(s)] = true
	}
	f := &Folder{Rosters: map[roster.Kind]string{}}
	var problems []msg.Text
	for _, e := range entries { // sorted by name, so messages are reproducible
		name := e.Name()
		p := filepath.Join(dir, name)
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
			continue
		}
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		ff := FolderFile{Name: name, Path: p}
		ext := strings.ToLower(filepath.Ext(name))
		switch {
		case skip[name]:
			ff.How = Skipped
			delete(skip, name)
		case ext != ".csv" && ext != ".xlsx" && ext != ".xls":
			ff.How = NotARoster
		case ext == ".xls":
			problems = append(problems, msg.F("%s：不支持旧版 .xls 格式；请在 Excel 中另存为 .xlsx 或 CSV，或用 --skip %s 跳过",
				"%s: the old .xls format is not supported; save it from Excel as .xlsx or CSV, or leave it out with --skip %s", name, name))
			ff.How = Unreadable
		default:
			if problem := classify(&ff, name[:len(name)-len(ext)], opt.Sheet); problem != nil {
				problems = append(problems, *problem)
			}
		}
		if ff.Kind != "" {
			if prev, dup := f.Rosters[ff.Kind]; dup {
				problems = append(problems, msg.F(
					"名册 %[1]s（%[2]s）有两个文件：%[3]s 和 %[4]s；请只保留一个，或用 --skip 跳过另一个",
					"two files for the %[1]s roster (%[2]s): %[3]s and %[4]s; keep only one, or leave the other out with --skip",
					string(ff.Kind), roster.Lookup(ff.Kind).Zh, filepath.Base(prev), name))
			}
			f.Rosters[ff.Kind] = p
		}
		f.Files = append(f.Files, ff)
	}
	for _, s := range opt.Skip {
		if skip[filepath.Base(s)] {
			problems = append(problems, msg.F("--skip %[1]s：文件夹 %[2]s 中没有这个文件", "--skip %[1]s: the folder %[2]s has no such file", s, dir))
		}
	}
	if len(problems) > 0 {
		return nil, fileio.Errorf(dir, msg.Join(problems, "\n", "\n"))
	}
	return f, nil
}

// classify decides what the roster-format file ff (its name without
// extension stem) is, or says why it cannot be read as any roster.
func classify(ff *FolderFile, stem, sheet string) *msg.Text {
	if k, ok := roster.KindByFileStem(stem); ok {
		ff.Kind, ff.How = k, ByName
	} else if ks := roster.KindsInName(stem); len(ks) == 1 {
		ff.Kind, ff.How = ks[0], ByName
	}
	if ff.Kind != "" && !strings.EqualFold(filepath.Ext(ff.Name), ".csv") {
		return nil // its reading names any problem with the file
	}
	header, err := readHeader(ff.Path, sheet)
	if err == nil && isRunOutput(header) {
		ff.Kind, ff.How = "", RunOutput
		return nil
	}
	if ff.Kind != "" {
		return nil
	}
	if err != nil {
		m := msg.F("%[1]s：文件名不是名册名称，且无法读取表头：%[2]s", "%[1]s: its name names no roster and its header cannot be read: %[3]s",
			ff.Name, err.Text().Zh, err.Text().En)
		ff.How = Unreadable
		return &m
	}
	switch ks := roster.KindsByHeader(header); len(ks) {
	case 1:
		ff.Kind, ff.How = ks[0], ByHeader
		return nil
	case 0:
		m := msg.F("%[1]s：文件名不是名册名称（如 grants.csv、授权清单.xlsx），表头也不符合任何名册的必需列；请改名、补齐表头，或用 --skip %[1]s 跳过",
			"%[1]s: its name names no roster (such as grants.csv or 授权清单.xlsx) and its header holds no roster's required columns; rename it, complete its header, or leave it out with --skip %[1]s",
			ff.Name)
		ff.How = Unreadable
		return &m
	default:
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = string(k)
		}
		m := msg.F("%[1]s：表头同时符合多个名册（%[2]s）；请把文件改名为其中一个名册的名称，或用 --skip %[1]s 跳过",
			"%[1]s: its header fits several rosters (%[2]s); rename the file after the one it is, or leave it out with --skip %[1]s",
			ff.Name, strings.Join(names, ", "))
		ff.How = Unreadable
		return &m
	}
}

// readHeader reads the header row of a CSV file from its first 64 KiB
// (UTF-8 or GB18030), of an XLSX file from its worksheet.
func readHeader(path, sheet string) ([]string, *fileio.Error) {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return fileio.SniffCSVHeader(path)
	}
	src, err := Open(path, Options{Sheet: sheet})
	if err != nil {
		e, ok := err.(*fileio.Error)
		if !ok {
			e = fileio.Errorf(filepath.Base(path), msg.T(err.Error(), err.Error()))
		}
		return nil, e
	}
	defer src.Close()
	return slices.Clone(src.Header()), nil
}

// rejectionColumnsZh are the Chinese headers of a rejections sheet.
var rejectionColumnsZh = []string{"文件", "行号", "列", "值", "代码", "类别", "说明"}

// isRunOutput reports whether a header is a ledger's (line_id and
// payable, in English or as a workbook's Chinese headers) or a rejections
// file's.
func isRunOutput(header []string) bool {
	h := make([]string, len(header))
	for i, c := range header {
		h[i] = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
	}
	has := func(c ...string) bool {
		return slices.ContainsFunc(c, func(x string) bool { return slices.Contains(h, x) })
	}
	return has("line_id", "明细编号") && has("payable", "应付金额") ||
		slices.Equal(h, ledger.RejectionColumns) || slices.Equal(h, rejectionColumnsZh)
}
