package policy

// This file is the engine's side of the contract with a policy file, one
// entry a program: which program ids the engine knows, of which kind (the
// formula: a computed program's id is spelled in calc/engine where its rows
// are paid; dengfeng, award and discretionary programs go through the
// engine's path for their kind), funder and recipients, which parameters
// (with which unit) it reads, and the limits the seeds set on them with
// the clause and words they are set in (seeds.go has their vocabulary).
// The values themselves, their references and dates are the policy file's
// (default.yaml). A policy file may omit a program (its events are then
// rejected no_policy) and may add committee programs of kind award or
// discretionary that the engine handles generically, but it may not give a
// known program another kind or funder, leave out a parameter the engine
// reads, or carry one it does not read.

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

// paramSpec is what the engine expects of one parameter, and what the
// seeds say of it.
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
	// seed is the limit a seed sets on the parameter, nil when none.
	seed *seedRule
}

// params are the parameters of a program by name.
type params map[string]paramSpec

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
	params    params
}

// generalSpecs are the general parameters the engine reads.
var generalSpecs = params{
	"fx_max_age_days": req(UnitDays),
}

// req is a required parameter of unit.
func req(unit string) paramSpec { return paramSpec{unit: unit, required: true} }

// computed is a program of spec §4.1, computed from event rosters.
func computed(funder string, ps params) programSpec {
	return programSpec{kind: KindComputed, funder: funder, documents: []string{"136"}, params: ps}
}

// dengfeng is a 登峰 program of spec §4.2 (81, under 136).
func dengfeng(ps params) programSpec {
	return programSpec{kind: KindDengfeng, funder: FunderCity, documents: []string{"136", "81"}, params: ps}
}

// discretionary is a §4.3 committee program without a ceiling.
func discretionary(ps params) programSpec {
	if ps == nil {
		ps = params{}
	}
	return programSpec{kind: KindDiscretionary, funder: FunderCity, documents: []string{"136"}, params: ps}
}

// withPersons lets a program be paid to a person (an ID number in
// recipient_id) as well as to an entity of the enterprise roster: 136
// 三(五)21 rewards 社会公众 who report violations.
func withPersons(s programSpec) programSpec {
	s.persons = true
	return s
}

// awardSeed is what a seed says of a §4.3 committee award with a ceiling.
type awardSeed struct {
	words words // the clause, and the words every rule of the award cites
	// ceiling is the seed's ceiling in CNY.
	ceiling string
	// countLimit is the seed's yearly count limit; "" where it sets none
	// (count_limit is then optional).
	countLimit string
	// capScope is what the seed's ceiling caps where not each decision row
	// (CapScopeRow, the default).
	capScope string
	// perRecipient, where the seed limits the award per enterprise (每家,
	// spec §4.3a 1), is the reading: its count limit counts distinct
	// recipients (count_scope: recipient).
	perRecipient string
	// individual: the award is paid to a person (an ID number).
	individual bool
}

// award is a §4.3 committee award with a ceiling, as its seed sets it.
func award(s awardSeed) programSpec {
	return programSpec{kind: KindAward, funder: FunderCity, individual: s.individual,
		documents: []string{"136"}, params: awardParams(s)}
}

// awardParams are the parameters of a committee award (kind award): the
// ceiling, an optional yearly count limit (required where the seed sets
// one), the optional cap_scope (default row) and the optional count_scope
// (default row: the limit counts lines; recipient: distinct recipients),
// with the limits the seed sets on them.
func awardParams(s awardSeed) params {
	ps := params{
		"ceiling":     req(UnitCNY),
		"count_limit": {unit: UnitCount, required: s.countLimit != ""},
		"cap_scope":   {unit: UnitOption, options: []string{CapScopeRow, CapScopeRecipientYear, CapScopeRecipientProject, CapScopeRecipientLifetime}},
		"count_scope": {unit: UnitOption, options: []string{CountScopeRow, CountScopeRecipient}},
	}
	if s.ceiling != "" {
		ps["ceiling"] = ps["ceiling"].atMost(s.ceiling, s.words)
	}
	if s.countLimit != "" {
		ps["count_limit"] = ps["count_limit"].atMost(s.countLimit, s.words)
	}
	if s.capScope != "" {
		ps["cap_scope"] = ps["cap_scope"].optionIs(s.capScope, s.words).readAs(s.perRecipient)
	}
	if s.perRecipient != "" {
		ps["count_scope"] = ps["count_scope"].optionIs(CountScopeRecipient, s.words).readAs(s.perRecipient)
	}
	return ps
}

// genericAward and genericDiscretionary are what the engine expects of a
// committee program a policy file adds: no seed sets its limits.
var (
	genericAward         = programSpec{kind: KindAward, params: awardParams(awardSeed{})}
	genericDiscretionary = programSpec{kind: KindDiscretionary, params: params{}}
)

// Words of the seeds that more than one parameter rests on.
var (
	// layoutWords cap the five layout programs together (136 三(一)1).
	layoutWords = in136("三(一)1", "由各市（县）、区分别给予一定奖励，同一主体每年不超过100万元")
	// nationalWords name the two national titles' awards (136 三(三)12).
	nationalWords = in136("三(三)12", "对获评国家知识产权优势、示范企业的，分别给予不超过50万元和100万元的奖励")
	// dengfengGeneral… and dengfengTalent… are the two alternative
	// thresholds of the general and of the talent route of 登峰 approval
	// (81 三), each of two counts.
	dengfengGeneralHigh = in81("三(三)", "拥有有效发明专利50件以上且在国（境）外申请发明专利5件以上")
	dengfengGeneralLow  = in81("三(三)", "或拥有有效发明专利20件以上且拥有在国（境）外获得授权的发明专利2件以上")
	dengfengTalentHigh  = in81("三", "创新创业人才类企业……拥有有效发明专利20件以上且在国（境）外累计申请发明专利5件以上")
	dengfengTalentLow   = in81("三", "或拥有有效发明专利10件以上且拥有在国（境）外获得授权的发明专利1件以上")
)

// layout is a layout program (136 三(一)1): its amount, the yearly group
// cap per entity the five share, and the parameters extra.
func layout(extra params) programSpec {
	ps := params{
		"amount":    req(UnitCNY).atMost("1000000.00", layoutWords),
		"group_cap": req(UnitCNY).atMost("1000000.00", layoutWords),
	}
	for k, v := range extra {
		ps[k] = v
	}
	return computed(FunderDistrict, ps)
}

// nationalCap is the shared national-title cap: the seed names the two
// awards' amounts; that one enterprise holds at most 1,000,000 for both is
// the default reading (upgrade: top_up), not its words.
var nationalCap = req(UnitCNY).atMost("1000000.00", nationalWords).readAs("同一企业两项称号合计不超过较高的100万元")

// catalog lists every program of spec §4 the engine knows.
var catalog = map[string]programSpec{
	// §4.1 computed from event rosters.
	"overseas_litigation": computed(FunderCity, params{
		"rate":     req(UnitRatio).atMost("0.50", in136("三(五)20", "给予实际支付法律费用不超过50%的补贴")),
		"case_cap": req(UnitCNY).atMost("1000000.00", in136("三(五)20", "每案不超过100万元")),
		"mainland": paramSpec{unit: UnitCodes, required: true, alpha2: true}.
			including([]string{"CN"}, in136("三(五)20", "企业开展海外知识产权维权的")).readAs("中国大陆的案件不属海外维权"),
	}),
	"licensing_support": computed(FunderDistrict, params{
		"ratio":        req(UnitRatio),
		"cap_per_year": req(UnitCNY).atMost("3000000.00", in136("三(二)7", "每家每年不超过300万元的资金支持")),
	}),
	"layout.first_invention": layout(nil),
	"layout.invention_10": layout(params{
		"threshold": req(UnitCount).atLeast("10", in136("三(一)1", "对企业……年发明专利授权10件以上的")),
	}),
	"layout.institution_100": layout(params{
		"threshold": req(UnitCount).atLeast("100", in136("三(一)1", "对高校院所、科研机构年获得发明专利授权100件以上的")),
	}),
	"layout.foreign_invention": layout(params{"offices": {unit: UnitCodes, required: true, alpha2: true}}),
	"layout.madrid":            layout(nil),
	"tier.growth": computed(FunderDistrict, params{
		"amount": req(UnitCNY).atMost("200000.00", in136("三(三)11", "对成长型企业每家给予不超过20万元的奖励扶持")),
	}),
	"tier.national_advantage": computed(FunderCity, params{
		"amount":       req(UnitCNY).atMost("500000.00", nationalWords),
		"national_cap": nationalCap,
	}),
	"tier.national_demonstration": computed(FunderCity, params{
		"amount":       req(UnitCNY).atMost("1000000.00", nationalWords),
		"national_cap": nationalCap,
		"upgrade":      {unit: UnitOption, required: true, options: []string{UpgradeTopUp, UpgradeNone, UpgradeSeparate}},
	}),
	"insurance_premium": computed(FunderDistrict, params{
		"ratio":               req(UnitRatio),
		"max_per_entity_year": req(UnitCNY),
	}),
	"finance.pledge_fees": computed(FunderCity, params{
		"ratio":               req(UnitRatio),
		"max_per_entity_year": req(UnitCNY),
		"fee_types": paramSpec{unit: UnitCodes, required: true, codes: []string{"evaluation", "guarantee", "interest", "other"}}.
			within([]string{"evaluation", "guarantee"}, in136("三(六)25", "对评估、担保费给予补贴")),
	}),

	// §4.2 登峰.
	"dengfeng.approval": dengfeng(params{
		"amount":                          req(UnitCNY).fixedAt("300000.00", in81("六(一)", "立项后给予30万元经费支持")),
		"count_limit":                     req(UnitCount).atMost("10", in81("六(一)", "每年实施不超过10个项目")),
		"general_valid_inventions_high":   req(UnitCount).atLeast("50", dengfengGeneralHigh),
		"general_overseas_applications":   req(UnitCount).atLeast("5", dengfengGeneralHigh),
		"general_valid_inventions_low":    req(UnitCount).atLeast("20", dengfengGeneralLow),
		"general_overseas_grants":         req(UnitCount).atLeast("2", dengfengGeneralLow),
		"talent_valid_inventions_high":    req(UnitCount).atLeast("20", dengfengTalentHigh),
		"talent_overseas_applications":    req(UnitCount).atLeast("5", dengfengTalentHigh),
		"talent_valid_inventions_low":     req(UnitCount).atLeast("10", dengfengTalentLow),
		"talent_overseas_grants":          req(UnitCount).atLeast("1", dengfengTalentLow),
		"talent_min_years":                req(UnitCount).atLeast("3", in81("三", "创新创业人才类企业设立三年以上")),
		"min_trademarks":                  req(UnitCount).atLeast("1", in81("三(三)", "拥有注册商标及其他知识产权")),
		"min_standards":                   req(UnitCount).atLeast("1", in81("三(三)", "参与制定国际、国家或行业标准")),
		"talent_route_requires_rd_center": req(UnitFlag),
	}),
	"dengfeng.acceptance": dengfeng(params{
		"ceiling":                req(UnitCNY).atMost("700000.00", in81("六(一)", "项目实施验收合格后……给予不超过70万元的奖励支持")),
		"project_cap":            req(UnitCNY).atMost("1000000.00", in81("六(一)", "每项给予不超过100万元的资金支持")),
		"co_investment_multiple": req(UnitCount).atLeast("2", in81("六(一)", "企业知识产权投入不少于政府财政投入的200%")),
		// a review mark, not a limit: a longer period would mark fewer late acceptances than the seed allows
		"implementation_years": req(UnitCount).atMost("2", in81("二", "项目实施期为两年")),
	}),

	// §4.3 committee awards with a ceiling.
	"high_value_cultivation": award(awardSeed{ceiling: "1000000.00", countLimit: "10",
		words: in136("三(一)2", "每年支持不超过10个项目，每项给予不超过100万元的资金支持")}),
	"award.excellent_patent": award(awardSeed{ceiling: "300000.00", countLimit: "50",
		words: in136("三(一)3", "每年评选不超过50项专利……每项（个）给予不超过30万元的奖励")}),
	"award.outstanding_inventor": award(awardSeed{ceiling: "300000.00", countLimit: "10", individual: true,
		words: in136("三(一)3", "每年评选……10个杰出发明人，每项（个）给予不超过30万元的奖励")}),
	"award.excellent_copyright": award(awardSeed{ceiling: "100000.00", countLimit: "20",
		words: in136("三(一)3", "每年评选不超过20项版权，每项给予不超过10万元的奖励")}),
	"award.patent_prize": award(awardSeed{ceiling: "1000000.00",
		words: in136("三(一)3", "对获国家、省专利奖的企业，给予不超过100万元的奖励")}),
	"award.agency_prize": award(awardSeed{ceiling: "100000.00", capScope: CapScopeRecipientYear,
		words: in136("三(一)3", "对专利代理机构代理企业撰写的专利获国家、省、市专利奖的，每家给予不超过10万元的奖励")}),
	"operation.guidance": award(awardSeed{ceiling: "1000000.00", countLimit: "10",
		words: in136("三(二)6", "每年支持10项，每项给予不超过100万元的资金支持")}),
	"finance.fund_team": award(awardSeed{ceiling: "200000.00", countLimit: "5", capScope: CapScopeRecipientYear,
		perRecipient: "按“家”（投资主体、基金）计：上限按每家每年计，名额按家数计",
		words:        in136("三(二)8", "每年奖励不超过5家，给予主要团队不超过20万元的奖励")}),
	"operation.platform": award(awardSeed{ceiling: "1000000.00", capScope: CapScopeRecipientYear,
		words: in136("三(二)10", "对运作良好的知识产权运营平台、中心，每年给予不超过100万元的资金支持")}),
	"tier.outstanding_contribution": award(awardSeed{ceiling: "1000000.00", countLimit: "20", capScope: CapScopeRecipientYear,
		perRecipient: "上限按每家企业每年计，名额按家数计",
		words:        in136("三(三)12", "评选不超过20家企业知识产权突出贡献奖，每家给予不超过100万元的奖励")}),
	"fusion.pilot": award(awardSeed{ceiling: "500000.00", countLimit: "10", capScope: CapScopeRecipientYear,
		perRecipient: "遴选的是企业：上限按每家企业每年计，名额按家数计",
		words:        in136("三(三)13", "每年遴选不超过10家企业开展融合试点，给予不超过50万元的资金支持")}),
	"product.analysis": award(awardSeed{ceiling: "200000.00", countLimit: "20", capScope: CapScopeRecipientYear,
		perRecipient: "上限按每家企业每年计，名额按家数计",
		words:        in136("三(三)14", "每年支持不超过20家企业，每家给予不超过20万元的资金支持")}),
	"industry.navigation": award(awardSeed{ceiling: "500000.00", capScope: CapScopeRecipientProject,
		words: in136("三(四)15", "每年组织实施产业专利导航项目，每项给予不超过50万元的资金支持")}),
	"industry.center": award(awardSeed{ceiling: "5000000.00", capScope: CapScopeRecipientYear,
		words: in136("三(四)17", "对建设效果好的重点产业运营中心给予每年不超过500万元的补贴")}),
	"industry.geographical_indication": award(awardSeed{ceiling: "500000.00", countLimit: "2",
		words: in136("三(四)18", "每年支持不超过2项，每项给予不超过50万元的资金支持")}),
	"service.public_point": award(awardSeed{ceiling: "500000.00",
		words: in136("三(六)23", "给予不超过50万元的资金支持")}),
	"service.excellence": award(awardSeed{ceiling: "500000.00",
		words: in136("三(六)24", "对作出突出贡献的优质服务机构给予不超过50万元的奖励")}),
	"service.high_end_agency": award(awardSeed{ceiling: "1000000.00",
		words: in136("三(六)24", "引进和培育拥有较强国际服务能力的高端服务机构……给予不超过100万元的资金支持")}),
	"service.cluster_pilot": award(awardSeed{ceiling: "1000000.00",
		words: in136("三(六)24", "对取得突出业绩的给予不超过100万元的资金支持")}),
	"finance.innovation": award(awardSeed{ceiling: "1000000.00",
		words: in136("三(六)25", "取得重大创新或突出业绩的金融创新项目，择优每项给予不超过100万元的奖励")}),
	"talent.settlement": award(awardSeed{ceiling: "2500000.00", capScope: CapScopeRecipientLifetime, individual: true,
		words: in136("三(七)26", "给予不超过250万元的安家补贴")}),

	// §4.3 discretionary programs.
	"coop.center":            discretionary(nil),
	"listing.service_center": discretionary(nil),
	"industry.patent_pool":   discretionary(nil),
	"protection.overseas_warning": discretionary(params{
		"min_supported_per_year": req(UnitCount).atLeast("50", in136("三(五)20", "开展企业知识产权海外预警工作，每年支持不少于50家企业")),
	}),
	"protection.report_reward": withPersons(discretionary(nil)),
	"protection.service":       discretionary(nil),
	"finance.securitization":   discretionary(nil),
	"research.project":         discretionary(nil),
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
		return genericAward, false
	case KindDiscretionary:
		return genericDiscretionary, false
	}
	return programSpec{}, false
}
