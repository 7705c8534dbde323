package engine

import (
	"fmt"

	"subsidy/calc/roster"
)

// collectEvents validates the event rosters' natural keys and queues every
// standing row as an event.
func (e *engine) collectEvents() {
	b := &e.in.Batch
	add := func(kind roster.Kind, ks []keyed, keyCols string) {
		ok := e.dedup(kind, ks, keyCols)
		for i, k := range ks {
			if ok[i] {
				e.events = append(e.events, event{date: k.date, key: k.key, kind: kind, idx: i})
			}
		}
	}
	// Grants: uscc + number + office. A Madrid registration designating
	// several offices is one event per office row here; the layout step
	// pays it once per holder and registration (spec §4.1 Counting).
	var gk []keyed
	for i, g := range b.Grants {
		g.Src = roster.Source{}
		gk = append(gk, keyed{key: joinKey(b.Grants[i].USCC, g.Number, g.Office), fp: fingerprint(g), src: b.Grants[i].Src, date: g.GrantDate})
	}
	add(roster.Grants, gk, "uscc+number+office")

	var lk []keyed
	for i, l := range b.Licensing {
		l.Src = roster.Source{}
		lk = append(lk, keyed{key: joinKey(l.ContractID, l.USCC, l.PaidDate.String(), fmt.Sprint(l.PaymentNo)),
			fp: fingerprint(l), src: b.Licensing[i].Src, date: l.PaidDate})
	}
	add(roster.Licensing, lk, "contract_id+uscc+paid_date+payment_no")

	var tk []keyed
	for i, l := range b.Litigation {
		l.Src = roster.Source{}
		tk = append(tk, keyed{key: joinKey(l.CaseID, l.InvoiceNo), fp: fingerprint(l), src: b.Litigation[i].Src, date: l.PaidDate})
	}
	add(roster.Litigation, tk, "case_id+invoice_no")

	var ik []keyed
	for i, p := range b.Insurance {
		p.Src = roster.Source{}
		ik = append(ik, keyed{key: joinKey(p.PolicyNo, p.PaidDate.String(), fmt.Sprint(p.PaymentNo)), fp: fingerprint(p), src: b.Insurance[i].Src, date: p.PaidDate})
	}
	add(roster.Insurance, ik, "policy_no+paid_date+payment_no")

	var fk []keyed
	for i, f := range b.Financing {
		f.Src = roster.Source{}
		fk = append(fk, keyed{key: joinKey(f.LoanID, f.FeeType, f.PaidDate.String(), fmt.Sprint(f.PaymentNo)), fp: fingerprint(f), src: b.Financing[i].Src, date: f.PaidDate})
	}
	add(roster.Financing, fk, "loan_id+fee_type+paid_date+payment_no")

	var ak []keyed
	for i, a := range b.Awards {
		a.Src = roster.Source{}
		ak = append(ak, keyed{key: joinKey(a.Program, a.ProjectID, a.Stage, a.RecipientID), fp: fingerprint(a), src: b.Awards[i].Src, date: a.DecisionDate})
	}
	add(roster.Awards, ak, "program+project_id+stage+recipient_id")

	// Tier programs from the enterprise roster (spec §1.3: reconciled for
	// the tier programs only). An enterprise's rows were validated by
	// indexEnterprises; its tier and title are events of their own.
	for i := range b.Enterprises {
		en := &b.Enterprises[i]
		if _, ok := e.ents[en.USCC]; !ok || e.ents[en.USCC].Enterprise != en {
			continue
		}
		if en.Tier == "growth" {
			e.events = append(e.events, event{date: en.TierDate.D, key: joinKey("tier.growth", en.USCC), kind: roster.Enterprises, idx: i, sub: "tier"})
		}
		if en.NationalTitle != "" {
			e.events = append(e.events, event{date: en.TitleDate.D, key: joinKey("tier.national_"+en.NationalTitle, en.USCC), kind: roster.Enterprises, idx: i, sub: "title"})
		}
	}
}

// handle processes one event.
func (e *engine) handle(ev event) {
	b := &e.in.Batch
	switch ev.kind {
	case roster.Grants:
		e.layout.grant(&b.Grants[ev.idx])
	case roster.Licensing:
		e.licensing(&b.Licensing[ev.idx])
	case roster.Litigation:
		e.litigation(&b.Litigation[ev.idx])
	case roster.Insurance:
		e.insurance(&b.Insurance[ev.idx])
	case roster.Financing:
		e.financing(&b.Financing[ev.idx])
	case roster.Awards:
		e.award(&b.Awards[ev.idx])
	case roster.Enterprises:
		if ev.sub == "tier" {
			e.tierGrowth(&b.Enterprises[ev.idx])
		} else {
			e.tierNational(&b.Enterprises[ev.idx])
		}
	}
}
