package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strconv"
)

// YearCount is the trace a batch leaves of one yearly count still short of
// its threshold (spec §4.3a 5: 136 三(一)1 "年发明专利授权10件以上" is reached
// whether the rosters are cumulative or month by month): the threshold
// program, the recipient and the calendar year, how many rows have counted
// toward it so far, in this batch and the earlier ones, and the digests of
// their natural keys (RowDigest), so that a row a later roster repeats is
// not counted twice. A batch leaves one for every (program, recipient,
// year) whose threshold line no batch has paid yet: at most threshold − 1
// keys each. Keys is empty, with Count at or past the threshold, for a year
// that passed it without a line (no policy version in force on the grant
// that reached it): it can never pay, and no later row needs matching.
type YearCount struct {
	Program   string
	Recipient string
	Year      int
	Count     int
	Keys      []uint64 // sorted, distinct
}

// RowDigest is the 64-bit digest of a row's natural key (the first 8
// bytes of SHA-256 over the parts, as LineID builds a line_id), the form in
// which YearCount keeps the rows it counted.
func RowDigest(key ...string) uint64 {
	h := sha256.New()
	for i, k := range key {
		if i > 0 {
			h.Write([]byte{0x1f})
		}
		h.Write([]byte(k))
	}
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// yearKey is the key of a year count: program, recipient, year.
func yearKey(program, recipient string, year int) string {
	return program + "|" + recipient + "|" + strconv.Itoa(year)
}

// YearTrace is what the prior index knows of one year count: the union of
// the traces of every prior ledger (a ledger's own trace holds the counts
// of the batches before it as well, so traces overlap).
type YearTrace struct {
	count int
	keys  []uint64 // sorted, distinct
}

// Count is how many rows have counted so far.
func (t *YearTrace) Count() int {
	if t == nil {
		return 0
	}
	return t.count
}

// Has reports whether the row with the digest has counted already.
func (t *YearTrace) Has(digest uint64) bool {
	if t == nil {
		return false
	}
	_, ok := slices.BinarySearch(t.keys, digest)
	return ok
}

// Keys returns the digests, sorted.
func (t *YearTrace) Keys() []uint64 {
	if t == nil {
		return nil
	}
	return slices.Clone(t.keys)
}

// AddYearCount adds the trace of a year count read with a prior ledger
// (its run manifest's counted section): the union with what the index
// holds, counting each key once.
func (b *PriorBuilder) AddYearCount(yc YearCount) {
	p := b.p
	if p.years == nil {
		p.years = map[string]*YearTrace{}
	}
	k := yearKey(yc.Program, yc.Recipient, yc.Year)
	t := p.years[k]
	if t == nil {
		t = &YearTrace{}
		p.years[k] = t
		p.yearOrder = append(p.yearOrder, YearCount{Program: yc.Program, Recipient: yc.Recipient, Year: yc.Year})
	}
	// the union, sorted, in a slice of its own size
	keys := append(append(make([]uint64, 0, len(t.keys)+len(yc.Keys)), t.keys...), yc.Keys...)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	t.keys = append(make([]uint64, 0, len(keys)), keys...)
	t.count = max(t.count, yc.Count, len(t.keys))
}

// YearCount returns the prior trace of a year count, nil when there is
// none (a nil *YearTrace counts nothing and has no key).
func (p *Prior) YearCount(program, recipient string, year int) *YearTrace {
	if p == nil {
		return nil
	}
	return p.years[yearKey(program, recipient, year)]
}

// EachYearCount calls fn for every year count of the prior traces, in the
// order they were first read.
func (p *Prior) EachYearCount(fn func(program, recipient string, year int, t *YearTrace)) {
	if p == nil {
		return
	}
	for _, y := range p.yearOrder {
		fn(y.Program, y.Recipient, y.Year, p.years[yearKey(y.Program, y.Recipient, y.Year)])
	}
}
