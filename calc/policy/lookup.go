package policy

import (
	"strings"

	"subsidy/calc/value"
)

// VersionAt returns the version of the program in force on d.
func (p *Program) VersionAt(d value.Date) (*Version, bool) {
	for _, v := range p.Versions {
		if d >= v.From && d <= v.To {
			return v, true
		}
	}
	return nil, false
}

// Param returns the parameter name as it applies in district (the
// district's override when there is one, else the base value).
func (v *Version) Param(name, district string) (*Param, bool) {
	p, ok := v.Params[name]
	if !ok {
		return nil, false
	}
	if o, ok := p.Overrides[district]; ok && district != "" {
		return o, true
	}
	return p, true
}

// RecipientCounted returns, sorted, the programs with a version whose
// yearly count limit counts distinct recipients (count_scope: recipient,
// spec §4.3a 1): the prior index must count their recipients.
func (p *Policy) RecipientCounted() []string {
	var out []string
	for _, id := range p.ProgramIDs() {
		for _, v := range p.Programs[id].Versions {
			if o, ok := v.Params["count_scope"]; ok && o.Option == CountScopeRecipient {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// GeneralAt returns the general parameter name in force on d.
func (p *Policy) GeneralAt(name string, d value.Date) (*Param, bool) {
	g, ok := p.General[name]
	if !ok {
		return nil, false
	}
	for _, v := range g.Values {
		if d >= v.From && d <= v.To {
			return v.Param, true
		}
	}
	return nil, false
}

// districtPrefixes are the larger units a clerk may write before a
// district's name: 江苏省苏州市吴中区 and 苏州市吴中区 are 吴中区.
var districtPrefixes = []string{"江苏省苏州市", "江苏苏州", "江苏省", "苏州市", "苏州"}

// District finds a district by code, name or alias, as a clerk writes it:
// width-folded and trimmed (value.Fold: a code in full-width digits is the
// code), the name with or without the province and city before it
// (江苏省常熟市, 苏州市吴中区).
func (p *Policy) District(s string) (District, bool) {
	s = value.Fold(s)
	if d, ok := p.district(s); ok {
		return d, true
	}
	for _, pre := range districtPrefixes {
		if rest, ok := strings.CutPrefix(s, pre); ok && rest != "" {
			if d, ok := p.district(strings.TrimSpace(rest)); ok {
				return d, true
			}
		}
	}
	return District{}, false
}

// district finds a district by its exact code, name or alias.
func (p *Policy) district(s string) (District, bool) {
	for _, d := range p.Districts {
		if s == d.Code || s == d.Name {
			return d, true
		}
		for _, a := range d.Aliases {
			if s == a {
				return d, true
			}
		}
	}
	return District{}, false
}

// DistrictName returns the name of the district with the given code, or the
// code itself when unknown.
func (p *Policy) DistrictName(code string) string {
	for _, d := range p.Districts {
		if d.Code == code {
			return d.Name
		}
	}
	return code
}

// HasCode reports whether code is in the parameter's code list.
func (p *Param) HasCode(code string) bool {
	for _, c := range p.Codes {
		if c == code {
			return true
		}
	}
	return false
}
