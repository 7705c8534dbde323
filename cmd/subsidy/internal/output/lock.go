package output

import (
	"errors"
	"os"
	"path/filepath"

	"subsidy/calc/msg"
)

// Lock is the claim of one run on one ledger path (issue 11): a second run
// writing the same ledger at the same time would remove the first one's
// work folder as debris and both would fail, or worse. The lock is an
// operating-system lock on the file LockPath(ledger) beside the ledger,
// held until Release (the system drops it when the process dies, so a
// killed run never blocks the next).
type Lock struct {
	path string
	f    *os.File
}

// LockPath is the lock file of the run writing ledgerPath:
// ".<name>.tmp-lock" beside it. CleanStale leaves it alone.
func LockPath(ledgerPath string) string {
	return filepath.Join(filepath.Dir(ledgerPath), tmpPrefix(ledgerPath)+"lock")
}

// ErrLocked is the error wrapped when another run holds the lock.
var ErrLocked = errors.New("another run holds the lock")

// LockLedger takes the lock of the run writing ledgerPath, at once or not
// at all: when another run holds it, a usage *Error says so.
func LockLedger(ledgerPath string) (*Lock, error) {
	p := LockPath(ledgerPath)
	for try := 0; ; try++ {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, &Error{File: ledgerPath, Msg: msg.F("无法在输出文件夹中建立本次运行的锁文件 %[1]s（文件夹须已存在且可写）：%[2]v",
				"cannot create the run's lock file %[1]s in the output folder (it must exist and be writable): %[2]v", p, unwrapPath(err))}
		}
		if err := lockFile(f); err != nil {
			f.Close()
			if errors.Is(err, ErrLocked) {
				return nil, &Error{File: ledgerPath, Msg: msg.F(
					"另一个运行正在写入明细 %[1]s（锁文件 %[2]s）：请等它结束后再运行，或换一个 --out",
					"another run is writing the ledger %[1]s (lock file %[2]s): wait for it to finish, or choose another --out", ledgerPath, p)}
			}
			return nil, &Error{File: ledgerPath, Msg: msg.F("无法锁定 %[1]s：%[2]v", "cannot lock %[1]s: %[2]v", p, err)}
		}
		// The file locked must still be the one at p: a run that
		// finished removes it while it holds the lock, and a run that
		// opened it just before must then lock the new one.
		if sameOpenFile(f, p) {
			return &Lock{path: p, f: f}, nil
		}
		f.Close()
		if try == 10 {
			return nil, &Error{File: ledgerPath, Msg: msg.F("无法锁定 %s：锁文件不断被替换", "cannot lock %s: the lock file keeps being replaced", p)}
		}
	}
}

// sameOpenFile reports whether the open file f is the file at path.
func sameOpenFile(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// Release removes the lock file and drops the lock. It may be called more
// than once.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	releaseFile(l.path, l.f)
	l.f = nil
}
