package output

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
)

// Set collects the output files of one run and makes them appear together
// (spec §1.7): each is written to a temporary file ".<name>.tmp-<random>"
// in its final folder, and only Commit moves them into place. A run that
// fails calls Abort and leaves no partial file behind.
//
// This is a short own implementation (os.CreateTemp, File.Sync, link or
// rename, folder Sync) rather than github.com/google/renameio/v2, whose
// temporary names are ".<name><random>" without the ".tmp-" the next run
// must recognise to clean up, and which does not sync the folder.
type Set struct {
	force bool
	files []*pending
	last  string // absolute path committed last (see Last)
	// replace holds the absolute paths of debris an interrupted run left,
	// which may be replaced without force (see Debris).
	replace map[string]bool
	// retired is the temporary name the replaced ledger was moved to
	// (see retireLast), removed once the commit is done.
	retired string
}

// pending is one output being written.
type pending struct {
	path    string // final path
	abs     string // absolute final path, to refuse the same output twice
	tmp     string
	f       *os.File
	w       *bufio.Writer
	renamed bool
	// sum is the SHA-256 and size of an adopted file (see Adopt),
	// computed as it was written.
	sum *Sum
}

// NewSet starts an empty output set; force allows replacing existing
// files (--force).
func NewSet(force bool) *Set { return &Set{force: force} }

// tmpPrefix is the name prefix of the temporary files of output path.
func tmpPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// Check reports, in one usage error, every path that cannot be written: an
// existing file without force (and not marked by Debris), or a folder.
// The run command calls it with all its outputs before reading or
// computing anything, so that a refusal is immediate and a refused run
// writes nothing. Create checks its path again.
func (s *Set) Check(paths ...string) error {
	var problems []msg.Text
	for _, p := range paths {
		if m := s.refusal(p); m != nil {
			problems = append(problems, *m)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	if len(problems) == 1 {
		return &Error{File: paths[0], Msg: problems[0]}
	}
	return &Error{File: "--out", Msg: msg.Join(append([]msg.Text{msg.T("以下输出无法写出：", "these outputs cannot be written:")}, problems...), "\n  ", "\n  ")}
}

// refusal says why path cannot be an output, or nil.
func (s *Set) refusal(path string) *msg.Text {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		m := msg.F("无法检查输出文件 %[1]s：%[2]v", "cannot check output file %[1]s: %[2]v", path, err)
		return &m
	case st.IsDir():
		m := msg.F("输出 %s 是一个文件夹", "output %s is a folder", path)
		return &m
	case !s.force && !s.replaces(path):
		m := msg.F("输出文件 %s 已存在；如需覆盖请加 --force", "output file %s already exists; pass --force to overwrite it", path)
		return &m
	}
	return nil
}

// Create starts the output at path and returns the writer for its
// content. The file is written to a temporary file beside path; it
// appears under its name only on Commit. Create refuses, with a usage
// *Error, a path that exists (unless force), a folder, or a path already in
// the set. Outputs are committed in the order they were created, except
// the one named by Last: create the ledger last, or name it with Last, so
// that its presence marks a complete run.
func (s *Set) Create(path string) (io.Writer, error) {
	abs, err := s.checkNew(path)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), tmpPrefix(path)+"*")
	if err != nil {
		return nil, &Error{File: path, Msg: msg.F("无法在输出文件夹中创建文件：%v", "cannot create a file in the output folder: %v", err)}
	}
	_ = f.Chmod(0o644) // CreateTemp makes the file private; outputs are ordinary files
	p := &pending{path: path, abs: abs, tmp: f.Name(), f: f, w: bufio.NewWriterSize(f, 64<<10)}
	s.files = append(s.files, p)
	return p.w, nil
}

// Adopt makes f, a file already written on the file system of path (a
// spool of the run's work folder beside it), the output at path, as
// Create would have (the same refusals, the same place in the commit
// order): Commit fsyncs it and links or renames it into place instead of
// copying it. sha256 and size are f's, computed as it was written, for
// Sums. The set then owns f.
func (s *Set) Adopt(path string, f *os.File, sha256 string, size int64) error {
	abs, err := s.checkNew(path)
	if err != nil {
		return err
	}
	_ = f.Chmod(0o644)
	s.files = append(s.files, &pending{path: path, abs: abs, tmp: f.Name(), f: f, w: bufio.NewWriterSize(f, 0),
		sum: &Sum{Path: path, SHA256: sha256, Bytes: size}})
	return nil
}

// checkNew refuses, as Create does, a path that cannot be a new output of
// the set, and returns its absolute form.
func (s *Set) checkNew(path string) (string, error) {
	if path == "" || path == "-" {
		return "", &Error{File: path, Msg: msg.T("标准输出不能作为输出文件集的一员", "standard output cannot be part of an output file set")}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", &Error{File: path, Msg: msg.F("无效的输出路径：%v", "invalid output path: %v", err)}
	}
	for _, p := range s.files {
		if p.abs == abs {
			return "", &Error{File: path, Msg: msg.F("同一个文件 %s 被指定为两个输出", "the same file %s is given as two outputs", path)}
		}
	}
	if m := s.refusal(path); m != nil {
		return "", &Error{File: path, Msg: *m}
	}
	return abs, nil
}

// Last makes path, created before or after, the output Commit moves into
// place last, whatever the order of creation: the ledger, whose presence
// marks a complete run (spec §1.7), when the manifest that describes it
// can only be written after it.
func (s *Set) Last(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		s.last = abs
	}
}

// Sum is the SHA-256 and size of one output written so far.
type Sum struct {
	Path   string
	SHA256 string
	Bytes  int64
}

// Sums flushes every output created so far and returns the SHA-256 of its
// bytes, in creation order, for the run's manifest. Writing more to an
// output after Sums makes its sum stale.
func (s *Set) Sums() ([]Sum, error) {
	var sums []Sum
	for _, p := range s.files {
		if p.f == nil {
			continue
		}
		if p.sum != nil {
			sums = append(sums, *p.sum)
			continue
		}
		if err := p.w.Flush(); err != nil {
			return nil, &Error{File: p.path, Msg: msg.F("写入失败：%v", "cannot write: %v", err)}
		}
		sum, n, err := HashFile(p.tmp)
		if err != nil {
			return nil, &Error{File: p.path, Msg: msg.F("写入失败：%v", "cannot write: %v", err)}
		}
		sums = append(sums, Sum{Path: p.path, SHA256: sum, Bytes: n})
	}
	return sums, nil
}

// ordered returns the outputs in commit order: creation order, the one
// named by Last moved to the end.
func (s *Set) ordered() []*pending {
	out := make([]*pending, 0, len(s.files))
	var last *pending
	for _, p := range s.files {
		if s.last != "" && p.abs == s.last {
			last = p
			continue
		}
		out = append(out, p)
	}
	if last != nil {
		out = append(out, last)
	}
	return out
}

// Commit finishes every output: it flushes and fsyncs each temporary file,
// then moves them into place one by one in the order they were created
// (the one named by Last at the end),
// fsyncing the folder after each, so that a crash never shows a later file
// (the ledger) without the earlier ones. Without force a file is moved by
// a hard link that fails if the name was taken meanwhile (falling back to
// a check and a rename where the file system has no hard links), so an
// existing file is never replaced. On error the temporary files not yet
// moved are removed.
//
// A run that replaces a complete set (--force over an earlier run's
// ledger) first moves the old ledger, the one named by Last, out of the
// way (to a temporary name the next run removes), so that at every point
// the folder holds the old complete set, the new one, or no ledger at all
// — never the old ledger beside new rejections. Should the commit fail
// before any file is in place, the old ledger is moved back.
func (s *Set) Commit() error {
	defer s.Abort()
	for _, p := range s.files {
		err := p.w.Flush()
		if err == nil {
			err = p.f.Sync()
		}
		if cerr := p.f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &Error{File: p.path, Msg: msg.F("写入失败：%v", "cannot write: %v", err)}
		}
	}
	old, err := s.retireLast()
	if err != nil {
		return err
	}
	for n, p := range s.ordered() {
		if err := s.place(p); err != nil {
			if old != "" && n == 0 {
				// nothing replaced yet: the old set stands whole again
				_ = os.Rename(old, s.last)
				s.retired = ""
			}
			return err
		}
		p.renamed = true
		if err := syncDir(filepath.Dir(p.path)); err != nil {
			return &Error{File: p.path, Msg: msg.F("无法同步输出文件夹：%v", "cannot sync the output folder: %v", err)}
		}
		placed(p.path)
	}
	return nil
}

// placed is called after each output is put in place (and the folder
// synced): tests stop a commit there, as a kill between two renames would.
var placed = func(path string) {}

// retireLast moves an existing file at the path named by Last to a
// temporary name beside it (one CleanStale removes) and returns that name,
// when the set may replace it; "" when there is none.
func (s *Set) retireLast() (string, error) {
	if s.last == "" || !(s.force || s.replace[s.last]) {
		return "", nil
	}
	if st, err := os.Lstat(s.last); err != nil || !st.Mode().IsRegular() {
		return "", nil
	}
	f, err := os.CreateTemp(filepath.Dir(s.last), tmpPrefix(s.last)+"old")
	if err != nil {
		return "", &Error{File: s.last, Msg: msg.F("无法在输出文件夹中创建文件：%v", "cannot create a file in the output folder: %v", err)}
	}
	tmp := f.Name()
	f.Close()
	if err := os.Rename(s.last, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", &Error{File: s.last, Msg: msg.F("无法移开旧的明细：%v", "cannot move the old ledger aside: %v", err)}
	}
	if err := syncDir(filepath.Dir(s.last)); err != nil {
		_ = os.Rename(tmp, s.last)
		return "", &Error{File: s.last, Msg: msg.F("无法同步输出文件夹：%v", "cannot sync the output folder: %v", err)}
	}
	s.retired = tmp
	return tmp, nil
}

// lastPlaced reports whether the output named by Last is in place.
func (s *Set) lastPlaced() bool {
	for _, p := range s.files {
		if p.abs == s.last {
			return p.renamed
		}
	}
	return false
}

// place moves the temporary file of p to its final name.
func (s *Set) place(p *pending) error {
	if !s.force && !s.replace[p.abs] {
		err := os.Link(p.tmp, p.path)
		if err == nil {
			_ = os.Remove(p.tmp)
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return &Error{File: p.path, Msg: msg.F("输出文件 %s 已存在；如需覆盖请加 --force", "output file %s already exists; pass --force to overwrite it", p.path)}
		}
		if m := s.refusal(p.path); m != nil {
			return &Error{File: p.path, Msg: *m}
		}
	}
	if err := os.Rename(p.tmp, p.path); err != nil {
		return &Error{File: p.path, Msg: msg.F("无法完成输出文件：%v", "cannot put the output file in place: %v", err)}
	}
	return nil
}

// Abort removes the temporary files of the outputs not yet committed (and
// the old ledger a committed set replaced). It may be called any number of
// times, and after Commit.
func (s *Set) Abort() {
	if s.retired != "" && s.lastPlaced() {
		_ = os.Remove(s.retired)
		s.retired = ""
	}
	for _, p := range s.files {
		if p.renamed || p.f == nil {
			continue
		}
		_ = p.f.Close()
		_ = os.Remove(p.tmp)
		p.f = nil
	}
}

// syncDir fsyncs a folder so that the renames in it are durable. File
// systems and systems that cannot sync a folder (Windows) are not an
// error.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}

// replaces reports whether path was marked as debris to replace.
func (s *Set) replaces(path string) bool {
	abs, err := filepath.Abs(path)
	return err == nil && s.replace[abs]
}

// Debris finds what an interrupted or failed run left of the outputs of
// this one (spec §1.7): when no file is at ledgerPath, each companion
// (the rejections file, the manifest) that exists as a regular file
// written by a run (see writtenByRun) is an output of a run that did not complete,
// since the ledger is put in place last, unless a run manifest in the
// companion's folder whose ledger exists lists it: then it belongs to a
// finished run (e.g. the rejections of ledger.csv when this run writes
// ledger.xlsx) and is not debris. Debris marks them to be replaced
// by Commit without force and returns them so that the command line can
// warn; nothing is removed before Commit, so a run that fails leaves them
// as they were. With a ledger at ledgerPath it marks nothing: existing
// outputs then need force.
func (s *Set) Debris(ledgerPath string, companions ...string) []string {
	if _, err := os.Lstat(ledgerPath); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var found []string
	for _, c := range companions {
		st, err := os.Lstat(c)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		abs, err := filepath.Abs(c)
		if err != nil || !writtenByRun(c) || finishedRunLists(abs) {
			continue
		}
		if s.replace == nil {
			s.replace = map[string]bool{}
		}
		s.replace[abs] = true
		found = append(found, c)
	}
	return found
}

// writtenByRun reports whether the file at path is one a run writes beside
// its ledger: a manifest that reads as one, or a rejections file whose
// header is ledger.RejectionColumns. Any other file (a clerk's own
// spreadsheet given as --rejections by mistake) is never debris: replacing
// it needs force.
func writtenByRun(path string) bool {
	if strings.HasSuffix(path, ManifestSuffix) {
		_, err := ReadManifest(path)
		return err == nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	line, _, _ := strings.Cut(strings.TrimPrefix(string(head[:n]), "\ufeff"), "\n")
	return strings.TrimSuffix(line, "\r") == strings.Join(ledger.RejectionColumns, ",")
}

// finishedRunLists reports whether a run manifest in the folder of the
// file at abs, whose ledger exists, lists that file among its inputs,
// prior ledgers or outputs. A manifest that cannot be read proves nothing.
func finishedRunLists(abs string) bool {
	dir := filepath.Dir(abs)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, fm := range manifestsIn(dir, entries) {
		lists, finished := false, false
		for _, f := range append(append(slices.Clone(fm.m.Inputs), fm.m.Prior...), fm.m.Outputs...) {
			lists = lists || fm.at(f) == abs
		}
		for _, f := range fm.m.Outputs {
			if strings.HasPrefix(f.Role, "ledger") {
				st, err := os.Stat(fm.at(f))
				finished = finished || (err == nil && st.Mode().IsRegular())
			}
		}
		if lists && finished {
			return true
		}
	}
	return false
}

// CleanStale removes the temporary files ".<name>.tmp-*" (and work
// folders, see MakeWorkDir) that an interrupted run left beside the output
// path (not the lock file, LockPath), and returns the paths it removed so that the command line can warn
// about them. Call it before creating the output in a Set or its work
// folder.
func CleanStale(path string) []string {
	dir := filepath.Dir(path)
	prefix := tmpPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	lock := filepath.Base(LockPath(path))
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !(e.Type().IsRegular() || e.IsDir()) || e.Name() == lock {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// MakeWorkDir creates the work folder of a run writing path (its event
// rows sorted on disk, its ledger spooled): ".<name>.tmp-work<random>"
// beside path, so that the work folder a killed run leaves behind is
// removed by the next run's CleanStale, with its warning. Call CleanStale
// for path before, never after: it would remove this folder too.
func MakeWorkDir(path string) (string, error) {
	return os.MkdirTemp(filepath.Dir(path), tmpPrefix(path)+"work")
}
