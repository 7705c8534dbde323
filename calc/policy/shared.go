package policy

import (
	"sort"
	"strconv"
)

// sharedCaps are the parameters several programs read under one cap key:
// group_cap is the yearly cap per entity over all five layout programs
// (136 三(一)1 专利布局类奖励合计), so the programs must agree on it.
var sharedCaps = []string{"group_cap"}

// checkSharedCaps refuses a policy in which programs sharing a cap carry
// different values of it for the same district on the same day (whichever
// program's line came first would otherwise decide the cap). Each program
// is compared with the first by id, so one odd value is one problem.
func (b *builder) checkSharedCaps(p *Policy) {
	for _, name := range sharedCaps {
		var ids []string
		for id, prog := range p.Programs {
			if spec, ok := catalog[id]; ok && spec.params[name].unit != "" && len(prog.Versions) > 0 {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		for _, c := range ids[min(1, len(ids)):] {
			b.compareShared(name, p.Programs[ids[0]], p.Programs[c])
		}
	}
}

// compareShared reports where program c's value of name differs from a's
// in an overlapping version, for the city value and every district override.
func (b *builder) compareShared(name string, a, c *Program) {
	for ai := range a.Versions {
		va := a.Versions[ai]
		for ci := range c.Versions {
			vc := c.Versions[ci]
			if va.To < vc.From || vc.To < va.From {
				continue
			}
			pa, okA := va.Params[name]
			pc, okC := vc.Params[name]
			if !okA || !okC {
				continue
			}
			districts := map[string]bool{"": true}
			for d := range pa.Overrides {
				districts[d] = true
			}
			for d := range pc.Overrides {
				districts[d] = true
			}
			for _, d := range sortedKeys(districts) {
				x, _ := va.Param(name, d)
				y, _ := vc.Param(name, d)
				if x.Number.Equal(y.Number) {
					continue
				}
				where := "programs." + c.ID + ".versions[" + strconv.Itoa(ci) + "].params." + name
				if d != "" {
					where += ".districts." + d
				}
				who := d
				if who == "" {
					who = "city"
				}
				b.add(y.Line, where, "%s 为 %s，而 %s 为 %s（%s）：专利布局类奖励同一主体每年合计一个上限（136 三(一)1），各项目须取相同数值",
					"%s is %s but %s's is %s (%s): the layout awards share one yearly cap per entity (136 三(一)1), so every layout program must carry the same value",
					name, y.Number.StringFixed(2), a.ID, x.Number.StringFixed(2), who)
			}
		}
	}
}
