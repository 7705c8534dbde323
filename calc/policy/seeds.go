package policy

import (
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// This file holds the law: the ceilings, caps, rates, floors and count
// limits the two seed documents set, with the clause each comes from. They
// are not example values and no policy file can change them; Check (and
// so Load) refuses a version in force during a seed's period whose values
// go beyond them. A successor plan's versions (after 2023-12-31) are not
// bound by them.

// seedDocument is one seed policy document and the period it governs.
type seedDocument struct {
	number string
	issued value.Date
	end    value.Date
}

func day(y int, m time.Month, d int) value.Date { return value.NewDate(y, m, d) }

// seedDocuments are the two seeds, by the keys policy files cite them with.
var seedDocuments = map[string]seedDocument{
	"136": {number: "苏府办〔2021〕136号", issued: day(2021, time.June, 21), end: day(2023, time.December, 31)},
	"81":  {number: "苏府〔2021〕81号", issued: day(2021, time.September, 15), end: day(2023, time.December, 31)},
}

// bound says how a seed rule limits a parameter.
type bound int

const (
	atMost       bound = iota // the number may not exceed limit
	atLeast                   // the number may not fall below limit
	exactly                   // the number must be limit (a fixed sum)
	optionIs                  // the option must be exactly option (absent = the parameter's default)
	codesWithin               // every code must be one of codes
	codesInclude              // the codes must include every one of codes
)

// seedRule is one limit a seed sets on one parameter of one program.
type seedRule struct {
	program  string
	param    string
	bound    bound
	limit    decimal.Decimal
	option   string
	codes    []string
	document string // seed key
	clause   string // clause within the seed
	text     string // the seed's words, quoted literally (…… marks words left out)
	// reading is the interpretation beyond text that the rule applies,
	// printed as 解释 (spec §4.3a 3); empty when text says it all.
	reading string
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func maxRule(program, param, limit, document, clause, text string) seedRule {
	return seedRule{program: program, param: param, bound: atMost, limit: dec(limit), document: document, clause: clause, text: text}
}

func minRule(program, param, limit, document, clause, text string) seedRule {
	return seedRule{program: program, param: param, bound: atLeast, limit: dec(limit), document: document, clause: clause, text: text}
}

// nationalCapRule is the shared national-title cap of program: the seed
// names the two awards' amounts; that one enterprise holds at most
// 1,000,000 for both is the default reading (upgrade: top_up), not its words.
func nationalCapRule(program string) seedRule {
	r := maxRule(program, "national_cap", "1000000.00", "136", "三(三)12", "对获评国家知识产权优势、示范企业的，分别给予不超过50万元和100万元的奖励")
	r.reading = "同一企业两项称号合计不超过较高的100万元"
	return r
}

// awardRules are the ceiling, count limit and cap scope of a §4.3 award.
func awardRules(program, ceiling, countLimit, scope, clause, text string) []seedRule {
	rules := []seedRule{maxRule(program, "ceiling", ceiling, "136", clause, text)}
	if countLimit != "" {
		rules = append(rules, maxRule(program, "count_limit", countLimit, "136", clause, text))
	}
	if scope != CapScopeRow {
		rules = append(rules, seedRule{program: program, param: "cap_scope", bound: optionIs, option: scope, document: "136", clause: clause, text: text})
	}
	return rules
}

// perRecipient adds to the rules of a §4.3 award whose seed limits it per
// enterprise (每家, spec §4.3a 1) that its count limit counts distinct
// recipients, and gives its cap_scope rule the reading.
func perRecipient(rules []seedRule, reading string) []seedRule {
	for i := range rules {
		if rules[i].param == "cap_scope" {
			rules[i].reading = reading
		}
	}
	r := rules[0]
	return append(rules, seedRule{program: r.program, param: "count_scope", bound: optionIs, option: CountScopeRecipient,
		document: r.document, clause: r.clause, text: r.text, reading: reading})
}

// seedRules lists every limit the seeds set.
var seedRules = func() []seedRule {
	const layoutText = "由各市（县）、区分别给予一定奖励，同一主体每年不超过100万元"
	r := []seedRule{
		maxRule("overseas_litigation", "rate", "0.50", "136", "三(五)20", "给予实际支付法律费用不超过50%的补贴"),
		maxRule("overseas_litigation", "case_cap", "1000000.00", "136", "三(五)20", "每案不超过100万元"),
		{program: "overseas_litigation", param: "mainland", bound: codesInclude, codes: []string{"CN"}, document: "136", clause: "三(五)20",
			text: "企业开展海外知识产权维权的", reading: "中国大陆的案件不属海外维权"},
		maxRule("licensing_support", "cap_per_year", "3000000.00", "136", "三(二)7", "每家每年不超过300万元的资金支持"),
		minRule("layout.invention_10", "threshold", "10", "136", "三(一)1", "对企业……年发明专利授权10件以上的"),
		minRule("layout.institution_100", "threshold", "100", "136", "三(一)1", "对高校院所、科研机构年获得发明专利授权100件以上的"),
		maxRule("tier.growth", "amount", "200000.00", "136", "三(三)11", "对成长型企业每家给予不超过20万元的奖励扶持"),
		maxRule("tier.national_advantage", "amount", "500000.00", "136", "三(三)12", "对获评国家知识产权优势、示范企业的，分别给予不超过50万元和100万元的奖励"),
		nationalCapRule("tier.national_advantage"),
		maxRule("tier.national_demonstration", "amount", "1000000.00", "136", "三(三)12", "对获评国家知识产权优势、示范企业的，分别给予不超过50万元和100万元的奖励"),
		nationalCapRule("tier.national_demonstration"),
		{program: "finance.pledge_fees", param: "fee_types", bound: codesWithin, codes: []string{"evaluation", "guarantee"}, document: "136", clause: "三(六)25",
			text: "对评估、担保费给予补贴"},

		// a fixed sum, not a ceiling (spec §4.3a 4)
		{program: "dengfeng.approval", param: "amount", bound: exactly, limit: dec("300000.00"), document: "81", clause: "六(一)", text: "立项后给予30万元经费支持"},
		maxRule("dengfeng.approval", "count_limit", "10", "81", "六(一)", "每年实施不超过10个项目"),
		minRule("dengfeng.approval", "general_valid_inventions_high", "50", "81", "三(三)", "拥有有效发明专利50件以上且在国（境）外申请发明专利5件以上"),
		minRule("dengfeng.approval", "general_overseas_applications", "5", "81", "三(三)", "拥有有效发明专利50件以上且在国（境）外申请发明专利5件以上"),
		minRule("dengfeng.approval", "general_valid_inventions_low", "20", "81", "三(三)", "或拥有有效发明专利20件以上且拥有在国（境）外获得授权的发明专利2件以上"),
		minRule("dengfeng.approval", "general_overseas_grants", "2", "81", "三(三)", "或拥有有效发明专利20件以上且拥有在国（境）外获得授权的发明专利2件以上"),
		minRule("dengfeng.approval", "talent_valid_inventions_high", "20", "81", "三", "创新创业人才类企业……拥有有效发明专利20件以上且在国（境）外累计申请发明专利5件以上"),
		minRule("dengfeng.approval", "talent_overseas_applications", "5", "81", "三", "创新创业人才类企业……拥有有效发明专利20件以上且在国（境）外累计申请发明专利5件以上"),
		minRule("dengfeng.approval", "talent_valid_inventions_low", "10", "81", "三", "或拥有有效发明专利10件以上且拥有在国（境）外获得授权的发明专利1件以上"),
		minRule("dengfeng.approval", "talent_overseas_grants", "1", "81", "三", "或拥有有效发明专利10件以上且拥有在国（境）外获得授权的发明专利1件以上"),
		minRule("dengfeng.approval", "talent_min_years", "3", "81", "三", "创新创业人才类企业设立三年以上"),
		minRule("dengfeng.approval", "min_trademarks", "1", "81", "三(三)", "拥有注册商标及其他知识产权"),
		minRule("dengfeng.approval", "min_standards", "1", "81", "三(三)", "参与制定国际、国家或行业标准"),
		maxRule("dengfeng.acceptance", "ceiling", "700000.00", "81", "六(一)", "项目实施验收合格后……给予不超过70万元的奖励支持"),
		maxRule("dengfeng.acceptance", "project_cap", "1000000.00", "81", "六(一)", "每项给予不超过100万元的资金支持"),
		minRule("dengfeng.acceptance", "co_investment_multiple", "2", "81", "六(一)", "企业知识产权投入不少于政府财政投入的200%"),
		// a review mark, not a limit: a longer period would mark fewer late acceptances than the seed allows
		maxRule("dengfeng.acceptance", "implementation_years", "2", "81", "二", "项目实施期为两年"),

		minRule("protection.overseas_warning", "min_supported_per_year", "50", "136", "三(五)20", "开展企业知识产权海外预警工作，每年支持不少于50家企业"),
	}
	for _, id := range []string{"layout.first_invention", "layout.invention_10", "layout.institution_100", "layout.foreign_invention", "layout.madrid"} {
		r = append(r,
			maxRule(id, "amount", "1000000.00", "136", "三(一)1", layoutText),
			maxRule(id, "group_cap", "1000000.00", "136", "三(一)1", layoutText))
	}
	awards := [][]seedRule{
		awardRules("high_value_cultivation", "1000000.00", "10", CapScopeRow, "三(一)2", "每年支持不超过10个项目，每项给予不超过100万元的资金支持"),
		awardRules("award.excellent_patent", "300000.00", "50", CapScopeRow, "三(一)3", "每年评选不超过50项专利……每项（个）给予不超过30万元的奖励"),
		awardRules("award.outstanding_inventor", "300000.00", "10", CapScopeRow, "三(一)3", "每年评选……10个杰出发明人，每项（个）给予不超过30万元的奖励"),
		awardRules("award.excellent_copyright", "100000.00", "20", CapScopeRow, "三(一)3", "每年评选不超过20项版权，每项给予不超过10万元的奖励"),
		awardRules("award.patent_prize", "1000000.00", "", CapScopeRow, "三(一)3", "对获国家、省专利奖的企业，给予不超过100万元的奖励"),
		awardRules("award.agency_prize", "100000.00", "", CapScopeRecipientYear, "三(一)3", "对专利代理机构代理企业撰写的专利获国家、省、市专利奖的，每家给予不超过10万元的奖励"),
		awardRules("operation.guidance", "1000000.00", "10", CapScopeRow, "三(二)6", "每年支持10项，每项给予不超过100万元的资金支持"),
		perRecipient(awardRules("finance.fund_team", "200000.00", "5", CapScopeRecipientYear, "三(二)8", "每年奖励不超过5家，给予主要团队不超过20万元的奖励"),
			"按“家”（投资主体、基金）计：上限按每家每年计，名额按家数计"),
		awardRules("operation.platform", "1000000.00", "", CapScopeRecipientYear, "三(二)10", "对运作良好的知识产权运营平台、中心，每年给予不超过100万元的资金支持"),
		perRecipient(awardRules("tier.outstanding_contribution", "1000000.00", "20", CapScopeRecipientYear, "三(三)12", "评选不超过20家企业知识产权突出贡献奖，每家给予不超过100万元的奖励"),
			"上限按每家企业每年计，名额按家数计"),
		perRecipient(awardRules("fusion.pilot", "500000.00", "10", CapScopeRecipientYear, "三(三)13", "每年遴选不超过10家企业开展融合试点，给予不超过50万元的资金支持"),
			"遴选的是企业：上限按每家企业每年计，名额按家数计"),
		perRecipient(awardRules("product.analysis", "200000.00", "20", CapScopeRecipientYear, "三(三)14", "每年支持不超过20家企业，每家给予不超过20万元的资金支持"),
			"上限按每家企业每年计，名额按家数计"),
		awardRules("industry.navigation", "500000.00", "", CapScopeRecipientProject, "三(四)15", "每年组织实施产业专利导航项目，每项给予不超过50万元的资金支持"),
		awardRules("industry.center", "5000000.00", "", CapScopeRecipientYear, "三(四)17", "对建设效果好的重点产业运营中心给予每年不超过500万元的补贴"),
		awardRules("industry.geographical_indication", "500000.00", "2", CapScopeRow, "三(四)18", "每年支持不超过2项，每项给予不超过50万元的资金支持"),
		awardRules("service.public_point", "500000.00", "", CapScopeRow, "三(六)23", "给予不超过50万元的资金支持"),
		awardRules("service.excellence", "500000.00", "", CapScopeRow, "三(六)24", "对作出突出贡献的优质服务机构给予不超过50万元的奖励"),
		awardRules("service.high_end_agency", "1000000.00", "", CapScopeRow, "三(六)24", "引进和培育拥有较强国际服务能力的高端服务机构……给予不超过100万元的资金支持"),
		awardRules("service.cluster_pilot", "1000000.00", "", CapScopeRow, "三(六)24", "对取得突出业绩的给予不超过100万元的资金支持"),
		awardRules("finance.innovation", "1000000.00", "", CapScopeRow, "三(六)25", "取得重大创新或突出业绩的金融创新项目，择优每项给予不超过100万元的奖励"),
		awardRules("talent.settlement", "2500000.00", "", CapScopeRecipientLifetime, "三(七)26", "给予不超过250万元的安家补贴"),
	}
	for _, a := range awards {
		r = append(r, a...)
	}
	return r
}()

// seedPeriod returns the period a seed document governs.
func seedPeriod(document string) (from, to value.Date) {
	d := seedDocuments[document]
	return d.issued, d.end
}
