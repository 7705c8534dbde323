package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"subsidy/calc/value"
	"subsidy/schemas"
)

// specPrograms is every program id of spec §4.1, §4.2 and §4.3.
var specPrograms = []string{
	// §4.1
	"overseas_litigation", "licensing_support",
	"layout.first_invention", "layout.invention_10", "layout.institution_100",
	"layout.foreign_invention", "layout.madrid",
	"tier.growth", "tier.national_advantage", "tier.national_demonstration",
	"insurance_premium", "finance.pledge_fees",
	// §4.2
	"dengfeng.approval", "dengfeng.acceptance",
	// §4.3 awards
	"high_value_cultivation", "award.excellent_patent", "award.outstanding_inventor",
	"award.excellent_copyright", "award.patent_prize", "award.agency_prize",
	"operation.guidance", "finance.fund_team", "operation.platform",
	"tier.outstanding_contribution", "fusion.pilot", "product.analysis",
	"industry.navigation", "industry.center", "industry.geographical_indication",
	"service.public_point", "service.excellence", "service.high_end_agency",
	"service.cluster_pilot", "finance.innovation", "talent.settlement",
	// §4.3 discretionary
	"coop.center", "listing.service_center", "industry.patent_pool",
	"protection.overseas_warning", "protection.report_reward", "protection.service",
	"finance.securitization", "research.project",
}

// catalogIDs are the ids of the programs the engine knows, sorted.
func catalogIDs() []string {
	ids := make([]string, 0, len(catalog))
	for id := range catalog {
		ids = append(ids, id)
	}
	return sorted(ids)
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func TestDefaultCoversSpec(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatalf("default policy: %v", err)
	}
	if got, want := p.ProgramIDs(), sorted(specPrograms); !reflect.DeepEqual(got, want) {
		t.Fatalf("default programs\n got %v\nwant %v", got, want)
	}
	if got, want := catalogIDs(), sorted(specPrograms); !reflect.DeepEqual(got, want) {
		t.Fatalf("catalog\n got %v\nwant %v", got, want)
	}
	if p.ID != "suzhou-ip-2021" || p.Rounding != "half_up" {
		t.Errorf("id %q rounding %q", p.ID, p.Rounding)
	}
	if len(p.Districts) != 10 {
		t.Errorf("%d districts, want 10", len(p.Districts))
	}
	for _, s := range []string{"苏州高新区", "320505", "虎丘区"} {
		if d, ok := p.District(s); !ok || d.Code != "320505" {
			t.Errorf("District(%q) = %v, %v", s, d, ok)
		}
	}
	if d, ok := p.District("园区"); !ok || d.Code != "320571" {
		t.Errorf("District(园区) = %v, %v", d, ok)
	}
	if p.Documents["136"].Issued != value.NewDate(2021, time.June, 21) ||
		p.Documents["81"].Issued != value.NewDate(2021, time.September, 15) {
		t.Errorf("documents %+v", p.Documents)
	}
}

func TestDefaultCheckClean(t *testing.T) {
	if ps := Check(DefaultYAML(), DefaultFile); len(ps) != 0 {
		for _, p := range ps {
			t.Error(p)
		}
	}
}

// TestDefaultValues pins the example values of spec §4.1 and the seed
// numbers the engine reads.
func TestDefaultValues(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		program, param, value string
		example               bool
	}{
		{"overseas_litigation", "rate", "0.5", true},
		{"overseas_litigation", "case_cap", "1000000", false},
		{"licensing_support", "ratio", "0.1", true},
		{"licensing_support", "cap_per_year", "3000000", false},
		{"layout.first_invention", "amount", "10000", true},
		{"layout.first_invention", "group_cap", "1000000", false},
		{"layout.invention_10", "amount", "50000", true},
		{"layout.invention_10", "threshold", "10", false},
		{"layout.institution_100", "amount", "100000", true},
		{"layout.institution_100", "threshold", "100", false},
		{"layout.foreign_invention", "amount", "5000", true},
		{"layout.madrid", "amount", "2000", true},
		{"layout.madrid", "group_cap", "1000000", false},
		{"tier.growth", "amount", "200000", true},
		{"tier.national_advantage", "amount", "500000", true},
		{"tier.national_advantage", "national_cap", "1000000", false},
		{"tier.national_demonstration", "amount", "1000000", true},
		{"insurance_premium", "ratio", "0.5", true},
		{"insurance_premium", "max_per_entity_year", "100000", true},
		{"finance.pledge_fees", "ratio", "0.5", true},
		{"finance.pledge_fees", "max_per_entity_year", "200000", true},
		{"dengfeng.approval", "amount", "300000", false},
		{"dengfeng.approval", "count_limit", "10", false},
		{"dengfeng.approval", "general_valid_inventions_high", "50", false},
		{"dengfeng.approval", "general_overseas_applications", "5", false},
		{"dengfeng.approval", "general_valid_inventions_low", "20", false},
		{"dengfeng.approval", "general_overseas_grants", "2", false},
		{"dengfeng.approval", "talent_valid_inventions_high", "20", false},
		{"dengfeng.approval", "talent_overseas_applications", "5", false},
		{"dengfeng.approval", "talent_valid_inventions_low", "10", false},
		{"dengfeng.approval", "talent_overseas_grants", "1", false},
		{"dengfeng.approval", "talent_min_years", "3", false},
		{"dengfeng.approval", "min_trademarks", "1", false},
		{"dengfeng.approval", "min_standards", "1", false},
		{"dengfeng.acceptance", "ceiling", "700000", false},
		{"dengfeng.acceptance", "project_cap", "1000000", false},
		{"dengfeng.acceptance", "co_investment_multiple", "2", false},
		{"high_value_cultivation", "ceiling", "1000000", false},
		{"high_value_cultivation", "count_limit", "10", false},
		{"award.excellent_patent", "count_limit", "50", false},
		{"industry.center", "ceiling", "5000000", false},
		{"industry.geographical_indication", "count_limit", "2", false},
		{"talent.settlement", "ceiling", "2500000", false},
		{"protection.overseas_warning", "min_supported_per_year", "50", false},
	}
	d := value.NewDate(2022, time.March, 1)
	for _, c := range cases {
		prog, ok := p.Programs[c.program]
		if !ok {
			t.Errorf("no program %s", c.program)
			continue
		}
		v, ok := prog.VersionAt(d)
		if !ok {
			t.Errorf("%s: no version on %s", c.program, d)
			continue
		}
		par, ok := v.Param(c.param, "320585")
		if !ok {
			t.Errorf("%s: no param %s", c.program, c.param)
			continue
		}
		if !par.Number.Equal(decimal.RequireFromString(c.value)) || par.Example != c.example {
			t.Errorf("%s.%s = %s example %t, want %s example %t", c.program, c.param, par.Number, par.Example, c.value, c.example)
		}
		if par.Reference.Document == "" || par.Reference.Clause == "" || par.Unit == "" || par.Line == 0 {
			t.Errorf("%s.%s lacks unit, reference or line: %+v", c.program, c.param, par)
		}
		if par.Example && !strings.Contains(par.Reference.Note, "示例值") {
			t.Errorf("%s.%s: example note %q does not say 示例值", c.program, c.param, par.Reference.Note)
		}
	}
	fx, ok := p.GeneralAt("fx_max_age_days", d)
	if !ok || fx.Number.String() != "10" || !fx.Example || fx.Unit != UnitDays {
		t.Errorf("fx_max_age_days = %+v, %v", fx, ok)
	}
	// Options, flags and codes.
	get := func(program, param string) *Param {
		prog := p.Programs[program]
		v, _ := prog.VersionAt(d)
		par, _ := v.Param(param, "")
		return par
	}
	if o := get("tier.national_demonstration", "upgrade"); o.Option != UpgradeTopUp {
		t.Errorf("upgrade = %q", o.Option)
	}
	if f := get("dengfeng.approval", "talent_route_requires_rd_center"); f.Flag || f.Unit != UnitFlag {
		t.Errorf("talent_route_requires_rd_center = %+v", f)
	}
	if c := get("overseas_litigation", "mainland"); !reflect.DeepEqual(c.Codes, []string{"CN"}) {
		t.Errorf("mainland = %v", c.Codes)
	}
	if c := get("finance.pledge_fees", "fee_types"); !reflect.DeepEqual(c.Codes, []string{"evaluation", "guarantee"}) {
		t.Errorf("fee_types = %v", c.Codes)
	}
	offices := get("layout.foreign_invention", "offices")
	for _, code := range []string{"US", "EP", "GB", "JP", "KR", "DE", "FR", "GR", "SE", "RU", "SG"} {
		if !offices.HasCode(code) {
			t.Errorf("offices lacks %s", code)
		}
	}
	for _, code := range []string{"CN", "IN", "IL", "HK"} {
		if offices.HasCode(code) {
			t.Errorf("offices has %s", code)
		}
	}
	if !offices.Example {
		t.Error("the offices list (Belt and Road part) must be marked example")
	}
	scopes := map[string]string{
		"operation.platform": CapScopeRecipientYear, "industry.center": CapScopeRecipientYear,
		"award.agency_prize": CapScopeRecipientYear, "industry.navigation": CapScopeRecipientProject,
		"talent.settlement": CapScopeRecipientLifetime, "award.excellent_patent": CapScopeRow,
	}
	for prog, want := range scopes {
		if got := get(prog, "cap_scope").Option; got != want {
			t.Errorf("%s cap_scope = %q, want %q", prog, got, want)
		}
	}
	// Programs: kinds, funders, individuals, dates.
	districtFunded := map[string]bool{"licensing_support": true, "tier.growth": true, "insurance_premium": true,
		"layout.first_invention": true, "layout.invention_10": true, "layout.institution_100": true,
		"layout.foreign_invention": true, "layout.madrid": true}
	for _, id := range p.ProgramIDs() {
		prog := p.Programs[id]
		wantFunder := FunderCity
		if districtFunded[id] {
			wantFunder = FunderDistrict
		}
		if prog.Funder != wantFunder {
			t.Errorf("%s funder %s", id, prog.Funder)
		}
		if prog.Individual != (id == "award.outstanding_inventor" || id == "talent.settlement") {
			t.Errorf("%s individual %t", id, prog.Individual)
		}
		if prog.Name == "" || prog.NameEn == "" || prog.Clause == "" {
			t.Errorf("%s lacks names or clause", id)
		}
		from := value.NewDate(2021, time.June, 21)
		if strings.HasPrefix(id, "dengfeng.") {
			from = value.NewDate(2021, time.September, 15)
			if prog.Kind != KindDengfeng {
				t.Errorf("%s kind %s", id, prog.Kind)
			}
		}
		if len(prog.Versions) != 1 || prog.Versions[0].From != from || prog.Versions[0].To != value.NewDate(2023, time.December, 31) {
			t.Errorf("%s versions %+v", id, prog.Versions)
		}
		if _, ok := prog.VersionAt(value.NewDate(2024, time.January, 1)); ok {
			t.Errorf("%s in force in 2024", id)
		}
		if prog.Kind == KindDiscretionary {
			if _, ok := prog.Versions[0].Params["ceiling"]; ok {
				t.Errorf("%s: discretionary program with a ceiling", id)
			}
		}
		if prog.Kind == KindAward {
			if _, ok := prog.Versions[0].Params["ceiling"]; !ok {
				t.Errorf("%s: award without a ceiling", id)
			}
		}
	}
}

// base is a small valid policy the problem cases mutate.
const base = `id: test-policy
title: 测试
documents:
  "136": {number: 苏府办〔2021〕136号, title: 行动计划, issued: 2021-06-21}
  "81": {number: 苏府〔2021〕81号, title: 登峰行动计划, issued: 2021-09-15}
districts:
  - {code: "320585", name: 太仓市}
  - {code: "320505", name: 虎丘区, aliases: [高新区]}
general:
  fx_max_age_days:
    - {from: 2021-06-21, value: 10, unit: days, reference: {document: "136", clause: 三(五)20}}
programs:
  licensing_support:
    name: 知识产权许可交易补贴
    clause: 136 三(二)7
    kind: computed
    funder: district
    versions:
      - version: "2021"
        from: 2021-06-21
        to: 2023-12-31
        params:
          ratio: {value: "0.10", unit: ratio, example: true, reference: {document: "136", clause: 三(二)7, note: 示例值}}
          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
  tier.national_advantage:
    name: 国家知识产权优势企业奖励
    clause: 136 三(三)12
    kind: computed
    funder: city
    versions:
      - version: "2021"
        from: 2021-06-21
        to: 2023-12-31
        params:
          amount: {value: "500000.00", unit: CNY, example: true, reference: {document: "136", clause: 三(三)12, note: 示例值}}
          national_cap: {value: "1000000.00", unit: CNY, reference: {document: "136", clause: 三(三)12}}
  layout.invention_10:
    name: 年发明专利授权10件以上奖励
    clause: 136 三(一)1
    kind: computed
    funder: district
    versions:
      - version: "2021"
        from: 2021-06-21
        to: 2023-12-31
        params:
          amount: {value: "50000.00", unit: CNY, example: true, reference: {document: "136", clause: 三(一)1, note: 示例值}}
          threshold: {value: 10, unit: count, reference: {document: "136", clause: 三(一)1}}
          group_cap: {value: "1000000.00", unit: CNY, reference: {document: "136", clause: 三(一)1}}
  award.excellent_patent:
    name: 市优秀专利奖励
    clause: 136 三(一)3
    kind: award
    funder: city
    versions:
      - version: "2021"
        from: 2021-06-21
        to: 2023-12-31
        params:
          ceiling: {value: "300000.00", unit: CNY, reference: {document: "136", clause: 三(一)3}}
          count_limit: {value: 50, unit: count, reference: {document: "136", clause: 三(一)3}}
`

func TestBaseLoads(t *testing.T) {
	p, err := Load([]byte(base), "base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	prog := p.Programs["licensing_support"]
	if prog.Name != "知识产权许可交易补贴" || prog.Kind != KindComputed || prog.Funder != FunderDistrict {
		t.Errorf("program %+v", prog)
	}
	fx, ok := p.GeneralAt("fx_max_age_days", value.NewDate(2030, time.January, 1))
	if !ok || fx.Number.IntPart() != 10 {
		t.Errorf("open-ended general value: %+v %v", fx, ok)
	}
	if p.General["fx_max_age_days"].Values[0].To != OpenEnd {
		t.Error("omitted to is not OpenEnd")
	}
}

// mutate replaces the first occurrence of old after the first occurrence
// of after in src.
func mutate(t *testing.T, src, after, old, new string) string {
	t.Helper()
	i := strings.Index(src, after)
	if i < 0 {
		t.Fatalf("%q not found", after)
	}
	j := strings.Index(src[i:], old)
	if j < 0 {
		t.Fatalf("%q not found after %q", old, after)
	}
	return src[:i+j] + new + src[i+j+len(old):]
}

// mutateMark is mutate, and marks the line of the replacement with "# <-".
func mutateMark(t *testing.T, src, after, old, new string) string {
	t.Helper()
	s := mutate(t, src, after, old, new)
	i := strings.Index(src, after)
	j := i + strings.Index(src[i:], old)
	end := strings.IndexByte(s[j:], '\n')
	if end < 0 {
		return s + " # <-"
	}
	return s[:j+end] + " # <-" + s[j+end:]
}

// markedLine is the line holding "# <-".
func markedLine(t *testing.T, src string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, "# <-") {
			return i + 1
		}
	}
	t.Fatal("no # <- marker")
	return 0
}

func TestCheckProblems(t *testing.T) {
	def := string(DefaultYAML())
	cases := []struct {
		name string
		src  func(t *testing.T) string
		path string // expected path prefix
		want string // expected substring of the English message
	}{
		{"ratio above 1", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `ratio: {value: "0.10",`, `ratio: {value: "1.20",`)
		}, "programs.licensing_support.versions[0].params.ratio.value", "a ratio must be a decimal between 0 and 1"},
		{"ratio number above 1", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `ratio: {value: "0.10",`, `ratio: {value: 1.2,`)
		}, "programs.licensing_support.versions[0].params.ratio.value", "must not exceed 1"},
		{"licensing cap above seed", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}`,
				`cap_per_year: {value: "3500000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}} # <-`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.value", "3,500,000.00 exceeds the limit 3,000,000.00 set by 苏府办〔2021〕136号 三(二)7"},
		{"param without unit", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `cap_per_year: {value: "3000000.00", unit: CNY,`, `cap_per_year: {value: "3000000.00",`)
		}, "programs.licensing_support.versions[0].params.cap_per_year", `missing "unit"`},
		{"param without reference", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}`,
				`cap_per_year: {value: "3000000.00", unit: CNY} # <-`)
		}, "programs.licensing_support.versions[0].params.cap_per_year", `missing "reference"`},
		{"reference without clause", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `reference: {document: "136", clause: 三(二)7}}`,
				`reference: {document: "136"}} # <-`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.reference", `missing "clause"`},
		{"override of a city program", func(t *testing.T) string {
			return mutate(t, base, "tier.national_advantage", `national_cap: {value: "1000000.00", unit: CNY, reference: {document: "136", clause: 三(三)12}}`,
				`national_cap: {value: "1000000.00", unit: CNY, reference: {document: "136", clause: 三(三)12},
            districts: {"320585": {value: "900000.00", unit: CNY, reference: {document: "136", clause: 三(三)12}}}} # <-`)
		}, "programs.tier.national_advantage.versions[0].params.national_cap.districts", "city-funded program takes no district overrides"},
		{"override for an unknown district", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}`,
				`cap_per_year:
            value: "3000000.00"
            unit: CNY
            reference: {document: "136", clause: 三(二)7}
            districts:
              "320599": {value: "100.00", unit: CNY, reference: {document: "136", clause: 三(二)7}} # <-`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.districts.320599", "unknown district code 320599"},
		{"override above the seed", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}`,
				`cap_per_year:
            value: "3000000.00"
            unit: CNY
            reference: {document: "136", clause: 三(二)7}
            districts:
              "320585":
                value: "3000000.01" # <-
                unit: CNY
                reference: {document: "136", clause: 三(二)7}`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.districts.320585.value", "3,000,000.01 exceeds the limit 3,000,000.00"},
		{"override with another unit", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `ratio: {value: "0.10", unit: ratio, example: true, reference: {document: "136", clause: 三(二)7, note: 示例值}}`,
				`ratio:
            value: "0.10"
            unit: ratio
            example: true
            reference: {document: "136", clause: 三(二)7, note: 示例值}
            districts:
              "320585":
                value: 1
                unit: count # <-
                reference: {document: "136", clause: 三(二)7}`)
		}, "programs.licensing_support.versions[0].params.ratio.districts.320585.unit", "unit ratio"},
		{"overlapping versions", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
`, `          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
      - version: "2023" # <-
        from: 2023-01-01
        params:
          ratio: {value: "0.10", unit: ratio, reference: {document: "136", clause: 三(二)7}}
          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
`)
		}, "programs.licensing_support.versions", `versions "2023" and "2021" overlap`},
		{"to before from", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", "to: 2023-12-31", "to: 2021-06-20 # <-")
		}, "programs.licensing_support.versions[0].to", "to 2021-06-20 is before from 2021-06-21"},
		{"invalid calendar date", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", "to: 2023-12-31", "to: 2023-02-30 # <-")
		}, "programs.licensing_support.versions[0].to", `invalid date "2023-02-30"`},
		{"malformed date", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", "to: 2023-12-31", "to: 2023/12/31 # <-")
		}, "programs.licensing_support.versions[0].to", "a date must be written YYYY-MM-DD"},
		{"version before the seed", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", "from: 2021-06-21", "from: 2021-01-01 # <-")
		}, "programs.licensing_support.versions[0].from", "before 苏府办〔2021〕136号 was issued on 2021-06-21"},
		{"threshold below the seed", func(t *testing.T) string {
			return mutateMark(t, base, "layout.invention_10", "threshold: {value: 10,", "threshold: {value: 9,")
		}, "programs.layout.invention_10.versions[0].params.threshold.value", "9 is below the floor 10"},
		{"award ceiling above the table", func(t *testing.T) string {
			return mutateMark(t, base, "award.excellent_patent", `ceiling: {value: "300000.00"`, `ceiling: {value: "300000.01"`)
		}, "programs.award.excellent_patent.versions[0].params.ceiling.value", "300,000.01 exceeds the limit 300,000.00"},
		{"award count limit above the table", func(t *testing.T) string {
			return mutateMark(t, base, "award.excellent_patent", `count_limit: {value: 50,`, `count_limit: {value: 51,`)
		}, "programs.award.excellent_patent.versions[0].params.count_limit.value", "51 exceeds the limit 50"},
		{"CNY with three decimals", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `cap_per_year: {value: "3000000.00"`, `cap_per_year: {value: 100.005`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.value", "multiple of 0.01"},
		{"negative amount", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `cap_per_year: {value: "3000000.00"`, `cap_per_year: {value: -5`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.value", "must not be below 0"},
		{"count not whole", func(t *testing.T) string {
			return mutateMark(t, base, "layout.invention_10", "threshold: {value: 10,", "threshold: {value: 10.5,")
		}, "programs.layout.invention_10.versions[0].params.threshold.value", "want integer or string, got number"},
		{"unknown unit", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `unit: CNY`, `unit: USD`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.unit", `invalid value "USD"`},
		{"wrong unit for a known param", func(t *testing.T) string {
			return mutateMark(t, base, "layout.invention_10", "threshold: {value: 10, unit: count", `threshold: {value: "10", unit: CNY`)
		}, "programs.layout.invention_10.versions[0].params.threshold.unit", `value must be "count"`},
		{"unknown parameter", func(t *testing.T) string {
			return mutate(t, base, "licensing_support", `          ratio: {value: "0.10"`, `          ratoi: {value: "0.10", unit: ratio, reference: {document: "136", clause: x}} # <-
          ratio: {value: "0.10"`)
		}, "programs.licensing_support.versions[0].params.ratoi", `no parameter "ratoi"`},
		{"missing parameter", func(t *testing.T) string {
			s := mutate(t, base, "licensing_support", `          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
`, "")
			return mutate(t, s, "licensing_support", "        params:", "        params: # <-")
		}, "programs.licensing_support.versions[0].params", `missing parameter "cap_per_year"`},
		{"unknown computed program", func(t *testing.T) string {
			return mutate(t, base, "programs:", "  licensing_support:", `  layout.typo: # <-
    name: x
    clause: x
    kind: computed
    funder: city
    versions: [{version: "1", from: 2022-01-01, params: {}}]
  licensing_support:`)
		}, "programs.layout.typo", `unknown program "layout.typo"`},
		{"known program with another funder", func(t *testing.T) string {
			return mutate(t, base, "tier.national_advantage", "funder: city", "funder: district # <-")
		}, "programs.tier.national_advantage.funder", "must be funded by city"},
		{"known program with another kind", func(t *testing.T) string {
			return mutate(t, base, "award.excellent_patent", "kind: award", "kind: discretionary # <-")
		}, "programs.award.excellent_patent.kind", "must be of kind award"},
		{"unknown document", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136"`,
				`cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "99"`)
		}, "programs.licensing_support.versions[0].params.cap_per_year.reference.document", `unknown document "99"`},
		{"example without note", func(t *testing.T) string {
			return mutateMark(t, base, "licensing_support", `clause: 三(二)7, note: 示例值}`, `clause: 三(二)7}`)
		}, "programs.licensing_support.versions[0].params.ratio.reference", "needs a note"},
		{"unknown top-level property", func(t *testing.T) string {
			return mutate(t, base, "title", "title: 测试", "title: 测试\ntitel: typo # <-")
		}, "titel", `unknown property "titel"`},
		{"bad rounding", func(t *testing.T) string {
			return mutate(t, base, "title", "title: 测试", "title: 测试\nrounding: up # <-")
		}, "rounding", `invalid value "up"`},
		{"bad district code", func(t *testing.T) string {
			return mutateMark(t, base, "districts", `{code: "320585"`, `{code: "32058"`)
		}, "districts[0].code", "a district code has six digits"},
		{"repeated district code", func(t *testing.T) string {
			return mutate(t, base, "districts", `  - {code: "320505"`, `  - {code: "320585", name: 重复} # <-
  - {code: "320505"`)
		}, "districts[1].code", "district code 320585 repeated"},
		{"duplicate key", func(t *testing.T) string {
			return mutate(t, base, "title", "title: 测试", "title: 测试\ntitle: again # <-")
		}, "title", `key "title" repeated`},
		{"missing general parameter", func(t *testing.T) string {
			return mutate(t, base, "general:", "  fx_max_age_days:", "  fx_other: # <-")
		}, "general.fx_other", `unknown general parameter "fx_other"`},
		{"yaml syntax error", func(t *testing.T) string {
			return mutate(t, base, "title", "title: 测试", "title: [unclosed # <-\n")
		}, "", "YAML syntax error"},
		{"alias", func(t *testing.T) string {
			s := mutate(t, base, "licensing_support", "        from: 2021-06-21", "        from: &d 2021-06-21")
			return mutate(t, s, "tier.national_advantage", "        from: 2021-06-21", "        from: *d # <-")
		}, "programs.tier.national_advantage.versions[0].from", "aliases"},
		// Cases on the default policy, for programs the base lacks.
		{"dengfeng threshold below 81", func(t *testing.T) string {
			return mutate(t, def, "general_valid_inventions_high:", "value: 50", "value: 49 # <-")
		}, "programs.dengfeng.approval.versions[0].params.general_valid_inventions_high.value", "49 is below the floor 50 set by 苏府〔2021〕81号 三(三)"},
		{"dengfeng before 81", func(t *testing.T) string {
			return mutate(t, def, "dengfeng.acceptance:", "from: 2021-09-15", "from: 2021-09-14 # <-")
		}, "programs.dengfeng.acceptance.versions[0].from", "before 苏府〔2021〕81号 was issued"},
		{"dengfeng approval amount", func(t *testing.T) string {
			return mutate(t, def, "dengfeng.approval:", `value: "300000.00"`, `value: "300000.01" # <-`)
		}, "programs.dengfeng.approval.versions[0].params.amount.value", "300,000.01 is not the fixed sum 300,000.00"},
		{"dengfeng approval below the fixed sum", func(t *testing.T) string {
			// 81 六(一) 立项后给予30万元: a fixed sum, not a ceiling (spec §4.3a 4)
			return mutate(t, def, "dengfeng.approval:", `value: "300000.00"`, `value: "250000.00" # <-`)
		}, "programs.dengfeng.approval.versions[0].params.amount.value", "250,000.00 is not the fixed sum 300,000.00"},
		{"acceptance ceiling", func(t *testing.T) string {
			return mutate(t, def, "dengfeng.acceptance:", `value: "700000.00"`, `value: "800000.00" # <-`)
		}, "programs.dengfeng.acceptance.versions[0].params.ceiling.value", "exceeds the limit 700,000.00"},
		{"co-investment below 200%", func(t *testing.T) string {
			return mutate(t, def, "co_investment_multiple:", "value: 2", "value: 1 # <-")
		}, "programs.dengfeng.acceptance.versions[0].params.co_investment_multiple.value", "1 is below the floor 2"},
		{"litigation rate above 50%", func(t *testing.T) string {
			return mutate(t, def, "overseas_litigation:", `value: "0.50"`, `value: "0.51" # <-`)
		}, "programs.overseas_litigation.versions[0].params.rate.value", "0.51 exceeds the limit 0.50"},
		{"litigation case cap", func(t *testing.T) string {
			return mutate(t, def, "overseas_litigation:", `value: "1000000.00"`, `value: "1000000.01" # <-`)
		}, "programs.overseas_litigation.versions[0].params.case_cap.value", "exceeds the limit 1,000,000.00"},
		{"mainland without CN", func(t *testing.T) string {
			return mutate(t, def, "mainland:", "value: [CN]", "value: [HK] # <-")
		}, "programs.overseas_litigation.versions[0].params.mainland.value", `must include "CN"`},
		{"group cap", func(t *testing.T) string {
			return mutate(t, def, "layout.madrid:", `value: "1000000.00"`, `value: "2000000.00" # <-`)
		}, "programs.layout.madrid.versions[0].params.group_cap.value", "exceeds the limit 1,000,000.00"},
		{"group cap differs between layout programs", func(t *testing.T) string {
			return mutate(t, def, "layout.madrid:", `value: "1000000.00"`, `value: "800000.00" # <-`)
		}, "programs.layout.madrid.versions[0].params.group_cap", "group_cap is 800000.00 but layout.first_invention's is 1000000.00 (city)"},
		{"group cap district override on one layout program only", func(t *testing.T) string {
			return mutate(t, def, "layout.invention_10:", `            reference: {document: "136", clause: 三(一)1, note: "原文：“同一主体每年不超过100万元”；解释：专利布局类五项奖励合计（按授权日所在日历年）"}
`, `            reference: {document: "136", clause: 三(一)1, note: "原文：“同一主体每年不超过100万元”；解释：专利布局类五项奖励合计（按授权日所在日历年）"}
            districts:
              "320585": {value: "500000.00", unit: CNY, reference: {document: "136", clause: 三(一)1}} # <-
`)
		}, "programs.layout.invention_10.versions[0].params.group_cap.districts.320585", "(320585)"},
		{"tier growth", func(t *testing.T) string {
			return mutate(t, def, "tier.growth:", `value: "200000.00"`, `value: "250000.00" # <-`)
		}, "programs.tier.growth.versions[0].params.amount.value", "exceeds the limit 200,000.00"},
		{"national demonstration", func(t *testing.T) string {
			return mutate(t, def, "tier.national_demonstration:", `value: "1000000.00"`, `value: "1500000.00" # <-`)
		}, "programs.tier.national_demonstration.versions[0].params.amount.value", "exceeds the limit 1,000,000.00"},
		{"institution threshold", func(t *testing.T) string {
			return mutate(t, def, "layout.institution_100:", "value: 100\n", "value: 99 # <-\n")
		}, "programs.layout.institution_100.versions[0].params.threshold.value", "99 is below the floor 100"},
		{"pledge fee types", func(t *testing.T) string {
			return mutate(t, def, "fee_types:", "value: [evaluation, guarantee]", "value: [evaluation, guarantee, interest] # <-")
		}, "programs.finance.pledge_fees.versions[0].params.fee_types.value", `"interest" is outside`},
		{"bad upgrade option", func(t *testing.T) string {
			return mutate(t, def, "upgrade:", "value: top_up", "value: topup # <-")
		}, "programs.tier.national_demonstration.versions[0].params.upgrade.value", `invalid value "topup"`},
		{"platform cap scope", func(t *testing.T) string {
			return mutate(t, def, "operation.platform:", "value: recipient_year", "value: row # <-")
		}, "programs.operation.platform.versions[0].params.cap_scope.value", "sets the cap per recipient_year"},
		{"per-enterprise cap scope", func(t *testing.T) string {
			// 136 三(三)12 每家给予不超过100万元: a cap per enterprise per year (spec §4.3a 1)
			return mutate(t, def, "tier.outstanding_contribution:", "value: recipient_year", "value: row # <-")
		}, "programs.tier.outstanding_contribution.versions[0].params.cap_scope.value", "sets the cap per recipient_year"},
		{"per-enterprise count scope", func(t *testing.T) string {
			// 136 三(三)14 每年支持不超过20家企业: the limit counts enterprises
			return mutate(t, def, "product.analysis:", "value: recipient\n", "value: row # <-\n")
		}, "programs.product.analysis.versions[0].params.count_scope.value", "sets the yearly count per recipient"},
		{"bad count scope", func(t *testing.T) string {
			return mutate(t, def, "fusion.pilot:", "value: recipient\n", "value: enterprise # <-\n")
		}, "programs.fusion.pilot.versions[0].params.count_scope.value", `invalid value "enterprise"`},
		{"overseas warning floor", func(t *testing.T) string {
			return mutate(t, def, "min_supported_per_year:", "value: 50", "value: 40 # <-")
		}, "programs.protection.overseas_warning.versions[0].params.min_supported_per_year.value", "40 is below the floor 50"},
		{"industry center ceiling", func(t *testing.T) string {
			return mutate(t, def, "industry.center:", `value: "5000000.00"`, `value: "5000000.01" # <-`)
		}, "programs.industry.center.versions[0].params.ceiling.value", "exceeds the limit 5,000,000.00"},
		{"geographical indication count", func(t *testing.T) string {
			return mutate(t, def, "industry.geographical_indication:", "value: 2\n", "value: 3 # <-\n")
		}, "programs.industry.geographical_indication.versions[0].params.count_limit.value", "3 exceeds the limit 2"},
		{"talent settlement ceiling", func(t *testing.T) string {
			return mutate(t, def, "talent.settlement:", `value: "2500000.00"`, `value: "2600000.00" # <-`)
		}, "programs.talent.settlement.versions[0].params.ceiling.value", "exceeds the limit 2,500,000.00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.src(t)
			line := markedLine(t, src)
			ps := Check([]byte(src), "case.yaml")
			if len(ps) == 0 {
				t.Fatal("no problem reported")
			}
			found := false
			for _, p := range ps {
				if p.Line == line && strings.HasPrefix(p.Path, c.path) && strings.Contains(p.Message.En, c.want) {
					found = true
				}
				if p.Message.Zh == "" || p.Message.En == "" || p.File != "case.yaml" {
					t.Errorf("incomplete problem %+v", p)
				}
			}
			if !found {
				t.Errorf("want line %d path %q message containing %q; got:", line, c.path, c.want)
				for _, p := range ps {
					t.Logf("  %d %s %s", p.Line, p.Path, p.Message.En)
				}
			}
			// Load refuses exactly what Check reports.
			_, err := Load([]byte(src), "case.yaml")
			var ce *CheckError
			if !errors.As(err, &ce) || !reflect.DeepEqual(ce.Problems, ps) {
				t.Errorf("Load error %v does not match Check", err)
			}
		})
	}
}

func TestSuccessorVersionNotBoundBySeed(t *testing.T) {
	src := mutate(t, base, "licensing_support", `          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
`, `          cap_per_year: {value: "3000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7}}
      - version: "2024"
        from: 2024-01-01
        params:
          ratio: {value: "0.20", unit: ratio, reference: {document: "136", clause: 三(二)7, note: 后续计划}}
          cap_per_year: {value: "5000000.00", unit: CNY, reference: {document: "136", clause: 三(二)7, note: 后续计划}}
`)
	p, err := Load([]byte(src), "succ.yaml")
	if err != nil {
		t.Fatal(err)
	}
	prog := p.Programs["licensing_support"]
	v, ok := prog.VersionAt(value.NewDate(2030, time.May, 1))
	if !ok || v.Version != "2024" || v.To != OpenEnd {
		t.Fatalf("version %+v %v", v, ok)
	}
	par, _ := v.Param("cap_per_year", "")
	if par.Number.String() != "5000000" {
		t.Errorf("cap %s", par.Number)
	}
}

func TestNoFloat(t *testing.T) {
	src := mutate(t, base, "licensing_support", `ratio: {value: "0.10", unit: ratio, example: true, reference: {document: "136", clause: 三(二)7, note: 示例值}}`,
		`ratio:
            value: 0.1
            unit: ratio
            example: true
            reference: {document: "136", clause: 三(二)7, note: 示例值}
            districts:
              "320585": {value: 0.2, unit: ratio, example: true, reference: {document: "136", clause: 三(二)7, note: 示例值}}
              "320505": {value: "0.123456789012345678901234567", unit: ratio, reference: {document: "136", clause: 三(二)7}}`)
	p, err := Load([]byte(src), "nofloat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	prog := p.Programs["licensing_support"]
	v := prog.Versions[0]
	a, _ := v.Param("ratio", "")
	b, _ := v.Param("ratio", "320585")
	if got := a.Number.Add(b.Number).String(); got != "0.3" {
		t.Errorf("0.1 + 0.2 = %s", got)
	}
	if b.District != "320585" || b.Name != "ratio" {
		t.Errorf("override %+v", b)
	}
	c, _ := v.Param("ratio", "320505")
	if c.Number.String() != "0.123456789012345678901234567" {
		t.Errorf("long ratio = %s", c.Number)
	}
	d, _ := v.Param("ratio", "320508") // no override: base value
	if d != a {
		t.Error("district without override must get the base value")
	}
}

func TestShowMarksExamples(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	zh := Show(p, "zh")
	en := Show(p, "en")
	for _, want := range []string{
		"政策：suzhou-ip-2021",
		"rate = 0.50 (50%) 比例 [示例值]",
		"case_cap = 1,000,000.00 元；依据：136 三(五)20",
		"amount = 10,000.00 元 [示例值]",
		"fx_max_age_days = 10 天 [示例值]",
		"dengfeng.approval  企业知识产权登峰行动计划项目立项经费",
		"版本 2021：2021-09-15 至 2023-12-31",
		"320505 虎丘区 (别名：苏州高新区, 高新区)",
		"出资方：所在市（县）、区",
	} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh show lacks %q", want)
		}
	}
	for _, want := range []string{
		"Policy: suzhou-ip-2021",
		"rate = 0.50 (50%) ratio [example]",
		"overseas_litigation  Overseas IP enforcement subsidy",
		"version 2021: 2021-06-21 to 2023-12-31",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("en show lacks %q", want)
		}
	}
	if strings.Contains(zh, "case_cap = 1,000,000.00 元 [示例值]") {
		t.Error("a seed cap is marked as an example")
	}
	// Overrides and open-ended versions.
	src := mutate(t, base, "licensing_support", `ratio: {value: "0.10", unit: ratio, example: true, reference: {document: "136", clause: 三(二)7, note: 示例值}}`,
		`ratio:
            value: "0.10"
            unit: ratio
            example: true
            reference: {document: "136", clause: 三(二)7, note: 示例值}
            districts:
              "320585": {value: "0.15", unit: ratio, reference: {document: "136", clause: 三(二)7, note: 太仓市文件}}`)
	q, err := Load([]byte(src), "o.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := Show(q, "zh")
	for _, want := range []string{"地区覆盖值：", "320585 太仓市 = 0.15 (15%) 比例；依据：136 三(二)7 — 太仓市文件", "2021-06-21 至 长期"} {
		if !strings.Contains(s, want) {
			t.Errorf("show lacks %q:\n%s", want, s)
		}
	}
}

func TestCheckErrorFormat(t *testing.T) {
	src := mutate(t, base, "licensing_support", `cap_per_year: {value: "3000000.00"`, `cap_per_year: {value: "3000001.00"`)
	_, err := Load([]byte(src), "p.yaml")
	var ce *CheckError
	if !errors.As(err, &ce) || len(ce.Problems) != 1 {
		t.Fatalf("err = %v", err)
	}
	line := strings.Count(src[:strings.Index(src, "3000001.00")], "\n") + 1
	wantPrefix := "p.yaml:" + itoa(line) + ": programs.licensing_support.versions[0].params.cap_per_year.value: "
	if !strings.HasPrefix(err.Error(), wantPrefix) || !strings.Contains(err.Error(), "超过") {
		t.Errorf("Error() = %q", err.Error())
	}
	if en := ce.In("en"); !strings.HasPrefix(en, wantPrefix) || !strings.Contains(en, "exceeds") {
		t.Errorf("In(en) = %q", en)
	}
}

func TestEmptyAndMultiDocument(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", base + "---\nid: x\n", "[1, 2]\n", "just text\n"} {
		ps := Check([]byte(src), "x.yaml")
		if len(ps) == 0 {
			t.Errorf("%q: no problem", src)
		}
	}
}

// TestSchemaMatchesCatalog keeps the schema's completion lists in step
// with the programs and parameters the engine reads.
func TestSchemaMatchesCatalog(t *testing.T) {
	dec := json.NewDecoder(bytes.NewReader(schemas.Policy()))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	props := doc["properties"].(map[string]any)
	programs := props["programs"].(map[string]any)["properties"].(map[string]any)
	var ids []string
	for id := range programs {
		ids = append(ids, id)
	}
	if got, want := sorted(ids), catalogIDs(); !reflect.DeepEqual(got, want) {
		t.Errorf("schema programs\n got %v\nwant %v", got, want)
	}
	params := doc["$defs"].(map[string]any)["params"].(map[string]any)["properties"].(map[string]any)
	units := map[string]string{}
	for _, spec := range catalog {
		for name, ps := range spec.params {
			units[name] = ps.unit
		}
	}
	for name, ps := range genericAward.params {
		units[name] = ps.unit
	}
	if len(params) != len(units) {
		t.Errorf("schema has %d named params, catalog %d", len(params), len(units))
	}
	for name, unit := range units {
		p, ok := params[name].(map[string]any)
		if !ok {
			t.Errorf("schema lacks param %s", name)
			continue
		}
		got := p["properties"].(map[string]any)["unit"].(map[string]any)["const"]
		if got != unit {
			t.Errorf("schema unit of %s = %v, want %s", name, got, unit)
		}
	}
}

// TestDistrictAsWritten (issue 13): a district is found by code, name or
// alias as a clerk writes it: full-width digits, and the province and city
// written before the name.
func TestDistrictAsWritten(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"320506": "320506", "３２０５０６": "320506", " 吴中区 ": "320506", "苏州市吴中区": "320506", "江苏省苏州市吴中区": "320506",
		"江苏省常熟市": "320581", "苏州工业园区": "320571", "苏州市工业园区": "320571", "苏州高新区": "320505",
	} {
		if d, ok := p.District(in); !ok || d.Code != want {
			t.Errorf("District(%q) = %v, %v; want %s", in, d.Code, ok, want)
		}
	}
	for _, in := range []string{"", "苏州市", "江苏省", "南京市鼓楼区", "320500"} {
		if d, ok := p.District(in); ok {
			t.Errorf("District(%q) = %s, want none", in, d.Code)
		}
	}
}

// TestUpgradeOptions (spec §4.3a 3): the national titles' shared cap is a
// labelled reading and a switch — policy check accepts each value of
// tier.national_demonstration.upgrade (top_up, the default; separate, as
// "分别给予" alone reads; none) and refuses any other.
func TestUpgradeOptions(t *testing.T) {
	def := string(DefaultYAML())
	for _, opt := range []string{UpgradeTopUp, UpgradeSeparate, UpgradeNone} {
		src := mutate(t, def, "upgrade:", "value: top_up", "value: "+opt)
		if ps := Check([]byte(src), "upgrade.yaml"); len(ps) != 0 {
			t.Errorf("upgrade: %s refused: %v", opt, ps)
			continue
		}
		p, err := Load([]byte(src), "upgrade.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Programs["tier.national_demonstration"].Versions[0].Params["upgrade"].Option; got != opt {
			t.Errorf("upgrade loaded as %q, want %q", got, opt)
		}
	}
	if ps := Check([]byte(mutate(t, def, "upgrade:", "value: top_up", "value: apart")), "upgrade.yaml"); len(ps) == 0 {
		t.Error("upgrade: apart accepted")
	}
}
