package batch

import (
	"os"
	"os/signal"
	"syscall"
)

// onInterrupt makes Ctrl-C (SIGINT) and SIGTERM, until stop is called,
// remove what the run has written so far (cleanup: its work folder and
// temporary files, its lock) and then call interrupted, which says so and
// ends the process. Outputs already in place stay as they are: the ledger
// is put in place last, so a run interrupted before leaves none, and its
// companions are debris the next run replaces.
func onInterrupt(interrupted func(), cleanup func()) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			cleanup()
			interrupted()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
