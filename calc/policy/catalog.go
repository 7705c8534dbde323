package policy

import "sort"

// This file is the engine's side of the contract with a policy file: which
// program ids the engine knows, of which kind and funder, and which
// parameters (with which unit) it reads from each. A policy file may omit a
// program (its events are then rejected no_policy) and may add committee
// programs of kind award or discretionary that the engine handles
// generically, but it may not give a known program another kind or funder,
// leave out a parameter the engine reads, or carry one it does not read.

// Units a parameter may have.
const (
	UnitCNY    = "CNY"    // an amount in yuan, at most two fraction digits
	UnitRatio  = "ratio"  // a share between 0 and 1
	UnitCount  = "count"  // a whole number of things
	UnitDays   = "days"   // a whole number of days
	UnitCodes  = "codes"  // a list of codes (offices, jurisdictions, fee types)
	UnitOption = "option" // one of an enumerated set of choices
	UnitFlag   = "flag"   // true or false
)

// Funders.
const (
	FunderCity     = "city"     // paid by the city
	FunderDistrict = "district" // paid by the recipient's district
)

// Values of the award parameter cap_scope (spec §4.3): what the ceiling of a
// committee award caps.
const (
	CapScopeRow               = "row"                // each decision row on its own (default)
	CapScopeRecipientYear     = "recipient_year"     // per recipient per calendar year
	CapScopeRecipientProject  = "recipient_project"  // per recipient and project
	CapScopeRecipientLifetime = "recipient_lifetime" // per recipient, over all time
)

// Values of the award parameter count_scope (spec §4.3a 1): what a yearly
// count limit counts.
const (
	CountScopeRow       = "row"       // decision rows (lines), e.g. 每年支持不超过10个项目 (default)
	CountScopeRecipient = "recipient" // distinct recipients, e.g. 每年支持不超过20家企业
)

// Values of the tier.national_demonstration parameter upgrade: how a
// demonstration title relates to an advantage award (136 三(三)12 分别给予).
const (
	UpgradeTopUp    = "top_up"   // one cap for both titles: demonstration pays the difference to advantage (default)
	UpgradeNone     = "none"     // an enterprise already paid as advantage gets nothing more
	UpgradeSeparate = "separate" // each title pays its own award, outside the shared cap
)

// unitNames lists the units in a fixed order.
var unitNames = []string{UnitCNY, UnitRatio, UnitCount, UnitDays, UnitCodes, UnitOption, UnitFlag}

// paramSpec is what the engine expects of one parameter.
type paramSpec struct {
	unit     string
	required bool
	// options are the allowed values of an option parameter.
	options []string
	// alpha2 requires every code to be an ISO 3166 alpha-2 style code
	// (two capital letters; EP for the European Patent Office).
	alpha2 bool
	// codes, when set, are the only codes allowed.
	codes []string
}

// programSpec is what the engine expects of one known program.
type programSpec struct {
	kind       Kind
	funder     string
	individual bool
	// persons: the program also pays people (an ID number as recipient)
	// besides entities; the policy file does not say it, the catalog does
	// (Program.Persons).
	persons bool
	// documents are the seeds the program cites; no version may start
	// before the latest of their issue dates (spec §4.4).
	documents []string
	params    map[string]paramSpec
}

var capScopes = []string{CapScopeRow, CapScopeRecipientYear, CapScopeRecipientProject, CapScopeRecipientLifetime}

var countScopes = []string{CountScopeRow, CountScopeRecipient}

// generalSpecs are the general parameters the engine reads.
var generalSpecs = map[string]paramSpec{
	"fx_max_age_days": {unit: UnitDays, required: true},
}

func req(unit string) paramSpec { return paramSpec{unit: unit, required: true} }

func layoutParams(extra map[string]paramSpec) map[string]paramSpec {
	m := map[string]paramSpec{"amount": req(UnitCNY), "group_cap": req(UnitCNY)}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// awardParams are the parameters of a committee award (kind award): the
// ceiling, an optional yearly count limit (required where the seed sets
// one), the optional cap_scope (default row) and the optional count_scope
// (default row: the limit counts lines; recipient: distinct recipients).
func awardParams(countRequired bool) map[string]paramSpec {
	return map[string]paramSpec{
		"ceiling":     req(UnitCNY),
		"count_limit": {unit: UnitCount, required: countRequired},
		"cap_scope":   {unit: UnitOption, options: capScopes},
		"count_scope": {unit: UnitOption, options: countScopes},
	}
}

func award(count, individual bool) programSpec {
	return programSpec{kind: KindAward, funder: FunderCity, individual: individual,
		documents: []string{"136"}, params: awardParams(count)}
}

func discretionary(params map[string]paramSpec) programSpec {
	if params == nil {
		params = map[string]paramSpec{}
	}
	return programSpec{kind: KindDiscretionary, funder: FunderCity, documents: []string{"136"}, params: params}
}

// catalog lists every program of spec §4 the engine knows.
var catalog = map[string]programSpec{
	// §4.1 computed from event rosters.
	"overseas_litigation": {kind: KindComputed, funder: FunderCity, documents: []string{"136"}, params: map[string]paramSpec{
		"rate":     req(UnitRatio),
		"case_cap": req(UnitCNY),
		"mainland": {unit: UnitCodes, required: true, alpha2: true},
	}},
	"licensing_support": {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: map[string]paramSpec{
		"ratio":        req(UnitRatio),
		"cap_per_year": req(UnitCNY),
	}},
	"layout.first_invention":   {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: layoutParams(nil)},
	"layout.invention_10":      {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: layoutParams(map[string]paramSpec{"threshold": req(UnitCount)})},
	"layout.institution_100":   {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: layoutParams(map[string]paramSpec{"threshold": req(UnitCount)})},
	"layout.foreign_invention": {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: layoutParams(map[string]paramSpec{"offices": {unit: UnitCodes, required: true, alpha2: true}})},
	"layout.madrid":            {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: layoutParams(nil)},
	"tier.growth": {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: map[string]paramSpec{
		"amount": req(UnitCNY),
	}},
	"tier.national_advantage": {kind: KindComputed, funder: FunderCity, documents: []string{"136"}, params: map[string]paramSpec{
		"amount":       req(UnitCNY),
		"national_cap": req(UnitCNY),
	}},
	"tier.national_demonstration": {kind: KindComputed, funder: FunderCity, documents: []string{"136"}, params: map[string]paramSpec{
		"amount":       req(UnitCNY),
		"national_cap": req(UnitCNY),
		"upgrade":      {unit: UnitOption, required: true, options: []string{UpgradeTopUp, UpgradeNone, UpgradeSeparate}},
	}},
	"insurance_premium": {kind: KindComputed, funder: FunderDistrict, documents: []string{"136"}, params: map[string]paramSpec{
		"ratio":               req(UnitRatio),
		"max_per_entity_year": req(UnitCNY),
	}},
	"finance.pledge_fees": {kind: KindComputed, funder: FunderCity, documents: []string{"136"}, params: map[string]paramSpec{
		"ratio":               req(UnitRatio),
		"max_per_entity_year": req(UnitCNY),
		"fee_types":           {unit: UnitCodes, required: true, codes: []string{"evaluation", "guarantee", "interest", "other"}},
	}},

	// §4.2 登峰.
	"dengfeng.approval": {kind: KindDengfeng, funder: FunderCity, documents: []string{"136", "81"}, params: map[string]paramSpec{
		"amount":                          req(UnitCNY),
		"count_limit":                     req(UnitCount),
		"general_valid_inventions_high":   req(UnitCount),
		"general_overseas_applications":   req(UnitCount),
		"general_valid_inventions_low":    req(UnitCount),
		"general_overseas_grants":         req(UnitCount),
		"talent_valid_inventions_high":    req(UnitCount),
		"talent_overseas_applications":    req(UnitCount),
		"talent_valid_inventions_low":     req(UnitCount),
		"talent_overseas_grants":          req(UnitCount),
		"talent_min_years":                req(UnitCount),
		"min_trademarks":                  req(UnitCount),
		"min_standards":                   req(UnitCount),
		"talent_route_requires_rd_center": req(UnitFlag),
	}},
	"dengfeng.acceptance": {kind: KindDengfeng, funder: FunderCity, documents: []string{"136", "81"}, params: map[string]paramSpec{
		"ceiling":                req(UnitCNY),
		"project_cap":            req(UnitCNY),
		"co_investment_multiple": req(UnitCount),
		"implementation_years":   req(UnitCount),
	}},

	// §4.3 committee awards with a ceiling.
	"high_value_cultivation":           award(true, false),
	"award.excellent_patent":           award(true, false),
	"award.outstanding_inventor":       award(true, true),
	"award.excellent_copyright":        award(true, false),
	"award.patent_prize":               award(false, false),
	"award.agency_prize":               award(false, false),
	"operation.guidance":               award(true, false),
	"finance.fund_team":                award(true, false),
	"operation.platform":               award(false, false),
	"tier.outstanding_contribution":    award(true, false),
	"fusion.pilot":                     award(true, false),
	"product.analysis":                 award(true, false),
	"industry.navigation":              award(false, false),
	"industry.center":                  award(false, false),
	"industry.geographical_indication": award(true, false),
	"service.public_point":             award(false, false),
	"service.excellence":               award(false, false),
	"service.high_end_agency":          award(false, false),
	"service.cluster_pilot":            award(false, false),
	"finance.innovation":               award(false, false),
	"talent.settlement":                award(false, true),

	// §4.3 discretionary programs.
	"coop.center":            discretionary(nil),
	"listing.service_center": discretionary(nil),
	"industry.patent_pool":   discretionary(nil),
	"protection.overseas_warning": discretionary(map[string]paramSpec{
		"min_supported_per_year": req(UnitCount),
	}),
	"protection.report_reward": withPersons(discretionary(nil)),
	"protection.service":       discretionary(nil),
	"finance.securitization":   discretionary(nil),
	"research.project":         discretionary(nil),
}

// withPersons lets a program be paid to a person (an ID number in
// recipient_id) as well as to an entity of the enterprise roster: 136
// 三(五)21 rewards 社会公众 who report violations.
func withPersons(s programSpec) programSpec {
	s.persons = true
	return s
}

// KnownPrograms returns the ids of every program of spec §4 the engine
// knows, sorted.
func KnownPrograms() []string {
	ids := make([]string, 0, len(catalog))
	for id := range catalog {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// specFor returns the expectations for program id of the given kind: the
// catalog entry for a known id, the generic award or discretionary
// expectations otherwise.
func specFor(id string, kind Kind) (programSpec, bool) {
	if s, ok := catalog[id]; ok {
		return s, true
	}
	switch kind {
	case KindAward:
		return programSpec{kind: KindAward, params: awardParams(false)}, false
	case KindDiscretionary:
		return programSpec{kind: KindDiscretionary, params: map[string]paramSpec{}}, false
	}
	return programSpec{}, false
}
