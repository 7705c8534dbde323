package output

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

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
}

// pending is one output being written.
type pending struct {
	path    string // final path
	abs     string // absolute final path, to refuse the same output twice
	tmp     string
	f       *os.File
	w       *bufio.Writer
	renamed bool
}

// NewSet starts an empty output set; force allows replacing existing
// files (--force).
func NewSet(force bool) *Set { return &Set{force: force} }

// tmpPrefix is the name prefix of the temporary files of output path.
func tmpPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// Check reports, in one usage error, every path that cannot be written: an
// existing file without force, or a folder. The command line calls it with
// all its outputs before computing anything, so that a refused run writes
// nothing. Create checks its path again.
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
	file := paths[0]
	if len(problems) > 1 {
		file = "--out"
	}
	return &Error{File: file, Msg: msg.Join(problems, "；", "; ")}
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
	case !s.force:
		m := msg.F("输出文件 %s 已存在；如需覆盖请加 --force", "output file %s already exists; pass --force to overwrite it", path)
		return &m
	}
	return nil
}

// Create starts the output at path and returns the writer for its
// content. The file is written to a temporary file beside path; it
// appears under its name only on Commit. Create refuses, with a usage
// *Error, a path that exists (unless force), a folder, or a path already in
// the set. Outputs are committed in the order they were created: create
// the ledger last, so that its presence marks a complete run.
func (s *Set) Create(path string) (io.Writer, error) {
	if path == "" || path == "-" {
		return nil, &Error{File: path, Msg: msg.T("标准输出不能作为输出文件集的一员", "standard output cannot be part of an output file set")}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{File: path, Msg: msg.F("无效的输出路径：%v", "invalid output path: %v", err)}
	}
	for _, p := range s.files {
		if p.abs == abs {
			return nil, &Error{File: path, Msg: msg.F("同一个文件 %s 被指定为两个输出", "the same file %s is given as two outputs", path)}
		}
	}
	if m := s.refusal(path); m != nil {
		return nil, &Error{File: path, Msg: *m}
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

// Commit finishes every output: it flushes and fsyncs each temporary file,
// then moves them into place one by one in the order they were created,
// fsyncing the folder after each, so that a crash never shows a later file
// (the ledger) without the earlier ones. Without force a file is moved by
// a hard link that fails if the name was taken meanwhile (falling back to
// a check and a rename where the file system has no hard links), so an
// existing file is never replaced. On error the temporary files not yet
// moved are removed.
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
	for _, p := range s.files {
		if err := s.place(p); err != nil {
			return err
		}
		p.renamed = true
		if err := syncDir(filepath.Dir(p.path)); err != nil {
			return &Error{File: p.path, Msg: msg.F("无法同步输出文件夹：%v", "cannot sync the output folder: %v", err)}
		}
	}
	return nil
}

// place moves the temporary file of p to its final name.
func (s *Set) place(p *pending) error {
	if !s.force {
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

// Abort removes the temporary files of the outputs not yet committed. It
// may be called any number of times, and after Commit.
func (s *Set) Abort() {
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

// CleanStale removes the temporary files ".<name>.tmp-*" that an
// interrupted run left beside the output path, and returns the paths it
// removed so that the command line can warn about them. Call it before
// creating the output in a Set.
func CleanStale(path string) []string {
	dir := filepath.Dir(path)
	prefix := tmpPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}
