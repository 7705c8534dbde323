// Package batch is one batch from its inputs to its outputs, without the
// command line: Load reads the policy, every roster (through the engine's
// collector, engine.Rows) and the prior ledgers with their checks; Compute
// runs the engine, streaming lines and rejections into sinks; a Run (Start,
// Compute, Write, Close) holds the ledger's lock and work folder, spools
// the outputs and puts them in place as one atomic set with the run
// manifest. It imports neither urfave/cli nor package main: the commands
// fill Options from flags and print what it returns.
package batch
