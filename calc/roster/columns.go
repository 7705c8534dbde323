package roster

import "subsidy/calc/msg"

// The rosters of spec §3. Adding an event roster is its constant here, its
// place in Kinds and its schema below (with the event constructor), its
// row type in events.go (decoding, natural key, fields, Handler method),
// and its program in the engine (the Handler method).
const (
	Enterprises Kind = "enterprises"
	Grants      Kind = "grants"
	Licensing   Kind = "licensing"
	Litigation  Kind = "litigation"
	Awards      Kind = "awards"
	FX          Kind = "fx"
	Budgets     Kind = "budget"
	Insurance   Kind = "insurance"
	Financing   Kind = "financing"
)

// Kinds lists every roster in the order they are read and reported.
var Kinds = []Kind{Enterprises, FX, Budgets, Grants, Licensing, Litigation, Insurance, Financing, Awards}

func col(name, zh string, req bool, zhDoc, enDoc string, enum ...Choice) Column {
	return Column{Name: name, Zh: zh, Required: req, Doc: msg.T(zhDoc, enDoc), Enum: enum}
}

func ch(v, zh string) Choice { return Choice{Value: v, Zh: zh} }

var (
	yesNo            = "是/否（true/false、yes/no、1/0），空白为否"
	yesNoEn          = "yes/no (true/false, 是/否, 1/0); blank means no"
	dateZh           = "日期：YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日"
	dateEn           = "date: YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日"
	amountZh         = "金额，最多两位小数，可带千分位和 ¥"
	amountEn         = "amount, at most two decimals; thousands separators and ¥ tolerated"
	countZh          = "非负整数"
	countEn          = "non-negative whole number"
	currencyDoc      = msg.T("币种，ISO 4217 代码（CNY、USD、EUR、JPY…）或中文名称", "currency, ISO 4217 code (CNY, USD, EUR, JPY, …) or Chinese name")
	paymentNoZh      = "同一天多笔付款的序号，空白为 1"
	paymentNoEn      = "instalment number for payments on the same day; blank = 1"
	usccColumn       = col("uscc", "统一社会信用代码", true, "18 位统一社会信用代码", "18-character unified social credit code")
	currencyCol      = Column{Name: "currency", Zh: "币种", Doc: currencyDoc}
	currencyRequired = Column{Name: "currency", Zh: "币种", Required: true, Doc: currencyDoc}
	entityTypes      = []Choice{ch("enterprise", "企业"), ch("university", "高校"), ch("institute", "科研院所"), ch("agency", "服务机构"), ch("platform", "运营平台")}
	tiers            = []Choice{ch("none", "无"), ch("growth", "成长型"), ch("advantage", "优势型"), ch("leading", "引领型")}
	titles           = []Choice{ch("none", "无"), ch("advantage", "国家知识产权优势企业"), ch("demonstration", "国家知识产权示范企业")}
	relaxations      = []Choice{ch("little_giant", "专精特新小巨人"), ch("unicorn", "独角兽"), ch("key_field", "关键领域")}
	grantKinds       = []Choice{ch("invention", "发明"), ch("utility_model", "实用新型"), ch("design", "外观设计"), ch("madrid_trademark", "马德里商标")}
	routes           = []Choice{ch("domestic", "国内"), ch("pct", "PCT"), ch("paris", "巴黎公约"), ch("madrid", "马德里")}
	roles            = []Choice{ch("licensee", "被许可方"), ch("assignee", "受让方"), ch("licensor", "许可方"), ch("operator", "运营方")}
	dealKinds        = []Choice{ch("license", "许可"), ch("assignment", "转让")}
	feeTypes         = []Choice{ch("evaluation", "评估费"), ch("guarantee", "担保费"), ch("interest", "利息"), ch("other", "其他")}
	stages           = []Choice{ch("approval", "立项"), ch("acceptance", "验收"), ch("terminated", "中止")}
	results          = []Choice{ch("pass", "合格"), ch("fail", "不合格")}
	quotes           = []Choice{ch("cny_per_unit", "人民币/外币"), ch("unit_per_cny", "外币/人民币")}
	yesNoColumns     = map[string]bool{"talent_startup": true, "provincial_rd_center": true, "ip_certified": true, "cross_border": true}
)

var schemas = map[Kind]*Schema{
	Enterprises: {Kind: Enterprises, Zh: "企业名册", Columns: []Column{
		usccColumn,
		col("name", "名称", true, "单位全称", "full name"),
		col("district", "所属地区", true, "区县代码或名称（如 320585 或 太仓市）", "district code or name (e.g. 320585 or 太仓市)"),
		col("entity_type", "主体类型", true, "主体类型", "entity type", entityTypes...),
		col("founded", "成立日期", false, dateZh, dateEn),
		col("tier", "强企层级", false, "知识产权强企培育层级", "IP strong-enterprise tier", tiers...),
		col("tier_date", "入库日期", false, "入库（进入该层级）日期；"+dateZh, "date the enterprise entered the tier; "+dateEn),
		col("national_title", "国家级称号", false, "国家知识产权优势/示范企业称号", "national IP advantage/demonstration title", titles...),
		col("title_date", "获评日期", false, "获评称号日期；"+dateZh, "date the title was awarded; "+dateEn),
		col("talent_startup", "创新创业人才类企业", false, yesNo, yesNoEn),
		col("prior_invention_grants", "上年末累计发明专利授权量", false, countZh, countEn),
		col("valid_invention_patents", "有效发明专利", false, countZh, countEn),
		col("overseas_invention_applications", "境外发明专利申请", false, countZh, countEn),
		col("overseas_invention_grants", "境外发明专利授权", false, countZh, countEn),
		col("registered_trademarks", "注册商标", false, countZh, countEn),
		col("standards", "参与制定标准数", false, countZh, countEn),
		col("provincial_rd_center", "省级以上研发机构", false, yesNo, yesNoEn),
		col("ip_certified", "知识产权管理体系认证", false, yesNo, yesNoEn),
		col("relaxation", "放宽情形", false, "可放宽申报条件的情形（81 三）", "relaxation ground (81 三)", relaxations...),
	}},
	Grants: {Kind: Grants, Zh: "授权清单", event: func() Event { return new(Grant) }, Columns: []Column{
		usccColumn,
		col("number", "专利号/注册号", true, "专利号或国际注册号", "patent or international registration number"),
		col("kind", "类型", true, "授权类型", "kind of grant", grantKinds...),
		col("office", "授权国家或地区", true, "ISO 3166 两位代码，EP 为欧洲专利局，CN 为中国", "ISO 3166 alpha-2 code, EP for the EPO, CN for China"),
		col("route", "途径", true, "申请途径", "filing route", routes...),
		col("grant_date", "授权日", true, dateZh, dateEn),
	}},
	Licensing: {Kind: Licensing, Zh: "许可交易", event: func() Event { return new(LicensingPayment) }, Columns: []Column{
		col("contract_id", "合同登记号", true, "技术合同登记号", "contract registration number"),
		usccColumn,
		col("role", "角色", true, "受资助方在合同中的角色", "role of the supported party", roles...),
		col("kind", "交易类型", true, "许可或转让", "licence or assignment", dealKinds...),
		col("counterparty", "交易对方", false, "交易对方名称", "name of the other party"),
		col("cross_border", "跨境", false, yesNo, yesNoEn),
		col("amount", "实际支付金额", true, amountZh, amountEn),
		currencyRequired,
		col("paid_date", "支付日期", true, dateZh, dateEn),
		col("payment_no", "付款序号", false, paymentNoZh, paymentNoEn),
	}},
	Litigation: {Kind: Litigation, Zh: "海外维权", event: func() Event { return new(LitigationFee) }, Columns: []Column{
		col("case_id", "案件编号", true, "案件编号", "case number"),
		usccColumn,
		col("jurisdiction", "国家或地区", true, "ISO 3166 两位代码（HK、MO、TW 属境外）", "ISO 3166 alpha-2 code (HK, MO, TW count as overseas)"),
		col("invoice_no", "发票号", true, "法律费用发票号", "legal-fee invoice number"),
		col("amount", "法律费用", true, amountZh, amountEn),
		currencyRequired,
		col("paid_date", "支付日期", true, dateZh, dateEn),
	}},
	Awards: {Kind: Awards, Zh: "奖励名单", event: func() Event { return new(Award) }, Columns: []Column{
		col("program", "项目", true, "项目代码（见 subsidy policy show）", "program id (see subsidy policy show)"),
		col("recipient_id", "受奖主体代码", true, "统一社会信用代码；个人（个人项目、举报奖励）为身份证号", "USCC, or an ID number for a person (individual programs, the report reward)"),
		col("recipient_name", "受奖主体名称", false, "单位或个人名称", "name of the entity or person"),
		col("district", "所属地区", false, "仅个人受奖者：区县代码或名称", "persons only: district code or name"),
		col("project_id", "项目编号", false, "项目编号", "project number"),
		col("amount", "核定金额", false, amountZh, amountEn),
		col("decision_date", "决定日期", true, dateZh, dateEn),
		col("decision_ref", "文号", false, "决定文号", "decision reference"),
		col("stage", "阶段", false, "登峰项目阶段", "登峰 project stage", stages...),
		col("result", "验收结果", false, "登峰验收结果", "登峰 acceptance result", results...),
		col("ip_investment", "企业知识产权投入", false, amountZh, amountEn),
	}},
	Budgets: {Kind: Budgets, Zh: "预算", Columns: []Column{
		col("year", "年度", true, "预算年度（资金年度：按批次月份所在年度使用）", "budget year (the fund year: used by the batches of that year)"),
		col("funder", "出资方", true, "city（市级）或区县代码、名称", "city, or a district code or name"),
		col("program", "项目", true, "项目代码，或 * 表示该出资方的全部项目", "program id, or * for all the funder's programs"),
		col("amount", "预算金额", true, amountZh, amountEn),
		col("reference", "依据", false, "预算文号或依据", "budget reference"),
	}},
	FX: {Kind: FX, Zh: "汇率", Columns: []Column{
		col("currency", "币种", true, "ISO 4217 代码", "ISO 4217 code"),
		col("date", "日期", true, "公布日期；"+dateZh, "publication date; "+dateEn),
		col("rate", "汇率", true, "中间价", "central parity rate"),
		col("units", "单位", false, "报价单位，空白为 1（日元为 100）", "quotation units, blank = 1 (100 for JPY)"),
		col("quote", "标价方式", false, "cny_per_unit：每 units 外币折人民币；unit_per_cny：每 1 元人民币折外币", "cny_per_unit: CNY per units of the currency; unit_per_cny: units of the currency per 1 CNY", quotes...),
	}},
	Insurance: {Kind: Insurance, Zh: "知识产权保险", event: func() Event { return new(Premium) }, Columns: []Column{
		col("policy_no", "保单号", true, "保单号", "insurance policy number"),
		usccColumn,
		col("insurer", "保险公司", false, "保险公司", "insurer"),
		col("premium", "实际支付保费", true, amountZh, amountEn),
		currencyCol,
		col("paid_date", "支付日期", true, dateZh, dateEn),
		col("payment_no", "付款序号", false, paymentNoZh, paymentNoEn),
	}},
	Financing: {Kind: Financing, Zh: "质押融资费用", event: func() Event { return new(PledgeFee) }, Columns: []Column{
		col("loan_id", "贷款合同号", true, "质押贷款合同号", "pledge loan contract number"),
		usccColumn,
		col("bank", "贷款银行", false, "贷款银行", "lending bank"),
		col("fee_type", "费用类型", true, "费用类型", "fee type", feeTypes...),
		col("amount", "费用金额", true, amountZh, amountEn),
		currencyCol,
		col("paid_date", "支付日期", true, dateZh, dateEn),
		col("payment_no", "付款序号", false, paymentNoZh, paymentNoEn),
	}},
}

// IsYesNo reports whether a column holds yes/no answers.
func IsYesNo(column string) bool { return yesNoColumns[column] }
