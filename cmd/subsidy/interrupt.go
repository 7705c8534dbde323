package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"subsidy/calc/msg"
)

// exitInterrupted is the exit code of a run stopped by Ctrl-C (SIGINT) or
// SIGTERM: 128 + 2, as a shell reports it.
const exitInterrupted = 130

// onInterrupt makes Ctrl-C (SIGINT) and SIGTERM, until stop is called,
// remove what the run has written so far (cleanup: its work folder and
// temporary files, its lock), say so on stderr and end the process with
// exitInterrupted. Outputs already in place stay as they are: the ledger
// is put in place last, so a run interrupted before leaves none, and its
// companions are debris the next run replaces.
func onInterrupt(stderr io.Writer, lang string, cleanup func()) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			cleanup()
			fmt.Fprintln(stderr, msg.T("已中断：本次运行的临时文件已删除，没有写出明细",
				"interrupted: the run's temporary files were removed and no ledger was written").In(lang))
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
