package policy

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"subsidy/calc/msg"
	"subsidy/schemas"
)

const schemaURL = "https://subsidy.local/schemas/" + schemas.PolicyFile

var (
	schemaOnce sync.Once
	schemaVal  *jsonschema.Schema
	schemaErr  error
)

// policySchema compiles the embedded policy schema once.
func policySchema() (*jsonschema.Schema, error) {
	schemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.Policy()))
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource(schemaURL, doc); err != nil {
			schemaErr = err
			return
		}
		schemaVal, schemaErr = c.Compile(schemaURL)
	})
	return schemaVal, schemaErr
}

// validateSchema validates the converted document and turns every leaf
// error into a line-numbered problem.
func validateSchema(doc any, c *converter, file string) []Problem {
	sch, err := policySchema()
	if err != nil {
		return []Problem{{File: file, Message: msg.F("内置模式无效：%v", "the embedded schema is invalid: %v", err)}}
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{{File: file, Message: msg.F("模式校验失败：%v", "schema validation failed: %v", err)}}
	}
	var out []Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if _, ok := e.ErrorKind.(*kind.PropertyNames); !ok && len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, schemaProblems(e, c, file)...)
	}
	walk(ve)
	return out
}

var enPrinter = message.NewPrinter(language.English)

// patternText explains the schema's patterns in words.
var patternText = map[string]msg.Text{
	`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`: msg.T("日期应写作 YYYY-MM-DD", "a date must be written YYYY-MM-DD"),
	`^[0-9]+(\.[0-9]{1,2})?$`:      msg.T("金额应为非负数，最多两位小数", "an amount must be a non-negative number with at most two fraction digits"),
	`^(0(\.[0-9]+)?|1(\.0+)?)$`:    msg.T("比例应为 0 到 1 之间的小数", "a ratio must be a decimal between 0 and 1"),
	`^[0-9]+$`:                     msg.T("应为非负整数", "must be a whole number"),
	`^[0-9]{6}$`:                   msg.T("地区代码应为六位数字", "a district code has six digits"),
	`^[A-Za-z0-9][A-Za-z0-9._-]*$`: msg.T("标识只能包含字母、数字、点、下划线和连字符", "an id holds only letters, digits, dots, underscores and hyphens"),
	`^\S(.*\S)?$`:                  msg.T("不能为空，首尾不能有空格", "must not be blank or start or end with spaces"),
}

var typeZh = map[string]string{
	"object": "映射", "array": "列表", "string": "字符串", "number": "数字",
	"integer": "整数", "boolean": "布尔值（true/false）", "null": "空值",
}

func typesZh(ts []string) string {
	z := make([]string, len(ts))
	for i, t := range ts {
		if s, ok := typeZh[t]; ok {
			z[i] = s
		} else {
			z[i] = t
		}
	}
	return strings.Join(z, "或")
}

func ratText(r *big.Rat) string {
	if r == nil {
		return ""
	}
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(6)
}

func display(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func displayList(vs []any) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = display(v)
	}
	return strings.Join(s, ", ")
}

// schemaProblems translates one leaf schema error.
func schemaProblems(e *jsonschema.ValidationError, c *converter, file string) []Problem {
	l := c.at(e.InstanceLocation)
	one := func(zh, en string, args ...any) []Problem {
		return []Problem{problemf(file, l.line, l.path, zh, en, args...)}
	}
	two := func(t msg.Text) []Problem {
		return []Problem{{File: file, Line: l.line, Path: l.path, Message: t}}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		return one("缺少字段 %s", "missing %s", quoteList(k.Missing))
	case *kind.AdditionalProperties:
		var out []Problem
		for _, prop := range k.Properties {
			pl := c.at(appendToken(e.InstanceLocation, prop))
			out = append(out, problemf(file, pl.line, pl.path,
				"未知字段 %q", "unknown property %q", prop))
		}
		return out
	case *kind.Type:
		return two(msg.T(
			fmt.Sprintf("类型应为%s，实为%s", typesZh(k.Want), typesZh([]string{k.Got})),
			fmt.Sprintf("want %s, got %s", strings.Join(k.Want, " or "), k.Got)))
	case *kind.Enum:
		return one("取值 %s 无效，应为 %s 之一", "invalid value %s; want one of %s", display(k.Got), displayList(k.Want))
	case *kind.Const:
		return one("取值应为 %s", "value must be %s", display(k.Want))
	case *kind.Pattern:
		if t, ok := patternText[k.Want]; ok {
			return two(msg.T(fmt.Sprintf("%q：", k.Got)+t.Zh, fmt.Sprintf("%q: ", k.Got)+t.En))
		}
		return one("%q 格式不对（应匹配 %s）", "%q has the wrong form (want %s)", k.Got, k.Want)
	case *kind.Minimum:
		return one("不得小于 %s", "must not be below %s", ratText(k.Want))
	case *kind.Maximum:
		return one("不得大于 %s", "must not exceed %s", ratText(k.Want))
	case *kind.MultipleOf:
		return one("应为 %s 的整数倍（金额最多两位小数）", "must be a multiple of %s (at most two fraction digits)", ratText(k.Want))
	case *kind.MinItems:
		return one("至少需要 %d 项", "needs at least %d items", k.Want)
	case *kind.MinProperties:
		return one("至少需要 %d 项", "needs at least %d entries", k.Want)
	case *kind.MinLength:
		return one("不能为空", "must not be empty")
	case *kind.UniqueItems:
		return one("列表第 %d 项与第 %d 项重复", "items %d and %d are the same", k.Duplicates[0]+1, k.Duplicates[1]+1)
	case *kind.PropertyNames:
		pl := c.at(appendToken(e.InstanceLocation, k.Property))
		return []Problem{problemf(file, pl.line, pl.path, "键 %q 格式不对", "key %q has the wrong form", k.Property)}
	}
	text := e.ErrorKind.LocalizedString(enPrinter)
	return one("不符合模式：%s", "schema: %s", text)
}
