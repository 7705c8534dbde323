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
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
)

// Exit codes (spec §2).
const (
	exitOK      = 0 // success, rejections included unless --strict
	exitControl = 1 // the batch ran but failed a control
	exitUsage   = 2 // usage or unreadable input, policy or output
	exitDiffers = 3 // verify or diff found differences
	// exitInterrupted ends a run stopped by Ctrl-C (SIGINT) or SIGTERM:
	// 128 + 2, as a shell reports it.
	exitInterrupted = 130
)

// exitCodes are the exit codes of the kinds of failure: the one place a
// typed error becomes an exit code.
var exitCodes = map[failure.Kind]int{
	failure.KindUsage:   exitUsage,
	failure.KindControl: exitControl,
	failure.KindDiffers: exitDiffers,
}

// flagErrors are the wordings of the standard flag parser's errors, in
// Chinese.
var flagErrors = []struct{ en, zh string }{
	{"flag provided but not defined: ", "没有这个参数："},
	{"flag needs an argument: ", "参数需要一个值："},
	{"invalid value ", "参数值无效："},
	{"invalid boolean flag ", "开关参数无效："},
}

// usageProblem is a command-line parsing error in both languages, with the
// hint to the help, on one line.
func usageProblem(c *cli.Context, err error) msg.Text {
	help := "subsidy --help"
	if c != nil && c.Command != nil && c.Command.FullName() != "" {
		help = "subsidy " + c.Command.FullName() + " --help"
	}
	en := err.Error()
	zh := en
	for _, f := range flagErrors {
		if rest, ok := strings.CutPrefix(en, f.en); ok {
			zh = f.zh + rest
		}
	}
	return msg.F("%[1]s（参数说明见 %[3]s）", "%[2]s (see %[3]s)", zh, en, help)
}

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the exit code; tests call it directly.
// What reaches a terminal shows control characters from rosters as
// escapes (msg.Visible): stderr always, stdout when it is a terminal (a
// ledger piped to a file keeps its bytes).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	helpLang = langFromArgs(args)
	useHelpLanguage()
	stderr = &msg.VisibleWriter{W: stderr}
	if batch.IsTerminal(stdout) {
		stdout = &msg.VisibleWriter{W: stdout}
	}
	app := newApp(stdin, stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return exitOK
	}
	var fe *failure.Error
	if errors.As(err, &fe) {
		if t := fe.Text.In(helpLang); t != "" {
			fmt.Fprintln(stderr, t)
		}
		return exitCodes[fe.Kind]
	}
	fmt.Fprintln(stderr, "subsidy: "+msg.ErrorIn(err, helpLang))
	return exitUsage
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:        "subsidy",
		Usage:       cmdUsage(""),
		Description: cmdDescription(""),
		Reader:      stdin,
		Writer:      stdout,
		ErrWriter:   stderr,
		OnUsageError: func(c *cli.Context, err error, isSub bool) error {
			return failure.Usage(usageProblem(c, err))
		},
		ExitErrHandler:  func(*cli.Context, error) {},
		HideHelpCommand: true,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return failure.Usage(msg.F("没有命令“%[1]s”；可用的命令见 subsidy --help", "there is no command %[1]q; see subsidy --help for the commands", c.Args().First()))
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{
			runCommand(), validateCommand(), explainCommand(), verifyCommand(), policyCommand(),
			diffCommand(), eligibilityCommand(), verifyRunCommand(), templateCommand(), noticeCommand(), payoutCommand(), reportCommand(),
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
