//go:build !unix && !windows

package output

import "os"

// lockFile does not lock where the system has no file locks.
func lockFile(f *os.File) error { return nil }

// releaseFile closes and removes the lock file.
func releaseFile(path string, f *os.File) {
	_ = f.Close()
	_ = os.Remove(path)
}
