package output

import (
	"fmt"
	"strconv"

	"subsidy/calc/ledger"
)

// ManifestCount is one entry of a run manifest's counted section: a yearly
// count toward a threshold line still short of its threshold after the run
// (ledger.YearCount, spec §4.3a 5), with the digests of the rows counted so
// far as 16 hex digits each. The next batch's --prior reads it, so that a
// year's 10th invention grant pays in the month it arrives, whether the
// rosters are cumulative or month by month.
type ManifestCount struct {
	Program     string   `json:"program"`
	RecipientID string   `json:"recipient_id"`
	Year        int      `json:"year"`
	Count       int      `json:"count"`
	Keys        []string `json:"keys"`
}

// ManifestCounts is the counted section for the year counts a run leaves:
// never nil, so that a manifest of a run that left none says so (an empty
// list) and one written before manifests kept counts (no section) can be
// told apart.
func ManifestCounts(ycs []ledger.YearCount) *[]ManifestCount {
	out := make([]ManifestCount, 0, len(ycs))
	for _, yc := range ycs {
		mc := ManifestCount{Program: yc.Program, RecipientID: yc.Recipient, Year: yc.Year, Count: yc.Count, Keys: make([]string, len(yc.Keys))}
		for i, k := range yc.Keys {
			mc.Keys[i] = fmt.Sprintf("%016x", k)
		}
		out = append(out, mc)
	}
	return &out
}

// YearCounts returns the counted section as year counts, and false when
// the manifest has none (written before manifests kept counts). A key that
// is not 16 hex digits, or a count below its number of keys, is an error.
func (m *Manifest) YearCounts() ([]ledger.YearCount, bool, error) {
	if m.Counted == nil {
		return nil, false, nil
	}
	out := make([]ledger.YearCount, 0, len(*m.Counted))
	for _, mc := range *m.Counted {
		if mc.Program == "" || mc.RecipientID == "" || mc.Year < 1 || mc.Year > 9999 || mc.Count < len(mc.Keys) {
			return nil, true, fmt.Errorf("counted entry %s %s %d: count %d with %d keys", mc.Program, mc.RecipientID, mc.Year, mc.Count, len(mc.Keys))
		}
		yc := ledger.YearCount{Program: mc.Program, Recipient: mc.RecipientID, Year: mc.Year, Count: mc.Count, Keys: make([]uint64, len(mc.Keys))}
		for i, k := range mc.Keys {
			d, err := strconv.ParseUint(k, 16, 64)
			if err != nil || len(k) != 16 {
				return nil, true, fmt.Errorf("counted entry %s %s %d: key %q is not 16 hex digits", mc.Program, mc.RecipientID, mc.Year, k)
			}
			yc.Keys[i] = d
		}
		out = append(out, yc)
	}
	return out, true, nil
}
