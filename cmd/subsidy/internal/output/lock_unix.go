//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f without waiting.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrLocked
	}
	return err
}

// releaseFile removes the lock file while the lock is held (so that no
// other run can lock the old file and a third the new one), then closes
// it, which drops the lock.
func releaseFile(path string, f *os.File) {
	_ = os.Remove(path)
	_ = f.Close()
}
