package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the script tests exec "subsidy" in-process.
func TestMain(m *testing.M) {
	os.Exit(testscript.RunMain(m, map[string]func() int{
		"subsidy": func() int { return run(os.Args, os.Stdin, os.Stdout, os.Stderr) },
	}))
}

// TestScripts runs the CLI scenarios in testdata/script, one per file
// (exit codes, messages, --strict, --force, stdin and stdout). $FIXTURES is
// the absolute path of the bundled fixtures/ folder.
func TestScripts(t *testing.T) {
	fixtures, err := filepath.Abs(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{Dir: "testdata/script", Setup: func(env *testscript.Env) error {
		env.Setenv("FIXTURES", fixtures)
		return nil
	}})
}
