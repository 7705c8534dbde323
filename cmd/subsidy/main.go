// Command subsidy computes the IP subsidies of Suzhou's policies 苏府办〔2021〕136号
// and 苏府〔2021〕81号 from monthly rosters and writes disbursement ledgers.
//
// This package is the shell only: flags, reading and writing files,
// printing. Every formula lives in subsidy/calc.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"subsidy/calc/msg"
)

// Exit codes (spec §2).
const (
	exitOK      = 0 // success, rejections included unless --strict
	exitControl = 1 // the batch ran but failed a control
	exitUsage   = 2 // usage or unreadable input, policy or output
	exitDiffers = 3 // verify or diff found differences
)

// exitError ends the program with a code and a message for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the exit code; tests call it directly.
// What reaches a terminal shows control characters from rosters as
// escapes (msg.Visible): stderr always, stdout when it is a terminal (a
// ledger piped to a file keeps its bytes).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stderr = &msg.VisibleWriter{W: stderr}
	if isTerminal(stdout) {
		stdout = &msg.VisibleWriter{W: stdout}
	}
	app := newApp(stdin, stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "subsidy:", err)
	return exitUsage
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "subsidy",
		Usage: "compute Suzhou IP subsidies (苏府办〔2021〕136号, 苏府〔2021〕81号) and write disbursement ledgers",
		Description: "Reads monthly rosters (CSV in UTF-8 or GB18030, or XLSX), applies the policy file, and writes a ledger,\n" +
			"the rejected rows and a reconciled summary. Example:\n\n" +
			"   subsidy run --period 2022-06 --in fixtures/example-2022-06 --out ledger-2022-06.csv",
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		OnUsageError: func(c *cli.Context, err error, isSub bool) error {
			return usageErr("subsidy: %v (see --help)", err)
		},
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{
			runCommand(), validateCommand(), explainCommand(), verifyCommand(), policyCommand(),
			diffCommand(), eligibilityCommand(), verifyRunCommand(), templateCommand(),
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
		for _, s := range c.Subcommands {
			s.OnUsageError = app.OnUsageError
		}
	}
	return app
}
