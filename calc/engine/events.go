package engine

import (
	"strconv"

	"subsidy/calc/roster"
)

// collectEvents validates the event rosters' natural keys and queues every
// standing row as an event.
func (e *engine) collectEvents() {
	b := &e.in.Batch
	add := func(kind roster.Kind, ks []keyed, keyCols string, fp func(i int) string) {
		ok := e.dedupBy(kind, ks, keyCols, fp)
		for i, k := range ks {
			if ok[i] {
				e.events = append(e.events, event{date: k.date, key: k.key, kind: kind, idx: i})
			}
		}
	}
	// Grants: uscc + number + office. A Madrid registration designating
	// several offices is one event per office row here; the layout step
	// pays it once per holder and registration (spec §4.1 Counting).
	gk := make([]keyed, len(b.Grants))
	for i := range b.Grants {
		g := &b.Grants[i]
		gk[i] = keyed{key: joinKey(g.USCC, g.Number, g.Office), src: g.Src, date: g.GrantDate}
	}
	add(roster.Grants, gk, "uscc+number+office", func(i int) string { g := b.Grants[i]; g.Src = roster.Source{}; return fingerprint(g) })

	lk := make([]keyed, len(b.Licensing))
	for i := range b.Licensing {
		l := &b.Licensing[i]
		lk[i] = keyed{key: joinKey(l.ContractID, l.USCC, l.PaidDate.String(), strconv.Itoa(l.PaymentNo)), src: l.Src, date: l.PaidDate}
	}
	add(roster.Licensing, lk, "contract_id+uscc+paid_date+payment_no", func(i int) string {
		l := b.Licensing[i]
		l.Src = roster.Source{}
		return fingerprint(l)
	})

	tk := make([]keyed, len(b.Litigation))
	for i := range b.Litigation {
		l := &b.Litigation[i]
		tk[i] = keyed{key: joinKey(l.CaseID, l.InvoiceNo), src: l.Src, date: l.PaidDate}
	}
	add(roster.Litigation, tk, "case_id+invoice_no", func(i int) string {
		l := b.Litigation[i]
		l.Src = roster.Source{}
		return fingerprint(l)
	})

	ik := make([]keyed, len(b.Insurance))
	for i := range b.Insurance {
		p := &b.Insurance[i]
		ik[i] = keyed{key: joinKey(p.PolicyNo, p.PaidDate.String(), strconv.Itoa(p.PaymentNo)), src: p.Src, date: p.PaidDate}
	}
	add(roster.Insurance, ik, "policy_no+paid_date+payment_no", func(i int) string {
		p := b.Insurance[i]
		p.Src = roster.Source{}
		return fingerprint(p)
	})

	fk := make([]keyed, len(b.Financing))
	for i := range b.Financing {
		f := &b.Financing[i]
		fk[i] = keyed{key: joinKey(f.LoanID, f.FeeType, f.PaidDate.String(), strconv.Itoa(f.PaymentNo)), src: f.Src, date: f.PaidDate}
	}
	add(roster.Financing, fk, "loan_id+fee_type+paid_date+payment_no", func(i int) string {
		f := b.Financing[i]
		f.Src = roster.Source{}
		return fingerprint(f)
	})

	ak := make([]keyed, len(b.Awards))
	for i := range b.Awards {
		a := &b.Awards[i]
		ak[i] = keyed{key: joinKey(a.Program, a.ProjectID, a.Stage, a.RecipientID), src: a.Src, date: a.DecisionDate}
	}
	add(roster.Awards, ak, "program+project_id+stage+recipient_id", func(i int) string {
		a := b.Awards[i]
		a.Src = roster.Source{}
		return fingerprint(a)
	})

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
