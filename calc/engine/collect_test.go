package engine

import (
	"testing"

	"subsidy/calc/roster"
)

// collected collects rows already decoded as Rows would collect them from
// files named "<roster>.csv": the reference rows of ref and the event
// rows, each counted as read, with an enterprise roster given.
func collected(t testing.TB, ref roster.Batch, events ...roster.Event) *Rows {
	t.Helper()
	r := NewRows(nil)
	r.dec.Batch = ref
	r.File(roster.Enterprises, "enterprises.csv")
	for k, n := range map[roster.Kind]int{roster.Enterprises: len(ref.Enterprises), roster.FX: len(ref.FX), roster.Budgets: len(ref.Budgets)} {
		r.read[k] += n
		r.File(k, string(k)+".csv")
	}
	for _, ev := range events {
		r.read[ev.Roster()]++
		r.File(ev.Roster(), ev.Source().File)
		if err := r.addEvent(ev); err != nil {
			t.Fatal(err)
		}
	}
	return r
}
