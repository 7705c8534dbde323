package policy

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"

	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// OpenEnd is the To date of a version or general value whose `to` is
// omitted: in force with no end date.
const OpenEnd = value.Date(math.MaxInt32)

// builder turns a schema-valid node tree into the model and runs the
// semantic checks and the seed rules on it.
type builder struct {
	file      string
	problems  []Problem
	documents map[string]Document
	districts map[string]District
}

func newBuilder(file string) *builder {
	return &builder{file: file, documents: map[string]Document{}, districts: map[string]District{}}
}

func (b *builder) add(line int, path, zh, en string, args ...any) {
	b.problems = append(b.problems, problemf(b.file, line, path, zh, en, args...))
}

func (b *builder) addText(line int, path string, t msg.Text) {
	b.problems = append(b.problems, Problem{File: b.file, Line: line, Path: path, Message: t})
}

// get returns the key and value nodes of key in mapping m.
func get(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// str returns the text of the scalar at key, "" when absent.
func str(m *yaml.Node, key string) string {
	if _, v := get(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// boolean returns the boolean at key, false when absent.
func boolean(m *yaml.Node, key string) bool {
	_, v := get(m, key)
	if v == nil || v.Kind != yaml.ScalarNode {
		return false
	}
	var x bool
	if err := v.Decode(&x); err != nil {
		return false
	}
	return x
}

// each calls fn for every entry of mapping m, in file order.
func each(m *yaml.Node, fn func(k, v *yaml.Node)) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		fn(m.Content[i], m.Content[i+1])
	}
}

func items(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

func lineOf(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// date parses the YYYY-MM-DD date at key of m.
func (b *builder) date(m *yaml.Node, key, path string) (value.Date, bool) {
	_, v := get(m, key)
	if v == nil {
		return 0, false
	}
	t, err := time.Parse("2006-01-02", v.Value)
	if err != nil {
		b.add(v.Line, joinPath(path, key), "日期 %q 无效", "invalid date %q", v.Value)
		return 0, false
	}
	return value.NewDate(t.Year(), t.Month(), t.Day()), true
}

func (b *builder) build(root *yaml.Node) *Policy {
	p := &Policy{
		ID:        str(root, "id"),
		Title:     str(root, "title"),
		Rounding:  str(root, "rounding"),
		Documents: b.documents,
		General:   map[string]*Dated{},
		Programs:  map[string]*Program{},
	}
	if p.Rounding == "" {
		p.Rounding = value.RoundDefault
	}
	_, docs := get(root, "documents")
	each(docs, func(k, v *yaml.Node) {
		path := joinPath("documents", k.Value)
		issued, _ := b.date(v, "issued", path)
		b.documents[k.Value] = Document{Number: str(v, "number"), Title: str(v, "title"), Issued: issued}
	})
	p.Districts = b.buildDistricts(root)
	b.buildGeneral(p, root)
	_, programs := get(root, "programs")
	each(programs, func(k, v *yaml.Node) {
		if prog := b.buildProgram(k, v); prog != nil {
			p.Programs[prog.ID] = prog
		}
	})
	b.checkSharedCaps(p)
	return p
}

func (b *builder) buildDistricts(root *yaml.Node) []District {
	_, list := get(root, "districts")
	var out []District
	names := map[string]string{} // name or alias -> code
	for i, n := range items(list) {
		path := "districts[" + itoa(i) + "]"
		d := District{Code: str(n, "code"), Name: str(n, "name")}
		_, al := get(n, "aliases")
		for _, a := range items(al) {
			d.Aliases = append(d.Aliases, a.Value)
		}
		if _, dup := b.districts[d.Code]; dup {
			k, _ := get(n, "code")
			b.add(lineOf(k), path+".code", "地区代码 %s 重复", "district code %s repeated", d.Code)
			continue
		}
		for _, name := range append([]string{d.Name}, d.Aliases...) {
			if other, dup := names[name]; dup && other != d.Code {
				b.add(n.Line, path, "名称 %q 已用于地区 %s", "name %q is already used by district %s", name, other)
			}
			names[name] = d.Code
		}
		b.districts[d.Code] = d
		out = append(out, d)
	}
	return out
}

func (b *builder) buildGeneral(p *Policy, root *yaml.Node) {
	_, general := get(root, "general")
	each(general, func(k, v *yaml.Node) {
		name := k.Value
		path := joinPath("general", name)
		spec, known := generalSpecs[name]
		if !known {
			b.add(k.Line, path, "未知的通用参数 %q（引擎不读取）", "unknown general parameter %q (the engine does not read it)", name)
		}
		d := &Dated{Name: name}
		lines := map[*DatedValue]int{}
		for i, item := range items(v) {
			ipath := path + "[" + itoa(i) + "]"
			from, to, ok1, ok2 := b.period(item, ipath)
			par := b.param(name, item, ipath, paramSpec{unit: spec.unit}, known, false)
			if !ok1 || !ok2 || par == nil {
				continue
			}
			if to < from {
				tk, _ := get(item, "to")
				b.add(lineOf(tk), ipath+".to", "截止日 %s 早于起始日 %s", "to %s is before from %s", to, from)
				continue
			}
			dv := &DatedValue{From: from, To: to, Param: par}
			lines[dv] = item.Line
			d.Values = append(d.Values, dv)
		}
		sortByFrom(d.Values, func(v *DatedValue) (value.Date, value.Date) { return v.From, v.To }, func(cur, prev *DatedValue) {
			b.add(lines[cur], path, "取值期间重叠：%s 起的取值与 %s 起的取值", "values overlap: the one from %s and the one from %s",
				cur.From, prev.From)
		})
		p.General[name] = d
	})
	for name, spec := range generalSpecs {
		if _, ok := p.General[name]; !ok && spec.required {
			gk, _ := get(root, "general")
			b.add(lineOf(gk), "general", "缺少通用参数 %q", "missing general parameter %q", name)
		}
	}
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

var kinds = map[Kind]bool{KindComputed: true, KindDengfeng: true, KindAward: true, KindDiscretionary: true}

// buildProgram builds the program at key k, node n, checking it against
// the catalog: nil for a program of a kind the engine computes that the
// catalog does not know.
func (b *builder) buildProgram(k, n *yaml.Node) *Program {
	id := k.Value
	path := joinPath("programs", id)
	prog := &Program{
		ID:         id,
		Name:       str(n, "name"),
		NameEn:     str(n, "name_en"),
		Clause:     str(n, "clause"),
		Kind:       Kind(str(n, "kind")),
		Funder:     str(n, "funder"),
		Individual: boolean(n, "individual"),
	}
	spec, ok := b.checkSpec(prog, k, n, path)
	if !ok {
		return nil
	}
	prog.Persons = spec.persons
	_, vs := get(n, "versions")
	lines := map[*Version]int{}
	names := map[string]int{}
	for i, vn := range items(vs) {
		if v := b.buildVersion(prog, spec, vn, path+".versions["+itoa(i)+"]", names); v != nil {
			lines[v] = vn.Line
			prog.Versions = append(prog.Versions, v)
		}
	}
	sortByFrom(prog.Versions, func(v *Version) (value.Date, value.Date) { return v.From, v.To }, func(cur, prev *Version) {
		b.add(lines[cur], path+".versions", "版本 %q 与版本 %q 的生效期间重叠", "versions %q and %q overlap",
			cur.Version, prev.Version)
	})
	return prog
}

// checkSpec returns what the engine expects of prog: a known program must
// keep the catalog's kind, funder and individual flag; an unknown one may
// only be a committee program (award or discretionary), else it is
// refused (false).
func (b *builder) checkSpec(prog *Program, k, n *yaml.Node, path string) (programSpec, bool) {
	id := prog.ID
	spec, known := specFor(id, prog.Kind)
	if !known {
		if kinds[prog.Kind] && prog.Kind != KindAward && prog.Kind != KindDiscretionary {
			b.add(k.Line, path, "未知项目 %q：引擎只计算规范第4.1、4.2节的项目，新增项目只能是 award 或 discretionary",
				"unknown program %q: the engine computes only the programs of spec §4.1 and §4.2; a new program must be of kind award or discretionary", id)
			return spec, false
		}
		return spec, true
	}
	if prog.Kind != spec.kind {
		kindKey, _ := get(n, "kind")
		b.add(lineOf(kindKey), path+".kind", "项目 %s 的类型应为 %s", "program %s must be of kind %s", id, spec.kind)
	}
	if prog.Funder != spec.funder {
		funderKey, _ := get(n, "funder")
		b.add(lineOf(funderKey), path+".funder", "项目 %s 的出资方应为 %s（依据原文）", "program %s must be funded by %s (as the seed says)", id, spec.funder)
	}
	if prog.Individual != spec.individual {
		b.add(k.Line, path+".individual", "项目 %s 的 individual 应为 %t", "program %s must have individual: %t", id, spec.individual)
	}
	return spec, true
}

// buildVersion builds the version at node vn of prog, recording its name
// in names (name → line) to refuse a repeated one: nil when its dates are
// unusable.
func (b *builder) buildVersion(prog *Program, spec programSpec, vn *yaml.Node, vpath string, names map[string]int) *Version {
	v := &Version{Version: str(vn, "version"), Params: map[string]*Param{}}
	if first, dup := names[v.Version]; dup {
		vk, _ := get(vn, "version")
		b.add(lineOf(vk), vpath+".version", "版本名 %q 重复（第 %d 行已有）", "version %q repeated (already on line %d)", v.Version, first)
	}
	names[v.Version] = vn.Line
	from, to, ok1, ok2 := b.period(vn, vpath)
	v.From, v.To = from, to
	if ok1 && ok2 && to < from {
		tk, _ := get(vn, "to")
		b.add(lineOf(tk), vpath+".to", "截止日 %s 早于起始日 %s", "to %s is before from %s", to, from)
		ok2 = false
	}
	if issued, doc := latestIssue(spec.documents); ok1 && issued != 0 && from < issued {
		fk, _ := get(vn, "from")
		b.add(lineOf(fk), vpath+".from", "版本自 %s 起生效，早于%s的印发日期 %s", "version in force from %s, before %s was issued on %s",
			from, seedDocuments[doc].number, issued)
	}
	b.buildParams(prog, spec, v, vn, vpath+".params")
	if !ok1 || !ok2 {
		return nil
	}
	b.checkSeeds(spec, v, vn.Line, vpath)
	return v
}

// buildParams builds the parameters of version v (node vn) into v.Params:
// every one the program reads, with its unit, and no other.
func (b *builder) buildParams(prog *Program, spec programSpec, v *Version, vn *yaml.Node, ppath string) {
	pk, pn := get(vn, "params")
	each(pn, func(nk, nv *yaml.Node) {
		name := nk.Value
		ps, ok := spec.params[name]
		if !ok {
			b.add(nk.Line, joinPath(ppath, name), "项目 %s 没有参数 %q（引擎不读取）", "program %s has no parameter %q (the engine does not read it)", prog.ID, name)
		}
		if par := b.param(name, nv, joinPath(ppath, name), ps, ok, prog.Funder == FunderDistrict); par != nil {
			v.Params[name] = par
		}
	})
	for _, name := range sortedKeys(spec.params) {
		if _, ok := v.Params[name]; !ok && spec.params[name].required {
			b.add(lineOf(pk), ppath, "缺少参数 %q", "missing parameter %q", name)
		}
	}
}

// latestIssue is the latest issue date of the seed documents, and its
// document; 0 for none.
func latestIssue(documents []string) (value.Date, string) {
	var latest value.Date
	var doc string
	for _, d := range documents {
		if from, _ := seedPeriod(d); from > latest {
			latest, doc = from, d
		}
	}
	return latest, doc
}

// period parses the from and to dates of m (to omitted: OpenEnd),
// reporting whether each is usable.
func (b *builder) period(m *yaml.Node, path string) (from, to value.Date, fromOK, toOK bool) {
	from, fromOK = b.date(m, "from", path)
	to, toOK = OpenEnd, true
	if _, tn := get(m, "to"); tn != nil {
		to, toOK = b.date(m, "to", path)
	}
	return from, to, fromOK, toOK
}

// sortByFrom sorts items by their first day and calls overlap for each
// item in force before the one before it ends.
func sortByFrom[T any](items []T, period func(T) (from, to value.Date), overlap func(cur, prev T)) {
	sort.SliceStable(items, func(i, j int) bool {
		a, _ := period(items[i])
		c, _ := period(items[j])
		return a < c
	})
	for i := 1; i < len(items); i++ {
		_, prevTo := period(items[i-1])
		if from, _ := period(items[i]); from <= prevTo {
			overlap(items[i], items[i-1])
		}
	}
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var alpha2 = regexp.MustCompile(`^[A-Z]{2}$`)

// param decodes one parameter (or general value) node and checks it
// against spec when known; overrides are allowed when district is true.
func (b *builder) param(name string, n *yaml.Node, path string, spec paramSpec, known, district bool) *Param {
	par := b.paramValue(name, n, path, spec, known)
	if par == nil {
		return nil
	}
	dk, dn := get(n, "districts")
	if dn != nil && len(dn.Content) > 0 && !district {
		b.add(lineOf(dk), path+".districts", "市级出资的项目不能设地区覆盖值", "a city-funded program takes no district overrides")
		return par
	}
	each(dn, func(k, v *yaml.Node) {
		code := k.Value
		opath := joinPath(path+".districts", code)
		if _, ok := b.districts[code]; !ok {
			b.add(k.Line, opath, "未知地区代码 %s", "unknown district code %s", code)
			return
		}
		o := b.paramValue(name, v, opath, spec, known)
		if o == nil {
			return
		}
		if o.Unit != par.Unit {
			uk, _ := get(v, "unit")
			b.add(lineOf(uk), opath+".unit", "覆盖值的单位 %s 与参数的单位 %s 不同", "the override's unit %s differs from the parameter's %s", o.Unit, par.Unit)
		}
		o.District = code
		if par.Overrides == nil {
			par.Overrides = map[string]*Param{}
		}
		par.Overrides[code] = o
	})
	return par
}

// paramValue decodes value, unit, example and reference of a parameter or
// override node.
func (b *builder) paramValue(name string, n *yaml.Node, path string, spec paramSpec, known bool) *Param {
	par := &Param{Name: name, Unit: str(n, "unit"), Example: boolean(n, "example")}
	_, ref := get(n, "reference")
	par.Reference = Reference{Document: str(ref, "document"), Clause: str(ref, "clause"), Note: str(ref, "note")}
	if dk, dv := get(ref, "document"); dk != nil {
		if _, ok := b.documents[par.Reference.Document]; !ok {
			b.add(dv.Line, path+".reference.document", "未知政策文件 %q（documents 中没有）", "unknown document %q (not in documents)", par.Reference.Document)
		}
	}
	if par.Example && strings.TrimSpace(par.Reference.Note) == "" {
		b.add(lineOf(ref), path+".reference", "示例值须在 note 中说明原文的表述", "an example value needs a note saying what the seed says")
	}
	uk, _ := get(n, "unit")
	if known && spec.unit != "" && par.Unit != spec.unit {
		b.add(lineOf(uk), path+".unit", "参数 %s 的单位应为 %s", "parameter %s must have unit %s", name, spec.unit)
	}
	_, v := get(n, "value")
	if v == nil {
		return nil
	}
	par.Line = v.Line
	vpath := path + ".value"
	switch par.Unit {
	case UnitCNY, UnitRatio, UnitCount, UnitDays:
		d, err := decimal.NewFromString(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode {
			b.add(v.Line, vpath, "%q 不是数字", "%q is not a number", v.Value)
			return nil
		}
		par.Number = d
	case UnitCodes:
		for _, c := range items(v) {
			code := c.Value
			if known && spec.alpha2 && !alpha2.MatchString(code) {
				b.add(c.Line, vpath, "代码 %q 应为两个大写字母（ISO 3166 alpha-2 或 EP）", "code %q must be two capital letters (ISO 3166 alpha-2 or EP)", code)
			}
			if known && spec.codes != nil && !contains(spec.codes, code) {
				b.add(c.Line, vpath, "代码 %q 无效，应为 %s 之一", "invalid code %q; want one of %s", code, quoteList(spec.codes))
			}
			par.Codes = append(par.Codes, code)
		}
	case UnitOption:
		par.Option = v.Value
		if known && spec.options != nil && !contains(spec.options, par.Option) {
			b.add(v.Line, vpath, "选项 %q 无效，应为 %s 之一", "invalid option %q; want one of %s", par.Option, quoteList(spec.options))
		}
	case UnitFlag:
		par.Flag = boolean(n, "value")
	}
	return par
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkSeeds applies the seed rules of the program's parameters (spec) to
// version v when v is in force at some time in the rule's seed period.
func (b *builder) checkSeeds(spec programSpec, v *Version, line int, vpath string) {
	for _, name := range sortedKeys(spec.params) {
		r := spec.params[name].seed
		if r == nil {
			continue
		}
		from, to := seedPeriod(r.document)
		if v.To < from || v.From > to {
			continue
		}
		where := seedDocuments[r.document].number + " " + r.clause
		par := v.Params[name]
		if par == nil {
			if r.bound == boundOption && r.option != CapScopeRow { // row: the default of cap_scope and count_scope
				said, what := r.said(), scopeWhat(name)
				b.add(line, vpath+".params", "缺少参数 %[1]s：%[2]s 规定%[6]s按 %[3]s 计（%[4]s）",
					"missing parameter %[1]s: %[2]s sets %[7]s per %[3]s (%[5]s)", name, where, r.option, said.Zh, said.En, what.Zh, what.En)
			}
			continue
		}
		b.checkSeedParam(*r, name, where, par, joinPath(vpath+".params", name))
		for _, code := range sortedKeys(par.Overrides) {
			b.checkSeedParam(*r, name, where, par.Overrides[code], joinPath(vpath+".params", name)+".districts."+code)
		}
	}
}

// said is what a seed rule rests on, as its messages print it: the seed's
// words, and the reading beyond them labelled 解释.
func (r seedRule) said() msg.Text {
	t := msg.Text{Zh: "原文：“" + r.text + "”", En: "the seed says: “" + r.text + "”"}
	if r.reading != "" {
		t.Zh += "；解释：" + r.reading
		t.En += "; read as: " + r.reading
	}
	return t
}

// scopeWhat names what a scope option scopes: the cap (cap_scope) or the
// yearly count (count_scope).
func scopeWhat(param string) msg.Text {
	if param == "count_scope" {
		return msg.T("名额", "the yearly count")
	}
	return msg.T("上限", "the cap")
}

func (b *builder) checkSeedParam(r seedRule, name, where string, par *Param, path string) {
	vpath := path + ".value"
	got, limit := formatNumber(par.Number, par.Unit), formatNumber(r.limit, par.Unit)
	said := r.said()
	switch r.bound {
	case boundMax:
		if numeric(par.Unit) && par.Number.GreaterThan(r.limit) {
			b.addText(par.Line, vpath, msg.T(
				fmt.Sprintf("%s 超过%s规定的上限 %s（%s）", got, where, limit, said.Zh),
				fmt.Sprintf("%s exceeds the limit %s set by %s (%s)", got, limit, where, said.En)))
		}
	case boundMin:
		if numeric(par.Unit) && par.Number.LessThan(r.limit) {
			b.addText(par.Line, vpath, msg.T(
				fmt.Sprintf("%s 低于%s规定的下限 %s（%s）", got, where, limit, said.Zh),
				fmt.Sprintf("%s is below the floor %s set by %s (%s)", got, limit, where, said.En)))
		}
	case boundFixed:
		if numeric(par.Unit) && !par.Number.Equal(r.limit) {
			b.addText(par.Line, vpath, msg.T(
				fmt.Sprintf("%s 不是%s规定的定额 %s（%s）", got, where, limit, said.Zh),
				fmt.Sprintf("%s is not the fixed sum %s set by %s (%s)", got, limit, where, said.En)))
		}
	case boundOption:
		if par.Unit == UnitOption && par.Option != r.option {
			what := scopeWhat(name)
			b.addText(par.Line, vpath, msg.T(
				fmt.Sprintf("%s规定%s按 %s 计，不能为 %q（%s）", where, what.Zh, r.option, par.Option, said.Zh),
				fmt.Sprintf("%s sets %s per %s, not %q (%s)", where, what.En, r.option, par.Option, said.En)))
		}
	case boundWithin:
		for _, c := range par.Codes {
			if !contains(r.codes, c) {
				b.add(par.Line, vpath, "%[1]q 超出%[2]s的范围 %[3]s（%[4]s）", "%[1]q is outside %[2]s: %[3]s (%[5]s)",
					c, where, quoteList(r.codes), said.Zh, said.En)
			}
		}
	case boundInclude:
		for _, c := range r.codes {
			if !contains(par.Codes, c) {
				b.add(par.Line, vpath, "必须包含 %[1]q（%[2]s，%[3]s）", "must include %[1]q (%[2]s; %[4]s)",
					c, where, said.Zh, said.En)
			}
		}
	}
}

func numeric(unit string) bool {
	return unit == UnitCNY || unit == UnitRatio || unit == UnitCount || unit == UnitDays
}
