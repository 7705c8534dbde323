// Package output is the file-writing side of the command line: atomic
// output sets (spec §1.7), one writer file per ledger format (CSV, JSON
// Lines; XLSX joins in its own file), the rejections CSV, and the reader of
// prior ledgers passed back with --prior (spec §1.4, §8). The engine it
// serves (calc/...) does no file I/O.
package output

import "subsidy/cmd/subsidy/internal/fileio"

// Error is the usage error (exit code 2) of the I/O layer, shared with
// package input so that the command line recognises both with one
// errors.As: an output that exists without --force, an unreadable or
// refused prior ledger, located by file and, where known, row and column.
type Error = fileio.Error
