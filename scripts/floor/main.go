// Command floor is the I/O floor scripts/bench compares `subsidy run`
// with: a bare read of every roster file in a folder, nothing else. CSV
// files are read with encoding/csv (FieldsPerRecord -1, ReuseRecord, as
// subsidy's reader sets them), XLSX files with excelize's Rows iterator
// over the first sheet (Rows.Columns, raw values as subsidy reads them).
//
//	go run ./scripts/floor -format csv DIR
//	go run ./scripts/floor -format xlsx DIR
//
// It prints the rows and cells read, so the work cannot be skipped.
//
// With -ledger FILE it is the read + write floor of issue 15: it first
// loads the records of the ledger a run wrote (FILE, untimed), then reads
// the folder's rosters as above and writes those records with
// encoding/csv to a new file beside FILE, fsynced and removed; it prints
// the time of that read and write alone ("timed: …s"), which
// scripts/bench takes as the floor.
//
//	go run ./scripts/floor -format csv -ledger out/ledger.csv DIR
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	format := flag.String("format", "csv", "csv or xlsx: which files of the folder to read")
	ledger := flag.String("ledger", "", "a ledger CSV to write again after the read, fsynced (the read + write floor)")
	flag.Parse()
	if flag.NArg() != 1 || (*format != "csv" && *format != "xlsx") {
		fmt.Fprintln(os.Stderr, "usage: floor -format csv|xlsx DIR")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(flag.Arg(0), "*."+*format))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "floor: no .%s files in %s\n", *format, flag.Arg(0))
		os.Exit(2)
	}
	sort.Strings(files)
	var records [][]string
	if *ledger != "" {
		if records, err = loadCSV(*ledger); err != nil {
			fmt.Fprintf(os.Stderr, "floor: %s: %v\n", *ledger, err)
			os.Exit(2)
		}
	}
	start := time.Now()
	rows, cells := 0, 0
	for _, f := range files {
		var r, c int
		if *format == "csv" {
			r, c, err = readCSV(f)
		} else {
			r, c, err = readXLSX(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "floor: %s: %v\n", f, err)
			os.Exit(2)
		}
		rows, cells = rows+r, cells+c
	}
	if *ledger != "" {
		if err := writeCSV(*ledger+".floor", records); err != nil {
			fmt.Fprintf(os.Stderr, "floor: %v\n", err)
			os.Exit(2)
		}
	}
	elapsed := time.Since(start)
	fmt.Printf("%d files, %d rows, %d non-blank cells\n", len(files), rows, cells)
	if *ledger != "" {
		fmt.Printf("wrote %d ledger records\ntimed: %.6fs\n", len(records), elapsed.Seconds())
	}
}

// loadCSV reads every record of a CSV file into memory.
func loadCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// writeCSV writes records to a new file at path with encoding/csv,
// fsyncs it, and removes it.
func writeCSV(path string, records [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	bw := bufio.NewWriterSize(f, 256<<10)
	w := csv.NewWriter(bw)
	for _, rec := range records {
		if err := w.Write(rec); err != nil {
			f.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readCSV(path string) (rows, cells int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<16))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, cells, nil
		}
		if err != nil {
			return rows, cells, err
		}
		rows++
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				cells++
			}
		}
	}
}

func readXLSX(path string) (rows, cells int, err error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	it, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		return 0, 0, err
	}
	defer it.Close()
	for it.Next() {
		rec, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return rows, cells, err
		}
		rows++
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				cells++
			}
		}
	}
	return rows, cells, it.Error()
}
