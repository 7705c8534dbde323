// Package fileio is what every reader of the program's files shares,
// rosters and ledgers alike: the located error of a file that cannot be
// read (*Error: file, row, column, message in both languages), CSV text in
// UTF-8 or GB18030 with its guards (OpenCSV: the encoding detected in one
// pass, records bounded, mixed encodings refused), and the checks of an
// XLSX workbook's zip archive and XML parts (CheckXLSXArchive,
// OpenArchive, XMLGuard) that keep a zip bomb or a damaged file in bounded
// memory. Package input (rosters) and package output (ledgers) both build
// on it and import each other not at all.
package fileio
