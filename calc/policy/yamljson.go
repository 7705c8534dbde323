package policy

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The schema validator works on JSON values. converter turns the YAML node
// tree into one (map[string]any, []any, string, bool, nil, json.Number —
// numbers keep their text, they never become binary fractions) and
// remembers, for every value, its line and readable path so that a schema
// error's instance location maps back to the file.

// loc is where one value sits in the file.
type loc struct {
	line int    // line of the key (mapping entries) or of the item (sequences)
	path string // readable path, e.g. programs.tier.growth.versions[0]
}

type converter struct {
	file     string
	locs     map[string]loc // by instance location (tokens joined with "\x00")
	problems []Problem
}

func newConverter(file string) *converter {
	return &converter{file: file, locs: map[string]loc{}}
}

// plainNumber is the number syntax policy files use: no sign, exponent,
// base prefix or digit separators.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func (c *converter) convert(root *yaml.Node) any {
	c.locs[""] = loc{line: root.Line}
	return c.value(root, nil, "", 0)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 64

func (c *converter) value(n *yaml.Node, tokens []string, path string, depth int) any {
	if depth > maxDepth {
		c.problems = append(c.problems, problemf(c.file, n.Line, path,
			"嵌套层级过深", "nesting is too deep"))
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.problems = append(c.problems, problemf(c.file, k.Line, path,
					"键必须是简单的文字", "a key must be a plain scalar"))
				continue
			}
			if k.ShortTag() == "!!merge" {
				c.problems = append(c.problems, problemf(c.file, k.Line, path,
					"不支持合并键 <<", "merge keys (<<) are not supported"))
				continue
			}
			key := k.Value
			kpath := joinPath(path, key)
			if first, dup := seen[key]; dup {
				c.problems = append(c.problems, problemf(c.file, k.Line, kpath,
					"键 %q 重复（第 %d 行已有）", "key %q repeated (already on line %d)", key, first))
				continue
			}
			seen[key] = k.Line
			child := appendToken(tokens, key)
			c.locs[strings.Join(child, "\x00")] = loc{line: k.Line, path: kpath}
			m[key] = c.value(v, child, kpath, depth+1)
		}
		return m
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			child := appendToken(tokens, strconv.Itoa(i))
			ipath := path + "[" + strconv.Itoa(i) + "]"
			c.locs[strings.Join(child, "\x00")] = loc{line: item.Line, path: ipath}
			a = append(a, c.value(item, child, ipath, depth+1))
		}
		return a
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return n.Value
			}
			return b
		case "!!int", "!!float":
			if plainNumber.MatchString(n.Value) {
				return json.Number(n.Value)
			}
			return n.Value
		default:
			return n.Value
		}
	case yaml.AliasNode:
		c.problems = append(c.problems, problemf(c.file, n.Line, path,
			"不支持 YAML 别名（*引用）；请直接写出值", "YAML aliases (*name) are not supported; write the value out"))
		return nil
	case yaml.DocumentNode:
		if len(n.Content) == 1 {
			return c.value(n.Content[0], tokens, path, depth+1)
		}
		return nil
	}
	return nil
}

func appendToken(tokens []string, t string) []string {
	out := make([]string, len(tokens)+1)
	copy(out, tokens)
	out[len(tokens)] = t
	return out
}

// at returns the location of the value at the instance location tokens,
// falling back to the nearest enclosing value that is known.
func (c *converter) at(tokens []string) loc {
	for n := len(tokens); n >= 0; n-- {
		if l, ok := c.locs[strings.Join(tokens[:n], "\x00")]; ok {
			return l
		}
	}
	return loc{}
}
