package engine

import (
	"fmt"

	"subsidy/calc/fx"
	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// subject is a recipient entity of the enterprise roster, its district
// resolved against the policy.
type subject struct {
	*roster.Enterprise
	districtCode string
}

// indexEnterprises validates the enterprise roster (a reference roster):
// duplicate and conflicting USCCs, unknown districts. Rows that fail are
// listed; events naming them are listed unknown_recipient with the reason.
func (e *engine) indexEnterprises() {
	rows := e.ref.Enterprises
	ks := make([]keyed, len(rows))
	for i := range rows {
		r := rows[i]
		r.Src = roster.Source{}
		ks[i] = keyed{key: rows[i].USCC, fp: fingerprint(r), src: rows[i].Src}
	}
	ok := e.dedup(roster.Enterprises, ks, "uscc")
	e.ents = map[string]*subject{}
	e.entProb = map[string]msg.Text{}
	for i := range rows {
		r := &rows[i]
		if !ok[i] {
			if _, stands := e.ents[r.USCC]; !stands {
				e.entProb[r.USCC] = msg.F("企业名册中该代码有重复或冲突的行（第 %d 行）", "the enterprise roster has duplicate or conflicting rows for it (row %d)", r.Src.Row)
			}
			continue
		}
		d, found := e.pol.District(r.District)
		if !found {
			e.reject(roster.Enterprises, r.Src, "district", r.District, "unknown_district", msg.F(
				"所属地区“%s”不是政策所列的区县（代码或名称，如 320585 或 太仓市）",
				"district %q is not one the policy knows (a code or name such as 320585 or 太仓市)", r.District))
			e.entProb[r.USCC] = msg.F("企业名册第 %d 行的所属地区无效", "its enterprise roster row %d has an unknown district", r.Src.Row)
			continue
		}
		delete(e.entProb, r.USCC)
		e.ents[r.USCC] = &subject{Enterprise: r, districtCode: d.Code}
	}
}

// recipient returns the enterprise of a USCC or lists the row
// unknown_recipient.
func (e *engine) recipient(kind roster.Kind, src roster.Source, column, uscc string) (*subject, bool) {
	if s, ok := e.ents[uscc]; ok {
		return s, true
	}
	why := msg.T("不在企业名册中", "is not on the enterprise roster")
	if p, ok := e.entProb[uscc]; ok {
		why = p
	} else if r, ok := e.rows.listedEnterprises[uscc]; ok {
		why = msg.F("在企业名册第 %[1]d 行，但该行被拒绝（%[2]s %[3]s）：请先改正企业名册的这一行",
			"is on enterprise roster row %[1]d, but that row was rejected (%[2]s %[4]s): fix that row of the enterprise roster first",
			r.Row, r.Code, r.Message.Zh, r.Message.En)
	}
	e.reject(kind, src, column, uscc, "unknown_recipient", msg.Text{
		Zh: fmt.Sprintf("受款主体 %s %s", uscc, why.Zh), En: fmt.Sprintf("recipient %s %s", uscc, why.En)})
	return nil, false
}

// indexFX validates the fx roster (duplicates and conflicts per currency
// and date) and builds the rate table.
func (e *engine) indexFX() {
	rows := e.ref.FX
	ks := make([]keyed, len(rows))
	for i := range rows {
		r := rows[i]
		r.Src = roster.Source{}
		ks[i] = keyed{key: joinKey(rows[i].Currency, rows[i].Date.String()), fp: fingerprint(r), src: rows[i].Src}
	}
	ok := e.dedup(roster.FX, ks, "currency+date")
	var keep []roster.Rate
	for i, r := range rows {
		if ok[i] {
			keep = append(keep, r)
		}
	}
	e.fx = fx.NewTable(keep)
}
