package engine

import (
	"strings"
	"testing"

	"subsidy/calc/roster"
)

// TestLicensingSupport: 136 三(二)7 pays the district's ratio (0.10, the
// default example value of "按比例") of the actual payment in CNY, at most
// cap_per_year 3,000,000.00 per recipient and calendar year of paid_date
// (cap key licensing_support/<uscc>/<year>, "每家每年不超过300万元"),
// funded by the recipient's district. An enterprise is supported as
// licensee or assignee only (受让、受许可), a university in any role
// (开展知识产权运营). Rows go by paid_date, then natural key (contract_id,
// uscc, paid_date, payment_no: payment_no 1 before 2); a row given twice
// stands once, two rows of one key that differ both fall (spec §3).
func TestLicensingSupport(t *testing.T) {
	res := batch{period: "2023-01", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			91320583MA1XA0002Q,太仓华联新材料有限公司,太仓市,enterprise
			91320583MA1XA0003U,苏州吴中精工机械有限公司,320506,enterprise
			91320583MA1XA0004Y,苏州东吴芯片设计有限公司,吴中区,enterprise
			12320500MB0U00000R,苏州理工大学,320508,university`,
		roster.FX: `
			currency,date,rate
			EUR,2022-04-14,6.9321`,
		roster.Licensing: `
			contract_id,uscc,role,kind,counterparty,cross_border,amount,currency,paid_date,payment_no
			HT-2022-001,91320583MA1XA0003U,licensee,license,苏州理工大学,no,"1,234,567.89",CNY,2022-03-10,
			HT-2022-002,91320583MA1XA0003U,assignee,assignment,Siemens AG,yes,123456.78,EUR,2022-04-15,
			HT-2022-003,91320583MA1XA0004Y,licensor,license,上海某科技有限公司,no,800000.00,CNY,2022-05-06,
			HT-2022-004,12320500MB0U00000R,licensor,license,苏州某电子有限公司,no,500000.00,CNY,2022-05-20,
			HT-2022-005,91320583MA1XA0002Q,licensee,license,Fraunhofer IWS,yes,8000000.00,CNY,2022-06-30,
			HT-2022-005,91320583MA1XA0002Q,licensee,license,Fraunhofer IWS,yes,8000000.00,CNY,2022-06-30,2
			HT-2022-006,91320583MA1XA0002Q,assignee,assignment,南京某研究院,no,15000000.00,CNY,2022-09-15,
			HT-2022-006,91320583MA1XA0002Q,assignee,assignment,南京某研究院,no,1000000.00,CNY,2022-11-20,
			HT-2022-006,91320583MA1XA0002Q,assignee,assignment,南京某研究院,no,2000000.00,CNY,2023-01-10,
			HT-2022-001,91320583MA1XA0003U,licensee,license,苏州理工大学,no,"1,234,567.89",CNY,2022-03-10,
			HT-2022-007,91320583MA1XA0003U,licensee,license,苏州大学,no,100000.00,CNY,2022-07-01,
			HT-2022-007,91320583MA1XA0003U,licensee,license,苏州大学,no,200000.00,CNY,2022-07-01,`,
	}}.run(t)
	expect(t, res, map[string]string{
		// 吴中区 ratio 0.10: CNY 1,234,567.89 × 10% = 123,456.789 → half-up
		// 123,456.79; 2022 cap 3,000,000.00 − 0 → paid
		"licensing.csv:2": "licensing_support 320506 123456.79 paid",
		// EUR 123,456.78 × 6.9321 (fx 2022-04-14, 1 day old) = 855,814.744638
		// → 855,814.74; × 10% = 85,581.474 → 85,581.47; cap − 123,456.79 → paid
		"licensing.csv:3": "licensing_support 320506 85581.47 paid",
		// an enterprise as licensor is not supported (受让、受许可 only)
		"licensing.csv:4": "not_payable",
		// a university as licensor (开展知识产权运营), 姑苏区: 500,000.00 × 10%
		"licensing.csv:5": "licensing_support 320508 50000.00 paid",
		// 太仓市: 8,000,000.00 × 10% = 800,000.00; cap 3,000,000.00 − 0 → paid
		// (payment_no blank = 1)
		"licensing.csv:6": "licensing_support 320585 800000.00 paid",
		// the same contract and day, payment_no 2: 800,000.00; 2,200,000.00 left
		"licensing.csv:7": "licensing_support 320585 800000.00 paid",
		// 15,000,000.00 × 10% = 1,500,000.00; 3,000,000.00 − 1,600,000.00 =
		// 1,400,000.00 left → capped
		"licensing.csv:8": "licensing_support 320585 1400000.00 capped",
		// 1,000,000.00 × 10% = 100,000.00; 3,000,000.00 − 3,000,000.00 → zero
		"licensing.csv:9": "licensing_support 320585 0.00 zero",
		// paid 2023-01-10: the 2023 cap, 3,000,000.00 − 0: 2,000,000.00 × 10%
		"licensing.csv:10": "licensing_support 320585 200000.00 paid",
		// row 2 again: identical, row 2 stands
		"licensing.csv:11": "duplicate_row",
		// one natural key, two amounts: neither is paid
		"licensing.csv:12": "conflicting_row",
		"licensing.csv:13": "conflicting_row",
	})
}

// TestOverseasLitigationFX: 136 三(五)20 pays up to 50% (rate 0.50, the
// seed's "不超过50%") of the legal fees actually paid for overseas
// enforcement, at most case_cap 1,000,000.00 per case across all batches
// (cap key overseas_litigation/<uscc>/<case_id>), city-funded. A foreign
// fee is converted at the latest rate on or before the paid date, at most
// fx_max_age_days (10, inclusive) old: basis_cny = amount × rate (÷ units),
// or amount ÷ rate for unit_per_cny carried to 12 places, rounded half-up
// to the fen once (spec §1.2); computed = basis_cny × 0.50, half-up. The
// mainland (CN) is not overseas; Hong Kong is. Fixture litigation-fx.
func TestOverseasLitigationFX(t *testing.T) {
	res := batch{period: "2022-06", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			91320583MA1XA0000J,苏州光启精密光电有限公司,昆山市,enterprise
			91320583MA1XA0001M,苏州瑞康医疗器械有限公司,320571,enterprise`,
		roster.FX: `
			currency,date,rate,units,quote
			USD,2022-03-01,7.1234,,
			USD,2022-03-04,7.1300,,
			JPY,2022-04-01,5.1234,100,
			KRW,2022-05-10,188.63,,unit_per_cny
			EUR,2022-01-10,7.2000,,
			GBP,2022-05-20,8.3456,,
			GBP,2022-05-31,8.4000,,
			HKD,2022-06-01,0.8521,,`,
		roster.Litigation: `
			case_id,uscc,jurisdiction,invoice_no,amount,currency,paid_date
			C-US-001,91320583MA1XA0000J,US,INV-US-001,"120,000.00",USD,2022-03-01
			C-US-001,91320583MA1XA0000J,US,INV-US-002,200000.00,USD,2022-03-03
			C-US-001,91320583MA1XA0000J,US,INV-US-003,10000.00,USD,2022-03-05
			C-JP-002,91320583MA1XA0000J,JP,INV-JP-001,3002500,JPY,2022-04-06
			C-KR-003,91320583MA1XA0001M,KR,INV-KR-001,12342109,KRW,2022-05-12
			C-DE-004,91320583MA1XA0001M,DE,INV-DE-001,50000.00,EUR,2022-01-21
			C-GB-005,91320583MA1XA0001M,GB,INV-GB-001,40000.00,GBP,2022-05-30
			C-CN-006,91320583MA1XA0000J,CN,INV-CN-001,100000.00,CNY,2022-05-15
			C-HK-007,91320583MA1XA0001M,HK,INV-HK-001,88888.88,HKD,2022-06-02`,
	}}.run(t)
	expect(t, res, map[string]string{
		// USD 120,000.00 × 7.1234 (2022-03-01, 0 days) = 854,808.00; × 50% =
		// 427,404.00; case cap 1,000,000.00 − 0 → paid
		"litigation.csv:2": "overseas_litigation city 427404.00 paid",
		// USD 200,000.00 × 7.1234 (2 days old) = 1,424,680.00; × 50% =
		// 712,340.00; 1,000,000.00 − 427,404.00 = 572,596.00 → capped
		"litigation.csv:3": "overseas_litigation city 572596.00 capped",
		// USD 10,000.00 × 7.1300 (2022-03-04, the latest on or before
		// 2022-03-05) = 71,300.00; × 50% = 35,650.00; the case cap is used up
		"litigation.csv:4": "overseas_litigation city 0.00 zero",
		// JPY 3,002,500 × 5.1234 / 100 (5 days old) = 153,830.085 → 153,830.09;
		// × 50% = 76,915.045 → half-up 76,915.05
		"litigation.csv:5": "overseas_litigation city 76915.05 paid",
		// KRW 12,342,109 ÷ 188.63 (unit_per_cny, 2 days old) =
		// 65,430.254996… → 65,430.25; × 50% = 32,715.125 → 32,715.13
		"litigation.csv:6": "overseas_litigation city 32715.13 paid",
		// EUR paid 2022-01-21: the only EUR rate, of 2022-01-10, is 11 days old
		"litigation.csv:7": "fx_missing",
		// GBP 40,000.00 × 8.3456 (2022-05-20, exactly 10 days: allowed; the
		// 2022-05-31 rate is later) = 333,824.00; × 50% = 166,912.00
		"litigation.csv:8": "overseas_litigation city 166912.00 paid",
		// jurisdiction CN is the mainland, not overseas enforcement
		"litigation.csv:9": "not_payable",
		// Hong Kong is overseas (境外): HKD 88,888.88 × 0.8521 = 75,742.214648
		// → 75,742.21; × 50% = 37,871.105 → 37,871.11
		"litigation.csv:10": "overseas_litigation city 37871.11 paid",
	})
}

// TestInsuranceAndPledgeFees: insurance_premium (136 三(五)20) pays the
// district's ratio 0.50 of the premium actually paid, at most
// max_per_entity_year 100,000.00 (cap key insurance/<uscc>/<year>),
// funded by the enterprise's district, to enterprises only (企业购买知识产权保险).
// finance.pledge_fees (136 三(六)25) pays 0.50 of the evaluation and
// guarantee fees of a pledge loan (对评估、担保费给予补贴), at most 200,000.00
// a year (cap key pledge/<uscc>/<year>), city-funded. Both are example
// values; computed = amount × 0.50, half-up. Blank currency is CNY;
// 担保费, 评估费 and 人民币 read as their codes. Fixture insurance-pledge.
func TestInsuranceAndPledgeFees(t *testing.T) {
	res := batch{period: "2022-12", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			91320583MA1XA00179,苏州园区博远生物医药有限公司,320571,enterprise
			91320583MA1XA0018C,昆山德胜汽车零部件有限公司,昆山市,enterprise
			12320500MB0U000033,苏州城市学院,姑苏区,university`,
		roster.Insurance: `
			policy_no,uscc,insurer,premium,currency,paid_date,payment_no
			PICC-IP-2022-0001,91320583MA1XA00179,中国人民财产保险苏州分公司,60000.00,,2022-02-10,
			PICC-IP-2022-0002,91320583MA1XA00179,中国人民财产保险苏州分公司,100000.00,CNY,2022-05-10,
			PA-IP-2022-0107,91320583MA1XA00179,平安财产保险苏州分公司,80000.00,CNY,2022-08-10,
			PA-IP-2022-0107,91320583MA1XA00179,平安财产保险苏州分公司,10000.00,CNY,2022-10-10,
			TP-IP-2022-0333,91320583MA1XA0018C,太平洋财产保险苏州分公司,45678.91,人民币,2022-06-18,
			PICC-IP-2022-0456,12320500MB0U000033,中国人民财产保险苏州分公司,20000.00,,2022-07-01,`,
		roster.Financing: `
			loan_id,uscc,bank,fee_type,amount,currency,paid_date,payment_no
			DK-SZB-2022-001,91320583MA1XA00179,苏州银行,evaluation,120000.00,,2022-03-01,
			DK-SZB-2022-001,91320583MA1XA00179,苏州银行,guarantee,180000.00,,2022-03-01,
			DK-SZB-2022-001,91320583MA1XA00179,苏州银行,interest,300000.00,,2022-03-01,
			DK-SZB-2022-002,91320583MA1XA00179,苏州银行,担保费,150000.00,CNY,2022-07-15,
			DK-SZB-2022-002,91320583MA1XA00179,苏州银行,评估费,20000.00,CNY,2022-07-20,
			DK-KSNS-2022-009,91320583MA1XA0018C,昆山农商银行,evaluation,33333.33,,2022-09-09,
			DK-KSNS-2022-009,91320583MA1XA0018C,昆山农商银行,other,5000.00,,2022-09-09,`,
	}}.run(t)
	expect(t, res, map[string]string{
		// 园区: 60,000.00 × 50% = 30,000.00; 100,000.00 − 0 → paid
		"insurance.csv:2": "insurance_premium 320571 30000.00 paid",
		// 100,000.00 × 50% = 50,000.00; 70,000.00 left → paid
		"insurance.csv:3": "insurance_premium 320571 50000.00 paid",
		// 80,000.00 × 50% = 40,000.00; 20,000.00 left → capped
		"insurance.csv:4": "insurance_premium 320571 20000.00 capped",
		// 10,000.00 × 50% = 5,000.00; nothing left → zero
		"insurance.csv:5": "insurance_premium 320571 0.00 zero",
		// 昆山: 45,678.91 × 50% = 22,839.455 → half-up 22,839.46
		"insurance.csv:6": "insurance_premium 320583 22839.46 paid",
		// a university's premium: the clause supports enterprises
		"insurance.csv:7": "not_payable",
		// evaluation fee 120,000.00 × 50% = 60,000.00; 200,000.00 − 0 → paid
		"financing.csv:2": "finance.pledge_fees city 60000.00 paid",
		// guarantee fee 180,000.00 × 50% = 90,000.00; 140,000.00 left → paid
		// (on 2022-03-01 evaluation sorts before guarantee)
		"financing.csv:3": "finance.pledge_fees city 90000.00 paid",
		// interest is not an evaluation or guarantee fee
		"financing.csv:4": "not_payable",
		// 担保费 150,000.00 × 50% = 75,000.00; 50,000.00 left → capped
		"financing.csv:5": "finance.pledge_fees city 50000.00 capped",
		// 评估费 20,000.00 × 50% = 10,000.00; nothing left → zero
		"financing.csv:6": "finance.pledge_fees city 0.00 zero",
		// 昆山: 33,333.33 × 50% = 16,666.665 → half-up 16,666.67
		"financing.csv:7": "finance.pledge_fees city 16666.67 paid",
		// fee type other
		"financing.csv:8": "not_payable",
	})
}

// TestNotesInOneLanguage (issue 15): a run that writes its notes in one
// language formats only that one — the conversion, the rate and the cap
// in each line's note are those of the note in both languages, and the
// other wording is empty.
func TestNotesInOneLanguage(t *testing.T) {
	b := batch{period: "2022-06", rosters: map[roster.Kind]string{
		roster.Enterprises: `
			uscc,name,district,entity_type
			91320583MA1XA0000J,苏州光启精密光电有限公司,昆山市,enterprise`,
		roster.FX: `
			currency,date,rate,units,quote
			USD,2022-03-01,7.1234,,`,
		roster.Litigation: `
			case_id,uscc,jurisdiction,invoice_no,amount,currency,paid_date
			C-US-001,91320583MA1XA0000J,US,INV-US-001,"120,000.00",USD,2022-03-01
			C-US-001,91320583MA1XA0000J,US,INV-US-002,200000.00,USD,2022-03-03`,
	}}
	both := b.run(t).Lines
	if len(both) != 2 || !strings.Contains(both[1].Note.Zh, "此前已付") || !strings.Contains(both[1].Note.En, "paid before") {
		t.Fatalf("the batch should give two lines, the second capped: %+v", both)
	}
	for _, lang := range []string{"zh", "en"} {
		b.noteLang = lang
		one := b.run(t).Lines
		for i, l := range one {
			want, other := both[i].Note.Zh, l.Note.En
			if lang == "en" {
				want, other = both[i].Note.En, l.Note.Zh
			}
			if l.Note.In(lang) != want || other != "" {
				t.Errorf("%s, line %d: note %+v, want %q and the other language empty", lang, i, l.Note, want)
			}
		}
	}
}
