package output

import (
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/cmd/subsidy/internal/fileio"
)

// RunRejections reads the rejections files of the runs whose manifests are
// in folder dir and whose batch month is in one of periods' years
// (accept(period) true), as the year report counts them: each run's
// rejections once, however many copies of its ledger the folder holds.
// A manifest that cannot be read is left out, as a folder of ledgers
// leaves it out; a rejections file a manifest lists that cannot be read is
// an *Error.
func RunRejections(dir string, accept func(period string) bool) ([]ledger.Rejection, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &Error{File: dir, Msg: msg.F("无法读取文件夹：%v", "cannot read the folder: %v", unwrapPath(err))}
	}
	var out []ledger.Rejection
	var read []string
	for _, fm := range manifestsIn(dir, entries) {
		if !accept(fm.m.Period) {
			continue
		}
		for _, o := range fm.m.Outputs {
			p := fm.at(o)
			if o.Role != "rejections" || slices.Contains(read, p) {
				continue
			}
			read = append(read, p)
			rs, err := ReadRejections(p)
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
	}
	return out, nil
}

// ReadRejections reads a rejections file a run wrote (WriteRejectionsCSV):
// its header must be ledger.RejectionColumns.
func ReadRejections(path string) ([]ledger.Rejection, error) {
	src, err := fileio.OpenCSV(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	h := src.Header()
	if !slices.Equal(h, ledger.RejectionColumns) {
		return nil, &Error{File: path, Row: 1, Msg: msg.T("不是拒绝清单（表头不符）", "not a rejections file (the header differs)")}
	}
	var out []ledger.Rejection
	for {
		rec, row, err := src.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) != len(h) {
			return nil, &Error{File: path, Row: row, Msg: msg.F("该行有 %d 个单元格，应为 %d 个", "the row has %d cells, not %d", len(rec), len(h))}
		}
		n, _ := strconv.Atoi(rec[1])
		out = append(out, ledger.Rejection{File: Unneutralise(rec[0]), Row: n, Column: Unneutralise(rec[2]), Value: Unneutralise(rec[3]),
			Code: strings.TrimSpace(rec[4]), Class: strings.TrimSpace(rec[5]), Message: msg.T(rec[6], rec[6])})
	}
}
